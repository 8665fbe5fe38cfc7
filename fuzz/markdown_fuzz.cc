// Fuzzes the Markdown renderer for speed and safety (issue 15, M1).
//
// Speed: each input is rendered as it is, and a short one is then
// repeated to 128 KiB. A shape whose cost grows with the square of its
// repetitions (as "a <?" did in cmark-gfm: 3 s for 160 KB without
// sanitizers) then takes far longer than `make fuzz`'s 10 s per input, and
// libFuzzer reports a timeout with the input saved; md4c takes about 1 s
// under ASan and UBSan. fuzz/markdown.options lets inputs grow to 64 KiB.
//
// Safety, on every output: only the tags and attributes the renderer
// writes itself, and no href or src with a scheme other than http(s),
// mailto, tel or (src only) data:image/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/ascii.h"
#include "fuzz_check.h"
#include "render/markdown.h"

namespace {

// Short inputs (a repeating shape is short) are repeated to kRepeatTo;
// longer ones are rendered only as they are, so the run still explores.
constexpr size_t kShapeBytes = 256;
constexpr size_t kRepeatTo = 128 * 1024;
constexpr std::string_view kBeyond = ")]>|`*_~\n\n";

bool Allowed(std::string_view name, std::string_view list) {
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t end = list.find(' ', pos);
    if (end == std::string_view::npos) end = list.size();
    if (list.substr(pos, end - pos) == name) return true;
    pos = end + 1;
  }
  return false;
}

// CheckUrl: the value of an href or src, as written in the HTML.
void CheckUrl(std::string_view attr, std::string_view value) {
  std::string v = khabar::AsciiLower(value);
  // Read here on its own, not with the renderer's SafeUrl: the oracle
  // must not share the code it checks. A scheme is what a browser reads
  // as one: a letter, then letters, digits, '+', '-' or '.', up to the
  // first ':'. Anything else before the ':' ("data%FF:...") makes the URL
  // relative, which is safe.
  size_t colon = v.find(':');
  if (colon == std::string::npos || colon == 0 || !(v[0] >= 'a' && v[0] <= 'z')) return;
  for (size_t i = 0; i < colon; ++i) {
    const char c = v[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.')) {
      return;
    }
  }
  std::string_view scheme = std::string_view(v).substr(0, colon);
  bool ok = scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel" ||
            (attr == "src" && v.starts_with("data:image/"));
  FUZZ_CHECK(ok, "a URL with a scheme the renderer must drop");
  // '&' is written "&amp;" and '\'' "&#x27;": any other reference would
  // be the browser's to decode, after the scheme check.
  for (size_t at = v.find("&#"); at != std::string::npos; at = v.find("&#", at + 1)) {
    FUZZ_CHECK(v.compare(at, 6, "&#x27;") == 0, "a character reference left in a URL");
  }
}

// CheckHtml walks every tag of `html`: a known element, known attributes,
// each quoted, with safe URLs.
void CheckHtml(std::string_view html) {
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    size_t end = html.find('>', i);
    FUZZ_CHECK(end != std::string_view::npos, "an unclosed tag");
    std::string_view tag = html.substr(i + 1, end - i - 1);
    if (tag.starts_with('/')) tag.remove_prefix(1);
    size_t name_end = tag.find_first_of(" />");
    std::string_view name = tag.substr(0, name_end);
    FUZZ_CHECK(Allowed(name,
                       "p h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code em strong del a img br hr "
                       "table thead tbody tr th td figure"),
               "an element the renderer never writes");
    std::string_view rest = name_end == std::string_view::npos ? "" : tag.substr(name_end);
    while (!rest.empty()) {
      if (rest.front() == ' ' || rest.front() == '/') {
        rest.remove_prefix(1);
        continue;
      }
      size_t eq = rest.find("=\"");
      FUZZ_CHECK(eq != std::string_view::npos, "an attribute without a quoted value");
      std::string_view attr = rest.substr(0, eq);
      FUZZ_CHECK(Allowed(attr, "href src alt title class align start"),
                 "an attribute the renderer never writes");
      size_t close = rest.find('"', eq + 2);
      FUZZ_CHECK(close != std::string_view::npos, "an unterminated attribute");
      std::string_view value = rest.substr(eq + 2, close - eq - 2);
      FUZZ_CHECK(value.find('<') == std::string_view::npos, "'<' inside an attribute");
      if (attr == "href" || attr == "src") CheckUrl(attr, value);
      rest.remove_prefix(close + 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string html = khabar::MarkdownToHtml(text);
  CheckHtml(html);
  // What lies after a body is not part of it: a view followed by bytes
  // that would close a link, a cell or a span renders as the body alone
  // (md4c 0.4.8 reads the byte after its input).
  std::string followed(text);
  followed += kBeyond;
  FUZZ_CHECK(khabar::MarkdownToHtml(std::string_view(followed).substr(0, size)) == html,
             "the bytes after the input changed the HTML");
  if (size == 0 || size > kShapeBytes) return 0;
  std::string repeated;
  repeated.reserve(kRepeatTo + size);
  while (repeated.size() < kRepeatTo) repeated += text;
  CheckHtml(khabar::MarkdownToHtml(repeated));
  return 0;
}
