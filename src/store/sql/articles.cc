// SqlStore: creating, reading and saving stories. (Listings are still each
// backend's own: store/<backend>/listings.cc.)
#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "content/slug.h"
#include "store/sql/dialect.h"
#include "store/sql/internal/article_rows.h"
#include "store/sql/internal/names.h"
#include "store/sql/internal/new_article.h"
#include "store/sql/internal/revision_content.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

// SlugTaken reports whether another story than `except_id` has `slug`.
Result<bool> SlugTaken(Connection& c, const std::string& slug, int64_t except_id) {
  auto st = c.Prepare("SELECT 1 FROM articles WHERE slug = ?1 AND id <> ?2");
  if (!st) return Err(st.error());
  st->Bind(1, slug).Bind(2, except_id);
  return st->Step();
}

std::unexpected<Status> SlugTakenError(const std::string& slug) {
  return Err(Code::kAlreadyExists, "an article with slug " + Quoted(slug) + " exists");
}

// SetLinks makes the story's bylines and tags exactly `author_ids` and
// `tag_ids`, in that order, with two statements each whatever their number.
// It changes only the rows that differ, so the change journal records a
// listing change only when a tag or byline was really added or removed (see
// migrations.cc, kChangesSqlite): the upsert leaves a link whose position is
// unchanged alone. The ids are distinct (FindOrCreateAll), as one INSERT may
// not update a row twice.
Status SetLinks(Connection& c, int64_t article_id, const std::vector<int64_t>& author_ids,
                const std::vector<int64_t>& tag_ids) {
  struct Links {
    const char* table;
    const char* column;
    const std::vector<int64_t>& ids;
  };
  const Dialect& d = c.dialect();
  for (const Links& links : {Links{"article_authors", "author_id", author_ids},
                             Links{"article_tags", "tag_id", tag_ids}}) {
    const std::string table = links.table;
    const std::string column = links.column;
    std::vector<int64_t> positions(links.ids.size());
    for (size_t i = 0; i < positions.size(); ++i) positions[i] = static_cast<int64_t>(i);
    auto remove = c.Prepare("DELETE FROM " + table + " WHERE article_id = ?1 AND " + column +
                            " NOT IN (SELECT value FROM " + d.IdTable("?2", "j") + ")");
    if (!remove) return remove.error();
    remove->Bind(1, article_id).Bind(2, d.EncodeIds(links.ids));
    if (Status s = remove->Run(); !s.ok()) return s;
    if (links.ids.empty()) continue;
    // WHERE true: SQLite would read ON CONFLICT after a bare FROM as a
    // join's ON.
    auto upsert = c.Prepare("INSERT INTO " + table + " (article_id, " + column +
                            ", position) SELECT CAST(?1 AS BIGINT), l.a, l.b FROM " +
                            d.PairTable("?2", "?3", "l") + " WHERE true ON CONFLICT (article_id, " +
                            column + ") DO UPDATE SET position = excluded.position WHERE " + table +
                            ".position IS DISTINCT FROM excluded.position");
    if (!upsert) return upsert.error();
    upsert->Bind(1, article_id).Bind(2, d.EncodeIds(links.ids)).Bind(3, d.EncodeIds(positions));
    if (Status s = upsert->Run(); !s.ok()) return s;
  }
  return Status();
}

// ResolvedNames are the row ids a draft's names find or create.
struct ResolvedNames {
  int64_t section_id = 0;
  std::vector<int64_t> author_ids;
  std::vector<int64_t> tag_ids;
};

Result<ResolvedNames> ResolveNames(Connection& c, const ArticleDraft& draft) {
  ResolvedNames r;
  auto section_id =
      FindOrCreateSection(c, draft.section_name, draft.edition, draft.may_create_section);
  if (!section_id) return Err(section_id.error().WithContext("section"));
  r.section_id = *section_id;
  auto author_ids = FindOrCreateAll(c, kAuthors, draft.author_names);
  if (!author_ids) return Err(author_ids.error().WithContext("authors"));
  r.author_ids = std::move(*author_ids);
  auto tag_ids = FindOrCreateAll(c, kTags, draft.tag_names);
  if (!tag_ids) return Err(tag_ids.error().WithContext("tags"));
  r.tag_ids = std::move(*tag_ids);
  return r;
}

