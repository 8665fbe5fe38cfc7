#include "calendar/site_calendar.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace khabar {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day Day(const char* text) { return ParseCivilDate(text).value(); }
Seconds At(const char* text) { return ParseIso8601(text).value(); }

SiteSettings KarachiSite() {
  SiteSettings site;
  site.timezone = "Asia/Karachi";
  return site;
}

// The seed's [calendar] table (../shared/seed/site.toml).
CalendarSettings SeedCalendar() {
  CalendarSettings cal;
  cal.hijri = "islamic-umalqura";
  cal.hijri_adjust_days = -1;
  cal.hijri_month_names = {"Muharram",       "Safar",          "Rabi ul Awal", "Rabi us Sani",
                           "Jamadi ul Awal", "Jamadi us Sani", "Rajab",        "Shaban",
                           "Ramzan",         "Shawwal",        "Zul Qaada",    "Zul Hijja"};
  return cal;
}

CalendarSettings UmmAlQura(int adjust = 0) {
  CalendarSettings cal = SeedCalendar();
  cal.hijri_adjust_days = adjust;
  return cal;
}

SiteCalendar Make(const CalendarSettings& cal, std::vector<HijriMonthStart> starts = {},
                  const SiteSettings& site = KarachiSite()) {
  auto c = SiteCalendar::Create(site, cal, std::move(starts));
  EXPECT_TRUE(c.has_value()) << c.error().ToString();
  return std::move(c).value();
}

std::string Hijri(const SiteCalendar& c, const char* day) { return c.ForLocalDay(Day(day)).hijri; }

// ExpectContinuous checks that from `first` to `last` every day is the day
// after the one before: no Hijri day skipped or repeated, months of 29 or 30
// days, Dhu al-Hijjah followed by Muharram of the next year.
void ExpectContinuous(const SiteCalendar& c, const char* first, const char* last) {
  sys_days end(Day(last));
  DateLine prev = c.ForLocalDay(Day(first));
  for (sys_days d = sys_days(Day(first)) + days(1); d <= end; d += days(1)) {
    DateLine cur = c.ForLocalDay(year_month_day(d));
    SCOPED_TRACE(cur.iso_date + " after " + prev.hijri + " is " + cur.hijri);
    if (cur.hijri_day == 1) {
      EXPECT_TRUE(prev.hijri_day == 29 || prev.hijri_day == 30);
      if (prev.hijri_month == 12) {
        EXPECT_EQ(cur.hijri_month, 1);
        EXPECT_EQ(cur.hijri_year, prev.hijri_year + 1);
      } else {
        EXPECT_EQ(cur.hijri_month, prev.hijri_month + 1);
        EXPECT_EQ(cur.hijri_year, prev.hijri_year);
      }
    } else {
      EXPECT_EQ(cur.hijri_day, prev.hijri_day + 1);
      EXPECT_EQ(cur.hijri_month, prev.hijri_month);
      EXPECT_EQ(cur.hijri_year, prev.hijri_year);
    }
    prev = cur;
  }
}

// ---- The seed site ----

TEST(SiteCalendarTest, SeedDateLine) {
  SiteCalendar c = Make(SeedCalendar());
  DateLine line = c.ForInstant(At("2024-02-28T12:00:00+05:00"));
  EXPECT_EQ(line.gregorian, "Wednesday, February 28, 2024");
  EXPECT_EQ(line.hijri, "17 Shaban 1445");
  EXPECT_EQ(line.iso_date, "2024-02-28");
  EXPECT_EQ(line.hijri_year, 1445);
  EXPECT_EQ(line.hijri_month, 8);
  EXPECT_EQ(line.hijri_day, 17);
}

TEST(SiteCalendarTest, LateUtcIsAlreadyTomorrowInKarachi) {
  SiteCalendar c = Make(SeedCalendar());
  // 20:00 UTC is 01:00 on the 29th in Karachi (+05:00).
  DateLine line = c.ForInstant(At("2024-02-28T20:00:00Z"));
  EXPECT_EQ(line.gregorian, "Thursday, February 29, 2024");
  EXPECT_EQ(line.hijri, "18 Shaban 1445");
  EXPECT_EQ(line.iso_date, "2024-02-29");
  // One second before local midnight is still the 28th.
  EXPECT_EQ(c.ForInstant(At("2024-02-28T18:59:59Z")).hijri, "17 Shaban 1445");
  EXPECT_EQ(c.ForInstant(At("2024-02-28T19:00:00Z")).hijri, "18 Shaban 1445");
}

