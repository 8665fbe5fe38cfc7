#include "site/feeds.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/finish.h"
#include "site/internal/xml_query_for_test.h"

namespace khabar {
namespace {

using site_internal::XmlQuery;

const std::map<std::string, std::string> kNs = {
    {"atom", "http://www.w3.org/2005/Atom"},
    {"a", "http://www.w3.org/2005/Atom"},
    {"content", "http://purl.org/rss/1.0/modules/content/"},
    {"dc", "http://purl.org/dc/elements/1.1/"}};

Seconds At(const char* iso) { return *ParseIso8601(iso); }

Author Byline(int64_t id, std::string slug, std::string name) {
  Author a;
  a.id = id;
  a.slug = std::move(slug);
  a.name = std::move(name);
  return a;
}

Settings TestSettings() {
  Settings s;
  s.site.name = "Khabar Daily";
  s.site.base_url = "https://news.example";
  s.site.language = "en";
  s.site.description = "News from Karachi & beyond";
  return s;
}

Article Story(int64_t id, std::string slug, std::string headline) {
  Article a;
  a.id = id;
  a.slug = std::move(slug);
  a.headline = std::move(headline);
  a.standfirst = "The standfirst of story " + std::to_string(id);
  a.body_html = "<p>Body of story " + std::to_string(id) + "</p>\n";
  a.section = {.id = 1, .slug = "world", .name = "World", .position = 0};
  a.status = ArticleStatus::kPublished;
  a.published_at = At("2026-11-27T04:15:00Z");
  a.created_at = At("2026-11-27T04:00:00Z");
  a.updated_at = At("2026-11-27T04:00:00Z");
  return a;
}

std::vector<Article> TwoStories() {
  Article first = Story(7, "hawks-reach-final", "Hawks reach the T20 final");
  first.published_at = At("2026-11-27T19:35:00Z");
  first.updated_at = At("2026-11-28T06:00:00Z");  // edited after it went out
  first.authors = {Byline(1, "usman-ghani", "Usman Ghani"),
                   Byline(2, "khabar-desk", "Khabar Desk")};
  first.tags = {{.id = 1, .slug = "cricket", .name = "Cricket"},
                {.id = 2, .slug = "t20", .name = "T20"}};
  Article second = Story(1, "karachi-water", "Karachi water supply restored");
  return {first, second};
}

const Seconds kNow = At("2026-11-28T07:00:00Z");

TEST(FeedPath, NamesEveryFeed) {
  EXPECT_EQ(FeedPath(FeedFormat::kRss, FeedScope::kLatest, "ignored"), "/feed.xml");
  EXPECT_EQ(FeedPath(FeedFormat::kAtom, FeedScope::kLatest, ""), "/atom.xml");
  EXPECT_EQ(FeedPath(FeedFormat::kRss, FeedScope::kSection, "world"), "/section/world/feed.xml");
  EXPECT_EQ(FeedPath(FeedFormat::kAtom, FeedScope::kTag, "climate"), "/tag/climate/atom.xml");
  EXPECT_EQ(FeedContentType(FeedFormat::kRss), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(FeedContentType(FeedFormat::kAtom), "application/atom+xml; charset=utf-8");
}

TEST(FeedSpecFor, TitlesLikeThePages) {
  const Settings s = TestSettings();
  FeedSpec latest = FeedSpecFor(FeedFormat::kRss, FeedScope::kLatest, "", "", s);
  EXPECT_EQ(latest.title, "Khabar Daily");
  EXPECT_EQ(latest.description, "News from Karachi & beyond");
  EXPECT_EQ(latest.self_path, "/feed.xml");
  EXPECT_EQ(latest.page_path, "/");
  FeedSpec tag = FeedSpecFor(FeedFormat::kAtom, FeedScope::kTag, "climate", "Climate", s);
  EXPECT_EQ(tag.title, "Climate | Khabar Daily");
  EXPECT_EQ(tag.self_path, "/tag/climate/atom.xml");
  EXPECT_EQ(tag.page_path, "/tag/climate");
  Settings no_description = s;
  no_description.site.description.clear();
  EXPECT_EQ(FeedSpecFor(FeedFormat::kRss, FeedScope::kLatest, "", "", no_description).description,
            "The latest stories from Khabar Daily");
}

TEST(FeedLinksView, OffersRssThenAtomWithAbsoluteUrls) {
  nlohmann::json links = FeedLinksView(FeedScope::kSection, "world", "World", TestSettings());
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0]["type"], "application/rss+xml");
  EXPECT_EQ(links[0]["href"], "https://news.example/section/world/feed.xml");
  EXPECT_EQ(links[0]["title"], "World | Khabar Daily (RSS)");
  EXPECT_EQ(links[1]["type"], "application/atom+xml");
  EXPECT_EQ(links[1]["href"], "https://news.example/section/world/atom.xml");
}

TEST(RenderFeed, RssChannelAndItems) {
  const Settings s = TestSettings();
  const FeedSpec spec = FeedSpecFor(FeedFormat::kRss, FeedScope::kSection, "world", "World", s);
  auto xml = RenderFeed(FeedFormat::kRss, spec, TwoStories(), s, kNow);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  EXPECT_EQ(q.Text("/rss/@version"), "2.0");
  EXPECT_EQ(q.Text("/rss/channel/title"), "World | Khabar Daily");
  EXPECT_EQ(q.Text("/rss/channel/link"), "https://news.example/section/world");
  EXPECT_EQ(q.Text("/rss/channel/description"), "The latest stories on World from Khabar Daily");
  EXPECT_EQ(q.Text("/rss/channel/language"), "en");
  // The newest change among the items, not the time of the request.
  EXPECT_EQ(q.Text("/rss/channel/lastBuildDate"), "Sat, 28 Nov 2026 06:00:00 GMT");
  // atom:link in the Atom namespace (checked through the registered URI).
  EXPECT_EQ(q.Text("/rss/channel/atom:link[@rel='self']/@href"),
            "https://news.example/section/world/feed.xml");
  EXPECT_EQ(q.Text("/rss/channel/atom:link/@type"), "application/rss+xml");
  EXPECT_EQ(q.Count("/rss/channel/image"), 0u);  // no logo set

  ASSERT_EQ(q.Count("/rss/channel/item"), 2u);
  const std::string item = "/rss/channel/item[1]";
  EXPECT_EQ(q.Text(item + "/title"), "Hawks reach the T20 final");
  EXPECT_EQ(q.Text(item + "/link"), "https://news.example/news/7/hawks-reach-final");
  EXPECT_EQ(q.Text(item + "/guid"), "https://news.example/news/7");
  EXPECT_EQ(q.Text(item + "/guid/@isPermaLink"), "true");
  EXPECT_EQ(q.Text(item + "/pubDate"), "Fri, 27 Nov 2026 19:35:00 GMT");
  EXPECT_EQ(q.Texts(item + "/dc:creator"),
            (std::vector<std::string>{"Usman Ghani", "Khabar Desk"}));
  EXPECT_EQ(q.Texts(item + "/category"), (std::vector<std::string>{"Cricket", "T20"}));
  EXPECT_EQ(q.Text(item + "/category[1]/@domain"), "https://news.example/tag/cricket");
  EXPECT_EQ(q.Text(item + "/description"), "The standfirst of story 7");
  // Summary only unless [feeds] full_content.
  EXPECT_EQ(q.Count("//content:encoded"), 0u);
  EXPECT_EQ(q.Text("/rss/channel/item[2]/title"), "Karachi water supply restored");
  EXPECT_EQ(q.Count("/rss/channel/item[2]/dc:creator"), 0u);
}

TEST(RenderFeed, RssFullContentAndLogo) {
  Settings s = TestSettings();
  s.feeds.full_content = true;
  s.site.logo = "/static/logo.png";
  std::vector<Article> items = TwoStories();
  items[0].body_html =
      "<p>See <a href=\"/news/1/karachi-water\">the water story</a>, "
      "<a href=\"https://other.example/x\">elsewhere</a> and "
      "<a href=\"//cdn.example/y\">a CDN</a>.</p>\n"
      "<p><img src=\"/media/2026/11/stumps.jpg\" alt=\"Stumps\"></p>\n"
      "<table><thead><tr><th>اردو</th></tr></thead><tbody><tr><td>خبر</td></tr></tbody></table>\n";
  items[1].body_html.clear();  // a store that sent no body: summary only
  const FeedSpec spec = FeedSpecFor(FeedFormat::kRss, FeedScope::kLatest, "", "", s);
  auto xml = RenderFeed(FeedFormat::kRss, spec, items, s, kNow);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  EXPECT_EQ(q.Text("/rss/channel/image/url"), "https://news.example/static/logo.png");
  EXPECT_EQ(q.Text("/rss/channel/image/title"), "Khabar Daily");
  EXPECT_EQ(q.Text("/rss/channel/image/link"), "https://news.example/");
  ASSERT_EQ(q.Count("//content:encoded"), 1u);
  const std::string body = q.Text("/rss/channel/item[1]/content:encoded");
  EXPECT_NE(body.find("href=\"https://news.example/news/1/karachi-water\""), std::string::npos)
      << *xml << body;
  EXPECT_NE(body.find("src=\"https://news.example/media/2026/11/stumps.jpg\""), std::string::npos)
      << body;
  EXPECT_NE(body.find("href=\"https://other.example/x\""), std::string::npos) << body;
  EXPECT_NE(body.find("href=\"//cdn.example/y\""), std::string::npos) << body;
  EXPECT_NE(body.find("<th>اردو</th>"), std::string::npos) << body;  // UTF-8 kept as is
  EXPECT_NE(body.find("<td>خبر</td>"), std::string::npos) << body;
  // The body is escaped text in the XML, not markup.
  EXPECT_EQ(q.Count("//content:encoded/*"), 0u);
}

TEST(RenderFeed, EscapesHeadlinesAndRepairsBadText) {
  const Settings s = TestSettings();
  Article a = Story(3, "escape", "Tom & Jerry <script>alert(\"x\")</script> ]]> end");
  a.standfirst = "Standfirst with \x01 control and \xff bad byte & <b>tags</b>";
  a.tags = {{.id = 9, .slug = "q-a", .name = "Q&A <live>"}};
  for (FeedFormat f : {FeedFormat::kRss, FeedFormat::kAtom}) {
    const FeedSpec spec = FeedSpecFor(f, FeedScope::kLatest, "", "", s);
    auto xml = RenderFeed(f, spec, {a}, s, kNow);
    ASSERT_TRUE(xml) << xml.error().ToString();
    EXPECT_EQ(xml->find("<script>"), std::string::npos) << *xml;
    XmlQuery q(*xml, kNs);
    ASSERT_TRUE(q.ok()) << *xml;
    const bool rss = f == FeedFormat::kRss;
    EXPECT_EQ(q.Text(rss ? "//item/title" : "//a:entry/a:title"),
              "Tom & Jerry <script>alert(\"x\")</script> ]]> end");
    EXPECT_EQ(q.Count(rss ? "//item/title/*" : "//a:entry/a:title/*"), 0u);
    // RSS descriptions are HTML to a feed reader: the standfirst's text is
    // escaped for HTML inside the XML; Atom's summary says type="text".
    EXPECT_EQ(
        q.Text(rss ? "//item/description" : "//a:entry/a:summary"),
        rss ? "Standfirst with  control and \xEF\xBF\xBD bad byte &amp; &lt;b&gt;tags&lt;/b&gt;"
            : "Standfirst with  control and \xEF\xBF\xBD bad byte & <b>tags</b>");
    EXPECT_EQ(q.Text(rss ? "//item/category" : "//a:entry/a:category/@label"), "Q&A <live>");
    EXPECT_EQ(q.Text(rss ? "/rss/channel/description" : "/a:feed/a:subtitle"),
              rss ? "News from Karachi &amp; beyond" : "News from Karachi & beyond");
  }
}

// Issue 15: each element says what it holds, and every reader gets the
// same words. RSS titles, bylines and tag names are plain text, written
// with the RSS Best Practices Profile's hexadecimal references; Atom's
// titles carry type="text".
TEST(RenderFeed, PlainTextElementsAreMarkedAndEncodedAlike) {
  const Settings s = TestSettings();
  Article a = Story(3, "escape", "<b>Bold</b> & co");
  a.authors = {Byline(1, "x", "Ann <i>& Bob</i>")};
  a.tags = {{.id = 9, .slug = "q-a", .name = "Q&A <live>"}};
  auto rss = RenderFeed(FeedFormat::kRss,
                        FeedSpecFor(FeedFormat::kRss, FeedScope::kLatest, "", "", s), {a}, s, kNow);
  ASSERT_TRUE(rss) << rss.error().ToString();
  EXPECT_NE(rss->find("<title>&#x3C;b&#x3E;Bold&#x3C;/b&#x3E; &#x26; co</title>"),
            std::string::npos)
      << *rss;
  EXPECT_NE(rss->find("<dc:creator>Ann &#x3C;i&#x3E;&#x26; Bob&#x3C;/i&#x3E;</dc:creator>"),
            std::string::npos)
      << *rss;
  EXPECT_NE(rss->find(">Q&#x26;A &#x3C;live&#x3E;</category>"), std::string::npos) << *rss;
  XmlQuery q(*rss, kNs);
  ASSERT_TRUE(q.ok()) << *rss;
  EXPECT_EQ(q.Text("//item/title"), "<b>Bold</b> & co");
  auto atom =
      RenderFeed(FeedFormat::kAtom, FeedSpecFor(FeedFormat::kAtom, FeedScope::kLatest, "", "", s),
                 {a}, s, kNow);
  ASSERT_TRUE(atom) << atom.error().ToString();
  XmlQuery qa(*atom, kNs);
  ASSERT_TRUE(qa.ok()) << *atom;
  EXPECT_EQ(qa.Text("/a:feed/a:title/@type"), "text");
  EXPECT_EQ(qa.Text("/a:feed/a:subtitle/@type"), "text");
  EXPECT_EQ(qa.Text("//a:entry/a:title/@type"), "text");
  EXPECT_EQ(qa.Text("//a:entry/a:title"), "<b>Bold</b> & co");
}

TEST(RenderFeed, AtomFeedAndEntries) {
  Settings s = TestSettings();
  s.feeds.full_content = true;
  s.site.logo = "https://cdn.example/logo.png";
  const FeedSpec spec = FeedSpecFor(FeedFormat::kAtom, FeedScope::kTag, "cricket", "Cricket", s);
  auto xml = RenderFeed(FeedFormat::kAtom, spec, TwoStories(), s, kNow);
  ASSERT_TRUE(xml) << xml.error().ToString();
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok()) << *xml;
  // Everything is in the Atom namespace.
  EXPECT_EQ(q.Count("/feed"), 0u);
  EXPECT_EQ(q.Text("/a:feed/@xml:lang"), "en");
  EXPECT_EQ(q.Text("/a:feed/a:id"), "https://news.example/tag/cricket");
  EXPECT_EQ(q.Text("/a:feed/a:title"), "Cricket | Khabar Daily");
  EXPECT_EQ(q.Text("/a:feed/a:subtitle"), "The latest stories on Cricket from Khabar Daily");
  EXPECT_EQ(q.Text("/a:feed/a:updated"), "2026-11-28T06:00:00Z");
  EXPECT_EQ(q.Text("/a:feed/a:link[@rel='alternate']/@href"), "https://news.example/tag/cricket");
  EXPECT_EQ(q.Text("/a:feed/a:link[@rel='alternate']/@type"), "text/html");
  EXPECT_EQ(q.Text("/a:feed/a:link[@rel='self']/@href"),
            "https://news.example/tag/cricket/atom.xml");
  EXPECT_EQ(q.Text("/a:feed/a:link[@rel='self']/@type"), "application/atom+xml");
  EXPECT_EQ(q.Text("/a:feed/a:author/a:name"), "Khabar Daily");
  EXPECT_EQ(q.Text("/a:feed/a:logo"), "https://cdn.example/logo.png");

