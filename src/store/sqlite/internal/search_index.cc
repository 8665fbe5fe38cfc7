#include "store/sqlite/internal/search_index.h"

#include <vector>

#include "store/sql/internal/article_rows.h"
#include "store/sql/values.h"
#include "store/sqlite/internal/dialect.h"

namespace khabar::sql::sqlite_internal {
namespace {

// TextFunction is an SQL function of one text argument that returns
// `Fn`'s result for it ("" for NULL).
template <std::string (*Fn)(std::string_view)>
void TextFunction(sqlite3_context* context, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_text(context, "", 0, SQLITE_STATIC);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const int bytes = sqlite3_value_bytes(argv[0]);
  std::string result =
      Fn(std::string_view(text == nullptr ? "" : text, static_cast<size_t>(bytes)));
  sqlite3_result_text64(context, result.data(), result.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

// IndexSql returns the INSERT that writes the rows of the published stories
// `which` (an SQL condition on articles a) selects, every column folded by
// khabar_search_text (FoldForSearch), as the queries are. snippet() shows
// the indexed text, so Urdu snippets come without harakat, with Urdu
// letters and ASCII digits: the price of FTS5 seeing one spelling.
std::string IndexSql(std::string_view which) {
  return "INSERT INTO article_search (rowid, headline, standfirst, body, tags)"
         " SELECT a.id, khabar_search_text(a.headline), khabar_search_text(a.standfirst),"
         " khabar_search_text(khabar_plain_text(a.body_html)),"
         " khabar_search_text(coalesce((SELECT group_concat(t.name, ' ') FROM article_tags at"
         "  JOIN tags t ON t.id = at.tag_id WHERE at.article_id = a.id), ''))"
         " FROM articles a WHERE " +
         std::string(which) + " AND a.status = ?2";
}

// ReindexIds rewrites the rows of the stories in `ids_json` (IdsJson).
Status ReindexIds(Connection& c, const std::string& ids_json) {
  auto clear =
      c.Prepare("DELETE FROM article_search WHERE rowid IN (SELECT value FROM json_each(?1))");
  if (!clear) return clear.error();
  clear->Bind(1, ids_json);
  if (Status s = clear->Run(); !s.ok()) return s;
  // The same rows the migrations' backfills index: published stories only.
  static const std::string sql = IndexSql("a.id IN (SELECT value FROM json_each(?1))");
  auto insert = c.Prepare(sql);
  if (!insert) return insert.error();
  insert->Bind(1, ids_json).Bind(2, ArticleStatusName(ArticleStatus::kPublished));
  return insert->Run();
}

}  // namespace

Status RegisterSearchFunctions(sqlite3* db) {
  // DETERMINISTIC lets SQLite use it anywhere; INNOCUOUS says it has no
  // side effects, so it is safe even from a schema's triggers or views.
  struct Function {
    const char* name;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
  };
  for (const Function& f : {Function{"khabar_plain_text", &TextFunction<PlainTextOfHtml>},
                            Function{"khabar_search_text", &TextFunction<FoldForSearch>}}) {
    int rc = sqlite3_create_function_v2(db, f.name, 1,
                                        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                                        nullptr, f.fn, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteStatus(db, rc, std::string("register ") + f.name);
  }
  return Status();
}

Status ReindexAllArticles(Connection& c) {
  if (Status s = c.ExecScript("DELETE FROM article_search"); !s.ok()) return s;
  static const std::string sql = IndexSql("1");
  auto insert = c.Prepare(sql);
  if (!insert) return insert.error();
  insert->Bind(2, ArticleStatusName(ArticleStatus::kPublished));
  return insert->Run();
}

Status ReindexArticles(Connection& c, const std::vector<int64_t>& ids) {
  if (ids.empty()) return Status();
  return ReindexIds(c, SqliteDialect().EncodeIds(ids));
}

std::string Fts5Query(const SearchWords& words) {
  std::string query;
  for (size_t i = 0; i < words.words.size(); ++i) {
    if (i > 0) query += " AND ";
    query += '"';
    for (char ch : words.words[i]) {
      if (ch == '"') query += '"';  // FTS5's escape; words never hold one, but be sure
      query += ch;
    }
    query += '"';
    if (words.last_is_prefix && i + 1 == words.words.size()) query += '*';
  }
  return query;
}

}  // namespace khabar::sql::sqlite_internal
