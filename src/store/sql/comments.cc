// SqlStore: readers' comments and their moderation.
#include <string>
#include <vector>

#include "store/sql/dialect.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

const std::string kCommentColumns =
    "SELECT c.id, c.article_id, c.parent_id, c.name, c.email, c.body, c.status, c.created_at,"
    " c.address, c.moderated_by";
constexpr int kCommentColumnCount = 10;

Result<Comment> ReadComment(const Statement& st) {
  std::string status_name = st.Text(6);
  auto status = ParseCommentStatus(status_name);
  if (!status) return Internal("stored comment status " + Quoted(status_name) + " is unknown");
  return Comment{.id = st.Int(0),
                 .article_id = st.Int(1),
                 .parent_id = OptionalInt(st, 2),
                 .name = st.Text(3),
                 .email = st.Text(4),
                 .body = st.Text(5),
                 .status = *status,
                 .created_at = FromUnix(st.Int(7)),
                 .address = st.Text(8),
                 .moderated_by = OptionalInt(st, 9)};
}

bool IsValidCommentStatus(CommentStatus s) {
  return s == CommentStatus::kPending || s == CommentStatus::kApproved ||
         s == CommentStatus::kRejected || s == CommentStatus::kSpam;
}

}  // namespace

Result<int64_t> SqlStore::AddComment(const Comment& comment) {
  if (!IsValidCommentStatus(comment.status)) return InvalidArgument("unknown comment status");
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    // The story and the parent are checked first, so a bad id is a clear
    // kInvalidArgument rather than a foreign-key failure.
    {
      auto st = c.Prepare("SELECT 1 FROM articles WHERE id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, comment.article_id);
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (!*row) {
        return InvalidArgument("comment: story " + std::to_string(comment.article_id) +
                               " does not exist");
      }
    }
    if (comment.parent_id) {
      // One level of replies: the parent must be a top-level comment of the
      // same story.
      auto st = c.Prepare("SELECT article_id, parent_id FROM comments WHERE id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, *comment.parent_id);
      auto row = st->Step();
      if (!row) return Err(row.error());
      const std::string parent = "comment " + std::to_string(*comment.parent_id);
      if (!*row) return InvalidArgument("reply: " + parent + " does not exist");
      if (st->Int(0) != comment.article_id) {
        return InvalidArgument("reply: " + parent + " is on another story");
      }
      if (!st->IsNull(1)) {
        return InvalidArgument("reply: " + parent + " is itself a reply; reply to its parent");
      }
    }
    auto st = c.Prepare(
        "INSERT INTO comments (article_id, parent_id, name, email, body, status, created_at,"
        " address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
    if (!st) return Err(st.error());
    st->Bind(1, comment.article_id)
        .Bind(2, comment.parent_id)
        .Bind(3, comment.name)
        .Bind(4, comment.email)
        .Bind(5, comment.body)
        .Bind(6, CommentStatusName(comment.status))
        .Bind(7, ToUnix(comment.created_at))
        .Bind(8, comment.address);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return Internal("add comment: INSERT returned no id");
    return st->Int(0);
  });
}

Result<std::vector<Comment>> SqlStore::ListApprovedComments(int64_t article_id) {
  return RunOneRead([&](Connection& c) -> Result<std::vector<Comment>> {
    auto st = c.Prepare(kCommentColumns +
                        " FROM comments c WHERE c.article_id = ?1 AND c.status = ?2"
                        " ORDER BY c.created_at, c.id");
    if (!st) return Err(st.error());
    st->Bind(1, article_id).Bind(2, CommentStatusName(CommentStatus::kApproved));
    std::vector<Comment> comments;
    Status s = ForEachRow(*st, [&]() -> Status {
      auto comment = ReadComment(*st);
      if (!comment) return comment.error();
      comments.push_back(std::move(*comment));
      return Status();
    });
    if (!s.ok()) return Err(s);
    return comments;
  });
}

Result<std::vector<CommentLine>> SqlStore::ListCommentsByStatus(CommentStatus status,
                                                                int64_t offset, int64_t limit) {
  if (offset < 0) return InvalidArgument("offset must not be negative");
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<CommentLine>> {
    auto st =
        c.Prepare(kCommentColumns +
                  ", a.headline, a.slug FROM comments c JOIN articles a ON a.id = c.article_id"
                  " WHERE c.status = ?1 ORDER BY c.created_at DESC, c.id DESC"
                  " LIMIT ?2 OFFSET ?3");
    if (!st) return Err(st.error());
    st->Bind(1, CommentStatusName(status)).Bind(2, limit).Bind(3, offset);
    std::vector<CommentLine> lines;
    Status s = ForEachRow(*st, [&]() -> Status {
      auto comment = ReadComment(*st);
      if (!comment) return comment.error();
      lines.push_back(CommentLine{.comment = std::move(*comment),
                                  .article_headline = st->Text(kCommentColumnCount),
                                  .article_slug = st->Text(kCommentColumnCount + 1)});
      return Status();
    });
    if (!s.ok()) return Err(s);
    return lines;
  });
}

Result<std::map<CommentStatus, int64_t>> SqlStore::CountCommentsByStatus() {
  return RunOneRead([&](Connection& c) -> Result<std::map<CommentStatus, int64_t>> {
    auto st = c.Prepare("SELECT status, count(*) FROM comments GROUP BY status");
    if (!st) return Err(st.error());
    std::map<CommentStatus, int64_t> counts;
    for (auto s : {CommentStatus::kPending, CommentStatus::kApproved, CommentStatus::kRejected,
                   CommentStatus::kSpam}) {
      counts[s] = 0;
    }
    Status s = ForEachRow(*st, [&]() -> Status {
      auto status = ParseCommentStatus(st->Text(0));
      if (!status) return status.error();
      counts[*status] = st->Int(1);
      return Status();
    });
    if (!s.ok()) return Err(s);
    return counts;
  });
}

// The interface gives no time for a moderation, so moderated_at is the
// database's clock (the transaction's start); nothing reads it back yet (it
// is for audits).
Status SqlStore::ModerateComment(int64_t id, CommentStatus status, int64_t user_id) {
  if (!IsValidCommentStatus(status)) {
    return Status(Code::kInvalidArgument, "unknown comment status");
  }
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    if (Status s = RequireUser(c, user_id, "moderation"); !s.ok()) return s;
    auto st = c.Prepare(
        "UPDATE comments SET status = ?2, moderated_by = ?3,"
        " moderated_at = " +
        c.dialect().UnixNow() + " WHERE id = ?1");
    if (!st) return st.error();
    st->Bind(1, id).Bind(2, CommentStatusName(status)).Bind(3, user_id);
    if (Status s = st->Run(); !s.ok()) return s;
    if (st->Affected() == 0) {
      return Status(Code::kNotFound, "comment " + std::to_string(id) + " not found");
    }
    return Status();
  });
}

Result<int64_t> SqlStore::CountCommentsFrom(const std::string& address, Seconds since) {
  return RunOneRead([&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare("SELECT count(*) FROM comments WHERE address = ?1 AND created_at >= ?2");
    if (!st) return Err(st.error());
    st->Bind(1, address).Bind(2, ToUnix(since));
    auto row = st->Step();
    if (!row) return Err(row.error());
    return *row ? st->Int(0) : 0;
  });
}

}  // namespace khabar::sql
