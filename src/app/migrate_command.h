// `khabar migrate`: moving a whole site from the embedded SQLite store to a
// PostgreSQL database, when one machine is no longer enough.
//
//   khabar migrate --from sqlite:data/khabar.db --to postgresql://khabar@db/news
//
// The copy itself (one PostgreSQL transaction, every table checked by
// count and checksum before the commit, what is and is not copied) is
// store/transfer/site_copy.h's; this command reads the flags and prints
// the summary.
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
