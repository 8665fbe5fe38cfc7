#include "store/sqlite/internal/connection_pool.h"

#include <utility>

namespace khabar::sqlite_internal {

ConnectionPool::ConnectionPool(Opener open, size_t max_size, std::unique_ptr<Connection> first)
    : open_(std::move(open)), max_size_(max_size) {
  if (first) {
    idle_.push_back(std::move(first));
    open_count_ = 1;
  }
}

ConnectionPool::Lease::~Lease() {
  if (connection_) pool_->Release(std::move(connection_));
}

Result<ConnectionPool::Lease> ConnectionPool::Acquire() {
  std::unique_lock lock(mu_);
  returned_.wait(lock, [this] { return !idle_.empty() || open_count_ < max_size_; });
  if (!idle_.empty()) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(c));
  }
  // Open outside the lock: it touches the disk, and others may reuse idle
  // connections meanwhile. The slot is reserved first so the bound holds.
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

void ConnectionPool::Release(std::unique_ptr<Connection> c) {
  c->RollbackIfOpen();
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  returned_.notify_one();
}

}  // namespace khabar::sqlite_internal
