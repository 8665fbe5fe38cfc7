// Small helpers every part of SqliteStore shares: converting times and
// flags to and from columns, quoting names in messages, and stepping through
// rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/clock.h"
#include "base/status.h"
#include "content/account.h"
#include "content/article.h"
#include "store/sql_values.h"
#include "store/sqlite/internal/connection.h"

namespace khabar::sqlite_internal {

// Times are stored as Unix seconds.
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
inline int64_t Flag(bool b) { return b ? 1 : 0; }

// Quoted, TrimSpace, IsValidRole, ReadStatus and ReadRole are the same for
// every backend: store/sql_values.h.
using store_sql::IsValidRole;
using store_sql::Quoted;
using store_sql::ReadRole;
using store_sql::ReadStatus;
using store_sql::TrimSpace;

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

// RowChanges is how many rows the connection's last statement changed.
int64_t RowChanges(Connection& c);
// LastInsertId is the rowid the connection's last INSERT made.
int64_t LastInsertId(Connection& c);

// UserExists reports whether user `id` exists; writers that record a user
// check first, so a bad id is a clear kInvalidArgument rather than a
// foreign-key failure.
Result<bool> UserExists(Connection& c, int64_t id);
Status RequireUser(Connection& c, int64_t id, std::string_view what);

}  // namespace khabar::sqlite_internal
