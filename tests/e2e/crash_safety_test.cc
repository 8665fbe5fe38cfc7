// Crash safety, end to end: the real binary on a real SQLite file, killed
// with SIGKILL (no shutdown, nothing flushed or closed) at a random moment
// while a newsroom writes to it over HTTP, then checked with sqlite3 itself
// before it is started again. What a server answered as done must survive
// the crash exactly as answered, and nothing half-done may be visible. And
// `khabar backup` taken while a writer is busy, and `khabar restore` of it.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "support/http_client.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/web_session.h"

namespace khabar::testing {
namespace {

// 10:00 in Karachi (the site's zone, +05:00). The clock stays fixed across
// restarts: nothing here depends on time passing.
constexpr const char* kNow = "2026-03-02T10:00:00+05:00";
constexpr const char* kEditor = "eddie";
constexpr const char* kPassword = "eddie-password-1";

// ---- Reading the file with sqlite3 ----

// RawDb is the database file opened by sqlite3 directly, not by khabar:
// after a SIGKILL this is the first opener, so it also runs SQLite's WAL
// recovery, as the restarted server would.
class RawDb {
 public:
  explicit RawDb(const std::string& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      error_ = db_ ? sqlite3_errmsg(db_) : "out of memory";
    }
    if (db_) sqlite3_busy_timeout(db_, 5000);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  const std::string& error() const { return error_; }

