// What is particular to the SQLite store: the file, its PRAGMAs and its
// migrations. What every store does is in store/store_contract_test.cc.
#include "store/sqlite/sqlite_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite/internal/connection.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace khabar {
namespace {

using ::testing::HasSubstr;

// RawDb opens the file directly, to look behind the Store interface.
class RawDb {
 public:
  explicit RawDb(const std::filesystem::path& file) {
    EXPECT_EQ(sqlite3_open(file.c_str(), &db_), SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }

  // Query returns the first column of every row, as text.
  std::vector<std::string> Query(const char* sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
    while (sqlite3_step(st) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(st, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    sqlite3_finalize(st);
    return out;
  }
  sqlite3* db() const { return db_; }
  void Exec(const char* sql) {
    EXPECT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
  }

 private:
  sqlite3* db_ = nullptr;
};

const Seconds kNow = Seconds(std::chrono::seconds(1'700'000'000));

ArticleDraft Draft(std::string headline) {
  ArticleDraft d;
  d.headline = std::move(headline);
  d.section_name = "World";
  return d;
}

TEST(SqliteStore, CreatesTheFileInWalMode) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(file));
  RawDb raw(file);
  EXPECT_EQ(raw.Query("PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

// An answered write survives a power cut: every connection syncs the WAL
// at each commit (synchronous=FULL, 2), not only at checkpoints (NORMAL).
TEST(SqliteStore, ConnectionsSyncEveryCommit) {
  TempDir dir;
  auto connection = sql::sqlite_internal::SqliteConnection::Open(dir.path() / "khabar.db",
                                                                 std::chrono::seconds(1));
  ASSERT_TRUE(connection) << connection.error().ToString();
  auto pragma = (*connection)->Prepare("PRAGMA synchronous");
  ASSERT_TRUE(pragma) << pragma.error().ToString();
  auto row = pragma->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(pragma->Int(0), 2);
}

TEST(SqliteStore, MigrationsTableRecordsEveryStep) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  ASSERT_TRUE(OpenSqliteStore(file));
  RawDb raw(file);
  std::vector<std::string> expected;
  for (const Migration& m : Migrations()) expected.push_back(std::to_string(m.id));
  EXPECT_EQ(raw.Query("SELECT version FROM schema_migrations ORDER BY version"), expected);
  EXPECT_EQ(raw.Query("SELECT description FROM schema_migrations WHERE version = 1"),
            std::vector<std::string>{std::string(Migrations()[0].description)});
}

TEST(SqliteStore, ReopeningKeepsDataAndDoesNotRerunSteps) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  int64_t id = 0;
  {
    auto store = OpenSqliteStore(file);
    ASSERT_TRUE(store) << store.error().ToString();
    auto created = (*store)->CreateArticle(Draft("Kept across restarts"), kNow);
    ASSERT_TRUE(created) << created.error().ToString();
    id = *created;
  }
  std::string applied_before =
      RawDb(file)
          .Query("SELECT group_concat(version || ':' || applied_at) FROM schema_migrations")
          .at(0);
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  auto a = (*store)->GetArticle(id);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->headline, "Kept across restarts");
  RawDb raw(file);
  EXPECT_EQ(
      raw.Query("SELECT group_concat(version || ':' || applied_at) FROM schema_migrations").at(0),
      applied_before);
  EXPECT_EQ(raw.Query("SELECT count(*) FROM schema_migrations"),
            std::vector<std::string>{std::to_string(Migrations().size())});
}

// A file made by a khabar that knew only step 1 gains the newsroom schema,
// and its stories gain revision 1 built from their content.
TEST(SqliteStore, UpgradingFromStepOneGivesOldStoriesTheirFirstRevision) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  {
    RawDb raw(file);
    raw.Exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
        " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
    raw.Exec(std::string(Migrations()[0].sqlite).c_str());
    raw.Exec("INSERT INTO schema_migrations (version, description) VALUES (1, 'initial')");
    raw.Exec(
        "INSERT INTO sections (id, slug, name) VALUES (1, 'world', 'World');"
        "INSERT INTO authors (id, slug, name) VALUES (1, 'zeb', 'Zeb'), (2, 'asma', 'Asma');"
        "INSERT INTO tags (id, slug, name) VALUES (1, 'rain', 'Rain');"
        "INSERT INTO articles (id, slug, headline, standfirst, body_markdown, body_html,"
        " section_id, status, published_at, created_at, updated_at, comments_open, image_file,"
        " image_caption, image_width) VALUES (7, 'old-story', 'Old \"story\"', 'S', 'B',"
        " '<p>B</p>', 1, 'published', 1700000000, 1690000000, 1695000000, 0, 'a.jpg', 'Cap',"
        " 640);"
        "INSERT INTO articles (id, slug, headline, section_id, status, created_at, updated_at)"
        " VALUES (8, 'bare', 'Bare', 1, 'draft', 1690000000, 1690000000);"
        "INSERT INTO article_authors VALUES (7, 1, 1), (7, 2, 0);"
        "INSERT INTO article_tags VALUES (7, 1, 0);");
  }
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  auto a = (*store)->GetArticle(7);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->version, 1);
  EXPECT_FALSE(a->breaking);
  EXPECT_FALSE(a->created_by);
  auto lines = (*store)->ListRevisions(7);
  ASSERT_TRUE(lines) << lines.error().ToString();
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].number, 1);
  EXPECT_FALSE((*lines)[0].user_id);
  EXPECT_EQ((*lines)[0].saved_at, Seconds(std::chrono::seconds(1690000000)));
  auto r = (*store)->GetRevision(7, 1);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->content.slug, "old-story");
  EXPECT_EQ(r->content.headline, "Old \"story\"");
  EXPECT_EQ(r->content.standfirst, "S");
  EXPECT_EQ(r->content.body_markdown, "B");
  EXPECT_EQ(r->content.body_html, "<p>B</p>");
  EXPECT_EQ(r->content.section_name, "World");
  EXPECT_EQ(r->content.author_names, (std::vector<std::string>{"Asma", "Zeb"}));
  EXPECT_EQ(r->content.tag_names, (std::vector<std::string>{"Rain"}));
  ASSERT_TRUE(r->content.image);
  EXPECT_EQ(r->content.image->file, "a.jpg");
  EXPECT_EQ(r->content.image->caption, "Cap");
  EXPECT_EQ(r->content.image->width, 640);
  EXPECT_FALSE(r->content.comments_open);
  EXPECT_FALSE(r->content.breaking);
  auto bare = (*store)->GetRevision(8, 1);
  ASSERT_TRUE(bare) << bare.error().ToString();
  EXPECT_TRUE(bare->content.author_names.empty());
  EXPECT_TRUE(bare->content.tag_names.empty());
  EXPECT_FALSE(bare->content.image);
  EXPECT_TRUE(bare->content.comments_open);

  // The next save is revision 2, and a stale one names the import.
  UserRecord user;
  user.user.login = "sana";
  user.user.display_name = "Sana Mirza";
  auto sana = (*store)->CreateUser(user);
  ASSERT_TRUE(sana);
  auto saved = (*store)->UpdateArticle(7, r->content, 1, *sana, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ((*store)->ListRevisions(7)->front().number, 2);
  auto stale = (*store)->UpdateArticle(8, bare->content, 0, *sana, kNow);
  ASSERT_FALSE(stale);
  EXPECT_THAT(stale.error().message(), HasSubstr("by an import at 2023-07-22T04:26:40Z"));
}

