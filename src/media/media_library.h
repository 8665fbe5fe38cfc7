// MediaLibrary: the media directory, where images live as files.
//
// Files are content-addressed: "2023/10/lead-3f9a1c2b.jpg" carries the
// month it was added, the source name and a hash of the bytes, so the same
// picture added twice is one file and a replaced picture gets a new URL
// (media can be cached for a long time).
//
// Uploads from the newsroom (AddUpload) go through the image pipeline: the
// public files are metadata-free re-encodings; the original bytes, which
// may carry GPS coordinates and camera serials, are kept under
// ".originals/", a dot-directory the public /media/ route never serves
// (http::ServeFile refuses every dot segment).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "media/image_pipeline.h"
#include "store/store.h"

namespace khabar {

// SniffImageType returns the MIME type of an image from its first bytes
// (JPEG, PNG, GIF, WebP, AVIF, SVG), or "" when the bytes are none of them.
std::string SniffImageType(std::string_view bytes);

// AddedFile is the result of MediaLibrary::AddFile.
struct AddedFile {
  MediaRecord record;    // file is relative to the media directory
  bool created = false;  // false when identical bytes were already there
};

// MediaLibrary is immutable after construction; its methods may be called
// from any thread at the same time (temporary file names are unique per
// call, and renames are atomic).
class MediaLibrary {
 public:
  explicit MediaLibrary(std::filesystem::path dir) : dir_(std::move(dir)) {}

  // AddFile copies the image at `source` into the library. The type is
  // checked from the bytes, not the name: kInvalidArgument names the file
  // when it is missing, empty, too big, or not an image. The copy is
  // written to a temporary file and renamed, so a crash never leaves half
  // a picture under the final name.
  Result<AddedFile> AddFile(const std::filesystem::path& source, Seconds now) const;

  // Remove deletes a file AddFile created (used to undo an import).
  void Remove(const std::string& relative_file) const;
  // RemoveAll deletes every file of `media`: the picture, its renditions
  // and the kept original (used to undo an import).
  void RemoveAll(const MediaRecord& media) const;

  // AddUpload runs `bytes` through ProcessUpload and writes, each to a
  // temporary file renamed into place:
  //   YYYY/MM/<slug>-<hash>.<ext>          the full-size stripped rendition
  //   YYYY/MM/<slug>-<hash>-<width>w.webp  and .jpg, one pair per width
  //   .originals/YYYY/MM/<slug>-<hash>.<ext>  the upload, byte for byte
  // <slug> comes from `original_name` (a browser's file name; only its last
  // component is used), <ext> from the bytes, and <hash> from the
  // full-size rendition, so the public name addresses exactly what is
  // served and never collides with an unstripped file AddFile copied.
  // Uploading the same picture again in the same month finds its files
  // already there, writes nothing and returns the same record. Returns a record whose file,
  // mime_type, bytes, width and height describe the full-size rendition, with created_at `now` and
  // the variants smallest first (WebP before JPEG); id, words and uploaded_by are left for the
  // caller. Errors: ProcessUpload's, prefixed with the file name; kUnavailable when a file cannot
  // be written, after removing every file this call wrote.
  Result<MediaRecord> AddUpload(std::string_view original_name, std::string_view bytes, Seconds now,
                                const ImageLimits& limits = {}) const;

  // OriginalFile returns where AddUpload kept the original of the upload
  // whose public file is `public_file` (both relative to the media
  // directory): ".originals/" + public_file.
  static std::string OriginalFile(std::string_view public_file);

  const std::filesystem::path& dir() const { return dir_; }

  static constexpr int64_t kMaxBytes = 20 * 1024 * 1024;
  // kOriginalsDir holds upload originals; never serve it.
  static constexpr std::string_view kOriginalsDir = ".originals";

 private:
  const std::filesystem::path dir_;
};

}  // namespace khabar
