#include "store/postgres/internal/connection.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <utility>

#include "store/postgres/internal/copy_writer.h"
#include "store/postgres/internal/dialect.h"
#include "store/postgres/internal/row_stream.h"
#include "store/sql/catalog.h"

namespace khabar::sql::postgres_internal {

void PgResultFree::operator()(PGresult* r) const { PQclear(r); }

namespace {

// SqlState is the five-character code of a failed result, or "" when there
// is none (the connection itself failed).
std::string_view SqlState(const PGresult* result) {
  if (result == nullptr) return {};
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  return state != nullptr ? std::string_view(state) : std::string_view();
}

std::string TrimmedMessage(const char* text) {
  std::string m = text != nullptr ? text : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

}  // namespace

Status PgStatus(const PGresult* result, PGconn* conn, std::string_view context) {
  std::string message(context);
  message += ": ";
  const char* server = result != nullptr ? PQresultErrorMessage(result) : nullptr;
  if (server == nullptr || *server == '\0') server = conn != nullptr ? PQerrorMessage(conn) : "";
  message += TrimmedMessage(server);
  const std::string_view state = SqlState(result);
  if (state == "23505") return Status(Code::kAlreadyExists, std::move(message));
  // Class 23: integrity constraints; class 22: data exceptions (a value
  // the column cannot take).
  if (state.starts_with("23") || state.starts_with("22")) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  // 55P03 lock_not_available (lock_timeout), 40001 serialization_failure,
  // 40P01 deadlock_detected, class 08 connection exceptions, class 57
  // operator intervention (the server shutting down).
  if (state == "55P03" || state == "40001" || state == "40P01" || state.starts_with("08") ||
      state.starts_with("57") || state.empty() ||
      (conn != nullptr && PQstatus(conn) != CONNECTION_OK)) {
    return Status(Code::kUnavailable, std::move(message));
  }
  return Status(Code::kInternal, std::move(message));
}

// ---- Parameters and columns ----

void PgParams::Set(int index, std::optional<std::string> value) {
  if (index < 1) return;
  if (values_.size() < static_cast<size_t>(index)) values_.resize(index);
  values_[index - 1] = std::move(value);
}

std::vector<const char*> PgParams::Pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

int64_t ResultInt(const PGresult* result, int row, int col) {
  const char* text = PQgetvalue(result, row, col);
  const int length = PQgetlength(result, row, col);
  if (length == 1 && text[0] == 't') return 1;  // boolean
  if (length == 1 && text[0] == 'f') return 0;
  int64_t v = 0;
  std::from_chars(text, text + length, v);
  return v;
}

std::string ResultText(const PGresult* result, int row, int col) {
  return std::string(PQgetvalue(result, row, col), PQgetlength(result, row, col));
}

bool ResultIsNull(const PGresult* result, int row, int col) {
  return PQgetisnull(result, row, col) != 0;
}

// ---- Statement ----

void PgStatement::Bind(int index, int64_t value) { params_.Set(index, std::to_string(value)); }

void PgStatement::Bind(int index, std::string_view value) {
  params_.Set(index, std::string(value));
}

void PgStatement::BindNull(int index) { params_.Set(index, std::nullopt); }

Status PgStatement::Execute() {
  const std::vector<const char*> values = params_.Pointers();
  const auto started = std::chrono::steady_clock::now();
  result_.reset(PQexecPrepared(c_->conn(), name_.c_str(), static_cast<int>(values.size()),
                               values.data(), nullptr, nullptr, 0));
  if (const QueryObserver* observer = c_->observer()) {
    (*observer)(std::chrono::steady_clock::now() - started);
  }
  const ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    Status s = PgStatus(result_.get(), c_->conn(), sql_);
    result_.reset();
    return s;
  }
  rows_ = PQntuples(result_.get());
  row_ = -1;
  return Status();
}

Result<bool> PgStatement::Step() {
  if (!result_) {
    if (Status s = Execute(); !s.ok()) return Err(s);
  }
  if (row_ + 1 >= rows_) {
    row_ = rows_;
    return false;
  }
  ++row_;
  return true;
}

Status PgStatement::Run() {
  if (result_) return Status();
  return Execute();
}

int64_t PgStatement::Affected() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_.get());
  int64_t v = 0;
  std::from_chars(n, n + std::strlen(n), v);
  return v;
}

int64_t PgStatement::Int(int col) const {
  if (!result_ || row_ < 0 || row_ >= rows_) return 0;
  return ResultInt(result_.get(), row_, col);
}

std::string PgStatement::Text(int col) const {
  if (!result_ || row_ < 0 || row_ >= rows_) return std::string();
  return ResultText(result_.get(), row_, col);
}

