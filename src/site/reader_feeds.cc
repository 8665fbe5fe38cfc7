#include "site/reader_feeds.h"

#include <spdlog/spdlog.h>

#include "http/status_map.h"
#include "site/cache_keys.h"
#include "site/sitemaps.h"

namespace khabar {
namespace {

// Feeds and sitemaps are polled often; five minutes of caching takes the
// load off the store and is short enough for news.
constexpr const char* kCacheControl = "public, max-age=300";
constexpr const char* kXmlType = "application/xml; charset=utf-8";

http::Response Document(std::string body, std::string_view content_type) {
  http::Response res;
  res.body = std::move(body);
  res.SetHeader("Content-Type", std::string(content_type));
  res.SetHeader("Cache-Control", kCacheControl);
  return res;
}

Result<http::Response> XmlDocument(Result<std::string> xml, std::string_view content_type) {
  if (!xml) return Err(xml.error());
  return Document(std::move(*xml), content_type);
}

// Cached marks a document the page cache may keep, showing what `keys`
// name; settings changes drop every cached page anyway.
Result<http::Response> Cached(Result<http::Response> res, CacheKeys& keys,
                              std::optional<Seconds> until = {}) {
  if (res) {
    res->cacheable.emplace();
    res->cacheable->keys = keys.Take();
    res->cacheable->until = until;
  }
  return res;
}

}  // namespace

ReaderFeeds::ReaderFeeds(ReaderFeedsDeps deps) : deps_(deps) {}

http::Response ReaderFeeds::Respond(const http::Request& req, Result<http::Response> result) {
  if (result) return std::move(*result);
  const Status& st = result.error();
  if (http::HttpStatusFor(st.code()) >= 500) {
    spdlog::error("{} {}: {}", req.method, req.target, st.ToString());
  }
  http::Response res = http::StatusResponse(st);
  res.SetHeader("Cache-Control", "no-store");
  return res;
}

// ---- Feeds ----

http::Response ReaderFeeds::Feed(const http::Request& req, const std::string& edition,
                                 FeedFormat format) {
  return Respond(req,
                 RenderFeedFor(*deps_.settings->Current(edition), format, FeedScope::kLatest, ""));
}

http::Response ReaderFeeds::SectionFeed(const http::Request& req, const std::string& edition,
                                        const std::string& slug, FeedFormat format) {
  return Respond(
      req, RenderFeedFor(*deps_.settings->Current(edition), format, FeedScope::kSection, slug));
}

http::Response ReaderFeeds::TagFeed(const http::Request& req, const std::string& edition,
                                    const std::string& slug, FeedFormat format) {
  return Respond(req,
                 RenderFeedFor(*deps_.settings->Current(edition), format, FeedScope::kTag, slug));
}

Result<http::Response> ReaderFeeds::RenderFeedFor(const Settings& s, FeedFormat format,
                                                  FeedScope scope, const std::string& slug) {
  ArticleQuery q;
  q.now = deps_.clock->Now();
  q.limit = s.feeds.items;
  q.with_body = s.feeds.full_content;
  q.edition = s.site.edition;
  std::string current_slug, name;
  CacheKeys keys;
  if (scope == FeedScope::kLatest) keys.Add(cache_key::kAllLists);
  if (scope == FeedScope::kSection) {
    auto sec = deps_.store->GetSection(slug);
    if (!sec) return Err(sec.error());
    if (deps_.settings->Current(sec->edition)->site.edition != s.site.edition) {
      return NotFound("This edition has no such section.");
    }
    current_slug = sec->slug;
    name = sec->name;
    q.section_slug = sec->slug;
    keys.Add(cache_key::SectionList(sec->id));
    keys.Add(cache_key::Section(sec->id));
  } else if (scope == FeedScope::kTag) {
    // A tag only drafts carry has no feed yet: its name is not public.
    auto tag = deps_.store->GetLiveTag(slug, q.now);
    if (!tag) return Err(tag.error());
    current_slug = tag->slug;
    name = tag->name;
    q.tag_slug = tag->slug;
    keys.Add(cache_key::TagList(tag->id));
    keys.Add(cache_key::Tag(tag->id));
  }
  // An old slug (before a rename or merge) still finds its feed: send
  // subscribers to the current address, as the listing pages do.
  if (current_slug != slug) {
    return http::Redirect(s.site.path_prefix + FeedPath(format, scope, current_slug), 301);
  }
  auto page = deps_.store->ListLiveArticles(q);
  if (!page) return Err(page.error());
  for (const Article& a : page->items) keys.AddStory(a);
  const FeedSpec spec = FeedSpecFor(format, scope, current_slug, name, s);
  return Cached(
      XmlDocument(RenderFeed(format, spec, page->items, s, q.now), FeedContentType(format)), keys);
}

// ---- Sitemaps ----

http::Response ReaderFeeds::SitemapIndex(const http::Request& req, const std::string& edition) {
  auto s = deps_.settings->Current(edition);
  auto count = deps_.store->CountLiveArticles(deps_.clock->Now(), s->site.edition);
  if (!count) return Respond(req, Err(count.error()));
  CacheKeys keys;
  keys.Add(cache_key::kAllLists);
  keys.Add(cache_key::kSitemaps);
  return Respond(
      req,
      Cached(XmlDocument(RenderSitemapIndex(*s, ArticleSitemapCount(*count)), kXmlType), keys));
}

http::Response ReaderFeeds::ArticleSitemap(const http::Request& req, const std::string& edition,
                                           const std::string& name) {
  return Respond(req, RenderArticleSitemapFile(*deps_.settings->Current(edition), name));
}

Result<http::Response> ReaderFeeds::RenderArticleSitemapFile(const Settings& s,
                                                             const std::string& name) {
  const std::optional<int64_t> n = ParseArticleSitemapName(name);
  if (!n) return NotFound("There is no sitemap at this address.");
  const Seconds now = deps_.clock->Now();
  auto count = deps_.store->CountLiveArticles(now, s.site.edition);
  if (!count) return Err(count.error());
  const std::optional<SitemapRange> range = ArticleSitemapRange(*count, *n);
  if (!range) return NotFound("There is no sitemap at this address.");
  std::vector<SitemapEntry> entries;
  if (range->limit > 0) {
    auto listed = deps_.store->ListSitemapEntries(now, range->offset, range->limit, s.site.edition);
    if (!listed) return Err(listed.error());
    entries = std::move(*listed);
  }
  CacheKeys keys;
  keys.Add(cache_key::kAllLists);
  keys.Add(cache_key::kSitemaps);
  return Cached(XmlDocument(RenderArticleSitemap(s, entries), kXmlType), keys);
}

http::Response ReaderFeeds::PagesSitemap(const http::Request& req, const std::string& edition) {
  auto s = deps_.settings->Current(edition);
  auto sections = deps_.store->ListSections(s->site.edition);
  if (!sections) return Respond(req, Err(sections.error()));
  // Tags are shared by the editions; each edition's pages sitemap lists
  // them (their pages list that edition's stories). Only tags of live
  // stories: a draft's tags are not public yet.
  auto tags = deps_.store->ListLiveTags(
      LiveTagQuery{.prefix = "", .now = deps_.clock->Now(), .offset = 0, .limit = kUrlsPerSitemap});
  if (!tags) return Respond(req, Err(tags.error()));
  CacheKeys keys;
  keys.Add(cache_key::kNav);
  keys.Add(cache_key::kLiveNames);  // a tag comes with its first live story, goes with its last
  for (const Tag& t : tags->items) keys.Add(cache_key::Tag(t.id));
  return Respond(
      req, Cached(XmlDocument(RenderPagesSitemap(*s, *sections, tags->items), kXmlType), keys));
}

http::Response ReaderFeeds::NewsSitemap(const http::Request& req, const std::string& edition) {
  auto s = deps_.settings->Current(edition);
  const Seconds now = deps_.clock->Now();
  // Newest first, so the first kNewsSitemapMaxUrls hold every story of the
  // window that fits; RenderNewsSitemap drops the older ones.
  auto entries = deps_.store->ListSitemapEntries(now, 0, kNewsSitemapMaxUrls, s->site.edition);
  if (!entries) return Respond(req, Err(entries.error()));
  CacheKeys keys;
  keys.Add(cache_key::kAllLists);
  keys.Add(cache_key::kSitemaps);
  // Stories leave the news sitemap as they age out of its window.
  std::optional<Seconds> until;
  for (const SitemapEntry& e : *entries) {
    Seconds leaves = e.published_at + kNewsSitemapWindow;
    if (leaves > now && (!until || leaves < *until)) until = leaves;
  }
  return Respond(req,
                 Cached(XmlDocument(RenderNewsSitemap(*s, *entries, now), kXmlType), keys, until));
}

// ---- Plain-text files ----

http::Response ReaderFeeds::Robots(const http::Request&, const std::string& edition) {
  auto s = deps_.settings->Current(edition);
  std::vector<std::shared_ptr<const Settings>> here = {s};
  // The main host serves the editions under a prefix too.
  if (s->site.edition.empty()) {
    for (const EditionSettings& e : s->editions) {
      if (!e.prefix.empty()) here.push_back(deps_.settings->Current(e.key));
    }
  }
  std::vector<const Settings*> views;
  for (const auto& v : here) views.push_back(v.get());
  http::Response res = Document(RenderRobotsTxt(views), "text/plain; charset=utf-8");
  res.cacheable.emplace();  // only a settings change alters it
  return res;
}

http::Response ReaderFeeds::AdsTxt(const http::Request& req) {
  std::string body = deps_.settings->Current()->ads.ads_txt;
  if (body.empty()) return Respond(req, NotFound("This site publishes no ads.txt."));
  if (!body.ends_with('\n')) body += '\n';
  return Document(std::move(body), "text/plain; charset=utf-8");
}

}  // namespace khabar
