// The default theme's stylesheet lays out right to left by itself: it uses
// logical properties only, so <html dir="rtl"> mirrors it. And the web
// fonts it names are the ones the site serves (Theme::fonts).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "base/files.h"
#include "render/theme.h"

namespace khabar {
namespace {

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("KHABAR_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

std::string StripComments(std::string css) {
  for (size_t open = css.find("/*"); open != std::string::npos; open = css.find("/*", open)) {
    const size_t close = css.find("*/", open + 2);
    css.erase(open, close == std::string::npos ? std::string::npos : close + 2 - open);
  }
  return css;
}

struct Declaration {
  std::string property;
  std::string value;
};

// Declarations returns every "property: value" inside a { } block of `css`
// (comments removed), nested blocks (@media) included.
std::vector<Declaration> Declarations(const std::string& css) {
  std::vector<Declaration> out;
  int depth = 0;
  std::string current;
  auto flush = [&] {
    const size_t colon = current.find(':');
    if (depth > 0 && colon != std::string::npos) {
      auto trim = [](std::string s) {
        const size_t a = s.find_first_not_of(" \t\r\n");
        const size_t b = s.find_last_not_of(" \t\r\n");
        return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
      };
      out.push_back({trim(current.substr(0, colon)), trim(current.substr(colon + 1))});
    }
    current.clear();
  };
  for (char c : StripComments(css)) {
    if (c == '{') {
      ++depth;
      current.clear();  // a selector or an at-rule's prelude
    } else if (c == '}') {
      flush();
      --depth;
    } else if (c == ';') {
      flush();
    } else {
      current += c;
    }
  }
  return out;
}

TEST(DefaultStyle, DeclarationsParse) {
  auto decls = Declarations(
      "a { color: red; margin-inline-start: 1px } /* left: 0 */\n"
      "@media print { b { float: inline-end; } }");
  ASSERT_EQ(decls.size(), 3u);
  EXPECT_EQ(decls[0].property, "color");
  EXPECT_EQ(decls[1].property, "margin-inline-start");
  EXPECT_EQ(decls[2].value, "inline-end");
}

TEST(DefaultStyle, UsesNoPhysicalDirections) {
  auto css = ReadFile(SourceDir() / "themes/default/assets/style.css");
  ASSERT_TRUE(css) << css.error().ToString();
  const auto decls = Declarations(*css);
  ASSERT_GT(decls.size(), 100u);
  const std::regex physical_name("(^|-)(left|right|top|bottom)($|-)|^(min-|max-)?(width|height)$");
  const std::regex physical_value("(^|[^-a-z])(left|right)($|[^-a-z])");
  // Shorthands whose third or fourth value would be one side only.
  const std::set<std::string> box = {"margin",       "padding",      "inset",        "border-width",
                                     "border-color", "border-style", "border-radius"};
  for (const auto& d : decls) {
    SCOPED_TRACE(d.property + ": " + d.value);
    // Custom properties (--wide) and @font-face descriptors are not layout.
    if (d.property.starts_with("--")) continue;
    EXPECT_FALSE(std::regex_search(d.property, physical_name))
        << "use the logical property (inline-size, margin-inline-start, inset-block-start...)";
    if (d.property == "float" || d.property == "clear" || d.property == "text-align" ||
        d.property == "caption-side" || d.property == "resize") {
      EXPECT_FALSE(std::regex_search(d.value, physical_value))
          << "use start/end or inline-start/inline-end";
    }
    if (box.contains(d.property)) {
      int values = 0;
      bool in_word = false;
      for (char c : d.value) {
        if (c == ' ') {
          in_word = false;
        } else if (!in_word) {
          in_word = true;
          ++values;
        }
      }
      EXPECT_LE(values, 2) << "write margin-block / margin-inline instead";
    }
  }
}

TEST(DefaultStyle, UrduFontsAreNamedWithSwapAndArabicRange) {
  auto theme = Theme::Load(SourceDir() / "themes/default");
  ASSERT_TRUE(theme) << theme.error().ToString();
  EXPECT_EQ((*theme)->fonts(),
            (std::vector<std::string>{"NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf",
                                      "NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"}));
  auto css = ReadFile(SourceDir() / "themes/default/assets/style.css");
  ASSERT_TRUE(css);
  int faces = 0, swaps = 0, ranges = 0;
  for (const auto& d : Declarations(*css)) {
    if (d.property == "src" && d.value.find("/static/fonts/") != std::string::npos) ++faces;
    if (d.property == "font-display" && d.value == "swap") ++swaps;
    if (d.property == "unicode-range" && d.value.starts_with("U+0600-06FF")) ++ranges;
  }
  EXPECT_EQ(faces, 4);
  EXPECT_EQ(swaps, 4);
  EXPECT_EQ(ranges, 4);
}

class ThemeFontsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/khabar-fonts-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::filesystem::create_directories(dir_ / "templates");
    std::filesystem::create_directories(dir_ / "assets");
    std::ofstream(dir_ / "templates/page.mustache") << "x";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(ThemeFontsTest, OnlyPlainFileNamesAreListed) {
  std::ofstream(dir_ / "assets/style.css")
      << "@font-face { src: url(/static/fonts/A.ttf) }\n"
         "@font-face { src: url('/static/fonts/B-1_x.woff2?v=2') }\n"
         "@font-face { src: url(\"/static/fonts/A.ttf\") }\n"
         "@font-face { src: url(\"/static/fonts/../../etc/passwd\") }\n"
         "@font-face { src: url(\"/static/fonts/.hidden\") }\n"
         "@font-face { src: url(\"/static/fonts/sub/C.ttf\") }\n";
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme) << theme.error().ToString();
  EXPECT_EQ((*theme)->fonts(), (std::vector<std::string>{"A.ttf", "B-1_x.woff2"}));
}

TEST_F(ThemeFontsTest, NoStylesheetNoFonts) {
  auto theme = Theme::Load(dir_);
  ASSERT_TRUE(theme) << theme.error().ToString();
  EXPECT_TRUE((*theme)->fonts().empty());
}

}  // namespace
}  // namespace khabar
