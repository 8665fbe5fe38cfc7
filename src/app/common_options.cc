#include "app/common_options.h"

namespace khabar {

Result<Settings> LoadSettingsOrDefaults(const CommonOptions& common) {
  if (common.config.empty()) return ParseSettings("", "default settings");
  return LoadSettings(common.config);
}

std::filesystem::path MediaDir(const CommonOptions& common) {
  if (!common.media.empty()) return common.media;
  auto spec = ParseDatabase(common.db);
  return spec ? DefaultMediaDir(*spec) : std::filesystem::path("media");
}

Result<std::unique_ptr<Store>> OpenStore(const CommonOptions& common,
                                         const StoreOpenOptions& options) {
  auto spec = ParseDatabase(common.db);
  if (!spec) return Err(spec.error());
  return OpenStoreAt(*spec, options);
}

std::unique_ptr<Clock> ClockOrDie(Status* status) {
  auto clock = ClockFromEnvironment();
  if (!clock) {
    *status = clock.error();
    return nullptr;
  }
  return std::move(*clock);
}

}  // namespace khabar
