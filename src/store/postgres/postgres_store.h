// The scale-out Store: one PostgreSQL database shared by every khabar node.
//
// OpenPostgresStore connects to a database, applies the schema migrations
// it lacks (store/migrations.h, the same steps as SQLite's in PostgreSQL's
// dialect) in one transaction, under a lock, so nodes starting at once
// migrate once, and returns a Store safe to use from many threads: each
// concurrent caller gets its own connection from a small pool. Writers run
// one at a time across all nodes (see sql::postgres_internal::TxKind), as on
// SQLite, so both backends give the same guarantees; readers never wait.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/status.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace khabar {

// PostgresOptions tunes the PostgreSQL store.
struct PostgresOptions {
  // max_connections bounds the pool (per node): at most this many callers
  // use the database at once; the others wait for a connection.
  int max_connections = 8;
  // lock_timeout is how long a writer waits for another writer (perhaps on
  // another node) before giving up with kUnavailable.
  std::chrono::milliseconds lock_timeout{5000};
  // search_candidates: as SqliteOptions::search_candidates.
  int64_t search_candidates = 500;
  // query_observer: as SqliteOptions::query_observer (called with each
  // statement's round trip, measured by the client).
  std::function<void(std::chrono::nanoseconds)> query_observer = {};
  // replica: the database is a read-only standby (--db-replica). Opening
  // runs no migration (a standby cannot write; the primary migrates and
  // the standby replays it) but checks the schema is the one this build
  // expects. Writes through such a store fail.
  bool replica = false;
};

// IsPostgresUrl reports whether `db` names a PostgreSQL database
// ("postgresql://..." or "postgres://...") rather than an SQLite file.
bool IsPostgresUrl(std::string_view db);

// RedactedUrl is `url` without its password, for messages and logs.
std::string RedactedUrl(std::string_view url);

// OpenPostgresStore connects to `url` (a libpq URI:
// postgresql://user:password@host:port/database?sslmode=...). Errors:
// kUnavailable when the server cannot be reached or refuses the login;
// kInvalidArgument when the database was written by a newer khabar;
// kInternal for other failures. Messages name the database (without the
// password).
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const PostgresOptions& options = {});

// OpenPostgresConnection opens one connection to `url`, with the store's
// session settings (UTC, `lock_timeout` for writers) but no pool and no
// schema steps (open the store first for those): for the tools that work
// on whole tables (store/transfer/). Errors as OpenPostgresStore's, but
// the message ("connect: ...") does not name the database. The caller
// owns it and uses it from one thread at a time.
Result<std::unique_ptr<sql::Connection>> OpenPostgresConnection(
    const std::string& url, std::chrono::milliseconds lock_timeout);

}  // namespace khabar
