// The page cache over HTTP, on the real binary: after each kind of change
// every page that shows it is fresh at once, and an unrelated page that
// was cached is still answered from the cache (X-Cache: hit).
//
// Readers here send no cookies, so they get cached pages; the signed-in
// editor bypasses the cache.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/html.h"
#include "support/http_client.h"
#include "support/newsroom_site.h"

namespace khabar::testing {
namespace {

const std::string kT0 = "2026-03-02T10:00:00+05:00";

StoryForm Story(std::string headline, std::string section, std::string tags = "") {
  StoryForm f;
  f.headline = std::move(headline);
  f.section = std::move(section);
  f.tags = std::move(tags);
  return f;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class PageCache : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new NewsroomSite(kT0);
    ASSERT_TRUE(site_->running()) << site_->Log();
    // An admin: renaming tags is theirs.
    ASSERT_EQ(site_->AddUser("ada", "admin", "correct horse battery"), 0);
    editor_ = new WebSession(site_->SignIn("ada", "correct horse battery"));
  }
  static void TearDownTestSuite() {
    delete editor_;
    delete site_;
  }

  // Publish creates and publishes a story; returns its public URL.
  static std::string Publish(const StoryForm& form) {
    const int64_t id = CreateStory(*editor_, form);
    EXPECT_GT(id, 0);
    StoryState s = ReadStory(*editor_, id);
    HttpResponse moved = MoveStory(*editor_, id, s.version, "published");
    EXPECT_EQ(moved.status, 303) << moved.body;
    return ReadStory(*editor_, id).public_url();
  }
  static int64_t IdOf(const std::string& url) {
    return std::stoll(url.substr(6, url.find('/', 6) - 6));
  }

  // Read is a reader's GET (no cookies).
  HttpResponse Read(const std::string& path) {
    WebSession reader(site_->port());
    return reader.Get(path);
  }
  // Warm reads each page until it is cached.
  void Warm(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
      HttpResponse first = Read(p);
      ASSERT_EQ(first.status, 200) << p;
      HttpResponse second = Read(p);
      ASSERT_EQ(second.Header("x-cache"), "hit") << p;
    }
  }
  void ExpectHit(const std::string& path) {
    EXPECT_EQ(Read(path).Header("x-cache"), "hit") << path << " should still be cached";
  }
  // ExpectFresh: the page is rendered anew and shows `text`.
  void ExpectFresh(const std::string& path, const std::string& text, bool shows = true) {
    HttpResponse r = Read(path);
    EXPECT_EQ(r.Header("x-cache"), "miss") << path;
    EXPECT_EQ(Contains(r.body, text), shows)
        << path << (shows ? " lacks " : " still shows ") << text;
  }

  static NewsroomSite* site_;
  static WebSession* editor_;
};
NewsroomSite* PageCache::site_ = nullptr;
WebSession* PageCache::editor_ = nullptr;

TEST_F(PageCache, PagesAreCachedWithEncodingsAndRevalidated) {
  const std::string url = Publish(Story("Harbour dredging begins", "Business"));
  Warm({url});
  WebSession reader(site_->port());
  HttpResponse br = reader.Get(url, {{"Accept-Encoding", "br"}});
  EXPECT_EQ(br.Header("content-encoding"), "br");
  EXPECT_EQ(br.Header("x-cache"), "hit");
  EXPECT_EQ(br.Header("vary"), "Accept-Encoding");
  HttpResponse again =
      reader.Get(url, {{"Accept-Encoding", "br"}, {"If-None-Match", br.Header("etag")}});
  EXPECT_EQ(again.status, 304);
  HttpResponse plain = reader.Get(url);
  EXPECT_NE(plain.Header("etag"), br.Header("etag"));
  EXPECT_TRUE(Contains(plain.body, "Harbour dredging begins"));
  EXPECT_TRUE(Contains(plain.Header("cache-control"), "s-maxage="));
  EXPECT_TRUE(Contains(plain.Header("cache-control"), "stale-while-revalidate="));
  // Tracking parameters share the cached page.
  EXPECT_EQ(reader.Get(url + "?utm_source=share").Header("x-cache"), "hit");
  // The signed-in editor always gets the page rendered now.
  EXPECT_EQ(editor_->Get(url).Header("x-cache"), "");
}

