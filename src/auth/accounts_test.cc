// Accounts against a real SQLite store in a fresh temp directory, with a
// clock the tests move by hand.
#include "auth/accounts.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "auth/tokens.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// TestClock is a Clock the test sets and advances.
class TestClock final : public Clock {
 public:
  explicit TestClock(Seconds start) { Set(start); }
  Seconds Now() const override { return Seconds(seconds(now_.load())); }
  void Set(Seconds t) { now_ = t.time_since_epoch().count(); }
  void Advance(seconds d) { now_ += d.count(); }

 private:
  std::atomic<int64_t> now_{0};
};

constexpr char kPassword[] = "a long enough password";
constexpr char kAddress[] = "10.0.0.7";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/khabar-auth-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(dir_ / "khabar.db");
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::make_unique<Accounts>(*store_, clock_, AuthOptions{});
  }
  void TearDown() override {
    accounts_.reset();
    store_.reset();
    std::error_code ec;  // best effort: a leftover dir must not fail a test
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  // AddSana adds the editor most tests sign in as.
  int64_t AddSana() {
    Result<int64_t> id = accounts_->AddUser("sana", "Sana Mirza", Role::kEditor, kPassword);
    EXPECT_TRUE(id) << id.error().ToString();
    return id.value_or(0);
  }

  SignedIn MustLogin(const std::string& login = "sana", const std::string& password = kPassword,
                     const std::string& address = kAddress) {
    Result<SignedIn> who = accounts_->Login(login, password, address);
    EXPECT_TRUE(who) << who.error().ToString();
    return who.value_or(SignedIn{});
  }

  static std::string CookieOf(const std::string& token) {
    return "theme=dark; khabar_session=" + token + "; lang=ur";
  }

  Code AuthCode(std::string_view header) {
    Result<SignedIn> who = accounts_->Authenticate(header);
    return who ? Code::kOk : who.error().code();
  }

  std::filesystem::path dir_;
  TestClock clock_{Seconds(std::chrono::sys_days(std::chrono::year{2024} / 3 / 11))};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Accounts> accounts_;
};

// ---- Users ----

TEST_F(AccountsTest, AddUserValidatesAndListsUsers) {
  const int64_t id = AddSana();
  EXPECT_EQ(accounts_->AddUser("SANA", "Another", Role::kReporter, kPassword).error().code(),
            Code::kAlreadyExists);
  EXPECT_EQ(accounts_->AddUser("bad login", "Bad", Role::kReporter, kPassword).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser("nadia", "   ", Role::kReporter, kPassword).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(accounts_->AddUser("nadia", "Nadia", Role::kReporter, "short").error().code(),
            Code::kInvalidArgument);
  ASSERT_TRUE(accounts_->AddUser("Nadia", " Nadia Khan ", Role::kReporter, kPassword));

  Result<std::vector<User>> users = accounts_->ListUsers();
  ASSERT_TRUE(users) << users.error().ToString();
  ASSERT_EQ(users->size(), 2u);
  bool saw_nadia = false;
  for (const User& u : *users) {
    if (u.id == id) {
      EXPECT_EQ(u.login, "sana");
      EXPECT_EQ(u.role, Role::kEditor);
      EXPECT_EQ(u.created_at, clock_.Now());
    } else {
      saw_nadia = true;
      EXPECT_EQ(u.login, "nadia");  // logins are lower-cased
      EXPECT_EQ(u.display_name, "Nadia Khan");
    }
  }
  EXPECT_TRUE(saw_nadia);

  Result<UserRecord> record = store_->GetUser(id);
  ASSERT_TRUE(record);
  EXPECT_TRUE(record->password_hash.starts_with("$argon2id$"));
}

TEST_F(AccountsTest, ChangesToUnknownLoginsAreNotFound) {
  EXPECT_EQ(accounts_->SetPassword("nobody", kPassword).code(), Code::kNotFound);
  EXPECT_EQ(accounts_->SetDisabled("nobody", true).code(), Code::kNotFound);
  EXPECT_EQ(accounts_->SetRole("nobody", Role::kAdmin).code(), Code::kNotFound);
}

TEST_F(AccountsTest, SetRoleIsSeenByTheNextRequest) {
  AddSana();
  SignedIn who = MustLogin();
  ASSERT_TRUE(accounts_->SetRole("Sana", Role::kAdmin).ok());
  Result<SignedIn> again = accounts_->Authenticate(CookieOf(who.token));
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->user.role, Role::kAdmin);
}

