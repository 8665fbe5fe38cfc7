#include "support/process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/http_client.h"

extern char** environ;

namespace khabar::testing {
namespace {

std::string ReadAll(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Spawn forks and execs the binary with stdout/stderr redirected to files.
pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::filesystem::path& out, const std::filesystem::path& err,
            const std::filesystem::path& in) {
  pid_t pid = fork();
  if (pid != 0) return pid;
  int in_fd = open(in.empty() ? "/dev/null" : in.c_str(), O_RDONLY);
  int out_fd = open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
  std::vector<char*> argv;
  std::string bin = KhabarBinary().string();
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(bin.c_str(), argv.data());
  _exit(127);
}

}  // namespace

std::filesystem::path SourceDir() {
  const char* s = std::getenv("KHABAR_SOURCE_DIR");
  return s ? s : KHABAR_TEST_SOURCE_DIR;
}
std::filesystem::path SeedDir() { return SourceDir() / ".." / "shared" / "seed"; }
std::filesystem::path KhabarBinary() { return KHABAR_TEST_BINARY; }

TempDir::TempDir() {
  char tmpl[] = "/tmp/khabar-e2e-XXXXXX";
  path_ = mkdtemp(tmpl);
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult RunKhabar(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env,
                        const std::string& stdin_text) {
  TempDir io;
  std::filesystem::path in;
  if (!stdin_text.empty()) {
    in = io.path() / "in";
    std::ofstream(in) << stdin_text;
  }
  pid_t pid = Spawn(args, env, io.path() / "out", io.path() / "err", in);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadAll(io.path() / "out");
  r.err = ReadAll(io.path() / "err");
  return r;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

ServerProcess::ServerProcess(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env) {
  char tmpl[] = "/tmp/khabar-server-log-XXXXXX";
  int fd = mkstemp(tmpl);
  close(fd);
  log_file_ = tmpl;
  for (int attempt = 0; attempt < 3 && pid_ <= 0; ++attempt) {
    port_ = FreePort();
    std::vector<std::string> full = {"serve", "--listen", "127.0.0.1:" + std::to_string(port_)};
    full.insert(full.end(), args.begin(), args.end());
    pid_t pid = Spawn(full, env, log_file_, log_file_.string() + ".err", {});
    // Wait until it answers /healthz (or exits).
    for (int i = 0; i < 200; ++i) {
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        break;
      }
      auto r = HttpGet(port_, "/healthz");
      if (r.status == 200) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    pid_ = pid;
  }
}

ServerProcess::~ServerProcess() {
  Stop();
  std::error_code ec;
  std::filesystem::remove(log_file_, ec);
  std::filesystem::remove(log_file_.string() + ".err", ec);
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string ServerProcess::Log() const {
  return ReadAll(log_file_) + ReadAll(log_file_.string() + ".err");
}

}  // namespace khabar::testing
