// The public site on the demo content: listings, pagination, static files,
// HTTP behaviour (caching, gzip, bad requests) and graceful shutdown.
#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <set>

#include "support/html.h"
#include "support/http_client.h"
#include "support/process.h"

namespace khabar::testing {
namespace {

class DemoSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    server_ = new ServerProcess({"--config", (SourceDir() / "config" / "site.toml").string(),
                                 "--db", (site_->path() / "khabar.db").string(), "--demo"},
                                {{"KHABAR_NOW", "2026-11-28T12:00:00+05:00"}});
    ASSERT_TRUE(server_->running()) << server_->Log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->running()) << server_->Log();
  }
  static HttpResponse Get(const std::string& target,
                          const std::map<std::string, std::string>& headers = {}) {
    return HttpGet(server_->port(), target, headers);
  }
  static inline TempDir* site_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(DemoSiteTest, HomeLeadsWithTheNewestStoryAndGroupsBySection) {
  HttpResponse r = Get("/");
  ASSERT_EQ(r.status, 200);
  HtmlDoc doc(r.body);
  auto lead = doc.Find("//section[@class='lead-story']//h2/a");
  ASSERT_EQ(lead.size(), 1u);
  auto groups = doc.Find("//section[@class='section-group']/h2/a");
  EXPECT_GE(groups.size(), 3u);
  // Every story on the page links to a page that exists.
  auto links = doc.Find("//main//h3/a | //main//h2[@class='card-headline']/a");
  EXPECT_GE(links.size(), 5u);
  for (const auto& a : links) {
    EXPECT_EQ(Get(a.Attr("href")).status, 200) << a.Attr("href");
  }
  // Thumbnails and times.
  EXPECT_FALSE(doc.Find("//main//article[contains(@class,'card')]//img[@src]").empty());
  EXPECT_FALSE(doc.Find("//main//article[contains(@class,'card')]//time[@datetime]").empty());
}

TEST_F(DemoSiteTest, SectionListingIsNewestFirst) {
  HtmlDoc home(Get("/").body);
  std::string section = home.Find("//nav[@class='site-nav']//a")[0].Attr("href");
  HttpResponse r = Get(section);
  ASSERT_EQ(r.status, 200);
  HtmlDoc doc(r.body);
  auto times = doc.Find("//main//article//time");
  ASSERT_FALSE(times.empty());
  for (size_t i = 1; i < times.size(); ++i) {
    EXPECT_GE(times[i - 1].Attr("datetime"), times[i].Attr("datetime"));
  }
}

TEST_F(DemoSiteTest, BadPageNumbersAreClientErrors) {
  HtmlDoc home(Get("/").body);
  std::string section = home.Find("//nav[@class='site-nav']//a")[0].Attr("href");
  EXPECT_EQ(Get(section + "?page=1").status, 200);
  for (std::string bad : {"abc", "0", "-1", "1.5", "99999999999999999999", "", "1e3"}) {
    HttpResponse r = Get(section + "?page=" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.Header("content-type"), "text/html; charset=utf-8") << bad;
  }
  EXPECT_EQ(Get(section + "?page=500").status, 404);
  EXPECT_EQ(Get("/section/no-such-section").status, 404);
  EXPECT_EQ(Get("/tag/no-such-tag").status, 404);
  EXPECT_EQ(Get("/author/nobody").status, 404);
}

TEST_F(DemoSiteTest, PaginationLinksWalkTheWholeListing) {
  // The home page shows every section; walk a tag with several stories by
  // following rel=next until it ends.
  HtmlDoc home(Get("/").body);
  auto first = Get(home.Find("//nav[@class='site-nav']//a")[0].Attr("href"));
  HtmlDoc doc(first.body);
  std::string next = doc.One("//nav[@class='pagination']/a[@rel='next']").Attr("href");
  if (!next.empty()) {
    HttpResponse page2 = Get(next);
    EXPECT_EQ(page2.status, 200);
    HtmlDoc d2(page2.body);
    EXPECT_FALSE(d2.One("//link[@rel='prev']").Attr("href").empty());
  }
  EXPECT_TRUE(doc.One("//nav[@class='pagination']/a[@rel='prev']").name.empty());
}

