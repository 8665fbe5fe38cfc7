// SqlStore: sections, tags and authors, and the redirects their renames
// and merges leave behind.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "base/ascii.h"
#include "content/slug.h"
#include "store/sql/dialect.h"
#include "store/sql/internal/names.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

// ReindexTagged rewrites the search entries of every story tagged `tag_id`
// (after the tag's name changed or stories moved to it).
Status ReindexTagged(Connection& c, int64_t tag_id) {
  std::vector<int64_t> ids;
  auto st = c.Prepare("SELECT article_id FROM article_tags WHERE tag_id = ?1");
  if (!st) return st.error();
  st->Bind(1, tag_id);
  if (Status s = ForEachRow(*st, [&] { ids.push_back(st->Int(0)); }); !s.ok()) return s;
  return c.dialect().ReindexArticles(c, ids);
}

// The same bound as ValidateDraft puts on names typed into a story.
constexpr size_t kMaxName = 200;

// CleanName trims `raw` and checks it can name a `noun`.
Result<std::string> CleanName(std::string_view noun, std::string_view raw) {
  std::string_view name = TrimAscii(raw);
  if (name.empty()) return InvalidArgument(std::string(noun) + " name is empty");
  if (name.size() > kMaxName) {
    return InvalidArgument(std::string(noun) + " name is longer than " + std::to_string(kMaxName) +
                           " bytes");
  }
  return std::string(name);
}

// SlugFor returns `given` if it is a valid slug, or the slug of `name` when
// `given` is empty.
Result<std::string> SlugFor(std::string_view noun, const std::string& given,
                            const std::string& name) {
  std::string slug = given.empty() ? Slugify(name) : given;
  if (slug.empty()) {
    return InvalidArgument(std::string(noun) + " name " + Quoted(name) +
                           " has no letters or digits to make a slug from");
  }
  if (!IsValidSlug(slug))
    return InvalidArgument(std::string(noun) + " slug " + Quoted(slug) +
                           " is not a URL slug (e.g. 'world-news')");
  return slug;
}

const std::string kSectionColumns = "SELECT id, slug, name, position, edition FROM sections";

Section ReadSection(const Statement& st) {
  return Section{.id = st.Int(0),
                 .slug = st.Text(1),
                 .name = st.Text(2),
                 .position = static_cast<int>(st.Int(3)),
                 .edition = st.Text(4)};
}

// CheckEditionKey refuses a section edition that is no edition key.
Status CheckEditionKey(const std::string& edition) {
  if (IsValidEditionKey(edition)) return Status();
  return Status(Code::kInvalidArgument,
                "section edition " + Quoted(edition) + " is not an edition key (a-z, 0-9 and '-')");
}