TEST(SiteCalendarTest, DateFormatAndLanguageComeFromSettings) {
  SiteSettings site = KarachiSite();
  site.date_format = "d MMMM y";
  EXPECT_EQ(Make(SeedCalendar(), {}, site).ForLocalDay(Day("2024-02-28")).gregorian,
            "28 February 2024");
  site.language = "fr";
  site.date_format = "EEEE d MMMM y";
  EXPECT_EQ(Make(SeedCalendar(), {}, site).ForLocalDay(Day("2024-02-28")).gregorian,
            "mercredi 28 février 2024");
}

TEST(SiteCalendarTest, ArabicLanguageStillGetsAGregorianDateLine) {
  // ar-SA defaults to an Islamic calendar in CLDR; the date line is
  // Gregorian whatever the language.
  SiteSettings site = KarachiSite();
  site.language = "ar-SA";
  site.date_format = "y-MM-dd";
  std::string text = Make(SeedCalendar(), {}, site).ForLocalDay(Day("2024-02-28")).gregorian;
  EXPECT_EQ(text, "٢٠٢٤-٠٢-٢٨");
}

// ---- Pure calculation ----

TEST(SiteCalendarTest, UmmAlQuraKnownDates) {
  SiteCalendar c = Make(UmmAlQura(0));
  EXPECT_EQ(Hijri(c, "2024-02-28"), "18 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-10"), "29 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-11"), "1 Ramzan 1445");     // Ramadan began Monday 11 March
  EXPECT_EQ(Hijri(c, "2024-04-09"), "30 Ramzan 1445");    // a 30-day Ramadan
  EXPECT_EQ(Hijri(c, "2024-04-10"), "1 Shawwal 1445");    // Eid al-Fitr
  EXPECT_EQ(Hijri(c, "2024-06-15"), "9 Zul Hijja 1445");  // Day of Arafah
  EXPECT_EQ(Hijri(c, "2024-07-06"), "30 Zul Hijja 1445");
  EXPECT_EQ(Hijri(c, "2024-07-07"), "1 Muharram 1446");
  EXPECT_EQ(Hijri(c, "2023-03-23"), "1 Ramzan 1444");
  EXPECT_EQ(Hijri(c, "2023-07-19"), "1 Muharram 1445");
}

TEST(SiteCalendarTest, AdjustmentShiftsTheCalculation) {
  EXPECT_EQ(Hijri(Make(UmmAlQura(-1)), "2024-03-11"), "29 Shaban 1445");
  EXPECT_EQ(Hijri(Make(UmmAlQura(-1)), "2024-03-12"), "1 Ramzan 1445");
  EXPECT_EQ(Hijri(Make(UmmAlQura(+1)), "2024-03-10"), "1 Ramzan 1445");
  EXPECT_EQ(Hijri(Make(UmmAlQura(+1)), "2024-03-09"), "29 Shaban 1445");
  EXPECT_EQ(Hijri(Make(UmmAlQura(-2)), "2024-02-28"), "16 Shaban 1445");
  EXPECT_EQ(Hijri(Make(UmmAlQura(3)), "2024-07-04"), "1 Muharram 1446");
}

TEST(SiteCalendarTest, OtherIslamicCalendars) {
  for (const char* type : {"islamic-civil", "islamic", "islamic-tbla"}) {
    CalendarSettings cal = UmmAlQura(0);
    cal.hijri = type;
    SCOPED_TRACE(type);
    SiteCalendar c = Make(cal);
    DateLine line = c.ForLocalDay(Day("2024-02-28"));
    EXPECT_EQ(line.hijri_year, 1445);
    EXPECT_EQ(line.hijri_month, 8);
    EXPECT_GE(line.hijri_day, 17);
    EXPECT_LE(line.hijri_day, 19);
    ExpectContinuous(c, "2023-12-01", "2024-08-31");
  }
}

TEST(SiteCalendarTest, CalculationAloneIsContinuous) {
  ExpectContinuous(Make(SeedCalendar()), "2023-01-01", "2025-12-31");
  ExpectContinuous(Make(UmmAlQura(2)), "2024-01-01", "2024-12-31");
}

// ---- Recorded month starts ----

