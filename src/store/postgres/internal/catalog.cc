#include "store/postgres/internal/catalog.h"

#include <string>
#include <string_view>

namespace khabar::sql::postgres_internal {
// The key and the references come from pg_constraint, found by the
// table's quoted name (a regclass), since constraint names are unique per
// table only.
const CatalogSql& PostgresCatalog() {
  static const CatalogSql catalog{
      .tables =
          "SELECT table_name FROM information_schema.tables"
          " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
      .columns =
          "SELECT col.column_name, col.data_type, coalesce(("
          "  SELECT k.n FROM pg_constraint c"
          "  CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k (attnum, n)"
          "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum"
          "  WHERE c.conrelid = CAST(quote_ident(CAST(?1 AS TEXT)) AS regclass)"
          "  AND c.contype = 'p' AND a.attname = col.column_name), 0),"
          " CASE WHEN col.is_identity = 'YES' THEN 1 ELSE 0 END"
          " FROM information_schema.columns col"
          " WHERE col.table_schema = current_schema() AND col.table_name = CAST(?1 AS TEXT)"
          " ORDER BY col.ordinal_position",
      .references =
          "SELECT DISTINCT r.relname FROM pg_constraint c"
          " JOIN pg_class r ON r.oid = c.confrelid"
          " WHERE c.conrelid = CAST(quote_ident(CAST(?1 AS TEXT)) AS regclass)"
          " AND c.contype = 'f'",
      .kind_of =
          [](std::string_view type) {
            if (type == "bigint" || type == "integer" || type == "smallint") {
              return ColumnKind::kInteger;
            }
            if (type == "text") return ColumnKind::kText;
            if (type == "boolean") return ColumnKind::kBoolean;
            return ColumnKind::kOther;
          },
  };
  return catalog;
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
