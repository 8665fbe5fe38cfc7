// Accounts: newsroom users, signing in and out, and sessions. The one class
// the newsroom handlers and the CLI use for anything about who someone is.
//
// A session is a random token in an HttpOnly cookie; the store keeps only
// TokenHash(token), the user, a CSRF token for the session's forms, and two
// deadlines: a sliding one (session_ttl after the last request) and an
// absolute one (absolute_ttl after sign-in). Failed sign-ins are counted in
// the store per login, per client address and per (login, address) pair,
// so every node of a site throttles the same guesser; see Login for the
// rule, which throttles guessing without letting a guesser lock the owner
// out (docs/security.md, "Sign-in throttling").
//
// Ownership and threads: Accounts borrows the Store and the Clock, which
// must outlive it. Every method may be called from any thread at once; the
// only state of its own is the dummy hash, built once on first use.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "content/account.h"
#include "store/store.h"

namespace khabar {

// AuthOptions are the site's session and throttling rules.
struct AuthOptions {
  // session_ttl is the sliding lifetime: each authenticated request extends
  // the session to now + session_ttl (touching the store at most once a
  // minute). It is also the cookie's Max-Age.
  std::chrono::seconds session_ttl{12 * 3600};
  // absolute_ttl bounds a session from its creation, however active.
  std::chrono::seconds absolute_ttl{7 * 24 * 3600};
  // An address with max_failures_per_address failures within
  // throttle_window is refused until the window has passed. A login with
  // max_failures_per_login failures is under attack: see Login for the
  // delays that follow; max_account_delay bounds the one every address,
  // a new one too, may have to wait (so the owner always gets in soon).
  std::chrono::seconds throttle_window{15 * 60};
  int max_failures_per_login = 5;
  int max_failures_per_address = 20;
  std::chrono::seconds max_account_delay{30};
  // secure_cookie adds "Secure" to the cookie; set it when the site's
  // base_url is https.
  bool secure_cookie = false;
  std::string cookie_name = "khabar_session";
};

// SignedIn is a user with a live session: the result of Login and of
// Authenticate.
struct SignedIn {
  User user;
  SessionRecord session;
  std::string token;  // the raw cookie token; never stored, never logged
  // renewed is true when Authenticate slid the session's expiry; the
  // handler should then send SessionCookie(token) again so the browser's
  // Max-Age slides with it.
  bool renewed = false;
};

class Accounts {
 public:
  // REQUIRES: `store` and `clock` outlive this object.
  Accounts(AccountStore& store, const Clock& clock, AuthOptions options);

  Accounts(const Accounts&) = delete;
  Accounts& operator=(const Accounts&) = delete;

  const AuthOptions& options() const { return options_; }

  // ---- Users (the admin screens and the CLI) ----
  // Logins are case-insensitive: they are lower-cased (ASCII) before use,
  // so "Sana" and "sana" name the same account.

  // AddUser creates an account and returns its id. Errors: kInvalidArgument
  // for a bad login, an empty display name or a password that fails
  // CheckPasswordPolicy; kAlreadyExists when the login is taken.
  Result<int64_t> AddUser(const std::string& login, const std::string& display_name, Role role,
                          const std::string& password);
  // SetPassword checks the policy, stores a new hash, and ends all the
  // user's sessions (the store does that). kNotFound for an unknown login.
  Status SetPassword(const std::string& login, const std::string& password);
  // SetDisabled disables (ending every session) or re-enables an account.
  Status SetDisabled(const std::string& login, bool disabled);
  Status SetRole(const std::string& login, Role role);
  Result<std::vector<User>> ListUsers();
  // GetUser finds an account by id; kNotFound when there is none.
  Result<User> GetUser(int64_t id);

  // ---- Signing in and out ----

