// Small helpers every part of PostgresStore shares: converting times and
// flags to and from columns, quoting names in messages, and stepping through
// rows. The PostgreSQL twin of store/sqlite/internal/sql_values.h, minus
// RowChanges and LastInsertId: use Statement::Affected() and
// INSERT ... RETURNING id instead.
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
#include "store/sql_values.h"

namespace khabar::postgres_internal {

// Times are stored as Unix seconds (BIGINT).
inline int64_t ToUnix(Seconds t) { return t.time_since_epoch().count(); }
inline Seconds FromUnix(int64_t s) { return Seconds(std::chrono::seconds(s)); }
inline std::optional<int64_t> ToUnix(std::optional<Seconds> t) {
  if (!t) return std::nullopt;
  return ToUnix(*t);
}
inline std::optional<Seconds> OptionalTime(const Statement& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return FromUnix(st.Int(col));
}
inline std::optional<int64_t> OptionalInt(const Statement& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return st.Int(col);
}
// Flag is a bool as a parameter: "0" and "1" are valid BOOLEAN input, so it
// binds to a BOOLEAN column or a `$n::boolean` as well as to an integer.
inline int64_t Flag(bool b) { return b ? 1 : 0; }

// Quoted, TrimSpace, IsValidRole, ReadStatus and ReadRole are the same for
// every backend: store/sql_values.h.
using store_sql::IsValidRole;
using store_sql::Quoted;
using store_sql::ReadRole;
using store_sql::ReadStatus;
using store_sql::TrimSpace;

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

// ForEachRow steps `st` to the end, calling `on_row()` for each row;
// on_row returns void or a Status that stops the walk when not OK.
template <typename F>
Status ForEachRow(Statement& st, F&& on_row) {
  for (;;) {
    auto row = st.Step();
    if (!row) return row.error();
    if (!*row) return Status();
    if constexpr (std::is_void_v<decltype(on_row())>) {
      on_row();
    } else {
      if (Status s = on_row(); !s.ok()) return s;
    }
  }
}

// UserExists reports whether user `id` exists; writers that record a user
// check first, so a bad id is a clear kInvalidArgument rather than a
// foreign-key failure (which, on PostgreSQL, would also abort the
// transaction).
Result<bool> UserExists(Connection& c, int64_t id);
Status RequireUser(Connection& c, int64_t id, std::string_view what);

}  // namespace khabar::postgres_internal
