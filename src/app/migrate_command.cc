// MigrateSite: planning the copy from the two schemas, streaming each table
// from SQLite into PostgreSQL with COPY, and checking it by reading it back.
//
// The copy works on tables, not through Store methods: it must move every
// row exactly as stored (ids, history, sessions, hashes), which no Store
// method exposes, and it must not depend on how either backend implements
// the interface. The plan comes from the schemas themselves (SQLite's
// table, column and foreign-key lists; PostgreSQL's column types), so a
// table or column added by a later migration step is copied without
// changing this file, and anything migrate cannot copy faithfully (a
// column type it has no canonical form for, a table only one side has)
// stops it before it writes.
#include "app/migrate_command.h"

#include <libpq-fe.h>
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/store_open.h"
#include "content/article.h"
#include "store/postgres/internal/connection.h"
#include "store/postgres/internal/search_index.h"
#include "store/postgres/postgres_store.h"
#include "store/search_text.h"
#include "store/sqlite/internal/connection.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar {
namespace {

namespace pg = sql::postgres_internal;
namespace lite = sql::sqlite_internal;

// Tables that are not copied row for row (migrate_command.h says why).
constexpr std::string_view kJournal = "changes";
constexpr std::string_view kSchemaVersions = "schema_migrations";
constexpr std::string_view kSearchIndex = "article_search";

// How long to wait for a writer on the target (kLockTimeout) or the source
// (kBusyTimeout), a site still running on it: long enough for any one
// request, short enough that a forgotten node is reported rather than
// waited for.
constexpr std::chrono::milliseconds kLockTimeout{10000};
constexpr std::chrono::milliseconds kBusyTimeout{10000};

// ---- Names and messages ----

// Ident quotes an SQL identifier. Names come from the schemas, never from
// input, but quoting keeps a keyword-like column name ("key", "position")
// from ever being read as SQL.
std::string Ident(std::string_view name) {
  std::string q = "\"";
  for (char ch : name) {
    if (ch == '"') q += '"';
    q += ch;
  }
  q += '"';
  return q;
}

std::string Joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

// OneLine folds the server's multi-line messages (ERROR, DETAIL, CONTEXT,
// libpq's "Is the server running...") into the one line main prints.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

// ---- The canonical form of rows ----

// RowDigest checksums rows in a form that does not depend on the backend
// they were read from: each value is 'N' (NULL) or 'V', its length (8
// bytes, little-endian) and its bytes, where integers are decimal, flags
// "0" or "1", and text its UTF-8 bytes. The length prefix keeps ("ab", "c")
// and ("a", "bc") apart. BLAKE2b-256 (libsodium): a changed byte anywhere
// in a table changes its checksum.
class RowDigest {
 public:
  RowDigest() { crypto_generichash_init(&state_, nullptr, 0, kBytes); }

  void Null() { row_ += 'N'; }
  void Value(std::string_view v) {
    row_ += 'V';
    uint64_t n = v.size();
    for (int i = 0; i < 8; ++i) row_ += static_cast<char>((n >> (8 * i)) & 0xff);
    row_.append(v);
  }
  // EndRow adds the row's values to the checksum (one update per row
  // rather than per value: far fewer calls on narrow tables).
  void EndRow() {
    crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(row_.data()),
                              row_.size());
    row_.clear();
    ++rows_;
  }
  int64_t rows() const { return rows_; }
  // Finish returns the checksum in hex; call it once.
  std::string Finish() {
    unsigned char out[kBytes];
    crypto_generichash_final(&state_, out, kBytes);
    char hex[kBytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, out, kBytes);
    return hex;
  }

 private:
  static constexpr size_t kBytes = 32;
  crypto_generichash_state state_;
  std::string row_;
  int64_t rows_ = 0;
};

// ---- The plan ----

// ColumnKind is how a column's values are copied and checksummed: flags
// are INTEGER 0/1 in SQLite and BOOLEAN in PostgreSQL; integers and text
// are the same decimal or UTF-8 text on both sides.
enum class ColumnKind { kInteger, kText, kBoolean };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::kText;
  bool identity = false;  // PostgreSQL generates it: its sequence is moved past the copied ids
};

struct Table {
  std::string name;
  std::vector<Column> columns;  // in the source's order
  // key: what the rows are read in, on both sides, for the checksums: the
  // primary key, or every column for a table without one
  // (login_failures), whose identical rows are then interchangeable.
  std::vector<size_t> key;
  bool has_primary_key = false;
};

