// What SQLite's catalog says about the schema's tables
// (Dialect::Catalog), read from its table-valued PRAGMAs.
#pragma once

#include <vector>

#include "base/status.h"
#include "store/sql/catalog.h"
#include "store/sql/connection.h"

namespace khabar::sql::sqlite_internal {

// SqliteCatalog reads the tables of the main schema: not SQLite's own
// (sqlite_*), nor FTS5's virtual and shadow tables. A column's kind is
// read from its declared type (INTEGER, TEXT): SQLite keeps flags as
// INTEGER, so a copy takes flags from the other database's description.
const CatalogSql& SqliteCatalog();

}  // namespace khabar::sql::sqlite_internal
