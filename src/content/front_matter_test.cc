#include "content/front_matter.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace khabar {
namespace {

std::string ReadSeed(const std::string& name) {
  const char* src = std::getenv("KHABAR_SOURCE_DIR");
  std::string path = std::string(src ? src : ".") + "/../shared/seed/" + name;
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ParseArticleFile, ReadsEveryKeyOfTheSeedArticle) {
  std::string text = ReadSeed("article.md");
  ASSERT_FALSE(text.empty()) << "../shared/seed/article.md must be beside the checkout";
  auto f = ParseArticleFile(text, "article.md");
  ASSERT_TRUE(f) << f.error().ToString();
  const ArticleDraft& d = f->draft;
  EXPECT_EQ(d.headline, "US, China agree to work toward an expected Biden-Xi summit");
  EXPECT_TRUE(d.standfirst.starts_with("There were also 'frank exchanges'"));
  EXPECT_EQ(d.slug, "us-china-agree-to-work-toward-an-expected-biden-xi-summit");
  EXPECT_EQ(d.section_name, "World");
  EXPECT_EQ(d.author_names, std::vector<std::string>{"Reuters"});
  EXPECT_EQ(d.tag_names, (std::vector<std::string>{"Joe Biden", "United States", "Xi Jinping"}));
  ASSERT_TRUE(d.published_at);
  EXPECT_EQ(FormatIso8601Utc(*d.published_at), "2023-10-28T04:30:00Z");
  EXPECT_EQ(d.status, ArticleStatus::kPublished);
  EXPECT_FALSE(d.comments_open);
  ASSERT_TRUE(d.image);
  EXPECT_EQ(d.image->file, "lead.jpg");
  EXPECT_EQ(f->image_source, "lead.jpg");
  EXPECT_EQ(d.image->credit, "Reuters");
  EXPECT_TRUE(d.image->caption.starts_with("US Secretary of State Antony Blinken"));
  EXPECT_EQ(d.image->alt, "Antony Blinken and Wang Yi shake hands at the State Department");
  EXPECT_TRUE(d.body_markdown.find("## Concern over Middle East") != std::string::npos);
  EXPECT_FALSE(d.body_markdown.starts_with("---"));
}

TEST(ParseArticleFile, MinimalFileIsADraftWithOpenComments) {
  auto f = ParseArticleFile("---\nheadline: Hello\nsection: Sport\n---\nBody.\n", "a.md");
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->draft.status, ArticleStatus::kDraft);
  EXPECT_TRUE(f->draft.comments_open);
  EXPECT_EQ(f->draft.body_markdown, "Body.\n");
  EXPECT_FALSE(f->image_source);
}

struct BadCase {
  const char* text;
  const char* expected_in_message;
};

TEST(ParseArticleFile, ErrorsNameTheFileLineAndKey) {
  const BadCase cases[] = {
      {"no front matter", "a.md:1: expected '---'"},
      {"---\nheadline: x\n", "no closing '---'"},
      {"---\nheadline: x\nsection: World\npublished: 28/10/2023\n---\n",
       "a.md:4: published: '28/10/2023' is not an ISO 8601 time"},
      {"---\nheadline: x\nsection: World\ncolour: red\n---\n", "a.md:4: colour: unknown key"},
      {"---\nheadline: x\nsection: World\ncomments: maybe\n---\n", "comments: 'maybe' is not"},
      {"---\nsection: World\n---\n", "headline: is missing"},
      {"---\nheadline: x\n---\n", "section: is missing"},
      {"---\nheadline: [a, b]\nsection: World\n---\n", "headline: expected a single value"},
      {"---\nheadline: x\nsection: World\ntags: [ok, [nested]]\n---\n", "tags: every item"},
      {"---\nheadline: x\nsection: World\nimage:\n  caption: c\n---\n", "image.file: is missing"},
      {"---\nheadline: x\nsection: World\nimage:\n  file: a.jpg\n  size: 3\n---\n",
       "a.md:6: image.size: unknown key"},
      {"---\nheadline: x\nsection: World\nstatus: published\n---\n", "needs a published time"},
      {"---\nheadline: x\nsection: World\nslug: Not A Slug\n---\n", "is not a URL slug"},
      {"---\nheadline: 'unterminated\nsection: World\n---\n", "a.md:"},
  };
  for (const auto& c : cases) {
    auto f = ParseArticleFile(c.text, "a.md");
    ASSERT_FALSE(f) << c.text;
    EXPECT_EQ(f.error().code(), Code::kInvalidArgument);
    EXPECT_NE(f.error().message().find(c.expected_in_message), std::string::npos)
        << "message: " << f.error().message() << "\nexpected: " << c.expected_in_message;
  }
}

}  // namespace
}  // namespace khabar
