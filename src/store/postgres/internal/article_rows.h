// The article rows every concept shares are written once, in
// store/sql/internal/article_rows.h; these names keep the concepts not yet
// moved there compiling.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/postgres/internal/dialect.h"
#include "store/sql/internal/article_rows.h"

namespace khabar::postgres_internal {

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

// IdsArray writes `ids` as this database binds a list of ids
// (sql::Dialect::EncodeIds).
inline std::string IdsArray(const std::vector<int64_t>& ids) {
  return PostgresDialect().EncodeIds(ids);
}

}  // namespace khabar::postgres_internal
