// What a database's catalog says about its tables, for the tools that copy
// whole tables (store/transfer/) rather than go through the Store: each
// dialect reads its own catalog (Dialect::DescribeTables), so a copy can
// compare two databases' schemas and plan its order without knowing which
// databases they are.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

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

}  // namespace khabar::sql
