// XSS: every payload of XssPayloads() is posted into every field a user
// controls (a newsroom member or a reader), then every kind of page that
// shows the field is fetched and checked:
//   - the page parses and has no markup a payload could have injected
//     (InjectedMarkup: scripts, handlers, javascript: URLs, frames, ...);
//   - a payload with '<' never appears raw in the body;
//   - the field is shown (its text, payload included, is what a browser
//     displays), so a page that left the field out would not pass.
// Feeds are parsed as XML (well-formed, no elements from a payload), the
// JSON-LD and the content API as JSON (the exact text comes back).
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "e2e/security_common.h"
#include "support/html.h"

namespace khabar::testing::security {
namespace {

using nlohmann::json;

// The fields, as the summary counts them.
const std::vector<std::string> kFields = {
    "headline",     "standfirst",   "body",         "image caption", "image credit",
    "image alt",    "tag name",     "section name", "author name",   "author bio",
    "comment name", "comment text", "search query", "site name",     "user display name",
    "sign-in name"};

// Story is what one payload was posted as.
struct Story {
  int64_t id = 0;
  std::string url;  // public
  std::string section_slug, tag_slug, author_slug;
  std::map<std::string, std::string> value;  // field -> the text posted
  std::string body_marker;                   // Markdown may drop raw HTML: the marker stays
};

// XmlCheck parses a feed: well-formed, no element a payload could add,
// and returns all its text.
std::string XmlText(const std::string& body, std::string* problem) {
  xmlDocPtr doc = xmlReadMemory(body.data(), static_cast<int>(body.size()), "feed.xml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) {
    *problem = "not well-formed XML";
    return "";
  }
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr res = xmlXPathEvalExpression(
      BAD_CAST
      "//*[local-name()='script' or local-name()='img' or local-name()='svg' or "
      "local-name()='iframe' or local-name()='math' or local-name()='x']",
      ctx);
  if (res && res->nodesetval && res->nodesetval->nodeNr > 0) *problem = "injected element";
  if (res) xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  xmlChar* text = xmlNodeGetContent(xmlDocGetRootElement(doc));
  std::string out = text ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  xmlFreeDoc(doc);
  return out;
}

// FeedHtml returns what a feed reader renders as HTML: every RSS
// description and content:encoded, and Atom content or summary of
// type="html".
std::vector<std::string> FeedHtml(const std::string& body) {
  std::vector<std::string> out;
  xmlDocPtr doc = xmlReadMemory(body.data(), static_cast<int>(body.size()), "feed.xml", "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == nullptr) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
  xmlXPathObjectPtr res =
      xmlXPathEvalExpression(BAD_CAST
                             "//*[local-name()='description' or local-name()='encoded' or "
                             "((local-name()='content' or local-name()='summary') and "
                             "@type='html')]",
                             ctx);
  if (res && res->nodesetval) {
    for (int i = 0; i < res->nodesetval->nodeNr; ++i) {
      xmlChar* text = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
      xmlFree(text);
    }
  }
  if (res) xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  xmlFreeDoc(doc);
  return out;
}

class SecurityXss : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

// Post makes one story (and its section, tag, author, picture and comment)
// out of payload `i`.
Story Post(size_t i, const std::string& p) {
  SecuritySite& s = SecuritySite::Get();
  WebSession& admin = s.As(kAdmin);
  const std::string n = std::to_string(i);
  Story st;
  auto v = [&](const std::string& field, const std::string& prefix) {
    st.value[field] = prefix + n + " " + p;
    return st.value[field];
  };
  v("headline", "Head");
  v("standfirst", "Stand");
  v("image caption", "Cap");
  v("image credit", "Cred");
  v("image alt", "Alt");
  v("tag name", "Tag");
  v("section name", "Sec");
  v("author name", "Auth");
  v("author bio", "Bio");
  v("comment name", "Name");
  v("comment text", "Text");
  v("search query", "Query");
  v("site name", "Site");
  v("user display name", "User");
  v("sign-in name", "Login");
  st.value["typed headline"] = "Typed" + n + " " + p;
  st.body_marker = "Body" + n + "marker";
  // The payload as text, a heading and emphasis, and Markdown's own ways
  // to a script: links, images and autolinks to javascript: and data:.
  st.value["body"] = st.body_marker + " " + p + "\n\n" + p + "\n\n## " + p + "\n\n*" + p +
                     "*\n\n[link](javascript:alert(1)) ![img](javascript:alert(1)) "
                     "<javascript:alert(1)> [data](data:text/html,<script>alert(1)</script>) "
                     "[spaced]( javascript:alert(1) ) [entity](jav&#x61;script:alert(1))";

  HttpResponse r = admin.PostForm("/admin/sections", {{"csrf", admin.csrf()},
                                                      {"name", st.value["section name"]},
                                                      {"slug", ""},
                                                      {"position", "5"}});
  EXPECT_EQ(r.status, 303) << "section " << p << ": " << r.body;

  Fields f = {{"csrf", admin.csrf()},
              {"headline", st.value["headline"]},
              {"standfirst", st.value["standfirst"]},
              {"section", st.value["section name"]},
              {"body", st.value["body"]},
              {"tags", st.value["tag name"]},
              {"authors", st.value["author name"]},
              {"slug", ""},
              {"comments_open", "1"},
              {"image_caption", st.value["image caption"]},
              {"image_credit", st.value["image credit"]},
              {"image_alt", st.value["image alt"]}};
  const auto c = static_cast<uint8_t>(i * 17);
  r = admin.PostMultipart("/admin/stories", f,
                          {{"image_upload", "lead" + n + ".png", "image/png",
                            TinyPng(400, 300, c, static_cast<uint8_t>(255 - c), 40)}});
  st.id = StoryIdFrom(r);
  EXPECT_NE(st.id, 0) << "story " << p << ": " << r.status << " " << r.body;
  if (st.id == 0) return st;
  StoryState state = ReadStory(admin, st.id);
  EXPECT_EQ(MoveStory(admin, st.id, state.version, "published").status, 303) << p;
  state = ReadStory(admin, st.id);
  st.url = state.public_url();

  // The slugs, from the public page's links; the author's bio.
  HtmlDoc page(HttpGet(s.port(), st.url).body);
  for (const auto& a : page.Find("//a[@href]")) {
    const std::string href = a.Attr("href");
    if (href.starts_with("/section/") && a.text == Collapse(st.value["section name"])) {
      st.section_slug = href.substr(9);
    }
    if (href.starts_with("/tag/") && a.text == Collapse(st.value["tag name"])) {
      st.tag_slug = href.substr(5);
    }
    if (href.starts_with("/author/") && a.text == Collapse(st.value["author name"])) {
      st.author_slug = href.substr(8);
    }
  }
  HtmlDoc authors(admin.Get("/admin/authors").body);
  std::string author_action;
  for (const auto& form : authors.Find("//form[@class='author']")) {
    auto inputs =
        authors.Find("//form[@action='" + form.Attr("action") + "']//input[@name='name']");
    if (!inputs.empty() && inputs[0].Attr("value") == st.value["author name"]) {
      author_action = form.Attr("action");
    }
  }
  EXPECT_FALSE(author_action.empty()) << "author " << p;
  if (!author_action.empty()) {
    r = admin.PostForm(author_action, {{"csrf", admin.csrf()},
                                       {"name", st.value["author name"]},
                                       {"bio", st.value["author bio"]}});
    EXPECT_EQ(r.status, 303) << "bio " << p << ": " << r.body;
  }

  // A reader's comment, approved by an editor.
  WebSession reader(s.port(), NextAddress());
  r = reader.PostForm("/news/" + std::to_string(st.id) + "/comments",
                      {{"name", st.value["comment name"]},
                       {"email", ""},
                       {"body", st.value["comment text"]},
                       {"website", ""}});
  EXPECT_EQ(r.status, 303) << "comment " << p << ": " << r.body;
  HtmlDoc queue(admin.Get("/admin/comments?status=pending").body);
  std::string comment_id;
  for (const auto& li : queue.Find("//li[@class='moderation-item']")) {
    const std::string id = li.Attr("id").substr(std::string("comment-").size());
    if (queue.One("//li[@id='comment-" + id + "']//p[@class='comment-meta']/strong").text ==
        Collapse(st.value["comment name"])) {
      comment_id = id;
    }
  }
  EXPECT_FALSE(comment_id.empty()) << "comment " << p << " not queued";
  if (!comment_id.empty()) {
    r = admin.PostForm("/admin/comments/" + comment_id,
                       {{"csrf", admin.csrf()}, {"back", "pending"}, {"to", "approved"}});
    EXPECT_EQ(r.status, 303) << r.body;
  }
  // An account whose display name is the payload.
  r = admin.PostForm("/admin/users", {{"csrf", admin.csrf()},
                                      {"login", "user" + n},
                                      {"display_name", st.value["user display name"]},
                                      {"role", "reporter"},
                                      {"password", "user-password-" + n}});
  EXPECT_EQ(r.status, 303) << "user " << p << ": " << r.body.substr(0, 300);
  return st;
}

TEST_F(SecurityXss, EveryPayloadInEveryFieldIsEscapedOnEveryPageThatShowsIt) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  WebSession& admin = s.As(kAdmin);
  const auto& payloads = XssPayloads();
  std::vector<Story> stories;
  for (size_t i = 0; i < payloads.size(); ++i) {
    stories.push_back(Post(i, payloads[i].text));
    ASSERT_NE(stories.back().id, 0);
  }

  std::set<std::string> kinds;                         // kinds of page checked
  std::map<std::string, std::set<std::string>> shown;  // field -> kinds of page
  int checks = 0;
  auto check_html = [&](const std::string& kind, const HttpResponse& r, const Story& st,
                        const std::string& payload, const std::vector<std::string>& fields,
                        int status = 200) {
    kinds.insert(kind);
    SCOPED_TRACE(kind + " for payload " + payload);
    ASSERT_EQ(r.status, status) << r.body.substr(0, 400);
    const std::vector<std::string> injected = InjectedMarkup(r.body);
    EXPECT_TRUE(injected.empty()) << injected.front();
    if (payload.find('<') != std::string::npos) {
      EXPECT_EQ(r.body.find(payload), std::string::npos) << "raw payload in the page";
    }
    for (const std::string& field : fields) {
      const std::string want = field == "body" ? st.body_marker : st.value.at(field);
      EXPECT_TRUE(ShowsText(r.body, want)) << field << " is not shown as text: " << want;
      shown[field].insert(kind);
      ++checks;
    }
  };
  auto check_xml = [&](const std::string& kind, const HttpResponse& r, const std::string& payload,
                       const std::vector<std::string>& wants) {
    kinds.insert(kind);
    SCOPED_TRACE(kind + " for payload " + payload);
    ASSERT_EQ(r.status, 200);
    std::string problem;
    const std::string text = XmlText(r.body, &problem);
    EXPECT_EQ(problem, "") << r.body.substr(0, 400);
    if (payload.find('<') != std::string::npos) {
      EXPECT_EQ(r.body.find(payload), std::string::npos) << "raw payload in the feed";
    }
    for (const std::string& want : wants) {
      EXPECT_NE(text.find(want), std::string::npos) << "not in the feed: " << want;
      ++checks;
    }
  };

  for (size_t i = 0; i < stories.size(); ++i) {
    const Story& st = stories[i];
    const std::string& p = payloads[i].text;
    auto anon = [&](const std::string& target) { return HttpGet(s.port(), target); };

    // The site's name is an admin's words on every page: this payload's.
    ASSERT_EQ(admin
                  .PostForm("/admin/settings",
                            {{"csrf", admin.csrf()}, {"site.name", st.value.at("site name")}})
                  .status,
              303);

    // ---- Public pages ----
    HttpResponse article = anon(st.url);
    check_html(
        "article", article, st, p,
        {"headline", "standfirst", "body", "image caption", "image credit", "image alt", "tag name",
         "section name", "author name", "comment name", "comment text", "site name"});
    // JSON-LD: the script element's text is JSON whose strings are ours.
    {
      kinds.insert("JSON-LD");
      SCOPED_TRACE("JSON-LD for payload " + p);
      HtmlDoc doc(article.body);
      auto scripts = doc.Find("//script[@type='application/ld+json']");
      ASSERT_EQ(scripts.size(), 1u);
      const size_t open = article.body.find("<script type=\"application/ld+json\">");
      const size_t close = article.body.find("</script>", open);
      ASSERT_NE(close, std::string::npos);
      const std::string raw = article.body.substr(open + 35, close - open - 35);
      EXPECT_EQ(raw.find('<'), std::string::npos) << "a '<' inside the JSON-LD script";
      json ld = json::parse(raw, nullptr, false);
      ASSERT_FALSE(ld.is_discarded()) << raw;
      EXPECT_EQ(ld.value("headline", ""), st.value.at("headline"));
      EXPECT_EQ(ld.value("description", ""), st.value.at("standfirst"));
      ASSERT_TRUE(ld.contains("author") && !ld["author"].empty());
      EXPECT_EQ(ld["author"][0].value("name", ""), st.value.at("author name"));
      checks += 3;
      shown["headline"].insert("JSON-LD");
      shown["standfirst"].insert("JSON-LD");
      shown["author name"].insert("JSON-LD");
    }
    // The page as it came out of the page cache is the same page.
    HttpResponse again = anon(st.url);
    EXPECT_EQ(again.Header("x-cache"), "hit");
    EXPECT_EQ(again.body, article.body);

    check_html("home", anon("/"), st, p, {"section name", "site name"});
    // Its snippet quotes the body, payload and all, around <mark>s.
    check_html("search results", anon("/search?q=Head" + std::to_string(i)), st, p, {"headline"});
    check_html("search results",
               anon("/search?q=" + UrlEncode("Body" + std::to_string(i) + "marker")), st, p,
               {"headline", "body"});
    // A refused comment comes back with what the reader typed.
    {
      WebSession reader(s.port(), NextAddress());
      HttpResponse refused = reader.PostForm(
          "/news/" + std::to_string(st.id) + "/comments",
          {{"name", st.value.at("comment name")}, {"email", ""}, {"body", ""}, {"website", ""}});
      EXPECT_EQ(refused.status / 100, 4);
      check_html("article, comment refused", refused, st, p, {"comment name"}, refused.status);
    }
    check_html("section page", anon("/section/" + st.section_slug), st, p,
               {"headline", "standfirst", "section name"});
    check_html("tag page", anon("/tag/" + st.tag_slug), st, p, {"headline", "tag name"});
    check_html("author page", anon("/author/" + st.author_slug), st, p,
               {"headline", "author name", "author bio"});
    check_html("search page", anon("/search?q=" + UrlEncode(st.value.at("search query"))), st, p,
               {"search query"});
    check_html("error page", anon("/section/" + st.section_slug + "?page=abc"), st, p,
               {"section name"}, 400);

    // ---- Feeds ----
    HttpResponse rss = anon("/section/" + st.section_slug + "/feed.xml");
    check_xml("RSS feed", rss, p, {st.value.at("headline"), st.value.at("section name")});
    // Its descriptions are HTML to a feed reader: rendered, they show the
    // standfirst as text and nothing else.
    {
      const std::vector<std::string> items = FeedHtml(rss.body);
      ASSERT_FALSE(items.empty());
      bool standfirst = false;
      for (const std::string& html : items) {
        const std::string page = "<html><body>" + html + "</body></html>";
        const std::vector<std::string> injected = InjectedMarkup(page);
        EXPECT_TRUE(injected.empty()) << "RSS description: " << injected.front();
        standfirst = standfirst || ShowsText(page, st.value.at("standfirst"));
      }
      EXPECT_TRUE(standfirst) << "the RSS description does not show the standfirst";
      ++checks;
    }
    check_xml("Atom feed", anon("/tag/" + st.tag_slug + "/atom.xml"), p,
              {st.value.at("headline"), st.value.at("standfirst"), st.value.at("tag name")});
    check_xml("site feed", anon("/feed.xml"), p, {st.value.at("site name")});
    check_xml("news sitemap", anon("/news-sitemap.xml"), p, {st.value.at("headline")});
    shown["site name"].insert("feeds");
    shown["headline"].insert("feeds");
    shown["standfirst"].insert("feeds");
    shown["section name"].insert("feeds");
    shown["tag name"].insert("feeds");

    // ---- The content API: JSON, never sniffed as HTML ----
    {
      kinds.insert("content API");
      HttpResponse api = anon("/api/v1/articles/" + std::to_string(st.id));
      ASSERT_EQ(api.status, 200);
      EXPECT_TRUE(api.Header("content-type").starts_with("application/json"));
      EXPECT_EQ(api.Header("x-content-type-options"), "nosniff");
      json j = json::parse(api.body, nullptr, false);
      ASSERT_FALSE(j.is_discarded());
      const json& a = j.contains("data") ? j["data"] : j;
      EXPECT_EQ(a.value("headline", ""), st.value.at("headline")) << api.body.substr(0, 300);
      ++checks;
    }

    // ---- The newsroom ----
    const std::string sid = std::to_string(st.id);
    check_html("admin story list, filtered",
               admin.Get("/admin/stories?q=" + UrlEncode(st.value.at("search query"))), st, p,
               {"search query"});
    check_html("admin story list",
               admin.Get("/admin/stories?q=" + UrlEncode("Head" + std::to_string(i))), st, p,
               {"headline"});
    check_html("admin editor", admin.Get("/admin/stories/" + sid), st, p,
               {"headline", "standfirst", "body", "tag name", "section name", "author name"});
    check_html("admin revisions", admin.Get("/admin/stories/" + sid + "/revisions"), st, p,
               {"headline"});
    check_html("admin comments", admin.Get("/admin/comments?status=approved"), st, p,
               {"comment name", "comment text", "headline"});
    check_html("admin media", admin.Get("/admin/media"), st, p,
               {"image caption", "image credit", "image alt"});
    check_html("admin sections", admin.Get("/admin/sections"), st, p, {"section name"});
    check_html("admin tags", admin.Get("/admin/tags"), st, p, {"tag name"});
    check_html("admin authors", admin.Get("/admin/authors"), st, p, {"author name", "author bio"});
    check_html("admin dashboard", admin.Get("/admin"), st, p, {"site name"});
    check_html("admin users", admin.Get("/admin/users"), st, p, {"user display name"});
    // A save refused as a conflict keeps the typed text in the form.
    {
      StoryForm typed;
      typed.headline = st.value.at("typed headline");
      typed.section = st.value.at("section name");
      HttpResponse conflict = SaveStory(admin, st.id, 1, typed);
      EXPECT_EQ(conflict.status, 409);
      EXPECT_TRUE(ShowsText(conflict.body, typed.headline)) << "the typed headline was lost";
      check_html("admin editor, save refused", conflict, st, p, {}, 409);
    }
    // Saved again: the revisions page diffs the two, payloads on both sides.
    {
      StoryState now = ReadStory(admin, st.id);
      StoryForm again;
      again.headline = st.value.at("headline");
      again.standfirst = st.value.at("standfirst");
      again.section = st.value.at("section name");
      again.body = st.value.at("body") + "\n\nEdited " + p;
      again.tags = st.value.at("tag name");
      again.authors = st.value.at("author name");
      ASSERT_EQ(SaveStory(admin, st.id, now.version, again).status, 303);
      HttpResponse diff = admin.Get("/admin/stories/" + sid + "/revisions");
      check_html("admin revision diff", diff, st, p, {"headline", "standfirst", "body"});
      EXPECT_TRUE(ShowsText(diff.body, "Edited " + p)) << "the diff does not show the edit";
    }
    // A refused sign-in shows the name typed.
    {
      WebSession browser(s.port(), NextAddress());
      HtmlDoc form(browser.Get("/admin/login").body);
      HttpResponse refused = browser.PostForm(
          "/admin/login", {{"login_token", form.One("//input[@name='login_token']").Attr("value")},
                           {"login", st.value.at("sign-in name")},
                           {"password", "wrong"}});
      check_html("sign-in page, refused", refused, st, p, {"sign-in name"}, 401);
    }
  }

  // Every field was shown somewhere, or the suite would prove nothing.
  for (const std::string& field : kFields) {
    EXPECT_FALSE(shown[field].empty()) << field << " was never checked on a page";
  }
  std::cout << "security suite: " << payloads.size() << " XSS payloads x " << kFields.size()
            << " fields checked on " << kinds.size() << " kinds of page (" << checks
            << " field-on-page checks)\n";
}

TEST_F(SecurityXss, WhatAnAdminTypesUnderSettingsIsEscapedOrRefused) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  WebSession& admin = s.As(kAdmin);
  // A story with comments closed, to show the closed-comments text.
  StoryForm closed;
  closed.headline = "Comments closed here";
  Fields fields = closed.Build(admin.csrf(), std::nullopt);
  std::erase_if(fields, [](const auto& kv) { return kv.first == "comments_open"; });
  const int64_t id = StoryIdFrom(admin.PostMultipart("/admin/stories", fields, {}));
  ASSERT_GT(id, 0);
  ASSERT_EQ(MoveStory(admin, id, ReadStory(admin, id).version, "published").status, 303);
  const std::string url = ReadStory(admin, id).public_url();
  int checks = 0;
  for (size_t i = 0; i < XssPayloads().size(); ++i) {
    const std::string& p = XssPayloads()[i].text;
    SCOPED_TRACE(p);
    const std::string follow = "Follow" + std::to_string(i) + " " + p;
    const std::string closed_text = "Closed" + std::to_string(i) + " " + p;
    HttpResponse saved = admin.PostForm("/admin/settings", {{"csrf", admin.csrf()},
                                                            {"social.follow_text", follow},
                                                            {"comments.closed_text", closed_text}});
    ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 300);
    for (const std::string& target : {std::string("/"), url}) {
      HttpResponse page = HttpGet(s.port(), target);
      ASSERT_EQ(page.status, 200);
      const std::vector<std::string> injected = InjectedMarkup(page.body);
      EXPECT_TRUE(injected.empty()) << target << ": " << injected.front();
      if (p.find('<') != std::string::npos) {
        EXPECT_EQ(page.body.find(p), std::string::npos);
      }
      EXPECT_TRUE(ShowsText(page.body, follow)) << target;
      ++checks;
    }
    EXPECT_TRUE(ShowsText(HttpGet(s.port(), url).body, closed_text));
    HttpResponse form = admin.Get("/admin/settings");
    EXPECT_TRUE(InjectedMarkup(form.body).empty());
    EXPECT_TRUE(ShowsText(form.body, follow));
    checks += 2;
  }
  // Links an admin types are web addresses or nothing.
  for (const std::string& link :
       {std::string("javascript:alert(1)"), std::string("data:text/html,<script>alert(1)</script>"),
        std::string(" javascript:alert(1)"), std::string("//evil.example")}) {
    HttpResponse r =
        admin.PostForm("/admin/settings", {{"csrf", admin.csrf()}, {"social.facebook", link}});
    EXPECT_EQ(r.status, 400) << link;
  }
  HttpResponse r = admin.PostForm(
      "/admin/settings", {{"csrf", admin.csrf()},
                          {"social.facebook", "https://fb.example/\" onmouseover=\"alert(1)"},
                          {"social.follow_text", "Follow us on Facebook."}});
  EXPECT_EQ(r.status, 303);
  HttpResponse home = HttpGet(s.port(), "/");
  EXPECT_TRUE(InjectedMarkup(home.body).empty()) << InjectedMarkup(home.body).front();
  std::cout << "security suite: " << XssPayloads().size() << " XSS payloads x 2 settings texts ("
            << checks << " checks); 4 non-web links refused\n";
}

