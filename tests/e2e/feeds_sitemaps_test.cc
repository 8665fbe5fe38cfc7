// Feeds, sitemaps, robots.txt, ads.txt and the article pages' sharing
// metadata, end to end: the real binary with the demo stories (dated 17-28
// November 2026) at a fixed clock, every file fetched over HTTP and parsed
// with libxml2 (XML) or nlohmann (JSON-LD), every URL it names fetched too.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "support/html.h"
#include "support/http_client.h"
#include "support/process.h"
#include "support/xml_doc.h"

namespace khabar::testing {
namespace {

constexpr const char* kNow = "2026-11-28T12:00:00+05:00";
// 48 hours before kNow, in UTC as the feeds write it.
constexpr const char* kNewsWindowStart = "2026-11-26T07:00:00Z";
// base_url of config/site.toml: URLs in the files are absolute on it.
constexpr const char* kDemoBase = "http://127.0.0.1:8080";

// PathOf turns an absolute URL on `base` into the path to fetch; "" when the
// URL is not on the site.
std::string PathOf(const std::string& url, const std::string& base = kDemoBase) {
  if (!url.starts_with(base + "/")) return "";
  return url.substr(base.size());
}

void ExpectCachedFile(const HttpResponse& r, const std::string& type, const std::string& what) {
  EXPECT_EQ(r.status, 200) << what;
  EXPECT_EQ(r.Header("content-type"), type) << what;
  EXPECT_EQ(r.Header("cache-control"), "public, max-age=300") << what;
}

class ReaderFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    server_ = new ServerProcess({"--config", (SourceDir() / "config" / "site.toml").string(),
                                 "--db", (site_->path() / "khabar.db").string(), "--demo"},
                                {{"KHABAR_NOW", kNow}});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->running()) << server_->Log();
  }
  static HttpResponse Get(const std::string& target) { return HttpGet(server_->port(), target); }

  // ExpectResolves fetches every URL (absolute, on the demo site) and
  // expects a 200.
  static void ExpectResolves(const std::vector<std::string>& urls, const std::string& where) {
    for (const auto& url : urls) {
      const std::string path = PathOf(url);
      ASSERT_FALSE(path.empty()) << where << ": " << url << " is not an absolute URL on the site";
      EXPECT_EQ(Get(path).status, 200) << where << ": " << url;
    }
  }

  static inline TempDir* site_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ReaderFilesTest, RssFeedListsTheLatestStories) {
  HttpResponse r = Get("/feed.xml");
  ExpectCachedFile(r, "application/rss+xml; charset=utf-8", "/feed.xml");
  XmlDoc feed(r.body);
  ASSERT_TRUE(feed.ok()) << r.body;
  EXPECT_EQ(feed.Text("/rss/@version"), "2.0");
  EXPECT_EQ(feed.Text("/rss/channel/title"), "Khabar Daily");
  EXPECT_EQ(feed.Text("/rss/channel/link"), std::string(kDemoBase) + "/");
  EXPECT_EQ(feed.Text("/rss/channel/atom:link[@rel='self']/@href"),
            std::string(kDemoBase) + "/feed.xml");
  // All eight demo stories, newest first: the home page's lead comes first.
  auto titles = feed.Texts("/rss/channel/item/title");
  ASSERT_EQ(titles.size(), 8u) << r.body;
  HtmlDoc home(Get("/").body);
  EXPECT_EQ(titles[0], home.One("//section[@class='lead-story']//h2/a").text);
  // Summary only by default.
  EXPECT_EQ(feed.Count("//content:encoded"), 0u);
  EXPECT_EQ(feed.Count("/rss/channel/item[description != '']"), 8u);
  EXPECT_GE(feed.Count("/rss/channel/item/dc:creator"), 8u);
  EXPECT_GE(feed.Count("/rss/channel/item/category"), 8u);
  ExpectResolves(feed.Texts("/rss/channel/item/link"), "/feed.xml link");
  // guid is the short permalink: it redirects to the story.
  for (const auto& guid : feed.Texts("/rss/channel/item/guid[@isPermaLink='true']")) {
    HttpResponse g = Get(PathOf(guid));
    EXPECT_EQ(g.status, 301) << guid;
    EXPECT_TRUE(g.Header("location").starts_with(PathOf(guid) + "/")) << guid;
  }
}

