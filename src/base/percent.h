// Percent-encoding (RFC 3986 section 2.1), once for every module: query
// values, Location headers, sitemap and feed addresses, Markdown links.
//
// Which bytes stay as they are depends on where the text goes, so the
// encoder takes a `keep` predicate; the common ones are below. Encoded
// bytes are written %XX with upper-case hex, as RFC 3986 recommends.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar {

// KeepByte says whether a byte may stand in the output as it is.
using KeepByte = bool (*)(unsigned char c);

// IsUnreserved: RFC 3986's unreserved characters, A-Z a-z 0-9 - . _ ~.
bool IsUnreserved(unsigned char c);
// IsPrintableAscii: 0x21-0x7E, everything but controls, space and non-ASCII
// bytes (an address khabar built keeps its '/', '?' and '&').
bool IsPrintableAscii(unsigned char c);

// AppendPercentEncoded appends `in` to `out`, each byte `keep` refuses as
// %XX. PercentEncode returns the same as a new string.
void AppendPercentEncoded(std::string& out, std::string_view in, KeepByte keep);
std::string PercentEncode(std::string_view in, KeepByte keep);

// PercentDecode decodes %XX escapes (either case of hex), and '+' as a
// space when `plus_is_space` (form and query encoding). kInvalidArgument
// on a '%' not followed by two hex digits. The result may hold any bytes:
// callers that need text check it (IsValidUtf8).
Result<std::string> PercentDecode(std::string_view in, bool plus_is_space);

}  // namespace khabar