// CheckEdition enforces the translation rules for story `id` (0: a story
// not yet created) about to be saved in `edition` as a translation of
// `translation_of`: the original exists, is of another edition, is not a
// translation itself and is not the story; a story others translate is
// not a translation and does not move to the edition of one of them.
Status CheckEdition(Connection& c, int64_t id, const std::string& edition,
                    std::optional<int64_t> translation_of) {
  if (translation_of) {
    if (*translation_of == id) {
      return Status(Code::kInvalidArgument, "translation_of: a story cannot translate itself");
    }
    auto st = c.Prepare("SELECT edition, translation_of FROM articles WHERE id = ?1");
    if (!st) return st.error();
    st->Bind(1, *translation_of);
    auto row = st->Step();
    if (!row) return row.error();
    const std::string original = "translation_of: story " + std::to_string(*translation_of);
    if (!*row) return Status(Code::kInvalidArgument, original + " does not exist");
    if (st->Text(0) == edition) {
      return Status(Code::kInvalidArgument,
                    original + " is in the same edition " + Quoted(edition));
    }
    if (!st->IsNull(1)) {
      return Status(Code::kInvalidArgument, original + " is itself a translation (of story " +
                                                std::to_string(st->Int(1)) + "): link to that one");
    }
  }
  if (id == 0) return Status();
  auto st = c.Prepare(
      "SELECT id, edition = ?2 FROM articles WHERE translation_of = ?1"
      " ORDER BY edition = ?2 DESC, id LIMIT 1");
  if (!st) return st.error();
  st->Bind(1, id).Bind(2, edition);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Status();
  if (translation_of) {
    return Status(Code::kInvalidArgument,
                  "translation_of: story " + std::to_string(st->Int(0)) +
                      " translates this one, so it cannot be a translation itself");
  }
  if (st->Int(1) != 0) {
    return Status(Code::kInvalidArgument, "edition: story " + std::to_string(st->Int(0)) +
                                              ", a translation of this one, is in edition " +
                                              Quoted(edition));
  }
  return Status();
}

// BindImage binds the image columns at ?first .. ?first+5.
void BindImage(Statement& st, int first, const std::optional<Image>& image) {
  if (image) {
    st.Bind(first, image->file)
        .Bind(first + 1, image->caption)
        .Bind(first + 2, image->credit)
        .Bind(first + 3, image->alt)
        .Bind(first + 4, int64_t{image->width})
        .Bind(first + 5, int64_t{image->height});
  } else {
    st.Bind(first, std::optional<int64_t>())
        .Bind(first + 1, "")
        .Bind(first + 2, "")
        .Bind(first + 3, "")
        .Bind(first + 4, int64_t{0})
        .Bind(first + 5, int64_t{0});
  }
}

// RevisionOf is the part of a draft a revision keeps: everything but the
// status and time, with the slug as stored.
ArticleDraft RevisionOf(ArticleDraft draft, std::string slug) {
  draft.slug = std::move(slug);
  draft.status = ArticleStatus::kDraft;
  draft.published_at.reset();
  return draft;
}

}  // namespace

Result<int64_t> InsertNewArticle(Connection& c, const ArticleDraft& draft, Seconds created_at,
                                 Seconds updated_at) {
  if (Status s = ValidateDraft(draft); !s.ok()) return Err(s);
  const std::string slug = draft.slug.empty() ? Slugify(draft.headline) : draft.slug;
  if (draft.slug.empty() && slug.empty()) {
    return InvalidArgument("slug: the headline " + Quoted(draft.headline) +
                           " has no letters or digits to make a slug from; give one");
  }
  if (!IsValidSlug(slug)) return InvalidArgument("slug: " + Quoted(slug) + " is not a valid slug");

  auto taken = SlugTaken(c, slug, 0);
  if (!taken) return Err(taken.error());
  if (*taken) return SlugTakenError(slug);
  if (draft.created_by) {
    if (Status s = RequireUser(c, *draft.created_by, "created_by"); !s.ok()) return Err(s);
  }
  if (Status s = CheckEdition(c, 0, draft.edition, draft.translation_of); !s.ok()) {
    return Err(s);
  }
  auto names = ResolveNames(c, draft);
  if (!names) return Err(names.error());

  auto st = c.Prepare(
      "INSERT INTO articles (slug, headline, standfirst, body_markdown, body_html, section_id,"
      " status, published_at, created_at, updated_at, comments_open, image_file,"
      " image_caption, image_credit, image_alt, image_width, image_height,"
      " breaking, correction, created_by, updated_by, version, edition, translation_of)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?22, ?10, ?11, ?12, ?13, ?14, ?15, ?16,"
      " ?17, ?18, ?19, ?19, 1, ?20, ?21) RETURNING id");
  if (!st) return Err(st.error());
  st->Bind(1, slug)
      .Bind(2, draft.headline)
      .Bind(3, draft.standfirst)
      .Bind(4, draft.body_markdown)
      .Bind(5, draft.body_html)
      .Bind(6, names->section_id)
      .Bind(7, ArticleStatusName(draft.status))
      .Bind(8, ToUnix(draft.published_at))
      .Bind(9, ToUnix(created_at))
      .Bind(10, Flag(draft.comments_open))
      .Bind(17, Flag(draft.breaking))
      .Bind(18, draft.correction)
      .Bind(19, draft.created_by)
      .Bind(20, draft.edition)
      .Bind(21, draft.translation_of)
      .Bind(22, ToUnix(updated_at));
  BindImage(*st, 11, draft.image);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return Internal("inserting a story returned no id");
  const int64_t id = st->Int(0);

  if (Status s = SetLinks(c, id, names->author_ids, names->tag_ids); !s.ok()) return Err(s);
  if (Status s = c.dialect().ReindexArticles(c, {id}); !s.ok()) return Err(s);
  if (Status s = RecordRevision(c, id, 1, RevisionOf(draft, slug), draft.created_by, created_at);
      !s.ok()) {
    return Err(s);
  }
  return id;
}

