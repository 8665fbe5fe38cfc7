#include "site/public_site.h"

#include <spdlog/spdlog.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/files.h"
#include "base/hash.h"
#include "base/ip_network.h"
#include "base/numbers.h"
#include "http/finish.h"
#include "http/form.h"
#include "http/request_target.h"
#include "http/static_files.h"
#include "http/status_map.h"
#include "media/srcset.h"
#include "site/content_api.h"
#include "site/follow_line.h"
#include "site/internal/site_urls.h"
#include "site/sharing.h"

namespace khabar {
namespace {

using nlohmann::json;

constexpr auto kCalendarRefresh = std::chrono::seconds(60);
constexpr int64_t kMaxPage = 100000;
// Browsers keep pages a minute; shared caches in front (s-maxage) a little
// longer, and may serve a stale page while they fetch a fresh one. The
// home page changes most often, so it is kept least.
constexpr const char* kHomeCacheControl =
    "public, max-age=30, s-maxage=60, stale-while-revalidate=30";
constexpr const char* kArticleCacheControl =
    "public, max-age=60, s-maxage=300, stale-while-revalidate=60";
constexpr const char* kListingCacheControl =
    "public, max-age=60, s-maxage=120, stale-while-revalidate=60";
constexpr const char* kSearchCacheControl = "public, max-age=60";
// kRelatedBoxFreshness: how long a cached article page may show a related
// box without the stories published since.
constexpr auto kRelatedBoxFreshness = std::chrono::minutes(10);
constexpr const char* kAssetCacheControl = "public, max-age=31536000, immutable";
constexpr const char* kMediaCacheControl = "public, max-age=86400";

// ParsePage reads ?page=N: absent means 1; anything but a whole number from
// 1 to kMaxPage is a bad request, never a 500; `ui` says so.
Result<int64_t> ParsePage(const http::Request& req, const Messages& ui) {
  auto p = req.QueryParam("page");
  if (!p) return 1;
  if (auto n = ParseWholeNumber(*p, 1, kMaxPage)) return *n;
  return InvalidArgument(ui.Format("error_bad_page", {{"max", kMaxPage}}));
}

// AssetVersion fingerprints the theme's stylesheet so /static URLs can be
// cached for a year and still change when the theme does.
std::string AssetVersion(const std::filesystem::path& assets_dir) {
  return HexFingerprint(ReadFile(assets_dir / "style.css").value_or(""), 10);
}

std::string ListingPath(std::string_view prefix, const std::string& slug) {
  return std::string(prefix) + slug;
}

// LazyIframes adds loading="lazy" to every <iframe of an admin's ad HTML
// that does not say how to load, so third-party frames below the fold do
// not slow the page.
std::string LazyIframes(std::string html) {
  size_t pos = 0;
  while ((pos = html.find("<iframe", pos)) != std::string::npos) {
    size_t end = html.find('>', pos);
    if (end == std::string::npos) break;
    if (html.substr(pos, end - pos).find("loading=") == std::string::npos) {
      html.insert(pos + 7, " loading=\"lazy\"");
    }
    pos += 7;
  }
  return html;
}

// SplitAfterParagraph cuts rendered Markdown after its n-th top-level
// paragraph, for the in-article ad slot. The HTML is the Markdown renderer's, so
// "</p>\n" closes exactly one top-level paragraph.
std::pair<std::string, std::string> SplitAfterParagraph(const std::string& html, int n) {
  size_t pos = 0;
  for (int i = 0; i < n; ++i) {
    size_t found = html.find("</p>\n", pos);
    if (found == std::string::npos) return {html, ""};
    pos = found + 5;
  }
  return {html.substr(0, pos), html.substr(pos)};
}

json SegmentsView(const std::vector<TextSegment>& segs) {
  json out = json::array();
  for (const auto& s : segs) out.push_back({{"text", s.text}, {"href", s.href}});
  return out;
}

// MarkedSnippet turns a search snippet with the store's marks into
// segments a template escapes: {"text", "mark": true|false}.
json MarkedSnippet(const std::string& snippet) {
  json out = json::array();
  size_t pos = 0;
  while (pos < snippet.size()) {
    size_t open = snippet.find(kSnippetOpen, pos);
    if (open == std::string::npos) {
      out.push_back({{"text", snippet.substr(pos)}, {"mark", false}});
      break;
    }
    if (open > pos) out.push_back({{"text", snippet.substr(pos, open - pos)}, {"mark", false}});
    size_t start = open + kSnippetOpen.size();
    size_t close = snippet.find(kSnippetClose, start);
    if (close == std::string::npos) close = snippet.size();
    out.push_back({{"text", snippet.substr(start, close - start)}, {"mark", true}});
    pos = close == snippet.size() ? close : close + kSnippetClose.size();
  }
  return out;
}

}  // namespace

std::optional<std::string> PublicPageQuery(const http::Request& req, bool home) {
  if (home && (req.query.contains("p") || req.query.contains("page_id"))) return std::nullopt;
  std::string key;
  // number appends name=N for a whole number 1..max; false for a bad one.
  auto number = [&](const char* name, int64_t max) {
    auto it = req.query.find(name);
    if (it == req.query.end()) return true;
    auto n = ParseWholeNumber(it->second, 1, max);
    if (!n) return false;
    key += (key.empty() ? "" : "&") + std::string(name) + "=" + std::to_string(*n);
    return true;
  };
  if (!number("page", kMaxPage)) return std::nullopt;
  if (req.path.starts_with("/api/")) {
    for (const auto& [name, value] : req.query) {
      if (name != "page" && name != "per_page" && name != "q") return std::nullopt;
    }
    if (!number("per_page", content_api::kMaxPerPage)) return std::nullopt;
    if (auto it = req.query.find("q"); it != req.query.end()) {
      key += (key.empty() ? "q=" : "&q=") + http::QueryEncode(it->second);
    }
    return key;
  }
  if (auto it = req.query.find("comment");
      it != req.query.end() && (it->second == "posted" || it->second == "pending")) {
    key += (key.empty() ? "comment=" : "&comment=") + it->second;
  }
  return key;
}

PublicSite::PublicSite(SiteDeps deps)
    : deps_(std::move(deps)), asset_version_(AssetVersion(deps_.theme->assets_dir())) {
  // A missing web font is not fatal: the stylesheet's font stacks fall
  // back to the reader's own fonts. Say so once, at start.
  const std::filesystem::path fonts_dir = deps_.settings->Current()->theme.fonts_dir;
  for (const auto& font : deps_.theme->fonts()) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(fonts_dir / font, ec)) {
      spdlog::warn(
          "theme font {} is not in [theme] fonts_dir {} (install fonts-noto-core?): pages "
          "use the readers' own fonts",
          font, fonts_dir.string());
    }
  }
}

