#include "store/sqlite/internal/connection.h"

#include <cstring>
#include <utility>

#include "store/sqlite/internal/dialect.h"
#include "store/sqlite/internal/search_index.h"

namespace khabar::sql::sqlite_internal {

Status SqliteStatus(sqlite3* db, int rc, std::string_view context) {
  std::string message(context);
  message += ": ";
  // The connection's message belongs to its last call; fall back to the
  // generic text for the code when there is no connection.
  message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(Code::kUnavailable, std::move(message));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status(Code::kAlreadyExists, std::move(message));
      }
      return Status(Code::kInvalidArgument, std::move(message));
    case SQLITE_NOTADB:
      return Status(Code::kInvalidArgument, std::move(message));
    default:
      return Status(Code::kInternal, std::move(message));
  }
}

// ---- Statement ----

void SqliteStatement::Bind(int index, int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
}

void SqliteStatement::Bind(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies, so the caller's string may die first.
  NoteBind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void SqliteStatement::BindNull(int index) { NoteBind(sqlite3_bind_null(stmt_, index)); }

Result<bool> SqliteStatement::Step() {
  if (bind_rc_ != SQLITE_OK) return Err(SqliteStatus(db_, bind_rc_, "bind"));
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Err(SqliteStatus(db_, rc, sqlite3_sql(stmt_)));
}

Status SqliteStatement::Run() {
  for (;;) {
    auto row = Step();
    if (!row) return row.error();
    if (!*row) return Status();
  }
}

std::string SqliteStatement::Text(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_, col);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, col));
}

bool SqliteStatement::IsNull(int col) const {
  return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

void SqliteStatement::Release() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
  in_use_ = false;
}

// ---- Connection ----

// SQLite's own profile time comes from the VFS clock, which counts whole
// milliseconds: most queries here take less and would all read 0. So the
// connection notes when each statement starts (SQLITE_TRACE_STMT) and
// measures with steady_clock when SQLite reports it finished
// (SQLITE_TRACE_PROFILE), falling back to SQLite's figure when it missed
// the start.
struct SqliteConnection::Trace {
  struct Run {
    std::chrono::steady_clock::time_point started{};  // {} = not running
    // nested: SQLite runs it inside another statement (FTS5 reading its
    // tables during a search or an insert). Its time is part of that
    // statement's, so it is not reported on its own.
    bool nested = false;
  };
  std::shared_ptr<const QueryObserver> observer;
  // Keyed by statement; statements are cached, so this stops growing once
  // they are all prepared.
  std::unordered_map<sqlite3_stmt*, Run> runs;
};

int SqliteConnection::OnTrace(unsigned type, void* trace, void* stmt, void* detail) {
  auto* t = static_cast<Trace*>(trace);
  auto* s = static_cast<sqlite3_stmt*>(stmt);
  const auto now = std::chrono::steady_clock::now();
  if (type == SQLITE_TRACE_STMT) {
    // The text tells the three kinds of start apart: a statement starting
    // on its own gives its SQL itself; one nested in another, "-- " and
    // its SQL; a trigger (or a statement of a trigger) firing inside the
    // running statement, "-- TRIGGER name" or the trigger's SQL, which
    // must not restart the clock of the statement that fired it.
    const char* text = static_cast<const char*>(detail);
    const char* sql = sqlite3_sql(s);
    if (text == nullptr || sql == nullptr) return 0;
    if (text == sql) {
      t->runs[s] = {now, false};
    } else if (std::strncmp(text, "-- ", 3) == 0 && std::strcmp(text + 3, sql) == 0) {
      t->runs[s] = {now, true};
    }
  } else if (type == SQLITE_TRACE_PROFILE) {
    std::chrono::nanoseconds took(*static_cast<const sqlite3_int64*>(detail));
    if (auto it = t->runs.find(s);
        it != t->runs.end() && it->second.started != std::chrono::steady_clock::time_point{}) {
      const Trace::Run run = std::exchange(it->second, {});
      if (run.nested) return 0;
      took = now - run.started;
    }
    (*t->observer)(took);
  }
  return 0;
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const std::filesystem::path& file, std::chrono::milliseconds busy_timeout,
    std::shared_ptr<const QueryObserver> observer) {
  sqlite3* db = nullptr;
  // NOMUTEX: the pool gives a connection to one thread at a time.
  int rc = sqlite3_open_v2(
      file.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(db, rc, "open");
    sqlite3_close_v2(db);
    return Err(s);
  }
  std::unique_ptr<SqliteConnection> c(new SqliteConnection(db));
  if (observer != nullptr && *observer) {
    c->trace_ = std::make_unique<Trace>(Trace{std::move(observer), {}});
    sqlite3_trace_v2(db, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, &SqliteConnection::OnTrace,
                     c->trace_.get());
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  // journal_mode is the first statement that reads the file, so a file that
  // is not a database fails here with SQLITE_NOTADB.
  auto wal = c->Prepare("PRAGMA journal_mode=WAL");
  if (!wal) return Err(wal.error());
  auto row = wal->Step();
  if (!row) return Err(row.error());
  if (!*row || wal->Text(0) != "wal") {
    return Err(Code::kInternal, "could not switch the database to WAL journal mode");
  }
  // synchronous=FULL syncs the WAL at every commit: with NORMAL a commit
  // survives the process dying but may roll back after a power cut or an
  // OS crash, and an answered write must never be lost. Newsroom writes are
  // few; readers' pages do not write.
  if (Status s = c->ExecScript("PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"); !s.ok()) {
    return Err(s);
  }
  if (Status s = RegisterSearchFunctions(db); !s.ok()) return Err(s);
  return c;
}

SqliteConnection::SqliteConnection(sqlite3* db) : db_(db) {}

SqliteConnection::~SqliteConnection() {
  cache_.clear();  // finalizes every statement
  sqlite3_close_v2(db_);
}

Result<sql::Statement> SqliteConnection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Err(SqliteStatus(db_, rc, "prepare"));
    it = cache_.emplace(sql, std::make_unique<SqliteStatement>(db_, stmt)).first;
  }
  if (!it->second->Borrow()) return Internal("statement already in use: " + sql);
  return sql::Statement(it->second.get());
}

Status SqliteConnection::ExecScript(const std::string& sql) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK) return Status();
  Status s = SqliteStatus(db_, rc, "exec");
  sqlite3_free(error);
  return s;
}

void SqliteConnection::RollbackIfOpen() {
  if (sqlite3_get_autocommit(db_) == 0) Rollback();
}

const sql::Dialect& SqliteConnection::dialect() const { return SqliteDialect(); }

// ---- Transactions ----

Status SqliteConnection::RunFixed(const std::string& sql) {
  auto stmt = Prepare(sql);
  if (!stmt) return stmt.error();
  return stmt->Run();
}

Status SqliteConnection::Begin(sql::TxKind kind) {
  static const std::string kBeginRead = "BEGIN";
  static const std::string kBeginWrite = "BEGIN IMMEDIATE";
  return RunFixed(kind == sql::TxKind::kWrite ? kBeginWrite : kBeginRead);
}

Status SqliteConnection::Commit() {
  static const std::string kCommit = "COMMIT";
  return RunFixed(kCommit);
}

void SqliteConnection::Rollback() {
  static const std::string kRollback = "ROLLBACK";
  // A failed ROLLBACK means there was nothing to roll back (SQLite may have
  // rolled back itself after an I/O error); nothing more can be done.
  (void)RunFixed(kRollback);
}

}  // namespace khabar::sql::sqlite_internal
