// Response compression: gzip (RFC 1952) through zlib, and brotli (RFC 7932)
// through libbrotli for the page cache, which compresses each page once.
// Gunzip and Unbrotli exist for tests and for any caller that must read
// what was written.
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

// Brotli compresses `data` at `quality` (0 fastest .. 11 smallest).
Result<std::string> Brotli(std::string_view data, int quality = 5);

// Unbrotli decompresses `data`; kResourceExhausted past `max_bytes`.
Result<std::string> Unbrotli(std::string_view data, size_t max_bytes = 64 << 20);

}  // namespace khabar::http::internal