  // Rows returns every row, each column as text ("" for NULL); a failed
  // statement returns one row holding "ERROR: ...", which no check accepts.
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    std::vector<std::vector<std::string>> rows;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return {{"ERROR: " + std::string(sqlite3_errmsg(db_))}};
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* t = sqlite3_column_text(st, i);
        row.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) rows = {{"ERROR: " + std::string(sqlite3_errmsg(db_))}};
    sqlite3_finalize(st);
    return rows;
  }
  std::string One(const std::string& sql) {
    auto rows = Rows(sql);
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

// Consistency checks that hold for any khabar database, whatever was
// acknowledged: every story has its creation as revision 1, revision
// numbers are dense, every version a story went through is one revision
// (content saves) or one event (status moves), and the story's headline is
// that of its latest revision. A crash that kept a story row but not the
// revision or event written in the same transaction breaks one of these.
void ExpectWholeStories(RawDb& db, const std::string& where) {
  for (const auto& row : db.Rows(
           "SELECT a.id, a.version, a.headline,"
           " (SELECT count(*) FROM article_revisions r WHERE r.article_id = a.id),"
           " (SELECT max(number) FROM article_revisions r WHERE r.article_id = a.id),"
           " (SELECT count(*) FROM article_events e WHERE e.article_id = a.id),"
           " (SELECT version FROM article_revisions r WHERE r.article_id = a.id AND number = 1),"
           " (SELECT headline FROM article_revisions r WHERE r.article_id = a.id"
           "  ORDER BY number DESC LIMIT 1) FROM articles a ORDER BY a.id")) {
    ASSERT_EQ(row.size(), 8u) << where << ": " << row.at(0);
    const std::string at = where + ": story " + row[0];
    EXPECT_EQ(row[6], "1") << at << " has no revision 1 at version 1";
    EXPECT_EQ(row[3], row[4]) << at << ": revision numbers are not 1..n";
    EXPECT_EQ(std::stoll(row[3]) + std::stoll(row[5]), std::stoll(row[1]))
        << at << ": version " << row[1] << " but " << row[3] << " revisions and " << row[5]
        << " status events";
    EXPECT_EQ(row[7], row[2]) << at << ": headline is not that of its latest revision";
  }
}

// ---- What the writer did ----

struct Comment {
  std::string name;
  std::string body;
  bool operator<(const Comment& o) const { return std::tie(name, body) < std::tie(o.name, o.body); }
  bool operator==(const Comment& o) const = default;
};

// Expected is a story as the server last acknowledged it.
struct Expected {
  std::string headline;
  std::string body;
  std::string status = "draft";
  int64_t version = 1;
  std::set<Comment> comments;
};

// Write is one request: what the story (or the new comment) becomes if the
// server carries it out.
struct Write {
  enum Kind { kCreate, kSave, kPublish, kComment } kind = kCreate;
  int64_t id = 0;   // 0 for a create
  Expected after;   // the story after the write (kCreate, kSave, kPublish)
  Comment comment;  // kComment
};

// Ledger is what the writer thread and the checker share.
struct Ledger {
  std::mutex mu;
  std::map<int64_t, Expected> stories;  // acknowledged state
  std::optional<Write> in_flight;       // sent, not (yet) answered
  int acknowledged = 0;                 // writes answered as done, this round
  int by_kind[4] = {};                  // acknowledged, in all rounds, by Write::Kind
  std::vector<std::string> unexpected;  // answers that were neither done nor a dead server
};

// NextAddress is a loopback address not used yet: with a fixed clock one
// address may post one comment.
std::string NextAddress() {
  static std::atomic<int> n{0};
  int k = ++n;
  return "127.0." + std::to_string(1 + k / 200) + "." + std::to_string(1 + k % 200);
}

// Done is the answer of a write carried out: the newsroom's forms redirect
// (303) to the story; the comment form redirects to the article with
// ?comment=posted or ?comment=pending (a refused comment says otherwise).
bool Done(const HttpResponse& r, bool comment) {
  if (r.status != 303) return false;
  const std::string loc = r.Header("location");
  return !comment || loc.find("?comment=posted") != std::string::npos ||
         loc.find("?comment=pending") != std::string::npos;
}

// WriteUntilDead sends one write after another, each chosen at random, and
// records each one answered as done, until a request finds no server (the
// kill) or `stop` is set. Writes are sequential, so at most one is in flight
// when the server dies.
void WriteUntilDead(WebSession& editor, int port, Ledger& ledger, std::mt19937& rng, int round,
                    const std::atomic<bool>& stop) {
  int n = 0;
  while (!stop.load()) {
    Write w;
    {
      std::lock_guard lock(ledger.mu);
      std::vector<int64_t> drafts, published;
      for (const auto& [id, s] : ledger.stories) {
        (s.status == "draft" ? drafts : published).push_back(id);
      }
      const int dice = static_cast<int>(rng() % 10);
      const std::string tag = "r" + std::to_string(round) + "w" + std::to_string(++n);
      if (ledger.stories.size() < 4 || dice < 2) {
        w.kind = Write::kCreate;
        w.after.headline = "Story " + tag;
        w.after.body = "Body of story " + tag + ".\n\nA second paragraph, " + tag + ".";
      } else if (dice < 5) {
        w.kind = Write::kSave;
        auto it = ledger.stories.begin();
        std::advance(it, rng() % ledger.stories.size());
        w.id = it->first;
        w.after = it->second;
        w.after.headline = "Edited " + tag;
        w.after.body = "Edited body " + tag + ".";
        w.after.version += 1;
      } else if (dice < 7 && !drafts.empty()) {
        w.kind = Write::kPublish;
        w.id = drafts[rng() % drafts.size()];
        w.after = ledger.stories[w.id];
        w.after.status = "published";
        w.after.version += 1;
      } else if (!published.empty()) {
        w.kind = Write::kComment;
        w.id = published[rng() % published.size()];
        w.comment = {"Reader " + tag, "Comment " + tag + " on the story."};
      } else {
        continue;
      }
      ledger.in_flight = w;
    }

    StoryForm form;
    form.headline = w.after.headline;
    form.body = w.after.body;
    HttpResponse r;
    int64_t created = 0;
    switch (w.kind) {
      case Write::kCreate:
        r = editor.PostMultipart("/admin/stories", form.Build(editor.csrf(), std::nullopt), {});
        created = StoryIdFrom(r);
        break;
      case Write::kSave:
        r = SaveStory(editor, w.id, w.after.version - 1, form);
        break;
      case Write::kPublish:
        r = MoveStory(editor, w.id, w.after.version - 1, "published");
        break;
      case Write::kComment: {
        WebSession reader(port, NextAddress());
        r = reader.PostForm(
            "/news/" + std::to_string(w.id) + "/comments",
            {{"name", w.comment.name}, {"email", ""}, {"body", w.comment.body}, {"website", ""}});
        break;
      }
    }
    std::lock_guard lock(ledger.mu);
    if (r.status == 0) return;  // the server is gone: the write stays in flight
    ledger.in_flight.reset();
    if (!Done(r, w.kind == Write::kComment) || (w.kind == Write::kCreate && created == 0)) {
      ledger.unexpected.push_back("round " + std::to_string(round) + ": write " +
                                  std::to_string(w.kind) + " on story " + std::to_string(w.id) +
                                  " answered " + std::to_string(r.status) + " " +
                                  r.Header("location"));
      continue;
    }
    ++ledger.acknowledged;
    ++ledger.by_kind[w.kind];
    if (w.kind == Write::kCreate) {
      ledger.stories[created] = w.after;
    } else if (w.kind == Write::kComment) {
      ledger.stories[w.id].comments.insert(w.comment);
    } else {
      ledger.stories[w.id] = w.after;
    }
  }
}

// StoryInDb reads what the file holds of one story.
Expected StoryInDb(RawDb& db, int64_t id) {
  Expected s;
  auto rows = db.Rows("SELECT headline, body_markdown, status, version FROM articles WHERE id = " +
                      std::to_string(id));
  if (rows.size() != 1 || rows[0].size() != 4) return {"<missing>", "", "", 0, {}};
  s.headline = rows[0][0];
  s.body = rows[0][1];
  s.status = rows[0][2];
  s.version = std::stoll(rows[0][3]);
  for (const auto& c :
       db.Rows("SELECT name, body FROM comments WHERE article_id = " + std::to_string(id))) {
    if (c.size() == 2) s.comments.insert({c[0], c[1]});
  }
  return s;
}

bool SameStory(const Expected& a, const Expected& b) {
  return a.headline == b.headline && a.body == b.body && a.status == b.status &&
         a.version == b.version && a.comments == b.comments;
}

std::string Describe(const Expected& s) {
  return "'" + s.headline + "' " + s.status + " v" + std::to_string(s.version) + " with " +
         std::to_string(s.comments.size()) + " comments";
}

// ---- Kill rounds ----

// Each round: a writer thread drives random writes; after a random delay
// the server gets SIGKILL; sqlite3 opens the file and finds it intact, with
// every acknowledged write as acknowledged, the one write in flight either
// wholly there or wholly absent, and nothing else; then the server starts
// again on the same file and answers from it.
TEST(CrashSafety, EveryAcknowledgedWriteSurvivesSigkillAndNothingIsHalfWritten) {
  constexpr int kRounds = 40;
  const auto started = std::chrono::steady_clock::now();
  NewsroomSite site(kNow);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser(kEditor, "editor", kPassword), 0);
  WebSession editor = site.SignIn(kEditor, kPassword);
  ASSERT_FALSE(editor.csrf().empty()) << "sign-in failed";

  std::random_device seed_source;
  const unsigned seed = seed_source();
  std::printf("crash safety: seed %u\n", seed);
  std::mt19937 rng(seed);
  Ledger ledger;
  int checked = 0, acknowledged_total = 0, in_flight_applied = 0, in_flight_lost = 0;

  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + " (seed " + std::to_string(seed) + ")");
    ledger.acknowledged = 0;
    std::atomic<bool> stop{false};
    std::mt19937 writer_rng(rng());
    std::thread writer(
        [&] { WriteUntilDead(editor, site.port(), ledger, writer_rng, round, stop); });
    // 100-600 ms: a few hundred writes here, so the kill lands at a
    // different point of a different kind of request each round, and many
    // rounds fit in the test's time.
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 500));
    site.Kill();
    stop = true;
    writer.join();
    {
      std::lock_guard lock(ledger.mu);
      for (const auto& u : ledger.unexpected) ADD_FAILURE() << u;
      ledger.unexpected.clear();
      acknowledged_total += ledger.acknowledged;
    }

    {
      RawDb db(site.db());
      ASSERT_EQ(db.error(), "");
      ASSERT_EQ(db.One("PRAGMA integrity_check"), "ok");
      EXPECT_TRUE(db.Rows("PRAGMA foreign_key_check").empty());
      ExpectWholeStories(db, "round " + std::to_string(round));

      std::lock_guard lock(ledger.mu);
      std::optional<Write> flight = ledger.in_flight;
      ledger.in_flight.reset();
      // The write in flight at the kill: its story may be before or after it.
      if (flight && flight->kind != Write::kCreate) {
        Expected after = ledger.stories[flight->id];
        if (flight->kind == Write::kComment) {
          after.comments.insert(flight->comment);
        } else {
          after.headline = flight->after.headline;
          after.body = flight->after.body;
          after.status = flight->after.status;
          after.version = flight->after.version;
        }
        const Expected in_db = StoryInDb(db, flight->id);
        if (SameStory(in_db, after)) {
          ledger.stories[flight->id] = after;
          ++in_flight_applied;
        } else {
          ++in_flight_lost;
        }
      }
      // Every story in the file is one that was acknowledged, or the create
      // in flight (then complete, as ExpectWholeStories checked).
      for (const auto& row : db.Rows("SELECT id FROM articles ORDER BY id")) {
        const int64_t id = std::stoll(row.at(0));
        if (ledger.stories.contains(id)) continue;
        const Expected in_db = StoryInDb(db, id);
        if (flight && flight->kind == Write::kCreate && SameStory(in_db, flight->after)) {
          ledger.stories[id] = flight->after;
          ++in_flight_applied;
          flight.reset();
          continue;
        }
        ADD_FAILURE() << "story " << id << " was never acknowledged: " << Describe(in_db);
      }
      if (flight && flight->kind == Write::kCreate) ++in_flight_lost;
      // Every acknowledged write, exactly.
      for (const auto& [id, want] : ledger.stories) {
        const Expected got = StoryInDb(db, id);
        EXPECT_TRUE(SameStory(got, want)) << "story " << id << ": acknowledged " << Describe(want)
                                          << ", file has " << Describe(got);
        ++checked;
      }
    }
    if (::testing::Test::HasFatalFailure()) return;

    ASSERT_TRUE(site.Restart(kNow)) << site.Log();
    editor.set_port(site.port());
    // The restarted server reads the same story back through the newsroom
    // (the session, kept in the database, survived too).
    std::lock_guard lock(ledger.mu);
    if (!ledger.stories.empty()) {
      auto it = ledger.stories.begin();
      std::advance(it, rng() % ledger.stories.size());
      StoryState s = ReadStory(editor, it->first);
      ASSERT_EQ(s.http_status, 200) << site.Log();
      EXPECT_EQ(s.headline, it->second.headline);
      EXPECT_EQ(s.status, it->second.status);
      EXPECT_EQ(s.version, it->second.version);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "crash safety: %d kill rounds, %d writes acknowledged (%d creates, %d edits, %d "
      "publishes, %d comments), %d story states checked against the file, in-flight writes "
      "found applied %d / absent %d, %zu stories, %.1f s\n",
      kRounds, acknowledged_total, ledger.by_kind[Write::kCreate], ledger.by_kind[Write::kSave],
      ledger.by_kind[Write::kPublish], ledger.by_kind[Write::kComment], checked, in_flight_applied,
      in_flight_lost, ledger.stories.size(), seconds);
  for (int kind = 0; kind < 4; ++kind) {
    EXPECT_GT(ledger.by_kind[kind], 0) << "no acknowledged write of kind " << kind;
  }
  EXPECT_GT(acknowledged_total, kRounds) << "too few writes to mean anything";
}