// ---- Login ----

TEST_F(AccountsTest, LoginGivesAWorkingSession) {
  const int64_t id = AddSana();
  SignedIn who = MustLogin("Sana");  // logins are case-insensitive
  EXPECT_EQ(who.user.id, id);
  EXPECT_EQ(who.user.display_name, "Sana Mirza");
  EXPECT_EQ(who.token.size(), kTokenLength);
  EXPECT_EQ(who.session.token_hash, TokenHash(who.token));
  EXPECT_EQ(who.session.csrf_token.size(), kTokenLength);
  EXPECT_NE(who.session.csrf_token, who.token);
  EXPECT_EQ(who.session.address, kAddress);
  EXPECT_EQ(who.session.created_at, clock_.Now());
  EXPECT_EQ(who.session.expires_at, clock_.Now() + hours(12));

  Result<SignedIn> seen = accounts_->Authenticate(CookieOf(who.token));
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_EQ(seen->user.id, id);
  EXPECT_EQ(seen->token, who.token);
  EXPECT_EQ(seen->session.csrf_token, who.session.csrf_token);
  EXPECT_FALSE(seen->renewed);
}

TEST_F(AccountsTest, HasSessionCookieLooksAtTheCookieOnly) {
  AddSana();
  SignedIn who = MustLogin();
  EXPECT_TRUE(accounts_->HasSessionCookie(CookieOf(who.token)));
  // Token-shaped but no session: passes (no store look-up); Authenticate refuses it.
  const std::string forged(kTokenLength, 'A');
  EXPECT_TRUE(accounts_->HasSessionCookie(CookieOf(forged)));
  EXPECT_EQ(AuthCode(CookieOf(forged)), Code::kUnauthenticated);
  EXPECT_FALSE(accounts_->HasSessionCookie(""));
  EXPECT_FALSE(accounts_->HasSessionCookie("theme=dark"));
  EXPECT_FALSE(accounts_->HasSessionCookie("khabar_session="));
  EXPECT_FALSE(accounts_->HasSessionCookie("khabar_session=" + std::string(100, 'A')));
}

TEST_F(AccountsTest, StoreKeepsOnlyTheTokenHash) {
  AddSana();
  SignedIn who = MustLogin();
  EXPECT_TRUE(store_->GetSession(TokenHash(who.token)));
  Result<SessionRecord> raw = store_->GetSession(who.token);
  ASSERT_FALSE(raw);
  EXPECT_EQ(raw.error().code(), Code::kNotFound);
}

TEST_F(AccountsTest, WrongPasswordUnknownLoginAndDisabledAccountLookTheSame) {
  AddSana();
  ASSERT_TRUE(accounts_->AddUser("old.hand", "Old Hand", Role::kReporter, kPassword));
  ASSERT_TRUE(accounts_->SetDisabled("old.hand", true).ok());

  Result<SignedIn> wrong = accounts_->Login("sana", "not the password", kAddress);
  Result<SignedIn> unknown = accounts_->Login("nobody", kPassword, kAddress);
  Result<SignedIn> nonsense = accounts_->Login("<script> x", kPassword, kAddress);
  Result<SignedIn> disabled = accounts_->Login("old.hand", kPassword, kAddress);
  for (const Result<SignedIn>* r : {&wrong, &unknown, &nonsense, &disabled}) {
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().code(), Code::kUnauthenticated);
    EXPECT_EQ(r->error().message(), "wrong login or password");
  }
  // Each failure counted against the login and the address.
  Result<int64_t> n = store_->CountLoginFailures("login:sana", clock_.Now() - hours(1));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 1);
  n = store_->CountLoginFailures("addr:10.0.0.7", clock_.Now() - hours(1));
  ASSERT_TRUE(n);
  EXPECT_EQ(*n, 4);
}

