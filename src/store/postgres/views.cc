// PostgresStore: page views counted per story per hour, and "most read".
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/internal/article_rows.h"
#include "store/postgres/internal/postgres_store_impl.h"
#include "store/postgres/internal/sql_values.h"

namespace khabar::postgres_internal {

// Views are added to the hour that contains `hour` (rounded down to a whole
// hour), so callers that pass a time within the hour share its row. A story
// that no longer exists is skipped rather than failing the whole batch: the
// counts were taken before it went.
//
// The batch is one statement, not one per story as on SQLite: the write
// lock is held across every node for its duration, and each statement is a
// round trip. Repeats of a story are summed first (an upsert may touch a
// row once per statement), which adds up to what one statement per pair
// would.
Status PostgresStore::AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views,
                                   Seconds hour) {
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
    auto st = c.Prepare(
        "INSERT INTO article_views (article_id, hour, views)"
        " SELECT v.id, $2::bigint, sum(v.views)"
        " FROM unnest($1::bigint[], $3::bigint[]) AS v (id, views)"
        " WHERE v.views > 0 AND EXISTS (SELECT 1 FROM articles a WHERE a.id = v.id)"
        " GROUP BY v.id ON CONFLICT (article_id, hour)"
        " DO UPDATE SET views = article_views.views + excluded.views");
    if (!st) return st.error();
    // IdsArray writes any list of integers as an array literal.
    st->Bind(1, IdsArray(ids)).Bind(2, start).Bind(3, IdsArray(counts));
    return st->Run();
  });
}

Result<std::vector<Article>> PostgresStore::MostRead(Seconds since, Seconds now, int64_t limit,
                                                     std::optional<std::string> edition) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // The winners are chosen on article_views_by_hour and each viewed
    // story's liveness (articles_by_id_liveness); only the `limit` winners'
    // rows are then read whole.
    auto st = c.Prepare(
        "WITH viewed AS (SELECT article_id AS id, sum(views) AS views FROM article_views"
        "  WHERE hour >= $1 GROUP BY article_id),"
        " ranked AS MATERIALIZED (SELECT v.id, v.views, l.published_at FROM viewed v"
        "  JOIN articles l ON l.id = v.id"
        "  WHERE l.status = $2 AND l.published_at <= $3" +
        std::string(edition ? " AND l.edition = $5::text" : "") +
        "  ORDER BY v.views DESC, l.published_at DESC, l.id DESC LIMIT $4)"
        " SELECT " +
        kListFields +
        " FROM ranked r JOIN articles a ON a.id = r.id JOIN sections s ON s.id = a.section_id"
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

}  // namespace khabar::postgres_internal
