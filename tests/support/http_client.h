// Test support: a minimal blocking HTTP/1.1 client over loopback, written
// against the wire so tests do not share code with the server they check.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace khabar::testing {

struct HttpResponse {
  int status = 0;                              // 0 when the connection failed
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  // set_cookies holds every Set-Cookie value in order (headers keeps only
  // the last of repeated fields).
  std::vector<std::string> set_cookies;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// HttpGet sends "GET target" with `extra_headers` and Connection: close.
HttpResponse HttpGet(int port, const std::string& target,
                     const std::map<std::string, std::string>& extra_headers = {});

// HttpRaw sends `request` bytes as they are and parses what comes back.
// It stops sending as soon as the server answers (a server refuses a
// too-large body after the header, before reading the rest). With
// `source_address` ("127.0.0.2") the connection comes from that loopback
// address, so a test can be two different clients.
HttpResponse HttpRaw(int port, const std::string& request, const std::string& source_address = "");

}  // namespace khabar::testing
