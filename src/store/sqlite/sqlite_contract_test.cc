// Runs the store conformance suite against SQLite, with a fresh database
// file in its own temp directory for every test.
#include <memory>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"
#include "store/store_contract_test.h"

namespace khabar {
namespace {

Result<StoreUnderTest> OpenTempSqlite() {
  auto dir = std::make_shared<TempDir>();
  auto store = OpenSqliteStore(dir->path() / "khabar.db");
  if (!store) return Err(store.error());
  return StoreUnderTest{.store = std::move(*store), .clean_up = [dir]() mutable { dir.reset(); }};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
                         ::testing::Values(StoreBackend{"sqlite", &OpenTempSqlite}),
                         StoreBackendName);

}  // namespace
}  // namespace khabar