PublicSite::~PublicSite() = default;

std::string PublicSite::Ed::Path(std::string_view path) const {
  return settings->site.path_prefix + std::string(path);
}

PublicSite::EditionState& PublicSite::StateOf(const std::string& key) {
  std::lock_guard lock(states_mu_);
  auto& state = states_[key];
  if (!state) state = std::make_unique<EditionState>();
  return *state;
}

PublicSite::Ed PublicSite::EditionFor(const std::string& key) {
  Ed ed;
  ed.settings = deps_.settings->Current(key);
  // An unknown key is the main edition (Current's answer), never a state
  // of its own.
  ed.key = ed.settings->site.edition;
  ed.state = &StateOf(ed.key);
  return ed;
}

std::string PublicSite::ArticleHref(const Ed& ed, const khabar::Article& a) {
  // A story of an edition no longer configured is the main edition's.
  auto other = deps_.settings->Current(a.edition);
  if (other->site.edition == ed.key) {
    return ed.Path(site_internal::ArticlePath(*ed.settings, a.id, a.slug));
  }
  const std::string path = site_internal::ArticlePath(*other, a.id, a.slug);
  // Editions under a prefix share the main edition's host: a path will do.
  // An edition on a host of its own (this one or the other) needs the
  // whole URL.
  auto on_main_host = [](const Settings& view) {
    return view.site.edition.empty() || !view.site.path_prefix.empty();
  };
  if (on_main_host(*ed.settings) && on_main_host(*other)) {
    return other->site.path_prefix + path;
  }
  return site_internal::Absolute(*other, path);
}

DateLine PublicSite::Today(const Ed& ed) {
  const Seconds now = deps_.clock->Now();
  const auto& settings = ed.settings;
  EditionState& st = *ed.state;
  std::lock_guard lock(st.mu);
  if (!st.calendar || settings != st.calendar_settings ||
      now - st.calendar_built_at >= kCalendarRefresh || now < st.calendar_built_at) {
    std::vector<HijriMonthStart> starts;
    if (auto s = deps_.store->ListHijriMonthStarts()) {
      starts = std::move(*s);
    } else {
      spdlog::warn("date line: cannot read Hijri month starts: {}", s.error().ToString());
    }
    auto cal = SiteCalendar::Create(settings->site, settings->calendar, starts);
    if (!cal) {
      // A bad record must not take the site down: fall back to the
      // calculation alone and say so in the log.
      spdlog::error("date line: {}; using the calculation only", cal.error().ToString());
      cal = SiteCalendar::Create(settings->site, settings->calendar, {});
    }
    if (cal) {
      st.calendar = std::move(*cal);
      st.calendar_built_at = now;
      st.calendar_settings = settings;
    }
  }
  return st.calendar ? st.calendar->ForInstant(now) : DateLine{};
}

Seconds PublicSite::DayStart(const Ed& ed, Seconds now) {
  std::lock_guard lock(ed.state->mu);
  if (!ed.state->calendar) return now;
  return ed.state->calendar->NextLocalMidnight(now) - std::chrono::hours(24);
}

json PublicSite::TimeView(const Ed& ed, Seconds t) {
  // The calendar is set by Today(), which every page calls first.
  std::lock_guard lock(ed.state->mu);
  const auto& cal = ed.state->calendar;
  if (!cal) return json{{"iso", FormatIso8601Utc(t)}, {"text", FormatIso8601Utc(t)}};
  return json{{"iso", cal->FormatIsoLocal(t)}, {"text", cal->FormatTime(t)}};
}

json PublicSite::BaseView(const Ed& ed) {
  const Settings& s = *ed.settings;
  DateLine today = Today(ed);
  json view;
  view["site"] = {{"name", s.site.name},
                  {"base_url", s.site.base_url},
                  {"home_url", ed.Path("/")},
                  {"search_url", ed.Path("/search")},
                  {"feed_url", ed.Path("/feed.xml")},
                  {"language", s.site.language},
                  // [site] direction when set, else the language's own (ICU).
                  {"dir", s.site.direction}};
  view["t"] = Ui(ed).Plain();
  view["today"] = {{"gregorian", today.gregorian}, {"hijri", today.hijri}, {"iso", today.iso_date}};
  json sections = json::array();
  if (auto list = deps_.store->ListSections(ed.key)) {
    for (const auto& sec : *list) {
      sections.push_back({{"name", sec.name}, {"url", ed.Path("/section/" + sec.slug)}});
    }
  }
  if (!sections.empty()) view["nav"] = {{"sections", std::move(sections)}};
  json follow = json::array();
  for (const auto& seg : FollowLine(s.social)) {
    follow.push_back({{"text", seg.text}, {"href", seg.href}});
  }
  if (!follow.empty()) view["follow"] = {{"segments", std::move(follow)}};
  json ads = json::object();
  if (s.ads.enabled) {
    for (const auto& ad : s.ad_slots) {
      ads[ad.name] = {{"name", ad.name}, {"html", LazyIframes(ad.html)}};
    }
  }
  view["ads"] = std::move(ads);
  view["asset_version"] = asset_version_;
  return view;
}

const Messages& PublicSite::Ui(const Ed& ed) const {
  return deps_.theme->MessagesFor(ed.settings->site.language);
}

