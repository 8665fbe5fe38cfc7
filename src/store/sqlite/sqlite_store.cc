#include "store/sqlite/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "content/article.h"
#include "content/slug.h"
#include "store/migrations.h"
#include "store/sqlite/internal/connection.h"
#include "store/sqlite/internal/connection_pool.h"

namespace khabar {
namespace {

using sqlite_internal::Connection;
using sqlite_internal::ConnectionPool;
using sqlite_internal::FailAs;
using sqlite_internal::InTransaction;
using sqlite_internal::Statement;
using sqlite_internal::TxKind;

int64_t ToUnix(Seconds t) { return t.time_since_epoch().count(); }
Seconds FromUnix(int64_t s) { return Seconds(std::chrono::seconds(s)); }

std::string Quoted(std::string_view s) {
  std::string q = "'";
  q += s;
  q += "'";
  return q;
}

std::string_view TrimSpace(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

// ---- Migrations ----

Status Migrate(Connection& c) {
  return InTransaction(c, TxKind::kWrite, [&]() -> Status {
    // Created here rather than by a step: it is what records the steps.
    if (Status s = c.ExecScript("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " version INTEGER PRIMARY KEY,"
                                " description TEXT NOT NULL,"
                                " applied_at INTEGER NOT NULL DEFAULT (unixepoch()))");
        !s.ok()) {
      return s;
    }
    std::set<int64_t> applied;
    {
      auto st = c.Prepare("SELECT version FROM schema_migrations");
      if (!st) return st.error();
      for (;;) {
        auto row = st->Step();
        if (!row) return row.error();
        if (!*row) break;
        applied.insert(st->Int(0));
      }
    }
    if (!applied.empty() && *applied.rbegin() > LatestSchemaVersion()) {
      return Status(Code::kInvalidArgument, "schema version " + std::to_string(*applied.rbegin()) +
                                                " is newer than this build of khabar knows (" +
                                                std::to_string(LatestSchemaVersion()) +
                                                "); it was written by a newer khabar");
    }
    for (const Migration& m : Migrations()) {
      if (applied.contains(m.id)) continue;
      const std::string context = "migration " + std::to_string(m.id);
      if (Status s = c.ExecScript(std::string(m.sqlite).c_str()); !s.ok()) {
        return s.WithContext(context);
      }
      auto st = c.Prepare("INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)");
      if (!st) return st.error();
      st->Bind(1, int64_t{m.id}).Bind(2, m.description);
      if (Status s = st->Run(); !s.ok()) return s.WithContext(context);
    }
    return Status();
  });
}

// ---- Reading rows ----

// The columns ReadArticle expects, in order; kListColumns leaves out the
// bodies, which listings never show.
const std::string kArticleColumns =
    "SELECT a.id, a.slug, a.headline, a.standfirst, a.body_markdown, a.body_html, a.status,"
    " a.published_at, a.created_at, a.updated_at, a.comments_open, a.image_file,"
    " a.image_caption, a.image_credit, a.image_alt, a.image_width, a.image_height,"
    " s.id, s.slug, s.name"
    " FROM articles a JOIN sections s ON s.id = a.section_id";
const std::string kListColumns =
    "SELECT a.id, a.slug, a.headline, a.standfirst, '', '', a.status,"
    " a.published_at, a.created_at, a.updated_at, a.comments_open, a.image_file,"
    " a.image_caption, a.image_credit, a.image_alt, a.image_width, a.image_height,"
    " s.id, s.slug, s.name"
    " FROM articles a JOIN sections s ON s.id = a.section_id";

Result<ArticleStatus> ReadStatus(const Statement& st, int col) {
  std::string name = st.Text(col);
  auto status = ParseArticleStatus(name);
  if (!status) return Internal("stored article status " + Quoted(name) + " is unknown");
  return *status;
}

Result<Article> ReadArticle(const Statement& st) {
  Article a;
  a.id = st.Int(0);
  a.slug = st.Text(1);
  a.headline = st.Text(2);
  a.standfirst = st.Text(3);
  a.body_markdown = st.Text(4);
  a.body_html = st.Text(5);
  auto status = ReadStatus(st, 6);
  if (!status) return Err(status.error());
  a.status = *status;
  if (!st.IsNull(7)) a.published_at = FromUnix(st.Int(7));
  a.created_at = FromUnix(st.Int(8));
  a.updated_at = FromUnix(st.Int(9));
  a.comments_open = st.Int(10) != 0;
  if (!st.IsNull(11)) {
    a.image = Image{.file = st.Text(11),
                    .caption = st.Text(12),
                    .credit = st.Text(13),
                    .alt = st.Text(14),
                    .width = static_cast<int>(st.Int(15)),
                    .height = static_cast<int>(st.Int(16))};
  }
  a.section = Section{.id = st.Int(17), .slug = st.Text(18), .name = st.Text(19)};
  return a;
}

// ReadArticles steps `st` to the end, one Article per row.
Result<std::vector<Article>> ReadArticles(Statement& st) {
  std::vector<Article> out;
  for (;;) {
    auto row = st.Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    auto a = ReadArticle(st);
    if (!a) return Err(a.error());
    out.push_back(std::move(*a));
  }
}

// AttachBylinesAndTags fills authors and tags of `items` with one query
// each, whatever the number of items: the ids go in as one JSON array
// parameter.
Status AttachBylinesAndTags(Connection& c, std::vector<Article>& items) {
  if (items.empty()) return Status();
  std::unordered_map<int64_t, Article*> by_id;
  std::string ids = "[";
  for (Article& a : items) {
    if (ids.size() > 1) ids += ',';
    ids += std::to_string(a.id);
    by_id[a.id] = &a;
  }
  ids += ']';
  {
    auto st = c.Prepare(
        "SELECT aa.article_id, au.id, au.slug, au.name, au.bio"
        " FROM article_authors aa JOIN authors au ON au.id = aa.author_id"
        " WHERE aa.article_id IN (SELECT value FROM json_each(?1))"
        " ORDER BY aa.article_id, aa.position");
    if (!st) return st.error();
    st->Bind(1, ids);
    for (;;) {
      auto row = st->Step();
      if (!row) return row.error();
      if (!*row) break;
      by_id.at(st->Int(0))
          ->authors.push_back(Author{
              .id = st->Int(1), .slug = st->Text(2), .name = st->Text(3), .bio = st->Text(4)});
    }
  }
  auto st = c.Prepare(
      "SELECT at.article_id, t.id, t.slug, t.name"
      " FROM article_tags at JOIN tags t ON t.id = at.tag_id"
      " WHERE at.article_id IN (SELECT value FROM json_each(?1))"
      " ORDER BY at.article_id, at.position");
  if (!st) return st.error();
  st->Bind(1, ids);
  for (;;) {
    auto row = st->Step();
    if (!row) return row.error();
    if (!*row) break;
    by_id.at(st->Int(0))
        ->tags.push_back(Tag{.id = st->Int(1), .slug = st->Text(2), .name = st->Text(3)});
  }
  return Status();
}

// ---- Sections, tags, authors by name ----

// NamedTable is the fixed SQL for finding and adding a section, tag or
// author by slug.
struct NamedTable {
  const char* noun;            // for messages: "tag"
  std::string select_by_slug;  // ?1 slug -> id, slug, name
  std::string insert;          // ?1 slug, ?2 name
};

const NamedTable kSections{"section", "SELECT id, slug, name FROM sections WHERE slug = ?1",
                           "INSERT INTO sections (slug, name) VALUES (?1, ?2)"};
const NamedTable kTags{"tag", "SELECT id, slug, name FROM tags WHERE slug = ?1",
                       "INSERT INTO tags (slug, name) VALUES (?1, ?2)"};
const NamedTable kAuthors{"author", "SELECT id, slug, name FROM authors WHERE slug = ?1",
                          "INSERT INTO authors (slug, name) VALUES (?1, ?2)"};

// FindOrCreate returns the id of the row whose slug is Slugify(name),
// adding it (with `name` as typed, trimmed) if there is none. Names that
// differ only in case or punctuation therefore share one row.
Result<int64_t> FindOrCreate(Connection& c, const NamedTable& table, std::string_view raw_name) {
  std::string_view name = TrimSpace(raw_name);
  std::string slug = Slugify(name);
  if (slug.empty()) {
    return InvalidArgument(std::string(table.noun) + " " + Quoted(raw_name) +
                           " has no letters or digits to make a slug from");
  }
  {
    auto st = c.Prepare(table.select_by_slug);
    if (!st) return Err(st.error());
    st->Bind(1, slug);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (*row) return st->Int(0);
  }
  auto st = c.Prepare(table.insert);
  if (!st) return Err(st.error());
  st->Bind(1, slug).Bind(2, name);
  if (Status s = st->Run(); !s.ok()) return Err(s);
  return sqlite3_last_insert_rowid(c.db());
}

// FindOrCreateAll does FindOrCreate for each name, keeping the first
// occurrence of each row in the order given.
Result<std::vector<int64_t>> FindOrCreateAll(Connection& c, const NamedTable& table,
                                             const std::vector<std::string>& names) {
  std::vector<int64_t> ids;
  for (const std::string& name : names) {
    auto id = FindOrCreate(c, table, name);
    if (!id) return Err(id.error());
    if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  return ids;
}

Status LinkAll(Connection& c, const std::string& insert, int64_t article_id,
               const std::vector<int64_t>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    auto st = c.Prepare(insert);
    if (!st) return st.error();
    st->Bind(1, article_id).Bind(2, ids[i]).Bind(3, static_cast<int64_t>(i));
    if (Status s = st->Run(); !s.ok()) return s;
  }
  return Status();
}

// ---- The store ----

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<ConnectionPool> pool) : pool_(std::move(pool)) {}

