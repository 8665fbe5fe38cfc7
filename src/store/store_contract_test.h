// The store conformance suite: what every Store backend must do, as one
// parameterized GoogleTest suite.
//
// The suite's tests are spread over store_contract_*test.cc by concept
// (stories, editing, workflow, accounts, taxonomy). A backend's test binary
// compiles all of them (CMake's KHABAR_STORE_CONTRACT_TEST lists them) and
// instantiates the suite once with a factory for fresh, empty stores:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(StoreBackend{"sqlite", &OpenTempSqlite}),
//                            StoreBackendName);
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>

#include "base/status.h"
#include "store/store.h"

namespace khabar {

// StoreUnderTest is a fresh, empty store plus how to remove what backs it
// (a temp directory, a scratch database); clean_up runs after the store is
// destroyed and may be empty.
struct StoreUnderTest {
  std::unique_ptr<Store> store;
  std::function<void()> clean_up;
};

// StoreBackend names a backend and makes a fresh store for each test.
struct StoreBackend {
  std::string name;  // used in test names: "sqlite"
  std::function<Result<StoreUnderTest>()> open;
};

inline void PrintTo(const StoreBackend& b, std::ostream* os) { *os << b.name; }

inline std::string StoreBackendName(const ::testing::TestParamInfo<StoreBackend>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<StoreBackend> {
 protected:
  void SetUp() override {
    auto opened = GetParam().open();
    ASSERT_TRUE(opened) << opened.error().ToString();
    under_test_ = std::move(*opened);
    store_ = under_test_.store.get();
  }
  void TearDown() override {
    under_test_.store.reset();
    if (under_test_.clean_up) under_test_.clean_up();
  }

  Store& store() { return *store_; }

 private:
  StoreUnderTest under_test_;
  Store* store_ = nullptr;
};

// Helpers the suite's files share.
namespace store_contract {

using namespace std::chrono_literals;

// kNow is the fixed "now" of every test: 2024-03-01T12:00:00Z.
inline const Seconds kNow = Seconds(std::chrono::sys_days(std::chrono::year{2024} / 3 / 1)) + 12h;

// Published is a live story's draft, with a body.
inline ArticleDraft Published(std::string headline, std::string section, Seconds at) {
  ArticleDraft d;
  d.headline = std::move(headline);
  d.section_name = std::move(section);
  d.body_markdown = "Body.";
  d.body_html = "<p>Body.</p>";
  d.status = ArticleStatus::kPublished;
  d.published_at = at;
  return d;
}

// Draft is an unpublished story's draft.
inline ArticleDraft Draft(std::string headline, std::string section = "World") {
  ArticleDraft d;
  d.headline = std::move(headline);
  d.section_name = std::move(section);
  d.body_markdown = "Body.";
  d.body_html = "<p>Body.</p>";
  return d;
}

// AddUser creates an account, failing the test (and returning 0) on error.
inline int64_t AddUser(Store& store, std::string login, std::string display_name,
                       Role role = Role::kReporter) {
  UserRecord r;
  r.user.login = std::move(login);
  r.user.display_name = std::move(display_name);
  r.user.role = role;
  r.user.created_at = kNow - 24h;
  r.user.password_changed_at = kNow - 24h;
  r.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  auto id = store.CreateUser(r);
  EXPECT_TRUE(id) << id.error().ToString();
  return id ? *id : 0;
}

// AddStory creates a story, failing the test (and returning 0) on error.
inline int64_t AddStory(Store& store, const ArticleDraft& draft, Seconds now = kNow) {
  auto id = store.CreateArticle(draft, now);
  EXPECT_TRUE(id) << draft.headline << ": " << id.error().ToString();
  return id ? *id : 0;
}

}  // namespace store_contract
}  // namespace khabar
