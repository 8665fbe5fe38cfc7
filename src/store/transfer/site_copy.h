// Copying a whole site from the embedded SQLite store to a PostgreSQL
// database, when one machine is no longer enough (`khabar migrate`).
//
// Every table of the schema is copied row for row, ids kept, in foreign-key
// order, inside ONE PostgreSQL transaction: the target ends up with the
// whole site or, on any failure, exactly as it was. Before that transaction
// commits, each table is read back from PostgreSQL and compared with what
// was read from SQLite: the row count and a BLAKE2b checksum of the rows in
// a canonical form must be equal, or nothing is committed. The source is
// read in one SQLite read transaction (a consistent snapshot) and never
// written, except that opening it first brings its schema up to date, as
// any khabar command would.
//
// What is not copied row for row: `schema_migrations` (each database
// records its own steps; both are at this build's latest), the `changes`
// journal (its sequence belongs to the target: the copy leaves it one
// "settings" and one "calendar" entry, which tell any node already running
// on the target to drop its whole page cache and reload its Hijri records),
// and the search index, which PostgreSQL's backend rebuilds in its own form
// for every published story.
//
// The target must hold no site yet (a freshly created database, whose
// schema the copy creates) unless `force` is set: then its rows are
// removed first, in the same transaction. Stop the site (or keep the
// newsroom out) while copying: what is written to SQLite after the copy's
// snapshot is not copied.
//
// The copy works on tables, not through Store methods: it must move every
// row exactly as stored (ids, history, sessions, hashes), which no Store
// method exposes. It is written once over the SQL driver interface
// (store/sql/connection.h) and each database's dialect, which describes
// its own schema; nothing here knows a backend's internals.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"

namespace khabar::transfer {

struct SiteCopyOptions {
  bool force = false;  // replace whatever the target holds
};

// CopiedTable is one table's (or the search index's) count and checksum,
// equal on both sides.
struct CopiedTable {
  std::string name;
  bool search_index = false;  // rebuilt by the target rather than copied
  int64_t rows = 0;
  std::string checksum;                        // BLAKE2b-256 of the rows in canonical form, in hex
  std::chrono::steady_clock::duration took{};  // writing it (not verifying)
};

struct SiteCopyReport {
  std::string source;               // "sqlite:PATH"
  std::string target;               // the URL without its password
  std::vector<CopiedTable> tables;  // in the order copied; the search index last
  bool replaced = false;            // `force` emptied a site that was there
  // took is the copy's time (reading, writing, verifying, committing),
  // without the schemas' creation, which is the same for any size of site.
  std::chrono::steady_clock::duration took{};
  // warning, when not empty, is a failure after the commit that leaves the
  // copy whole (refreshing the search index's statistics).
  std::string warning;
};

// CopySiteToPostgres copies the site in `sqlite_file` into the database at
// `postgres_url` (postgresql://USER[:PASSWORD]@HOST[:PORT]/DB). Errors are
// one line naming the database (never its password) or the table, as
// `khabar migrate` prints them: kInvalidArgument for a target that already
// holds a site (without force) or a schema the copy does not know how to
// copy; kUnavailable when the target cannot be reached or is locked by a
// writer; kInternal for a count or checksum mismatch (nothing is
// committed) and other failures.
// REQUIRES: `sqlite_file` exists (opening would create an empty one).
Result<SiteCopyReport> CopySiteToPostgres(const std::filesystem::path& sqlite_file,
                                          const std::string& postgres_url,
                                          const SiteCopyOptions& options = {});

}  // namespace khabar::transfer
