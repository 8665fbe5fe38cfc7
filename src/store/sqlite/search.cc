// SQLite: full-text search over live stories (FTS5). How the index is
// kept and how words become a query: internal/search_index.h.
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
// Candidates. Ranking every match of a common word costs a bm25() and a
// look-up per match (100 ms and more for 80,000 matches), so only the
// newest `candidates` matching stories (by id, which is creation order,
// read straight off the FTS5 doclists) are ranked; the older matches follow
// them, newest first. Given the recency factor, an older story rarely
// deserves a place above them, and the order stays total, so pages never
// repeat or skip a story. `total` still counts every live match.
//
// The page is chosen in `hits` (ids and scores only), and only then are
// snippets made and stories read, for that page alone: SQLite would
// otherwise compute every result column, snippet included, for every
// candidate before sorting. MATERIALIZED keeps each step a fixed set of
// rows. articles_by_id_liveness gives each candidate's status, time and
// edition without reading its wide row. The outer MATCH with rowid = h.id
// lets snippet() see the phrases; FTS5 answers it by seeking to that rowid.
//
// With an edition (?11), each statement keeps that edition's stories only:
// the candidates are then the newest matches of every edition, as the
// index is shared, and fewer of them are the edition's.
const std::string kEditionOnly = " AND l.edition = ?11";

std::string RankedSqlFor(bool edition) {
  return "WITH pool AS MATERIALIZED ("
         " SELECT rowid AS id, bm25(article_search, 10.0, 4.0, 1.0, 6.0) AS relevance"
         " FROM article_search WHERE article_search MATCH ?1 ORDER BY rowid DESC LIMIT ?9),"
         " hits AS MATERIALIZED ("
         " SELECT p.id, p.relevance / (1.0 + (?2 - l.published_at) / 2592000.0) AS score,"
         "  l.published_at AS at"
         " FROM pool p JOIN articles l INDEXED BY articles_by_id_liveness ON l.id = p.id"
         " WHERE l.status = ?3 AND l.published_at <= ?2" +
         std::string(edition ? kEditionOnly : "") +
         " ORDER BY score, at DESC, p.id DESC LIMIT ?4 OFFSET ?5)"
         " SELECT " +
         kListFields +
         ", snippet(article_search, 2, ?6, ?7, ?8, 24)"
         " FROM hits h JOIN article_search ON article_search.rowid = h.id"
         " JOIN articles a ON a.id = h.id JOIN sections s ON s.id = a.section_id"
         " WHERE article_search MATCH ?1"
         " ORDER BY h.score, h.at DESC, h.id DESC";
}

const std::string& RankedSql(bool edition) {
  static const std::string sqls[2] = {RankedSqlFor(false), RankedSqlFor(true)};
  return sqls[edition ? 1 : 0];
}

// PoolSql measures the candidates: the oldest id among them, how many there
// are and how many are live (the rest are published for later).
const std::string kPoolSql =
    "WITH pool AS MATERIALIZED ("
    " SELECT rowid AS id FROM article_search WHERE article_search MATCH ?1"
    " ORDER BY rowid DESC LIMIT ?9)"
    " SELECT min(p.id), count(*), count(l.id)"
    " FROM pool p LEFT JOIN articles l INDEXED BY articles_by_id_liveness"
    " ON l.id = p.id AND l.status = ?3 AND l.published_at <= ?2";
const std::string kPoolEditionSql = kPoolSql + kEditionOnly;

// TailSql reads the matches older than the candidates, newest first, which
// FTS5 delivers in that order with no sort.
std::string TailSqlFor(bool edition) {
  return "SELECT " + kListFields +
         ", snippet(article_search, 2, ?6, ?7, ?8, 24)"
         " FROM article_search JOIN articles a ON a.id = article_search.rowid"
         " JOIN sections s ON s.id = a.section_id"
         " WHERE article_search MATCH ?1 AND article_search.rowid < ?10"
         " AND a.status = ?3 AND a.published_at <= ?2" +
         std::string(edition ? " AND a.edition = ?11" : "") +
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

// kSnippetColumn follows ReadArticle's 28 columns.
constexpr int kSnippetColumn = 28;
constexpr std::string_view kEllipsis = "…";

// Count is how many live stories match; when `more`, at least that many.
struct Count {
  int64_t live = 0;
  bool more = false;
};

// CountLive counts the live stories (of `edition`, if given) matching
// `match` at `now`, up to about kMaxCounted.
Result<Count> CountLive(Connection& c, const std::string& match, Seconds now,
                        const std::optional<std::string>& edition) {
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
    return Count{.live = live, .more = live >= kMaxCounted};
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
  return Count{.live = std::max<int64_t>(0, counts[0] - counts[1]),
               .more = counts[0] >= kMaxCounted};
}

// Pool is what PoolSql measures.
struct Pool {
  bool full = false;  // there are older matches than the candidates
  int64_t oldest = 0;
  int64_t live = 0;
};

}  // namespace