// SqliteStmt is a raw statement on the source: the copy needs each
// value's storage class, which the store's Statement does not expose.
struct SqliteFinalize {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using SqliteStmt = std::unique_ptr<sqlite3_stmt, SqliteFinalize>;

Result<SqliteStmt> SqlitePrepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  SqliteStmt owned(stmt);
  if (rc != SQLITE_OK) return Err(lite::SqliteStatus(db, rc, "source: " + sql));
  return owned;
}

// SqliteStep: true when a row is ready, false at the end.
Result<bool> SqliteStep(sqlite3* db, sqlite3_stmt* stmt) {
  const int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return Err(lite::SqliteStatus(db, rc, "source"));
}

std::string_view ColumnText(sqlite3_stmt* stmt, int col) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
  return p == nullptr ? std::string_view()
                      : std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
}

// SqliteStrings runs a planning query with one text parameter and returns
// its rows' first `width` columns as text.
Result<std::vector<std::vector<std::string>>> SqliteStrings(sqlite3* db, const std::string& sql,
                                                            std::string_view param, int width) {
  auto stmt = SqlitePrepare(db, sql);
  if (!stmt) return Err(stmt.error());
  if (!param.empty()) {
    sqlite3_bind_text(stmt->get(), 1, param.data(), static_cast<int>(param.size()),
                      SQLITE_TRANSIENT);
  }
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto row = SqliteStep(db, stmt->get());
    if (!row) return Err(row.error());
    if (!*row) break;
    std::vector<std::string>& out = rows.emplace_back();
    for (int i = 0; i < width; ++i) out.emplace_back(ColumnText(stmt->get(), i));
  }
  return rows;
}

// PgRows streams a query's rows from the target one at a time (libpq's
// single-row mode), so reading back a large table never holds it in memory.
class PgRows {
 public:
  explicit PgRows(PGconn* conn) : conn_(conn) {}
  ~PgRows() { Drain(); }
  PgRows(const PgRows&) = delete;
  PgRows& operator=(const PgRows&) = delete;

  Status Start(const std::string& sql) {
    if (PQsendQuery(conn_, sql.c_str()) != 1) return pg::PgStatus(nullptr, conn_, sql);
    active_ = true;
    PQsetSingleRowMode(conn_);
    return Status();
  }
  // Next: true when a row is ready, false at the end.
  Result<bool> Next() {
    row_.reset(PQgetResult(conn_));
    const ExecStatusType status = row_ ? PQresultStatus(row_.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_SINGLE_TUPLE) return true;
    Status s;
    if (status != PGRES_TUPLES_OK) s = pg::PgStatus(row_.get(), conn_, "read back");
    row_.reset();
    Drain();
    if (!s.ok()) return Err(s);
    return false;
  }
  bool IsNull(int col) const { return PQgetisnull(row_.get(), 0, col) != 0; }
  std::string_view Value(int col) const {
    return std::string_view(PQgetvalue(row_.get(), 0, col),
                            static_cast<size_t>(PQgetlength(row_.get(), 0, col)));
  }

 private:
  // Drain reads what is left of the query, so the connection is free for
  // the next command whatever stopped the reader.
  void Drain() {
    if (!active_) return;
    while (PGresult* r = PQgetResult(conn_)) PQclear(r);
    active_ = false;
  }

  PGconn* conn_;
  pg::PgResult row_;
  bool active_ = false;
};

// PgStrings runs a planning query with at most one text parameter on the
// target and returns its rows' first `width` columns as text.
Result<std::vector<std::vector<std::string>>> PgStrings(pg::PgConnection& c, const std::string& sql,
                                                        std::optional<std::string> param,
                                                        int width) {
  auto st = c.Prepare(sql);
  if (!st) return Err(st.error());
  if (param) st->Bind(1, std::string_view(*param));
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) break;
    std::vector<std::string>& out = rows.emplace_back();
    for (int i = 0; i < width; ++i) out.push_back(st->Text(i));
  }
  return rows;
}

// OrderByForSource and OrderByForTarget list the key columns so both
// sides read a table in the same order: SQLite compares text byte by byte
// (BINARY), which in PostgreSQL is the "C" collation whatever the
// database's locale; SQLite sorts NULL first, PostgreSQL last unless told.
std::string OrderByForSource(const Table& t) {
  std::vector<std::string> parts;
  for (size_t i : t.key) parts.push_back(Ident(t.columns[i].name));
  return Joined(parts, ", ");
}

