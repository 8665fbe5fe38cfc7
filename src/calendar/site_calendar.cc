#include "calendar/site_calendar.h"

#include <unicode/calendar.h>
#include <unicode/gregocal.h>
#include <unicode/locid.h>
#include <unicode/smpdtfmt.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <mutex>
#include <string_view>

namespace khabar {
namespace {

using std::chrono::days;
using std::chrono::sys_days;

constexpr int kMaxAdjustDays = 3;
// A recorded start further than this from the adjusted calculation is a typo
// (wrong month or year), not a moon sighting.
constexpr int kMaxRecordDriftDays = 3;
constexpr double kMsPerDay = 86'400'000.0;

// The letters ICU's SimpleDateFormat gives a meaning to. ICU itself accepts
// any letter and silently prints nothing for the rest ('j' is a skeleton
// letter, not a pattern letter), so we check.
constexpr std::string_view kPatternLetters = "GyYuUrQqMLlwWdDFgEecahHKkmsSAzZOvVXxbB";

constexpr std::array<std::string_view, 4> kHijriTypes = {"islamic-umalqura", "islamic-civil",
                                                         "islamic", "islamic-tbla"};

// Noon UTC of `d` as an ICU date: far from any day boundary in any zone.
UDate NoonUtc(sys_days d) {
  return (static_cast<double>(d.time_since_epoch().count()) + 0.5) * kMsPerDay;
}

sys_days DayOfUDate(UDate ms) {
  return sys_days(days(static_cast<int64_t>(std::floor(ms / kMsPerDay))));
}

UDate ToUDate(Seconds t) { return static_cast<double>(t.time_since_epoch().count()) * 1000.0; }

std::string ToUtf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string MonthKey(int year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%d-%02d", year, month);
  return buf;
}

// CheckPattern rejects date patterns ICU would accept but format badly.
Status CheckPattern(const std::string& key, const std::string& pattern) {
  auto bad = [&](const std::string& why) {
    return Status(Code::kInvalidArgument,
                  key + ": " + why + " in ICU date pattern '" + pattern + "'");
  };
  if (pattern.empty()) return Status(Code::kInvalidArgument, key + ": empty ICU date pattern");
  bool quoted = false;
  for (char c : pattern) {
    if (c == '\'') {  // "''" toggles twice: a literal quote
      quoted = !quoted;
      continue;
    }
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!quoted && letter && kPatternLetters.find(c) == std::string_view::npos) {
      return bad(std::string("unknown letter '") + c + "' (quote literal text with '...')");
    }
  }
  if (quoted) return bad("unclosed quote");
  return Status::Ok();
}

struct HijriDate {
  int year = 0;
  int month = 0;  // 1..12
  int day = 0;
};

// Month index: counts Hijri months so that neighbours differ by one.
int MonthIndex(int year, int month) { return year * 12 + (month - 1); }

}  // namespace

struct SiteCalendar::Impl {
  // Set by Create, then only read.
  std::vector<std::string> month_names;
  int adjust_days = 0;
  std::map<int, sys_days> records;  // month index -> recorded first day

  // ICU calendars and formats keep state while they work, so every use
  // holds mu. Work under it is a few field computations per call.
  std::mutex mu;
  std::unique_ptr<icu::TimeZone> zone;               // the site's zone
  std::unique_ptr<icu::Calendar> hijri;              // calendar.hijri, in GMT
  std::unique_ptr<icu::Calendar> local;              // Gregorian, in zone
  std::unique_ptr<icu::SimpleDateFormat> date_text;  // site.date_format, in GMT (fed noon UTC)
  std::unique_ptr<icu::SimpleDateFormat> time_text;  // site.time_format, in zone

  // The rest REQUIRES: mu held.

  // CalculatedDate is C(d): ICU's Hijri date of d + adjust_days.
  HijriDate CalculatedDate(sys_days d) {
    UErrorCode st = U_ZERO_ERROR;
    hijri->setTime(NoonUtc(d + days(adjust_days)), st);
    HijriDate h;
    h.year = hijri->get(UCAL_YEAR, st);
    h.month = hijri->get(UCAL_MONTH, st) + 1;
    h.day = hijri->get(UCAL_DATE, st);
    return h;
  }

