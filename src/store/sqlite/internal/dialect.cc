#include "store/sqlite/internal/dialect.h"

#include "store/sqlite/internal/catalog.h"
#include "store/sqlite/internal/search_index.h"

namespace khabar::sql::sqlite_internal {
namespace {

class Sqlite final : public sql::Dialect {
 public:
  // A list of ids is a JSON array read with json_each, whose `value`
  // column holds each id.
  std::string IdTable(std::string_view param, std::string_view alias) const override {
    return "json_each(" + std::string(param) + ") " + std::string(alias);
  }
  std::string EncodeIds(const std::vector<int64_t>& ids) const override {
    std::string json = "[";
    for (int64_t id : ids) {
      if (json.size() > 1) json += ',';
      json += std::to_string(id);
    }
    json += ']';
    return json;
  }
  const FullTextSearch& Search() const override { return SqliteSearch(); }
  Status ReindexAllArticles(sql::Connection& c) const override {
    return sqlite_internal::ReindexAllArticles(c);
  }
  Status ReindexArticles(sql::Connection& c, const std::vector<int64_t>& ids) const override {
    return sql::sqlite_internal::ReindexArticles(c, ids);
  }
  std::string UnixNow() const override { return "unixepoch()"; }
  std::string_view BytewiseCollation() const override { return "BINARY"; }
  std::string PairTable(std::string_view first, std::string_view second,
                        std::string_view alias) const override {
    return "(SELECT x.value AS a, y.value AS b FROM json_each(" + std::string(first) +
           ") x JOIN json_each(" + std::string(second) + ") y ON y.key = x.key) " +
           std::string(alias);
  }
  std::string IndexedBy(std::string_view index) const override {
    return " INDEXED BY " + std::string(index);
  }
  std::string_view Materialized() const override { return ""; }
  std::string AsciiCaseEquals(std::string_view expr, std::string_view param) const override {
    return "lower(" + std::string(expr) + ") = lower(" + std::string(param) + ")";
  }
  // SQLite's LIKE and NOCASE fold ASCII case and nothing else.
  std::string AsciiCaseLike(std::string_view expr, std::string_view param) const override {
    return std::string(expr) + " LIKE " + std::string(param) + " ESCAPE '\\'";
  }
  std::string AsciiCaseOrder(std::string_view expr) const override {
    return std::string(expr) + " COLLATE NOCASE";
  }
  std::string_view DrivingJoin() const override { return "CROSS JOIN"; }

  const CatalogSql& Catalog() const override { return SqliteCatalog(); }
  std::string_view BulkCopySession() const override { return ""; }
  // Children first: the foreign keys are checked at each statement's end.
  std::string EmptyTables(const std::vector<std::string>& tables) const override {
    std::string sql;
    for (auto it = tables.rbegin(); it != tables.rend(); ++it) {
      sql += "DELETE FROM " + QuoteName(*it) + ";";
    }
    return sql;
  }
  std::string AnalyzeTables(const std::vector<std::string>& tables) const override {
    std::string sql;
    for (const std::string& t : tables) sql += "ANALYZE " + QuoteName(t) + ";";
    return sql;
  }
  Status ResetIdentity(sql::Connection&, const std::string&, const std::string&) const override {
    return Status();
  }
};

}  // namespace

const sql::Dialect& SqliteDialect() {
  static const Sqlite dialect;
  return dialect;
}

}  // namespace khabar::sql::sqlite_internal
