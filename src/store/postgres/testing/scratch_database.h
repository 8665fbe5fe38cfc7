// Fresh PostgreSQL databases for tests, on the throwaway cluster that
// scripts/pg-test-cluster.sh starts (ctest's `postgres` fixture in
// `make test`).
//
// The cluster's URL comes from KHABAR_TEST_POSTGRES_URL, or else from the
// file `url` in KHABAR_TEST_POSTGRES_DIR (what the fixture sets). Without
// either, Create fails and says how to start one: PostgreSQL tests are
// never silently skipped.
#pragma once

#include <string>

#include "base/status.h"

namespace khabar::testing {

// TestClusterUrl is the URL of the test cluster's maintenance database.
Result<std::string> TestClusterUrl();

// ScratchDatabase is an empty database made for one test, dropped (with
// any connections still open to it) when destroyed.
class ScratchDatabase {
 public:
  static Result<ScratchDatabase> Create();
  ScratchDatabase(ScratchDatabase&& other) noexcept;
  ScratchDatabase& operator=(ScratchDatabase&&) = delete;
  ScratchDatabase(const ScratchDatabase&) = delete;
  ~ScratchDatabase();

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }

 private:
  ScratchDatabase(std::string cluster_url, std::string name, std::string url)
      : cluster_url_(std::move(cluster_url)), name_(std::move(name)), url_(std::move(url)) {}

  std::string cluster_url_;
  std::string name_;  // empty once moved from
  std::string url_;
};

}  // namespace khabar::testing
