// PostgresStore: the listings of stories (live listings, related stories, the
// newsroom's lines), still this backend's own: their queries are shaped
// for its planner. The rest of the stories' code is SqlStore's
// (store/sql/articles.cc).
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/internal/postgres_store_impl.h"
#include "store/postgres/internal/sql_values.h"
#include "store/sql/internal/article_rows.h"

namespace khabar::sql::postgres_internal {

namespace {

// ContainsAnyCase returns a condition that `column` contains `text` literally,
// folding ASCII case as SQLite's LIKE does: `text`'s own %, _ and \ are
// escaped (\ is PostgreSQL's default LIKE escape), and the pattern is bound
// through `params`.
std::string ContainsAnyCase(const std::string& column, const std::string& text, SqlParams& params) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  pattern += '%';
  return AsciiLower(column) + " LIKE " + AsciiLower(params.Text(pattern));
}

}  // namespace

Result<ArticlePage> PostgresStore::ListLiveArticles(const ArticleQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // The SQL is assembled from fixed fragments only; the slugs are bound. An
  // unknown slug makes its subquery NULL, which matches nothing. Unlike
  // SQLite's, PostgreSQL's planner weighs a tag's or author's links against
  // a walk of the live stories (articles_by_status) by itself, so one form
  // of the query serves every listing.
  SqlParams params;
  std::string where =
      " WHERE a.status = " + params.Text(ArticleStatusName(ArticleStatus::kPublished)) +
      " AND a.published_at <= " + params.Int(ToUnix(query.now));
  if (query.section_slug) {
    where += " AND a.section_id = (SELECT id FROM sections WHERE slug = " +
             params.Text(*query.section_slug) + ")";
  }
  if (query.tag_slug) {
    where +=
        " AND EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = a.id"
        " AND x.tag_id = (SELECT id FROM tags WHERE slug = " +
        params.Text(*query.tag_slug) + "))";
  }
  if (query.author_slug) {
    where +=
        " AND EXISTS (SELECT 1 FROM article_authors y WHERE y.article_id = a.id"
        " AND y.author_id = (SELECT id FROM authors WHERE slug = " +
        params.Text(*query.author_slug) + "))";
  }
  if (query.published_after) {
    where += " AND a.published_at > " + params.Int(ToUnix(*query.published_after));
  }
  if (query.published_before) {
    where += " AND a.published_at < " + params.Int(ToUnix(*query.published_before));
  }
  if (query.edition) where += " AND a.edition = " + params.Text(*query.edition);
  // The page's bounds come last, so the count binds the same parameters
  // but these two.
  SqlParams page_params = params;
  const std::string page_sql =
      "SELECT " + (query.with_body ? kArticleFields : kListFields) + kArticleFrom + where +
      " ORDER BY a.published_at DESC, a.id DESC LIMIT " + page_params.Int(query.limit) +
      " OFFSET " + page_params.Int(query.offset);

  return Run(TxKind::kRead, [&](Connection& c) -> Result<ArticlePage> {
    ArticlePage page;
    {
      auto st = c.Prepare("SELECT count(*) FROM articles a" + where);
      if (!st) return Err(st.error());
      params.Bind(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      page.total = *row ? st->Int(0) : 0;
    }
    if (query.limit == 0 || query.offset >= page.total) return page;
    auto st = c.Prepare(page_sql);
    if (!st) return Err(st.error());
    page_params.Bind(*st);
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    page.items = std::move(*items);
    if (Status s = AttachDetails(c, page.items); !s.ok()) return Err(s);
    return page;
  });
}

Result<std::vector<Article>> PostgresStore::RelatedArticles(int64_t id, Seconds now,
                                                            int64_t limit) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  if (limit == 0) return std::vector<Article>{};
  constexpr int64_t kMaxTags = 10;  // a story's first tags say what it is about
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // The candidates are the newest kRelatedPerTag stories of each of the
    // story's first tags (article_tags_by_tag, read backwards), kept if
    // live; then most shared tags first, then newest, then the highest id.
    std::vector<int64_t> ids;
    {
      auto st = c.Prepare(
          "WITH mine AS (SELECT tag_id FROM article_tags WHERE article_id = $1::bigint"
          "  ORDER BY position, tag_id LIMIT $2::bigint),"
          " cand AS (SELECT x.article_id FROM mine CROSS JOIN LATERAL ("
          "  SELECT article_id FROM article_tags"
          "  WHERE tag_id = mine.tag_id AND article_id <> $1::bigint"
          "  ORDER BY article_id DESC LIMIT $3::bigint) x)"
          " SELECT l.id FROM cand JOIN articles l ON l.id = cand.article_id"
          " WHERE l.status = $4::text AND l.published_at <= $5::bigint"
          " AND l.edition = (SELECT edition FROM articles WHERE id = $1::bigint)"
          " GROUP BY l.id, l.published_at"
          " ORDER BY count(*) DESC, l.published_at DESC, l.id DESC LIMIT $6::bigint");
      if (!st) return Err(st.error());
      st->Bind(1, id)
          .Bind(2, kMaxTags)
          .Bind(3, kRelatedPerTag)
          .Bind(4, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(5, ToUnix(now))
          .Bind(6, limit);
      if (Status s = ForEachRow(*st, [&] { ids.push_back(st->Int(0)); }); !s.ok()) return Err(s);
    }
    auto items = LoadListed(c, ids);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<std::vector<ArticleLine>> PostgresStore::ListArticleLines() {
  return RunOneRead([&](Connection& c) -> Result<std::vector<ArticleLine>> {
    auto st = c.Prepare(kLineColumns + kLineOrder);
    if (!st) return Err(st.error());
    return ReadLines(*st);
  });
}

Result<std::pair<std::vector<ArticleLine>, int64_t>> PostgresStore::FindArticleLines(
    const ArticleFilter& filter) {
  using Found = std::pair<std::vector<ArticleLine>, int64_t>;
  if (filter.offset < 0) return InvalidArgument("offset must not be negative");
  if (filter.limit < 0) return InvalidArgument("limit must not be negative");
  // Fixed fragments only, as in ListLiveArticles. `text` matches literally,
  // folding ASCII case (ContainsAnyCase).
  SqlParams params;
  std::string where = " WHERE TRUE";
  if (filter.status) where += " AND a.status = " + params.Text(ArticleStatusName(*filter.status));
  if (filter.created_by) where += " AND a.created_by = " + params.Int(*filter.created_by);
  if (filter.section_slug) where += " AND s.slug = " + params.Text(*filter.section_slug);
  if (filter.text) where += " AND " + ContainsAnyCase("a.headline", *filter.text, params);
  if (filter.published_from) {
    where += " AND a.published_at >= " + params.Int(ToUnix(*filter.published_from));
  }
  if (filter.published_to) {
    where += " AND a.published_at < " + params.Int(ToUnix(*filter.published_to));
  }
  if (filter.edition) where += " AND a.edition = " + params.Text(*filter.edition);
  if (filter.visible_to) {
    where += " AND (a.created_by = " + params.Int(filter.visible_to->user_id) +
             " OR (a.status = " + params.Text(ArticleStatusName(ArticleStatus::kPublished)) +
             " AND a.published_at <= " + params.Int(ToUnix(filter.visible_to->now)) + "))";
  }
  SqlParams page_params = params;
  const std::string page_sql = kLineColumns + where + kLineOrder + " LIMIT " +
                               page_params.Int(filter.limit) + " OFFSET " +
                               page_params.Int(filter.offset);

  return Run(TxKind::kRead, [&](Connection& c) -> Result<Found> {
    Found found;
    {
      auto st = c.Prepare("SELECT count(*) FROM articles a JOIN sections s ON s.id = a.section_id" +
                          where);
      if (!st) return Err(st.error());
      params.Bind(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      found.second = *row ? st->Int(0) : 0;
    }
    if (filter.limit == 0 || filter.offset >= found.second) return found;
    auto st = c.Prepare(page_sql);
    if (!st) return Err(st.error());
    page_params.Bind(*st);
    auto lines = ReadLines(*st);
    if (!lines) return Err(lines.error());
    found.first = std::move(*lines);
    return found;
  });
}

}  // namespace khabar::sql::postgres_internal
