#include "store/postgres/internal/sql_values.h"

namespace khabar::postgres_internal {

std::string AsciiLower(std::string_view expr) {
  return "translate(" + std::string(expr) +
         ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
}

Result<bool> UserExists(Connection& c, int64_t id) {
  auto st = c.Prepare("SELECT 1 FROM users WHERE id = $1::bigint");
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

}  // namespace khabar::postgres_internal
