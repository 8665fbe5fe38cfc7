// Theme: the Mustache templates and assets that give the site its look.
//
// A theme is a directory:
//   templates/<name>.mustache   page templates ("article", "home", "error")
//   partials/<name>.mustache    pieces included with {{> name}}
//   assets/...                  CSS, fonts, images served under /static/
//   messages/<language>.toml    interface strings (render/messages.h);
//                               en.toml is the fallback and must exist
//                               when messages/ does
// Templates are read once, at Load, with their partials written into them
// (recursively), and parsed once; Render parses nothing and reads the view
// in place, turning only the values the template asks for into kainjow's
// data. Render is thread-safe. The bytes rendered are kainjow's own (see
// theme_reference_test.cc), except that partials and view values no longer
// share one namespace: a view value named like a partial neither hides it
// nor is hidden by it.
//
// View models are nlohmann::json values built by the site handlers; a view
// that is not an object renders as an empty one. null, false, empty lists
// and empty strings are false in sections. Every
// {{value}} is HTML-escaped; {{{value}}} is raw and is used only for HTML
// khabar made itself (rendered Markdown) or an admin entered on purpose (ad
// slots), in fields named *_html.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/html.h"
#include "base/status.h"
#include "render/messages.h"

namespace khabar {

class Theme {
 public:
  // Load reads every template and partial under `dir` and checks that each
  // parses; the error names the file and Mustache's message. A {{> name}}
  // with no partials/name.mustache, partials that include each other (or
  // nest more than 16 deep), and set-delimiter tags are errors naming the
  // file. When messages/ exists, every messages/*.toml is loaded
  // (Messages::Load, each checked against en.toml); a catalog error names
  // the file and the key.
  static Result<std::unique_ptr<Theme>> Load(const std::filesystem::path& dir);
  ~Theme();

  // Has reports whether templates/<name>.mustache exists.
  bool Has(const std::string& name) const;

  // Choose returns the first of `candidates` that exists, or the last one.
  // Used as Choose({"article-" + section, "article"}), as Ghost does.
  std::string Choose(const std::vector<std::string>& candidates) const;

  // Render fills template `name` with `view`. kNotFound for an unknown
  // template, kInternal when Mustache reports an error.
  Result<std::string> Render(const std::string& name, const nlohmann::json& view) const;

  // MessagesFor returns the catalog for `language` (a BCP 47 tag): the
  // exact tag, then its language alone ("ur-PK" -> "ur"), then English.
  // A theme without messages/ answers an empty catalog.
  const Messages& MessagesFor(std::string_view language) const;

  const std::filesystem::path& assets_dir() const { return assets_dir_; }

  // fonts lists the web font files assets/style.css names as
  // url(/static/fonts/<file>) (in @font-face rules), read at Load: the
  // only files the site serves from its fonts directory
  // ([theme] fonts_dir), so a theme cannot be made to serve any other
  // file there. Names hold only letters, digits, '.', '-' and '_'.
  const std::vector<std::string>& fonts() const { return fonts_; }

 private:
  struct Template;
  Theme() = default;
  Status LoadMessages(const std::filesystem::path& dir);

  std::filesystem::path assets_dir_;
  std::vector<std::string> fonts_;
  std::map<std::string, std::unique_ptr<Template>> templates_;
  // Catalogs by lower-case language tag ("en", "ur", "ur-pk").
  std::map<std::string, std::unique_ptr<Messages>, std::less<>> messages_;
  std::unique_ptr<Messages> no_messages_;  // for a theme without messages/
};

}  // namespace khabar
