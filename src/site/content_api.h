// ContentApi: the read-only JSON Content API under /api/v1/ (docs/api.md is
// the contract for its users).
//
//   GET /api/v1/articles       live stories, newest first, filtered by
//                              section, tag, author and publication time
//   GET /api/v1/articles/{id}  one live story, with its body
//   GET /api/v1/sections       the site's sections, in navigation order
//   GET /api/v1/tags           tags of live stories by name, optionally by
//                              name prefix (?q=)
//   OPTIONS /api/v1/...        the CORS preflight
//
// Lists share one envelope ({"data", "meta", "links"}) and the page /
// per_page parameters. Errors are JSON too ({"error": {"status",
// "message"}}), with the status code from http::HttpStatusFor. Every answer
// carries the CORS and caching headers, so the API can be read from any
// web page and cached for a minute by browsers and CDNs.
//
// Only live stories are ever shown: the API sees exactly what the public
// site shows (no drafts, nothing scheduled, no newsroom fields).
//
// Thread safety: all handlers may run concurrently. The injected objects
// must outlive the ContentApi and be thread-safe themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "calendar/site_calendar.h"
#include "config/overrides.h"
#include "content/article.h"
#include "http/message.h"
#include "store/store.h"

namespace khabar {

// ContentApiDeps are the parts a ContentApi is built from; it owns none.
struct ContentApiDeps {
  ReaderStore* store = nullptr;
  const SettingsProvider* settings = nullptr;
  const Clock* clock = nullptr;
};

class ContentApi {
 public:
  explicit ContentApi(ContentApiDeps deps);

  // Articles answers GET /api/v1/articles?edition=&section=&tag=&author=
  // &since=&until=&page=&per_page=. Filters combine (all must match); the
  // edition is one [[editions]] key, or the main edition when absent.
  http::Response Articles(const http::Request& req);
  // Article answers GET /api/v1/articles/{id}; 404 unless the story is live.
  http::Response Article(const http::Request& req, const std::string& id);
  // Sections answers GET /api/v1/sections?edition=&page=&per_page=: the
  // edition's sections (the main edition's when absent).
  http::Response Sections(const http::Request& req);
  // Tags answers GET /api/v1/tags?q=&page=&per_page=: tags at least one
  // live story carries (a draft's tags stay unannounced).
  http::Response Tags(const http::Request& req);
  // Preflight answers OPTIONS for any /api/v1/ path: 204 with the CORS
  // headers a browser asks for before a cross-origin request.
  http::Response Preflight(const http::Request& req);
  // NotFound answers an /api/v1/ path no endpoint serves, as JSON.
  http::Response NotFound(const http::Request& req);

 private:
  Result<http::Response> ListArticles(const http::Request& req);
  Result<http::Response> OneArticle(const std::string& id);
  Result<http::Response> ListSections(const http::Request& req);
  // EditionParam reads ?edition=: "" (the main edition) when absent, an
  // [[editions]] key, or kInvalidArgument naming the parameter.
  Result<std::string> EditionParam(const http::Request& req) const;
  Result<http::Response> ListTags(const http::Request& req);

  // Calendar returns the site calendar for `settings`, rebuilt only when the
  // settings snapshot changes (it formats and parses local times; the Hijri
  // records play no part in that, so none are loaded). Null only if the
  // settings cannot make one, which Serve refuses at start.
  std::shared_ptr<const SiteCalendar> Calendar(const std::shared_ptr<const Settings>& settings);

  // Respond logs server errors and turns an error into a JSON answer.
  http::Response Respond(const http::Request& req, Result<http::Response> result);

  const ContentApiDeps deps_;

