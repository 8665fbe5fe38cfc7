// Messages: a theme's interface strings ("Search", "Most read", "Page 2 of
// 5") in one language, read from the theme's messages/<language>.toml.
//
// A catalog is a flat TOML table of key = "ICU MessageFormat pattern":
//   search = "Search"
//   comments_title = "{count, plural, one {# comment} other {# comments}}"
// Arguments are named, never numbered. Patterns are parsed once, at Load,
// and formatted in the catalog's locale (plural rules, digits), so Urdu
// says "1 تبصرہ" where English says "1 comment".
//
// Messages without arguments are formatted once at Load and given to
// templates as one JSON object (Plain(), shown as {{t.search}}); messages
// with arguments are formatted by the site in C++ (Format) into the view
// field the template shows.
//
// Thread safety: a loaded Messages is immutable to its users; Format may
// be called from any thread (ICU's MessageFormat builds its plural rules
// and number formats lazily, so calls are serialised inside).
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "base/status.h"

namespace khabar {

// MessageArg is one argument's value: a number or text.
using MessageArg = std::variant<int64_t, std::string>;
// MessageArgs name the arguments: {{"page", 2}, {"pages", 5}}.
using MessageArgs = std::initializer_list<std::pair<std::string_view, MessageArg>>;

class Messages {
 public:
  // Load reads `file`, a catalog in `language` (a BCP 47 tag: "en", "ur").
  // When `reference` is given (the English catalog), every key it has
  // must be here, no key may be here that it lacks, and each message must
  // take the same arguments. Errors name the file and the key: a value
  // that is not a string, a pattern ICU refuses, a numbered argument.
  static Result<std::unique_ptr<Messages>> Load(const std::filesystem::path& file,
                                                std::string language,
                                                const Messages* reference = nullptr);
  // Parse is Load on text already read; `origin` names it in errors.
  static Result<std::unique_ptr<Messages>> Parse(const std::string& toml_text,
                                                 const std::string& origin, std::string language,
                                                 const Messages* reference = nullptr);
  // Empty is a catalog with no messages, for a theme without messages/.
  static std::unique_ptr<Messages> Empty(std::string language);
  ~Messages();

  // Format formats message `key` with `args` in the catalog's locale. An
  // unknown key gives "[key]" (a theme bug, visible on the page rather
  // than a failed page); an argument the pattern names but `args` lacks
  // is shown as ICU shows it ("{count}").
  std::string Format(std::string_view key, MessageArgs args = {}) const;

  // Has reports whether the catalog has message `key`.
  bool Has(std::string_view key) const;

  // Plain is every message that takes no arguments, formatted: a JSON
  // object key -> text, for templates' {{t.key}}.
  const nlohmann::json& Plain() const;

  // language is the tag the catalog was loaded for ("ur").
  const std::string& language() const;

 private:
  struct Impl;
  Messages();

  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar
