// The SQLite driver under SqlStore (see store/sql/connection.h): one
// connection with its cache of prepared statements, transactions, and the
// mapping from SQLite result codes to Status.
//
// Statements are prepared once per connection with
// SQLITE_PREPARE_PERSISTENT and reused. SQLite reads the `?1` placeholders
// as they are written.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "base/status.h"
#include "store/sql/connection.h"

namespace khabar::sql::sqlite_internal {

// SqliteStatus converts a failed SQLite call into a Status: busy or locked
// after the busy timeout -> kUnavailable; a UNIQUE or PRIMARY KEY violation
// -> kAlreadyExists; another constraint, or a file that is not a database ->
// kInvalidArgument; anything else -> kInternal. The message is `context`
// plus sqlite3_errmsg.
Status SqliteStatus(sqlite3* db, int rc, std::string_view context);

// SqliteStatement is one cached prepared statement of a SqliteConnection.
class SqliteStatement final : public sql::PreparedStatement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void Bind(int index, int64_t value) override;
  void Bind(int index, std::string_view value) override;
  void BindNull(int index) override;
  Result<bool> Step() override;
  Status Run() override;
  int64_t Affected() const override { return sqlite3_changes64(db_); }
  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const override;
  bool IsNull(int col) const override;
  void Release() override;

  // Borrow marks the statement in use; false when it already was.
  bool Borrow() { return !std::exchange(in_use_, true); }

 private:
  void NoteBind(int rc) {
    if (bind_rc_ == SQLITE_OK) bind_rc_ = rc;
  }

  sqlite3* const db_;
  sqlite3_stmt* const stmt_;
  bool in_use_ = false;
  int bind_rc_ = SQLITE_OK;
};

// SqliteConnection owns one sqlite3 handle and its statement cache.
//
// Transactions: kWrite is BEGIN IMMEDIATE, which takes the database's write
// lock up front, so a writer never fails half-way on an upgrade and no
// other writer, in this process or another, can slip into its
// read-check-write. kRead is BEGIN (a snapshot from the first read).
class SqliteConnection final : public sql::Connection {
 public:
  // Open opens (creating if needed) `file` and sets the connection's
  // PRAGMAs: WAL journal, foreign keys, synchronous=FULL, busy timeout.
  // With `observer`, every statement the connection runs is timed and
  // reported to it (SqliteOptions::query_observer); null = no tracing.
  static Result<std::unique_ptr<SqliteConnection>> Open(
      const std::filesystem::path& file, std::chrono::milliseconds busy_timeout,
      std::shared_ptr<const QueryObserver> observer = nullptr);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  Result<sql::Statement> Prepare(const std::string& sql) override;
  Status ExecScript(const std::string& sql) override;
  Status Begin(sql::TxKind kind) override;
  Status Commit() override;
  void Rollback() override;
  void RollbackIfOpen() override;
  // Healthy: an SQLite connection stays usable whatever failed.
  bool Healthy() const override { return true; }
  const sql::Dialect& dialect() const override;

  sqlite3* db() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db);
  Status RunFixed(const std::string& sql);

  // Trace is the query timing state, present only with an observer.
  struct Trace;
  static int OnTrace(unsigned type, void* trace, void* stmt, void* detail);

  sqlite3* const db_;
  // The destructor finalizes these before it closes db_.
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
  // Declared after db_ and destroyed after the destructor closes it, so
  // SQLite never calls OnTrace with a dead Trace.
  std::unique_ptr<Trace> trace_;
};

}  // namespace khabar::sql::sqlite_internal
