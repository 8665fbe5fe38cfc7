// Integration tests: the real Server on a free loopback port, spoken to over
// plain POSIX sockets so every byte on the wire is the test's choice.
#include "http/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/internal/ascii.h"
#include "http/internal/gzip.h"

namespace khabar::http {
namespace {

using namespace std::chrono_literals;

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Client is a blocking TCP client with a receive timeout.
class Client {
 public:
  explicit Client(uint16_t port, int timeout_seconds = 5) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{timeout_seconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  // Client connects to `server` ("127.0.0.1", "::1") from `source`
  // ("127.0.0.2"; "" lets the kernel choose), to be another peer.
  Client(uint16_t port, const std::string& source, const std::string& server = "127.0.0.1") {
    const bool v6 = server.find(':') != std::string::npos;
    fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    auto endpoint = [v6](const std::string& address, uint16_t port_number, sockaddr_storage* out) {
      *out = {};
      if (v6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(out);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(port_number);
        return ::inet_pton(AF_INET6, address.c_str(), &a->sin6_addr) == 1;
      }
      auto* a = reinterpret_cast<sockaddr_in*>(out);
      a->sin_family = AF_INET;
      a->sin_port = htons(port_number);
      return ::inet_pton(AF_INET, address.c_str(), &a->sin_addr) == 1;
    };
    const socklen_t size = v6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    sockaddr_storage local, remote;
    if (!source.empty() && (!endpoint(source, 0, &local) ||
                            ::bind(fd_, reinterpret_cast<sockaddr*>(&local), size) != 0)) {
      return;
    }
    connected_ = endpoint(server, port, &remote) &&
                 ::connect(fd_, reinterpret_cast<sockaddr*>(&remote), size) == 0;
  }
  ~Client() { ::close(fd_); }

  bool connected() const { return connected_; }

  void Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return;
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // Read returns one response; status 0 when the connection closed first.
  Reply Read(bool head = false) {
    Reply r;
    size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return r;
    }
    std::string head_text = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    size_t line_end = head_text.find("\r\n");
    std::string status_line = head_text.substr(0, line_end);
    r.status = std::stoi(status_line.substr(9, 3));
    size_t pos = line_end;
    while (pos != std::string::npos && pos < head_text.size()) {
      size_t next = head_text.find("\r\n", pos + 2);
      std::string line =
          head_text.substr(pos + 2, next == std::string::npos ? std::string::npos : next - pos - 2);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        r.headers[internal::AsciiLower(line.substr(0, colon))] =
            std::string(internal::TrimOws(line.substr(colon + 1)));
      }
      pos = next;
    }
    if (r.status == 100) return Read(head);
    size_t length = 0;
    if (!head && !r.Header("content-length").empty())
      length = std::stoul(r.Header("content-length"));
    while (buf_.size() < length) {
      if (!Fill()) break;
    }
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }

  // Closed reports whether the peer closes (EOF or reset) before the
  // receive timeout, discarding any data.
  bool Closed() {
    char tmp[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
      if (n == 0) return true;
      if (n < 0) return errno == ECONNRESET;
    }
  }

