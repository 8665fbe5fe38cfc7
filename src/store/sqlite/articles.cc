// SqliteStore: creating, reading, listing and saving stories.
#include <algorithm>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "content/slug.h"
#include "store/sqlite/internal/article_rows.h"
#include "store/sqlite/internal/names.h"
#include "store/sqlite/internal/new_article.h"
#include "store/sqlite/internal/revision_content.h"
#include "store/sqlite/internal/search_index.h"
#include "store/sqlite/internal/sql_values.h"
#include "store/sqlite/internal/sqlite_store_impl.h"

namespace khabar::sqlite_internal {
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
// `tag_ids`, in that order. It changes only the rows that differ, so the
// change journal records a listing change only when a tag or byline was
// really added or removed (see migrations.cc, kChangesSqlite).
Status SetLinks(Connection& c, int64_t article_id, const std::vector<int64_t>& author_ids,
                const std::vector<int64_t>& tag_ids) {
  struct Links {
    const char* remove_others;
    const char* upsert;
    const std::vector<int64_t>& ids;
  };
  for (const Links& links :
       {Links{"DELETE FROM article_authors WHERE article_id = ?1"
              " AND author_id NOT IN (SELECT value FROM json_each(?2))",
              "INSERT INTO article_authors (article_id, author_id, position) VALUES (?1, ?2, ?3)"
              " ON CONFLICT (article_id, author_id) DO UPDATE SET position = excluded.position"
              " WHERE position IS NOT excluded.position",
              author_ids},
        Links{"DELETE FROM article_tags WHERE article_id = ?1"
              " AND tag_id NOT IN (SELECT value FROM json_each(?2))",
              "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)"
              " ON CONFLICT (article_id, tag_id) DO UPDATE SET position = excluded.position"
              " WHERE position IS NOT excluded.position",
              tag_ids}}) {
    std::string keep = "[";
    for (size_t i = 0; i < links.ids.size(); ++i) {
      if (i > 0) keep += ',';
      keep += std::to_string(links.ids[i]);
    }
    keep += ']';
    auto remove = c.Prepare(links.remove_others);
    if (!remove) return remove.error();
    remove->Bind(1, article_id).Bind(2, keep);
    if (Status s = remove->Run(); !s.ok()) return s;
    for (size_t i = 0; i < links.ids.size(); ++i) {
      auto st = c.Prepare(links.upsert);
      if (!st) return st.error();
      st->Bind(1, article_id).Bind(2, links.ids[i]).Bind(3, static_cast<int64_t>(i));
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

// Stories with no time yet (drafts) come first: they are the newest work.
const std::string kLineOrder = " ORDER BY a.published_at DESC NULLS FIRST, a.id DESC";

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
      " ?17, ?18, ?19, ?19, 1, ?20, ?21)");
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
  if (Status s = st->Run(); !s.ok()) return Err(s);
  const int64_t id = LastInsertId(c);

  if (Status s = SetLinks(c, id, names->author_ids, names->tag_ids); !s.ok()) return Err(s);
  if (Status s = ReindexArticle(c, id); !s.ok()) return Err(s);
  if (Status s = RecordRevision(c, id, 1, RevisionOf(draft, slug), draft.created_by, created_at);
      !s.ok()) {
    return Err(s);
  }
  return id;
}

Result<int64_t> SqliteStore::CreateArticle(const ArticleDraft& draft, Seconds now) {
  // What needs no database is refused before taking the write lock.
  if (Status s = ValidateDraft(draft); !s.ok()) return Err(s);
  return Run(TxKind::kWrite, [&](Connection& c) { return InsertNewArticle(c, draft, now, now); });
}

Result<Article> SqliteStore::GetArticle(int64_t id) {
  return Run(TxKind::kRead, [&](Connection& c) { return LoadArticle(c, id); });
}

Result<ArticlePage> SqliteStore::ListLiveArticles(const ArticleQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // The SQL is assembled from fixed fragments only; the slugs are bound.
  // An unknown slug makes its subquery NULL, which matches nothing. Every
  // condition is on indexed columns, so counting and ranking read indexes
  // only; the page's rows are read last (article_rows.h).
  const std::string tag_id = "(SELECT id FROM tags WHERE slug = ?4)";
  const std::string author_id = "(SELECT id FROM authors WHERE slug = ?5)";
  std::string live = " a.status = ?1 AND a.published_at <= ?2";
  if (query.section_slug) live += " AND a.section_id = (SELECT id FROM sections WHERE slug = ?3)";
  if (query.published_after) live += " AND a.published_at > ?8";
  if (query.published_before) live += " AND a.published_at < ?9";
  if (query.edition) live += " AND a.edition = ?10";
  const std::string has_author =
      " AND EXISTS (SELECT 1 FROM article_authors y"
      " WHERE y.article_id = a.id AND y.author_id = " +
      author_id + ")";
  // Two ways to find a tag's or an author's stories. `scan` walks the live
  // stories newest first (articles_by_status) and checks each one's links:
  // quick for the first pages of a listing with many stories, slow when
  // its stories are few and far between. `links` reads the listing's own
  // links (article_tags_by_tag or article_authors_by_author) and checks
  // each story's liveness in articles_by_id_liveness: its cost is the
  // listing's size, whatever the page. Counting always uses `links`.
  std::string scan = " FROM articles a WHERE" + live;
  std::string links;
  if (query.tag_slug) {
    scan += " AND EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = a.id AND x.tag_id = " +
            tag_id + ")";
    links =
        " FROM article_tags x CROSS JOIN articles a INDEXED BY articles_by_id_liveness"
        " ON a.id = x.article_id WHERE x.tag_id = " +
        tag_id + " AND" + live;
    if (query.author_slug) links += has_author;
  } else if (query.author_slug) {
    links =
        " FROM article_authors y CROSS JOIN articles a INDEXED BY articles_by_id_liveness"
        " ON a.id = y.article_id WHERE y.author_id = " +
        author_id + " AND" + live;
  }
  if (query.author_slug) scan += has_author;
  auto bind_filters = [&](Statement& st) {
    st.Bind(1, ArticleStatusName(ArticleStatus::kPublished)).Bind(2, ToUnix(query.now));
    if (query.section_slug) st.Bind(3, *query.section_slug);
    if (query.tag_slug) st.Bind(4, *query.tag_slug);
    if (query.author_slug) st.Bind(5, *query.author_slug);
    if (query.published_after) st.Bind(8, ToUnix(*query.published_after));
    if (query.published_before) st.Bind(9, ToUnix(*query.published_before));
    if (query.edition) st.Bind(10, *query.edition);
  };

  return Run(TxKind::kRead, [&](Connection& c) -> Result<ArticlePage> {
    ArticlePage page;
    int64_t stories = 0;  // the largest story id: about how many stories there are
    {
      auto st = c.Prepare("SELECT count(*), (SELECT max(id) FROM articles)" +
                          (links.empty() ? scan : links));
      if (!st) return Err(st.error());
      bind_filters(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      page.total = *row ? st->Int(0) : 0;
      stories = *row ? st->Int(1) : 0;
    }
    if (query.limit == 0 || query.offset >= page.total) return page;
    // A scan reads about (offset + limit) * stories / total stories to fill
    // the page, `links` about total (each a little cheaper): scan only when
    // that is clearly less.
    const double scanned = static_cast<double>(query.offset + query.limit) *
                           static_cast<double>(stories) / static_cast<double>(page.total);
    const bool by_links = !links.empty() && scanned > static_cast<double>(page.total) / 2;
    {
      auto st = c.Prepare("WITH page AS (SELECT a.id" + (by_links ? links : scan) +
                          " ORDER BY a.published_at DESC, a.id DESC LIMIT ?6 OFFSET ?7)"
                          " SELECT " +
                          (query.with_body ? kArticleFields : kListFields) +
                          " FROM page p CROSS JOIN articles a ON a.id = p.id"
                          " JOIN sections s ON s.id = a.section_id");
      if (!st) return Err(st.error());
      bind_filters(*st);
      st->Bind(6, query.limit).Bind(7, query.offset);
      auto items = ReadArticles(*st);
      if (!items) return Err(items.error());
      page.items = std::move(*items);
    }
    // The page's order, newest first, kept here rather than by a second
    // sort of the wide rows in SQL.
    std::sort(page.items.begin(), page.items.end(), [](const Article& x, const Article& y) {
      return std::tie(x.published_at, x.id) > std::tie(y.published_at, y.id);
    });
    if (Status s = AttachDetails(c, page.items); !s.ok()) return Err(s);
    return page;
  });
}

Result<std::vector<Article>> SqliteStore::RelatedArticles(int64_t id, Seconds now, int64_t limit) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  constexpr size_t kMaxTags = 10;  // a story's first tags say what it is about
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // Counting and ranking are done here, not in SQL: a GROUP BY and an
    // ORDER BY each make SQLite build a temporary b-tree, which costs more
    // than reading the few hundred candidates. So none of these statements
    // sorts: each reads an index in its own order.
    std::vector<std::pair<int64_t, int64_t>> tags;  // (position, tag id)
    {
      auto st = c.Prepare("SELECT position, tag_id FROM article_tags WHERE article_id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, id);
      if (Status s = ForEachRow(*st, [&] { tags.emplace_back(st->Int(0), st->Int(1)); }); !s.ok()) {
        return Err(s);
      }
    }
    if (tags.empty() || limit == 0) return std::vector<Article>{};
    std::sort(tags.begin(), tags.end());
    if (tags.size() > kMaxTags) tags.resize(kMaxTags);

    // The newest stories of each tag (article_tags_by_tag, read backwards)
    // that are live (articles_by_id_liveness, so no wide row is read): one
    // row per shared tag. One statement text per number of tags, each
    // cached by the connection.
    struct Candidate {
      int64_t id = 0;
      int64_t shared = 0;
      int64_t published_at = 0;
    };
    std::vector<Candidate> candidates;
    {
      std::string per_tag;
      for (size_t i = 0; i < tags.size(); ++i) {
        if (i > 0) per_tag += " UNION ALL ";
        per_tag += "SELECT * FROM (SELECT article_id FROM article_tags WHERE tag_id = ?" +
                   std::to_string(5 + i) +
                   " AND article_id <> ?1 ORDER BY article_id DESC LIMIT ?4)";
      }
      auto st = c.Prepare("SELECT l.id, l.published_at FROM (" + per_tag +
                          ") cand CROSS JOIN articles l INDEXED BY articles_by_id_liveness"
                          " ON l.id = cand.article_id WHERE l.status = ?2 AND l.published_at <= ?3"
                          " AND l.edition = (SELECT edition FROM articles WHERE id = ?1)");
      if (!st) return Err(st.error());
      st->Bind(1, id)
          .Bind(2, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(3, ToUnix(now))
          .Bind(4, kRelatedPerTag);
      for (size_t i = 0; i < tags.size(); ++i) st->Bind(static_cast<int>(5 + i), tags[i].second);
      std::unordered_map<int64_t, size_t> index;  // story id -> place in candidates
      Status s = ForEachRow(*st, [&] {
        auto [it, fresh] = index.try_emplace(st->Int(0), candidates.size());
        if (fresh) candidates.push_back(Candidate{st->Int(0), 0, st->Int(1)});
        ++candidates[it->second].shared;
      });
      if (!s.ok()) return Err(s);
    }
    // Most shared tags first, then newest, then the highest id.
    const size_t n = std::min(candidates.size(), static_cast<size_t>(limit));
    std::partial_sort(candidates.begin(), candidates.begin() + n, candidates.end(),
                      [](const Candidate& x, const Candidate& y) {
                        return std::tie(x.shared, x.published_at, x.id) >
                               std::tie(y.shared, y.published_at, y.id);
                      });
    candidates.resize(n);
    std::vector<int64_t> ids;
    for (const Candidate& cand : candidates) ids.push_back(cand.id);
    auto items = LoadListed(c, ids);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<std::vector<Article>> SqliteStore::ListTranslations(int64_t id, Seconds now) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Article>> {
    // A group is keyed by its original's id (no chains): the original by
    // its id, the translations by articles_by_translation.
    auto st = c.Prepare(
        "WITH g (id) AS (SELECT coalesce(translation_of, id) FROM articles WHERE id = ?1),"
        " members (id) AS (SELECT id FROM g UNION SELECT m.id FROM g"
        "  CROSS JOIN articles m ON m.translation_of = g.id)"
        " SELECT " +
        kListFields +
        " FROM members x CROSS JOIN articles a ON a.id = x.id"
        " JOIN sections s ON s.id = a.section_id"
        " WHERE a.id <> ?1 AND a.status = ?2 AND a.published_at <= ?3"
        " ORDER BY a.edition, a.id");
    if (!st) return Err(st.error());
    st->Bind(1, id).Bind(2, ArticleStatusName(ArticleStatus::kPublished)).Bind(3, ToUnix(now));
    auto items = ReadArticles(*st);
    if (!items) return Err(items.error());
    if (Status s = AttachDetails(c, *items); !s.ok()) return Err(s);
    return std::move(*items);
  });
}

Result<std::vector<ArticleLine>> SqliteStore::ListArticleLines() {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<ArticleLine>> {
    auto st = c.Prepare(kLineColumns + kLineOrder);
    if (!st) return Err(st.error());
    return ReadLines(*st);
  });
}

Result<std::pair<std::vector<ArticleLine>, int64_t>> SqliteStore::FindArticleLines(
    const ArticleFilter& filter) {
  using Found = std::pair<std::vector<ArticleLine>, int64_t>;
  if (filter.offset < 0) return InvalidArgument("offset must not be negative");
  if (filter.limit < 0) return InvalidArgument("limit must not be negative");
  // Fixed fragments only, as in ListLiveArticles. `text` becomes a LIKE
  // pattern with its own %, _ and \ escaped, so it matches literally; LIKE
  // folds ASCII case.
  std::string where = " WHERE 1 = 1";
  if (filter.status) where += " AND a.status = ?1";
  if (filter.created_by) where += " AND a.created_by = ?2";
  if (filter.section_slug) where += " AND s.slug = ?3";
  if (filter.text) where += " AND a.headline LIKE ?4 ESCAPE '\\'";
  if (filter.published_from) where += " AND a.published_at >= ?5";
  if (filter.published_to) where += " AND a.published_at < ?6";
  if (filter.edition) where += " AND a.edition = ?9";
  if (filter.visible_to) {
    where += " AND (a.created_by = ?10 OR (a.status = ?11 AND a.published_at <= ?12))";
  }
  std::string pattern;
  if (filter.text) {
    pattern = "%";
    for (char ch : *filter.text) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += ch;
    }
    pattern += '%';
  }
  auto bind_filters = [&](Statement& st) {
    if (filter.status) st.Bind(1, ArticleStatusName(*filter.status));
    if (filter.created_by) st.Bind(2, *filter.created_by);
    if (filter.section_slug) st.Bind(3, *filter.section_slug);
    if (filter.text) st.Bind(4, pattern);
    if (filter.published_from) st.Bind(5, ToUnix(*filter.published_from));
    if (filter.published_to) st.Bind(6, ToUnix(*filter.published_to));
    if (filter.edition) st.Bind(9, *filter.edition);
    if (filter.visible_to) {
      st.Bind(10, filter.visible_to->user_id)
          .Bind(11, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(12, ToUnix(filter.visible_to->now));
    }
  };

  return Run(TxKind::kRead, [&](Connection& c) -> Result<Found> {
    Found found;
    {
      auto st = c.Prepare("SELECT count(*) FROM articles a JOIN sections s ON s.id = a.section_id" +
                          where);
      if (!st) return Err(st.error());
      bind_filters(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      found.second = *row ? st->Int(0) : 0;
    }
    if (filter.limit == 0 || filter.offset >= found.second) return found;
    auto st = c.Prepare(kLineColumns + where + kLineOrder + " LIMIT ?7 OFFSET ?8");
    if (!st) return Err(st.error());
    bind_filters(*st);
    st->Bind(7, filter.limit).Bind(8, filter.offset);
    auto lines = ReadLines(*st);
    if (!lines) return Err(lines.error());
    found.first = std::move(*lines);
    return found;
  });
}

Result<Article> SqliteStore::UpdateArticle(int64_t id, const ArticleDraft& draft,
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
    if (Status s = ReindexArticle(c, id); !s.ok()) return Err(s);
    if (Status s = RecordRevision(c, id, version, content, user_id, now); !s.ok()) return Err(s);

    // What the editor autosaved is now saved for real.
    auto clear = c.Prepare("DELETE FROM autosaves WHERE article_id = ?1 AND user_id = ?2");
    if (!clear) return Err(clear.error());
    clear->Bind(1, id).Bind(2, user_id);
    if (Status s = clear->Run(); !s.ok()) return Err(s);
    return LoadArticle(c, id);
  });
}

}  // namespace khabar::sqlite_internal
