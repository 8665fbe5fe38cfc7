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
  // SQLite's own message for this is "unable to open database file", which
  // does not say why.
  std::filesystem::path parent = db_file.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec)) {
    return InvalidArgument(context + ": directory " + parent.string() + " does not exist");
  }
  // Shared by every connection of the pool, and kept by the opener.
  std::shared_ptr<const sql::QueryObserver> observer;
  if (options.query_observer) {
    observer = std::make_shared<const sql::QueryObserver>(options.query_observer);
  }
  return sql::OpenSqlStore(sql::SqlStoreOpening{
      .context = context,
      .max_connections = options.max_connections,
      .search_candidates = options.search_candidates,
      .open = [db_file, timeout = options.busy_timeout,
               observer]() -> Result<std::unique_ptr<sql::Connection>> {
        return sql::sqlite_internal::SqliteConnection::Open(db_file, timeout, observer);
      },
      .prepare = Migrate});
}

Result<std::unique_ptr<sql::Connection>> OpenSqliteConnection(
    const std::filesystem::path& db_file, std::chrono::milliseconds busy_timeout) {
  auto c = sql::sqlite_internal::SqliteConnection::Open(db_file, busy_timeout);
  if (!c) return Err(c.error());
  return std::unique_ptr<sql::Connection>(std::move(*c));
}

}  // namespace khabar
