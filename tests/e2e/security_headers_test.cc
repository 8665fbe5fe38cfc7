// Response headers on every page: the public site's Content-Security-Policy
// (ad origins allowed only while an ad slot that names them is shown),
// X-Content-Type-Options and Referrer-Policy, on fresh pages, page cache
// hits, 304s and HEADs alike; and the newsroom's, which no other site may
// frame (frame-ancestors 'none').
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "e2e/security_common.h"
#include "support/html.h"

namespace khabar::testing::security {
namespace {

// PublicHeadersOk checks what every public answer carries.
::testing::AssertionResult PublicHeadersOk(const HttpResponse& r) {
  const std::string csp = r.Header("content-security-policy");
  for (const char* part : {"default-src 'self'", "script-src 'self'", "object-src 'none'",
                           "base-uri 'self'", "frame-ancestors 'self'"}) {
    if (csp.find(part) == std::string::npos) {
      return ::testing::AssertionFailure() << "CSP without " << part << ": '" << csp << "'";
    }
  }
  if (csp.find("unsafe-inline") != std::string::npos ||
      csp.find("unsafe-eval") != std::string::npos) {
    return ::testing::AssertionFailure() << "CSP allows inline script: " << csp;
  }
  if (r.Header("x-content-type-options") != "nosniff") {
    return ::testing::AssertionFailure() << "no nosniff";
  }
  if (r.Header("referrer-policy").empty())
    return ::testing::AssertionFailure() << "no Referrer-Policy";
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult AdminHeadersOk(const HttpResponse& r) {
  const std::string csp = r.Header("content-security-policy");
  if (csp.find("frame-ancestors 'none'") == std::string::npos) {
    return ::testing::AssertionFailure() << "admin CSP without frame-ancestors 'none': " << csp;
  }
  if (csp.find("default-src 'self'") == std::string::npos ||
      csp.find("unsafe-inline") != std::string::npos) {
    return ::testing::AssertionFailure() << "admin CSP: " << csp;
  }
  if (r.Header("x-frame-options") != "DENY") return ::testing::AssertionFailure() << "no DENY";
  if (r.Header("x-content-type-options") != "nosniff") {
    return ::testing::AssertionFailure() << "no nosniff";
  }
  if (r.Header("referrer-policy").empty())
    return ::testing::AssertionFailure() << "no Referrer-Policy";
  if (r.Header("cache-control").find("no-store") == std::string::npos) {
    return ::testing::AssertionFailure()
           << "admin page may be cached: " << r.Header("cache-control");
  }
  return ::testing::AssertionSuccess();
}

class SecurityHeaders : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

TEST_F(SecurityHeaders, EveryPublicAnswerCarriesThemFreshCachedAnd304) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  WebSession& admin = s.As(kAdmin);
  StoryForm form;
  form.headline = "Headers story";
  form.tags = "Headertag";
  form.authors = "Header Author";
  const int64_t id = CreateStory(admin, form);
  ASSERT_GT(id, 0);
  ASSERT_EQ(MoveStory(admin, id, ReadStory(admin, id).version, "published").status, 303);
  const std::string url = ReadStory(admin, id).public_url();
  HtmlDoc page(HttpGet(s.port(), url).body);
  std::string section, author;
  for (const auto& a : page.Find("//a[@href]")) {
    if (a.Attr("href").starts_with("/section/") && section.empty()) section = a.Attr("href");
    if (a.Attr("href").starts_with("/author/")) author = a.Attr("href");
  }
  ASSERT_FALSE(section.empty());
  ASSERT_FALSE(author.empty());
  std::string image;
  {
    WebSession& rita = s.As(kReporter);
    ASSERT_EQ(rita.PostMultipart("/admin/media", {{"csrf", rita.csrf()}},
                                 {{"file", "h.png", "image/png", TinyPng(400, 300, 1, 2, 3)}})
                  .status,
              303);
    HtmlDoc media(admin.Get("/admin/media").body);
    auto imgs = media.Find("//ul[@class='media-grid']//img");
    ASSERT_FALSE(imgs.empty());
    image = imgs[0].Attr("src");
  }

  // Every kind of public answer the route table has (and those of no route).
  const std::vector<std::pair<std::string, int>> targets = {
      {"/", 200},
      {url, 200},
      {"/news/" + std::to_string(id), 301},
      {url + "/", 301},
      {section, 200},
      {"/tag/headertag", 200},
      {author, 200},
      {"/search?q=headers", 200},
      {"/feed.xml", 200},
      {"/atom.xml", 200},
      {section + "/feed.xml", 200},
      {"/tag/headertag/atom.xml", 200},
      {"/sitemap.xml", 200},
      {"/sitemaps/pages.xml", 200},
      {"/news-sitemap.xml", 200},
      {"/robots.txt", 200},
      {"/api/v1/articles", 200},
      {"/api/v1/articles/" + std::to_string(id), 200},
      {"/api/v1/sections", 200},
      {"/api/v1/tags", 200},
      {"/api/v1/nothing", 404},
      {"/static/style.css", 200},
      {image, 200},
      {"/healthz", 200},
      {"/no/such/page", 404},
      {"/section/no-such-section", 404},
      {section + "?page=abc", 400},
  };
  int checked = 0;
  for (const auto& [target, status] : targets) {
    SCOPED_TRACE(target);
    HttpResponse first = HttpGet(s.port(), target);
    ASSERT_EQ(first.status, status) << first.body.substr(0, 200);
    EXPECT_TRUE(PublicHeadersOk(first));
    // Again: a page cache hit carries them as well...
    HttpResponse again = HttpGet(s.port(), target, {{"Accept-Encoding", "gzip"}});
    EXPECT_TRUE(PublicHeadersOk(again));
    // ...and so do a 304 and a HEAD.
    if (!first.Header("etag").empty()) {
      HttpResponse not_modified =
          HttpGet(s.port(), target, {{"If-None-Match", first.Header("etag")}});
      EXPECT_EQ(not_modified.status, 304);
      EXPECT_TRUE(PublicHeadersOk(not_modified));
    }
    HttpResponse head = HttpRaw(
        s.port(), "HEAD " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(PublicHeadersOk(head));
    ++checked;
  }
  // At least the pages were cached (so hits were checked, not only misses).
  EXPECT_EQ(HttpGet(s.port(), url).Header("x-cache"), "hit");
  EXPECT_EQ(HttpGet(s.port(), "/").Header("x-cache"), "hit");
  // A comment post's answers (the redirect, and a refusal page).
  WebSession reader(s.port(), NextAddress());
  HttpResponse posted = reader.PostForm("/news/" + std::to_string(id) + "/comments",
                                        {{"name", "Header reader"}, {"body", "Hello."}});
  EXPECT_EQ(posted.status, 303);
  EXPECT_TRUE(PublicHeadersOk(posted));
  HttpResponse refused =
      reader.PostForm("/news/" + std::to_string(id) + "/comments", {{"name", ""}, {"body", ""}});
  EXPECT_GE(refused.status, 400);
  EXPECT_TRUE(PublicHeadersOk(refused));
  // The server's own refusals (before any handler) are never sniffed.
  HttpResponse bad = HttpRaw(s.port(), "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Header("x-content-type-options"), "nosniff");
  // The demo settings' ad slot names no origin: the policy names none.
  const std::string csp = HttpGet(s.port(), url).Header("content-security-policy");
  EXPECT_EQ(csp.find("http"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-src 'none'"), std::string::npos) << csp;
  std::cout << "security suite: security headers checked on " << checked
            << " kinds of public answer (fresh, cached, 304, HEAD)\n";
}

TEST_F(SecurityHeaders, EveryAdminPageForbidsFramingAndCaching) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  int checked = 0;
  // Every admin GET route, as the admin, and the sign-in page.
  StoryForm form;
  form.headline = "Admin headers story";
  const int64_t id = CreateStory(s.As(kAdmin), form);
  ASSERT_GT(id, 0);
  for (const SourceRoute& route : RoutesInSource()) {
    if (route.method != "GET" || !route.pattern.starts_with("/admin")) continue;
    if (route.pattern.starts_with("/admin/static/")) continue;  // assets, not pages
    std::string target = route.pattern;
    if (size_t at = target.find("{id}"); at != std::string::npos) {
      target.replace(at, 4, std::to_string(id));
    }
    ASSERT_EQ(target.find('{'), std::string::npos) << "a new parameter in " << route.pattern;
    SCOPED_TRACE(target);
    HttpResponse r =
        route.pattern == "/admin/login" ? HttpGet(s.port(), target) : s.As(kAdmin).Get(target);
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(AdminHeadersOk(r));
    ++checked;
  }
  EXPECT_GE(checked, 12);
  // Refusals, redirects and errors of the newsroom too.
  EXPECT_TRUE(AdminHeadersOk(HttpGet(s.port(), "/admin")));                   // 303 to sign in
  EXPECT_TRUE(AdminHeadersOk(s.As(kReporter).Get("/admin/users")));           // 403
  EXPECT_TRUE(AdminHeadersOk(s.As(kAdmin).Get("/admin/no-such-page")));       // 404
  EXPECT_TRUE(AdminHeadersOk(s.As(kAdmin).PostForm("/admin/sections", {})));  // 403 CSRF
  WebSession anon(s.port());
  EXPECT_TRUE(AdminHeadersOk(anon.PostForm("/admin/login", {{"login", "x"}})));  // 403
  std::cout << "security suite: newsroom headers checked on " << checked << " admin pages\n";
}

TEST_F(SecurityHeaders, AdOriginsAreInThePolicyOnlyWhileTheirSlotIsShown) {
  TempDir dir;
  const std::filesystem::path config = dir.path() / "site.toml";
  {
    std::ifstream demo(SourceDir() / "config/site.toml");
    std::stringstream text;
    text << demo.rdbuf();
    std::string t = text.str();
    // The demo slot, given the origins of a third-party tag and an inline
    // snippet (allowed by its hash).
    const std::string slot = "name = \"below-article\"\n";
    ASSERT_NE(t.find(slot), std::string::npos);
    t.replace(t.find(slot), slot.size(),
              slot + "sources = [\"https://cdn.ads.example\", \"https://*.frames.example\"]\n");
    t += "\n[[ads.slot]]\nname = \"sidebar\"\n"
         "html = '<div id=\"side-ad\"></div><script>window.sideAd = 1;</script>'\n";
    t += NewsroomSite::kRequestLimitsOff;
    std::ofstream out(config);
    out << t;
  }
  NewsroomSite site(kNow, {}, {}, config);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("ada", "admin", "ada-password-1"), 0);
  WebSession admin = site.SignIn("ada", "ada-password-1");
  ASSERT_TRUE(SignedIn(admin));
  StoryForm form;
  form.headline = "A story with ads";
  const int64_t id = CreateStory(admin, form);
  ASSERT_EQ(MoveStory(admin, id, ReadStory(admin, id).version, "published").status, 303);
  const std::string url = ReadStory(admin, id).public_url();

  for (int round = 0; round < 2; ++round) {  // fresh, then from the page cache
    HttpResponse page = HttpGet(site.port(), url);
    ASSERT_EQ(page.status, 200);
    EXPECT_TRUE(PublicHeadersOk(page));
    const std::string csp = page.Header("content-security-policy");
    EXPECT_NE(
        csp.find("script-src 'self' https://*.frames.example https://cdn.ads.example 'sha256-"),
        std::string::npos)
        << csp;
    EXPECT_NE(csp.find("frame-src https://*.frames.example https://cdn.ads.example;"),
              std::string::npos)
        << csp;
    EXPECT_NE(page.body.find("side-ad"), std::string::npos) << "the slot is shown";
  }
  // Never on the newsroom's pages.
  EXPECT_EQ(admin.Get("/admin").Header("content-security-policy").find("ads.example"),
            std::string::npos);
  // The admin empties the slot: its origins leave the policy with it, on
  // the next answer (the settings change empties the page cache).
  HttpResponse saved = admin.PostForm(
      "/admin/settings", {{"csrf", admin.csrf()}, {"ads.below-article", ""}, {"ads.sidebar", ""}});
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 300);
  HttpResponse after = HttpGet(site.port(), url);
  EXPECT_EQ(after.body.find("side-ad"), std::string::npos);
  const std::string csp = after.Header("content-security-policy");
  EXPECT_EQ(csp.find("ads.example"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("sha256-"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-src 'none'"), std::string::npos) << csp;
}

}  // namespace
}  // namespace khabar::testing::security
