// Settings an admin changes at run time. They are stored as overrides
// ("table.key" -> text, Store::GetSettingOverrides) and win over the file.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "config/settings.h"

namespace khabar {

// OverridableKey describes one setting the admin UI offers.
struct OverridableKey {
  std::string key;    // "site.name", "ads.below-article"
  std::string label;  // "Site name"
  bool multiline = false;
};

// OverridableKeys lists what may be overridden, including one
// "ads.<name>" entry per ad slot of `s`.
std::vector<OverridableKey> OverridableKeys(const Settings& s);

// SettingValue returns the current text of `key` in `s` ("" if unknown).
std::string SettingValue(const Settings& s, const std::string& key);

// ApplyOverrides returns `base` with `overrides` applied and validated.
// Errors name the key: "calendar.hijri_adjust_days: must be between -3 and 3".
// An ad slot overridden with empty HTML is switched off.
Result<Settings> ApplyOverrides(Settings base, const std::map<std::string, std::string>& overrides);

// SettingsProvider hands out the current settings: the file's, with the
// stored overrides applied. Thread-safe; a snapshot stays valid for as long
// as its holder keeps it.
class SettingsProvider {
 public:
  explicit SettingsProvider(Settings from_file);

  // Current returns the main edition's settings; Current(key) edition
  // `key`'s view of them (EditionView), "" and unknown keys the main's.
  std::shared_ptr<const Settings> Current() const;
  std::shared_ptr<const Settings> Current(std::string_view edition) const;
  const Settings& file_settings() const { return file_; }

  // Apply replaces the current settings with the file's plus `overrides`;
  // on error nothing changes.
  Status Apply(const std::map<std::string, std::string>& overrides);

 private:
  // Views: every edition's settings, made once per Apply.
  struct Views {
    std::shared_ptr<const Settings> main;
    std::map<std::string, std::shared_ptr<const Settings>, std::less<>> editions;
  };
  static std::shared_ptr<const Views> MakeViews(const Settings& s);

  const Settings file_;
  mutable std::mutex mu_;
  std::shared_ptr<const Views> current_;  // guarded by mu_
};

}  // namespace khabar
