// Several khabar nodes on one PostgreSQL database (issue: scale-out): the
// real binary, twice, on a fresh database of the test cluster, sharing one
// media directory, as docs/deploy.md lays a site out.
//
// What must hold across nodes: a publish on one node shows on the other's
// (cached) pages within a second; a session started on one node is valid
// on the other; an upload on one is served by the other; a scheduled story
// is published once although every node runs the scheduler; and killing a
// node in the middle of writes loses nothing it acknowledged while the
// other keeps serving. And with a read replica, readers' pages come from
// the replica and still show a publish at once.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "store/postgres/testing/scratch_database.h"
#include "support/html.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/varnish.h"
#include "support/web_session.h"

namespace khabar::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

const std::string kT0 = "2026-03-02T10:00:00+05:00";
const std::string kT3h = "2026-03-02T13:00:00+05:00";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// QueryOne is the first value of `sql` on `url`, or "" on any failure.
std::string QueryOne(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  std::string value;
  if (PQstatus(conn) == CONNECTION_OK) {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PQfinish(conn);
  return value;
}

// WaitFor polls `ok` until it holds or `limit` passes; returns how long it
// took, or nullopt.
template <typename F>
std::optional<std::chrono::milliseconds> WaitFor(F&& ok, std::chrono::milliseconds limit) {
  const auto started = Clock::now();
  for (;;) {
    if (ok()) return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    if (Clock::now() - started > limit) return std::nullopt;
    std::this_thread::sleep_for(20ms);
  }
}

// PublishNow creates a story as `editor` and publishes it at once; returns
// its public URL, or "" on failure.
std::string PublishNow(WebSession& editor, const std::string& headline) {
  StoryForm f;
  f.headline = headline;
  f.body = "Filed from one node, read on another.";
  const int64_t id = CreateStory(editor, f);
  if (id <= 0) return "";
  StoryState s = ReadStory(editor, id);
  if (MoveStory(editor, id, s.version, "published").status != 303) return "";
  return ReadStory(editor, id).public_url();
}

class Cluster : public ::testing::Test {
 protected:
  // SetUp starts nodes A and B on a fresh database and Varnish in front of
  // both (deploy/varnish/khabar.vcl), which both nodes purge.
  void SetUp() override {
    auto db = ScratchDatabase::Create();
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::make_unique<ScratchDatabase>(std::move(*db));
    varnish_port_ = FreePort();
    std::ofstream(config_.path() / "site.toml")
        << ReadFile(SourceDir() / "config" / "site.toml")
        << "\n[cache]\npurge = [\"http://127.0.0.1:" << varnish_port_
        << "/\"]\n"
        // The failover test floods one reader's searches through Varnish on
        // purpose (uncached pages from both nodes): no per-address limit.
        << "[limits]\nsearch_per_minute = 0\n";
    a_ = StartNode();
    ASSERT_TRUE(a_->running()) << a_->Log();
    b_ = StartNode();
    ASSERT_TRUE(b_->running()) << b_->Log();
    ASSERT_NE(a_->port(), varnish_port_);
    ASSERT_NE(b_->port(), varnish_port_);
    auto vcl = DeployVcl(a_->port(), b_->port());
    ASSERT_TRUE(vcl);
    varnish_ = std::make_unique<Varnishd>(varnish_port_, *vcl);
    ASSERT_TRUE(varnish_->WaitReady()) << varnish_->Log();
    ASSERT_EQ(a_->AddUser("eddie", "editor", "eddie-password-1"), 0);
  }

  std::unique_ptr<NewsroomSite> StartNode() {
    return std::make_unique<NewsroomSite>(
        kT0, std::vector<std::string>{"--media", media_.path().string()}, db_->url(),
        config_.path() / "site.toml");
  }

  // Declared first, destroyed last: the nodes stop before their database
  // is dropped, Varnish before its backends.
  std::unique_ptr<ScratchDatabase> db_;
  TempDir media_;
  TempDir config_;
  int varnish_port_ = 0;
  std::unique_ptr<NewsroomSite> a_;
  std::unique_ptr<NewsroomSite> b_;
  std::unique_ptr<Varnishd> varnish_;
};

TEST_F(Cluster, APublishOnOneNodeShowsOnTheOtherAndThroughVarnishWithinASecond) {
  WebSession reader(b_->port());
  // Node B's home page is cached before the story exists, and so is
  // Varnish's.
  ASSERT_EQ(reader.Get("/").status, 200);
  HttpResponse cached = reader.Get("/");
  ASSERT_EQ(cached.status, 200);
  EXPECT_EQ(cached.Header("x-cache"), "hit");
  ASSERT_EQ(varnish_->Read("/").status, 200);
  ASSERT_TRUE(Varnishd::FromCache(varnish_->Read("/")));

  WebSession eddie = a_->SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  const std::string headline = "Flood defences hold on node A";
  const std::string url = PublishNow(eddie, headline);
  ASSERT_FALSE(url.empty());
  const auto published = Clock::now();

  auto home = WaitFor([&] { return Contains(reader.Get("/").body, headline); }, 1s);
  ASSERT_TRUE(home) << "node B's home page did not show the story within 1 s";
  auto page = WaitFor(
      [&] {
        HttpResponse r = reader.Get(url);
        return r.status == 200 && Contains(r.body, headline);
      },
      1s);
  ASSERT_TRUE(page) << "node B did not serve " << url << " within 1 s";
  auto through_varnish = WaitFor(
      [&] {
        HttpResponse home = varnish_->Read("/");
        HttpResponse story = varnish_->Read(url);
        return Contains(home.body, headline) && story.status == 200 &&
               Contains(story.body, headline);
      },
      1s);
  ASSERT_TRUE(through_varnish) << "Varnish did not serve the story within 1 s";
  EXPECT_LT(Clock::now() - published, 1s) << "all three showed it, but not within 1 s";
}

TEST_F(Cluster, ASessionStartedOnOneNodeIsValidOnTheOther) {
  WebSession eddie = a_->SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  eddie.set_port(b_->port());
  HttpResponse dash = eddie.Get("/admin");
  EXPECT_EQ(dash.status, 200);
  EXPECT_TRUE(Contains(dash.body, "eddie")) << dash.body.substr(0, 400);
  // A story created through node B is eddie's.
  StoryForm f;
  f.headline = "Written through node B";
  const int64_t id = CreateStory(eddie, f);
  ASSERT_GT(id, 0);
  eddie.set_port(a_->port());
  EXPECT_EQ(ReadStory(eddie, id).headline, f.headline);
}

TEST_F(Cluster, AnUploadOnOneNodeIsServedByTheOther) {
  WebSession eddie = a_->SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  ASSERT_EQ(eddie.Get("/admin/media").status, 200);
  HttpResponse up =
      eddie.PostMultipart("/admin/media", {{"csrf", eddie.csrf()}, {"caption", "c"}, {"alt", "a"}},
                          {{"file", "harbour.jpg", "image/jpeg", LeadJpeg()}});
  ASSERT_EQ(up.status, 303) << up.body.substr(0, 300);
  auto images = HtmlDoc(eddie.Get("/admin/media").body).Find("//ul[@class='media-grid']/li//img");
  ASSERT_EQ(images.size(), 1u);
  const std::string thumb = images[0].Attr("src");
  WebSession reader(b_->port());
  HttpResponse r = reader.Get(thumb);
  EXPECT_EQ(r.status, 200) << thumb;
  EXPECT_EQ(r.Header("content-type"), "image/webp");
  // Node B's newsroom lists it too.
  eddie.set_port(b_->port());
  EXPECT_EQ(HtmlDoc(eddie.Get("/admin/media").body).Find("//ul[@class='media-grid']/li").size(),
            1u);
}

TEST_F(Cluster, AScheduledStoryIsPublishedOnceThoughEveryNodeRunsTheScheduler) {
  WebSession eddie = a_->SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  StoryForm f;
  f.headline = "Budget speech at noon";
  const int64_t id = CreateStory(eddie, f);
  ASSERT_GT(id, 0);
  ASSERT_EQ(
      MoveStory(eddie, id, ReadStory(eddie, id).version, "scheduled", "2026-03-02T12:00").status,
      303);
  // Both nodes come back at 13:00, when the story is due, and both
  // schedulers run at once.
  a_->Stop();
  b_->Stop();
  std::thread start_a([&] { a_->Restart(kT3h); });
  std::thread start_b([&] { b_->Restart(kT3h); });
  start_a.join();
  start_b.join();
  ASSERT_TRUE(a_->running() && b_->running()) << a_->Log() << b_->Log();
  eddie.set_port(a_->port());
  auto live = WaitFor([&] { return ReadStory(eddie, id).status == "published"; }, 5s);
  ASSERT_TRUE(live) << "the scheduler did not publish the story\nnode A:\n"
                    << a_->Log() << "\nnode B:\n"
                    << b_->Log();
  // Give the other scheduler its turn, then count publications.
  std::this_thread::sleep_for(1500ms);
  const StoryState s = ReadStory(eddie, id);
  int publications = 0;
  for (const std::string& h : s.history) publications += Contains(h, "→ published");
  EXPECT_EQ(publications, 1) << "history: " << ::testing::PrintToString(s.history);
  WebSession reader(b_->port());
  // Status 0 is no answer at all (refused, or none within the client's
  // 10 s): node B's log says why.
  EXPECT_EQ(reader.Get(s.public_url()).status, 200) << "node B:\n" << b_->Log();
}

TEST_F(Cluster, KillingANodeMidLoadLosesNoAcknowledgedWriteAndTheOtherKeepsServing) {
  WebSession eddie = a_->SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::pair<int64_t, std::string>> acknowledged;  // id, headline
  int attempts = 0;
  // Writes go to node A until it dies: every story it answered 303 for is
  // acknowledged and must survive.
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      StoryForm f;
      f.headline = "Acknowledged story " + std::to_string(i);
      const int64_t id = CreateStory(eddie, f);
      std::lock_guard lock(mu);
      ++attempts;
      if (id > 0) acknowledged.emplace_back(id, f.headline);
    }
  });
  // Readers keep asking node B for pages all along.
  std::atomic<int> reads{0};
  std::atomic<int> failed_reads{0};
  std::thread reader([&] {
    WebSession r(b_->port());
    while (!stop) {
      HttpResponse res = r.Get("/");
      ++reads;
      if (res.status != 200) ++failed_reads;
    }
  });
  // And through Varnish, with searches no cache has seen, so each one is
  // fetched from a node (round robin: every other one from node A).
  std::atomic<int> varnish_reads{0};
  std::atomic<int> varnish_failed{0};
  std::thread varnish_reader([&] {
    for (int i = 0; !stop; ++i) {
      HttpResponse res = varnish_->Read("/search?q=story+" + std::to_string(i));
      ++varnish_reads;
      if (res.status != 200) ++varnish_failed;
    }
  });
  std::this_thread::sleep_for(1500ms);
  a_->Kill();
  std::this_thread::sleep_for(1000ms);
  stop = true;
  writer.join();
  reader.join();
  varnish_reader.join();

  std::cout << "node A killed: " << acknowledged.size() << " acknowledged writes of " << attempts
            << " attempts to check; " << reads << " reads from node B (" << failed_reads
            << " failed), " << varnish_reads << " through Varnish (" << varnish_failed
            << " failed)\n";
  ASSERT_GT(acknowledged.size(), 3u) << "too few writes before the kill to mean anything";
  EXPECT_GT(attempts, static_cast<int>(acknowledged.size()) - 1);
  EXPECT_GT(reads.load(), 10);
  EXPECT_EQ(failed_reads.load(), 0) << "node B failed readers while node A died";
  EXPECT_GT(varnish_reads.load(), 10);
  EXPECT_EQ(varnish_failed.load(), 0) << "Varnish failed readers while node A died";
  // Node B has every acknowledged story, whole.
  eddie.set_port(b_->port());
  for (const auto& [id, headline] : acknowledged) {
    const StoryState s = ReadStory(eddie, id);
    EXPECT_EQ(s.http_status, 200) << "story " << id;
    EXPECT_EQ(s.headline, headline) << "story " << id;
  }
  // And node B still takes writes.
  StoryForm f;
  f.headline = "Filed after node A died";
  EXPECT_GT(CreateStory(eddie, f), 0);
}

