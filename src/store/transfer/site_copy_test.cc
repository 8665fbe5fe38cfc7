// CopySiteToPostgres on a small site: an SQLite temp file copied to a fresh
// database on the test cluster (ctest's `postgres` fixture), looked at
// through the driver interface. Also what the copy relies on from each
// backend: both describe the same schema (sql::DescribeTables). The
// real binary's `khabar migrate` is tests/e2e/migrate_test.cc's.
#include "store/transfer/site_copy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/postgres/testing/scratch_database.h"
#include "store/sql/dialect.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace khabar::transfer {
namespace {

using ::testing::HasSubstr;

Seconds At(int64_t s) { return Seconds(std::chrono::seconds(s)); }

#define ASSERT_OK(expr)                                                                    \
  do {                                                                                     \
    const auto& ok_result_ = (expr);                                                       \
    ASSERT_TRUE(ok_result_.has_value()) << #expr << ": " << ok_result_.error().ToString(); \
  } while (0)

// Value is the first column of the first row of `sql` on `c`, as text.
std::string Value(sql::Connection& c, const std::string& sql) {
  auto st = c.Prepare(sql);
  EXPECT_TRUE(st) << sql << ": " << st.error().ToString();
  if (!st) return "";
  auto row = st->Step();
  EXPECT_TRUE(row) << sql << ": " << row.error().ToString();
  return row && *row ? st->Text(0) : "";
}

class TransferSiteCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = testing::ScratchDatabase::Create();
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    target_.emplace(std::move(*db));
    source_ = dir_.path() / "khabar.db";
  }

  // FillSite writes two sections, a published story with tags and a
  // reply to a comment (a self-reference), a draft, and a user.
  void FillSite() {
    auto opened = OpenSqliteStore(source_);
    ASSERT_OK(opened);
    Store& store = **opened;
    UserRecord editor;
    editor.user.login = "sana";
    editor.user.display_name = "Sana Mirza";
    editor.user.role = Role::kEditor;
    editor.user.created_at = At(1000);
    editor.user.password_changed_at = At(1000);
    editor.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    auto editor_id = store.CreateUser(editor);
    ASSERT_OK(editor_id);
    ArticleDraft lead;
    lead.headline = "Budget passes after a long night";
    lead.body_html = "<p>Tom &amp; Jerry</p>";
    lead.section_name = "Pakistan";
    lead.tag_names = {"Budget", "Economy"};
    lead.status = ArticleStatus::kPublished;
    lead.published_at = At(5000);
    lead.breaking = true;
    lead.created_by = *editor_id;
    auto lead_id = store.CreateArticle(lead, At(4000));
    ASSERT_OK(lead_id);
    ArticleDraft draft;
    draft.headline = "A draft";
    draft.body_html = "<p>Not yet.</p>";
    draft.section_name = "World";
    ASSERT_OK(store.CreateArticle(draft, At(4100)));
    Comment top;
    top.article_id = *lead_id;
    top.name = "Reader";
    top.body = "First!\twith a tab\\ and a backslash";
    top.created_at = At(5100);
    auto top_id = store.AddComment(top);
    ASSERT_OK(top_id);
    Comment reply = top;
    reply.parent_id = *top_id;
    reply.body = "Second";
    ASSERT_OK(store.AddComment(reply));
  }

  std::unique_ptr<sql::Connection> Source() {
    auto c = OpenSqliteConnection(source_, std::chrono::milliseconds(1000));
    EXPECT_TRUE(c) << c.error().ToString();
    return c ? std::move(*c) : nullptr;
  }
  std::unique_ptr<sql::Connection> Target() {
    auto c = OpenPostgresConnection(target_->url(), std::chrono::milliseconds(1000));
    EXPECT_TRUE(c) << c.error().ToString();
    return c ? std::move(*c) : nullptr;
  }

  TempDir dir_;
  std::filesystem::path source_;
  std::optional<testing::ScratchDatabase> target_;
};

