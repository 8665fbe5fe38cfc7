// Theme renders exactly what plain kainjow renders: the same bytes as the
// straightforward way of using it (each partial handed to kainjow as a
// partial, which it parses on every use, and the whole view converted to
// kainjow's data first), which Theme replaced for speed. Checked for every
// template of the shipped themes (themes/default and admin) on views of
// real pages (testdata/), and on small templates that probe the edges:
// partials at line starts and ends, inside sections and lists, and the
// value types.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "base/files.h"
#include "render/theme.h"

namespace khabar {
namespace {

namespace mustache = kainjow::mustache;

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("KHABAR_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

// ToData is the full conversion of the view, as Theme first did it.
mustache::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, ToData(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      if (j.get_ref<const std::string&>().empty()) {
        return mustache::data(mustache::data::type::bool_false);
      }
      return mustache::data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mustache::data(mustache::data::type::bool_true)
                           : mustache::data(mustache::data::type::bool_false);
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mustache::data(mustache::data::type::bool_false);
    default:
      return mustache::data(j.dump());
  }
}

std::map<std::string, std::string> ReadSources(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  if (!std::filesystem::is_directory(dir)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".mustache") {
      out[entry.path().stem().string()] = ReadFile(entry.path()).value();
    }
  }
  return out;
}

// ReferenceRender renders template `name` of the theme in `dir` the plain
// kainjow way.
std::string ReferenceRender(const std::filesystem::path& dir, const std::string& name,
                            const nlohmann::json& view) {
  const auto templates = ReadSources(dir / "templates");
  const auto partials = ReadSources(dir / "partials");
  mustache::data data = ToData(view);
  if (!data.is_object()) data = mustache::data{mustache::data::type::object};
  for (const auto& [pname, source] : partials) {
    const std::string* src = &source;
    data.set(pname, mustache::partial([src] { return *src; }));
  }
  mustache::mustache tmpl(templates.at(name));
  std::string out = tmpl.render(data);
  EXPECT_TRUE(tmpl.is_valid()) << tmpl.error_message();
  return out;
}

// WithMessages adds the theme's interface strings for the view's language
// as `t`, as PublicSite::BaseView does: testdata holds the rest of the
// view, not a copy of the catalog.
nlohmann::json WithMessages(const khabar::Theme& theme, nlohmann::json view) {
  std::string language = "en";
  if (view.contains("site") && view["site"].is_object()) {
    language = view["site"].value("language", "en");
  }
  view["t"] = theme.MessagesFor(language).Plain();
  return view;
}

TEST(ThemeReference, ShippedTemplatesRenderAsPlainKainjowDoes) {
  std::set<std::pair<std::string, std::string>> covered;
  for (const auto& entry :
       std::filesystem::directory_iterator(SourceDir() / "src/render/testdata")) {
    if (entry.path().extension() != ".json") continue;
    SCOPED_TRACE(entry.path().string());
    const nlohmann::json page = nlohmann::json::parse(ReadFile(entry.path()).value());
    const std::filesystem::path dir = SourceDir() / page.at("theme").get<std::string>();
    const std::string name = page.at("template").get<std::string>();
    auto theme = Theme::Load(dir);
    ASSERT_TRUE(theme) << theme.error().ToString();
    const nlohmann::json view = WithMessages(**theme, page.at("view"));
    auto html = (*theme)->Render(name, view);
    ASSERT_TRUE(html) << html.error().ToString();
    EXPECT_EQ(*html, ReferenceRender(dir, name, view));
    covered.emplace(page.at("theme").get<std::string>(), name);
  }
  // Every template of both shipped themes has a view to check with.
  for (const std::string theme : {"themes/default", "admin"}) {
    for (const auto& [name, source] : ReadSources(SourceDir() / theme / "templates")) {
      EXPECT_TRUE(covered.contains({theme, name})) << theme << ": no testdata view for " << name;
    }
  }
}

class ThemeEdgeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/khabar-theme-ref-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::filesystem::create_directories(dir_ / "templates");
    std::filesystem::create_directories(dir_ / "partials");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }

  // ExpectSameAsKainjow renders `name` both ways and compares.
  void ExpectSameAsKainjow(const std::string& name, const nlohmann::json& view) {
    auto theme = Theme::Load(dir_);
    ASSERT_TRUE(theme) << theme.error().ToString();
    auto html = (*theme)->Render(name, view);
    ASSERT_TRUE(html) << html.error().ToString();
    EXPECT_EQ(*html, ReferenceRender(dir_, name, view)) << "template " << name;
  }

  std::filesystem::path dir_;
};