// Five failures from five addresses (issue 15, L4): the owner, from an
// address that has not been guessing, still signs in; the guessers'
// addresses wait growing delays, and every address a short one that
// bounds the guesses per account however many addresses guess.
TEST_F(AccountsTest, GuessersFromManyAddressesCannotLockTheOwnerOut) {
  AddSana();
  for (int i = 0; i < 5; ++i) {
    Result<SignedIn> r = accounts_->Login("sana", "guess number " + std::to_string(i),
                                          "192.0.2." + std::to_string(i));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), Code::kUnauthenticated) << i;
    clock_.Advance(seconds(10));
  }
  // A guesser's address that failed once waits window / 2^4 (56 s) after
  // its failure, before the password is checked: the right one too, and
  // with a message that does not say whether it was right.
  std::chrono::seconds wait{0};
  Result<SignedIn> held = accounts_->Login("sana", kPassword, "192.0.2.4", &wait);
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().code(), Code::kResourceExhausted);
  EXPECT_EQ(wait, seconds(56));
  EXPECT_EQ(held.error().message(), "too many failed sign-ins; try again in 56 seconds");
  Result<SignedIn> wrong = accounts_->Login("sana", "another guess", "192.0.2.4");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message(), held.error().message());

  // The owner, from their own address: in at once.
  MustLogin("SANA", kPassword, "198.51.100.9");
}

TEST_F(AccountsTest, OneAddressGuessingGetsGrowingWaitsThenTheWholeWindow) {
  AddSana();
  // Five guesses from one address: the fifth makes the limit, and that
  // address is then held for the whole window (15 minutes).
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(accounts_->Login("sana", "wrong guess!", kAddress));
  std::chrono::seconds wait{0};
  Result<SignedIn> right = accounts_->Login("sana", kPassword, kAddress, &wait);
  ASSERT_FALSE(right);
  EXPECT_EQ(right.error().message(), "too many failed sign-ins; try again in 15 minutes");
  EXPECT_EQ(wait, minutes(15));
  clock_.Advance(minutes(14));
  EXPECT_FALSE(accounts_->Login("sana", kPassword, kAddress));
  // Other logins from that address are not affected (5 < 20).
  ASSERT_TRUE(accounts_->AddUser("nadia", "Nadia Khan", Role::kReporter, kPassword));
  MustLogin("nadia");
  // The window after the failures passes: signing in works again;
  // throttled attempts did not extend it.
  clock_.Advance(minutes(1) + seconds(1));
  EXPECT_TRUE(accounts_->Login("sana", kPassword, kAddress));
}

TEST_F(AccountsTest, PastTheLimitEveryAddressWaitsAShortDoublingDelay) {
  AddSana();
  int address = 0;
  auto fresh = [&] { return "203.0.113." + std::to_string(++address); };
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(accounts_->Login("sana", "wrong guess!", fresh()));
  // Each failure past the limit doubles the wait after it (1, 2, 4 ...
  // seconds, at most max_account_delay), for new addresses too.
  std::vector<int64_t> waits;
  for (int i = 0; i < 8; ++i) {
    ASSERT_FALSE(accounts_->Login("sana", "wrong guess!", fresh()));  // let through: 401
    std::chrono::seconds wait{0};
    Result<SignedIn> r = accounts_->Login("sana", kPassword, fresh(), &wait);
    ASSERT_FALSE(r);
    ASSERT_EQ(r.error().code(), Code::kResourceExhausted) << i;
    waits.push_back(wait.count());
    clock_.Advance(wait + seconds(1));  // the store counts whole seconds
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{1, 2, 4, 8, 16, 30, 30, 30}));
  // Once the wait has passed, the owner from a new address is in.
  MustLogin("sana", kPassword, fresh());
}

// However many addresses guess, an account gets a bounded number of
// guesses per window: the limit, then about one per max_account_delay.
TEST_F(AccountsTest, GuessesPerAccountAreBoundedWhateverTheAddresses) {
  AddSana();
  int guesses = 0;
  for (int tick = 0; tick < 15 * 60; ++tick) {  // one new address a second
    const std::string address =
        "10.1." + std::to_string(tick / 250) + "." + std::to_string(tick % 250);
    Result<SignedIn> r = accounts_->Login("sana", "guess " + std::to_string(tick), address);
    ASSERT_FALSE(r);
    if (r.error().code() == Code::kUnauthenticated) ++guesses;
    clock_.Advance(seconds(1));
  }
  EXPECT_LE(guesses, 5 + 15 * 60 / 30 + 6);
  EXPECT_GE(guesses, 5);
}

TEST_F(AccountsTest, SuccessClearsTheLoginsFailures) {
  AddSana();
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(accounts_->Login("sana", "wrong guess!", kAddress));
  MustLogin();
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(accounts_->Login("sana", "wrong guess!", kAddress));
  Result<SignedIn> r = accounts_->Login("sana", kPassword, kAddress);
  EXPECT_TRUE(r) << r.error().ToString();
}

