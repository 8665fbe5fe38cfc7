// Backing up an SQLite site while it serves and writes, and bringing such
// a copy back (`khabar backup`, `khabar restore`). These work on files and
// pages, below anything the Store or the SQL driver offers: SQLite's
// online backup API and its checks, on raw handles. PostgreSQL has its
// own tools for this (pg_dump, pg_basebackup).
//
// A backup copies the pages in chunks, each under a short read lock, so
// the site's writers wait at most for one chunk. A write by the site
// between two chunks makes SQLite start the copy again from the first
// page; after a few such restarts the rest is copied in ONE step, i.e. in
// one read transaction, which in WAL mode (the store's journal mode) does
// not block writers either, so a busy site cannot keep a backup from
// finishing. The copy is a snapshot of one committed state of the site. It
// is written to FILE.tmp-<pid>-<n> beside FILE, synced, and only then given
// FILE's name (never replacing an existing FILE unless forced), so a
// backup cut short never has the final name.
//
// A restore checks FILE before touching the database: an SQLite database
// with `schema_migrations`, `PRAGMA integrity_check` ok, and no schema step
// newer than this build. The server must be stopped: restore refuses while
// any process has the database open (it looks for the shared-memory lock
// every SQLite connection in WAL mode holds on DB-shm), though a server
// started during the restore itself is not detected. FILE is copied to a
// temporary file in the database's directory, checked there, synced, and
// renamed over the database; the old database's -wal and -shm are removed
// just before the rename, because a WAL left beside the new file would be
// replayed into it on the next open. FILE itself is only read.
//
// Errors name the file as given, on one line.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "base/status.h"

namespace khabar::transfer {

struct SqliteBackupOptions {
  bool force = false;  // replace an existing backup file
};

struct SqliteBackupReport {
  int pages = 0;
  uintmax_t bytes = 0;  // the backup file's size (0 if it could not be read)
  int restarts = 0;     // how many times the site's writes restarted the copy
  std::chrono::milliseconds took{};
};

// BackupSqliteDatabase copies the SQLite database `db` into `file`.
// Errors: kNotFound when `db` or `file`'s directory does not exist;
// kAlreadyExists when `file` exists and not force; kInternal for SQLite or
// file system failures.
Result<SqliteBackupReport> BackupSqliteDatabase(const std::filesystem::path& db,
                                                const std::filesystem::path& file,
                                                const SqliteBackupOptions& options = {});

// RestoreSqliteDatabase replaces the SQLite database `db` (which need not
// exist) with `file`, a backup made by BackupSqliteDatabase, checked.
// Errors: kNotFound for a missing `file` or directory of `db`;
// kInvalidArgument for a `file` that is not a khabar database, fails
// integrity_check, is newer than this build or has a WAL beside it;
// kUnavailable when a process has `db` open; kInternal for other failures.
Status RestoreSqliteDatabase(const std::filesystem::path& file, const std::filesystem::path& db);

}  // namespace khabar::transfer
