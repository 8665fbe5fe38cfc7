// SessionGate against a real SQLite store, counting the store's statements:
// readers without the cookie and repeated cookies cost no read.
#include "auth/session_gate.h"

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

class FixedClock final : public Clock {
 public:
  Seconds Now() const override { return Seconds(std::chrono::seconds(1'780'000'000)); }
};

class SessionGateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/khabar-gate-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    SqliteOptions options;
    options.query_observer = [this](std::chrono::nanoseconds) { ++statements_; };
    auto store = OpenSqliteStore(dir_ / "khabar.db", options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::make_unique<Accounts>(*store_, clock_, AuthOptions{});
    ASSERT_TRUE(accounts_->AddUser("sana", "Sana Mirza", Role::kEditor, "a long enough password"));
    gate_ = std::make_unique<SessionGate>(*accounts_, steady_, std::chrono::seconds(30));
  }
  void TearDown() override {
    gate_.reset();
    accounts_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  // Reads counts the store statements `check` runs.
  template <class F>
  int Reads(F check) {
    const int before = statements_.load();
    check();
    return statements_.load() - before;
  }

  std::filesystem::path dir_;
  std::atomic<int> statements_{0};
  FixedClock clock_;
  ManualSteadyClock steady_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<SessionGate> gate_;
};

TEST_F(SessionGateTest, NoCookieAndMalformedCookiesCostNoRead) {
  using S = SessionGate::State;
  EXPECT_EQ(Reads([&] { EXPECT_EQ(gate_->Check(""), S::kNone); }), 0);
  EXPECT_EQ(Reads([&] { EXPECT_EQ(gate_->Check("theme=dark; lang=ur"), S::kNone); }), 0);
  EXPECT_EQ(Reads([&] { EXPECT_EQ(gate_->Check("khabar_session=x"), S::kInvalid); }), 0);
}

TEST_F(SessionGateTest, AMadeUpTokenIsInvalidAndRememberedForAWhile) {
  using S = SessionGate::State;
  const std::string cookie = "khabar_session=" + RandomToken();
  EXPECT_GT(Reads([&] { EXPECT_EQ(gate_->Check(cookie), S::kInvalid); }), 0);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(Reads([&] { EXPECT_EQ(gate_->Check(cookie), S::kInvalid); }), 0);
  }
  steady_.Advance(std::chrono::seconds(31));
  EXPECT_GT(Reads([&] { EXPECT_EQ(gate_->Check(cookie), S::kInvalid); }), 0);
}

TEST_F(SessionGateTest, ALiveSessionIsValidUntilItEnds) {
  using S = SessionGate::State;
  auto who = accounts_->Login("sana", "a long enough password", "10.0.0.7");
  ASSERT_TRUE(who) << who.error().ToString();
  const std::string cookie = "a=b; khabar_session=" + who->token;
  EXPECT_EQ(gate_->Check(cookie), S::kValid);
  EXPECT_EQ(Reads([&] { EXPECT_EQ(gate_->Check(cookie), S::kValid); }), 0);
  ASSERT_TRUE(accounts_->Logout(*who).ok());
  steady_.Advance(std::chrono::seconds(31));
  EXPECT_EQ(gate_->Check(cookie), S::kInvalid);
}

TEST_F(SessionGateTest, ABoundedMemoryStillAnswersRight) {
  SessionGate small(*accounts_, steady_, std::chrono::seconds(30), 3);
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(small.Check("khabar_session=" + RandomToken()), SessionGate::State::kInvalid);
  }
  // Still answers correctly for a live session among them.
  auto who = accounts_->Login("sana", "a long enough password", "10.0.0.7");
  ASSERT_TRUE(who);
  EXPECT_EQ(small.Check("khabar_session=" + who->token), SessionGate::State::kValid);
}

}  // namespace
}  // namespace khabar
