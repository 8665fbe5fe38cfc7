#include "render/messages.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "render/theme.h"

namespace khabar {
namespace {

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("KHABAR_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

constexpr const char* kEnglish = R"(
search = "Search"
comments = "{count, plural, one {# comment} other {# comments}}"
page_of = "Page {page, number} of {pages, number}"
)";

TEST(MessagesTest, PlainHoldsMessagesWithoutArguments) {
  auto en = Messages::Parse(kEnglish, "en.toml", "en");
  ASSERT_TRUE(en) << en.error().ToString();
  EXPECT_EQ((*en)->Plain(), nlohmann::json({{"search", "Search"}}));
  EXPECT_EQ((*en)->Format("search"), "Search");
}

TEST(MessagesTest, FormatsPluralsInEnglishAndUrdu) {
  auto en = Messages::Parse(kEnglish, "en.toml", "en");
  ASSERT_TRUE(en) << en.error().ToString();
  EXPECT_EQ((*en)->Format("comments", {{"count", 1}}), "1 comment");
  EXPECT_EQ((*en)->Format("comments", {{"count", 2}}), "2 comments");
  EXPECT_EQ((*en)->Format("comments", {{"count", 1200}}), "1,200 comments");
  EXPECT_EQ((*en)->Format("page_of", {{"page", 2}, {"pages", 5}}), "Page 2 of 5");
  auto ur = Messages::Parse(R"(
search = "تلاش"
comments = "{count, plural, one {# تبصرہ} other {# تبصرے}}"
page_of = "صفحہ {page, number} از {pages, number}"
)",
                            "ur.toml", "ur", en->get());
  ASSERT_TRUE(ur) << ur.error().ToString();
  EXPECT_EQ((*ur)->Format("comments", {{"count", 1}}), "1 تبصرہ");
  EXPECT_EQ((*ur)->Format("comments", {{"count", 3}}), "3 تبصرے");
  EXPECT_EQ((*ur)->Format("page_of", {{"page", 2}, {"pages", 5}}), "صفحہ 2 از 5");
  EXPECT_EQ((*ur)->Plain(), nlohmann::json({{"search", "تلاش"}}));
}

TEST(MessagesTest, TextArgumentsAndUnknownKeys) {
  auto en = Messages::Parse(R"(hi = "Hello, {name}. It''s {n, number}.")", "en.toml", "en");
  ASSERT_TRUE(en) << en.error().ToString();
  EXPECT_EQ((*en)->Format("hi", {{"name", std::string("Ayesha")}, {"n", 7}}),
            "Hello, Ayesha. It's 7.");
  EXPECT_EQ((*en)->Format("nope"), "[nope]");
  EXPECT_FALSE((*en)->Has("nope"));
}

void ExpectError(const Result<std::unique_ptr<Messages>>& m, const std::string& file,
                 const std::string& key) {
  ASSERT_FALSE(m);
  EXPECT_NE(m.error().message().find(file), std::string::npos) << m.error().message();
  EXPECT_NE(m.error().message().find(key), std::string::npos) << m.error().message();
}

TEST(MessagesTest, LoadErrorsNameFileAndKey) {
  auto en = Messages::Parse(kEnglish, "en.toml", "en");
  ASSERT_TRUE(en);
  // A key English has is missing.
  ExpectError(
      Messages::Parse("search = \"تلاش\"\ncomments = \"{count} x\"\n", "ur.toml", "ur", en->get()),
      "ur.toml", "page_of");
  // A key English does not have.
  ExpectError(
      Messages::Parse(std::string(kEnglish) + "serch = \"x\"\n", "ur.toml", "ur", en->get()),
      "ur.toml", "serch");
  // A pattern ICU refuses.
  ExpectError(Messages::Parse("broken = \"{count, plural, one {x}\"\n", "en.toml", "en"), "en.toml",
              "broken");
  // Numbered arguments, a value that is not text, other arguments than English's.
  ExpectError(Messages::Parse("n = \"{0} items\"\n", "en.toml", "en"), "en.toml", "n");
  ExpectError(Messages::Parse("n = 3\n", "en.toml", "en"), "en.toml", "n");
  ExpectError(Messages::Parse("search = \"x\"\ncomments = \"{n} x\"\npage_of = \"{page}{pages}\"\n",
                              "ur.toml", "ur", en->get()),
              "ur.toml", "comments");
  // Not TOML.
  ExpectError(Messages::Parse("search = \n", "en.toml", "en"), "en.toml", "");
}

class ThemeMessagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/khabar-messages-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::filesystem::create_directories(dir_ / "templates");
    std::filesystem::create_directories(dir_ / "messages");
    Write("templates/page.mustache", "<p>{{t.search}}</p>");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  std::filesystem::path dir_;
};

