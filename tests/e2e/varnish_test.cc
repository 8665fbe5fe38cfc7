// Varnish in front of khabar, as deploy/varnish/khabar.vcl sets it up: the
// real binary on SQLite and a real varnishd on free loopback ports, khabar
// told to purge that varnishd ([cache] purge). Readers go through Varnish;
// the editor works on khabar's newsroom directly.
//
// It shows: pages are kept by Varnish (a second read is a hit) and reach
// readers without their Surrogate-Key; an edit in the newsroom reaches
// readers through Varnish within a second while an unrelated kept page
// stays kept; a settings change drops everything; a purge names whole
// keys only; the newsroom and signed-in editors are never answered from
// Varnish; only the purgers ACL may purge; with Varnish's address in
// [server] trusted_proxies, khabar tells readers behind it apart by the
// address Varnish appends to X-Forwarded-For, while a reader who forges
// that header gains nothing.
#include "support/varnish.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "support/http_client.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/web_session.h"

namespace khabar::testing {
namespace {

using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

StoryForm Story(std::string headline, std::string section) {
  StoryForm f;
  f.headline = std::move(headline);
  f.section = std::move(section);
  return f;
}

class VarnishFront : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const std::string db = (dir_->path() / "khabar.db").string();
    CommandResult added =
        RunKhabar({"user", "add", "ada", "--role", "admin", "--db", db}, {}, kPassword + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
    // The demo settings, plus the purge address of the Varnish below and
    // Varnish's address (127.0.0.1) as the one trusted proxy. The port is
    // only reserved by name, so khabar may happen to pick it: then both
    // pick again.
    const auto settings = dir_->path() / "site.toml";
    for (int attempt = 0; attempt < 3 && (!khabar_ || khabar_->port() == varnish_port_);
         ++attempt) {
      delete khabar_;
      varnish_port_ = FreePort();
      std::ofstream(settings) << ReadFile(SourceDir() / "config" / "site.toml")
                              << "\n[cache]\npurge = [\"http://127.0.0.1:" << varnish_port_
                              << "/\"]\n[server]\ntrusted_proxies = [\"127.0.0.1\"]\n";
      khabar_ =
          new ServerProcess({"--config", settings.string(), "--db", db, "--threads", "2"}, {});
    }
    ASSERT_TRUE(khabar_->running()) << khabar_->Log();
    ASSERT_NE(khabar_->port(), varnish_port_);

    // deploy/varnish/khabar.vcl with both of its backends on this node.
    auto vcl = DeployVcl(khabar_->port(), khabar_->port());
    ASSERT_TRUE(vcl) << "deploy/varnish/khabar.vcl no longer has two backend ports to set";
    varnish_ = new Varnishd(varnish_port_, *vcl);
    ASSERT_TRUE(varnish_->WaitReady()) << varnish_->Log();

    editor_ = new WebSession(Login(khabar_->port(), "ada", kPassword));
    ASSERT_TRUE(SignedIn(*editor_));
    ready_ = true;
  }
  static void TearDownTestSuite() {
    delete editor_;
    delete varnish_;  // first: it would otherwise log the backend vanishing
    delete khabar_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(ready_) << "khabar or varnishd did not start"; }
  void TearDown() override {
    if (HasFailure() && khabar_ && varnish_) {
      std::cerr << "--- khabar log ---\n"
                << khabar_->Log() << "\n--- varnishd log ---\n"
                << varnish_->Log() << "\n";
    }
  }

  // Publish creates and publishes a story; returns its id.
  static int64_t Publish(const StoryForm& form) {
    const int64_t id = CreateStory(*editor_, form);
    EXPECT_GT(id, 0);
    HttpResponse moved = MoveStory(*editor_, id, ReadStory(*editor_, id).version, "published");
    EXPECT_EQ(moved.status, 303) << moved.body;
    return id;
  }
  static std::string UrlOf(int64_t id) { return ReadStory(*editor_, id).public_url(); }

  // Read is a reader's GET through Varnish (no cookies), body decoded.
  static HttpResponse Read(const std::string& path) { return varnish_->Read(path); }
  // FromVarnish: X-Varnish names the request and, on a hit, the request
  // that stored the object.
  static bool FromVarnish(const HttpResponse& r) { return Varnishd::FromCache(r); }
  // Kept reads `path` twice: the second answer must come from Varnish.
  static void Kept(const std::string& path) {
    HttpResponse first = Read(path);
    ASSERT_EQ(first.status, 200) << path;
    HttpResponse second = Read(path);
    ASSERT_TRUE(FromVarnish(second)) << path << ": X-Varnish " << second.Header("x-varnish");
  }
  // WithinASecond reads `path` until its body shows `text`; returns how
  // long that took, or nullopt if it did not within a second.
  static std::optional<std::chrono::milliseconds> WithinASecond(const std::string& path,
                                                                const std::string& text) {
    const auto start = SteadyClock::now();
    do {
      if (Contains(Read(path).body, text)) {
        return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
      }
      std::this_thread::sleep_for(20ms);
    } while (SteadyClock::now() - start < 1s);
    return std::nullopt;
  }
  // Settle waits out khabar's repeat of the purges of earlier writes
  // (http/purge_client.h, repeat_after), which would drop pages the test
  // is about to show kept.
  static void Settle() { std::this_thread::sleep_for(3s); }
  // Purge sends PURGE to Varnish as khabar does, from `source`.
  static HttpResponse Purge(const std::string& keys, const std::string& source = "") {
    return HttpRaw(varnish_port_,
                   "PURGE / HTTP/1.1\r\nHost: 127.0.0.1\r\nSurrogate-Key: " + keys +
                       "\r\nConnection: close\r\n\r\n",
                   source);
  }

