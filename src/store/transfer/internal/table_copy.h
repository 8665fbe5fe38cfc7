// The steps of a whole-site copy that move rows: each table streamed from
// the source into the target's bulk writer, the search index rebuilt by
// the target, identities moved past the copied ids, and each table read
// back for its checksum. Each step runs inside the caller's transactions
// (a read on the source, a write on the target).
#pragma once

#include <vector>

#include "base/status.h"
#include "store/sql/connection.h"
#include "store/transfer/internal/copy_plan.h"
#include "store/transfer/site_copy.h"

namespace khabar::transfer::internal {

// CopyTable copies table `t` from `src` to `dst`, returning the count and
// checksum of the rows as read from the source, in key order. Flags must
// be stored as integers, as SQLite stores them: anything else (text such
// as 'true') is kInvalidArgument rather than whatever the target would
// make of it.
Result<CopiedTable> CopyTable(sql::Connection& src, sql::Connection& dst, const Table& t);

// ReadBack checksums table `t` as `c` holds it now, in the same order and
// canonical form as CopyTable read the source.
Result<CopiedTable> ReadBack(sql::Connection& c, const Table& t);

// SearchIndexTable is what both search indexes must agree on, read back as
// a table: the published stories, each with the plain text of its body.
const Table& SearchIndexTable();

// RebuildSearchIndex has the target index every story published in the
// source, the way its backend indexes a saved story, and returns the
// count and checksum SearchIndexTable must read back.
Result<CopiedTable> RebuildSearchIndex(sql::Connection& src, sql::Connection& dst);

// ResetIdentities moves each identity column's sequence past the copied
// ids, so the next story, user or comment created on the target gets a
// fresh id rather than a duplicate-key error.
Status ResetIdentities(sql::Connection& dst, const std::vector<Table>& tables);

}  // namespace khabar::transfer::internal
