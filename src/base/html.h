// HTML escaping, once for every module that writes HTML or XML text.
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// EscapeHtml returns `s` with & < > " ' written as entities: what a
// theme's {{value}} writes (kainjow's html_escape, byte for byte), and
// safe in text and in quoted attribute values alike. For HTML written
// outside a template (an RSS description, Markdown, WordPress bodies).
std::string EscapeHtml(std::string_view s);
// AppendEscapedHtml appends `s` to `out` escaped as EscapeHtml does.
void AppendEscapedHtml(std::string& out, std::string_view s);

}  // namespace khabar
