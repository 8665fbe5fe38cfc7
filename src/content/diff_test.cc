#include "content/diff.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

std::string Render(const std::vector<DiffLine>& d) {
  std::string s;
  for (const auto& l : d) {
    s += l.kind == DiffLine::Kind::kSame ? ' ' : l.kind == DiffLine::Kind::kAdded ? '+' : '-';
    s += l.text + "\n";
  }
  return s;
}

TEST(DiffLines, ShowsChangedLinesBetweenKeptOnes) {
  EXPECT_EQ(Render(DiffLines("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n")), " a\n-b\n+B\n c\n d\n+e\n");
}

TEST(DiffLines, IdenticalAndEmptyTexts) {
  EXPECT_EQ(Render(DiffLines("x\ny", "x\ny")), " x\n y\n");
  EXPECT_EQ(Render(DiffLines("", "new")), "+new\n");
  EXPECT_EQ(Render(DiffLines("old", "")), "-old\n");
}

// A 10,000-line body with a changed line every 100 lines: the old table
// (n x m cells) gave up on it and showed everything replaced; the diff now
// shows exactly the 100 changed lines.
TEST(DiffLines, LongBodiesGetAnExactDiff) {
  std::string a, b;
  for (int i = 0; i < 10000; ++i) {
    a += "line " + std::to_string(i) + "\n";
    b += (i % 100 == 50 ? "changed " : "line ") + std::to_string(i) + "\n";
  }
  const auto d = DiffLines(a, b);
  size_t same = 0, removed = 0, added = 0;
  for (const DiffLine& line : d) {
    if (line.kind == DiffLine::Kind::kSame) ++same;
    if (line.kind == DiffLine::Kind::kRemoved) ++removed;
    if (line.kind == DiffLine::Kind::kAdded) ++added;
  }
  EXPECT_EQ(same, 9900u);
  EXPECT_EQ(removed, 100u);
  EXPECT_EQ(added, 100u);
  // The first change, in place: its removal, then its addition.
  ASSERT_GT(d.size(), 52u);
  EXPECT_EQ(d[49].text, "line 49");
  EXPECT_EQ(d[50].kind, DiffLine::Kind::kRemoved);
  EXPECT_EQ(d[50].text, "line 50");
  EXPECT_EQ(d[51].kind, DiffLine::Kind::kAdded);
  EXPECT_EQ(d[51].text, "changed 50");
  EXPECT_EQ(d[52].text, "line 51");
}

// Two long texts with nothing in common are all removed, then all added.
TEST(DiffLines, TextsWithNothingInCommonAreReplacedWhole) {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  auto d = DiffLines(a, b);
  ASSERT_EQ(d.size(), 6000u);
  EXPECT_EQ(d.front().kind, DiffLine::Kind::kRemoved);
  EXPECT_EQ(d[2999].kind, DiffLine::Kind::kRemoved);
  EXPECT_EQ(d[3000].kind, DiffLine::Kind::kAdded);
  EXPECT_EQ(d.back().kind, DiffLine::Kind::kAdded);
}

}  // namespace
}  // namespace khabar
