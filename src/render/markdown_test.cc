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

}  // namespace
}  // namespace khabar
