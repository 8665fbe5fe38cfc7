// bench_probe: the small network chores of bench/run.sh that shell tools
// do too slowly or not portably.
//
//   bench_probe free-port
//       prints a loopback TCP port nobody is listening on right now.
//   bench_probe wait --port P --pid PID --since-ns T [--timeout-ms MS]
//       polls GET /healthz every millisecond until it answers 200 and
//       prints the milliseconds since T (CLOCK_REALTIME nanoseconds, taken
//       by the caller just before it spawned the server: `date +%s%N`).
//       Exits 1 if process PID ends first (a refused config) or on timeout.
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/process.h"

namespace {

// Alive is false once `pid` has exited, even while it is an unreaped
// zombie of the shell that started it.
bool Alive(pid_t pid) {
  if (kill(pid, 0) != 0) return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  stat >> pid_field >> comm >> state;
  return state != "Z";
}

int64_t RealtimeNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Wait(int port, pid_t pid, int64_t since_ns, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (khabar::testing::HttpGet(port, "/healthz").status == 200) {
      std::printf("%.1f\n", static_cast<double>(RealtimeNs() - since_ns) / 1e6);
      return 0;
    }
    if (pid > 0 && !Alive(pid)) {
      std::fprintf(stderr, "bench_probe: server %d exited before answering\n", pid);
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  std::fprintf(stderr, "bench_probe: no answer on port %d within %d ms\n", port, timeout_ms);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "free-port") {
    std::printf("%d\n", khabar::testing::FreePort());
    return 0;
  }
  if (cmd == "wait") {
    int port = 0;
    pid_t pid = 0;
    int64_t since_ns = RealtimeNs();
    int timeout_ms = 120000;
    for (int i = 2; i + 1 < argc; i += 2) {
      const std::string a = argv[i];
      if (a == "--port") {
        port = std::atoi(argv[i + 1]);
      } else if (a == "--pid") {
        pid = static_cast<pid_t>(std::atoi(argv[i + 1]));
      } else if (a == "--since-ns") {
        since_ns = std::atoll(argv[i + 1]);
      } else if (a == "--timeout-ms") {
        timeout_ms = std::atoi(argv[i + 1]);
      }
    }
    if (port > 0) return Wait(port, pid, since_ns, timeout_ms);
  }
  std::fprintf(stderr,
               "usage: bench_probe free-port\n"
               "       bench_probe wait --port P [--pid PID] [--since-ns T] [--timeout-ms MS]\n");
  return 2;
}
