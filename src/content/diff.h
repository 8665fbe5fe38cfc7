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

// DiffLines compares `before` and `after` line by line (a longest common
// subsequence). Texts too large for an exact answer (more than
// kMaxDiffCells line pairs after trimming the common start and end) are
// shown as all of `before` removed and all of `after` added.
std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after);

inline constexpr size_t kMaxDiffCells = 4'000'000;

}  // namespace khabar
