// Test support: a minimal blocking HTTP/1.1 client over loopback, written
// against the wire so tests do not share code with the server they check.
#pragma once

#include <map>
#include <string>

namespace khabar::testing {

struct HttpResponse {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// HttpGet sends "GET target" with `extra_headers` and Connection: close.
HttpResponse HttpGet(int port, const std::string& target,
                     const std::map<std::string, std::string>& extra_headers = {});

// HttpRaw sends `request` bytes as they are and parses what comes back.
HttpResponse HttpRaw(int port, const std::string& request);

}  // namespace khabar::testing
