#include "base/clock.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace khabar {
namespace {

// Reads exactly `width` digits at text[pos] into *out.
bool ReadDigits(std::string_view text, size_t pos, size_t width, int* out) {
  if (pos + width > text.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + width; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

Seconds SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Result<std::unique_ptr<Clock>> ClockFromEnvironment() {
  const char* env = std::getenv("KHABAR_NOW");
  if (env == nullptr || *env == '\0') return std::make_unique<SystemClock>();
  auto t = ParseIso8601(env);
  if (!t) return Err(t.error().WithContext("KHABAR_NOW"));
  return std::make_unique<FixedClock>(*t);
}

Result<std::chrono::year_month_day> ParseCivilDate(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || !ReadDigits(text, 0, 4, &y) || text[4] != '-' ||
      !ReadDigits(text, 5, 2, &m) || text[7] != '-' || !ReadDigits(text, 8, 2, &d)) {
    return InvalidArgument("'" + std::string(text) + "' is not a date of the form YYYY-MM-DD");
  }
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
  if (!ymd.ok()) return InvalidArgument("'" + std::string(text) + "' is not a real day");
  return ymd;
}

Result<Seconds> ParseIso8601(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("'" + std::string(text) + "' is not an ISO 8601 time (" +
                           std::string(why) + ")");
  };
  auto date = ParseCivilDate(text.substr(0, 10));
  if (!date) return bad("expected YYYY-MM-DD at the start");
  Seconds t = std::chrono::sys_days(*date);
  if (text.size() == 10) return t;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
    return bad("expected 'T' after the date");
  int hh, mm, ss = 0;
  size_t pos = 11;
  if (!ReadDigits(text, pos, 2, &hh) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
      !ReadDigits(text, pos + 3, 2, &mm)) {
    return bad("expected HH:MM after 'T'");
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, &ss)) return bad("expected two digits of seconds");
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return bad("expected digits after the decimal point");
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return bad("hour, minute or second out of range");
  t += std::chrono::hours(hh) + std::chrono::minutes(mm) + std::chrono::seconds(ss == 60 ? 59 : ss);
  if (pos == text.size()) return t;  // no offset: UTC
  char sign = text[pos];
  if ((sign == 'Z' || sign == 'z') && pos + 1 == text.size()) return t;
  if (sign != '+' && sign != '-') return bad("expected 'Z' or an offset like +05:00");
  int oh, om = 0;
  if (!ReadDigits(text, pos + 1, 2, &oh)) return bad("expected an offset like +05:00");
  size_t rest = pos + 3;
  if (rest < text.size() && text[rest] == ':') ++rest;
  if (rest < text.size()) {
    if (!ReadDigits(text, rest, 2, &om)) return bad("expected an offset like +05:00");
    rest += 2;
  }
  if (rest != text.size()) return bad("unexpected text after the offset");
  if (oh > 18 || om > 59) return bad("offset out of range");
  auto offset = std::chrono::hours(oh) + std::chrono::minutes(om);
  return sign == '+' ? t - offset : t + offset;
}

std::string FormatIso8601Utc(Seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(t - day);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()));
  return buf;
}

std::string FormatCivilDate(std::chrono::year_month_day d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()),
                unsigned(d.day()));
  return buf;
}

}  // namespace khabar