TEST(SqliteStore, SlugsAndLoginsAreUniqueInTheSchemaItself) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  ASSERT_TRUE(OpenSqliteStore(file));
  RawDb raw(file);
  raw.Exec(
      "INSERT INTO users (login, display_name, role, password_hash, created_at,"
      " password_changed_at) VALUES ('sana', 'S', 'reporter', '', 0, 0)");
  // Whatever a future ValidateLogin admits, case never makes a second login.
  EXPECT_NE(sqlite3_exec(raw.db(),
                         "INSERT INTO users (login, display_name, role, password_hash, created_at,"
                         " password_changed_at) VALUES ('SANA', 'S', 'reporter', '', 0, 0)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_NE(sqlite3_exec(raw.db(),
                         "INSERT INTO users (login, display_name, role, password_hash, created_at,"
                         " password_changed_at) VALUES ('x', 'S', 'boss', '', 0, 0)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
}

TEST(SqliteStore, RefusesADatabaseFromANewerKhabar) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  ASSERT_TRUE(OpenSqliteStore(file));
  {
    RawDb raw(file);
    raw.Exec(
        "INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')");
  }
  auto store = OpenSqliteStore(file);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(store.error().message(), HasSubstr("999"));
  EXPECT_THAT(store.error().message(), HasSubstr("newer"));
  EXPECT_THAT(store.error().message(), HasSubstr(file.string()));
}

