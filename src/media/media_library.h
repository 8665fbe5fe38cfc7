// MediaLibrary: the media directory, where images live as files.
//
// Files are content-addressed: "2023/10/lead-3f9a1c2b.jpg" carries the
// month it was added, the source name and a hash of the bytes, so the same
// picture added twice is one file and a replaced picture gets a new URL
// (media can be cached for a long time).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
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

  const std::filesystem::path& dir() const { return dir_; }

  static constexpr int64_t kMaxBytes = 20 * 1024 * 1024;

 private:
  const std::filesystem::path dir_;
};

}  // namespace khabar
