#include "render/theme.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

namespace khabar {
namespace {

class ThemeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/khabar-theme-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::filesystem::create_directories(dir_ / "templates");
    std::filesystem::create_directories(dir_ / "partials");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  std::filesystem::path dir_;
};

TEST_F(ThemeTest, RendersWithPartialsAndEscapesByDefault) {
  Write("templates/page.mustache", "{{> head}}<h1>{{title}}</h1>{{{body_html}}}");
  Write("partials/head.mustache", "<title>{{site}}</title>");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme) << theme.error().ToString();
  nlohmann::json view = {
      {"title", "<script>\"x\" & 'y'</script>"}, {"site", "Khabar"}, {"body_html", "<p>ok</p>"}};
  auto html = (*theme)->Render("page", view);
  ASSERT_TRUE(html) << html.error().ToString();
  EXPECT_EQ(
      *html,
      "<title>Khabar</title><h1>&lt;script&gt;&quot;x&quot; &amp; &apos;y&apos;&lt;/script&gt;"
      "</h1><p>ok</p>");
}

TEST_F(ThemeTest, ListsBooleansAndNumbers) {
  Write("templates/list.mustache",
        "{{#items}}[{{n}}]{{/items}}{{^empty}}none{{/empty}}{{#yes}}Y{{/yes}}");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme);
  nlohmann::json view = {
      {"items", {{{"n", 1}}, {{"n", 2}}}}, {"empty", nlohmann::json::array()}, {"yes", true}};
  EXPECT_EQ(*(*theme)->Render("list", view), "[1][2]noneY");
}

TEST_F(ThemeTest, EmptyStringsAreFalseInSections) {
  Write("templates/link.mustache",
        "{{#href}}<a href=\"{{href}}\">{{text}}</a>{{/href}}{{^href}}{{text}}{{/href}}");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme);
  EXPECT_EQ(*(*theme)->Render("link", {{"text", "plain"}, {"href", ""}}), "plain");
  EXPECT_EQ(*(*theme)->Render("link", {{"text", "x"}, {"href", "/a"}}), "<a href=\"/a\">x</a>");
}

TEST_F(ThemeTest, ChoosePrefersTheSpecificTemplate) {
  Write("templates/article.mustache", "generic");
  Write("templates/article-sport.mustache", "sport");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme);
  EXPECT_EQ((*theme)->Choose({"article-sport", "article"}), "article-sport");
  EXPECT_EQ((*theme)->Choose({"article-world", "article"}), "article");
}

TEST_F(ThemeTest, BrokenTemplateIsRefusedAtLoadNamingTheFile) {
  Write("templates/bad.mustache", "{{#open}} never closed");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_NE(theme.error().message().find("bad.mustache"), std::string::npos);
}

TEST_F(ThemeTest, PartialsIncludePartials) {
  Write("templates/page.mustache", "<body>{{> layout}}</body>\n");
  Write("partials/layout.mustache", "{{> header}}|{{#items}}{{> item}}{{/items}}");
  Write("partials/header.mustache", "<h1>{{title}}</h1>");
  Write("partials/item.mustache", "<i>{{.}}</i>");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme) << theme.error().ToString();
  EXPECT_EQ(*(*theme)->Render("page", {{"title", "T"}, {"items", {"a", "b"}}}),
            "<body><h1>T</h1>|<i>a</i><i>b</i></body>\n");
}

TEST_F(ThemeTest, MissingPartialIsRefusedAtLoadNamingTheFileAndPartial) {
  Write("templates/page.mustache", "a\n{{> present}}");
  Write("partials/present.mustache", "{{> absent }}");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_EQ(theme.error().code(), Code::kInvalidArgument);
  EXPECT_NE(theme.error().message().find("present.mustache"), std::string::npos)
      << theme.error().message();
  EXPECT_NE(theme.error().message().find("no partial absent.mustache"), std::string::npos)
      << theme.error().message();
}

TEST_F(ThemeTest, PartialCycleIsRefusedAtLoadNamingTheChain) {
  Write("templates/page.mustache", "{{> a}}");
  Write("partials/a.mustache", "A{{> b}}");
  Write("partials/b.mustache", "B{{#x}}{{> a}}{{/x}}");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_NE(theme.error().message().find("b.mustache"), std::string::npos)
      << theme.error().message();
  EXPECT_NE(theme.error().message().find("a > b > a"), std::string::npos)
      << theme.error().message();
}

TEST_F(ThemeTest, DeeplyNestedPartialsAreRefusedAtLoad) {
  Write("templates/page.mustache", "{{> p0}}");
  for (int i = 0; i < 20; ++i) {
    Write("partials/p" + std::to_string(i) + ".mustache", "{{> p" + std::to_string(i + 1) + "}}");
  }
  Write("partials/p20.mustache", "end");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_NE(theme.error().message().find("nested deeper than 16"), std::string::npos)
      << theme.error().message();
}

TEST_F(ThemeTest, SetDelimiterTagsAreRefusedAtLoad) {
  Write("templates/page.mustache", "{{=<% %>=}}<% name %>");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_NE(theme.error().message().find("page.mustache"), std::string::npos);
  EXPECT_NE(theme.error().message().find("set-delimiter"), std::string::npos);
}

TEST_F(ThemeTest, ViewKeysNamedLikePartialsStayVisible) {
  // Partials are part of the template, not of the view, so a view value
  // with a partial's name is an ordinary value.
  Write("templates/page.mustache", "{{> footer}}{{footer}}");
  Write("partials/footer.mustache", "<footer>");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme);
  EXPECT_EQ(*(*theme)->Render("page", {{"footer", "text"}}), "<footer>text");
}

TEST_F(ThemeTest, UnknownTemplateIsNotFound) {
  Write("templates/a.mustache", "a");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme);
  auto r = (*theme)->Render("nope", nlohmann::json::object());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kNotFound);
}

TEST_F(ThemeTest, ConcurrentRendersGiveTheirOwnResults) {
  Write("templates/t.mustache", "<b>{{v}}</b>");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k) {
        std::string v = std::to_string(i * 1000 + k);
        if (*(*theme)->Render("t", {{"v", v}}) != "<b>" + v + "</b>") ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace khabar
