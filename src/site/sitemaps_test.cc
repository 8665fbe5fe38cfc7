#include "site/sitemaps.h"

#include <gtest/gtest.h>

#include "site/internal/xml_query_for_test.h"

namespace khabar {
namespace {

using site_internal::XmlQuery;

const std::map<std::string, std::string> kNs = {
    {"sm", "http://www.sitemaps.org/schemas/sitemap/0.9"},
    {"news", "http://www.google.com/schemas/sitemap-news/0.9"}};

Seconds At(const char* iso) { return *ParseIso8601(iso); }

Settings TestSettings() {
  Settings s;
  s.site.name = "Khabar Daily";
  s.site.base_url = "https://news.example";
  s.site.language = "en-PK";
  return s;
}

SitemapEntry Entry(int64_t id, std::string slug, const char* published, const char* updated) {
  return SitemapEntry{.id = id,
                      .slug = std::move(slug),
                      .headline = "Story " + std::to_string(id),
                      .published_at = At(published),
                      .updated_at = At(updated),
                      .tag_names = {}};
}

TEST(ArticleSitemaps, CountAndRangesAreOldestFirst) {
  EXPECT_EQ(ArticleSitemapCount(0), 1);
  EXPECT_EQ(ArticleSitemapCount(1), 1);
  EXPECT_EQ(ArticleSitemapCount(kUrlsPerSitemap), 1);
  EXPECT_EQ(ArticleSitemapCount(kUrlsPerSitemap + 1), 2);
  EXPECT_EQ(ArticleSitemapCount(120001), 3);

  auto r = ArticleSitemapRange(0, 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 0);
  EXPECT_EQ(r->limit, 0);
  EXPECT_FALSE(ArticleSitemapRange(0, 2));
  // 120,001 stories, newest first in the store: file 1 holds the oldest
  // 50,000 (the last of the list), file 3 the newest 20,001.
  r = ArticleSitemapRange(120001, 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 70001);
  EXPECT_EQ(r->limit, 50000);
  r = ArticleSitemapRange(120001, 2);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 20001);
  EXPECT_EQ(r->limit, 50000);
  r = ArticleSitemapRange(120001, 3);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 0);
  EXPECT_EQ(r->limit, 20001);
  EXPECT_FALSE(ArticleSitemapRange(120001, 4));
  EXPECT_FALSE(ArticleSitemapRange(120001, 0));
  EXPECT_FALSE(ArticleSitemapRange(120001, -1));
  // Exactly full: one file, all of it.
  r = ArticleSitemapRange(kUrlsPerSitemap, 1);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 0);
  EXPECT_EQ(r->limit, kUrlsPerSitemap);
}

TEST(ArticleSitemaps, NamesAndPaths) {
  EXPECT_EQ(ArticleSitemapPath(3), "/sitemaps/articles-3.xml");
  EXPECT_EQ(ParseArticleSitemapName("articles-1.xml"), 1);
  EXPECT_EQ(ParseArticleSitemapName("articles-42.xml"), 42);
  for (const char* bad : {"articles-0.xml", "articles-01.xml", "articles--1.xml", "articles-+1.xml",
                          "articles-.xml", "articles-1.xml.gz", "articles-1", "pages.xml",
                          "articles-1x.xml", "articles-99999999999999999999.xml", ""}) {
    EXPECT_FALSE(ParseArticleSitemapName(bad)) << bad;
  }
}

TEST(RenderSitemapIndex, ListsPagesThenEveryArticleFile) {
  auto xml = RenderSitemapIndex(TestSettings(), 3);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  EXPECT_EQ(q.Texts("/sm:sitemapindex/sm:sitemap/sm:loc"),
            (std::vector<std::string>{"https://news.example/sitemaps/pages.xml",
                                      "https://news.example/sitemaps/articles-1.xml",
                                      "https://news.example/sitemaps/articles-2.xml",
                                      "https://news.example/sitemaps/articles-3.xml"}));
  EXPECT_EQ(q.Count("//sm:lastmod"), 0u);
}

TEST(RenderArticleSitemap, LocAndLastmodPerStory) {
  std::vector<SitemapEntry> entries = {
      Entry(7, "hawks", "2026-11-27T19:35:00Z", "2026-11-28T06:00:00Z"),
      // Scheduled after its last save: the page changed when it went out.
      Entry(1, "water & power", "2026-11-27T04:15:00Z", "2026-11-27T04:00:00Z")};
  auto xml = RenderArticleSitemap(TestSettings(), entries);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  ASSERT_EQ(q.Count("/sm:urlset/sm:url"), 2u);
  EXPECT_EQ(q.Text("/sm:urlset/sm:url[1]/sm:loc"), "https://news.example/news/7/hawks");
  EXPECT_EQ(q.Text("/sm:urlset/sm:url[1]/sm:lastmod"), "2026-11-28T06:00:00Z");
  // URLs are escaped: the space percent-encoded, the '&' as XML writes it.
  EXPECT_EQ(q.Text("/sm:urlset/sm:url[2]/sm:loc"), "https://news.example/news/1/water%20&%20power");
  EXPECT_EQ(q.Text("/sm:urlset/sm:url[2]/sm:lastmod"), "2026-11-27T04:15:00Z");
  EXPECT_NE(xml->find("water%20&amp;%20power"), std::string::npos);

  auto empty = RenderArticleSitemap(TestSettings(), {});
  ASSERT_TRUE(empty);
  XmlQuery e(*empty, kNs);
  ASSERT_TRUE(e.ok()) << *empty;
  EXPECT_EQ(e.Count("/sm:urlset"), 1u);
  EXPECT_EQ(e.Count("//sm:url"), 0u);
}

