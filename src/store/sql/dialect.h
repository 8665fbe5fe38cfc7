// Dialect: what really differs between the databases' SQL, for the few
// statements SqlStore cannot write in SQL both accept. Everything else is
// written once, in portable SQL (see sql/connection.h for placeholders and
// casts). A dialect returns fixed SQL fragments, never values; a statement
// built from them is prepared once per connection like any other.
//
// Each driver's Connection names its dialect (Connection::dialect()), so
// code that has a connection has its dialect too. Thread-safe: dialects
// are immutable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/search_text.h"
#include "store/sql/catalog.h"
#include "store/store.h"

namespace khabar::sql {

class Connection;
class Statement;

// What a full-text search's statements answer (Dialect's search part).
//
// SearchCount is how many live stories match; when `more`, at least that
// many (each database stops counting at its own bound).
struct SearchCount {
  int64_t live = 0;
  bool more = false;
};

// SearchSpan is part of one of the two orders of hits: the candidates
// ranked (`bound` is how many candidates), or, when `tail`, the older
// matches newest first (`bound` is the oldest candidate's id).
struct SearchSpan {
  bool tail = false;
  int64_t offset = 0;
  int64_t count = 0;
  int64_t bound = 0;
};

// SearchRows are hits as read: stories without their details, and each
// one's snippet.
struct SearchRows {
  std::vector<Article> articles;
  std::vector<std::string> snippets;
};

// FullTextSearch is one database's statements for a reader's search, all
// run inside one read transaction.
class FullTextSearch {
 public:
  virtual ~FullTextSearch() = default;

  // Match is the database's query for `words` ("" for none).
  virtual std::string Match(const SearchWords& words) const = 0;

  // CountLive counts the live stories (of `edition`, if given) matching
  // `match` at `now`, stopping at the database's own bound.
  virtual Result<SearchCount> CountLive(Connection& c, const std::string& match, Seconds now,
                                        const std::optional<std::string>& edition) const = 0;

  // PoolSql measures the newest `candidates` matches as one row of min(id),
  // count(*) and how many are live. Parameters: ?1 the match, ?2 now, ?3
  // the published status, ?4 candidates and, `with_edition`, ?5 the
  // edition whose stories alone count as live.
  virtual const std::string& PoolSql(bool with_edition) const = 0;

  // HitsSql reads the stories of a span (SearchSpan) in its order, ranked
  // or, when `tail`, the older matches. Parameters: ?1 the match, ?2 now,
  // ?3 the published status, ?4 how many, ?5 from where, ?6 the span's
  // bound, ?7 to ?9 the database's own (BindSnippet) and, `with_edition`,
  // ?10 the edition. Columns: ReadArticle's (sql/internal/article_rows.h),
  // then the snippet's (Snippet).
  virtual const std::string& HitsSql(bool tail, bool with_edition) const = 0;
  virtual void BindSnippet(Statement& st) const = 0;
  // Snippet is the plain text around the matches, with marks (kSnippetOpen
  // and kSnippetClose), from the snippet's columns, the first `column`.
  virtual std::string Snippet(const Statement& st, int column) const = 0;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  // IdTable is a FROM item that reads the list of ids bound to parameter
  // `param` (e.g. "?1") as rows of one column, `value`, under `alias`: so a
  // statement's text is the same whatever the number of ids. Bind the list
  // as EncodeIds(ids). The rows come in no promised order.
  virtual std::string IdTable(std::string_view param, std::string_view alias) const = 0;
  virtual std::string EncodeIds(const std::vector<int64_t>& ids) const = 0;

  // PairTable is a FROM item that pairs two lists bound as EncodeIds, item
  // by item, as rows of two columns, `a` and `b`, under `alias`.
  virtual std::string PairTable(std::string_view first, std::string_view second,
                                std::string_view alias) const = 0;

  // DrivingJoin joins so that the table on its left drives the reads
  // (SQLite's CROSS JOIN fixes the order, where its planner would build a
  // temporary index instead; PostgreSQL's planner needs no such hint and
  // has no CROSS JOIN ... ON).
  virtual std::string_view DrivingJoin() const = 0;

