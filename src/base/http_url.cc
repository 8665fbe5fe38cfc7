#include "base/http_url.h"

#include <charconv>

namespace khabar {

Result<HttpUrl> ParseHttpUrl(std::string_view url) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("'" + std::string(url) + "': " + std::string(why) +
                           " (expected http://HOST[:PORT]/, e.g. http://127.0.0.1:6081/)");
  };
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return bad("not an http:// address");
  for (unsigned char c : url) {
    if (c <= ' ' || c == 0x7f) return bad("spaces and control characters are not allowed");
  }
  if (url.find('#') != std::string_view::npos) return bad("a fragment is not allowed");
  std::string_view rest = url.substr(kScheme.size());
  const size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  HttpUrl out;
  if (slash != std::string_view::npos) {
    out.path = std::string(rest.substr(slash));
    if (out.path.front() == '?') out.path.insert(out.path.begin(), '/');
  }
  if (authority.find('@') != std::string_view::npos) return bad("user info is not allowed");
  std::string_view port_text;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed '[' in the host");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("unexpected text after the host");
      port_text = after.substr(1);
      if (port_text.empty()) return bad("empty port");
    }
  } else {
    const size_t colon = authority.find(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return bad("empty port");
    }
  }
  if (out.host.empty()) return bad("no host");
  if (!port_text.empty()) {
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 1 ||
        port > 65535) {
      return bad("the port must be a number from 1 to 65535");
    }
    out.port = static_cast<uint16_t>(port);
  }
  return out;
}

}  // namespace khabar
