#include "store/sql/catalog.h"

#include "store/sql/connection.h"
#include "store/sql/dialect.h"

namespace khabar::sql {

std::string QuoteName(std::string_view name) {
  std::string q = "\"";
  for (char ch : name) {
    if (ch == '"') q += '"';
    q += ch;
  }
  q += '"';
  return q;
}

namespace {

template <typename F>
std::string Join(const std::vector<std::string>& names, F&& each) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += each(names[i]);
  }
  return out;
}

}  // namespace

std::string JoinNames(const std::vector<std::string>& names) {
  return Join(names, [](const std::string& name) -> const std::string& { return name; });
}

std::string JoinQuotedNames(const std::vector<std::string>& names) {
  return Join(names, [](const std::string& name) { return QuoteName(name); });
}

namespace {

// DescribeTable fills in `t`'s columns and the tables it refers to.
Status DescribeTable(Connection& c, const CatalogSql& catalog, TableShape& t) {
  auto columns = c.Prepare(catalog.columns);
  if (!columns) return columns.error();
  columns->Bind(1, std::string_view(t.name));
  auto on_column = [&] {
    ColumnShape& column = t.columns.emplace_back();
    column.name = columns->Text(0);
    column.type = columns->Text(1);
    column.kind = catalog.kind_of(column.type);
    column.key_position = static_cast<int>(columns->Int(2));
    column.identity = columns->Int(3) != 0;
  };
  if (Status s = ForEachRow(*columns, on_column); !s.ok()) return s;
  auto parents = c.Prepare(catalog.references);
  if (!parents) return parents.error();
  parents->Bind(1, std::string_view(t.name));
  return ForEachRow(*parents, [&] { t.refers_to.insert(parents->Text(0)); });
}

}  // namespace

Result<std::vector<TableShape>> DescribeTables(Connection& c) {
  const CatalogSql& catalog = c.dialect().Catalog();
  std::vector<TableShape> tables;
  {
    auto names = c.Prepare(catalog.tables);
    if (!names) return Err(names.error());
    if (Status s = ForEachRow(*names, [&] { tables.emplace_back().name = names->Text(0); });
        !s.ok()) {
      return Err(s);
    }
  }
  for (TableShape& t : tables) {
    if (Status s = DescribeTable(c, catalog, t); !s.ok()) {
      return Err(s.WithContext("table " + t.name));
    }
  }
  return tables;
}

}  // namespace khabar::sql