Result<SearchPage> SearchArticles(Connection& c, const SearchQuery& query, int64_t candidates) {
  // The last word is completed as a prefix ("summ" finds "summit") only
  // when the words as typed match nothing: a prefix query merges the
  // doclists of every word it covers, which for a common word ("the"*) costs
  // ten times the exact query, and a finished word should not be widened.
  SearchWords words = ParseSearchText(query.text);
  const bool may_complete = words.last_is_prefix;
  words.last_is_prefix = false;
  std::string match = Fts5Query(words);
  if (match.empty()) return SearchPage{};

  {
    SearchPage page;
    auto total = CountLive(c, match, query.now, query.edition);
    if (!total) return Err(total.error());
    if (total->live == 0 && may_complete) {
      words.last_is_prefix = true;
      match = Fts5Query(words);
      total = CountLive(c, match, query.now, query.edition);
      if (!total) return Err(total.error());
    }
    page.total = total->live;
    page.more = total->more;
    if (query.limit == 0 || query.offset >= page.total) return page;

    std::vector<Article> articles;
    std::vector<std::string> snippets;
    // Read runs the ranked or the tail statement for `count` stories from
    // position `offset` of its order.
    auto read = [&](const std::string& sql, int64_t offset, int64_t count,
                    int64_t older_than) -> Status {
      auto st = c.Prepare(sql);
      if (!st) return st.error();
      st->Bind(1, match)
          .Bind(2, ToUnix(query.now))
          .Bind(3, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(4, count)
          .Bind(5, offset)
          .Bind(6, kSnippetOpen)
          .Bind(7, kSnippetClose)
          .Bind(8, kEllipsis);
      if (query.edition) st->Bind(11, *query.edition);
      if (older_than > 0) {
        st->Bind(10, older_than);
      } else {
        st->Bind(9, candidates);
      }
      return ForEachRow(*st, [&]() -> Status {
        auto a = ReadArticle(*st);
        if (!a) return a.error();
        articles.push_back(std::move(*a));
        snippets.push_back(st->Text(kSnippetColumn));
        return Status();
      });
    };
    if (Status s = read(RankedSql(query.edition.has_value()), query.offset, query.limit, 0);
        !s.ok())
      return Err(s);

    const auto got = static_cast<int64_t>(articles.size());
    if (got < query.limit && query.offset + got < page.total) {
      // The page runs past the candidates: go on with the older matches.
      Pool pool;
      {
        auto st = c.Prepare(query.edition ? kPoolEditionSql : kPoolSql);
        if (!st) return Err(st.error());
        if (query.edition) st->Bind(11, *query.edition);
        st->Bind(1, match)
            .Bind(2, ToUnix(query.now))
            .Bind(3, ArticleStatusName(ArticleStatus::kPublished))
            .Bind(9, candidates);
        auto row = st->Step();
        if (!row) return Err(row.error());
        if (*row) {
          pool = Pool{.full = st->Int(1) == candidates, .oldest = st->Int(0), .live = st->Int(2)};
        }
      }
      if (pool.full) {
        const int64_t tail_offset = std::max<int64_t>(0, query.offset - pool.live);
        if (Status s = read(TailSql(query.edition.has_value()), tail_offset, query.limit - got,
                            pool.oldest);
            !s.ok()) {
          return Err(s);
        }
      }
    }

    if (Status s = AttachDetails(c, articles); !s.ok()) return Err(s);
    page.hits.reserve(articles.size());
    for (size_t i = 0; i < articles.size(); ++i) {
      page.hits.push_back(
          SearchHit{.article = std::move(articles[i]), .snippet = std::move(snippets[i])});
    }
    return page;
  }
}

}  // namespace khabar::sql::sqlite_internal