 private:
  bool Fill() {
    char tmp[8192];
    ssize_t n = ::recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string BigText() {
  std::string s;
  for (int i = 0; i < 500; ++i) s += "<p>paragraph " + std::to_string(i) + "</p>\n";
  return s;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    file_ = std::filesystem::temp_directory_path() /
            ("khabar_server_test_" + std::to_string(::getpid()) + ".txt");
    std::ofstream(file_) << std::string(100000, 'f');
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(file_);
  }

  void StartServer(ServerOptions options = {}, std::string host = "127.0.0.1") {
    options.host = std::move(host);
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    options.error_log = [this](std::string_view m) {
      std::lock_guard lock(mu_);
      errors_.emplace_back(m);
    };
    auto handler = [this](const Request& req) -> Response {
      ++calls_;
      if (req.path == "/hello") {
        Response r = Text("hello " + req.QueryParam("name").value_or("?"));
        r.route = "/hello";  // as a router would set it
        return r;
      }
      if (req.path == "/echo") {
        return Text(req.method + "|" + req.path + "|" + req.remote_address + "|" +
                    std::string(req.Header("X-Test")) + "|" + req.body);
      }
      if (req.path == "/slow") {
        std::this_thread::sleep_for(1s);
        return Text("slow done");
      }
      if (req.path == "/admin/slow") {  // a newsroom request: a long render
        const int running = ++admin_running_;
        int seen = admin_most_.load();
        while (running > seen && !admin_most_.compare_exchange_weak(seen, running)) {
        }
        admin_nice_ = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
        std::this_thread::sleep_for(1500ms);
        --admin_running_;
        return Text("admin done");
      }
      if (req.path == "/throw") throw std::runtime_error("boom");
      if (req.path == "/big") return Html(BigText());
      if (req.path == "/shared") {
        Response r;
        r.SetHeader("Content-Type", "text/html; charset=utf-8");
        r.SetHeader("ETag", "\"shared-1\"");
        r.shared_body = shared_body_;
        return r;
      }
      if (req.path == "/file") {
        Response r;
        r.SetHeader("Content-Type", "text/plain");
        r.file = file_.string();
        return r;
      }
      if (req.path == "/inject") {
        Response r = Text("x");
        r.SetHeader("X-Evil", "a\r\nSet-Cookie: pwned=1");
        return r;
      }
      return Text("not found", 404);
    };
    auto log = [this](const AccessLogEntry& e) {
      std::lock_guard lock(mu_);
      log_.push_back(e);
    };
    auto started = Server::Start(options, handler, log);
    ASSERT_TRUE(started) << started.error().ToString();
    server_ = std::move(*started);
  }

  uint16_t port() const { return server_->port(); }
  std::vector<AccessLogEntry> Log() {
    std::lock_guard lock(mu_);
    return log_;
  }
  // WaitForLog waits for `n` entries: the server logs after the last byte
  // is written, so the client can see a response before its entry exists.
  std::vector<AccessLogEntry> WaitForLog(size_t n) {
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (Log().size() < n && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(1ms);
    }
    return Log();
  }

  std::filesystem::path file_;
  std::shared_ptr<const std::string> shared_body_ = std::make_shared<const std::string>(BigText());
  std::unique_ptr<Server> server_;
  std::atomic<int> calls_{0};
  std::atomic<int> admin_running_{0};  // /admin/slow handlers running now
  std::atomic<int> admin_most_{0};     // ...and the most at once
  std::atomic<int> admin_nice_{0};     // the nice value /admin/slow last ran at
  std::mutex mu_;
  std::vector<AccessLogEntry> log_;
  std::vector<std::string> errors_;
};

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.connected());
  c.Send("GET /hello?name=a%20b HTTP/1.1\r\nHost: x\r\nUser-Agent: t/1\r\n\r\n");
  Reply r1 = c.Read();
  EXPECT_EQ(r1.status, 200);
  EXPECT_EQ(r1.body, "hello a b");
  EXPECT_EQ(r1.Header("content-length"), "9");
  EXPECT_FALSE(r1.Header("date").empty());
  EXPECT_NE(r1.Header("connection"), "close");

  c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nX-TEST: yes\r\nContent-Length: 4\r\n\r\nbody");
  Reply r2 = c.Read();
  EXPECT_EQ(r2.status, 200);
  EXPECT_EQ(r2.body, "POST|/echo|127.0.0.1|yes|body");

  auto log = WaitForLog(2);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].method, "GET");
  EXPECT_EQ(log[0].target, "/hello?name=a%20b");
  EXPECT_EQ(log[0].status, 200);
  EXPECT_EQ(log[0].bytes, 9u);
  EXPECT_EQ(log[0].user_agent, "t/1");
  EXPECT_EQ(log[0].remote, "127.0.0.1");
  EXPECT_EQ(log[0].route, "/hello");  // the handler's, for metrics
  EXPECT_EQ(log[1].route, "");
}

TEST_F(ServerTest, PipelinedRequestsAndHttp10) {
  StartServer();
  Client c(port());
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello?name=2 HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().body, "hello ?");
  EXPECT_EQ(c.Read().body, "hello 2");

  Client old(port());
  old.Send("GET /hello HTTP/1.0\r\n\r\n");  // 1.0: no Host needed, closes after
  Reply r = old.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "hello ?");
  EXPECT_TRUE(old.Closed());

  Client kept(port());
  kept.Send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  EXPECT_EQ(kept.Read().Header("connection"), "keep-alive");
  kept.Send("GET /hello HTTP/1.0\r\n\r\n");
  EXPECT_EQ(kept.Read().status, 200);
}

