#include "http/internal/request_checks.h"

#include <utility>

#include "http/internal/ascii.h"

namespace khabar::http::internal {
namespace {

namespace bhttp = boost::beast::http;

std::string_view SV(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

std::optional<Rejection> CheckRawHeader(std::string_view data, size_t* scanned) {
  // Each CRLF ends a line; the byte after it starts the next field line,
  // or a CR for the blank line that ends the header.
  size_t at = *scanned;
  for (; at + 2 < data.size(); ++at) {
    if (data[at] != '\r' || data[at + 1] != '\n') continue;
    const char next = data[at + 2];
    if (next == ' ' || next == '\t') return Rejection{400, "obsolete line folding"};
    if (next == '\r') break;  // the header's end
  }
  *scanned = at;
  return std::nullopt;
}

std::expected<Target, Rejection> CheckHeader(const bhttp::request_header<>& header,
                                             size_t max_target_bytes) {
  if (header.version() != 10 && header.version() != 11) {  // Beast already refuses; stay sure
    return std::unexpected(Rejection{505, ""});
  }
  auto target = CheckRequestLine(SV(header.method_string()), SV(header.target()), max_target_bytes);
  if (!target) return target;
  // RFC 9112: exactly one Host in HTTP/1.1; Content-Length together with
  // Transfer-Encoding, or repeated, is how requests get smuggled.
  if ((header.version() == 11 && header.count(bhttp::field::host) != 1) ||
      header.count(bhttp::field::host) > 1) {
    return std::unexpected(Rejection{400, "missing or repeated Host"});
  }
  if (header.count(bhttp::field::content_length) > 1 ||
      (header.count(bhttp::field::content_length) > 0 &&
       header.count(bhttp::field::transfer_encoding) > 0)) {
    return std::unexpected(Rejection{400, "ambiguous message length"});
  }
  // The only transfer coding we take is chunked, alone, once (RFC 9112
  // 6.1): Beast treats any other list as "no body", so the body would be
  // read as the next request. HTTP/1.0 has no transfer codings at all.
  const size_t codings = header.count(bhttp::field::transfer_encoding);
  if (codings > 0 &&
      (header.version() == 10 || codings > 1 ||
       !EqualsIgnoreCase(TrimOws(SV(header[bhttp::field::transfer_encoding])), "chunked"))) {
    return std::unexpected(Rejection{400, "unsupported Transfer-Encoding"});
  }
  return target;
}

Request MakeRequest(const bhttp::request_header<>& header, Target target,
                    std::string remote_address) {
  Request req;
  req.method = std::string(SV(header.method_string()));
  req.target = std::string(SV(header.target()));
  req.path = std::move(target.path);
  req.query = std::move(target.query);
  req.remote_address = std::move(remote_address);
  for (const auto& field : header) {
    std::string name = AsciiLower(SV(field.name_string()));
    std::string_view value = SV(field.value());
    auto [it, inserted] = req.headers.try_emplace(name, value);
    if (!inserted) {
      // Repeated fields are one comma-separated list (RFC 9110 5.3);
      // Cookie is the exception and joins with "; ".
      it->second += name == "cookie" ? "; " : ", ";
      it->second += value;
    }
  }
  return req;
}

}  // namespace khabar::http::internal
