// The SQL driver interface under SqlStore: what a database must offer for
// the store's SQL, written once, to run on it. A backend (store/sqlite/,
// store/postgres/) implements Connection and PreparedStatement over its
// client library; everything above them sees only these two classes and
// the Dialect (sql/dialect.h) for what really differs in the SQL text.
// Copies of whole tables (store/transfer/) also stream reads and write in
// bulk (Connection::PrepareStream, RowWriter), where a driver can do
// better than a statement per row.
//
// Shapes, as in PowerDNS's generic SQL backend: Prepare a statement by its
// text, Bind by 1-based index, Step through rows, read columns by 0-based
// index. Placeholders are written `?1`, `?2`, ... in every statement; a
// driver whose database spells them otherwise (libpq's `$1`) rewrites the
// text once, when it first prepares it. Every value reaches SQL through a
// bound parameter. Where a database must be told a parameter's type, the
// SQL says so portably: `CAST(?1 AS BIGINT)`.
//
// Ownership and threads: a Connection is used by one thread at a time (the
// pool, store/connection_pool.h, hands it out), so nothing here locks. It
// owns its prepared statements, each prepared once per connection and
// reused; a Statement borrows one for a single use and must not outlive
// its Connection. The hot path costs one virtual call per bind, step and
// column read, next to a database call each.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/status.h"

namespace khabar::sql {

class Dialect;

// PreparedStatement is what a driver implements for one prepared statement
// on one connection. Callers use it through Statement.
class PreparedStatement {
 public:
  virtual ~PreparedStatement() = default;

  // Bind sets parameter `index` (1-based). A failed bind is reported by the
  // next Step or Run.
  virtual void Bind(int index, int64_t value) = 0;
  virtual void Bind(int index, std::string_view value) = 0;
  virtual void BindNull(int index) = 0;
  // Step advances to the next row: true when a row is ready, false when the
  // statement is done. The first call executes the statement.
  virtual Result<bool> Step() = 0;
  // Run executes the statement to completion, ignoring any rows.
  virtual Status Run() = 0;
  // Affected is how many rows the finished statement inserted, updated or
  // deleted (for a new row's id, use INSERT ... RETURNING id).
  virtual int64_t Affected() const = 0;
  // Column readers for the current row; `col` is 0-based. Int reads a
  // boolean as 0 or 1 and a NULL as 0; Text reads a NULL as "".
  virtual int64_t Int(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  // Release ends this use: drops its rows and bindings, and makes the
  // statement available to the next Prepare of its text.
  virtual void Release() = 0;
};

// Statement borrows a connection's prepared statement for one use;
// destroying it releases the statement (which also ends the read it holds
// open). Binders return *this, so binds chain.
class Statement {
 public:
  explicit Statement(PreparedStatement* prepared) : p_(prepared) {}
  Statement(Statement&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement() {
    if (p_ != nullptr) p_->Release();
  }

  Statement& Bind(int index, int64_t value) {
    p_->Bind(index, value);
    return *this;
  }
  Statement& Bind(int index, std::string_view value) {
    p_->Bind(index, value);
    return *this;
  }
  Statement& Bind(int index, std::optional<int64_t> value) {
    if (value) return Bind(index, *value);
    return BindNull(index);
  }
  Statement& BindNull(int index) {
    p_->BindNull(index);
    return *this;
  }
  Result<bool> Step() { return p_->Step(); }
  Status Run() { return p_->Run(); }
  int64_t Affected() const { return p_->Affected(); }
  int64_t Int(int col) const { return p_->Int(col); }
  std::string Text(int col) const { return p_->Text(col); }
  bool IsNull(int col) const { return p_->IsNull(col); }

 private:
  PreparedStatement* p_;
};

// RowWriter appends rows to one table in bulk (Connection::WriteRows), for
// copies of whole tables. Each value is text in the form the database reads
// for its column: integers in decimal, flags "1" or "0", text as its UTF-8
// bytes. A row the database refuses (a type, a constraint) may be reported
// only by Finish. Destroying a writer that was not finished abandons what
// it wrote, and the transaction it was part of fails.
class RowWriter {
 public:
  virtual ~RowWriter() = default;