  Result<int64_t> CreateArticle(const ArticleDraft& draft, Seconds now) override;
  Result<Article> GetArticle(int64_t id) override;
  Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) override;
  Result<std::vector<ArticleLine>> ListArticleLines() override;
  Result<std::vector<Section>> ListSections() override;
  Result<Section> GetSection(const std::string& slug) override;
  Result<Tag> GetTag(const std::string& slug) override;
  Result<Author> GetAuthor(const std::string& slug) override;
  Result<int64_t> AddMedia(const MediaRecord& media) override;
  Result<MediaRecord> GetMediaByFile(const std::string& file) override;
  Result<std::map<std::string, std::string>> GetSettingOverrides() override;
  Status SetSettingOverride(const std::string& key, const std::string& value) override;
  Status SetHijriMonthStart(const HijriMonthStart& start) override;
  Result<std::vector<HijriMonthStart>> ListHijriMonthStarts() override;

 private:
  // Run borrows a connection and runs `body(connection)` in a transaction of
  // `kind`; every public method goes through here, which is what makes each
  // one atomic.
  template <typename F>
  auto Run(TxKind kind, F&& body) -> decltype(body(std::declval<Connection&>())) {
    using R = decltype(body(std::declval<Connection&>()));
    auto lease = pool_->Acquire();
    if (!lease) return FailAs<R>(lease.error());
    Connection& c = **lease;
    return InTransaction(c, kind, [&] { return body(c); });
  }

