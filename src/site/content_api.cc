#include "site/content_api.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "base/numbers.h"
#include "base/percent.h"
#include "http/status_map.h"
#include "site/cache_keys.h"
#include "site/internal/site_urls.h"

namespace khabar {
namespace content_api {
namespace {

// ordered_json keeps keys in the documented order (data, meta, links).
using json = nlohmann::ordered_json;

constexpr std::string_view kTimeExamples =
    "use e.g. 2026-11-27T09:30:00+05:00, 2026-11-27T09:30 (site time) or 2026-11-27";

// ParseWhole reads a whole number from `lo` to `hi` (base/numbers.h), or
// says which parameter is wrong and what it takes.
Result<int64_t> ParseWhole(std::string_view name, const std::string& text, int64_t lo, int64_t hi) {
  if (auto n = ParseWholeNumber(text, lo, hi)) return *n;
  return InvalidArgument(std::string(name) + ": must be a whole number from " + std::to_string(lo) +
                         " to " + std::to_string(hi));
}

Result<std::optional<std::string>> ParseSlugParam(const http::Request& req,
                                                  const std::string& name) {
  auto v = req.QueryParam(name);
  if (v && v->empty()) {
    return InvalidArgument(name + ": must not be empty (leave it out to list every " + name + ")");
  }
  return v;
}

json Link(std::string_view base_url, std::string_view kind, const std::string& slug) {
  return std::string(base_url) + "/" + std::string(kind) + "/" + slug;
}

}  // namespace

Result<Paging> ParsePaging(const http::Request& req) {
  Paging p;
  if (auto v = req.QueryParam("page")) {
    auto n = ParseWhole("page", *v, 1, kMaxPage);
    if (!n) return Err(n.error());
    p.page = *n;
  }
  if (auto v = req.QueryParam("per_page")) {
    auto n = ParseWhole("per_page", *v, 1, kMaxPerPage);
    if (!n) return Err(n.error());
    p.per_page = *n;
  }
  return p;
}

Result<Seconds> ParseTimeParam(std::string_view name, std::string_view text,
                               const LocalTimeParser& local) {
  const std::string prefix = std::string(name) + ": ";
  if (text.empty())
    return InvalidArgument(prefix + "must not be empty; " + std::string(kTimeExamples));
  std::string t(text);
  // Only the time part can hold an offset; the date's '-' are not one.
  constexpr size_t kTimeStart = 11;
  for (size_t i = kTimeStart; i < t.size(); ++i) {
    if (t[i] == ' ') t[i] = '+';
  }
  const bool has_zone =
      t.size() > kTimeStart && t.find_first_of("Zz+-", kTimeStart) != std::string::npos;
  Result<Seconds> parsed;
  if (has_zone) {
    parsed = ParseIso8601(t);
  } else if (t.size() == 10) {
    if (auto day = ParseCivilDate(t); !day) {
      parsed = Err(day.error());
    } else {
      parsed = local(t + "T00:00");
    }
  } else {
    if (t.size() > 10 && (t[10] == ' ' || t[10] == 't')) t[10] = 'T';
    parsed = local(t);
  }
  if (!parsed) {
    return InvalidArgument(prefix + "'" + std::string(text) + "' is not a time we can read; " +
                           std::string(kTimeExamples));
  }
  return parsed;
}

Result<ArticleListParams> ParseArticleListParams(const http::Request& req,
                                                 const LocalTimeParser& local) {
  ArticleListParams p;
  for (auto [name, slot] : {std::pair{"section", &p.section}, std::pair{"tag", &p.tag},
                            std::pair{"author", &p.author}}) {
    auto v = ParseSlugParam(req, name);
    if (!v) return Err(v.error());
    *slot = std::move(*v);
  }
  if (auto v = req.QueryParam("since")) {
    auto t = ParseTimeParam("since", *v, local);
    if (!t) return Err(t.error());
    p.since = *t;
    p.since_text = *v;
  }
  if (auto v = req.QueryParam("until")) {
    auto t = ParseTimeParam("until", *v, local);
    if (!t) return Err(t.error());
    p.until = *t;
    p.until_text = *v;
  }
  if (p.since && p.until && *p.since > *p.until) {
    return InvalidArgument("since: must not be later than until");
  }
  auto paging = ParsePaging(req);
  if (!paging) return Err(paging.error());
  p.paging = *paging;
  return p;
}

void ApplyTimes(const ArticleListParams& p, ArticleQuery& q) {
  if (p.since) q.published_after = *p.since - std::chrono::seconds(1);
  if (p.until) q.published_before = *p.until;
}

int64_t PageCount(int64_t total, int64_t per_page) {
  if (per_page <= 0) return 1;
  return std::max<int64_t>(1, (total + per_page - 1) / per_page);
}

std::string EncodeQueryValue(std::string_view value) { return PercentEncode(value, IsUnreserved); }

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    out += out.empty() ? '?' : '&';
    out += name;
    out += '=';
    out += EncodeQueryValue(value);
  }
  return out;
}