  // Null and Value add the current row's next column.
  virtual void Null() = 0;
  virtual void Value(std::string_view value) = 0;
  virtual Status EndRow() = 0;
  // Finish writes what is left and returns the database's verdict on every
  // row; call it once.
  virtual Status Finish() = 0;
};

// Transaction kinds. kWrite makes writers run one at a time across every
// process and node that shares the database (SQLite: BEGIN IMMEDIATE;
// PostgreSQL: a transaction advisory lock taken first), so a
// read-check-write (a version check, a find-or-create) cannot interleave
// with another writer, and the change journal's sequence is in commit
// order. kRead gives one consistent snapshot across several queries.
enum class TxKind { kRead, kWrite };

// QueryObserver is told how long one SQL statement ran.
using QueryObserver = std::function<void(std::chrono::nanoseconds)>;

// Connection is one database connection with its prepared statements.
class Connection {
 public:
  virtual ~Connection() = default;

  // Prepare returns the statement for `sql`, preparing it the first time
  // this connection sees that text. Using the same text twice at once is a
  // bug and returns kInternal.
  virtual Result<Statement> Prepare(const std::string& sql) = 0;
  // ExecScript runs fixed SQL text of one or more statements with no
  // parameters (schema steps, PRAGMAs, BEGIN). Never pass it values.
  virtual Status ExecScript(const std::string& sql) = 0;

  virtual Status Begin(TxKind kind) = 0;
  virtual Status Commit() = 0;
  // Rollback ends the open transaction; a failure means there was nothing
  // left to roll back, or the connection is gone (Healthy says which).
  virtual void Rollback() = 0;
  // RollbackIfOpen ends a transaction a failed caller left open, so the
  // next user of this connection starts clean.
  virtual void RollbackIfOpen() = 0;
  // Healthy is false once the connection is lost; the pool then closes it
  // instead of reusing it.
  virtual bool Healthy() const = 0;

  // dialect is how this connection's database spells what differs.
  virtual const Dialect& dialect() const = 0;

  // Whole-table copies (store/transfer/) read and write more rows than any
  // store method. PrepareStream is Prepare for a read of a whole table: its
  // rows reach the caller one at a time as it steps, never all held in
  // memory. The statement is not kept for reuse, and while it is open the
  // connection runs nothing else. A driver whose statements stream already
  // (SQLite's) keeps this default.
  virtual Result<Statement> PrepareStream(const std::string& sql) { return Prepare(sql); }

  // WriteRows starts a bulk append to `table`'s `columns` (names as the
  // catalog has them), inside the caller's transaction; until the writer
  // is finished or destroyed, the connection runs nothing else.
  // PostgreSQL's driver sends the rows with COPY, one statement for the
  // table; a driver with no bulk path returns kInvalidArgument.
  virtual Result<std::unique_ptr<RowWriter>> WriteRows(const std::string& table,
                                                       const std::vector<std::string>&) {
    return Err(Code::kInvalidArgument, "table " + table + ": this database takes no bulk writes");
  }
};

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
  if (Status s = c.Begin(kind); !s.ok()) return FailAs<R>(std::move(s));
  R r = body();
  if (!IsOk(r)) {
    c.Rollback();
    return r;
  }
  if (Status s = c.Commit(); !s.ok()) {
    c.Rollback();
    return FailAs<R>(std::move(s));
  }
  return r;
}

// ForEachRow steps `st` to the end, calling `on_row()` for each row;
// on_row returns void or a Status that stops the walk when not OK.
template <typename F>
Status ForEachRow(Statement& st, F&& on_row) {
  for (;;) {
    auto row = st.Step();
    if (!row) return row.error();
    if (!*row) return Status();
    if constexpr (std::is_void_v<decltype(on_row())>) {
      on_row();
    } else {
      if (Status s = on_row(); !s.ok()) return s;
    }
  }
}

}  // namespace khabar::sql
