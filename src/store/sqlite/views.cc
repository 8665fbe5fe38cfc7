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

Result<std::vector<Article>> SqliteStore::MostRead(Seconds since, Seconds now, int64_t limit) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // article_views_by_hour covers the sum; only the page's stories are read.
    auto st = c.Prepare("SELECT " + kListFields +
                        " FROM (SELECT article_id AS id, sum(views) AS views FROM article_views"
                        "  WHERE hour >= ?1 GROUP BY article_id) v"
                        " JOIN articles a ON a.id = v.id JOIN sections s ON s.id = a.section_id"
                        " WHERE a.status = ?2 AND a.published_at <= ?3"
                        " ORDER BY v.views DESC, a.published_at DESC, a.id DESC LIMIT ?4");
    if (!st) return Err(st.error());
    st->Bind(1, ToUnix(since))
        .Bind(2, ArticleStatusName(ArticleStatus::kPublished))
        .Bind(3, ToUnix(now))
        .Bind(4, limit);
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    if (Status s = AttachBylinesAndTags(c, *items); !s.ok()) return Err(s);
    if (Status s = AttachCommentCounts(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

}  // namespace khabar::sqlite_internal
