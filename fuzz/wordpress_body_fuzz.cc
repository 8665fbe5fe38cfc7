// Fuzzes a WordPress post body as the WordPress import reads it from a WXR
// export: ConvertWordPressBody, then its Markdown through MarkdownToHtml.
//
// Invariants: conversion never fails; no tag of the sanitized HTML or of the
// Markdown's rendering is a script, an iframe or a style, or has an event
// handler, a style attribute or a javascript:, vbscript: or data: URL,
// whatever the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "content/wordpress_body.h"
#include "fuzz_check.h"
#include "render/markdown.h"

namespace {

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    size_t j = 0;
    while (j < needle.size() && lower(hay[i + j]) == needle[j]) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

// Tags returns the tags of `html`, each as " <name attrs>", from '<' to the
// next '>' outside quotes; text and attribute values have their < and >
// escaped, so what is between tags is text.
std::vector<std::string> Tags(std::string_view html) {
  std::vector<std::string> tags;
  bool quoted = false;
  for (char c : html) {
    if (c == '<' && !quoted) {
      tags.emplace_back(" <");
    } else if (!tags.empty() && tags.back().back() != '>') {
      if (c == '"') quoted = !quoted;
      tags.back() += c;
    }
  }
  return tags;
}

// Unquoted is `tag` without its quoted attribute values.
std::string Unquoted(std::string_view tag) {
  std::string out;
  bool quoted = false;
  for (char c : tag) {
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

void CheckSafe(std::string_view html, const char* what) {
  for (const std::string& tag : Tags(html)) {
    std::string bare = Unquoted(tag);
    FUZZ_CHECK(!ContainsIgnoreCase(bare, "<script"), what);
    FUZZ_CHECK(!ContainsIgnoreCase(bare, "<iframe"), what);
    FUZZ_CHECK(!ContainsIgnoreCase(bare, "<style"), what);
    FUZZ_CHECK(!ContainsIgnoreCase(bare, " on"), what);
    FUZZ_CHECK(!ContainsIgnoreCase(bare, "style="), what);
    FUZZ_CHECK(!ContainsIgnoreCase(tag, "=\"javascript:"), what);
    FUZZ_CHECK(!ContainsIgnoreCase(tag, "=\"vbscript:"), what);
    FUZZ_CHECK(!ContainsIgnoreCase(tag, "=\"data:"), what);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  khabar::WordPressBody body = khabar::ConvertWordPressBody(text);
  CheckSafe(body.html, "unsafe markup in the sanitized HTML");
  CheckSafe(khabar::MarkdownToHtml(body.markdown), "unsafe markup from the Markdown");
  return 0;
}
