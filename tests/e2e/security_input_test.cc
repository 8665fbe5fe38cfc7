// Hostile input over HTTP: uploads that lie about their type, polyglots
// and decompression bombs; path traversal in static and media URLs, raw and
// encoded; SQL metacharacters in every parameter of the public routes and
// a sample of the admin's. Bad input gets a 4xx with a clear message,
// never a 500, and leaves nothing behind.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <iostream>

#include "e2e/security_common.h"
#include "support/html.h"

namespace khabar::testing::security {
namespace {

namespace fs = std::filesystem;

// Files counts the regular files under `dir`.
int Files(const fs::path& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec);
       it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file()) ++n;
  }
  return n;
}

int MediaListed(WebSession& admin) {
  HtmlDoc doc(admin.Get("/admin/media").body);
  return static_cast<int>(doc.Find("//ul[@class='media-grid']/li").size());
}

// ErrorText is what an error page says (its message line), or the body.
std::string ErrorText(const HttpResponse& r) {
  return Collapse(HtmlDoc(r.body).One("//main").text);
}

// ---- Uploads ----

class SecurityUploads : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

TEST_F(SecurityUploads, FilesThatAreNotWhatTheyClaimAreRefusedAndNothingIsStored) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  WebSession& rita = s.As(kReporter);
  WebSession& admin = s.As(kAdmin);
  const fs::path media = s.site().media_dir();
  const std::string jpeg = LeadJpeg();
  ASSERT_GT(jpeg.size(), 1000u);
  const std::string svg =
      "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
      "height=\"10\"><script>alert(1)</script></svg>";
  const std::string html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
  // The seed JPEG with its frame header (SOF) claiming 50000x50000 pixels.
  std::string jpeg_bomb = jpeg;
  for (size_t i = 2; i + 9 < jpeg_bomb.size(); ++i) {
    const auto m = static_cast<unsigned char>(jpeg_bomb[i + 1]);
    if (static_cast<unsigned char>(jpeg_bomb[i]) == 0xFF && (m == 0xC0 || m == 0xC1 || m == 0xC2)) {
      for (size_t at : {i + 5, i + 7}) {  // height, then width: 50000 = 0xC350
        jpeg_bomb[at] = static_cast<char>(0xC3);
        jpeg_bomb[at + 1] = static_cast<char>(0x50);
      }
      break;
    }
  }
  ASSERT_NE(jpeg_bomb, jpeg) << "no frame header found in the seed JPEG";
  struct Case {
    std::string what, filename, type, data, says;
  };
  const std::vector<Case> cases = {
      {"HTML named .jpg", "photo.jpg", "image/jpeg", html, "not a JPEG, PNG or WebP"},
      {"SVG with a script named .jpg", "photo.jpg", "image/jpeg", svg, "SVG"},
      {"SVG as itself", "logo.svg", "image/svg+xml", svg, "SVG"},
      {"HTML behind a JPEG's magic bytes", "photo.jpg", "image/jpeg",
       jpeg.substr(0, 4) + html + std::string(2000, ' '), "damaged"},
      {"a JPEG's first half, then HTML", "photo.jpg", "image/jpeg",
       jpeg.substr(0, jpeg.size() / 2) + html, "damaged"},
      {"a PNG declaring 50000x50000 pixels", "bomb.png", "image/png", PngBomb(50000, 50000),
       "50000"},
      {"a JPEG declaring 50000x50000 pixels", "bomb.jpg", "image/jpeg", jpeg_bomb, "50000"},
      {"a PNG 30000 pixels wide and 1 high", "strip.png", "image/png", PngBomb(30000, 1),
       "pixels on a side"},
      {"a GIF", "anim.gif", "image/gif", std::string("GIF89a") + std::string(100, '\0'), "GIF"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const int files = Files(media);
    const int listed = MediaListed(admin);
    ASSERT_LT(c.data.size(), 1u << 20) << "the test files are small";
    // Through the media library...
    HttpResponse r = rita.PostMultipart("/admin/media", {{"csrf", rita.csrf()}, {"caption", "x"}},
                                        {{"file", c.filename, c.type, c.data}});
    EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
    EXPECT_NE(ErrorText(r).find(c.says), std::string::npos) << ErrorText(r);
    // ...and as a story's lead image: no story is made either.
    StoryForm with_image;
    with_image.headline = "Story with " + c.what;
    HttpResponse story =
        rita.PostMultipart("/admin/stories", with_image.Build(rita.csrf(), std::nullopt),
                           {{"image_upload", c.filename, c.type, c.data}});
    EXPECT_EQ(story.status, 400) << story.body.substr(0, 300);
    EXPECT_NE(story.body.find(c.says), std::string::npos);
    EXPECT_EQ(Files(media), files) << "a refused upload left a file";
    EXPECT_EQ(MediaListed(admin), listed) << "a refused upload was listed";
  }
  EXPECT_EQ(admin.Get("/admin/stories?q=" + UrlEncode("Story with")).body.find("story-link"),
            std::string::npos);
}

