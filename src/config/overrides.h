// Settings an admin changes at run time. They are stored as overrides
// ("table.key" -> text, Store::GetSettingOverrides) and win over the file.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
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

  std::shared_ptr<const Settings> Current() const;
  const Settings& file_settings() const { return file_; }

  // Apply replaces the current settings with the file's plus `overrides`;
  // on error nothing changes.
  Status Apply(const std::map<std::string, std::string>& overrides);

 private:
  const Settings file_;
  mutable std::mutex mu_;
  std::shared_ptr<const Settings> current_;  // guarded by mu_
};

}  // namespace khabar
