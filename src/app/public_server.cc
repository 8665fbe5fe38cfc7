#include "app/public_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "app/request_rules.h"
#include "base/ip_network.h"

namespace khabar {
namespace {

// PublicServerOptions are the public server's options from the settings.
Result<http::ServerOptions> PublicServerOptions(const ServeParts& parts, int threads) {
  const Settings& settings = parts.settings;
  http::ServerOptions server_options;
  server_options.host = parts.listen.host;
  server_options.port = parts.listen.port;
  server_options.threads = threads;
  // Bodies are bounded per route before they are read (app/request_rules.h):
  // small for anyone, large only for the newsroom with a session cookie;
  // image uploads the largest, whose pipeline checks its own limits too.
  const BodyLimits body_limits{.anonymous = AnonymousBodyLimit(settings.comments.max_length)};
  server_options.max_body_bytes = body_limits.upload;
  server_options.body_limit = [accounts = parts.accounts.get(),
                               body_limits](const http::Request& head) {
    return BodyLimit(head, accounts->HasSessionCookie(head.Header("cookie")), body_limits);
  };
  // The newsroom (Markdown renders, previews, saves, uploads, Argon2id
  // sign-ins) runs on its own small pool, so however busy it is, the
  // workers keep serving readers. At its own priority: the newsroom must
  // still publish while readers flood in (ServerOptions::background_nice).
  // The pool leaves one core to the readers: on a 2-core machine, two busy
  // newsroom threads tripled readers' p99 even at the lowest priority (one
  // did not; bench/README.md, "Previews under load").
  server_options.runs_in_background = [](const http::Request& head) {
    return IsNewsroomPath(head.path);
  };
  server_options.background_threads =
      std::clamp(static_cast<int>(std::thread::hardware_concurrency()) - 1, 1, 2);
  server_options.read_timeout = std::chrono::seconds(60);
  // Slow and greedy clients ([server]): the header is due in
  // header_timeout_seconds however slowly it trickles; one address holds
  // at most max_connections_per_address connections.
  server_options.header_timeout = std::chrono::seconds(settings.server.header_timeout_seconds);
  server_options.idle_timeout = std::chrono::seconds(settings.server.idle_timeout_seconds);
  server_options.max_connections_per_address = settings.server.max_connections_per_address;
  server_options.clock = parts.clock.get();
  server_options.error_log = [](std::string_view m) { spdlog::error("http: {}", m); };
  // The caches in front ([server] trusted_proxies) name each request's
  // client; the settings check has already refused bad entries.
  for (const std::string& proxy : settings.server.trusted_proxies) {
    auto network = IpNetwork::Parse(proxy);
    if (!network) return Err(network.error().WithContext("[server] trusted_proxies"));
    server_options.trusted_proxies.push_back(*network);
  }
  return server_options;
}

// Dispatch answers one request: from the page cache when it has the page;
// otherwise the router (once for all readers asking at that moment),
// offering what it answers to the cache. After anything that may have
// written, the cache catches up before the answer goes out, so the
// writer's next page already shows the change.
http::Response Dispatch(ServeParts& p, const http::Request& r) {
  std::optional<std::string> key;
  if (p.page_cache) key = p.page_cache->KeyFor(r);
  if (!key) {
    http::Response res = p.router.Dispatch(r);
    if (p.cache_sync && r.method != "GET" && r.method != "HEAD") {
      if (Status st = p.cache_sync->CatchUp(); !st.ok()) spdlog::warn("{}", st.ToString());
    }
    return res;
  }
  http::Response res = p.page_cache->Serve(*key, r, [&] { return p.router.Dispatch(r); });
  // A session cookie that names no live session is dropped, so the
  // browser stops sending it (and stops passing Varnish by).
  if (res.Header("Set-Cookie").empty() &&
      p.session_gate->Check(r.Header("cookie")) == SessionGate::State::kInvalid) {
    res.SetHeader("Set-Cookie", p.accounts->ClearSessionCookie());
  }
  if (res.cacheable && res.cacheable->counted_story && r.method == "GET") {
    p.views->Count(res.cacheable->counted_story, ClientKey(r.remote_address));
  }
  return res;
}

}  // namespace

Result<std::unique_ptr<http::Server>> StartPublicServer(ServeParts& parts,
                                                        const PublicHeaders& headers,
                                                        std::shared_ptr<spdlog::logger> access,
                                                        int threads) {
  auto server_options = PublicServerOptions(parts, threads);
  if (!server_options) return Err(server_options.error());
  // Every public answer (pages, feeds, API, files, errors, redirects, and
  // page cache hits and their 304s alike) carries the public security
  // headers, with the policy of the settings now; the newsroom sets its own.
  auto handle = [p = &parts, h = &headers](const http::Request& r) -> http::Response {
    http::Response res = Dispatch(*p, r);
    if (!r.path.starts_with("/admin")) h->Apply(res);
    return res;
  };
  return http::Server::Start(
      std::move(*server_options), handle,
      [access = std::move(access), m = parts.metrics.get()](const http::AccessLogEntry& e) {
        if (m != nullptr) m->ObserveRequest(e);
        access->info("{} \"{} {}\" {} {} {}us \"{}\"", e.remote, e.method, e.target, e.status,
                     e.bytes, e.duration.count(), e.user_agent);
      });
}

}  // namespace khabar