// ---- Backup under load, and restore ----

TEST(CrashSafety, BackupUnderLoadIsAConsistentPrefixAndRestores) {
  NewsroomSite site(kNow);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser(kEditor, "editor", kPassword), 0);
  WebSession editor = site.SignIn(kEditor, kPassword);
  ASSERT_FALSE(editor.csrf().empty()) << "sign-in failed";
  TempDir out;

  // One writer creates stories one after another, so story ids ascend in the
  // order they were acknowledged; bodies are long so that the file spans
  // many pages and the backup takes more than one step.
  std::mutex mu;
  std::vector<int64_t> created;
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    const std::string filler(6000, 'x');
    for (int n = 1; !stop.load(); ++n) {
      StoryForm form;
      form.headline = "Load story " + std::to_string(n);
      form.body = "Story " + std::to_string(n) + ". " + filler;
      const int64_t id = CreateStory(editor, form);
      if (id == 0) break;
      std::lock_guard lock(mu);
      created.push_back(id);
    }
  });
  auto acknowledged = [&] {
    std::lock_guard lock(mu);
    return created;
  };

  std::vector<std::pair<std::filesystem::path, size_t>> backups;  // file, acked before
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    const size_t before = acknowledged().size();
    const auto file = out.path() / ("backup-" + std::to_string(i) + ".db");
    CommandResult r = site.Cli({"backup", file.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("pages"), std::string::npos) << r.out;
    std::printf("%s", r.out.c_str());
    backups.emplace_back(file, before);
  }
  stop = true;
  writer.join();
  const std::vector<int64_t> all = acknowledged();
  ASSERT_GT(all.size(), 10u) << "the writer hardly wrote: " << site.Log();

  for (const auto& [file, before] : backups) {
    SCOPED_TRACE(file.string());
    // Nothing but the backup itself is left in the directory afterwards.
    EXPECT_FALSE(std::filesystem::exists(file.string() + "-wal"));
    RawDb db(file.string());
    ASSERT_EQ(db.error(), "");
    EXPECT_EQ(db.One("PRAGMA integrity_check"), "ok");
    ExpectWholeStories(db, file.filename().string());
    // A prefix: the stories in the copy are exactly the first k created, at
    // least every one acknowledged before the backup started (and possibly
    // one created but not yet answered when the writer stopped).
    std::vector<int64_t> ids;
    for (const auto& row : db.Rows("SELECT id FROM articles ORDER BY id")) {
      ids.push_back(std::stoll(row.at(0)));
    }
    EXPECT_GE(ids.size(), before);
    ASSERT_LE(ids.size(), all.size() + 1);
    for (size_t k = 0; k < ids.size() && k < all.size(); ++k) {
      ASSERT_EQ(ids[k], all[k]) << "story " << k << " of the copy is not the " << k << "th created";
    }
    EXPECT_EQ(db.One("SELECT count(*) FROM article_revisions"), std::to_string(ids.size()));
  }
  for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
    EXPECT_EQ(entry.path().string().find(".tmp-"), std::string::npos)
        << "left behind: " << entry.path();
  }

  // An existing FILE is kept unless --force.
  const std::string first = backups[0].first.string();
  const auto size_before = std::filesystem::file_size(first);
  CommandResult again = site.Cli({"backup", first});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find(first), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_EQ(std::filesystem::file_size(first), size_before);
  CommandResult forced = site.Cli({"backup", first, "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;

  // PostgreSQL is pg_dump's job.
  CommandResult pg = RunKhabar(
      {"backup", (out.path() / "pg.db").string(), "--db", "postgresql://khabar@127.0.0.1:1/news"});
  EXPECT_NE(pg.exit_code, 0);
  EXPECT_NE(pg.err.find("pg_dump"), std::string::npos) << pg.err;

  // Restore refuses while the site's server has its database open.
  const std::string last = backups.back().first.string();
  CommandResult busy = site.Cli({"restore", last});
  EXPECT_NE(busy.exit_code, 0);
  EXPECT_NE(busy.err.find("stop it"), std::string::npos) << busy.err;

  // Something that is not a khabar database is refused, naming it.
  const auto junk = out.path() / "junk.db";
  {
    std::FILE* f = std::fopen(junk.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("not a database at all, just some text that is long enough to be read", f);
    std::fclose(f);
  }
  const auto fresh = out.path() / "restored" / "khabar.db";
  std::filesystem::create_directories(fresh.parent_path());
  CommandResult bad = RunKhabar({"restore", junk.string(), "--db", fresh.string()});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find(junk.string()), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(fresh));

  // The last backup, restored into a fresh place, serves its stories.
  CommandResult restored = RunKhabar({"restore", last, "--db", fresh.string()});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  {
    RawDb db(fresh.string());
    ASSERT_EQ(db.error(), "");
    EXPECT_EQ(db.One("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(db.One("PRAGMA journal_mode"), "wal");
  }
  std::vector<std::string> leftovers;
  for (const auto& entry : std::filesystem::directory_iterator(fresh.parent_path())) {
    if (entry.path().filename().string().find("tmp") != std::string::npos) {
      leftovers.push_back(entry.path().string());
    }
  }
  EXPECT_TRUE(leftovers.empty()) << leftovers.front();
  site.Stop();
  NewsroomSite back(kNow, {}, fresh.string());
  ASSERT_TRUE(back.running()) << back.Log();
  WebSession again_editor = back.SignIn(kEditor, kPassword);
  ASSERT_FALSE(again_editor.csrf().empty()) << "the restored site lost the account";
  StoryState s = ReadStory(again_editor, all.front());
  EXPECT_EQ(s.http_status, 200);
  EXPECT_EQ(s.headline, "Load story 1");
}

}  // namespace
}  // namespace khabar::testing
