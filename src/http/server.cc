#include "http/server.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/client_address.h"
#include "http/finish.h"
#include "http/internal/ascii.h"
#include "http/internal/request_checks.h"
#include "http/request_target.h"
#include "http/status_map.h"

namespace khabar::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;

constexpr size_t kFirstReadBytes = 4096;
// After an error response the peer may still be sending a body we will not
// read; closing at once would make the kernel answer with RST, which can
// destroy our response before the client reads it. So we half-close and
// discard input for a moment ("lingering close").
constexpr auto kLingerTime = std::chrono::seconds(1);
constexpr size_t kLingerMaxBytes = 1 << 20;

// Conn is one accepted connection. `stream` and `idle` are touched only on
// the connection's strand; `counted` is set by Admit before the session
// starts and read when it ends.
struct Conn {
  Conn(tcp::socket socket, std::string peer_address)
      : stream(std::move(socket)), peer(std::move(peer_address)), peer_key(ClientKey(peer)) {}
  beast::tcp_stream stream;
  const std::string peer;      // the socket's peer address, no port; "" if unknown
  const std::string peer_key;  // what the per-address cap counts: ClientKey(peer), an IPv6 /64
  bool counted = false;        // holds a slot in Impl::per_address (set before the session starts)
  bool idle = false;           // waiting for the first byte of a request
};

using SteadyPoint = std::chrono::steady_clock::time_point;

// HasCtlOrNewline guards against header injection from handler values.
bool HasCtlOrNewline(std::string_view s) {
  for (unsigned char c : s) {
    if (c == '\r' || c == '\n' || c == 0) return true;
  }
  return false;
}

std::string_view SV(beast::string_view s) { return {s.data(), s.size()}; }

// ForwardedFor is every X-Forwarded-For line, in order, as one list.
std::string ForwardedFor(const bhttp::fields& fields) {
  std::string list;
  auto [it, end] = fields.equal_range("X-Forwarded-For");
  for (; it != end; ++it) {
    if (!list.empty()) list += ',';
    list += SV(it->value());
  }
  return list;
}

std::string EndpointText(const std::string& host, uint16_t port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Handler h, AccessLog l)
      : options(std::move(o)),
        handler(std::move(h)),
        access_log(std::move(l)),
        clock(options.clock ? options.clock : &system_clock),
        ioc(options.threads),
        acceptor(asio::make_strand(ioc)) {}

  void LogError(std::string_view message) const {
    if (options.error_log) {
      options.error_log(message);
    } else {
      std::fprintf(stderr, "http: %.*s\n", static_cast<int>(message.size()), message.data());
    }
  }

  awaitable<void> AcceptLoop();
  // CallHandler runs the handler, turning an exception into a 500.
  Response CallHandler(const Request& req) const;
  // RunThread runs `context` on this thread until it is stopped, logging
  // (and surviving) what a handler lets escape.
  void RunThread(asio::io_context& context, const char* name) const;
  // Admit counts a new connection against its peer address; false when
  // the address is at max_connections_per_address.
  bool Admit(Conn& conn);
  awaitable<void> Session(std::shared_ptr<Conn> conn);
  // Refuse answers a connection over the per-address cap with a 429.
  awaitable<void> Refuse(std::shared_ptr<Conn> conn);
  // Serve reads and answers one request whose header must be complete by
  // `header_deadline`; false means close the connection.
  awaitable<bool> Serve(Conn& conn, beast::flat_buffer& buffer, const std::string& remote,
                        SteadyPoint header_deadline);
  awaitable<void> SendAndLinger(Conn& conn, Response res, AccessLogEntry entry,
                                std::chrono::steady_clock::time_point started);
  template <class Body>
  awaitable<bool> Write(Conn& conn, bhttp::response<Body>& msg);
  // Respond writes a finished Response; returns body bytes sent or nullopt.
  awaitable<std::optional<uint64_t>> Respond(Conn& conn, Response& res, bool head, unsigned version,
                                             bool keep_alive);

  const ServerOptions options;
  const Handler handler;
  const AccessLog access_log;
  SystemClock system_clock;
  const Clock* const clock;
  uint16_t port = 0;
  std::atomic<bool> stopping{false};

  std::mutex mu;
  std::condition_variable drained;                       // signalled when conns shrinks
  std::unordered_map<Conn*, std::weak_ptr<Conn>> conns;  // guarded by mu
  // Open connections per peer ClientKey (only those Admit counted; a key
  // leaves the map at zero). Guarded by mu.
  std::unordered_map<std::string, int> per_address;

  std::mutex stop_mu;    // serializes Stop
  bool stopped = false;  // guarded by stop_mu

  std::mutex signal_mu;
  bool stop_requested = false;             // guarded by signal_mu
  asio::io_context* signal_ioc = nullptr;  // guarded by signal_mu

  // Declared after the bookkeeping above: destroying the io_context
  // destroys suspended sessions, whose cleanup touches `mu` and `conns`.
  asio::io_context ioc;
  tcp::acceptor acceptor;  // on its own strand
  std::vector<std::thread> threads;
  // The background pool (ServerOptions::runs_in_background): its own
  // io_context, kept running by `background_work` until Stop. Declared
  // after `ioc` so it is destroyed first: a request queued on it owns its
  // session's coroutine, whose socket belongs to `ioc`.
  asio::io_context background{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> background_work;
  std::vector<std::thread> background_threads;
};

