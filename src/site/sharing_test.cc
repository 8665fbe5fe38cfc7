#include "site/sharing.h"

#include <gtest/gtest.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

namespace khabar {
namespace {

using nlohmann::json;

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
  s.site.language = "en-PK";
  s.site.timezone = "Asia/Karachi";
  s.site.logo = "/static/logo.png";
  s.social.twitter = "KhabarDemo";
  return s;
}

SiteCalendar Calendar(const Settings& s) {
  auto cal = SiteCalendar::Create(s.site, s.calendar, {});
  EXPECT_TRUE(cal) << cal.error().ToString();
  return *cal;
}

Article Story() {
  Article a;
  a.id = 7;
  a.slug = "hawks-reach-final";
  a.headline = "Hawks reach the T20 final";
  a.standfirst = "Hyderabad beat Quetta by six wickets";
  a.section = {.id = 3, .slug = "sport", .name = "Sport", .position = 2};
  a.authors = {Byline(1, "usman-ghani", "Usman Ghani"), Byline(2, "khabar-desk", "Khabar Desk")};
  a.tags = {{.id = 1, .slug = "cricket", .name = "Cricket"},
            {.id = 2, .slug = "t20", .name = "T20"}};
  a.image = Image{.file = "2026/11/stumps.jpg",
                  .caption = "Stumps",
                  .credit = "Photo: Desk",
                  .alt = "Cricket stumps at dusk",
                  .width = 3000,
                  .height = 2000};
  a.status = ArticleStatus::kPublished;
  a.published_at = At("2026-11-28T00:35:00+05:00");
  a.created_at = At("2026-11-27T23:00:00+05:00");
  a.updated_at = At("2026-11-28T09:10:00+05:00");
  return a;
}

MediaRecord Media() {
  MediaRecord m;
  m.id = 4;
  m.file = "2026/11/stumps.jpg";
  m.mime_type = "image/jpeg";
  m.width = 3000;
  m.height = 2000;
  m.alt = "Cricket stumps at dusk";
  for (int w : {320, 640, 960, 1280, 1920}) {
    const int h = w * 2 / 3;
    m.variants.push_back({"2026/11/stumps-" + std::to_string(w) + ".webp", "image/webp", w, h});
    m.variants.push_back({"2026/11/stumps-" + std::to_string(w) + ".jpg", "image/jpeg", w, h});
  }
  return m;
}

// Metas turns a list of {"property"|"name", "content"} into key -> contents.
std::multimap<std::string, std::string> Metas(const json& list, const std::string& key) {
  std::multimap<std::string, std::string> out;
  for (const auto& m : list) out.emplace(m.at(key).get<std::string>(), m.at("content"));
  return out;
}

std::string One(const std::multimap<std::string, std::string>& m, const std::string& k) {
  auto [b, e] = m.equal_range(k);
  if (b == e || std::next(b) != e) return "<" + std::to_string(std::distance(b, e)) + " values>";
  return b->second;
}

TEST(ChooseShareImage, PrefersTheWidestJpegRenditionUpTo1280) {
  const Settings s = TestSettings();
  auto img = ChooseShareImage(Story(), s, Media());
  ASSERT_TRUE(img);
  EXPECT_EQ(img->url, "https://news.example/media/2026/11/stumps-1280.jpg");
  EXPECT_EQ(img->width, 1280);
  EXPECT_EQ(img->height, 853);
  EXPECT_EQ(img->mime_type, "image/jpeg");
  EXPECT_EQ(img->alt, "Cricket stumps at dusk");
  // Without renditions (an import): the picture itself.
  img = ChooseShareImage(Story(), s, std::nullopt);
  ASSERT_TRUE(img);
  EXPECT_EQ(img->url, "https://news.example/media/2026/11/stumps.jpg");
  EXPECT_EQ(img->width, 3000);
  EXPECT_EQ(img->height, 2000);
  Article no_picture = Story();
  no_picture.image.reset();
  EXPECT_FALSE(ChooseShareImage(no_picture, s, Media()));
}

TEST(AuthorIsOrganization, SiteNameAndDeskLikeBylines) {
  const Settings s = TestSettings();
  EXPECT_TRUE(AuthorIsOrganization("Khabar Daily", s));
  EXPECT_TRUE(AuthorIsOrganization(" khabar daily ", s));
  EXPECT_TRUE(AuthorIsOrganization("Khabar Desk", s));
  EXPECT_TRUE(AuthorIsOrganization("Web Staff", s));
  EXPECT_TRUE(AuthorIsOrganization("Islamabad Bureau", s));
  EXPECT_FALSE(AuthorIsOrganization("Usman Ghani", s));
  EXPECT_FALSE(AuthorIsOrganization("Desk", s));  // one word: a surname as likely as not
  EXPECT_FALSE(AuthorIsOrganization("Deskowitz Smith", s));
}

TEST(SharingView, OpenGraphAndTwitterCard) {
  const Settings s = TestSettings();
  json view = SharingView(Story(), s, Calendar(s), Media());
  EXPECT_EQ(view["canonical"], "https://news.example/news/7/hawks-reach-final");
  auto og = Metas(view["og"], "property");
  EXPECT_EQ(One(og, "og:type"), "article");
  EXPECT_EQ(One(og, "og:site_name"), "Khabar Daily");
  EXPECT_EQ(One(og, "og:url"), "https://news.example/news/7/hawks-reach-final");
  EXPECT_EQ(One(og, "og:locale"), "en_PK");
  EXPECT_EQ(One(og, "og:title"), "Hawks reach the T20 final");
  EXPECT_EQ(One(og, "og:description"), "Hyderabad beat Quetta by six wickets");
  EXPECT_EQ(One(og, "og:image"), "https://news.example/media/2026/11/stumps-1280.jpg");
  EXPECT_EQ(One(og, "og:image:type"), "image/jpeg");
  EXPECT_EQ(One(og, "og:image:width"), "1280");
  EXPECT_EQ(One(og, "og:image:height"), "853");
  EXPECT_EQ(One(og, "og:image:alt"), "Cricket stumps at dusk");
  EXPECT_EQ(One(og, "article:published_time"), "2026-11-28T00:35:00+05:00");
  EXPECT_EQ(One(og, "article:modified_time"), "2026-11-28T09:10:00+05:00");
  EXPECT_EQ(One(og, "article:section"), "Sport");
  EXPECT_EQ(og.count("article:tag"), 2u);
  // og:image comes before its structured properties, as OpenGraph requires.
  std::vector<std::string> order;
  for (const auto& m : view["og"]) order.push_back(m["property"]);
  auto pos = [&](const std::string& p) { return std::find(order.begin(), order.end(), p); };
  EXPECT_LT(pos("og:image"), pos("og:image:width"));

  auto tw = Metas(view["twitter"], "name");
  EXPECT_EQ(One(tw, "twitter:card"), "summary_large_image");
  EXPECT_EQ(One(tw, "twitter:site"), "@KhabarDemo");
  EXPECT_EQ(One(tw, "twitter:title"), "Hawks reach the T20 final");
  EXPECT_EQ(One(tw, "twitter:description"), "Hyderabad beat Quetta by six wickets");
  EXPECT_EQ(One(tw, "twitter:image"), "https://news.example/media/2026/11/stumps-1280.jpg");
  EXPECT_EQ(One(tw, "twitter:image:alt"), "Cricket stumps at dusk");
}

TEST(SharingView, WithoutPictureTwitterHandleOrStandfirst) {
  Settings s = TestSettings();
  s.social.twitter.clear();
  Article a = Story();
  a.image.reset();
  a.standfirst.clear();
  json view = SharingView(a, s, Calendar(s), std::nullopt);
  auto og = Metas(view["og"], "property");
  EXPECT_EQ(og.count("og:image"), 0u);
  EXPECT_EQ(og.count("og:description"), 0u);
  auto tw = Metas(view["twitter"], "name");
  EXPECT_EQ(One(tw, "twitter:card"), "summary");
  EXPECT_EQ(tw.count("twitter:site"), 0u);
  EXPECT_EQ(tw.count("twitter:image"), 0u);
  json ld = json::parse(view["json_ld_html"].get<std::string>());
  EXPECT_FALSE(ld.contains("image"));
  EXPECT_FALSE(ld.contains("description"));
}

TEST(SharingView, JsonLdNewsArticleCarriesEveryField) {
  const Settings s = TestSettings();
  json view = SharingView(Story(), s, Calendar(s), Media());
  // The escaped text is still JSON: \u003c and friends are JSON escapes.
  json ld = json::parse(view["json_ld_html"].get<std::string>());
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "NewsArticle");
  EXPECT_EQ(ld["headline"], "Hawks reach the T20 final");
  EXPECT_EQ(ld["description"], "Hyderabad beat Quetta by six wickets");
  EXPECT_EQ(ld["url"], "https://news.example/news/7/hawks-reach-final");
  EXPECT_EQ(ld["mainEntityOfPage"],
            (json{{"@type", "WebPage"}, {"@id", "https://news.example/news/7/hawks-reach-final"}}));
  EXPECT_EQ(ld["datePublished"], "2026-11-28T00:35:00+05:00");
  EXPECT_EQ(ld["dateModified"], "2026-11-28T09:10:00+05:00");
  ASSERT_EQ(ld["image"].size(), 2u);
  EXPECT_EQ(ld["image"][0], (json{{"@type", "ImageObject"},
                                  {"url", "https://news.example/media/2026/11/stumps-1280.jpg"},
                                  {"width", 1280},
                                  {"height", 853}}));
  EXPECT_EQ(ld["image"][1]["url"], "https://news.example/media/2026/11/stumps.jpg");
  EXPECT_EQ(ld["image"][1]["width"], 3000);
  ASSERT_EQ(ld["author"].size(), 2u);
  EXPECT_EQ(ld["author"][0], (json{{"@type", "Person"},
                                   {"name", "Usman Ghani"},
                                   {"url", "https://news.example/author/usman-ghani"}}));
  EXPECT_EQ(ld["author"][1]["@type"], "Organization");
  EXPECT_EQ(ld["author"][1]["name"], "Khabar Desk");
  EXPECT_EQ(ld["publisher"],
            (json{{"@type", "Organization"},
                  {"name", "Khabar Daily"},
                  {"url", "https://news.example/"},
                  {"logo",
                   {{"@type", "ImageObject"}, {"url", "https://news.example/static/logo.png"}}}}));
  EXPECT_EQ(ld["articleSection"], "Sport");
  EXPECT_EQ(ld["keywords"], (json{"Cricket", "T20"}));
  EXPECT_EQ(ld["inLanguage"], "en-PK");
  EXPECT_EQ(ld["isAccessibleForFree"], true);
}

