// ChangeSignal: a wake-up when the change journal (store.h, ListChanges)
// may have grown, so its followers need not poll often.
//
// With several nodes on one PostgreSQL database, a write on one node must
// reach the page caches of the others quickly. Polling the journal every
// few hundred milliseconds on every node works but costs a query each time;
// PostgreSQL's LISTEN/NOTIFY tells a node the moment another one commits
// (store/postgres/change_listener.h). Followers then poll only as a safety
// net, for a notification lost with a connection.
#pragma once

#include <chrono>

namespace khabar {

class ChangeSignal {
 public:
  virtual ~ChangeSignal() = default;
  // Wait blocks until a change may have been written (true), `max` passes
  // or Interrupt is called (false). A spurious true is allowed.
  virtual bool Wait(std::chrono::milliseconds max) = 0;
  // Interrupt makes the current and the next Wait return at once. Safe
  // from any thread.
  virtual void Interrupt() = 0;
};

}  // namespace khabar
