// PostgresDialect: how PostgreSQL spells what differs (see
// store/sql/dialect.h).
#pragma once

#include "store/sql/dialect.h"

namespace khabar::sql::postgres_internal {

// PostgresDialect is the one PostgreSQL dialect; it lives as long as the
// program.
const sql::Dialect& PostgresDialect();

}  // namespace khabar::sql::postgres_internal
