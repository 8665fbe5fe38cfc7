// What both stores' SQL code shares whatever the backend: quoting names in
// messages, trimming what was typed, and reading stored status and role
// names from any statement with a Text(col) reader (the SQLite and the
// PostgreSQL Statement offer the same shape on purpose).
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "content/account.h"
#include "content/article.h"

namespace khabar::store_sql {

// Quoted returns 'text', for messages that name what the user typed.
std::string Quoted(std::string_view text);

// TrimSpace drops ASCII white space at both ends.
std::string_view TrimSpace(std::string_view text);

// IsValidRole reports whether `role` is one of the enumerators (a cast can
// make any int a Role).
bool IsValidRole(Role role);

// ReadStatus and ReadRole parse a stored name; an unknown one is kInternal
// (the schema's CHECKs and the writers never store one).
template <typename Statement>
Result<ArticleStatus> ReadStatus(const Statement& st, int col) {
  std::string name = st.Text(col);
  auto status = ParseArticleStatus(name);
  if (!status) return Internal("stored article status " + Quoted(name) + " is unknown");
  return *status;
}
template <typename Statement>
Result<Role> ReadRole(const Statement& st, int col) {
  std::string name = st.Text(col);
  auto role = ParseRole(name);
  if (!role) return Internal("stored role " + Quoted(name) + " is unknown");
  return *role;
}

}  // namespace khabar::store_sql
