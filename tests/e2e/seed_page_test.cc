// The seed page, end to end: the real binary serves ../shared/seed/article.md
// with ../shared/seed/site.toml, and every element of the table in
// ../shared/seed/README.md is found in the HTML as the element it is.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/html.h"
#include "support/http_client.h"
#include "support/process.h"

namespace khabar::testing {
namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The words the page must show, read from the seed files themselves with
// plain string handling (not khabar's own parsers).
struct Seed {
  std::string site_toml = ReadFile(SeedDir() / "site.toml");
  std::string article_md = ReadFile(SeedDir() / "article.md");

  // TomlString returns the value of `key = "..."` or `key = '...'`.
  std::string TomlString(const std::string& key) const {
    size_t pos = site_toml.find("\n" + key + " = ");
    if (pos == std::string::npos) return "";
    pos += key.size() + 4;
    char quote = site_toml[pos];
    size_t end = site_toml.find(quote, pos + 1);
    return site_toml.substr(pos + 1, end - pos - 1);
  }
  // FrontMatter returns the scalar after "key: " (quotes removed).
  std::string FrontMatter(const std::string& key) const {
    size_t pos = article_md.find("\n" + key + ": ");
    if (pos == std::string::npos) pos = article_md.find("\n  " + key + ": ");
    if (pos == std::string::npos) return "";
    pos = article_md.find(": ", pos) + 2;
    std::string v = article_md.substr(pos, article_md.find('\n', pos) - pos);
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    return v;
  }
  // BodyParagraphs returns the body's paragraphs (blocks not starting "#").
  std::vector<std::string> BodyParagraphs() const {
    std::string body = article_md.substr(article_md.find("\n---\n", 4) + 5);
    std::vector<std::string> out;
    std::stringstream ss(body);
    std::string line;
    while (std::getline(ss, line)) {
      if (!line.empty() && line[0] != '#') out.push_back(line);
    }
    return out;
  }
};

class SeedPageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    db_ = (site_->path() / "khabar.db").string();
    auto add = RunKhabar({"article", "add", "--file", (SeedDir() / "article.md").string(),
                          "--config", (SeedDir() / "site.toml").string(), "--db", db_});
    ASSERT_EQ(add.exit_code, 0) << add.err;
    server_ = new ServerProcess({"--config", (SeedDir() / "site.toml").string(), "--db", db_},
                                {{"KHABAR_NOW", "2024-02-28T12:00:00+05:00"}});
    ASSERT_TRUE(server_->running()) << server_->Log();
    page_ = new HttpResponse(HttpGet(server_->port(), "/news/1/" + Seed().FrontMatter("slug")));
  }
  static void TearDownTestSuite() {
    delete page_;
    delete server_;
    delete site_;
  }

  // A suite whose server did not start fails each test instead of crashing.
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->running()) << server_->Log();
    ASSERT_NE(page_, nullptr);
  }

  HtmlDoc Doc() const { return HtmlDoc(page_->body); }

  static inline TempDir* site_ = nullptr;
  static inline std::string db_;
  static inline ServerProcess* server_ = nullptr;
  static inline HttpResponse* page_ = nullptr;
  Seed seed_;
};

TEST_F(SeedPageTest, ArticlePageIsHtml) {
  ASSERT_EQ(page_->status, 200) << page_->body;
  EXPECT_EQ(page_->Header("content-type"), "text/html; charset=utf-8");
  HtmlDoc doc = Doc();
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc.One("/html").Attr("lang"), "en");
  EXPECT_EQ(doc.One("/html").Attr("dir"), "ltr");
}

TEST_F(SeedPageTest, MastheadIsTheSiteName) {
  HtmlNode name = Doc().One("//header[contains(@class,'masthead')]//*[@class='site-name']/a");
  EXPECT_EQ(name.text, seed_.TomlString("name"));
  EXPECT_EQ(name.Attr("href"), "/");
}

TEST_F(SeedPageTest, DateLineShowsGregorianAndHijriToday) {
  HtmlDoc doc = Doc();
  HtmlNode greg = doc.One("//header//time[@class='date-gregorian']");
  EXPECT_EQ(greg.text, "Wednesday, February 28, 2024");
  EXPECT_EQ(greg.Attr("datetime"), "2024-02-28");
  EXPECT_EQ(doc.One("//header//*[@class='date-hijri']").text, "17 Shaban 1445");
}