// Issue 15, L5: only a live session passes the cache by. A made-up or
// stale session cookie gets the cached page, and the cookie is cleared.
TEST_F(PageCache, OnlyALiveSessionBypassesTheCache) {
  const std::string url = Publish(Story("Ferry timetable changes", "Business"));
  Warm({url});
  std::string real = *editor_->Cookie("khabar_session");
  std::string forged = real;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  for (const std::string& value : {std::string("x"), forged}) {
    HttpResponse r = HttpGet(site_->port(), url, {{"Cookie", "khabar_session=" + value}});
    EXPECT_EQ(r.status, 200) << value;
    EXPECT_EQ(r.Header("x-cache"), "hit") << value;
    EXPECT_TRUE(Contains(r.Header("set-cookie"), "khabar_session=;")) << r.Header("set-cookie");
    EXPECT_TRUE(Contains(r.Header("set-cookie"), "Max-Age=0")) << r.Header("set-cookie");
  }
  // The signed-in editor's own cookie still bypasses, and is not cleared.
  HttpResponse live = HttpGet(site_->port(), url, {{"Cookie", "khabar_session=" + real}});
  EXPECT_EQ(live.Header("x-cache"), "");
  EXPECT_EQ(live.Header("set-cookie"), "");
}

// Issue 15, L5: query values that change nothing share the cached page
// instead of making an entry each; "/?p=N" still reaches its handler.
TEST_F(PageCache, QueryValuesThatChangeNothingShareThePage) {
  const std::string url = Publish(Story("Tram line reaches the port", "Business"));
  Warm({url, "/", "/section/business?page=1"});
  for (const char* query : {"?comment=zzz", "?comment=", "?p=1", "?page_id=7", "?utm_source=x",
                            "?p=1&page_id=2&comment=0"}) {
    EXPECT_EQ(Read(url + query).Header("x-cache"), "hit") << query;
  }
  EXPECT_EQ(Read("/section/business?page=01").Header("x-cache"), "hit");
  EXPECT_EQ(Read("/section/business?page=x").status, 400);
  // An old WordPress address on the home page is not the home page.
  EXPECT_EQ(Read("/?p=999999").status, 404);
  EXPECT_EQ(Read("/?page_id=999999").status, 404);
  // The notice after a reader's comment is a page of its own.
  EXPECT_EQ(Read(url + "?comment=posted").Header("x-cache"), "miss");
}

TEST_F(PageCache, AnEditRefreshesEveryPageShowingTheStoryAndNothingElse) {
  StoryForm story = Story("Flood barriers raised in Sukkur", "Pakistan", "Indus Floods");
  const std::string url = Publish(story);
  const std::string other = Publish(Story("Squash open draws record entries", "Sport", "Squash"));
  const std::vector<std::string> showing = {url, "/", "/section/pakistan", "/tag/indus-floods",
                                            "/feed.xml"};
  const std::vector<std::string> unrelated = {other, "/section/sport", "/tag/squash"};
  Warm(showing);
  Warm(unrelated);

  const int64_t id = IdOf(url);
  StoryForm edited = story;
  edited.headline = "Flood barriers raised higher in Sukkur";
  ASSERT_EQ(SaveStory(*editor_, id, ReadStory(*editor_, id).version, edited).status, 303);
  for (const auto& p : showing) ExpectFresh(p, "Flood barriers raised higher in Sukkur");
  for (const auto& p : unrelated) ExpectHit(p);
}