TEST(SqliteStore, MissingParentDirectoryIsAClearError) {
  TempDir dir;
  auto file = dir.path() / "no" / "such" / "khabar.db";
  auto store = OpenSqliteStore(file);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(store.error().message(), HasSubstr((dir.path() / "no" / "such").string()));
  EXPECT_THAT(store.error().message(), HasSubstr("does not exist"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "no"));
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsAClearError) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  {
    std::ofstream out(file);
    out << "this is a text file, not an SQLite database, and it is long enough to have a header\n";
  }
  auto store = OpenSqliteStore(file);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(store.error().message(), HasSubstr("not a database"));
  EXPECT_THAT(store.error().message(), HasSubstr(file.string()));
}

TEST(SqliteStore, TwoStoresOnOneFileSeeEachOthersWrites) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  auto a = OpenSqliteStore(file);
  auto b = OpenSqliteStore(file);
  ASSERT_TRUE(a && b);
  auto id = (*a)->CreateArticle(Draft("Written by one"), kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  auto got = (*b)->GetArticle(*id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->headline, "Written by one");
}

TEST(SqliteStore, ABusyDatabaseIsUnavailable) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  auto store =
      OpenSqliteStore(file, {.max_connections = 8, .busy_timeout = std::chrono::milliseconds(50)});
  ASSERT_TRUE(store);
  RawDb other(file);
  other.Exec("BEGIN IMMEDIATE");  // another process holds the write lock
  auto id = (*store)->CreateArticle(Draft("Blocked"), kNow);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code(), Code::kUnavailable) << id.error().ToString();
  other.Exec("ROLLBACK");
  // Reads are not blocked by a writer in WAL mode, and the store recovers.
  EXPECT_TRUE((*store)->ListArticleLines());
  EXPECT_TRUE((*store)->CreateArticle(Draft("Unblocked"), kNow));
}

TEST(SqliteStore, SingleConnectionPoolServesManyThreads) {
  TempDir dir;
  auto store =
      OpenSqliteStore(dir.path() / "khabar.db",
                      {.max_connections = 1, .busy_timeout = std::chrono::milliseconds(5000)});
  ASSERT_TRUE(store);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        if (!(*store)->CreateArticle(Draft("T" + std::to_string(t) + " " + std::to_string(i)),
                                     kNow))
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ((*store)->ListArticleLines()->size(), 40u);
}