// PrimaryAndReplica is a cluster of its own and a streaming replica of it
// (scripts/pg-test-cluster.sh start and replica): small, so the base
// backup is quick. Both are removed after.
class PrimaryAndReplica {
 public:
  PrimaryAndReplica() {
    ok_ = Script("start " + Dir("primary")) &&
          Script("replica " + Dir("primary") + " " + Dir("replica"));
  }
  ~PrimaryAndReplica() {
    StopReplica();
    Script("stop " + Dir("primary"));
  }
  void StopReplica() { Script("stop " + Dir("replica")); }
  void StopPrimary() { Script("stop " + Dir("primary")); }
  bool ok() const { return ok_; }
  // PrimaryUrl and ReplicaUrl name database `name` on each.
  std::string PrimaryUrl(const std::string& name) const { return UrlOf("primary", name); }
  std::string ReplicaUrl(const std::string& name) const { return UrlOf("replica", name); }

 private:
  std::string Dir(const std::string& which) const { return (dir_.path() / which).string(); }
  static bool Script(const std::string& args) {
    const std::string command = "bash " +
                                (SourceDir() / "scripts" / "pg-test-cluster.sh").string() + " " +
                                args + " >/dev/null";
    return std::system(command.c_str()) == 0;
  }
  std::string UrlOf(const std::string& which, const std::string& name) const {
    std::ifstream in(dir_.path() / which / "url");
    std::string url;
    std::getline(in, url);
    return url.substr(0, url.rfind('/') + 1) + name;
  }

