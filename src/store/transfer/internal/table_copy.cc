#include "store/transfer/internal/table_copy.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "content/article.h"
#include "store/search_text.h"
#include "store/transfer/internal/row_digest.h"

namespace khabar::transfer::internal {
namespace {

std::string SelectInKeyOrder(const Table& t, const sql::Dialect& dialect) {
  return "SELECT " + ColumnList(t) + " FROM " + sql::QuoteName(t.name) + " ORDER BY " +
         OrderBy(t, dialect);
}

// IsStoredInteger reports whether `text` is how the source gives back an
// integer (SQLite's text of an INTEGER value): decimal, perhaps negative.
bool IsStoredInteger(std::string_view text) {
  int64_t v = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, v);
  return !text.empty() && ec == std::errc() && stop == end;
}

// Counted is what `digest` read of table `name`.
CopiedTable Counted(std::string name, RowDigest& digest) {
  CopiedTable copied;
  copied.name = std::move(name);
  copied.rows = digest.rows();
  copied.checksum = digest.Finish();
  return copied;
}

// CopyValue sends and checksums source column `col` of the current row.
Status CopyValue(const sql::Statement& row, int col, const Column& column, sql::RowWriter& out,
                 RowDigest& digest) {
  if (row.IsNull(col)) {
    out.Null();
    digest.Null();
    return Status();
  }
  const std::string v = row.Text(col);
  if (column.kind == sql::ColumnKind::kBoolean) {
    // A flag must be a number: text such as 'true' would otherwise be
    // copied as whatever PostgreSQL makes of it.
    if (!IsStoredInteger(v)) {
      return Status(Code::kInvalidArgument, "column " + column.name + " holds '" + v.substr(0, 40) +
                                                "' where a 0/1 flag belongs");
    }
    const std::string_view flag = row.Int(col) != 0 ? "1" : "0";
    out.Value(flag);
    digest.Value(flag);
    return Status();
  }
  // Integers as decimal text, text as its bytes: the target refuses what
  // its column cannot take (a fraction in a BIGINT, bytes that are not
  // UTF-8), and the copy fails naming the table.
  out.Value(v);
  digest.Value(v);
  return Status();
}

}  // namespace

Result<CopiedTable> CopyTable(sql::Connection& src, sql::Connection& dst, const Table& t) {
  auto rows = src.PrepareStream(SelectInKeyOrder(t, src.dialect()));
  if (!rows) return Err(rows.error().WithContext("source"));
  std::vector<std::string> names;
  for (const Column& c : t.columns) names.push_back(c.name);
  auto out = dst.WriteRows(t.name, names);
  if (!out) return Err(out.error());
  RowDigest digest;
  for (;;) {
    auto row = rows->Step();
    if (!row) return Err(row.error().WithContext("source"));
    if (!*row) break;
    for (size_t i = 0; i < t.columns.size(); ++i) {
      if (Status s = CopyValue(*rows, static_cast<int>(i), t.columns[i], **out, digest); !s.ok()) {
        return Err(s);
      }
    }
    digest.EndRow();
    if (Status s = (*out)->EndRow(); !s.ok()) return Err(s);
  }
  if (Status s = (*out)->Finish(); !s.ok()) return Err(s);
  return Counted(t.name, digest);
}

Result<CopiedTable> ReadBack(sql::Connection& c, const Table& t) {
  auto rows = c.PrepareStream(SelectInKeyOrder(t, c.dialect()));
  if (!rows) return Err(rows.error());
  RowDigest digest;
  Status s = sql::ForEachRow(*rows, [&] {
    for (size_t i = 0; i < t.columns.size(); ++i) {
      const int col = static_cast<int>(i);
      if (rows->IsNull(col)) {
        digest.Null();
      } else if (t.columns[i].kind == sql::ColumnKind::kBoolean) {
        digest.Value(rows->Int(col) != 0 ? "1" : "0");
      } else {
        digest.Value(rows->Text(col));
      }
    }
    digest.EndRow();
  });
  if (!s.ok()) return Err(s);
  return Counted(t.name, digest);
}

// The search index is not copied from SQLite's FTS5 table but rebuilt the
// way the target's backend builds it (PostgreSQL's own text search
// configuration and weights), story by story, so search on the new
// database behaves as the backend would after saving each story. What
// both indexes must agree on is checked: the same published stories, each
// with the plain text of its body (PlainTextOfHtml, then FoldForSearch, on
// both backends), read back as article_id and body_text; the tsvector is
// PostgreSQL's own.
const Table& SearchIndexTable() {
  static const Table table = [] {
    Table t;
    t.name = std::string(kSearchIndex);
    t.columns = {{"article_id", sql::ColumnKind::kInteger, false},
                 {"body_text", sql::ColumnKind::kText, false}};
    t.key = {0};
    t.has_primary_key = true;
    return t;
  }();
  return table;
}

Result<CopiedTable> RebuildSearchIndex(sql::Connection& src, sql::Connection& dst) {
  auto stories =
      src.PrepareStream("SELECT id, body_html FROM articles WHERE status = ?1 ORDER BY id");
  if (!stories) return Err(stories.error().WithContext("source"));
  stories->Bind(1, ArticleStatusName(ArticleStatus::kPublished));
  RowDigest digest;
  // Stories are indexed a batch at a time: one read of their text per
  // batch instead of one per story.
  constexpr size_t kBatch = 500;
  std::vector<int64_t> batch;
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status();
    Status s = dst.dialect().ReindexArticles(dst, batch);
    if (!s.ok()) {
      return s.WithContext("stories " + std::to_string(batch.front()) + ".." +
                           std::to_string(batch.back()));
    }
    batch.clear();
    return Status();
  };
  for (;;) {
    auto row = stories->Step();
    if (!row) return Err(row.error().WithContext("source"));
    if (!*row) break;
    digest.Value(stories->Text(0));
    digest.Value(FoldForSearch(PlainTextOfHtml(stories->Text(1))));
    digest.EndRow();
    batch.push_back(stories->Int(0));
    if (batch.size() == kBatch) {
      if (Status s = flush(); !s.ok()) return Err(s);
    }
  }
  if (Status s = flush(); !s.ok()) return Err(s);
  CopiedTable index = Counted(std::string(kSearchIndex), digest);
  index.search_index = true;
  return index;
}

Status ResetIdentities(sql::Connection& dst, const std::vector<Table>& tables) {
  for (const Table& t : tables) {
    for (const Column& c : t.columns) {
      if (!c.identity) continue;
      if (Status s = dst.dialect().ResetIdentity(dst, t.name, c.name); !s.ok()) {
        return s.WithContext("table " + t.name);
      }
    }
  }
  return Status();
}

}  // namespace khabar::transfer::internal
