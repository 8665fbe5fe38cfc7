#include "content/article.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

ArticleDraft Valid() {
  ArticleDraft d;
  d.headline = "Floods in Sindh";
  d.section_name = "Pakistan";
  return d;
}

TEST(ValidateDraft, AcceptsAMinimalDraft) { EXPECT_TRUE(ValidateDraft(Valid()).ok()); }

TEST(ValidateDraft, NamesTheBadField) {
  auto expect_error = [](ArticleDraft d, const std::string& word) {
    Status s = ValidateDraft(d);
    ASSERT_FALSE(s.ok()) << word;
    EXPECT_EQ(s.code(), Code::kInvalidArgument);
    EXPECT_NE(s.message().find(word), std::string::npos) << s.message();
  };
  ArticleDraft d = Valid();
  d.headline = "";
  expect_error(d, "headline");
  d = Valid();
  d.headline = std::string(301, 'x');
  expect_error(d, "headline");
  d = Valid();
  d.section_name = "!!";
  expect_error(d, "section");
  d = Valid();
  d.tag_names = {""};
  expect_error(d, "tag");
  d = Valid();
  d.status = ArticleStatus::kPublished;
  expect_error(d, "published time");
  d = Valid();
  d.slug = "Bad Slug";
  expect_error(d, "slug");
}

// The tag cap: the settings' (CheckTagCount) and the ceiling every store
// enforces (ValidateDraft).
TEST(ValidateDraft, TagsAreCapped) {
  ArticleDraft d = Valid();
  for (int i = 0; i < 30; ++i) d.tag_names.push_back("Tag " + std::to_string(i));
  EXPECT_TRUE(CheckTagCount(d, 30).ok());
  d.tag_names.push_back("One more");
  Status s = CheckTagCount(d, 30);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "tags: at most 30 per story (this one has 31)");
  EXPECT_TRUE(ValidateDraft(d).ok());
  while (d.tag_names.size() <= static_cast<size_t>(kMaxTagsCeiling)) {
    d.tag_names.push_back("Tag " + std::to_string(d.tag_names.size()));
  }
  s = ValidateDraft(d);
  EXPECT_EQ(s.code(), Code::kInvalidArgument);
  EXPECT_EQ(s.message(), "tags: at most 100 per story (this one has 101)");
}

TEST(ArticleStatus, NamesRoundTrip) {
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kSubmitted, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
    auto parsed = ParseArticleStatus(ArticleStatusName(s));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, s);
  }
  EXPECT_FALSE(ParseArticleStatus("live"));
}

TEST(IsLive, OnlyPublishedAndDue) {
  Article a;
  Seconds now = *ParseIso8601("2024-02-28T00:00:00Z");
  a.status = ArticleStatus::kPublished;
  a.published_at = now - std::chrono::hours(1);
  EXPECT_TRUE(IsLive(a, now));
  a.published_at = now + std::chrono::hours(1);
  EXPECT_FALSE(IsLive(a, now));
  a.published_at = now - std::chrono::hours(1);
  a.status = ArticleStatus::kDraft;
  EXPECT_FALSE(IsLive(a, now));
}

}  // namespace
}  // namespace khabar
