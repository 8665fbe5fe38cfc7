#include "app/request_rules.h"

#include <algorithm>

namespace khabar {

size_t AnonymousBodyLimit(int comment_max_length) {
  constexpr size_t kFloor = 64 * 1024;
  constexpr size_t kFormSlack = 4 * 1024;  // the other fields and their names
  const size_t comment = static_cast<size_t>(std::max(comment_max_length, 0)) * 12;
  return std::max(kFloor, comment + kFormSlack);
}

bool IsNewsroomPath(std::string_view path) {
  return path == "/admin" || path.starts_with("/admin/");
}

size_t BodyLimit(const http::Request& head, bool has_session_cookie, const BodyLimits& limits) {
  if (!has_session_cookie || !IsNewsroomPath(head.path)) return limits.anonymous;
  if (head.method == "POST" && head.path == "/admin/media") return limits.upload;
  return limits.newsroom;
}

}  // namespace khabar
