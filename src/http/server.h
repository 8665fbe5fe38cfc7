// Server: khabar's HTTP/1.1 server (Boost.Beast on Asio; none of it leaks
// out of this module). It owns the listening socket, the worker threads and
// every connection; the caller supplies one Handler and one AccessLog.
//
// Per connection the server reads a bounded request (header, body and
// target limits; header, read and idle timeouts, so a slow client cannot
// hold a worker or a connection for long), refuses malformed or dangerous requests itself (400,
// 413, 414, 431, 501; see http/request_target.h for the path rules), calls the handler with a
// validated Request, finishes the Response (http/finish.h), writes it (HEAD: same headers, no
// body), and calls the AccessLog once. Keep-alive and pipelining follow HTTP/1.0 and 1.1 rules.
//
// Abuse: a peer address may hold at most max_connections_per_address
// connections at once; one more is answered 429 with Retry-After (before
// its request is read) and closed. Slow clients (slowloris) cost a
// suspended coroutine and a socket each, never a worker thread, and are
// dropped at their header deadline.
//
// Bodies: the whole body is read before the handler runs, so its limit is
// decided from the header first (ServerOptions::body_limit, per route); a
// Content-Length over it is answered 413 before a byte of the body is read,
// and a chunked body is cut with 413 the moment it passes it.
//
// Threads: `threads` I/O workers run every connection and call the Handler.
// Requests that runs_in_background picks (the newsroom: Markdown renders,
// previews, saves, uploads, Argon2id sign-ins) are handed instead to a
// separate pool of `background_threads` threads, and the connection's
// coroutine waits for the answer without holding its worker; so however
// many such requests arrive, they occupy at most that many threads and the
// workers keep serving readers. The pool threads may also run at a lower
// scheduling priority (background_nice; Linux: per thread, setpriority on
// the thread id). The pool's queue is unbounded; what bounds it is the
// connection caps.
//
// Thread-safety: the Handler and AccessLog are called concurrently from
// the worker and pool threads and must be thread-safe. A Handler blocks its
// thread while it runs, so size `threads` for the slowest reader handler.
// Stop may be called from any thread except a worker or pool thread (a
// handler).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/ip_network.h"
#include "base/status.h"
#include "http/message.h"

namespace khabar::http {

struct ServerOptions {
  std::string host = "127.0.0.1";       // a numeric address or a resolvable name
  uint16_t port = 8080;                 // 0 picks a free port (see Server::port)
  int threads = 0;                      // 0 = one per core
  size_t max_header_bytes = 16 * 1024;  // request line + fields
  size_t max_body_bytes = 1024 * 1024;  // the most any request may send; see body_limit
  size_t max_target_bytes = 4096;
  // read_timeout bounds reading one whole request once its first byte
  // arrived; idle_timeout bounds the wait for the next one on a kept-alive
  // connection; write_timeout bounds each stretch without write progress.
  // header_timeout bounds the time to a complete request header: from the
  // accept for a connection's first request (so a client that connects
  // and sends nothing is dropped too), from the first byte for a later
  // one. Each is one deadline, never extended by a trickle of bytes.
  std::chrono::seconds header_timeout{10};
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds idle_timeout{60};
  std::chrono::seconds write_timeout{60};
  // drain_timeout bounds how long Stop waits for in-flight requests
  // (background ones included).
  std::chrono::seconds drain_timeout{10};
  // clock gives Date and conditional-request time; nullptr = system clock.
  // Not owned; must outlive the Server.
  const Clock* clock = nullptr;
  // error_log receives server-side problems (a handler threw, accept
  // failed). Empty = one line on stderr. Called from worker threads.
  std::function<void(std::string_view)> error_log;
  // trusted_proxies are the caches and load balancers in front whose
  // X-Forwarded-For names the client (http/client_address.h has the rule).
  // Empty = trust nobody: the client is the socket's peer.
  std::vector<IpNetwork> trusted_proxies;
  // max_connections_per_address caps the connections open at once from
  // one peer address (an IPv6 peer's whole /64: base/ip_network.h
  // ClientKey); 0 = no cap. Peers in trusted_proxies are exempt
  // (every client behind them shares their address). Over the cap the
  // connection is answered "429 Too Many Requests" with Retry-After:
  // connection_retry_after, and closed.
  int max_connections_per_address = 0;
  std::chrono::seconds connection_retry_after{5};
  // body_limit, when set, gives the most body bytes the request `head` may
  // send (never more than max_body_bytes). `head` is the checked Request
  // with its body still unread (empty). Called on a worker thread for every
  // request with a body, before the body is read: it must be cheap and
  // thread-safe (no store queries). Empty = max_body_bytes for every request.
  std::function<size_t(const Request& head)> body_limit;
  // runs_in_background, when set, picks the requests whose Handler call
  // runs on the background pool (see "Threads" above); `head` as above.
  // Same rules as body_limit. Empty = every request on the workers, and no
  // pool is started.
  std::function<bool(const Request& head)> runs_in_background;
  int background_threads = 1;  // the pool's size, >= 1 when it runs
  // background_nice is added to the pool threads' nice value; 0 leaves
  // them at the process's own priority. khabar serve leaves it at 0: at
  // +10 a loaded machine starved the newsroom (one story saved in 1.5 s
  // in the cluster test under CI's load), when a breaking story most needs
  // it, and readers' p99 under previews was no better for it
  // (bench/README.md, "Previews under load").
  int background_nice = 0;
};

// AccessLogEntry describes one answered request, rejected ones included.
struct AccessLogEntry {
  std::string remote;  // client address, no port (Request::remote_address)
  std::string method;  // "" when the request line could not be parsed
  std::string target;  // raw, as sent
  // route is the pattern the handler's router matched (Response::route),
  // e.g. "/news/{id}/{slug}"; "" for requests no route answered.
  std::string route;
  int status = 0;
  uint64_t bytes = 0;                     // body bytes sent (0 for HEAD and 304)
  std::chrono::microseconds duration{0};  // first byte read -> last byte written
  std::string user_agent;
};

// Handler answers one request. Must be thread-safe; should not throw (if it
// does, the client gets a 500 and error_log the exception's message).
using Handler = std::function<Response(const Request&)>;
// AccessLog is called once per answered request. Must be thread-safe.
using AccessLog = std::function<void(const AccessLogEntry&)>;

class Server {
 public:
  // Start binds host:port, starts the worker threads and begins accepting.
  // Fails with kInvalidArgument when the host does not resolve and with
  // kUnavailable when the address cannot be bound, naming it:
  // "listen 127.0.0.1:8080: Address already in use".
  static Result<std::unique_ptr<Server>> Start(ServerOptions options, Handler handler,
                                               AccessLog access_log);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  // ~Server calls Stop.
  ~Server();

  // port is the bound port (the chosen one when options.port was 0).
  uint16_t port() const;

  // RunUntilSignal blocks until SIGINT or SIGTERM arrives or Stop is called
  // from another thread, then stops gracefully.
  void RunUntilSignal();

  // Stop stops accepting, closes idle connections, lets in-flight requests
  // finish (their responses carry "Connection: close") for up to
  // drain_timeout, then closes whatever is left and joins the workers.
  // Idempotent; a second caller waits for the first to finish.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace khabar::http
