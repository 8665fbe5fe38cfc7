// Runs the store conformance suite against PostgreSQL, with a fresh
// database on the test cluster for every test.
#include <memory>

#include "store/postgres/postgres_store.h"
#include "store/postgres/testing/scratch_database.h"
#include "store/store_contract_test.h"

namespace khabar {
namespace {

Result<StoreUnderTest> OpenScratchPostgres() {
  auto db = testing::ScratchDatabase::Create();
  if (!db) return Err(db.error());
  auto owned = std::make_shared<testing::ScratchDatabase>(std::move(*db));
  auto store = OpenPostgresStore(owned->url());
  if (!store) return Err(store.error());
  return StoreUnderTest{.store = std::move(*store),
                        .clean_up = [owned]() mutable { owned.reset(); }};
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContractTest,
                         ::testing::Values(StoreBackend{"postgres", &OpenScratchPostgres}),
                         StoreBackendName);

}  // namespace
}  // namespace khabar
