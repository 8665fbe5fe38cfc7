// BackupSqliteDatabase and RestoreSqliteDatabase on temp files: a backup
// that opens as the site, the refusals, and a restore's checks. A backup
// under a busy writer, through the real binary, is
// tests/e2e/crash_safety_test.cc's.
#include "store/transfer/sqlite_backup.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace khabar::transfer {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// MakeSite writes a store with one section, "World", at `file`.
void MakeSite(const fs::path& file) {
  auto store = OpenSqliteStore(file);
  ASSERT_TRUE(store) << store.error().ToString();
  auto section = (*store)->CreateSection(Section{0, "", "World", 2});
  ASSERT_TRUE(section) << section.error().ToString();
}

// SectionNames lists the sections of the store at `file`.
std::string SectionNames(const fs::path& file) {
  auto store = OpenSqliteStore(file);
  if (!store) return "error: " + store.error().ToString();
  auto sections = (*store)->ListSections(std::nullopt);
  if (!sections) return "error: " + sections.error().ToString();
  std::string names;
  for (const Section& s : *sections) names += s.name + ";";
  return names;
}

int Entries(const fs::path& dir) {
  int n = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
  return n;
}

TEST(TransferBackup, CopiesTheSiteAndRefusesToReplaceABackupUnlessForced) {
  TempDir site, out;
  const fs::path db = site.path() / "khabar.db";
  MakeSite(db);
  if (HasFatalFailure()) return;
  const fs::path file = out.path() / "backup.db";

  auto report = BackupSqliteDatabase(db, file);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_GT(report->pages, 0);
  EXPECT_EQ(report->bytes, fs::file_size(file));
  EXPECT_EQ(report->restarts, 0);
  EXPECT_EQ(Entries(out.path()), 1) << "nothing but the backup is left beside it";
  EXPECT_EQ(SectionNames(file), "World;");

  auto again = BackupSqliteDatabase(db, file);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(again.error().message(), file.string() + ": already exists (--force replaces it)");
  auto forced = BackupSqliteDatabase(db, file, SqliteBackupOptions{.force = true});
  ASSERT_TRUE(forced) << forced.error().ToString();
  EXPECT_EQ(Entries(out.path()), 1);
}

TEST(TransferBackup, AMissingDatabaseOrDirectoryIsNamed) {
  TempDir dir;
  auto no_db = BackupSqliteDatabase(dir.path() / "none.db", dir.path() / "backup.db");
  ASSERT_FALSE(no_db);
  EXPECT_EQ(no_db.error().code(), Code::kNotFound);
  EXPECT_THAT(no_db.error().message(), HasSubstr("none.db: no such database"));
  EXPECT_FALSE(fs::exists(dir.path() / "none.db"));

  MakeSite(dir.path() / "khabar.db");
  if (HasFatalFailure()) return;
  auto no_dir = BackupSqliteDatabase(dir.path() / "khabar.db", dir.path() / "gone" / "backup.db");
  ASSERT_FALSE(no_dir);
  EXPECT_EQ(no_dir.error().code(), Code::kNotFound);
  EXPECT_THAT(no_dir.error().message(), HasSubstr("no such directory"));
}

TEST(TransferRestore, PutsACheckedBackupInPlace) {
  TempDir site, out;
  const fs::path db = site.path() / "khabar.db";
  MakeSite(db);
  if (HasFatalFailure()) return;
  const fs::path file = out.path() / "backup.db";
  ASSERT_TRUE(BackupSqliteDatabase(db, file));

  const fs::path fresh = out.path() / "fresh.db";
  ASSERT_TRUE(RestoreSqliteDatabase(file, fresh).ok());
  EXPECT_EQ(SectionNames(fresh), "World;");
  // Over an existing site too, whose WAL must not be replayed into it.
  ASSERT_TRUE(RestoreSqliteDatabase(file, db).ok());
  EXPECT_EQ(SectionNames(db), "World;");
}

// (A site in use is refused too, but the lock restore looks for is held by
// another process: crash_safety_test.cc restores under a running server.)
TEST(TransferRestore, RefusesWhatIsNotAKhabarBackup) {
  TempDir dir;
  const fs::path db = dir.path() / "khabar.db";
  const fs::path junk = dir.path() / "junk.db";
  std::ofstream(junk) << "not a database, just some text long enough to be read";
  Status s = RestoreSqliteDatabase(junk, db);
  EXPECT_EQ(s.code(), Code::kInvalidArgument) << s.ToString();
  EXPECT_THAT(s.message(), HasSubstr("junk.db: not an SQLite database"));
  EXPECT_FALSE(fs::exists(db));

  Status missing = RestoreSqliteDatabase(dir.path() / "none.db", db);
  EXPECT_EQ(missing.code(), Code::kNotFound) << missing.ToString();
  EXPECT_THAT(missing.message(), HasSubstr("none.db: no such file"));

  // A database written by a newer khabar.
  const fs::path newer = dir.path() / "newer.db";
  MakeSite(newer);
  if (HasFatalFailure()) return;
  {
    auto c = OpenSqliteConnection(newer, std::chrono::milliseconds(100));
    ASSERT_TRUE(c) << c.error().ToString();
    ASSERT_TRUE((*c)->ExecScript("INSERT INTO schema_migrations (version, description)"
                                 " VALUES (100000, 'from the future')")
                    .ok());
  }
  Status future = RestoreSqliteDatabase(newer, db);
  EXPECT_EQ(future.code(), Code::kInvalidArgument) << future.ToString();
  EXPECT_THAT(future.message(), HasSubstr("schema version 100000 is newer than this build"));
  EXPECT_FALSE(fs::exists(db));
  EXPECT_EQ(Entries(dir.path()), 2) << "junk.db and newer.db; no temporary file is left behind";
}

}  // namespace
}  // namespace khabar::transfer
