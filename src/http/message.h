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
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"

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
  // remote_address is the client's address, no port: the socket's peer,
  // or the address a trusted proxy named (ServerOptions::trusted_proxies).
  std::string remote_address;

  // Header returns the value of header `name` (any case), or "".
  std::string_view Header(std::string_view name) const;
  // Query returns the value of query parameter `name`, or nullopt.
  std::optional<std::string> QueryParam(const std::string& name) const;
};

// Cacheable marks a 200 answer that caches may keep: khabar's page cache
// (cache/page_cache.h) and, through Surrogate-Key, the caches in front. It
// names what the page shows, so a change drops exactly the pages showing
// it.
struct Cacheable {
  // keys name what the page depends on: "story:12", "list:section:3",
  // "dateline". The vocabulary is the site's (site/cache_keys.h).
  std::vector<std::string> keys;
  // until is when the page goes stale by itself (the local midnight for a
  // page with the date line); nullopt = only a change makes it stale.
  std::optional<Seconds> until;
  // counted_story: a cached answer still counts a view of this story.
  int64_t counted_story = 0;
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
  // shared_body, when set, is the body instead of `body`: cached pages are
  // sent from the cache's copy without copying it. Finish leaves it as is
  // (no compression: the cache stores each encoding ready).
  std::shared_ptr<const std::string> shared_body;
  // cacheable is set by handlers whose answer may be cached; never sent.
  std::optional<Cacheable> cacheable;
  // route is the pattern the router matched ("/news/{id}/{slug}"), for
  // metrics; never sent.
  std::string route;

  // BodyView is the body that will be sent: shared_body or body.
  std::string_view BodyView() const { return shared_body ? *shared_body : body; }

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
// Redirect returns a redirect (301 by default) to `location`, its bytes
// outside printable ASCII percent-encoded (EncodeNonAscii).
Response Redirect(std::string location, int status = 301);

}  // namespace khabar::http
