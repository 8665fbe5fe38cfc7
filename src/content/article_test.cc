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
