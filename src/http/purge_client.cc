#include "http/purge_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <exception>
#include <utility>

#include "http/finish.h"

namespace khabar::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::redirect_error;
using asio::use_awaitable;

// kMaxQueuedKeys: past this many distinct keys waiting (a bulk import
// while the caches are slow), dropping everything is cheaper to send and
// to apply than the list.
constexpr size_t kMaxQueuedKeys = 10000;
// kMaxRepeats bounds the repeat queue; past it a batch joins the last one.
constexpr size_t kMaxRepeats = 64;
// kMaxAnswerBytes: a purge answer is a short synthetic page.
constexpr uint64_t kMaxAnswerBytes = 64 * 1024;

// IsKey: a cache key is one token of visible ASCII, so a space-separated
// list of them is unambiguous and cannot smuggle a header.
bool IsKey(std::string_view key) {
  if (key.empty() || key == PurgeClient::kAll) return false;
  for (unsigned char c : key) {
    if (c <= ' ' || c >= 0x7f) return false;
  }
  return true;
}

std::string HostHeader(const HttpUrl& url) {
  const bool v6 = url.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + url.host + "]" : url.host;
  if (url.port != 80) host += ":" + std::to_string(url.port);
  return host;
}

std::string Display(const HttpUrl& url) { return "http://" + HostHeader(url) + url.path; }

// SendOne sends one PURGE and returns "" on a 2xx answer, else what went
// wrong. Everything it does ends by `deadline`.
awaitable<std::string> SendOne(const HttpUrl& url, const std::string& surrogate_key,
                               std::chrono::steady_clock::time_point deadline) {
  auto executor = co_await asio::this_coro::executor;
  beast::error_code ec;
  std::vector<tcp::endpoint> addresses;
  if (auto address = asio::ip::make_address(url.host, ec); !ec) {
    addresses.emplace_back(address, url.port);
  } else {
    // Names resolve on Asio's resolver thread; a cancelled lookup returns
    // at once even when getaddrinfo itself is still waiting.
    tcp::resolver resolver(executor);
    asio::steady_timer guard(executor, deadline);
    guard.async_wait([&resolver](const beast::error_code& e) {
      if (!e) resolver.cancel();
    });
    ec.clear();
    auto results = co_await resolver.async_resolve(url.host, std::to_string(url.port),
                                                   redirect_error(use_awaitable, ec));
    guard.cancel();
    if (ec) co_return "cannot resolve " + url.host + ": " + ec.message();
    for (const auto& r : results) addresses.push_back(r.endpoint());
  }

  beast::tcp_stream stream(executor);
  stream.expires_at(deadline);
  co_await stream.async_connect(addresses, redirect_error(use_awaitable, ec));
  if (ec) co_return "connect: " + ec.message();

  bhttp::request<bhttp::empty_body> req{bhttp::verb::purge, url.path, 11};
  req.set(bhttp::field::host, HostHeader(url));
  req.set(bhttp::field::user_agent, "khabar");
  req.set(beast::string_view(kSurrogateKey.data(), kSurrogateKey.size()), surrogate_key);
  req.set(bhttp::field::connection, "close");
  co_await bhttp::async_write(stream, req, redirect_error(use_awaitable, ec));
  if (ec) co_return "send: " + ec.message();

  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  co_await bhttp::async_read(stream, buffer, parser, redirect_error(use_awaitable, ec));
  if (ec) co_return "answer: " + ec.message();
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  const unsigned status = parser.get().result_int();
  if (status / 100 != 2) {
    co_return "answered " + std::to_string(status) + " " +
        std::string(parser.get().reason().data(), parser.get().reason().size());
  }
  co_return "";
}

}  // namespace

struct PurgeClient::Impl {
  asio::io_context io;
};

void PurgeClient::Batch::Merge(const Batch& other) {
  if (all || other.all) {
    all = true;
    keys.clear();
    return;
  }
  keys.insert(other.keys.begin(), other.keys.end());
  if (keys.size() > kMaxQueuedKeys) {
    all = true;
    keys.clear();
  }
}

