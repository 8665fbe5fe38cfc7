// SqlStore: the listings of stories: live listings (home, sections, tags,
// authors, the content API), related stories, and the newsroom's lines.
//
// These are the readers' hottest queries, so they are shaped for SQLite's
// planner, which needs to be told the order of its reads (the dialect's
// DrivingJoin and IndexedBy; PostgreSQL's planner finds its own way through
// the same SQL). Sorting and counting that SQLite would do in a temporary
// b-tree are done here instead, over the few rows a page returns.
#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/sql/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {

Result<ArticlePage> SqlStore::ListLiveArticles(const ArticleQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<ArticlePage> {
    const Dialect& d = c.dialect();
    // The SQL is assembled from fixed fragments only; the values are bound.
    // An unknown slug makes its subquery NULL, which matches nothing. Every
    // condition is on indexed columns, so counting and ranking read indexes
    // only; the page's rows are read last (article_rows.h).
    SqlParams params;
    std::string live = " a.status = " + params.Text(ArticleStatusName(ArticleStatus::kPublished)) +
                       " AND a.published_at <= " + params.Int(ToUnix(query.now));
    if (query.section_slug) {
      live += " AND a.section_id = (SELECT id FROM sections WHERE slug = " +
              params.Text(*query.section_slug) + ")";
    }
    if (query.published_after) {
      live += " AND a.published_at > " + params.Int(ToUnix(*query.published_after));
    }
    if (query.published_before) {
      live += " AND a.published_at < " + params.Int(ToUnix(*query.published_before));
    }
    if (query.edition) live += " AND a.edition = " + params.Text(*query.edition);
    const std::string tag_id =
        query.tag_slug ? "(SELECT id FROM tags WHERE slug = " + params.Text(*query.tag_slug) + ")"
                       : "";
    const std::string author_id =
        query.author_slug
            ? "(SELECT id FROM authors WHERE slug = " + params.Text(*query.author_slug) + ")"
            : "";
    const std::string has_author =
        " AND EXISTS (SELECT 1 FROM article_authors y"
        " WHERE y.article_id = a.id AND y.author_id = " +
        author_id + ")";
    // Two ways to find a tag's or an author's stories. `scan` walks the
    // live stories newest first (articles_by_status) and checks each one's
    // links: quick for the first pages of a listing with many stories, slow
    // when its stories are few and far between. `links` reads the listing's
    // own links (article_tags_by_tag or article_authors_by_author) and
    // checks each story's liveness in articles_by_id_liveness: its cost is
    // the listing's size, whatever the page. Counting always uses `links`.
    const std::string by_liveness = std::string(" ") + std::string(d.DrivingJoin()) +
                                    " articles a" + d.IndexedBy("articles_by_id_liveness");
    std::string scan = " FROM articles a WHERE" + live;
    std::string links;
    if (query.tag_slug) {
      scan +=
          " AND EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = a.id AND x.tag_id = " +
          tag_id + ")";
      links = " FROM article_tags x" + by_liveness +
              " ON a.id = x.article_id WHERE x.tag_id = " + tag_id + " AND" + live;
      if (query.author_slug) links += has_author;
    } else if (query.author_slug) {
      links = " FROM article_authors y" + by_liveness +
              " ON a.id = y.article_id WHERE y.author_id = " + author_id + " AND" + live;
    }
    if (query.author_slug) scan += has_author;

    ArticlePage page;
    int64_t stories = 0;  // the largest story id: about how many stories there are
    {
      auto st = c.Prepare("SELECT count(*), (SELECT max(id) FROM articles)" +
                          (links.empty() ? scan : links));
      if (!st) return Err(st.error());
      params.Bind(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      page.total = *row ? st->Int(0) : 0;
      stories = *row ? st->Int(1) : 0;
    }
    if (query.limit == 0 || query.offset >= page.total) return page;
    // A scan reads about (offset + limit) * stories / total stories to fill
    // the page, `links` about total (each a little cheaper): scan only when
    // that is clearly less.
    const double scanned = static_cast<double>(query.offset + query.limit) *
                           static_cast<double>(stories) / static_cast<double>(page.total);
    const bool by_links = !links.empty() && scanned > static_cast<double>(page.total) / 2;
    {
      SqlParams page_params = params;
      const std::string bounds =
          " LIMIT " + page_params.Int(query.limit) + " OFFSET " + page_params.Int(query.offset);
      auto st = c.Prepare("WITH page AS (SELECT a.id" + (by_links ? links : scan) +
                          " ORDER BY a.published_at DESC, a.id DESC" + bounds + ") SELECT " +
                          (query.with_body ? kArticleFields : kListFields) + " FROM page p " +
                          std::string(d.DrivingJoin()) +
                          " articles a ON a.id = p.id JOIN sections s ON s.id = a.section_id");
      if (!st) return Err(st.error());
      page_params.Bind(*st);
      auto items = ReadArticles(*st);
      if (!items) return Err(items.error());
      page.items = std::move(*items);
    }
    // The page's order, newest first, kept here rather than by a second
    // sort of the wide rows in SQL.
    std::sort(page.items.begin(), page.items.end(), [](const Article& x, const Article& y) {
      return std::tie(x.published_at, x.id) > std::tie(y.published_at, y.id);
    });
    if (Status s = AttachDetails(c, page.items); !s.ok()) return Err(s);
    return page;
  });
}