  ASSERT_EQ(q.Count("/a:feed/a:entry"), 2u);
  const std::string e = "/a:feed/a:entry[1]";
  EXPECT_EQ(q.Text(e + "/a:id"), "https://news.example/news/7");
  EXPECT_EQ(q.Text(e + "/a:title"), "Hawks reach the T20 final");
  EXPECT_EQ(q.Text(e + "/a:link[@rel='alternate']/@href"),
            "https://news.example/news/7/hawks-reach-final");
  EXPECT_EQ(q.Text(e + "/a:published"), "2026-11-27T19:35:00Z");
  EXPECT_EQ(q.Text(e + "/a:updated"), "2026-11-28T06:00:00Z");
  EXPECT_EQ(q.Texts(e + "/a:author/a:name"),
            (std::vector<std::string>{"Usman Ghani", "Khabar Desk"}));
  EXPECT_EQ(q.Text(e + "/a:author[1]/a:uri"), "https://news.example/author/usman-ghani");
  EXPECT_EQ(q.Texts(e + "/a:category/@term"), (std::vector<std::string>{"cricket", "t20"}));
  EXPECT_EQ(q.Text(e + "/a:summary/@type"), "text");
  EXPECT_EQ(q.Text(e + "/a:summary"), "The standfirst of story 7");
  EXPECT_EQ(q.Text(e + "/a:content/@type"), "html");
  EXPECT_EQ(q.Text(e + "/a:content"), "<p>Body of story 7</p>\n");
  // Published after its last save (scheduled): updated is the publication.
  EXPECT_EQ(q.Text("/a:feed/a:entry[2]/a:updated"), "2026-11-27T04:15:00Z");
}

