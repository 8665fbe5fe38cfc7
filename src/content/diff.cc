#include "content/diff.h"

#include <cstddef>
#include <dtl/dtl.hpp>
#include <utility>

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
  // Common head and tail cost nothing and keep the search small.
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  using Lines = std::vector<std::string_view>;
  const Lines middle_a(a.begin() + static_cast<std::ptrdiff_t>(head),
                       a.end() - static_cast<std::ptrdiff_t>(tail));
  const Lines middle_b(b.begin() + static_cast<std::ptrdiff_t>(head),
                       b.end() - static_cast<std::ptrdiff_t>(tail));

  std::vector<DiffLine> out;
  using K = DiffLine::Kind;
  for (size_t i = 0; i < head; ++i) out.push_back({K::kSame, std::string(a[i])});
  // dtl (Wu, Manber and Myers' O(NP) algorithm) gives a shortest edit
  // script. Within each run of changes the removed lines are shown before
  // the added ones, as in unified diffs.
  dtl::Diff<std::string_view, Lines> diff(middle_a, middle_b);
  diff.compose();
  std::vector<DiffLine> added;
  auto flush_added = [&] {
    for (DiffLine& line : added) out.push_back(std::move(line));
    added.clear();
  };
  for (const auto& [line, info] : diff.getSes().getSequence()) {
    if (info.type == dtl::SES_ADD) {
      added.push_back({K::kAdded, std::string(line)});
    } else if (info.type == dtl::SES_DELETE) {
      out.push_back({K::kRemoved, std::string(line)});
    } else {
      flush_added();
      out.push_back({K::kSame, std::string(line)});
    }
  }
  flush_added();
  for (size_t i = a.size() - tail; i < a.size(); ++i) out.push_back({K::kSame, std::string(a[i])});
  return out;
}

}  // namespace khabar