Response Server::Impl::CallHandler(const Request& req) const {
  try {
    return handler(req);
  } catch (const std::exception& e) {
    LogError("handler threw on " + req.method + " " + req.target + ": " + e.what());
  } catch (...) {
    LogError("handler threw a non-exception on " + req.method + " " + req.target);
  }
  return Text("500 Internal Server Error\n", 500);
}

void Server::Impl::RunThread(asio::io_context& context, const char* name) const {
  for (;;) {
    try {
      context.run();
      return;
    } catch (const std::exception& e) {
      LogError(std::string(name) + ": " + e.what());
    }
  }
}

awaitable<void> Server::Impl::AcceptLoop() {
  for (;;) {
    tcp::socket socket(asio::make_strand(ioc));
    beast::error_code ec;
    co_await acceptor.async_accept(socket, redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // EMFILE and friends: back off instead of spinning.
      LogError("accept: " + ec.message());
      asio::steady_timer timer(acceptor.get_executor(), std::chrono::milliseconds(100));
      co_await timer.async_wait(redirect_error(use_awaitable, ec));
      continue;
    }
    if (stopping) continue;  // socket closes as it goes out of scope
    auto peer = socket.remote_endpoint(ec);
    auto conn =
        std::make_shared<Conn>(std::move(socket), ec ? std::string() : peer.address().to_string());
    auto executor = conn->stream.get_executor();
    auto log_exception = [this](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        LogError(std::string("session: ") + ex.what());
      }
    };
    if (!Admit(*conn)) {
      asio::co_spawn(executor, Refuse(std::move(conn)), log_exception);
      continue;
    }
    {
      std::lock_guard lock(mu);
      conns.emplace(conn.get(), conn);
    }
    asio::co_spawn(executor, Session(std::move(conn)), log_exception);
  }
}

bool Server::Impl::Admit(Conn& conn) {
  if (options.max_connections_per_address <= 0 || conn.peer.empty()) return true;
  if (!options.trusted_proxies.empty()) {
    if (auto address = IpAddress::Parse(conn.peer)) {
      for (const IpNetwork& proxy : options.trusted_proxies) {
        if (proxy.Contains(*address)) return true;  // its readers share its address
      }
    }
  }
  std::lock_guard lock(mu);
  int& open = per_address[conn.peer_key];
  if (open >= options.max_connections_per_address) return false;
  ++open;
  conn.counted = true;
  return true;
}

awaitable<void> Server::Impl::Refuse(std::shared_ptr<Conn> conn) {
  // Answered before the request is read: the client learns why, and the
  // linger in SendAndLinger lets it send its request without an RST
  // destroying the answer.
  AccessLogEntry entry;
  entry.remote = conn->peer;
  Response res = Text("429 Too Many Requests: too many connections from your address\n", 429);
  res.SetHeader("Retry-After", std::to_string(options.connection_retry_after.count()));
  co_await SendAndLinger(*conn, std::move(res), std::move(entry), std::chrono::steady_clock::now());
  beast::error_code ec;
  conn->stream.socket().close(ec);
}

