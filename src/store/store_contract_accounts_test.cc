// The store conformance suite (see store_contract_test.h): newsroom
// accounts, sessions and failed-login counts.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using namespace store_contract;

UserRecord Account(std::string login, std::string name, Role role = Role::kReporter) {
  UserRecord r;
  r.user.login = std::move(login);
  r.user.display_name = std::move(name);
  r.user.role = role;
  r.user.created_at = kNow - 48h;
  r.user.password_changed_at = kNow - 24h;
  r.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$b2xk";
  return r;
}

SessionRecord Session(std::string token_hash, int64_t user_id, Seconds expires_at = kNow + 24h) {
  SessionRecord s;
  s.token_hash = std::move(token_hash);
  s.user_id = user_id;
  s.csrf_token = "csrf-" + s.token_hash;
  s.created_at = kNow - 1h;
  s.expires_at = expires_at;
  s.last_seen_at = kNow - 1h;
  s.address = "10.0.0.7";
  return s;
}

bool HasSession(Store& store, const std::string& token_hash) {
  auto s = store.GetSession(token_hash);
  EXPECT_TRUE(s || s.error().code() == Code::kNotFound) << s.error().ToString();
  return s.has_value();
}

std::vector<std::string> Logins(const std::vector<User>& users) {
  std::vector<std::string> out;
  for (const User& u : users) out.push_back(u.login);
  return out;
}

TEST_P(StoreContractTest, UsersRoundTripAndAreFoundByLoginInAnyCase) {
  UserRecord sana = Account("sana", "Sana Mirza", Role::kEditor);
  sana.user.disabled = true;
  auto id = store().CreateUser(sana);
  ASSERT_TRUE(id) << id.error().ToString();

  auto got = store().GetUser(*id);
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->user.id, *id);
  EXPECT_EQ(got->user.login, "sana");
  EXPECT_EQ(got->user.display_name, "Sana Mirza");
  EXPECT_EQ(got->user.role, Role::kEditor);
  EXPECT_TRUE(got->user.disabled);
  EXPECT_EQ(got->user.created_at, kNow - 48h);
  EXPECT_EQ(got->user.password_changed_at, kNow - 24h);
  EXPECT_EQ(got->password_hash, sana.password_hash);

  for (const char* typed : {"sana", "SANA", "Sana"}) {
    auto by_login = store().GetUserByLogin(typed);
    ASSERT_TRUE(by_login) << typed << ": " << by_login.error().ToString();
    EXPECT_EQ(by_login->user.id, *id);
  }
  EXPECT_EQ(store().GetUserByLogin("nobody").error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetUser(*id + 1).error().code(), Code::kNotFound);

  ASSERT_TRUE(store().CreateUser(Account("ali.khan", "Ali Khan")));
  ASSERT_TRUE(store().CreateUser(Account("zeb", "Zeb")));
  auto users = store().ListUsers();
  ASSERT_TRUE(users) << users.error().ToString();
  EXPECT_THAT(Logins(*users), ElementsAre("ali.khan", "sana", "zeb"));
}

TEST_P(StoreContractTest, CreateUserRefusesTakenAndBadLogins) {
  ASSERT_TRUE(store().CreateUser(Account("sana", "Sana Mirza")));
  auto dup = store().CreateUser(Account("sana", "Another Sana"));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kAlreadyExists);
  EXPECT_THAT(dup.error().message(), HasSubstr("sana"));
  // Logins are lower case (ValidateLogin), so another case is refused as a
  // bad login before it could collide.
  EXPECT_EQ(store().CreateUser(Account("SANA", "Sana")).error().code(), Code::kInvalidArgument);
  for (const char* bad : {"", "s", "sana mirza", "sana@example.com", "سنا"}) {
    auto r = store().CreateUser(Account(bad, "Someone"));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), Code::kInvalidArgument) << bad;
  }
  EXPECT_EQ(store().CreateUser(Account("bad.role", "X", static_cast<Role>(9))).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store().CreateUser(Account("no.name", "  ")).error().code(), Code::kInvalidArgument);
  EXPECT_EQ(store().ListUsers()->size(), 1u);
}

