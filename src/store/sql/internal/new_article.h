// InsertNewArticle: the body of CreateArticle, shared with ImportArticle
// (imports.cc), so an imported story is created exactly as a new one.
#pragma once

#include <cstdint>

#include "base/clock.h"
#include "base/status.h"
#include "content/article.h"
#include "store/sql/connection.h"

namespace khabar::sql {

// InsertNewArticle validates `draft` and stores it as a new story, as
// Store::CreateArticle documents (same checks, same errors), with
// `created_at` and `updated_at` as its times and revision 1 saved at
// `created_at`. REQUIRES: `c` is in a write transaction; on an error the
// caller rolls it back (rows may have been written).
Result<int64_t> InsertNewArticle(Connection& c, const ArticleDraft& draft, Seconds created_at,
                                 Seconds updated_at);

}  // namespace khabar::sql
