#include "site/public_site.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/files.h"
#include "base/hash.h"
#include "base/numbers.h"
#include "http/finish.h"
#include "http/form.h"
#include "http/request_target.h"
#include "http/static_files.h"
#include "http/status_map.h"
#include "media/srcset.h"
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
// 1 to kMaxPage is a bad request, never a 500.
Result<int64_t> ParsePage(const http::Request& req) {
  auto p = req.QueryParam("page");
  if (!p) return 1;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), n);
  if (ec != std::errc() || end != p->data() + p->size() || n < 1 || n > kMaxPage) {
    return InvalidArgument("page must be a whole number from 1 to " + std::to_string(kMaxPage));
  }
  return n;
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
// paragraph, for the in-article ad slot. The HTML is cmark's own output, so
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

PublicSite::PublicSite(SiteDeps deps)
    : deps_(std::move(deps)), asset_version_(AssetVersion(deps_.theme->assets_dir())) {}

PublicSite::~PublicSite() = default;

std::string PublicSite::ArticleUrl(const khabar::Article& a) {
  return site_internal::ArticlePath(a.id, a.slug);
}

DateLine PublicSite::Today() {
  const Seconds now = deps_.clock->Now();
  auto settings = deps_.settings->Current();
  std::lock_guard lock(today_mu_);
  if (!calendar_ || settings != calendar_settings_ ||
      now - calendar_built_at_ >= kCalendarRefresh || now < calendar_built_at_) {
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
      calendar_ = std::move(*cal);
      calendar_built_at_ = now;
      calendar_settings_ = settings;
    }
  }
  return calendar_ ? calendar_->ForInstant(now) : DateLine{};
}

Seconds PublicSite::DayStart(Seconds now) {
  std::lock_guard lock(today_mu_);
  if (!calendar_) return now;
  return calendar_->NextLocalMidnight(now) - std::chrono::hours(24);
}

json PublicSite::TimeView(Seconds t) {
  // calendar_ is set by Today(), which every page calls first.
  std::lock_guard lock(today_mu_);
  if (!calendar_) return json{{"iso", FormatIso8601Utc(t)}, {"text", FormatIso8601Utc(t)}};
  return json{{"iso", calendar_->FormatIsoLocal(t)}, {"text", calendar_->FormatTime(t)}};
}

