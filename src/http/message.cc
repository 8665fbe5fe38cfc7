#include "http/message.h"

#include <algorithm>

#include "http/internal/ascii.h"
#include "http/request_target.h"

namespace khabar::http {

std::string_view Request::Header(std::string_view name) const {
  auto it = headers.find(internal::AsciiLower(name));
  return it == headers.end() ? std::string_view() : std::string_view(it->second);
}

std::optional<std::string> Request::QueryParam(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

void Response::SetHeader(std::string_view name, std::string value) {
  for (auto& [n, v] : headers) {
    if (internal::EqualsIgnoreCase(n, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (internal::EqualsIgnoreCase(n, name)) return v;
  }
  return {};
}

void Response::RemoveHeader(std::string_view name) {
  std::erase_if(headers, [&](const auto& h) { return internal::EqualsIgnoreCase(h.first, name); });
}

Response Html(std::string body, int status) {
  Response r;
  r.status = status;
  r.SetHeader("Content-Type", "text/html; charset=utf-8");
  r.body = std::move(body);
  return r;
}

Response Text(std::string body, int status) {
  Response r;
  r.status = status;
  r.SetHeader("Content-Type", "text/plain; charset=utf-8");
  r.body = std::move(body);
  return r;
}

Response Redirect(std::string location, int status) {
  Response r;
  r.status = status;
  r.SetHeader("Location", EncodeNonAscii(location));
  return r;
}

}  // namespace khabar::http
