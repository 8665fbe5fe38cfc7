// The follow-us line: the site-wide sentence from [social] follow_text, with
// the networks it names turned into links to the site's accounts.
#pragma once

#include <string>
#include <vector>

#include "config/settings.h"

namespace khabar {

// TextSegment is a run of the line: plain text, or text with a link.
struct TextSegment {
  std::string text;
  std::string href;  // empty: plain text
};

// FollowLine splits social.follow_text into segments. "@<twitter>" and the
// words "Twitter"/"X", "Facebook", "Instagram" and "YouTube" become links to
// the configured accounts (first occurrence of each; a network without an
// account stays plain text). Pure; the template escapes every segment.
std::vector<TextSegment> FollowLine(const SocialSettings& social);

}  // namespace khabar
