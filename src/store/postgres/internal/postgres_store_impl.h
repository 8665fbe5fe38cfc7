// PostgresStore: the Store on PostgreSQL. Private to store/postgres/:
// callers get it from OpenPostgresStore (postgres_store.h) as a Store.
//
// The store is SqlStore (store/sql/sql_store.h), written once, over this
// backend's driver and dialect; what stays PostgreSQL's own is full-text search
// (search.cc).
#pragma once

#include <memory>
#include <utility>

#include "store/postgres/internal/connection.h"
#include "store/sql/sql_store.h"

namespace khabar::sql::postgres_internal {

class PostgresStore final : public sql::SqlStore {
 public:
  // REQUIRES: search_candidates >= 1 (see PostgresOptions).
  PostgresStore(std::unique_ptr<sql::ConnectionPool> pool, int64_t search_candidates)
      : SqlStore(std::move(pool)), search_candidates_(search_candidates) {}

  // search.cc
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;

 private:
  const int64_t search_candidates_;
};

}  // namespace khabar::sql::postgres_internal
