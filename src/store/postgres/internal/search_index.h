// The full-text index behind SearchArticles: keeping article_search in step
// with the stories, and turning a reader's words into a tsquery. The
// PostgreSQL twin of store/sqlite/internal/search_index.h.
//
// article_search (migration step 3) holds, per published story, a tsvector
// of its headline, tags, standfirst and body (weighted in that order) built
// with the khabar_english text search configuration (English stemming, no
// stop words, diacritics folded by unaccent) from text folded by
// FoldForSearch (store/search_text.h; from migration step 5 on), and the
// body as folded plain text for ts_headline's snippets. Searches still check the time (a story
// published for later is in it before it is live). Writers call the Reindex
// functions inside the transaction that changed a story's text or status,
// so the index never disagrees with a committed story.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/postgres/internal/connection.h"
#include "store/search_text.h"
#include "store/sql/dialect.h"
#include "store/store.h"

namespace khabar::sql::postgres_internal {

// ReindexArticles rewrites the rows of stories `ids` from their stored
// headline, standfirst, body and tags, or removes a row when its story is
// not published; it reads the stories in chunks (a bulk load: khabar
// migrate).
Status ReindexArticles(Connection& c, const std::vector<int64_t>& ids);

// ReindexAllArticles empties the index and writes the row of every
// published story (after a migration step whose rebuilds_search is set).
Status ReindexAllArticles(Connection& c);

// IndexedText reduces `text` to the words the index holds: runs of letters,
// digits and combining marks (as ParseSearchText reads a query), one space
// between them. PostgreSQL's own parser would otherwise keep "km/h",
// "3.5" or "example.com" as single lexemes that no typed word can match.
std::string IndexedText(std::string_view text);

// TsQuery builds to_tsquery() input from `words`: each word a quoted
// operand (any embedded quote doubled, any backslash escaped), so no input
// can be tsquery syntax; all words required (&); the last a prefix
// ('word':*) when words.last_is_prefix. Returns "" when there are no words.
std::string TsQuery(const SearchWords& words);

// PostgresSearch is the statements of a reader's search (search.cc),
// which SqlStore::SearchArticles runs.
const FullTextSearch& PostgresSearch();

}  // namespace khabar::sql::postgres_internal