TEST_F(TransferSiteCopy, CopiesEveryTableInForeignKeyOrderAndTheyReadBackTheSame) {
  FillSite();
  if (HasFatalFailure()) return;
  auto report = CopySiteToPostgres(source_, target_->url());
  ASSERT_OK(report);
  EXPECT_EQ(report->source, "sqlite:" + source_.string());
  EXPECT_FALSE(report->replaced);
  EXPECT_EQ(report->warning, "");
  ASSERT_FALSE(report->tables.empty());
  EXPECT_TRUE(report->tables.back().search_index);
  EXPECT_EQ(report->tables.back().name, "article_search");
  EXPECT_EQ(report->tables.back().rows, 1);  // the published story

  auto src = Source();
  auto dst = Target();
  ASSERT_TRUE(src && dst);
  std::map<std::string, size_t> position;
  for (size_t i = 0; i + 1 < report->tables.size(); ++i) {
    const CopiedTable& t = report->tables[i];
    EXPECT_FALSE(t.search_index) << t.name;
    EXPECT_EQ(t.checksum.size(), 64u) << t.name;
    position[t.name] = i;
    const std::string count = "SELECT count(*) FROM " + t.name;
    EXPECT_EQ(Value(*src, count), std::to_string(t.rows)) << t.name;
    EXPECT_EQ(Value(*dst, count), std::to_string(t.rows)) << t.name;
  }
  EXPECT_FALSE(position.contains("changes"));
  EXPECT_FALSE(position.contains("schema_migrations"));
  EXPECT_LT(position.at("users"), position.at("articles"));
  EXPECT_LT(position.at("sections"), position.at("articles"));
  EXPECT_LT(position.at("articles"), position.at("comments"));
  EXPECT_LT(position.at("tags"), position.at("article_tags"));

  // Flags become booleans; text comes through byte for byte.
  EXPECT_EQ(Value(*dst, "SELECT breaking::text FROM articles WHERE status = 'published'"), "true");
  EXPECT_EQ(Value(*dst, "SELECT body FROM comments WHERE parent_id IS NULL"),
            "First!\twith a tab\\ and a backslash");
  // The journal says everything changed, once.
  EXPECT_EQ(Value(*dst, "SELECT string_agg(kind, ',' ORDER BY seq) FROM changes"),
            "settings,calendar");
  // Identities continue after the copied ids.
  const std::string max_id = Value(*dst, "SELECT max(id) FROM sections");
  EXPECT_EQ(Value(*dst, "INSERT INTO sections (slug, name) VALUES ('x', 'X') RETURNING id"),
            std::to_string(std::stoll(max_id) + 1));
}

TEST_F(TransferSiteCopy, ATargetThatHoldsASiteIsReplacedOnlyWhenForced) {
  FillSite();
  if (HasFatalFailure()) return;
  ASSERT_OK(CopySiteToPostgres(source_, target_->url()));
  auto again = CopySiteToPostgres(source_, target_->url());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(again.error().message(), HasSubstr("already holds a site"));
  EXPECT_THAT(again.error().message(), HasSubstr("nothing was written"));

  auto forced = CopySiteToPostgres(source_, target_->url(), SiteCopyOptions{.force = true});
  ASSERT_OK(forced);
  EXPECT_TRUE(forced->replaced);
  auto dst = Target();
  ASSERT_TRUE(dst);
  EXPECT_EQ(Value(*dst, "SELECT count(*) FROM comments"), "2");
}

TEST_F(TransferSiteCopy, AFlagStoredAsTextStopsTheCopyAndNothingIsWritten) {
  FillSite();
  if (HasFatalFailure()) return;
  {
    auto src = Source();
    ASSERT_TRUE(src);
    ASSERT_TRUE(src->ExecScript("UPDATE articles SET breaking = 'yes'").ok());
  }
  auto r = CopySiteToPostgres(source_, target_->url());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(r.error().message(), HasSubstr("table articles"));
  EXPECT_THAT(r.error().message(), HasSubstr("column breaking holds 'yes' where a 0/1 flag"));
  auto dst = Target();
  ASSERT_TRUE(dst);
  EXPECT_EQ(Value(*dst, "SELECT count(*) FROM users"), "0");
  EXPECT_EQ(Value(*dst, "SELECT count(*) FROM changes"), "0");
}

TEST_F(TransferSiteCopy, AnUnreachableTargetIsNamedWithoutItsPassword) {
  FillSite();
  if (HasFatalFailure()) return;
  auto r = CopySiteToPostgres(source_, "postgresql://khabar:s3cret@127.0.0.1:1/news");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kUnavailable);
  EXPECT_THAT(r.error().message(), HasSubstr("postgresql://khabar@127.0.0.1:1/news"));
  EXPECT_THAT(r.error().message(), ::testing::Not(HasSubstr("s3cret")));
  EXPECT_THAT(r.error().message(), ::testing::Not(HasSubstr("\n")));
}