TEST_F(ReaderFilesTest, AtomFeedListsTheSameStories) {
  HttpResponse r = Get("/atom.xml");
  ExpectCachedFile(r, "application/atom+xml; charset=utf-8", "/atom.xml");
  XmlDoc feed(r.body);
  ASSERT_TRUE(feed.ok()) << r.body;
  EXPECT_EQ(feed.Text("/a:feed/a:link[@rel='self']/@href"), std::string(kDemoBase) + "/atom.xml");
  EXPECT_EQ(feed.Text("/a:feed/a:link[@rel='alternate']/@href"), std::string(kDemoBase) + "/");
  EXPECT_EQ(feed.Count("/a:feed/a:id"), 1u);
  EXPECT_EQ(feed.Count("/a:feed/a:updated"), 1u);
  XmlDoc rss(Get("/feed.xml").body);
  EXPECT_EQ(feed.Texts("/a:feed/a:entry/a:title"), rss.Texts("/rss/channel/item/title"));
  EXPECT_EQ(feed.Count("/a:feed/a:entry[a:id and a:updated and a:published and a:author]"), 8u);
  ExpectResolves(feed.Texts("/a:feed/a:entry/a:link[@rel='alternate']/@href"), "/atom.xml");
}

TEST_F(ReaderFilesTest, SectionAndTagFeedsFollowTheirListings) {
  HtmlDoc home(Get("/").body);
  auto nav = home.Find("//nav[@class='site-nav']//a");
  ASSERT_FALSE(nav.empty());
  for (const auto& link : nav) {
    const std::string section = link.Attr("href");
    HtmlDoc listing(Get(section).body);
    std::vector<std::string> headlines;
    for (const auto& a : listing.Find("//main//article//h2/a | //main//article//h3/a")) {
      headlines.push_back(a.text);
    }
    for (const char* file : {"/feed.xml", "/atom.xml"}) {
      HttpResponse r = Get(section + file);
      ASSERT_EQ(r.status, 200) << section + file;
      XmlDoc feed(r.body);
      ASSERT_TRUE(feed.ok()) << r.body;
      const bool rss = std::string(file) == "/feed.xml";
      EXPECT_EQ(feed.Texts(rss ? "/rss/channel/item/title" : "/a:feed/a:entry/a:title"), headlines)
          << section + file;
      EXPECT_EQ(feed.Text(rss ? "/rss/channel/title" : "/a:feed/a:title"),
                link.text + " | Khabar Daily");
      EXPECT_EQ(
          feed.Text(rss ? "/rss/channel/atom:link/@href" : "/a:feed/a:link[@rel='self']/@href"),
          kDemoBase + section + file);
    }
  }
  // Climate is a tag of three demo stories; each item carries it.
  HttpResponse r = Get("/tag/climate/feed.xml");
  ExpectCachedFile(r, "application/rss+xml; charset=utf-8", "/tag/climate/feed.xml");
  XmlDoc tag(r.body);
  ASSERT_TRUE(tag.ok()) << r.body;
  EXPECT_EQ(tag.Count("/rss/channel/item"), 3u);
  EXPECT_EQ(tag.Count("/rss/channel/item[category = 'Climate']"), 3u);
  XmlDoc tag_atom(Get("/tag/climate/atom.xml").body);
  EXPECT_EQ(tag_atom.Count("/a:feed/a:entry[a:category/@term = 'climate']"), 3u);
}

TEST_F(ReaderFilesTest, UnknownFeedsAreNotFound) {
  for (const char* target : {"/section/no-such-section/feed.xml", "/tag/no-such-tag/feed.xml",
                             "/section/no-such-section/atom.xml", "/tag/no-such-tag/atom.xml"}) {
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_TRUE(r.Header("content-type").starts_with("text/plain")) << target;
  }
}

