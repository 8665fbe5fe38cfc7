// SqlStore: full-text search, written once over the dialect's statements
// (Dialect's search part: FTS5 on SQLite, tsvector on PostgreSQL).
//
// Candidates. Ranking every match of a common word costs a score and a
// look-up per match, so only the newest `search_candidates_` matching
// stories (by id, which is creation order) are ranked; the older matches
// follow them, newest first. Given the recency factor in each database's
// score, an older story rarely deserves a place above them, and the order
// stays total, so pages never repeat or skip a story. `total` still counts
// every live match (up to the database's bound).
#include <algorithm>
#include <utility>

#include "store/search_text.h"
#include "store/sql/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

// SearchPool measures the candidates, the newest matches that are ranked:
// the oldest id among them, how many of them are live (the rest are
// published for later), and whether there are older matches (`full`).
struct SearchPool {
  bool full = false;
  int64_t oldest = 0;
  int64_t live = 0;
};

// MeasurePool measures the newest `candidates` matches (PoolSql).
Result<SearchPool> MeasurePool(Connection& c, const FullTextSearch& fts, const std::string& match,
                               const SearchQuery& query, int64_t candidates) {
  auto st = c.Prepare(fts.PoolSql(query.edition.has_value()));
  if (!st) return Err(st.error());
  st->Bind(1, match)
      .Bind(2, ToUnix(query.now))
      .Bind(3, ArticleStatusName(ArticleStatus::kPublished))
      .Bind(4, candidates);
  if (query.edition) st->Bind(5, *query.edition);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return SearchPool{};
  return SearchPool{.full = st->Int(1) == candidates, .oldest = st->Int(0), .live = st->Int(2)};
}

// ReadHits appends the stories of `span`, each with its snippet.
Status ReadHits(Connection& c, const FullTextSearch& fts, const std::string& match,
                const SearchQuery& query, const SearchSpan& span, SearchRows& rows) {
  auto st = c.Prepare(fts.HitsSql(span.tail, query.edition.has_value()));
  if (!st) return st.error();
  st->Bind(1, match)
      .Bind(2, ToUnix(query.now))
      .Bind(3, ArticleStatusName(ArticleStatus::kPublished))
      .Bind(4, span.count)
      .Bind(5, span.offset)
      .Bind(6, span.bound);
  fts.BindSnippet(*st);
  if (query.edition) st->Bind(10, *query.edition);
  return ForEachRow(*st, [&]() -> Status {
    auto a = ReadArticle(*st);
    if (!a) return a.error();
    rows.articles.push_back(std::move(*a));
    rows.snippets.push_back(fts.Snippet(*st, kArticleColumnCount));
    return Status();
  });
}

// Search answers one search inside the caller's read transaction.
// REQUIRES: words.words is not empty.
Result<SearchPage> Search(Connection& c, SearchWords words, const SearchQuery& query,
                          int64_t candidates) {
  const FullTextSearch& fts = c.dialect().Search();
  // The last word is completed as a prefix ("summ" finds "summit") only
  // when the words as typed match nothing: a prefix query reads the index
  // entries of every word it covers, which for a common start costs ten
  // times the exact query, and a finished word should not be widened.
  const bool may_complete = words.last_is_prefix;
  words.last_is_prefix = false;
  std::string match = fts.Match(words);
  if (match.empty()) return SearchPage{};

  SearchPage page;
  auto total = fts.CountLive(c, match, query.now, query.edition);
  if (!total) return Err(total.error());
  if (total->live == 0 && may_complete) {
    words.last_is_prefix = true;
    match = fts.Match(words);
    total = fts.CountLive(c, match, query.now, query.edition);
    if (!total) return Err(total.error());
  }
  page.total = total->live;
  page.more = total->more;
  if (query.limit == 0 || query.offset >= page.total) return page;

  SearchRows rows;
  const SearchSpan ranked{.offset = query.offset, .count = query.limit, .bound = candidates};
  if (Status s = ReadHits(c, fts, match, query, ranked, rows); !s.ok()) return Err(s);

  const auto got = static_cast<int64_t>(rows.articles.size());
  if (got < query.limit && query.offset + got < page.total) {
    // The page runs past the candidates: go on with the older matches.
    auto pool = MeasurePool(c, fts, match, query, candidates);
    if (!pool) return Err(pool.error());
    if (pool->full) {
      const SearchSpan tail{.tail = true,
                            .offset = std::max<int64_t>(0, query.offset - pool->live),
                            .count = query.limit - got,
                            .bound = pool->oldest};
      if (Status s = ReadHits(c, fts, match, query, tail, rows); !s.ok()) return Err(s);
    }
  }

  if (Status s = AttachDetails(c, rows.articles); !s.ok()) return Err(s);
  page.hits.reserve(rows.articles.size());
  for (size_t i = 0; i < rows.articles.size(); ++i) {
    page.hits.push_back(
        SearchHit{.article = std::move(rows.articles[i]), .snippet = std::move(rows.snippets[i])});
  }
  return page;
}

}  // namespace

Result<SearchPage> SqlStore::SearchArticles(const SearchQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // Text with no words finds nothing, without a transaction.
  SearchWords words = ParseSearchText(query.text);
  if (words.words.empty()) return SearchPage{};
  return Run(TxKind::kRead,
             [&](Connection& c) { return Search(c, words, query, search_candidates_); });
}

}  // namespace khabar::sql
