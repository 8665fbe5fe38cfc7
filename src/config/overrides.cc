#include "config/overrides.h"

#include <charconv>

namespace khabar {
namespace {

// Field maps a key to the string it lives in (ints are handled apart).
std::string* StringField(Settings& s, const std::string& key) {
  if (key == "site.name") return &s.site.name;
  if (key == "site.timezone") return &s.site.timezone;
  if (key == "social.twitter") return &s.social.twitter;
  if (key == "social.facebook") return &s.social.facebook;
  if (key == "social.instagram") return &s.social.instagram;
  if (key == "social.youtube") return &s.social.youtube;
  if (key == "social.follow_text") return &s.social.follow_text;
  if (key == "comments.closed_text") return &s.comments.closed_text;
  return nullptr;
}

constexpr std::string_view kAdsPrefix = "ads.";

}  // namespace

std::vector<OverridableKey> OverridableKeys(const Settings& s) {
  std::vector<OverridableKey> keys = {
      {"site.name", "Site name", false},
      {"site.timezone", "Time zone (IANA name)", false},
      {"social.follow_text", "Follow-us line", true},
      {"social.twitter", "Twitter / X handle (without @)", false},
      {"social.facebook", "Facebook page address", false},
      {"social.instagram", "Instagram address", false},
      {"social.youtube", "YouTube address", false},
      {"comments.closed_text", "Text when comments are closed", false},
      {"calendar.hijri_adjust_days", "Hijri adjustment in days (-3 to 3)", false},
  };
  for (const auto& ad : s.ad_slots) {
    keys.push_back({std::string(kAdsPrefix) + ad.name, "Ad slot '" + ad.name + "' (HTML)", true});
  }
  return keys;
}

std::string SettingValue(const Settings& s, const std::string& key) {
  Settings copy = s;
  if (std::string* f = StringField(copy, key)) return *f;
  if (key == "calendar.hijri_adjust_days") return std::to_string(s.calendar.hijri_adjust_days);
  if (key.starts_with(kAdsPrefix)) {
    for (const auto& ad : s.ad_slots) {
      if (ad.name == key.substr(kAdsPrefix.size())) return ad.html;
    }
  }
  return "";
}

Result<Settings> ApplyOverrides(Settings s, const std::map<std::string, std::string>& overrides) {
  for (const auto& [key, value] : overrides) {
    if (std::string* f = StringField(s, key)) {
      *f = value;
    } else if (key == "calendar.hijri_adjust_days") {
      int v = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return InvalidArgument(key + ": '" + value + "' is not a whole number");
      }
      s.calendar.hijri_adjust_days = v;
    } else if (key.starts_with(kAdsPrefix)) {
      const std::string name = key.substr(kAdsPrefix.size());
      bool found = false;
      for (auto& ad : s.ad_slots) {
        if (ad.name == name) {
          ad.html = value;
          found = true;
        }
      }
      if (!found && !value.empty()) {
        AdSlot ad;
        ad.name = name;
        ad.html = value;
        s.ad_slots.push_back(std::move(ad));
      }
    } else {
      return InvalidArgument(key + ": not a setting that can be changed here");
    }
  }
  std::erase_if(s.ad_slots, [](const AdSlot& ad) { return ad.html.empty(); });
  if (Status st = ValidateSettings(s); !st.ok()) return Err(st);
  return s;
}

SettingsProvider::SettingsProvider(Settings from_file)
    : file_(std::move(from_file)), current_(MakeViews(file_)) {}

std::shared_ptr<const SettingsProvider::Views> SettingsProvider::MakeViews(const Settings& s) {
  auto views = std::make_shared<Views>();
  views->main = std::make_shared<const Settings>(EditionView(s, ""));
  for (const EditionSettings& e : s.editions) {
    views->editions.emplace(e.key, std::make_shared<const Settings>(EditionView(s, e.key)));
  }
  return views;
}

std::shared_ptr<const Settings> SettingsProvider::Current() const {
  std::lock_guard lock(mu_);
  return current_->main;
}

std::shared_ptr<const Settings> SettingsProvider::Current(std::string_view edition) const {
  std::lock_guard lock(mu_);
  auto it = current_->editions.find(edition);
  return it == current_->editions.end() ? current_->main : it->second;
}

Status SettingsProvider::Apply(const std::map<std::string, std::string>& overrides) {
  auto s = ApplyOverrides(file_, overrides);
  if (!s) return s.error();
  auto next = MakeViews(*s);
  std::lock_guard lock(mu_);
  current_ = std::move(next);
  return Status::Ok();
}

}  // namespace khabar
