// PublicSite: the handlers of the public news site (home, article, section,
// tag and author listings, static assets, media, health).
//
// Each handler parses its input, asks the Store, and renders a theme
// template with a view model (nlohmann::json). Errors are Status values until
// Respond, which turns them into themed error pages with the status code
// from http::HttpStatusFor, the one mapping of errors to HTTP.
//
// Thread safety: all handlers may run concurrently. The injected objects
// must outlive the PublicSite and be thread-safe themselves.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>

#include "base/clock.h"
#include "calendar/site_calendar.h"
#include "config/overrides.h"
#include "config/settings.h"
#include "http/message.h"
#include "http/rate_limiter.h"
#include "render/theme.h"
#include "site/cache_keys.h"
#include "site/comments.h"
#include "site/view_counter.h"
#include "store/store.h"

namespace khabar {

// PublicPageQuery is the page cache's key_query (http/page_cache.h) for the
// public site: the part of `req`'s query a public page depends on.
//   - page: a whole number 1..kMaxPage, written canonically ("02" keys as
//     "page=2"); any other value goes to the handler (a 400), uncached;
//   - comment: "posted" or "pending" (the notice after a reader's
//     comment); any other value changes nothing and is left out;
//   - p, page_id: on a home page (`home`) an old WordPress address, which
//     the handler redirects or refuses: never answered from the cache;
//     elsewhere they change nothing and are left out.
// Every other parameter of a page is left out: it cannot make a new cache
// entry. The content API (/api/...) answers by its parameters: page,
// per_page (whole numbers, canonical) and q are keyed; a request with any
// other parameter is answered uncached, so no API answer is ever shared
// by two different questions.
std::optional<std::string> PublicPageQuery(const http::Request& req, bool home);

// SiteDeps are the parts a PublicSite is built from; it owns none of them.
struct SiteDeps {
  const SettingsProvider* settings = nullptr;
  // store is what pages read (a replica's, with --db-replica); activity
  // takes what readers write (comments), on the primary.
  ReaderStore* store = nullptr;
  ReaderActivity* activity = nullptr;
  const Clock* clock = nullptr;
  const Theme* theme = nullptr;
  std::filesystem::path media_dir;
  ViewCounter* views = nullptr;  // optional: counts article views
  // invalidate, when set, drops cached pages naming any of the keys (the
  // page cache's Invalidate): called when the most-read box changes.
  std::function<void(const std::vector<std::string>&)> invalidate;
  // search_limit and comment_limit, when set, bound how often one client
  // address may search and post the comment form ([limits]); over them
  // the answer is a themed 429 with Retry-After.
  http::RateLimiter* search_limit = nullptr;
  http::RateLimiter* comment_limit = nullptr;
};

class PublicSite {
 public:
  explicit PublicSite(SiteDeps deps);
  ~PublicSite();

  // The pages of an edition take its key ("" for the main edition, "ur"):
  // the route table registers them under each edition's prefix, and on an
  // edition's own host (app/routes.cc). A story, section or listing of
  // another edition is answered with a redirect to its own edition's
  // address, or a 404.
  http::Response Home(const http::Request& req, const std::string& edition);
  // Article answers /news/{id}/{slug}: 301 to the canonical URL when the
  // slug is not the article's (or the article is another edition's), a
  // themed 404 when the id is unknown or the story is not live.
  http::Response Article(const http::Request& req, const std::string& edition,
                         const std::string& id, const std::string& slug);
  http::Response SectionPage(const http::Request& req, const std::string& edition,
                             const std::string& slug);
  http::Response TagPage(const http::Request& req, const std::string& edition,
                         const std::string& slug);
  http::Response AuthorPage(const http::Request& req, const std::string& edition,
                            const std::string& slug);
  // Static answers /static/<path> from the theme's assets, and
  // /static/fonts/<file> from [theme] fonts_dir for the files the theme's
  // style.css names (Theme::fonts) and no others.
  http::Response Static(const http::Request& req, const std::string& path);
  http::Response Media(const http::Request& req, const std::string& path);
  http::Response Healthz(const http::Request& req);
  // PostComment takes a reader's comment on /news/{id}/comments. Too many
  // posts from one address answer 429 with Retry-After: the form's own
  // rate ([limits] comment_per_minute, every post counted) and comments
  // accepted ([comments] min_interval_seconds, max_per_hour, in the store).
  http::Response PostComment(const http::Request& req, const std::string& id);
  // Search answers /search?q=&page= in an edition's stories (429 past
  // [limits] search_per_minute).
  http::Response Search(const http::Request& req, const std::string& edition);
  http::Response NotFound(const http::Request& req, const std::string& edition = "");
  // OldAddress answers an address a story had on the site's previous
  // system (an imported WordPress permalink, "/?p=12": Store::FindRedirect)
  // with 301 to the story, wherever it is now; nullopt when the address is
  // none, or its story is not live. Tried for GET and HEAD before NotFound,
  // and by Home when the query names a WordPress post (?p=, ?page_id=),
  // which is otherwise not found.
  // The exact path with its query is tried first, then the path alone,
  // then the path with its trailing slash added or removed.
  std::optional<http::Response> OldAddress(const http::Request& req);

  // RefreshMostRead recomputes every edition's most-read box from the
  // counted views and, when its stories changed, drops the cached pages
  // showing it. Called about once a minute, after page views reach the
  // store.
  void RefreshMostRead();
  // ForgetCalendar makes the next page rebuild the date line's calendar
  // (a Hijri month start was recorded).
  void ForgetCalendar();

