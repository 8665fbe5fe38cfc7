#include "content/slug.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(Slugify, TagDisplayNameBecomesUrlSlug) {
  EXPECT_EQ(Slugify("Xi Jinping"), "xi-jinping");
  EXPECT_EQ(Slugify("United States"), "united-states");
  EXPECT_EQ(Slugify("Joe Biden"), "joe-biden");
}

TEST(Slugify, HeadlinePunctuationCollapsesToSingleDashes) {
  EXPECT_EQ(Slugify("US, China agree to work toward an expected Biden-Xi summit"),
            "us-china-agree-to-work-toward-an-expected-biden-xi-summit");
  EXPECT_EQ(Slugify("  --Hello,   World!!  "), "hello-world");
  EXPECT_EQ(Slugify("Wang's visit"), "wangs-visit");
  EXPECT_EQ(Slugify("Wang’s visit"), "wangs-visit");
}

TEST(Slugify, FoldsAccentsAndKeepsOtherScripts) {
  EXPECT_EQ(Slugify("Café Société"), "cafe-societe");
  EXPECT_EQ(Slugify("پاکستان کرکٹ"), "پاکستان-کرکٹ");
}

TEST(Slugify, EmptyWhenNothingUsableAndCutsOnCharacterBoundary) {
  EXPECT_EQ(Slugify("!!! ---"), "");
  std::string s = Slugify("پاکستان", 5);  // 2-byte letters: only two fit
  EXPECT_EQ(s, "پا");
  EXPECT_LE(Slugify(std::string(500, 'a')).size(), 80u);
}

TEST(IsValidSlug, AcceptsOnlyCanonicalSlugs) {
  EXPECT_TRUE(IsValidSlug("xi-jinping"));
  EXPECT_FALSE(IsValidSlug(""));
  EXPECT_FALSE(IsValidSlug("Xi-Jinping"));
  EXPECT_FALSE(IsValidSlug("xi--jinping"));
  EXPECT_FALSE(IsValidSlug("-xi"));
  EXPECT_FALSE(IsValidSlug("../etc"));
}

}  // namespace
}  // namespace khabar