TEST_F(SeedPageTest, HeadlineIsTheOneH1OfTheArticle) {
  HtmlDoc doc = Doc();
  EXPECT_EQ(doc.Find("//h1").size(), 1u);
  EXPECT_EQ(doc.One("//article//h1").text, seed_.FrontMatter("headline"));
  EXPECT_EQ(doc.One("//title").text,
            seed_.FrontMatter("headline") + " | " + seed_.TomlString("name"));
}

TEST_F(SeedPageTest, StandfirstFollowsTheHeadline) {
  HtmlNode p = Doc().One("//article//h1/following-sibling::p[@class='story-standfirst']");
  EXPECT_EQ(p.text, seed_.FrontMatter("standfirst"));
}

TEST_F(SeedPageTest, LeadImageWithCaptionAndCredit) {
  HtmlDoc doc = Doc();
  HtmlNode img = doc.One("//article//figure//img");
  EXPECT_EQ(img.Attr("alt"), seed_.FrontMatter("alt"));
  ASSERT_TRUE(img.Attr("src").starts_with("/media/")) << img.Attr("src");
  EXPECT_EQ(doc.One("//article//figure/figcaption/*[@class='caption']").text,
            seed_.FrontMatter("caption"));
  EXPECT_EQ(doc.One("//article//figure/figcaption/*[@class='credit']").text,
            seed_.FrontMatter("credit"));
  // The picture itself is served, as a JPEG without metadata, with its
  // size on the element so the page does not jump while it loads.
  HttpResponse photo = HttpGet(server_->port(), img.Attr("src"));
  EXPECT_EQ(photo.status, 200);
  EXPECT_EQ(photo.Header("content-type"), "image/jpeg");
  EXPECT_TRUE(photo.body.starts_with("\xFF\xD8\xFF"));
  EXPECT_EQ(photo.body.find("Exif"), std::string::npos);
  EXPECT_FALSE(img.Attr("width").empty());
  EXPECT_FALSE(img.Attr("height").empty());
  // Resized renditions are offered as srcset, WebP first, and all load.
  HtmlNode webp = doc.One("//article//figure/picture/source[@type='image/webp']");
  ASSERT_FALSE(webp.Attr("srcset").empty());
  std::stringstream candidates(webp.Attr("srcset") + ", " + img.Attr("srcset"));
  std::string url, width;
  int loaded = 0;
  while (candidates >> url >> width) {
    HttpResponse r = HttpGet(server_->port(), url);
    EXPECT_EQ(r.status, 200) << url;
    EXPECT_EQ(r.Header("content-type"), url.ends_with(".webp") ? "image/webp" : "image/jpeg")
        << url;
    ++loaded;
  }
  EXPECT_GE(loaded, 2);
}

