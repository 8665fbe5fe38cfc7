#include "store/sqlite/internal/catalog.h"

#include <string>
#include <utility>

#include "base/ascii.h"

namespace khabar::sql::sqlite_internal {
namespace {

ColumnKind KindOfDeclaredType(std::string_view type) {
  if (EqualsIgnoreCase(type, "INTEGER")) return ColumnKind::kInteger;
  if (EqualsIgnoreCase(type, "TEXT")) return ColumnKind::kText;
  return ColumnKind::kOther;
}

// DescribeTable fills in `t`'s columns and the tables it refers to.
Status DescribeTable(Connection& c, TableShape& t) {
  auto columns = c.Prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid");
  if (!columns) return columns.error();
  columns->Bind(1, std::string_view(t.name));
  auto on_column = [&] {
    ColumnShape& column = t.columns.emplace_back();
    column.name = columns->Text(0);
    column.type = columns->Text(1);
    column.kind = KindOfDeclaredType(column.type);
    column.key_position = static_cast<int>(columns->Int(2));
  };
  if (Status s = ForEachRow(*columns, on_column); !s.ok()) return s;
  auto parents = c.Prepare("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)");
  if (!parents) return parents.error();
  parents->Bind(1, std::string_view(t.name));
  return ForEachRow(*parents, [&] { t.refers_to.insert(parents->Text(0)); });
}

}  // namespace

Result<std::vector<TableShape>> DescribeTables(Connection& c) {
  std::vector<TableShape> tables;
  {
    // pragma_table_list types FTS5's own tables 'virtual' and 'shadow'.
    auto names = c.Prepare(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
        " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
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

}  // namespace khabar::sql::sqlite_internal
