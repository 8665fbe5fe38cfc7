// The full-text index behind SearchArticles: keeping article_search in step
// with the stories, and turning a reader's words into an FTS5 query.
//
// article_search (migration step 3) holds the searchable text of every
// published story, keyed by article id, folded by FoldForSearch (from
// migration step 5 on; store/search_text.h) as every query is; searches still check the time
// (a story published for later is in it before it is live). Writers call
// the Reindex functions inside the transaction that changed a story's text
// or status, so the index never disagrees with a committed story.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/search_text.h"
#include "store/sql/dialect.h"
#include "store/sqlite/internal/connection.h"
#include "store/store.h"

namespace khabar::sql::sqlite_internal {

// RegisterSearchFunctions adds khabar_plain_text(html) (PlainTextOfHtml)
// and khabar_search_text(text) (FoldForSearch) to connection `db`; every
// connection has them, as the indexing SQL and the migrations that built
// the index call them.
Status RegisterSearchFunctions(sqlite3* db);

// ReindexAllArticles empties the index and writes the row of every
// published story (after a migration step whose rebuilds_search is set).
Status ReindexAllArticles(Connection& c);

// ReindexArticles rewrites the rows of stories `ids` from their stored
// headline, standfirst, body and tags, or removes a row when its story is
// not published.
Status ReindexArticles(Connection& c, const std::vector<int64_t>& ids);

// Fts5Query builds an FTS5 MATCH expression from `words`: each word a
// double-quoted string (any embedded quote doubled), so no input can be
// FTS5 syntax; all words required (AND); the last a prefix ("word"*) when
// words.last_is_prefix. Returns "" when there are no words.
std::string Fts5Query(const SearchWords& words);

// SqliteSearch is the statements of a reader's search (search.cc), which
// SqlStore::SearchArticles runs.
const FullTextSearch& SqliteSearch();

}  // namespace khabar::sql::sqlite_internal
