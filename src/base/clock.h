// Clock: the one source of "now". Injected everywhere so tests and demos can
// fix time (KHABAR_NOW) instead of reading the system clock.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar {

using Seconds = std::chrono::sys_seconds;

// Clock is thread-safe: Now() may be called from any thread.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Seconds Now() const = 0;
};

// SystemClock reads the real time.
class SystemClock final : public Clock {
 public:
  Seconds Now() const override;
};

// FixedClock always answers the time it was built with.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Seconds now) : now_(now) {}
  Seconds Now() const override { return now_; }

 private:
  const Seconds now_;
};

// ClockFromEnvironment returns a FixedClock when KHABAR_NOW holds an ISO 8601
// time, the SystemClock when it is unset, and an error when it is malformed.
Result<std::unique_ptr<Clock>> ClockFromEnvironment();

// ParseIso8601 parses "2024-02-28T12:00:00+05:00", "...Z", "...+0500",
// "2024-02-28T12:00" (UTC), or "2024-02-28" (midnight UTC), with optional
// fractional seconds (dropped). The error names the text and what is wrong.
Result<Seconds> ParseIso8601(std::string_view text);

// ParseCivilDate parses "YYYY-MM-DD" and checks the day exists.
Result<std::chrono::year_month_day> ParseCivilDate(std::string_view text);

// FormatIso8601Utc formats as "2024-02-28T07:00:00Z".
std::string FormatIso8601Utc(Seconds t);

// FormatCivilDate formats as "2024-02-28".
std::string FormatCivilDate(std::chrono::year_month_day d);

}  // namespace khabar