Result<Section> LoadSection(Connection& c, int64_t id) {
  auto st = c.Prepare(kSectionColumns + " WHERE id = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound("section " + std::to_string(id) + " not found");
  return ReadSection(*st);
}

// CheckSectionFree refuses a name (ASCII case folded) or slug another
// section than `except_id` has. Checked first, as a unique violation would
// abort the transaction on PostgreSQL. sections_by_name answers the name.
Status CheckSectionFree(Connection& c, const std::string& name, const std::string& slug,
                        int64_t except_id) {
  auto st =
      c.Prepare("SELECT slug = ?2 FROM sections WHERE ((" +
                c.dialect().AsciiCaseEquals("name", "?1") + ") OR slug = ?2) AND id <> ?3 LIMIT 1");
  if (!st) return st.error();
  st->Bind(1, name).Bind(2, slug).Bind(3, except_id);
  auto row = st->Step();
  if (!row) return row.error();
  if (!*row) return Status();
  return Status(Code::kAlreadyExists, st->Int(0) != 0  // BOOLEAN, read as 0 or 1
                                          ? "a section with slug " + Quoted(slug) + " exists"
                                          : "a section called " + Quoted(name) + " exists");
}

const std::string kTagColumns = "SELECT id, slug, name FROM tags";

Tag ReadTag(const Statement& st) {
  return Tag{.id = st.Int(0), .slug = st.Text(1), .name = st.Text(2)};
}

Result<Tag> LoadTag(Connection& c, int64_t id) {
  auto st = c.Prepare(kTagColumns + " WHERE id = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound("tag " + std::to_string(id) + " not found");
  return ReadTag(*st);
}

const std::string kAuthorColumns = "SELECT id, slug, name, bio, photo FROM authors";

Author ReadAuthor(const Statement& st) {
  return Author{.id = st.Int(0),
                .slug = st.Text(1),
                .name = st.Text(2),
                .bio = st.Text(3),
                .photo = st.Text(4)};
}

Result<Author> LoadAuthor(Connection& c, int64_t id) {
  auto st = c.Prepare(kAuthorColumns + " WHERE id = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound("author " + std::to_string(id) + " not found");
  return ReadAuthor(*st);
}

// MoveSlug records that row `id` of `table` left `old_slug` for `new_slug`.
Status MoveSlug(Connection& c, const NamedTable& table, int64_t id, const std::string& old_slug,
                const std::string& new_slug) {
  if (old_slug == new_slug) return Status();
  if (Status s = ClaimSlug(c, table, new_slug); !s.ok()) return s;
  return RecordRedirect(c, table, old_slug, id);
}

// BySlug reads, with `columns` and `read`, the row whose slug is `slug`,
// else the row `slug` named before a rename or merge. One statement, so
// listings ask for it outside a transaction.
// `live_at`, when set, also requires a live story at that time to carry
// the row, through `live_links` (a condition on ?2 and ?3).
template <typename T, typename Read>
Result<T> BySlug(Connection& c, const NamedTable& table, const std::string& columns,
                 const std::string& slug, Read read, std::optional<Seconds> live_at = {},
                 const std::string& live_links = "") {
  auto st = c.Prepare(columns + " WHERE id = coalesce((" + table.id_by_slug + "), (" +
                      table.id_by_old_slug + "))" + (live_at ? live_links : ""));
  if (!st) return Err(st.error());
  st->Bind(1, slug);
  if (live_at) st->Bind(2, ArticleStatusName(ArticleStatus::kPublished)).Bind(3, ToUnix(*live_at));
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound(table.noun + " " + Quoted(slug) + " not found");
  return read(*st);
}

// LiveLinks is the condition "a live story carries this row": `link` is
// the link table, `column` its column naming `table`'s rows; the status and
// the time are ?2 and ?3. Each probe reads the link table's index on
// `column`, then stories by id.
std::string LiveLinks(const std::string& link, const std::string& column,
                      const std::string& table) {
  return " AND EXISTS (SELECT 1 FROM " + link + " l JOIN articles a ON a.id = l.article_id" +
         " WHERE l." + column + " = " + table + ".id AND a.status = ?2 AND a.published_at <= ?3)";
}

const std::string kLiveTag = LiveLinks("article_tags", "tag_id", "tags");
const std::string kLiveAuthor = LiveLinks("article_authors", "author_id", "authors");

// LikePrefix makes a LIKE pattern matching names that start with
// `prefix`: its own %, _ and \ are escaped so they match themselves
// (Dialect::AsciiCaseLike escapes with \).
std::string LikePrefix(const std::string& prefix) {
  std::string pattern;
  for (char ch : prefix) {
    if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
    pattern += ch;
  }
  pattern += '%';
  return pattern;
}

}  // namespace

// ---- Sections ----

Result<std::vector<Section>> SqlStore::ListSections(std::optional<std::string> edition) {
  return RunOneRead([&](Connection& c) -> Result<std::vector<Section>> {
    auto st = c.Prepare(kSectionColumns + (edition ? " WHERE edition = ?1" : ""));
    if (!st) return Err(st.error());
    if (edition) st->Bind(1, *edition);
    std::vector<Section> sections;
    Status s = ForEachRow(*st, [&] { sections.push_back(ReadSection(*st)); });
    if (!s.ok()) return Err(s);
    // Sorted here, as on SQLite, so both backends order names the same
    // way: std::string orders bytes, whatever the database's collation.
    std::sort(sections.begin(), sections.end(), [](const Section& x, const Section& y) {
      return std::tie(x.position, x.name, x.id) < std::tie(y.position, y.name, y.id);
    });
    return sections;
  });
}

Result<Section> SqlStore::GetSection(const std::string& slug) {
  return RunOneRead([&](Connection& c) {
    return BySlug<Section>(c, kSections, kSectionColumns, slug, ReadSection);
  });
}

Result<Section> SqlStore::CreateSection(const Section& section) {
  auto name = CleanName("section", section.name);
  if (!name) return Err(name.error());
  auto slug = SlugFor("section", section.slug, *name);
  if (!slug) return Err(slug.error());
  if (Status s = CheckEditionKey(section.edition); !s.ok()) return Err(s);
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<Section> {
    if (Status s = CheckSectionFree(c, *name, *slug, 0); !s.ok()) return Err(s);
    if (Status s = ClaimSlug(c, kSections, *slug); !s.ok()) return Err(s);
    auto st = c.Prepare(
        "INSERT INTO sections (slug, name, position, edition) VALUES (?1, ?2, ?3, ?4)"
        " RETURNING id");
    if (!st) return Err(st.error());
    st->Bind(1, *slug).Bind(2, *name).Bind(3, int64_t{section.position}).Bind(4, section.edition);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return Internal("inserting a section returned no id");
    return Section{.id = st->Int(0),
                   .slug = *slug,
                   .name = *name,
                   .position = section.position,
                   .edition = section.edition};
  });
}

Result<Section> SqlStore::UpdateSection(const Section& section) {
  auto name = CleanName("section", section.name);
  if (!name) return Err(name.error());
  if (Status s = CheckEditionKey(section.edition); !s.ok()) return Err(s);
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<Section> {
    auto old = LoadSection(c, section.id);
    if (!old) return Err(old.error());
    // A section and its stories share an edition: a section with stories
    // keeps it.
    if (old->edition != section.edition) {
      auto st = c.Prepare("SELECT 1 FROM articles WHERE section_id = ?1 LIMIT 1");
      if (!st) return Err(st.error());
      st->Bind(1, section.id);
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (*row) {
        return InvalidArgument("section " + Quoted(old->name) +
                               " has stories, so it stays in edition " + Quoted(old->edition));
      }
    }
    // An empty slug keeps the current one: renaming a desk does not move its
    // URL unless asked to.
    auto slug = SlugFor("section", section.slug.empty() ? old->slug : section.slug, *name);
    if (!slug) return Err(slug.error());
    if (Status s = CheckSectionFree(c, *name, *slug, section.id); !s.ok()) return Err(s);
    auto st = c.Prepare(
        "UPDATE sections SET slug = ?2, name = ?3, position = ?4, edition = ?5 WHERE id = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, section.id)
        .Bind(2, *slug)
        .Bind(3, *name)
        .Bind(4, int64_t{section.position})
        .Bind(5, section.edition);
    if (Status s = st->Run(); !s.ok()) return Err(s);
    if (Status s = MoveSlug(c, kSections, section.id, old->slug, *slug); !s.ok()) return Err(s);
    return Section{.id = section.id,
                   .slug = *slug,
                   .name = *name,
                   .position = section.position,
                   .edition = section.edition};
  });
}

// ---- Tags ----

Result<Tag> SqlStore::GetTag(const std::string& slug) {
  return RunOneRead(
      [&](Connection& c) { return BySlug<Tag>(c, kTags, kTagColumns, slug, ReadTag); });
}

Result<std::vector<Tag>> SqlStore::ListTags(const std::string& prefix, int64_t limit) {
  if (limit < 0) return InvalidArgument("limit must not be negative");
  // The match and the order fold ASCII case, as the contract asks.
  const std::string pattern = LikePrefix(prefix);
  return RunOneRead([&](Connection& c) -> Result<std::vector<Tag>> {
    const Dialect& d = c.dialect();
    auto st = c.Prepare("SELECT id, slug, name FROM tags WHERE " + d.AsciiCaseLike("name", "?1") +
                        " ORDER BY " + d.AsciiCaseOrder("name") + ", id LIMIT ?2");
    if (!st) return Err(st.error());
    st->Bind(1, pattern).Bind(2, limit);
    std::vector<Tag> tags;
    Status s = ForEachRow(*st, [&] {
      tags.push_back(Tag{.id = st->Int(0), .slug = st->Text(1), .name = st->Text(2)});
    });
    if (!s.ok()) return Err(s);
    return tags;
  });
}

Result<TagPage> SqlStore::ListLiveTags(const LiveTagQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // Two statements whatever the number of tags: the count and the page.
  return Run(TxKind::kRead, [&](Connection& c) -> Result<TagPage> {
    const Dialect& d = c.dialect();
    const std::string where = " FROM tags WHERE " + d.AsciiCaseLike("name", "?1") + kLiveTag;
    auto bind = [&](Statement& st) {
      st.Bind(1, LikePrefix(query.prefix))
          .Bind(2, ArticleStatusName(ArticleStatus::kPublished))
          .Bind(3, ToUnix(query.now));
    };
    TagPage page;
    {
      auto st = c.Prepare("SELECT count(*)" + where);
      if (!st) return Err(st.error());
      bind(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      page.total = *row ? st->Int(0) : 0;
    }
    if (query.limit == 0 || query.offset >= page.total) return page;
    auto st = c.Prepare("SELECT id, slug, name" + where + " ORDER BY " + d.AsciiCaseOrder("name") +
                        ", id LIMIT ?4 OFFSET ?5");
    if (!st) return Err(st.error());
    bind(*st);
    st->Bind(4, query.limit).Bind(5, query.offset);
    Status s = ForEachRow(*st, [&] { page.items.push_back(ReadTag(*st)); });
    if (!s.ok()) return Err(s);
    return page;
  });
}

Result<Tag> SqlStore::GetLiveTag(const std::string& slug, Seconds now) {
  return RunOneRead([&](Connection& c) {
    return BySlug<Tag>(c, kTags, kTagColumns, slug, ReadTag, now, kLiveTag);
  });
}

Result<Author> SqlStore::GetLiveAuthor(const std::string& slug, Seconds now) {
  return RunOneRead([&](Connection& c) {
    return BySlug<Author>(c, kAuthors, kAuthorColumns, slug, ReadAuthor, now, kLiveAuthor);
  });
}

Result<Tag> SqlStore::RenameTag(int64_t id, const std::string& raw_name) {
  auto name = CleanName("tag", raw_name);
  if (!name) return Err(name.error());
  auto slug = SlugFor("tag", "", *name);
  if (!slug) return Err(slug.error());
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<Tag> {
    auto old = LoadTag(c, id);
    if (!old) return Err(old.error());
    auto st = c.Prepare("SELECT name FROM tags WHERE slug = ?1 AND id <> ?2");
    if (!st) return Err(st.error());
    st->Bind(1, *slug).Bind(2, id);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (*row) {
      return Err(Code::kAlreadyExists, "tag " + Quoted(st->Text(0)) + " has the slug " +
                                           Quoted(*slug) + "; merge the tags instead");
    }
    auto update = c.Prepare("UPDATE tags SET slug = ?2, name = ?3 WHERE id = ?1");
    if (!update) return Err(update.error());
    update->Bind(1, id).Bind(2, *slug).Bind(3, *name);
    if (Status s = update->Run(); !s.ok()) return Err(s);
    if (Status s = MoveSlug(c, kTags, id, old->slug, *slug); !s.ok()) return Err(s);
    // Tag names are searchable text: its stories now match the new name.
    if (Status s = ReindexTagged(c, id); !s.ok()) return Err(s);
    return Tag{.id = id, .slug = *slug, .name = *name};
  });
}

Status SqlStore::MergeTags(int64_t from_id, int64_t into_id) {
  if (from_id == into_id) return Status(Code::kInvalidArgument, "cannot merge a tag into itself");
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto from = LoadTag(c, from_id);
    if (!from) return from.error();
    if (auto into = LoadTag(c, into_id); !into) return into.error();
    // A story with both tags keeps the one it has; the others take `into` at
    // `from`'s place in their tag order.
    struct Step {
      const char* sql;
      bool binds_into;  // uses ?2
    };
    const Step kSteps[] = {
        {"INSERT INTO article_tags (article_id, tag_id, position)"
         " SELECT article_id, CAST(?2 AS BIGINT), position FROM article_tags WHERE tag_id = ?1"
         " ON CONFLICT (article_id, tag_id) DO NOTHING",
         true},
        {"DELETE FROM article_tags WHERE tag_id = ?1", false},
        {"UPDATE slug_redirects SET target_id = ?2"
         " WHERE kind = 'tag' AND target_id = ?1",
         true},
        {"DELETE FROM tags WHERE id = ?1", false},
    };
    for (const Step& step : kSteps) {
      auto st = c.Prepare(step.sql);
      if (!st) return st.error();
      st->Bind(1, from_id);
      if (step.binds_into) st->Bind(2, into_id);
      if (Status s = st->Run(); !s.ok()) return s;
    }
    // The moved stories' tag text changed from `from`'s name to `into`'s.
    if (Status s = ReindexTagged(c, into_id); !s.ok()) return s;
    return RecordRedirect(c, kTags, from->slug, into_id);
  });
}

