#include "auth/accounts.h"

#include <algorithm>
#include <utility>

#include "auth/cookies.h"
#include "auth/passwords.h"
#include "auth/tokens.h"
#include "base/ascii.h"
#include "base/ip_network.h"

namespace khabar {

namespace {

constexpr std::chrono::seconds kTouchInterval{60};
// Throttle keys hold what a stranger typed; bounding them keeps a guesser
// from filling the failures table with megabyte-long keys.
constexpr size_t kMaxKeyPart = 64;

std::string LoginKey(const std::string& lower_login) {
  return "login:" + lower_login.substr(0, kMaxKeyPart);
}
// An IPv6 client is counted by its /64 (ClientKey): it may hold them all.
std::string AddressKey(const std::string& address) {
  return "addr:" + ClientKey(address).substr(0, kMaxKeyPart);
}
std::string PairKey(const std::string& lower_login, const std::string& address) {
  return "pair:" + lower_login.substr(0, kMaxKeyPart) + "|" + address.substr(0, kMaxKeyPart);
}

// WaitText is "15 minutes", "1 minute", "30 seconds": a wait rounded up.
std::string WaitText(std::chrono::seconds wait) {
  if (wait < std::chrono::minutes(1)) {
    const int64_t n = std::max<int64_t>(1, wait.count());
    return std::to_string(n) + (n == 1 ? " second" : " seconds");
  }
  const int64_t n = std::chrono::ceil<std::chrono::minutes>(wait).count();
  return std::to_string(n) + (n == 1 ? " minute" : " minutes");
}

// LooksLikeToken accepts exactly what RandomToken makes, so garbage and
// over-long cookies are refused before they reach the store.
bool LooksLikeToken(std::string_view value) {
  if (value.size() != kTokenLength) return false;
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

std::unexpected<Status> Unauthenticated(std::string message) {
  return Err(Code::kUnauthenticated, std::move(message));
}

std::unexpected<Status> WrongLoginOrPassword() {
  return Unauthenticated("wrong login or password");
}

}  // namespace

Accounts::Accounts(AccountStore& store, const Clock& clock, AuthOptions options)
    : store_(store), clock_(clock), options_(std::move(options)) {}

// ---- Users ----

Result<UserRecord> Accounts::FindUser(const std::string& login) {
  const std::string lower = AsciiLower(login);
  if (Status valid = ValidateLogin(lower); !valid.ok()) return Err(valid);
  Result<UserRecord> record = store_.GetUserByLogin(lower);
  if (!record && record.error().code() == Code::kNotFound) {
    return NotFound("no user with login '" + lower + "'");
  }
  return record;
}

Result<int64_t> Accounts::AddUser(const std::string& login, const std::string& display_name,
                                  Role role, const std::string& password) {
  const std::string lower = AsciiLower(login);
  if (Status valid = ValidateLogin(lower); !valid.ok()) return Err(valid);
  const std::string name = std::string(TrimAscii(display_name));
  if (name.empty()) return InvalidArgument("a user needs a display name");
  if (Status policy = CheckPasswordPolicy(password); !policy.ok()) return Err(policy);
  Result<std::string> hash = HashPassword(password);
  if (!hash) return Err(hash.error());

  const Seconds now = clock_.Now();
  UserRecord record;
  record.user.login = lower;
  record.user.display_name = name;
  record.user.role = role;
  record.user.created_at = now;
  record.user.password_changed_at = now;
  record.password_hash = std::move(*hash);
  return store_.CreateUser(record);
}

Status Accounts::SetPassword(const std::string& login, const std::string& password) {
  if (Status policy = CheckPasswordPolicy(password); !policy.ok()) return policy;
  Result<UserRecord> record = FindUser(login);
  if (!record) return record.error();
  Result<std::string> hash = HashPassword(password);
  if (!hash) return hash.error();
  return store_.SetUserPassword(record->user.id, *hash, clock_.Now());
}

Status Accounts::SetDisabled(const std::string& login, bool disabled) {
  Result<UserRecord> record = FindUser(login);
  if (!record) return record.error();
  return store_.SetUserDisabled(record->user.id, disabled);
}

Status Accounts::SetRole(const std::string& login, Role role) {
  Result<UserRecord> record = FindUser(login);
  if (!record) return record.error();
  return store_.SetUserRole(record->user.id, role);
}

Result<std::vector<User>> Accounts::ListUsers() { return store_.ListUsers(); }

Result<User> Accounts::GetUser(int64_t id) {
  auto record = store_.GetUser(id);
  if (!record) return Err(record.error());
  return std::move(record->user);
}

// ---- Signing in and out ----

const std::string& Accounts::DummyHash() {
  std::call_once(dummy_once_, [this] {
    // If hashing fails (out of memory) the dummy stays empty and verifying
    // against it is quick; that leaks only "the server is out of memory".
    Result<std::string> hash = HashPassword(RandomToken());
    if (hash) dummy_hash_ = std::move(*hash);
  });
  return dummy_hash_;
}

Result<std::chrono::seconds> Accounts::ThrottleWait(const std::string& login_key,
                                                    const std::string& address_key,
                                                    const std::string& pair_key, Seconds now) {
  using std::chrono::seconds;
  const Seconds since = now - options_.throttle_window;
  const auto window = std::chrono::duration_cast<seconds>(options_.throttle_window);
  Result<int64_t> address_failures = store_.CountLoginFailures(address_key, since);
  if (!address_failures) return Err(address_failures.error());
  if (*address_failures >= options_.max_failures_per_address) return window;

  Result<int64_t> login_failures = store_.CountLoginFailures(login_key, since);
  if (!login_failures) return Err(login_failures.error());
  const int64_t past_limit = *login_failures - options_.max_failures_per_login;
  if (past_limit < 0) return seconds(0);

  // (a) This address has been guessing this account: growing waits after
  // its last failure, the whole window once it made the limit itself.
  seconds wait(0);
  Result<int64_t> pair_failures = store_.CountLoginFailures(pair_key, since);
  if (!pair_failures) return Err(pair_failures.error());
  if (*pair_failures > 0) {
    const int64_t short_by =
        std::clamp<int64_t>(options_.max_failures_per_login - *pair_failures, 0, 62);
    const seconds pair_wait = std::max(seconds(1), seconds(window.count() >> short_by));
    Result<int64_t> recent = store_.CountLoginFailures(pair_key, now - pair_wait);
    if (!recent) return Err(recent.error());
    if (*recent > 0) wait = pair_wait;
  }
  // (b) Every address: a short wait after the account's last failure,
  // doubling past the limit up to max_account_delay. This, not (a), bounds
  // guesses per account however many addresses a guesser has.
  if (past_limit > 0) {
    const seconds account_wait =
        past_limit > 30
            ? options_.max_account_delay
            : std::min(options_.max_account_delay, seconds(int64_t{1} << (past_limit - 1)));
    Result<int64_t> recent = store_.CountLoginFailures(login_key, now - account_wait);
    if (!recent) return Err(recent.error());
    if (*recent > 0) wait = std::max(wait, account_wait);
  }
  return wait;
}

Result<SignedIn> Accounts::Login(const std::string& login, const std::string& password,
                                 const std::string& address, std::chrono::seconds* retry_after) {
  const Seconds now = clock_.Now();
  const std::string lower = AsciiLower(login);
  const std::string login_key = LoginKey(lower);
  const std::string address_key = AddressKey(address);
  const std::string pair_key = PairKey(lower, address);

  // Throttle first: a throttled guesser must not learn whether a guess was
  // right, and must not make us spend a hash on it.
  Result<std::chrono::seconds> wait = ThrottleWait(login_key, address_key, pair_key, now);
  if (!wait) return Err(wait.error());
  if (*wait > std::chrono::seconds(0)) {
    // The wait is an upper bound: after it, this rule certainly lets the
    // attempt through (unless new failures came in meanwhile).
    if (retry_after != nullptr) *retry_after = *wait;
    return Err(Code::kResourceExhausted,
               "too many failed sign-ins; try again in " + WaitText(*wait));
  }

  // A login no account could have is an unknown login; the store is not asked.
  Result<UserRecord> record = NotFound("no such login");
  if (ValidateLogin(lower).ok()) record = store_.GetUserByLogin(lower);
  if (!record && record.error().code() != Code::kNotFound) return Err(record.error());

  bool ok = false;
  if (record) {
    // Verify even for a disabled account, so its answer takes as long.
    ok = VerifyPassword(record->password_hash, password) && !record->user.disabled;
  } else {
    (void)VerifyPassword(DummyHash(), password);  // only for the time it takes
  }

  if (!ok) {
    for (const std::string* key : {&login_key, &address_key, &pair_key}) {
      if (Status s = store_.RecordLoginFailure(*key, now); !s.ok()) return Err(s);
    }
    return WrongLoginOrPassword();
  }
  // The address's count is not cleared: that would let a guesser with one
  // real account reset their own limit.
  if (Status s = store_.ClearLoginFailures(login_key); !s.ok()) return Err(s);
  if (Status s = store_.ClearLoginFailures(pair_key); !s.ok()) return Err(s);

  SignedIn who;
  who.user = record->user;
  who.token = RandomToken();
  who.session.token_hash = TokenHash(who.token);
  who.session.user_id = record->user.id;
  who.session.csrf_token = RandomToken();
  who.session.created_at = now;
  who.session.expires_at = now + std::min(options_.session_ttl, options_.absolute_ttl);
  who.session.last_seen_at = now;
  who.session.address = address;
  if (Status s = store_.CreateSession(who.session); !s.ok()) return Err(s);
  return who;
}

bool Accounts::HasSessionCookie(std::string_view cookie_header) const {
  std::optional<std::string_view> value = FindCookie(cookie_header, options_.cookie_name);
  return value && LooksLikeToken(*value);
}

Result<SignedIn> Accounts::Authenticate(std::string_view cookie_header) {
  return FindSession(cookie_header, /*slide=*/true);
}

Result<SignedIn> Accounts::CheckSession(std::string_view cookie_header) {
  return FindSession(cookie_header, /*slide=*/false);
}

Result<SignedIn> Accounts::FindSession(std::string_view cookie_header, bool slide) {
  std::optional<std::string_view> value = FindCookie(cookie_header, options_.cookie_name);
  if (!value || value->empty()) return Unauthenticated("not signed in");
  if (!LooksLikeToken(*value)) return Unauthenticated("not signed in (malformed session cookie)");

  SignedIn who;
  who.token = std::string(*value);
  Result<SessionRecord> session = store_.GetSession(TokenHash(who.token));
  if (!session) {
    if (session.error().code() == Code::kNotFound) {
      return Unauthenticated("your session has ended; please sign in again");
    }
    return Err(session.error());
  }
  who.session = std::move(*session);

  const Seconds now = clock_.Now();
  const Seconds absolute_end = who.session.created_at + options_.absolute_ttl;
  if (who.session.expires_at <= now || absolute_end <= now) {
    // Best effort: the sweep removes it anyway if this fails.
    (void)store_.DeleteSession(who.session.token_hash);
    return Unauthenticated("your session has expired; please sign in again");
  }

  Result<UserRecord> record = store_.GetUser(who.session.user_id);
  if (!record) {
    if (record.error().code() == Code::kNotFound) {
      return Unauthenticated("your session has ended; please sign in again");
    }
    return Err(record.error());
  }
  if (record->user.disabled) return Unauthenticated("this account is disabled");
  who.user = std::move(record->user);

  if (slide && now - who.session.last_seen_at >= kTouchInterval) {
    const Seconds expires = std::min(now + options_.session_ttl, absolute_end);
    // A failed touch (a busy database) must not fail the request: the
    // session is valid now, and the next request tries again.
    if (store_.TouchSession(who.session.token_hash, now, expires).ok()) {
      who.session.last_seen_at = now;
      who.session.expires_at = expires;
      who.renewed = true;
    }
  }
  return who;
}

Status Accounts::Logout(const SignedIn& who) {
  Status s = store_.DeleteSession(who.session.token_hash);
  if (s.code() == Code::kNotFound) return Status::Ok();
  return s;
}

bool Accounts::CheckCsrf(const SignedIn& who, std::string_view submitted) const {
  if (who.session.csrf_token.empty()) return false;
  return ConstantTimeEquals(who.session.csrf_token, submitted);
}

std::string Accounts::CookieAttributes(std::chrono::seconds max_age) const {
  // Lax, not Strict: a link to the newsroom from an email must arrive
  // signed in; state-changing forms are covered by CheckCsrf.
  std::string out = "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age.count());
  if (options_.secure_cookie) out += "; Secure";
  return out;
}

std::string Accounts::SessionCookie(const std::string& token) const {
  return options_.cookie_name + "=" + token + CookieAttributes(options_.session_ttl);
}

std::string Accounts::ClearSessionCookie() const {
  return options_.cookie_name + "=" + CookieAttributes(std::chrono::seconds(0));
}

Status Accounts::SweepExpiredSessions() {
  const Seconds now = clock_.Now();
  if (Status st = StatusOf(store_.DeleteExpiredSessions(now)); !st.ok()) return st;
  // Failures older than the window no longer count for anything.
  return StatusOf(store_.DeleteLoginFailuresBefore(now - options_.throttle_window));
}

}  // namespace khabar