bool PgStatement::IsNull(int col) const {
  if (!result_ || row_ < 0 || row_ >= rows_) return true;
  return ResultIsNull(result_.get(), row_, col);
}

void PgStatement::Release() {
  params_.Clear();
  result_.reset();
  row_ = -1;
  rows_ = 0;
  in_use_ = false;
}

// ---- Connection ----

namespace {
void IgnoreNotice(void*, const char*) {}
}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::Open(
    const std::string& url, std::chrono::milliseconds lock_timeout,
    std::shared_ptr<const QueryObserver> observer) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (conn == nullptr) return Err(Code::kInternal, "connect: out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    Status s(Code::kUnavailable, "connect: " + TrimmedMessage(PQerrorMessage(conn)));
    PQfinish(conn);
    return Err(s);
  }
  // Notices ("relation already exists, skipping") are not errors and are
  // not for the server's log.
  PQsetNoticeProcessor(conn, &IgnoreNotice, nullptr);
  std::unique_ptr<PgConnection> c(
      new PgConnection(conn, observer != nullptr && *observer ? std::move(observer) : nullptr));
  if (Status s = c->ExecScript(
          "SET TIME ZONE 'UTC'; SET lock_timeout = " + std::to_string(lock_timeout.count()) + ";");
      !s.ok()) {
    return Err(s);
  }
  return c;
}

PgConnection::PgConnection(PGconn* conn, std::shared_ptr<const QueryObserver> observer)
    : conn_(conn), observer_(std::move(observer)) {}

PgConnection::~PgConnection() {
  stream_.reset();
  prepared_.clear();
  PQfinish(conn_);
}

namespace {

// Placeholders rewrites `?n` as `$n`, outside quoted strings and
// identifiers. The store's SQL has no other use of `?` (PostgreSQL's jsonb
// operators are not used).
std::string Placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char ch = sql[i];
    if (quote != 0) {
      if (ch == quote) quote = 0;
    } else if (ch == '\'' || ch == '"') {
      quote = ch;
    } else if (ch == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out += '$';
      continue;
    }
    out += ch;
  }
  return out;
}

}  // namespace

Result<sql::Statement> PgConnection::Prepare(const std::string& sql) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "k" + std::to_string(prepared_.size() + 1);
    const std::string text = Placeholders(sql);
    PgResult r(PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
      return Err(PgStatus(r.get(), conn_, "prepare " + sql));
    }
    it = prepared_.emplace(sql, std::make_unique<PgStatement>(this, std::move(name), sql)).first;
  }
  if (!it->second->Borrow()) return Internal("statement already in use: " + sql);
  return sql::Statement(it->second.get());
}

Result<sql::Statement> PgConnection::PrepareStream(const std::string& sql) {
  if (!stream_) stream_ = std::make_unique<PgStream>(conn_);
  if (!stream_->Borrow(Placeholders(sql)))
    return Internal("a streamed read is already open: " + sql);
  return sql::Statement(stream_.get());
}

Result<std::unique_ptr<sql::RowWriter>> PgConnection::WriteRows(
    const std::string& table, const std::vector<std::string>& columns) {
  auto writer = PgCopyWriter::Start(
      conn_, "COPY " + QuoteName(table) + " (" + JoinQuotedNames(columns) + ") FROM STDIN");
  if (!writer) return Err(writer.error());
  return std::unique_ptr<sql::RowWriter>(std::move(*writer));
}

Status PgConnection::ExecScript(const std::string& sql) {
  const auto started = std::chrono::steady_clock::now();
  PgResult r(PQexec(conn_, sql.c_str()));
  if (observer_) (*observer_)(std::chrono::steady_clock::now() - started);
  const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return PgStatus(r.get(), conn_, "exec");
  }
  return Status();
}

void PgConnection::RollbackIfOpen() {
  if (PQtransactionStatus(conn_) != PQTRANS_IDLE) Rollback();
}

bool PgConnection::Healthy() const { return PQstatus(conn_) == CONNECTION_OK; }

const sql::Dialect& PgConnection::dialect() const { return PostgresDialect(); }

// ---- Transactions ----

Status PgConnection::Begin(sql::TxKind kind) {
  static const std::string kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ";
  static const std::string kBeginWrite =
      "BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")";
  Status s = ExecScript(kind == sql::TxKind::kWrite ? kBeginWrite : kBeginRead);
  // BEGIN may have run before the lock timed out.
  if (!s.ok()) RollbackIfOpen();
  return s;
}

Status PgConnection::Commit() { return ExecScript("COMMIT"); }

void PgConnection::Rollback() {
  // A failed ROLLBACK means the connection is gone; the pool drops it.
  (void)ExecScript("ROLLBACK");
}

}  // namespace khabar::sql::postgres_internal