TEST_F(ServerTest, HeadHasGetHeadersAndNoBody) {
  StartServer();
  Client c(port());
  c.Send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
  Reply get = c.Read();
  c.Send("HEAD /big HTTP/1.1\r\nHost: x\r\n\r\n");
  Reply head = c.Read(/*head=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("content-length"), get.Header("content-length"));
  EXPECT_EQ(head.Header("etag"), get.Header("etag"));
  // Had HEAD sent a body, this next response would be garbage.
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().body, "hello ?");
}

TEST_F(ServerTest, GzipAndConditionalOverTheWire) {
  StartServer();
  Client c(port());
  c.Send("GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.Header("content-encoding"), "gzip");
  EXPECT_EQ(r.Header("vary"), "Accept-Encoding");
  auto body = internal::Gunzip(r.body);
  ASSERT_TRUE(body);
  EXPECT_EQ(*body, BigText());

  c.Send("GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nIf-None-Match: " +
         r.Header("etag") + "\r\n\r\n");
  Reply cached = c.Read();
  EXPECT_EQ(cached.status, 304);
  EXPECT_EQ(cached.body, "");
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().body, "hello ?");
}

TEST_F(ServerTest, SharedBodiesAreSentAsTheyAre) {
  StartServer();
  Client c(port());
  c.Send("GET /shared HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, BigText()) << "a shared body is never compressed on the way";
  EXPECT_EQ(r.Header("content-length"), std::to_string(BigText().size()));
  EXPECT_EQ(r.Header("etag"), "\"shared-1\"");
  EXPECT_FALSE(r.Header("date").empty());
  c.Send("HEAD /shared HTTP/1.1\r\nHost: x\r\n\r\n");
  Reply head = c.Read(/*head=*/true);
  EXPECT_EQ(head.Header("content-length"), r.Header("content-length"));
  c.Send("GET /shared HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"shared-1\"\r\n\r\n");
  EXPECT_EQ(c.Read().status, 304);
  c.Send("GET /shared HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  Reply last = c.Read();
  EXPECT_EQ(last.body, BigText());
  EXPECT_EQ(last.Header("connection"), "close");
  EXPECT_TRUE(c.Closed());

  Client old(port());
  old.Send("GET /shared HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
  Reply kept = old.Read();
  EXPECT_EQ(kept.body, BigText());
  EXPECT_EQ(kept.Header("connection"), "keep-alive");
  auto log = WaitForLog(6);
  ASSERT_GE(log.size(), 1u);
  EXPECT_EQ(log[0].bytes, BigText().size());
}

TEST_F(ServerTest, StreamsFiles) {
  StartServer();
  Client c(port());
  c.Send("GET /file HTTP/1.1\r\nHost: x\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, std::string(100000, 'f'));
  EXPECT_FALSE(r.Header("last-modified").empty());
  c.Send("GET /file HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: " + r.Header("last-modified") +
         "\r\n\r\n");
  EXPECT_EQ(c.Read().status, 304);
  EXPECT_EQ(WaitForLog(2).at(1).bytes, 0u);
}

TEST_F(ServerTest, GarbageIs400AndClose) {
  StartServer();
  for (const char* garbage : {"GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTX/1.1\r\n\r\n",
                              "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                              "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n"}) {
    Client c(port());
    c.Send(garbage);
    Reply r = c.Read();
    EXPECT_EQ(r.status, 400) << garbage;
    EXPECT_EQ(r.Header("connection"), "close");
    EXPECT_EQ(r.Header("content-type"), "text/plain; charset=utf-8");
    EXPECT_TRUE(c.Closed());
  }
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, RejectsBadRequestsBeforeTheHandler) {
  StartServer();
  struct Case {
    std::string request;
    int status;
  } cases[] = {
      {"GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /a%2fb HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /a/../b HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /a%ff HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET /a?x=%zz HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET http://x/a HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n\r\n", 400},                        // no Host
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400},  // two Hosts
      {"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
       400},
      {"TRACE / HTTP/1.1\r\nHost: x\r\n\r\n", 501},
      {"BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501},
      {"GET / HTTP/1.2\r\nHost: x\r\n\r\n", 400},  // Beast accepts only 1.0 and 1.1
      {"GET / HTTP/2.0\r\nHost: x\r\n\r\n", 400},
  };
  for (const Case& tc : cases) {
    Client c(port());
    c.Send(tc.request);
    Reply r = c.Read();
    EXPECT_EQ(r.status, tc.status) << tc.request;
    EXPECT_TRUE(c.Closed()) << tc.request;
  }
  EXPECT_EQ(calls_, 0);
  EXPECT_EQ(WaitForLog(std::size(cases)).size(), std::size(cases));
}

// Issue 15, L2: a Transfer-Encoding other than exactly one "chunked" (or
// any in HTTP/1.0), and obs-fold lines, are refused with 400 and the
// connection closed, so the bytes after the header are never answered as
// a second request (request smuggling).
TEST_F(ServerTest, UnknownOrRepeatedTransferEncodingAndObsFoldAre400AndNothingIsSmuggled) {
  StartServer();
  const std::string smuggled = "GET /hello?name=smuggled HTTP/1.1\r\nHost: x\r\n\r\n";
  const std::vector<std::string> heads = {
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Transfer-Encoding: chunked\r\n",
      "POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n",
      // obs-fold: the second line continues X-Note; were it unfolded, the
      // request would be fine and the smuggled GET answered after it.
      "POST /echo HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n b\r\nContent-Length: 0\r\n",
      "POST /echo HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n\tb\r\nContent-Length: 0\r\n",
  };
  for (const std::string& head : heads) {
    Client c(port());
    // The terminating chunk first, so an unknown coding read as chunked
    // would end its body there and answer the GET after it.
    c.Send(head + "\r\n0\r\n\r\n" + smuggled);
    Reply r = c.Read();
    EXPECT_EQ(r.status, 400) << head;
    EXPECT_EQ(r.Header("connection"), "close") << head;
    Reply next = c.Read();
    EXPECT_EQ(next.status, 0) << head << "a second answer: " << next.body;
  }
  EXPECT_EQ(calls_, 0) << "the handler saw a request it should not have";

  // Still fine: one chunked, any case, with spaces around it.
  Client ok(port());
  ok.Send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:  ChunKed \r\n\r\n"
      "4\r\nbody\r\n0\r\n\r\n");
  Reply r = ok.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "POST|/echo|127.0.0.1||body");
}

TEST_F(ServerTest, LongTargetIs414) {
  StartServer();
  {
    Client c(port());  // over max_target_bytes, inside the header limit
    c.Send("GET /" + std::string(5000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.Read().status, 414);
  }
  {
    Client c(port());  // over the whole header limit
    c.Send("GET /" + std::string(40000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(c.Read().status, 414);
  }
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, HugeHeaderIs431) {
  StartServer();
  Client c(port());
  c.Send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n");
  EXPECT_EQ(c.Read().status, 431);
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, BigBodyIs413) {
  ServerOptions options;
  options.max_body_bytes = 1000;
  StartServer(options);
  {
    Client c(port());  // declared too big
    c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" +
           std::string(5000, 'x'));
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(port());  // chunked, grows too big
    std::string chunk(600, 'y');
    c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
           "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(port());  // at the limit is fine
    c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n" +
           std::string(1000, 'z'));
    Reply r = c.Read();
    EXPECT_EQ(r.status, 200);
  }
  EXPECT_EQ(calls_, 1);
}

// Issue 15, L6: the per-request body limit is decided from the header, so
// a declared length over it is refused before any body byte is sent.
TEST_F(ServerTest, BodyLimitPerRequestIsAppliedBeforeTheBodyIsRead) {
  ServerOptions options;
  options.max_body_bytes = 25 * 1024 * 1024;
  options.body_limit = [](const Request& head) -> size_t {
    EXPECT_TRUE(head.body.empty());
    return head.Header("cookie").empty() ? 1000 : 25 * 1024 * 1024;
  };
  StartServer(options);
  {
    // Only the header: a server waiting for the 24 MiB would never answer.
    Client c(port(), /*timeout_seconds=*/3);
    const auto start = std::chrono::steady_clock::now();
    c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 25165824\r\n\r\n");
    Reply r = c.Read();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.Header("connection"), "close");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  }
  {
    Client c(port());  // Expect: 100-continue gets the 413 instead of the 100
    c.Send(
        "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
        "Content-Length: 5000\r\n\r\n");
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(port());  // chunked: cut once it passes the route's limit
    std::string chunk(600, 'y');
    c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" + chunk +
           "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(c.Read().status, 413);
  }
  EXPECT_EQ(calls_, 0);
  {
    Client c(port());  // the same body where the rule allows more
    std::string body(5000, 'z');
    c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nCookie: s=1\r\nContent-Length: 5000\r\n\r\n" + body);
    Reply r = c.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_TRUE(r.body.ends_with(body));
  }
}

TEST_F(ServerTest, ExpectContinue) {
  StartServer();
  Client c(port());
  c.Send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
  c.Send("abc");
  Reply r = c.Read();  // skips the interim 100
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.ends_with("|abc"));
}

TEST_F(ServerTest, SlowClientIsCutByReadTimeout) {
  ServerOptions options;
  options.threads = 1;
  options.read_timeout = 1s;
  StartServer(options);
  Client slow(port(), /*timeout_seconds=*/5);
  auto start = std::chrono::steady_clock::now();
  slow.Send("GET /hello HTTP/1.1\r\n");
  // Trickle a header byte every 300 ms: each read makes progress, but the
  // deadline covers the whole request.
  std::thread trickle([&] {
    for (int i = 0; i < 10; ++i) {
      std::this_thread::sleep_for(300ms);
      slow.Send("X");
    }
  });
  // Meanwhile the only worker still serves others.
  Client other(port());
  other.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(other.Read().status, 200);
  EXPECT_TRUE(slow.Closed());
  auto waited = std::chrono::steady_clock::now() - start;
  trickle.join();
  EXPECT_LT(waited, 2500ms);
  EXPECT_GE(waited, 900ms);
}

TEST_F(ServerTest, TrickledHeaderIsCutByTheHeaderTimeoutWhateverTheReadTimeout) {
  ServerOptions options;
  options.threads = 1;
  options.header_timeout = 1s;
  options.read_timeout = 60s;
  StartServer(options);
  Client slow(port(), /*timeout_seconds=*/8);
  slow.Send("GET /hello HTTP/1.1\r\n");
  // A byte every 200 ms for 10 s: were the deadline reset by each byte, the
  // connection would outlive the client's 8 s receive timeout.
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (int i = 0; i < 50 && !done; ++i) {
      std::this_thread::sleep_for(200ms);
      slow.Send("X");
    }
  });
  Client other(port());
  other.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(other.Read().status, 200) << "the only worker still serves others";
  EXPECT_TRUE(slow.Closed()) << "dropped at the header deadline while still trickling";
  done = true;
  trickle.join();
}

