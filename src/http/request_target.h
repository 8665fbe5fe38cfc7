// Request-line validation: the pure checks the server runs on a request's
// method and target before any handler sees it. They are free functions
// over strings so tests can cover every rejection rule without a socket.
//
// Why so strict: handlers, the router and static_files all trust
// Request::path. Refusing ambiguous paths here ("..", "%2e%2e", "%2f"
// inside a segment, backslashes, NUL, invalid UTF-8) means no later layer
// has to re-check, and no two layers can disagree about what a path means.
#pragma once

#include <cstddef>
#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "base/percent.h"  // PercentDecode, used with ParseTarget
#include "base/status.h"
#include "base/utf8.h"  // IsValidUtf8

namespace khabar::http {

// Target is a request target split and decoded.
struct Target {
  std::string path;                          // decoded: "/news/1/a b"
  std::map<std::string, std::string> query;  // decoded; first value wins
  std::string raw_query;                     // as sent, without '?': "page=2"
};

// ParseTarget decodes an origin-form target ("/a%20b?x=1+2"). It fails with
// kInvalidArgument (HTTP 400) when the target does not start with '/',
// holds a '#', has a bad %XX escape (in path or query), or when the
// decoded path is not valid UTF-8 or contains NUL, another control
// character, a backslash, a "." or ".." segment, or a segment whose
// decoding contains '/'. Empty segments ("//") and a trailing '/' are kept.
// Query: pairs split on '&', '+' is a space, keys and values must decode to
// NUL-free UTF-8; a key without '=' has value "".
Result<Target> ParseTarget(std::string_view target);

// QueryEncode percent-encodes `in` for use as one query-parameter value:
// everything but unreserved characters (A-Z a-z 0-9 - . _ ~) and '/' is
// encoded, so '&', '=', '#', '+' and spaces survive the round trip.
std::string QueryEncode(std::string_view in);

// EncodeNonAscii percent-encodes the bytes of `url` outside printable ASCII
// (the UTF-8 of an Urdu slug, spaces, control characters) and nothing else,
// so an address khabar built keeps its '/', '?' and '&' and becomes plain
// ASCII, as a Location header, a sitemap or a feed needs.
std::string EncodeNonAscii(std::string_view url);

// IsSupportedMethod reports whether khabar serves `method`: GET, HEAD, POST,
// PUT, PATCH, DELETE, OPTIONS (case-sensitive, as RFC 9110 says).
bool IsSupportedMethod(std::string_view method);

// Rejection is why a request is refused before routing: the status to send
// (400, 414, 501...) and a short reason for the body and the log.
struct Rejection {
  int status;
  std::string reason;
};

// CheckRequestLine runs every request-line rule in order: method (501),
// target length over `max_target_bytes` (414), then ParseTarget (400).
std::expected<Target, Rejection> CheckRequestLine(std::string_view method, std::string_view target,
                                                  size_t max_target_bytes);

}  // namespace khabar::http