void PublicSite::RefreshMostRead() {
  for (const std::string& key : EditionKeys(*deps_.settings->Current())) {
    RefreshMostRead(EditionFor(key));
  }
}

void PublicSite::RefreshMostRead(const Ed& ed) {
  const Seconds now = deps_.clock->Now();
  json items = json::array();
  CacheKeys keys;
  if (auto list = deps_.store->MostRead(now - std::chrono::hours(24), now, 5, ed.key)) {
    for (const auto& a : *list) items.push_back(SummaryView(ed, a, &keys));
  } else {
    spdlog::warn("most read: {}", list.error().ToString());
    return;
  }
  auto box =
      std::make_shared<const json>(items.empty() ? json() : json{{"items", std::move(items)}});
  bool changed;
  {
    EditionState& st = *ed.state;
    std::lock_guard lock(st.most_read_mu);
    changed = st.most_read && *st.most_read != *box;
    st.most_read = std::move(box);
    st.most_read_keys = keys.Take();
    st.most_read_at = now;
  }
  if (changed && deps_.invalidate) deps_.invalidate({std::string(cache_key::kMostRead)});
}

void PublicSite::ForgetCalendar() {
  std::lock_guard lock(states_mu_);
  for (auto& [key, state] : states_) {
    std::lock_guard state_lock(state->mu);
    state->calendar.reset();
  }
}

void PublicSite::MarkCacheable(const Ed& ed, http::Response& res, CacheKeys& keys,
                               std::optional<Seconds> until) {
  keys.Add(cache_key::kDateline);
  keys.Add(cache_key::kNav);
  const Seconds now = deps_.clock->Now();
  Seconds midnight = now + std::chrono::hours(24);
  {
    std::lock_guard lock(ed.state->mu);
    if (ed.state->calendar) midnight = ed.state->calendar->NextLocalMidnight(now);
  }
  res.cacheable.emplace();
  res.cacheable->keys = keys.Take();
  res.cacheable->until = until ? std::min(*until, midnight) : midnight;
}

json PublicSite::SummaryView(const Ed& ed, const khabar::Article& a, CacheKeys* keys) {
  if (keys) keys->AddStory(a);
  json item = {
      {"id", a.id},
      {"url", ArticleHref(ed, a)},
      {"headline", a.headline},
      {"standfirst", a.standfirst},
      {"section", {{"name", a.section.name}, {"url", ed.Path("/section/" + a.section.slug)}}}};
  if (a.published_at) item["published"] = TimeView(ed, *a.published_at);
  item["breaking"] = a.breaking;
  if (a.comment_count > 0) {
    item["comment_count"] = a.comment_count;
    item["comment_count_text"] =
        Ui(ed).Format("card_comments", {{"count", static_cast<int64_t>(a.comment_count)}});
  }
  if (a.image) {
    item["image"] = {{"src", "/media/" + a.image->file}, {"alt", a.image->alt}};
  }
  json authors = json::array();
  for (const auto& au : a.authors) {
    authors.push_back({{"name", au.name}, {"url", ed.Path("/author/" + au.slug)}});
  }
  item["has_authors"] = !authors.empty();
  item["authors"] = std::move(authors);
  return item;
}

Result<http::Response> PublicSite::RenderPage(const std::string& template_name, json& view,
                                              int status) {
  auto html = deps_.theme->Render(template_name, view);
  if (!html) return Err(html.error());
  http::Response res = http::Html(std::move(*html), status);
  res.SetHeader("Cache-Control", kListingCacheControl);
  return res;
}