std::string OrderByForTarget(const Table& t) {
  std::vector<std::string> parts;
  for (size_t i : t.key) {
    std::string part = Ident(t.columns[i].name);
    if (t.columns[i].kind == ColumnKind::kText) part += " COLLATE \"C\"";
    // Primary-key columns are never NULL; NULLS FIRST elsewhere only.
    if (!t.has_primary_key) part += " NULLS FIRST";
    parts.push_back(std::move(part));
  }
  return Joined(parts, ", ");
}

std::string ColumnList(const Table& t) {
  std::vector<std::string> parts;
  for (const Column& c : t.columns) parts.push_back(Ident(c.name));
  return Joined(parts, ", ");
}

Result<ColumnKind> KindOfPostgresType(std::string_view type) {
  if (type == "bigint" || type == "integer" || type == "smallint") return ColumnKind::kInteger;
  if (type == "text") return ColumnKind::kText;
  if (type == "boolean") return ColumnKind::kBoolean;
  // A type with another text form (numeric, timestamps, json) needs its
  // own canonical form before migrate may claim to have copied it.
  return InvalidArgument("type " + std::string(type) + " is one migrate cannot copy yet");
}

// Plan reads both schemas and returns the tables to copy in foreign-key
// order (a table after every table it refers to; ties by name, so the
// order, and the summary, is the same on every run). Both databases are
// at this build's latest schema by now, so any difference between them is
// a bug that must stop the copy.
Result<std::vector<Table>> Plan(lite::SqliteConnection& src, pg::PgConnection& dst) {
  sqlite3* db = src.db();
  // pragma_table_list types FTS5's own tables 'virtual' and 'shadow'; the
  // sqlite_ tables are SQLite's bookkeeping.
  auto names = SqliteStrings(db,
                             "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = "
                             "'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                             {}, 1);
  if (!names) return Err(names.error());
  std::set<std::string> source_tables;
  for (const auto& row : *names) {
    if (row[0] != kJournal && row[0] != kSchemaVersions) source_tables.insert(row[0]);
  }

  auto target_names =
      PgStrings(dst,
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
                std::nullopt, 1);
  if (!target_names) return Err(target_names.error());
  std::set<std::string> target_tables;
  for (const auto& row : *target_names) {
    if (row[0] != kJournal && row[0] != kSchemaVersions && row[0] != kSearchIndex) {
      target_tables.insert(row[0]);
    }
  }
  if (source_tables != target_tables) {
    std::vector<std::string> only_source, only_target;
    std::ranges::set_difference(source_tables, target_tables, std::back_inserter(only_source));
    std::ranges::set_difference(target_tables, source_tables, std::back_inserter(only_target));
    return InvalidArgument("the schemas differ: tables only in the source: [" +
                           Joined(only_source, ", ") + "], only in the target: [" +
                           Joined(only_target, ", ") + "]");
  }

  std::map<std::string, Table> tables;
  std::map<std::string, std::set<std::string>> refers_to;
  for (const std::string& name : source_tables) {
    const std::string context = "table " + name;
    Table t;
    t.name = name;
    auto columns =
        SqliteStrings(db, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid", name, 2);
    if (!columns) return Err(columns.error().WithContext(context));
    auto target = PgStrings(dst,
                            "SELECT column_name, data_type, is_identity"
                            " FROM information_schema.columns"
                            " WHERE table_schema = current_schema() AND table_name = $1",
                            name, 3);
    if (!target) return Err(target.error().WithContext(context));
    std::map<std::string, std::pair<std::string, bool>> target_columns;
    for (const auto& row : *target) target_columns[row[0]] = {row[1], row[2] == "YES"};
    std::vector<std::pair<int, size_t>> primary_key;  // (position in key, column)
    for (const auto& row : *columns) {
      auto it = target_columns.find(row[0]);
      if (it == target_columns.end()) {
        return InvalidArgument(context + ": column " + row[0] + " is not in the target");
      }
      auto kind = KindOfPostgresType(it->second.first);
      if (!kind) return Err(kind.error().WithContext(context + " column " + row[0]));
      if (const int pk = std::stoi(row[1]); pk > 0) primary_key.emplace_back(pk, t.columns.size());
      t.columns.push_back(Column{row[0], *kind, it->second.second});
      target_columns.erase(it);
    }
    if (!target_columns.empty()) {
      return InvalidArgument(context + ": column " + target_columns.begin()->first +
                             " is only in the target");
    }
    std::ranges::sort(primary_key);
    t.has_primary_key = !primary_key.empty();
    if (t.has_primary_key) {
      for (const auto& [position, column] : primary_key) t.key.push_back(column);
    } else {
      for (size_t i = 0; i < t.columns.size(); ++i) t.key.push_back(i);
    }
    auto parents =
        SqliteStrings(db, "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)", name, 1);
    if (!parents) return Err(parents.error().WithContext(context));
    for (const auto& row : *parents) {
      // A self-reference (a reply's parent comment) needs no order: COPY
      // is one statement, and PostgreSQL checks foreign keys at its end.
      if (row[0] == name) continue;
      if (!source_tables.contains(row[0])) {
        return InvalidArgument(context + ": refers to table " + row[0] +
                               ", which migrate does not copy");
      }
      refers_to[name].insert(row[0]);
    }
    tables.emplace(name, std::move(t));
  }

  std::vector<Table> order;
  std::set<std::string> placed;
  while (order.size() < tables.size()) {
    bool progress = false;
    for (auto& [name, t] : tables) {
      if (placed.contains(name)) continue;
      if (!std::ranges::includes(placed, refers_to[name])) continue;
      placed.insert(name);
      order.push_back(t);
      progress = true;
      break;  // restart from the first name: ties go by name
    }
    if (!progress) return InvalidArgument("the tables' foreign keys form a cycle");
  }
  return order;
}

// ---- Copying ----

// CopyIn is one `COPY ... FROM STDIN` in PostgreSQL's text format: rows
// are escaped into a buffer sent a megabyte at a time. COPY is one
// statement per table, so the server parses, plans and checks foreign keys
// once per table rather than once per row.
class CopyIn {
 public:
  explicit CopyIn(PGconn* conn) : conn_(conn) {}
  ~CopyIn() {
    if (active_) Abort("migrate stopped");
  }
  CopyIn(const CopyIn&) = delete;
  CopyIn& operator=(const CopyIn&) = delete;

  Status Start(const std::string& sql) {
    pg::PgResult r(PQexec(conn_, sql.c_str()));
    if (!r || PQresultStatus(r.get()) != PGRES_COPY_IN) {
      return pg::PgStatus(r.get(), conn_, "COPY");
    }
    active_ = true;
    return Status();
  }

  void Null() {
    Separate();
    buffer_ += "\\N";
  }
  // Value escapes the four bytes the text format gives a meaning to;
  // every other byte, including UTF-8, passes as is.
  void Value(std::string_view v) {
    Separate();
    size_t from = 0;
    for (size_t at = v.find_first_of("\\\t\n\r"); at != std::string_view::npos;
         at = v.find_first_of("\\\t\n\r", from)) {
      buffer_.append(v.substr(from, at - from));
      switch (v[at]) {
        case '\\':
          buffer_ += "\\\\";
          break;
        case '\t':
          buffer_ += "\\t";
          break;
        case '\n':
          buffer_ += "\\n";
          break;
        default:
          buffer_ += "\\r";
          break;
      }
      from = at + 1;
    }
    buffer_.append(v.substr(from));
  }
  Status EndRow() {
    buffer_ += '\n';
    first_ = true;
    return buffer_.size() >= kFlushBytes ? Flush() : Status();
  }

  // Finish ends the data and returns the server's verdict on all of it:
  // a refused row (a type, a constraint) is reported here.
  Status Finish() {
    if (Status s = Flush(); !s.ok()) return s;
    active_ = false;
    if (PQputCopyEnd(conn_, nullptr) != 1) return pg::PgStatus(nullptr, conn_, "COPY");
    return Results();
  }
  // Abort makes the server discard this COPY (and so fail the
  // transaction).
  void Abort(const char* reason) {
    active_ = false;
    if (PQputCopyEnd(conn_, reason) == 1) (void)Results();
  }

 private:
  static constexpr size_t kFlushBytes = 1 << 20;

  void Separate() {
    if (!first_) buffer_ += '\t';
    first_ = false;
  }
  Status Flush() {
    if (buffer_.empty()) return Status();
    if (PQputCopyData(conn_, buffer_.data(), static_cast<int>(buffer_.size())) != 1) {
      return pg::PgStatus(nullptr, conn_, "COPY");
    }
    buffer_.clear();
    return Status();
  }
  Status Results() {
    Status s;
    while (PGresult* r = PQgetResult(conn_)) {
      pg::PgResult owned(r);
      if (PQresultStatus(r) != PGRES_COMMAND_OK && s.ok()) s = pg::PgStatus(r, conn_, "COPY");
    }
    return s;
  }

  PGconn* conn_;
  std::string buffer_;
  bool first_ = true;
  bool active_ = false;
};

// Copied is one table's (or the search index's) count and checksum.
struct Copied {
  std::string name;
  int64_t rows = 0;
  std::string checksum;
  std::chrono::steady_clock::duration took{};  // writing it (not verifying)
};

// CopyValue sends and checksums source column `col` of the current row.
Status CopyValue(sqlite3_stmt* stmt, int col, const Column& column, CopyIn& copy,
                 RowDigest& digest) {
  const int type = sqlite3_column_type(stmt, col);
  if (type == SQLITE_NULL) {
    copy.Null();
    digest.Null();
    return Status();
  }
  if (column.kind == ColumnKind::kBoolean) {
    // A flag must be a number: text such as 'true' would otherwise be
    // copied as whatever PostgreSQL makes of it.
    if (type != SQLITE_INTEGER) {
      return Status(Code::kInvalidArgument, "column " + column.name + " holds '" +
                                                std::string(ColumnText(stmt, col).substr(0, 40)) +
                                                "' where a 0/1 flag belongs");
    }
    const bool set = sqlite3_column_int64(stmt, col) != 0;
    copy.Value(set ? "t" : "f");
    digest.Value(set ? "1" : "0");
    return Status();
  }
  // Integers as decimal text, text as its bytes: PostgreSQL refuses what
  // its column cannot take (a fraction in a BIGINT, bytes that are not
  // UTF-8), and the copy fails naming the table.
  const std::string_view v = ColumnText(stmt, col);
  copy.Value(v);
  digest.Value(v);
  return Status();
}

Result<Copied> CopyTable(lite::SqliteConnection& src, pg::PgConnection& dst, const Table& t) {
  auto stmt = SqlitePrepare(src.db(), "SELECT " + ColumnList(t) + " FROM " + Ident(t.name) +
                                          " ORDER BY " + OrderByForSource(t));
  if (!stmt) return Err(stmt.error());
  CopyIn copy(dst.conn());
  if (Status s = copy.Start("COPY " + Ident(t.name) + " (" + ColumnList(t) + ") FROM STDIN");
      !s.ok()) {
    return Err(s);
  }
  RowDigest digest;
  for (;;) {
    auto row = SqliteStep(src.db(), stmt->get());
    if (!row) return Err(row.error());
    if (!*row) break;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (Status s = CopyValue(stmt->get(), static_cast<int>(i), t.columns[i], copy, digest);
          !s.ok()) {
        return Err(s);
      }
    }
    digest.EndRow();
    if (Status s = copy.EndRow(); !s.ok()) return Err(s);
  }
  if (Status s = copy.Finish(); !s.ok()) return Err(s);
  return Copied{t.name, digest.rows(), digest.Finish()};
}

// ReadBack checksums table `t` as the target holds it now, in the same
// order and canonical form as CopyTable read the source.
Result<Copied> ReadBack(pg::PgConnection& dst, const Table& t) {
  PgRows rows(dst.conn());
  if (Status s = rows.Start("SELECT " + ColumnList(t) + " FROM " + Ident(t.name) + " ORDER BY " +
                            OrderByForTarget(t));
      !s.ok()) {
    return Err(s);
  }
  RowDigest digest;
  for (;;) {
    auto row = rows.Next();
    if (!row) return Err(row.error());
    if (!*row) break;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const int col = static_cast<int>(i);
      if (rows.IsNull(col)) {
        digest.Null();
      } else if (t.columns[i].kind == ColumnKind::kBoolean) {
        digest.Value(rows.Value(col) == "t" ? "1" : "0");
      } else {
        digest.Value(rows.Value(col));
      }
    }
    digest.EndRow();
  }
  return Copied{t.name, digest.rows(), digest.Finish()};
}