TEST_F(AccountsTest, ThrottlesAnAddressAcrossLogins) {
  AddSana();
  for (int i = 0; i < 19; ++i) {
    Result<SignedIn> r = accounts_->Login("ghost" + std::to_string(i), kPassword, kAddress);
    ASSERT_FALSE(r);
    ASSERT_EQ(r.error().code(), Code::kUnauthenticated) << i;
  }
  // A guesser's own real account does not reset the address's count.
  MustLogin("sana", kPassword, kAddress);
  ASSERT_FALSE(accounts_->Login("ghost19", kPassword, kAddress));
  Result<SignedIn> r = accounts_->Login("sana", kPassword, kAddress);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kResourceExhausted);
  // The same person from another address is fine.
  MustLogin("sana", kPassword, "192.0.2.1");
  clock_.Advance(minutes(15) + seconds(1));
  MustLogin("sana", kPassword, kAddress);
}

// Issue 15: an IPv6 guesser is counted by its /64, whichever of its
// addresses each guess comes from.
TEST_F(AccountsTest, ThrottlesAnIPv6ClientByItsSlash64) {
  AddSana();
  for (int i = 0; i < 20; ++i) {
    const std::string address = "2001:db8:1:2::" + std::to_string(i + 1);
    ASSERT_FALSE(accounts_->Login("ghost" + std::to_string(i), kPassword, address));
  }
  Result<SignedIn> r = accounts_->Login("sana", kPassword, "2001:db8:1:2:aaaa::99");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kResourceExhausted);
  EXPECT_EQ(
      store_->CountLoginFailures("addr:2001:db8:1:2::/64", clock_.Now() - hours(1)).value_or(0),
      20);
  MustLogin("sana", kPassword, "2001:db8:1:3::1");  // the next /64 is someone else
}

TEST_F(AccountsTest, ThrottleLimitsComeFromOptions) {
  AddSana();
  AuthOptions options;
  options.max_failures_per_login = 2;
  options.throttle_window = minutes(1);
  Accounts strict(*store_, clock_, options);
  ASSERT_FALSE(strict.Login("sana", "wrong guess!", kAddress));
  ASSERT_FALSE(strict.Login("sana", "wrong guess!", kAddress));
  Result<SignedIn> r = strict.Login("sana", kPassword, kAddress);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "too many failed sign-ins; try again in 1 minute");
  clock_.Advance(minutes(1) + seconds(1));
  EXPECT_TRUE(strict.Login("sana", kPassword, kAddress));
}

// ---- Authenticate ----

TEST_F(AccountsTest, AuthenticateRefusesMissingAndGarbageCookies) {
  AddSana();
  SignedIn who = MustLogin();
  EXPECT_EQ(AuthCode(""), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("theme=dark"), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session="), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=garbage"), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + who.token + "A"), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + who.token + who.token), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + std::string(100000, 'A')), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + std::string(kTokenLength, '!')), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + RandomToken()), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + who.session.token_hash), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("khabar_session=" + who.session.csrf_token), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode("KHABAR_SESSION=" + who.token), Code::kUnauthenticated);

  // Quoted and spaced forms of the real cookie work; the first of two wins.
  EXPECT_EQ(AuthCode("khabar_session=\"" + who.token + "\""), Code::kOk);
  EXPECT_EQ(AuthCode("a=1;  khabar_session = " + who.token + " ;b=2"), Code::kOk);
  EXPECT_EQ(AuthCode("khabar_session=" + who.token + "; khabar_session=x"), Code::kOk);
  EXPECT_EQ(AuthCode("khabar_session=x; khabar_session=" + who.token), Code::kUnauthenticated);
}

TEST_F(AccountsTest, SessionsSlideAndExpireWhenIdle) {
  AddSana();
  SignedIn who = MustLogin();
  const Seconds start = clock_.Now();

  clock_.Advance(hours(11));
  Result<SignedIn> seen = accounts_->Authenticate(CookieOf(who.token));
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_TRUE(seen->renewed);
  EXPECT_EQ(seen->session.expires_at, start + hours(23));
  EXPECT_EQ(seen->session.last_seen_at, start + hours(11));

  clock_.Advance(hours(11));  // 22h after sign-in: alive only thanks to the slide
  ASSERT_EQ(AuthCode(CookieOf(who.token)), Code::kOk);

  clock_.Advance(hours(12));  // idle for exactly session_ttl
  Result<SignedIn> expired = accounts_->Authenticate(CookieOf(who.token));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code(), Code::kUnauthenticated);
  EXPECT_NE(expired.error().message().find("expired"), std::string::npos);
  // An expired session is gone for good, even if the clock were wrong.
  clock_.Set(start + hours(1));
  EXPECT_EQ(AuthCode(CookieOf(who.token)), Code::kUnauthenticated);
}

