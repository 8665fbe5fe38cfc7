// The store conformance suite: what every Store backend must do, as one
// parameterized GoogleTest suite.
//
// A backend's test binary compiles store_contract_test.cc and instantiates
// the suite with a factory for fresh, empty stores:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(StoreBackend{"sqlite", &OpenTempSqlite}),
//                            StoreBackendName);
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

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

}  // namespace khabar
