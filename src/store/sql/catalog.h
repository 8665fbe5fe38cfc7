// What a database's catalog says about its tables, for the tools that copy
// whole tables (store/transfer/) rather than go through the Store: each
// dialect reads its own catalog (DescribeTables, below), so a copy can
// compare two databases' schemas and plan its order without knowing which
// databases they are.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace khabar::sql {

// ColumnKind is how a column's values are written as text: integers in
// decimal, flags as "1" or "0", text as its UTF-8 bytes. kOther is any
// type with another text form (numeric, timestamps, JSON), which no copy
// may claim to reproduce until it has a canonical form for it.
enum class ColumnKind { kInteger, kText, kBoolean, kOther };

struct ColumnShape {
  std::string name;
  std::string type;  // as the catalog names it ("bigint", "INTEGER"), for messages
  ColumnKind kind = ColumnKind::kOther;
  int key_position = 0;   // 1-based position in the primary key; 0 when not in it
  bool identity = false;  // the database numbers new rows from its own sequence
};

struct TableShape {
  std::string name;
  std::vector<ColumnShape> columns;  // in the table's order
  std::set<std::string> refers_to;   // the tables its foreign keys name (itself included)
};

// QuoteName quotes an SQL identifier ("key" -> "\"key\""), so a name that
// is also a keyword ("key", "position") is never read as SQL. For names
// from a catalog or from code, never from input.
std::string QuoteName(std::string_view name);

// JoinNames lists `names` for a message ("a, b"); JoinQuotedNames for SQL,
// each quoted ("\"a\", \"b\"").
std::string JoinNames(const std::vector<std::string>& names);
std::string JoinQuotedNames(const std::vector<std::string>& names);

class Connection;

// CatalogSql is how one database's catalog is read (Dialect::Catalog):
// `tables` names the schema's tables, one a row (not the database's own
// bookkeeping, nor SQLite's FTS5 tables); `columns` gives, for the table
// named by ?1, each column's name, type, 1-based position in the primary
// key (0 when not in it) and whether it is an identity column (1 or 0), in
// the table's order; `references` the tables the foreign keys of table ?1
// name. `kind_of` reads a column's kind from the type the catalog gives.
struct CatalogSql {
  std::string tables;
  std::string columns;
  std::string references;
  ColumnKind (*kind_of)(std::string_view type) = nullptr;
};

// DescribeTables lists the schema's tables, each described, as `c`'s
// dialect reads them from its catalog (Dialect::Catalog), in no promised
// order.
Result<std::vector<TableShape>> DescribeTables(Connection& c);

}  // namespace khabar::sql