json ListEnvelope(json data, const Paging& paging, int64_t total,
                  const std::function<std::string(int64_t)>& url_for_page) {
  const int64_t pages = PageCount(total, paging.per_page);
  json links = {{"self", url_for_page(paging.page)}, {"next", nullptr}, {"prev", nullptr}};
  if (paging.page < pages) links["next"] = url_for_page(paging.page + 1);
  // Beyond the end, "prev" leads back to the last page that has items.
  if (paging.page > 1) links["prev"] = url_for_page(std::min(paging.page - 1, pages));
  return json{
      {"data", std::move(data)},
      {"meta",
       {{"page", paging.page}, {"per_page", paging.per_page}, {"total", total}, {"pages", pages}}},
      {"links", std::move(links)}};
}

json ErrorBody(int status, std::string_view message) {
  return json{{"error", {{"status", status}, {"message", std::string(message)}}}};
}

namespace {

void AddCorsHeaders(http::Response& res) { res.SetHeader("Access-Control-Allow-Origin", "*"); }

}  // namespace

http::Response JsonResponse(const json& body, int status) {
  http::Response res;
  res.status = status;
  res.SetHeader("Content-Type", "application/json; charset=utf-8");
  AddCorsHeaders(res);
  res.SetHeader("Cache-Control", std::string(kCacheControl));
  // Replace rather than throw: stored text should be UTF-8, but a bad byte
  // must not turn a listing into a 500.
  res.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  res.body += '\n';
  return res;
}

http::Response ErrorResponse(const Status& status) {
  const int code = http::HttpStatusFor(status.code());
  const bool server_error = code >= 500;
  http::Response res =
      JsonResponse(ErrorBody(code, server_error ? "internal error" : status.message()), code);
  if (server_error) res.SetHeader("Cache-Control", "no-store");
  return res;
}

json SectionJson(const Section& s, std::string_view base_url) {
  return json{{"slug", s.slug}, {"name", s.name}, {"url", Link(base_url, "section", s.slug)}};
}

json TagJson(const Tag& t, std::string_view base_url) {
  return json{{"slug", t.slug}, {"name", t.name}, {"url", Link(base_url, "tag", t.slug)}};
}

json AuthorJson(const Author& a, std::string_view base_url) {
  return json{{"slug", a.slug}, {"name", a.name}, {"url", Link(base_url, "author", a.slug)}};
}

json ArticleJson(const khabar::Article& a, const Settings& edition,
                 const TimeFormatter& format_time, bool with_body) {
  const std::string& base = edition.site.base_url;
  const std::string_view base_url = base;
  json item = {
      {"id", a.id},
      {"url", site_internal::Absolute(edition, site_internal::ArticlePath(edition, a.id, a.slug))},
      {"edition", a.edition},
      {"slug", a.slug},
      {"headline", a.headline},
      {"standfirst", a.standfirst},
      {"section", SectionJson(a.section, base_url)}};
  json authors = json::array();
  for (const auto& au : a.authors) authors.push_back(AuthorJson(au, base_url));
  item["authors"] = std::move(authors);
  json tags = json::array();
  for (const auto& t : a.tags) tags.push_back(TagJson(t, base_url));
  item["tags"] = std::move(tags);
  if (a.image) {
    // 0 means "not recorded"; null says so instead of a false size.
    auto size = [](int px) { return px > 0 ? json(px) : json(nullptr); };
    item["image"] = {{"url", base + "/media/" + a.image->file},
                     {"caption", a.image->caption},
                     {"credit", a.image->credit},
                     {"alt", a.image->alt},
                     {"width", size(a.image->width)},
                     {"height", size(a.image->height)}};
  } else {
    item["image"] = nullptr;
  }
  // A live story always has a publication time; the fallbacks only keep a
  // broken row from breaking the whole answer.
  const Seconds published = a.published_at.value_or(a.created_at);
  item["published_at"] = format_time(published);
  // Same rule as the article page's "Updated" line: an edit after the story
  // went out, not the import or the save that published it.
  const bool edited = a.updated_at > std::max(published, a.created_at) + std::chrono::minutes(1);
  item["updated_at"] = format_time(edited ? a.updated_at : published);
  item["comments_open"] = a.comments_open;
  item["comment_count"] = a.comment_count;
  if (with_body) item["body_html"] = a.body_html;
  return item;
}

}  // namespace content_api

// ---- ContentApi ----

