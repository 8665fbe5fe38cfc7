// ChangeListener: a ChangeSignal from PostgreSQL's LISTEN/NOTIFY.
//
// The change journal's triggers (migrations.cc, kChangesPostgres) NOTIFY
// the channel `khabar_changes` in the transaction that writes to the
// journal; PostgreSQL delivers it to every listening session when that
// transaction commits, so a node hears of another node's write within a
// network round trip. The listener keeps its own connection (a pooled one
// would be handed to other work); when that connection drops, Wait
// reconnects and reports a (possible) change, since notifications sent
// meanwhile are lost.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/status.h"
#include "store/change_signal.h"

typedef struct pg_conn PGconn;

namespace khabar {

class ChangeListener final : public ChangeSignal {
 public:
  // Open connects to `url` and starts listening. kUnavailable when the
  // server cannot be reached.
  static Result<std::unique_ptr<ChangeListener>> Open(const std::string& url);
  ~ChangeListener() override;

  // Wait and Interrupt: see ChangeSignal. Wait must be called from one
  // thread at a time.
  bool Wait(std::chrono::milliseconds max) override;
  void Interrupt() override;

 private:
  ChangeListener(std::string url, int wake_fd) : url_(std::move(url)), wake_fd_(wake_fd) {}
  Status Connect();
  bool Drain();  // true when a notification was waiting

  const std::string url_;
  const int wake_fd_;  // an eventfd Interrupt writes to
  PGconn* conn_ = nullptr;
};

}  // namespace khabar
