// What PostgreSQL's catalog says about the schema's tables
// (Dialect::Catalog), and moving an identity column's sequence
// past the ids a copy wrote (Dialect::ResetIdentity).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "store/sql/catalog.h"
#include "store/sql/connection.h"

namespace khabar::sql::postgres_internal {

// PostgresCatalog reads the base tables of the current schema, each
// column's type (information_schema's data_type: "bigint", "boolean"),
// primary key and identity, and the tables its foreign keys name.
const CatalogSql& PostgresCatalog();

// ResetIdentity sets the sequence of identity column `column` of `table`
// so that its next value is one past the column's largest.
Status ResetIdentity(Connection& c, const std::string& table, const std::string& column);

}  // namespace khabar::sql::postgres_internal
