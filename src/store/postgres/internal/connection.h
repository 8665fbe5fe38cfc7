// The PostgreSQL plumbing under PostgresStore: one libpq connection with its
// prepared statements, a handle on one execution of a statement,
// transactions, and the mapping from SQLSTATE codes to Status.
//
// The shapes follow store/sqlite/internal/connection.h on purpose, so the
// two backends' methods read alike: Prepare, Bind by 1-based index, Step
// through rows, read columns by 0-based index. Every value reaches SQL
// through a bound parameter ($1, $2, ...), sent as text; the server infers
// each parameter's type from where it is used (cast it in the SQL where
// that is ambiguous). A Connection is used by one thread at a time (the
// pool hands it out), so nothing here locks.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "base/status.h"

typedef struct pg_conn PGconn;
typedef struct pg_result PGresult;

namespace khabar::postgres_internal {

class Connection;

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

// Statement is one execution of a prepared statement: bind its parameters,
// then Step through its rows (the first Step executes it) or Run it. It
// must not outlive its Connection.
class Statement {
 public:
  Statement(Connection* c, const std::string* name, const std::string* sql)
      : c_(c), name_(name), sql_(sql) {}
  Statement(Statement&&) = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;

  // Bind sets parameter `index` (1-based, as in "$1").
  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, std::optional<int64_t> value);
  Statement& BindNull(int index);

  // Step advances to the next row: true when a row is ready, false when the
  // statement is done. The first call executes the statement.
  Result<bool> Step();
  // Run executes a statement to completion, ignoring any rows.
  Status Run();
  // Affected is how many rows the executed statement inserted, updated or
  // deleted (PQcmdTuples).
  int64_t Affected() const;

  // Column readers for the current row; `col` is 0-based. Int reads a
  // boolean column as 0 or 1.
  int64_t Int(int col) const;
  std::string Text(int col) const;
  bool IsNull(int col) const;

 private:
  Status Execute();

  Connection* c_;
  const std::string* name_;  // the prepared statement's name on the server
  const std::string* sql_;   // for messages
  std::vector<std::optional<std::string>> params_;
  PgResult result_;
  int row_ = -1;  // the current row; -1 before the first Step
  int rows_ = 0;
};

// QueryObserver is told how long one SQL statement ran.
using QueryObserver = std::function<void(std::chrono::nanoseconds)>;

// Connection owns one libpq connection and the names of the statements
// prepared on it.
class Connection {
 public:
  // Open connects to `url` (a libpq connection URI or key=value string) and
  // sets the session's lock timeout (a writer waiting longer gets
  // kUnavailable) and time zone (UTC). With `observer`, every statement is
  // timed and reported to it.
  static Result<std::unique_ptr<Connection>> Open(
      const std::string& url, std::chrono::milliseconds lock_timeout,
      std::shared_ptr<const QueryObserver> observer = nullptr);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepare returns a statement for `sql`, preparing it on the server the
  // first time this connection sees that text.
  Result<Statement> Prepare(const std::string& sql);

  // ExecScript runs fixed SQL text of one or more statements with no
  // parameters (schema steps, BEGIN). Never pass it values.
  Status ExecScript(const std::string& sql);

  // RollbackIfOpen ends a transaction a failed caller left open, so the
  // next user of this connection starts clean.
  void RollbackIfOpen();
  // Healthy is false once the server connection is lost; the pool then
  // closes this connection instead of reusing it.
  bool Healthy() const;

  PGconn* conn() const { return conn_; }
  const QueryObserver* observer() const { return observer_.get(); }

 private:
  explicit Connection(PGconn* conn, std::shared_ptr<const QueryObserver> observer)
      : conn_(conn), observer_(std::move(observer)) {}

  PGconn* const conn_;
  const std::shared_ptr<const QueryObserver> observer_;
  // sql -> statement name; node-based, so addresses given to Statements are
  // stable.
  std::unordered_map<std::string, std::string> prepared_;
};

// Transaction kinds. kWrite takes the store's write lock (a transaction
// advisory lock) as its first step, so writers run one at a time across
// every node and process, as on SQLite: a read-check-write (a version
// check, a find-or-create) cannot interleave with another writer, and the
// change journal's sequence is in commit order. kRead is a REPEATABLE READ
// transaction: one consistent snapshot across several queries.
enum class TxKind { kRead, kWrite };

// kWriteLockKey is the advisory lock every writer takes (also the change
// journal's triggers, for writers outside the store).
inline constexpr int64_t kWriteLockKey = 0x6b68616261720001;  // "khabar" 1

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

}  // namespace khabar::postgres_internal
