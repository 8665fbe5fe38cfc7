// SqlStore: newsroom accounts, their sessions, and failed-login counts.
#include <string>
#include <vector>

#include "base/ascii.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

constexpr size_t kMaxDisplayName = 200;

const std::string kUserColumns =
    "SELECT id, login, display_name, role, disabled, created_at, password_changed_at,"
    " password_hash FROM users";

Result<UserRecord> ReadUser(const Statement& st) {
  auto role = ReadRole(st, 3);
  if (!role) return Err(role.error());
  return UserRecord{.user = User{.id = st.Int(0),
                                 .login = st.Text(1),
                                 .display_name = st.Text(2),
                                 .role = *role,
                                 .disabled = st.Int(4) != 0,  // BOOLEAN, read as 0 or 1
                                 .created_at = FromUnix(st.Int(5)),
                                 .password_changed_at = FromUnix(st.Int(6))},
                    .password_hash = st.Text(7)};
}

Result<UserRecord> ReadOneUser(Statement& st, const std::string& what) {
  auto row = st.Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound(what + " not found");
  return ReadUser(st);
}

Status InvalidRole(Role role) {
  return Status(Code::kInvalidArgument,
                "role " + std::to_string(static_cast<int>(role)) + " is not a role");
}

Status UserNotFound(int64_t id) {
  return Status(Code::kNotFound, "user " + std::to_string(id) + " not found");
}

// EndSessions signs user `id` out everywhere.
Status EndSessions(Connection& c, int64_t id) {
  auto st = c.Prepare("DELETE FROM sessions WHERE user_id = ?1");
  if (!st) return st.error();
  st->Bind(1, id);
  return st->Run();
}

// UpdateUser runs an UPDATE of one user (?1 is the id); kNotFound when
// there is no such user.
template <typename BindRest>
Status UpdateUser(Connection& c, const std::string& sql, int64_t id, BindRest bind_rest) {
  auto st = c.Prepare(sql);
  if (!st) return st.error();
  st->Bind(1, id);
  bind_rest(*st);
  if (Status s = st->Run(); !s.ok()) return s;
  if (st->Affected() == 0) return UserNotFound(id);
  return Status();
}

}  // namespace

// ---- Users ----

Result<int64_t> SqlStore::CreateUser(const UserRecord& record) {
  const User& user = record.user;
  // Logins are stored as given: ValidateLogin admits lower case only, and
  // the unique index on lower(login) keeps them unique whatever a future
  // rule allows.
  if (Status s = ValidateLogin(user.login); !s.ok()) return Err(s);
  if (!IsValidRole(user.role)) return Err(InvalidRole(user.role));
  std::string_view display_name = TrimAscii(user.display_name);
  if (display_name.empty()) return InvalidArgument("display name is empty");
  if (display_name.size() > kMaxDisplayName) {
    return InvalidArgument("display name is longer than " + std::to_string(kMaxDisplayName) +
                           " bytes");
  }
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    // A taken login fails the INSERT (and with it the transaction, which
    // does nothing else).
    auto st = c.Prepare(
        "INSERT INTO users (login, display_name, role, password_hash, disabled, created_at,"
        " password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
    if (!st) return Err(st.error());
    st->Bind(1, user.login)
        .Bind(2, display_name)
        .Bind(3, RoleName(user.role))
        .Bind(4, record.password_hash)
        .Bind(5, Flag(user.disabled))
        .Bind(6, ToUnix(user.created_at))
        .Bind(7, ToUnix(user.password_changed_at));
    auto row = st->Step();
    if (!row) {
      if (row.error().code() == Code::kAlreadyExists) {
        return Err(Code::kAlreadyExists, "the login " + Quoted(user.login) + " is taken");
      }
      return Err(row.error());
    }
    if (!*row) return Internal("create user: INSERT returned no id");
    return st->Int(0);
  });
}

Result<UserRecord> SqlStore::GetUser(int64_t id) {
  return RunOneRead([&](Connection& c) -> Result<UserRecord> {
    auto st = c.Prepare(kUserColumns + " WHERE id = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, id);
    return ReadOneUser(*st, "user " + std::to_string(id));
  });
}

Result<UserRecord> SqlStore::GetUserByLogin(const std::string& login) {
  return RunOneRead([&](Connection& c) -> Result<UserRecord> {
    // The same expression as the users_by_login index, so it is used.
    auto st = c.Prepare(kUserColumns + " WHERE lower(login) = lower(?1)");
    if (!st) return Err(st.error());
    st->Bind(1, login);
    return ReadOneUser(*st, "login " + Quoted(login));
  });
}

Result<std::vector<User>> SqlStore::ListUsers() {
  return RunOneRead([&](Connection& c) -> Result<std::vector<User>> {
    // Byte order, whatever the database's collation.
    auto st = c.Prepare(kUserColumns + " ORDER BY lower(login) COLLATE " +
                        std::string(c.dialect().BytewiseCollation()));
    if (!st) return Err(st.error());
    std::vector<User> users;
    Status s = ForEachRow(*st, [&]() -> Status {
      auto u = ReadUser(*st);
      if (!u) return u.error();
      users.push_back(std::move(u->user));
      return Status();
    });
    if (!s.ok()) return Err(s);
    return users;
  });
}

Status SqlStore::SetUserPassword(int64_t id, const std::string& password_hash, Seconds now) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    Status s =
        UpdateUser(c, "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
                   id, [&](Statement& st) { st.Bind(2, password_hash).Bind(3, ToUnix(now)); });
    if (!s.ok()) return s;
    // Whoever knew the old password may hold a session: end them all.
    return EndSessions(c, id);
  });
}

