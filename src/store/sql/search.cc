// SqlStore: full-text search. The search itself is each database's own
// (Dialect::SearchArticles: FTS5 on SQLite, tsvector on PostgreSQL); this
// checks the query and gives it a read transaction.
#include "store/search_text.h"
#include "store/sql/dialect.h"
#include "store/sql/sql_store.h"

namespace khabar::sql {

Result<SearchPage> SqlStore::SearchArticles(const SearchQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // Text with no words finds nothing, without a transaction.
  if (ParseSearchText(query.text).words.empty()) return SearchPage{};
  return Run(TxKind::kRead, [&](Connection& c) {
    return c.dialect().SearchArticles(c, query, search_candidates_);
  });
}

}  // namespace khabar::sql