  // CalculatedStart is Cs(k): the local day the adjusted calculation makes
  // day 1 of month k.
  sys_days CalculatedStart(int k) {
    UErrorCode st = U_ZERO_ERROR;
    hijri->clear();
    hijri->set(UCAL_YEAR, k / 12);
    hijri->set(UCAL_MONTH, k % 12);
    hijri->set(UCAL_DATE, 1);
    hijri->set(UCAL_HOUR_OF_DAY, 12);
    return DayOfUDate(hijri->getTime(st)) - days(adjust_days);
  }

  // EffectiveStart is E(k), the rule in the header.
  sys_days EffectiveStart(int k) {
    auto next = records.lower_bound(k);
    if (next != records.end() && next->first == k) return next->second;
    int64_t lo = std::numeric_limits<int64_t>::min();
    int64_t hi = std::numeric_limits<int64_t>::max();
    if (next != records.begin()) {
      auto [p, start] = *std::prev(next);
      int64_t r = start.time_since_epoch().count();
      lo = r + 29 * int64_t{k - p};
      hi = r + 30 * int64_t{k - p};
    }
    if (next != records.end()) {
      auto [n, start] = *next;
      int64_t r = start.time_since_epoch().count();
      lo = std::max(lo, r - 30 * int64_t{n - k});
      hi = std::min(hi, r - 29 * int64_t{n - k});
    }
    // Records are checked to be 29-30 days a month apart, so lo <= hi.
    int64_t c = CalculatedStart(k).time_since_epoch().count();
    return sys_days(days(std::clamp(c, lo, hi)));
  }

  HijriDate HijriOf(sys_days d) {
    HijriDate c = CalculatedDate(d);
    int k = MonthIndex(c.year, c.month);
    // E is strictly increasing and stays within days of the calculation, so
    // this walks at most a step or two.
    sys_days start = EffectiveStart(k);
    while (start > d) start = EffectiveStart(--k);
    for (sys_days next = EffectiveStart(k + 1); next <= d; next = EffectiveStart(k + 1)) {
      ++k;
      start = next;
    }
    return HijriDate{k / 12, k % 12 + 1, static_cast<int>((d - start).count()) + 1};
  }

  // OffsetAt is the zone's total offset from UTC at `ms`, in milliseconds.
  int32_t OffsetAt(UDate ms) {
    UErrorCode st = U_ZERO_ERROR;
    int32_t raw = 0, dst = 0;
    zone->getOffset(ms, false, raw, dst, st);
    return U_SUCCESS(st) ? raw + dst : 0;
  }

  sys_days LocalDay(Seconds t) {
    auto offset = std::chrono::seconds(OffsetAt(ToUDate(t)) / 1000);
    return std::chrono::floor<days>(t + offset);
  }
};

