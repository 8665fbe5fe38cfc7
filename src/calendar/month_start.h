// HijriMonthStart: one recorded start of a Hijri month, the value the
// newsroom records (Store::SetHijriMonthStart) and the calendar reads
// (SiteCalendar). Its own small header, so the calendar needs nothing of
// the store.
#pragma once

#include <chrono>

namespace khabar {

// HijriMonthStart records that day 1 of Hijri month `month` of `year` fell on
// the Gregorian `first_day` where the site is (a moon-sighting decision).
struct HijriMonthStart {
  int year = 0;
  int month = 0;  // 1..12
  std::chrono::year_month_day first_day;
};

}  // namespace khabar
