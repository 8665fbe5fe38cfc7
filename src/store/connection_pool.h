// ConnectionPool hands each concurrent caller its own database connection.
//
// Connections are not shareable between threads mid-query, and each keeps
// its own prepared statements, so the pool keeps idle connections for
// reuse, opens new ones up to a bound, and makes further callers wait for
// one to come back. A connection given back in a bad state (a lost server
// connection) is closed rather than reused, so the next caller opens a
// fresh one. Thread-safe. Shared by the SQLite and PostgreSQL stores.
//
// Connection must have `void RollbackIfOpen()` (end a transaction a failed
// caller left open) and `bool Healthy() const`.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "base/status.h"

namespace khabar {

template <typename Connection>
class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  // REQUIRES: max_size >= 1. `first` (may be null) starts the idle list.
  ConnectionPool(Opener open, size_t max_size, std::unique_ptr<Connection> first)
      : open_(std::move(open)), max_size_(max_size) {
    if (first) {
      idle_.push_back(std::move(first));
      open_count_ = 1;
    }
  }

  // Lease is a connection on loan; destroying it gives it back.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> c)
        : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (connection_) pool_->Release(std::move(connection_));
    }
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Acquire returns an idle connection, opens one if fewer than max_size
  // exist, or waits for one to be given back. Fails only if opening fails.
  Result<Lease> Acquire() {
    std::unique_lock lock(mu_);
    returned_.wait(lock, [this] { return !idle_.empty() || open_count_ < max_size_; });
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(c));
    }
    // Open outside the lock: it touches the disk or the network, and others
    // may reuse idle connections meanwhile. The slot is reserved first so
    // the bound holds.
    ++open_count_;
    lock.unlock();
    auto c = open_();
    if (!c) {
      lock.lock();
      --open_count_;
      returned_.notify_one();
      return Err(c.error());
    }
    return Lease(this, std::move(*c));
  }

 private:
  void Release(std::unique_ptr<Connection> c) {
    c->RollbackIfOpen();
    {
      std::lock_guard lock(mu_);
      if (c->Healthy()) {
        idle_.push_back(std::move(c));
      } else {
        --open_count_;
      }
    }
    returned_.notify_one();
  }

  const Opener open_;
  const size_t max_size_;
  std::mutex mu_;
  std::condition_variable returned_;               // signalled when idle_ grows or open_ drops
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  size_t open_count_ = 0;                          // guarded by mu_: idle plus leased
};

}  // namespace khabar