TEST(SharingView, AnImportIsNotAnEdit) {
  const Settings s = TestSettings();
  Article a = Story();
  // Imported a day after it came out, never edited since.
  a.created_at = At("2026-11-29T10:00:00+05:00");
  a.updated_at = At("2026-11-29T10:00:00+05:00");
  json view = SharingView(a, s, Calendar(s), Media());
  EXPECT_EQ(One(Metas(view["og"], "property"), "article:modified_time"),
            "2026-11-28T00:35:00+05:00");
  json ld = json::parse(view["json_ld_html"].get<std::string>());
  EXPECT_EQ(ld["dateModified"], "2026-11-28T00:35:00+05:00");
  // Edited after the import: that edit counts.
  a.updated_at = At("2026-11-30T08:00:00+05:00");
  ld = json::parse(SharingView(a, s, Calendar(s), Media())["json_ld_html"].get<std::string>());
  EXPECT_EQ(ld["dateModified"], "2026-11-30T08:00:00+05:00");
}

TEST(SharingView, BylineFreeStoryIsBySiteAndLogoIsOptional) {
  Settings s = TestSettings();
  s.site.logo.clear();
  Article a = Story();
  a.authors.clear();
  json ld = json::parse(SharingView(a, s, Calendar(s), Media())["json_ld_html"].get<std::string>());
  EXPECT_EQ(ld["author"], (json::array({{{"@type", "Organization"}, {"name", "Khabar Daily"}}})));
  EXPECT_FALSE(ld["publisher"].contains("logo"));
}

