// markdown_bench: how render time grows with input on the shapes that made
// cmark-gfm quadratic (issue 15, M1), and on an ordinary story.
//
//   markdown_bench [--runs N]
//
// For each shape, the shape repeated to 40, 160 and 640 KiB is rendered N
// times (default 15) and the fastest time is kept: the machine's other
// work only ever adds time, so the minimum is the render's own cost. The
// table gives the 160/40 and 640/160 ratios: linear rendering gives about
// 4 (the issue asks for at most 6). All numbers come from one run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "render/markdown.h"

namespace {

struct Shape {
  const char* name;
  std::string head;  // written once, first
  std::string unit;  // repeated
};

double FastestMs(const std::string& input, int runs) {
  std::vector<double> ms;
  size_t sink = 0;
  for (int i = 0; i < runs; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    sink += khabar::MarkdownToHtml(input).size();
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  if (sink == 0) std::fprintf(stderr, "markdown_bench: empty output\n");
  return *std::min_element(ms.begin(), ms.end());
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 15;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  const std::vector<Shape> shapes = {
      {"`a <?` repeated", "", "a <?"},
      {"table, empty rows", "| a | b |\n|---|---|\n", "|\n"},
      {"`![[]()` repeated", "", "![[]()"},
      {"an ordinary story", "",
       "The river rose **two metres** overnight, officials said, and [the "
       "dam](https://example.org/dam) held.\n\n## What happens next\n\n- Schools stay shut\n- "
       "Roads reopen on Friday\n\n"},
  };
  const size_t sizes_kib[] = {40, 160, 640};
  std::printf("| shape | 40 KiB (ms) | 160 KiB (ms) | 640 KiB (ms) | 160/40 | 640/160 |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  for (const Shape& shape : shapes) {
    double ms[3];
    for (int k = 0; k < 3; ++k) {
      std::string input = shape.head;
      while (input.size() < sizes_kib[k] * 1024) input += shape.unit;
      ms[k] = FastestMs(input, runs);
    }
    std::printf("| %s | %.2f | %.2f | %.2f | %.1f | %.1f |\n", shape.name, ms[0], ms[1], ms[2],
                ms[1] / ms[0], ms[2] / ms[1]);
  }
  return 0;
}
