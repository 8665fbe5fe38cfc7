// Reading articles and newsroom lines out of SQL rows, and the version check
// every change to a story makes. Shared by articles.cc, workflow.cc and
// revisions.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "content/article.h"
#include "store/sqlite/internal/connection.h"
#include "store/store.h"

namespace khabar::sqlite_internal {

// kArticleColumns selects what ReadArticle expects, in order, from
// `articles a JOIN sections s`; kListColumns is the same without the bodies,
// which listings never show. Append WHERE/ORDER BY.
extern const std::string kArticleColumns;
extern const std::string kListColumns;

Result<Article> ReadArticle(const Statement& st);
// ReadArticles steps `st` to the end, one Article per row.
Result<std::vector<Article>> ReadArticles(Statement& st);

// AttachBylinesAndTags fills authors and tags of `items` with one query
// each, whatever the number of items.
Status AttachBylinesAndTags(Connection& c, std::vector<Article>& items);

// LoadArticle reads story `id` with every field; kNotFound if absent.
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

}  // namespace khabar::sqlite_internal
