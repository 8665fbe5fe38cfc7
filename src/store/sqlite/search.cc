// SQLite: the statements of full-text search over live stories (FTS5),
// which sql/search.cc runs. How the index is kept and how words become a
// query: internal/search_index.h.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "store/search_text.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/values.h"
#include "store/sqlite/internal/search_index.h"

namespace khabar::sql::sqlite_internal {
namespace {

// Ranking. bm25() is negative, more negative for a better match; columns
// weigh headline 10, standfirst 4, body 1, tags 6. Recency divides it:
//
//   score = bm25 / (1 + age_days / 30)     (ORDER BY score ascending)
//
// so a story 30 days old keeps half its relevance and one a year old about
// a thirteenth, and between equal matches the newer is more negative and
// comes first. Equal scores go to the newer story, then the higher id.
//
// Candidates (sql/search.cc). Ranking every match of a common word would
// cost a bm25() and a look-up per match (100 ms and more for 80,000
// matches); the newest candidates are read straight off the FTS5 doclists.
//
// The page is chosen in `hits` (ids and scores only), and only then are
// snippets made and stories read, for that page alone: SQLite would
// otherwise compute every result column, snippet included, for every
// candidate before sorting. MATERIALIZED keeps each step a fixed set of
// rows. articles_by_id_liveness gives each candidate's status, time and
// edition without reading its wide row. The outer MATCH with rowid = h.id
// lets snippet() see the phrases; FTS5 answers it by seeking to that rowid.
//
// With an edition (?10), each statement keeps that edition's stories only:
// the candidates are then the newest matches of every edition, as the
// index is shared, and fewer of them are the edition's.
const std::string kEditionOnly = " AND l.edition = ?10";

std::string RankedSqlFor(bool edition) {
  return "WITH pool AS MATERIALIZED ("
         " SELECT rowid AS id, bm25(article_search, 10.0, 4.0, 1.0, 6.0) AS relevance"
         " FROM article_search WHERE article_search MATCH ?1 ORDER BY rowid DESC LIMIT ?6),"
         " hits AS MATERIALIZED ("
         " SELECT p.id, p.relevance / (1.0 + (?2 - l.published_at) / 2592000.0) AS score,"
         "  l.published_at AS at"
         " FROM pool p JOIN articles l INDEXED BY articles_by_id_liveness ON l.id = p.id"
         " WHERE l.status = ?3 AND l.published_at <= ?2" +
         std::string(edition ? kEditionOnly : "") +
         " ORDER BY score, at DESC, p.id DESC LIMIT ?4 OFFSET ?5)"
         " SELECT " +
         kListFields +
         ", snippet(article_search, 2, ?7, ?8, ?9, 24)"
         " FROM hits h JOIN article_search ON article_search.rowid = h.id"
         " JOIN articles a ON a.id = h.id JOIN sections s ON s.id = a.section_id"
         " WHERE article_search MATCH ?1"
         " ORDER BY h.score, h.at DESC, h.id DESC";
}

const std::string& RankedSql(bool edition) {
  static const std::string sqls[2] = {RankedSqlFor(false), RankedSqlFor(true)};
  return sqls[edition ? 1 : 0];
}

// kPoolSql measures the candidates (FullTextSearch::PoolSql).
const std::string kPoolSql =
    "WITH pool AS MATERIALIZED ("
    " SELECT rowid AS id FROM article_search WHERE article_search MATCH ?1"
    " ORDER BY rowid DESC LIMIT ?4)"
    " SELECT min(p.id), count(*), count(l.id)"
    " FROM pool p LEFT JOIN articles l INDEXED BY articles_by_id_liveness"
    " ON l.id = p.id AND l.status = ?3 AND l.published_at <= ?2";
const std::string kPoolEditionSql = kPoolSql + " AND l.edition = ?5";

// TailSql reads the matches older than the candidates, newest first, which
// FTS5 delivers in that order with no sort.
std::string TailSqlFor(bool edition) {
  return "SELECT " + kListFields +
         ", snippet(article_search, 2, ?7, ?8, ?9, 24)"
         " FROM article_search JOIN articles a ON a.id = article_search.rowid"
         " JOIN sections s ON s.id = a.section_id"
         " WHERE article_search MATCH ?1 AND article_search.rowid < ?6"
         " AND a.status = ?3 AND a.published_at <= ?2" +
         std::string(edition ? " AND a.edition = ?10" : "") +
         " ORDER BY article_search.rowid DESC LIMIT ?4 OFFSET ?5";
}

const std::string& TailSql(bool edition) {
  static const std::string sqls[2] = {TailSqlFor(false), TailSqlFor(true)};
  return sqls[edition ? 1 : 0];
}

// The index holds published stories only, so the live matches are all
// matches but those published for later, which are few: each is checked
// against the query by rowid.
// Counting stops at kMaxCounted matches: walking the whole doclist of a word
// most stories contain costs more than finding and ranking the page itself,
// and "more than 5,000" is all a reader needs (500 pages of results).
constexpr int64_t kMaxCounted = 5000;
const std::string kCountAllSql =
    "SELECT count(*) FROM (SELECT 1 FROM article_search WHERE article_search MATCH ?1 LIMIT ?4)";
const std::string kCountLaterSql =
    "SELECT count(*) FROM articles a WHERE a.status = ?3 AND a.published_at > ?2"
    " AND EXISTS (SELECT 1 FROM article_search"
    "  WHERE article_search MATCH ?1 AND article_search.rowid = a.id)";
// One edition's live matches are counted directly, each judged on
// articles_by_id_liveness.
const std::string kCountEditionSql =
    "SELECT count(*) FROM (SELECT 1 FROM article_search"
    " JOIN articles l INDEXED BY articles_by_id_liveness ON l.id = article_search.rowid"
    " WHERE article_search MATCH ?1 AND l.status = ?3 AND l.published_at <= ?2"
    " AND l.edition = ?11 LIMIT ?4)";

constexpr std::string_view kEllipsis = "…";

// Fts5 is SQLite's FullTextSearch.
class Fts5 final : public FullTextSearch {
 public:
  std::string Match(const SearchWords& words) const override { return Fts5Query(words); }

