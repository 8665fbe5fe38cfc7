// Fuzzes an article file: YAML front matter and Markdown, as `khabar
// article add` and the demo import read them, then the Markdown body to
// HTML as every story is rendered.
//
// Invariants: parsing ends in an article or an error naming the file; the
// HTML never holds raw HTML from the text (the renderer runs with raw HTML
// off), so no "<script" can come out of any input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/ascii.h"
#include "content/front_matter.h"
#include "fuzz_check.h"
#include "render/markdown.h"

namespace {

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  return khabar::AsciiLower(hay).find(needle) != std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = khabar::ParseArticleFile(text, "fuzz.md");
  if (!file) {
    FUZZ_CHECK(file.error().message().find("fuzz.md") != std::string::npos,
               "an article file error that does not name the file");
  }
  // The whole text as a body, too: front matter parsing may have refused
  // it before the Markdown was reached.
  std::string html = khabar::MarkdownToHtml(file ? file->draft.body_markdown : text);
  FUZZ_CHECK(!ContainsIgnoreCase(html, "<script"), "raw HTML passed through Markdown");
  FUZZ_CHECK(!ContainsIgnoreCase(html, "<iframe"), "raw HTML passed through Markdown");
  return 0;
}
