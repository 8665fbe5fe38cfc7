// SqlStore: settings changed at run time, and recorded Hijri month
// starts.
#include <map>
#include <string>
#include <vector>

#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {

Result<std::map<std::string, std::string>> SqlStore::GetSettingOverrides() {
  return RunOneRead([&](Connection& c) -> Result<std::map<std::string, std::string>> {
    auto st = c.Prepare("SELECT key, value FROM setting_overrides");
    if (!st) return Err(st.error());
    std::map<std::string, std::string> overrides;
    Status s = ForEachRow(*st, [&] { overrides.emplace(st->Text(0), st->Text(1)); });
    if (!s.ok()) return Err(s);
    return overrides;
  });
}

Status SqlStore::SetSettingOverride(const std::string& key, const std::string& value) {
  if (key.empty()) return Status(Code::kInvalidArgument, "setting override: key must not be empty");
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO setting_overrides (key, value) VALUES (?1, ?2)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st) return st.error();
    st->Bind(1, key).Bind(2, value);
    return st->Run();
  });
}

Status SqlStore::SetHijriMonthStart(const HijriMonthStart& start) {
  if (start.year < 1) return Status(Code::kInvalidArgument, "Hijri year must be 1 or later");
  if (start.month < 1 || start.month > 12) {
    return Status(Code::kInvalidArgument,
                  "Hijri month must be 1..12, not " + std::to_string(start.month));
  }
  if (!start.first_day.ok()) {
    return Status(Code::kInvalidArgument, "Hijri month start: first_day is not a valid date");
  }
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare(
        "INSERT INTO hijri_month_starts (year, month, first_day) VALUES (?1, ?2, ?3)"
        " ON CONFLICT (year, month) DO UPDATE SET first_day = excluded.first_day");
    if (!st) return st.error();
    st->Bind(1, int64_t{start.year})
        .Bind(2, int64_t{start.month})
        .Bind(3, FormatCivilDate(start.first_day));
    return st->Run();
  });
}

Result<std::vector<HijriMonthStart>> SqlStore::ListHijriMonthStarts() {
  return RunOneRead([&](Connection& c) -> Result<std::vector<HijriMonthStart>> {
    auto st =
        c.Prepare("SELECT year, month, first_day FROM hijri_month_starts ORDER BY year, month");
    if (!st) return Err(st.error());
    std::vector<HijriMonthStart> starts;
    Status s = ForEachRow(*st, [&]() -> Status {
      auto day = ParseCivilDate(st->Text(2));
      if (!day) {
        return Status(Code::kInternal, "stored Hijri month start: " + day.error().message());
      }
      starts.push_back(HijriMonthStart{.year = static_cast<int>(st->Int(0)),
                                       .month = static_cast<int>(st->Int(1)),
                                       .first_day = *day});
      return Status();
    });
    if (!s.ok()) return Err(s);
    return starts;
  });
}

}  // namespace khabar::sql