  const std::unique_ptr<ConnectionPool> pool_;
};

Result<int64_t> SqliteStore::CreateArticle(const ArticleDraft& draft, Seconds now) {
  if (Status s = ValidateDraft(draft); !s.ok()) return Err(s);
  const std::string slug = draft.slug.empty() ? Slugify(draft.headline) : draft.slug;
  if (draft.slug.empty() && slug.empty()) {
    return InvalidArgument("slug: the headline " + Quoted(draft.headline) +
                           " has no letters or digits to make a slug from; give one");
  }
  if (!IsValidSlug(slug)) return InvalidArgument("slug: " + Quoted(slug) + " is not a valid slug");

  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    {
      auto st = c.Prepare("SELECT 1 FROM articles WHERE slug = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, slug);
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (*row)
        return Err(Code::kAlreadyExists, "an article with slug " + Quoted(slug) + " exists");
    }
    auto section_id = FindOrCreate(c, kSections, draft.section_name);
    if (!section_id) return Err(section_id.error().WithContext("section"));
    auto author_ids = FindOrCreateAll(c, kAuthors, draft.author_names);
    if (!author_ids) return Err(author_ids.error().WithContext("authors"));
    auto tag_ids = FindOrCreateAll(c, kTags, draft.tag_names);
    if (!tag_ids) return Err(tag_ids.error().WithContext("tags"));

    auto st = c.Prepare(
        "INSERT INTO articles (slug, headline, standfirst, body_markdown, body_html, section_id,"
        " status, published_at, created_at, updated_at, comments_open, image_file,"
        " image_caption, image_credit, image_alt, image_width, image_height)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)");
    if (!st) return Err(st.error());
    st->Bind(1, slug)
        .Bind(2, draft.headline)
        .Bind(3, draft.standfirst)
        .Bind(4, draft.body_markdown)
        .Bind(5, draft.body_html)
        .Bind(6, *section_id)
        .Bind(7, ArticleStatusName(draft.status))
        .Bind(8, draft.published_at ? std::optional<int64_t>(ToUnix(*draft.published_at))
                                    : std::nullopt)
        .Bind(9, ToUnix(now))
        .Bind(10, int64_t{draft.comments_open ? 1 : 0});
    if (draft.image) {
      const Image& image = *draft.image;
      st->Bind(11, image.file)
          .Bind(12, image.caption)
          .Bind(13, image.credit)
          .Bind(14, image.alt)
          .Bind(15, int64_t{image.width})
          .Bind(16, int64_t{image.height});
    } else {
      st->Bind(11, std::optional<int64_t>())
          .Bind(12, "")
          .Bind(13, "")
          .Bind(14, "")
          .Bind(15, int64_t{0})
          .Bind(16, int64_t{0});
    }
    if (Status s = st->Run(); !s.ok()) return Err(s);
    const int64_t id = sqlite3_last_insert_rowid(c.db());

    if (Status s = LinkAll(c,
                           "INSERT INTO article_authors (article_id, author_id, position)"
                           " VALUES (?1, ?2, ?3)",
                           id, *author_ids);
        !s.ok()) {
      return Err(s);
    }
    if (Status s = LinkAll(c,
                           "INSERT INTO article_tags (article_id, tag_id, position)"
                           " VALUES (?1, ?2, ?3)",
                           id, *tag_ids);
        !s.ok()) {
      return Err(s);
    }
    return id;
  });
}