awaitable<void> Server::Impl::Session(std::shared_ptr<Conn> conn) {
  // Deregister however the coroutine ends, even when the io_context
  // destroys it while suspended.
  struct Registration {
    Impl* impl;
    Conn* conn;
    ~Registration() {
      std::lock_guard lock(impl->mu);
      impl->conns.erase(conn);
      if (conn->counted) {
        auto it = impl->per_address.find(conn->peer_key);
        if (it != impl->per_address.end() && --it->second <= 0) impl->per_address.erase(it);
      }
      impl->drained.notify_all();
    }
  } registration{this, conn.get()};

  beast::error_code ec;
  const std::string& remote = conn->peer;
  beast::flat_buffer buffer;
  // The first request's header is due header_timeout after the accept: a
  // client that connects and then sends nothing, or trickles, is dropped.
  SteadyPoint header_deadline = std::chrono::steady_clock::now() + options.header_timeout;
  bool first = true;

  for (;;) {
    if (buffer.size() == 0) {
      conn->idle = true;
      if (stopping) break;
      if (first) {
        conn->stream.expires_at(header_deadline);
      } else {
        conn->stream.expires_after(options.idle_timeout);
      }
      size_t n = co_await conn->stream.async_read_some(buffer.prepare(kFirstReadBytes),
                                                       redirect_error(use_awaitable, ec));
      conn->idle = false;
      if (ec) break;  // peer closed, idle or header timeout, or Stop
      buffer.commit(n);
    }
    if (!first) header_deadline = std::chrono::steady_clock::now() + options.header_timeout;
    first = false;
    if (!co_await Serve(*conn, buffer, remote, header_deadline)) break;
  }
  conn->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn->stream.close();
}

template <class Body>
awaitable<bool> Server::Impl::Write(Conn& conn, bhttp::response<Body>& msg) {
  bhttp::response_serializer<Body> serializer(msg);
  beast::error_code ec;
  do {
    conn.stream.expires_after(options.write_timeout);
    co_await bhttp::async_write_some(conn.stream, serializer, redirect_error(use_awaitable, ec));
    if (ec) co_return false;
  } while (!serializer.is_done());
  co_return true;
}

awaitable<std::optional<uint64_t>> Server::Impl::Respond(Conn& conn, Response& res, bool head,
                                                         unsigned version, bool keep_alive) {
  if (res.status < 100 || res.status > 599) {
    LogError("handler returned status " + std::to_string(res.status));
    res = Text("500 Internal Server Error\n", 500);
    Finish(Request{}, res, clock->Now());
  }
  for (const auto& [name, value] : res.headers) {
    if (name.empty() || HasCtlOrNewline(name) || HasCtlOrNewline(value)) {
      LogError("handler set a header with CR, LF or NUL: " + name);
      res = Text("500 Internal Server Error\n", 500);
      Finish(Request{}, res, clock->Now());
      break;
    }
  }
  auto fill = [&](auto& msg) {
    msg.version(version);
    msg.result(static_cast<unsigned>(res.status));
    for (const auto& [name, value] : res.headers) msg.insert(name, value);
    msg.keep_alive(keep_alive);
  };
  bool no_body = head || res.status < 200 || res.status == 204 || res.status == 304;

  if (!no_body && res.file) {
    bhttp::response<bhttp::file_body> msg;
    beast::error_code ec;
    msg.body().open(res.file->c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      fill(msg);
      uint64_t size = msg.body().size();
      msg.content_length(size);  // what we actually opened, not the earlier stat
      if (!co_await Write(conn, msg)) co_return std::nullopt;
      co_return size;
    }
    res = Text("404 Not Found\n", 404);  // vanished between Finish and open
    Finish(Request{}, res, clock->Now());
  }
  if (no_body) {
    bhttp::response<bhttp::empty_body> msg;
    fill(msg);  // keeps Finish's Content-Length, so HEAD matches GET
    if (!co_await Write(conn, msg)) co_return std::nullopt;
    co_return 0;
  }
  if (res.shared_body) {
    // A cached page: the head is written here and sent with the cache's
    // copy of the body in one gathered write, without Beast's serializer
    // (the hot path of a busy site). `res` keeps the body alive.
    std::string head;
    head.reserve(512);
    head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    head += std::to_string(res.status);
    head += ' ';
    head += ReasonPhrase(res.status);
    head += "\r\n";
    for (const auto& [name, value] : res.headers) {
      head += name;
      head += ": ";
      head += value;
      head += "\r\n";
    }
    if (version == 11 && !keep_alive) head += "Connection: close\r\n";
    if (version == 10 && keep_alive) head += "Connection: keep-alive\r\n";
    head += "\r\n";
    const std::array<asio::const_buffer, 2> buffers = {
        asio::buffer(head), asio::buffer(res.shared_body->data(), res.shared_body->size())};
    beast::error_code ec;
    conn.stream.expires_after(options.write_timeout);
    co_await asio::async_write(conn.stream, buffers, redirect_error(use_awaitable, ec));
    if (ec) co_return std::nullopt;
    co_return res.shared_body->size();
  }
  bhttp::response<bhttp::string_body> msg;
  fill(msg);
  msg.body() = std::move(res.body);
  msg.content_length(msg.body().size());
  uint64_t size = msg.body().size();
  if (!co_await Write(conn, msg)) co_return std::nullopt;
  co_return size;
}

