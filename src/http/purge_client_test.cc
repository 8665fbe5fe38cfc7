// PurgeClient against fake caches: loopback listeners on plain POSIX
// sockets that record each request and answer as told.
#include "http/purge_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace khabar::http {
namespace {

using namespace std::chrono_literals;

struct Seen {
  std::string request_line;  // "PURGE / HTTP/1.1"
  std::string surrogate_key;
  std::string host;
};

// FakeCache listens on 127.0.0.1:<free port>. Each connection gets one
// answer: `status`, after `delay`; with `answer` false it is never
// answered (a hung cache).
class FakeCache {
 public:
  explicit FakeCache(int status = 200, std::chrono::milliseconds delay = 0ms, bool answer = true)
      : status_(status), delay_(delay), answer_(answer) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    thread_ = std::thread([this] { Run(); });
  }
  ~FakeCache() {
    stop_ = true;
    thread_.join();
    ::close(fd_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  std::vector<Seen> seen() const {
    std::lock_guard lock(mu_);
    return seen_;
  }
  // WaitFor waits up to 5 s until `n` requests arrived.
  std::vector<Seen> WaitFor(size_t n) const {
    for (int i = 0; i < 500 && seen().size() < n; ++i) std::this_thread::sleep_for(10ms);
    return seen();
  }

 private:
  void Run() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) continue;
      std::string data;
      char buf[4096];
      while (data.find("\r\n\r\n") == std::string::npos) {
        pollfd q{c, POLLIN, 0};
        if (::poll(&q, 1, 2000) <= 0) break;
        ssize_t n = ::recv(c, buf, sizeof(buf), 0);
        if (n <= 0) break;
        data.append(buf, static_cast<size_t>(n));
      }
      Record(data);
      if (answer_) {
        std::this_thread::sleep_for(delay_);
        std::string reply = "HTTP/1.1 " + std::to_string(status_) +
                            " Whatever\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
        ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
      } else {
        while (!stop_) std::this_thread::sleep_for(10ms);
      }
      ::close(c);
    }
  }
  void Record(const std::string& data) {
    Seen s;
    s.request_line = data.substr(0, data.find("\r\n"));
    auto header = [&](const std::string& name) -> std::string {
      size_t at = data.find("\r\n" + name + ": ");
      if (at == std::string::npos) return "<none>";
      at += name.size() + 4;
      return data.substr(at, data.find("\r\n", at) - at);
    };
    s.surrogate_key = header("Surrogate-Key");
    s.host = header("Host");
    std::lock_guard lock(mu_);
    seen_.push_back(std::move(s));
  }

  const int status_;
  const std::chrono::milliseconds delay_;
  const bool answer_;
  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::vector<Seen> seen_;  // guarded by mu_
  std::thread thread_;
};

// Log collects the client's error lines.
struct Log {
  std::mutex mu;
  std::vector<std::string> lines;
  std::function<void(std::string_view)> Sink() {
    return [this](std::string_view l) {
      std::lock_guard lock(mu);
      lines.emplace_back(l);
    };
  }
  std::string All() {
    std::lock_guard lock(mu);
    std::string all;
    for (const auto& l : lines) all += l + "\n";
    return all;
  }
};

std::unique_ptr<PurgeClient> Start(std::vector<std::string> endpoints, Log* log = nullptr,
                                   std::chrono::milliseconds repeat_after = 0ms) {
  PurgeOptions options;
  options.endpoints = std::move(endpoints);
  options.timeout = 500ms;
  options.repeat_after = repeat_after;
  if (log) options.error_log = log->Sink();
  auto client = PurgeClient::Start(std::move(options));
  EXPECT_TRUE(client) << client.error().ToString();
  return client ? std::move(*client) : nullptr;
}

PurgeStats WaitForStats(const PurgeClient& client, uint64_t total) {
  for (int i = 0; i < 500; ++i) {
    PurgeStats s = client.Stats();
    if (s.sent + s.failed >= total) return s;
    std::this_thread::sleep_for(10ms);
  }
  return client.Stats();
}

TEST(PurgeClient, EveryCacheIsToldTheKeys) {
  FakeCache a, b;
  auto client = Start({a.url(), b.url()});
  client->Purge({"story:12", "list:all", "section:3"});
  for (FakeCache* cache : {&a, &b}) {
    auto seen = cache->WaitFor(1);
    ASSERT_EQ(seen.size(), 1u);
    EXPECT_EQ(seen[0].request_line, "PURGE / HTTP/1.1");
    EXPECT_EQ(seen[0].surrogate_key, "list:all section:3 story:12");
    EXPECT_EQ(seen[0].host, a.url() == cache->url() ? a.url().substr(7, a.url().size() - 8)
                                                    : b.url().substr(7, b.url().size() - 8));
  }
  PurgeStats stats = WaitForStats(*client, 2);
  EXPECT_EQ(stats.sent, 2u);
  EXPECT_EQ(stats.failed, 0u);
}

