#include "http/static_files.h"

#include <algorithm>
#include <string>
#include <system_error>
#include <utility>

#include "http/internal/ascii.h"

namespace khabar::http {
namespace {

namespace fs = std::filesystem;

Response NotFoundText() { return Text("404 Not Found\n", 404); }

// IsSafeRelative checks the request path before it touches the disk.
bool IsSafeRelative(std::string_view rel) {
  if (rel.empty() || rel.front() == '/') return false;
  if (rel.find('\0') != std::string_view::npos || rel.find('\\') != std::string_view::npos) {
    return false;
  }
  while (true) {
    size_t slash = rel.find('/');
    std::string_view seg = rel.substr(0, slash);
    if (seg.empty() || seg.front() == '.') return false;  // "", ".", "..", ".git"
    if (slash == std::string_view::npos) return true;
    rel.remove_prefix(slash + 1);
  }
}

// IsWithin reports whether canonical `p` lies strictly inside canonical `root`.
bool IsWithin(const fs::path& root, const fs::path& p) {
  auto [r, q] = std::mismatch(root.begin(), root.end(), p.begin(), p.end());
  return r == root.end() && q != p.end();
}

}  // namespace

std::string_view ContentTypeFor(const fs::path& path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".gif", "image/gif"},
      {".avif", "image/avif"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".ttf", "font/ttf"},
      {".ico", "image/x-icon"},
      {".txt", "text/plain; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".json", "application/json"},
      {".xml", "application/xml"},
  };
  std::string ext = internal::AsciiLower(path.extension().string());
  for (const auto& [e, type] : kTypes) {
    if (ext == e) return type;
  }
  return "application/octet-stream";
}

Response ServeFile(const fs::path& root, std::string_view relative_path,
                   std::string_view cache_control) {
  if (!IsSafeRelative(relative_path)) return NotFoundText();
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return NotFoundText();
  // canonical resolves every symlink, so a link that points outside the
  // root is caught by the prefix check below.
  fs::path file = fs::canonical(canonical_root / fs::path(relative_path), ec);
  if (ec || !IsWithin(canonical_root, file)) return NotFoundText();
  if (!fs::is_regular_file(file, ec) || ec) return NotFoundText();

  Response res;
  res.SetHeader("Content-Type", std::string(ContentTypeFor(file)));
  res.SetHeader("X-Content-Type-Options", "nosniff");
  if (!cache_control.empty()) res.SetHeader("Cache-Control", std::string(cache_control));
  res.file = file.string();
  return res;
}

}  // namespace khabar::http