awaitable<void> Server::Impl::SendAndLinger(Conn& conn, Response res, AccessLogEntry entry,
                                            std::chrono::steady_clock::time_point started) {
  Request req;
  req.method = entry.method;
  Finish(req, res, clock->Now());
  entry.status = res.status;
  auto sent = co_await Respond(conn, res, entry.method == "HEAD", 11, /*keep_alive=*/false);
  entry.bytes = sent.value_or(0);
  entry.duration = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  if (access_log) access_log(entry);
  if (!sent) co_return;

  beast::error_code ec;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  conn.stream.expires_after(kLingerTime);
  char discard[4096];
  size_t total = 0;
  while (!ec && total < kLingerMaxBytes) {
    total += co_await conn.stream.async_read_some(asio::buffer(discard),
                                                  redirect_error(use_awaitable, ec));
  }
}

awaitable<bool> Server::Impl::Serve(Conn& conn, beast::flat_buffer& buffer,
                                    const std::string& remote, SteadyPoint header_deadline) {
  const auto started = std::chrono::steady_clock::now();
  AccessLogEntry entry;
  entry.remote = remote;
  auto reject = [&](int status, std::string_view reason) {
    std::string body = std::to_string(status) + " " + std::string(ReasonPhrase(status));
    if (!reason.empty()) body += ": " + std::string(reason);
    body += '\n';
    return Text(std::move(body), status);
  };

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(static_cast<std::uint64_t>(options.max_body_bytes));
  // One deadline for the whole request, and an earlier one for its
  // header: a client trickling bytes (slowloris) is cut when they expire,
  // however steady the trickle.
  const SteadyPoint read_deadline = started + options.read_timeout;
  conn.stream.expires_at(std::min(read_deadline, header_deadline));

  // read_error maps a parse failure to the status we answer with; nullopt
  // means close silently (timeout, reset, peer gone mid-request).
  auto read_error = [&](const beast::error_code& ec) -> std::optional<Rejection> {
    if (ec == bhttp::error::body_limit) return Rejection{413, "body too large"};
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow) {
      // The parser does not say which part overflowed. It consumes the
      // request line once that line is complete; if it has not, and the
      // line is longer than any allowed target, the target is to blame.
      if (parser.get().target().empty()) {
        std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
        size_t eol = data.find("\r\n");
        if (eol == std::string_view::npos || eol > options.max_target_bytes + 32) {
          return Rejection{414, "request target too long"};
        }
      }
      return Rejection{431, "request header too large"};
    }
    if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
        ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      return Rejection{400, "malformed request"};
    }
    return std::nullopt;
  };

  beast::error_code ec;
  // Beast's async_read_header, written out so that each byte is checked
  // raw (internal::CheckRawHeader: obs-fold, which Beast would unfold
  // silently) before the parser sees and consumes it. Garbage is still
  // refused as soon as Beast sees it, not at the header's end.
  std::optional<Rejection> raw_rejection;
  size_t scanned = 0;  // bytes of the buffer CheckRawHeader has passed
  while (!parser.is_header_done()) {
    if (buffer.size() > 0) {
      std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
      raw_rejection = internal::CheckRawHeader(data, &scanned);
      if (raw_rejection) break;
      const size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      scanned -= std::min(scanned, used);
      if (ec == bhttp::error::need_more || (!ec && used == 0)) {
        ec = {};
      } else if (ec) {
        break;
      } else {
        continue;
      }
    }
    const size_t n = co_await conn.stream.async_read_some(buffer.prepare(kFirstReadBytes),
                                                          redirect_error(use_awaitable, ec));
    if (ec == asio::error::eof) ec = bhttp::error::end_of_stream;
    if (ec) break;
    buffer.commit(n);
  }
  if (raw_rejection) {
    co_await SendAndLinger(conn, reject(raw_rejection->status, raw_rejection->reason),
                           std::move(entry), started);
    co_return false;
  }
  if (ec) {
    if (auto r = read_error(ec)) {
      if (parser.is_header_done()) {
        entry.method = std::string(SV(parser.get().method_string()));
        entry.target = std::string(SV(parser.get().target()));
        entry.remote = ClientAddress(remote, ForwardedFor(parser.get()), options.trusted_proxies);
      }
      co_await SendAndLinger(conn, reject(r->status, r->reason), std::move(entry), started);
    }
    co_return false;
  }

  conn.stream.expires_at(read_deadline);  // the body's
  const auto& header = parser.get();
  // Every later answer, refusals included, is logged under the client a
  // trusted proxy named.
  if (!options.trusted_proxies.empty()) {
    entry.remote = ClientAddress(remote, ForwardedFor(header), options.trusted_proxies);
  }
  entry.method = std::string(SV(header.method_string()));
  entry.target = std::string(SV(header.target()));
  entry.user_agent = std::string(SV(header[bhttp::field::user_agent]));

  auto target = internal::CheckHeader(header, options.max_target_bytes);
  if (!target) {
    co_await SendAndLinger(conn, reject(target.error().status, target.error().reason),
                           std::move(entry), started);
    co_return false;
  }

  const bool keep_alive_asked = header.keep_alive();
  const unsigned version = header.version();
  Request req = internal::MakeRequest(header, std::move(*target), entry.remote);

  if (!parser.is_done()) {
    // The route's limit, known before any of the body is read: a declared
    // length over it is refused now, a chunked body as soon as it passes.
    size_t limit = options.max_body_bytes;
    if (options.body_limit) limit = std::min(limit, options.body_limit(req));
    if (auto length = parser.content_length(); length && *length > limit) {
      co_await SendAndLinger(conn, reject(413, "body too large"), std::move(entry), started);
      co_return false;
    }
    parser.body_limit(static_cast<std::uint64_t>(limit));
    if (header.version() == 11 &&
        internal::EqualsIgnoreCase(SV(header[bhttp::field::expect]), "100-continue")) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
      if (!co_await Write(conn, cont)) co_return false;
      conn.stream.expires_after(options.read_timeout);
    }
    co_await bhttp::async_read(conn.stream, buffer, parser, redirect_error(use_awaitable, ec));
    if (ec) {
      if (auto r = read_error(ec)) {
        co_await SendAndLinger(conn, reject(r->status, r->reason), std::move(entry), started);
      }
      co_return false;
    }
  }

  req.body = std::move(parser.get().body());

  Response res;
  bool finished = false;
  if (options.runs_in_background && options.runs_in_background(req)) {
    // The worker goes back to serving readers while the pool runs this;
    // the answer resumes the session on its strand (co_spawn dispatches
    // the completion to the awaiting coroutine's executor).
    res = co_await asio::co_spawn(
        background.get_executor(),
        [this, &req]() -> awaitable<Response> {
          Response answer = CallHandler(req);
          // Finishing is work too (the ETag's hash and gzip of what may be
          // megabytes of preview): here, not on a reader's worker.
          Finish(req, answer, clock->Now());
          co_return answer;
        },
        use_awaitable);
    finished = true;
    auto* strand =
        conn.stream.get_executor().target<asio::strand<asio::io_context::executor_type>>();
    if (strand != nullptr && !strand->running_in_this_thread()) {
      LogError("background answer resumed off its connection's strand");
    }
  } else {
    res = CallHandler(req);
  }
  if (!finished) Finish(req, res, clock->Now());

  const bool keep_alive = keep_alive_asked && !stopping;
  entry.route = std::move(res.route);  // never sent, so no longer needed
  entry.status = res.status;
  auto sent = co_await Respond(conn, res, req.method == "HEAD", version, keep_alive);
  entry.status = res.status;  // Respond may have replaced a bad response
  entry.bytes = sent.value_or(0);
  entry.duration = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  if (access_log) access_log(entry);
  co_return sent.has_value() && keep_alive;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

