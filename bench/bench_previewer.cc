// bench_previewer: reporters previewing hostile Markdown while bench/run.sh
// measures readers (issue 15: a preview must never hold a reader's worker).
//
//   bench_previewer --port P --login L [--clients 4] [--seconds 20]
//                   [--bytes 1048576] [--gzip 1]
//                   (the password is read from standard input)
//
// Signs in the way a browser does (tests/support), prints READY, then
// each client posts POST /admin/preview in a loop, as the editor's live
// preview does, with a body of `bytes` bytes in one of the shapes that made
// cmark-gfm quadratic ("a <?" repeated, a table of empty rows, "![[]()"
// repeated), in turn. With --gzip 1 (the default) it accepts gzip, as
// every browser does; --gzip 0 takes the answers uncompressed. Prints one
// PREVIEWER line: previews answered 200, other answers, their median and
// slowest time (milliseconds) and the mean answer's size (KiB).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support/web_session.h"

namespace {

namespace kt = khabar::testing;
using Clock = std::chrono::steady_clock;

std::string Hostile(int shape, size_t bytes) {
  std::string body = shape == 1 ? "| a | b |\n|---|---|\n" : "";
  const char* unit = shape == 0 ? "a <?" : shape == 1 ? "|\n" : "![[]()";
  while (body.size() < bytes) body += unit;
  body.resize(bytes);
  return body;
}

}  // namespace

int main(int argc, char** argv) {
  int port = 0, clients = 4;
  double seconds = 20;
  size_t bytes = 1 << 20;
  bool gzip = true;
  std::string login;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--port") {
      port = std::atoi(value.c_str());
    } else if (flag == "--login") {
      login = value;
    } else if (flag == "--clients") {
      clients = std::max(1, std::atoi(value.c_str()));
    } else if (flag == "--seconds") {
      seconds = std::atof(value.c_str());
    } else if (flag == "--gzip") {
      gzip = value != "0";
    } else if (flag == "--bytes") {
      bytes = static_cast<size_t>(std::atoll(value.c_str()));
    } else {
      std::fprintf(stderr, "bench_previewer: unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  std::string password;
  std::getline(std::cin, password);
  if (port == 0 || login.empty() || password.empty()) {
    std::fprintf(stderr, "usage: bench_previewer --port P --login L (password on stdin)\n");
    return 2;
  }
  std::vector<kt::WebSession> sessions;
  for (int c = 0; c < clients; ++c) {
    sessions.push_back(kt::Login(port, login, password));
    if (!kt::SignedIn(sessions.back())) {
      std::fprintf(stderr, "bench_previewer: sign-in failed: HTTP %d\n",
                   sessions.back().last().status);
      return 1;
    }
  }
  // Each client's three form bodies are encoded once, before the clock
  // starts: encoding a megabyte per request made this client, which
  // shares the server's cores, busier than the server (in life the
  // browsers are elsewhere).
  std::vector<std::vector<std::string>> forms(clients);
  for (int c = 0; c < clients; ++c) {
    for (int shape = 0; shape < 3; ++shape) {
      forms[c].push_back(
          kt::FormEncode({{"body", Hostile(shape, bytes)}, {"csrf", sessions[c].csrf()}}));
    }
  }
  std::printf("READY\n");
  std::fflush(stdout);

  std::atomic<int> ok{0}, failed{0};
  std::atomic<uint64_t> answer_bytes{0};
  std::mutex mu;
  std::vector<double> ms;
  const auto until = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      kt::Headers headers = {{"X-CSRF-Token", sessions[c].csrf()}};
      if (gzip) headers["Accept-Encoding"] = "gzip";
      for (int n = c; Clock::now() < until; ++n) {
        const auto t0 = Clock::now();
        kt::HttpResponse res =
            sessions[c].Send("POST", "/admin/preview", "application/x-www-form-urlencoded",
                             forms[c][n % 3], headers);
        const double took = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (res.status == 200) {
          ++ok;
          answer_bytes += res.body.size();
          std::lock_guard lock(mu);
          ms.push_back(took);
        } else {
          if (failed++ == 0) std::fprintf(stderr, "bench_previewer: HTTP %d\n", res.status);
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  std::sort(ms.begin(), ms.end());
  std::printf("PREVIEWER ok=%d failed=%d median_ms=%.0f max_ms=%.0f mean_kib=%.0f\n", ok.load(),
              failed.load(), ms.empty() ? -1.0 : ms[ms.size() / 2], ms.empty() ? -1.0 : ms.back(),
              ok.load() == 0 ? 0.0 : static_cast<double>(answer_bytes) / ok.load() / 1024);
  return failed.load() > 0 && ok.load() == 0 ? 1 : 0;
}