TEST(RenderFeed, AnImportIsNotAnUpdate) {
  const Settings s = TestSettings();
  Article a = Story(4, "imported", "Imported story");
  a.published_at = At("2026-11-20T10:00:00Z");
  a.created_at = At("2026-11-28T06:30:00Z");  // imported today, never edited
  a.updated_at = At("2026-11-28T06:30:00Z");
  auto xml =
      RenderFeed(FeedFormat::kAtom, FeedSpecFor(FeedFormat::kAtom, FeedScope::kLatest, "", "", s),
                 {a}, s, kNow);
  ASSERT_TRUE(xml);
  XmlQuery q(*xml, kNs);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q.Text("/a:feed/a:updated"), "2026-11-20T10:00:00Z");
  EXPECT_EQ(q.Text("/a:feed/a:entry/a:updated"), "2026-11-20T10:00:00Z");
}

TEST(RenderFeed, EmptyFeedsAreValidAndDatedNow) {
  const Settings s = TestSettings();
  for (FeedFormat f : {FeedFormat::kRss, FeedFormat::kAtom}) {
    auto xml = RenderFeed(f, FeedSpecFor(f, FeedScope::kLatest, "", "", s), {}, s, kNow);
    ASSERT_TRUE(xml) << xml.error().ToString();
    XmlQuery q(*xml, kNs);
    ASSERT_TRUE(q.ok()) << *xml;
    if (f == FeedFormat::kRss) {
      EXPECT_EQ(q.Count("//item"), 0u);
      EXPECT_EQ(q.Text("/rss/channel/lastBuildDate"), http::FormatHttpDate(kNow));
    } else {
      EXPECT_EQ(q.Count("//a:entry"), 0u);
      EXPECT_EQ(q.Text("/a:feed/a:updated"), "2026-11-28T07:00:00Z");
    }
  }
}

}  // namespace
}  // namespace khabar
