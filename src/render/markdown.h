// Markdown: article bodies are CommonMark with the GFM table, autolink and
// strikethrough extensions, rendered to HTML once, at save time.
//
// The parser is md4c (Debian's libmd4c): linear in its input by design,
// which matters because reporters' previews, saves and imports all render,
// and cmark-gfm 0.29 took quadratic time on shapes such as "a <?" repeated
// (issue 15). md4c's own HTML writer cannot drop dangerous URLs or turn a
// bare video link into khabar's embed figure, so render/markdown.cc writes
// the HTML from md4c's events itself, in cmark's layout.
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// MarkdownToHtml renders `markdown` to HTML in time linear in its size.
// Raw HTML in the source is not markup: it shows as the text it is
// ("<b>" reads "&lt;b&gt;"). A link or image URL survives only when it is
// relative or http(s), mailto or tel (an image also a data: PNG, GIF, JPEG
// or WebP), read as a browser reads it (entities decoded, tabs and
// newlines removed); otherwise its href or src is empty. So an article
// body can never inject markup or script. NUL and invalid numeric
// references become U+FFFD. Callers bound the input's size.
//
// Embeds: a top-level paragraph whose only content is one autolinked YouTube
// or Twitter/X URL (content/embed.h; e.g. "https://youtu.be/ID" alone on its
// lines) renders as
//   <figure class="embed embed-youtube"><a href="URL">URL</a></figure>
// (or embed-twitter): no iframe and no third-party script, as the site's
// Content-Security-Policy allows only its own origin; a reader follows the
// link. Other bare links stay ordinary paragraphs.
std::string MarkdownToHtml(std::string_view markdown);

}  // namespace khabar
