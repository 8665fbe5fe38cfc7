#include "media/media_library.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

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

// MonthDir returns "YYYY/MM" for `now` (UTC).
std::string MonthDir(Seconds now) {
  std::chrono::year_month_day ymd(std::chrono::floor<std::chrono::days>(now));
  char month_dir[16];
  std::snprintf(month_dir, sizeof month_dir, "%04d/%02u", int(ymd.year()), unsigned(ymd.month()));
  return month_dir;
}

// WriteAtomically writes `bytes` to a temporary file beside `target` and
// renames it into place, so `target` is never seen half-written. The
// temporary name is unique per process and call, so two threads writing
// the same picture do not trip over each other's temporaries.
Status WriteAtomically(const std::filesystem::path& target, std::string_view bytes) {
  static std::atomic<uint64_t> counter{0};
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  if (ec) return Status(Code::kUnavailable, target.parent_path().string() + ": " + ec.message());
  const std::filesystem::path temp =
      target.parent_path() / (".tmp-" + std::to_string(::getpid()) + "-" +
                              std::to_string(counter++) + "-" + target.filename().string());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::filesystem::remove(temp, ec);
      return Status(Code::kUnavailable, temp.string() + ": cannot write the image");
    }
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return Status(Code::kUnavailable, target.string() + ": " + ec.message());
  }
  return Status::Ok();
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

  std::string stem = Slugify(source.stem().string(), 40);
  if (stem.empty()) stem = "image";
  const std::string relative =
      MonthDir(now) + "/" + stem + "-" + HexFingerprint(bytes, 12) + ExtensionFor(mime);
  const std::filesystem::path target = dir_ / relative;

  AddedFile added;
  added.record.file = relative;
  added.record.mime_type = mime;
  added.record.bytes = static_cast<int64_t>(bytes.size());
  added.record.created_at = now;
  if (std::filesystem::exists(target, ec)) return added;  // same bytes, same name

  if (Status written = WriteAtomically(target, bytes); !written.ok()) return Err(written);
  added.created = true;
  return added;
}

Result<MediaRecord> MediaLibrary::AddUpload(std::string_view original_name, std::string_view bytes,
                                            Seconds now, const ImageLimits& limits) const {
  const std::string name = std::filesystem::path(original_name).filename().string();
  auto processed = ProcessUpload(bytes, limits);
  if (!processed) return Err(processed.error().WithContext(name.empty() ? "upload" : name));

  std::string slug = Slugify(std::filesystem::path(name).stem().string(), 40);
  if (slug.empty()) slug = "image";
  const std::string stem =
      MonthDir(now) + "/" + slug + "-" + HexFingerprint(processed->full.bytes, 12);

  MediaRecord record;
  record.file = stem + ExtensionFor(processed->full.mime);
  record.mime_type = processed->full.mime;
  record.bytes = static_cast<int64_t>(processed->full.bytes.size());
  record.width = processed->width;
  record.height = processed->height;
  record.created_at = now;

  // What to write: the original first, the public full-size file last, so
  // a crash between them leaves nothing public pointing at a missing
  // original.
  std::vector<std::pair<std::string, std::string_view>> files;
  files.emplace_back(OriginalFile(record.file), bytes);
  for (const EncodedVariant& v : processed->variants) {
    MediaVariant variant;
    variant.file = stem + "-" + std::to_string(v.width) + "w" + ExtensionFor(v.mime);
    variant.mime_type = v.mime;
    variant.width = v.width;
    variant.height = v.height;
    files.emplace_back(variant.file, v.bytes);
    record.variants.push_back(std::move(variant));
  }
  files.emplace_back(record.file, processed->full.bytes);

  // Names are content addresses: a file already there holds these bytes
  // (from an earlier upload of the same picture) and is left alone, and so
  // is never removed by the cleanup below.
  std::vector<std::filesystem::path> written;
  for (const auto& [relative, content] : files) {
    const std::filesystem::path target = dir_ / relative;
    std::error_code ec;
    if (std::filesystem::exists(target, ec)) continue;
    if (Status st = WriteAtomically(target, content); !st.ok()) {
      for (const auto& path : written) std::filesystem::remove(path, ec);
      return Err(st.WithContext(name.empty() ? "upload" : name));
    }
    written.push_back(target);
  }
  return record;
}

std::string MediaLibrary::OriginalFile(std::string_view public_file) {
  return std::string(kOriginalsDir) + "/" + std::string(public_file);
}

void MediaLibrary::Remove(const std::string& relative_file) const {
  std::error_code ec;
  std::filesystem::remove(dir_ / relative_file, ec);
}

void MediaLibrary::RemoveAll(const MediaRecord& media) const {
  Remove(media.file);
  Remove(OriginalFile(media.file));
  for (const auto& v : media.variants) Remove(v.file);
}

}  // namespace khabar