TEST(SiteCalendarTest, RecordedRamadanStartExtendsShaban) {
  // The calculation (adjust 0) starts Ramadan on 11 March; the record says 12.
  SiteCalendar c = Make(UmmAlQura(0), {{1445, 9, Day("2024-03-12")}});
  EXPECT_EQ(Hijri(c, "2024-02-11"), "1 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-10"), "29 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-11"), "30 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-12"), "1 Ramzan 1445");
  EXPECT_EQ(Hijri(c, "2024-04-09"), "29 Ramzan 1445");
  // No Shawwal record: the calculation's 10 April gives Ramadan 29 days.
  EXPECT_EQ(Hijri(c, "2024-04-10"), "1 Shawwal 1445");
  EXPECT_EQ(Hijri(c, "2024-05-09"), "1 Zul Qaada 1445");  // calculation again
  ExpectContinuous(c, "2024-01-01", "2024-08-31");
}

TEST(SiteCalendarTest, RecordedShawwalStartEndsRamadan) {
  SiteCalendar c =
      Make(UmmAlQura(0), {{1445, 9, Day("2024-03-12")}, {1445, 10, Day("2024-04-10")}});
  EXPECT_EQ(Hijri(c, "2024-04-09"), "29 Ramzan 1445");
  EXPECT_EQ(Hijri(c, "2024-04-10"), "1 Shawwal 1445");
  ExpectContinuous(c, "2024-01-01", "2024-08-31");
}

TEST(SiteCalendarTest, LateShawwalRecordIsFollowedByACatchUp) {
  // Shawwal seen a day after the calculation: Ramadan gets 30 days, and the
  // months after count on from the record until the calculation agrees.
  SiteCalendar c =
      Make(UmmAlQura(0), {{1445, 9, Day("2024-03-12")}, {1445, 10, Day("2024-04-11")}});
  EXPECT_EQ(Hijri(c, "2024-04-10"), "30 Ramzan 1445");
  EXPECT_EQ(Hijri(c, "2024-04-11"), "1 Shawwal 1445");
  // The calculation's Shawwal has 29 days (to 9 May); a recorded month
  // must keep 29 or 30, so Zul Qaada starts 10 May, not 9 May.
  EXPECT_EQ(Hijri(c, "2024-05-09"), "29 Shawwal 1445");
  EXPECT_EQ(Hijri(c, "2024-05-10"), "1 Zul Qaada 1445");
  // Then back on the calculation by the new year at the latest.
  EXPECT_EQ(Hijri(c, "2024-07-07"), "1 Muharram 1446");
  ExpectContinuous(c, "2024-01-01", "2024-09-30");
}

TEST(SiteCalendarTest, RecordedStartWithoutNeighbours) {
  // Only Shawwal recorded, a day late. The calculated Ramadan already has
  // 30 days and cannot reach 31, so the only consistent reading is that
  // Ramadan began a day late too: Shaban gets 30 days.
  SiteCalendar c = Make(UmmAlQura(0), {{1445, 10, Day("2024-04-11")}});
  EXPECT_EQ(Hijri(c, "2024-03-11"), "30 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-12"), "1 Ramzan 1445");
  EXPECT_EQ(Hijri(c, "2024-04-10"), "30 Ramzan 1445");
  EXPECT_EQ(Hijri(c, "2024-04-11"), "1 Shawwal 1445");
  ExpectContinuous(c, "2024-01-01", "2024-09-30");
}

TEST(SiteCalendarTest, EarlyRecordPullsThePreviousMonthBack) {
  // Ramadan recorded on 10 March, a day before the calculation. Shaban
  // (29 days by the calculation) cannot shrink to 28, so it starts a day
  // early too, and so on back until a 30-day month absorbs the difference.
  SiteCalendar c = Make(UmmAlQura(0), {{1445, 9, Day("2024-03-10")}});
  EXPECT_EQ(Hijri(c, "2024-03-09"), "29 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-10"), "1 Ramzan 1445");
  EXPECT_EQ(Hijri(c, "2024-02-10"), "1 Shaban 1445");
  ExpectContinuous(c, "2023-10-01", "2024-08-31");
}

