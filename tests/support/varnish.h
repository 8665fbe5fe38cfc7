// Test support: a real varnishd in front of khabar, configured with
// deploy/varnish/khabar.vcl (the file a site deploys), on a free loopback
// port, in a private work directory removed afterwards.
//
// varnishd runs with `-j none`: as root (CI), the default jail would drop
// to the varnish user, which cannot enter the test's private directory.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/process.h"

namespace khabar::testing {

// DeployVcl is deploy/varnish/khabar.vcl with its two backends on
// `backend_ports` (give one port twice for a single node); nullopt when the
// file no longer has the two backend ports this expects.
std::optional<std::string> DeployVcl(int first_port, int second_port);

// Dechunk decodes a chunked body (Varnish streams what it fetches).
std::string Dechunk(const std::string& body);

// Varnishd is `varnishd -F` on 127.0.0.1:<port> with `vcl`. The destructor
// stops it (SIGTERM, then SIGKILL); should the test process die first, the
// kernel sends varnishd SIGTERM (PR_SET_PDEATHSIG).
class Varnishd {
 public:
  Varnishd(int port, const std::string& vcl);
  ~Varnishd();
  Varnishd(const Varnishd&) = delete;
  Varnishd& operator=(const Varnishd&) = delete;

  // WaitReady waits until Varnish answers /healthz from a backend.
  bool WaitReady();
  std::string Log() const;
  int port() const { return port_; }

  // Read is a reader's GET through Varnish (no cookies), body decoded.
  HttpResponse Read(const std::string& path) const;
  // FromCache: X-Varnish names the request and, on a hit, the request that
  // stored the object.
  static bool FromCache(const HttpResponse& r);

 private:
  TempDir dir_;
  int port_;
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

}  // namespace khabar::testing