uint16_t Server::port() const { return impl_->port; }

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, Handler handler,
                                              AccessLog access_log) {
  if (!handler) return InvalidArgument("http server: no handler");
  int threads = options.threads;
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  options.threads = threads;
  const std::string where = "listen " + EndpointText(options.host, options.port);

  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler), std::move(access_log));
  const ServerOptions& opts = impl->options;
  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(opts.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, opts.port);
  } else {
    tcp::resolver resolver(impl->ioc);
    auto results = resolver.resolve(opts.host, std::to_string(opts.port), ec);
    if (ec || results.empty()) {
      return InvalidArgument(
          where + ": cannot resolve host: " + (ec ? ec.message() : std::string("no addresses")));
    }
    endpoint = results.begin()->endpoint();
  }

  auto& acceptor = impl->acceptor;
  if (acceptor.open(endpoint.protocol(), ec); ec) {
    return Err(Code::kUnavailable, where + ": " + ec.message());
  }
  acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (acceptor.bind(endpoint, ec); ec) return Err(Code::kUnavailable, where + ": " + ec.message());
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec); ec) {
    return Err(Code::kUnavailable, where + ": " + ec.message());
  }
  impl->port = acceptor.local_endpoint(ec).port();

  Impl* raw = impl.get();
  asio::co_spawn(acceptor.get_executor(), raw->AcceptLoop(), [raw](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      raw->LogError(std::string("accept loop: ") + ex.what());
    }
  });
  for (int i = 0; i < threads; ++i) {
    raw->threads.emplace_back([raw] { raw->RunThread(raw->ioc, "worker"); });
  }
  if (raw->options.runs_in_background) {
    raw->background_work.emplace(raw->background.get_executor());
    for (int i = 0; i < std::max(1, raw->options.background_threads); ++i) {
      raw->background_threads.emplace_back([raw] {
        // Linux keeps a nice value per thread: this lowers only the pool's.
        const int nice = raw->options.background_nice;
        if (nice != 0 && ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()),
                                       ::getpriority(PRIO_PROCESS, 0) + nice) != 0) {
          raw->LogError(std::string("background pool: setpriority: ") + std::strerror(errno));
        }
        raw->RunThread(raw->background, "background");
      });
    }
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