json PublicSite::BaseView() {
  auto snapshot = deps_.settings->Current();
  const Settings& s = *snapshot;
  DateLine today = Today();
  json view;
  view["site"] = {{"name", s.site.name},
                  {"base_url", s.site.base_url},
                  {"language", s.site.language},
                  {"dir", "ltr"}};
  view["today"] = {{"gregorian", today.gregorian}, {"hijri", today.hijri}, {"iso", today.iso_date}};
  json sections = json::array();
  if (auto list = deps_.store->ListSections(std::nullopt)) {
    for (const auto& sec : *list) {
      sections.push_back({{"name", sec.name}, {"url", "/section/" + sec.slug}});
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

void PublicSite::RefreshMostRead() {
  const Seconds now = deps_.clock->Now();
  json items = json::array();
  CacheKeys keys;
  if (auto list = deps_.store->MostRead(now - std::chrono::hours(24), now, 5, std::nullopt)) {
    for (const auto& a : *list) items.push_back(SummaryView(a, &keys));
  } else {
    spdlog::warn("most read: {}", list.error().ToString());
    return;
  }
  auto box =
      std::make_shared<const json>(items.empty() ? json() : json{{"items", std::move(items)}});
  bool changed;
  {
    std::lock_guard lock(most_read_mu_);
    changed = most_read_ && *most_read_ != *box;
    most_read_ = std::move(box);
    most_read_keys_ = keys.Take();
    most_read_at_ = now;
  }
  if (changed && deps_.invalidate) deps_.invalidate({std::string(cache_key::kMostRead)});
}

void PublicSite::ForgetCalendar() {
  std::lock_guard lock(today_mu_);
  calendar_.reset();
}

void PublicSite::MarkCacheable(http::Response& res, CacheKeys& keys, std::optional<Seconds> until) {
  keys.Add(cache_key::kDateline);
  keys.Add(cache_key::kNav);
  const Seconds now = deps_.clock->Now();
  Seconds midnight = now + std::chrono::hours(24);
  {
    std::lock_guard lock(today_mu_);
    if (calendar_) midnight = calendar_->NextLocalMidnight(now);
  }
  res.cacheable.emplace();
  res.cacheable->keys = keys.Take();
  res.cacheable->until = until ? std::min(*until, midnight) : midnight;
}

json PublicSite::SummaryView(const khabar::Article& a, CacheKeys* keys) {
  if (keys) keys->AddStory(a);
  json item = {{"id", a.id},
               {"url", ArticleUrl(a)},
               {"headline", a.headline},
               {"standfirst", a.standfirst},
               {"section", {{"name", a.section.name}, {"url", "/section/" + a.section.slug}}}};
  if (a.published_at) item["published"] = TimeView(*a.published_at);
  item["breaking"] = a.breaking;
  if (a.comment_count > 0) {
    item["comment_count"] = a.comment_count;
    item["comment_one"] = a.comment_count == 1;
  }
  if (a.image) {
    item["image"] = {{"src", "/media/" + a.image->file}, {"alt", a.image->alt}};
  }
  json authors = json::array();
  for (const auto& au : a.authors) {
    authors.push_back({{"name", au.name}, {"url", "/author/" + au.slug}});
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

http::Response PublicSite::ErrorPage(const Status& status) {
  const int code = http::HttpStatusFor(status.code());
  json view = BaseView();
  view["error"] = {{"status", code},
                   {"title", std::string(http::ReasonPhrase(code))},
                   // Only client errors explain themselves; a 5xx message may
                   // name internals and goes to the log instead.
                   {"message", code < 500 ? status.message() : ""},
                   {"not_found", code == 404}};
  view["page_title"] = std::string(http::ReasonPhrase(code));
  auto html = deps_.theme->Render("error", view);
  if (!html) {
    spdlog::error("error page: {}", html.error().ToString());
    return http::StatusResponse(status);
  }
  http::Response res = http::Html(std::move(*html), code);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

http::Response PublicSite::TooManyRequests(const std::string& what, std::chrono::seconds wait) {
  http::Response res = ErrorPage(
      Status(Code::kResourceExhausted, "Too many " + what + " from your address. Please wait " +
                                           http::DescribeWait(wait) + " and try again."));
  res.SetHeader("Retry-After", std::to_string(wait.count()));
  return res;
}

http::Response PublicSite::Respond(const http::Request& req, Result<http::Response> result) {
  if (result) return std::move(*result);
  const Status& st = result.error();
  if (http::HttpStatusFor(st.code()) >= 500) {
    spdlog::error("{} {}: {}", req.method, req.target, st.ToString());
  }
  return ErrorPage(st);
}

http::Response PublicSite::NotFound(const http::Request& req) {
  return Respond(req, khabar::NotFound("There is no page at this address."));
}

// ---- Article ----

Result<Article> PublicSite::LoadLive(const std::string& id_text, Seconds now) {
  // Unknown, malformed and not-yet-live ids all look the same to readers.
  auto missing = [] { return khabar::NotFound("There is no story at this address."); };
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

http::Response PublicSite::Article(const http::Request& req, const std::string& id,
                                   const std::string& slug) {
  return Respond(req, RenderArticle(req, id, slug));
}

Result<http::Response> PublicSite::RenderArticle(const http::Request& req,
                                                 const std::string& id_text,
                                                 const std::string& slug, const CommentForm* form) {
  const Seconds now = deps_.clock->Now();
  auto a = LoadLive(id_text, now);
  if (!a) return Err(a.error());
  if (slug != a->slug && !form) return http::Redirect(ArticleUrl(*a), 301);
  if (deps_.views && !form) deps_.views->Count(a->id);

  auto snapshot = deps_.settings->Current();
  const Settings& s = *snapshot;
  CacheKeys keys;
  json view = BaseView();
  json art = SummaryView(*a, &keys);
  art["body_html"] = a->body_html;
  std::optional<MediaRecord> image_media;
  art["canonical"] = s.site.base_url + ArticleUrl(*a);
  json tags = json::array();
  for (const auto& t : a->tags) tags.push_back({{"name", t.name}, {"url", "/tag/" + t.slug}});
  art["has_tags"] = !tags.empty();
  art["tags"] = std::move(tags);
  if (a->image) {
    art["image"]["caption"] = a->image->caption;
    art["image"]["credit"] = a->image->credit;
    // Newsroom uploads have resized renditions: offer them as srcset.
    if (auto media = deps_.store->GetMediaByFile(a->image->file)) {
      image_media = *media;
      keys.Add(cache_key::Media(media->id));
      if (!media->variants.empty()) {
        art["image"]["srcset_webp"] = SrcSet(*media, "image/webp");
        art["image"]["srcset_jpeg"] = SrcSet(*media, "image/jpeg");
      }
    }
    if (a->image->width > 0 && a->image->height > 0) {
      art["image"]["width"] = a->image->width;
      art["image"]["height"] = a->image->height;
    }
  }
  // "Updated" only when the story was edited after it went out (an
  // imported story is created after its publication time, unchanged).
  if (a->published_at &&
      a->updated_at > std::max(*a->published_at, a->created_at) + std::chrono::minutes(1)) {
    art["updated"] = TimeView(a->updated_at);
  }
  if (!a->correction.empty()) art["correction"] = a->correction;
  art["breaking"] = a->breaking;
  const bool open = CommentsOpen(*a, s.comments, now);
  art["comments_open"] = open;
  art["comments_closed_text"] = s.comments.closed_text;
  art["comment_url"] = site_internal::PermalinkPath(a->id) + "/comments";
  {
    auto comments = deps_.store->ListApprovedComments(a->id);
    if (!comments) return Err(comments.error());
    // One level of replies: top-level comments in order, each with its
    // replies in order.
    json top = json::array();
    std::map<int64_t, size_t> index;
    for (const auto& c : *comments) {
      json item = {{"id", c.id},
                   {"name", c.name},
                   {"time", TimeView(c.created_at)},
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
    art["has_comments"] = !comments->empty();
    art["comments"] = std::move(top);
  }
  if (form) {
    art["comment_form"] = {{"name", form->input.name},
                           {"email", form->input.email},
                           {"body", form->input.body},
                           {"error", form->error}};
  }
  if (auto notice = req.QueryParam("comment")) {
    if (*notice == "pending")
      art["comment_notice"] = "Thank you. Your comment will appear once an editor has read it.";
    if (*notice == "posted") art["comment_notice"] = "Thank you. Your comment is published.";
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
    for (const auto& r : *related) items.push_back(SummaryView(r, &keys));
    if (!items.empty()) view["related"] = {{"items", std::move(items)}};
  }
  view["most_read"] = MostReadView(keys);
  {
    // Sharing metadata (OpenGraph, Twitter card, JSON-LD); Today() above
    // has built the calendar for the current settings.
    std::optional<SiteCalendar> cal;
    {
      std::lock_guard lock(today_mu_);
      cal = calendar_;
    }
    if (cal) view["sharing"] = SharingView(*a, s, *cal, image_media);
  }
  view["article"] = std::move(art);
  view["page_title"] = a->headline;
  view["page_description"] = a->standfirst;
  view["canonical"] = s.site.base_url + ArticleUrl(*a);

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
    MarkCacheable(*res, keys, until);
    res->cacheable->counted_story = a->id;
  }
  // The page also shows today's date line, so it is never older than the
  // start of the local day.
  if (res)
    res->SetHeader("Last-Modified", http::FormatHttpDate(std::max(a->updated_at, DayStart(now))));
  return res;
}

// ---- Home ----

http::Response PublicSite::Home(const http::Request& req) { return Respond(req, RenderHome(req)); }

Result<http::Response> PublicSite::RenderHome(const http::Request&) {
  ArticleQuery q;
  q.now = deps_.clock->Now();
  q.limit = 60;
  auto page = deps_.store->ListLiveArticles(q);
  if (!page) return Err(page.error());
  CacheKeys keys;
  keys.Add(cache_key::kAllLists);
  json view = BaseView();
  // The newest story leads; the rest are grouped by section, sections in
  // the order of their newest story.
  json groups = json::array();
  std::map<std::string, size_t> group_of;
  for (size_t i = 0; i < page->items.size(); ++i) {
    const auto& a = page->items[i];
    if (i == 0) {
      view["lead"] = SummaryView(a, &keys);
      continue;
    }
    auto [it, inserted] = group_of.try_emplace(a.section.slug, groups.size());
    if (inserted) {
      groups.push_back({{"name", a.section.name},
                        {"url", "/section/" + a.section.slug},
                        {"items", json::array()}});
    }
    groups[it->second]["items"].push_back(SummaryView(a, &keys));
  }
  view["groups"] = std::move(groups);
  view["empty"] = page->items.empty();
  view["canonical"] = deps_.settings->Current()->site.base_url + "/";
  view["is_home"] = true;
  view["most_read"] = MostReadView(keys);
  auto res = RenderPage("home", view);
  if (res) {
    res->SetHeader("Cache-Control", kHomeCacheControl);
    MarkCacheable(*res, keys);
  }
  return res;
}

// ---- Listings ----

http::Response PublicSite::SectionPage(const http::Request& req, const std::string& slug) {
  return Respond(req, RenderListing(req, ListingKind::kSection, slug));
}
http::Response PublicSite::TagPage(const http::Request& req, const std::string& slug) {
  return Respond(req, RenderListing(req, ListingKind::kTag, slug));
}
http::Response PublicSite::AuthorPage(const http::Request& req, const std::string& slug) {
  return Respond(req, RenderListing(req, ListingKind::kAuthor, slug));
}

Result<http::Response> PublicSite::RenderListing(const http::Request& req, ListingKind kind,
                                                 const std::string& slug) {
  auto page_number = ParsePage(req);
  if (!page_number) return Err(page_number.error());
  ArticleQuery q;
  q.now = deps_.clock->Now();
  q.limit = deps_.settings->Current()->site.page_size;
  q.offset = (*page_number - 1) * q.limit;
  std::string title, kind_name, path;
  json extra;
  CacheKeys keys;
  switch (kind) {
    case ListingKind::kSection: {
      auto sec = deps_.store->GetSection(slug);
      if (!sec) return Err(sec.error());
      title = sec->name;
      kind_name = "section";
      path = ListingPath("/section/", sec->slug);
      q.section_slug = sec->slug;
      keys.Add(cache_key::SectionList(sec->id));
      keys.Add(cache_key::Section(sec->id));
      break;
    }
    case ListingKind::kTag: {
      auto tag = deps_.store->GetTag(slug);
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
      auto author = deps_.store->GetAuthor(slug);
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
    return http::Redirect(*page_number == 1 ? path : path + "?page=" + std::to_string(*page_number),
                          301);
  }
  auto page = deps_.store->ListLiveArticles(q);
  if (!page) return Err(page.error());
  const int64_t pages = std::max<int64_t>(1, (page->total + q.limit - 1) / q.limit);
  if (*page_number > pages)
    return khabar::NotFound("This listing has only " + std::to_string(pages) +
                            (pages == 1 ? " page." : " pages."));

  json view = BaseView();
  json items = json::array();
  for (const auto& a : page->items) items.push_back(SummaryView(a, &keys));
  const std::string base = deps_.settings->Current()->site.base_url;
  auto page_url = [&](int64_t n) { return n == 1 ? path : path + "?page=" + std::to_string(n); };
  view["listing"] = {{"kind", kind_name},
                     {"is_" + kind_name, true},
                     {"title", title},
                     {"url", path},
                     {"items", std::move(items)},
                     {"empty", page->items.empty()},
                     {"page", *page_number},
                     {"pages", pages},
                     {"paginated", pages > 1}};
  if (extra.contains("bio") && !extra["bio"].get<std::string>().empty()) {
    view["listing"]["bio"] = extra["bio"];
  }
  if (extra.contains("photo")) view["listing"]["photo"] = extra["photo"];
  if (*page_number > 1) view["listing"]["prev_url"] = page_url(*page_number - 1);
  if (*page_number < pages) view["listing"]["next_url"] = page_url(*page_number + 1);
  view["page_title"] = title;
  view["canonical"] = base + page_url(*page_number);
  auto res = RenderPage(deps_.theme->Choose({kind_name + "-" + slug, kind_name, "listing"}), view);
  if (res) MarkCacheable(*res, keys);
  return res;
}

// ---- Files and health ----

http::Response PublicSite::Static(const http::Request& req, const std::string& path) {
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

json PublicSite::MostReadView(CacheKeys& keys) {
  const Seconds now = deps_.clock->Now();
  bool stale;
  {
    std::lock_guard lock(most_read_mu_);
    stale = !most_read_ || now - most_read_at_ >= std::chrono::minutes(1) || now < most_read_at_;
  }
  if (stale) RefreshMostRead();
  std::lock_guard lock(most_read_mu_);
  keys.Add(cache_key::kMostRead);
  keys.Merge(most_read_keys_);
  return most_read_ ? *most_read_ : json();
}

// ---- Comments ----

http::Response PublicSite::PostComment(const http::Request& req, const std::string& id) {
  if (deps_.comment_limit) {
    if (auto wait = deps_.comment_limit->Take(req.remote_address)) {
      return TooManyRequests("comment posts", *wait);
    }
  }
  return Respond(req, AcceptComment(req, id));
}

Result<http::Response> PublicSite::AcceptComment(const http::Request& req,
                                                 const std::string& id_text) {
  const Seconds now = deps_.clock->Now();
  auto a = LoadLive(id_text, now);
  if (!a) return Err(a.error());
  auto settings = deps_.settings->Current();
  if (Status st = CheckSameSite(req.Header("origin"), req.Header("sec-fetch-site"),
                                req.Header("host"), settings->site.base_url);
      !st.ok()) {
    return Err(st);
  }
  auto form = http::ParseForm(req.Header("content-type"), req.body);
  if (!form) return Err(form.error());

  CommentForm state;
  state.input.name = form->Get("name");
  state.input.email = form->Get("email");
  state.input.body = form->Get("body");
  state.input.website = form->Get("website");
  if (const std::string& parent = form->Get("parent_id"); !parent.empty()) {
    state.input.parent_id = ParsePositiveId(parent);
    if (!state.input.parent_id) return InvalidArgument("parent_id must be a comment number");
  }
  auto refuse = [&](const Status& st) {
    state.error = st.message();
    state.status = http::HttpStatusFor(st.code());
    return RenderArticle(req, id_text, a->slug, &state);
  };
  if (!CommentsOpen(*a, settings->comments, now)) {
    return refuse(Status(Code::kPermissionDenied, settings->comments.closed_text));
  }
  if (Status st = CheckComment(state.input, settings->comments); !st.ok()) return refuse(st);
  // Per-address limits on comments accepted (by default one per 30
  // seconds, 10 an hour), counted in the store so every node sees them.
  // Retry-After names the whole window and a second (the store counts
  // whole seconds): after it a comment is certainly accepted again.
  const CommentsSettings& limits = settings->comments;
  std::optional<std::chrono::seconds> retry_after;
  if (limits.min_interval_seconds > 0) {
    const std::chrono::seconds interval(limits.min_interval_seconds);
    auto recent = deps_.store->CountCommentsFrom(req.remote_address, now - interval);
    if (!recent) return Err(recent.error());
    if (*recent >= 1) retry_after = interval;
  }
  if (!retry_after && limits.max_per_hour > 0) {
    auto hourly = deps_.store->CountCommentsFrom(req.remote_address, now - std::chrono::hours(1));
    if (!hourly) return Err(hourly.error());
    if (*hourly >= limits.max_per_hour) retry_after = std::chrono::hours(1);
  }
  if (retry_after) {
    auto res =
        refuse(Status(Code::kResourceExhausted,
                      "You are commenting too quickly. Please wait a little and try again."));
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
  auto added = deps_.store->AddComment(c);
  if (!added) {
    if (added.error().code() == Code::kInvalidArgument) return refuse(added.error());
    return Err(added.error());
  }
  const bool approved = c.status == CommentStatus::kApproved;
  return http::Redirect(ArticleUrl(*a) + "?comment=" + (approved ? "posted" : "pending") +
                            (approved ? "#comment-" + std::to_string(*added) : "#comments"),
                        303);
}

// ---- Search ----

http::Response PublicSite::Search(const http::Request& req) {
  if (deps_.search_limit) {
    if (auto wait = deps_.search_limit->Take(req.remote_address)) {
      return TooManyRequests("searches", *wait);
    }
  }
  return Respond(req, RenderSearch(req));
}

Result<http::Response> PublicSite::RenderSearch(const http::Request& req) {
  constexpr size_t kMaxQuery = 200;
  constexpr int64_t kPerPage = 10;
  json view = BaseView();
  view["page_title"] = "Search";
  view["is_search"] = true;
  const std::string q = req.QueryParam("q").value_or("");
  json search = {{"q", q}};
  // Friendly answers, never errors: nothing typed, too long, or a bad page.
  int64_t page = 1;
  if (auto p = req.QueryParam("page"); p && !p->empty()) {
    auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), page);
    if (ec != std::errc() || end != p->data() + p->size() || page < 1 || page > 1000) page = 1;
  }
  if (q.find_first_not_of(" \t") == std::string::npos) {
    search["message"] = "Type a few words to search the stories.";
  } else if (q.size() > kMaxQuery) {
    search["message"] = "That search is too long. Please use fewer words (at most " +
                        std::to_string(kMaxQuery) + " characters).";
  } else {
    SearchQuery sq;
    sq.text = q;
    sq.now = deps_.clock->Now();
    sq.limit = kPerPage;
    sq.offset = (page - 1) * kPerPage;
    auto found = deps_.store->SearchArticles(sq);
    if (!found) return Err(found.error());
    json hits = json::array();
    for (const auto& h : found->hits) {
      json item = SummaryView(h.article);
      item["snippet"] = MarkedSnippet(h.snippet);
      hits.push_back(std::move(item));
    }
    const int64_t pages = std::max<int64_t>(1, (found->total + kPerPage - 1) / kPerPage);
    search["total"] = found->total;
    search["more"] = found->more;
    search["hits"] = std::move(hits);
    search["page"] = page;
    search["pages"] = pages;
    search["paginated"] = pages > 1;
    const std::string base = "/search?q=" + http::QueryEncode(q);
    if (page > 1) search["prev_url"] = base + "&page=" + std::to_string(page - 1);
    if (page < pages) search["next_url"] = base + "&page=" + std::to_string(page + 1);
    if (found->total == 0) {
      search["message"] = "No stories match that search.";
    } else if (page > pages) {
      search["message"] = "There are no more results: this search has " + std::to_string(pages) +
                          (pages == 1 ? " page." : " pages.");
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
