// A revision's content as stored: the saved ArticleDraft (without status and
// published_at) as one JSON text column of article_revisions. The keys are
// also written by migration step 2 (store/migrations.cc) for stories that
// predate revisions; keep the two in step.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "content/article.h"
#include "store/sql/connection.h"

namespace khabar::sql {

Result<std::string> EncodeRevision(const ArticleDraft& content);
Result<ArticleDraft> DecodeRevision(std::string_view json);

// RecordRevision stores `content` as the next revision of story
// `article_id` (numbered after its last one), made by `user_id` at `at`,
// producing story version `version`.
Status RecordRevision(Connection& c, int64_t article_id, int64_t version,
                      const ArticleDraft& content, std::optional<int64_t> user_id, Seconds at);

}  // namespace khabar::sql
