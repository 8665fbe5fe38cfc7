// OpenSqliteStore: opening the file, bringing its schema up to date, and
// wiring the pool to the SqliteStore whose methods live beside this file
// (see internal/sqlite_store_impl.h).
#include "store/sqlite/sqlite_store.h"

#include <set>
#include <string>
#include <system_error>
#include <utility>

#include "store/connection_pool.h"
#include "store/migrations.h"
#include "store/sqlite/internal/connection.h"
#include "store/sqlite/internal/search_index.h"
#include "store/sqlite/internal/sql_values.h"
#include "store/sqlite/internal/sqlite_store_impl.h"

namespace khabar {
namespace {

using sqlite_internal::Connection;
using sqlite_internal::ForEachRow;
using sqlite_internal::InTransaction;
using sqlite_internal::SqliteStore;
using sqlite_internal::TxKind;

// Migrate applies the steps the file lacks, all in one transaction: a
// failure half-way leaves the file as it was.
Status Migrate(Connection& c) {
  return InTransaction(c, TxKind::kWrite, [&]() -> Status {
    // Created here rather than by a step: it is what records the steps.
    if (Status s = c.ExecScript("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " version INTEGER PRIMARY KEY,"
                                " description TEXT NOT NULL,"
                                " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
        !s.ok()) {
      return s;
    }
    std::set<int64_t> applied;
    {
      auto st = c.Prepare("SELECT version FROM schema_migrations");
      if (!st) return st.error();
      if (Status s = ForEachRow(*st, [&] { applied.insert(st->Int(0)); }); !s.ok()) return s;
    }
    if (!applied.empty() && *applied.rbegin() > LatestSchemaVersion()) {
      return Status(Code::kInvalidArgument, "schema version " + std::to_string(*applied.rbegin()) +
                                                " is newer than this build of khabar knows (" +
                                                std::to_string(LatestSchemaVersion()) +
                                                "); it was written by a newer khabar");
    }
    bool rebuild_search = false;
    for (const Migration& m : Migrations()) {
      if (applied.contains(m.id)) continue;
      rebuild_search = rebuild_search || m.rebuilds_search;
      const std::string context = "migration " + std::to_string(m.id);
      if (Status s = c.ExecScript(std::string(m.sqlite).c_str()); !s.ok()) {
        return s.WithContext(context);
      }
      auto st = c.Prepare("INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)");
      if (!st) return st.error();
      st->Bind(1, int64_t{m.id}).Bind(2, m.description);
      if (Status s = st->Run(); !s.ok()) return s.WithContext(context);
    }
    if (rebuild_search) {
      if (Status s = sqlite_internal::ReindexAllArticles(c); !s.ok()) {
        return s.WithContext("rebuilding the search index");
      }
    }
    return Status();
  });
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
  std::shared_ptr<const sqlite_internal::QueryObserver> observer;
  if (options.query_observer) {
    observer = std::make_shared<const sqlite_internal::QueryObserver>(options.query_observer);
  }
  auto first = sqlite_internal::SqliteConnection::Open(db_file, options.busy_timeout, observer);
  if (!first) return Err(first.error().WithContext(context));
  if (Status s = Migrate(**first); !s.ok()) return Err(s.WithContext(context));
  auto pool = std::make_unique<sql::ConnectionPool>(
      [db_file, timeout = options.busy_timeout, observer] {
        return sqlite_internal::SqliteConnection::Open(db_file, timeout, observer);
      },
      static_cast<size_t>(options.max_connections), std::move(*first));
  return std::unique_ptr<Store>(
      std::make_unique<SqliteStore>(std::move(pool), options.search_candidates));
}

}  // namespace khabar
