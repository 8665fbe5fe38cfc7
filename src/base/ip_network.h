// IpAddress and IpNetwork: numeric IPv4 and IPv6 addresses and the networks
// (CIDR prefixes) they fall in. For the proxies khabar trusts to name a
// request's client ([server] trusted_proxies, http/client_address.h), so
// the settings check and the server agree on one reading, and for the key
// per-client limits count a client under (ClientKey). Text is parsed
// and printed by inet_pton/inet_ntop; no names are resolved.
//
// An IPv4 address is kept as its IPv4-mapped IPv6 form (::ffff:a.b.c.d),
// so a peer that a dual-stack socket reports as ::ffff:10.0.0.1 falls in
// the IPv4 network 10.0.0.0/8. Values are plain data, safe to share.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar {

class IpAddress {
 public:
  // Parse reads a dotted-quad IPv4 address ("10.0.0.1") or an IPv6 address
  // in RFC 4291 text ("2001:db8::1", "::ffff:10.0.0.1"); nullopt for
  // anything else, including brackets, ports, zone ids ("%eth0"),
  // surrounding spaces and host names.
  static std::optional<IpAddress> Parse(std::string_view text);

  // is_v4 says whether the address was written as IPv4.
  bool is_v4() const { return v4_; }
  // bytes is the address as IPv6; IPv4 as ::ffff:a.b.c.d.
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  // ToString is the canonical text in the family it was written in
  // ("2001:DB8:0::1" -> "2001:db8::1").
  std::string ToString() const;

 private:
  std::array<uint8_t, 16> bytes_{};
  bool v4_ = false;
};

class IpNetwork {
 public:
  // Parse reads an address ("127.0.0.1", "::1": that address alone) or a
  // prefix ("10.0.0.0/8", "fd00::/8"; 0..32 bits for IPv4, 0..128 for
  // IPv6). Bits set past the prefix are refused ("10.0.0.1/8" is a typo
  // for a host or for the network; we cannot tell which). Errors quote
  // the text: "'10.0.0.0/33': prefix length must be 0..32".
  static Result<IpNetwork> Parse(std::string_view text);

  // Contains reports whether `address` is in this network. An IPv4
  // network holds the IPv4-mapped forms of its addresses too.
  bool Contains(const IpAddress& address) const;
  // ToString is "address/prefix" in canonical form ("10.0.0.0/8").
  std::string ToString() const;

 private:
  IpAddress base_;
  int prefix_bits_ = 0;  // over the 128-bit form: 96 + n for IPv4 /n
};

// ClientKey is the text per-client limits count `address` under (request
// rates, the connection cap, the sign-in throttle): an IPv4 address as
// itself, also when written IPv4-mapped ("::ffff:10.0.0.1" -> "10.0.0.1");
// an IPv6 address as its /64 ("2001:db8:1:2:a:b:c:d" -> "2001:db8:1:2::/64"),
// since one subscriber is routinely given a whole /64 and could otherwise
// take a fresh address, and a fresh allowance, for every request. Text
// that is not an address comes back unchanged.
std::string ClientKey(std::string_view address);

}  // namespace khabar
