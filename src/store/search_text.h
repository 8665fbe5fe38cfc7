// Search text: turning what a reader typed into words a full-text index can
// look up, and a story's HTML body into the plain text the index holds.
//
// Both are backend-independent, so every Store backend finds the same words
// in the same input. Neither ever fails: hostile or malformed input (query
// syntax, invalid UTF-8, emoji) simply yields fewer or no words.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace khabar {

// SearchWords is a reader's query reduced to words.
struct SearchWords {
  // words are runs of Unicode letters, digits and combining marks (each
  // with at least one letter or digit), in the order typed, as typed (the
  // index folds case and diacritics itself). Everything else separates
  // words, so no operator, quote or bracket survives.
  std::vector<std::string> words;
  // last_is_prefix is true when the text ends inside the last word (the
  // reader may still be typing it) and that word is at least
  // kMinPrefixChars long: "biden summ" should find "summit". A backend may
  // try the words as typed first and complete the last only if they match
  // nothing.
  bool last_is_prefix = false;
};

// Bounds on a search, so one request cannot make the index do unbounded
// work: at most kMaxSearchWords words of at most kMaxSearchBytes in total,
// read from the first kMaxSearchInput bytes of the text.
inline constexpr size_t kMaxSearchWords = 16;
inline constexpr size_t kMaxSearchBytes = 200;
inline constexpr size_t kMaxSearchInput = 4096;
// Shorter prefixes match too many words to be useful or cheap.
inline constexpr size_t kMinPrefixChars = 3;

// ParseSearchText splits `text` into words. Invalid UTF-8 separates words.
// Words are kept in order until one would pass kMaxSearchWords or
// kMaxSearchBytes; it and every later word are dropped.
SearchWords ParseSearchText(std::string_view text);

// PlainTextOfHtml returns the text of a rendered body: tags dropped (block
// tags such as <p>, <li> and <br> become a space, inline ones such as <em>
// nothing), the entities cmark-gfm writes (&amp; &lt; &gt; &quot; &#39;, and
// numeric ones) decoded, and runs of white space collapsed to one space.
// Crude on purpose: it feeds an index and its snippets, never a page.
std::string PlainTextOfHtml(std::string_view html);

}  // namespace khabar