TEST_F(DemoSiteTest, StaticAssetsAreCachedForAYear) {
  HtmlDoc home(Get("/").body);
  std::string css = home.One("//link[@rel='stylesheet']").Attr("href");
  ASSERT_TRUE(css.starts_with("/static/style.css?v=")) << css;
  HttpResponse r = Get(css);
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.Header("content-type").starts_with("text/css"));
  EXPECT_NE(r.Header("cache-control").find("max-age=31536000"), std::string::npos);
  EXPECT_EQ(Get("/static/nope.css").status, 404);
}

TEST_F(DemoSiteTest, PathsOutsideTheServedFoldersAreRefused) {
  for (std::string target :
       {"/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2f..%2fkhabar.db", "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "/media/%00.jpg",
        "/static/\xff\xfe.css", "/media/..\\..\\khabar.db"}) {
    HttpResponse r = HttpRaw(server_->port(),
                             "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_GE(r.status, 400) << target;
    EXPECT_LT(r.status, 500) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("SQLite format"), std::string::npos) << target;
  }
}

TEST_F(DemoSiteTest, MalformedAndOversizedRequestsAre4xx) {
  EXPECT_EQ(HttpRaw(server_->port(), "NONSENSE\r\n\r\n").status, 400);
  EXPECT_EQ(HttpGet(server_->port(), "/" + std::string(10000, 'a')).status, 414);
  EXPECT_EQ(HttpGet(server_->port(), "/", {{"X-Big", std::string(64 * 1024, 'b')}}).status, 431);
  // The server is still fine afterwards.
  EXPECT_EQ(Get("/healthz").status, 200);
}