  TempDir dir_;
  bool ok_ = false;
};

class ClusterReplica : public ::testing::Test {
 protected:
  // SetUp starts a node with --db-replica, publishes a story through its
  // newsroom and checks readers see it at once.
  void SetUp() override {
    ASSERT_TRUE(pg_.ok());
    const std::string primary = pg_.PrimaryUrl("postgres");
    {
      // The primary's schema first: a replica only replays it.
      NewsroomSite first(kT0, {}, primary);
      ASSERT_TRUE(first.running()) << first.Log();
      ASSERT_EQ(first.AddUser("eddie", "editor", "eddie-password-1"), 0);
    }
    // The replica replays the schema within moments.
    ASSERT_TRUE(WaitFor(
        [&] {
          return !QueryOne(pg_.ReplicaUrl("postgres"), "SELECT count(*) FROM schema_migrations")
                      .empty();
        },
        10s));
    node_ = std::make_unique<NewsroomSite>(
        kT0,
        std::vector<std::string>{"--media", media_.path().string(), "--db-replica",
                                 pg_.ReplicaUrl("postgres")},
        primary);
    ASSERT_TRUE(node_->running()) << node_->Log();

    reader_ = std::make_unique<WebSession>(node_->port());
    ASSERT_EQ(reader_->Get("/").status, 200);
    eddie_ = std::make_unique<WebSession>(node_->SignIn("eddie", "eddie-password-1"));
    ASSERT_TRUE(SignedIn(*eddie_));
    const std::string url = PublishNow(*eddie_, kHeadline);
    ASSERT_FALSE(url.empty());
    auto shown = WaitFor(
        [&] {
          HttpResponse r = reader_->Get(url);
          return r.status == 200 && Contains(r.body, kHeadline) &&
                 Contains(reader_->Get("/").body, kHeadline);
        },
        1s);
    ASSERT_TRUE(shown) << "the public pages did not show the story within 1 s";
  }

