#include "support/varnish.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#ifndef KHABAR_TEST_VARNISHD
#define KHABAR_TEST_VARNISHD "/usr/sbin/varnishd"
#endif

namespace khabar::testing {
namespace {

using namespace std::chrono_literals;

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// ReplaceOnce replaces the one occurrence of `from` in `text`; false when
// there is not exactly one (the template changed under the test).
bool ReplaceOnce(std::string& text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  if (at == std::string::npos || text.find(from, at + 1) != std::string::npos) return false;
  text.replace(at, from.size(), to);
  return true;
}

}  // namespace

std::optional<std::string> DeployVcl(int first_port, int second_port) {
  std::string vcl = ReadFile(SourceDir() / "deploy" / "varnish" / "khabar.vcl");
  if (!ReplaceOnce(vcl, ".port = \"8080\";", ".port = \"" + std::to_string(first_port) + "\";") ||
      !ReplaceOnce(vcl, ".port = \"8081\";", ".port = \"" + std::to_string(second_port) + "\";")) {
    return std::nullopt;
  }
  return vcl;
}

std::string Dechunk(const std::string& body) {
  std::string out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) break;
    size_t size = 0;
    auto [end, ec] = std::from_chars(body.data() + pos, body.data() + eol, size, 16);
    if (ec != std::errc() || size == 0) break;
    out += body.substr(eol + 2, size);
    pos = eol + 2 + size + 2;
  }
  return out;
}

Varnishd::Varnishd(int port, const std::string& vcl) : port_(port) {
  const auto vcl_file = dir_.path() / "khabar.vcl";
  std::ofstream(vcl_file) << vcl;
  log_ = dir_.path() / "varnishd.log";
  const std::vector<std::string> args = {KHABAR_TEST_VARNISHD,
                                         "-F",
                                         "-j",
                                         "none",
                                         "-n",
                                         (dir_.path() / "work").string(),
                                         "-a",
                                         "127.0.0.1:" + std::to_string(port),
                                         "-f",
                                         vcl_file.string(),
                                         "-s",
                                         "malloc,32m"};
  pid_ = fork();
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    int out = open(log_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    std::vector<char*> argv;
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
}

Varnishd::~Varnishd() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(50ms);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

bool Varnishd::WaitReady() {
  for (int i = 0; i < 200; ++i) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    if (HttpGet(port_, "/healthz").status == 200) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

std::string Varnishd::Log() const { return ReadFile(log_); }

HttpResponse Varnishd::Read(const std::string& path) const {
  HttpResponse r = HttpGet(port_, path);
  if (r.Header("transfer-encoding") == "chunked") r.body = Dechunk(r.body);
  return r;
}

bool Varnishd::FromCache(const HttpResponse& r) {
  return r.Header("x-varnish").find(' ') != std::string::npos;
}

}  // namespace khabar::testing
