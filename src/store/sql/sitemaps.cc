// SqlStore: the live stories the sitemaps list.
#include <string>
#include <unordered_map>
#include <vector>

#include "store/sql/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {

Result<std::vector<SitemapEntry>> SqlStore::ListSitemapEntries(Seconds now, int64_t offset,
                                                               int64_t limit,
                                                               std::optional<std::string> edition) {
  if (offset < 0) return InvalidArgument("offset must not be negative");
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<SitemapEntry>> {
    std::vector<SitemapEntry> entries;
    {
      // articles_by_status (articles_by_edition for one edition) gives the
      // page in order with no sort.
      auto st = c.Prepare(
          std::string("SELECT id, slug, headline, published_at, updated_at, edition FROM articles"
                      " WHERE status = ?1 AND published_at <= ?2") +
          (edition ? " AND edition = ?5" : "") +
          " ORDER BY published_at DESC, id DESC LIMIT ?3 OFFSET ?4");
      if (!st) return Err(st.error());
      st->Bind(1, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(2, ToUnix(now))
          .Bind(3, limit)
          .Bind(4, offset);
      if (edition) st->Bind(5, *edition);
      Status s = ForEachRow(*st, [&] {
        entries.push_back(SitemapEntry{.id = st->Int(0),
                                       .slug = st->Text(1),
                                       .headline = st->Text(2),
                                       .published_at = FromUnix(st->Int(3)),
                                       .updated_at = FromUnix(st->Int(4)),
                                       .tag_names = {},
                                       .edition = st->Text(5)});
      });
      if (!s.ok()) return Err(s);
    }
    if (entries.empty()) return entries;
    // The page's tags in one query, not one per story.
    std::unordered_map<int64_t, SitemapEntry*> by_id;
    std::vector<int64_t> ids;
    for (SitemapEntry& e : entries) {
      by_id[e.id] = &e;
      ids.push_back(e.id);
    }
    const Dialect& d = c.dialect();
    auto st = c.Prepare(
        "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id"
        " WHERE at.article_id IN (SELECT value FROM " +
        d.IdTable("?1", "j") + ") ORDER BY at.article_id, at.position");
    if (!st) return Err(st.error());
    st->Bind(1, d.EncodeIds(ids));
    Status s = ForEachRow(*st, [&] { by_id.at(st->Int(0))->tag_names.push_back(st->Text(1)); });
    if (!s.ok()) return Err(s);
    return entries;
  });
}

Result<int64_t> SqlStore::CountLiveArticles(Seconds now, std::optional<std::string> edition) {
  return RunOneRead([&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare(
        std::string("SELECT count(*) FROM articles WHERE status = ?1 AND published_at <= ?2") +
        (edition ? " AND edition = ?3" : ""));
    if (!st) return Err(st.error());
    st->Bind(1, ArticleStatusName(ArticleStatus::kPublished)).Bind(2, ToUnix(now));
    if (edition) st->Bind(3, *edition);
    auto row = st->Step();
    if (!row) return Err(row.error());
    return *row ? st->Int(0) : 0;
  });
}

}  // namespace khabar::sql
