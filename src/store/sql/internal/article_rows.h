// Reading articles and newsroom lines out of SQL rows, and the version check
// every change to a story makes. Shared by the concepts that read or change
// stories (articles, workflow, revisions, and the readers' queries).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "content/article.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace khabar::sql {

// kArticleColumns selects what ReadArticle expects, in order, from
// `articles a JOIN sections s`; kListColumns is the same without the bodies,
// which listings never show. Append WHERE/ORDER BY. kArticleFields and
// kListFields are the column lists alone (for queries that join more than
// kArticleFrom), and kArticleFrom is " FROM articles a JOIN sections s ON
// ...".
//
// A story's row holds its bodies before most other columns, so reading
// anything past them (published_at, section_id, ...) reads the row's
// overflow pages. Queries that rank or filter many stories therefore do it
// on an index (articles_by_status, articles_by_section,
// articles_by_id_liveness) and read rows only for the stories they return.
extern const std::string kArticleFrom;
extern const std::string kArticleFields;
extern const std::string kListFields;
extern const std::string kArticleColumns;
extern const std::string kListColumns;

// ReadArticle reads a story from the first kArticleColumnCount columns of
// the row (kArticleColumns or kListColumns); a query may select more after
// them.
inline constexpr int kArticleColumnCount = 28;
Result<Article> ReadArticle(const Statement& st);
// ReadArticles steps `st` to the end, one Article per row.
Result<std::vector<Article>> ReadArticles(Statement& st);

// LoadListed reads stories `ids` without their bodies (kListColumns), in
// the order given; ids of no story are skipped.
Result<std::vector<Article>> LoadListed(Connection& c, const std::vector<int64_t>& ids);

// AttachDetails fills the authors, tags and comment_count (approved
// comments) of `items` with one query, whatever the number of items.
Status AttachDetails(Connection& c, std::vector<Article>& items);

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
// kLineOrder orders lines newest first; stories with no time yet (drafts)
// come first: they are the newest work.
extern const std::string kLineOrder;
Result<std::vector<ArticleLine>> ReadLines(Statement& st);

}  // namespace khabar::sql