TEST(RenderPagesSitemap, HomeSectionsAndTags) {
  std::vector<Section> sections = {{.id = 1, .slug = "pakistan", .name = "Pakistan", .position = 0},
                                   {.id = 2, .slug = "world", .name = "World", .position = 1}};
  std::vector<Tag> tags = {{.id = 1, .slug = "climate", .name = "Climate"}};
  auto xml = RenderPagesSitemap(TestSettings(), sections, tags);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  EXPECT_EQ(q.Texts("/sm:urlset/sm:url/sm:loc"),
            (std::vector<std::string>{
                "https://news.example/", "https://news.example/section/pakistan",
                "https://news.example/section/world", "https://news.example/tag/climate"}));
}

TEST(RenderPagesSitemap, StopsAtTheUrlLimit) {
  std::vector<Tag> tags(kUrlsPerSitemap + 5);
  for (size_t i = 0; i < tags.size(); ++i) tags[i].slug = "t" + std::to_string(i);
  auto xml = RenderPagesSitemap(TestSettings(), {{.id = 1, .slug = "s", .name = "S"}}, tags);
  ASSERT_TRUE(xml);
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.Count("/sm:urlset/sm:url"), static_cast<size_t>(kUrlsPerSitemap));
}

TEST(RenderNewsSitemap, OnlyTheLastTwoDaysInGoogleNewsForm) {
  const Seconds now = At("2026-11-28T07:00:00Z");
  std::vector<SitemapEntry> entries = {
      Entry(9, "future", "2026-11-28T08:00:00Z", "2026-11-28T06:00:00Z"),  // not yet out
      Entry(7, "hawks", "2026-11-27T19:35:00Z", "2026-11-28T06:00:00Z"),
      Entry(5, "edge", "2026-11-26T07:00:00Z", "2026-11-26T07:00:00Z"),  // exactly 48 h
      Entry(2, "old", "2026-11-26T06:59:59Z", "2026-11-28T06:00:00Z"),   // edited, but old
  };
  entries[1].headline = "Hawks <win> & \"celebrate\"";
  entries[1].tag_names = {"Cricket", "T20", "Hyderabad"};
  auto xml = RenderNewsSitemap(TestSettings(), entries, now);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  EXPECT_EQ(q.Texts("/sm:urlset/sm:url/sm:loc"),
            (std::vector<std::string>{"https://news.example/news/7/hawks",
                                      "https://news.example/news/5/edge"}));
  const std::string n = "/sm:urlset/sm:url[1]/news:news";
  EXPECT_EQ(q.Text(n + "/news:publication/news:name"), "Khabar Daily");
  EXPECT_EQ(q.Text(n + "/news:publication/news:language"), "en");
  EXPECT_EQ(q.Text(n + "/news:publication_date"), "2026-11-27T19:35:00Z");
  EXPECT_EQ(q.Text(n + "/news:title"), "Hawks <win> & \"celebrate\"");
  EXPECT_EQ(q.Text(n + "/news:keywords"), "Cricket, T20, Hyderabad");
  EXPECT_EQ(q.Count("/sm:urlset/sm:url[2]/news:news/news:keywords"), 0u);
}

TEST(RenderNewsSitemap, AtMostAThousandStories) {
  const Seconds now = At("2026-11-28T07:00:00Z");
  std::vector<SitemapEntry> entries;
  for (int i = 0; i < 1200; ++i) {
    entries.push_back(Entry(i + 1, "s", "2026-11-28T06:00:00Z", "2026-11-28T06:00:00Z"));
  }
  auto xml = RenderNewsSitemap(TestSettings(), entries, now);
  ASSERT_TRUE(xml);
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.Count("/sm:urlset/sm:url"), static_cast<size_t>(kNewsSitemapMaxUrls));
}

TEST(NewsLanguage, IsoCodesAsGoogleNewsWantsThem) {
  EXPECT_EQ(NewsLanguage("en"), "en");
  EXPECT_EQ(NewsLanguage("en-PK"), "en");
  EXPECT_EQ(NewsLanguage("ur_PK"), "ur");
  EXPECT_EQ(NewsLanguage("UR"), "ur");
  EXPECT_EQ(NewsLanguage("zh-TW"), "zh-tw");
  EXPECT_EQ(NewsLanguage("zh-Hant"), "zh-tw");
  EXPECT_EQ(NewsLanguage("zh"), "zh-cn");
}

TEST(RenderRobotsTxt, NamesTheSitemapsAndKeepsCrawlersOutOfTheNewsroom) {
  EXPECT_EQ(RenderRobotsTxt(TestSettings()),
            "User-agent: *\n"
            "Disallow: /admin\n"
            "\n"
            "Sitemap: https://news.example/sitemap.xml\n"
            "Sitemap: https://news.example/news-sitemap.xml\n");
}

}  // namespace
}  // namespace khabar