Result<SiteCalendar> SiteCalendar::Create(const SiteSettings& site, const CalendarSettings& cal,
                                          std::vector<HijriMonthStart> starts) {
  auto impl = std::make_shared<Impl>();
  UErrorCode st = U_ZERO_ERROR;

  // Time zone: only real IANA (system) ids; ICU maps unknown names to GMT.
  icu::UnicodeString zone_id = icu::UnicodeString::fromUTF8(site.timezone);
  icu::UnicodeString canonical;
  UBool is_system = false;
  icu::TimeZone::getCanonicalID(zone_id, canonical, is_system, st);
  if (U_FAILURE(st) || !is_system) {
    return InvalidArgument("[site] timezone: unknown time zone '" + site.timezone + "'");
  }
  impl->zone.reset(icu::TimeZone::createTimeZone(zone_id));

  // Locale for Gregorian text: the site language, forced to the Gregorian
  // calendar (some locales default to another one).
  icu::Locale locale(site.language.c_str());
  if (site.language.empty() || locale.isBogus()) {
    return InvalidArgument("[site] language: '" + site.language + "' is not a locale name");
  }
  st = U_ZERO_ERROR;
  locale.setKeywordValue("calendar", "gregorian", st);
  if (U_FAILURE(st)) {
    return InvalidArgument("[site] language: '" + site.language + "' is not a locale name");
  }

  auto make_format = [&](const std::string& key, const std::string& pattern,
                         std::unique_ptr<icu::SimpleDateFormat>* out) -> Status {
    if (Status s = CheckPattern(key, pattern); !s.ok()) return s;
    UErrorCode fst = U_ZERO_ERROR;
    auto f =
        std::make_unique<icu::SimpleDateFormat>(icu::UnicodeString::fromUTF8(pattern), locale, fst);
    if (U_FAILURE(fst)) {
      return Status(Code::kInvalidArgument,
                    key + ": ICU rejects date pattern '" + pattern + "': " + u_errorName(fst));
    }
    *out = std::move(f);
    return Status::Ok();
  };
  if (Status s = make_format("[site] date_format", site.date_format, &impl->date_text); !s.ok()) {
    return Err(s);
  }
  if (Status s = make_format("[site] time_format", site.time_format, &impl->time_text); !s.ok()) {
    return Err(s);
  }
  impl->date_text->setTimeZone(*icu::TimeZone::getGMT());
  impl->time_text->setTimeZone(*impl->zone);

  // Local Gregorian calendar for midnights. Midnight may be skipped by a DST
  // jump (take the first instant after it) or repeated (take the first).
  st = U_ZERO_ERROR;
  impl->local = std::make_unique<icu::GregorianCalendar>(*impl->zone, st);
  if (U_FAILURE(st)) return Internal(std::string("ICU Gregorian calendar: ") + u_errorName(st));
  impl->local->setSkippedWallTimeOption(UCAL_WALLTIME_NEXT_VALID);
  impl->local->setRepeatedWallTimeOption(UCAL_WALLTIME_FIRST);

  // Hijri calendar. ICU falls back to Gregorian for a type it does not know,
  // so both the name and the calendar built are checked.
  if (std::find(kHijriTypes.begin(), kHijriTypes.end(), cal.hijri) == kHijriTypes.end()) {
    return InvalidArgument("[calendar] hijri: unsupported calendar '" + cal.hijri +
                           "' (use islamic-umalqura, islamic-civil, islamic or islamic-tbla)");
  }
  std::string hijri_locale = "en@calendar=" + cal.hijri;
  st = U_ZERO_ERROR;
  impl->hijri.reset(icu::Calendar::createInstance(icu::TimeZone::getGMT()->clone(),
                                                  icu::Locale(hijri_locale.c_str()), st));
  if (U_FAILURE(st) || impl->hijri == nullptr || cal.hijri != impl->hijri->getType()) {
    return InvalidArgument("[calendar] hijri: ICU has no calendar '" + cal.hijri + "'");
  }

  if (cal.hijri_adjust_days < -kMaxAdjustDays || cal.hijri_adjust_days > kMaxAdjustDays) {
    return InvalidArgument("[calendar] hijri_adjust_days: " +
                           std::to_string(cal.hijri_adjust_days) + " is outside -3..3");
  }
  impl->adjust_days = cal.hijri_adjust_days;

  if (cal.hijri_month_names.size() != 12) {
    return InvalidArgument("[calendar] hijri_month_names: expected 12 names, got " +
                           std::to_string(cal.hijri_month_names.size()));
  }
  for (size_t i = 0; i < cal.hijri_month_names.size(); ++i) {
    if (cal.hijri_month_names[i].empty()) {
      return InvalidArgument("[calendar] hijri_month_names: name " + std::to_string(i + 1) +
                             " is empty");
    }
  }
  impl->month_names = cal.hijri_month_names;

  // Records: each must be plausible on its own and against its neighbours,
  // so that every month keeps 29 or 30 days.
  for (const HijriMonthStart& r : starts) {
    std::string key = "hijri month start " + MonthKey(r.year, r.month);
    if (r.month < 1 || r.month > 12 || r.year < 1 || !r.first_day.ok()) {
      return InvalidArgument(key + ": not a valid Hijri month and Gregorian day");
    }
    if (!impl->records.emplace(MonthIndex(r.year, r.month), sys_days(r.first_day)).second) {
      return InvalidArgument(key + ": recorded twice");
    }
  }
  int prev_k = 0;
  sys_days prev_start{};
  bool have_prev = false;
  for (auto [k, start] : impl->records) {
    std::string key = "hijri month start " + MonthKey(k / 12, k % 12 + 1) + " (" +
                      FormatCivilDate(std::chrono::year_month_day(start)) + ")";
    auto drift = (start - impl->CalculatedStart(k)).count();
    if (std::abs(drift) > kMaxRecordDriftDays) {
      return InvalidArgument(key + ": " + std::to_string(drift) +
                             " days from the calculated start; at most 3 allowed");
    }
    if (have_prev) {
      auto gap = (start - prev_start).count();
      int64_t months = k - prev_k;
      if (gap < 29 * months || gap > 30 * months) {
        return InvalidArgument(key + ": " + std::to_string(gap) + " days after the start of " +
                               MonthKey(prev_k / 12, prev_k % 12 + 1) +
                               "; months must have 29 or 30 days");
      }
    }
    prev_k = k;
    prev_start = start;
    have_prev = true;
  }

  return SiteCalendar(std::move(impl));
}

