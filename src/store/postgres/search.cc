// PostgreSQL: the statements of full-text search over live stories
// (PostgreSQL text search), which sql/search.cc runs. How the index is kept and how words become a
// query: internal/search_index.h.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/internal/search_index.h"
#include "store/search_text.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/values.h"

namespace khabar::sql::postgres_internal {
namespace {

// Every statement takes the query as $1, to_tsquery() input (TsQuery), and
// spells it out wherever it is used, so each @@ is a plain indexable
// condition on article_search_document.
//
// Ranking. ts_rank weighs the document's parts {D body 0.1, C standfirst
// 0.4, B tags 0.6, A headline 1.0}, SQLite's bm25 column weights 1, 4, 6
// and 10 scaled to ts_rank's range; normalization 1 divides by 1 + the log
// of the document's length, as bm25 favours the shorter of two matches.
// ts_rank is positive, higher for a better match. Recency divides it:
//
//   score = rank / (1 + age_days / 30)     (ORDER BY score descending)
//
// so a story 30 days old keeps half its relevance and one a year old about
// a thirteenth, and between equal matches the newer comes first. Equal
// scores go to the newer story, then the higher id.
//
// Candidates (sql/search.cc): only the newest `candidates` matching
// stories are ranked, then the older matches follow, newest first.
//
// The page is chosen first (`page`: ids and scores only, MATERIALIZED so it
// is a fixed set of rows), and only then are snippets made (ts_headline
// re-parses the body) and stories read, for that page alone.
const std::string kRank =
    "ts_rank('{0.1, 0.4, 0.6, 1.0}', p.document, to_tsquery('khabar_english', $1), 1)";

// With an edition, every statement keeps that edition's stories only (the
// candidates are still the newest matches of every edition, as the index is
// shared): `edition` adds the condition on $10 (the pool's and the count's
// $5).
std::string EditionOnly(bool edition, const std::string& param) {
  return edition ? " AND l.edition = " + param + "::text" : "";
}

// RankedPageSql: $1 query, $2 now, $3 status, $4 limit, $5 offset, $6
// candidates.
std::string RankedPageSql(bool edition) {
  return
      // The pool keeps each candidate's document, read anyway to match it, so
      // ranking needs no second look-up.
      "WITH pool AS MATERIALIZED ("
      " SELECT article_id AS id, document FROM article_search"
      " WHERE document @@ to_tsquery('khabar_english', $1) ORDER BY article_id DESC LIMIT $6),"
      " page AS MATERIALIZED ("
      " SELECT p.id, " +
      kRank +
      " / (1 + ($2::bigint - l.published_at) / 2592000.0::float8) AS score,"
      "  l.published_at AS at"
      " FROM pool p"
      // One index look-up per candidate (OFFSET 0 keeps the planner from
      // turning it into a scan of every story, hashed, which it prefers at
      // 10,000 stories and which grows with the archive).
      " CROSS JOIN LATERAL (SELECT status, published_at, edition FROM articles"
      "  WHERE id = p.id OFFSET 0) l"
      " WHERE l.status = $3 AND l.published_at <= $2::bigint" +
      EditionOnly(edition, "$10") + " ORDER BY score DESC, at DESC, p.id DESC LIMIT $4 OFFSET $5)";
}
const std::string kRankedOrder = "h.score DESC, h.at DESC, h.id DESC";

// TailPageSql reads the matches older than the candidates (ids below $6),
// newest first: $1 query, $2 now, $3 status, $4 limit, $5 offset, $6 the
// oldest candidate.
std::string TailPageSql(bool edition) {
  return "WITH page AS MATERIALIZED ("
         " SELECT x.article_id AS id FROM article_search x JOIN articles l ON l.id = x.article_id"
         " WHERE x.document @@ to_tsquery('khabar_english', $1) AND x.article_id < $6"
         " AND l.status = $3 AND l.published_at <= $2::bigint" +
         EditionOnly(edition, "$10") + " ORDER BY x.article_id DESC LIMIT $4 OFFSET $5)";
}
const std::string kTailOrder = "h.id DESC";

// HitsSql reads the stories of `page_sql`'s page in `order`, each with its
// snippet: $7 ts_headline's options (HeadlineOptions), $8 and $9 the marks.
// The marked text is a verbatim stretch of the body, marks aside, found
// again with strpos (when it cannot be, nothing is added to it). What
// precedes and follows it in the body come back too when they hold no
// words (the 'simple' configuration finds words as ts_headline does):
// ts_headline leaves out punctuation at either end ("“", "."), which
// SQLite's snippet() keeps. NULL means words were cut there.
std::string HitsSql(const std::string& page_sql, const std::string& order) {
  return page_sql + " SELECT " + kListFields +
         ", hl.marked,"
         " CASE WHEN length(to_tsvector('simple', r.before)) = 0 THEN r.before END,"
         " CASE WHEN length(to_tsvector('simple', r.after)) = 0 THEN r.after END"
         " FROM page h JOIN article_search x ON x.article_id = h.id"
         " JOIN articles a ON a.id = h.id JOIN sections s ON s.id = a.section_id"
         " CROSS JOIN LATERAL (SELECT ts_headline('khabar_english', x.body_text,"
         "  to_tsquery('khabar_english', $1), $7) AS marked) hl"
         " CROSS JOIN LATERAL (SELECT replace(replace(hl.marked, $8, ''), $9, '') AS plain) p"
         " CROSS JOIN LATERAL (SELECT strpos(x.body_text, p.plain) AS at) f"
         " CROSS JOIN LATERAL (SELECT"
         "  CASE WHEN f.at = 0 THEN '' ELSE left(x.body_text, f.at - 1) END AS before,"
         "  CASE WHEN f.at = 0 THEN ''"
         "   ELSE substr(x.body_text, f.at + length(p.plain)) END AS after"
         " ) r"
         " ORDER BY " +
         order;
}

const std::string& RankedSql(bool edition) {
  static const std::string sqls[2] = {HitsSql(RankedPageSql(false), kRankedOrder),
                                      HitsSql(RankedPageSql(true), kRankedOrder)};
  return sqls[edition ? 1 : 0];
}

const std::string& TailSql(bool edition) {
  static const std::string sqls[2] = {HitsSql(TailPageSql(false), kTailOrder),
                                      HitsSql(TailPageSql(true), kTailOrder)};
  return sqls[edition ? 1 : 0];
}

// HeadlineOptions: about SQLite's snippet() of 24 tokens. MaxFragments=1
// picks the stretch with the most matches and centres it on them (the
// default would start at the first match); with no match in the body
// (a headline or tag match) the snippet is the body's first MinWords words.
// ShortWord=0 keeps short words ("The") at its ends, as SQLite does.
const std::string& HeadlineOptions() {
  static const std::string options = "StartSel=" + std::string(kSnippetOpen) +
                                     ", StopSel=" + std::string(kSnippetClose) +
                                     ", MaxWords=24, MinWords=20, ShortWord=0, MaxFragments=1";
  return options;
}

// kPoolSql measures the candidates (FullTextSearch::PoolSql).
const std::string kPoolSql =
    "WITH pool AS MATERIALIZED ("
    " SELECT article_id AS id FROM article_search"
    " WHERE document @@ to_tsquery('khabar_english', $1) ORDER BY article_id DESC LIMIT $4)"
    " SELECT min(p.id), count(*), count(l.id)"
    " FROM pool p LEFT JOIN articles l"
    " ON l.id = p.id AND l.status = $3 AND l.published_at <= $2::bigint";
const std::string kPoolEditionSql = kPoolSql + EditionOnly(true, "$5");

// The index holds published stories only, so the live matches are all
// matches but those published for later, which are few: each is checked
// against the query. Counting stops at kMaxCounted matches: counting every
// match of a word most stories contain costs more than finding and ranking
// the page itself, and "more than 1,000" is all a reader needs (100 pages
// of results). PostgreSQL counts through a bitmap of the matching rows,
// about 4 µs a match: 1,000 keeps a search of a word most stories contain
// near 4 ms where 5,000 (SQLite's bound, cheap on FTS5's doclists) cost
// 20 ms. $1 query, $2 kMaxCounted, $3 status, $4 now.
constexpr int64_t kMaxCounted = 1000;
const std::string kCountSql =
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM article_search"
    "  WHERE document @@ to_tsquery('khabar_english', $1) LIMIT $2) m),"
    " (SELECT count(*) FROM articles a JOIN article_search x ON x.article_id = a.id"
    "  WHERE a.status = $3 AND a.published_at > $4::bigint"
    "  AND x.document @@ to_tsquery('khabar_english', $1))";
// One edition's live matches are counted directly ($5 the edition); the
// second column is there for the same reading as kCountSql's.
const std::string kCountEditionSql =
    "SELECT (SELECT count(*) FROM (SELECT 1 FROM article_search x"
    "  JOIN articles l ON l.id = x.article_id"
    "  WHERE x.document @@ to_tsquery('khabar_english', $1)"
    "  AND l.status = $3 AND l.published_at <= $4::bigint" +
    EditionOnly(true, "$5") + " LIMIT $2) m), 0";

// TsVector is PostgreSQL's FullTextSearch.
class TsVector final : public FullTextSearch {
 public:
  // CountLive counts up to about kMaxCounted.
  Result<SearchCount> CountLive(Connection& c, const std::string& match, Seconds now,
                                const std::optional<std::string>& edition) const override {
    auto st = c.Prepare(edition ? kCountEditionSql : kCountSql);
    if (!st) return Err(st.error());
    st->Bind(1, match)
        .Bind(2, kMaxCounted)
        .Bind(3, ArticleStatusName(ArticleStatus::kPublished))
        .Bind(4, ToUnix(now));
    if (edition) st->Bind(5, *edition);
    auto row = st->Step();
    if (!row) return Err(row.error());
    const int64_t all = *row ? st->Int(0) : 0;
    const int64_t later = *row ? st->Int(1) : 0;
    // Stories published for later are in the index but not yet live.
    return SearchCount{.live = std::max<int64_t>(0, all - later), .more = all >= kMaxCounted};
  }

  std::string Match(const SearchWords& words) const override { return TsQuery(words); }

  const std::string& PoolSql(bool with_edition) const override {
    return with_edition ? kPoolEditionSql : kPoolSql;
  }

  const std::string& HitsSql(bool tail, bool with_edition) const override {
    return tail ? TailSql(with_edition) : RankedSql(with_edition);
  }
  void BindSnippet(Statement& st) const override {
    st.Bind(7, HeadlineOptions()).Bind(8, kSnippetOpen).Bind(9, kSnippetClose);
  }
  // The marked text, and what precedes and follows it (or, where words
  // were cut, an ellipsis: SQLite's snippet() marks a cut so; ts_headline
  // does not).
  std::string Snippet(const Statement& st, int column) const override {
    constexpr std::string_view kEllipsis = "…";
    auto end = [&](int col) { return st.IsNull(col) ? std::string(kEllipsis) : st.Text(col); };
    std::string snippet = end(column + 1);
    snippet += st.Text(column);
    snippet += end(column + 2);
    return snippet;
  }
};

}  // namespace

const FullTextSearch& PostgresSearch() {
  static const TsVector search;
  return search;
}

}  // namespace khabar::sql::postgres_internal