TEST_F(ReaderFilesTest, SitemapIndexNamesFilesThatResolve) {
  HttpResponse r = Get("/sitemap.xml");
  ExpectCachedFile(r, "application/xml; charset=utf-8", "/sitemap.xml");
  XmlDoc index(r.body);
  ASSERT_TRUE(index.ok()) << r.body;
  const auto locs = index.Texts("/sm:sitemapindex/sm:sitemap/sm:loc");
  EXPECT_EQ(locs, (std::vector<std::string>{std::string(kDemoBase) + "/sitemaps/pages.xml",
                                            std::string(kDemoBase) + "/sitemaps/articles-1.xml"}));
  for (const auto& loc : locs) {
    HttpResponse file = Get(PathOf(loc));
    ExpectCachedFile(file, "application/xml; charset=utf-8", loc);
    XmlDoc sitemap(file.body);
    ASSERT_TRUE(sitemap.ok()) << loc << "\n" << file.body;
    ExpectResolves(sitemap.Texts("/sm:urlset/sm:url/sm:loc"), loc);
  }
}

TEST_F(ReaderFilesTest, ArticleSitemapHasEveryStoryWithItsLastChange) {
  XmlDoc sitemap(Get("/sitemaps/articles-1.xml").body);
  ASSERT_TRUE(sitemap.ok());
  auto locs = sitemap.Texts("/sm:urlset/sm:url/sm:loc");
  XmlDoc rss(Get("/feed.xml").body);
  auto links = rss.Texts("/rss/channel/item/link");
  std::sort(locs.begin(), locs.end());
  std::sort(links.begin(), links.end());
  EXPECT_EQ(locs, links);
  // lastmod is a W3C datetime, and never before the story came out.
  XmlDoc atom(Get("/atom.xml").body);
  for (int i = 1; i <= 8; ++i) {
    const std::string entry = "/a:feed/a:entry[" + std::to_string(i) + "]";
    const std::string url = atom.Text(entry + "/a:link[@rel='alternate']/@href");
    const std::string lastmod =
        sitemap.Text("/sm:urlset/sm:url[sm:loc = '" + url + "']/sm:lastmod");
    EXPECT_EQ(lastmod.size(), 20u) << lastmod;  // 2026-11-28T07:00:00Z
    EXPECT_EQ(lastmod.back(), 'Z') << lastmod;
    EXPECT_GE(lastmod, atom.Text(entry + "/a:published")) << url;
  }
  for (const char* missing : {"/sitemaps/articles-2.xml", "/sitemaps/articles-0.xml",
                              "/sitemaps/articles-01.xml", "/sitemaps/other.xml"}) {
    EXPECT_EQ(Get(missing).status, 404) << missing;
  }
}

TEST_F(ReaderFilesTest, PagesSitemapHasHomeSectionsAndTags) {
  XmlDoc pages(Get("/sitemaps/pages.xml").body);
  ASSERT_TRUE(pages.ok());
  auto locs = pages.Texts("/sm:urlset/sm:url/sm:loc");
  ASSERT_FALSE(locs.empty());
  EXPECT_EQ(locs[0], std::string(kDemoBase) + "/");
  std::set<std::string> have(locs.begin(), locs.end());
  HtmlDoc home(Get("/").body);
  for (const auto& a : home.Find("//nav[@class='site-nav']//a")) {
    EXPECT_TRUE(have.contains(kDemoBase + a.Attr("href"))) << a.Attr("href");
  }
  EXPECT_TRUE(have.contains(std::string(kDemoBase) + "/tag/climate"));
  EXPECT_TRUE(have.contains(std::string(kDemoBase) + "/tag/cricket"));
}

