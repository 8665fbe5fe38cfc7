// SessionGate: whether a request's session cookie names a live newsroom
// session, answered cheaply, for the public page cache.
//
// A signed-in editor bypasses the page cache and sees every page as it is
// now. Bypassing on the mere presence of the cookie let anyone force a
// render per request with "Cookie: khabar_session=x" (issue 15, L5), so
// the cache asks the gate instead. The gate remembers each answer for
// `remember` of elapsed time, so an editor reading the site or a client
// repeating one made-up cookie costs one store read per period, and a
// reader without the cookie costs nothing. A malformed cookie is refused
// without a store read (Accounts::CheckSession, which never slides a
// session: the newsroom's own Authenticate renews it and its cookie).
//
// What it costs to be wrong: a session signed out elsewhere may keep
// bypassing the cache for up to `remember`; nothing is granted by it (the
// newsroom authenticates every request itself).
//
// Thread-safe. Borrows Accounts and the SteadyClock, which must outlive it.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "auth/accounts.h"
#include "base/steady_clock.h"

namespace khabar {

class SessionGate {
 public:
  enum class State {
    kNone,     // no session cookie
    kValid,    // a live session
    kInvalid,  // a cookie that names no live session: the answer should clear it
  };

  // max_remembered bounds the answers kept; past it they are all forgotten
  // (a flood of made-up cookies costs store reads, never memory).
  SessionGate(Accounts& accounts, const SteadyClock& clock,
              std::chrono::seconds remember = std::chrono::seconds(30),
              size_t max_remembered = 10000)
      : accounts_(accounts), clock_(clock), remember_(remember), max_(max_remembered) {}

  // Check reads the session cookie from `cookie_header` (a Cookie header
  // value, "" when none).
  State Check(std::string_view cookie_header);

 private:
  struct Answer {
    bool valid = false;
    SteadyTime until;
  };
  Accounts& accounts_;
  const SteadyClock& clock_;
  const std::chrono::seconds remember_;
  const size_t max_;
  std::mutex mu_;
  std::unordered_map<std::string, Answer> answers_;  // by cookie value; guarded by mu_
};

}  // namespace khabar