TEST_F(ServerTest, AConnectionThatSendsNothingIsDroppedAtTheHeaderTimeout) {
  ServerOptions options;
  options.header_timeout = 1s;
  options.idle_timeout = 60s;  // a kept-alive connection may wait longer
  StartServer(options);
  Client silent(port(), /*timeout_seconds=*/8);
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.Closed());
}

TEST_F(ServerTest, AKeptAliveConnectionWaitsTheIdleTimeoutNotTheHeaderTimeout) {
  ServerOptions options;
  options.header_timeout = 1s;
  options.idle_timeout = 60s;
  StartServer(options);
  Client c(port());
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().status, 200);
  std::this_thread::sleep_for(2s);  // past the header timeout, idle
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().status, 200);
}

TEST_F(ServerTest, ConnectionsPerAddressAreCappedWith429AndRetryAfter) {
  ServerOptions options;
  options.max_connections_per_address = 3;
  StartServer(options);
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 3; ++i) {
    held.push_back(std::make_unique<Client>(port(), "127.0.0.2"));
    if (!held.back()->connected()) GTEST_SKIP() << "cannot connect from 127.0.0.2 here";
    held.back()->Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(held.back()->Read().status, 200) << i;  // admitted, and kept alive
  }
  Client extra(port(), "127.0.0.2");
  extra.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  Reply refused = extra.Read();
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.Header("retry-after"), "5");
  EXPECT_EQ(refused.Header("connection"), "close");
  EXPECT_TRUE(extra.Closed());

  Client other(port(), "127.0.0.3");
  other.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(other.Read().status, 200) << "another address is served";
  held[0]->Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(held[0]->Read().status, 200) << "the admitted ones are untouched";

  // Closing one frees its slot (once the server has seen the close).
  held.pop_back();
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    Client again(port(), "127.0.0.2");
    again.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    status = again.Read().status;
    if (status != 200) std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServerTest, TrustedProxiesAreNotCappedPerAddress) {
  ServerOptions options;
  options.max_connections_per_address = 1;
  options.trusted_proxies = {*IpNetwork::Parse("127.0.0.4")};
  StartServer(options);
  Client a(port(), "127.0.0.4");
  Client b(port(), "127.0.0.4");
  if (!a.connected() || !b.connected()) GTEST_SKIP() << "cannot connect from 127.0.0.4 here";
  a.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  b.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(a.Read().status, 200);
  EXPECT_EQ(b.Read().status, 200);
}