TEST(SiteCalendarTest, YearRollover) {
  // Zul Hijja recorded a day late (as Pakistan saw it in 1445); no record
  // for Muharram: the calculation resumes with no skipped day.
  SiteCalendar c = Make(UmmAlQura(0), {{1445, 12, Day("2024-06-08")}});
  EXPECT_EQ(Hijri(c, "2024-06-07"), "30 Zul Qaada 1445");
  EXPECT_EQ(Hijri(c, "2024-06-08"), "1 Zul Hijja 1445");
  EXPECT_EQ(Hijri(c, "2024-07-06"), "29 Zul Hijja 1445");
  EXPECT_EQ(Hijri(c, "2024-07-07"), "1 Muharram 1446");
  ExpectContinuous(c, "2024-04-01", "2024-10-31");

  // Muharram recorded a day late: Zul Hijja gets 30 days ending 7 July.
  SiteCalendar late = Make(UmmAlQura(0), {{1446, 1, Day("2024-07-08")}});
  EXPECT_EQ(Hijri(late, "2024-07-07"), "30 Zul Hijja 1445");
  EXPECT_EQ(Hijri(late, "2024-07-08"), "1 Muharram 1446");
  ExpectContinuous(late, "2024-04-01", "2024-10-31");

  // Both, across the year end.
  SiteCalendar both =
      Make(UmmAlQura(0), {{1445, 12, Day("2024-06-08")}, {1446, 1, Day("2024-07-08")}});
  EXPECT_EQ(Hijri(both, "2024-07-07"), "30 Zul Hijja 1445");
  EXPECT_EQ(Hijri(both, "2024-07-08"), "1 Muharram 1446");
  ExpectContinuous(both, "2024-04-01", "2024-10-31");
}

TEST(SiteCalendarTest, OldRecordHasNoLaterEffect) {
  // A record from a year earlier changes nothing once its month and the
  // catch-up are over.
  SiteCalendar with_old = Make(SeedCalendar(), {{1444, 9, Day("2023-03-24")}});
  SiteCalendar without = Make(SeedCalendar());
  EXPECT_EQ(Hijri(with_old, "2023-03-23"), "30 Shaban 1444");
  EXPECT_EQ(Hijri(with_old, "2023-03-24"), "1 Ramzan 1444");
  for (sys_days d = sys_days(Day("2023-07-01")); d <= sys_days(Day("2024-12-31")); d += days(1)) {
    ASSERT_EQ(with_old.ForLocalDay(year_month_day(d)).hijri,
              without.ForLocalDay(year_month_day(d)).hijri)
        << FormatCivilDate(year_month_day(d));
  }
  ExpectContinuous(with_old, "2023-01-01", "2023-12-31");
}

TEST(SiteCalendarTest, SeedWithRecordedRamadan) {
  // The seed site (adjust -1) already starts Ramadan on 12 March; a record
  // that agrees changes nothing.
  SiteCalendar c = Make(SeedCalendar(), {{1445, 9, Day("2024-03-12")}});
  EXPECT_EQ(Hijri(c, "2024-02-28"), "17 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-11"), "29 Shaban 1445");
  EXPECT_EQ(Hijri(c, "2024-03-12"), "1 Ramzan 1445");
  ExpectContinuous(c, "2024-01-01", "2024-12-31");
}

// ---- Settings and records that are refused ----

void ExpectError(const Result<SiteCalendar>& r, const std::string& needle) {
  ASSERT_FALSE(r.has_value()) << "expected an error containing: " << needle;
  EXPECT_EQ(r.error().code(), Code::kInvalidArgument);
  EXPECT_NE(r.error().message().find(needle), std::string::npos) << r.error().message();
}

