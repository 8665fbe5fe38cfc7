// The article rows every concept shares are written once, in
// store/sql/internal/article_rows.h; these names keep the concepts not yet
// moved there compiling.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql/internal/article_rows.h"
#include "store/sqlite/internal/dialect.h"

namespace khabar::sqlite_internal {

using sql::ArticleHead;
using sql::AttachDetails;
using sql::CheckVersion;
using sql::kArticleColumns;
using sql::kArticleFields;
using sql::kArticleFrom;
using sql::kLineColumns;
using sql::kLineOrder;
using sql::kListColumns;
using sql::kListFields;
using sql::LoadArticle;
using sql::LoadHead;
using sql::LoadListed;
using sql::ReadArticle;
using sql::ReadArticles;
using sql::ReadLines;

// IdsJson writes `ids` as this database binds a list of ids
// (sql::Dialect::EncodeIds).
inline std::string IdsJson(const std::vector<int64_t>& ids) {
  return SqliteDialect().EncodeIds(ids);
}

}  // namespace khabar::sqlite_internal
