#include "store/sqlite/internal/catalog.h"

#include <string_view>

#include "base/ascii.h"

namespace khabar::sql::sqlite_internal {
namespace {

ColumnKind KindOfDeclaredType(std::string_view type) {
  if (EqualsIgnoreCase(type, "INTEGER")) return ColumnKind::kInteger;
  if (EqualsIgnoreCase(type, "TEXT")) return ColumnKind::kText;
  return ColumnKind::kOther;
}

}  // namespace

// Nothing is an identity column: a row's id is its rowid, which SQLite
// numbers past the largest in the table. pragma_table_list types FTS5's
// own tables 'virtual' and 'shadow'.
const CatalogSql& SqliteCatalog() {
  static const CatalogSql catalog{
      .tables =
          "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
          " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      .columns = "SELECT name, type, pk, 0 FROM pragma_table_info(?1) ORDER BY cid",
      .references = "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
      .kind_of = KindOfDeclaredType,
  };
  return catalog;
}

}  // namespace khabar::sql::sqlite_internal
