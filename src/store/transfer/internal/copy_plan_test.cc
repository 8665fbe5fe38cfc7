// PlanCopy on hand-made schema descriptions: the order, the keys, and the
// differences that stop a copy before it writes.
#include "store/transfer/internal/copy_plan.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace khabar::transfer::internal {
namespace {

using sql::ColumnKind;
using sql::ColumnShape;
using sql::TableShape;
using ::testing::HasSubstr;

ColumnShape Col(std::string name, ColumnKind kind, int key_position = 0, bool identity = false) {
  ColumnShape c;
  c.name = std::move(name);
  c.type = kind == ColumnKind::kOther ? "numeric" : "bigint";
  c.kind = kind;
  c.key_position = key_position;
  c.identity = identity;
  return c;
}

TableShape Tab(std::string name, std::vector<ColumnShape> columns,
               std::set<std::string> refers_to = {}) {
  TableShape t;
  t.name = std::move(name);
  t.columns = std::move(columns);
  t.refers_to = std::move(refers_to);
  return t;
}

std::vector<std::string> Names(const std::vector<Table>& tables) {
  std::vector<std::string> names;
  for (const Table& t : tables) names.push_back(t.name);
  return names;
}

// The source as SQLite describes it: flags are integers, keys and
// references are read from here.
std::vector<TableShape> Source() {
  return {Tab("comments",
              {Col("id", ColumnKind::kInteger, 1), Col("article_id", ColumnKind::kInteger),
               Col("parent_id", ColumnKind::kInteger)},
              {"articles", "comments"}),
          Tab("articles",
              {Col("id", ColumnKind::kInteger, 1), Col("breaking", ColumnKind::kInteger),
               Col("section_id", ColumnKind::kInteger)},
              {"sections"}),
          Tab("sections", {Col("id", ColumnKind::kInteger, 1), Col("slug", ColumnKind::kText)}),
          Tab("login_failures", {Col("key", ColumnKind::kText), Col("at", ColumnKind::kInteger)}),
          Tab("changes", {Col("seq", ColumnKind::kInteger, 1)}),
          Tab("schema_migrations", {Col("version", ColumnKind::kInteger, 1)})};
}

// The target as PostgreSQL describes it: kinds and identities are read
// from here; its search index is a table.
std::vector<TableShape> Target() {
  return {
      Tab("sections", {Col("slug", ColumnKind::kText), Col("id", ColumnKind::kInteger, 1, true)}),
      Tab("articles",
          {Col("id", ColumnKind::kInteger, 1, true), Col("breaking", ColumnKind::kBoolean),
           Col("section_id", ColumnKind::kInteger)}),
      Tab("comments",
          {Col("id", ColumnKind::kInteger, 1, true), Col("article_id", ColumnKind::kInteger),
           Col("parent_id", ColumnKind::kInteger)}),
      Tab("login_failures", {Col("key", ColumnKind::kText), Col("at", ColumnKind::kInteger)}),
      Tab("article_search", {Col("article_id", ColumnKind::kInteger, 1)}),
      Tab("changes", {Col("seq", ColumnKind::kInteger, 1, true)}),
      Tab("schema_migrations", {Col("version", ColumnKind::kInteger, 1)})};
}

TEST(TransferPlan, OrdersByForeignKeysThenByNameWithTheTargetsKinds) {
  auto plan = PlanCopy(Source(), Target());
  ASSERT_TRUE(plan) << plan.error().ToString();
  EXPECT_EQ(Names(*plan),
            (std::vector<std::string>{"login_failures", "sections", "articles", "comments"}));
  const Table& articles = (*plan)[2];
  ASSERT_EQ(articles.columns.size(), 3u);
  EXPECT_EQ(articles.columns[1].name, "breaking");
  EXPECT_EQ(articles.columns[1].kind, ColumnKind::kBoolean);
  EXPECT_TRUE(articles.columns[0].identity);
  // The source's column order, whatever the target's.
  const Table& sections = (*plan)[1];
  EXPECT_EQ(sections.columns[0].name, "id");
  EXPECT_EQ(ColumnList(sections), "\"id\", \"slug\"");
}

TEST(TransferPlan, ReadsByTheKeyOrEveryColumnInByteOrder) {
  auto plan = PlanCopy(Source(), Target());
  ASSERT_TRUE(plan) << plan.error().ToString();
  const Table& unkeyed = (*plan)[0];
  EXPECT_FALSE(unkeyed.has_primary_key);
  EXPECT_EQ(unkeyed.key, (std::vector<size_t>{0, 1}));
  TempDir dir;
  auto c = OpenSqliteConnection(dir.path() / "any.db", std::chrono::milliseconds(100));
  ASSERT_TRUE(c) << c.error().ToString();
  const sql::Dialect& dialect = (*c)->dialect();
  EXPECT_EQ(OrderBy(unkeyed, dialect), "\"key\" COLLATE BINARY NULLS FIRST, \"at\" NULLS FIRST");
  EXPECT_EQ(OrderBy((*plan)[1], dialect), "\"id\"");
}

TEST(TransferPlan, DifferentSchemasStopTheCopy) {
  auto source = Source();
  source.push_back(Tab("extra", {Col("id", ColumnKind::kInteger, 1)}));
  auto tables = PlanCopy(source, Target());
  ASSERT_FALSE(tables);
  EXPECT_EQ(tables.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(tables.error().message(),
              HasSubstr("tables only in the source: [extra], only in the target: []"));

  auto target = Target();
  target[0].columns.push_back(Col("name", ColumnKind::kText));
  auto column = PlanCopy(Source(), target);
  ASSERT_FALSE(column);
  EXPECT_THAT(column.error().message(),
              HasSubstr("table sections: column name is only in the target"));

  target = Target();
  target[1].columns[2] = Col("section_id", ColumnKind::kOther);
  auto type = PlanCopy(Source(), target);
  ASSERT_FALSE(type);
  EXPECT_THAT(type.error().message(),
              HasSubstr("table articles column section_id: type numeric is one migrate cannot "
                        "copy yet"));
}

TEST(TransferPlan, ReferencesToTablesNotCopiedAndCyclesStopTheCopy) {
  auto source = Source();
  source[2].refers_to = {"changes"};
  auto journal = PlanCopy(source, Target());
  ASSERT_FALSE(journal);
  EXPECT_THAT(journal.error().message(),
              HasSubstr("table sections: refers to table changes, which migrate does not copy"));

  source = Source();
  source[2].refers_to = {"comments"};
  auto cycle = PlanCopy(source, Target());
  ASSERT_FALSE(cycle);
  EXPECT_THAT(cycle.error().message(), HasSubstr("foreign keys form a cycle"));
}

}  // namespace
}  // namespace khabar::transfer::internal
