// markdown_bench: how render time grows with input on the shapes that made
// cmark-gfm quadratic (issue 15, M1), and on an ordinary story.
//
//   markdown_bench [--runs N] [--glibc-defaults]
//
// The allocator is set up as khabar's main does (base/memory.h); with
// --glibc-defaults it is left as glibc starts, to show what that costs.
//
// For each shape, the shape repeated to 40, 160 and 640 KiB is rendered N
// times (default 15) and the least CPU time of this thread is kept
// (CLOCK_THREAD_CPUTIME_ID: time the thread waited for a core is not in
// it, and other work only ever adds, so the minimum is the render's own
// cost on a shared machine; wall time is printed too). The
// table gives the 160/40 and 640/160 ratios: linear rendering gives about
// 4 (the issue asks for at most 6). All numbers come from one run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "base/memory.h"
#include "render/markdown.h"

namespace {

struct Shape {
  const char* name;
  std::string head;  // written once, first
  std::string unit;  // repeated
};

double ThreadCpuMs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Timing {
  double cpu_ms = 1e300;   // least thread CPU time of the runs
  double wall_ms = 1e300;  // least wall time of the runs
};

Timing Fastest(const std::string& input, int runs) {
  Timing best;
  size_t sink = 0;
  for (int i = 0; i < runs; ++i) {
    const double cpu0 = ThreadCpuMs();
    const auto wall0 = std::chrono::steady_clock::now();
    sink += khabar::MarkdownToHtml(input).size();
    best.cpu_ms = std::min(best.cpu_ms, ThreadCpuMs() - cpu0);
    best.wall_ms =
        std::min(best.wall_ms,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall0)
                     .count());
  }
  if (sink == 0) std::fprintf(stderr, "markdown_bench: empty output\n");
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 15;
  bool glibc_defaults = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::max(1, std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--glibc-defaults") == 0) {
      glibc_defaults = true;
    }
  }
  if (!glibc_defaults) khabar::KeepFreedMemory();
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
  std::printf(
      "| shape | 40 KiB CPU ms | 160 KiB CPU ms | 640 KiB CPU ms | 160/40 | 640/160 | wall ms "
      "40 / 160 / 640 |\n");
  std::printf("|---|---:|---:|---:|---:|---:|---|\n");
  for (const Shape& shape : shapes) {
    Timing t[3];
    for (int k = 0; k < 3; ++k) {
      std::string input = shape.head;
      while (input.size() < sizes_kib[k] * 1024) input += shape.unit;
      t[k] = Fastest(input, runs);
    }
    std::printf("| %s | %.2f | %.2f | %.2f | %.1f | %.1f | %.2f / %.2f / %.2f |\n", shape.name,
                t[0].cpu_ms, t[1].cpu_ms, t[2].cpu_ms, t[1].cpu_ms / t[0].cpu_ms,
                t[2].cpu_ms / t[1].cpu_ms, t[0].wall_ms, t[1].wall_ms, t[2].wall_ms);
  }
  return 0;
}