Result<int64_t> SqlStore::CreateArticle(const ArticleDraft& draft, Seconds now) {
  // What needs no database is refused before taking the write lock.
  if (Status s = ValidateDraft(draft); !s.ok()) return Err(s);
  return Run(TxKind::kWrite, [&](Connection& c) { return InsertNewArticle(c, draft, now, now); });
}

Result<Article> SqlStore::GetArticle(int64_t id) {
  return Run(TxKind::kRead, [&](Connection& c) { return LoadArticle(c, id); });
}

Result<std::vector<Article>> SqlStore::ListTranslations(int64_t id, Seconds now) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // A group is keyed by its original's id (no chains): the original by
    // its id, the translations by articles_by_translation.
    const Dialect& d = c.dialect();
    const std::string join(d.DrivingJoin());
    auto st = c.Prepare(
        "WITH g (id) AS (SELECT coalesce(translation_of, id) FROM articles WHERE id = ?1),"
        " members (id) AS (SELECT id FROM g UNION SELECT m.id FROM g " +
        join + " articles m ON m.translation_of = g.id) SELECT " + kListFields +
        " FROM members x " + join +
        " articles a ON a.id = x.id JOIN sections s ON s.id = a.section_id"
        " WHERE a.id <> ?1 AND a.status = ?2 AND a.published_at <= ?3"
        " ORDER BY a.edition COLLATE " +
        std::string(d.BytewiseCollation()) + ", a.id");
    if (!st) return Err(st.error());
    st->Bind(1, id).Bind(2, ArticleStatusName(ArticleStatus::kPublished)).Bind(3, ToUnix(now));
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<Article> SqlStore::UpdateArticle(int64_t id, const ArticleDraft& draft,
                                        int64_t expected_version, int64_t user_id, Seconds now) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<Article> {
    auto head = LoadHead(c, id);
    if (!head) return Err(head.error());
    if (Status s = CheckVersion(c, id, *head, expected_version); !s.ok()) return Err(s);

    // Status and time belong to TransitionArticle; an empty slug keeps the
    // story's, so editing a headline never moves a published URL.
    ArticleDraft content = RevisionOf(draft, draft.slug.empty() ? head->slug : draft.slug);
    content.created_by = head->created_by;
    if (Status s = ValidateDraft(content); !s.ok()) return Err(s);
    auto taken = SlugTaken(c, content.slug, id);
    if (!taken) return Err(taken.error());
    if (*taken) return SlugTakenError(content.slug);
    if (Status s = RequireUser(c, user_id, "save"); !s.ok()) return Err(s);
    if (Status s = CheckEdition(c, id, content.edition, content.translation_of); !s.ok()) {
      return Err(s);
    }
    auto names = ResolveNames(c, content);
    if (!names) return Err(names.error());

    const int64_t version = head->version + 1;
    auto st = c.Prepare(
        "UPDATE articles SET slug = ?2, headline = ?3, standfirst = ?4, body_markdown = ?5,"
        " body_html = ?6, section_id = ?7, comments_open = ?8, image_file = ?9,"
        " image_caption = ?10, image_credit = ?11, image_alt = ?12, image_width = ?13,"
        " image_height = ?14, breaking = ?15, correction = ?16, updated_at = ?17,"
        " updated_by = ?18, version = ?19, edition = ?20, translation_of = ?21"
        " WHERE id = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, id)
        .Bind(2, content.slug)
        .Bind(3, content.headline)
        .Bind(4, content.standfirst)
        .Bind(5, content.body_markdown)
        .Bind(6, content.body_html)
        .Bind(7, names->section_id)
        .Bind(8, Flag(content.comments_open))
        .Bind(15, Flag(content.breaking))
        .Bind(16, content.correction)
        .Bind(17, ToUnix(now))
        .Bind(18, user_id)
        .Bind(19, version)
        .Bind(20, content.edition)
        .Bind(21, content.translation_of);
    BindImage(*st, 9, content.image);
    if (Status s = st->Run(); !s.ok()) return Err(s);
    if (Status s = SetLinks(c, id, names->author_ids, names->tag_ids); !s.ok()) return Err(s);
    if (Status s = c.dialect().ReindexArticles(c, {id}); !s.ok()) return Err(s);
    if (Status s = RecordRevision(c, id, version, content, user_id, now); !s.ok()) return Err(s);

    // What the editor autosaved is now saved for real.
    auto clear = c.Prepare("DELETE FROM autosaves WHERE article_id = ?1 AND user_id = ?2");
    if (!clear) return Err(clear.error());
    clear->Bind(1, id).Bind(2, user_id);
    if (Status s = clear->Run(); !s.ok()) return Err(s);
    return LoadArticle(c, id);
  });
}

}  // namespace khabar::sql