TEST_F(ThemeEdgeTest, PartialsOnTheirOwnLinesInlineAndInSections) {
  Write("partials/line.mustache", "<p>{{text}}</p>\n");
  Write("partials/bare.mustache", "{{text}}");
  Write("partials/block.mustache", "  {{#flag}}\n  on\n  {{/flag}}\n  {{^flag}}off{{/flag}}\n");
  Write("partials/outer.mustache", "[{{> bare}}]\n{{> line}}");
  Write("templates/t.mustache",
        "{{> line}}\n"
        "  {{> line}}\n"
        "a{{> bare}}b {{>bare}} {{{ > nope }}}\n"
        "{{#items}}\n"
        "  {{> line}}\n"
        "  <i>{{> bare}}</i>\n"
        "{{/items}}\n"
        "{{> block}}{{> outer}}\n"
        "{{#missing}}{{> line}}{{/missing}}\n"
        "end{{> bare}}");
  ExpectSameAsKainjow("t", {{"text", "top <&>"},
                            {"flag", true},
                            {"items", {{{"text", "one"}}, {{"text", "two"}}, {{"flag", false}}}}});
  ExpectSameAsKainjow("t", {{"items", nlohmann::json::array()}});
}

TEST_F(ThemeEdgeTest, ValuesListsAndNamesAsKainjow) {
  Write("templates/t.mustache",
        "{{n}} {{f}} {{neg}} {{big}} {{t}} {{nul}} {{obj}} {{empty_obj}}|"
        "{{#obj}}O{{a.b}}{{/obj}}{{#empty_obj}}E{{/empty_obj}}{{^empty_obj}}e{{/empty_obj}}|"
        "{{#t}}T{{/t}}{{^f_bool}}F{{/f_bool}}{{^nul}}N{{/nul}}{{#s}}S{{/s}}{{^empty_s}}ES{{/"
        "empty_s}}|"
        "{{#scalars}}<{{.}}>{{/scalars}}{{#nested}}[{{#.}}({{.}}){{/.}}]{{/nested}}|"
        "{{#obj}}{{#a}}{{b}}{{x}}{{obj.x}}{{/a}}{{/obj}}{{obj.a.b}}{{obj.a.}}{{obj..x}}{{.}}|"
        "{{#list}}{{name}}{{#inner}}{{name}}{{outer_only}}{{/inner}}{{/list}}|"
        "{{&raw}}{{{raw}}}{{raw}}{{#items.0}}?{{/items.0}}");
  nlohmann::json view = {
      {"n", 42},
      {"f", 2.5},
      {"neg", -7},
      {"big", 12345678901234},
      {"t", true},
      {"f_bool", false},
      {"nul", nullptr},
      {"obj", {{"a", {{"b", "deep"}}}, {"x", "ox"}}},
      {"empty_obj", nlohmann::json::object()},
      {"s", "str"},
      {"empty_s", ""},
      {"scalars", {"a", 1, true, false, nullptr, ""}},
      {"nested", {{"x", "y"}, nlohmann::json::array(), {1, 2}}},
      {"list",
       {{{"name", "L1"}, {"inner", {{{"name", "I1"}}, {{"other", 1}}}}},
        {{"name", "L2"}, {"inner", nlohmann::json::array()}}}},
      {"outer_only", "oo"},
      {"raw", "<b>'&'</b>"},
      {"items", {"zero"}},
  };
  ExpectSameAsKainjow("t", view);
  ExpectSameAsKainjow("t", nlohmann::json::array({1, 2}));  // a view that is not an object
  ExpectSameAsKainjow("t", nlohmann::json());
  ExpectSameAsKainjow("t", "a string");
  Write("templates/root.mustache", "[{{.}}]{{#.}}<{{.}}>{{/.}}{{^.}}none{{/.}}");
  for (const nlohmann::json& view : {nlohmann::json::object(), nlohmann::json(nullptr),
                                     nlohmann::json("text"), nlohmann::json({1, 2})}) {
    ExpectSameAsKainjow("root", view);
  }
}

}  // namespace
}  // namespace khabar