Result<Article> SqliteStore::GetArticle(int64_t id) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<Article> {
    std::vector<Article> items;
    {
      auto st = c.Prepare(kArticleColumns + " WHERE a.id = ?1");
      if (!st) return Err(st.error());
      st->Bind(1, id);
      auto read = ReadArticles(*st);
      if (!read) return Err(read.error());
      items = std::move(*read);
    }
    if (items.empty()) return NotFound("article " + std::to_string(id) + " not found");
    if (Status s = AttachBylinesAndTags(c, items); !s.ok()) return Err(s);
    return std::move(items.front());
  });
}

Result<ArticlePage> SqliteStore::ListLiveArticles(const ArticleQuery& query) {
  if (query.offset < 0) return InvalidArgument("offset must not be negative");
  if (query.limit < 0) return InvalidArgument("limit must not be negative");
  // The SQL is assembled from fixed fragments only; the slugs are bound.
  // An unknown slug makes its subquery NULL, which matches nothing.
  std::string where = " WHERE a.status = ?1 AND a.published_at <= ?2";
  if (query.section_slug) {
    where += " AND a.section_id = (SELECT id FROM sections WHERE slug = ?3)";
  }
  if (query.tag_slug) {
    where +=
        " AND a.id IN (SELECT article_id FROM article_tags"
        " WHERE tag_id = (SELECT id FROM tags WHERE slug = ?4))";
  }
  if (query.author_slug) {
    where +=
        " AND a.id IN (SELECT article_id FROM article_authors"
        " WHERE author_id = (SELECT id FROM authors WHERE slug = ?5))";
  }
  auto bind_filters = [&](Statement& st) {
    st.Bind(1, ArticleStatusName(ArticleStatus::kPublished)).Bind(2, ToUnix(query.now));
    if (query.section_slug) st.Bind(3, *query.section_slug);
    if (query.tag_slug) st.Bind(4, *query.tag_slug);
    if (query.author_slug) st.Bind(5, *query.author_slug);
  };

  return Run(TxKind::kRead, [&](Connection& c) -> Result<ArticlePage> {
    ArticlePage page;
    {
      auto st = c.Prepare("SELECT count(*) FROM articles a" + where);
      if (!st) return Err(st.error());
      bind_filters(*st);
      auto row = st->Step();
      if (!row) return Err(row.error());
      page.total = *row ? st->Int(0) : 0;
    }
    if (query.limit == 0 || query.offset >= page.total) return page;
    {
      auto st = c.Prepare(kListColumns + where +
                          " ORDER BY a.published_at DESC, a.id DESC LIMIT ?6 OFFSET ?7");
      if (!st) return Err(st.error());
      bind_filters(*st);
      st->Bind(6, query.limit).Bind(7, query.offset);
      auto items = ReadArticles(*st);
      if (!items) return Err(items.error());
      page.items = std::move(*items);
    }
    if (Status s = AttachBylinesAndTags(c, page.items); !s.ok()) return Err(s);
    return page;
  });
}

