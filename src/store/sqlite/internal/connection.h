// The SQLite plumbing under SqliteStore: one connection with its cache of
// prepared statements, a RAII handle on a cached statement, transactions,
// and the mapping from SQLite result codes to Status.
//
// A Connection is used by one thread at a time (the pool hands it out), so
// nothing here locks. Statements are prepared once per connection with
// SQLITE_PREPARE_PERSISTENT and reused; every value reaches SQL through a
// bound parameter.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "base/status.h"

namespace khabar::sqlite_internal {

// SqliteStatus converts a failed SQLite call into a Status: busy or locked
// after the busy timeout -> kUnavailable; a UNIQUE or PRIMARY KEY violation
// -> kAlreadyExists; another constraint, or a file that is not a database ->
// kInvalidArgument; anything else -> kInternal. The message is `context`
// plus sqlite3_errmsg.
Status SqliteStatus(sqlite3* db, int rc, std::string_view context);

// Statement borrows a cached prepared statement for one use. Destroying it
// resets the statement and clears its bindings, which also ends the read it
// holds open. It must not outlive its Connection.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use)
      : db_(db), stmt_(stmt), in_use_(in_use) {}
  Statement(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  // Bind sets parameter `index` (1-based, as in "?1"). A failed bind is
  // reported by the next Step or Run.
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, std::optional<int64_t> value);

  // Step advances to the next row: true when a row is ready, false when the
  // statement is done.
  Result<bool> Step();
  // Run steps a statement that returns no rows to completion.
  Status Run();

  // Column readers for the current row; `col` is 0-based.
  int64_t Int(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache's flag; cleared on destruction
  int bind_rc_ = SQLITE_OK;
};

// QueryObserver is told how long one SQL statement ran.
using QueryObserver = std::function<void(std::chrono::nanoseconds)>;

// Connection owns one sqlite3 handle and its statement cache.
class Connection {
 public:
  // Open opens (creating if needed) `file` and sets the connection's
  // PRAGMAs: WAL journal, foreign keys, synchronous=FULL, busy timeout.
  // With `observer`, every statement the connection runs is timed and
  // reported to it (SqliteOptions::query_observer); null = no tracing.
  static Result<std::unique_ptr<Connection>> Open(
      const std::filesystem::path& file, std::chrono::milliseconds busy_timeout,
      std::shared_ptr<const QueryObserver> observer = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepare returns the cached statement for `sql`, preparing it the first
  // time. Using the same text twice at once is a bug and returns kInternal.
  Result<Statement> Prepare(const std::string& sql);

  // ExecScript runs fixed SQL text of one or more statements with no
  // parameters (schema steps, PRAGMAs). Never pass it values.
  Status ExecScript(const char* sql);

  // RollbackIfOpen ends a transaction a failed caller left open, so the next
  // user of this connection starts clean.
  void RollbackIfOpen();
  // Healthy: an SQLite connection stays usable whatever failed.
  bool Healthy() const { return true; }

  sqlite3* db() const { return db_; }

 private:
  explicit Connection(sqlite3* db);

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  // Trace is the query timing state, present only with an observer.
  struct Trace;
  static int OnTrace(unsigned type, void* trace, void* stmt, void* detail);

  sqlite3* const db_;
  // Node-based, so a Cached's address (given to a Statement) is stable.
  std::unordered_map<std::string, Cached> cache_;
  // Declared after db_ and destroyed after the destructor closes it, so
  // SQLite never calls OnTrace with a dead Trace.
  std::unique_ptr<Trace> trace_;
};

// Transaction kinds: kWrite takes the write lock up front (BEGIN IMMEDIATE)
// so a writer never fails half-way on an upgrade; kRead gives a consistent
// snapshot across several queries.
enum class TxKind { kRead, kWrite };

Status Begin(Connection& c, TxKind kind);
Status Commit(Connection& c);
void Rollback(Connection& c);

// FailAs returns `s` as an R, where R is Status or some Result<T>.
template <typename R>
R FailAs(Status s) {
  if constexpr (std::is_same_v<R, Status>) {
    return s;
  } else {
    return R(std::unexpect, std::move(s));
  }
}
inline bool IsOk(const Status& s) { return s.ok(); }
template <typename T>
bool IsOk(const Result<T>& r) {
  return r.has_value();
}

// InTransaction runs `body` (returning Status or Result<T>) inside a
// transaction: committed when it succeeds, rolled back when it fails.
template <typename F>
auto InTransaction(Connection& c, TxKind kind, F&& body) -> decltype(body()) {
  using R = decltype(body());
  if (Status s = Begin(c, kind); !s.ok()) return FailAs<R>(std::move(s));
  R r = body();
  if (!IsOk(r)) {
    Rollback(c);
    return r;
  }
  if (Status s = Commit(c); !s.ok()) {
    Rollback(c);
    return FailAs<R>(std::move(s));
  }
  return r;
}

}  // namespace khabar::sqlite_internal