TEST_F(DemoSiteTest, ETagsAnswer304) {
  HttpResponse r = Get("/");
  ASSERT_EQ(r.status, 200);
  std::string etag = r.Header("etag");
  ASSERT_FALSE(etag.empty());
  HttpResponse again = Get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

TEST_F(DemoSiteTest, HtmlIsGzippedWhenAsked) {
  HttpResponse plain = Get("/");
  HttpResponse gz = Get("/", {{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.Header("content-encoding"), "gzip");
  EXPECT_NE(gz.Header("vary").find("Accept-Encoding"), std::string::npos);
  // Inflate and compare with the plain body.
  std::string out(plain.body.size() + 1024, '\0');
  z_stream zs{};
  inflateInit2(&zs, 16 + MAX_WBITS);
  zs.next_in = reinterpret_cast<Bytef*>(gz.body.data());
  zs.avail_in = static_cast<uInt>(gz.body.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  inflateEnd(&zs);
  EXPECT_EQ(out, plain.body);
}

TEST_F(DemoSiteTest, HeadHasHeadersAndNoBody) {
  HttpResponse r =
      HttpRaw(server_->port(), "HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_FALSE(r.Header("content-length").empty());
}

TEST_F(DemoSiteTest, UnknownPathIsAThemed404AndWrongMethodIs405) {
  HttpResponse r = Get("/no/such/page");
  EXPECT_EQ(r.status, 404);
  EXPECT_FALSE(HtmlDoc(r.body).One("//header[contains(@class,'masthead')]").name.empty());
  HttpResponse post =
      HttpRaw(server_->port(),
              "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(post.status, 405);
}

TEST(ServerLifecycle, SigtermStopsCleanly) {
  TempDir site;
  ServerProcess server({"--db", (site.path() / "k.db").string()}, {});
  ASSERT_TRUE(server.running()) << server.Log();
  EXPECT_EQ(HttpGet(server.port(), "/").status, 200);
  EXPECT_EQ(server.Stop(), 0) << server.Log();
  EXPECT_NE(server.Log().find("\"GET /\" 200"), std::string::npos) << "access log line expected";
}

TEST(ServerLifecycle, BadSettingsRefuseToStartNamingTheKey) {
  TempDir site;
  std::ofstream(site.path() / "bad.toml") << "[site]\ntimezone = \"Mars/Olympus\"\n";
  auto r = RunKhabar({"serve", "--config", (site.path() / "bad.toml").string(), "--db",
                      (site.path() / "k.db").string(), "--listen",
                      "127.0.0.1:" + std::to_string(FreePort())});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("bad.toml"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("timezone"), std::string::npos) << r.err;
}

// Ad slots: each named slot where it belongs, the in-article one after its
// paragraph, iframes lazy; one switch turns them all off.
class AdSlotsTest : public ::testing::Test {
 protected:
  static std::string Config(bool enabled) {
    return std::string("[site]\nname = \"Ad Test\"\ntimezone = \"Asia/Karachi\"\n") +
           "[ads]\nenabled = " + (enabled ? "true" : "false") + "\n" +
           "[[ads.slot]]\nname = \"header\"\nhtml = '<div id=\"ad-top\">top</div>'\n"
           "[[ads.slot]]\nname = \"in-article\"\nafter_paragraph = 2\n"
           "html = '<iframe id=\"ad-mid\" src=\"about:blank\"></iframe>'\n"
           "[[ads.slot]]\nname = \"below-article\"\nhtml = '<div id=\"ad-below\">below</div>'\n"
           "[[ads.slot]]\nname = \"sidebar\"\nhtml = '<div id=\"ad-side\">side</div>'\n";
  }
  // Serve returns the first demo story's page under the given config.
  static std::string StoryPage(bool enabled) {
    TempDir site;
    std::ofstream(site.path() / "site.toml") << Config(enabled);
    ServerProcess server({"--config", (site.path() / "site.toml").string(), "--db",
                          (site.path() / "k.db").string(), "--demo"},
                         {{"KHABAR_NOW", "2026-11-28T12:00:00+05:00"}});
    EXPECT_TRUE(server.running()) << server.Log();
    // A wrong slug redirects to the story's canonical address.
    HttpResponse redirect = HttpGet(server.port(), "/news/1/x");
    EXPECT_EQ(redirect.status, 301);
    return HttpGet(server.port(), redirect.Header("location")).body;
  }
};

TEST_F(AdSlotsTest, EachSlotIsPlacedWhereItBelongs) {
  HtmlDoc doc(StoryPage(true));
  EXPECT_EQ(
      doc.Find("//header[contains(@class,'masthead')]/following-sibling::aside//div[@id='ad-top']")
          .size(),
      1u);
  // In the body, after exactly two paragraphs.
  HtmlNode frame = doc.One("//div[@class='story-body']/aside/iframe[@id='ad-mid']");
  EXPECT_EQ(frame.Attr("loading"), "lazy");
  EXPECT_EQ(doc.Find("//div[@class='story-body']/aside[iframe]/preceding-sibling::p").size(), 2u);
  EXPECT_EQ(doc.Find("//main/aside//div[@id='ad-below']").size(), 1u);
  EXPECT_EQ(doc.Find("//main/aside//div[@id='ad-side']").size(), 1u);
}

TEST_F(AdSlotsTest, OneSwitchTurnsThemAllOff) {
  std::string page = StoryPage(false);
  HtmlDoc doc(page);
  ASSERT_EQ(doc.Find("//h1").size(), 1u) << page.substr(0, 300);
  for (const char* id : {"ad-top", "ad-mid", "ad-below", "ad-side"}) {
    EXPECT_TRUE(doc.Find(std::string("//*[@id='") + id + "']").empty()) << id;
  }
}

// Related stories share tags with the story; most read appears once views
// have been counted and flushed (the scheduler flushes at start and every
// 10 seconds; a restart flushes on the way out).
TEST_F(DemoSiteTest, RelatedStoriesShareATag) {
  HtmlDoc home(Get("/").body);
  bool found_related = false;
  for (const auto& a : home.Find("//main//h3/a")) {
    HtmlDoc story(Get(a.Attr("href")).body);
    auto related = story.Find("//section[@class='related']//h3/a");
    if (related.empty()) continue;
    found_related = true;
    std::set<std::string> tags;
    for (const auto& t : story.Find("//ul[@class='story-tags']//a")) tags.insert(t.text);
    HtmlDoc other(Get(related[0].Attr("href")).body);
    bool shares = false;
    for (const auto& t : other.Find("//ul[@class='story-tags']//a"))
      shares |= tags.contains(t.text);
    EXPECT_TRUE(shares) << a.Attr("href") << " -> " << related[0].Attr("href");
  }
  EXPECT_TRUE(found_related);
}

TEST(MostRead, ViewedStoriesAreListedAfterAFlush) {
  TempDir site;
  std::string db = (site.path() / "k.db").string();
  std::vector<std::string> args = {"--config", (SourceDir() / "config" / "site.toml").string(),
                                   "--db", db, "--demo"};
  std::map<std::string, std::string> env = {{"KHABAR_NOW", "2026-11-28T12:00:00+05:00"}};
  std::string viewed;
  {
    ServerProcess server(args, env);
    ASSERT_TRUE(server.running()) << server.Log();
    HtmlDoc home(HttpGet(server.port(), "/").body);
    EXPECT_TRUE(home.Find("//aside[@class='most-read']").empty()) << "no views yet";
    viewed = home.Find("//main//h3/a")[2].Attr("href");
    for (int i = 0; i < 3; ++i) EXPECT_EQ(HttpGet(server.port(), viewed).status, 200);
    EXPECT_EQ(server.Stop(), 0);  // flushes the counted views
  }
  ServerProcess again(args, env);
  ASSERT_TRUE(again.running()) << again.Log();
  HtmlDoc home(HttpGet(again.port(), "/").body);
  auto listed = home.Find("//aside[@class='most-read']//li/a");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].Attr("href"), viewed);
}

// ---- Interface language, direction and web fonts ----

TEST_F(DemoSiteTest, EnglishPagesAreLeftToRightWithEnglishInterface) {
  HtmlDoc doc(Get("/").body);
  EXPECT_EQ(doc.One("//html").Attr("dir"), "ltr");
  EXPECT_EQ(doc.One("//html").Attr("lang"), "en");
  EXPECT_EQ(doc.One("//form[@class='search-box']/button").text, "Search");
  EXPECT_EQ(doc.One("//a[@class='skip-link']").text, "Skip to content");
}

TEST_F(DemoSiteTest, UrduFontsAreServedFromTheFontsDirectoryOnly) {
  // The demo settings keep the default [theme] fonts_dir, Debian's
  // fonts-noto-core directory (scripts/deps.sh installs it).
  HttpResponse r = Get("/static/fonts/NotoNastaliqUrdu-Regular.ttf");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.Header("content-type"), "font/ttf");
  EXPECT_NE(r.Header("cache-control").find("max-age=31536000"), std::string::npos);
  EXPECT_GT(r.body.size(), 100000u);
  EXPECT_EQ(Get("/static/fonts/NotoNaskhArabic-Bold.ttf").status, 200);
  // In the directory, but not named by the theme's style.css.
  EXPECT_EQ(Get("/static/fonts/NotoSans-Regular.ttf").status, 404);
  EXPECT_EQ(Get("/static/fonts/").status, 404);
  for (std::string target :
       {"/static/fonts/../fonts/NotoSans-Regular.ttf", "/static/fonts/%2e%2e/%2e%2e/etc/passwd",
        "/static/fonts/..%2f..%2f..%2fetc%2fpasswd",
        "/static/fonts/NotoNastaliqUrdu-Regular.ttf/..", "/static/fonts/%2E%2E%2Fstyle.css"}) {
    HttpResponse bad = HttpRaw(
        server_->port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_GE(bad.status, 400) << target;
    EXPECT_LT(bad.status, 500) << target;
    EXPECT_EQ(bad.body.find("root:"), std::string::npos) << target;
  }
}

// An Urdu site: the same theme, right to left, with the Urdu catalog; its
// fonts directory holds only one of the theme's four fonts.
class UrduSiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    std::ifstream in(SourceDir() / "config" / "site.toml");
    std::string toml((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string english = "language = \"en\"";
    ASSERT_NE(toml.find(english), std::string::npos);
    toml.replace(toml.find(english), english.size(), "language = \"ur-PK\"");
    const std::filesystem::path fonts = site_->path() / "fonts";
    std::filesystem::create_directories(fonts);
    std::ofstream(fonts / "NotoNastaliqUrdu-Regular.ttf") << "not really a font";
    toml += "\n[theme]\nfonts_dir = \"" + fonts.string() + "\"\n";
    std::ofstream(site_->path() / "site.toml") << toml;
    server_ = new ServerProcess({"--config", (site_->path() / "site.toml").string(), "--db",
                                 (site_->path() / "khabar.db").string(), "--demo"},
                                {{"KHABAR_NOW", "2026-11-28T12:00:00+05:00"}});
    ASSERT_TRUE(server_->running()) << server_->Log();
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

TEST_F(UrduSiteTest, PagesAreRightToLeftWithUrduInterface) {
  HttpResponse r = Get("/");
  ASSERT_EQ(r.status, 200);
  HtmlDoc doc(r.body);
  EXPECT_EQ(doc.One("//html").Attr("dir"), "rtl");
  EXPECT_EQ(doc.One("//html").Attr("lang"), "ur-PK");
  EXPECT_EQ(doc.One("//form[@class='search-box']/button").text, "تلاش");
  EXPECT_EQ(doc.One("//a[@class='skip-link']").text, "مواد پر جائیں");
  EXPECT_EQ(r.body.find(">Search<"), std::string::npos);
  // Headlines may mix scripts: their direction follows their text.
  EXPECT_FALSE(doc.Find("//h3[@class='card-headline'][@dir='auto']").empty());

  HtmlDoc search(Get("/search?q=zzzqqq").body);
  EXPECT_EQ(search.One("//html").Attr("dir"), "rtl");
  EXPECT_NE(search.One("//h1").text.find("کے نتائج"), std::string::npos);
  EXPECT_EQ(search.One("//p[@class='empty']").text, "اس تلاش سے کوئی خبر نہیں ملی۔");

  HttpResponse missing = Get("/no-such-page");
  EXPECT_EQ(missing.status, 404);
  HtmlDoc missing_doc(missing.body);
  EXPECT_EQ(missing_doc.One("//h1").text, "صفحہ نہیں ملا");
  EXPECT_EQ(missing_doc.One("//p[@class='error-message']").text, "اس پتے پر کوئی صفحہ نہیں ہے۔");
}

TEST_F(UrduSiteTest, FontsComeFromTheConfiguredDirectoryAndMissingOnesAreWarned) {
  HttpResponse r = Get("/static/fonts/NotoNastaliqUrdu-Regular.ttf");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "not really a font");
  EXPECT_EQ(r.Header("content-type"), "font/ttf");
  EXPECT_EQ(Get("/static/fonts/NotoNastaliqUrdu-Bold.ttf").status, 404);
  EXPECT_NE(server_->Log().find("NotoNastaliqUrdu-Bold.ttf is not in [theme] fonts_dir"),
            std::string::npos)
      << server_->Log();
}

}  // namespace
}  // namespace khabar::testing