TEST_P(StoreContractTest, RolesChange) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  ASSERT_TRUE(store().SetUserRole(sana, Role::kAdmin).ok());
  EXPECT_EQ(store().GetUser(sana)->user.role, Role::kAdmin);
  ASSERT_TRUE(store().SetUserRole(sana, Role::kReporter).ok());
  EXPECT_EQ(store().GetUser(sana)->user.role, Role::kReporter);
  EXPECT_EQ(store().SetUserRole(sana, static_cast<Role>(0)).code(), Code::kInvalidArgument);
  EXPECT_EQ(store().SetUserRole(sana + 1, Role::kEditor).code(), Code::kNotFound);
}

TEST_P(StoreContractTest, ChangingAPasswordEndsEverySessionOfThatUser) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t ali = AddUser(store(), "ali", "Ali Khan");
  ASSERT_TRUE(store().CreateSession(Session("sana-laptop", sana)).ok());
  ASSERT_TRUE(store().CreateSession(Session("sana-phone", sana)).ok());
  ASSERT_TRUE(store().CreateSession(Session("ali-laptop", ali)).ok());

  ASSERT_TRUE(store().SetUserPassword(sana, "$argon2id$new", kNow + 1h).ok());
  auto got = store().GetUser(sana);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->password_hash, "$argon2id$new");
  EXPECT_EQ(got->user.password_changed_at, kNow + 1h);
  EXPECT_FALSE(HasSession(store(), "sana-laptop"));
  EXPECT_FALSE(HasSession(store(), "sana-phone"));
  EXPECT_TRUE(HasSession(store(), "ali-laptop"));
  EXPECT_EQ(store().SetUserPassword(ali + 1, "x", kNow).code(), Code::kNotFound);
}

TEST_P(StoreContractTest, DisablingEndsEverySessionAndReenablingRestoresTheAccount) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  ASSERT_TRUE(store().CreateSession(Session("sana-laptop", sana)).ok());
  ASSERT_TRUE(store().SetUserDisabled(sana, true).ok());
  EXPECT_TRUE(store().GetUser(sana)->user.disabled);
  EXPECT_FALSE(HasSession(store(), "sana-laptop"));

  ASSERT_TRUE(store().SetUserDisabled(sana, false).ok());
  EXPECT_FALSE(store().GetUser(sana)->user.disabled);
  ASSERT_TRUE(store().CreateSession(Session("sana-again", sana)).ok());
  ASSERT_TRUE(store().SetUserDisabled(sana, false).ok());  // re-enabling keeps sessions
  EXPECT_TRUE(HasSession(store(), "sana-again"));
  EXPECT_EQ(store().SetUserDisabled(sana + 1, true).code(), Code::kNotFound);
}

TEST_P(StoreContractTest, SessionsAreCreatedReadTouchedAndDeleted) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const SessionRecord s = Session("hash-1", sana);
  ASSERT_TRUE(store().CreateSession(s).ok());
  auto got = store().GetSession("hash-1");
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->token_hash, "hash-1");
  EXPECT_EQ(got->user_id, sana);
  EXPECT_EQ(got->csrf_token, "csrf-hash-1");
  EXPECT_EQ(got->created_at, kNow - 1h);
  EXPECT_EQ(got->expires_at, kNow + 24h);
  EXPECT_EQ(got->last_seen_at, kNow - 1h);
  EXPECT_EQ(got->address, "10.0.0.7");

  EXPECT_EQ(store().CreateSession(s).code(), Code::kAlreadyExists);
  EXPECT_EQ(store().CreateSession(Session("hash-x", sana + 1)).code(), Code::kInvalidArgument);
  EXPECT_EQ(store().GetSession("nope").error().code(), Code::kNotFound);

  ASSERT_TRUE(store().TouchSession("hash-1", kNow, kNow + 48h).ok());
  got = store().GetSession("hash-1");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->last_seen_at, kNow);
  EXPECT_EQ(got->expires_at, kNow + 48h);
  EXPECT_EQ(got->created_at, kNow - 1h);
  EXPECT_EQ(store().TouchSession("nope", kNow, kNow).code(), Code::kNotFound);

  ASSERT_TRUE(store().DeleteSession("hash-1").ok());
  EXPECT_FALSE(HasSession(store(), "hash-1"));
  EXPECT_TRUE(store().DeleteSession("hash-1").ok());  // signing out twice is fine

  ASSERT_TRUE(store().CreateSession(Session("hash-2", sana)).ok());
  ASSERT_TRUE(store().CreateSession(Session("hash-3", sana)).ok());
  ASSERT_TRUE(store().DeleteSessionsOfUser(sana).ok());
  EXPECT_FALSE(HasSession(store(), "hash-2"));
  EXPECT_FALSE(HasSession(store(), "hash-3"));
}

