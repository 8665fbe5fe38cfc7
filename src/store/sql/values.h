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
#include <variant>
#include <vector>

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

// IsValidRole reports whether `role` is one of the enumerators (a cast can
// make any int a Role).
bool IsValidRole(Role role);

// ReadStatus and ReadRole parse a stored name; an unknown one is kInternal
// (the schema's CHECKs and the writers never store one).
Result<ArticleStatus> ReadStatus(const Statement& st, int col);
Result<Role> ReadRole(const Statement& st, int col);

// SqlParams numbers the parameters of SQL assembled from optional fixed
// fragments (a listing's filters). PostgreSQL wants every parameter up to
// the highest used, with a type it can infer, so each value takes the next
// number as its fragment is added: Int and Text return the placeholder with
// its type ("CAST(?3 AS BIGINT)") to splice into the SQL text, Next a bare
// one for SQL that types it (Dialect::AsciiCaseLike); Bind binds them all.
// Only placeholders reach the SQL text, never values. Copy a SqlParams to
// add a page's bounds to a count's filters.
class SqlParams {
 public:
  std::string Int(int64_t value) { return "CAST(" + Next(value) + " AS BIGINT)"; }
  std::string Text(std::string_view value) { return "CAST(" + Next(value) + " AS TEXT)"; }
  std::string Next(int64_t value) { return Add(value); }
  std::string Next(std::string_view value) { return Add(std::string(value)); }
  void Bind(Statement& st) const;

 private:
  std::string Add(std::variant<int64_t, std::string> value) {
    values_.push_back(std::move(value));
    return "?" + std::to_string(values_.size());
  }

  std::vector<std::variant<int64_t, std::string>> values_;
};

// UserExists reports whether user `id` exists; writers that record a user
// check first, so a bad id is a clear kInvalidArgument rather than a
// foreign-key failure (which, on PostgreSQL, would also abort the
// transaction).
Result<bool> UserExists(Connection& c, int64_t id);
Status RequireUser(Connection& c, int64_t id, std::string_view what);

}  // namespace khabar::sql
