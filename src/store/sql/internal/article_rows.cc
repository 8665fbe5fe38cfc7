#include "store/sql/internal/article_rows.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "store/sql/dialect.h"
#include "store/sql/values.h"

namespace khabar::sql {

const std::string kArticleFrom = " FROM articles a JOIN sections s ON s.id = a.section_id";
const std::string kListFields =
    "a.id, a.slug, a.headline, a.standfirst, '', '', a.status,"
    " a.published_at, a.created_at, a.updated_at, a.comments_open, a.image_file,"
    " a.image_caption, a.image_credit, a.image_alt, a.image_width, a.image_height,"
    " s.id, s.slug, s.name, s.position, a.breaking, a.correction, a.created_by, a.version,"
    " a.edition, a.translation_of, s.edition";
const std::string kArticleFields =
    "a.id, a.slug, a.headline, a.standfirst, a.body_markdown, a.body_html, a.status,"
    " a.published_at, a.created_at, a.updated_at, a.comments_open, a.image_file,"
    " a.image_caption, a.image_credit, a.image_alt, a.image_width, a.image_height,"
    " s.id, s.slug, s.name, s.position, a.breaking, a.correction, a.created_by, a.version,"
    " a.edition, a.translation_of, s.edition";
const std::string kArticleColumns = "SELECT " + kArticleFields + kArticleFrom;
const std::string kListColumns = "SELECT " + kListFields + kArticleFrom;

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
  a.published_at = OptionalTime(st, 7);
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
  a.section = Section{.id = st.Int(17),
                      .slug = st.Text(18),
                      .name = st.Text(19),
                      .position = static_cast<int>(st.Int(20)),
                      .edition = st.Text(27)};
  a.breaking = st.Int(21) != 0;
  a.correction = st.Text(22);
  a.created_by = OptionalInt(st, 23);
  a.version = st.Int(24);
  a.edition = st.Text(25);
  a.translation_of = OptionalInt(st, 26);
  return a;
}

Result<std::vector<Article>> ReadArticles(Statement& st) {
  std::vector<Article> out;
  Status s = ForEachRow(st, [&]() -> Status {
    auto a = ReadArticle(st);
    if (!a) return a.error();
    out.push_back(std::move(*a));
    return Status();
  });
  if (!s.ok()) return Err(s);
  return out;
}

Result<std::vector<Article>> LoadListed(Connection& c, const std::vector<int64_t>& ids) {
  if (ids.empty()) return std::vector<Article>{};
  // The list of ids drives the reads, so SQLite builds no temporary index
  // for an IN list; the order is restored here.
  const Dialect& d = c.dialect();
  auto st = c.Prepare("SELECT " + kListFields + " FROM " + d.IdTable("?1", "j") + " " +
                      std::string(d.DrivingJoin()) +
                      " articles a ON a.id = j.value JOIN sections s ON s.id = a.section_id");
  if (!st) return Err(st.error());
  st->Bind(1, d.EncodeIds(ids));
  auto read = ReadArticles(*st);
  if (!read) return Err(read.error());
  std::unordered_map<int64_t, Article*> by_id;
  for (Article& a : *read) by_id[a.id] = &a;
  std::vector<Article> out;
  out.reserve(read->size());
  for (int64_t id : ids) {
    if (auto it = by_id.find(id); it != by_id.end()) out.push_back(std::move(*it->second));
  }
  return out;
}

Status AttachDetails(Connection& c, std::vector<Article>& items) {
  if (items.empty()) return Status();
  // One statement for bylines, tags and comment counts, told apart by its
  // first column. The ids go in as one list parameter, so the SQL text
  // (and its cached statement) is the same whatever the number of items;
  // the list drives each part, since on SQLite `IN (SELECT ...)` would
  // build a temporary index per part and `ORDER BY` a sorter, which cost
  // more than the reads themselves. Bylines and tags are put in their order
  // here instead. comments_by_article (article_id, status, created_at)
  // answers each count from the index. A story listed twice is filled once.
  std::unordered_map<int64_t, Article*> by_id;
  std::vector<int64_t> id_list;
  for (Article& a : items) {
    if (by_id.emplace(a.id, &a).second) id_list.push_back(a.id);
  }
  const Dialect& d = c.dialect();
  const std::string ids = d.IdTable("?1", "j") + " " + std::string(d.DrivingJoin());
  auto st = c.Prepare(
      "SELECT 0, aa.article_id, aa.position, au.id, au.slug, au.name, au.bio, au.photo"
      " FROM " +
      ids +
      " article_authors aa ON aa.article_id = j.value"
      " JOIN authors au ON au.id = aa.author_id"
      " UNION ALL"
      " SELECT 1, at.article_id, at.position, t.id, t.slug, t.name, '', ''"
      " FROM " +
      ids +
      " article_tags at ON at.article_id = j.value"
      " JOIN tags t ON t.id = at.tag_id"
      " UNION ALL"
      " SELECT 2, j.value, 0,"
      " (SELECT count(*) FROM comments WHERE article_id = j.value AND status = ?2), '', '', '', ''"
      " FROM " +
      d.IdTable("?1", "j"));
  if (!st) return st.error();
  st->Bind(1, d.EncodeIds(id_list)).Bind(2, CommentStatusName(CommentStatus::kApproved));
  // (position, story, link), put in position order once all are read.
  std::vector<std::tuple<int64_t, Article*, Author>> authors;
  std::vector<std::tuple<int64_t, Article*, Tag>> tags;
  Status s = ForEachRow(*st, [&] {
    Article* a = by_id.at(st->Int(1));
    switch (st->Int(0)) {
      case 0:
        authors.emplace_back(st->Int(2), a,
                             Author{.id = st->Int(3),
                                    .slug = st->Text(4),
                                    .name = st->Text(5),
                                    .bio = st->Text(6),
                                    .photo = st->Text(7)});
        break;
      case 1:
        tags.emplace_back(st->Int(2), a,
                          Tag{.id = st->Int(3), .slug = st->Text(4), .name = st->Text(5)});
        break;
      default:
        a->comment_count = st->Int(3);
        break;
    }
  });
  if (!s.ok()) return s;
  auto by_position = [](const auto& x, const auto& y) { return std::get<0>(x) < std::get<0>(y); };
  std::stable_sort(authors.begin(), authors.end(), by_position);
  std::stable_sort(tags.begin(), tags.end(), by_position);
  for (auto& [position, a, author] : authors) a->authors.push_back(std::move(author));
  for (auto& [position, a, tag] : tags) a->tags.push_back(std::move(tag));
  return Status();
}

