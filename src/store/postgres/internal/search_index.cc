#include "store/postgres/internal/search_index.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "store/postgres/internal/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/values.h"

namespace khabar::sql::postgres_internal {
namespace {

// kReindexChunk bounds how many stories' text is held at once: a tag
// rename re-indexes every story carrying the tag.
constexpr size_t kReindexChunk = 100;

// kInsertSql writes one story's row: $1 id, $2 the body's plain text (for
// snippets), then the words of $3 headline, $4 tags, $5 standfirst and $6
// body, weighted A to D in that order (search.cc ranks by the weights).
const std::string kInsertSql =
    "INSERT INTO article_search (article_id, body_text, document) VALUES ($1, $2,"
    " setweight(to_tsvector('khabar_english', $3), 'A') ||"
    " setweight(to_tsvector('khabar_english', $4), 'B') ||"
    " setweight(to_tsvector('khabar_english', $5), 'C') ||"
    " setweight(to_tsvector('khabar_english', $6), 'D'))";

// ReindexIds rewrites the rows of stories `ids`. The text is read out and
// written back rather than indexed in one INSERT ... SELECT (as on SQLite)
// because the body's plain text and the words come from the same C++ code
// as the queries' words (store/search_text.h), not from SQL regexps.
Status ReindexIds(Connection& c, const std::vector<int64_t>& ids) {
  for (size_t begin = 0; begin < ids.size(); begin += kReindexChunk) {
    const size_t end = std::min(ids.size(), begin + kReindexChunk);
    const std::string chunk = PostgresDialect().EncodeIds(
        std::vector<int64_t>(ids.begin() + static_cast<std::ptrdiff_t>(begin),
                             ids.begin() + static_cast<std::ptrdiff_t>(end)));
    auto clear = c.Prepare("DELETE FROM article_search WHERE article_id = ANY($1::bigint[])");
    if (!clear) return clear.error();
    clear->Bind(1, chunk);
    if (Status s = clear->Run(); !s.ok()) return s;
    // Published stories only, as the migration's backfill.
    auto read = c.Prepare(
        "SELECT a.id, a.headline, a.standfirst, a.body_html,"
        " coalesce((SELECT string_agg(t.name, ' ' ORDER BY at.position) FROM article_tags at"
        "  JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), '')"
        " FROM articles a WHERE a.id = ANY($1::bigint[]) AND a.status = $2");
    if (!read) return read.error();
    read->Bind(1, chunk).Bind(2, ArticleStatusName(ArticleStatus::kPublished));
    // `read` holds its whole result, so the INSERTs can run between its
    // rows; a Statement executes once, so each row takes its own (the
    // server prepared the text once per connection).
    Status s = ForEachRow(*read, [&]() -> Status {
      // Folded as queries are (store/search_text.h). body_text is folded
      // too, so ts_headline finds the query's words in it: Urdu snippets
      // come without harakat, with Urdu letters and ASCII digits.
      const std::string body = FoldForSearch(PlainTextOfHtml(read->Text(3)));
      auto row = c.Prepare(kInsertSql);
      if (!row) return row.error();
      row->Bind(1, read->Int(0))
          .Bind(2, body)
          .Bind(3, IndexedText(FoldForSearch(read->Text(1))))
          .Bind(4, IndexedText(FoldForSearch(read->Text(4))))
          .Bind(5, IndexedText(FoldForSearch(read->Text(2))))
          .Bind(6, IndexedText(body));
      return row->Run();
    });
    if (!s.ok()) return s;
  }
  return Status();
}

}  // namespace

Status ReindexArticles(Connection& c, const std::vector<int64_t>& ids) {
  return ReindexIds(c, ids);
}

Status ReindexAllArticles(Connection& c) {
  if (Status s = c.ExecScript("DELETE FROM article_search"); !s.ok()) return s;
  std::vector<int64_t> ids;
  auto st = c.Prepare("SELECT id FROM articles WHERE status = $1 ORDER BY id");
  if (!st) return st.error();
  st->Bind(1, ArticleStatusName(ArticleStatus::kPublished));
  if (Status s = ForEachRow(*st, [&] { ids.push_back(st->Int(0)); }); !s.ok()) return s;
  return ReindexIds(c, ids);
}

std::string IndexedText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(s, i, length, c);  // c < 0 for an invalid sequence
    // The word characters of store/search_text.cc: letters and digits, plus
    // the combining marks that belong to them.
    if (c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK) != 0)) {
      out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string TsQuery(const SearchWords& words) {
  std::string query;
  for (size_t i = 0; i < words.words.size(); ++i) {
    if (i > 0) query += " & ";
    query += '\'';
    for (char ch : words.words[i]) {
      // Words never hold either, but be sure.
      if (ch == '\'' || ch == '\\') query += '\\';
      query += ch;
    }
    query += '\'';
    if (words.last_is_prefix && i + 1 == words.words.size()) query += ":*";
  }
  return query;
}

}  // namespace khabar::sql::postgres_internal