TEST_F(SeedPageTest, BodyKeepsParagraphsAndSubHeading) {
  HtmlDoc doc = Doc();
  auto paragraphs = doc.Find("//article//div[@class='story-body']/p");
  auto expected = seed_.BodyParagraphs();
  ASSERT_EQ(paragraphs.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(paragraphs[i].text, expected[i]);
  HtmlNode h2 = doc.One("//article//div[@class='story-body']/h2");
  EXPECT_EQ(h2.text, "Concern over Middle East");
}

TEST_F(SeedPageTest, FollowUsLineLinksTheSocialAccounts) {
  HtmlDoc doc = Doc();
  HtmlNode line = doc.One("//article//p[@class='follow-us']");
  EXPECT_EQ(line.text, seed_.TomlString("follow_text"));
  std::string handle = seed_.TomlString("twitter");
  auto twitter = doc.Find("//article//p[@class='follow-us']/a[.='@" + handle + "']");
  ASSERT_EQ(twitter.size(), 1u);
  EXPECT_TRUE(twitter[0].Attr("href").ends_with("/" + handle));
  for (const std::string network : {"facebook", "instagram", "youtube"}) {
    EXPECT_EQ(
        doc.Find("//article//p[@class='follow-us']/a[@href='" + seed_.TomlString(network) + "']")
            .size(),
        1u)
        << network;
  }
}

TEST_F(SeedPageTest, TagsLinkToTheirTagPages) {
  auto links = Doc().Find("//article//ul[@class='story-tags']/li/a");
  ASSERT_EQ(links.size(), 3u);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Joe Biden", "/tag/joe-biden"},
      {"United States", "/tag/united-states"},
      {"Xi Jinping", "/tag/xi-jinping"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(links[i].text, expected[i].first);
    EXPECT_EQ(links[i].Attr("href"), expected[i].second);
    EXPECT_EQ(links[i].Attr("rel"), "tag");
    HttpResponse tag_page = HttpGet(server_->port(), expected[i].second);
    ASSERT_EQ(tag_page.status, 200) << expected[i].second;
    HtmlDoc tag_doc(tag_page.body);
    EXPECT_EQ(tag_doc.One("//h1").text, expected[i].first);
    EXPECT_EQ(tag_doc.Find("//main//a[.='" + seed_.FrontMatter("headline") + "']").size(), 1u);
  }
}

TEST_F(SeedPageTest, CommentStatusSaysClosed) {
  HtmlNode closed = Doc().One("//article//*[@class='comments-closed']");
  EXPECT_EQ(closed.text, seed_.TomlString("closed_text"));
}

TEST_F(SeedPageTest, AdSlotFromSettingsIsPlacedAsConfigured) {
  // The configured snippet, parsed, is found as an element of the page.
  HtmlDoc snippet(seed_.TomlString("html"));
  HtmlNode configured = snippet.One("//body/*");
  ASSERT_FALSE(configured.Attr("id").empty());
  HtmlNode placed = Doc().One("//*[@id='" + configured.Attr("id") + "']");
  EXPECT_EQ(placed.name, configured.name);
  EXPECT_EQ(placed.text, configured.text);
  EXPECT_EQ(placed.Attr("class"), configured.Attr("class"));
}

TEST_F(SeedPageTest, PublishedTimeIsInTheSiteTimeZone) {
  HtmlNode t = Doc().One("//article//*[@class='story-published']/time");
  EXPECT_EQ(t.Attr("datetime"), "2023-10-28T09:30:00+05:00");
  EXPECT_EQ(t.text, "28 October 2023, 9:30 AM");
  EXPECT_TRUE(Doc().Find("//article//*[@class='story-updated']").empty());
}

TEST_F(SeedPageTest, SectionAndAuthorLinksLeadToListings) {
  HtmlDoc doc = Doc();
  EXPECT_EQ(doc.One("//article//*[@class='story-section']/a").Attr("href"), "/section/world");
  EXPECT_EQ(doc.One("//article//a[@rel='author']").Attr("href"), "/author/reuters");
  EXPECT_EQ(HttpGet(server_->port(), "/section/world").status, 200);
  EXPECT_EQ(HttpGet(server_->port(), "/author/reuters").status, 200);
}

TEST_F(SeedPageTest, WrongSlugRedirectsToTheCanonicalUrl) {
  std::string canonical = "/news/1/" + seed_.FrontMatter("slug");
  for (std::string target : {"/news/1/old-headline", "/news/1"}) {
    HttpResponse r = HttpGet(server_->port(), target);
    EXPECT_EQ(r.status, 301) << target;
    EXPECT_EQ(r.Header("location"), canonical) << target;
  }
  EXPECT_EQ(Doc().One("//link[@rel='canonical']").Attr("href"),
            seed_.TomlString("base_url") + canonical);
}

TEST_F(SeedPageTest, UnknownIdIsAThemed404) {
  for (std::string target : {"/news/999/anything", "/news/abc/x", "/news/0/x"}) {
    HttpResponse r = HttpGet(server_->port(), target);
    EXPECT_EQ(r.status, 404) << target;
    HtmlDoc doc(r.body);
    EXPECT_EQ(doc.One("//*[@class='site-name']/a").text, seed_.TomlString("name")) << target;
    EXPECT_EQ(doc.One("//h1").text, "Not Found");
  }
}

}  // namespace
}  // namespace khabar::testing
