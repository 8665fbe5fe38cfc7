// SqlStore: a story's saved revisions and its editors' autosaves.
#include <optional>
#include <string>
#include <vector>

#include "store/sql/internal/article_rows.h"
#include "store/sql/internal/revision_content.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

// kLineFields are what ReadRevisionLine reads. Listings leave out the
// content, which can be large and would all cross the network.
const std::string kLineFields =
    "r.number, r.user_id, coalesce(u.display_name, ''), r.saved_at, r.headline";
const std::string kRevisionFrom = " FROM article_revisions r LEFT JOIN users u ON u.id = r.user_id";

RevisionLine ReadRevisionLine(const Statement& st) {
  return RevisionLine{.number = st.Int(0),
                      .user_id = OptionalInt(st, 1),
                      .user_name = st.Text(2),
                      .saved_at = FromUnix(st.Int(3)),
                      .headline = st.Text(4)};
}

}  // namespace

Result<std::vector<RevisionLine>> SqlStore::ListRevisions(int64_t article_id) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<RevisionLine>> {
    if (auto head = LoadHead(c, article_id); !head) return Err(head.error());
    auto st = c.Prepare("SELECT " + kLineFields + kRevisionFrom +
                        " WHERE r.article_id = ?1 ORDER BY r.number DESC");
    if (!st) return Err(st.error());
    st->Bind(1, article_id);
    std::vector<RevisionLine> lines;
    Status s = ForEachRow(*st, [&] { lines.push_back(ReadRevisionLine(*st)); });
    if (!s.ok()) return Err(s);
    return lines;
  });
}

Result<Revision> SqlStore::GetRevision(int64_t article_id, int64_t number) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<Revision> {
    auto st = c.Prepare("SELECT " + kLineFields + ", r.content" + kRevisionFrom +
                        " WHERE r.article_id = ?1 AND r.number = ?2");
    if (!st) return Err(st.error());
    st->Bind(1, article_id).Bind(2, number);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) {
      return NotFound("article " + std::to_string(article_id) + " has no revision " +
                      std::to_string(number));
    }
    auto content = DecodeRevision(st->Text(5));
    if (!content) return Err(content.error());
    Revision revision{.line = ReadRevisionLine(*st), .content = std::move(*content)};
    // Where the story belongs is not part of a revision (store.h).
    auto where = c.Prepare("SELECT edition, translation_of FROM articles WHERE id = ?1");
    if (!where) return Err(where.error());
    where->Bind(1, article_id);
    auto found = where->Step();
    if (!found) return Err(found.error());
    if (*found) {
      revision.content.edition = where->Text(0);
      revision.content.translation_of = OptionalInt(*where, 1);
    }
    return revision;
  });
}

Status SqlStore::PutAutosave(const Autosave& autosave) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    // Both checked first: a foreign-key failure would be a less clear error.
    if (auto head = LoadHead(c, autosave.article_id); !head) return head.error();
    if (Status s = RequireUser(c, autosave.user_id, "autosave"); !s.ok()) return s;
    auto st = c.Prepare(
        "INSERT INTO autosaves (article_id, user_id, base_version, payload, saved_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5)"
        " ON CONFLICT (article_id, user_id) DO UPDATE SET base_version = excluded.base_version,"
        " payload = excluded.payload, saved_at = excluded.saved_at");
    if (!st) return st.error();
    st->Bind(1, autosave.article_id)
        .Bind(2, autosave.user_id)
        .Bind(3, autosave.base_version)
        .Bind(4, autosave.payload)
        .Bind(5, ToUnix(autosave.saved_at));
    return st->Run();
  });
}

Result<std::optional<Autosave>> SqlStore::GetAutosave(int64_t article_id, int64_t user_id) {
  return RunOneRead([&](Connection& c) -> Result<std::optional<Autosave>> {
    auto st = c.Prepare(
        "SELECT base_version, payload, saved_at FROM autosaves"
        " WHERE article_id = ?1 AND user_id = ?2");
    if (!st) return Err(st.error());
    st->Bind(1, article_id).Bind(2, user_id);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return std::optional<Autosave>();
    return Autosave{.article_id = article_id,
                    .user_id = user_id,
                    .base_version = st->Int(0),
                    .payload = st->Text(1),
                    .saved_at = FromUnix(st->Int(2))};
  });
}

}  // namespace khabar::sql
