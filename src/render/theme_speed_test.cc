// Render speed of the real themes on the views of real pages (testdata/),
// for profiling the uncached page path. Disabled: it measures, it does not
// check. Run it with
//   build/src/render/render_test --gtest_also_run_disabled_tests --gtest_filter='*RenderSpeed*'
// (KHABAR_RENDER_ITERATIONS=N changes the number of renders, 10,000 by
// default; KHABAR_RENDER_FIXTURE=default-article measures that view only)
// and profile with `perf record -g` on the same command. It prints
// CPU time per render, which other load on the machine disturbs less than
// wall time, and wall time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/files.h"
#include "render/theme.h"

namespace khabar {
namespace {

std::filesystem::path SourceDir() {
  const char* dir = std::getenv("KHABAR_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

int Iterations() {
  const char* n = std::getenv("KHABAR_RENDER_ITERATIONS");
  return n != nullptr ? std::max(1, std::atoi(n)) : 10000;
}

double ThreadCpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// WithMessages adds the theme's interface strings for the view's language
// as `t`, as PublicSite::BaseView does: testdata holds the rest of the
// view, not a copy of the catalog.
nlohmann::json WithMessages(const khabar::Theme& theme, nlohmann::json view) {
  std::string language = "en";
  if (view.contains("site") && view["site"].is_object()) {
    language = view["site"].value("language", "en");
  }
  view["t"] = theme.MessagesFor(language).Plain();
  return view;
}

void MeasureRender(const std::string& fixture) {
  const char* only = std::getenv("KHABAR_RENDER_FIXTURE");
  if (only != nullptr && fixture != only) return;
  auto text = ReadFile(SourceDir() / "src/render/testdata" / (fixture + ".json"));
  ASSERT_TRUE(text) << text.error().ToString();
  const nlohmann::json page = nlohmann::json::parse(*text);
  auto theme = Theme::Load(SourceDir() / page.at("theme").get<std::string>());
  ASSERT_TRUE(theme) << theme.error().ToString();
  const std::string name = page.at("template").get<std::string>();
  const nlohmann::json view = WithMessages(**theme, page.at("view"));

  size_t bytes = 0;
  for (int i = 0; i < 100; ++i) bytes = (*theme)->Render(name, view)->size();  // warm up
  const int n = Iterations();
  const double cpu_start = ThreadCpuMicros();
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    auto html = (*theme)->Render(name, view);
    ASSERT_TRUE(html) << html.error().ToString();
  }
  const std::chrono::duration<double, std::micro> wall = std::chrono::steady_clock::now() - start;
  const double cpu = ThreadCpuMicros() - cpu_start;
  std::printf("%-16s %6zu bytes  %8.1f us CPU/render  %8.1f us wall/render  (%d renders)\n",
              fixture.c_str(), bytes, cpu / n, wall.count() / n, n);
}

TEST(ThemeSpeed, DISABLED_RenderSpeed) {
  MeasureRender("default-article");
  MeasureRender("default-home");
  MeasureRender("default-listing");
}

}  // namespace
}  // namespace khabar
