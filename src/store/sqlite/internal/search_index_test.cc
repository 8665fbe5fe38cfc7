#include "store/sqlite/internal/search_index.h"

#include <gtest/gtest.h>

namespace khabar::sql::sqlite_internal {
namespace {

TEST(Fts5Query, QuotesEveryWordAndRequiresAll) {
  EXPECT_EQ(Fts5Query(ParseSearchText("biden summ")), "\"biden\" AND \"summ\"*");
  EXPECT_EQ(Fts5Query(ParseSearchText("NEAR(a b) ")), "\"NEAR\" AND \"a\" AND \"b\"");
  EXPECT_EQ(Fts5Query(ParseSearchText("headline:x")), "\"headline\" AND \"x\"");
  EXPECT_EQ(Fts5Query(ParseSearchText("\"*-^")), "");
}

TEST(Fts5Query, DoublesEmbeddedQuotes) {
  // ParseSearchText never yields a quote; the escape is a second line of
  // defence for any other caller.
  EXPECT_EQ(Fts5Query(SearchWords{.words = {"a\"b"}, .last_is_prefix = false}), "\"a\"\"b\"");
}

}  // namespace
}  // namespace khabar::sql::sqlite_internal
