// Opening the store --db names: an SQLite file (the default, embedded) or a
// PostgreSQL database shared by several nodes.
//
//   --db data/khabar.db                    SQLite file
//   --db sqlite:data/khabar.db             the same, explicitly
//   --db postgresql://user@host:5432/news  PostgreSQL (also postgres://)
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "store/store.h"

namespace khabar {

// DatabaseSpec is a parsed --db value.
struct DatabaseSpec {
  enum class Kind { kSqlite, kPostgres };
  Kind kind = Kind::kSqlite;
  std::string location;  // the file (SQLite) or the libpq URL (PostgreSQL)

  bool is_postgres() const { return kind == Kind::kPostgres; }
  // Display is the location for messages and logs (never a password).
  std::string Display() const;
};

// ParseDatabase reads a --db value; kInvalidArgument, naming `flag`, for an
// empty value or an unknown scheme ("mysql://...").
Result<DatabaseSpec> ParseDatabase(std::string_view db, std::string_view flag = "--db");

struct StoreOpenOptions {
  // As SqliteOptions::query_observer (both backends).
  std::function<void(std::chrono::nanoseconds)> query_observer = {};
  // replica: open a PostgreSQL read replica (PostgresOptions::replica).
  bool replica = false;
};

// OpenStoreAt opens (creating and migrating as needed) the store `spec`
// names. Errors name the database.
Result<std::unique_ptr<Store>> OpenStoreAt(const DatabaseSpec& spec,
                                           const StoreOpenOptions& options = {});

// DefaultMediaDir is where media files live when --media is not given:
// beside an SQLite file; ./media for PostgreSQL, whose nodes should all be
// given the same shared directory with --media (docs/deploy.md).
std::filesystem::path DefaultMediaDir(const DatabaseSpec& spec);

}  // namespace khabar
