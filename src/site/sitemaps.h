// Sitemaps and robots.txt: how search engines find every story.
//
//   /sitemap.xml                 index: pages.xml and articles-1..N.xml
//   /sitemaps/pages.xml          home, every section, every tag
//   /sitemaps/articles-{n}.xml   live stories, at most kUrlsPerSitemap each
//   /news-sitemap.xml            Google News: stories of the last 48 hours
//   /robots.txt                  names the index and the news sitemap
//
// Article sitemaps are numbered from the oldest story: articles-1.xml holds
// the oldest kUrlsPerSitemap stories, and only the last file grows as new
// ones come out. A full file therefore stays the same (unless an old story
// is withdrawn), so crawlers need re-read only the newest one.
//
// The render functions are pure; ReaderFeeds reads the store. Every URL is
// absolute, from [site] base_url; dates are W3C datetimes in UTC
// ("2026-11-28T07:00:00Z").
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "config/settings.h"
#include "content/article.h"
#include "store/store.h"

namespace khabar {

// kUrlsPerSitemap is the sitemaps.org limit of URLs in one file.
inline constexpr int64_t kUrlsPerSitemap = 50000;
// Google News reads stories of the last two days, at most 1,000 per file.
inline constexpr int64_t kNewsSitemapMaxUrls = 1000;
inline constexpr std::chrono::hours kNewsSitemapWindow{48};

// ArticleSitemapCount is how many article sitemaps `live_articles` stories
// fill: at least 1 (an empty one when there are none, so the index always
// names a file that exists).
int64_t ArticleSitemapCount(int64_t live_articles);

// SitemapRange is a slice of the store's newest-first list of live stories
// (Store::ListSitemapEntries offset and limit).
struct SitemapRange {
  int64_t offset = 0;
  int64_t limit = 0;
};

// ArticleSitemapRange returns the slice article sitemap `n` (from 1, oldest
// first) covers when there are `live_articles` stories; nullopt when `n`
// is outside 1..ArticleSitemapCount.
std::optional<SitemapRange> ArticleSitemapRange(int64_t live_articles, int64_t n);

// ArticleSitemapPath is "/sitemaps/articles-{n}.xml".
std::string ArticleSitemapPath(int64_t n);
inline constexpr std::string_view kPagesSitemapPath = "/sitemaps/pages.xml";

// ParseArticleSitemapName reads "articles-{n}.xml" (the last segment of an
// article sitemap's path) and returns n, or nullopt for anything else
// (leading zeros, signs and n < 1 included).
std::optional<int64_t> ParseArticleSitemapName(std::string_view name);

// RenderSitemapIndex lists the pages sitemap and `article_sitemaps`
// article sitemaps. It carries no lastmod: the store cannot say cheaply
// when each file last changed, and a wrong lastmod is worse than none (the
// files themselves carry a lastmod per URL).
Result<std::string> RenderSitemapIndex(const Settings& s, int64_t article_sitemaps);

// RenderArticleSitemap lists stories with lastmod = the later of their
// last edit and their publication.
Result<std::string> RenderArticleSitemap(const Settings& s,
                                         const std::vector<SitemapEntry>& entries);

// RenderPagesSitemap lists the home page, then `sections`, then `tags`
// (cut off at kUrlsPerSitemap URLs in all).
Result<std::string> RenderPagesSitemap(const Settings& s, const std::vector<Section>& sections,
                                       const std::vector<Tag>& tags);

// RenderNewsSitemap lists, in the Google News format, the entries published
// in the kNewsSitemapWindow up to `now` (at most kNewsSitemapMaxUrls, in the
// order given), with the site's name and language, each story's headline
// and its tags as keywords.
Result<std::string> RenderNewsSitemap(const Settings& s, const std::vector<SitemapEntry>& entries,
                                      Seconds now);

// NewsLanguage is [site] language as Google News wants it: the ISO 639
// code in lower case ("en" for "en-PK"), except "zh-cn" and "zh-tw".
std::string NewsLanguage(std::string_view language);

// RenderRobotsTxt allows everything but the newsroom (/admin) and names
// the sitemap index and the news sitemap with absolute URLs.
std::string RenderRobotsTxt(const Settings& s);
// RenderRobotsTxt for several editions on one host names each one's
// sitemaps.
std::string RenderRobotsTxt(const std::vector<const Settings*>& editions);

}  // namespace khabar
