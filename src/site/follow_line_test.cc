#include "site/follow_line.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

std::string Join(const std::vector<TextSegment>& segs) {
  std::string s;
  for (const auto& seg : segs)
    s += seg.href.empty() ? seg.text : "[" + seg.text + "](" + seg.href + ")";
  return s;
}

TEST(FollowLine, LinksHandleAndNetworkNames) {
  SocialSettings s;
  s.twitter = "desk";
  s.facebook = "https://facebook.example/desk";
  s.youtube = "https://youtube.example/@desk";
  s.follow_text = "Follow us on Twitter @desk. We are also on Facebook, Instagram and YouTube.";
  EXPECT_EQ(Join(FollowLine(s)),
            "Follow us on [Twitter](https://x.com/desk) [@desk](https://x.com/desk). We are also "
            "on [Facebook](https://facebook.example/desk), Instagram and "
            "[YouTube](https://youtube.example/@desk).");
}

TEST(FollowLine, PlainTextWithoutAccountsAndEmptyWithoutText) {
  SocialSettings s;
  s.follow_text = "Follow us on Facebook.";
  EXPECT_EQ(Join(FollowLine(s)), "Follow us on Facebook.");
  s.follow_text = "";
  s.facebook = "https://facebook.example/x";
  EXPECT_TRUE(FollowLine(s).empty());
}

TEST(FollowLine, MatchesWholeWordsOnly) {
  SocialSettings s;
  s.facebook = "https://f.example";
  s.follow_text = "Facebooking is not Facebook.";
  EXPECT_EQ(Join(FollowLine(s)), "Facebooking is not [Facebook](https://f.example).");
}

}  // namespace
}  // namespace khabar