TEST_F(PageCache, PublishingRefreshesTheListsTheStoryJoinsOnly) {
  const std::string sport = Publish(Story("Hockey league returns to Lahore", "Sport", "Hockey"));
  const std::string textile = Publish(Story("Textile exports rise", "Business", "Trade"));
  Warm({"/", "/section/business", "/tag/trade", "/feed.xml", "/sitemap.xml", sport,
        "/section/sport", "/tag/hockey", textile});
  const std::string url = Publish(Story("Rice exports reach a new high", "Business", "Trade"));
  for (const auto& p : {"/", "/section/business", "/tag/trade", "/feed.xml"}) {
    ExpectFresh(p, "Rice exports reach a new high");
  }
  EXPECT_EQ(Read("/sitemap.xml").Header("x-cache"), "miss");
  // Another story of the same tag keeps its page: its related box takes
  // new stories in when the page expires (minutes), not on every publish.
  ExpectHit(textile);
  for (const auto& p : {sport, std::string("/section/sport"), std::string("/tag/hockey")}) {
    ExpectHit(p);
  }

  // Taken down again: gone from every list, the unrelated pages untouched.
  const int64_t id = IdOf(url);
  ASSERT_EQ(MoveStory(*editor_, id, ReadStory(*editor_, id).version, "unpublished").status, 303);
  EXPECT_EQ(Read(url).status, 404);
  for (const auto& p : {"/", "/section/business", "/tag/trade", "/feed.xml"}) {
    ExpectFresh(p, "Rice exports reach a new high", /*shows=*/false);
  }
  ExpectHit(sport);
}

TEST_F(PageCache, AnApprovedCommentShowsAtOnce) {
  const std::string url = Publish(Story("New bus lanes open on Shahrah-e-Faisal", "Karachi"));
  const std::string other = Publish(Story("Polio drive reaches Quetta", "Health"));
  Warm({url, other});
  WebSession reader(site_->port(), "127.0.0.7");
  HttpResponse posted = reader.PostForm("/news/" + std::to_string(IdOf(url)) + "/comments",
                                        {{"name", "Commuter Zara"},
                                         {"email", ""},
                                         {"body", "Faster rides already."},
                                         {"website", ""}});
  ASSERT_EQ(posted.status, 303) << posted.body;
  // Pending: no page changed, so the cached page is still right.
  ExpectHit(url);
  HtmlDoc queue(editor_->Get("/admin/comments?status=pending").body);
  auto items = queue.Find("//li[@class='moderation-item']");
  ASSERT_FALSE(items.empty());
  const std::string comment = items[0].Attr("id").substr(std::string("comment-").size());
  ASSERT_EQ(editor_
                ->PostForm("/admin/comments/" + comment,
                           {{"csrf", editor_->csrf()}, {"back", "pending"}, {"to", "approved"}})
                .status,
            303);
  ExpectFresh(url, "Faster rides already.");
  ExpectHit(other);
}

TEST_F(PageCache, RenamingATagRefreshesThePagesNamingIt) {
  const std::string url = Publish(Story("Glacier melt speeds up", "Climate", "Glaciers"));
  const std::string other = Publish(Story("Mango season opens early", "Business", "Mangoes"));
  Warm({url, other, "/tag/glaciers"});
  HtmlDoc tags(editor_->Get("/admin/tags").body);
  auto rename = tags.Find("//tr[td[1]/a='Glaciers']//form[contains(@action,'/rename')]");
  ASSERT_EQ(rename.size(), 1u) << editor_->Get("/admin/tags").body;
  ASSERT_EQ(editor_
                ->PostForm(rename[0].Attr("action"),
                           {{"csrf", editor_->csrf()}, {"name", "Ice and Glaciers"}})
                .status,
            303);
  ExpectFresh(url, "Ice and Glaciers");
  ExpectHit(other);
}