// The query observer hears about every statement, from every connection of
// the pool, timed finer than SQLite's own millisecond profile clock.
TEST(SqliteStore, QueryObserverTimesEveryStatement) {
  TempDir dir;
  std::atomic<int> queries{0};
  std::atomic<int> sub_millisecond{0};
  std::atomic<int64_t> longest_ns{0};
  SqliteOptions options;
  options.max_connections = 2;
  options.query_observer = [&](std::chrono::nanoseconds took) {
    ++queries;
    if (took > std::chrono::nanoseconds(0) && took < std::chrono::milliseconds(1)) {
      ++sub_millisecond;
    }
    int64_t ns = took.count();
    int64_t seen = longest_ns.load();
    while (ns > seen && !longest_ns.compare_exchange_weak(seen, ns)) {
    }
  };
  auto store = OpenSqliteStore(dir.path() / "khabar.db", options);
  ASSERT_TRUE(store);
  EXPECT_GT(queries.load(), 0);  // the migrations
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto id =
            (*store)->CreateArticle(Draft("T" + std::to_string(t) + "-" + std::to_string(i)), kNow);
        ASSERT_TRUE(id);
        ASSERT_TRUE((*store)->GetArticle(*id));
      }
    });
  }
  for (auto& th : threads) th.join();
  const int before = queries.load();
  ASSERT_TRUE((*store)->ListArticleLines());
  EXPECT_GT(queries.load(), before);
  EXPECT_GT(sub_millisecond.load(), 0);
  EXPECT_LT(longest_ns.load(), std::chrono::nanoseconds(std::chrono::seconds(10)).count());
}

// The reads behind the public pages run a fixed number of statements,
// however many stories, bylines, tags and comments there are (no query per
// story), and a read of one statement runs without BEGIN and COMMIT. An
// article page reads its story, the sections, the picture's record, the
// comments and the related stories; a home page the sections and the
// newest 60 stories.
TEST(SqliteStore, ReaderPagesRunAFixedNumberOfStatements) {
  TempDir dir;
  std::atomic<int> statements{0};
  SqliteOptions options;
  options.query_observer = [&](std::chrono::nanoseconds) { ++statements; };
  auto opened = OpenSqliteStore(dir.path() / "khabar.db", options);
  ASSERT_TRUE(opened) << opened.error().ToString();
  Store& store = **opened;
  auto run = [&](auto&& read) {
    const int before = statements.load();
    read();
    return statements.load() - before;
  };
  MediaRecord media;
  media.file = "lead.jpg";
  media.mime_type = "image/jpeg";
  ASSERT_TRUE(store.AddMedia(media));

  // counts_with(n) adds n live stories, each with two bylines, three tags
  // and two approved comments, and counts each page's statements.
  int64_t last = 0;
  int added = 0;
  auto counts_with = [&](int n) {
    for (int i = 0; i < n; ++i, ++added) {
      ArticleDraft d = Draft("Story " + std::to_string(added));
      d.status = ArticleStatus::kPublished;
      d.published_at = kNow - std::chrono::minutes(added);
      d.author_names = {"Ann", "Bob " + std::to_string(added % 3)};
      d.tag_names = {"Rain", "Karachi", "Tag " + std::to_string(added % 5)};
      d.image.emplace().file = "lead.jpg";
      auto id = store.CreateArticle(d, kNow);
      EXPECT_TRUE(id) << id.error().ToString();
      last = id.value_or(0);
      Comment comment;
      comment.article_id = last;
      comment.name = "Reader";
      comment.body = "Comment";
      comment.status = CommentStatus::kApproved;
      comment.created_at = kNow;
      for (int k = 0; k < 2; ++k) EXPECT_TRUE(store.AddComment(comment));
    }
    ArticleQuery home;
    home.now = kNow;
    home.limit = 60;
    return std::vector<int>{
        run([&] { ASSERT_TRUE(store.GetArticle(last)); }),
        run([&] { ASSERT_TRUE(store.ListSections(std::nullopt)); }),
        run([&] { ASSERT_TRUE(store.GetMediaByFile("lead.jpg")); }),
        run([&] { ASSERT_TRUE(store.ListApprovedComments(last)); }),
        run([&] {
          ASSERT_EQ(store.RelatedArticles(last, kNow, 4)->size(), std::min(added - 1, 4));
        }),
        run([&] { ASSERT_EQ(store.ListLiveArticles(home)->items.size(), std::min(added, 60)); }),
    };
  };
  // BEGIN, the story, its bylines, tags and comment count, COMMIT; the
  // three one-statement reads; BEGIN, the story's tags, the candidates,
  // the chosen stories, their bylines, tags and comment counts, COMMIT;
  // BEGIN, the count, the page, its bylines, tags and comment counts,
  // COMMIT.
  const std::vector<int> expected = {4, 1, 1, 1, 6, 5};
  EXPECT_EQ(counts_with(2), expected);
  EXPECT_EQ(counts_with(70), expected);
}