  // CountLive counts up to about kMaxCounted.
  Result<SearchCount> CountLive(Connection& c, const std::string& match, Seconds now,
                                const std::optional<std::string>& edition) const override {
    if (edition) {
      auto st = c.Prepare(kCountEditionSql);
      if (!st) return Err(st.error());
      st->Bind(1, match)
          .Bind(2, ToUnix(now))
          .Bind(3, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(4, kMaxCounted)
          .Bind(11, *edition);
      auto row = st->Step();
      if (!row) return Err(row.error());
      const int64_t live = *row ? st->Int(0) : 0;
      return SearchCount{.live = live, .more = live >= kMaxCounted};
    }
    int64_t counts[2] = {0, 0};
    const std::string* sqls[2] = {&kCountAllSql, &kCountLaterSql};
    for (int i = 0; i < 2; ++i) {
      auto st = c.Prepare(*sqls[i]);
      if (!st) return Err(st.error());
      st->Bind(1, match);
      if (i == 0) st->Bind(4, kMaxCounted);
      if (i == 1) st->Bind(2, ToUnix(now)).Bind(3, ArticleStatusName(ArticleStatus::kPublished));
      auto row = st->Step();
      if (!row) return Err(row.error());
      counts[i] = *row ? st->Int(0) : 0;
    }
    // Stories published for later are in the index but not yet live.
    return SearchCount{.live = std::max<int64_t>(0, counts[0] - counts[1]),
                       .more = counts[0] >= kMaxCounted};
  }

  const std::string& PoolSql(bool with_edition) const override {
    return with_edition ? kPoolEditionSql : kPoolSql;
  }

  const std::string& HitsSql(bool tail, bool with_edition) const override {
    return tail ? TailSql(with_edition) : RankedSql(with_edition);
  }
  // The marks, and the ellipsis where words were cut.
  void BindSnippet(Statement& st) const override {
    st.Bind(7, kSnippetOpen).Bind(8, kSnippetClose).Bind(9, kEllipsis);
  }
  std::string Snippet(const Statement& st, int column) const override { return st.Text(column); }
};

}  // namespace

const FullTextSearch& SqliteSearch() {
  static const Fts5 search;
  return search;
}

}  // namespace khabar::sql::sqlite_internal
