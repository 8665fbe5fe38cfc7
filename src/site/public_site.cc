#include "site/public_site.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/files.h"
#include "base/hash.h"
#include "http/finish.h"
#include "http/static_files.h"
#include "http/status_map.h"
#include "media/srcset.h"
#include "site/follow_line.h"

namespace khabar {
namespace {

using nlohmann::json;

constexpr auto kCalendarRefresh = std::chrono::seconds(60);
constexpr int64_t kMaxPage = 100000;
constexpr const char* kPageCacheControl = "public, max-age=60";
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

}  // namespace

PublicSite::PublicSite(SiteDeps deps)
    : deps_(std::move(deps)), asset_version_(AssetVersion(deps_.theme->assets_dir())) {}

PublicSite::~PublicSite() = default;

std::string PublicSite::ArticleUrl(const khabar::Article& a) {
  return "/news/" + std::to_string(a.id) + "/" + a.slug;
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
  if (auto list = deps_.store->ListSections()) {
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
  for (const auto& ad : s.ad_slots) ads[ad.name] = {{"name", ad.name}, {"html", ad.html}};
  view["ads"] = std::move(ads);
  view["asset_version"] = asset_version_;
  return view;
}

json PublicSite::SummaryView(const khabar::Article& a) {
  json item = {{"id", a.id},
               {"url", ArticleUrl(a)},
               {"headline", a.headline},
               {"standfirst", a.standfirst},
               {"section", {{"name", a.section.name}, {"url", "/section/" + a.section.slug}}}};
  if (a.published_at) item["published"] = TimeView(*a.published_at);
  item["breaking"] = a.breaking;
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
  res.SetHeader("Cache-Control", kPageCacheControl);
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

http::Response PublicSite::Article(const http::Request& req, const std::string& id,
                                   const std::string& slug) {
  return Respond(req, RenderArticle(req, id, slug));
}

Result<http::Response> PublicSite::RenderArticle(const http::Request&, const std::string& id_text,
                                                 const std::string& slug) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
    return khabar::NotFound("There is no story at this address.");
  }
  auto a = deps_.store->GetArticle(id);
  if (!a) {
    if (a.error().code() == Code::kNotFound)
      return khabar::NotFound("There is no story at this address.");
    return Err(a.error());
  }
  const Seconds now = deps_.clock->Now();
  if (!IsLive(*a, now)) return khabar::NotFound("There is no story at this address.");
  if (slug != a->slug) return http::Redirect(ArticleUrl(*a), 301);

  auto snapshot = deps_.settings->Current();
  const Settings& s = *snapshot;
  json view = BaseView();
  json art = SummaryView(*a);
  art["body_html"] = a->body_html;
  art["canonical"] = s.site.base_url + ArticleUrl(*a);
  json tags = json::array();
  for (const auto& t : a->tags) tags.push_back({{"name", t.name}, {"url", "/tag/" + t.slug}});
  art["has_tags"] = !tags.empty();
  art["tags"] = std::move(tags);
  if (a->image) {
    art["image"]["caption"] = a->image->caption;
    art["image"]["credit"] = a->image->credit;
    // Newsroom uploads have resized renditions: offer them as srcset.
    if (auto media = deps_.store->GetMediaByFile(a->image->file);
        media && !media->variants.empty()) {
      art["image"]["srcset_webp"] = SrcSet(*media, "image/webp");
      art["image"]["srcset_jpeg"] = SrcSet(*media, "image/jpeg");
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
  art["comments_open"] = a->comments_open;
  art["comments_closed_text"] = s.comments.closed_text;
  view["article"] = std::move(art);
  view["page_title"] = a->headline;
  view["page_description"] = a->standfirst;
  view["canonical"] = s.site.base_url + ArticleUrl(*a);

  auto res = RenderPage(deps_.theme->Choose({"article-" + a->section.slug, "article"}), view);
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
  json view = BaseView();
  // The newest story leads; the rest are grouped by section, sections in
  // the order of their newest story.
  json groups = json::array();
  std::map<std::string, size_t> group_of;
  for (size_t i = 0; i < page->items.size(); ++i) {
    const auto& a = page->items[i];
    if (i == 0) {
      view["lead"] = SummaryView(a);
      continue;
    }
    auto [it, inserted] = group_of.try_emplace(a.section.slug, groups.size());
    if (inserted) {
      groups.push_back({{"name", a.section.name},
                        {"url", "/section/" + a.section.slug},
                        {"items", json::array()}});
    }
    groups[it->second]["items"].push_back(SummaryView(a));
  }
  view["groups"] = std::move(groups);
  view["empty"] = page->items.empty();
  view["canonical"] = deps_.settings->Current()->site.base_url + "/";
  view["is_home"] = true;
  return RenderPage("home", view);
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
  switch (kind) {
    case ListingKind::kSection: {
      auto sec = deps_.store->GetSection(slug);
      if (!sec) return Err(sec.error());
      title = sec->name;
      kind_name = "section";
      path = ListingPath("/section/", sec->slug);
      q.section_slug = sec->slug;
      break;
    }
    case ListingKind::kTag: {
      auto tag = deps_.store->GetTag(slug);
      if (!tag) return Err(tag.error());
      title = tag->name;
      kind_name = "tag";
      path = ListingPath("/tag/", tag->slug);
      q.tag_slug = tag->slug;
      break;
    }
    case ListingKind::kAuthor: {
      auto author = deps_.store->GetAuthor(slug);
      if (!author) return Err(author.error());
      title = author->name;
      kind_name = "author";
      path = ListingPath("/author/", author->slug);
      q.author_slug = author->slug;
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
  for (const auto& a : page->items) items.push_back(SummaryView(a));
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
  return RenderPage(deps_.theme->Choose({kind_name + "-" + slug, kind_name, "listing"}), view);
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
  auto sections = deps_.store->ListSections();
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

}  // namespace khabar