// The reads behind the content API and the reader pages of names run the
// same number of statements with 5 tags as with 500 (issue 15: the tag
// list once ran a count per tag): the live tags, a live tag, a live
// author, a filtered listing.
TEST(SqliteStore, NameReadsRunAFixedNumberOfStatements) {
  TempDir dir;
  std::atomic<int> statements{0};
  SqliteOptions options;
  options.query_observer = [&](std::chrono::nanoseconds) { ++statements; };
  auto opened = OpenSqliteStore(dir.path() / "khabar.db", options);
  ASSERT_TRUE(opened) << opened.error().ToString();
  Store& store = **opened;
  auto run = [&](auto&& read) {
    const int before = statements.load();
    read();
    return statements.load() - before;
  };
  int tags = 0;
  auto counts_with = [&](int total_tags) {
    // Ten tags a story, half the stories drafts (their tags stay private).
    for (int story = 0; tags < total_tags; ++story) {
      ArticleDraft d = Draft("Story " + std::to_string(tags));
      if (story % 2 == 0) {
        d.status = ArticleStatus::kPublished;
        d.published_at = kNow - std::chrono::minutes(tags);
      }
      d.author_names = {"Ann"};
      for (int k = 0; k < 10 && tags < total_tags; ++k) {
        d.tag_names.push_back("Tag " + std::to_string(tags++));
      }
      EXPECT_TRUE(store.CreateArticle(d, kNow));
    }
    ArticleQuery filtered;
    filtered.now = kNow;
    filtered.tag_slug = "tag-0";
    filtered.author_slug = "ann";
    return std::vector<int>{
        run([&] {
          auto page = store.ListLiveTags(
              LiveTagQuery{.prefix = "", .now = kNow, .offset = 0, .limit = 100});
          ASSERT_TRUE(page);
          EXPECT_GT(page->total, 0);
        }),
        run([&] { ASSERT_TRUE(store.GetLiveTag("tag-0", kNow)); }),
        run([&] { ASSERT_TRUE(store.GetLiveAuthor("ann", kNow)); }),
        run([&] { ASSERT_EQ(store.ListLiveArticles(filtered)->total, 1); }),
    };
  };
  // BEGIN, the count, the page, COMMIT; one statement each; BEGIN, the
  // count, the page, its bylines, tags and comment counts, COMMIT.
  const std::vector<int> expected = {4, 1, 1, 5};
  EXPECT_EQ(counts_with(5), expected);
  EXPECT_EQ(counts_with(500), expected);
}

