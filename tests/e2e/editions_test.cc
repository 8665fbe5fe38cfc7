// Editions, end to end: the seed site with an Urdu edition under /urdu/,
// the real binary at the seed page's clock (Wednesday 28 February 2024,
// 17 Shaban 1445 with the seed's Hijri adjustment). An editor writes an
// English story and its Urdu translation through the newsroom; the test
// reads the Urdu article page (language, direction, the Urdu date line, the
// interface strings of the Urdu catalog, the translation link and hreflang
// alternates), the editions' home pages, search in Urdu, feeds and
// sitemaps; then the same site with id-only Urdu URLs, and an edition on a
// host of its own.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <toml.hpp>

#include "support/html.h"
#include "support/http_client.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/web_session.h"
#include "support/xml_doc.h"

namespace khabar::testing {
namespace {

constexpr const char* kNow = "2024-02-28T12:00:00+05:00";

// The Urdu edition, as docs/editions.md's "Adding an edition" writes it.
std::string UrduEdition(const std::string& where, const std::string& slugs = "unicode") {
  return "\n[[editions]]\nkey = \"ur\"\n" + where +
         "\nname = \"آج اردو\"\nlanguage = \"ur\"\n"
         "date_format = \"EEEE، d MMMM y\"\n"
         "hijri_month_names = [\"محرم\", \"صفر\", \"ربیع الاول\", \"ربیع الثانی\", "
         "\"جمادی الاول\", \"جمادی الثانی\", \"رجب\", \"شعبان\", \"رمضان\", \"شوال\", "
         "\"ذوالقعدہ\", \"ذوالحجہ\"]\n"
         "follow_text = \"ہمیں ٹوئٹر پر فالو کریں\"\n"
         "slugs = \"" +
         slugs + "\"\n";
}

// SiteWith writes the seed's settings plus `editions` (and no request
// limits) to a file in `dir`, on a plain-http base_url (the newsroom's
// session cookie is Secure on an https site).
std::filesystem::path SiteWith(const TempDir& dir, const std::string& editions) {
  std::ifstream seed(SeedDir() / "site.toml");
  std::stringstream in;
  in << seed.rdbuf();
  std::string text = in.str();
  const std::string seed_base = "base_url = \"https://news.example\"";
  EXPECT_NE(text.find(seed_base), std::string::npos);
  if (size_t at = text.find(seed_base); at != std::string::npos) {
    text.replace(at, seed_base.size(), "base_url = \"http://127.0.0.1:8080\"");
  }
  auto path = dir.path() / "site.toml";
  std::ofstream(path) << text << NewsroomSite::kRequestLimitsOff << editions;
  return path;
}

// UrduMessages reads the theme's Urdu catalog: the words the pages must
// show come from it, not from this test.
toml::value UrduMessages() {
  return toml::parse((SourceDir() / "themes/default/messages/ur.toml").string());
}

std::string ReplaceAll(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

// The Urdu story of the tests. The body spells "government" with its
// vowel marks (حُکُومَت) and "electricity" without (بجلی); search must find
// each spelled the other way.
StoryForm UrduStory(const std::string& translation_of) {
  StoryForm f;
  f.edition = "ur";
  f.translation_of = translation_of;
  f.headline = "کراچی میں بارش کے بعد بجلی بحال";
  f.standfirst = "شہر کے بیشتر علاقوں میں رات گئے تک بجلی کی فراہمی معمول پر آ گئی";
  f.section = "پاکستان";
  f.tags = "کراچی, بارش, K-Electric";
  f.body =
      "صوبائی حُکُومَت نے کہا ہے کہ منگل کی بارش کے بعد شہر کے 80 فیصد علاقوں میں بجلی بحال "
      "ہو چکی ہے۔\n\nK-Electric کے ترجمان کے مطابق باقی علاقوں میں کام جاری ہے۔";
  return f;
}

class EditionsTest : public ::testing::Test {
 protected:
  void Start(const std::string& editions) {
    site_ = std::make_unique<NewsroomSite>(kNow, std::vector<std::string>{}, std::string{},
                                           SiteWith(dir_, editions));
    ASSERT_TRUE(site_->running()) << site_->Log();
    ASSERT_EQ(site_->AddUser("eddie", "editor", "eddie-password-1"), 0);
    editor_ = std::make_unique<WebSession>(site_->SignIn("eddie", "eddie-password-1"));
    ASSERT_TRUE(SignedIn(*editor_));
  }

  // Publish creates a story through the editor and publishes it now.
  int64_t Publish(const StoryForm& f) {
    const int64_t id = CreateStory(*editor_, f);
    EXPECT_GT(id, 0) << editor_->last().status << " " << editor_->last().body.substr(0, 600);
    if (id <= 0) return 0;
    auto moved = MoveStory(*editor_, id, ReadStory(*editor_, id).version, "published");
    EXPECT_EQ(moved.status, 303) << moved.body.substr(0, 400);
    return id;
  }

  // Follow GETs `path` as a reader and follows redirects on the site.
  HttpResponse Follow(std::string path, std::string* final_path = nullptr) {
    HttpResponse r;
    for (int hops = 0; hops < 5; ++hops) {
      r = HttpGet(site_->port(), path);
      if (r.status != 301 && r.status != 302) break;
      path = r.Header("location");
      const std::string base = "http://127.0.0.1:8080";  // the seed's base_url
      if (path.starts_with(base)) path = path.substr(base.size());
    }
    if (final_path) *final_path = path;
    return r;
  }

  TempDir dir_;
  std::unique_ptr<NewsroomSite> site_;
  std::unique_ptr<WebSession> editor_;
};

TEST_F(EditionsTest, AnUrduStoryIsShownRightToLeftInItsEditionWithItsTranslation) {
  Start(UrduEdition("prefix = \"/urdu/\""));
  StoryForm en;
  en.headline = "Power restored across Karachi after the rain";
  en.section = "Pakistan";
  const int64_t en_id = Publish(en);
  const int64_t ur_id = Publish(UrduStory(std::to_string(en_id)));
  ASSERT_GT(ur_id, 0);

  // The main edition's address of an Urdu story sends readers to its own.
  HttpResponse moved = HttpGet(site_->port(), "/news/" + std::to_string(ur_id));
  ASSERT_EQ(moved.status, 301);
  const std::string ur_path = "/urdu/news/" + std::to_string(ur_id) + "/%DA%A9%D8%B1";  // "کر"
  const std::string ur_prefix = "http://127.0.0.1:8080" + ur_path;
  EXPECT_TRUE(moved.Header("location").starts_with(ur_path)) << moved.Header("location");

  std::string path;
  HttpResponse page = Follow("/news/" + std::to_string(ur_id), &path);
  ASSERT_EQ(page.status, 200) << path << "\n" << page.body.substr(0, 500);
  HtmlDoc doc(page.body);
  EXPECT_EQ(doc.One("/html").Attr("lang"), "ur");
  EXPECT_EQ(doc.One("/html").Attr("dir"), "rtl");
  EXPECT_EQ(doc.One("//article//h1").text, UrduStory("").headline);
  // The date line in Urdu: the Gregorian date through ICU's Urdu names, the
  // Hijri date with the edition's month names and the seed's adjustment.
  EXPECT_EQ(doc.One("//header//time[@class='date-gregorian']").text, "بدھ، 28 فروری 2024");
  EXPECT_EQ(doc.One("//header//*[@class='date-hijri']").text, "17 شعبان 1445");
  // The masthead is the edition's, and goes to its home.
  HtmlNode name = doc.One("//header[contains(@class,'masthead')]//*[@class='site-name']/a");
  EXPECT_EQ(name.text, "آج اردو");
  EXPECT_EQ(name.Attr("href"), "/urdu/");
  // Interface strings come from the Urdu catalog.
  const toml::value ur = UrduMessages();
  const std::string search_label = toml::find<std::string>(ur, "search");
  EXPECT_NE(page.body.find(search_label), std::string::npos) << search_label;
  EXPECT_EQ(doc.One("//form[contains(@action,'search')]").Attr("action"), "/urdu/search");
  // The follow-us line is the edition's.
  EXPECT_NE(page.body.find("ہمیں ٹوئٹر پر فالو کریں"), std::string::npos);

  // The translation: a link on the page and hreflang alternates.
  const std::string en_path =
      "/news/" + std::to_string(en_id) + "/power-restored-across-karachi-after-the-rain";
  const std::string en_url = "http://127.0.0.1:8080" + en_path;
  // The link on the page: a path (both editions are on this host), in the
  // translation's language.
  auto links = doc.Find("//a[@hreflang='en']");
  ASSERT_EQ(links.size(), 1u) << page.body.substr(0, 3000);
  EXPECT_EQ(links[0].Attr("href"), en_path);
  EXPECT_EQ(links[0].text, "Read this story in English");
  EXPECT_EQ(links[0].Attr("dir"), "ltr");
  EXPECT_EQ(doc.One("//link[@rel='alternate'][@hreflang='en']").Attr("href"), en_url);
  const std::string ur_canonical = doc.One("//link[@rel='canonical']").Attr("href");
  EXPECT_TRUE(ur_canonical.starts_with(ur_prefix)) << ur_canonical;
  EXPECT_EQ(doc.One("//link[@rel='alternate'][@hreflang='ur']").Attr("href"), ur_canonical);

  // The English story links back.
  HttpResponse en_page = Follow("/news/" + std::to_string(en_id));
  ASSERT_EQ(en_page.status, 200);
  HtmlDoc en_doc(en_page.body);
  EXPECT_EQ(en_doc.One("/html").Attr("dir"), "ltr");
  auto back = en_doc.Find("//a[@hreflang='ur']");
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].Attr("href"),
            UrlDecode(ur_canonical.substr(std::string("http://127.0.0.1:8080").size())));
  EXPECT_EQ(back[0].Attr("dir"), "rtl");
  // In Urdu, from the Urdu catalog, naming the language in Urdu.
  EXPECT_EQ(back[0].text,
            ReplaceAll(toml::find<std::string>(ur, "read_in_language"), "{language}", "اردو"));
  EXPECT_EQ(en_doc.One("//link[@rel='alternate'][@hreflang='ur']").Attr("href"), ur_canonical);
}

TEST_F(EditionsTest, EachEditionHasItsOwnHomeSectionsSearchFeedsAndSitemaps) {
  Start(UrduEdition("prefix = \"/urdu/\""));
  StoryForm en;
  en.headline = "Government restores power in Karachi";
  en.section = "Pakistan";
  const int64_t en_id = Publish(en);
  const int64_t ur_id = Publish(UrduStory(""));
  ASSERT_GT(ur_id, 0);
  const std::string ur_headline = UrduStory("").headline;

  // Home pages: each edition's own stories and sections.
  HttpResponse ur_home = HttpGet(site_->port(), "/urdu/");
  ASSERT_EQ(ur_home.status, 200);
  EXPECT_NE(ur_home.body.find(ur_headline), std::string::npos);
  EXPECT_EQ(ur_home.body.find(en.headline), std::string::npos);
  HtmlDoc ur_doc(ur_home.body);
  EXPECT_EQ(ur_doc.One("/html").Attr("lang"), "ur");
  EXPECT_EQ(ur_doc.Find("//nav//a[contains(@href,'/urdu/section/')]").size(), 1u);
  EXPECT_EQ(HttpGet(site_->port(), "/urdu").status, 301);
  HttpResponse en_home = HttpGet(site_->port(), "/");
  EXPECT_NE(en_home.body.find(en.headline), std::string::npos);
  EXPECT_EQ(en_home.body.find(ur_headline), std::string::npos);

  // Search in Urdu: the body's حُکُومَت is found typed without its vowel
  // marks, its bare بجلی typed with them; only in the Urdu edition.
  for (const char* q : {"حکومت", "بِجلی", "حُکُومَت"}) {
    HttpResponse found = HttpGet(site_->port(), "/urdu/search?q=" + UrlEncode(q));
    ASSERT_EQ(found.status, 200);
    EXPECT_NE(found.body.find(ur_headline), std::string::npos) << q;
    HttpResponse main = HttpGet(site_->port(), "/search?q=" + UrlEncode(q));
    EXPECT_EQ(main.body.find(ur_headline), std::string::npos) << q;
  }
  HttpResponse english = HttpGet(site_->port(), "/urdu/search?q=Government");
  EXPECT_EQ(english.body.find(en.headline), std::string::npos);

  // Feeds: well-formed, in Urdu, the edition's stories only, ASCII links.
  XmlDoc rss(HttpGet(site_->port(), "/urdu/feed.xml").body);
  ASSERT_TRUE(rss.ok());
  EXPECT_EQ(rss.Text("/rss/channel/language"), "ur");
  EXPECT_EQ(rss.Text("/rss/channel/title"), "آج اردو");
  ASSERT_EQ(rss.Count("//item"), 1u);
  EXPECT_EQ(rss.Text("//item/title"), ur_headline);
  const std::string link = rss.Text("//item/link");
  EXPECT_TRUE(link.starts_with("http://127.0.0.1:8080/urdu/news/" + std::to_string(ur_id) + "/"))
      << link;
  for (unsigned char c : link) EXPECT_LT(c, 0x80) << link;
  XmlDoc atom(HttpGet(site_->port(), "/urdu/atom.xml").body);
  ASSERT_TRUE(atom.ok());
  EXPECT_EQ(atom.Count("//a:entry"), 1u);
  XmlDoc main_rss(HttpGet(site_->port(), "/feed.xml").body);
  ASSERT_TRUE(main_rss.ok());
  EXPECT_EQ(main_rss.Text("/rss/channel/language"), "en");
  EXPECT_EQ(main_rss.Count("//item"), 1u);

  // Sitemaps: the Urdu index names its own files, which list its stories.
  XmlDoc index(HttpGet(site_->port(), "/urdu/sitemap.xml").body);
  ASSERT_TRUE(index.ok());
  auto files = index.Texts("//sm:sitemap/sm:loc");
  ASSERT_FALSE(files.empty());
  std::vector<std::string> story_urls;
  for (const std::string& f : files) {
    ASSERT_TRUE(f.starts_with("http://127.0.0.1:8080/urdu/sitemaps/")) << f;
    XmlDoc file(HttpGet(site_->port(), f.substr(std::string("http://127.0.0.1:8080").size())).body);
    ASSERT_TRUE(file.ok()) << f;
    for (const std::string& u : file.Texts("//sm:url/sm:loc")) {
      if (u.find("/news/") != std::string::npos) story_urls.push_back(u);
    }
  }
  ASSERT_EQ(story_urls.size(), 1u);
  EXPECT_TRUE(
      story_urls[0].starts_with("http://127.0.0.1:8080/urdu/news/" + std::to_string(ur_id) + "/"));
  XmlDoc news(HttpGet(site_->port(), "/urdu/news-sitemap.xml").body);
  ASSERT_TRUE(news.ok());
  EXPECT_EQ(news.Text("//news:publication/news:language"), "ur");
  EXPECT_EQ(news.Text("//news:publication/news:name"), "آج اردو");
  HttpResponse robots = HttpGet(site_->port(), "/robots.txt");
  EXPECT_NE(robots.body.find("Sitemap: http://127.0.0.1:8080/urdu/sitemap.xml"), std::string::npos)
      << robots.body;

  // A section of one edition is not a section of the other.
  HttpResponse section = HttpGet(site_->port(), "/urdu/section/pakistan");
  EXPECT_EQ(section.status, 301);
  EXPECT_EQ(section.Header("location"), "http://127.0.0.1:8080/section/pakistan");
  (void)en_id;
}

TEST_F(EditionsTest, IdOnlyUrlsEndAtTheStoryNumber) {
  Start(UrduEdition("prefix = \"/urdu/\"", "id"));
  const int64_t ur_id = Publish(UrduStory(""));
  ASSERT_GT(ur_id, 0);
  const std::string path = "/urdu/news/" + std::to_string(ur_id);
  HttpResponse page = HttpGet(site_->port(), path);
  ASSERT_EQ(page.status, 200) << page.body.substr(0, 300);
  EXPECT_EQ(HtmlDoc(page.body).One("//link[@rel='canonical']").Attr("href"),
            "http://127.0.0.1:8080" + path);
  HttpResponse with_slug = HttpGet(site_->port(), path + "/anything");
  EXPECT_EQ(with_slug.status, 301);
  EXPECT_EQ(with_slug.Header("location"), path);
}

TEST_F(EditionsTest, AnEditionOnAHostOfItsOwnIsToldApartByTheHostHeader) {
  Start(UrduEdition("host = \"urdu.example\""));
  const int64_t ur_id = Publish(UrduStory(""));
  ASSERT_GT(ur_id, 0);
  auto get = [&](const std::string& target, const std::string& host) {
    return HttpRaw(site_->port(), "GET " + target + " HTTP/1.1\r\nHost: " + host +
                                      "\r\nConnection: close\r\n\r\n");
  };
  // Twice each, in turn: the page cache keeps the two homes apart.
  for (int round = 0; round < 2; ++round) {
    HttpResponse ur = get("/", "urdu.example");
    ASSERT_EQ(ur.status, 200);
    EXPECT_EQ(HtmlDoc(ur.body).One("/html").Attr("lang"), "ur") << round;
    EXPECT_NE(ur.body.find(UrduStory("").headline), std::string::npos);
    HttpResponse en = get("/", "127.0.0.1:8080");
    ASSERT_EQ(en.status, 200);
    EXPECT_EQ(HtmlDoc(en.body).One("/html").Attr("lang"), "en") << round;
    EXPECT_EQ(en.body.find(UrduStory("").headline), std::string::npos);
  }
  HttpResponse story = get("/news/" + std::to_string(ur_id), "URDU.example:8443");
  ASSERT_EQ(story.status, 301);
  HttpResponse canonical = get(story.Header("location"), "urdu.example");
  ASSERT_EQ(canonical.status, 200);
  EXPECT_TRUE(HtmlDoc(canonical.body)
                  .One("//link[@rel='canonical']")
                  .Attr("href")
                  .starts_with("http://urdu.example/news/" + std::to_string(ur_id) + "/"));
  // On the main host the story's address sends readers to the edition's.
  HttpResponse elsewhere = get("/news/" + std::to_string(ur_id), "127.0.0.1:8080");
  ASSERT_EQ(elsewhere.status, 301);
  EXPECT_TRUE(elsewhere.Header("location").starts_with("http://urdu.example/news/"))
      << elsewhere.Header("location");
}

TEST_F(EditionsTest, StoriesOfAnEditionNoLongerConfiguredAreTheMainEditions) {
  Start(UrduEdition("prefix = \"/urdu/\""));
  const int64_t ur_id = Publish(UrduStory(""));
  ASSERT_GT(ur_id, 0);
  // The settings lose the edition; the site restarts on the same database.
  SiteWith(dir_, "");
  ASSERT_TRUE(site_->Restart(kNow)) << site_->Log();
  std::string path;
  HttpResponse page = Follow("/news/" + std::to_string(ur_id), &path);
  ASSERT_EQ(page.status, 200) << path;
  EXPECT_TRUE(path.starts_with("/news/" + std::to_string(ur_id) + "/")) << path;
  EXPECT_EQ(HtmlDoc(page.body).One("/html").Attr("lang"), "en");
  EXPECT_EQ(HttpGet(site_->port(), "/urdu/").status, 404);
}

TEST_F(EditionsTest, BadEditionChoicesInTheNewsroomAreNamed) {
  Start(UrduEdition("prefix = \"/urdu/\""));
  StoryForm f = UrduStory("");
  f.edition = "klingon";
  EXPECT_EQ(CreateStory(*editor_, f), 0);
  EXPECT_EQ(editor_->last().status, 400);
  EXPECT_NE(editor_->last().body.find("there is no edition"), std::string::npos);
  // A translation must be of another edition's story.
  const int64_t ur_id = Publish(UrduStory(""));
  ASSERT_GT(ur_id, 0);
  StoryForm twin = UrduStory(std::to_string(ur_id));
  twin.headline = "ایک اور خبر";
  EXPECT_EQ(CreateStory(*editor_, twin), 0);
  EXPECT_EQ(editor_->last().status, 400);
  EXPECT_NE(editor_->last().body.find("translation_of"), std::string::npos);
  // The editor shows Urdu fields right to left.
  HtmlDoc editor(editor_->Get("/admin/stories/" + std::to_string(ur_id)).body);
  EXPECT_EQ(editor.One("//textarea[@id='body']").Attr("dir"), "rtl");
  EXPECT_EQ(editor.One("//textarea[@id='body']").Attr("lang"), "ur");
  EXPECT_EQ(editor.One("//div[@id='preview']").Attr("dir"), "rtl");
  EXPECT_EQ(editor.One("//select[@id='edition']/option[@selected]").Attr("value"), "ur");
}

}  // namespace
}  // namespace khabar::testing
