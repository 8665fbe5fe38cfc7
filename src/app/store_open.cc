#include "app/store_open.h"

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar {

std::string DatabaseSpec::Display() const {
  return is_postgres() ? RedactedUrl(location) : location;
}

Result<DatabaseSpec> ParseDatabase(std::string_view db, std::string_view flag) {
  const std::string where(flag);
  if (IsPostgresUrl(db)) return DatabaseSpec{DatabaseSpec::Kind::kPostgres, std::string(db)};
  if (db.starts_with("sqlite:")) db.remove_prefix(7);
  if (db.empty()) return InvalidArgument(where + ": no database given");
  // Anything else with a scheme is a database khabar cannot use; a file
  // name with "://" in it is far less likely than a typo.
  if (const size_t scheme = db.find("://"); scheme != std::string_view::npos) {
    return InvalidArgument(where + " '" + RedactedUrl(db) + "': unknown database kind " +
                           std::string(db.substr(0, scheme)) +
                           "; use an SQLite file (path or sqlite:PATH) or postgresql://...");
  }
  return DatabaseSpec{DatabaseSpec::Kind::kSqlite, std::string(db)};
}

Result<std::unique_ptr<Store>> OpenStoreAt(const DatabaseSpec& spec,
                                           const StoreOpenOptions& options) {
  if (spec.is_postgres()) {
    PostgresOptions pg;
    pg.query_observer = options.query_observer;
    pg.replica = options.replica;
    return OpenPostgresStore(spec.location, pg);
  }
  if (options.replica) {
    return InvalidArgument("--db-replica " + spec.Display() +
                           ": a read replica must be a PostgreSQL standby (postgresql://...)");
  }
  SqliteOptions sqlite;
  sqlite.query_observer = options.query_observer;
  return OpenSqliteStore(spec.location, sqlite);
}

std::filesystem::path DefaultMediaDir(const DatabaseSpec& spec) {
  if (spec.is_postgres()) return "media";
  std::filesystem::path db(spec.location);
  return (db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")) / "media";
}

}  // namespace khabar