TEST_F(AccountsTest, TouchesTheStoreAtMostOnceAMinute) {
  AddSana();
  SignedIn who = MustLogin();
  const Seconds start = clock_.Now();

  clock_.Advance(seconds(59));
  Result<SignedIn> early = accounts_->Authenticate(CookieOf(who.token));
  ASSERT_TRUE(early);
  EXPECT_FALSE(early->renewed);
  EXPECT_EQ(early->session.expires_at, start + hours(12));
  EXPECT_EQ(store_->GetSession(who.session.token_hash)->last_seen_at, start);

  clock_.Advance(seconds(1));
  Result<SignedIn> later = accounts_->Authenticate(CookieOf(who.token));
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->renewed);
  EXPECT_EQ(later->session.expires_at, start + minutes(1) + hours(12));
  Result<SessionRecord> stored = store_->GetSession(who.session.token_hash);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->last_seen_at, start + minutes(1));
  EXPECT_EQ(stored->expires_at, start + minutes(1) + hours(12));
}

TEST_F(AccountsTest, SessionsEndAtTheAbsoluteLimitHoweverActive) {
  AddSana();
  SignedIn who = MustLogin();
  const Seconds start = clock_.Now();
  const Seconds absolute_end = start + hours(7 * 24);

  // Busy every 10 hours for a week: never idle long enough to expire.
  while (clock_.Now() + hours(10) < absolute_end) {
    clock_.Advance(hours(10));
    Result<SignedIn> seen = accounts_->Authenticate(CookieOf(who.token));
    ASSERT_TRUE(seen) << "at " << FormatIso8601Utc(clock_.Now());
    EXPECT_LE(seen->session.expires_at, absolute_end);  // the slide is capped
  }
  clock_.Set(absolute_end - seconds(1));
  ASSERT_EQ(AuthCode(CookieOf(who.token)), Code::kOk);
  clock_.Set(absolute_end);
  EXPECT_EQ(AuthCode(CookieOf(who.token)), Code::kUnauthenticated);
}

TEST_F(AccountsTest, AbsoluteLimitAppliesToSessionsMadeUnderLongerRules) {
  AddSana();
  SignedIn who = MustLogin();  // under a 7-day absolute limit
  AuthOptions options;
  options.absolute_ttl = hours(2);
  Accounts stricter(*store_, clock_, options);
  clock_.Advance(seconds(30));  // too soon to touch, so nothing caps expiry
  EXPECT_TRUE(stricter.Authenticate(CookieOf(who.token)));
  // The stored expiry is still 12h after sign-in: only the absolute check
  // can refuse the session now.
  clock_.Advance(hours(2) - seconds(30));
  ASSERT_GT(store_->GetSession(who.session.token_hash)->expires_at, clock_.Now());
  Result<SignedIn> late = stricter.Authenticate(CookieOf(who.token));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code(), Code::kUnauthenticated);
}

TEST_F(AccountsTest, LogoutEndsTheSession) {
  AddSana();
  SignedIn who = MustLogin();
  SignedIn other = MustLogin();  // another browser of the same user
  ASSERT_TRUE(accounts_->Logout(who).ok());
  EXPECT_EQ(AuthCode(CookieOf(who.token)), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode(CookieOf(other.token)), Code::kOk);
  EXPECT_TRUE(accounts_->Logout(who).ok());  // twice is fine
}

