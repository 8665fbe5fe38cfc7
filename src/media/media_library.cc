#include "media/media_library.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "base/files.h"
#include "base/hash.h"
#include "content/slug.h"

namespace khabar {
namespace {

std::string ExtensionFor(std::string_view mime) {
  if (mime == "image/jpeg") return ".jpg";
  if (mime == "image/png") return ".png";
  if (mime == "image/gif") return ".gif";
  if (mime == "image/webp") return ".webp";
  if (mime == "image/avif") return ".avif";
  if (mime == "image/svg+xml") return ".svg";
  return ".bin";
}

}  // namespace

std::string SniffImageType(std::string_view b) {
  auto starts = [&](std::string_view magic) { return b.substr(0, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (b.size() >= 12 && starts("RIFF") && b.substr(8, 4) == "WEBP") return "image/webp";
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp" &&
      (b.substr(8, 4) == "avif" || b.substr(8, 4) == "avis")) {
    return "image/avif";
  }
  // SVG: optional BOM, XML declaration and comments, then an <svg element.
  std::string_view head = b.substr(0, 4096);
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  size_t first = head.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && head[first] == '<' &&
      head.find("<svg") != std::string_view::npos) {
    return "image/svg+xml";
  }
  return "";
}

Result<AddedFile> MediaLibrary::AddFile(const std::filesystem::path& source, Seconds now) const {
  const std::string name = source.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec)) {
    return InvalidArgument(name + ": image file not found");
  }
  auto size = std::filesystem::file_size(source, ec);
  if (ec) return InvalidArgument(name + ": " + ec.message());
  if (size == 0) return InvalidArgument(name + ": image file is empty");
  if (size > static_cast<uint64_t>(kMaxBytes)) {
    return InvalidArgument(name + ": image is larger than " + std::to_string(kMaxBytes >> 20) +
                           " MiB");
  }
  auto read = ReadFile(source);
  if (!read) return Err(read.error());
  const std::string& bytes = *read;
  const std::string mime = SniffImageType(bytes);
  if (mime.empty()) {
    return InvalidArgument(name +
                           ": not an image khabar accepts (JPEG, PNG, GIF, WebP, AVIF, SVG)");
  }

  std::chrono::year_month_day ymd(std::chrono::floor<std::chrono::days>(now));
  char month_dir[16];
  std::snprintf(month_dir, sizeof month_dir, "%04d/%02u", int(ymd.year()), unsigned(ymd.month()));
  std::string stem = Slugify(source.stem().string(), 40);
  if (stem.empty()) stem = "image";
  const std::string relative =
      std::string(month_dir) + "/" + stem + "-" + HexFingerprint(bytes, 12) + ExtensionFor(mime);
  const std::filesystem::path target = dir_ / relative;

  AddedFile added;
  added.record.file = relative;
  added.record.mime_type = mime;
  added.record.bytes = static_cast<int64_t>(bytes.size());
  added.record.created_at = now;
  if (std::filesystem::exists(target, ec)) return added;  // same bytes, same name

  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return InvalidArgument(target.parent_path().string() + ": " + ec.message());
  const std::filesystem::path temp = target.parent_path() / (".tmp-" + std::to_string(::getpid()) +
                                                             "-" + target.filename().string());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temp, ec);
      return Err(Code::kUnavailable, temp.string() + ": cannot write the image");
    }
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    return Err(Code::kUnavailable, target.string() + ": " + ec.message());
  }
  added.created = true;
  return added;
}

void MediaLibrary::Remove(const std::string& relative_file) const {
  std::error_code ec;
  std::filesystem::remove(dir_ / relative_file, ec);
}

}  // namespace khabar
