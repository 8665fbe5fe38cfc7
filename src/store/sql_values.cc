#include "store/sql_values.h"

#include "base/ascii.h"

namespace khabar::store_sql {

std::string Quoted(std::string_view text) {
  std::string q = "'";
  q += text;
  q += "'";
  return q;
}

std::string_view TrimSpace(std::string_view text) { return TrimAscii(text); }

bool IsValidRole(Role role) {
  return role == Role::kReporter || role == Role::kEditor || role == Role::kAdmin;
}

}  // namespace khabar::store_sql
