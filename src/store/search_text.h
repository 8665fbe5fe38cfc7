// Search text: turning what a reader typed into words a full-text index can
// look up, a story's HTML body into the plain text the index holds, and
// both into one spelling of each word (FoldForSearch).
//
// All are backend-independent, so every Store backend finds the same words
// in the same input. None ever fails: hostile or malformed input (query
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
  // with at least one letter or digit) of the text after FoldForSearch, in
  // the order typed (the index folds case and Latin diacritics itself).
  // Everything else separates words, so no operator, quote or bracket
  // survives.
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

// ParseSearchText splits `text`, folded by FoldForSearch, into words.
// Invalid UTF-8 separates words. Words are kept in order until one would
// pass kMaxSearchWords or kMaxSearchBytes; it and every later word are
// dropped.
SearchWords ParseSearchText(std::string_view text);

// FoldForSearch returns `text` with the Arabic-script spellings that differ
// only by keyboard or by optional marks made one, so that a story and a
// query typed differently still share their words. Every backend applies
// it to all it indexes (headline, standfirst, body text, tag names) and,
// through ParseSearchText, to every query. Within the Arabic blocks only
// (U+0600-06FF, 0750-077F, 0870-08FF, FB50-FDFF, FE70-FEFF):
//   - NFKC: a letter and a mark typed apart become the one letter (alef +
//     madda is alef madda; yeh barree + hamza is U+06D3), and presentation
//     forms pasted from PDFs become the letters they show;
//   - combining marks (Mn) are dropped: harakat (zabar, zer, pesh, tanween,
//     jazm, tashdeed), superscript alef, a hamza or madda that no letter
//     took, Quranic annotation signs. They are optional in Urdu and most
//     text omits them; full-text tokenizers would split a word at them;
//   - tatweel (kashida, U+0640) is dropped: it only stretches a joint;
//   - Arabic letters for which Urdu has its own code point become the Urdu
//     one: yeh U+064A and alef maksura U+0649 -> Farsi yeh U+06CC; kaf
//     U+0643 -> keheh U+06A9; heh U+0647 and ae U+06D5 -> heh goal U+06C1
//     (their hamza forms U+06C0 -> U+06C2), teh marbuta U+0629 -> U+06C3.
//     Do-chashmi heh U+06BE (aspiration) stays apart from heh goal: it is
//     a different letter ("بھی" is not "بہی"), so an aspirate typed with
//     Arabic heh is not found by the do-chashmi spelling;
//   - Arabic-Indic and Extended Arabic-Indic digits become ASCII digits.
// Letters with hamza that Urdu keyboards type as one key (ئ ؤ أ آ) stay as
// they are. Everything outside those blocks, Latin included, and invalid
// UTF-8 are copied unchanged. The result is what the indexes hold, so
// search snippets show folded text (Urdu without its harakat). Thread-safe.
std::string FoldForSearch(std::string_view text);

// PlainTextOfHtml returns the text of a rendered body: tags dropped (block
// tags such as <p>, <li> and <br> become a space, inline ones such as <em>
// nothing), the entities the Markdown renderer writes (&amp; &lt; &gt; &quot; &#39;, and
// numeric ones) decoded, and runs of white space collapsed to one space.
// Crude on purpose: it feeds an index and its snippets, never a page.
std::string PlainTextOfHtml(std::string_view html);

}  // namespace khabar
