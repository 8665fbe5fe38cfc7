#include "content/embed.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

std::string Canonical(std::string_view url) {
  std::optional<Embed> e = RecognizeEmbed(url);
  return e ? e->canonical_url : "";
}

TEST(RecognizeEmbed, YouTubeForms) {
  const std::string want = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
  EXPECT_EQ(Canonical("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), want);
  EXPECT_EQ(Canonical("http://youtube.com/watch?feature=share&v=dQw4w9WgXcQ#t=3"), want);
  EXPECT_EQ(Canonical("https://m.youtube.com/watch?v=dQw4w9WgXcQ"), want);
  EXPECT_EQ(Canonical(" https://youtu.be/dQw4w9WgXcQ?t=10\n"), want);
  EXPECT_EQ(Canonical("https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"), want);
  EXPECT_EQ(Canonical("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"), want);
  EXPECT_EQ(RecognizeEmbed(want)->kind, EmbedKind::kYouTube);
}

TEST(RecognizeEmbed, TwitterForms) {
  const std::string want = "https://twitter.com/dawn_com/status/1234567890";
  EXPECT_EQ(Canonical("https://twitter.com/dawn_com/status/1234567890"), want);
  EXPECT_EQ(Canonical("https://x.com/dawn_com/status/1234567890?s=20"), want);
  EXPECT_EQ(Canonical("https://mobile.twitter.com/dawn_com/statuses/1234567890"), want);
  EXPECT_EQ(RecognizeEmbed(want)->kind, EmbedKind::kTwitter);
}

TEST(RecognizeEmbed, OthersAreNotEmbeds) {
  EXPECT_EQ(Canonical("https://example.org/watch?v=dQw4w9WgXcQ"), "");
  EXPECT_EQ(Canonical("https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"), "");
  EXPECT_EQ(Canonical("https://evil@youtube.com/watch?v=dQw4w9WgXcQ"), "");
  EXPECT_EQ(Canonical("javascript:https://youtu.be/dQw4w9WgXcQ"), "");
  EXPECT_EQ(Canonical("https://www.youtube.com/watch?v=<script>"), "");
  EXPECT_EQ(Canonical("https://twitter.com/dawn_com"), "");
  EXPECT_EQ(Canonical("https://twitter.com/dawn_com/status/12ab"), "");
  EXPECT_EQ(Canonical("see https://youtu.be/dQw4w9WgXcQ"), "");
}

}  // namespace
}  // namespace khabar