  std::mutex calendar_mu_;
  std::shared_ptr<const Settings> calendar_settings_;  // guarded by calendar_mu_
  std::shared_ptr<const SiteCalendar> calendar_;       // guarded by calendar_mu_
};

// ---- The pure parts, exposed for tests ----

namespace content_api {

inline constexpr int64_t kDefaultPerPage = 20;
inline constexpr int64_t kMaxPerPage = 100;
// kMaxPage bounds ?page= so offsets stay far from overflow.
inline constexpr int64_t kMaxPage = 100000;
inline constexpr std::string_view kCacheControl = "public, max-age=60";
inline constexpr std::string_view kPreflightMaxAge = "86400";

// Paging is a validated ?page=&per_page=.
struct Paging {
  int64_t page = 1;
  int64_t per_page = kDefaultPerPage;
  int64_t offset() const { return (page - 1) * per_page; }
};

// ParsePaging reads ?page= (1..kMaxPage, default 1) and ?per_page=
// (1..kMaxPerPage, default kDefaultPerPage). Anything else, an empty value
// included, is kInvalidArgument naming the parameter.
Result<Paging> ParsePaging(const http::Request& req);

// ParseLocalTime reads a datetime-local value in the site's zone
// ("2026-11-27T09:30"); supplied by the caller so parsing stays pure.
using LocalTimeParser = std::function<Result<Seconds>(std::string_view)>;

// ParseTimeParam reads the value of ?since= or ?until= (`name`):
//   - with a zone, "2026-11-27T09:30:00+05:00" or "...Z": that instant;
//   - without one, "2026-11-27T09:30" (":ss" optional): site-local time;
//   - a date alone, "2026-11-27": the start of that local day.
// A space where the offset's '+' belongs is read as '+' (an unencoded '+'
// in a query string arrives as a space). kInvalidArgument names `name`.
Result<Seconds> ParseTimeParam(std::string_view name, std::string_view text,
                               const LocalTimeParser& local);

// ArticleListParams is a validated /api/v1/articles query: slugs as given (the
// handler resolves old slugs), times as instants, plus their text for links.
struct ArticleListParams {
  std::optional<std::string> section;
  std::optional<std::string> tag;
  std::optional<std::string> author;
  std::optional<Seconds> since;  // inclusive
  std::optional<Seconds> until;  // exclusive
  std::string since_text;        // as sent, for the links
  std::string until_text;
  Paging paging;
};

// ParseArticleListParams validates every parameter of /api/v1/articles.
// Empty slugs, bad times, since later than until and bad paging are
// kInvalidArgument naming the parameter; unknown parameters are ignored.
Result<ArticleListParams> ParseArticleListParams(const http::Request& req,
                                                 const LocalTimeParser& local);

// ApplyTimes narrows `q` to [since, until) using the store's exclusive
// bounds (whole seconds, so "after since - 1s" is "at or after since").
void ApplyTimes(const ArticleListParams& p, ArticleQuery& q);

// PageCount is the number of pages `total` items fill; at least 1, so an
// empty list still has its (empty) page 1.
int64_t PageCount(int64_t total, int64_t per_page);

// EncodeQueryValue percent-encodes everything but RFC 3986 unreserved
// characters, so '+' in an offset survives ("%2B05%3A00").
std::string EncodeQueryValue(std::string_view value);

// QueryString joins (name, value) pairs, skipping empty values, and encodes
// values: "?section=world&page=2", or "" when nothing is left.
std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params);

// ListEnvelope wraps one page of `data`:
//   {"data": [...], "meta": {"page", "per_page", "total", "pages"},
//    "links": {"self", "next", "prev"}}
// `url_for_page(n)` makes the absolute URL of page n; next is null on the
// last page (or beyond), prev is null on page 1 and points at the last page
// when `paging.page` is beyond it.
nlohmann::ordered_json ListEnvelope(nlohmann::ordered_json data, const Paging& paging,
                                    int64_t total,
                                    const std::function<std::string(int64_t)>& url_for_page);

// ErrorBody is {"error": {"status": status, "message": message}}.
nlohmann::ordered_json ErrorBody(int status, std::string_view message);

// JsonResponse serialises `body` (invalid UTF-8 replaced, never thrown)
// with the API's content type, CORS and caching headers.
http::Response JsonResponse(const nlohmann::ordered_json& body, int status = 200);

// ErrorResponse is the JSON answer for `status`, with the code from
// http::HttpStatusFor. Server errors say only "internal error" (the
// message may name internals; the caller logs it) and are not cached.
http::Response ErrorResponse(const Status& status);

// TimeFormatter formats an instant as ISO 8601 with the site's offset.
using TimeFormatter = std::function<std::string(Seconds)>;

// ArticleJson shapes a story for the API; `edition` is the story's
// edition's view of the settings (EditionView): its URL, section, tag and
// author links are on that edition's pages. body_html is included only
// when `with_body`. updated_at is the
// last edit after publication, as the article page's "Updated" line shows
// it, and published_at otherwise (an import's own creation time is not an
// update).
nlohmann::ordered_json ArticleJson(const khabar::Article& a, const Settings& edition,
                                   const TimeFormatter& format_time, bool with_body);
nlohmann::ordered_json SectionJson(const Section& s, std::string_view base_url);
nlohmann::ordered_json TagJson(const Tag& t, std::string_view base_url);
nlohmann::ordered_json AuthorJson(const Author& a, std::string_view base_url);

}  // namespace content_api
}  // namespace khabar
