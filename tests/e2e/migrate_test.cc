// `khabar migrate`: a site with a row in every table of the schema, built in
// SQLite through the store, copied to a fresh PostgreSQL database by the
// real binary, then looked at through libpq (not the PostgreSQL store,
// whose reads must not be what vouches for its own data). Also: the
// refusal to overwrite a site, --force, and failures that leave the target
// as it was (a missing source, an unreachable server, a row PostgreSQL
// refuses half-way through).
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "store/postgres/testing/scratch_database.h"
#include "store/sqlite/sqlite_store.h"
#include "support/process.h"

namespace khabar::testing {
namespace {

using std::chrono::seconds;

// Every table migrate copies row for row: the whole schema except the
// change journal, schema_migrations and the search index (checked apart).
const std::vector<std::string> kTables = {"article_authors",
                                          "article_events",
                                          "article_revisions",
                                          "article_tags",
                                          "article_views",
                                          "articles",
                                          "authors",
                                          "autosaves",
                                          "comments",
                                          "hijri_month_starts",
                                          "import_keys",
                                          "login_failures",
                                          "media",
                                          "redirects",
                                          "sections",
                                          "sessions",
                                          "setting_overrides",
                                          "slug_redirects",
                                          "tags",
                                          "users"};

// Text that COPY's text format gives a meaning to (tab, newline, carriage
// return, backslash, "\N", "\."), quotes, right-to-left script and emoji.
const std::string kTricky =
    "tab\there, backslash \\ and \\N and \\., CR\r, newline\nnext; quotes ' \" ; "
    "\xD8\xA7\xD8\xB1\xD8\xAF\xD9\x88 \xF0\x9F\x99\x82 end";

Seconds At(int64_t s) { return Seconds(seconds(s)); }

#define ASSERT_OK(expr)                                                                    \
  do {                                                                                     \
    const auto& ok_result_ = (expr);                                                       \
    ASSERT_TRUE(ok_result_.has_value()) << #expr << ": " << ok_result_.error().ToString(); \
  } while (0)
#define ASSERT_STATUS_OK(expr)                                              \
  do {                                                                      \
    const Status ok_status_ = (expr);                                       \
    ASSERT_TRUE(ok_status_.ok()) << #expr << ": " << ok_status_.ToString(); \
  } while (0)

// FillSite writes a small site with at least one row in every table, and
// the values most likely to be mangled by a copy: NULLs, false and true
// flags, a reply (a self-reference), identical unkeyed rows, tricky text.
void FillSite(const std::filesystem::path& file) {
  auto opened = OpenSqliteStore(file);
  ASSERT_OK(opened);
  Store& store = **opened;

  UserRecord editor{{0, "sana", "Sana Mirza", Role::kEditor, false, At(1000), At(1000)},
                    "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"};
  auto editor_id = store.CreateUser(editor);
  ASSERT_OK(editor_id);
  UserRecord reporter{
      {0, "omar", "Omar \xD8\xB9\xD9\x85\xD8\xB1", Role::kReporter, false, At(1001), At(1001)},
      "$argon2id$v=19$m=65536,t=2,p=1$c2FsdDI$aGFzaDI"};
  auto reporter_id = store.CreateUser(reporter);
  ASSERT_OK(reporter_id);
  ASSERT_STATUS_OK(store.SetUserDisabled(*reporter_id, true));

  ASSERT_OK(store.CreateSection(Section{0, "", "World", 2}));

  ArticleDraft lead;
  lead.headline = "Budget passes after a long night";
  lead.standfirst = kTricky;
  lead.body_markdown = "Tom & Jerry\n\nSecond *paragraph*.";
  lead.body_html = "<p>Tom &amp; Jerry &lt;3</p>\n<p>Second <em>paragraph</em>.</p>";
  lead.section_name = "Pakistan";
  lead.author_names = {"Sana Mirza", "Reuters"};
  lead.tag_names = {"Budget", "Parliament", "Economy"};
  lead.image = Image{"2024/03/lead.jpg", "The house", "AP", "Members voting", 1200, 800};
  lead.status = ArticleStatus::kPublished;
  lead.published_at = At(5000);
  lead.comments_open = false;
  lead.breaking = true;
  lead.correction = "An earlier version misspelt a name.";
  lead.created_by = *editor_id;
  auto lead_id = store.CreateArticle(lead, At(4000));
  ASSERT_OK(lead_id);

  ArticleDraft second;
  second.headline = "Monsoon rains arrive early in Lahore";
  second.body_markdown = "Rain.";
  second.body_html = "<p>Rain in <strong>Lahore</strong>.</p>";
  second.section_name = "World";
  second.author_names = {"Omar"};
  second.tag_names = {"Weather"};
  second.created_by = *reporter_id;
  auto second_id = store.CreateArticle(second, At(4100));
  ASSERT_OK(second_id);
  // A second revision, and status moves (events) to published.
  // Urdu with harakat: the index holds it folded (FoldForSearch) on both
  // sides, which the check of the index must allow for.
  second.body_markdown = "Heavy rain. لاہور میں تیز بارِش";
  second.body_html = "<p>Heavy rain in Lahore. لاہور میں تیز بارِش</p>";
  ASSERT_OK(store.UpdateArticle(*second_id, second, 1, *editor_id, At(4200)));
  ASSERT_OK(store.TransitionArticle(*second_id, ArticleStatus::kPublished, At(4300), 2, *editor_id,
                                    At(4300)));

  // A translation in another edition: the edition columns and a
  // self-reference of articles.
  ArticleDraft urdu;
  urdu.headline = "Bajat ur";
  urdu.body_html = "<p>" + kTricky + "</p>";
  urdu.section_name = "Khabrain";
  urdu.edition = "ur";
  urdu.translation_of = *lead_id;
  ASSERT_OK(store.CreateArticle(urdu, At(4150)));

  ArticleDraft draft;
  draft.headline = "A draft nobody has seen";
  draft.body_markdown = "Not yet.";
  draft.body_html = "<p>Not yet.</p>";
  draft.section_name = "World";
  draft.tag_names = {"Weather"};
  auto draft_id = store.CreateArticle(draft, At(4400));
  ASSERT_OK(draft_id);

  ASSERT_STATUS_OK(store.PutAutosave(Autosave{*draft_id, *editor_id, 1, kTricky, At(4500)}));

  // A tag renamed and one merged: slug redirects.
  auto economy = store.GetTag("economy");
  ASSERT_OK(economy);
  ASSERT_OK(store.RenameTag(economy->id, "The Economy"));
  auto parliament = store.GetTag("parliament");
  auto budget = store.GetTag("budget");
  ASSERT_OK(parliament);
  ASSERT_OK(budget);
  ASSERT_STATUS_OK(store.MergeTags(parliament->id, budget->id));

  MediaRecord media;
  media.file = "2024/03/lead.jpg";
  media.mime_type = "image/jpeg";
  media.bytes = 123456;
  media.width = 1200;
  media.height = 800;
  media.created_at = At(3900);
  media.caption = kTricky;
  media.variants = {{"2024/03/lead-480.webp", "image/webp", 480, 320}};
  media.uploaded_by = *editor_id;
  ASSERT_OK(store.AddMedia(media));
  MediaRecord imported;  // no uploader: a NULL
  imported.file = "2019/01/old.png";
  imported.mime_type = "image/png";
  imported.bytes = 99;
  imported.created_at = At(100);
  ASSERT_OK(store.AddMedia(imported));

  ASSERT_STATUS_OK(store.CreateSession(SessionRecord{"Zq9-token-hash", *editor_id, "csrf1",
                                                     At(6000), At(9000), At(6100), "10.0.0.1"}));
  ASSERT_STATUS_OK(store.CreateSession(
      SessionRecord{"aB7-token-hash", *editor_id, "csrf2", At(6200), At(9200), At(6200), ""}));
  // Identical rows in the one table without a primary key.
  ASSERT_STATUS_OK(store.RecordLoginFailure("ip:10.0.0.9", At(7000)));
  ASSERT_STATUS_OK(store.RecordLoginFailure("ip:10.0.0.9", At(7000)));
  ASSERT_STATUS_OK(store.RecordLoginFailure("login:sana", At(6999)));

  Comment top;
  top.article_id = *lead_id;
  top.name = "Reader";
  top.email = "reader@example.com";
  top.body = "First!";
  top.created_at = At(5100);
  top.address = "192.0.2.1";
  auto top_id = store.AddComment(top);
  ASSERT_OK(top_id);
  ASSERT_STATUS_OK(store.ModerateComment(*top_id, CommentStatus::kApproved, *editor_id));
  Comment reply = top;
  reply.parent_id = *top_id;
  reply.body = kTricky;
  reply.email = "";
  reply.created_at = At(5200);
  auto reply_id = store.AddComment(reply);
  ASSERT_OK(reply_id);
  Comment spam = top;
  spam.body = "Buy now";
  spam.created_at = At(5300);
  auto spam_id = store.AddComment(spam);
  ASSERT_OK(spam_id);
  ASSERT_STATUS_OK(store.ModerateComment(*spam_id, CommentStatus::kSpam, *editor_id));

  // An imported post with a comment and old paths, and an imported user:
  // keys and paths whose byte order differs from a linguistic one.
  ImportedArticle post;
  post.key = "wordpress:Example.com:post:12";
  post.draft.headline = "Old floods story";
  post.draft.body_html = "<p>Water.</p>";
  post.draft.section_name = "World";
  post.draft.status = ArticleStatus::kPublished;
  post.draft.published_at = At(200);
  post.created_at = At(150);
  post.updated_at = At(250);
  ImportedComment old_comment;
  old_comment.key = "wordpress:example.com:comment:7";
  old_comment.comment.name = "Old reader";
  old_comment.comment.body = "Thanks";
  old_comment.comment.status = CommentStatus::kApproved;
  old_comment.comment.created_at = At(300);
  post.comments = {old_comment};
  post.redirect_paths = {"/2019/03/old-floods/", "/?p=12",
                         "/Archive/\xD8\xB3\xDB\x8C\xD9\x84\xD8\xA7\xD8\xA8/"};
  ASSERT_OK(store.ImportArticle(post));
  ASSERT_STATUS_OK(store.RecordImported("wordpress:example.com:user:3", *reporter_id));

  ASSERT_STATUS_OK(store.AddPageViews({{*lead_id, 40}, {*second_id, 7}}, At(7200)));
  ASSERT_STATUS_OK(store.AddPageViews({{*lead_id, 3}}, At(10800)));

  // Keys whose order differs between byte order and a linguistic one.
  ASSERT_STATUS_OK(store.SetSettingOverride("site.tagline", kTricky));
  ASSERT_STATUS_OK(store.SetSettingOverride("comments.closed_text", "Closed."));
  ASSERT_STATUS_OK(store.SetSettingOverride("Site.Banner", "Upper case first"));
  ASSERT_STATUS_OK(store.SetHijriMonthStart(
      HijriMonthStart{1445, 9,
                      std::chrono::year_month_day{std::chrono::year{2024}, std::chrono::month{3},
                                                  std::chrono::day{11}}}));
}

// ---- Looking at the databases directly ----

std::map<std::string, int64_t> SqliteCounts(const std::filesystem::path& file) {
  std::map<std::string, int64_t> counts;
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::vector<std::string> queries = kTables;
  queries.push_back("article_search");
  for (const std::string& table : queries) {
    sqlite3_stmt* st = nullptr;
    const std::string sql = "SELECT count(*) FROM " + table;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    EXPECT_EQ(sqlite3_step(st), SQLITE_ROW);
    counts[table] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return counts;
}

void SqliteExec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << sql << ": " << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// Pg is a plain libpq connection for looking at the target.
class Pg {
 public:
  explicit Pg(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    EXPECT_EQ(PQstatus(conn_), CONNECTION_OK) << PQerrorMessage(conn_);
  }
  ~Pg() { PQfinish(conn_); }
  Pg(const Pg&) = delete;
  Pg& operator=(const Pg&) = delete;

  // Rows runs `sql` and returns every row ("<null>" for NULL).
  std::vector<std::vector<std::string>> Rows(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::vector<std::vector<std::string>> rows;
    const ExecStatusType status = PQresultStatus(r);
    EXPECT_TRUE(status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        << sql << ": " << PQresultErrorMessage(r);
    for (int i = 0; i < PQntuples(r); ++i) {
      auto& row = rows.emplace_back();
      for (int j = 0; j < PQnfields(r); ++j) {
        row.push_back(PQgetisnull(r, i, j) ? "<null>" : PQgetvalue(r, i, j));
      }
    }
    PQclear(r);
    return rows;
  }
  // Value is the first column of the only row.
  std::string Value(const std::string& sql) {
    auto rows = Rows(sql);
    EXPECT_EQ(rows.size(), 1u) << sql;
    return rows.empty() || rows[0].empty() ? "" : rows[0][0];
  }
  int64_t Count(const std::string& table) {
    return std::stoll(Value("SELECT count(*) FROM " + table));
  }
  std::map<std::string, int64_t> Counts() {
    std::map<std::string, int64_t> counts;
    for (const std::string& t : kTables) counts[t] = Count(t);
    counts["article_search"] = Count("article_search");
    return counts;
  }

 private:
  PGconn* conn_;
};

// SummaryCounts reads migrate's per-table lines: "name rows checksum time ok".
std::map<std::string, int64_t> SummaryCounts(const std::string& out) {
  std::map<std::string, int64_t> counts;
  static const std::regex line(
      R"(^(\w+)(?: \(index\))?\s+(\d+)\s+([0-9a-f]{16})\s+[0-9.]+ s\s+ok$)");
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) {
    std::smatch m;
    if (std::regex_match(l, m, line)) counts[m[1]] = std::stoll(m[2]);
  }
  return counts;
}

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

class MigrateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = ScratchDatabase::Create();
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    target_.emplace(std::move(*db));
    source_ = dir_.path() / "khabar.db";
  }

