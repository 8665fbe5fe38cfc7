#include "auth/session_gate.h"

#include "auth/cookies.h"

namespace khabar {

SessionGate::State SessionGate::Check(std::string_view cookie_header) {
  if (cookie_header.empty()) return State::kNone;
  std::optional<std::string_view> value =
      FindCookie(cookie_header, accounts_.options().cookie_name);
  if (!value) return State::kNone;
  const std::string token(*value);
  const SteadyTime now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    if (auto it = answers_.find(token); it != answers_.end() && now < it->second.until) {
      return it->second.valid ? State::kValid : State::kInvalid;
    }
  }
  // Outside the lock: a store read. A store error counts as "not valid
  // now" and is not remembered.
  auto who = accounts_.CheckSession(cookie_header);
  const bool valid = who.has_value();
  if (valid || who.error().code() == Code::kUnauthenticated) {
    std::lock_guard lock(mu_);
    if (answers_.size() >= max_) answers_.clear();
    answers_[token] = Answer{valid, now + remember_};
  }
  return valid ? State::kValid : State::kInvalid;
}

}  // namespace khabar
