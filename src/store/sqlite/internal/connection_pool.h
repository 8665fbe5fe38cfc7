// ConnectionPool hands each concurrent caller its own SQLite connection.
//
// SQLite connections are cheap but not shareable between threads mid-query,
// and each one keeps its own prepared statements, so the pool keeps idle
// connections for reuse, opens new ones up to a bound, and makes further
// callers wait for one to come back. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "base/status.h"
#include "store/sqlite/internal/connection.h"

namespace khabar::sqlite_internal {

class ConnectionPool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Connection>>()>;

  // REQUIRES: max_size >= 1. `first` (may be null) starts the idle list.
  ConnectionPool(Opener open, size_t max_size, std::unique_ptr<Connection> first);

  // Lease is a connection on loan; destroying it gives it back.
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> c)
        : pool_(pool), connection_(std::move(c)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  // Acquire returns an idle connection, opens one if fewer than max_size
  // exist, or waits for one to be given back. Fails only if opening fails.
  Result<Lease> Acquire();

 private:
  void Release(std::unique_ptr<Connection> c);

  const Opener open_;
  const size_t max_size_;
  std::mutex mu_;
  std::condition_variable returned_;               // signalled when idle_ grows or open_ drops
  std::vector<std::unique_ptr<Connection>> idle_;  // guarded by mu_
  size_t open_count_ = 0;                          // guarded by mu_: idle plus leased
};

}  // namespace khabar::sqlite_internal