TEST_F(ReaderFilesTest, NewsSitemapHasOnlyTheLastTwoDays) {
  HttpResponse r = Get("/news-sitemap.xml");
  ExpectCachedFile(r, "application/xml; charset=utf-8", "/news-sitemap.xml");
  XmlDoc news(r.body);
  ASSERT_TRUE(news.ok()) << r.body;
  // The stories the Atom feed dates within 48 hours of the clock.
  XmlDoc atom(Get("/atom.xml").body);
  std::vector<std::string> recent;
  for (int i = 1; i <= 8; ++i) {
    const std::string entry = "/a:feed/a:entry[" + std::to_string(i) + "]";
    if (atom.Text(entry + "/a:published") >= kNewsWindowStart) {
      recent.push_back(atom.Text(entry + "/a:link[@rel='alternate']/@href"));
    }
  }
  EXPECT_EQ(recent.size(), 3u);  // 28 Nov 00:35, 27 Nov 09:15, 26 Nov 16:30 (PKT)
  EXPECT_EQ(news.Texts("/sm:urlset/sm:url/sm:loc"), recent);
  EXPECT_EQ(news.Count("/sm:urlset/sm:url/news:news/news:publication[news:name = 'Khabar Daily' "
                       "and news:language = 'en']"),
            3u);
  for (const auto& d : news.Texts("//news:publication_date")) {
    EXPECT_GE(d, kNewsWindowStart);
  }
  EXPECT_EQ(news.Count("//news:news[news:title != '' and news:keywords != '']"), 3u);
  ExpectResolves(recent, "/news-sitemap.xml");
}

TEST_F(ReaderFilesTest, RobotsTxtNamesTheSitemaps) {
  HttpResponse r = Get("/robots.txt");
  ExpectCachedFile(r, "text/plain; charset=utf-8", "/robots.txt");
  EXPECT_NE(r.body.find("User-agent: *\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\nDisallow: /admin\n"), std::string::npos) << r.body;
  std::vector<std::string> sitemaps;
  std::stringstream lines(r.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("Sitemap: ")) sitemaps.push_back(line.substr(9));
  }
  // The main edition's, then the Urdu edition's under its prefix.
  EXPECT_EQ(sitemaps,
            (std::vector<std::string>{std::string(kDemoBase) + "/sitemap.xml",
                                      std::string(kDemoBase) + "/news-sitemap.xml",
                                      std::string(kDemoBase) + "/urdu/sitemap.xml",
                                      std::string(kDemoBase) + "/urdu/news-sitemap.xml"}));
  for (const auto& url : sitemaps) {
    HttpResponse s = Get(PathOf(url));
    EXPECT_EQ(s.status, 200) << url;
    EXPECT_TRUE(XmlDoc(s.body).ok()) << url;
  }
}

TEST_F(ReaderFilesTest, AdsTxtIsNotFoundWithoutASetting) {
  HttpResponse r = Get("/ads.txt");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(r.Header("content-type").starts_with("text/plain"));
}

