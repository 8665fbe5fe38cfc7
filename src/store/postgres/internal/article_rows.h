// Reading articles and newsroom lines out of SQL rows, and the version check
// every change to a story makes. Shared by articles.cc, workflow.cc,
// revisions.cc and the readers' queries (views.cc, search.cc, sitemaps.cc).
// The PostgreSQL twin of store/sqlite/internal/article_rows.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "content/article.h"
#include "store/postgres/internal/connection.h"
#include "store/store.h"

namespace khabar::postgres_internal {

// kArticleColumns selects what ReadArticle expects, in order, from
// `articles a JOIN sections s`; kListColumns is the same without the bodies,
// which listings never show. Append WHERE/ORDER BY. kArticleFields and
// kListFields are the column lists alone (for queries that join more than
// kArticleFrom), and kArticleFrom is " FROM articles a JOIN sections s ON
// ...".
extern const std::string kArticleFrom;
extern const std::string kArticleFields;
extern const std::string kListFields;
extern const std::string kArticleColumns;
extern const std::string kListColumns;

Result<Article> ReadArticle(const Statement& st);
// ReadArticles steps `st` to the end, one Article per row.
Result<std::vector<Article>> ReadArticles(Statement& st);

// LoadListed reads stories `ids` without their bodies (kListColumns), in
// the order given; ids of no story are skipped.
Result<std::vector<Article>> LoadListed(Connection& c, const std::vector<int64_t>& ids);

// AttachDetails fills the authors, tags and comment_count (approved
// comments) of `items` with one query, whatever the number of items.
Status AttachDetails(Connection& c, std::vector<Article>& items);

// IdsArray writes `ids` as a PostgreSQL array literal ("{1,2,3}"), the form
// in which a list of ids is bound to one parameter (read with
// `= ANY($n::bigint[])` or `unnest($n::bigint[]) WITH ORDINALITY`), so a
// statement's text does not depend on how many ids there are.
std::string IdsArray(const std::vector<int64_t>& ids);

// LoadArticle reads story `id` with every field (and its comment count);
// kNotFound if absent.
Result<Article> LoadArticle(Connection& c, int64_t id);

// ArticleHead is what a change to a story checks before it writes.
struct ArticleHead {
  int64_t version = 0;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Seconds> published_at;
  std::string slug;
  std::optional<int64_t> created_by;
};

// LoadHead reads story `id`'s head; kNotFound if absent.
Result<ArticleHead> LoadHead(Connection& c, int64_t id);

// CheckVersion returns kConflict, naming who made the current version and
// when, unless `expected` is the story's current version.
Status CheckVersion(Connection& c, int64_t id, const ArticleHead& head, int64_t expected);

// kLineColumns selects what ReadLines expects from `articles a JOIN sections
// s LEFT JOIN users u` (the creator). Append WHERE/ORDER BY.
extern const std::string kLineColumns;
Result<std::vector<ArticleLine>> ReadLines(Statement& st);

}  // namespace khabar::postgres_internal
