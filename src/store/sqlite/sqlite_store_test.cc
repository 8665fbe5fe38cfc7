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

}  // namespace
}  // namespace khabar