  // IndexedBy makes the table before it be read through `index` (SQLite's
  // INDEXED BY, where its planner would choose worse); "" where the
  // planner needs no such hint.
  virtual std::string IndexedBy(std::string_view index) const = 0;

  // Materialized makes a common table expression be computed once, on its
  // own ("MATERIALIZED " on PostgreSQL, whose planner would otherwise fold
  // it into the outer query); "" where that is already so.
  virtual std::string_view Materialized() const = 0;

  // AsciiCaseEquals is a condition that `expr` equals the text parameter
  // `param` with ASCII letters folded to lower case and every other
  // character as it is (SQLite's lower() and NOCASE), written so an index
  // on lower(expr) can answer it. PostgreSQL's lower() folds by the
  // database's locale, so there it needs more than lower().
  virtual std::string AsciiCaseEquals(std::string_view expr, std::string_view param) const = 0;

  // AsciiCaseLike is `expr` LIKE the pattern parameter `param`, folding
  // ASCII case only, with \ as the escape character.
  virtual std::string AsciiCaseLike(std::string_view expr, std::string_view param) const = 0;

  // AsciiCaseOrder is an ORDER BY term: `expr` folding ASCII case, other
  // characters by their bytes.
  virtual std::string AsciiCaseOrder(std::string_view expr) const = 0;

  // BytewiseCollation names the collation that orders text by its bytes,
  // whatever the database's locale: for ORDER BY ... COLLATE.
  virtual std::string_view BytewiseCollation() const = 0;

  // UnixNow is the database's clock in Unix seconds, for the few writes
  // whose caller gives no time (PostgreSQL's is the transaction's start).
  virtual std::string UnixNow() const = 0;

  // Full-text search stays each database's own (FTS5 against tsvector).
  // Search() gives the statements of a reader's search, which
  // SqlStore::SearchArticles runs (sql/search.cc). Writers keep the index
  // in step through the Reindex functions, inside the transaction that
  // changed a story's text, status or tags, so the index never disagrees
  // with a committed story.
  virtual const FullTextSearch& Search() const = 0;
  //
  // ReindexArticles rewrites the entries of stories `ids`, removing those
  // of stories not published; ReindexAllArticles rewrites the whole index
  // (after a migration step that changed how text is indexed).
  virtual Status ReindexArticles(Connection& c, const std::vector<int64_t>& ids) const = 0;
  virtual Status ReindexAllArticles(Connection& c) const = 0;

  // Whole-database copies (store/transfer/) work on tables, below the
  // Store. Table and column names passed here are as the catalog has them
  // (the dialect quotes them), from DescribeTables or from code.
  //
  // Catalog is how the database's catalog is read, which
  // sql::DescribeTables (sql/catalog.h) does.
  virtual const CatalogSql& Catalog() const = 0;

  // BulkCopySession is fixed SQL that readies a connection for writing a
  // whole site ("" when there is nothing to set): PostgreSQL's client
  // encoding, no statement timeout, and custom plans, because a generic
  // plan made while a table was empty would be reused as it fills.
  virtual std::string_view BulkCopySession() const = 0;

  // EmptyTables is SQL that removes every row of `tables` (given in
  // foreign-key order, a table after those it refers to) at once, firing no
  // row triggers where the database allows.
  virtual std::string EmptyTables(const std::vector<std::string>& tables) const = 0;

  // AnalyzeTables is SQL that refreshes the planner's statistics of
  // `tables`.
  virtual std::string AnalyzeTables(const std::vector<std::string>& tables) const = 0;

  // ResetIdentity moves the sequence behind identity column `column` of
  // `table` past the largest id the table holds, after rows were written
  // with their ids, so the next row the database numbers gets a fresh one.
  // Nothing to do where ids are taken from the table itself (SQLite).
  virtual Status ResetIdentity(Connection& c, const std::string& table,
                               const std::string& column) const = 0;
};

}  // namespace khabar::sql