// The search index is not copied from SQLite's FTS5 table but rebuilt the
// way the PostgreSQL backend builds it (its own text search configuration
// and weights), story by story, so search on the new database behaves as
// the backend would after saving each story. What both indexes must agree
// on is checked: the same published stories, each with the plain text of
// its body (PlainTextOfHtml, then FoldForSearch, on both backends), read
// back as article_id and body_text; the tsvector is PostgreSQL's own.
const Table& SearchIndexTable() {
  static const Table table = [] {
    Table t;
    t.name = std::string(kSearchIndex);
    t.columns = {{"article_id", ColumnKind::kInteger, false},
                 {"body_text", ColumnKind::kText, false}};
    t.key = {0};
    t.has_primary_key = true;
    return t;
  }();
  return table;
}

Result<Copied> RebuildSearchIndex(lite::SqliteConnection& src, pg::PgConnection& dst) {
  auto stmt =
      SqlitePrepare(src.db(), "SELECT id, body_html FROM articles WHERE status = ?1 ORDER BY id");
  if (!stmt) return Err(stmt.error());
  const std::string_view published = ArticleStatusName(ArticleStatus::kPublished);
  sqlite3_bind_text(stmt->get(), 1, published.data(), static_cast<int>(published.size()),
                    SQLITE_TRANSIENT);
  RowDigest digest;
  // Stories are indexed a batch at a time: one read of their text per
  // batch instead of one per story.
  constexpr size_t kBatch = 500;
  std::vector<int64_t> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status();
    Status s = pg::ReindexArticles(dst, batch);
    if (!s.ok()) {
      return s.WithContext("stories " + std::to_string(batch.front()) + ".." +
                           std::to_string(batch.back()));
    }
    batch.clear();
    return Status();
  };
  for (;;) {
    auto row = SqliteStep(src.db(), stmt->get());
    if (!row) return Err(row.error());
    if (!*row) break;
    const int64_t id = sqlite3_column_int64(stmt->get(), 0);
    digest.Value(ColumnText(stmt->get(), 0));
    digest.Value(FoldForSearch(PlainTextOfHtml(ColumnText(stmt->get(), 1))));
    digest.EndRow();
    batch.push_back(id);
    if (batch.size() == kBatch) {
      if (Status s = flush(); !s.ok()) return Err(s);
    }
  }
  if (Status s = flush(); !s.ok()) return Err(s);
  return Copied{std::string(kSearchIndex), digest.rows(), digest.Finish()};
}

