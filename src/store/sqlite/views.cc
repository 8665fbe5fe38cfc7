// SqliteStore: page views counted per story per hour, and "most read".
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/internal/article_rows.h"
#include "store/sqlite/internal/sql_values.h"
#include "store/sqlite/internal/sqlite_store_impl.h"

namespace khabar::sqlite_internal {

// Views are added to the hour that contains `hour` (rounded down to a whole
// hour), so callers that pass a time within the hour share its row. A story
// that no longer exists is skipped rather than failing the whole batch: the
// counts were taken before it went.
Status SqliteStore::AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views,
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
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    for (const auto& [id, count] : views) {
      if (count == 0) continue;
      // The WHERE also keeps SQLite from reading ON CONFLICT as a join's ON.
      auto st = c.Prepare(
          "INSERT INTO article_views (article_id, hour, views)"
          " SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM articles WHERE id = ?1)"
          " ON CONFLICT (article_id, hour) DO UPDATE SET views = views + excluded.views");
      if (!st) return st.error();
      st->Bind(1, id).Bind(2, start).Bind(3, count);
      if (Status s = st->Run(); !s.ok()) return s;
    }
    return Status();
  });
}

Result<std::vector<Article>> SqliteStore::MostRead(Seconds since, Seconds now, int64_t limit,
                                                   std::optional<std::string> edition) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // article_views_by_hour covers the sum, articles_by_id_liveness each
    // viewed story's liveness, so only the `limit` winners' wide rows are
    // read (article_rows.h). CROSS JOIN keeps that order: left to itself,
    // SQLite walks every live story and looks each up in the sums.
    auto st = c.Prepare(
        "WITH viewed AS (SELECT article_id AS id, sum(views) AS views FROM article_views"
        "  WHERE hour >= ?1 GROUP BY article_id),"
        " ranked AS (SELECT v.id, v.views, l.published_at FROM viewed v"
        "  CROSS JOIN articles l INDEXED BY articles_by_id_liveness ON l.id = v.id"
        "  WHERE l.status = ?2 AND l.published_at <= ?3" +
        std::string(edition ? " AND l.edition = ?5" : "") +
        "  ORDER BY v.views DESC, l.published_at DESC, l.id DESC LIMIT ?4)"
        " SELECT " +
        kListFields +
        " FROM ranked r CROSS JOIN articles a ON a.id = r.id JOIN sections s ON s.id = a.section_id"
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

}  // namespace khabar::sqlite_internal
