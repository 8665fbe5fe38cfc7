// SiteCalendar: the site's date line (Gregorian + Hijri) and its local times.
//
// Everything here is "where the site is": the local day comes from
// [site] timezone, Gregorian text from [site] date_format / time_format in
// the [site] language locale, and the Hijri date from [calendar] plus the
// month starts the newsroom recorded (Store::ListHijriMonthStarts).
//
// The Hijri date of a local Gregorian day D
// -----------------------------------------
// Calculation. C(D) is the date ICU's calendar `calendar.hijri` gives for
// the day D + hijri_adjust_days. Cs(k) is the first day of Hijri month k by
// that calculation (k counts months: year * 12 + month - 1). Calculated
// months have 29 or 30 days.
//
// Recorded starts win. Each month k has an effective first day E(k):
//   - E(k) = R(k) when month k has a recorded start R(k);
//   - otherwise E(k) = clamp(Cs(k), lo(k), hi(k)), where the bounds come
//     from the nearest records on each side, so that every month between
//     them has 29 or 30 days:
//       after the previous record p < k:  E(k) in [R(p) + 29(k-p), R(p) + 30(k-p)]
//       before the next record n > k:     E(k) in [R(n) - 30(n-k), R(n) - 29(n-k)]
//     (a side with no record gives no bound).
// D is day D - E(k) + 1 of the month k with E(k) <= D < E(k+1).
//
// What that means in practice:
//   - A recorded month runs from its start to the recorded start of the
//     next month or, when none is recorded, to the calculated next start
//     clamped to give it 29 or 30 days.
//   - When a recorded month ends on a day the calculation disagrees with,
//     the following months keep counting from there (each 29 or 30 days)
//     until they meet the calculation again, normally after one month; from
//     then on the calculation rules. The month before a recorded start is
//     likewise stretched or shortened (to 29 or 30 days) to end the day
//     before it. So no Hijri day is ever skipped or repeated, across year
//     ends too, and an old record only reaches as far as that catch-up.
//
// Thread safety: a SiteCalendar is immutable after Create; every method is
// const and may be called from any thread. Copies share one implementation.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "calendar/month_start.h"
#include "config/settings.h"

namespace khabar {

// DateLine is the date line of one local day, ready for a template.
struct DateLine {
  std::string gregorian;  // site.date_format in site.language: "Wednesday, February 28, 2024"
  std::string hijri;      // "<day> <month name> <year>": "18 Jumada al-Akhirah 1448"
  std::string iso_date;   // the local Gregorian day, "2024-02-28" (for <time datetime>)
  int hijri_year = 0;
  int hijri_month = 0;  // 1..12
  int hijri_day = 0;    // 1..30
};

class SiteCalendar {
 public:
  // Create validates the settings and the records and builds the calendar.
  // Errors are kInvalidArgument naming the key or record:
  //   [site] timezone: not a known IANA time zone
  //   [site] language: not a locale name ICU can parse
  //   [site] date_format, [site] time_format: empty or not an ICU date
  //     pattern (unknown letter, unclosed quote)
  //   [calendar] hijri: not one of islamic-umalqura, islamic-civil,
  //     islamic, islamic-tbla
  //   [calendar] hijri_adjust_days: outside -3..3
  //   [calendar] hijri_month_names: not 12 non-empty names
  //   hijri month start <y>-<m>: month outside 1..12, recorded twice, more
  //     than 3 days from the (adjusted) calculation, or not 29 or 30 days per
  //     month from the neighbouring record.
  static Result<SiteCalendar> Create(const SiteSettings& site, const CalendarSettings& cal,
                                     std::vector<HijriMonthStart> starts);

  // ForInstant returns the date line of the local day that contains `now`.
  DateLine ForInstant(Seconds now) const;

  // ForLocalDay returns the date line of the local day `day`.
  // REQUIRES: day.ok().
  DateLine ForLocalDay(std::chrono::year_month_day day) const;

  // LocalDate returns the Gregorian day in the site's time zone at `t`.
  std::chrono::year_month_day LocalDate(Seconds t) const;

  // NextLocalMidnight returns the first instant of the local day after the
  // one containing `t` (the end of a DST gap if midnight is skipped, the
  // first midnight if it repeats). Always later than `t`.
  Seconds NextLocalMidnight(Seconds t) const;

  // FormatTime formats `t` with site.time_format in the site's zone and
  // language: "28 October 2023, 9:30 AM".
  std::string FormatTime(Seconds t) const;

  // FormatIsoLocal formats `t` as local ISO 8601 with the zone's offset at
  // `t`: "2023-10-28T09:30:00+05:00". The offset is truncated to whole
  // minutes (and the local time computed with it), so the text still names
  // exactly `t` in the rare zones with second offsets (old LMT).
  std::string FormatIsoLocal(Seconds t) const;

  // FormatLocalInput formats `t` for an HTML datetime-local input in the
  // site's zone: "2023-10-28T09:30".
  std::string FormatLocalInput(Seconds t) const;

  // ParseLocalInput reads a datetime-local value ("2023-10-28T09:30", with
  // optional ":ss") as a time in the site's zone. kInvalidArgument names the
  // text. A time skipped by a DST change is taken as the instant after it.
  Result<Seconds> ParseLocalInput(std::string_view text) const;

 private:
  struct Impl;
  explicit SiteCalendar(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

  std::shared_ptr<Impl> impl_;  // never null; shared by copies
};

}  // namespace khabar