TEST_F(ServerTest, IdleConnectionsAreClosed) {
  ServerOptions options;
  options.idle_timeout = 1s;
  StartServer(options);
  Client c(port());
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.Closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
}

TEST_F(ServerTest, HandlerThrowIs500AndLogged) {
  StartServer();
  Client c(port());
  c.Send("GET /throw HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().status, 500);
  c.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");  // connection survives
  EXPECT_EQ(c.Read().status, 200);
  std::lock_guard lock(mu_);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("boom"), std::string::npos);
}

TEST_F(ServerTest, HeaderInjectionBecomes500) {
  StartServer();
  Client c(port());
  c.Send("GET /inject HTTP/1.1\r\nHost: x\r\n\r\n");
  Reply r = c.Read();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.Header("set-cookie"), "");
}

TEST_F(ServerTest, GracefulStopFinishesInFlightRequest) {
  StartServer();
  Client idle(port());  // a kept-alive connection with nothing in flight
  idle.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(idle.Read().status, 200);

  Client busy(port());
  busy.Send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
  while (calls_ < 2) std::this_thread::sleep_for(10ms);  // the handler is running

  auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { server_->Stop(); });
  EXPECT_TRUE(idle.Closed());  // idle connections go at once
  Reply r = busy.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "slow done");
  EXPECT_EQ(r.Header("connection"), "close");
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);

  Client late(port());
  EXPECT_FALSE(late.connected() &&
               (late.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"), late.Read().status == 200));
}

ServerOptions WithNewsroomPool() {
  ServerOptions options;
  options.threads = 2;
  options.background_threads = 2;
  options.background_nice = 10;
  options.runs_in_background = [](const Request& head) { return head.path.starts_with("/admin"); };
  return options;
}

// Issue 15, M1: newsroom requests run on their own bounded, lower-priority
// pool; while it is busy (both its threads in a 1.5 s render, two more
// requests queued), the two workers still answer readers at once.
TEST_F(ServerTest, NewsroomRequestsRunOnTheBackgroundPoolWhileReadersAreServed) {
  StartServer(WithNewsroomPool());
  std::atomic<int> answered{0};
  std::vector<std::thread> newsroom;
  for (int i = 0; i < 4; ++i) {
    newsroom.emplace_back([&] {
      Client c(port(), /*timeout_seconds=*/10);
      c.Send("POST /admin/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      Reply r = c.Read();
      if (r.status == 200 && r.body == "admin done") ++answered;
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (admin_running_ < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  ASSERT_EQ(admin_running_, 2) << "the pool did not fill";
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    Client reader(port());
    reader.Send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    Reply r = reader.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s) << "a reader waited for the newsroom";
  }
  EXPECT_GE(admin_running_, 1) << "the newsroom finished before the readers were tested";
  for (std::thread& t : newsroom) t.join();
  EXPECT_EQ(answered, 4);
  EXPECT_EQ(admin_most_, 2) << "the pool is bounded by background_threads";
  EXPECT_EQ(admin_nice_, 10) << "the pool runs at a lower priority";
  std::lock_guard lock(mu_);
  EXPECT_TRUE(errors_.empty()) << errors_.front();  // resumed on the strand, among others
}

TEST_F(ServerTest, StopFinishesABackgroundRequestInFlight) {
  StartServer(WithNewsroomPool());
  Client busy(port());
  busy.Send("POST /admin/slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  while (admin_running_ < 1) std::this_thread::sleep_for(5ms);
  std::thread stopper([&] { server_->Stop(); });
  Reply r = busy.Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "admin done");
  EXPECT_EQ(r.Header("connection"), "close");
  stopper.join();
}

// ClientSeen sends one request to /echo from `source` with each of
// `forwarded_for` as an X-Forwarded-For line; returns the handler's
// Request::remote_address ("" when there was no 200).
std::string ClientSeen(uint16_t port, const std::string& source,
                       const std::vector<std::string>& forwarded_for,
                       const std::string& server = "127.0.0.1") {
  Client c(port, source, server);
  EXPECT_TRUE(c.connected()) << source << " -> " << server;
  std::string request = "GET /echo HTTP/1.1\r\nHost: x\r\n";
  for (const auto& line : forwarded_for) request += "X-Forwarded-For: " + line + "\r\n";
  c.Send(request + "\r\n");
  Reply r = c.Read();
  if (r.status != 200) return "";
  // "GET|/echo|<remote>|<x-test>|<body>"
  const size_t start = r.body.find('|', r.body.find('|') + 1) + 1;
  return r.body.substr(start, r.body.find('|', start) - start);
}

std::vector<IpNetwork> Networks(std::initializer_list<const char*> texts) {
  std::vector<IpNetwork> out;
  for (const char* t : texts) out.push_back(IpNetwork::Parse(t).value());
  return out;
}

TEST_F(ServerTest, ForwardedForIsIgnoredByDefault) {
  StartServer();
  EXPECT_EQ(ClientSeen(port(), "", {"203.0.113.9"}), "127.0.0.1");
  EXPECT_EQ(WaitForLog(1).at(0).remote, "127.0.0.1");
}

TEST_F(ServerTest, AnUntrustedPeerCannotSpoofItsAddress) {
  ServerOptions options;
  options.trusted_proxies = Networks({"127.0.0.1", "10.0.0.0/8"});
  StartServer(options);
  EXPECT_EQ(ClientSeen(port(), "127.0.0.2", {"203.0.113.9"}), "127.0.0.2");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.2", {"127.0.0.1"}), "127.0.0.2");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.2", {"203.0.113.9, 10.0.0.1"}), "127.0.0.2");
  auto log = WaitForLog(3);
  ASSERT_EQ(log.size(), 3u);
  for (const auto& e : log) EXPECT_EQ(e.remote, "127.0.0.2");
}

TEST_F(ServerTest, ATrustedProxyNamesTheClient) {
  ServerOptions options;
  options.trusted_proxies = Networks({"127.0.0.1", "10.0.0.0/8"});
  StartServer(options);
  // The rightmost untrusted entry: the reader forged the ones before it.
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"203.0.113.9"}), "203.0.113.9");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"1.1.1.1, 2.2.2.2, 203.0.113.9"}), "203.0.113.9");
  // A chain of proxies (CIDR): reader -> 10.0.0.5 -> 10.0.0.6 -> us.
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"203.0.113.9, 10.0.0.5, 10.0.0.6"}), "203.0.113.9");
  // The same list over several header lines.
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"1.1.1.1, 203.0.113.9", "10.0.0.5", "10.0.0.6"}),
            "203.0.113.9");
  // Every entry trusted: the leftmost.
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"10.0.0.1, 10.0.0.2"}), "10.0.0.1");
  // Garbage stops the walk at the hop that appended it.
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"203.0.113.9, unknown, 10.0.0.6"}), "10.0.0.6");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {"203.0.113.9, 198.51.100.1:443"}), "127.0.0.1");
  // No header: the proxy's own request.
  EXPECT_EQ(ClientSeen(port(), "127.0.0.1", {}), "127.0.0.1");

  // Each entry is logged after its response went out, so a later request
  // may be logged first: compare them in order of address.
  std::multiset<std::string> logged;
  for (const auto& e : WaitForLog(8)) logged.insert(e.remote);
  EXPECT_EQ(logged,
            (std::multiset<std::string>{"203.0.113.9", "203.0.113.9", "203.0.113.9", "203.0.113.9",
                                        "10.0.0.1", "10.0.0.6", "127.0.0.1", "127.0.0.1"}));

  // Requests refused before the handler are logged under the client too.
  Client c(port(), "127.0.0.1");
  c.Send("GET /a/../b HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.10\r\n\r\n");
  EXPECT_EQ(c.Read().status, 400);
  auto log = WaitForLog(9);
  EXPECT_TRUE(std::ranges::any_of(log, [](const auto& e) { return e.remote == "203.0.113.10"; }));
}