// Upgrading to step 3 indexes the published stories already there, with
// the body as plain text, and no others.
TEST(SqliteStore, UpgradingToStepThreeIndexesPublishedStories) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  {
    RawDb raw(file);
    raw.Exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
        " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
    for (int step = 0; step < 2; ++step) {
      raw.Exec(std::string(Migrations()[step].sqlite).c_str());
      raw.Exec(("INSERT INTO schema_migrations (version, description) VALUES (" +
                std::to_string(step + 1) + ", 'old')")
                   .c_str());
    }
    raw.Exec(
        "INSERT INTO sections (id, slug, name) VALUES (1, 'world', 'World');"
        "INSERT INTO tags (id, slug, name) VALUES (1, 'monsoon', 'Monsoon');"
        "INSERT INTO articles (id, slug, headline, body_html, section_id, status, published_at,"
        " created_at, updated_at) VALUES"
        " (7, 'old', 'Old story', '<p>The <em>river</em> rose &amp; fell.</p>', 1, 'published',"
        " 1600000000, 1600000000, 1600000000),"
        " (8, 'draft', 'Draft river story', '', 1, 'draft', NULL, 1600000000, 1600000000);"
        "INSERT INTO article_tags VALUES (7, 1, 0);");
  }
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  SearchQuery q;
  q.now = kNow;
  for (const char* text : {"river", "monsoon", "old story"}) {
    q.text = text;
    auto page = (*store)->SearchArticles(q);
    ASSERT_TRUE(page) << page.error().ToString();
    ASSERT_EQ(page->hits.size(), 1u) << text;
    EXPECT_EQ(page->hits[0].article.id, 7);
  }
  RawDb raw(file);
  EXPECT_EQ(raw.Query("SELECT body FROM article_search"),
            std::vector<std::string>{"The river rose & fell."});
}

// Upgrading to step 6 rewrites the index folded (FoldForSearch): a story
// indexed before, with its harakat, is then found by the bare word, and a
// draft stays out.
TEST(SqliteStore, UpgradingToStepSixReindexesFolded) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  int64_t id = 0;
  {
    auto store = OpenSqliteStore(file);
    ASSERT_TRUE(store) << store.error().ToString();
    ArticleDraft d = Draft("حُکُومَت کا اعلان");
    d.body_html = "<p>پاکِستان میں ۲۰۲۷ تک</p>";
    d.tag_names = {"سِیاسَت"};
    d.status = ArticleStatus::kPublished;
    d.published_at = kNow - std::chrono::hours(1);
    auto created = (*store)->CreateArticle(d, kNow);
    ASSERT_TRUE(created) << created.error().ToString();
    id = *created;
    ASSERT_TRUE((*store)->CreateArticle(Draft("حُکُومَت draft"), kNow));
  }
  {
    // The row as a khabar before step 6 wrote it: as typed.
    RawDb raw(file);
    raw.Exec(("UPDATE article_search SET headline = 'حُکُومَت کا اعلان',"
              " body = 'پاکِستان میں ۲۰۲۷ تک', tags = 'سِیاسَت' WHERE rowid = " +
              std::to_string(id) + "; DELETE FROM schema_migrations WHERE version = 6")
                 .c_str());
  }
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  SearchQuery q;
  q.now = kNow;
  for (const char* text : {"حکومت", "پاکستان", "2027", "سیاست"}) {
    q.text = text;
    auto page = (*store)->SearchArticles(q);
    ASSERT_TRUE(page) << page.error().ToString();
    ASSERT_EQ(page->hits.size(), 1u) << text;
    EXPECT_EQ(page->hits[0].article.id, id);
  }
  RawDb raw(file);
  EXPECT_EQ(raw.Query("SELECT headline || ' / ' || body || ' / ' || tags FROM article_search"),
            std::vector<std::string>{"حکومت کا اعلان / پاکستان میں 2027 تک / سیاست"});
}