TEST_F(SecurityXss, NothingARequestCarriesComesBackUnescaped) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  WebSession& admin = s.As(kAdmin);
  StoryForm form;
  form.headline = "Reflection target";
  form.tags = "Reflected";
  const int64_t id = CreateStory(admin, form);
  ASSERT_GT(id, 0);
  ASSERT_EQ(MoveStory(admin, id, ReadStory(admin, id).version, "published").status, 303);
  // Every query parameter any handler reads, and then some.
  const std::vector<std::string> params = {"q",        "page",     "comment", "next",      "status",
                                           "section",  "tag",      "author",  "since",     "until",
                                           "per_page", "a",        "b",       "saved",     "moved",
                                           "done",     "uploaded", "mine",    "utm_source"};
  int requests = 0, routes = 0;
  for (const SourceRoute& route : RoutesInSource()) {
    if (route.method != "GET") continue;
    ++routes;
    for (const Payload& payload : XssPayloads()) {
      const std::string& p = payload.text;
      const std::string enc = UrlEncode(p);
      std::string target = route.pattern;
      for (const auto& [name, value] :
           {std::pair<std::string, std::string>{"{id}", std::to_string(id)},
            {"{slug}", enc},
            {"{name}", enc},
            {"{*path}", enc},
            {"{n}", "1"}}) {
        if (size_t at = target.find(name); at != std::string::npos)
          target.replace(at, name.size(), value);
      }
      ASSERT_EQ(target.find('{'), std::string::npos) << route.pattern;
      std::string query;
      for (const std::string& name : params)
        query += (query.empty() ? "?" : "&") + name + "=" + enc;
      for (const std::string& t : {target + query, target + "/" + enc, target + "?q=" + enc}) {
        SCOPED_TRACE(t.substr(0, 160));
        HttpResponse r = t.starts_with("/admin") ? admin.Get(t) : HttpGet(s.port(), t);
        ++requests;
        ASSERT_NE(r.status, 0);
        EXPECT_LT(r.status, 500) << r.body.substr(0, 200);
        const std::string type = r.Header("content-type");
        if (type.starts_with("text/html")) {
          const std::vector<std::string> injected = InjectedMarkup(r.body);
          EXPECT_TRUE(injected.empty()) << injected.front();
        }
        if (p.find('<') != std::string::npos && !type.starts_with("application/json")) {
          EXPECT_EQ(r.body.find(p), std::string::npos) << "reflected raw (" << type << ")";
        }
        if (type.starts_with("application/json")) {
          EXPECT_EQ(r.Header("x-content-type-options"), "nosniff");
        }
      }
    }
  }
  EXPECT_GE(routes, 30);
  std::cout << "security suite: " << XssPayloads().size() << " XSS payloads reflected through "
            << routes << " GET routes' paths and " << params.size() << " query parameters ("
            << requests << " requests)\n";
}

