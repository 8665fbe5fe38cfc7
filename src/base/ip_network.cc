#include "base/ip_network.h"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace khabar {
namespace {

constexpr int kMappedPrefixBits = 96;  // ::ffff:0:0/96 holds the IPv4 addresses

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  // inet_pton needs a NUL-terminated string; the longest valid text is an
  // IPv6 address with an IPv4 tail, 45 characters.
  char buf[INET6_ADDRSTRLEN];
  if (text.empty() || text.size() >= sizeof buf) return std::nullopt;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  IpAddress a;
  in_addr v4;
  if (::inet_pton(AF_INET, buf, &v4) == 1) {
    a.v4_ = true;
    a.bytes_[10] = 0xff;
    a.bytes_[11] = 0xff;
    std::memcpy(a.bytes_.data() + 12, &v4, 4);
    return a;
  }
  in6_addr v6;
  if (::inet_pton(AF_INET6, buf, &v6) == 1) {
    std::memcpy(a.bytes_.data(), &v6, 16);
    return a;
  }
  return std::nullopt;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (v4_) {
    ::inet_ntop(AF_INET, bytes_.data() + 12, buf, sizeof buf);
  } else {
    ::inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
  }
  return buf;
}

Result<IpNetwork> IpNetwork::Parse(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("'" + std::string(text) + "': " + std::string(why));
  };
  const size_t slash = text.find('/');
  auto address = IpAddress::Parse(text.substr(0, slash));
  if (!address) {
    return bad("not an IP address or network (expected e.g. 10.0.0.1, 10.0.0.0/8, ::1, fd00::/8)");
  }
  const int max_bits = address->is_v4() ? 32 : 128;
  int bits = max_bits;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || bits < 0 ||
        bits > max_bits) {
      return bad("prefix length must be 0.." + std::to_string(max_bits));
    }
  }
  IpNetwork n;
  n.base_ = *address;
  n.prefix_bits_ = address->is_v4() ? kMappedPrefixBits + bits : bits;
  const auto& b = n.base_.bytes();
  for (int i = n.prefix_bits_; i < 128; ++i) {
    if (b[i / 8] & (0x80 >> (i % 8))) {
      return bad("has bits set past the prefix (write the network, e.g. " +
                 std::string(address->is_v4() ? "10.0.0.0/8" : "fd00::/8") +
                 ", or the address alone)");
    }
  }
  return n;
}

bool IpNetwork::Contains(const IpAddress& address) const {
  const auto& a = address.bytes();
  const auto& b = base_.bytes();
  const int whole = prefix_bits_ / 8;
  if (std::memcmp(a.data(), b.data(), static_cast<size_t>(whole)) != 0) return false;
  const int rest = prefix_bits_ % 8;
  if (rest == 0) return true;
  const uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

std::string IpNetwork::ToString() const {
  const int bits = base_.is_v4() ? prefix_bits_ - kMappedPrefixBits : prefix_bits_;
  return base_.ToString() + "/" + std::to_string(bits);
}

std::string ClientKey(std::string_view address) {
  auto parsed = IpAddress::Parse(address);
  if (!parsed) return std::string(address);
  const auto& b = parsed->bytes();
  const bool mapped = std::all_of(b.begin(), b.begin() + 10, [](uint8_t x) { return x == 0; }) &&
                      b[10] == 0xff && b[11] == 0xff;
  if (mapped) {  // written as IPv4 or IPv4-mapped: one client, one address
    char buf[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, b.data() + 12, buf, sizeof buf);
    return buf;
  }
  std::array<uint8_t, 16> prefix{};
  std::memcpy(prefix.data(), b.data(), 8);  // the /64
  char buf[INET6_ADDRSTRLEN];
  ::inet_ntop(AF_INET6, prefix.data(), buf, sizeof buf);
  return std::string(buf) + "/64";
}

}  // namespace khabar
