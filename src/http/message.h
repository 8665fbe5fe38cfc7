// Request and Response: khabar's own HTTP message values. Handlers see only
// these, never Beast types, so most of the tree compiles without Boost.
//
// Both are plain values: the server builds a Request, hands it to the
// handler by const reference, and owns the Response the handler returns.
// The server finishes a Response (http/finish.h: Date, Content-Length,
// ETag, gzip, 304) after the handler, so handlers set only what they mean.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace khabar::http {

// Request is a parsed, bounded, validated request. `path` is percent-decoded,
// valid UTF-8 and free of "." and ".." segments (the server refuses the
// request otherwise); `query` holds decoded parameters (first value wins).
struct Request {
  std::string method;  // "GET"
  std::string target;  // raw, as sent: "/news/1/a%20b?page=2"
  std::string path;    // decoded: "/news/1/a b"
  std::map<std::string, std::string> query;
  // Header names are stored lower-case.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote_address;

  // Header returns the value of header `name` (any case), or "".
  std::string_view Header(std::string_view name) const;
  // Query returns the value of query parameter `name`, or nullopt.
  std::optional<std::string> QueryParam(const std::string& name) const;
};

// Response is what a handler answers. When `file` is set the server streams
// that file as the body (static assets, media) and `body` is ignored; the
// file must be one the handler chose to expose (see http/static_files.h).
// Header names keep the case the handler gave; lookups ignore case.
struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<std::string> file;

  // SetHeader replaces header `name` (case-insensitive) or adds it.
  void SetHeader(std::string_view name, std::string value);
  // Header returns the value of header `name` (any case), or "".
  std::string_view Header(std::string_view name) const;
  // RemoveHeader drops every header named `name` (any case).
  void RemoveHeader(std::string_view name);
};

// Html returns a 200 response with `body` as text/html; charset=utf-8.
Response Html(std::string body, int status = 200);
// Text returns a text/plain; charset=utf-8 response.
Response Text(std::string body, int status = 200);
// Redirect returns a redirect (301 by default) to `location`.
Response Redirect(std::string location, int status = 301);

}  // namespace khabar::http
