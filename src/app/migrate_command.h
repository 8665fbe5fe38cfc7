// `khabar migrate`: moving a whole site from the embedded SQLite store to a
// PostgreSQL database, when one machine is no longer enough.
//
//   khabar migrate --from sqlite:data/khabar.db --to postgresql://khabar@db/news
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
// schema migrate creates) unless `force` is set: then its rows are removed
// first, in the same transaction. Stop the site (or keep the newsroom out)
// while migrating: what is written to SQLite after the copy's snapshot is
// not copied.
#pragma once

#include <string>

#include "base/status.h"

namespace khabar {

// MigrateOptions are the `khabar migrate` flags.
struct MigrateOptions {
  std::string from;    // an SQLite file: PATH or sqlite:PATH; it must exist
  std::string to;      // postgresql://USER[:PASSWORD]@HOST[:PORT]/DB (or postgres://)
  bool force = false;  // replace whatever the target holds
};

// MigrateSite copies the site at options.from into options.to and prints a
// per-table summary (rows, checksum, ok) and the time taken on standard
// output. Errors are one line naming the database (never its password) or
// the table: kNotFound for a missing source file; kInvalidArgument for a
// wrong kind of database, a target that already holds a site (without
// force), or a schema migrate does not know how to copy; kUnavailable when
// the target cannot be reached or is locked by a writer; kInternal for a
// count or checksum mismatch (nothing is committed) and other failures.
Status MigrateSite(const MigrateOptions& options);

}  // namespace khabar
