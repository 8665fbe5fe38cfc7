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