TEST_F(SecurityUploads, APolyglotIsServedOnlyAsTheCleanImageItWasTurnedInto) {
  SecuritySite& s = SecuritySite::Get();
  WebSession& rita = s.As(kReporter);
  // A real JPEG with a page after its end: image viewers show the picture,
  // a browser sniffing it would find HTML.
  const std::string marker = "<script>alert('polyglot')</script>";
  const std::string polyglot = LeadJpeg() + "<html><body>" + marker + "</body></html>";
  HttpResponse r = rita.PostMultipart("/admin/media", {{"csrf", rita.csrf()}},
                                      {{"file", "../../poly.html", "text/html", polyglot}});
  ASSERT_TRUE(r.status == 303 || r.status == 400) << r.status << " " << r.body.substr(0, 300);
  std::cout << "security suite: a JPEG with a page appended was "
            << (r.status == 303 ? "accepted and re-encoded" : "refused") << "\n";
  // The name it was sent with placed nothing outside the media folder.
  EXPECT_FALSE(fs::exists(s.site().media_dir().parent_path() / "poly.html"));
  EXPECT_FALSE(fs::exists(s.site().media_dir().parent_path().parent_path() / "poly.html"));
  HtmlDoc doc(s.As(kAdmin).Get("/admin/media").body);
  int served = 0;
  for (const auto& img : doc.Find("//ul[@class='media-grid']//img")) {
    const std::string src = img.Attr("src");
    ASSERT_TRUE(src.starts_with("/media/")) << src;
    HttpResponse file = HttpGet(s.port(), src);
    ASSERT_EQ(file.status, 200) << src;
    EXPECT_TRUE(file.Header("content-type").starts_with("image/")) << file.Header("content-type");
    EXPECT_EQ(file.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(file.body.find("polyglot"), std::string::npos) << src << " kept the page";
    ++served;
  }
  if (r.status == 303) {
    EXPECT_GT(served, 0);
  }
  // What was uploaded is kept, never served.
  for (const auto& entry : fs::recursive_directory_iterator(s.site().media_dir())) {
    if (!entry.is_regular_file()) continue;
    const std::string rel = fs::relative(entry.path(), s.site().media_dir()).string();
    if (!rel.starts_with(".originals/")) continue;
    EXPECT_EQ(HttpGet(s.port(), "/media/" + rel).status, 404) << rel;
    EXPECT_EQ(HttpGet(s.port(), "/media/" + UrlEncode(rel)).status / 100, 4) << rel;
  }
}

// ---- Path traversal ----

class SecurityTraversal : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

TEST_F(SecurityTraversal, NoStaticOrMediaUrlReachesAFileOutsideItsFolder) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  // Something secret beside the media folder (the database lives there).
  const std::vector<std::string> escapes = {
      "../khabar.db",
      "..%2fkhabar.db",
      "%2e%2e/khabar.db",
      "%2e%2e%2fkhabar.db",
      "%252e%252e%252fkhabar.db",
      "..%5ckhabar.db",
      "..\\khabar.db",
      "%c0%ae%c0%ae/khabar.db",
      "..%c0%afkhabar.db",
      ".%2e/khabar.db",
      "./../khabar.db",
      "x/../../khabar.db",
      "%2fetc%2fpasswd",
      "/etc/passwd",
      "..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
      "....//....//etc/passwd",
      "..;/khabar.db",
      "khabar.db%00.jpg",
      ".originals",
      ".originals/",
      "%2eoriginals/",
      "x/..%2f.originals/",
  };
  int requests = 0;
  for (const char* prefix : {"/static/", "/media/", "/admin/static/"}) {
    for (const std::string& tail : escapes) {
      const std::string target = std::string(prefix) + tail;
      SCOPED_TRACE(target);
      HttpResponse r = HttpRaw(
          s.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      ++requests;
      EXPECT_GE(r.status, 400) << "answered " << r.status;
      EXPECT_LT(r.status, 500);
      EXPECT_EQ(r.body.find("SQLite format 3"), std::string::npos) << "the database was served";
      EXPECT_EQ(r.body.find("root:x:0:0"), std::string::npos) << "/etc/passwd was served";
    }
  }
  // Through the page cache's and the API's paths too.
  for (const std::string& target :
       {std::string("/api/v1/..%2f..%2fkhabar.db"), std::string("/sitemaps/..%2fkhabar.db"),
        std::string("/news/1/..%2f..%2fkhabar.db"), std::string("/section/..%2f..%2fkhabar.db"),
        std::string("/tag/%2e%2e"), std::string("/author/..")}) {
    HttpResponse r = HttpRaw(s.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    ++requests;
    EXPECT_GE(r.status, 300) << target;
    EXPECT_LT(r.status, 500) << target;
    EXPECT_EQ(r.body.find("SQLite format 3"), std::string::npos) << target;
  }
  // The folders still serve what is in them.
  EXPECT_EQ(HttpGet(s.port(), "/static/style.css").status, 200);
  EXPECT_EQ(HttpGet(s.port(), "/admin/static/admin.js").status, 200);
  std::cout << "security suite: " << requests << " traversal attempts refused\n";
}

// ---- SQL metacharacters ----

class SecuritySql : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

const std::vector<std::string>& SqlValues() {
  static const std::vector<std::string> values = {
      "'",
      "\"",
      ";",
      "--",
      "%",
      "_",
      "\\",
      std::string("a\0b", 3),
      "' OR '1'='1",
      "1; DROP TABLE articles; --",
      "1' UNION SELECT password_hash FROM users --",
      "%' OR 1=1 --",
      "\\'; DELETE FROM sessions; --",
      "') OR ('a'='a",
      "1e309",
      "-1",
      "0x7fffffffffffffff",
      "99999999999999999999999",
      "NEAR(a b) OR * AND \"",
      std::string(3000, '\''),
  };
  return values;
}

std::string IntegrityCheck(const std::string& db) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    return "cannot open";
  }
  std::string out;
  sqlite3_exec(
      handle, "PRAGMA integrity_check",
      [](void* o, int, char** v, char**) {
        *static_cast<std::string*>(o) += v[0] ? v[0] : "";
        return 0;
      },
      &out, nullptr);
  int64_t tables = 0;
  sqlite3_exec(
      handle, "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
      [](void* o, int, char** v, char**) {
        *static_cast<int64_t*>(o) = std::atoll(v[0]);
        return 0;
      },
      &tables, nullptr);
  sqlite3_close(handle);
  return out + " (" + std::to_string(tables) + " tables)";
}