  static inline const std::string kPassword = "correct horse battery";
  static TempDir* dir_;
  static int varnish_port_;
  static ServerProcess* khabar_;
  static Varnishd* varnish_;
  static WebSession* editor_;
  static bool ready_;
};
TempDir* VarnishFront::dir_ = nullptr;
int VarnishFront::varnish_port_ = 0;
ServerProcess* VarnishFront::khabar_ = nullptr;
Varnishd* VarnishFront::varnish_ = nullptr;
WebSession* VarnishFront::editor_ = nullptr;
bool VarnishFront::ready_ = false;

TEST_F(VarnishFront, AnEditReachesReadersWithinASecondAndUnrelatedPagesStayKept) {
  StoryForm story = Story("Port strike ends in Karachi", "Business");
  const int64_t id = Publish(story);
  const std::string url = UrlOf(id);
  const std::string other = UrlOf(Publish(Story("Cricket board names a new captain", "Sport")));
  Settle();

  HttpResponse first = Read(url);
  ASSERT_EQ(first.status, 200);
  EXPECT_FALSE(FromVarnish(first));
  HttpResponse second = Read(url);
  EXPECT_TRUE(FromVarnish(second)) << "X-Varnish: " << second.Header("x-varnish");
  EXPECT_TRUE(Contains(second.body, "Port strike ends in Karachi"));
  // Varnish keeps the keys for its bans; readers never see them.
  EXPECT_EQ(second.Header("surrogate-key"), "");
  EXPECT_EQ(first.Header("surrogate-key"), "");
  // khabar itself names what the page shows.
  HttpResponse direct = HttpGet(khabar_->port(), url);
  EXPECT_TRUE(
      Contains(" " + direct.Header("surrogate-key") + " ", " story:" + std::to_string(id) + " "))
      << direct.Header("surrogate-key");
  Kept(other);
  Kept("/section/sport");

  StoryForm edited = story;
  edited.headline = "Port strike ends after all-night talks in Karachi";
  edited.slug = ReadStory(*editor_, id).slug;
  ASSERT_EQ(SaveStory(*editor_, id, ReadStory(*editor_, id).version, edited).status, 303);
  auto took = WithinASecond(url, edited.headline);
  ASSERT_TRUE(took) << "Varnish still serves the old headline a second after the edit";
  std::cerr << "the edit reached readers through Varnish in " << took->count() << " ms\n";
  EXPECT_TRUE(FromVarnish(Read(url))) << "the fresh page is kept again";

  for (const std::string& path : {other, std::string("/section/sport")}) {
    HttpResponse r = Read(path);
    EXPECT_TRUE(FromVarnish(r)) << path << " should still be kept by Varnish";
  }
}

TEST_F(VarnishFront, ASettingsChangeDropsEverything) {
  const std::string url = UrlOf(Publish(Story("Monsoon arrives early in Sindh", "Pakistan")));
  Settle();  // the publish's purges must not land between the reads below
  Kept(url);
  Kept("/");
  HttpResponse saved = editor_->PostForm(
      "/admin/settings", {{"csrf", editor_->csrf()}, {"site.name", "Khabar Evening"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_TRUE(WithinASecond(url, "Khabar Evening")) << "the masthead is on every page";
  EXPECT_TRUE(WithinASecond("/", "Khabar Evening"));
}

TEST_F(VarnishFront, APurgeNamesWholeKeysOnly) {
  // Two live stories whose keys share a prefix: story:N and story:N0..N9.
  const int64_t small = Publish(Story("Ferry service resumes to Manora", "Pakistan"));
  int64_t big = 0;
  for (int i = 0; big >= 0 && big < small * 10; ++i) {
    big = CreateStory(*editor_, Story("Filler draft " + std::to_string(i), "World"));
    ASSERT_GT(big, 0);
  }
  ASSERT_EQ(MoveStory(*editor_, big, ReadStory(*editor_, big).version, "published").status, 303);
  const std::string small_url = UrlOf(small), big_url = UrlOf(big);
  Settle();
  Kept(small_url);
  Kept(big_url);

  HttpResponse purged = Purge("story:" + std::to_string(small));
  EXPECT_EQ(purged.status, 200) << purged.body;
  EXPECT_FALSE(FromVarnish(Read(small_url)));
  EXPECT_TRUE(FromVarnish(Read(big_url))) << "story:" << small << " is not story:" << big;
}

TEST_F(VarnishFront, OnlyThePurgersMayPurgeAndOnlyWithKeys) {
  EXPECT_EQ(Purge("story:1", "127.0.0.2").status, 403) << "not in the purgers ACL";
  EXPECT_EQ(Purge("story:1 a.b").status, 400);
  EXPECT_EQ(Purge("story:1|nav").status, 400) << "no regex through the header";
  EXPECT_EQ(Purge("").status, 400);
  EXPECT_EQ(Purge("story:1  nav").status, 400);
  EXPECT_EQ(Purge("list:all nav").status, 200);
}

TEST_F(VarnishFront, TheNewsroomAndSignedInEditorsAreNeverAnsweredFromVarnish) {
  const std::string url = UrlOf(Publish(Story("Tram line opens in Lahore", "Pakistan")));
  // The publish's purges (and their repeat) must not land between the two
  // reads below.
  Settle();
  Kept(url);
  WebSession through_varnish(varnish_port_);
  const auto session = editor_->Cookie("khabar_session");
  ASSERT_TRUE(session);
  through_varnish.SetCookie("khabar_session", *session);
  HttpResponse page = through_varnish.Get(url);
  EXPECT_EQ(page.status, 200);
  EXPECT_FALSE(FromVarnish(page));
  EXPECT_EQ(page.Header("x-cache"), "") << "khabar rendered it now, for the editor";
  for (int i = 0; i < 2; ++i) {
    HttpResponse admin = through_varnish.Get("/admin");
    EXPECT_EQ(admin.status, 200);
    EXPECT_FALSE(FromVarnish(admin));
    EXPECT_EQ(admin.Header("surrogate-key"), "");
  }
  // Nor does khabar name keys on newsroom pages.
  EXPECT_EQ(editor_->Get("/admin/stories").Header("surrogate-key"), "");
  EXPECT_EQ(HttpGet(khabar_->port(), "/admin/login").Header("surrogate-key"), "");
}

// The test's readers connect from their own loopback addresses (127.0.0.1
// is Varnish's and the editor's). Through Varnish, khabar's peer is always
// 127.0.0.1, trusted, and the reader is the address Varnish appended; sent
// straight to khabar from an untrusted address, X-Forwarded-For is ignored.
// Shown by the one-comment-per-30-seconds limit per address and by the
// access log, both keyed by the address khabar decided on.
TEST_F(VarnishFront, ReadersBehindVarnishAreToldApartAndCannotForgeTheirAddress) {
  const int64_t id = Publish(Story("Readers write in about the water supply", "Pakistan"));
  const std::string comments = "/news/" + std::to_string(id) + "/comments";
  auto comment = [&](int port, const std::string& source, const std::string& forged) {
    WebSession reader(port, source);
    Headers extra;
    if (!forged.empty()) extra["X-Forwarded-For"] = forged;
    return reader.PostForm(
        comments, {{"name", "Reader " + source}, {"email", ""}, {"body", "Fix the pipes."}}, extra);
  };
  auto too_quick = [](const HttpResponse& r) {
    const bool chunked = r.Header("transfer-encoding") == "chunked";
    return r.status == 429 &&
           Contains(chunked ? Dechunk(r.body) : r.body, "commenting too quickly");
  };

  // Two readers behind Varnish within a second: two addresses, not one.
  EXPECT_EQ(comment(varnish_port_, "127.0.0.3", "").status, 303);
  EXPECT_EQ(comment(varnish_port_, "127.0.0.4", "").status, 303)
      << "127.0.0.4 was taken for 127.0.0.3: X-Forwarded-For was not used";
  // Yet each is still limited: a forged entry before Varnish's own does not
  // make 127.0.0.3 someone new.
  EXPECT_TRUE(too_quick(comment(varnish_port_, "127.0.0.3", "127.0.0.9")));
  // Straight to khabar from an address it does not trust: the forged
  // header is ignored, so the second comment is refused.
  EXPECT_EQ(comment(khabar_->port(), "127.0.0.2", "127.0.0.10").status, 303);
  EXPECT_TRUE(too_quick(comment(khabar_->port(), "127.0.0.2", "127.0.0.11")))
      << "127.0.0.2 escaped the limit by naming itself 127.0.0.11";

  // The access log (stdout, flushed every second) names the same clients.
  std::vector<std::string> logged;
  for (const auto start = SteadyClock::now(); logged.size() < 5 && SteadyClock::now() - start < 5s;
       std::this_thread::sleep_for(100ms)) {
    logged.clear();
    std::istringstream log(khabar_->Log());
    for (std::string line; std::getline(log, line);) {
      if (Contains(line, " \"POST " + comments + "\" "))
        logged.push_back(line.substr(0, line.find(' ')));
    }
  }
  std::sort(logged.begin(), logged.end());
  EXPECT_EQ(logged, (std::vector<std::string>{"127.0.0.2", "127.0.0.2", "127.0.0.3", "127.0.0.3",
                                              "127.0.0.4"}));
}

}  // namespace
}  // namespace khabar::testing