TEST(PurgeClient, PurgeAllAsksForEverythingAndAbsorbsQueuedKeys) {
  FakeCache slow(200, 300ms);
  auto client = Start({slow.url()});
  client->Purge({"story:1"});
  slow.WaitFor(1);  // the first send is under way; the rest queue behind it
  client->Purge({"story:2"});
  client->PurgeAll();
  client->Purge({"story:3"});
  auto seen = slow.WaitFor(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].surrogate_key, "story:1");
  EXPECT_EQ(seen[1].surrogate_key, "*");
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(slow.seen().size(), 2u);
}

TEST(PurgeClient, KeysQueuedDuringASendGoOutTogether) {
  FakeCache slow(200, 300ms);
  auto client = Start({slow.url()});
  client->Purge({"story:1"});
  slow.WaitFor(1);
  for (int i = 2; i <= 5; ++i) client->Purge({"story:" + std::to_string(i), "list:all"});
  auto seen = slow.WaitFor(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].surrogate_key, "list:all story:2 story:3 story:4 story:5");
}

TEST(PurgeClient, ALongListIsSplitIntoHeadersOfBoundedSize) {
  FakeCache cache;
  PurgeOptions options;
  options.endpoints = {cache.url()};
  options.max_header_bytes = 20;
  options.repeat_after = 0ms;
  auto client = PurgeClient::Start(std::move(options));
  ASSERT_TRUE(client);
  (*client)->Purge({"story:1", "story:2", "story:3", "story:4", "story:5"});
  auto seen = cache.WaitFor(3);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].surrogate_key, "story:1 story:2");
  EXPECT_EQ(seen[1].surrogate_key, "story:3 story:4");
  EXPECT_EQ(seen[2].surrogate_key, "story:5");
}

TEST(PurgeClient, EachBatchIsSentAgainAfterRepeatAfter) {
  FakeCache cache;
  auto client = Start({cache.url()}, nullptr, 150ms);
  const auto start = std::chrono::steady_clock::now();
  client->Purge({"story:7"});
  auto seen = cache.WaitFor(2);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
  EXPECT_EQ(seen[0].surrogate_key, "story:7");
  EXPECT_EQ(seen[1].surrogate_key, "story:7");
  std::this_thread::sleep_for(400ms);
  EXPECT_EQ(cache.seen().size(), 2u) << "a repeat is not repeated";
}

TEST(PurgeClient, FailuresAreLoggedAndCountedAndTheRestStillSent) {
  FakeCache refusing(405), hung(200, 0ms, /*answer=*/false), fine;
  int closed_port;
  {
    FakeCache gone;
    closed_port = std::stoi(gone.url().substr(17));
  }
  Log log;
  auto client = Start({refusing.url(), hung.url(), fine.url(),
                       "http://127.0.0.1:" + std::to_string(closed_port) + "/"},
                      &log);
  const auto start = std::chrono::steady_clock::now();
  client->Purge({"story:1"});
  PurgeStats stats = WaitForStats(*client, 4);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s) << "the timeout bounds a hung cache";
  EXPECT_EQ(stats.sent, 1u);
  EXPECT_EQ(stats.failed, 3u);
  const std::string lines = log.All();
  EXPECT_NE(lines.find(refusing.url() + " (7 bytes of Surrogate-Key): answered 405"),
            std::string::npos)
      << lines;
  EXPECT_NE(lines.find(hung.url()), std::string::npos) << lines;
  EXPECT_NE(lines.find(std::to_string(closed_port) + "/ (7 bytes of Surrogate-Key): connect"),
            std::string::npos)
      << lines;
  // Still working afterwards.
  client->Purge({"story:2"});
  EXPECT_EQ(fine.WaitFor(2).size(), 2u);
}

TEST(PurgeClient, OnlyKeysThatCannotSmuggleAHeaderAreSent) {
  FakeCache cache;
  auto client = Start({cache.url()});
  client->Purge({"a b", "x\r\nHost: evil", "", "*", "story:1"});
  auto seen = cache.WaitFor(1);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].surrogate_key, "story:1");
}

TEST(PurgeClient, BadEndpointsAreRefusedAtStart) {
  PurgeOptions options;
  options.endpoints = {"http://127.0.0.1:6081/", "https://cdn.example/"};
  auto client = PurgeClient::Start(std::move(options));
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error().code(), Code::kInvalidArgument);
  EXPECT_NE(client.error().message().find("https://cdn.example/"), std::string::npos);
}

TEST(PurgeClient, NamesAreResolved) {
  FakeCache cache;
  auto client = Start({"http://localhost:" + cache.url().substr(17)});
  client->Purge({"story:1"});
  PurgeStats stats = WaitForStats(*client, 1);
  // localhost may resolve to ::1 first; a refused address is tried next.
  EXPECT_EQ(stats.sent, 1u);
  EXPECT_EQ(cache.WaitFor(1).size(), 1u);
}

}  // namespace
}  // namespace khabar::http
