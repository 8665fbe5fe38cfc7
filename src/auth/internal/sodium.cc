#include "auth/internal/sodium.h"

#include <sodium.h>

namespace khabar::auth_internal {

bool EnsureSodium() {
  // A function-local static is initialised exactly once, even when many
  // threads arrive together. sodium_init returns 1 when already initialised
  // (by another library in the process), which is fine too.
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace khabar::auth_internal
