// SqlStore: moving stories through the workflow, by hand and by the
// scheduler, and their history of moves.
#include <optional>
#include <string>
#include <vector>

#include "store/sql/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

// RecordEvent notes that story `id` went from `from` to `to`, making
// `version`; a null user is the scheduler.
Status RecordEvent(Connection& c, int64_t id, int64_t version, ArticleStatus from, ArticleStatus to,
                   std::optional<int64_t> user_id, Seconds at) {
  auto st = c.Prepare(
      "INSERT INTO article_events (article_id, version, from_status, to_status, user_id, at)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!st) return st.error();
  st->Bind(1, id)
      .Bind(2, version)
      .Bind(3, ArticleStatusName(from))
      .Bind(4, ArticleStatusName(to))
      .Bind(5, user_id)
      .Bind(6, ToUnix(at));
  return st->Run();
}

bool NeedsTime(ArticleStatus s) {
  return s == ArticleStatus::kPublished || s == ArticleStatus::kScheduled;
}

}  // namespace

// A move is not an edit of the content: updated_at (the page's "Updated"
// line) stays as it is; the event records when the move happened.
Result<Article> SqlStore::TransitionArticle(int64_t id, ArticleStatus to,
                                            std::optional<Seconds> published_at,
                                            int64_t expected_version, int64_t user_id,
                                            Seconds now) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<Article> {
    auto head = LoadHead(c, id);
    if (!head) return Err(head.error());
    if (Status s = CheckVersion(c, id, *head, expected_version); !s.ok()) return Err(s);
    const std::optional<Seconds> when = published_at ? published_at : head->published_at;
    if (NeedsTime(to) && !when) {
      return InvalidArgument("a " + std::string(ArticleStatusName(to)) +
                             " story needs a published time");
    }
    if (Status s = RequireUser(c, user_id, "status move"); !s.ok()) return Err(s);
    const int64_t version = head->version + 1;
    auto st =
        c.Prepare("UPDATE articles SET status = ?2, published_at = ?3, version = ?4 WHERE id = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, id).Bind(2, ArticleStatusName(to)).Bind(3, ToUnix(when)).Bind(4, version);
    if (Status s = st->Run(); !s.ok()) return Err(s);
    if (Status s = RecordEvent(c, id, version, head->status, to, user_id, now); !s.ok()) {
      return Err(s);
    }
    // Search holds published stories only: this move may add or remove it.
    if (Status s = c.dialect().ReindexArticles(c, {id}); !s.ok()) return Err(s);
    return LoadArticle(c, id);
  });
}

// The write transaction (TxKind::kWrite) is what makes concurrent callers
// safe: the second one, in this process or another, on this node or
// another, starts only after the first committed, and each of its
// statements sees what was committed before the statement began, so no
// longer the stories the first one published. Each due story is published,
// and reported, exactly once.
Result<std::vector<int64_t>> SqlStore::PublishDueArticles(Seconds now) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<std::vector<int64_t>> {
    struct Due {
      int64_t id;
      int64_t version;
    };
    std::vector<Due> due;
    {
      auto st = c.Prepare(
          "SELECT id, version FROM articles"
          " WHERE status = CAST(?1 AS TEXT) AND published_at <= CAST(?2 AS BIGINT)"
          " ORDER BY published_at, id");
      if (!st) return Err(st.error());
      st->Bind(1, ArticleStatusName(ArticleStatus::kScheduled)).Bind(2, ToUnix(now));
      Status s = ForEachRow(*st, [&] { due.push_back({st->Int(0), st->Int(1)}); });
      if (!s.ok()) return Err(s);
    }
    std::vector<int64_t> ids;
    for (const Due& d : due) {
      // A publication is a change like any other: an editor who opened the
      // scheduled story must reload before moving it again.
      auto st = c.Prepare("UPDATE articles SET status = ?2, version = ?3 WHERE id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, d.id)
          .Bind(2, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(3, d.version + 1);
      if (Status s = st->Run(); !s.ok()) return Err(s);
      if (Status s = RecordEvent(c, d.id, d.version + 1, ArticleStatus::kScheduled,
                                 ArticleStatus::kPublished, std::nullopt, now);
          !s.ok()) {
        return Err(s);
      }
      if (Status s = c.dialect().ReindexArticles(c, {d.id}); !s.ok()) return Err(s);
      ids.push_back(d.id);
    }
    return ids;
  });
}

Result<std::vector<ArticleEvent>> SqlStore::ListArticleEvents(int64_t id) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<ArticleEvent>> {
    if (auto head = LoadHead(c, id); !head) return Err(head.error());
    auto st = c.Prepare(
        "SELECT e.from_status, e.to_status, e.user_id, coalesce(u.display_name, ''), e.at"
        " FROM article_events e LEFT JOIN users u ON u.id = e.user_id"
        " WHERE e.article_id = ?1 ORDER BY e.version, e.id");
    if (!st) return Err(st.error());
    st->Bind(1, id);
    std::vector<ArticleEvent> events;
    Status s = ForEachRow(*st, [&]() -> Status {
      auto from = ReadStatus(*st, 0);
      if (!from) return from.error();
      auto to = ReadStatus(*st, 1);
      if (!to) return to.error();
      events.push_back(ArticleEvent{.from = *from,
                                    .to = *to,
                                    .user_id = OptionalInt(*st, 2),
                                    .user_name = st->Text(3),
                                    .at = FromUnix(st->Int(4))});
      return Status();
    });
    if (!s.ok()) return Err(s);
    return events;
  });
}

}  // namespace khabar::sql