// What a copy takes from each side must agree: the same tables (but the
// search index, which is SQLite's FTS5 table), columns, keys and
// references. SQLite keeps flags as INTEGER; PostgreSQL's identity columns
// are its own.
TEST_F(TransferSiteCopy, BothBackendsDescribeTheSameSchema) {
  ASSERT_OK(OpenSqliteStore(source_));
  ASSERT_OK(OpenPostgresStore(target_->url()));
  auto src = Source();
  auto dst = Target();
  ASSERT_TRUE(src && dst);
  auto lite = DescribeTables(*src);
  auto pg = DescribeTables(*dst);
  ASSERT_OK(lite);
  ASSERT_OK(pg);
  std::map<std::string, sql::TableShape> on_pg;
  for (const sql::TableShape& t : *pg) on_pg[t.name] = t;
  EXPECT_TRUE(on_pg.contains("article_search"));
  std::set<std::string> lite_names;
  bool some_identity = false;
  for (const sql::TableShape& t : *lite) {
    lite_names.insert(t.name);
    ASSERT_TRUE(on_pg.contains(t.name)) << t.name;
    const sql::TableShape& other = on_pg.at(t.name);
    EXPECT_EQ(t.refers_to, other.refers_to) << t.name;
    std::map<std::string, sql::ColumnShape> columns;
    for (const sql::ColumnShape& c : other.columns) columns[c.name] = c;
    EXPECT_EQ(t.columns.size(), other.columns.size()) << t.name;
    for (const sql::ColumnShape& c : t.columns) {
      ASSERT_TRUE(columns.contains(c.name)) << t.name << "." << c.name;
      const sql::ColumnShape& on = columns.at(c.name);
      EXPECT_EQ(c.key_position, on.key_position) << t.name << "." << c.name;
      EXPECT_FALSE(c.identity) << t.name << "." << c.name;
      some_identity = some_identity || on.identity;
      if (on.kind == sql::ColumnKind::kBoolean) {
        EXPECT_EQ(c.kind, sql::ColumnKind::kInteger) << t.name << "." << c.name;
      } else {
        EXPECT_EQ(c.kind, on.kind) << t.name << "." << c.name << " " << c.type << "/" << on.type;
      }
    }
  }
  EXPECT_TRUE(some_identity);
  on_pg.erase("article_search");
  EXPECT_EQ(lite_names.size(), on_pg.size());
  EXPECT_TRUE(lite_names.contains("comments"));
  EXPECT_TRUE(lite_names.contains("schema_migrations"));
}

TEST_F(TransferSiteCopy, OnlyPostgresTakesBulkWritesAndStreamsAreOneAtATime) {
  ASSERT_OK(OpenSqliteStore(source_));
  ASSERT_OK(OpenPostgresStore(target_->url()));
  auto src = Source();
  auto dst = Target();
  ASSERT_TRUE(src && dst);
  auto none = src->WriteRows("sections", {"slug", "name"});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), Code::kInvalidArgument);

  {
    auto first = dst->PrepareStream("SELECT n FROM generate_series(1, 3) AS g (n)");
    ASSERT_OK(first);
    auto second = dst->PrepareStream("SELECT 1");
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code(), Code::kInternal);
    std::vector<int64_t> seen;
    ASSERT_TRUE(sql::ForEachRow(*first, [&] { seen.push_back(first->Int(0)); }).ok());
    EXPECT_EQ(seen, (std::vector<int64_t>{1, 2, 3}));
  }

  // A stream dropped half-way leaves the connection free for the next query.
  {
    auto partial = dst->PrepareStream("SELECT n, n % 2 = 0 FROM generate_series(1, 100000) g (n)");
    ASSERT_OK(partial);
    ASSERT_OK(partial->Step());
    EXPECT_EQ(partial->Int(0), 1);
    EXPECT_EQ(partial->Int(1), 0);  // a boolean reads as 0 or 1
  }
  EXPECT_EQ(Value(*dst, "SELECT 'free'"), "free");
}

}  // namespace
}  // namespace khabar::transfer
