// Small helpers all of the store's SQL code shares: converting times and
// flags to and from columns, quoting names in messages, trimming what was
// typed, reading stored status and role names, and checking that a user
// exists.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "content/account.h"
#include "content/article.h"
#include "store/sql/connection.h"

namespace khabar::sql {

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
// Flag is a bool as a parameter: "0" and "1" are valid BOOLEAN input on
// PostgreSQL and integers on SQLite.
inline int64_t Flag(bool b) { return b ? 1 : 0; }

// Quoted returns 'text', for messages that name what the user typed.
std::string Quoted(std::string_view text);

// TrimSpace drops ASCII white space at both ends.
std::string_view TrimSpace(std::string_view text);

// IsValidRole reports whether `role` is one of the enumerators (a cast can
// make any int a Role).
bool IsValidRole(Role role);

// ReadStatus and ReadRole parse a stored name; an unknown one is kInternal
// (the schema's CHECKs and the writers never store one).
Result<ArticleStatus> ReadStatus(const Statement& st, int col);
Result<Role> ReadRole(const Statement& st, int col);

// UserExists reports whether user `id` exists; writers that record a user
// check first, so a bad id is a clear kInvalidArgument rather than a
// foreign-key failure (which, on PostgreSQL, would also abort the
// transaction).
Result<bool> UserExists(Connection& c, int64_t id);
Status RequireUser(Connection& c, int64_t id, std::string_view what);

}  // namespace khabar::sql