http::Response PublicSite::ErrorPage(const Ed& ed, const Status& status) {
  const int code = http::HttpStatusFor(status.code());
  json view = BaseView(ed);
  // A title the catalog has (error_404) in the page's language, else
  // HTTP's reason phrase.
  const std::string title_key = "error_" + std::to_string(code);
  const std::string title = view["t"].contains(title_key) ? view["t"][title_key].get<std::string>()
                                                          : std::string(http::ReasonPhrase(code));
  view["error"] = {{"status", code},
                   {"title", title},
                   // Only client errors explain themselves; a 5xx message may
                   // name internals and goes to the log instead.
                   {"message", code < 500 ? status.message() : ""},
                   {"not_found", code == 404}};
  view["page_title"] = title;
  auto html = deps_.theme->Render("error", view);
  if (!html) {
    spdlog::error("error page: {}", html.error().ToString());
    return http::StatusResponse(status);
  }
  http::Response res = http::Html(std::move(*html), code);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

http::Response PublicSite::TooManyRequests(const Ed& ed, std::string_view message_key,
                                           std::chrono::seconds wait) {
  // The wait as http::DescribeWait says it, in the page's language.
  const Messages& ui = Ui(ed);
  const int64_t s = std::max<int64_t>(1, wait.count());
  const std::string wait_text = s < 120 ? ui.Format("wait_seconds", {{"seconds", s}})
                                        : ui.Format("wait_minutes", {{"minutes", (s + 59) / 60}});
  http::Response res = ErrorPage(
      ed, Status(Code::kResourceExhausted, ui.Format(message_key, {{"wait", wait_text}})));
  res.SetHeader("Retry-After", std::to_string(wait.count()));
  return res;
}

http::Response PublicSite::Respond(const http::Request& req, const Ed& ed,
                                   Result<http::Response> result) {
  if (result) return std::move(*result);
  const Status& st = result.error();
  if (http::HttpStatusFor(st.code()) >= 500) {
    spdlog::error("{} {}: {}", req.method, req.target, st.ToString());
  }
  return ErrorPage(ed, st);
}

std::optional<http::Response> PublicSite::OldAddress(const http::Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::vector<std::string> candidates;
  if (size_t q = req.target.find('?'); q != std::string::npos && q + 1 < req.target.size()) {
    candidates.push_back(req.path + req.target.substr(q));
  }
  candidates.push_back(req.path);
  if (req.path.size() > 1 && req.path.back() == '/') {
    candidates.push_back(req.path.substr(0, req.path.size() - 1));
  } else {
    candidates.push_back(req.path + "/");
  }
  for (const std::string& old : candidates) {
    auto found = deps_.store->FindRedirect(old);
    if (!found) continue;
    auto a = deps_.store->GetArticle(found->article_id);
    if (!a || !IsLive(*a, deps_.clock->Now())) return std::nullopt;
    const Ed ed = EditionFor(a->edition);
    const std::string path = site_internal::ArticlePath(*ed.settings, a->id, a->slug);
    // The old addresses were on the main host: a story of an edition on a
    // host of its own needs the whole URL.
    if (!ed.key.empty() && ed.settings->site.path_prefix.empty()) {
      return http::Redirect(site_internal::Absolute(*ed.settings, path), 301);
    }
    return http::Redirect(ed.Path(path), 301);
  }
  return std::nullopt;
}

http::Response PublicSite::NotFound(const http::Request& req, const std::string& edition) {
  const Ed ed = EditionFor(edition);
  return Respond(req, ed, khabar::NotFound(Ui(ed).Format("error_no_page")));
}

// ---- Article ----

Result<Article> PublicSite::LoadLive(const Ed& ed, const std::string& id_text, Seconds now) {
  // Unknown, malformed and not-yet-live ids all look the same to readers.
  auto missing = [&] { return khabar::NotFound(Ui(ed).Format("error_no_story")); };
  auto id = ParsePositiveId(id_text);
  if (!id) return missing();
  auto a = deps_.store->GetArticle(*id);
  if (!a) {
    if (a.error().code() == Code::kNotFound) return missing();
    return Err(a.error());
  }
  if (!IsLive(*a, now)) return missing();
  return a;
}

http::Response PublicSite::Article(const http::Request& req, const std::string& edition,
                                   const std::string& id, const std::string& slug) {
  const Ed ed = EditionFor(edition);
  return Respond(req, ed, RenderArticle(req, ed, id, slug));
}

json PublicSite::LeadImageView(const Image& image, CacheKeys& keys,
                               std::optional<MediaRecord>& media_out) {
  json view = {{"caption", image.caption}, {"credit", image.credit}};
  // Newsroom uploads have resized renditions: offer them as srcset.
  if (auto media = deps_.store->GetMediaByFile(image.file)) {
    media_out = *media;
    keys.Add(cache_key::Media(media->id));
    if (!media->variants.empty()) {
      view["srcset_webp"] = SrcSet(*media, "image/webp");
      view["srcset_jpeg"] = SrcSet(*media, "image/jpeg");
    }
  }
  if (image.width > 0 && image.height > 0) {
    view["width"] = image.width;
    view["height"] = image.height;
  }
  return view;
}

Status PublicSite::AddCommentsView(const Ed& ed, int64_t article_id, json& art) {
  auto comments = deps_.store->ListApprovedComments(article_id);
  if (!comments) return comments.error();
  // One level of replies: top-level comments in order, each with its
  // replies in order.
  json top = json::array();
  std::map<int64_t, size_t> index;
  for (const auto& c : *comments) {
    json item = {{"id", c.id},
                 {"name", c.name},
                 {"time", TimeView(ed, c.created_at)},
                 {"paragraphs", json::array()},
                 {"replies", json::array()}};
    for (const auto& para : CommentParagraphs(c.body)) {
      item["paragraphs"].push_back({{"segments", SegmentsView(para)}});
    }
    if (c.parent_id && index.contains(*c.parent_id)) {
      top[index[*c.parent_id]]["replies"].push_back(std::move(item));
    } else if (!c.parent_id) {
      index[c.id] = top.size();
      top.push_back(std::move(item));
    }
  }
  art["comment_count"] = comments->size();
  art["comments_title"] =
      Ui(ed).Format("comments_title", {{"count", static_cast<int64_t>(comments->size())}});
  art["has_comments"] = !comments->empty();
  art["comments"] = std::move(top);
  return Status();
}

Result<http::Response> PublicSite::RenderArticle(const http::Request& req, const Ed& requested,
                                                 const std::string& id_text,
                                                 const std::string& slug, const CommentForm* form) {
  const Seconds now = deps_.clock->Now();
  auto a = LoadLive(requested, id_text, now);
  if (!a) return Err(a.error());
  // A story is shown in its own edition, at its canonical address (the
  // slug as it is now, or none where the edition's URLs end at the id).
  // (A story of an edition no longer configured is the main edition's.)
  const Ed ed = EditionFor(a->edition);
  if (ed.key != requested.key && !form) return http::Redirect(ArticleHref(requested, *a), 301);
  const std::string path = site_internal::ArticlePath(*ed.settings, a->id, a->slug);
  const std::string expected_slug = ed.settings->site.slugs == "id" ? "" : a->slug;
  if (slug != expected_slug && !form) return http::Redirect(ed.Path(path), 301);
  // Only a reader's GET counts: HEAD or a form's answer buys no rank.
  if (deps_.views && !form && req.method == "GET")
    deps_.views->Count(a->id, ClientKey(req.remote_address));

  const Settings& s = *ed.settings;
  CacheKeys keys;
  json view = BaseView(ed);
  json art = SummaryView(ed, *a, &keys);
  art["body_html"] = a->body_html;
  std::optional<MediaRecord> image_media;
  const std::string canonical = site_internal::Absolute(s, path);
  art["canonical"] = canonical;
  json tags = json::array();
  for (const auto& t : a->tags) {
    tags.push_back({{"name", t.name}, {"url", ed.Path("/tag/" + t.slug)}});
  }
  art["has_tags"] = !tags.empty();
  art["tags"] = std::move(tags);
  // Beside the src and alt SummaryView gave it.
  if (a->image) art["image"].update(LeadImageView(*a->image, keys, image_media));
  // "Updated" only when the story was edited after it went out (an
  // imported story is created after its publication time, unchanged).
  if (a->published_at &&
      a->updated_at > std::max(*a->published_at, a->created_at) + std::chrono::minutes(1)) {
    art["updated"] = TimeView(ed, a->updated_at);
  }
  if (!a->correction.empty()) art["correction"] = a->correction;
  art["breaking"] = a->breaking;
  const bool open = CommentsOpen(*a, s.comments, now);
  art["comments_open"] = open;
  art["comments_closed_text"] = s.comments.closed_text;
  art["comment_url"] = ed.Path(site_internal::PermalinkPath(a->id) + "/comments");
  if (Status st = AddCommentsView(ed, a->id, art); !st.ok()) return Err(st);
  if (form) {
    art["comment_form"] = {{"name", form->input.name},
                           {"email", form->input.email},
                           {"body", form->input.body},
                           {"error", form->error}};
  }
  if (auto notice = req.QueryParam("comment")) {
    if (*notice == "pending") art["comment_notice"] = Ui(ed).Format("comment_pending");
    if (*notice == "posted") art["comment_notice"] = Ui(ed).Format("comment_posted");
  }
  // The in-article slot goes after its paragraph; the body is split there.
  for (const auto& ad : s.ad_slots) {
    if (ad.name == "in-article" && s.ads.enabled) {
      auto [before, after] = SplitAfterParagraph(a->body_html, ad.after_paragraph);
      if (!after.empty()) {
        art["body_html"] = before;
        art["body_after_html"] = after;
        art["in_article_ad_html"] = LazyIframes(ad.html);
      }
    }
  }
  {
    auto related = deps_.store->RelatedArticles(a->id, now, 4);
    if (!related) return Err(related.error());
    json items = json::array();
    for (const auto& r : *related) items.push_back(SummaryView(ed, r, &keys));
    if (!items.empty()) view["related"] = {{"items", std::move(items)}};
  }
  view["most_read"] = MostReadView(ed, keys);
  {
    // Sharing metadata (OpenGraph, Twitter card, JSON-LD); Today() above
    // has built the calendar for the current settings.
    std::optional<SiteCalendar> cal;
    {
      std::lock_guard lock(ed.state->mu);
      cal = ed.state->calendar;
    }
    if (cal) view["sharing"] = SharingView(*a, s, *cal, image_media);
  }
  // Translations: a link on the page, and hreflang alternates for search
  // engines (the story itself among them, as they ask).
  json translations = TranslationsView(ed, *a);
  if (!translations.empty()) {
    for (const auto& t : translations) keys.Add(cache_key::Story(t["id"].get<int64_t>()));
    view["translations"] = {{"items", translations}};
    json alternates = json::array();
    alternates.push_back({{"language", s.site.language}, {"href", canonical}});
    for (const auto& t : translations) {
      alternates.push_back({{"language", t["language"]}, {"href", t["href"]}});
    }
    view["alternates"] = std::move(alternates);
  }
  view["article"] = std::move(art);
  view["page_title"] = a->headline;
  view["page_description"] = a->standfirst;
  view["canonical"] = canonical;

  auto res = RenderPage(deps_.theme->Choose({"article-" + a->section.slug, "article"}), view,
                        form ? form->status : 200);
  if (res && form) res->SetHeader("Cache-Control", "no-store");
  if (res && !form) {
    res->SetHeader("Cache-Control", kArticleCacheControl);
    // The related box picks up newly published stories when the page
    // expires, rather than every publication dropping every article that
    // shares a tag with it (a third of the site, for a tag like Pakistan).
    // Edits and removals of the stories it shows drop the page at once.
    Seconds until = now + kRelatedBoxFreshness;
    // Comments that close by themselves change the page at that moment.
    if (open && s.comments.close_after_days > 0 && a->published_at) {
      until = std::min(until, *a->published_at + std::chrono::days(s.comments.close_after_days));
    }
    MarkCacheable(ed, *res, keys, until);
    res->cacheable->counted_story = a->id;
  }
  // The page also shows today's date line, so it is never older than the
  // start of the local day.
  if (res)
    res->SetHeader("Last-Modified",
                   http::FormatHttpDate(std::max(a->updated_at, DayStart(ed, now))));
  return res;
}

// ---- Home ----

http::Response PublicSite::Home(const http::Request& req, const std::string& edition) {
  // "/?p=12" asked for a post of the site's previous system: its new
  // address, or (as WordPress would) not found.
  if (req.query.contains("p") || req.query.contains("page_id")) {
    if (auto moved = OldAddress(req)) return *moved;
    return NotFound(req, edition);
  }
  const Ed ed = EditionFor(edition);
  return Respond(req, ed, RenderHome(req, ed));
}

Result<http::Response> PublicSite::RenderHome(const http::Request&, const Ed& ed) {
  ArticleQuery q;
  q.now = deps_.clock->Now();
  q.limit = 60;
  q.edition = ed.key;
  auto page = deps_.store->ListLiveArticles(q);
  if (!page) return Err(page.error());
  CacheKeys keys;
  keys.Add(cache_key::kAllLists);
  json view = BaseView(ed);
  // The newest story leads; the rest are grouped by section, sections in
  // the order of their newest story.
  json groups = json::array();
  std::map<std::string, size_t> group_of;
  for (size_t i = 0; i < page->items.size(); ++i) {
    const auto& a = page->items[i];
    if (i == 0) {
      view["lead"] = SummaryView(ed, a, &keys);
      continue;
    }
    auto [it, inserted] = group_of.try_emplace(a.section.slug, groups.size());
    if (inserted) {
      groups.push_back({{"name", a.section.name},
                        {"url", ed.Path("/section/" + a.section.slug)},
                        {"items", json::array()}});
    }
    groups[it->second]["items"].push_back(SummaryView(ed, a, &keys));
  }
  view["groups"] = std::move(groups);
  view["empty"] = page->items.empty();
  view["canonical"] = ed.settings->site.base_url + "/";
  view["is_home"] = true;
  view["most_read"] = MostReadView(ed, keys);
  // Every edition's home page names the others (hreflang).
  json alternates = json::array();
  const std::vector<std::string> editions = EditionKeys(*ed.settings);
  if (editions.size() > 1) {
    for (const std::string& key : editions) {
      auto other = deps_.settings->Current(key);
      alternates.push_back({{"language", other->site.language},
                            {"href", other->site.base_url + "/"},
                            {"name", other->site.name}});
    }
    view["alternates"] = std::move(alternates);
  }
  auto res = RenderPage("home", view);
  if (res) {
    res->SetHeader("Cache-Control", kHomeCacheControl);
    MarkCacheable(ed, *res, keys);
  }
  return res;
}

// ---- Listings ----

http::Response PublicSite::SectionPage(const http::Request& req, const std::string& edition,
                                       const std::string& slug) {
  const Ed ed = EditionFor(edition);
  return Respond(req, ed, RenderListing(req, ed, ListingKind::kSection, slug));
}
http::Response PublicSite::TagPage(const http::Request& req, const std::string& edition,
                                   const std::string& slug) {
  const Ed ed = EditionFor(edition);
  return Respond(req, ed, RenderListing(req, ed, ListingKind::kTag, slug));
}
http::Response PublicSite::AuthorPage(const http::Request& req, const std::string& edition,
                                      const std::string& slug) {
  const Ed ed = EditionFor(edition);
  return Respond(req, ed, RenderListing(req, ed, ListingKind::kAuthor, slug));
}

Result<http::Response> PublicSite::RenderListing(const http::Request& req, const Ed& ed,
                                                 ListingKind kind, const std::string& slug) {
  auto page_number = ParsePage(req, Ui(ed));
  if (!page_number) return Err(page_number.error());
  ArticleQuery q;
  q.now = deps_.clock->Now();
  q.limit = ed.settings->site.page_size;
  q.edition = ed.key;
  q.offset = (*page_number - 1) * q.limit;
  std::string title, kind_name, path;
  json extra;
  CacheKeys keys;
  switch (kind) {
    case ListingKind::kSection: {
      auto sec = deps_.store->GetSection(slug);
      if (!sec) return Err(sec.error());
      // A section belongs to one edition: its page is there.
      if (auto other = deps_.settings->Current(sec->edition); other->site.edition != ed.key) {
        return http::Redirect(site_internal::Absolute(*other, "/section/" + sec->slug), 301);
      }
      title = sec->name;
      kind_name = "section";
      path = ListingPath("/section/", sec->slug);
      q.section_slug = sec->slug;
      keys.Add(cache_key::SectionList(sec->id));
      keys.Add(cache_key::Section(sec->id));
      break;
    }
    case ListingKind::kTag: {
      // Names only drafts, scheduled or embargoed stories carry are not
      // public: their page is a 404 until the first story goes live.
      auto tag = deps_.store->GetLiveTag(slug, q.now);
      if (!tag) return Err(tag.error());
      title = tag->name;
      kind_name = "tag";
      path = ListingPath("/tag/", tag->slug);
      q.tag_slug = tag->slug;
      keys.Add(cache_key::TagList(tag->id));
      keys.Add(cache_key::Tag(tag->id));
      break;
    }
    case ListingKind::kAuthor: {
      auto author = deps_.store->GetLiveAuthor(slug, q.now);
      if (!author) return Err(author.error());
      title = author->name;
      kind_name = "author";
      path = ListingPath("/author/", author->slug);
      q.author_slug = author->slug;
      keys.Add(cache_key::AuthorList(author->id));
      keys.Add(cache_key::Author(author->id));
      extra["bio"] = author->bio;
      if (!author->photo.empty()) extra["photo"] = "/media/" + author->photo;
      break;
    }
  }
  // An old slug (before a rename or merge) still finds its listing:
  // send readers and search engines to the current address.
  if (path != ListingPath("/" + kind_name + "/", slug)) {
    return http::Redirect(
        ed.Path(*page_number == 1 ? path : path + "?page=" + std::to_string(*page_number)), 301);
  }
  auto page = deps_.store->ListLiveArticles(q);
  if (!page) return Err(page.error());
  const int64_t pages = std::max<int64_t>(1, (page->total + q.limit - 1) / q.limit);
  if (*page_number > pages)
    return khabar::NotFound(Ui(ed).Format("error_listing_pages", {{"pages", pages}}));

  // An empty page of a tag or author (live elsewhere, in another edition)
  // names no story whose leaving would drop it: it goes when names change.
  if (page->items.empty() && kind != ListingKind::kSection) keys.Add(cache_key::kLiveNames);
  json view = BaseView(ed);
  json items = json::array();
  for (const auto& a : page->items) items.push_back(SummaryView(ed, a, &keys));
  const std::string base = ed.settings->site.base_url;
  // Paths from here on carry the edition's prefix; `base` already does.
  const std::string local_path = path;
  path = ed.Path(path);
  auto page_url = [&](int64_t n) { return n == 1 ? path : path + "?page=" + std::to_string(n); };
  view["listing"] = {
      {"kind", kind_name},
      {"is_" + kind_name, true},
      {"title", title},
      {"url", path},
      {"items", std::move(items)},
      {"empty", page->items.empty()},
      {"page", *page_number},
      {"pages", pages},
      {"page_of", Ui(ed).Format("page_of", {{"page", *page_number}, {"pages", pages}})},
      {"paginated", pages > 1}};
  if (extra.contains("bio") && !extra["bio"].get<std::string>().empty()) {
    view["listing"]["bio"] = extra["bio"];
  }
  if (extra.contains("photo")) view["listing"]["photo"] = extra["photo"];
  if (*page_number > 1) view["listing"]["prev_url"] = page_url(*page_number - 1);
  if (*page_number < pages) view["listing"]["next_url"] = page_url(*page_number + 1);
  view["page_title"] = title;
  view["canonical"] = http::EncodeNonAscii(
      base +
      (*page_number == 1 ? local_path : local_path + "?page=" + std::to_string(*page_number)));
  auto res = RenderPage(deps_.theme->Choose({kind_name + "-" + slug, kind_name, "listing"}), view);
  if (res) MarkCacheable(ed, *res, keys);
  return res;
}

// ---- Files and health ----

http::Response PublicSite::Static(const http::Request& req, const std::string& path) {
  // /static/fonts/<file> comes from [theme] fonts_dir, and only for the
  // files the theme's stylesheet names (Theme::fonts): that directory is
  // the system's, not the theme's.
  if (std::string_view(path).starts_with("fonts/")) {
    const std::string name = path.substr(6);
    const auto& fonts = deps_.theme->fonts();
    if (std::find(fonts.begin(), fonts.end(), name) == fonts.end()) return NotFound(req);
    http::Response res =
        http::ServeFile(deps_.settings->Current()->theme.fonts_dir, name, kAssetCacheControl);
    if (res.status == 404) return NotFound(req);
    return res;
  }
  http::Response res = http::ServeFile(deps_.theme->assets_dir(), path, kAssetCacheControl);
  if (res.status == 404) return NotFound(req);
  return res;
}

http::Response PublicSite::Media(const http::Request& req, const std::string& path) {
  http::Response res = http::ServeFile(deps_.media_dir, path, kMediaCacheControl);
  if (res.status == 404) return NotFound(req);
  return res;
}

http::Response PublicSite::Healthz(const http::Request&) {
  auto sections = deps_.store->ListSections(std::nullopt);
  if (!sections) {
    spdlog::error("healthz: {}", sections.error().ToString());
    http::Response res = http::Text("store unavailable\n", 503);
    res.SetHeader("Cache-Control", "no-store");
    return res;
  }
  http::Response res = http::Text("ok\n");
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

// ---- Most read ----

json PublicSite::MostReadView(const Ed& ed, CacheKeys& keys) {
  const Seconds now = deps_.clock->Now();
  EditionState& st = *ed.state;
  bool stale;
  {
    std::lock_guard lock(st.most_read_mu);
    stale =
        !st.most_read || now - st.most_read_at >= std::chrono::minutes(1) || now < st.most_read_at;
  }
  if (stale) RefreshMostRead(ed);
  std::lock_guard lock(st.most_read_mu);
  keys.Add(cache_key::kMostRead);
  keys.Merge(st.most_read_keys);
  return st.most_read ? *st.most_read : json();
}

json PublicSite::TranslationsView(const Ed& ed, const khabar::Article& a) {
  json out = json::array();
  auto list = deps_.store->ListTranslations(a.id, deps_.clock->Now());
  if (!list) {
    spdlog::warn("translations of story {}: {}", a.id, list.error().ToString());
    return out;
  }
  for (const auto& t : *list) {
    auto other = deps_.settings->Current(t.edition);
    // A story of an edition that is no longer configured has no page.
    if (other->site.edition != t.edition) continue;
    // The link speaks the translation's language: its catalog, and the
    // language's own name ("اردو", "English").
    const std::string& language = other->site.language;
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(language, status);
    icu::UnicodeString own_name;
    locale.getDisplayLanguage(locale, own_name);
    std::string language_name;
    own_name.toUTF8String(language_name);
    out.push_back({{"id", t.id},
                   {"headline", t.headline},
                   {"label", deps_.theme->MessagesFor(language).Format(
                                 "read_in_language", {{"language", language_name}})},
                   {"language", other->site.language},
                   {"dir", other->site.direction},
                   {"edition_name", other->site.name},
                   {"href", site_internal::Absolute(
                                *other, site_internal::ArticlePath(*other, t.id, t.slug))},
                   {"url", ArticleHref(ed, t)}});
  }
  return out;
}

// ---- Comments ----

http::Response PublicSite::PostComment(const http::Request& req, const std::string& id) {
  // The story's own edition answers; until it is found, the main one.
  const Ed main = EditionFor("");
  if (deps_.comment_limit) {
    if (auto wait = deps_.comment_limit->Take(ClientKey(req.remote_address))) {
      return TooManyRequests(main, "too_many_comments", *wait);
    }
  }
  auto res = AcceptComment(req, id);
  if (res) return std::move(*res);
  Ed ed = main;
  if (auto a = LoadLive(main, id, deps_.clock->Now())) ed = EditionFor(a->edition);
  return Respond(req, ed, std::move(res));
}

Result<http::Response> PublicSite::AcceptComment(const http::Request& req,
                                                 const std::string& id_text) {
  const Seconds now = deps_.clock->Now();
  auto a = LoadLive(EditionFor(""), id_text, now);
  if (!a) return Err(a.error());
  const Ed ed = EditionFor(a->edition);
  const auto& settings = ed.settings;
  if (Status st = CheckSameSite(req.Header("origin"), req.Header("sec-fetch-site"),
                                req.Header("host"), settings->site.base_url);
      !st.ok()) {
    return Err(st);
  }
  auto form = http::ParseForm(req.Header("content-type"), req.body);
  if (!form) return Err(form.error());

  CommentForm state;
  // Controls are dropped on the way in, so no page (the moderation queue
  // first) ever shows them; CheckComment then sees what would be stored.
  state.input.name = StripControls(form->Get("name"));
  state.input.email = StripControls(form->Get("email"));
  state.input.body = StripControls(form->Get("body"));
  state.input.website = form->Get("website");
  if (const std::string& parent = form->Get("parent_id"); !parent.empty()) {
    state.input.parent_id = ParsePositiveId(parent);
    if (!state.input.parent_id) return InvalidArgument(Ui(ed).Format("error_bad_parent"));
  }
  auto refuse = [&](const Status& st) {
    state.error = st.message();
    state.status = http::HttpStatusFor(st.code());
    return RenderArticle(req, ed, id_text, a->slug, &state);
  };
  if (!CommentsOpen(*a, settings->comments, now)) {
    return refuse(Status(Code::kPermissionDenied, settings->comments.closed_text));
  }
  if (Status st = CheckComment(state.input, settings->comments, Ui(ed)); !st.ok())
    return refuse(st);
  // A reply names an approved top-level comment of this story. Any other
  // number (none, pending, spam, rejected, a reply, another story's) gets
  // the same answer, so the form tells nobody which comments exist.
  if (state.input.parent_id) {
    auto approved = deps_.store->ListApprovedComments(a->id);
    if (!approved) return Err(approved.error());
    const bool found = std::any_of(approved->begin(), approved->end(), [&](const Comment& c) {
      return c.id == *state.input.parent_id && !c.parent_id;
    });
    if (!found) return refuse(Status(Code::kInvalidArgument, Ui(ed).Format("error_bad_parent")));
  }
  // Per-address limits on comments accepted (by default one per 30
  // seconds, 10 an hour), counted in the store so every node sees them.
  // Retry-After names the whole window and a second (the store counts
  // whole seconds): after it a comment is certainly accepted again.
  const CommentsSettings& limits = settings->comments;
  std::optional<std::chrono::seconds> retry_after;
  if (limits.min_interval_seconds > 0) {
    const std::chrono::seconds interval(limits.min_interval_seconds);
    auto recent = deps_.activity->CountCommentsFrom(req.remote_address, now - interval);
    if (!recent) return Err(recent.error());
    if (*recent >= 1) retry_after = interval;
  }
  if (!retry_after && limits.max_per_hour > 0) {
    auto hourly = deps_.activity->CountCommentsFrom(req.remote_address, now - std::chrono::hours(1));
    if (!hourly) return Err(hourly.error());
    if (*hourly >= limits.max_per_hour) retry_after = std::chrono::hours(1);
  }
  if (retry_after) {
    auto res = refuse(Status(Code::kResourceExhausted, Ui(ed).Format("comment_too_quick")));
    if (res) res->SetHeader("Retry-After", std::to_string(retry_after->count() + 1));
    return res;
  }
  Comment c;
  c.article_id = a->id;
  c.parent_id = state.input.parent_id;
  c.name = state.input.name;
  c.email = state.input.email;
  c.body = state.input.body;
  c.status =
      settings->comments.moderation == "none" ? CommentStatus::kApproved : CommentStatus::kPending;
  c.created_at = now;
  c.address = req.remote_address;
  auto added = deps_.activity->AddComment(c);
  if (!added) {
    if (added.error().code() == Code::kInvalidArgument) return refuse(added.error());
    return Err(added.error());
  }
  const bool approved = c.status == CommentStatus::kApproved;
  return http::Redirect(ArticleHref(ed, *a) + "?comment=" + (approved ? "posted" : "pending") +
                            (approved ? "#comment-" + std::to_string(*added) : "#comments"),
                        303);
}

// ---- Search ----

http::Response PublicSite::Search(const http::Request& req, const std::string& edition) {
  const Ed ed = EditionFor(edition);
  if (deps_.search_limit) {
    if (auto wait = deps_.search_limit->Take(ClientKey(req.remote_address))) {
      return TooManyRequests(ed, "too_many_searches", *wait);
    }
  }
  return Respond(req, ed, RenderSearch(req, ed));
}

Result<http::Response> PublicSite::RenderSearch(const http::Request& req, const Ed& ed) {
  constexpr size_t kMaxQuery = 200;
  constexpr int64_t kPerPage = 10;
  json view = BaseView(ed);
  const Messages& ui = Ui(ed);
  view["page_title"] = ui.Format("search");
  view["is_search"] = true;
  const std::string q = req.QueryParam("q").value_or("");
  // The query is isolated (U+2068 ... U+2069), so a Latin query keeps its
  // place in an Urdu sentence.
  json search = {{"q", q},
                 {"title", ui.Format("search_results_for", {{"query", "\u2068" + q + "\u2069"}})}};
  // Friendly answers, never errors: nothing typed, too long, or a bad page.
  const int64_t page = ParseWholeNumber(req.QueryParam("page").value_or(""), 1, 1000).value_or(1);
  if (q.find_first_not_of(" \t") == std::string::npos) {
    search["message"] = ui.Format("search_prompt");
  } else if (q.size() > kMaxQuery) {
    search["message"] = ui.Format("search_too_long", {{"max", static_cast<int64_t>(kMaxQuery)}});
  } else {
    SearchQuery sq;
    sq.text = q;
    sq.now = deps_.clock->Now();
    sq.limit = kPerPage;
    sq.offset = (page - 1) * kPerPage;
    sq.edition = ed.key;
    auto found = deps_.store->SearchArticles(sq);
    if (!found) return Err(found.error());
    json hits = json::array();
    for (const auto& h : found->hits) {
      json item = SummaryView(ed, h.article);
      item["snippet"] = MarkedSnippet(h.snippet);
      hits.push_back(std::move(item));
    }
    const int64_t pages = std::max<int64_t>(1, (found->total + kPerPage - 1) / kPerPage);
    search["total"] = found->total;
    search["more"] = found->more;
    search["total_text"] = ui.Format(found->more ? "search_total_more" : "search_total",
                                     {{"count", static_cast<int64_t>(found->total)}});
    search["hits"] = std::move(hits);
    search["page"] = page;
    search["pages"] = pages;
    search["page_of"] = ui.Format("page_of", {{"page", page}, {"pages", pages}});
    search["paginated"] = pages > 1;
    const std::string base = ed.Path("/search?q=") + http::QueryEncode(q);
    if (page > 1) search["prev_url"] = base + "&page=" + std::to_string(page - 1);
    if (page < pages) search["next_url"] = base + "&page=" + std::to_string(page + 1);
    if (found->total == 0) {
      search["message"] = ui.Format("search_no_results");
    } else if (page > pages) {
      search["message"] = ui.Format("search_no_more", {{"pages", pages}});
    }
  }
  view["search"] = std::move(search);
  auto res = RenderPage("search", view);
  if (res) {
    res->SetHeader("X-Robots-Tag", "noindex");
    res->SetHeader("Cache-Control", kSearchCacheControl);
  }
  return res;
}

}  // namespace khabar
