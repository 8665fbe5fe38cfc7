// What PostgresStore's own SQL (its listings and search) needs beyond
// store/sql/values.h: ASCII case folding and numbered parameters for SQL
// assembled from optional fragments.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "content/account.h"
#include "content/article.h"
#include "store/postgres/internal/connection.h"
#include "store/sql/values.h"

namespace khabar::sql::postgres_internal {

// AsciiLower returns SQL that folds the ASCII letters of `expr` to lower case
// and leaves every other character as it is, as SQLite's lower(), LIKE and
// NOCASE do; PostgreSQL's lower() and ILIKE fold by the database's locale
// instead, which would make the two backends find and order names
// differently. `expr` is fixed SQL (a column, a "$1::text"), never a value.
// Compare its results with COLLATE "C" to order bytes as SQLite does.
std::string AsciiLower(std::string_view expr);

// SqlParams numbers the parameters of SQL assembled from optional fixed
// fragments (a listing's filters). PostgreSQL wants every $n up to the
// highest used and bound, with a type it can infer, so each value takes the
// next number as its fragment is added: Int and Text return the
// placeholder, cast ("$3::bigint"), to splice into the SQL text; Bind binds
// them all. Only placeholders reach the SQL text, never values.
class SqlParams {
 public:
  std::string Int(int64_t value) { return Add(std::to_string(value), "::bigint"); }
  std::string Text(std::string_view value) { return Add(std::string(value), "::text"); }
  void Bind(Statement& st) const {
    for (size_t i = 0; i < values_.size(); ++i) st.Bind(static_cast<int>(i + 1), values_[i]);
  }

 private:
  std::string Add(std::string value, std::string_view cast) {
    values_.push_back(std::move(value));
    return "$" + std::to_string(values_.size()) + std::string(cast);
  }

  std::vector<std::string> values_;
};

}  // namespace khabar::sql::postgres_internal
