#include "http/request_target.h"

#include <cstdint>

namespace khabar::http {
namespace {

// DecodeSegment decodes one path segment and checks it against the path
// rules. `raw` is never empty-checked: empty segments are allowed.
Result<std::string> DecodeSegment(std::string_view raw) {
  auto decoded = PercentDecode(raw, /*plus_is_space=*/false);
  if (!decoded) return decoded;
  const std::string& s = *decoded;
  if (s == "." || s == "..") return InvalidArgument("path has a '.' or '..' segment");
  for (unsigned char c : s) {
    if (c == '/') return InvalidArgument("path segment contains an encoded '/'");
    if (c == '\\') return InvalidArgument("path contains a backslash");
    if (c == 0) return InvalidArgument("path contains NUL");
    if (c < 0x20 || c == 0x7f) return InvalidArgument("path contains a control character");
  }
  return decoded;
}

Result<std::string> DecodeQueryPart(std::string_view raw) {
  auto decoded = PercentDecode(raw, /*plus_is_space=*/true);
  if (!decoded) return Err(decoded.error().WithContext("query"));
  if (decoded->find('\0') != std::string::npos) return InvalidArgument("query contains NUL");
  if (!IsValidUtf8(*decoded)) return InvalidArgument("query is not valid UTF-8");
  return decoded;
}

}  // namespace

bool IsSupportedMethod(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "POST" || method == "PUT" ||
         method == "PATCH" || method == "DELETE" || method == "OPTIONS";
}

Result<Target> ParseTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') {
    return InvalidArgument("request target must start with '/'");
  }
  if (target.find('#') != std::string_view::npos) {
    return InvalidArgument("request target contains a fragment");
  }
  Target out;
  std::string_view raw_path = target;
  if (size_t q = target.find('?'); q != std::string_view::npos) {
    raw_path = target.substr(0, q);
    out.raw_query = std::string(target.substr(q + 1));
  }

  // Decode segment by segment, so an encoded '/' cannot forge a boundary
  // and "%2e%2e" is judged after decoding, exactly like "..".
  out.path.reserve(raw_path.size());
  std::string_view rest = raw_path.substr(1);
  while (true) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    auto decoded = DecodeSegment(seg);
    if (!decoded) return Err(decoded.error());
    out.path += '/';
    out.path += *decoded;
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (!IsValidUtf8(out.path)) return InvalidArgument("path is not valid UTF-8");

  std::string_view query = out.raw_query;
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto key = DecodeQueryPart(pair.substr(0, eq));
    if (!key) return Err(key.error());
    std::string value;
    if (eq != std::string_view::npos) {
      auto v = DecodeQueryPart(pair.substr(eq + 1));
      if (!v) return Err(v.error());
      value = std::move(*v);
    }
    if (key->empty()) continue;
    out.query.try_emplace(std::move(*key), std::move(value));  // first value wins
  }
  return out;
}

std::expected<Target, Rejection> CheckRequestLine(std::string_view method, std::string_view target,
                                                  size_t max_target_bytes) {
  if (!IsSupportedMethod(method)) {
    return std::unexpected(Rejection{501, "method not implemented"});
  }
  if (target.size() > max_target_bytes) {
    return std::unexpected(Rejection{414, "request target too long"});
  }
  auto parsed = ParseTarget(target);
  if (!parsed) return std::unexpected(Rejection{400, parsed.error().message()});
  return std::move(*parsed);
}

std::string QueryEncode(std::string_view in) {
  return PercentEncode(in, [](unsigned char c) { return IsUnreserved(c) || c == '/'; });
}

std::string EncodeNonAscii(std::string_view url) { return PercentEncode(url, IsPrintableAscii); }

}  // namespace khabar::http