namespace {

using json = nlohmann::ordered_json;
using namespace content_api;

// ResolveFilter turns a slug's kNotFound into the API's own message, so the
// answer names the parameter; other errors pass through.
template <typename T>
Result<T> ResolveFilter(Result<T> found, const std::string& param, const std::string& slug) {
  if (!found && found.error().code() == Code::kNotFound) {
    return khabar::NotFound(param + ": there is no " + param + " '" + slug + "'");
  }
  return found;
}

// Slice returns page `p` of `all`.
template <typename T>
std::vector<T> Slice(const std::vector<T>& all, const Paging& p) {
  const auto size = static_cast<int64_t>(all.size());
  const int64_t from = std::min(p.offset(), size);
  const int64_t to = std::min(from + p.per_page, size);
  return std::vector<T>(all.begin() + from, all.begin() + to);
}

}  // namespace

ContentApi::ContentApi(ContentApiDeps deps) : deps_(deps) {}

std::shared_ptr<const SiteCalendar> ContentApi::Calendar(
    const std::shared_ptr<const Settings>& settings) {
  std::lock_guard lock(calendar_mu_);
  if (!calendar_ || settings != calendar_settings_) {
    auto cal = SiteCalendar::Create(settings->site, settings->calendar, {});
    if (!cal) {
      spdlog::error("content api: {}; times shown in UTC", cal.error().ToString());
      calendar_.reset();
    } else {
      calendar_ = std::make_shared<const SiteCalendar>(std::move(*cal));
    }
    calendar_settings_ = settings;
  }
  return calendar_;
}

http::Response ContentApi::Respond(const http::Request& req, Result<http::Response> result) {
  if (result) return std::move(*result);
  const Status& st = result.error();
  if (http::HttpStatusFor(st.code()) >= 500) {
    spdlog::error("{} {}: {}", req.method, req.target, st.ToString());
  }
  return ErrorResponse(st);
}

http::Response ContentApi::Articles(const http::Request& req) {
  return Respond(req, ListArticles(req));
}

http::Response ContentApi::Article(const http::Request& req, const std::string& id) {
  return Respond(req, OneArticle(id));
}

http::Response ContentApi::Sections(const http::Request& req) {
  return Respond(req, ListSections(req));
}

http::Response ContentApi::Tags(const http::Request& req) { return Respond(req, ListTags(req)); }

http::Response ContentApi::Preflight(const http::Request&) {
  http::Response res;
  res.status = 204;
  res.SetHeader("Access-Control-Allow-Origin", "*");
  res.SetHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
  res.SetHeader("Access-Control-Allow-Headers", "Content-Type");
  res.SetHeader("Access-Control-Max-Age", std::string(kPreflightMaxAge));
  res.SetHeader("Allow", "GET, HEAD, OPTIONS");
  res.SetHeader("Cache-Control", std::string(kCacheControl));
  return res;
}

http::Response ContentApi::NotFound(const http::Request& req) {
  return Respond(req, khabar::NotFound("there is no API endpoint at " + req.path +
                                       "; see /api/v1/articles, /api/v1/sections, /api/v1/tags"));
}

Result<http::Response> ContentApi::ListArticles(const http::Request& req) {
  auto settings = deps_.settings->Current();
  auto cal = Calendar(settings);
  LocalTimeParser local = [&](std::string_view t) -> Result<Seconds> {
    return cal ? cal->ParseLocalInput(t) : ParseIso8601(t);
  };
  auto p = ParseArticleListParams(req, local);
  if (!p) return Err(p.error());
  auto edition = EditionParam(req);
  if (!edition) return Err(edition.error());

  ArticleQuery q;
  q.edition = *edition;
  q.now = deps_.clock->Now();
  q.offset = p->paging.offset();
  q.limit = p->paging.per_page;
  q.with_body = false;
  // Look each filter up first: an unknown one is a 404, not an empty list,
  // and an old slug (before a rename or merge) still finds its stories. A
  // tag or author only unpublished stories carry is as unknown as one that
  // does not exist: its name is not public yet.
  if (p->section) {
    auto s = ResolveFilter(deps_.store->GetSection(*p->section), "section", *p->section);
    if (!s) return Err(s.error());
    q.section_slug = s->slug;
  }
  if (p->tag) {
    auto t = ResolveFilter(deps_.store->GetLiveTag(*p->tag, q.now), "tag", *p->tag);
    if (!t) return Err(t.error());
    q.tag_slug = t->slug;
  }
  if (p->author) {
    auto a = ResolveFilter(deps_.store->GetLiveAuthor(*p->author, q.now), "author", *p->author);
    if (!a) return Err(a.error());
    q.author_slug = a->slug;
  }
  ApplyTimes(*p, q);
  auto page = deps_.store->ListLiveArticles(q);
  if (!page) return Err(page.error());

  const std::string& base = settings->site.base_url;
  TimeFormatter format = [&](Seconds t) {
    return cal ? cal->FormatIsoLocal(t) : FormatIso8601Utc(t);
  };
  json data = json::array();
  for (const auto& a : page->items) {
    data.push_back(ArticleJson(a, *deps_.settings->Current(a.edition), format, false));
  }
  // Links repeat the filters as the client sent them.
  auto url_for_page = [&](int64_t n) {
    return base + "/api/v1/articles" +
           QueryString({{"edition", *edition},
                        {"section", p->section.value_or("")},
                        {"tag", p->tag.value_or("")},
                        {"author", p->author.value_or("")},
                        {"since", p->since_text},
                        {"until", p->until_text},
                        {"page", std::to_string(n)},
                        {"per_page", std::to_string(p->paging.per_page)}});
  };
  return JsonResponse(ListEnvelope(std::move(data), p->paging, page->total, url_for_page));
}

