// CommonOptions: the flags every khabar command takes (--config, --db,
// --media), and what the commands make of them: the settings, the store,
// the media folder. Also the clock the commands run by (KHABAR_NOW).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "app/store_open.h"
#include "base/clock.h"
#include "base/status.h"
#include "config/settings.h"
#include "store/store.h"

namespace khabar {

// CommonOptions are accepted by every command.
struct CommonOptions {
  std::string config;  // TOML settings; empty = defaults
  std::string db = "data/khabar.db";
  std::string media;  // empty = "<db dir>/media"
};

// LoadSettingsOrDefaults reads the --config file, or the default settings
// when there is none.
Result<Settings> LoadSettingsOrDefaults(const CommonOptions& common);

// MediaDir is --media, or the folder beside the database (DefaultMediaDir).
std::filesystem::path MediaDir(const CommonOptions& common);

// OpenStore opens the store --db names (OpenStoreAt).
Result<std::unique_ptr<Store>> OpenStore(const CommonOptions& common,
                                         const StoreOpenOptions& options = {});

// ClockOrDie is the clock KHABAR_NOW names (ClockFromEnvironment); on an
// error it returns null and sets *status.
std::unique_ptr<Clock> ClockOrDie(Status* status);

}  // namespace khabar