  // Login checks a password and opens a new session from `address` (the
  // client's IP). Throttling is checked before the password, so a throttled
  // guesser learns nothing: kResourceExhausted "too many failed sign-ins;
  // try again in N minutes" (or seconds), with the wait in *retry_after
  // when given. The rule, with F failures of the login and P of this
  // (login, address) pair within throttle_window:
  //   - an address with max_failures_per_address failures (any logins) is
  //     refused for the window;
  //   - F < max_failures_per_login: no delay;
  //   - otherwise the account is under attack, and
  //     (a) an address with P > 0 waits window / 2^(max_failures_per_login
  //         - P) after the pair's last failure (the whole window from
  //         P = max_failures_per_login on): one address guessing gets a few
  //         tries at growing intervals;
  //     (b) every address waits 1, 2, 4 ... seconds (doubling with each
  //         failure past the limit, at most max_account_delay) after the
  //         login's last failure: however many addresses guess, the account
  //         gets at most about window / max_account_delay more guesses per
  //         window (about 40 in 15 minutes with the defaults).
  //   An address with P = 0 is held only by (b): the owner, signing in from
  //   an address that has not been guessing, gets in after at most
  //   max_account_delay, so guessers cannot lock them out.
  // A wrong password, an unknown login and a disabled account all give the
  // same kUnauthenticated "wrong login or password", take about the same
  // time (a password is always verified), and count a failure against the
  // login, the address and the pair. Success clears the login's and the
  // pair's failures (not the address's). Refused attempts are not counted.
  // The token is always new (no session fixation). Other errors are the
  // store's.
  Result<SignedIn> Login(const std::string& login, const std::string& password,
                         const std::string& address, std::chrono::seconds* retry_after = nullptr);

  // Authenticate finds the session named by the cookie in `cookie_header`
  // (a Cookie header value). kUnauthenticated when there is no cookie, it
  // is not a token, no session has it, the session has expired (either
  // deadline), or the user is now disabled. Slides the expiry (at most one
  // store write a minute per session).
  Result<SignedIn> Authenticate(std::string_view cookie_header);
  // CheckSession is Authenticate without sliding the expiry: it reads and
  // never writes (an expired session is still deleted), so a caller that
  // only asks "is this a live session?" (SessionGate) leaves the renewal,
  // and its cookie, to the newsroom's own Authenticate.
  Result<SignedIn> CheckSession(std::string_view cookie_header);

  // HasSessionCookie is whether `cookie_header` carries a session cookie
  // shaped like a token: a cheap first look, without the store, for
  // decisions made before a request's body is read (how much of it to
  // accept). A forged cookie passes; only Authenticate says who it is.
  bool HasSessionCookie(std::string_view cookie_header) const;

  // Logout ends `who`'s session. Ending a session that is already gone is
  // not an error.
  Status Logout(const SignedIn& who);

  // CheckCsrf reports whether `submitted` is the session's CSRF token, in
  // constant time.
  bool CheckCsrf(const SignedIn& who, std::string_view submitted) const;

  // SessionCookie is the Set-Cookie value for a session token:
  // "khabar_session=TOKEN; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200"
  // plus "; Secure" when options.secure_cookie.
  std::string SessionCookie(const std::string& token) const;
  // ClearSessionCookie is the Set-Cookie value that removes the cookie.
  std::string ClearSessionCookie() const;

  // SweepExpiredSessions deletes sessions past their expiry and failed
  // sign-ins older than the throttle window; for a periodic job
  // (Authenticate refuses expired sessions anyway).
  Status SweepExpiredSessions();

 private:
  Result<UserRecord> FindUser(const std::string& login);
  // FindSession is Authenticate, sliding the expiry only when `slide`.
  Result<SignedIn> FindSession(std::string_view cookie_header, bool slide);
  // ThrottleWait applies Login's throttling rule: how long this attempt
  // must wait (zero: it may go ahead).
  Result<std::chrono::seconds> ThrottleWait(const std::string& login_key,
                                            const std::string& address_key,
                                            const std::string& pair_key, Seconds now);
  const std::string& DummyHash();
  std::string CookieAttributes(std::chrono::seconds max_age) const;

  AccountStore& store_;
  const Clock& clock_;
  const AuthOptions options_;

  // dummy_hash_ is a hash of a random password, verified against when the
  // login is unknown so that answer takes as long as a wrong password.
  // Written once under dummy_once_, read-only after.
  std::once_flag dummy_once_;
  std::string dummy_hash_;
};

}  // namespace khabar
