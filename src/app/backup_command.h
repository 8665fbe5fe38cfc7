// `khabar backup` and `khabar restore`: a copy of an SQLite site taken
// while it serves and writes, and bringing such a copy back.
//
//   khabar backup backups/2026-03-02.db --db data/khabar.db   [--force]
//   khabar restore backups/2026-03-02.db --db data/khabar.db  (server stopped)
//
// backup uses SQLite's online backup API: the pages are copied in chunks,
// each under a short read lock, so the site's writers wait at most for one
// chunk. A write by the site between two chunks makes SQLite start the copy
// again from the first page; after a few such restarts the rest is copied
// in ONE step, i.e. in one read transaction, which in WAL mode (the store's
// journal mode) does not block writers either, so a busy site cannot keep a
// backup from finishing. The copy is a snapshot of one committed state of
// the site. It is written to FILE.tmp-<pid>-<n> beside FILE, synced, and
// only then given FILE's name (never replacing an existing FILE unless
// --force), so a backup cut short never has the final name.
//
// restore checks FILE before touching --db: an SQLite database with
// `schema_migrations`, `PRAGMA integrity_check` ok, and no schema step newer
// than this build. The server must be stopped: restore refuses while any
// process has --db open (it looks for the shared-memory lock every SQLite
// connection in WAL mode holds on DB-shm), though a server started during
// the restore itself is not detected. FILE is copied to a temporary file in
// --db's directory, checked there, synced, and renamed over --db; the old
// database's -wal and -shm are removed just before the rename, because a
// WAL left beside the new file would be replayed into it on the next open.
// FILE itself is only read.
//
// Both refuse a PostgreSQL --db: pg_dump and pg_basebackup do that job.
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
