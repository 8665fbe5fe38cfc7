// SqlStore: stories brought in from another system (khabar import
// wordpress), the keys that make importing again add nothing twice, and the
// old paths that lead to imported stories.
#include <optional>
#include <string>

#include "store/sql/internal/new_article.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

Result<std::optional<int64_t>> LookUpKey(Connection& c, const std::string& key) {
  auto st = c.Prepare("SELECT local_id FROM import_keys WHERE key = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, key);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(st->Int(0));
}

Status RecordKey(Connection& c, const std::string& key, int64_t id) {
  auto st = c.Prepare(
      "INSERT INTO import_keys (key, local_id) VALUES (?1, ?2)"
      " ON CONFLICT (key) DO NOTHING");
  if (!st) return st.error();
  st->Bind(1, key).Bind(2, id);
  if (Status s = st->Run(); !s.ok()) return s;
  if (st->Affected() == 0) {
    return Status(Code::kAlreadyExists, "import key " + Quoted(key) + " is already recorded");
  }
  return Status();
}

bool IsValidCommentStatus(CommentStatus s) {
  return s == CommentStatus::kPending || s == CommentStatus::kApproved ||
         s == CommentStatus::kRejected || s == CommentStatus::kSpam;
}

// ParentOf resolves an imported comment's parent_key to a top-level
// comment of story `article_id`: a reply's own parent when the key names a
// reply; nullopt (top level) when the key is unknown or names anything else.
Result<std::optional<int64_t>> ParentOf(Connection& c, const std::optional<std::string>& key,
                                        int64_t article_id) {
  if (!key) return std::optional<int64_t>();
  auto local = LookUpKey(c, *key);
  if (!local) return Err(local.error());
  if (!*local) return std::optional<int64_t>();
  auto st =
      c.Prepare("SELECT coalesce(parent_id, id) FROM comments WHERE id = ?1 AND article_id = ?2");
  if (!st) return Err(st.error());
  st->Bind(1, **local).Bind(2, article_id);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(st->Int(0));
}

// AddImportedComment stores one comment of story `article_id` and records
// its key; false when its key was imported before (nothing written).
Result<bool> AddImportedComment(Connection& c, int64_t article_id, const ImportedComment& item) {
  const Comment& comment = item.comment;
  auto known = LookUpKey(c, item.key);
  if (!known) return Err(known.error());
  if (*known) return false;
  if (!IsValidCommentStatus(comment.status)) return InvalidArgument("unknown comment status");
  if (comment.moderated_by) {
    if (Status s = RequireUser(c, *comment.moderated_by, "moderated_by"); !s.ok()) return Err(s);
  }
  auto parent_id = ParentOf(c, item.parent_key, article_id);
  if (!parent_id) return Err(parent_id.error());
  auto st = c.Prepare(
      "INSERT INTO comments (article_id, parent_id, name, email, body, status, created_at,"
      " address, moderated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id");
  if (!st) return Err(st.error());
  st->Bind(1, article_id)
      .Bind(2, *parent_id)
      .Bind(3, comment.name)
      .Bind(4, comment.email)
      .Bind(5, comment.body)
      .Bind(6, CommentStatusName(comment.status))
      .Bind(7, ToUnix(comment.created_at))
      .Bind(8, comment.address)
      .Bind(9, comment.moderated_by);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return Internal("inserting a comment returned no id");
  if (Status s = RecordKey(c, item.key, st->Int(0)); !s.ok()) return Err(s);
  return true;
}

// RedirectResult is what AddRedirect found.
enum class RedirectResult { kAdded, kAlreadyThere, kTaken };

// AddRedirect points `path` at story `article_id` unless it leads
// somewhere already.
Result<RedirectResult> AddRedirect(Connection& c, const std::string& path, int64_t article_id) {
  auto insert = c.Prepare(
      "INSERT INTO redirects (path, article_id) VALUES (?1, ?2) ON CONFLICT (path) DO NOTHING");
  if (!insert) return Err(insert.error());
  insert->Bind(1, path).Bind(2, article_id);
  if (Status s = insert->Run(); !s.ok()) return Err(s);
  if (insert->Affected() == 1) return RedirectResult::kAdded;
  auto st = c.Prepare("SELECT article_id FROM redirects WHERE path = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, path);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return Internal("redirect " + Quoted(path) + " vanished");
  return st->Int(0) == article_id ? RedirectResult::kAlreadyThere : RedirectResult::kTaken;
}

}  // namespace

Result<ImportOutcome> SqlStore::ImportArticle(const ImportedArticle& item) {
  if (item.key.empty()) return InvalidArgument("import: the story's key is empty");
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<ImportOutcome> {
    const std::string context = "import " + Quoted(item.key);
    ImportOutcome outcome;
    auto known = LookUpKey(c, item.key);
    if (!known) return Err(known.error());
    if (*known) {
      outcome.article_id = **known;
      auto st = c.Prepare("SELECT 1 FROM articles WHERE id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, outcome.article_id);
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (!*row) {
        return Err(Code::kNotFound, context + ": imported before as story " +
                                        std::to_string(outcome.article_id) +
                                        ", which no longer exists");
      }
    } else {
      auto id = InsertNewArticle(c, item.draft, item.created_at, item.updated_at);
      if (!id) return Err(id.error().WithContext(context));
      if (Status s = RecordKey(c, item.key, *id); !s.ok()) return Err(s.WithContext(context));
      outcome.article_id = *id;
      outcome.created = true;
    }
    for (const ImportedComment& comment : item.comments) {
      if (comment.key.empty()) return InvalidArgument(context + ": a comment's key is empty");
      auto added = AddImportedComment(c, outcome.article_id, comment);
      if (!added) {
        return Err(added.error().WithContext(context + ": comment " + Quoted(comment.key)));
      }
      if (*added) ++outcome.comments_added;
    }
    for (const std::string& path : item.redirect_paths) {
      if (path.empty()) return InvalidArgument(context + ": a redirect path is empty");
      auto target = AddRedirect(c, path, outcome.article_id);
      if (!target) return Err(target.error().WithContext(context + ": redirect " + Quoted(path)));
      if (*target == RedirectResult::kAdded) ++outcome.redirects_added;
      if (*target == RedirectResult::kTaken) ++outcome.redirects_taken;
    }
    return outcome;
  });
}

Result<std::optional<int64_t>> SqlStore::FindImported(const std::string& key) {
  return RunOneRead([&](Connection& c) { return LookUpKey(c, key); });
}

Status SqlStore::RecordImported(const std::string& key, int64_t id) {
  if (key.empty()) return Status(Code::kInvalidArgument, "import key is empty");
  return Run(TxKind::kWrite, [&](Connection& c) { return RecordKey(c, key, id); });
}

Result<Redirect> SqlStore::FindRedirect(const std::string& path) {
  return RunOneRead([&](Connection& c) -> Result<Redirect> {
    auto st = c.Prepare("SELECT article_id FROM redirects WHERE path = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, path);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return Err(Code::kNotFound, "no redirect from " + Quoted(path));
    return Redirect{.path = path, .article_id = st->Int(0)};
  });
}

}  // namespace khabar::sql
