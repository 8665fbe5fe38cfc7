// gzip (RFC 1952) through zlib, for response compression. Gunzip exists for
// tests and for any caller that must read what Gzip wrote.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::http::internal {

// Gzip compresses `data` into a gzip member at `level` (1 fastest .. 9).
Result<std::string> Gzip(std::string_view data, int level = 6);

// Gunzip decompresses one gzip member; fails with kResourceExhausted when
// the output would exceed `max_bytes` (a zip bomb guard).
Result<std::string> Gunzip(std::string_view data, size_t max_bytes = 64 << 20);

}  // namespace khabar::http::internal