TEST_F(SecuritySql, MetacharactersInEveryParameterNeverBreakAQueryOrTheDatabase) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  WebSession& admin = s.As(kAdmin);
  StoryForm form;
  form.headline = "The story that must survive";
  form.tags = "Survivor";
  form.authors = "Survivor Author";
  const int64_t id = CreateStory(admin, form);
  ASSERT_GT(id, 0);
  ASSERT_EQ(MoveStory(admin, id, ReadStory(admin, id).version, "published").status, 303);
  const StoryState story = ReadStory(admin, id);
  const std::string before = HttpGet(s.port(), story.public_url()).body;
  ASSERT_NE(before.find(form.headline), std::string::npos);
  const std::string integrity_before = IntegrityCheck(s.site().db());
  ASSERT_TRUE(integrity_before.starts_with("ok (")) << integrity_before;
  HtmlDoc tags(admin.Get("/admin/tags").body);
  auto rename = tags.Find("//form[contains(@action,'/rename')]");
  ASSERT_FALSE(rename.empty());
  const std::string rename_action = rename[0].Attr("action");

  const std::string sid = std::to_string(id);
  // {} is where the value goes (percent-encoded).
  const std::vector<std::string> gets = {
      "/?page={}",
      "/news/{}",
      "/news/{}/x",
      "/news/" + sid + "/{}",
      "/section/{}",
      "/section/world?page={}",
      "/tag/{}",
      "/tag/survivor?page={}",
      "/author/{}",
      "/section/{}/feed.xml",
      "/tag/{}/atom.xml",
      "/search?q={}",
      "/search?q=survive&page={}",
      "/sitemaps/{}",
      "/api/v1/articles?section={}",
      "/api/v1/articles?tag={}",
      "/api/v1/articles?author={}",
      "/api/v1/articles?since={}",
      "/api/v1/articles?until={}",
      "/api/v1/articles?page={}",
      "/api/v1/articles?per_page={}",
      "/api/v1/articles/{}",
      "/api/v1/tags?q={}",
      "/api/v1/sections?page={}",
      "/media/{}",
      "/static/{}",
      "/news/" + sid + "?comment={}",
      // A sample of the newsroom's.
      "/admin/stories?q={}",
      "/admin/stories?status={}",
      "/admin/stories?section={}",
      "/admin/stories?page={}",
      "/admin/stories/{}",
      "/admin/stories/" + sid + "/revisions?a={}&b=1",
      "/admin/api/tags?q={}",
      "/admin/comments?status={}",
      "/admin/login?next={}",
  };
  int requests = 0, refused = 0;
  for (const std::string& value : SqlValues()) {
    const std::string shown = value.size() > 40 ? value.substr(0, 40) + "..." : value;
    for (const std::string& pattern : gets) {
      std::string target = pattern;
      target.replace(target.find("{}"), 2, UrlEncode(value));
      SCOPED_TRACE(target.substr(0, 200));
      HttpResponse r = target.starts_with("/admin") ? admin.Get(target) : HttpGet(s.port(), target);
      ++requests;
      ASSERT_NE(r.status, 0) << "no answer";
      EXPECT_LT(r.status, 500) << r.body.substr(0, 300);
      if (r.status >= 400) ++refused;
    }
    // Forms: a reader's comment, and the newsroom's.
    WebSession reader(s.port(), NextAddress());
    for (const Fields& fields :
         {Fields{{"name", value}, {"body", "Metacharacters " + value}},
          Fields{{"name", "Reader"}, {"body", "Text"}, {"email", value}},
          Fields{{"name", "Reader"}, {"body", "Text"}, {"parent_id", value}}}) {
      WebSession one(s.port(), NextAddress());
      HttpResponse r = one.PostForm("/news/" + sid + "/comments", fields);
      ++requests;
      EXPECT_LT(r.status, 500) << shown << ": " << r.body.substr(0, 300);
    }
    StoryForm hostile_story;
    hostile_story.headline = value;
    hostile_story.tags = value;
    for (const auto& [target, fields] : std::vector<std::pair<std::string, Fields>>{
             {"/admin/sections", {{"name", value}, {"slug", value}, {"position", value}}},
             {rename_action, {{"name", value}}},
             {"/admin/stories", hostile_story.Build("", {})},
             {"/admin/comments/" + UrlEncode(value), {{"to", value}}},
             {"/admin/users", {{"login", value}, {"role", value}, {"password", value}}}}) {
      Fields f = fields;
      std::erase_if(f, [](const auto& kv) { return kv.first == "csrf"; });
      f.insert(f.begin(), {"csrf", admin.csrf()});
      HttpResponse r = admin.PostForm(target, f);
      ++requests;
      EXPECT_LT(r.status, 500) << target << " " << shown << ": " << r.body.substr(0, 300);
    }
    // From an address of its own: 20 failed sign-ins from one address
    // close it for a while, which is not what this checks.
    WebSession login(s.port(), NextAddress());
    HttpResponse page = login.Get("/admin/login");
    HtmlDoc doc(page.body);
    HttpResponse r = login.PostForm(
        "/admin/login", {{"login_token", doc.One("//input[@name='login_token']").Attr("value")},
                         {"login", value},
                         {"password", value}});
    ++requests;
    EXPECT_LT(r.status, 500) << shown;
    EXPECT_FALSE(SignedIn(login)) << "signed in with " << shown;
  }
  // Very long values in forms (200 KB: far under the request limit, far
  // over any field's): a clear 4xx or a save, never a 5xx.
  const std::string long_value = std::string(200 * 1024, '\'') + "; --";
  {
    WebSession reader(s.port(), NextAddress());
    HttpResponse r =
        reader.PostForm("/news/" + sid + "/comments", {{"name", long_value}, {"body", long_value}});
    ++requests;
    EXPECT_EQ(r.status / 100, 4) << r.body.substr(0, 300);
    StoryForm long_story;
    long_story.headline = long_value;
    long_story.body = long_value;
    for (const auto& [target, fields] : std::vector<std::pair<std::string, Fields>>{
             {"/admin/stories", long_story.Build(admin.csrf(), {})},
             {"/admin/sections", {{"csrf", admin.csrf()}, {"name", long_value}, {"position", "1"}}},
             {rename_action, {{"csrf", admin.csrf()}, {"name", long_value}}},
             {"/admin/settings", {{"csrf", admin.csrf()}, {"comments.closed_text", long_value}}}}) {
      HttpResponse res = admin.PostForm(target, fields);
      ++requests;
      EXPECT_LT(res.status, 500) << target << ": " << res.body.substr(0, 300);
      EXPECT_NE(res.status, 0) << target;
    }
    HttpResponse long_get = HttpGet(s.port(), "/search?q=" + std::string(100 * 1024, 'a'));
    ++requests;
    EXPECT_EQ(long_get.status / 100, 4) << "a 100 KB address";
  }
  // LIKE's wildcards match only themselves.
  EXPECT_EQ(HttpGet(s.port(), "/api/v1/tags?q=%25").body.find("Survivor"), std::string::npos);
  EXPECT_EQ(HttpGet(s.port(), "/api/v1/tags?q=_").body.find("Survivor"), std::string::npos);
  EXPECT_EQ(admin.Get("/admin/stories?q=%25").body.find(form.headline), std::string::npos);

  // The database is whole and the story is as it was.
  EXPECT_EQ(IntegrityCheck(s.site().db()), integrity_before);
  EXPECT_EQ(HttpGet(s.port(), story.public_url()).body.find(form.headline) != std::string::npos,
            true);
  StoryState after = ReadStory(admin, id);
  EXPECT_EQ(after.headline, form.headline);
  EXPECT_EQ(after.status, "published");
  EXPECT_TRUE(SignedIn(s.site().SignIn(s.Login(kEditor), s.Password(kEditor))));
  std::cout << "security suite: " << SqlValues().size() << " SQL metacharacter values in "
            << gets.size() << " query and path parameters and 17 fields of 7 forms: " << requests
            << " requests, none a 5xx (" << refused << " GETs refused with a 4xx)\n";
}

}  // namespace
}  // namespace khabar::testing::security