TEST_P(StoreContractTest, ExpiredSessionsAreSweptAndCounted) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  ASSERT_TRUE(store().CreateSession(Session("old", sana, kNow - 1h)).ok());
  ASSERT_TRUE(store().CreateSession(Session("just-old", sana, kNow - 1s)).ok());
  ASSERT_TRUE(store().CreateSession(Session("ends-now", sana, kNow)).ok());
  ASSERT_TRUE(store().CreateSession(Session("fresh", sana, kNow + 1h)).ok());
  auto swept = store().DeleteExpiredSessions(kNow);
  ASSERT_TRUE(swept) << swept.error().ToString();
  EXPECT_EQ(*swept, 2);
  EXPECT_FALSE(HasSession(store(), "old"));
  EXPECT_FALSE(HasSession(store(), "just-old"));
  EXPECT_TRUE(HasSession(store(), "ends-now"));  // expired *before* now only
  EXPECT_TRUE(HasSession(store(), "fresh"));
  EXPECT_EQ(*store().DeleteExpiredSessions(kNow), 0);
}

TEST_P(StoreContractTest, LoginFailuresAreCountedPerKeySinceATimeAndCleared) {
  for (Seconds at : {kNow - 20min, kNow - 10min, kNow}) {
    ASSERT_TRUE(store().RecordLoginFailure("login:sana", at).ok());
  }
  ASSERT_TRUE(store().RecordLoginFailure("addr:10.0.0.7", kNow).ok());
  auto count = [&](const std::string& key, Seconds since) {
    auto n = store().CountLoginFailures(key, since);
    EXPECT_TRUE(n) << n.error().ToString();
    return n ? *n : -1;
  };
  EXPECT_EQ(count("login:sana", kNow - 1h), 3);
  EXPECT_EQ(count("login:sana", kNow - 15min), 2);
  EXPECT_EQ(count("login:sana", kNow - 10min), 2);  // `since` is inclusive
  EXPECT_EQ(count("login:sana", kNow + 1s), 0);
  EXPECT_EQ(count("addr:10.0.0.7", kNow - 1h), 1);
  EXPECT_EQ(count("login:ali", kNow - 1h), 0);

  ASSERT_TRUE(store().ClearLoginFailures("login:sana").ok());
  EXPECT_EQ(count("login:sana", kNow - 1h), 0);
  EXPECT_EQ(count("addr:10.0.0.7", kNow - 1h), 1);
  EXPECT_TRUE(store().ClearLoginFailures("login:nobody").ok());
}

TEST_P(StoreContractTest, OldLoginFailuresArePruned) {
  for (Seconds at : {kNow - 30min, kNow - 20min, kNow - 5min}) {
    ASSERT_TRUE(store().RecordLoginFailure("addr:10.0.0.7", at).ok());
  }
  auto removed = store().DeleteLoginFailuresBefore(kNow - 15min);
  ASSERT_TRUE(removed) << removed.error().ToString();
  EXPECT_EQ(*removed, 2);
  EXPECT_EQ(*store().CountLoginFailures("addr:10.0.0.7", kNow - 1h), 1);
}

}  // namespace
}  // namespace khabar
