#include "http/client_address.h"

#include <algorithm>
#include <optional>

#include "http/internal/ascii.h"

namespace khabar::http {
namespace {

bool Trusted(const IpAddress& a, const std::vector<IpNetwork>& trusted) {
  return std::ranges::any_of(trusted, [&](const IpNetwork& n) { return n.Contains(a); });
}

}  // namespace

std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<IpNetwork>& trusted_proxies) {
  if (trusted_proxies.empty()) return peer;  // the default: nobody's header is believed
  auto peer_address = IpAddress::Parse(peer);
  if (!peer_address || !Trusted(*peer_address, trusted_proxies)) return peer;

  // `hop` is the last trusted address seen: the one that appended the
  // entry being read next. std::nullopt while it is still the peer.
  std::optional<IpAddress> hop;
  std::string_view rest = forwarded_for;
  while (!rest.empty()) {
    const size_t comma = rest.rfind(',');
    const std::string_view entry =
        internal::TrimOws(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (entry.empty()) continue;
    auto address = IpAddress::Parse(entry);
    if (!address) break;  // we cannot read past what a hop garbled
    if (!Trusted(*address, trusted_proxies)) return address->ToString();
    hop = *address;
  }
  return hop ? hop->ToString() : peer;
}

}  // namespace khabar::http