// ---- Authors ----

Result<Author> SqlStore::GetAuthor(const std::string& slug) {
  return RunOneRead(
      [&](Connection& c) { return BySlug<Author>(c, kAuthors, kAuthorColumns, slug, ReadAuthor); });
}

Result<std::vector<Author>> SqlStore::ListAuthors() {
  // Ordered by name folding ASCII case.
  return RunOneRead([&](Connection& c) -> Result<std::vector<Author>> {
    auto st = c.Prepare("SELECT id, slug, name, bio, photo FROM authors ORDER BY " +
                        c.dialect().AsciiCaseOrder("name") + ", id");
    if (!st) return Err(st.error());
    std::vector<Author> authors;
    Status s = ForEachRow(*st, [&] {
      authors.push_back(Author{.id = st->Int(0),
                               .slug = st->Text(1),
                               .name = st->Text(2),
                               .bio = st->Text(3),
                               .photo = st->Text(4)});
    });
    if (!s.ok()) return Err(s);
    return authors;
  });
}

Result<Author> SqlStore::UpdateAuthor(const Author& author) {
  auto name = CleanName("author", author.name);
  if (!name) return Err(name.error());
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<Author> {
    auto st = c.Prepare("UPDATE authors SET name = ?2, bio = ?3, photo = ?4 WHERE id = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, author.id).Bind(2, *name).Bind(3, author.bio).Bind(4, author.photo);
    if (Status s = st->Run(); !s.ok()) return Err(s);
    if (st->Affected() == 0) return NotFound("author " + std::to_string(author.id) + " not found");
    return LoadAuthor(c, author.id);
  });
}

}  // namespace khabar::sql
