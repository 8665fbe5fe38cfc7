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
std::string MarkdownToHtml(std::string_view markdown);

}  // namespace khabar