TEST(SiteCalendarTest, InvalidSettings) {
  SiteSettings site = KarachiSite();
  site.timezone = "Asia/Krachi";
  ExpectError(SiteCalendar::Create(site, SeedCalendar(), {}),
              "[site] timezone: unknown time zone 'Asia/Krachi'");
  site.timezone = "GMT+5";  // not an IANA name
  ExpectError(SiteCalendar::Create(site, SeedCalendar(), {}), "[site] timezone");

  site = KarachiSite();
  site.date_format = "EEEE, jj";
  ExpectError(SiteCalendar::Create(site, SeedCalendar(), {}), "[site] date_format");
  site.date_format = "EEEE 'at";
  ExpectError(SiteCalendar::Create(site, SeedCalendar(), {}), "[site] date_format");
  site = KarachiSite();
  site.time_format = "";
  ExpectError(SiteCalendar::Create(site, SeedCalendar(), {}), "[site] time_format");
  site = KarachiSite();
  site.language = "";
  ExpectError(SiteCalendar::Create(site, SeedCalendar(), {}), "[site] language");

  CalendarSettings cal = SeedCalendar();
  cal.hijri = "gregorian";
  ExpectError(SiteCalendar::Create(KarachiSite(), cal, {}), "[calendar] hijri:");
  cal.hijri = "islamic-rgsa";
  ExpectError(SiteCalendar::Create(KarachiSite(), cal, {}), "[calendar] hijri:");

  for (int adjust : {-4, 4}) {
    cal = SeedCalendar();
    cal.hijri_adjust_days = adjust;
    ExpectError(SiteCalendar::Create(KarachiSite(), cal, {}), "[calendar] hijri_adjust_days");
  }
  cal = SeedCalendar();
  cal.hijri_month_names.pop_back();
  ExpectError(SiteCalendar::Create(KarachiSite(), cal, {}), "[calendar] hijri_month_names");
  cal = SeedCalendar();
  cal.hijri_month_names[3] = "";
  ExpectError(SiteCalendar::Create(KarachiSite(), cal, {}), "[calendar] hijri_month_names");
}

TEST(SiteCalendarTest, QuotedLettersAndQuotesArePatternText) {
  SiteSettings site = KarachiSite();
  site.date_format = "EEEE 'the' d'th' ''y''";
  EXPECT_EQ(Make(SeedCalendar(), {}, site).ForLocalDay(Day("2024-02-28")).gregorian,
            "Wednesday the 28th '2024'");
}

TEST(SiteCalendarTest, InvalidRecords) {
  auto create = [](std::vector<HijriMonthStart> starts) {
    return SiteCalendar::Create(KarachiSite(), UmmAlQura(0), std::move(starts));
  };
  ExpectError(create({{1445, 13, Day("2024-03-12")}}), "hijri month start 1445-13");
  ExpectError(create({{1445, 9, Day("2024-03-12")}, {1445, 9, Day("2024-03-11")}}),
              "hijri month start 1445-09: recorded twice");
  // Wrong month typed: a month away from the calculation.
  ExpectError(create({{1445, 10, Day("2024-03-12")}}), "hijri month start 1445-10 (2024-03-12)");
  // Each within reach of the calculation, but Ramadan would have 28 days.
  ExpectError(create({{1445, 9, Day("2024-03-13")}, {1445, 10, Day("2024-04-09")}}),
              "hijri month start 1445-10 (2024-04-09): 27 days after the start of 1445-09");
}

// ---- Local time ----

TEST(SiteCalendarTest, FormatTimeInKarachi) {
  SiteCalendar c = Make(SeedCalendar());
  EXPECT_EQ(c.FormatTime(At("2023-10-28T04:30:00Z")), "28 October 2023, 9:30 AM");
  EXPECT_EQ(c.FormatTime(At("2023-10-28T10:05:00Z")), "28 October 2023, 3:05 PM");
  EXPECT_EQ(c.FormatTime(At("2023-10-28T19:00:00Z")), "29 October 2023, 12:00 AM");
}

TEST(SiteCalendarTest, FormatIsoLocal) {
  SiteCalendar c = Make(SeedCalendar());
  EXPECT_EQ(c.FormatIsoLocal(At("2023-10-28T04:30:00Z")), "2023-10-28T09:30:00+05:00");
  EXPECT_EQ(c.FormatIsoLocal(At("2024-02-28T20:00:05Z")), "2024-02-29T01:00:05+05:00");

  SiteSettings site = KarachiSite();
  site.timezone = "America/New_York";
  SiteCalendar ny = Make(SeedCalendar(), {}, site);
  EXPECT_EQ(ny.FormatIsoLocal(At("2024-01-15T12:00:00Z")), "2024-01-15T07:00:00-05:00");
  EXPECT_EQ(ny.FormatIsoLocal(At("2024-07-15T12:00:00Z")), "2024-07-15T08:00:00-04:00");
  site.timezone = "Asia/Kolkata";
  EXPECT_EQ(Make(SeedCalendar(), {}, site).FormatIsoLocal(At("2024-01-15T12:00:00Z")),
            "2024-01-15T17:30:00+05:30");
  site.timezone = "UTC";
  EXPECT_EQ(Make(SeedCalendar(), {}, site).FormatIsoLocal(At("2024-01-15T12:00:00Z")),
            "2024-01-15T12:00:00+00:00");
  // Round trip: the text names the same instant.
  EXPECT_EQ(ParseIso8601(ny.FormatIsoLocal(At("2024-03-10T07:30:00Z"))).value(),
            At("2024-03-10T07:30:00Z"));
}

