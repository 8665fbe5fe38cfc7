// Test support: the real khabar binary, run as a command or as a server on
// a free loopback port, in a temporary site directory removed afterwards.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace khabar::testing {

// SourceDir is the checkout; SeedDir is ../shared/seed beside it.
std::filesystem::path SourceDir();
std::filesystem::path SeedDir();
std::filesystem::path KhabarBinary();

// TempDir makes a fresh directory under /tmp and removes it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Run runs khabar with `args` and `env` (added to the environment) and waits.
CommandResult RunKhabar(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {},
                        const std::string& stdin_text = "");

// FreePort returns a loopback TCP port nobody is listening on right now.
int FreePort();

// ServerProcess is `khabar serve` on 127.0.0.1:<free port>, started by the
// constructor (which waits for /healthz) and stopped with SIGTERM by Stop or
// the destructor.
class ServerProcess {
 public:
  ServerProcess(const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env);
  ~ServerProcess();
  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // Stop sends SIGTERM and returns the exit status (or -1).
  int Stop();
  // Kill sends SIGKILL (a crash: nothing is flushed or closed) and waits.
  void Kill();
  // Log returns what the server wrote so far (stdout and stderr).
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_file_;
};

}  // namespace khabar::testing
