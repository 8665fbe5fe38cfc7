// HttpUrl: a plain http:// address split into what a client connects to
// and what it asks for. For addresses khabar itself calls (the caches in
// front it purges), so settings and the client agree on one reading.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar {

struct HttpUrl {
  std::string host;  // a name or a numeric address; IPv6 without brackets
  uint16_t port = 80;
  std::string path = "/";  // always starts with '/'; may carry a query
};

// ParseHttpUrl reads "http://HOST[:PORT][/PATH]". Refused with
// kInvalidArgument: any other scheme (https is not spoken here), user
// info, an empty host, a port outside 1..65535, a fragment, and spaces or
// control characters anywhere.
Result<HttpUrl> ParseHttpUrl(std::string_view url);

}  // namespace khabar
