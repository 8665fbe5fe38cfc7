// Cookies: reading one cookie out of a request's Cookie header.
#pragma once

#include <optional>
#include <string_view>

namespace khabar {

// FindCookie returns the value of the first cookie called `name` in
// `header` (a Cookie header value, "a=b; khabar_session=TOKEN"), or nothing.
// It is lenient the way browsers and proxies differ: pairs may be separated
// by ";" with or without spaces, spaces and tabs around names and values
// are ignored, a value in double quotes is unquoted, and pairs without "="
// are skipped. When a name appears twice the first wins: browsers send the
// cookie with the most specific Path first, and a later duplicate may have
// been planted by a sibling subdomain. Names compare case-sensitively.
// The result points into `header`.
std::optional<std::string_view> FindCookie(std::string_view header, std::string_view name);

}  // namespace khabar
