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

TEST(DiffLines, HugeTextsFallBackToReplaceAll) {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  auto d = DiffLines(a, b);
  EXPECT_EQ(d.size(), 6000u);
  EXPECT_EQ(d.front().kind, DiffLine::Kind::kRemoved);
  EXPECT_EQ(d.back().kind, DiffLine::Kind::kAdded);
}

}  // namespace
}  // namespace khabar
