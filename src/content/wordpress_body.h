// WordPress bodies: converting the body of a WordPress post (the HTML of
// post_content in a WXR export) into a khabar story body.
//
// khabar keeps a body as Markdown (ArticleDraft::body_markdown) so the
// newsroom can edit it, and renders it with MarkdownToHtml (render/markdown.h).
// Not every WordPress body can be said in that Markdown; ConvertWordPressBody
// says whether it could (`lossless`) and, either way, also gives a sanitized
// HTML form. The caller (the importer) decides which to store: the Markdown
// when lossless, else the sanitized HTML or the Markdown approximation.
//
// The conversion is a pure function: no I/O, no global state, thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khabar {

// WordPressBody is the result of ConvertWordPressBody.
struct WordPressBody {
  // markdown is the body as khabar Markdown. When `lossless` it says
  // everything the sanitized HTML says; otherwise it is a readable
  // approximation (unknown elements unwrapped, their text kept) for the
  // newsroom to edit.
  std::string markdown;
  // html is the body as sanitized HTML from a fixed allow-list of tags and
  // attributes (see the .cc), safe to serve as it is. Always set.
  std::string html;
  // lossless is true when every element of the body had a Markdown form.
  bool lossless = true;
  // warnings are human-readable notes on what was dropped or changed
  // (unknown shortcodes, scripts, iframes, unsafe URLs, invalid UTF-8), each
  // once, in the order met.
  std::vector<std::string> warnings;
};

// ConvertWordPressBody converts `html`, a WordPress post body, in steps:
//  1. Invalid UTF-8 is replaced by U+FFFD (with a warning).
//  2. WordPress's conventions: block comments (<!-- wp:... -->) are removed
//     and their content kept (a wp:embed block becomes its URL); a classic-
//     editor body with no <p> gets WordPress's auto-paragraphs (blank line:
//     new paragraph, single newline: <br>); shortcodes: [caption] becomes a
//     figure with the image and its caption, [embed]URL[/embed] and
//     [youtube URL] become embeds, any other shortcode is dropped with a
//     warning naming it (its inner text kept).
//  3. YouTube videos and tweets, in any form (iframe, blockquote.twitter-
//     tweet, a bare URL on its own line, a link whose text is its URL),
//     become khabar's embed: a paragraph holding only the canonical URL
//     (content/embed.h).
//  4. The HTML is parsed with libxml2's HTML parser and written out again as
//     Markdown and as sanitized HTML; scripts, styles, iframes, forms, event
//     handlers, style/class/id and javascript:/vbscript:/data: URLs never
//     reach either output.
// Never fails.
WordPressBody ConvertWordPressBody(std::string_view html);

}  // namespace khabar
