#include "store/sql_values.h"

namespace khabar::store_sql {

std::string Quoted(std::string_view text) {
  std::string q = "'";
  q += text;
  q += "'";
  return q;
}

std::string_view TrimSpace(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

bool IsValidRole(Role role) {
  return role == Role::kReporter || role == Role::kEditor || role == Role::kAdmin;
}

}  // namespace khabar::store_sql