DateLine SiteCalendar::ForInstant(Seconds now) const { return ForLocalDay(LocalDate(now)); }

DateLine SiteCalendar::ForLocalDay(std::chrono::year_month_day day) const {
  sys_days d(day);
  DateLine line;
  line.iso_date = FormatCivilDate(day);
  std::lock_guard lock(impl_->mu);
  icu::UnicodeString text;
  icu::FieldPosition pos;
  impl_->date_text->format(NoonUtc(d), text, pos);
  line.gregorian = ToUtf8(text);
  HijriDate h = impl_->HijriOf(d);
  line.hijri_year = h.year;
  line.hijri_month = h.month;
  line.hijri_day = h.day;
  line.hijri =
      std::to_string(h.day) + " " + impl_->month_names[h.month - 1] + " " + std::to_string(h.year);
  return line;
}

std::chrono::year_month_day SiteCalendar::LocalDate(Seconds t) const {
  std::lock_guard lock(impl_->mu);
  return std::chrono::year_month_day(impl_->LocalDay(t));
}

Seconds SiteCalendar::NextLocalMidnight(Seconds t) const {
  std::lock_guard lock(impl_->mu);
  std::chrono::year_month_day next(impl_->LocalDay(t) + days(1));
  icu::Calendar& c = *impl_->local;
  UErrorCode st = U_ZERO_ERROR;
  c.clear();
  c.set(static_cast<int>(next.year()), static_cast<unsigned>(next.month()) - 1,
        static_cast<unsigned>(next.day()), 0, 0, 0);
  auto ms = static_cast<int64_t>(std::floor(c.getTime(st) / 1000.0));
  Seconds midnight{std::chrono::seconds(ms)};
  // Never answer a time not after t: a caller waiting for it would spin.
  if (U_FAILURE(st) || midnight <= t) return t + std::chrono::seconds(1);
  return midnight;
}

std::string SiteCalendar::FormatTime(Seconds t) const {
  std::lock_guard lock(impl_->mu);
  icu::UnicodeString text;
  icu::FieldPosition pos;
  impl_->time_text->format(ToUDate(t), text, pos);
  return ToUtf8(text);
}

std::string SiteCalendar::FormatIsoLocal(Seconds t) const {
  int32_t offset_ms;
  {
    std::lock_guard lock(impl_->mu);
    offset_ms = impl_->OffsetAt(ToUDate(t));
  }
  int offset_min = offset_ms / 60'000;  // toward zero; see the header
  Seconds local = t + std::chrono::minutes(offset_min);
  auto day = std::chrono::floor<days>(local);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(local - day);
  int abs_min = std::abs(offset_min);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                offset_min < 0 ? '-' : '+', abs_min / 60, abs_min % 60);
  return buf;
}

std::string SiteCalendar::FormatLocalInput(Seconds t) const {
  return FormatIsoLocal(t).substr(0, 16);
}

Result<Seconds> SiteCalendar::ParseLocalInput(std::string_view text) const {
  auto bad = [&] {
    return InvalidArgument("'" + std::string(text) +
                           "' is not a date and time like 2024-02-28T09:30");
  };
  if (text.size() != 16 && text.size() != 19) return bad();
  // Parse as if UTC, then read the fields back in the site's zone.
  auto as_utc = ParseIso8601(std::string(text) + "Z");
  if (!as_utc) return bad();
  auto day = std::chrono::floor<days>(*as_utc);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(*as_utc - day);
  std::lock_guard lock(impl_->mu);
  icu::Calendar& c = *impl_->local;
  UErrorCode st = U_ZERO_ERROR;
  c.clear();
  c.set(static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()) - 1,
        static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
        static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  UDate ms = c.getTime(st);
  if (U_FAILURE(st)) return bad();
  return Seconds{std::chrono::seconds(static_cast<int64_t>(std::floor(ms / 1000.0)))};
}

}  // namespace khabar
