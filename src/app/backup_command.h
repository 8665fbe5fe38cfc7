// `khabar backup` and `khabar restore`: a copy of an SQLite site taken
// while it serves and writes, and bringing such a copy back.
//
//   khabar backup backups/2026-03-02.db --db data/khabar.db   [--force]
//   khabar restore backups/2026-03-02.db --db data/khabar.db  (server stopped)
//
// How the copy is taken, checked and put in place is
// store/transfer/sqlite_backup.h's; these commands read the flags and print
// one line. Both refuse a PostgreSQL --db: pg_dump and pg_basebackup do
// that job.
#pragma once

#include <string>

#include "base/status.h"

namespace khabar {

struct BackupOptions {
  std::string db;      // --db: the live site (SQLite)
  std::string file;    // where the backup goes
  bool force = false;  // replace an existing `file`
};

// BackupSite copies options.db into options.file and prints one line (pages,
// bytes, time) on standard output. Errors name the file: kInvalidArgument for
// a PostgreSQL --db; kNotFound when --db does not exist; kAlreadyExists when
// FILE exists and not force; kInternal for SQLite or file system failures.
Status BackupSite(const BackupOptions& options);

struct RestoreOptions {
  std::string db;    // --db: the site to replace (SQLite; need not exist)
  std::string file;  // a backup made by BackupSite
};

// RestoreSite replaces options.db with options.file, checked. Errors name the
// file: kNotFound for a missing FILE; kInvalidArgument for a FILE that is not
// a khabar database, fails integrity_check, is newer than this build, or a
// PostgreSQL --db; kUnavailable when a process has --db open.
Status RestoreSite(const RestoreOptions& options);

}  // namespace khabar