Result<std::vector<ArticleLine>> SqliteStore::ListArticleLines() {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<ArticleLine>> {
    // Stories with no time yet (drafts) come first: they are the newest work.
    auto st = c.Prepare(
        "SELECT id, status, published_at, headline FROM articles"
        " ORDER BY published_at DESC NULLS FIRST, id DESC");
    if (!st) return Err(st.error());
    std::vector<ArticleLine> lines;
    for (;;) {
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (!*row) return lines;
      auto status = ReadStatus(*st, 1);
      if (!status) return Err(status.error());
      ArticleLine line;
      line.id = st->Int(0);
      line.status = *status;
      if (!st->IsNull(2)) line.published_at = FromUnix(st->Int(2));
      line.headline = st->Text(3);
      lines.push_back(std::move(line));
    }
  });
}

Result<std::vector<Section>> SqliteStore::ListSections() {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<Section>> {
    auto st = c.Prepare("SELECT id, slug, name FROM sections ORDER BY name, id");
    if (!st) return Err(st.error());
    std::vector<Section> sections;
    for (;;) {
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (!*row) return sections;
      sections.push_back(Section{.id = st->Int(0), .slug = st->Text(1), .name = st->Text(2)});
    }
  });
}

Result<Section> SqliteStore::GetSection(const std::string& slug) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<Section> {
    auto st = c.Prepare(kSections.select_by_slug);
    if (!st) return Err(st.error());
    st->Bind(1, slug);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return NotFound("section " + Quoted(slug) + " not found");
    return Section{.id = st->Int(0), .slug = st->Text(1), .name = st->Text(2)};
  });
}

Result<Tag> SqliteStore::GetTag(const std::string& slug) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<Tag> {
    auto st = c.Prepare(kTags.select_by_slug);
    if (!st) return Err(st.error());
    st->Bind(1, slug);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return NotFound("tag " + Quoted(slug) + " not found");
    return Tag{.id = st->Int(0), .slug = st->Text(1), .name = st->Text(2)};
  });
}

Result<Author> SqliteStore::GetAuthor(const std::string& slug) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<Author> {
    auto st = c.Prepare("SELECT id, slug, name, bio FROM authors WHERE slug = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, slug);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return NotFound("author " + Quoted(slug) + " not found");
    return Author{.id = st->Int(0), .slug = st->Text(1), .name = st->Text(2), .bio = st->Text(3)};
  });
}

Result<int64_t> SqliteStore::AddMedia(const MediaRecord& media) {
  if (media.file.empty()) return InvalidArgument("media: file must not be empty");
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare(
        "INSERT INTO media (file, mime_type, bytes, width, height, created_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!st) return Err(st.error());
    st->Bind(1, media.file)
        .Bind(2, media.mime_type)
        .Bind(3, media.bytes)
        .Bind(4, int64_t{media.width})
        .Bind(5, int64_t{media.height})
        .Bind(6, ToUnix(media.created_at));
    if (Status s = st->Run(); !s.ok()) {
      if (s.code() == Code::kAlreadyExists) {
        return Err(Code::kAlreadyExists, "media file " + Quoted(media.file) + " exists");
      }
      return Err(s);
    }
    return sqlite3_last_insert_rowid(c.db());
  });
}

