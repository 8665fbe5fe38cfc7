#include "store/postgres/change_listener.h"

#include <libpq-fe.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <thread>
#include <utility>

#include "store/postgres/postgres_store.h"

namespace khabar {
namespace {

constexpr char kListen[] = "LISTEN khabar_changes";

}  // namespace

Result<std::unique_ptr<ChangeListener>> ChangeListener::Open(const std::string& url) {
  const int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) return Err(Code::kInternal, "change listener: eventfd failed");
  std::unique_ptr<ChangeListener> listener(new ChangeListener(url, fd));
  if (Status s = listener->Connect(); !s.ok()) return Err(s);
  return listener;
}

ChangeListener::~ChangeListener() {
  if (conn_ != nullptr) PQfinish(conn_);
  close(wake_fd_);
}

Status ChangeListener::Connect() {
  if (conn_ != nullptr) PQfinish(conn_);
  conn_ = PQconnectdb(url_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Status(Code::kUnavailable,
                  "change listener: " + RedactedUrl(url_) + ": " + PQerrorMessage(conn_));
  }
  PGresult* r = PQexec(conn_, kListen);
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  if (!ok) {
    return Status(Code::kUnavailable,
                  "change listener: LISTEN failed: " + std::string(PQerrorMessage(conn_)));
  }
  return Status();
}

bool ChangeListener::Drain() {
  bool any = false;
  while (PGnotify* n = PQnotifies(conn_)) {
    any = true;
    PQfreemem(n);
  }
  return any;
}

bool ChangeListener::Wait(std::chrono::milliseconds max) {
  if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    // Reconnect; whatever was notified while the connection was down is
    // lost, so report a possible change and let the follower read the
    // journal. Pace attempts by `max` when the server is away.
    if (Connect().ok()) return true;
    std::this_thread::sleep_for(max);
    return false;
  }
  if (Drain()) return true;
  pollfd fds[2] = {{PQsocket(conn_), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  const int ready = poll(fds, 2, static_cast<int>(max.count()));
  if (ready <= 0) return false;
  if (fds[1].revents & POLLIN) {
    uint64_t count = 0;
    (void)read(wake_fd_, &count, sizeof count);
    return false;
  }
  if (PQconsumeInput(conn_) == 0) return true;  // the connection broke: reconnect next time
  return Drain();
}

void ChangeListener::Interrupt() {
  const uint64_t one = 1;
  (void)write(wake_fd_, &one, sizeof one);
}

}  // namespace khabar