  CommandResult Migrate(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"migrate", "--from", "sqlite:" + source_.string(), "--to",
                                     target_->url()};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunKhabar(args);
  }

  TempDir dir_;
  std::filesystem::path source_;
  std::optional<ScratchDatabase> target_;
};

TEST_F(MigrateTest, CopiesEveryTableVerifiesAndRefusesToOverwriteWithoutForce) {
  FillSite(source_);
  if (HasFatalFailure()) return;
  const auto expected = SqliteCounts(source_);
  for (const std::string& t : kTables) {
    EXPECT_GT(expected.at(t), 0) << t << ": the test site must exercise every table";
  }

  auto r = Migrate();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("every count and checksum matches"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("--force"), std::string::npos) << r.out;
  EXPECT_EQ(SummaryCounts(r.out), expected) << r.out;

  Pg pg(target_->url());
  EXPECT_EQ(pg.Counts(), expected);

  // Values that a careless copy gets wrong.
  EXPECT_EQ(pg.Value("SELECT body FROM comments WHERE parent_id IS NOT NULL"), kTricky);
  EXPECT_EQ(pg.Value("SELECT value FROM setting_overrides WHERE key = 'site.tagline'"), kTricky);
  EXPECT_EQ(pg.Value("SELECT payload FROM autosaves"), kTricky);
  EXPECT_EQ(pg.Value("SELECT comments_open::text || ' ' || breaking::text || ' ' ||"
                     " coalesce(image_file, '-') FROM articles WHERE slug LIKE 'budget%'"),
            "false true 2024/03/lead.jpg");
  EXPECT_EQ(pg.Value("SELECT comments_open::text || ' ' || breaking::text || ' ' ||"
                     " coalesce(image_file, '-') FROM articles WHERE slug LIKE 'monsoon%'"),
            "true false -");
  EXPECT_EQ(pg.Value("SELECT a.edition || ' ' || s.edition || ' ' || o.slug FROM articles a"
                     " JOIN sections s ON s.id = a.section_id"
                     " JOIN articles o ON o.id = a.translation_of"),
            "ur ur budget-passes-after-a-long-night");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM articles WHERE edition = ''"), "4");
  EXPECT_EQ(pg.Value("SELECT string_agg(login || ':' || disabled::text, ',' ORDER BY id)"
                     " FROM users"),
            "sana:false,omar:true");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM media WHERE uploaded_by IS NULL"), "1");
  EXPECT_EQ(pg.Value("SELECT count(*) FROM login_failures WHERE key = 'ip:10.0.0.9'"), "2");
  EXPECT_EQ(pg.Value("SELECT first_day FROM hijri_month_starts WHERE year = 1445 AND month = 9"),
            "2024-03-11");
  // The search index holds the published stories, in PostgreSQL's form.
  EXPECT_EQ(pg.Value("SELECT count(*) FROM articles WHERE status = 'published'"),
            std::to_string(expected.at("article_search")));
  EXPECT_EQ(pg.Value("SELECT a.slug FROM article_search s JOIN articles a ON a.id = s.article_id"
                     " WHERE s.document @@ to_tsquery('simple', 'monsoon')"),
            pg.Value("SELECT slug FROM articles WHERE slug LIKE 'monsoon%'"));
  EXPECT_EQ(pg.Value("SELECT body_text FROM article_search s JOIN articles a ON"
                     " a.id = s.article_id WHERE a.slug LIKE 'budget%'"),
            "Tom & Jerry <3 Second paragraph.");
  EXPECT_EQ(pg.Value("SELECT body_text FROM article_search s JOIN articles a ON"
                     " a.id = s.article_id WHERE a.slug LIKE 'monsoon%'"),
            "Heavy rain in Lahore. لاہور میں تیز بارش");
  // The journal: one entry that clears every node's page cache, one that
  // reloads the calendar; nothing per copied row.
  EXPECT_EQ(pg.Value("SELECT string_agg(kind, ',' ORDER BY seq) FROM changes"),
            "settings,calendar");
  // Sequences continue after the copied ids.
  const std::string max_id = pg.Value("SELECT max(id) FROM sections");
  EXPECT_EQ(pg.Value("INSERT INTO sections (slug, name) VALUES ('extra', 'Extra') RETURNING id"),
            std::to_string(std::stoll(max_id) + 1));

  // Again, without --force: refused, one line, nothing changed.
  const auto before = pg.Counts();
  auto again = Migrate();
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.out, "");
  EXPECT_EQ(Lines(again.err), 1) << again.err;
  EXPECT_NE(again.err.find("already holds a site"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("--force"), std::string::npos) << again.err;
  EXPECT_NE(again.err.find("nothing was written"), std::string::npos) << again.err;
  EXPECT_EQ(pg.Counts(), before);
  EXPECT_EQ(pg.Value("SELECT count(*) FROM sections WHERE slug = 'extra'"), "1");

  // With --force the target is emptied and filled again, in one go.
  auto forced = Migrate({"--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.out << forced.err;
  EXPECT_NE(forced.out.find("previous contents replaced"), std::string::npos) << forced.out;
  EXPECT_EQ(SummaryCounts(forced.out), expected) << forced.out;
  EXPECT_EQ(pg.Counts(), expected);
  EXPECT_EQ(pg.Value("SELECT count(*) FROM sections WHERE slug = 'extra'"), "0");
  EXPECT_EQ(pg.Value("SELECT string_agg(kind, ',' ORDER BY seq) FROM changes"),
            "settings,calendar,section,settings,calendar");
}

TEST_F(MigrateTest, ARowPostgresRefusesLeavesTheTargetEmpty) {
  FillSite(source_);
  if (HasFatalFailure()) return;
  // A NUL byte: legal in SQLite text, refused by PostgreSQL. Comments come
  // late in the copy, after most tables were written.
  SqliteExec(source_,
             "INSERT INTO comments (article_id, name, body, status, created_at)"
             " SELECT min(id), 'x', CAST(X'61006200' AS TEXT), 'pending', 1 FROM articles");
  auto r = Migrate();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("table comments"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
  Pg pg(target_->url());
  for (const auto& [table, rows] : pg.Counts()) EXPECT_EQ(rows, 0) << table;
  EXPECT_EQ(pg.Count("changes"), 0);
}

TEST_F(MigrateTest, AMissingSourceIsNamedAndNeitherSideIsTouched) {
  auto r = Migrate();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find(source_.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no such SQLite file"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(source_)) << "migrate must not create its source";
  Pg pg(target_->url());
  EXPECT_EQ(pg.Value("SELECT count(*) FROM information_schema.tables"
                     " WHERE table_schema = 'public'"),
            "0");
}

TEST_F(MigrateTest, AnUnreachableTargetIsNamedWithoutItsPassword) {
  FillSite(source_);
  if (HasFatalFailure()) return;
  auto r = RunKhabar({"migrate", "--from", source_.string(), "--to",
                      "postgresql://khabar:s3cret-pw@127.0.0.1:1/news"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Lines(r.err), 1) << r.err;
  EXPECT_NE(r.err.find("postgresql://khabar@127.0.0.1:1/news"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cret-pw"), std::string::npos) << r.err;
}

TEST_F(MigrateTest, WrongKindsOfDatabaseAreRefused) {
  FillSite(source_);
  if (HasFatalFailure()) return;
  auto backwards = RunKhabar({"migrate", "--from", target_->url(), "--to", source_.string()});
  EXPECT_EQ(backwards.exit_code, 1);
  EXPECT_EQ(Lines(backwards.err), 1) << backwards.err;
  EXPECT_NE(backwards.err.find("--from"), std::string::npos) << backwards.err;
  auto to_file = RunKhabar(
      {"migrate", "--from", source_.string(), "--to", (dir_.path() / "other.db").string()});
  EXPECT_EQ(to_file.exit_code, 1);
  EXPECT_NE(to_file.err.find("--to"), std::string::npos) << to_file.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "other.db"));
}

// A database whose default collation is linguistic (ICU en-US) sorts "B"
// between "a" and "c", where SQLite sorts byte by byte: read back in the
// database's order, the setting overrides and sessions would not match
// their checksums. migrate reads both sides in byte order.
TEST(MigrateCollation, ChecksumsHoldOnALinguisticallySortedDatabase) {
  auto cluster = TestClusterUrl();
  ASSERT_TRUE(cluster.has_value()) << cluster.error().ToString();
  const std::string name = "khabar_migrate_icu_" + std::to_string(getpid());
  {
    Pg admin(*cluster);
    admin.Rows("DROP DATABASE IF EXISTS " + name);
    admin.Rows("CREATE DATABASE " + name +
               " TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
  }
  const std::string url = cluster->substr(0, cluster->rfind('/') + 1) + name;
  TempDir dir;
  const auto source = dir.path() / "khabar.db";
  FillSite(source);
  if (!HasFatalFailure()) {
    {
      Pg pg(url);
      // The premise: this database does not sort by bytes.
      EXPECT_EQ(
          pg.Value("SELECT string_agg(x, '' ORDER BY x) FROM (VALUES ('a'), ('B'), ('c')) v(x)"),
          "aBc");
    }
    auto r = RunKhabar({"migrate", "--from", source.string(), "--to", url});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(SummaryCounts(r.out), SqliteCounts(source)) << r.out;
  }
  Pg admin(*cluster);
  admin.Rows("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
}

}  // namespace
}  // namespace khabar::testing
