// SqliteStore: the Store on SQLite. Private to store/sqlite/: callers get it
// from OpenSqliteStore (sqlite_store.h) as a Store.
//
// Most of the store is SqlStore (store/sql/sql_store.h), written once;
// the concepts not yet moved there are defined here, one file each under
// store/sqlite/: listings.cc (live listings, related stories, newsroom lines), search.cc (full-text
// search).
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

}  // namespace khabar::sql::sqlite_internal
