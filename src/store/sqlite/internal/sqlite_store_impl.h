// SqliteStore: the Store on SQLite. Private to store/sqlite/: callers get it
// from OpenSqliteStore (sqlite_store.h) as a Store.
//
// The store is SqlStore (store/sql/sql_store.h), written once, over this
// backend's driver and dialect; what stays SQLite's own is full-text search
// (search.cc).
#pragma once

#include <memory>
#include <utility>

#include "store/sql/sql_store.h"
#include "store/sqlite/internal/connection.h"

namespace khabar::sql::sqlite_internal {

class SqliteStore final : public sql::SqlStore {
 public:
  // REQUIRES: search_candidates >= 1 (see SqliteOptions).
  SqliteStore(std::unique_ptr<sql::ConnectionPool> pool, int64_t search_candidates)
      : SqlStore(std::move(pool)), search_candidates_(search_candidates) {}

  // search.cc
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;

 private:
  const int64_t search_candidates_;
};

}  // namespace khabar::sql::sqlite_internal
