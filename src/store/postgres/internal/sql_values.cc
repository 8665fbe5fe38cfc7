#include "store/postgres/internal/sql_values.h"

namespace khabar::postgres_internal {

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

std::string AsciiLower(std::string_view expr) {
  return "translate(" + std::string(expr) +
         ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')";
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

bool IsValidRole(Role role) {
  return role == Role::kReporter || role == Role::kEditor || role == Role::kAdmin;
}

Result<bool> UserExists(Connection& c, int64_t id) {
  auto st = c.Prepare("SELECT 1 FROM users WHERE id = $1::bigint");
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

}  // namespace khabar::postgres_internal
