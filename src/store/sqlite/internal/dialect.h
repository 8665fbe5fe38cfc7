// SqliteDialect: how SQLite spells what differs (see store/sql/dialect.h).
#pragma once

#include "store/sql/dialect.h"

namespace khabar::sql::sqlite_internal {

// SqliteDialect is the one SQLite dialect; it lives as long as the program.
const sql::Dialect& SqliteDialect();

}  // namespace khabar::sql::sqlite_internal