  // Searched is whether an (uncached) search page finds the story.
  bool Searched() {
    HttpResponse search = reader_->Get("/search?q=replica");
    return search.status == 200 && Contains(search.body, kHeadline);
  }

  static constexpr char kHeadline[] = "Replica carries the news";
  PrimaryAndReplica pg_;
  TempDir media_;
  std::unique_ptr<NewsroomSite> node_;
  std::unique_ptr<WebSession> reader_;
  std::unique_ptr<WebSession> eddie_;
};

TEST_F(ClusterReplica, ReadersPagesComeFromTheReplicaWhileTheNewsroomUsesThePrimary) {
  EXPECT_TRUE(Searched());
  // With the primary gone, readers' pages are still answered: they are
  // read from the replica. The newsroom, on the primary, is not.
  pg_.StopPrimary();
  EXPECT_TRUE(Searched()) << "a search needed the primary";
  StoryForm f;
  f.headline = "Filed while the primary is down";
  EXPECT_EQ(CreateStory(*eddie_, f), 0);
}

TEST_F(ClusterReplica, WhenTheReplicaIsDownReadersPagesFallBackToThePrimary) {
  pg_.StopReplica();
  EXPECT_TRUE(Searched()) << "readers' pages failed with the replica down";
  StoryForm f;
  f.headline = "Filed while the replica is down";
  EXPECT_GT(CreateStory(*eddie_, f), 0);
}

}  // namespace
}  // namespace khabar::testing
