#include "store/sqlite/internal/sql_values.h"

namespace khabar::sqlite_internal {

int64_t RowChanges(Connection& c) { return sqlite3_changes64(c.db()); }

int64_t LastInsertId(Connection& c) { return sqlite3_last_insert_rowid(c.db()); }

Result<bool> UserExists(Connection& c, int64_t id) {
  auto st = c.Prepare("SELECT 1 FROM users WHERE id = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, id);
  return st->Step();
}

Status RequireUser(Connection& c, int64_t id, std::string_view what) {
  auto exists = UserExists(c, id);
  if (!exists) return exists.error();
  if (!*exists) {
    return Status(Code::kInvalidArgument,
                  std::string(what) + ": user " + std::to_string(id) + " does not exist");
  }
  return Status();
}

}  // namespace khabar::sqlite_internal