TEST_F(ThemeMessagesTest, FallsBackFromRegionToLanguageToEnglish) {
  Write("messages/en.toml", "search = \"Search\"\n");
  Write("messages/ur.toml", "search = \"تلاش\"\n");
  Write("messages/ur-IN.toml", "search = \"تلاش کریں\"\n");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme) << theme.error().ToString();
  EXPECT_EQ((*theme)->MessagesFor("ur-PK").Format("search"), "تلاش");
  EXPECT_EQ((*theme)->MessagesFor("ur_pk").Format("search"), "تلاش");
  EXPECT_EQ((*theme)->MessagesFor("ur").Format("search"), "تلاش");
  EXPECT_EQ((*theme)->MessagesFor("ur-IN").Format("search"), "تلاش کریں");
  EXPECT_EQ((*theme)->MessagesFor("fr").Format("search"), "Search");
  EXPECT_EQ((*theme)->MessagesFor("en-GB").Format("search"), "Search");
  EXPECT_EQ((*theme)->MessagesFor("").Format("search"), "Search");
}

TEST_F(ThemeMessagesTest, LoadErrorsNameTheCatalog) {
  Write("messages/en.toml", "search = \"Search\"\nnext = \"Next\"\n");
  Write("messages/ur.toml", "search = \"تلاش\"\n");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_NE(theme.error().message().find("ur.toml"), std::string::npos);
  EXPECT_NE(theme.error().message().find("next"), std::string::npos);
}

TEST_F(ThemeMessagesTest, EnglishMustExist) {
  Write("messages/ur.toml", "search = \"تلاش\"\n");
  auto theme = Theme::Load(dir_);
  ASSERT_FALSE(theme);
  EXPECT_NE(theme.error().message().find("en.toml"), std::string::npos);
}

TEST_F(ThemeMessagesTest, NoMessagesDirectoryIsAnEmptyCatalog) {
  std::filesystem::remove_all(dir_ / "messages");
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme) << theme.error().ToString();
  EXPECT_TRUE((*theme)->MessagesFor("ur").Plain().empty());
}

// The shipped catalogs: both load (ur is checked against en at load, so it
// has every key), and the default theme renders its interface in each.
TEST(ShippedMessagesTest, DefaultThemeCatalogsLoadAndMatch) {
  auto theme = Theme::Load(SourceDir() / "themes/default");
  ASSERT_TRUE(theme) << theme.error().ToString();
  const Messages& en = (*theme)->MessagesFor("en");
  const Messages& ur = (*theme)->MessagesFor("ur-PK");
  EXPECT_EQ(en.language(), "en");
  EXPECT_EQ(ur.language(), "ur");
  EXPECT_EQ(en.Plain().size(), ur.Plain().size());
  for (const auto& [key, text] : en.Plain().items()) {
    EXPECT_TRUE(ur.Plain().contains(key)) << key;
    EXPECT_FALSE(text.get<std::string>().empty()) << key;
  }
  EXPECT_EQ(en.Plain().at("most_read"), "Most read");
  EXPECT_EQ(ur.Plain().at("most_read"), "سب سے زیادہ پڑھی گئی");
  EXPECT_EQ(en.Format("card_comments", {{"count", 1}}), "1 comment");
  EXPECT_EQ(ur.Format("card_comments", {{"count", 1}}), "1 تبصرہ");
  EXPECT_EQ(ur.Format("card_comments", {{"count", 5}}), "5 تبصرے");
  EXPECT_EQ(en.Format("search_total_more", {{"count", 36}}), "More than 36 stories");
  EXPECT_EQ(en.Format("search_no_more", {{"pages", 1}}),
            "There are no more results: this search has 1 page.");
}

TEST(ShippedMessagesTest, DefaultThemeRendersInEnglishAndUrdu) {
  auto theme = Theme::Load(SourceDir() / "themes/default");
  ASSERT_TRUE(theme) << theme.error().ToString();
  for (const auto& [language, dir, words] :
       {std::tuple{"en", "ltr", std::vector<std::string>{"Most read", ">Search<"}},
        std::tuple{"ur", "rtl", std::vector<std::string>{"سب سے زیادہ پڑھی گئی", ">تلاش<"}}}) {
    nlohmann::json view = {{"site", {{"name", "Khabar"}, {"language", language}, {"dir", dir}}},
                           {"t", (*theme)->MessagesFor(language).Plain()},
                           {"most_read", {{"items", {{{"url", "/news/1/a"}, {"headline", "A"}}}}}},
                           {"empty", true}};
    auto html = (*theme)->Render("home", view);
    ASSERT_TRUE(html) << html.error().ToString();
    EXPECT_NE(html->find(std::string("dir=\"") + dir + "\""), std::string::npos);
    for (const auto& w : words) EXPECT_NE(html->find(w), std::string::npos) << language << w;
    if (std::string(language) == "ur") {
      EXPECT_EQ(html->find("Most read"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace khabar