Result<Article> LoadArticle(Connection& c, int64_t id) {
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
  if (Status s = AttachDetails(c, items); !s.ok()) return Err(s);
  return std::move(items.front());
}

Result<ArticleHead> LoadHead(Connection& c, int64_t id) {
  auto st = c.Prepare(
      "SELECT version, status, published_at, slug, created_by FROM articles WHERE id = ?1");
  if (!st) return Err(st.error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound("article " + std::to_string(id) + " not found");
  auto status = ReadStatus(*st, 1);
  if (!status) return Err(status.error());
  return ArticleHead{.version = st->Int(0),
                     .status = *status,
                     .published_at = OptionalTime(*st, 2),
                     .slug = st->Text(3),
                     .created_by = OptionalInt(*st, 4)};
}

Status CheckVersion(Connection& c, int64_t id, const ArticleHead& head, int64_t expected) {
  if (head.version == expected) return Status();
  // Every save writes a revision and every move an event, each recording
  // the version it made, so exactly one of them made the current version.
  auto st = c.Prepare(
      "SELECT x.kind, x.user_id, u.display_name, x.at FROM ("
      " SELECT CAST('save' AS TEXT) AS kind, user_id, saved_at AS at FROM article_revisions"
      "  WHERE article_id = ?1 AND version = ?2"
      " UNION ALL SELECT 'move', user_id, at FROM article_events"
      "  WHERE article_id = ?1 AND version = ?2) x"
      " LEFT JOIN users u ON u.id = x.user_id LIMIT 1");
  if (!st) return st.error();
  st->Bind(1, id).Bind(2, head.version);
  auto row = st->Step();
  if (!row) return row.error();
  std::string message = "story " + std::to_string(id) + " was changed";
  if (*row) {
    std::string who;
    if (!st->IsNull(1)) {
      who = st->IsNull(2) ? "user " + std::to_string(st->Int(1)) : st->Text(2);
    } else {
      who = st->Text(0) == "move" ? "the scheduler" : "an import";
    }
    message += " by " + who + " at " + FormatIso8601Utc(FromUnix(st->Int(3)));
  }
  message += " after you opened it (your version " + std::to_string(expected) + ", now " +
             std::to_string(head.version) + ")";
  return Status(Code::kConflict, std::move(message));
}

const std::string kLineOrder = " ORDER BY a.published_at DESC NULLS FIRST, a.id DESC";

const std::string kLineColumns =
    "SELECT a.id, a.status, a.published_at, a.headline, s.name, a.created_by,"
    " coalesce(u.display_name, ''), a.updated_at, a.breaking, a.edition"
    " FROM articles a JOIN sections s ON s.id = a.section_id"
    " LEFT JOIN users u ON u.id = a.created_by";

Result<std::vector<ArticleLine>> ReadLines(Statement& st) {
  std::vector<ArticleLine> lines;
  Status s = ForEachRow(st, [&]() -> Status {
    auto status = ReadStatus(st, 1);
    if (!status) return status.error();
    lines.push_back(ArticleLine{.id = st.Int(0),
                                .status = *status,
                                .published_at = OptionalTime(st, 2),
                                .headline = st.Text(3),
                                .section_name = st.Text(4),
                                .created_by = OptionalInt(st, 5),
                                .created_by_name = st.Text(6),
                                .updated_at = FromUnix(st.Int(7)),
                                .breaking = st.Int(8) != 0,
                                .edition = st.Text(9)});
    return Status();
  });
  if (!s.ok()) return Err(s);
  return lines;
}

}  // namespace khabar::sql
