#include "store/postgres/testing/scratch_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <utility>

namespace khabar::testing {
namespace {

// AdminCommand runs one fixed command on the cluster's maintenance
// database.
Status AdminCommand(const std::string& cluster_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(cluster_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    Status s(Code::kUnavailable, "test PostgreSQL at " + cluster_url + ": " + PQerrorMessage(conn));
    PQfinish(conn);
    return s;
  }
  PGresult* r = PQexec(conn, sql.c_str());
  Status s;
  if (PQresultStatus(r) != PGRES_COMMAND_OK) {
    s = Status(Code::kInternal, sql + ": " + PQresultErrorMessage(r));
  }
  PQclear(r);
  PQfinish(conn);
  return s;
}

}  // namespace

Result<std::string> TestClusterUrl() {
  if (const char* url = std::getenv("KHABAR_TEST_POSTGRES_URL"); url != nullptr && *url) {
    return std::string(url);
  }
  const char* dir = std::getenv("KHABAR_TEST_POSTGRES_DIR");
  if (dir != nullptr && *dir) {
    std::ifstream in(std::string(dir) + "/url");
    std::string url;
    if (in && std::getline(in, url) && !url.empty()) return url;
    return Err(Code::kUnavailable,
               std::string("no test PostgreSQL: ") + dir +
                   "/url is missing (did the postgres_cluster_start test run?)");
  }
  return Err(Code::kUnavailable,
             "no test PostgreSQL: run the tests through ctest (make test), or start one with "
             "`scripts/pg-test-cluster.sh start DIR` and set KHABAR_TEST_POSTGRES_DIR=DIR");
}

Result<ScratchDatabase> ScratchDatabase::Create() {
  auto cluster = TestClusterUrl();
  if (!cluster) return Err(cluster.error());
  static std::atomic<int> counter{0};
  std::random_device random;
  const std::string name = "khabar_t" + std::to_string(getpid()) + "_" + std::to_string(counter++) +
                           "_" + std::to_string(random() % 100000);
  if (Status s = AdminCommand(*cluster, "CREATE DATABASE " + name + " TEMPLATE template0");
      !s.ok()) {
    return Err(s);
  }
  const size_t slash = cluster->rfind('/');
  std::string url = cluster->substr(0, slash + 1) + name;
  return ScratchDatabase(*cluster, name, std::move(url));
}

ScratchDatabase::ScratchDatabase(ScratchDatabase&& other) noexcept
    : cluster_url_(std::move(other.cluster_url_)),
      name_(std::exchange(other.name_, std::string())),
      url_(std::move(other.url_)) {}

ScratchDatabase::~ScratchDatabase() {
  if (name_.empty()) return;
  (void)AdminCommand(cluster_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
}

}  // namespace khabar::testing