 private:
  enum class ListingKind { kSection, kTag, kAuthor };

  // EditionState is what an edition's pages share between requests: its
  // date line's calendar and its most-read box. One per edition key, made
  // on first use and kept.
  struct EditionState {
    std::mutex mu;
    std::optional<SiteCalendar> calendar;               // guarded by mu
    Seconds calendar_built_at{};                        // guarded by mu
    std::shared_ptr<const Settings> calendar_settings;  // guarded by mu

    std::mutex most_read_mu;
    Seconds most_read_at{};                           // guarded by most_read_mu
    std::shared_ptr<const nlohmann::json> most_read;  // guarded by most_read_mu
    std::vector<std::string> most_read_keys;          // guarded by most_read_mu
  };
  // Ed is the edition one request is for, fixed for the request: its key,
  // its view of the settings (EditionView) and its shared state.
  struct Ed {
    std::string key;
    std::shared_ptr<const Settings> settings;
    EditionState* state = nullptr;
    // Path puts the edition's prefix in front of a site path: "/urdu/tag/x".
    std::string Path(std::string_view path) const;
  };
  Ed EditionFor(const std::string& key);
  EditionState& StateOf(const std::string& key);

  // Today returns the edition's date line for now, recomputed when the
  // local day changes and at least every minute (so a newly recorded
  // Hijri month start shows without a restart).
  DateLine Today(const Ed& ed);

  // CommentForm is a comment being written, shown again with its error.
  struct CommentForm {
    CommentInput input;
    std::string error;
    int status = 200;
  };
  Result<http::Response> RenderArticle(const http::Request& req, const Ed& ed,
                                       const std::string& id, const std::string& slug,
                                       const CommentForm* form = nullptr);
  Result<http::Response> RenderSearch(const http::Request& req, const Ed& ed);
  // LoadLive finds the story `id_text` names if readers may see it at
  // `now`; kNotFound (one message for every reason) otherwise.
  Result<khabar::Article> LoadLive(const Ed& ed, const std::string& id_text, Seconds now);
  Result<http::Response> AcceptComment(const http::Request& req, const std::string& id);
  // MostReadView returns the edition's most-read box (recomputed by
  // RefreshMostRead: it sums a day of views) and names its stories in
  // `keys`.
  nlohmann::json MostReadView(const Ed& ed, CacheKeys& keys);
  void RefreshMostRead(const Ed& ed);
  // MarkCacheable lets the page cache keep `res`: it shows what `keys`
  // name plus the date line and the sections bar, until the local midnight
  // (or `until`, when sooner).
  void MarkCacheable(const Ed& ed, http::Response& res, CacheKeys& keys,
                     std::optional<Seconds> until = {});
  Result<http::Response> RenderHome(const http::Request& req, const Ed& ed);
  Result<http::Response> RenderListing(const http::Request& req, const Ed& ed, ListingKind kind,
                                       const std::string& slug);
  Result<http::Response> RenderPage(const std::string& template_name, nlohmann::json& view,
                                    int status = 200);

  // BaseView fills what every page shows: site (with its language and
  // writing direction), the interface strings `t` (Messages::Plain), date
  // line, sections, the follow-us line, ad slots, asset version.
  nlohmann::json BaseView(const Ed& ed);
  // Ui is the theme's catalog for the edition's language, for messages
  // formatted in C++ (page numbers, counts).
  const Messages& Ui(const Ed& ed) const;
  // LeadImageView is a story's lead picture for the article page: caption,
  // credit, size, and the srcsets of its renditions when the newsroom
  // uploaded it (its media record goes to `media_out`, named in `keys`).
  nlohmann::json LeadImageView(const khabar::Image& image, CacheKeys& keys,
                               std::optional<khabar::MediaRecord>& media_out);
  // AddCommentsView adds a story's approved comments to `art`: top-level
  // ones in order, each with its replies, and their count and title.
  Status AddCommentsView(const Ed& ed, int64_t article_id, nlohmann::json& art);
  // SummaryView is a story in a list; it names the story in `keys`.
  nlohmann::json SummaryView(const Ed& ed, const khabar::Article& a, CacheKeys* keys = nullptr);
  nlohmann::json TimeView(const Ed& ed, Seconds t);
  // DayStart returns (about) the first instant of the local day of `now`.
  Seconds DayStart(const Ed& ed, Seconds now);
  // ArticleHref is where a page of edition `ed` links to story `a`: a path
  // in the same edition, an absolute URL in another (its prefix or host).
  std::string ArticleHref(const Ed& ed, const khabar::Article& a);
  // TranslationsView lists the live translations of `a`, for the link on
  // the page and the hreflang alternates.
  nlohmann::json TranslationsView(const Ed& ed, const khabar::Article& a);

  // Respond turns an error into a themed error page.
  http::Response Respond(const http::Request& req, const Ed& ed, Result<http::Response> result);
  http::Response ErrorPage(const Ed& ed, const Status& status);
  // TooManyRequests is the themed 429 for a client over a limit, with
  // Retry-After: `wait`; its text is catalog message `message_key`
  // ("too_many_searches"), given the wait as {wait}.
  http::Response TooManyRequests(const Ed& ed, std::string_view message_key,
                                 std::chrono::seconds wait);

  const SiteDeps deps_;
  const std::string asset_version_;  // changes when the theme's CSS does

  std::mutex states_mu_;
  std::map<std::string, std::unique_ptr<EditionState>, std::less<>>
      states_;  // guarded by states_mu_
};

}  // namespace khabar
