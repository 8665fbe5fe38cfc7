#include "store/postgres/internal/sql_values.h"

namespace khabar::sql::postgres_internal {

std::string AsciiLower(std::string_view expr) {
  return "translate(" + std::string(expr) +
         ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
}

}  // namespace khabar::sql::postgres_internal
