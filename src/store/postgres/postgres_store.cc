// OpenPostgresStore: connecting, bringing the schema up to date, and
// handing a pool of PostgreSQL connections to the SqlStore (store/sql/).
#include "store/postgres/postgres_store.h"

#include <string>
#include <utility>

#include "store/connection_pool.h"
#include "store/migrations.h"
#include "store/postgres/internal/connection.h"
#include "store/sql/migrate.h"
#include "store/sql/sql_store.h"

namespace khabar {
namespace {

using sql::Connection;

// kMigrationLockKey serializes migrations across nodes starting together.
constexpr int64_t kMigrationLockKey = 0x6b68616261720002;

// Migrate applies the steps the database lacks (sql/migrate.h); the
// migration lock keeps nodes starting together from both migrating.
Status Migrate(Connection& c) {
  static const std::string kOpen = "SELECT pg_advisory_xact_lock(" +
                                   std::to_string(kMigrationLockKey) +
                                   ");"
                                   "CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   " version BIGINT PRIMARY KEY,"
                                   " description TEXT NOT NULL,"
                                   " applied_at BIGINT NOT NULL"
                                   "  DEFAULT (extract(epoch FROM now())::bigint))";
  return sql::ApplyMigrations(c, kOpen, &Migration::postgres);
}

// CheckReplicaSchema confirms a standby has replayed exactly the schema
// this build uses.
Status CheckReplicaSchema(Connection& c) {
  auto st = c.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!st) return st.error().WithContext("schema_migrations (has the primary been opened?)");
  auto row = st->Step();
  if (!row) return row.error();
  const int64_t version = *row ? st->Int(0) : 0;
  if (version != LatestSchemaVersion()) {
    return Status(Code::kInvalidArgument,
                  "replica schema is at step " + std::to_string(version) + ", this khabar uses " +
                      std::to_string(LatestSchemaVersion()) +
                      " (start a node on the primary first, and let the replica catch up)");
  }
  return Status();
}

}  // namespace

bool IsPostgresUrl(std::string_view db) {
  return db.starts_with("postgresql://") || db.starts_with("postgres://");
}

std::string RedactedUrl(std::string_view url) {
  std::string out(url);
  // scheme://user:password@host... -> scheme://user@host...
  if (const size_t scheme = out.find("://"); scheme != std::string::npos) {
    const size_t authority_end = out.find_first_of("/?", scheme + 3);
    const size_t at = out.rfind('@', authority_end);
    const size_t colon = out.find(':', scheme + 3);
    if (at != std::string::npos && at > scheme && colon < at) {
      out.erase(colon, at - colon);
    }
  }
  // ...?password=secret&... (a URI parameter) and password=secret (the
  // key=value form) -> password=***
  for (size_t at = out.find("password="); at != std::string::npos;
       at = out.find("password=", at + 1)) {
    if (at > 0 && std::string_view("?& ").find(out[at - 1]) == std::string_view::npos) continue;
    const size_t value = at + 9;
    const size_t end = out.find_first_of("& ", value);
    out.replace(value, (end == std::string::npos ? out.size() : end) - value, "***");
  }
  return out;
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url,
                                                 const PostgresOptions& options) {
  std::shared_ptr<const sql::QueryObserver> observer;
  if (options.query_observer) {
    observer = std::make_shared<const sql::QueryObserver>(options.query_observer);
  }
  return sql::OpenSqlStore(sql::SqlStoreOpening{
      .context = "database " + RedactedUrl(url),
      .max_connections = options.max_connections,
      .search_candidates = options.search_candidates,
      .open = [url, timeout = options.lock_timeout,
               observer]() -> Result<std::unique_ptr<sql::Connection>> {
        return sql::postgres_internal::PgConnection::Open(url, timeout, observer);
      },
      .prepare = options.replica ? CheckReplicaSchema : Migrate});
}

Result<std::unique_ptr<sql::Connection>> OpenPostgresConnection(
    const std::string& url, std::chrono::milliseconds lock_timeout) {
  auto c = sql::postgres_internal::PgConnection::Open(url, lock_timeout);
  if (!c) return Err(c.error());
  return std::unique_ptr<sql::Connection>(std::move(*c));
}

}  // namespace khabar
