// The PostgreSQL driver under SqlStore (see store/sql/connection.h): one
// libpq connection with its prepared statements, transactions, and the
// mapping from SQLSTATE codes to Status.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "store/sql/connection.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace khabar::sql::postgres_internal {

class PgConnection;

// PgResult owns a libpq result.
struct PgResultFree {
  void operator()(PGresult* r) const;
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

// PgStatus converts a failed command into a Status by its SQLSTATE:
// unique_violation -> kAlreadyExists; other integrity violations and data
// exceptions (bad input) -> kInvalidArgument; lock timeouts, serialization
// failures, deadlocks, a lost or refused connection, a server shutting
// down -> kUnavailable; anything else -> kInternal. The message is
// `context` plus the server's message.
Status PgStatus(const PGresult* result, PGconn* conn, std::string_view context);

// PgParams are a statement's parameters as libpq takes them: text, the
// server inferring each one's type from where it is used; NULL as null.
class PgParams {
 public:
  // Set sets parameter `index` (1-based; others are ignored).
  void Set(int index, std::optional<std::string> value);
  void Clear() { values_.clear(); }
  // Pointers are the values for libpq, valid until the next Set or Clear.
  std::vector<const char*> Pointers() const;

 private:
  std::vector<std::optional<std::string>> values_;
};

// Column readers for row `row` of `result`, as sql::PreparedStatement
// reads them: a boolean ('t', 'f') as 1 or 0 and NULL as 0 by Int, NULL as
// "" by Text.
int64_t ResultInt(const PGresult* result, int row, int col);
std::string ResultText(const PGresult* result, int row, int col);
bool ResultIsNull(const PGresult* result, int row, int col);

// PgStatement is one statement prepared on a PgConnection: the parameters
// of its current use, and the rows of its execution. Parameters are sent
// as text; the server infers each one's type from where it is used.
class PgStatement final : public sql::PreparedStatement {
 public:
  PgStatement(PgConnection* c, std::string name, std::string sql)
      : c_(c), name_(std::move(name)), sql_(std::move(sql)) {}

  void Bind(int index, int64_t value) override;
  void Bind(int index, std::string_view value) override;
  void BindNull(int index) override;
  Result<bool> Step() override;
  Status Run() override;
  int64_t Affected() const override;
  int64_t Int(int col) const override;
  std::string Text(int col) const override;
  bool IsNull(int col) const override;
  void Release() override;

  // Borrow marks the statement in use; false when it already was.
  bool Borrow() { return !std::exchange(in_use_, true); }

 private:
  Status Execute();

  PgConnection* const c_;
  const std::string name_;  // the prepared statement's name on the server
  const std::string sql_;   // for messages
  PgParams params_;
  PgResult result_;
  int row_ = -1;  // the current row; -1 before the first Step
  int rows_ = 0;
  bool in_use_ = false;
};

class PgStream;

// PgConnection owns one libpq connection and the statements prepared on it.
//
// Transactions: kWrite takes the store's write lock (a transaction advisory
// lock, kWriteLockKey) as its first step, so writers run one at a time
// across every node and process, as on SQLite; it is READ COMMITTED, so
// each statement sees what was committed before it began. kRead is a
// REPEATABLE READ transaction: one snapshot across several queries.
class PgConnection final : public sql::Connection {
 public:
  // Open connects to `url` (a libpq connection URI or key=value string) and
  // sets the session's lock timeout (a writer waiting longer gets
  // kUnavailable) and time zone (UTC). With `observer`, every statement is
  // timed and reported to it.
  static Result<std::unique_ptr<PgConnection>> Open(
      const std::string& url, std::chrono::milliseconds lock_timeout,
      std::shared_ptr<const QueryObserver> observer = nullptr);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Prepare rewrites the `?n` placeholders as `$n` the first time it sees
  // a text; statements written with `$n` are taken as they are.
  Result<sql::Statement> Prepare(const std::string& sql) override;
  Status ExecScript(const std::string& sql) override;
  Status Begin(sql::TxKind kind) override;
  Status Commit() override;
  void Rollback() override;
  void RollbackIfOpen() override;
  // Healthy is false once the server connection is lost.
  bool Healthy() const override;
  const sql::Dialect& dialect() const override;
  // PrepareStream lends the connection's one streamed statement
  // (internal/row_stream.h); kInternal while it is lent.
  Result<sql::Statement> PrepareStream(const std::string& sql) override;
  // WriteRows copies the rows in with COPY (internal/copy_writer.h).
  Result<std::unique_ptr<sql::RowWriter>> WriteRows(
      const std::string& table, const std::vector<std::string>& columns) override;

  PGconn* conn() const { return conn_; }
  const QueryObserver* observer() const { return observer_.get(); }

 private:
  PgConnection(PGconn* conn, std::shared_ptr<const QueryObserver> observer);

  PGconn* const conn_;
  const std::shared_ptr<const QueryObserver> observer_;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> prepared_;  // by text
  std::unique_ptr<PgStream> stream_;                                        // made on first use
};

// kWriteLockKey is the advisory lock every writer takes (also the change
// journal's triggers, for writers outside the store).
inline constexpr int64_t kWriteLockKey = 0x6b68616261720001;  // "khabar" 1

}  // namespace khabar::sql::postgres_internal
