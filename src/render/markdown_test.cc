#include "render/markdown.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

TEST(MarkdownToHtml, ParagraphsAndSubHeadings) {
  std::string html = MarkdownToHtml("First para.\n\n## Concern over Middle East\n\nSecond.\n");
  EXPECT_TRUE(Contains(html, "<p>First para.</p>")) << html;
  EXPECT_TRUE(Contains(html, "<h2>Concern over Middle East</h2>")) << html;
  EXPECT_TRUE(Contains(html, "<p>Second.</p>")) << html;
}

TEST(MarkdownToHtml, GfmTablesAutolinksStrikethrough) {
  std::string html = MarkdownToHtml(
      "| Party | Seats |\n|---|---|\n| A | 93 |\n\nSee https://example.org now. ~~old~~\n");
  EXPECT_TRUE(Contains(html, "<table>")) << html;
  EXPECT_TRUE(Contains(html, "<td>93</td>")) << html;
  EXPECT_TRUE(Contains(html, "<a href=\"https://example.org\">https://example.org</a>")) << html;
  EXPECT_TRUE(Contains(html, "<del>old</del>")) << html;
}

TEST(MarkdownToHtml, RawHtmlIsNotPassedThrough) {
  std::string html =
      MarkdownToHtml("Hi <script>alert(1)</script>\n\n<div onclick=\"x()\">block</div>\n");
  EXPECT_FALSE(Contains(html, "<script>")) << html;
  EXPECT_FALSE(Contains(html, "onclick")) << html;
  EXPECT_FALSE(Contains(html, "<div")) << html;
}

TEST(MarkdownToHtml, DangerousLinkSchemesAreDropped) {
  std::string html = MarkdownToHtml("[click](javascript:alert(1)) ![i](vbscript:x)\n");
  EXPECT_FALSE(Contains(html, "javascript:")) << html;
  EXPECT_FALSE(Contains(html, "vbscript:")) << html;
}

TEST(MarkdownToHtml, TextIsEscaped) {
  std::string html = MarkdownToHtml("Tom & Jerry say 1 < 2 \"quoted\"\n");
  EXPECT_TRUE(Contains(html, "Tom &amp; Jerry say 1 &lt; 2")) << html;
}

// WithoutNewlines drops the line breaks cmark puts around block markup.
std::string WithoutNewlines(std::string s) {
  std::erase(s, '\n');
  return s;
}

TEST(MarkdownToHtml, YouTubeUrlParagraphIsAnEmbedFigure) {
  std::string html = WithoutNewlines(
      MarkdownToHtml("Before.\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nAfter.\n"));
  EXPECT_TRUE(Contains(html,
                       "<figure class=\"embed embed-youtube\"><a "
                       "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\">"
                       "https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></figure>"))
      << html;
  EXPECT_TRUE(Contains(html, "<p>Before.</p>")) << html;
  EXPECT_TRUE(Contains(html, "<p>After.</p>")) << html;
  EXPECT_FALSE(Contains(html, "<iframe")) << html;
  EXPECT_FALSE(Contains(html, "<script")) << html;
}

TEST(MarkdownToHtml, TweetUrlParagraphIsAnEmbedFigure) {
  std::string html =
      WithoutNewlines(MarkdownToHtml("https://twitter.com/dawn_com/status/1234567890\n"));
  EXPECT_TRUE(Contains(html,
                       "<figure class=\"embed embed-twitter\"><a "
                       "href=\"https://twitter.com/dawn_com/status/1234567890\">"))
      << html;
  EXPECT_FALSE(Contains(html, "<p>")) << html;
  html = MarkdownToHtml("<https://x.com/user/status/42>\n");
  EXPECT_TRUE(Contains(html, "<figure class=\"embed embed-twitter\">")) << html;
}

TEST(MarkdownToHtml, OtherLinksStayParagraphs) {
  // Another host, a URL inside text, a named link and a link in a list are
  // not embeds.
  std::string html = MarkdownToHtml(
      "https://example.org/watch?v=dQw4w9WgXcQ\n\nSee https://youtu.be/dQw4w9WgXcQ now.\n\n"
      "[the video](https://youtu.be/dQw4w9WgXcQ)\n\n- https://youtu.be/dQw4w9WgXcQ\n");
  EXPECT_FALSE(Contains(html, "<figure")) << html;
  EXPECT_TRUE(Contains(html, "<p><a href=\"https://example.org/watch?v=dQw4w9WgXcQ\">")) << html;
}

TEST(MarkdownToHtml, EmbedUrlIsEscaped) {
  std::string html = MarkdownToHtml("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10\n");
  EXPECT_TRUE(Contains(html, "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=10\""))
      << html;
  EXPECT_TRUE(Contains(html, "<figure class=\"embed embed-youtube\">")) << html;
}

}  // namespace
}  // namespace khabar
