// ClientAddress: which address a request came from when caches or load
// balancers stand in front of khabar. Behind them every connection comes
// from a proxy, so the per-address limits (login throttling, comment
// rates) and the access log would see one reader; a proxy we trust names
// the address it served in X-Forwarded-For instead.
//
// Anyone can send X-Forwarded-For, and each proxy appends the address it
// was called from to what it received. So only the entries appended by
// trusted proxies are believed: the list is read from the right, past our
// own proxies, to the first address they did not vouch for.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/ip_network.h"

namespace khabar::http {

// ClientAddress returns the client of a request that arrived from `peer`
// (the socket's address, as text) carrying `forwarded_for` (every
// X-Forwarded-For field value in order, joined with commas; "" if none):
//
//  - `peer` not in `trusted_proxies` (or not an address we can parse):
//    `peer`; X-Forwarded-For is ignored, so a reader cannot pick their
//    own address.
//  - otherwise the entries are walked from right to left, skipping those
//    in `trusted_proxies`; the first one that is not is the client.
//  - every entry trusted (or none at all): the leftmost entry (or `peer`).
//  - an entry that is not an IP address ("unknown", "10.0.0.1:443",
//    garbage) stops the walk: the last trusted address seen, the hop that
//    appended it, is the client.
//
// Empty list elements (",,") are skipped, as RFC 9110 5.6.1 asks.
// Addresses taken from the header come back in canonical form
// (IpAddress::ToString); `peer` comes back as given.
std::string ClientAddress(const std::string& peer, std::string_view forwarded_for,
                          const std::vector<IpNetwork>& trusted_proxies);

}  // namespace khabar::http