TEST_F(AccountsTest, PasswordChangeEndsEverySessionOfTheUser) {
  AddSana();
  ASSERT_TRUE(accounts_->AddUser("nadia", "Nadia Khan", Role::kReporter, kPassword));
  SignedIn a = MustLogin();
  SignedIn b = MustLogin();
  SignedIn nadia = MustLogin("nadia");

  EXPECT_EQ(accounts_->SetPassword("sana", "too short").code(), Code::kInvalidArgument);
  EXPECT_EQ(AuthCode(CookieOf(a.token)), Code::kOk);  // a refused change changes nothing

  ASSERT_TRUE(accounts_->SetPassword("sana", "a brand new passphrase").ok());
  EXPECT_EQ(AuthCode(CookieOf(a.token)), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode(CookieOf(b.token)), Code::kUnauthenticated);
  EXPECT_EQ(AuthCode(CookieOf(nadia.token)), Code::kOk);
  EXPECT_FALSE(accounts_->Login("sana", kPassword, kAddress));
  MustLogin("sana", "a brand new passphrase");
}

TEST_F(AccountsTest, DisablingEndsSessionsAndRefusesSignIn) {
  AddSana();
  SignedIn who = MustLogin();
  ASSERT_TRUE(accounts_->SetDisabled("sana", true).ok());
  EXPECT_EQ(AuthCode(CookieOf(who.token)), Code::kUnauthenticated);
  Result<SignedIn> r = accounts_->Login("sana", kPassword, kAddress);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "wrong login or password");

  ASSERT_TRUE(accounts_->SetDisabled("sana", false).ok());
  MustLogin();
}

TEST_F(AccountsTest, SweepRemovesExpiredSessions) {
  AddSana();
  SignedIn old_one = MustLogin();
  clock_.Advance(hours(6));
  SignedIn new_one = MustLogin();
  clock_.Advance(hours(7));  // the first is 13h idle, the second 7h
  ASSERT_TRUE(accounts_->SweepExpiredSessions().ok());
  Result<SessionRecord> gone = store_->GetSession(old_one.session.token_hash);
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), Code::kNotFound);
  EXPECT_TRUE(store_->GetSession(new_one.session.token_hash));
}

// ---- CSRF, cookies, fixation ----

TEST_F(AccountsTest, CsrfTokenMatchesOnlyItsSession) {
  AddSana();
  SignedIn who = MustLogin();
  SignedIn other = MustLogin();
  EXPECT_TRUE(accounts_->CheckCsrf(who, who.session.csrf_token));
  EXPECT_FALSE(accounts_->CheckCsrf(who, ""));
  EXPECT_FALSE(accounts_->CheckCsrf(who, other.session.csrf_token));
  EXPECT_FALSE(accounts_->CheckCsrf(who, who.token));
  std::string altered = who.session.csrf_token;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(accounts_->CheckCsrf(who, altered));
  EXPECT_FALSE(accounts_->CheckCsrf(who, who.session.csrf_token + "x"));

  SignedIn nobody;  // a session without a CSRF token accepts nothing
  EXPECT_FALSE(accounts_->CheckCsrf(nobody, ""));
}

TEST_F(AccountsTest, CookieAttributes) {
  EXPECT_EQ(accounts_->SessionCookie("TOKEN"),
            "khabar_session=TOKEN; Path=/; HttpOnly; SameSite=Lax; Max-Age=43200");
  EXPECT_EQ(accounts_->ClearSessionCookie(),
            "khabar_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");

  AuthOptions options;
  options.secure_cookie = true;
  options.cookie_name = "__Host-khabar";
  options.session_ttl = hours(1);
  Accounts secure(*store_, clock_, options);
  EXPECT_EQ(secure.SessionCookie("TOKEN"),
            "__Host-khabar=TOKEN; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600; Secure");
  EXPECT_EQ(secure.ClearSessionCookie(),
            "__Host-khabar=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure");
}

TEST_F(AccountsTest, EachLoginMakesANewTokenWhateverTheBrowserPresents) {
  AddSana();
  SignedIn first = MustLogin();
  // The browser signs in again while still presenting its old cookie.
  ASSERT_EQ(AuthCode(CookieOf(first.token)), Code::kOk);
  SignedIn second = MustLogin();
  EXPECT_NE(second.token, first.token);
  EXPECT_NE(second.session.token_hash, first.session.token_hash);
  EXPECT_NE(second.session.csrf_token, first.session.csrf_token);

  // A token an attacker planted before sign-in never becomes a session.
  const std::string planted = RandomToken();
  EXPECT_EQ(AuthCode(CookieOf(planted)), Code::kUnauthenticated);
  SignedIn third = MustLogin();
  EXPECT_NE(third.token, planted);
  EXPECT_EQ(AuthCode(CookieOf(planted)), Code::kUnauthenticated);
}

}  // namespace
}  // namespace khabar
