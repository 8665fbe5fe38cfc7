#include "store/postgres/internal/catalog.h"

#include <string_view>
#include <utility>

namespace khabar::sql::postgres_internal {
namespace {

ColumnKind KindOfType(std::string_view type) {
  if (type == "bigint" || type == "integer" || type == "smallint") return ColumnKind::kInteger;
  if (type == "text") return ColumnKind::kText;
  if (type == "boolean") return ColumnKind::kBoolean;
  return ColumnKind::kOther;
}

// DescribeTable fills in `t`'s columns, key and the tables it refers to.
// The key and the references come from pg_constraint, found by the
// table's quoted name (a regclass), since constraint names are unique per
// table only.
Status DescribeTable(Connection& c, TableShape& t) {
  auto columns = c.Prepare(
      "SELECT column_name, data_type, is_identity FROM information_schema.columns"
      " WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position");
  if (!columns) return columns.error();
  columns->Bind(1, std::string_view(t.name));
  auto on_column = [&] {
    ColumnShape& column = t.columns.emplace_back();
    column.name = columns->Text(0);
    column.type = columns->Text(1);
    column.kind = KindOfType(column.type);
    column.identity = columns->Text(2) == "YES";
  };
  if (Status s = ForEachRow(*columns, on_column); !s.ok()) return s;
  const std::string regclass = QuoteName(t.name);
  auto key = c.Prepare(
      "SELECT a.attname, k.n FROM pg_constraint c"
      " CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k (attnum, n)"
      " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
      " WHERE c.conrelid = CAST(?1 AS regclass) AND c.contype = 'p'");
  if (!key) return key.error();
  key->Bind(1, std::string_view(regclass));
  auto on_key_column = [&] {
    const std::string name = key->Text(0);
    for (ColumnShape& column : t.columns) {
      if (column.name == name) column.key_position = static_cast<int>(key->Int(1));
    }
  };
  if (Status s = ForEachRow(*key, on_key_column); !s.ok()) return s;
  auto parents = c.Prepare(
      "SELECT DISTINCT r.relname FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid"
      " WHERE c.conrelid = CAST(?1 AS regclass) AND c.contype = 'f'");
  if (!parents) return parents.error();
  parents->Bind(1, std::string_view(regclass));
  return ForEachRow(*parents, [&] { t.refers_to.insert(parents->Text(0)); });
}

}  // namespace

Result<std::vector<TableShape>> DescribeTables(Connection& c) {
  std::vector<TableShape> tables;
  {
    auto names = c.Prepare(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    if (!names) return Err(names.error());
    if (Status s = ForEachRow(*names, [&] { tables.emplace_back().name = names->Text(0); });
        !s.ok()) {
      return Err(s);
    }
  }
  for (TableShape& t : tables) {
    if (Status s = DescribeTable(c, t); !s.ok()) return Err(s.WithContext("table " + t.name));
  }
  return tables;
}

Status ResetIdentity(Connection& c, const std::string& table, const std::string& column) {
  // pg_get_serial_sequence reads its first argument as a (quoted) name,
  // its second as a column name as it is.
  const std::string quoted = QuoteName(table);
  auto st = c.Prepare("SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max(" +
                      QuoteName(column) + "), 0) + 1, false) FROM " + quoted);
  if (!st) return st.error();
  st->Bind(1, std::string_view(quoted)).Bind(2, std::string_view(column));
  return st->Run();
}

}  // namespace khabar::sql::postgres_internal