TEST_F(PageCache, AnotherProcessWritingIsSeenWithinASecond) {
  Warm({"/"});
  TempDir dir;
  const auto file = dir.path() / "cli-story.md";
  {
    std::ofstream out(file);
    out << "---\nheadline: Ferry service resumes to Manora\nsection: World\n"
           "published: 2026-03-02T09:00:00+05:00\n---\n\nThe ferry runs again.\n";
  }
  CommandResult added = site_->Cli({"article", "add", "--file", file.string()});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  bool seen = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    seen = Contains(Read("/").body, "Ferry service resumes to Manora");
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(seen) << "the home page did not show a story added by the CLI within 1 s";
}

}  // namespace
}  // namespace khabar::testing

namespace khabar::testing {
namespace {

// Issue 15, L7: most read counts readers, not requests. Three readers of
// one story outrank one reader who asked for another 60 times, 30 of them
// with HEAD.
TEST(MostReadCounts, AReaderCountsOncePerStoryAndHeadNotAtAll) {
  NewsroomSite site(kT0);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("eddie", "editor", "correct horse battery"), 0);
  WebSession eddie = site.SignIn("eddie", "correct horse battery");
  auto publish = [&](const std::string& headline) {
    const int64_t id = CreateStory(eddie, Story(headline, "Business"));
    EXPECT_EQ(MoveStory(eddie, id, ReadStory(eddie, id).version, "published").status, 303);
    return ReadStory(eddie, id).public_url();
  };
  const std::string read_widely = publish("Port traffic doubles");
  const std::string read_often = publish("Old mill sold");
  auto request = [&](const std::string& method, const std::string& path, int reader) {
    return HttpRaw(site.port(),
                   method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                   "127.0.0." + std::to_string(reader));
  };
  for (int reader = 2; reader <= 4; ++reader) {
    EXPECT_EQ(request("GET", read_widely, reader).status, 200);
  }
  for (int i = 0; i < 30; ++i) {
    EXPECT_EQ(request("HEAD", read_often, 5).status, 200);
    EXPECT_EQ(request("GET", read_often, 5).status, 200);
  }
  ASSERT_TRUE(site.Restart(kT0)) << site.Log();  // flushes the counts
  HtmlDoc home(HttpGet(site.port(), "/").body);
  auto listed = home.Find("//aside[@class='most-read']//li/a");
  ASSERT_EQ(listed.size(), 2u) << site.Log();
  EXPECT_EQ(listed[0].Attr("href"), read_widely);
  EXPECT_EQ(listed[1].Attr("href"), read_often);
}

// Issue 15: a story taken off the site leaves the most-read box at once,
// not at the box's next refresh.
TEST(MostReadCounts, AnUnpublishedStoryLeavesTheBoxAtOnce) {
  NewsroomSite site(kT0);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("eddie", "editor", "correct horse battery"), 0);
  WebSession eddie = site.SignIn("eddie", "correct horse battery");
  const int64_t id = CreateStory(eddie, Story("Bridge closed for repairs", "Business"));
  ASSERT_EQ(MoveStory(eddie, id, ReadStory(eddie, id).version, "published").status, 303);
  const std::string url = ReadStory(eddie, id).public_url();
  EXPECT_EQ(HttpGet(site.port(), url).status, 200);
  ASSERT_TRUE(site.Restart(kT0)) << site.Log();
  eddie.set_port(site.port());
  auto box = [&] {
    HtmlDoc home(HttpGet(site.port(), "/").body);
    std::vector<std::string> hrefs;
    for (const auto& a : home.Find("//aside[@class='most-read']//li/a")) {
      hrefs.push_back(a.Attr("href"));
    }
    return hrefs;
  };
  ASSERT_EQ(box(), std::vector<std::string>{url});
  ASSERT_EQ(MoveStory(eddie, id, ReadStory(eddie, id).version, "unpublished").status, 303);
  EXPECT_TRUE(box().empty());
  EXPECT_EQ(HttpGet(site.port(), url).status, 404);
}

}  // namespace
}  // namespace khabar::testing