// ScriptTextInHtml embeds `text` in a page the way the theme does and
// returns what an HTML parser sees inside each <script> element.
std::vector<std::string> ScriptTextInHtml(const std::string& text) {
  const std::string page = "<!DOCTYPE html><html><head><script type=\"application/ld+json\">" +
                           text + "</script></head><body><p id=\"after\">x</p></body></html>";
  std::vector<std::string> out;
  htmlDocPtr doc = htmlReadMemory(page.data(), static_cast<int>(page.size()), nullptr, "UTF-8",
                                  HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (!doc) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST "//script", ctx);
  for (int i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; ++i) {
    xmlChar* t = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
    out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    xmlFree(t);
  }
  if (res) xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return out;
}

TEST(SharingView, HeadlineCannotBreakOutOfTheScript) {
  const Settings s = TestSettings();
  Article a = Story();
  a.headline = "Breaking </script><script>alert(1)</script> & <!-- \"quotes\" \u2028 end";
  a.standfirst = "</SCRIPT >";
  a.tags = {{.id = 1, .slug = "x", .name = "<b>&amp;</b>"}};
  const std::string text = SharingView(a, s, Calendar(s), Media())["json_ld_html"];
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_EQ(text.find('&'), std::string::npos) << text;
  EXPECT_EQ(text.find("\u2028"), std::string::npos) << text;
  EXPECT_NE(text.find("\\u003c/script\\u003e"), std::string::npos) << text;
  // In a page, the whole text stays inside one script element...
  auto scripts = ScriptTextInHtml(text);
  ASSERT_EQ(scripts.size(), 1u);
  EXPECT_EQ(scripts[0], text);
  // ...and reads back as exactly what the newsroom wrote.
  json ld = json::parse(scripts[0]);
  EXPECT_EQ(ld["headline"], a.headline);
  EXPECT_EQ(ld["description"], "</SCRIPT >");
  EXPECT_EQ(ld["keywords"][0], "<b>&amp;</b>");
}

TEST(SafeJsonForScript, EscapesAndSurvivesBadUtf8) {
  EXPECT_EQ(SafeJsonForScript(json{{"a", "<&>"}}), R"({"a":"\u003c\u0026\u003e"})");
  EXPECT_EQ(SafeJsonForScript(json{{"u", "اردو"}}), "{\"u\":\"اردو\"}");
  const std::string bad = SafeJsonForScript(json{{"b", "x\xff y"}});
  EXPECT_EQ(json::parse(bad)["b"], "x\xEF\xBF\xBD y");
}

}  // namespace
}  // namespace khabar