TEST_F(ServerTest, EachRequestOnAProxysConnectionHasItsOwnClient) {
  // Varnish sends many readers' requests over one kept-alive connection.
  ServerOptions options;
  options.trusted_proxies = Networks({"127.0.0.1"});
  StartServer(options);
  Client c(port(), "127.0.0.1");
  for (const char* reader : {"203.0.113.1", "203.0.113.2"}) {
    c.Send(std::string("GET /echo HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ") + reader + "\r\n\r\n");
    EXPECT_EQ(c.Read().body, std::string("GET|/echo|") + reader + "||");
  }
  c.Send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(c.Read().body, "GET|/echo|127.0.0.1||");
}

TEST_F(ServerTest, TrustedNetworksAreMatchedByPrefix) {
  ServerOptions options;
  options.trusted_proxies = Networks({"127.0.0.0/30"});  // .0 to .3
  StartServer(options);
  EXPECT_EQ(ClientSeen(port(), "127.0.0.3", {"203.0.113.9"}), "203.0.113.9");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.4", {"203.0.113.9"}), "127.0.0.4");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.3", {"203.0.113.9, 127.0.0.2"}), "203.0.113.9");
  EXPECT_EQ(ClientSeen(port(), "127.0.0.3", {"203.0.113.9, 127.0.0.4"}), "127.0.0.4");
}