Result<std::string> ContentApi::EditionParam(const http::Request& req) const {
  auto v = req.QueryParam("edition");
  if (!v || v->empty()) return std::string();
  if (FindEdition(*deps_.settings->Current(), *v) == nullptr) {
    return InvalidArgument("edition: there is no edition '" + *v + "'");
  }
  return *v;
}

Result<http::Response> ContentApi::OneArticle(const std::string& id_text) {
  auto missing = [&] { return khabar::NotFound("there is no article " + id_text); };
  auto id = ParsePositiveId(id_text);
  if (!id) return missing();
  auto a = deps_.store->GetArticle(*id);
  if (!a) {
    if (a.error().code() == Code::kNotFound) return missing();
    return Err(a.error());
  }
  // Drafts, scheduled and withdrawn stories do not exist for readers.
  if (!IsLive(*a, deps_.clock->Now())) return missing();
  auto settings = deps_.settings->Current();
  auto cal = Calendar(settings);
  TimeFormatter format = [&](Seconds t) {
    return cal ? cal->FormatIsoLocal(t) : FormatIso8601Utc(t);
  };
  return JsonResponse(
      json{{"data", ArticleJson(*a, *deps_.settings->Current(a->edition), format, true)}});
}

Result<http::Response> ContentApi::ListSections(const http::Request& req) {
  auto paging = ParsePaging(req);
  if (!paging) return Err(paging.error());
  auto edition = EditionParam(req);
  if (!edition) return Err(edition.error());
  auto sections = deps_.store->ListSections(*edition);
  if (!sections) return Err(sections.error());
  const std::string base = deps_.settings->Current()->site.base_url;
  // A section's page is on its edition's site.
  const std::string edition_base = deps_.settings->Current(*edition)->site.base_url;
  json data = json::array();
  for (const auto& s : Slice(*sections, *paging)) data.push_back(SectionJson(s, edition_base));
  auto url_for_page = [&](int64_t n) {
    return base + "/api/v1/sections" +
           QueryString({{"edition", *edition},
                        {"page", std::to_string(n)},
                        {"per_page", std::to_string(paging->per_page)}});
  };
  return JsonResponse(
      ListEnvelope(std::move(data), *paging, static_cast<int64_t>(sections->size()), url_for_page));
}

Result<http::Response> ContentApi::ListTags(const http::Request& req) {
  auto paging = ParsePaging(req);
  if (!paging) return Err(paging.error());
  const std::string prefix = req.QueryParam("q").value_or("");
  // Only tags of live stories: a tag typed into a draft must not announce
  // the story before it goes out. One page from the store, in a fixed
  // number of statements however many tags there are.
  auto tags = deps_.store->ListLiveTags(LiveTagQuery{.prefix = prefix,
                                                     .now = deps_.clock->Now(),
                                                     .offset = paging->offset(),
                                                     .limit = paging->per_page});
  if (!tags) return Err(tags.error());
  const std::string base = deps_.settings->Current()->site.base_url;
  json data = json::array();
  for (const auto& t : tags->items) data.push_back(TagJson(t, base));
  auto url_for_page = [&](int64_t n) {
    return base + "/api/v1/tags" +
           QueryString({{"q", prefix},
                        {"page", std::to_string(n)},
                        {"per_page", std::to_string(paging->per_page)}});
  };
  http::Response res =
      JsonResponse(ListEnvelope(std::move(data), *paging, tags->total, url_for_page));
  // The page cache keeps it until the set of public names changes (see
  // cache_keys.h), so a flood of requests reads the store once.
  res.cacheable.emplace();
  res.cacheable->keys = {std::string(cache_key::kLiveNames)};
  return res;
}

}  // namespace khabar
