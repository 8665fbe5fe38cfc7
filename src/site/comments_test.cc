#include "site/comments.h"

#include <gtest/gtest.h>

#include "render/theme.h"

namespace khabar {
namespace {

// The default theme's catalogs, which say why a comment is refused.
const Theme& DefaultTheme() {
  static const std::unique_ptr<Theme> theme = [] {
    const char* dir = std::getenv("KHABAR_SOURCE_DIR");
    auto t = Theme::Load(std::filesystem::path(dir != nullptr ? dir : ".") / "themes/default");
    EXPECT_TRUE(t) << t.error().ToString();
    return t ? std::move(*t) : nullptr;
  }();
  return *theme;
}
const Messages& En() { return DefaultTheme().MessagesFor("en"); }

CommentInput Valid() {
  CommentInput in;
  in.name = "Ayesha";
  in.body = "A fair report.";
  return in;
}

TEST(CheckComment, AcceptsAPlainComment) {
  EXPECT_TRUE(CheckComment(Valid(), CommentsSettings{}, En()).ok());
  CommentInput in = Valid();
  in.email = "ayesha@example.org";
  EXPECT_TRUE(CheckComment(in, CommentsSettings{}, En()).ok());
}

TEST(CheckComment, RefusesWithAReason) {
  CommentsSettings s;
  s.max_length = 20;
  s.max_links = 1;
  auto refuse = [&](CommentInput in, Code code, const std::string& words) {
    Status st = CheckComment(in, s, En());
    EXPECT_EQ(st.code(), code) << words;
    EXPECT_NE(st.message().find(words), std::string::npos) << st.message();
  };
  CommentInput in = Valid();
  in.website = "http://spam.example";
  refuse(in, Code::kPermissionDenied, "not accepted");
  in = Valid();
  in.name = "   ";
  refuse(in, Code::kInvalidArgument, "name");
  in = Valid();
  in.body = std::string(21, 'x');
  refuse(in, Code::kInvalidArgument, "longer than 20");
  in = Valid();
  in.body = "http://a.x www.b.x";
  refuse(in, Code::kInvalidArgument, "at most 1 link");
  in = Valid();
  in.email = "not-an-email";
  refuse(in, Code::kInvalidArgument, "email");
  in = Valid();
  in.body = "";
  refuse(in, Code::kInvalidArgument, "write a comment");
}

TEST(CheckComment, ReasonsAreInTheCatalogsLanguage) {
  CommentsSettings s;
  s.max_length = 3000;
  CommentInput in = Valid();
  in.body = std::string(3001, 'x');
  EXPECT_EQ(CheckComment(in, s, En()).message(), "Your comment is longer than 3000 characters.");
  const Messages& ur = DefaultTheme().MessagesFor("ur");
  EXPECT_EQ(CheckComment(in, s, ur).message(), "آپ کا تبصرہ 3000 حروف سے زیادہ طویل ہے۔");
  in = Valid();
  in.body = "";
  EXPECT_EQ(CheckComment(in, s, ur).message(), "براہِ کرم تبصرہ لکھیں۔");
}

TEST(CheckComment, LengthCountsCharactersNotBytes) {
  CommentsSettings s;
  s.max_length = 5;
  CommentInput in = Valid();
  in.body = "سلام!";  // 5 characters, 9 bytes
  EXPECT_TRUE(CheckComment(in, s, En()).ok());
}

TEST(StripControls, DropsC0ButNewlineAndTabDelAndC1AndKeepsTheRest) {
  static constexpr char kIn[] =
      "a\0b\x01\x1B[1m\r\n\tc\x7F\xC2\x80\xC2\x9F d \xC2\xA0\xC3\xA9 \xD8\xB4\xC2";
  EXPECT_EQ(StripControls(std::string_view(kIn, sizeof kIn - 1)),
            "ab[1m\n\tc d \xC2\xA0\xC3\xA9 \xD8\xB4\xC2");
  EXPECT_EQ(StripControls(""), "");
  EXPECT_EQ(StripControls("\x01\x02"), "");
}

TEST(CommentsOpen, StoryFlagAndAutoClose) {
  Article a;
  a.comments_open = true;
  Seconds published = *ParseIso8601("2024-02-01T00:00:00Z");
  a.published_at = published;
  CommentsSettings s;
  EXPECT_TRUE(CommentsOpen(a, s, published + std::chrono::days(400)));
  s.close_after_days = 14;
  EXPECT_TRUE(CommentsOpen(a, s, published + std::chrono::days(13)));
  EXPECT_FALSE(CommentsOpen(a, s, published + std::chrono::days(14)));
  a.comments_open = false;
  EXPECT_FALSE(CommentsOpen(a, CommentsSettings{}, published));
}

TEST(CommentParagraphs, SplitsParagraphsAndLinksAddresses) {
  auto paras = CommentParagraphs("First line, see https://example.org/a.\n\nSecond www.x.example");
  ASSERT_EQ(paras.size(), 2u);
  ASSERT_EQ(paras[0].size(), 3u);
  EXPECT_EQ(paras[0][1].text, "https://example.org/a");
  EXPECT_EQ(paras[0][1].href, "https://example.org/a");
  EXPECT_EQ(paras[0][2].text, ".");
  EXPECT_EQ(paras[1][1].href, "https://www.x.example");
  // Script-ish text stays text; only http(s) and www. become links.
  auto js = CommentParagraphs("javascript:alert(1) <b>x</b>");
  ASSERT_EQ(js.size(), 1u);
  ASSERT_EQ(js[0].size(), 1u);
  EXPECT_TRUE(js[0][0].href.empty());
}

TEST(CountLinks, CountsEachAddressOnce) {
  EXPECT_EQ(CountLinks("none here"), 0);
  EXPECT_EQ(CountLinks("http://a.example http://b.example/x?y=http://c"), 2);
  EXPECT_EQ(CountLinks("HTTPS://A.EXAMPLE"), 1);
}

TEST(CheckSameSite, RefusesPostsOtherSitesMakeBrowsersSend) {
  const std::string base = "https://news.example/";
  EXPECT_TRUE(CheckSameSite("", "", "news.example", base).ok()) << "no word either way";
  EXPECT_TRUE(CheckSameSite("https://news.example", "same-origin", "news.example", base).ok());
  EXPECT_TRUE(CheckSameSite("http://127.0.0.1:8080", "", "127.0.0.1:8080", base).ok());
  // Behind a proxy that rewrites Host, base_url still names the site.
  EXPECT_TRUE(CheckSameSite("https://news.example", "", "10.0.0.5:8080", base).ok());
  for (auto [origin, fetch] :
       {std::pair{"https://evil.example", ""}, std::pair{"", "cross-site"}, std::pair{"null", ""},
        std::pair{"https://news.example.evil.example", ""},
        std::pair{"https://news.example", "cross-site"}}) {
    Status st = CheckSameSite(origin, fetch, "news.example", base);
    EXPECT_EQ(st.code(), Code::kPermissionDenied) << origin << " " << fetch;
  }
}

}  // namespace
}  // namespace khabar
