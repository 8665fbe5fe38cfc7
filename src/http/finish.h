// Response finishing: what the server does to every handler Response before
// it goes on the wire. Kept as a pure function of (request, response, now)
// so caching and compression rules are tested without a socket, and so
// handlers never compute Date, Content-Length, ETag or gzip themselves.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "http/message.h"

namespace khabar::http {

// Finish completes `res` as the answer to `req` at time `now`:
//   - Date; Content-Type defaults to text/plain; charset=utf-8 when a body
//     is present and the handler set none. Handler-set Content-Length,
//     Transfer-Encoding and Connection are dropped (the server owns them).
//   - File responses (res.file): Last-Modified and an ETag from size and
//     mtime; If-None-Match / If-Modified-Since on 200 GET/HEAD -> 304.
//     A file that is gone or not a regular file becomes a plain 404.
//   - In-memory bodies: gzip when the client accepts it (q>0), the type is
//     textual (text/*, JSON, XML, RSS, Atom, SVG) and the body is at least
//     kGzipMinBytes; Vary: Accept-Encoding whenever the type is
//     compressible. On 200 GET/HEAD a strong ETag (FNV-1a of the
//     uncompressed body, "-gz" appended for the gzip variant, also to a
//     handler's own ETag) and If-None-Match -> 304; If-Modified-Since is
//     honoured against a handler-set Last-Modified.
//   - Shared bodies (res.shared_body, from the page cache) are sent as
//     they are: their Content-Encoding, ETag and Vary were set when they
//     were cached; only If-None-Match / If-Modified-Since -> 304 applies.
//   - Content-Length is the length of the body that GET would send (kept
//     for HEAD), absent on 1xx, 204 and 304.
//   - Surrogate-Key (AddSurrogateKey below) on answers caches may keep,
//     304s included.
//   - X-Content-Type-Options: nosniff on every answer, unless already set.
void Finish(const Request& req, Response& res, Seconds now);

// kSurrogateKey is the header that tells the caches in front of khabar
// (Varnish with deploy/varnish/khabar.vcl, a CDN) what a page shows: its
// Cacheable::keys, separated by single spaces ("list:all nav story:12").
// A purge (http/purge_client.h) names the same keys, so those caches drop
// the same pages the page cache drops. Never sent on pages that are not
// cacheable (the newsroom, errors, anything private or with a cookie).
inline constexpr std::string_view kSurrogateKey = "Surrogate-Key";

// kMaxSurrogateKeyBytes bounds the header: Varnish refuses a response
// header line over 8 KB (http_resp_hdr_len), and a CDN has similar limits.
inline constexpr size_t kMaxSurrogateKeyBytes = 4096;

// AddSurrogateKey sets Surrogate-Key from res.cacheable->keys when the
// answer may be kept by a shared cache: status 200, no Set-Cookie,
// Cache-Control neither private nor no-store, and no Surrogate-Key yet
// (the page cache sets it when it keeps a page, so its hits carry it).
// A page naming more than kMaxSurrogateKeyBytes of keys gets
// "Surrogate-Control: no-store" instead: a cache that could not be told
// when to drop it must not keep it.
void AddSurrogateKey(Response& res);

// kGzipMinBytes: smaller bodies are sent as is (gzip overhead wins there).
inline constexpr size_t kGzipMinBytes = 512;

// FormatHttpDate formats `t` as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37
// GMT") without consulting the locale.
std::string FormatHttpDate(Seconds t);

// ParseHttpDate parses an IMF-fixdate; nullopt for anything else (the
// obsolete RFC 850 and asctime forms are treated as absent).
std::optional<Seconds> ParseHttpDate(std::string_view text);

// AcceptsGzip reports whether an Accept-Encoding value allows gzip: "gzip"
// or "x-gzip" with q>0, or "*" with q>0 when gzip is not named.
bool AcceptsGzip(std::string_view accept_encoding);

// AcceptsCoding reports whether an Accept-Encoding value allows content
// coding `coding` ("br", "gzip"): named with q>0, or "*" with q>0 when it
// is not named. "x-gzip" counts as gzip.
bool AcceptsCoding(std::string_view accept_encoding, std::string_view coding);

// IsCompressibleType reports whether a Content-Type is textual enough to
// compress (text/*, JSON, XML, RSS, Atom, SVG, JavaScript).
bool IsCompressibleType(std::string_view content_type);

// VariantETag turns the entity tag of a body into that of one of its
// encodings: ("\"abc\"", "-gz") -> "\"abc-gz\"" (a W/ prefix is kept).
std::string VariantETag(std::string_view tag, std::string_view suffix);

// AddVary adds `token` to res's Vary header unless it (or "*") is there.
void AddVary(Response& res, std::string_view token);

// BodyETag returns a strong entity tag, quotes included, for `body`.
std::string BodyETag(std::string_view body);

}  // namespace khabar::http
