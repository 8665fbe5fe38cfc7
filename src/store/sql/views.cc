// SqlStore: page views counted per story per hour, and "most read".
#include <string>
#include <utility>
#include <vector>

#include "store/sql/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {

// Views are added to the hour that contains `hour` (rounded down to a whole
// hour), so callers that pass a time within the hour share its row. A story
// that no longer exists is skipped rather than failing the whole batch: the
// counts were taken before it went.
//
// The batch is one statement, not one per story: the write lock is held
// (across every node, on PostgreSQL) for its duration, and each statement
// may be a round trip. Repeats of a story are summed first (an upsert may
// touch a row once per statement), which adds up to what one statement per
// pair would.
Status SqlStore::AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views, Seconds hour) {
  for (const auto& [id, count] : views) {
    if (count < 0) {
      return Status(Code::kInvalidArgument,
                    "views of story " + std::to_string(id) + " must not be negative");
    }
  }
  if (views.empty()) return Status();
  int64_t start = ToUnix(hour);
  start -= ((start % 3600) + 3600) % 3600;
  std::vector<int64_t> ids;
  std::vector<int64_t> counts;
  ids.reserve(views.size());
  counts.reserve(views.size());
  for (const auto& [id, count] : views) {
    ids.push_back(id);
    counts.push_back(count);
  }
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    const Dialect& d = c.dialect();
    auto st = c.Prepare(
        "INSERT INTO article_views (article_id, hour, views)"
        " SELECT v.a, CAST(?2 AS BIGINT), sum(v.b) FROM " +
        d.PairTable("?1", "?3", "v") +
        " WHERE v.b > 0 AND EXISTS (SELECT 1 FROM articles a WHERE a.id = v.a)"
        " GROUP BY v.a ON CONFLICT (article_id, hour)"
        " DO UPDATE SET views = article_views.views + excluded.views");
    if (!st) return st.error();
    st->Bind(1, d.EncodeIds(ids)).Bind(2, start).Bind(3, d.EncodeIds(counts));
    return st->Run();
  });
}

Result<std::vector<Article>> SqlStore::MostRead(Seconds since, Seconds now, int64_t limit,
                                                std::optional<std::string> edition) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // The winners are chosen on article_views_by_hour (which covers the sum)
    // and each viewed story's liveness (articles_by_id_liveness); only the
    // `limit` winners' wide rows are then read (article_rows.h). On SQLite
    // the driving joins keep that order: left to itself, it walks every
    // live story and looks each up in the sums.
    const Dialect& d = c.dialect();
    const std::string join(d.DrivingJoin());
    auto st = c.Prepare(
        "WITH viewed AS (SELECT article_id AS id, sum(views) AS views FROM article_views"
        "  WHERE hour >= ?1 GROUP BY article_id),"
        " ranked AS " +
        std::string(d.Materialized()) + "(SELECT v.id, v.views, l.published_at FROM viewed v " +
        join + " articles l" + d.IndexedBy("articles_by_id_liveness") +
        " ON l.id = v.id WHERE l.status = ?2 AND l.published_at <= ?3" +
        std::string(edition ? " AND l.edition = ?5" : "") +
        "  ORDER BY v.views DESC, l.published_at DESC, l.id DESC LIMIT ?4)"
        " SELECT " +
        kListFields + " FROM ranked r " + join +
        " articles a ON a.id = r.id JOIN sections s ON s.id = a.section_id"
        " ORDER BY r.views DESC, r.published_at DESC, r.id DESC");
    if (!st) return Err(st.error());
    st->Bind(1, ToUnix(since))
        .Bind(2, ArticleStatusName(ArticleStatus::kPublished))
        .Bind(3, ToUnix(now))
        .Bind(4, limit);
    if (edition) st->Bind(5, *edition);
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

}  // namespace khabar::sql
