// PostgresStore: creating, reading, listing and saving stories.
#include <string>
#include <utility>
#include <vector>

#include "content/slug.h"
#include "store/postgres/internal/article_rows.h"
#include "store/postgres/internal/names.h"
#include "store/postgres/internal/new_article.h"
#include "store/postgres/internal/postgres_store_impl.h"
#include "store/postgres/internal/revision_content.h"
#include "store/postgres/internal/search_index.h"
#include "store/postgres/internal/sql_values.h"

namespace khabar::postgres_internal {
namespace {

// SlugTaken reports whether another story than `except_id` has `slug`.
// Saves check first rather than catch the unique violation, which would
// abort the whole transaction.
Result<bool> SlugTaken(Connection& c, const std::string& slug, int64_t except_id) {
  auto st = c.Prepare("SELECT 1 FROM articles WHERE slug = $1::text AND id <> $2::bigint");
  if (!st) return Err(st.error());
  st->Bind(1, slug).Bind(2, except_id);
  return st->Step();
}

std::unexpected<Status> SlugTakenError(const std::string& slug) {
  return Err(Code::kAlreadyExists, "an article with slug " + Quoted(slug) + " exists");
}

// SetLinks makes the story's bylines and tags exactly `author_ids` and
// `tag_ids`, in that order. It changes only the rows that differ, so the
// change journal records a listing change only when a tag or byline was
// really added or removed (see migrations.cc, kChangesPostgres): the upsert
// leaves a link whose position is unchanged alone. The ids are distinct
// (FindOrCreateAll), as one INSERT may not update a row twice.
Status SetLinks(Connection& c, int64_t article_id, const std::vector<int64_t>& author_ids,
                const std::vector<int64_t>& tag_ids) {
  struct Links {
    const char* remove_others;
    const char* upsert;
    const std::vector<int64_t>& ids;
  };
  for (const Links& links :
       {Links{"DELETE FROM article_authors WHERE article_id = $1::bigint"
              " AND author_id <> ALL ($2::bigint[])",
              "INSERT INTO article_authors (article_id, author_id, position)"
              " SELECT $1::bigint, l.id, l.ord - 1"
              " FROM unnest($2::bigint[]) WITH ORDINALITY l (id, ord)"
              " ON CONFLICT (article_id, author_id) DO UPDATE SET position = excluded.position"
              " WHERE article_authors.position IS DISTINCT FROM excluded.position",
              author_ids},
        Links{"DELETE FROM article_tags WHERE article_id = $1::bigint"
              " AND tag_id <> ALL ($2::bigint[])",
              "INSERT INTO article_tags (article_id, tag_id, position)"
              " SELECT $1::bigint, l.id, l.ord - 1"
              " FROM unnest($2::bigint[]) WITH ORDINALITY l (id, ord)"
              " ON CONFLICT (article_id, tag_id) DO UPDATE SET position = excluded.position"
              " WHERE article_tags.position IS DISTINCT FROM excluded.position",
              tag_ids}}) {
    const std::string ids = IdsArray(links.ids);
    for (const char* sql : {links.remove_others, links.upsert}) {
      auto st = c.Prepare(sql);
      if (!st) return st.error();
      st->Bind(1, article_id).Bind(2, ids);
      if (Status s = st->Run(); !s.ok()) return s;
    }
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
    auto st = c.Prepare("SELECT edition, translation_of FROM articles WHERE id = $1::bigint");
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
      "SELECT id, edition = $2::text FROM articles WHERE translation_of = $1::bigint"
      " ORDER BY edition = $2::text DESC, id LIMIT 1");
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

// BindImage binds the image columns at $first .. $first+5.
void BindImage(Statement& st, int first, const std::optional<Image>& image) {
  if (image) {
    st.Bind(first, image->file)
        .Bind(first + 1, image->caption)
        .Bind(first + 2, image->credit)
        .Bind(first + 3, image->alt)
        .Bind(first + 4, int64_t{image->width})
        .Bind(first + 5, int64_t{image->height});
  } else {
    st.BindNull(first)
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

// Stories with no time yet (drafts) come first: they are the newest work.
const std::string kLineOrder = " ORDER BY a.published_at DESC NULLS FIRST, a.id DESC";

// ContainsAnyCase returns a condition that `column` contains `text` literally,
// folding ASCII case as SQLite's LIKE does: `text`'s own %, _ and \ are
// escaped (\ is PostgreSQL's default LIKE escape), and the pattern is bound
// through `params`.
std::string ContainsAnyCase(const std::string& column, const std::string& text, SqlParams& params) {
  std::string pattern = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  pattern += '%';
  return AsciiLower(column) + " LIKE " + AsciiLower(params.Text(pattern));
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
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $22, $10, $11, $12, $13, $14, $15, $16,"
      " $17, $18, $19, $19, 1, $20, $21)"
      " RETURNING id");
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
  if (Status s = ReindexArticle(c, id); !s.ok()) return Err(s);
  if (Status s = RecordRevision(c, id, 1, RevisionOf(draft, slug), draft.created_by, created_at);
      !s.ok()) {
    return Err(s);
  }
  return id;
}

Result<int64_t> PostgresStore::CreateArticle(const ArticleDraft& draft, Seconds now) {
  // What needs no database is refused before taking the write lock.
  if (Status s = ValidateDraft(draft); !s.ok()) return Err(s);
  return Run(TxKind::kWrite, [&](Connection& c) { return InsertNewArticle(c, draft, now, now); });
}

Result<Article> PostgresStore::GetArticle(int64_t id) {
  return Run(TxKind::kRead, [&](Connection& c) { return LoadArticle(c, id); });
}

Result<ArticlePage> PostgresStore::ListLiveArticles(const ArticleQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // The SQL is assembled from fixed fragments only; the slugs are bound. An
  // unknown slug makes its subquery NULL, which matches nothing. Unlike
  // SQLite's, PostgreSQL's planner weighs a tag's or author's links against
  // a walk of the live stories (articles_by_status) by itself, so one form
  // of the query serves every listing.
  SqlParams params;
  std::string where =
      " WHERE a.status = " + params.Text(ArticleStatusName(ArticleStatus::kPublished)) +
      " AND a.published_at <= " + params.Int(ToUnix(query.now));
  if (query.section_slug) {
    where += " AND a.section_id = (SELECT id FROM sections WHERE slug = " +
             params.Text(*query.section_slug) + ")";
  }
  if (query.tag_slug) {
    where +=
        " AND EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = a.id"
        " AND x.tag_id = (SELECT id FROM tags WHERE slug = " +
        params.Text(*query.tag_slug) + "))";
  }
  if (query.author_slug) {
    where +=
        " AND EXISTS (SELECT 1 FROM article_authors y WHERE y.article_id = a.id"
        " AND y.author_id = (SELECT id FROM authors WHERE slug = " +
        params.Text(*query.author_slug) + "))";
  }
  if (query.published_after) {
    where += " AND a.published_at > " + params.Int(ToUnix(*query.published_after));
  }
  if (query.published_before) {
    where += " AND a.published_at < " + params.Int(ToUnix(*query.published_before));
  }
  if (query.edition) where += " AND a.edition = " + params.Text(*query.edition);
  // The page's bounds come last, so the count binds the same parameters
  // but these two.
  SqlParams page_params = params;
  const std::string page_sql =
      "SELECT " + (query.with_body ? kArticleFields : kListFields) + kArticleFrom + where +
      " ORDER BY a.published_at DESC, a.id DESC LIMIT " + page_params.Int(query.limit) +
      " OFFSET " + page_params.Int(query.offset);

  return Run(TxKind::kRead, [&](Connection& c) -> Result<ArticlePage> {
    ArticlePage page;
    {
      auto st = c.Prepare("SELECT count(*) FROM articles a" + where);
      if (!st) return Err(st.error());
      params.Bind(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      page.total = *row ? st->Int(0) : 0;
    }
    if (query.limit == 0 || query.offset >= page.total) return page;
    auto st = c.Prepare(page_sql);
    if (!st) return Err(st.error());
    page_params.Bind(*st);
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    page.items = std::move(*items);
    if (Status s = AttachDetails(c, page.items); !s.ok()) return Err(s);
    return page;
  });
}

Result<std::vector<Article>> PostgresStore::RelatedArticles(int64_t id, Seconds now,
                                                            int64_t limit) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  if (limit == 0) return std::vector<Article>{};
  constexpr int64_t kMaxTags = 10;  // a story's first tags say what it is about
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // The candidates are the newest kRelatedPerTag stories of each of the
    // story's first tags (article_tags_by_tag, read backwards), kept if
    // live; then most shared tags first, then newest, then the highest id.
    std::vector<int64_t> ids;
    {
      auto st = c.Prepare(
          "WITH mine AS (SELECT tag_id FROM article_tags WHERE article_id = $1::bigint"
          "  ORDER BY position, tag_id LIMIT $2::bigint),"
          " cand AS (SELECT x.article_id FROM mine CROSS JOIN LATERAL ("
          "  SELECT article_id FROM article_tags"
          "  WHERE tag_id = mine.tag_id AND article_id <> $1::bigint"
          "  ORDER BY article_id DESC LIMIT $3::bigint) x)"
          " SELECT l.id FROM cand JOIN articles l ON l.id = cand.article_id"
          " WHERE l.status = $4::text AND l.published_at <= $5::bigint"
          " AND l.edition = (SELECT edition FROM articles WHERE id = $1::bigint)"
          " GROUP BY l.id, l.published_at"
          " ORDER BY count(*) DESC, l.published_at DESC, l.id DESC LIMIT $6::bigint");
      if (!st) return Err(st.error());
      st->Bind(1, id)
          .Bind(2, kMaxTags)
          .Bind(3, kRelatedPerTag)
          .Bind(4, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(5, ToUnix(now))
          .Bind(6, limit);
      if (Status s = ForEachRow(*st, [&] { ids.push_back(st->Int(0)); }); !s.ok()) return Err(s);
    }
    auto items = LoadListed(c, ids);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<std::vector<Article>> PostgresStore::ListTranslations(int64_t id, Seconds now) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // A group is keyed by its original's id (no chains): the original by
    // its id, the translations by articles_by_translation.
    auto st = c.Prepare(
        "WITH g (id) AS (SELECT coalesce(translation_of, id) FROM articles WHERE id = $1::bigint)"
        " SELECT " +
        kListFields + kArticleFrom +
        " WHERE a.id IN (SELECT id FROM g UNION SELECT m.id FROM g"
        "  JOIN articles m ON m.translation_of = g.id)"
        " AND a.id <> $1::bigint AND a.status = $2::text AND a.published_at <= $3::bigint"
        " ORDER BY a.edition COLLATE \"C\", a.id");
    if (!st) return Err(st.error());
    st->Bind(1, id).Bind(2, ArticleStatusName(ArticleStatus::kPublished)).Bind(3, ToUnix(now));
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<std::vector<ArticleLine>> PostgresStore::ListArticleLines() {
  return RunOneRead([&](Connection& c) -> Result<std::vector<ArticleLine>> {
    auto st = c.Prepare(kLineColumns + kLineOrder);
    if (!st) return Err(st.error());
    return ReadLines(*st);
  });
}

Result<std::pair<std::vector<ArticleLine>, int64_t>> PostgresStore::FindArticleLines(
    const ArticleFilter& filter) {
  using Found = std::pair<std::vector<ArticleLine>, int64_t>;
  if (filter.offset < 0) return InvalidArgument("offset must not be negative");
  if (filter.limit < 0) return InvalidArgument("limit must not be negative");
  // Fixed fragments only, as in ListLiveArticles. `text` matches literally,
  // folding ASCII case (ContainsAnyCase).
  SqlParams params;
  std::string where = " WHERE TRUE";
  if (filter.status) where += " AND a.status = " + params.Text(ArticleStatusName(*filter.status));
  if (filter.created_by) where += " AND a.created_by = " + params.Int(*filter.created_by);
  if (filter.section_slug) where += " AND s.slug = " + params.Text(*filter.section_slug);
  if (filter.text) where += " AND " + ContainsAnyCase("a.headline", *filter.text, params);
  if (filter.published_from) {
    where += " AND a.published_at >= " + params.Int(ToUnix(*filter.published_from));
  }
  if (filter.published_to) {
    where += " AND a.published_at < " + params.Int(ToUnix(*filter.published_to));
  }
  if (filter.edition) where += " AND a.edition = " + params.Text(*filter.edition);
  if (filter.visible_to) {
    where += " AND (a.created_by = " + params.Int(filter.visible_to->user_id) +
             " OR (a.status = " + params.Text(ArticleStatusName(ArticleStatus::kPublished)) +
             " AND a.published_at <= " + params.Int(ToUnix(filter.visible_to->now)) + "))";
  }
  SqlParams page_params = params;
  const std::string page_sql = kLineColumns + where + kLineOrder + " LIMIT " +
                               page_params.Int(filter.limit) + " OFFSET " +
                               page_params.Int(filter.offset);

  return Run(TxKind::kRead, [&](Connection& c) -> Result<Found> {
    Found found;
    {
      auto st = c.Prepare("SELECT count(*) FROM articles a JOIN sections s ON s.id = a.section_id" +
                          where);
      if (!st) return Err(st.error());
      params.Bind(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      found.second = *row ? st->Int(0) : 0;
    }
    if (filter.limit == 0 || filter.offset >= found.second) return found;
    auto st = c.Prepare(page_sql);
    if (!st) return Err(st.error());
    page_params.Bind(*st);
    auto lines = ReadLines(*st);
    if (!lines) return Err(lines.error());
    found.first = std::move(*lines);
    return found;
  });
}

Result<Article> PostgresStore::UpdateArticle(int64_t id, const ArticleDraft& draft,
                                             int64_t expected_version, int64_t user_id,
                                             Seconds now) {
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
        "UPDATE articles SET slug = $2, headline = $3, standfirst = $4, body_markdown = $5,"
        " body_html = $6, section_id = $7, comments_open = $8, image_file = $9,"
        " image_caption = $10, image_credit = $11, image_alt = $12, image_width = $13,"
        " image_height = $14, breaking = $15, correction = $16, updated_at = $17,"
        " updated_by = $18, version = $19, edition = $20, translation_of = $21"
        " WHERE id = $1");
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
    if (Status s = ReindexArticle(c, id); !s.ok()) return Err(s);
    if (Status s = RecordRevision(c, id, version, content, user_id, now); !s.ok()) return Err(s);

    // What the editor autosaved is now saved for real.
    auto clear =
        c.Prepare("DELETE FROM autosaves WHERE article_id = $1::bigint AND user_id = $2::bigint");
    if (!clear) return Err(clear.error());
    clear->Bind(1, id).Bind(2, user_id);
    if (Status s = clear->Run(); !s.ok()) return Err(s);
    return LoadArticle(c, id);
  });
}

}  // namespace khabar::postgres_internal
