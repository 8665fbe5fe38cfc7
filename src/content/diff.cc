#include "content/diff.h"

#include <cstdint>

namespace khabar {
namespace {

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    pos = end + 1;
  }
  return lines;
}

}  // namespace

std::vector<DiffLine> DiffLines(std::string_view before, std::string_view after) {
  const auto a = SplitLines(before);
  const auto b = SplitLines(after);
  // Common head and tail cost nothing and keep the table small.
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  const size_t n = a.size() - head - tail;
  const size_t m = b.size() - head - tail;

  std::vector<DiffLine> out;
  using K = DiffLine::Kind;
  for (size_t i = 0; i < head; ++i) out.push_back({K::kSame, std::string(a[i])});
  if (n * m > kMaxDiffCells) {
    for (size_t i = 0; i < n; ++i) out.push_back({K::kRemoved, std::string(a[head + i])});
    for (size_t j = 0; j < m; ++j) out.push_back({K::kAdded, std::string(b[head + j])});
  } else {
    // lcs[i][j]: length of the LCS of a[head+i..] and b[head+j..].
    std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? at(i + 1, j + 1) + 1
                                              : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.push_back({K::kSame, std::string(a[head + i])});
        ++i;
        ++j;
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        // On a tie the old line goes first, as in unified diffs.
        out.push_back({K::kRemoved, std::string(a[head + i])});
        ++i;
      } else {
        out.push_back({K::kAdded, std::string(b[head + j])});
        ++j;
      }
    }
  }
  for (size_t i = a.size() - tail; i < a.size(); ++i) out.push_back({K::kSame, std::string(a[i])});
  return out;
}

}  // namespace khabar
