#include "content/wordpress_body.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "render/markdown.h"

namespace khabar {
namespace {

bool Contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

bool HasWarning(const WordPressBody& body, const std::string& part) {
  return std::any_of(body.warnings.begin(), body.warnings.end(),
                     [&](const std::string& w) { return Contains(w, part); });
}

// Dump shows a result in a failure message.
std::string Dump(const WordPressBody& body) {
  std::string out = "--- markdown (lossless=" + std::to_string(body.lossless) + ")\n" +
                    body.markdown + "--- html\n" + body.html + "--- warnings\n";
  for (const std::string& w : body.warnings) out += w + "\n";
  return out;
}

// TextOf is the text of HTML: tags removed, whitespace collapsed.
std::string TextOf(const std::string& html) {
  std::string out;
  bool tag = false;
  for (char c : html) {
    if (c == '<') tag = true;
    if (!tag) {
      bool space = c == ' ' || c == '\n';
      if (!space || (!out.empty() && out.back() != ' ')) out += space ? ' ' : c;
    }
    if (c == '>') tag = false;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

const std::string kYouTube = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
const std::string kTweet = "https://twitter.com/dawn_com/status/1234567890";

TEST(ConvertWordPressBody, ClassicEditorAutoParagraphs) {
  WordPressBody body = ConvertWordPressBody(
      "First paragraph, <strong>bold</strong>.\nSame paragraph, next line.\r\n\r\n"
      "Second paragraph.\n\n\n<h2>A heading</h2>\n\nThird.");
  EXPECT_EQ(body.markdown,
            "First paragraph, **bold**.\\\nSame paragraph, next line.\n\nSecond paragraph.\n\n"
            "## A heading\n\nThird.\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  EXPECT_TRUE(Contains(body.html, "<p>First paragraph, <strong>bold</strong>.<br>")) << Dump(body);
  EXPECT_TRUE(Contains(body.html, "<p>Second paragraph.</p>")) << Dump(body);
  EXPECT_TRUE(Contains(body.html, "<h2>A heading</h2>")) << Dump(body);
  EXPECT_TRUE(body.warnings.empty()) << Dump(body);
}

TEST(ConvertWordPressBody, GutenbergBlocks) {
  WordPressBody body = ConvertWordPressBody(
      "<!-- wp:paragraph -->\n<p>Lead <em>para</em>.</p>\n<!-- /wp:paragraph -->\n\n"
      "<!-- wp:heading {\"level\":3} -->\n<h3>Sub</h3>\n<!-- /wp:heading -->\n\n"
      "<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->\n\n"
      "<!-- wp:paragraph -->\n<p>Line one\nstill line one.</p>\n<!-- /wp:paragraph -->");
  EXPECT_EQ(body.markdown, "Lead *para*.\n\n### Sub\n\n---\n\nLine one still line one.\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  EXPECT_FALSE(Contains(body.html, "wp:")) << Dump(body);
  EXPECT_FALSE(Contains(body.markdown, "wp:")) << Dump(body);
}

TEST(ConvertWordPressBody, Headings) {
  WordPressBody body = ConvertWordPressBody(
      "<h1>Top</h1><h2>Two</h2><h4>Four <em>it</em></h4><h6>Six #</h6><p>x</p>");
  EXPECT_EQ(body.markdown, "## Top\n\n## Two\n\n#### Four *it*\n\n###### Six \\#\n\nx\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  // The story's title is the page's h1.
  EXPECT_TRUE(Contains(body.html, "<h2>Top</h2>")) << Dump(body);
  EXPECT_FALSE(Contains(body.html, "<h1")) << Dump(body);
}

TEST(ConvertWordPressBody, NestedLists) {
  WordPressBody body = ConvertWordPressBody(
      "<ul><li>One<ul><li>One.a</li><li>One.b</li></ul></li><li>Two</li></ul>"
      "<ol start=\"3\"><li>Three</li><li>Four<ol><li>Four.1</li></ol></li></ol>");
  EXPECT_EQ(body.markdown,
            "- One\n  - One.a\n  - One.b\n- Two\n\n3. Three\n4. Four\n   1. Four.1\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  std::string html = MarkdownToHtml(body.markdown);
  EXPECT_TRUE(Contains(html, "<li>One\n<ul>\n<li>One.a</li>")) << html;
  EXPECT_TRUE(Contains(html, "<ol start=\"3\">")) << html;
}

TEST(ConvertWordPressBody, Links) {
  WordPressBody body = ConvertWordPressBody(
      "<p>See <a href=\"https://example.org/a_(b)\" title=\"The &quot;A&quot;\">the "
      "<b>report</b></a>, <a href=\"https://example.org/\">https://example.org/</a> and "
      "<a href=\"mailto:desk@example.org\">write</a>.</p>");
  EXPECT_EQ(body.markdown,
            "See [the **report**](https://example.org/a_%28b%29 \"The \\\"A\\\"\"), "
            "<https://example.org/> and [write](mailto:desk@example.org).\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  EXPECT_TRUE(Contains(body.html,
                       "<a href=\"https://example.org/a_(b)\" title=\"The "
                       "&quot;A&quot;\">the <b>report</b></a>"))
      << Dump(body);
}

TEST(ConvertWordPressBody, RelativeLinksAreKeptButNotLossless) {
  WordPressBody body = ConvertWordPressBody(
      "<p>Read <a href=\"/2019/05/old-story/\">the old story</a> and <strong> more </strong>"
      "here.</p>");
  EXPECT_EQ(body.markdown, "Read [the old story](/2019/05/old-story/) and **more** here.\n")
      << Dump(body);
  EXPECT_FALSE(body.lossless);
  EXPECT_TRUE(HasWarning(body, "/2019/05/old-story/")) << Dump(body);
  EXPECT_TRUE(Contains(body.html, "<a href=\"/2019/05/old-story/\">")) << Dump(body);
}

TEST(ConvertWordPressBody, ImageWithCaptionShortcode) {
  WordPressBody body = ConvertWordPressBody(
      "Before.\n\n[caption id=\"attachment_12\" align=\"aligncenter\" width=\"640\"]"
      "<img class=\"size-full wp-image-12\" src=\"https://example.org/wp-content/a.jpg\" "
      "alt=\"Flood in Sindh\" width=\"640\" height=\"480\" /> Villagers wade through water. "
      "<em>Photo: AP</em>[/caption]\n\nAfter.");
  EXPECT_EQ(body.markdown,
            "Before.\n\n![Flood in Sindh](https://example.org/wp-content/a.jpg)\n\n"
            "Villagers wade through water. *Photo: AP*\n\nAfter.\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  EXPECT_TRUE(Contains(body.html,
                       "<figure><img src=\"https://example.org/wp-content/a.jpg\" alt=\"Flood in "
                       "Sindh\" width=\"640\" height=\"480\"><figcaption>Villagers wade through "
                       "water. <em>Photo: AP</em></figcaption>"))
      << Dump(body);
  EXPECT_FALSE(Contains(body.html, "wp-image")) << Dump(body);
}

TEST(ConvertWordPressBody, LinkedImageInGutenbergImageBlock) {
  WordPressBody body = ConvertWordPressBody(
      "<!-- wp:image {\"id\":5} -->\n<figure class=\"wp-block-image\"><a "
      "href=\"https://example.org/big.jpg\"><img src=\"https://example.org/small.jpg\" "
      "alt=\"\"/></a><figcaption>Caption</figcaption></figure>\n<!-- /wp:image -->");
  EXPECT_EQ(body.markdown,
            "[![](https://example.org/small.jpg)](https://example.org/big.jpg)\n\nCaption\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
}

// Every form a YouTube video takes in a WordPress body becomes the canonical
// embed paragraph.
TEST(ConvertWordPressBody, YouTubeEmbedsInEveryForm) {
  const std::vector<std::string> forms = {
      // Gutenberg block.
      "<!-- wp:embed {\"url\":\"https://youtu.be/dQw4w9WgXcQ\",\"type\":\"video\","
      "\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video\">"
      "<div class=\"wp-block-embed__wrapper\">\nhttps://youtu.be/dQw4w9WgXcQ\n</div></figure>\n"
      "<!-- /wp:embed -->",
      // Older Gutenberg block.
      "<!-- wp:core-embed/youtube {\"url\":\"https:\\/\\/www.youtube.com\\/watch?v=dQw4w9WgXcQ\"}"
      " -->\n<figure class=\"wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\n"
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:core-embed/youtube "
      "-->",
      // Gutenberg figure without the comment.
      "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\n"
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>",
      // Shortcodes.
      "[embed]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]",
      "[youtube https://www.youtube.com/watch?v=dQw4w9WgXcQ]",
      "[youtube=http://www.youtube.com/watch?v=dQw4w9WgXcQ&w=640&h=385]",
      // Iframe, bare or in a paragraph.
      "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\" "
      "frameborder=\"0\" allowfullscreen></iframe>",
      "<p><iframe src=\"//www.youtube-nocookie.com/embed/dQw4w9WgXcQ\"></iframe></p>",
      // A bare URL on its own line of a classic body, and in a paragraph.
      "https://youtu.be/dQw4w9WgXcQ",
      "<p>https://m.youtube.com/watch?v=dQw4w9WgXcQ</p>",
      "<p><a href=\"https://youtu.be/dQw4w9WgXcQ\">https://youtu.be/dQw4w9WgXcQ</a></p>",
  };
  for (const std::string& form : forms) {
    WordPressBody body = ConvertWordPressBody("<p>Watch:</p>\n\n" + form + "\n\n<p>End.</p>");
    EXPECT_EQ(body.markdown, "Watch:\n\n" + kYouTube + "\n\nEnd.\n") << form << "\n" << Dump(body);
    EXPECT_TRUE(Contains(body.html, "<figure class=\"embed embed-youtube\"><a href=\"" + kYouTube +
                                        "\">" + kYouTube + "</a></figure>"))
        << form << "\n"
        << Dump(body);
    EXPECT_FALSE(Contains(body.html, "iframe")) << Dump(body);
    EXPECT_TRUE(body.lossless) << form << "\n" << Dump(body);
    EXPECT_TRUE(Contains(MarkdownToHtml(body.markdown), "<figure class=\"embed embed-youtube\">"))
        << form;
  }
}

TEST(ConvertWordPressBody, TwitterEmbedsInEveryForm) {
  const std::vector<std::string> forms = {
      "<!-- wp:embed {\"url\":\"https://twitter.com/dawn_com/status/1234567890\",\"type\":"
      "\"rich\",\"providerNameSlug\":\"twitter\"} -->\n<figure class=\"wp-block-embed\"><div "
      "class=\"wp-block-embed__wrapper\">\nhttps://twitter.com/dawn_com/status/1234567890\n"
      "</div></figure>\n<!-- /wp:embed -->",
      "[embed]https://x.com/dawn_com/status/1234567890[/embed]",
      "https://x.com/dawn_com/status/1234567890?s=20",
      "<blockquote class=\"twitter-tweet\" data-lang=\"en\"><p lang=\"ur\" dir=\"rtl\">خبر "
      "<a href=\"https://t.co/abc\">pic.twitter.com/abc</a></p>&mdash; Dawn (@dawn_com) "
      "<a href=\"https://twitter.com/dawn_com/status/1234567890?ref_src=twsrc%5Etfw\">May 1, "
      "2020</a></blockquote> <script async src=\"https://platform.twitter.com/widgets.js\" "
      "charset=\"utf-8\"></script>",
  };
  for (const std::string& form : forms) {
    WordPressBody body = ConvertWordPressBody("<p>Said:</p>\n\n" + form + "\n\n<p>End.</p>");
    EXPECT_EQ(body.markdown, "Said:\n\n" + kTweet + "\n\nEnd.\n") << form << "\n" << Dump(body);
    EXPECT_TRUE(Contains(body.html, "<figure class=\"embed embed-twitter\"><a href=\"" + kTweet))
        << Dump(body);
    EXPECT_FALSE(Contains(body.html, "script")) << Dump(body);
    EXPECT_TRUE(body.lossless) << form << "\n" << Dump(body);
  }
}

TEST(ConvertWordPressBody, UnknownShortcodesWarnAndKeepTheirText) {
  WordPressBody body = ConvertWordPressBody(
      "<p>Intro [gallery ids=\"1,2,3\"] and [pullquote align=\"left\"]Quoted words[/pullquote] "
      "[sic] [[escaped]].</p>");
  EXPECT_EQ(body.markdown, "Intro and Quoted words \\[sic\\] \\[escaped\\].\n") << Dump(body);
  EXPECT_TRUE(HasWarning(body, "[gallery]")) << Dump(body);
  EXPECT_TRUE(HasWarning(body, "[pullquote]")) << Dump(body);
  EXPECT_FALSE(HasWarning(body, "sic")) << Dump(body);
  EXPECT_FALSE(Contains(body.html, "gallery")) << Dump(body);
}

TEST(ConvertWordPressBody, ScriptsHandlersAndUnsafeUrlsSurviveInNeitherOutput) {
  WordPressBody body = ConvertWordPressBody(
      "<p>Hi<script>alert('s')</script> <img src=\"x.jpg\" onerror=\"alert('e')\"> "
      "<a href=\"javascript:alert('j')\">one</a> <a href=\"jav&#x09;ascript:alert('t')\">two</a> "
      "<a href=\" JaVaScRiPt:alert('c')\">three</a> <a "
      "href=\"&#106;avascript:alert('n')\">four</a> "
      "<a href=\"vbscript:msgbox\">five</a> <a href=\"data:text/html;base64,PHNjcmlwdD4=\">six</a> "
      "<img src=\"data:image/svg+xml,<svg onload=alert(1)>\"> "
      "<a href=\"https://ok.example/\" onclick=\"alert('o')\" style=\"color:red\" "
      "class=\"c\" id=\"i\">ok</a></p><style>p{}</style><form><input name=q></form>"
      "<object data=\"x.swf\"></object>");
  for (const std::string* out : {&body.markdown, &body.html}) {
    std::string lower = *out;
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    for (const char* bad :
         {"script", "alert", "onerror", "onclick", "javascript", "vbscript", "data:", "style",
          "class=", "id=", "<form", "<input", "<object", "svg"}) {
      EXPECT_FALSE(Contains(lower, bad)) << bad << "\n" << Dump(body);
    }
  }
  EXPECT_TRUE(Contains(body.html, "<a href=\"https://ok.example/\">ok</a>")) << Dump(body);
  EXPECT_TRUE(Contains(body.markdown, "one two three four five six")) << Dump(body);
  EXPECT_FALSE(body.lossless);
  EXPECT_TRUE(HasWarning(body, "unsafe")) << Dump(body);
  EXPECT_TRUE(HasWarning(body, "<script>")) << Dump(body);
  // And the Markdown renders to nothing dangerous either.
  std::string rendered = MarkdownToHtml(body.markdown);
  EXPECT_FALSE(Contains(rendered, "script")) << rendered;
  EXPECT_FALSE(Contains(rendered, "javascript")) << rendered;
}

TEST(ConvertWordPressBody, NonAsciiText) {
  WordPressBody body = ConvertWordPressBody(
      "<p dir=\"rtl\">وزیراعظم نے کہا کہ انتخابات وقت پر ہوں گے۔</p>"
      "<p>Café crème à la française, naïve façade &eacute;t&eacute; &#8212; ok.</p>");
  EXPECT_EQ(body.markdown,
            "وزیراعظم نے کہا کہ انتخابات وقت پر ہوں گے۔\n\nCafé crème à la française, naïve "
            "façade été — ok.\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless);
  EXPECT_TRUE(Contains(body.html, "<p>وزیراعظم نے کہا")) << Dump(body);
}

TEST(ConvertWordPressBody, InvalidUtf8IsReplaced) {
  WordPressBody body = ConvertWordPressBody("<p>ok \xC3\x28 bad \xFF end</p>");
  EXPECT_EQ(body.markdown, "ok \xEF\xBF\xBD( bad \xEF\xBF\xBD end\n") << Dump(body);
  EXPECT_TRUE(HasWarning(body, "UTF-8")) << Dump(body);
}

TEST(ConvertWordPressBody, MarkdownMetacharactersStayText) {
  const std::string text =
      "1. Not a list * star _under_ [brackets](x) `tick` <b> &amp; ~~no~~ | pipe \\ slash";
  WordPressBody body = ConvertWordPressBody(
      "<p>1. Not a list * star _under_ [brackets](x) `tick` &lt;b&gt; &amp;amp; ~~no~~ | pipe "
      "\\ slash</p><p># Not a heading</p><p>- not an item</p><p>+ nor this</p><p>2) nor "
      "this</p><p>===</p>");
  EXPECT_TRUE(body.lossless) << Dump(body);
  std::string html = MarkdownToHtml(body.markdown);
  EXPECT_TRUE(Contains(html,
                       "<p>1. Not a list * star _under_ [brackets](x) `tick` &lt;b&gt; "
                       "&amp;amp; ~~no~~ | pipe \\ slash</p>"))
      << body.markdown << "\n"
      << html;
  for (const char* p : {"<p># Not a heading</p>", "<p>- not an item</p>", "<p>+ nor this</p>",
                        "<p>2) nor this</p>", "<p>===</p>"}) {
    EXPECT_TRUE(Contains(html, p)) << p << "\n" << body.markdown << "\n" << html;
  }
  EXPECT_FALSE(Contains(html, "<ol")) << html;
  EXPECT_FALSE(Contains(html, "<h1")) << html;
  EXPECT_FALSE(Contains(html, "<em>")) << html;
  EXPECT_FALSE(Contains(html, "<del>")) << html;
  EXPECT_FALSE(Contains(html, "<code>")) << html;
}

// The renderer autolinks a URL in text from the raw source, so the URL must
// not gain backslashes.
TEST(ConvertWordPressBody, UrlsInTextStayLinkable) {
  WordPressBody body = ConvertWordPressBody(
      "<p>Read https://example.org/some_page_[1]?a=*b* and www.example.org/x_y, then "
      "_this_.</p>");
  EXPECT_EQ(body.markdown,
            "Read https://example.org/some_page_[1]?a=*b* and www.example.org/x_y, then "
            "\\_this\\_.\n")
      << Dump(body);
  std::string html = MarkdownToHtml(body.markdown);
  // GFM leaves a trailing "*" out of the link; md4c then reads it as the
  // end of an emphasis the link swallowed, and the renderer writes no
  // stray </em> for it.
  EXPECT_TRUE(Contains(html,
                       "<a href=\"https://example.org/some_page_%5B1%5D?a=*b\">"
                       "https://example.org/some_page_[1]?a=*b</a> and"))
      << html;
  EXPECT_FALSE(Contains(html, "em>")) << html;
  EXPECT_TRUE(Contains(html,
                       "<a href=\"http://www.example.org/x_y\">www.example.org/x_y</a>, "
                       "then _this_."))
      << html;

  // A line break after a URL stays a line break.
  body = ConvertWordPressBody("<p>See https://example.org/a<br>Next line</p>");
  EXPECT_EQ(body.markdown, "See https://example.org/a \\\nNext line\n") << Dump(body);
  html = MarkdownToHtml(body.markdown);
  EXPECT_TRUE(Contains(html, "https://example.org/a</a> <br />")) << html;
}

TEST(ConvertWordPressBody, BackslashesAndTrailingBreaks) {
  WordPressBody body = ConvertWordPressBody("<p>C:\\dir\\ and \\\\<br><br></p><p>x<br></p>");
  EXPECT_EQ(body.markdown, "C:\\\\dir\\\\ and \\\\\\\\\n\nx\n") << Dump(body);
  EXPECT_TRUE(Contains(MarkdownToHtml(body.markdown), "<p>C:\\dir\\ and \\\\</p>"))
      << body.markdown;
}

TEST(ConvertWordPressBody, Tables) {
  WordPressBody body = ConvertWordPressBody(
      "<figure class=\"wp-block-table\"><table><thead><tr><th>Party</th><th>Seats</th></tr>"
      "</thead><tbody><tr><td>PML-N | allies</td><td><strong>93</strong></td></tr>"
      "<tr><td>PPP</td></tr></tbody></table></figure>");
  EXPECT_EQ(body.markdown,
            "| Party | Seats |\n| --- | --- |\n| PML-N \\| allies | **93** |\n| PPP |  |\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
  std::string html = MarkdownToHtml(body.markdown);
  EXPECT_TRUE(Contains(html, "<td>PML-N | allies</td>")) << html;
  EXPECT_TRUE(Contains(body.html, "<th>Party</th>")) << Dump(body);

  WordPressBody spans =
      ConvertWordPressBody("<table><tr><td colspan=\"2\" style=\"x\">Wide</td></tr></table>");
  EXPECT_FALSE(spans.lossless) << Dump(spans);
  EXPECT_TRUE(Contains(spans.html, "<td colspan=\"2\">Wide</td>")) << Dump(spans);
}

TEST(ConvertWordPressBody, CodeStrikeQuoteRule) {
  WordPressBody body = ConvertWordPressBody(
      "<p>Use <code>a*b</code>, <del>old</del> <s>older</s>.</p><blockquote><p>One</p>"
      "<p>Two</p></blockquote><hr><pre><code>if (a &lt; b) {\n  ```\n}</code></pre>");
  EXPECT_EQ(body.markdown,
            "Use `a*b`, ~~old~~ ~~older~~.\n\n> One\n>\n> Two\n\n---\n\n````\nif (a < b) {\n  "
            "```\n}\n````\n")
      << Dump(body);
  EXPECT_TRUE(body.lossless) << Dump(body);
}

TEST(ConvertWordPressBody, LayoutForcesSanitizedHtml) {
  WordPressBody body = ConvertWordPressBody(
      "<div class=\"row\" style=\"display:flex\"><div class=\"col\"><p>Left <u>under</u> "
      "<sup>1</sup></p></div><div class=\"col\">Right</div></div>"
      "<iframe src=\"https://maps.example/embed?x=1\"></iframe>");
  EXPECT_FALSE(body.lossless) << Dump(body);
  EXPECT_EQ(body.html, "<p>Left <u>under</u> <sup>1</sup></p>\n<p>Right</p>\n") << Dump(body);
  // The Markdown is still a readable approximation for the newsroom.
  EXPECT_EQ(body.markdown, "Left under 1\n\nRight\n") << Dump(body);
  EXPECT_TRUE(HasWarning(body, "maps.example")) << Dump(body);
}

// A lossless body's Markdown renders to the same text and no markup beyond
// the allowed.
TEST(ConvertWordPressBody, LosslessMarkdownRendersTheSameText) {
  WordPressBody body = ConvertWordPressBody(
      "<!-- wp:paragraph --><p>Islamabad: The <strong>budget</strong> was <em>passed</em> on "
      "Friday. See <a href=\"https://example.org/budget\">the text</a>.</p><!-- "
      "/wp:paragraph --><h2>Reaction</h2><ul><li>Opposition walked out</li><li>Markets "
      "rose 2.5%</li></ul>");
  ASSERT_TRUE(body.lossless) << Dump(body);
  std::string rendered = MarkdownToHtml(body.markdown);
  EXPECT_FALSE(Contains(rendered, "<script")) << rendered;
  EXPECT_EQ(TextOf(rendered), TextOf(body.html)) << body.markdown;
  EXPECT_TRUE(Contains(TextOf(rendered),
                       "Islamabad: The budget was passed on Friday. See the "
                       "text. Reaction"))
      << rendered;
}

TEST(ConvertWordPressBody, MalformedInputNeverFails) {
  for (const char* input :
       {"<!-- wp:embed {\"url\":\"https://youtu.be/\\uzzzz\"} -->x<!-- /wp:embed -->",
        "[caption [ [/ <!-- unclosed", "[caption]no image[/caption]", "<p><b><i>unclosed",
        "</p></div></body></html>", "[[", "]]", "<!-- wp:embed -->", "<a href>x</a><img>"}) {
    WordPressBody body = ConvertWordPressBody(input);
    EXPECT_FALSE(Contains(body.html, "<script")) << input;
  }
  WordPressBody unknown = ConvertWordPressBody(
      "<iframe src=\"https://evil.example/x\"></iframe><p><a href=\"https://x.example/\"><img "
      "src=\"javascript:alert(1)\"></a></p>");
  EXPECT_EQ(unknown.markdown, "") << Dump(unknown);
  EXPECT_FALSE(unknown.lossless);
  EXPECT_TRUE(HasWarning(unknown, "evil.example")) << Dump(unknown);
}

TEST(ConvertWordPressBody, EmptyAndWhitespace) {
  EXPECT_EQ(ConvertWordPressBody("").markdown, "");
  EXPECT_EQ(ConvertWordPressBody(" \n\n ").markdown, "");
  EXPECT_TRUE(ConvertWordPressBody("").lossless);
}

}  // namespace
}  // namespace khabar
