#include "site/follow_line.h"

#include <algorithm>

namespace khabar {
namespace {

struct Link {
  std::string word;
  std::string href;
};

// IsWordAt reports whether text[pos, pos+len) is not glued to letters or
// digits on either side ("X" must not match inside "Xi").
bool IsWordAt(const std::string& text, size_t pos, size_t len) {
  auto is_word_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  if (pos > 0 && is_word_char(text[pos - 1])) return false;
  if (pos + len < text.size() && is_word_char(text[pos + len])) return false;
  return true;
}

}  // namespace

std::vector<TextSegment> FollowLine(const SocialSettings& social) {
  const std::string& text = social.follow_text;
  std::vector<Link> links;
  if (!social.twitter.empty()) {
    std::string profile = "https://x.com/" + social.twitter;
    links.push_back({"@" + social.twitter, profile});
    links.push_back({"Twitter", profile});
  }
  if (!social.facebook.empty()) links.push_back({"Facebook", social.facebook});
  if (!social.instagram.empty()) links.push_back({"Instagram", social.instagram});
  if (!social.youtube.empty()) links.push_back({"YouTube", social.youtube});

  // Find the first whole-word occurrence of each link word, then cut the
  // text at those places, skipping any that overlap an earlier match.
  struct Match {
    size_t pos, len;
    const Link* link;
  };
  std::vector<Match> matches;
  for (const auto& l : links) {
    for (size_t pos = text.find(l.word); pos != std::string::npos;
         pos = text.find(l.word, pos + 1)) {
      if (IsWordAt(text, pos, l.word.size())) {
        matches.push_back({pos, l.word.size(), &l});
        break;
      }
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.pos < b.pos; });

  std::vector<TextSegment> out;
  size_t at = 0;
  for (const auto& m : matches) {
    if (m.pos < at) continue;
    if (m.pos > at) out.push_back({text.substr(at, m.pos - at), ""});
    out.push_back({text.substr(m.pos, m.len), m.link->href});
    at = m.pos + m.len;
  }
  if (at < text.size()) out.push_back({text.substr(at), ""});
  return out;
}

}  // namespace khabar
