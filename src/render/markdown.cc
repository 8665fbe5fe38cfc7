#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>

#include "content/embed.h"

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

// EmbedOf returns the URL of `paragraph` when its only content is one link
// whose text is its URL (an autolink) to a YouTube video or a tweet.
std::optional<Embed> EmbedOf(cmark_node* paragraph, std::string* url) {
  // The autolink extension leaves empty text nodes around the link.
  cmark_node* link = nullptr;
  for (cmark_node* child = cmark_node_first_child(paragraph); child != nullptr;
       child = cmark_node_next(child)) {
    if (cmark_node_get_type(child) == CMARK_NODE_TEXT) {
      const char* literal = cmark_node_get_literal(child);
      if (literal == nullptr || *literal == '\0') continue;
    }
    if (link != nullptr || cmark_node_get_type(child) != CMARK_NODE_LINK) return std::nullopt;
    link = child;
  }
  if (link == nullptr) return std::nullopt;
  cmark_node* text = cmark_node_first_child(link);
  if (text == nullptr || cmark_node_next(text) != nullptr ||
      cmark_node_get_type(text) != CMARK_NODE_TEXT) {
    return std::nullopt;
  }
  const char* href = cmark_node_get_url(link);
  const char* literal = cmark_node_get_literal(text);
  const char* title = cmark_node_get_title(link);
  if (href == nullptr || literal == nullptr || (title != nullptr && *title != '\0')) {
    return std::nullopt;
  }
  std::string_view h(href);
  std::string_view l(literal);
  // An autolink's text is its URL; "www." autolinks gain an "http://".
  if (h != l && h != "http://" + std::string(l)) return std::nullopt;
  std::optional<Embed> embed = RecognizeEmbed(h);
  if (embed) *url = std::string(h);
  return embed;
}

// MarkEmbeds replaces each top-level embed paragraph (content/embed.h) by a
// custom block that renders as <figure class="embed embed-KIND"> around the
// paragraph's link. The link itself is still rendered (and escaped) by cmark.
void MarkEmbeds(cmark_node* doc) {
  for (cmark_node* node = cmark_node_first_child(doc); node != nullptr;) {
    cmark_node* next = cmark_node_next(node);
    std::string url;
    std::optional<Embed> embed;
    if (cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH && (embed = EmbedOf(node, &url))) {
      cmark_node* figure = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
      std::string enter =
          "<figure class=\"embed embed-" + std::string(EmbedClass(embed->kind)) + "\">";
      cmark_node_set_on_enter(figure, enter.c_str());
      cmark_node_set_on_exit(figure, "</figure>");
      cmark_node* link = cmark_node_first_child(node);
      while (cmark_node_get_type(link) != CMARK_NODE_LINK) link = cmark_node_next(link);
      cmark_node_unlink(link);
      cmark_node_append_child(figure, link);
      cmark_node_replace(node, figure);
      cmark_node_free(node);
    }
    node = next;
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
  MarkEmbeds(doc);
  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  std::string out(html ? html : "");
  std::free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

}  // namespace khabar