TEST_F(ServerTest, TrustedProxiesOverIPv6) {
  ServerOptions options;
  options.trusted_proxies = Networks({"::1", "fd00::/8"});
  StartServer(options, "::1");
  EXPECT_EQ(ClientSeen(port(), "", {"2001:DB8::1, fd00::2"}, "::1"), "2001:db8::1");
  EXPECT_EQ(ClientSeen(port(), "", {"fd00::1, fd00::2"}, "::1"), "fd00::1");
  EXPECT_EQ(ClientSeen(port(), "", {"203.0.113.9"}, "::1"), "203.0.113.9");
  auto log = WaitForLog(3);
  EXPECT_TRUE(std::ranges::any_of(log, [](const auto& e) { return e.remote == "2001:db8::1"; }));
  server_.reset();

  options.trusted_proxies = Networks({"fd00::/8"});  // ::1 is not trusted now
  StartServer(options, "::1");
  EXPECT_EQ(ClientSeen(port(), "", {"2001:db8::1"}, "::1"), "::1");
}

TEST_F(ServerTest, StartFailsOnBusyPort) {
  StartServer();
  ServerOptions options;
  options.port = port();
  options.threads = 1;
  auto second = Server::Start(
      options, [](const Request&) { return Text("x"); }, nullptr);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), Code::kUnavailable);
  EXPECT_NE(second.error().message().find("listen 127.0.0.1:" + std::to_string(port())),
            std::string::npos)
      << second.error().message();

  options.host = "no-such-host.invalid";
  auto third = Server::Start(
      options, [](const Request&) { return Text("x"); }, nullptr);
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code(), Code::kInvalidArgument);
}

TEST_F(ServerTest, RunUntilSignalReturnsOnStop) {
  StartServer();
  std::thread stopper([&] {
    std::this_thread::sleep_for(100ms);
    server_->Stop();
  });
  server_->RunUntilSignal();  // would hang the test if Stop did not wake it
  stopper.join();
  server_->RunUntilSignal();  // already stopped: returns at once
}

TEST_F(ServerTest, StopTwiceAndDestroy) {
  StartServer();
  server_->Stop();
  server_->Stop();
  server_.reset();
}

}  // namespace
}  // namespace khabar::http