TEST(SiteCalendarTest, LocalDateAndNextLocalMidnightInKarachi) {
  SiteCalendar c = Make(SeedCalendar());
  EXPECT_EQ(c.LocalDate(At("2024-02-28T18:59:59Z")), Day("2024-02-28"));
  EXPECT_EQ(c.LocalDate(At("2024-02-28T19:00:00Z")), Day("2024-02-29"));
  EXPECT_EQ(c.NextLocalMidnight(At("2023-10-28T04:30:00Z")), At("2023-10-28T19:00:00Z"));
  // At midnight exactly, the next one is a day later.
  EXPECT_EQ(c.NextLocalMidnight(At("2023-10-27T19:00:00Z")), At("2023-10-28T19:00:00Z"));
  EXPECT_EQ(c.NextLocalMidnight(At("2023-10-28T18:59:59Z")), At("2023-10-28T19:00:00Z"));
  // Leap day and year end.
  EXPECT_EQ(c.NextLocalMidnight(At("2024-02-28T20:00:00Z")), At("2024-02-29T19:00:00Z"));
  EXPECT_EQ(c.NextLocalMidnight(At("2023-12-31T12:00:00+05:00")), At("2024-01-01T00:00:00+05:00"));
}

TEST(SiteCalendarTest, NextLocalMidnightAcrossDaylightSaving) {
  SiteSettings site = KarachiSite();
  site.timezone = "America/New_York";
  SiteCalendar ny = Make(SeedCalendar(), {}, site);
  // Clocks go forward at 02:00 on 10 March 2024; that day has 23 hours.
  EXPECT_EQ(ny.NextLocalMidnight(At("2024-03-09T12:00:00-05:00")), At("2024-03-10T00:00:00-05:00"));
  EXPECT_EQ(ny.NextLocalMidnight(At("2024-03-10T12:00:00-04:00")), At("2024-03-11T00:00:00-04:00"));

  // Chile skips midnight: on 8 September 2024, 00:00 became 01:00, so the
  // day starts at 01:00 -03:00.
  site.timezone = "America/Santiago";
  SiteCalendar cl = Make(SeedCalendar(), {}, site);
  EXPECT_EQ(cl.NextLocalMidnight(At("2024-09-07T12:00:00-04:00")), At("2024-09-08T01:00:00-03:00"));
  EXPECT_EQ(cl.LocalDate(At("2024-09-08T01:00:00-03:00")), Day("2024-09-08"));
  EXPECT_EQ(cl.FormatIsoLocal(At("2024-09-08T04:00:00Z")), "2024-09-08T01:00:00-03:00");
}

TEST(SiteCalendarTest, CopiesShareAndThreadsMayCallConcurrently) {
  SiteCalendar c = Make(SeedCalendar(), {{1445, 9, Day("2024-03-12")}});
  SiteCalendar copy = c;
  std::vector<std::thread> threads;
  std::vector<int> failures(8, 0);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      const SiteCalendar& mine = (i % 2 == 0) ? c : copy;
      for (int n = 0; n < 200; ++n) {
        if (mine.ForInstant(At("2024-02-28T12:00:00+05:00")).hijri != "17 Shaban 1445") {
          ++failures[i];
        }
        if (mine.FormatTime(At("2023-10-28T04:30:00Z")) != "28 October 2023, 9:30 AM") {
          ++failures[i];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

TEST(SiteCalendarLocalInput, RoundTripsInTheSiteZone) {
  SiteSettings site;
  site.timezone = "Asia/Karachi";
  auto cal = SiteCalendar::Create(site, CalendarSettings{}, {});
  ASSERT_TRUE(cal) << cal.error().ToString();
  auto t = cal->ParseLocalInput("2023-10-28T09:30");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(FormatIso8601Utc(*t), "2023-10-28T04:30:00Z");
  EXPECT_EQ(cal->FormatLocalInput(*t), "2023-10-28T09:30");
  for (const char* bad :
       {"", "2023-10-28", "2023-10-28 09:30x", "tomorrow at ten", "2023-02-30T09:30"}) {
    auto r = cal->ParseLocalInput(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().message().find(bad), std::string::npos);
  }
}

}  // namespace
}  // namespace khabar