// A file at step 6 gains the import tables: its stories stay as they were,
// and imports then work, their old paths going with a deleted story.
TEST(SqliteStore, UpgradingToStepSevenAddsImportKeysAndRedirects) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  int64_t old_id = 0;
  {
    auto store = OpenSqliteStore(file);
    ASSERT_TRUE(store) << store.error().ToString();
    auto created = (*store)->CreateArticle(Draft("Written before imports"), kNow);
    ASSERT_TRUE(created) << created.error().ToString();
    old_id = *created;
  }
  {
    // The file as a khabar before step 7 left it.
    RawDb raw(file);
    raw.Exec(
        "DROP TABLE redirects; DROP TABLE import_keys;"
        " DELETE FROM schema_migrations WHERE version = 7");
  }
  int64_t imported_id = 0;
  {
    auto store = OpenSqliteStore(file);
    ASSERT_TRUE(store) << store.error().ToString();
    auto old = (*store)->GetArticle(old_id);
    ASSERT_TRUE(old) << old.error().ToString();
    EXPECT_EQ(old->headline, "Written before imports");
    EXPECT_EQ(old->version, 1);
    ImportedArticle item;
    item.key = "wordpress:example.com:post:1";
    item.draft = Draft("Imported after the upgrade");
    item.created_at = kNow - std::chrono::hours(48);
    item.updated_at = kNow - std::chrono::hours(24);
    item.redirect_paths = {"/?p=1"};
    auto outcome = (*store)->ImportArticle(item);
    ASSERT_TRUE(outcome) << outcome.error().ToString();
    EXPECT_TRUE(outcome->created);
    EXPECT_EQ(outcome->redirects_added, 1);
    imported_id = outcome->article_id;
    ASSERT_TRUE((*store)->RecordImported("wordpress:example.com:user:1", 1).ok());
    auto r = (*store)->FindRedirect("/?p=1");
    ASSERT_TRUE(r) << r.error().ToString();
    EXPECT_EQ(r->article_id, imported_id);
  }
  RawDb raw(file);
  EXPECT_EQ(raw.Query("SELECT max(version) FROM schema_migrations"), std::vector<std::string>{"7"});
  // The Store cannot delete a story yet; a delete behind its back takes the
  // story's old paths with it.
  raw.Exec(
      ("PRAGMA foreign_keys = ON; DELETE FROM articles WHERE id = " + std::to_string(imported_id))
          .c_str());
  EXPECT_EQ(raw.Query("SELECT count(*) FROM redirects"), std::vector<std::string>{"0"});
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  auto r = (*store)->FindRedirect("/?p=1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kNotFound);
}

