// Line diffs between two versions of a story, for the revision view.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace khabar {

// DiffLine is one line of a diff: kept, added (only in the newer text) or
// removed (only in the older text).
struct DiffLine {
  enum class Kind { kSame, kAdded, kRemoved };
  Kind kind = Kind::kSame;
  std::string text;
};

// DiffLines compares `before` and `after` line by line: a shortest edit
// script (Myers' algorithm, Debian's libdtl), so its time grows with the
// texts' length times the number of changed lines, not with the product of
// their lengths. Within each run of changes, removed lines come before
// added ones.
std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after);

}  // namespace khabar
