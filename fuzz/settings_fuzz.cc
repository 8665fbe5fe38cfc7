// Fuzzes the settings loader: a TOML file, parsed and validated as
// `khabar serve --config` reads it.
//
// Invariants: the result is settings or an error naming the file; settings
// that load pass ValidateSettings again (the loader never hands out what
// the validator refuses).
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/settings.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto settings = khabar::ParseSettings(text, "fuzz.toml");
  if (!settings) {
    FUZZ_CHECK(!settings.error().message().empty(), "a settings error without a message");
    return 0;
  }
  FUZZ_CHECK(khabar::ValidateSettings(*settings).ok(), "loaded settings that do not validate");
  return 0;
}