void Server::RunUntilSignal() {
  asio::io_context signal_ioc(1);
  asio::signal_set signals(signal_ioc, SIGINT, SIGTERM);
  signals.async_wait([](const beast::error_code&, int) {});
  bool wait;
  {
    std::lock_guard lock(impl_->signal_mu);
    wait = !impl_->stop_requested;
    if (wait) impl_->signal_ioc = &signal_ioc;
  }
  if (wait) signal_ioc.run();  // returns on a signal, or when Stop stops it
  {
    std::lock_guard lock(impl_->signal_mu);
    impl_->signal_ioc = nullptr;
  }
  Stop();
}

void Server::Stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.signal_mu);
    s.stop_requested = true;
    if (s.signal_ioc) s.signal_ioc->stop();
  }
  std::lock_guard stop_lock(s.stop_mu);
  if (s.stopped) return;
  s.stopped = true;
  s.stopping = true;

  asio::post(s.acceptor.get_executor(), [&s] {
    beast::error_code ec;
    s.acceptor.close(ec);
  });
  // Close idle connections now; busy ones see `stopping` after their
  // current response (sent with Connection: close) and end themselves.
  auto for_each_conn = [&s](auto fn) {
    std::lock_guard lock(s.mu);
    for (auto& [key, weak] : s.conns) {
      if (auto conn = weak.lock())
        asio::post(conn->stream.get_executor(), [conn, fn] { fn(*conn); });
    }
  };
  for_each_conn([](Conn& c) {
    if (c.idle) c.stream.cancel();
  });
  {
    std::unique_lock lock(s.mu);
    if (!s.drained.wait_for(lock, s.options.drain_timeout, [&s] { return s.conns.empty(); })) {
      lock.unlock();
      s.LogError("stop: drain timeout; closing remaining connections");
      for_each_conn([](Conn& c) { c.stream.close(); });
      lock.lock();
      s.drained.wait_for(lock, std::chrono::seconds(1), [&s] { return s.conns.empty(); });
    }
  }
  // In-flight background requests have finished (or their connections
  // were closed); what is still queued is dropped with its connection.
  s.background_work.reset();
  s.background.stop();
  for (std::thread& t : s.background_threads) {
    if (t.joinable()) t.join();
  }
  s.ioc.stop();
  for (std::thread& t : s.threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace khabar::http
