#include "store/postgres/internal/dialect.h"

#include "store/postgres/internal/catalog.h"
#include "store/postgres/internal/connection.h"
#include "store/postgres/internal/search_index.h"

namespace khabar::sql::postgres_internal {

// The journal's triggers spell the write lock's key out as a literal (SQL
// cannot see this header); they and the store must take the same lock for
// sequence numbers to follow commit order.
static_assert(kWriteLockKey == 7739543034805747713,
              "update the literal in migrations.cc (kChangesPostgres) to match kWriteLockKey");

namespace {

// AsciiLower returns SQL that folds the ASCII letters of `expr` to lower
// case and leaves every other character as it is, as SQLite's lower(), LIKE
// and NOCASE do; PostgreSQL's lower() and ILIKE fold by the database's
// locale instead, which would make the two backends find and order names
// differently. `expr` is fixed SQL (a column, a cast parameter), never a
// value. Compare its results with COLLATE "C" to order bytes as SQLite
// does.
std::string AsciiLower(std::string_view expr) {
  return "translate(" + std::string(expr) +
         ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
}

class Postgres final : public sql::Dialect {
 public:
  // A list of ids is a BIGINT[] literal ("{1,2,3}") read with unnest.
  std::string IdTable(std::string_view param, std::string_view alias) const override {
    return "unnest(CAST(" + std::string(param) + " AS BIGINT[])) " + std::string(alias) +
           " (value)";
  }
  std::string EncodeIds(const std::vector<int64_t>& ids) const override {
    std::string array = "{";
    for (int64_t id : ids) {
      if (array.size() > 1) array += ',';
      array += std::to_string(id);
    }
    array += '}';
    return array;
  }
  const FullTextSearch& Search() const override { return PostgresSearch(); }
  Status ReindexAllArticles(sql::Connection& c) const override {
    return postgres_internal::ReindexAllArticles(c);
  }
  Status ReindexArticles(sql::Connection& c, const std::vector<int64_t>& ids) const override {
    return sql::postgres_internal::ReindexArticles(c, ids);
  }
  std::string UnixNow() const override { return "CAST(extract(epoch FROM now()) AS BIGINT)"; }
  std::string_view BytewiseCollation() const override { return "\"C\""; }
  std::string PairTable(std::string_view first, std::string_view second,
                        std::string_view alias) const override {
    return "unnest(CAST(" + std::string(first) + " AS BIGINT[]), CAST(" + std::string(second) +
           " AS BIGINT[])) " + std::string(alias) + " (a, b)";
  }
  std::string IndexedBy(std::string_view) const override { return ""; }
  std::string_view Materialized() const override { return "MATERIALIZED "; }
  // lower() for the index on lower(expr), which every ASCII-only match
  // also meets; translate() for the ASCII-only folding.
  std::string AsciiCaseEquals(std::string_view expr, std::string_view param) const override {
    const std::string p = "CAST(" + std::string(param) + " AS TEXT)";
    return "lower(" + std::string(expr) + ") = lower(" + p + ") AND " + AsciiLower(expr) + " = " +
           AsciiLower(p);
  }
  std::string AsciiCaseLike(std::string_view expr, std::string_view param) const override {
    return AsciiLower(expr) + " LIKE " + AsciiLower("CAST(" + std::string(param) + " AS TEXT)") +
           " ESCAPE '\\'";
  }
  std::string AsciiCaseOrder(std::string_view expr) const override {
    return AsciiLower(expr) + " COLLATE \"C\"";
  }
  std::string_view DrivingJoin() const override { return "JOIN"; }

  const CatalogSql& Catalog() const override { return PostgresCatalog(); }
  std::string_view BulkCopySession() const override {
    return "SET client_encoding = 'UTF8'; SET statement_timeout = 0;"
           " SET plan_cache_mode = force_custom_plan";
  }
  // One TRUNCATE of every table at once: the foreign keys between them
  // allow no other order, and it fires no row triggers.
  std::string EmptyTables(const std::vector<std::string>& tables) const override {
    return "TRUNCATE " + JoinQuotedNames(tables);
  }
  std::string AnalyzeTables(const std::vector<std::string>& tables) const override {
    return "ANALYZE " + JoinQuotedNames(tables);
  }
  Status ResetIdentity(sql::Connection& c, const std::string& table,
                       const std::string& column) const override {
    return postgres_internal::ResetIdentity(c, table, column);
  }
};

}  // namespace

const sql::Dialect& PostgresDialect() {
  static const Postgres dialect;
  return dialect;
}

}  // namespace khabar::sql::postgres_internal