Result<std::unique_ptr<PurgeClient>> PurgeClient::Start(PurgeOptions options) {
  std::vector<HttpUrl> endpoints;
  for (const std::string& e : options.endpoints) {
    auto url = ParseHttpUrl(e);
    if (!url) return Err(url.error().WithContext("purge"));
    endpoints.push_back(std::move(*url));
  }
  return std::unique_ptr<PurgeClient>(new PurgeClient(std::move(options), std::move(endpoints)));
}

PurgeClient::PurgeClient(PurgeOptions options, std::vector<HttpUrl> endpoints)
    : options_(std::move(options)),
      endpoints_(std::move(endpoints)),
      impl_(std::make_unique<Impl>()) {
  thread_ = std::thread([this] { Loop(); });
}

PurgeClient::~PurgeClient() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  impl_->io.stop();  // a send under way is abandoned rather than waited for
  thread_.join();
}

void PurgeClient::Purge(const std::vector<std::string>& keys) {
  Batch batch;
  for (const std::string& k : keys) {
    if (IsKey(k)) batch.keys.insert(k);
  }
  if (batch.empty() || endpoints_.empty()) return;
  {
    std::lock_guard lock(mu_);
    pending_.Merge(batch);
  }
  wake_.notify_one();
}

void PurgeClient::PurgeAll() {
  if (endpoints_.empty()) return;
  {
    std::lock_guard lock(mu_);
    pending_.Merge(Batch{.keys = {}, .all = true});
  }
  wake_.notify_one();
}

PurgeStats PurgeClient::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

std::vector<std::string> PurgeClient::HeaderValues(const Batch& batch) const {
  if (batch.all) return {std::string(kAll)};
  std::vector<std::string> values(1);
  for (const std::string& key : batch.keys) {
    if (!values.back().empty() &&
        values.back().size() + 1 + key.size() > options_.max_header_bytes) {
      values.emplace_back();
    }
    if (!values.back().empty()) values.back() += ' ';
    values.back() += key;
  }
  return values;
}

void PurgeClient::Loop() {
  using Clock = std::chrono::steady_clock;
  auto log = [this](const std::string& line) {
    if (options_.error_log) {
      options_.error_log(line);
    } else {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  };
  std::unique_lock lock(mu_);
  for (;;) {
    auto woken = [this] { return stopping_ || !pending_.empty(); };
    if (repeats_.empty()) {
      wake_.wait(lock, woken);
    } else {
      wake_.wait_until(lock, repeats_.front().due, woken);
    }
    if (stopping_) return;
    Batch fresh = std::exchange(pending_, Batch{});
    Batch send = fresh;
    while (!repeats_.empty() && repeats_.front().due <= Clock::now()) {
      send.Merge(repeats_.front().batch);
      repeats_.pop_front();
    }
    if (send.empty()) continue;
    // Under mu_, so the destructor's stop() cannot come before it and be
    // undone.
    impl_->io.restart();
    lock.unlock();

    // One coroutine per endpoint, all at once; each sends the batch's
    // header values in turn.
    const std::vector<std::string> values = HeaderValues(send);
    uint64_t sent = 0, failed = 0;
    for (const HttpUrl& url : endpoints_) {
      asio::co_spawn(
          impl_->io,
          [&, url]() -> awaitable<void> {
            for (const std::string& value : values) {
              const auto deadline = Clock::now() + options_.timeout;
              std::string error = co_await SendOne(url, value, deadline);
              if (error.empty()) {
                ++sent;
                continue;
              }
              ++failed;
              log("purge " + Display(url) + " (" + std::to_string(value.size()) +
                  " bytes of Surrogate-Key): " + error);
            }
          },
          [&, url](std::exception_ptr e) {
            if (!e) return;
            ++failed;
            try {
              std::rethrow_exception(e);
            } catch (const std::exception& ex) {
              log("purge " + Display(url) + ": " + ex.what());
            } catch (...) {
              log("purge " + Display(url) + ": unknown error");
            }
          });
    }
    impl_->io.run();  // the coroutines share this thread: no locking above

    lock.lock();
    stats_.sent += sent;
    stats_.failed += failed;
    if (options_.repeat_after.count() > 0 && !fresh.empty()) {
      if (repeats_.size() >= kMaxRepeats) {
        repeats_.back().batch.Merge(fresh);
      } else {
        repeats_.push_back(Repeat{Clock::now() + options_.repeat_after, std::move(fresh)});
      }
    }
  }
}

}  // namespace khabar::http