Result<std::vector<Article>> SqlStore::RelatedArticles(int64_t id, Seconds now, int64_t limit) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  constexpr size_t kMaxTags = 10;  // a story's first tags say what it is about
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // Counting and ranking are done here, not in SQL: a GROUP BY and an
    // ORDER BY each make SQLite build a temporary b-tree, which costs more
    // than reading the few hundred candidates. So none of these statements
    // sorts: each reads an index in its own order.
    std::vector<std::pair<int64_t, int64_t>> tags;  // (position, tag id)
    {
      auto st = c.Prepare("SELECT position, tag_id FROM article_tags WHERE article_id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, id);
      if (Status s = ForEachRow(*st, [&] { tags.emplace_back(st->Int(0), st->Int(1)); }); !s.ok()) {
        return Err(s);
      }
    }
    if (tags.empty() || limit == 0) return std::vector<Article>{};
    std::sort(tags.begin(), tags.end());
    if (tags.size() > kMaxTags) tags.resize(kMaxTags);

    // The newest stories of each tag (article_tags_by_tag, read backwards)
    // that are live (articles_by_id_liveness, so no wide row is read): one
    // row per shared tag. One statement text per number of tags, each
    // cached by the connection.
    struct Candidate {
      int64_t id = 0;
      int64_t shared = 0;
      int64_t published_at = 0;
    };
    std::vector<Candidate> candidates;
    {
      const Dialect& d = c.dialect();
      std::string per_tag;
      for (size_t i = 0; i < tags.size(); ++i) {
        const std::string n = std::to_string(5 + i);
        if (i > 0) per_tag += " UNION ALL ";
        per_tag += "SELECT * FROM (SELECT article_id FROM article_tags WHERE tag_id = ?" + n +
                   " AND article_id <> ?1 ORDER BY article_id DESC LIMIT ?4) t" + n;
      }
      auto st = c.Prepare("SELECT l.id, l.published_at FROM (" + per_tag + ") cand " +
                          std::string(d.DrivingJoin()) + " articles l" +
                          d.IndexedBy("articles_by_id_liveness") +
                          " ON l.id = cand.article_id WHERE l.status = ?2 AND l.published_at <= ?3"
                          " AND l.edition = (SELECT edition FROM articles WHERE id = ?1)");
      if (!st) return Err(st.error());
      st->Bind(1, id)
          .Bind(2, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(3, ToUnix(now))
          .Bind(4, kRelatedPerTag);
      for (size_t i = 0; i < tags.size(); ++i) st->Bind(static_cast<int>(5 + i), tags[i].second);
      std::unordered_map<int64_t, size_t> index;  // story id -> place in candidates
      Status s = ForEachRow(*st, [&] {
        auto [it, fresh] = index.try_emplace(st->Int(0), candidates.size());
        if (fresh) candidates.push_back(Candidate{st->Int(0), 0, st->Int(1)});
        ++candidates[it->second].shared;
      });
      if (!s.ok()) return Err(s);
    }
    // Most shared tags first, then newest, then the highest id.
    const size_t n = std::min(candidates.size(), static_cast<size_t>(limit));
    std::partial_sort(candidates.begin(), candidates.begin() + n, candidates.end(),
                      [](const Candidate& x, const Candidate& y) {
                        return std::tie(x.shared, x.published_at, x.id) >
                               std::tie(y.shared, y.published_at, y.id);
                      });
    candidates.resize(n);
    std::vector<int64_t> ids;
    for (const Candidate& cand : candidates) ids.push_back(cand.id);
    auto items = LoadListed(c, ids);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<std::vector<ArticleLine>> SqlStore::ListArticleLines() {
  return RunOneRead([&](Connection& c) -> Result<std::vector<ArticleLine>> {
    auto st = c.Prepare(kLineColumns + kLineOrder);
    if (!st) return Err(st.error());
    return ReadLines(*st);
  });
}

Result<std::pair<std::vector<ArticleLine>, int64_t>> SqlStore::FindArticleLines(
    const ArticleFilter& filter) {
  using Found = std::pair<std::vector<ArticleLine>, int64_t>;
  if (filter.offset < 0) return InvalidArgument("offset must not be negative");
  if (filter.limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<Found> {
    // Fixed fragments only, as in ListLiveArticles. `text` becomes a LIKE
    // pattern with its own %, _ and \ escaped, so it matches literally,
    // folding ASCII case.
    SqlParams params;
    std::string where = " WHERE 1 = 1";
    if (filter.status) where += " AND a.status = " + params.Text(ArticleStatusName(*filter.status));
    if (filter.created_by) where += " AND a.created_by = " + params.Int(*filter.created_by);
    if (filter.section_slug) where += " AND s.slug = " + params.Text(*filter.section_slug);
    if (filter.text) {
      std::string pattern = "%";
      for (char ch : *filter.text) {
        if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
        pattern += ch;
      }
      pattern += '%';
      where += " AND " + c.dialect().AsciiCaseLike("a.headline", params.Next(pattern));
    }
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
    SqlParams page_params = params;
    const std::string bounds =
        " LIMIT " + page_params.Int(filter.limit) + " OFFSET " + page_params.Int(filter.offset);
    auto st = c.Prepare(kLineColumns + where + kLineOrder + bounds);
    if (!st) return Err(st.error());
    page_params.Bind(*st);
    auto lines = ReadLines(*st);
    if (!lines) return Err(lines.error());
    found.first = std::move(*lines);
    return found;
  });
}

}  // namespace khabar::sql
