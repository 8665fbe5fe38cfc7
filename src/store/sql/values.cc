#include "store/sql/values.h"

#include "base/ascii.h"

namespace khabar::sql {

std::string Quoted(std::string_view text) {
  std::string q = "'";
  q += text;
  q += "'";
  return q;
}

bool IsValidRole(Role role) {
  return role == Role::kReporter || role == Role::kEditor || role == Role::kAdmin;
}

Result<ArticleStatus> ReadStatus(const Statement& st, int col) {
  std::string name = st.Text(col);
  auto status = ParseArticleStatus(name);
  if (!status) return Internal("stored article status " + Quoted(name) + " is unknown");
  return *status;
}

Result<Role> ReadRole(const Statement& st, int col) {
  std::string name = st.Text(col);
  auto role = ParseRole(name);
  if (!role) return Internal("stored role " + Quoted(name) + " is unknown");
  return *role;
}

void SqlParams::Bind(Statement& st) const {
  for (size_t i = 0; i < values_.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* n = std::get_if<int64_t>(&values_[i])) {
      st.Bind(index, *n);
    } else {
      st.Bind(index, std::string_view(std::get<std::string>(values_[i])));
    }
  }
}

Result<bool> UserExists(Connection& c, int64_t id) {
  auto st = c.Prepare("SELECT 1 FROM users WHERE id = CAST(?1 AS BIGINT)");
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

}  // namespace khabar::sql