// The article head: canonical URL, OpenGraph, Twitter card and a JSON-LD
// NewsArticle that agree with the page.
TEST_F(ReaderFilesTest, ArticlePagesCarrySharingMetadata) {
  XmlDoc rss(Get("/feed.xml").body);
  const auto links = rss.Texts("/rss/channel/item/link");
  ASSERT_EQ(links.size(), 8u);
  for (const auto& url : links) {
    HttpResponse r = Get(PathOf(url));
    ASSERT_EQ(r.status, 200) << url;
    HtmlDoc page(r.body);
    const std::string headline = page.One("//h1[@class='story-headline']").text;
    auto meta = [&](const std::string& attr, const std::string& key) {
      return page.One("//head/meta[@" + attr + "='" + key + "']").Attr("content");
    };
    EXPECT_EQ(page.One("//head/link[@rel='canonical']").Attr("href"), url);
    EXPECT_EQ(meta("property", "og:type"), "article") << url;
    EXPECT_EQ(meta("property", "og:title"), headline) << url;
    EXPECT_EQ(meta("property", "og:url"), url) << url;
    EXPECT_EQ(meta("property", "og:site_name"), "Khabar Daily") << url;
    EXPECT_TRUE(meta("property", "og:image").starts_with(std::string(kDemoBase) + "/media/"))
        << url;
    EXPECT_FALSE(meta("property", "article:published_time").empty()) << url;
    EXPECT_EQ(meta("property", "article:section"), page.One("//p[@class='story-section']/a").text)
        << url;
    EXPECT_EQ(page.Find("//head/meta[@property='article:tag']").size(),
              page.Find("//ul[@class='story-tags']/li").size())
        << url;
    EXPECT_EQ(meta("name", "twitter:card"), "summary_large_image") << url;
    EXPECT_EQ(meta("name", "twitter:site"), "@KhabarDemo") << url;
    // The og:image is served.
    EXPECT_EQ(Get(PathOf(meta("property", "og:image"))).status, 200) << url;

    auto scripts = page.Find("//head/script[@type='application/ld+json']");
    ASSERT_EQ(scripts.size(), 1u) << url;
    nlohmann::json ld = nlohmann::json::parse(scripts[0].text, nullptr, false);
    ASSERT_FALSE(ld.is_discarded()) << scripts[0].text;
    EXPECT_EQ(ld["@type"], "NewsArticle");
    EXPECT_EQ(ld["headline"], headline);
    EXPECT_EQ(ld["mainEntityOfPage"]["@id"], url);
    EXPECT_EQ(ld["publisher"]["name"], "Khabar Daily");
    EXPECT_EQ(ld["datePublished"], meta("property", "article:published_time"));
    EXPECT_FALSE(ld["author"].empty());
  }
}

// A site with [ads] ads_txt and full-content feeds, on its own server.
class ConfiguredReaderFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    const auto config = site_->path() / "site.toml";
    std::ofstream(config)
        << "[site]\n"
           "name = \"Khabar Daily\"\n"
           "base_url = \"https://news.example\"\n"
           "timezone = \"Asia/Karachi\"\n"
           "[feeds]\n"
           "full_content = true\n"
           "items = 5\n"
           "[ads]\n"
           "ads_txt = \"google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\"\n";
    server_ = new ServerProcess(
        {"--config", config.string(), "--db", (site_->path() / "khabar.db").string(), "--demo"},
        {{"KHABAR_NOW", kNow}});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->running()) << server_->Log();
  }
  static HttpResponse Get(const std::string& target) { return HttpGet(server_->port(), target); }
  static inline TempDir* site_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ConfiguredReaderFilesTest, AdsTxtServesTheSetting) {
  HttpResponse r = Get("/ads.txt");
  ExpectCachedFile(r, "text/plain; charset=utf-8", "/ads.txt");
  EXPECT_EQ(r.body, "google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\n");
}

TEST_F(ConfiguredReaderFilesTest, FeedsCarryWholeStoriesUpToTheSetting) {
  XmlDoc rss(Get("/feed.xml").body);
  ASSERT_TRUE(rss.ok());
  EXPECT_EQ(rss.Count("/rss/channel/item"), 5u);
  EXPECT_EQ(rss.Count("/rss/channel/item[content:encoded != '']"), 5u);
  for (const auto& body : rss.Texts("/rss/channel/item/content:encoded")) {
    HtmlDoc html(body);
    EXPECT_FALSE(html.Find("//p").empty()) << body;
  }
  for (const auto& link : rss.Texts("/rss/channel/item/link")) {
    EXPECT_TRUE(link.starts_with("https://news.example/news/")) << link;
  }
  XmlDoc atom(Get("/atom.xml").body);
  ASSERT_TRUE(atom.ok());
  EXPECT_EQ(atom.Count("/a:feed/a:entry[a:content/@type = 'html' and a:content != '']"), 5u);
  // robots.txt follows base_url.
  EXPECT_NE(Get("/robots.txt").body.find("Sitemap: https://news.example/sitemap.xml\n"),
            std::string::npos);
}

}  // namespace
}  // namespace khabar::testing