Status SqlStore::SetUserDisabled(int64_t id, bool disabled) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    Status s = UpdateUser(c, "UPDATE users SET disabled = ?2 WHERE id = ?1", id,
                          [&](Statement& st) { st.Bind(2, Flag(disabled)); });
    if (!s.ok() || !disabled) return s;
    return EndSessions(c, id);
  });
}

Status SqlStore::SetUserRole(int64_t id, Role role) {
  if (!IsValidRole(role)) return InvalidRole(role);
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    return UpdateUser(c, "UPDATE users SET role = ?2 WHERE id = ?1", id,
                      [&](Statement& st) { st.Bind(2, RoleName(role)); });
  });
}

// ---- Sessions ----

Status SqlStore::CreateSession(const SessionRecord& session) {
  if (session.token_hash.empty()) {
    return Status(Code::kInvalidArgument, "session: token hash is empty");
  }
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    if (Status s = RequireUser(c, session.user_id, "session"); !s.ok()) return s;
    auto st = c.Prepare(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at,"
        " last_seen_at, address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!st) return st.error();
    st->Bind(1, session.token_hash)
        .Bind(2, session.user_id)
        .Bind(3, session.csrf_token)
        .Bind(4, ToUnix(session.created_at))
        .Bind(5, ToUnix(session.expires_at))
        .Bind(6, ToUnix(session.last_seen_at))
        .Bind(7, session.address);
    if (Status s = st->Run(); !s.ok()) {
      // Never echo the hash: messages reach logs (and the server's message
      // for a unique violation quotes the key).
      if (s.code() == Code::kAlreadyExists) {
        return Status(Code::kAlreadyExists, "a session with this token exists");
      }
      return s;
    }
    return Status();
  });
}

Result<SessionRecord> SqlStore::GetSession(const std::string& token_hash) {
  return RunOneRead([&](Connection& c) -> Result<SessionRecord> {
    auto st = c.Prepare(
        "SELECT token_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, address"
        " FROM sessions WHERE token_hash = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, token_hash);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return NotFound("session not found");
    return SessionRecord{.token_hash = st->Text(0),
                         .user_id = st->Int(1),
                         .csrf_token = st->Text(2),
                         .created_at = FromUnix(st->Int(3)),
                         .expires_at = FromUnix(st->Int(4)),
                         .last_seen_at = FromUnix(st->Int(5)),
                         .address = st->Text(6)};
  });
}

Status SqlStore::TouchSession(const std::string& token_hash, Seconds last_seen_at,
                              Seconds expires_at) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st =
        c.Prepare("UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE token_hash = ?1");
    if (!st) return st.error();
    st->Bind(1, token_hash).Bind(2, ToUnix(last_seen_at)).Bind(3, ToUnix(expires_at));
    if (Status s = st->Run(); !s.ok()) return s;
    if (st->Affected() == 0) return Status(Code::kNotFound, "session not found");
    return Status();
  });
}

Status SqlStore::DeleteSession(const std::string& token_hash) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare("DELETE FROM sessions WHERE token_hash = ?1");
    if (!st) return st.error();
    st->Bind(1, token_hash);
    return st->Run();
  });
}

Status SqlStore::DeleteSessionsOfUser(int64_t user_id) {
  return Run(TxKind::kWrite, [&](Connection& c) { return EndSessions(c, user_id); });
}

Result<int64_t> SqlStore::DeleteExpiredSessions(Seconds now) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare("DELETE FROM sessions WHERE expires_at < ?1");
    if (!st) return Err(st.error());
    st->Bind(1, ToUnix(now));
    if (Status s = st->Run(); !s.ok()) return Err(s);
    return st->Affected();
  });
}

// ---- Login throttling ----

Status SqlStore::RecordLoginFailure(const std::string& key, Seconds at) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare("INSERT INTO login_failures (key, at) VALUES (?1, ?2)");
    if (!st) return st.error();
    st->Bind(1, key).Bind(2, ToUnix(at));
    return st->Run();
  });
}

Result<int64_t> SqlStore::CountLoginFailures(const std::string& key, Seconds since) {
  return RunOneRead([&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare("SELECT count(*) FROM login_failures WHERE key = ?1 AND at >= ?2");
    if (!st) return Err(st.error());
    st->Bind(1, key).Bind(2, ToUnix(since));
    auto row = st->Step();
    if (!row) return Err(row.error());
    return *row ? st->Int(0) : 0;
  });
}

Status SqlStore::ClearLoginFailures(const std::string& key) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare("DELETE FROM login_failures WHERE key = ?1");
    if (!st) return st.error();
    st->Bind(1, key);
    return st->Run();
  });
}

Result<int64_t> SqlStore::DeleteLoginFailuresBefore(Seconds before) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare("DELETE FROM login_failures WHERE at < ?1");
    if (!st) return Err(st.error());
    st->Bind(1, ToUnix(before));
    if (Status s = st->Run(); !s.ok()) return Err(s);
    return st->Affected();
  });
}

}  // namespace khabar::sql