TEST(SqliteStore, UpgradingToStepFivePutsOldRowsInTheMainEdition) {
  TempDir dir;
  auto file = dir.path() / "khabar.db";
  {
    RawDb raw(file);
    raw.Exec(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL,"
        " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
    for (int step = 0; step < 2; ++step) {
      raw.Exec(std::string(Migrations()[step].sqlite).c_str());
      raw.Exec(("INSERT INTO schema_migrations (version, description) VALUES (" +
                std::to_string(step + 1) + ", 'old')")
                   .c_str());
    }
    raw.Exec(
        "INSERT INTO sections (id, slug, name) VALUES (1, 'world', 'World');"
        "INSERT INTO articles (id, slug, headline, body_html, section_id, status, published_at,"
        " created_at, updated_at) VALUES (7, 'old', 'Old story', '<p>Old.</p>', 1, 'published',"
        " 1600000000, 1600000000, 1600000000);");
  }
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  auto old = (*store)->GetArticle(7);
  ASSERT_TRUE(old) << old.error().ToString();
  EXPECT_EQ(old->edition, "");
  EXPECT_EQ(old->section.edition, "");
  EXPECT_FALSE(old->translation_of);
  auto main = (*store)->ListSections(std::string());
  ASSERT_TRUE(main);
  ASSERT_EQ(main->size(), 1u);
  EXPECT_EQ(main->front().slug, "world");
  EXPECT_EQ(*(*store)->CountLiveArticles(kNow, std::string()), 1);

  // An old story can be translated.
  ArticleDraft ur = Draft("Purani khabar");
  ur.section_name = "Khabrain";
  ur.edition = "ur";
  ur.translation_of = 7;
  ur.status = ArticleStatus::kPublished;
  ur.published_at = kNow - std::chrono::hours(1);
  auto id = (*store)->CreateArticle(ur, kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  auto translations = (*store)->ListTranslations(7, kNow);
  ASSERT_TRUE(translations) << translations.error().ToString();
  ASSERT_EQ(translations->size(), 1u);
  EXPECT_EQ(translations->front().id, *id);
}

// Only the newest `search_candidates` matches are ranked; older ones follow,
// newest first, and pages across the boundary neither repeat nor skip.
TEST(SqliteStore, SearchRanksTheNewestCandidatesThenListsOlderMatches) {
  TempDir dir;
  auto store = OpenSqliteStore(dir.path() / "khabar.db", SqliteOptions{.search_candidates = 3});
  ASSERT_TRUE(store) << store.error().ToString();
  // Ids 1..6, all the same age; 2 and 5 match in the headline, the others
  // in the body only. Story 4 is published for later.
  for (int i = 1; i <= 6; ++i) {
    ArticleDraft d = Draft("Story " + std::to_string(i) + (i == 2 || i == 5 ? " flood" : ""));
    d.body_html = "<p>Words about the flood and more words.</p>";
    d.status = ArticleStatus::kPublished;
    d.published_at = i == 4 ? kNow + std::chrono::hours(1) : kNow - std::chrono::hours(1);
    ASSERT_TRUE((*store)->CreateArticle(d, kNow));
  }
  auto ids = [&](int64_t offset, int64_t limit) {
    SearchQuery q;
    q.text = "flood";
    q.now = kNow;
    q.offset = offset;
    q.limit = limit;
    auto page = (*store)->SearchArticles(q);
    EXPECT_TRUE(page) << page.error().ToString();
    std::vector<int64_t> out;
    if (!page) return out;
    EXPECT_EQ(page->total, 5);
    for (const SearchHit& h : page->hits) out.push_back(h.article.id);
    return out;
  };
  // Candidates 6, 5, 4 (4 not yet live): 5 first (headline), then 6; then
  // the older matches 3, 2, 1 newest first, though 2 is a headline match.
  EXPECT_EQ(ids(0, 10), (std::vector<int64_t>{5, 6, 3, 2, 1}));
  std::vector<int64_t> paged;
  for (int64_t offset = 0; offset < 6; offset += 2) {
    for (int64_t id : ids(offset, 2)) paged.push_back(id);
  }
  EXPECT_EQ(paged, (std::vector<int64_t>{5, 6, 3, 2, 1}));
  EXPECT_EQ(ids(1, 3), (std::vector<int64_t>{6, 3, 2}));
  EXPECT_EQ(ids(4, 3), (std::vector<int64_t>{1}));

  EXPECT_EQ(OpenSqliteStore(dir.path() / "other.db", SqliteOptions{.search_candidates = 0})
                .error()
                .code(),
            Code::kInvalidArgument);
}

// Counting stops at 5,000 matches ("more than 5,000"), so a word most
// stories contain costs no more to count than a page costs to rank.
TEST(SqliteStore, SearchCountsUpTo5000MatchesThenSaysThereAreMore) {
  TempDir dir;
  auto store = OpenSqliteStore(dir.path() / "khabar.db");
  ASSERT_TRUE(store) << store.error().ToString();
  for (int i = 1; i <= 5003; ++i) {
    ArticleDraft d = Draft("Story " + std::to_string(i));
    d.body_html = i % 1000 == 0 ? "<p>The flood and the drought.</p>" : "<p>The flood.</p>";
    d.status = ArticleStatus::kPublished;
    d.published_at = kNow - std::chrono::hours(1);
    ASSERT_TRUE((*store)->CreateArticle(d, kNow));
  }
  SearchQuery q;
  q.text = "flood";
  q.now = kNow;
  auto common = (*store)->SearchArticles(q);
  ASSERT_TRUE(common) << common.error().ToString();
  EXPECT_EQ(common->total, 5000);
  EXPECT_TRUE(common->more);
  EXPECT_EQ(common->hits.size(), 10u);
  q.text = "drought";
  auto rare = (*store)->SearchArticles(q);
  ASSERT_TRUE(rare) << rare.error().ToString();
  EXPECT_EQ(rare->total, 5);
  EXPECT_FALSE(rare->more);
}

}  // namespace
}  // namespace khabar
