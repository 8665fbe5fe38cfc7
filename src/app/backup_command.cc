// BackupSite and RestoreSite: --db checked, the copy
// (store/transfer/sqlite_backup.h) made, one line printed.
#include "app/backup_command.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/store_open.h"
#include "store/transfer/sqlite_backup.h"

namespace khabar {
namespace {

// SqliteFileOf parses --db and refuses PostgreSQL.
Result<std::filesystem::path> SqliteFileOf(const std::string& db, const char* command) {
  auto spec = ParseDatabase(db);
  if (!spec) return Err(spec.error());
  if (spec->is_postgres()) {
    return InvalidArgument(spec->Display() + ": " + command +
                           " works on an SQLite --db; for PostgreSQL use pg_dump (a logical "
                           "copy) or pg_basebackup (the whole cluster)");
  }
  return std::filesystem::path(spec->location);
}

}  // namespace

Status BackupSite(const BackupOptions& options) {
  auto db = SqliteFileOf(options.db, "backup");
  if (!db) return db.error();
  auto report = transfer::BackupSqliteDatabase(
      *db, options.file, transfer::SqliteBackupOptions{.force = options.force});
  if (!report) return report.error();
  std::printf("backup %s: %d pages, %ju bytes, %lld ms%s\n", options.file.c_str(), report->pages,
              report->bytes, static_cast<long long>(report->took.count()),
              report->restarts > 0
                  ? (", restarted " + std::to_string(report->restarts) + " times by writes").c_str()
                  : "");
  return Status();
}

Status RestoreSite(const RestoreOptions& options) {
  auto db = SqliteFileOf(options.db, "restore");
  if (!db) return db.error();
  if (Status s = transfer::RestoreSqliteDatabase(options.file, *db); !s.ok()) return s;
  std::printf("restored %s from %s\n", db->string().c_str(), options.file.c_str());
  return Status();
}

}  // namespace khabar
