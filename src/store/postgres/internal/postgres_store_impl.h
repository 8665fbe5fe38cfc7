// PostgresStore: the Store on PostgreSQL. Private to store/postgres/:
// callers get it from OpenPostgresStore (postgres_store.h) as a Store.
//
// Most of the store is SqlStore (store/sql/sql_store.h), written once;
// the concepts not yet moved there are defined here, one file each under
// store/postgres/: listings.cc (live listings, related stories, newsroom lines), search.cc
// (full-text search).
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

  // listings.cc
  Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) override;
  Result<std::vector<ArticleLine>> ListArticleLines() override;
  Result<std::pair<std::vector<ArticleLine>, int64_t>> FindArticleLines(
      const ArticleFilter& filter) override;
  Result<std::vector<Article>> RelatedArticles(int64_t id, Seconds now, int64_t limit) override;

  // search.cc
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;

 private:
  const int64_t search_candidates_;
};

}  // namespace khabar::sql::postgres_internal
