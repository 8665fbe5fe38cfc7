#include "store/sqlite/internal/sql_values.h"

namespace khabar::sqlite_internal {

// The pool holds SqliteConnections only. (These go as each concept moves to
// store/sql/, which uses Statement::Affected and INSERT ... RETURNING id.)
int64_t RowChanges(Connection& c) {
  return sqlite3_changes64(static_cast<SqliteConnection&>(c).db());
}

int64_t LastInsertId(Connection& c) {
  return sqlite3_last_insert_rowid(static_cast<SqliteConnection&>(c).db());
}

}  // namespace khabar::sqlite_internal