// ResetIdentities moves each identity sequence past the copied ids, so
// the next story, user or comment created on PostgreSQL gets a fresh id
// rather than a duplicate-key error.
Status ResetIdentities(pg::PgConnection& dst, const std::vector<Table>& tables) {
  for (const Table& t : tables) {
    for (const Column& c : t.columns) {
      if (!c.identity) continue;
      // pg_get_serial_sequence parses its first argument as a (quoted)
      // name, its second as a column name as is.
      auto st = dst.Prepare("SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(" +
                            Ident(c.name) + "), 0) + 1, false) FROM " + Ident(t.name));
      if (!st) return st.error().WithContext("table " + t.name);
      st->Bind(1, std::string_view(Ident(t.name))).Bind(2, std::string_view(c.name));
      if (Status s = st->Run(); !s.ok()) return s.WithContext("table " + t.name);
    }
  }
  return Status();
}

// NonEmpty names the target tables that hold rows.
Result<std::vector<std::string>> NonEmpty(pg::PgConnection& dst, const std::vector<Table>& tables) {
  std::vector<std::string> names;
  for (const Table& t : tables) names.push_back(t.name);
  names.emplace_back(kSearchIndex);
  std::vector<std::string> full;
  for (const std::string& name : names) {
    auto st = dst.Prepare("SELECT EXISTS (SELECT 1 FROM " + Ident(name) + ")");
    if (!st) return Err(st.error());
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (*row && st->Int(0) != 0) full.push_back(name);
  }
  return full;
}

