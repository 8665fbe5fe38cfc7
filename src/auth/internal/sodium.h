// EnsureSodium initialises libsodium once per process. Every auth function
// that touches libsodium calls it first, so no caller has to remember to.
#pragma once

namespace khabar::auth_internal {

// EnsureSodium returns false only if libsodium cannot initialise (no
// usable randomness source); callers then refuse rather than run insecurely.
// Thread-safe.
bool EnsureSodium();

}  // namespace khabar::auth_internal
