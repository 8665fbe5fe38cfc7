// Markdown: article bodies are CommonMark with the GFM table, autolink and
// strikethrough extensions, rendered to HTML once, at save time.
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// MarkdownToHtml renders `markdown` to HTML. Raw HTML in the source is not
// passed through (it is replaced by a comment), and links or images with
// javascript:, vbscript:, file: or data: (other than images) URLs are
// dropped, so an article body can never inject markup.
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