TEST_F(SecurityXss, FullContentFeedsGiveFeedReadersOnlySafeHtml) {
  // [feeds] full_content = true: the whole body goes into the feeds, as
  // HTML a feed reader renders; the payloads must arrive there as text.
  TempDir dir;
  const std::filesystem::path config = dir.path() / "site.toml";
  {
    std::ifstream demo(SourceDir() / "config/site.toml");
    std::stringstream text;
    text << demo.rdbuf() << "\n[feeds]\nfull_content = true\n" << NewsroomSite::kRequestLimitsOff;
    std::ofstream(config) << text.str();
  }
  NewsroomSite site(kNow, {}, {}, config);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("ada", "admin", "ada-password-1"), 0);
  WebSession admin = site.SignIn("ada", "ada-password-1");
  ASSERT_TRUE(SignedIn(admin));
  for (size_t i = 0; i < XssPayloads().size(); ++i) {
    const std::string& p = XssPayloads()[i].text;
    StoryForm form;
    form.headline = "Feed" + std::to_string(i) + " " + p;
    form.standfirst = "Feedstand" + std::to_string(i) + " " + p;
    form.body = "Feedbody" + std::to_string(i) + " " + p + "\n\n" + p +
                "\n\n[link](javascript:alert(1)) ![img](javascript:alert(1)) <javascript:alert(1)>";
    const int64_t id = CreateStory(admin, form);
    ASSERT_GT(id, 0) << p;
    ASSERT_EQ(MoveStory(admin, id, ReadStory(admin, id).version, "published").status, 303);
  }
  int checked = 0;
  for (const std::string& target : {std::string("/feed.xml"), std::string("/atom.xml")}) {
    SCOPED_TRACE(target);
    HttpResponse r = HttpGet(site.port(), target);
    ASSERT_EQ(r.status, 200);
    std::string problem;
    XmlText(r.body, &problem);
    EXPECT_EQ(problem, "");
    std::set<size_t> seen;
    for (const std::string& html : FeedHtml(r.body)) {
      const std::vector<std::string> injected =
          InjectedMarkup("<html><body>" + html + "</body></html>");
      EXPECT_TRUE(injected.empty()) << injected.front() << " in " << html.substr(0, 300);
      for (size_t i = 0; i < XssPayloads().size(); ++i) {
        if (html.find("Feedbody" + std::to_string(i) + " ") != std::string::npos) seen.insert(i);
        if (XssPayloads()[i].text.find('<') != std::string::npos) {
          EXPECT_EQ(html.find(XssPayloads()[i].text), std::string::npos) << "raw in a feed item";
        }
      }
      ++checked;
    }
    EXPECT_EQ(seen.size(), XssPayloads().size()) << "not every story's body is in the feed";
  }
  std::cout << "security suite: " << checked
            << " full-content feed items rendered as HTML, clean\n";
}

}  // namespace
}  // namespace khabar::testing::security