struct Outcome {
  std::vector<Copied> tables;  // the search index last
  bool replaced = false;       // --force emptied a site that was there
};

// CopyAll is the whole migration inside the target's write transaction
// (MigrateSite commits it only when this returns a value).
Result<Outcome> CopyAll(lite::SqliteConnection& src, pg::PgConnection& dst, bool force) {
  auto tables = Plan(src, dst);
  if (!tables) return Err(tables.error());

  auto full = NonEmpty(dst, *tables);
  if (!full) return Err(full.error());
  Outcome outcome;
  if (!full->empty()) {
    if (!force) {
      return InvalidArgument("the target already holds a site (rows in " + Joined(*full, ", ") +
                             "); pass --force to replace it");
    }
    // One TRUNCATE of every table at once: the foreign keys between them
    // allow no other order, and it fires no row triggers (the journal
    // entries that matter are written at the end).
    std::vector<std::string> names;
    for (const Table& t : *tables) names.push_back(Ident(t.name));
    names.push_back(Ident(kSearchIndex));
    if (Status s = dst.ExecScript("TRUNCATE " + Joined(names, ", ")); !s.ok()) {
      return Err(s.WithContext("emptying the target"));
    }
    outcome.replaced = true;
  }

  int64_t journal_before = 0;
  {
    auto st = dst.Prepare("SELECT coalesce(max(seq), 0) FROM " + Ident(kJournal));
    if (!st) return Err(st.error());
    auto row = st->Step();
    if (!row) return Err(row.error());
    journal_before = st->Int(0);
  }

  for (const Table& t : *tables) {
    const auto started = std::chrono::steady_clock::now();
    auto copied = CopyTable(src, dst, t);
    if (!copied) return Err(copied.error().WithContext("table " + t.name));
    copied->took = std::chrono::steady_clock::now() - started;
    outcome.tables.push_back(std::move(*copied));
  }
  // Fresh statistics before anything queries the new rows: the index
  // rebuild looks up each story's tags, and a planner that still thinks
  // the tables empty (or holding what --force removed) scans them whole
  // for every story. The site's first queries profit too. ANALYZE is
  // transactional: the statistics commit with the rows.
  {
    std::vector<std::string> names;
    for (const Table& t : *tables) names.push_back(Ident(t.name));
    if (Status s = dst.ExecScript("ANALYZE " + Joined(names, ", ")); !s.ok()) {
      return Err(s.WithContext("ANALYZE"));
    }
  }
  const auto index_started = std::chrono::steady_clock::now();
  auto search = RebuildSearchIndex(src, dst);
  if (!search) return Err(search.error().WithContext("search index"));
  search->took = std::chrono::steady_clock::now() - index_started;
  outcome.tables.push_back(std::move(*search));
  if (Status s = ResetIdentities(dst, *tables); !s.ok()) return Err(s);

  // Verify before COMMIT: any difference and nothing is written.
  std::vector<const Table*> check;
  for (const Table& t : *tables) check.push_back(&t);
  check.push_back(&SearchIndexTable());
  for (size_t i = 0; i < check.size(); ++i) {
    auto back = ReadBack(dst, *check[i]);
    if (!back) return Err(back.error().WithContext("table " + check[i]->name + ": read back"));
    const Copied& sent = outcome.tables[i];
    if (back->rows != sent.rows) {
      return Err(Code::kInternal, "table " + sent.name + ": the target holds " +
                                      std::to_string(back->rows) + " rows where " +
                                      std::to_string(sent.rows) + " were copied");
    }
    if (back->checksum != sent.checksum) {
      return Err(Code::kInternal, "table " + sent.name + ": the rows read back differ from the " +
                                      "source (checksum " + back->checksum.substr(0, 16) +
                                      " where " + sent.checksum.substr(0, 16) + " was copied)");
    }
  }

  // The journal: the triggers wrote an entry per copied story and link;
  // nothing reads them one by one. What a node still running on this
  // database must learn is that everything changed, which a settings entry
  // says (its page cache is cleared) and a calendar entry (its Hijri
  // records are reloaded). The sequence is left where it is, so it never
  // goes back for a reader that has seen it.
  {
    auto st = dst.Prepare("DELETE FROM " + Ident(kJournal) + " WHERE seq > $1");
    if (!st) return Err(st.error());
    st->Bind(1, journal_before);
    if (Status s = st->Run(); !s.ok()) return Err(s.WithContext("change journal"));
  }
  if (Status s = dst.ExecScript("INSERT INTO " + Ident(kJournal) +
                                " (kind) VALUES ('settings'), ('calendar')");
      !s.ok()) {
    return Err(s.WithContext("change journal"));
  }
  return outcome;
}

