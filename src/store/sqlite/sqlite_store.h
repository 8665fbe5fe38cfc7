// The embedded Store: one SQLite file beside the site.
//
// OpenSqliteStore opens (creating if missing) a database file, applies the
// schema migrations it lacks (store/migrations.h) in one transaction, and
// returns a Store that is safe to use from many threads: each concurrent
// caller gets its own connection from a small pool. The file is in WAL mode,
// so readers never wait for the writer; writers queue for up to
// `busy_timeout`, then get kUnavailable. Other processes may open the same
// file at the same time.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

#include "base/status.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace khabar {

// SqliteOptions tunes the embedded store; the defaults suit one site on one
// host.
struct SqliteOptions {
  // max_connections bounds the pool: at most this many callers use the
  // database at once; the others wait for a connection.
  int max_connections = 8;
  // busy_timeout is how long a writer waits for another writer (perhaps in
  // another process) before giving up with kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  // search_candidates is how many of the newest stories matching a search
  // are ranked by relevance and recency; older matches follow them, newest
  // first. It bounds a search's work when a common word matches most of
  // the archive: 500 keeps the p99 of a search over 100,000 stories under
  // 20 ms on a 2-core machine (bench/README.md); with recency in the
  // ranking, a story older than the newest 500 matches rarely deserves a
  // place above them.
  int64_t search_candidates = 500;
  // query_observer, when set, is told how long each SQL statement the
  // store runs took (SQLite's statement trace, on every connection of the
  // pool; what SQLite runs inside a statement, such as FTS5's own queries
  // and triggers, counts as part of it). It is called on the thread that
  // ran the statement, from inside SQLite: it must be thread-safe, quick,
  // must not throw, and must outlive the store. Empty = no tracing and no
  // cost.
  std::function<void(std::chrono::nanoseconds)> query_observer = {};
};

// OpenSqliteStore opens `db_file`. Errors: kInvalidArgument when the parent
// directory does not exist, the file is not an SQLite database, or it was
// written by a newer khabar (its schema has steps this build does not know);
// kUnavailable when another process holds the database past the timeout;
// kInternal for other SQLite failures. Messages name the file.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& db_file,
                                               const SqliteOptions& options = {});

// OpenSqliteConnection opens one connection to `db_file` (created if
// missing), with the store's settings (WAL, foreign keys, `busy_timeout`)
// but no pool and no schema steps (open the store first for those): for
// the tools that work on whole tables (store/transfer/). The caller owns
// it and uses it from one thread at a time.
Result<std::unique_ptr<sql::Connection>> OpenSqliteConnection(
    const std::filesystem::path& db_file, std::chrono::milliseconds busy_timeout);

}  // namespace khabar
