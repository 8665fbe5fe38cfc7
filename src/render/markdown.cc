#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>

namespace khabar {
namespace {

// Registering the GFM extensions touches cmark's global registry; it must
// happen once, before any parser is made.
void EnsureExtensionsRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

void Attach(cmark_parser* parser, const char* name) {
  if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
    cmark_parser_attach_syntax_extension(parser, ext);
  }
}

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  EnsureExtensionsRegistered();
  // Without CMARK_OPT_UNSAFE, cmark-gfm omits raw HTML and drops dangerous
  // URL schemes (javascript:, vbscript:, file:, data: except images).
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES;
  cmark_parser* parser = cmark_parser_new(options);
  Attach(parser, "table");
  Attach(parser, "autolink");
  Attach(parser, "strikethrough");
  Attach(parser, "tagfilter");
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string out(html ? html : "");
  std::free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

}  // namespace khabar