std::string FormatSeconds(std::chrono::steady_clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(d).count());
  return text;
}

}  // namespace

Status MigrateSite(const MigrateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto from = ParseDatabase(options.from, "--from");
  if (!from) return from.error();
  if (from->is_postgres()) {
    return Status(Code::kInvalidArgument, "--from " + from->Display() +
                                              ": migrate copies from an SQLite file (PATH or "
                                              "sqlite:PATH)");
  }
  auto to = ParseDatabase(options.to, "--to");
  if (!to) return to.error();
  if (!to->is_postgres()) {
    return Status(Code::kInvalidArgument,
                  "--to " + to->Display() + ": migrate copies to PostgreSQL (postgresql://...)");
  }
  const std::string source = "sqlite:" + from->location;
  const std::string target = to->Display();

  // Opening would create a missing file, and copy an empty site.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(from->location, ec)) {
    return Status(Code::kNotFound, "--from " + from->location + ": no such SQLite file");
  }
  // Opening each store brings its schema to this build's latest (the
  // target's is created), so both have the same tables and columns.
  {
    auto store = OpenSqliteStore(from->location);
    if (!store) return Status(store.error().code(), OneLine(store.error().message()));
  }
  {
    auto store = OpenPostgresStore(to->location);
    if (!store) return Status(store.error().code(), OneLine(store.error().message()));
  }
  if (sodium_init() < 0) return Status(Code::kInternal, "libsodium failed to start");

  auto src = lite::SqliteConnection::Open(from->location, kBusyTimeout);
  if (!src) return src.error().WithContext(source);
  auto dst = pg::PgConnection::Open(to->location, kLockTimeout);
  if (!dst) {
    return Status(dst.error().code(), OneLine("database " + target + ": " + dst.error().message()));
  }
  // The source is UTF-8; a large site's COPY may take longer than a
  // statement timeout meant for the site's queries. Custom plans: the
  // search index starts empty and grows story by story in this session,
  // and a generic plan made while it was empty (a sequential scan) would
  // be reused for every story, making the rebuild quadratic.
  if (Status s = (*dst)->ExecScript("SET client_encoding = 'UTF8'; SET statement_timeout = 0;"
                                    " SET plan_cache_mode = force_custom_plan");
      !s.ok()) {
    return Status(s.code(), OneLine("database " + target + ": " + s.message()));
  }

  // One read transaction on the source: every table from the same
  // snapshot, even if the site is still writing to it.
  const auto copy_started = std::chrono::steady_clock::now();
  if (Status s = (*src)->Begin(sql::TxKind::kRead); !s.ok()) return s.WithContext(source);
  Result<Outcome> outcome = sql::InTransaction(
      **dst, sql::TxKind::kWrite, [&] { return CopyAll(**src, **dst, options.force); });
  (*src)->Rollback();
  if (!outcome) {
    // Whatever failed, the transaction rolled back.
    const Status& s = outcome.error();
    return Status(s.code(), OneLine("migrate " + source + " -> " + target + ": " + s.message() +
                                    "; nothing was written"));
  }
  // The rate is the copy's (reading, writing, verifying, committing), not
  // the schema creation's, which is the same for any size of site.
  const auto copied = std::chrono::steady_clock::now() - copy_started;

  // The search index (ANALYZEd inside the transaction) gets fresh
  // statistics once it is filled; a failure here is only a warning.
  if (Status s = (*dst)->ExecScript("ANALYZE " + Ident(kSearchIndex)); !s.ok()) {
    std::fprintf(stderr, "khabar: warning: ANALYZE after the copy: %s\n",
                 OneLine(s.message()).c_str());
  }

  std::printf("migrated %s -> %s%s\n", source.c_str(), target.c_str(),
              outcome->replaced ? " (its previous contents replaced: --force)" : "");
  std::printf("%-22s %10s  %-16s  %8s  %s\n", "table", "rows", "checksum", "time", "verified");
  int64_t total = 0;
  for (const Copied& c : outcome->tables) {
    const bool index = c.name == kSearchIndex;
    std::printf("%-22s %10" PRId64 "  %-16s  %8s  %s\n",
                index ? "article_search (index)" : c.name.c_str(), c.rows,
                c.checksum.substr(0, 16).c_str(), FormatSeconds(c.took).c_str(), "ok");
    total += c.rows;
  }
  const double seconds = std::chrono::duration<double>(copied).count();
  std::printf("copied %" PRId64
              " rows in %zu tables and the search index in %s (%.0f rows/s), %s in all;"
              " every count and checksum matches\n",
              total, outcome->tables.size() - 1, FormatSeconds(copied).c_str(),
              seconds > 0 ? static_cast<double>(total) / seconds : 0.0,
              FormatSeconds(std::chrono::steady_clock::now() - started).c_str());
  return Status();
}

}  // namespace khabar
