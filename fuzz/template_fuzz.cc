// Fuzzes template rendering with hostile view data: every page view the
// shipped themes are tested with (src/render/testdata/*.json), each text in
// it replaced by the fuzzer's string, rendered by the real templates of
// themes/default and admin/.
//
// Invariant: a string holding '<', '>' or '"' never comes out verbatim, so
// it was escaped wherever a template put it. Views' "*html" keys are the
// named exceptions (markup khabar made, or an admin's ad slot), and are
// left as they are.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "render/theme.h"

namespace {

struct Page {
  const khabar::Theme* theme;
  std::string name;
  nlohmann::json view;
};

// WithMessages adds the theme's interface strings for the view's language
// as `t`, as khabar::PublicSite::BaseView does: testdata holds the rest of the
// view, not a copy of the catalog.
nlohmann::json WithMessages(const khabar::Theme& theme, nlohmann::json view) {
  std::string language = "en";
  if (view.contains("site") && view["site"].is_object()) {
    language = view["site"].value("language", "en");
  }
  view["t"] = theme.MessagesFor(language).Plain();
  return view;
}

std::vector<Page>& Pages() {
  static std::map<std::string, std::unique_ptr<khabar::Theme>> themes;
  static std::vector<Page> pages = [] {
    std::vector<Page> out;
    const std::filesystem::path source = KHABAR_SOURCE_DIR;
    for (const auto& entry : std::filesystem::directory_iterator(source / "src/render/testdata")) {
      std::ifstream in(entry.path());
      nlohmann::json page = nlohmann::json::parse(in);
      std::string dir = page.at("theme").get<std::string>();
      if (!themes.contains(dir)) {
        auto theme = khabar::Theme::Load(source / dir);
        FUZZ_CHECK(theme.has_value(), "a shipped theme does not load");
        themes[dir] = std::move(*theme);
      }
      // The interface strings are in the view too, so they are fuzzed
      // (and checked escaped) like every other text.
      out.push_back({themes[dir].get(), page.at("template").get<std::string>(),
                     WithMessages(*themes[dir], page.at("view"))});
    }
    FUZZ_CHECK(!out.empty(), "no views in src/render/testdata");
    return out;
  }();
  return pages;
}

void Replace(nlohmann::json& node, const std::string& key, const std::string& text) {
  if (node.is_object()) {
    for (auto& [k, v] : node.items()) Replace(v, k, text);
  } else if (node.is_array()) {
    for (auto& v : node) Replace(v, key, text);
  } else if (node.is_string() && !key.ends_with("html")) {
    node = text;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::vector<Page>& pages = Pages();
  const Page& page = pages[data[0] % pages.size()];
  // JSON strings hold UTF-8; the site validates input as UTF-8 first.
  std::string text = nlohmann::json(std::string(reinterpret_cast<const char*>(data + 1), size - 1))
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text = nlohmann::json::parse(text).get<std::string>();
  // Brackets no template holds, so the check below cannot mistake the
  // theme's own markup ("<script" in a page) for the string.
  const std::string value = "\u27e6" + text + "\u27e7";
  nlohmann::json view = page.view;
  Replace(view, "", value);
  auto html = page.theme->Render(page.name, view);
  FUZZ_CHECK(html.has_value(), "a shipped template failed to render");
  if (text.find_first_of("<>\"") != std::string::npos) {
    FUZZ_CHECK(html->find(value) == std::string::npos, "a view string reached the page unescaped");
  }
  return 0;
}