Result<MediaRecord> SqliteStore::GetMediaByFile(const std::string& file) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<MediaRecord> {
    auto st = c.Prepare(
        "SELECT id, file, mime_type, bytes, width, height, created_at FROM media"
        " WHERE file = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, file);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (!*row) return NotFound("media file " + Quoted(file) + " not found");
    return MediaRecord{.id = st->Int(0),
                       .file = st->Text(1),
                       .mime_type = st->Text(2),
                       .bytes = st->Int(3),
                       .width = static_cast<int>(st->Int(4)),
                       .height = static_cast<int>(st->Int(5)),
                       .created_at = FromUnix(st->Int(6))};
  });
}

Result<std::map<std::string, std::string>> SqliteStore::GetSettingOverrides() {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::map<std::string, std::string>> {
    auto st = c.Prepare("SELECT key, value FROM setting_overrides");
    if (!st) return Err(st.error());
    std::map<std::string, std::string> overrides;
    for (;;) {
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (!*row) return overrides;
      overrides.emplace(st->Text(0), st->Text(1));
    }
  });
}

Status SqliteStore::SetSettingOverride(const std::string& key, const std::string& value) {
  if (key.empty()) return Status(Code::kInvalidArgument, "setting override: key must not be empty");
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO setting_overrides (key, value) VALUES (?1, ?2)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st) return st.error();
    st->Bind(1, key).Bind(2, value);
    return st->Run();
  });
}

Status SqliteStore::SetHijriMonthStart(const HijriMonthStart& start) {
  if (start.year < 1) return Status(Code::kInvalidArgument, "Hijri year must be 1 or later");
  if (start.month < 1 || start.month > 12) {
    return Status(Code::kInvalidArgument,
                  "Hijri month must be 1..12, not " + std::to_string(start.month));
  }
  if (!start.first_day.ok()) {
    return Status(Code::kInvalidArgument, "Hijri month start: first_day is not a valid date");
  }
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO hijri_month_starts (year, month, first_day) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (year, month) DO UPDATE SET first_day = excluded.first_day");
    if (!st) return st.error();
    st->Bind(1, int64_t{start.year})
        .Bind(2, int64_t{start.month})
        .Bind(3, FormatCivilDate(start.first_day));
    return st->Run();
  });
}

Result<std::vector<HijriMonthStart>> SqliteStore::ListHijriMonthStarts() {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<HijriMonthStart>> {
    auto st =
        c.Prepare("SELECT year, month, first_day FROM hijri_month_starts ORDER BY year, month");
    if (!st) return Err(st.error());
    std::vector<HijriMonthStart> starts;
    for (;;) {
      auto row = st->Step();
      if (!row) return Err(row.error());
      if (!*row) return starts;
      auto day = ParseCivilDate(st->Text(2));
      if (!day) return Internal("stored Hijri month start: " + day.error().message());
      starts.push_back(HijriMonthStart{.year = static_cast<int>(st->Int(0)),
                                       .month = static_cast<int>(st->Int(1)),
                                       .first_day = *day});
    }
  });
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& db_file,
                                               const SqliteOptions& options) {
  const std::string context = "database " + db_file.string();
  if (options.max_connections < 1) {
    return InvalidArgument(context + ": max_connections must be at least 1");
  }
  // SQLite's own message for this is "unable to open database file", which
  // does not say why.
  std::filesystem::path parent = db_file.parent_path();
  if (parent.empty()) parent = ".";
  std::error_code ec;
  if (!std::filesystem::is_directory(parent, ec)) {
    return InvalidArgument(context + ": directory " + parent.string() + " does not exist");
  }
  auto first = Connection::Open(db_file, options.busy_timeout);
  if (!first) return Err(first.error().WithContext(context));
  if (Status s = Migrate(**first); !s.ok()) return Err(s.WithContext(context));
  auto pool = std::make_unique<ConnectionPool>(
      [db_file, timeout = options.busy_timeout] { return Connection::Open(db_file, timeout); },
      static_cast<size_t>(options.max_connections), std::move(*first));
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(pool)));
}

}  // namespace khabar
