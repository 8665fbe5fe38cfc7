// The plan of a whole-site copy: which tables, in what order, each column
// read and checksummed how, made from the two databases' own descriptions
// of their schemas (sql::DescribeTables). A table or column added by a
// later migration step is copied without changing this code, and anything
// the copy cannot reproduce faithfully (a column type with no canonical
// form, a table only one side has) stops it before it writes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/sql/catalog.h"
#include "store/sql/dialect.h"

namespace khabar::transfer::internal {

// Tables that are not copied row for row (site_copy.h says why).
inline constexpr std::string_view kJournal = "changes";
inline constexpr std::string_view kSchemaVersions = "schema_migrations";
inline constexpr std::string_view kSearchIndex = "article_search";

struct Column {
  std::string name;
  // kind is the target's: flags are INTEGER 0/1 in SQLite and BOOLEAN in
  // PostgreSQL; integers and text are the same decimal or UTF-8 text on
  // both sides.
  sql::ColumnKind kind = sql::ColumnKind::kText;
  bool identity = false;  // the target numbers it: its sequence is moved past the copied ids
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

// PlanCopy returns the tables to copy in foreign-key order (a table after
// every table it refers to; ties by name, so the order, and the summary,
// is the same on every run). Keys and references are the source's, kinds
// and identities the target's. Both databases are at this build's latest
// schema by then, so any difference between them is a bug that must stop
// the copy: kInvalidArgument naming it.
Result<std::vector<Table>> PlanCopy(const std::vector<sql::TableShape>& source,
                                    const std::vector<sql::TableShape>& target);

// ColumnList is the table's columns, quoted, for SELECT and COPY.
std::string ColumnList(const Table& t);

// OrderBy lists the key columns so both sides read a table in the same
// order: text by its bytes (SQLite's BINARY, PostgreSQL's "C" collation
// whatever the database's locale), and NULL first (SQLite's order, not
// PostgreSQL's unless told) where a key column may be NULL.
std::string OrderBy(const Table& t, const sql::Dialect& dialect);

}  // namespace khabar::transfer::internal
