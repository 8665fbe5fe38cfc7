// OpenSqliteStore: opening the file, bringing its schema up to date, and
// handing a pool of SQLite connections to the SqlStore (store/sql/).
#include "store/sqlite/sqlite_store.h"

#include <string>
#include <system_error>
#include <utility>

#include "store/connection_pool.h"
#include "store/migrations.h"
#include "store/sql/migrate.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/internal/connection.h"

namespace khabar {
namespace {

using sql::Connection;

// Migrate applies the steps the file lacks (sql/migrate.h).
Status Migrate(Connection& c) {
  // Created here rather than by a step: it is what records the steps.
  static const std::string kOpen =
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY,"
      " description TEXT NOT NULL,"
      " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))";
  return sql::ApplyMigrations(c, kOpen, &Migration::sqlite);
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& db_file,
                                               const SqliteOptions& options) {
  const std::string context = "database " + db_file.string();
  if (options.max_connections < 1) {
    return InvalidArgument(context + ": max_connections must be at least 1");
  }
  if (options.search_candidates < 1) {
    return InvalidArgument(context + ": search_candidates must be at least 1");
  }
  // SQLite's own message for this is "unable to open database file", which
  // does not say why.
  std::filesystem::path parent = db_file.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec)) {
    return InvalidArgument(context + ": directory " + parent.string() + " does not exist");
  }
  // Shared by every connection of the pool, and kept by the opener.
  std::shared_ptr<const sql::sqlite_internal::QueryObserver> observer;
  if (options.query_observer) {
    observer = std::make_shared<const sql::sqlite_internal::QueryObserver>(options.query_observer);
  }
  auto first =
      sql::sqlite_internal::SqliteConnection::Open(db_file, options.busy_timeout, observer);
  if (!first) return Err(first.error().WithContext(context));
  if (Status s = Migrate(**first); !s.ok()) return Err(s.WithContext(context));
  auto pool = std::make_unique<sql::ConnectionPool>(
      [db_file, timeout = options.busy_timeout, observer] {
        return sql::sqlite_internal::SqliteConnection::Open(db_file, timeout, observer);
      },
      static_cast<size_t>(options.max_connections), std::move(*first));
  return std::unique_ptr<Store>(
      std::make_unique<sql::SqlStore>(std::move(pool), options.search_candidates));
}

}  // namespace khabar
