#include "media/media_library.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "base/files.h"
#include "media/internal/test_images.h"

namespace khabar {
namespace {

class MediaLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/khabar-media-XXXXXX";
    root_ = mkdtemp(tmpl);
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path Write(const std::string& name, const std::string& bytes) {
    std::ofstream(root_ / name, std::ios::binary) << bytes;
    return root_ / name;
  }
  std::filesystem::path root_;
  Seconds now_ = *ParseIso8601("2023-10-28T09:30:00Z");
};

TEST(SniffImageType, RecognisesMagicBytesNotNames) {
  EXPECT_EQ(SniffImageType("\xFF\xD8\xFF\xE0 rest"), "image/jpeg");
  EXPECT_EQ(SniffImageType(std::string("\x89PNG\r\n\x1A\n", 8) + "x"), "image/png");
  EXPECT_EQ(SniffImageType("GIF89a..."), "image/gif");
  EXPECT_EQ(SniffImageType(std::string_view("RIFF\x10\x00\x00\x00WEBPVP8 ", 16)), "image/webp");
  EXPECT_EQ(SniffImageType("<?xml version=\"1.0\"?>\n<svg xmlns=\"x\"></svg>"), "image/svg+xml");
  EXPECT_EQ(SniffImageType("<html><body>not an image</body></html>"), "");
  EXPECT_EQ(SniffImageType("MZ\x90\x00"), "");
}

TEST_F(MediaLibraryTest, CopiesIntoAMonthFolderWithAContentHash) {
  auto src = Write("Lead Photo.jpg", "\xFF\xD8\xFF\xE0 jpeg bytes");
  MediaLibrary lib(root_ / "media");
  auto added = lib.AddFile(src, now_);
  ASSERT_TRUE(added) << added.error().ToString();
  EXPECT_TRUE(added->created);
  EXPECT_TRUE(added->record.file.starts_with("2023/10/lead-photo-")) << added->record.file;
  EXPECT_TRUE(added->record.file.ends_with(".jpg"));
  EXPECT_EQ(added->record.mime_type, "image/jpeg");
  EXPECT_TRUE(std::filesystem::exists(root_ / "media" / added->record.file));

  auto again = lib.AddFile(src, now_);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->record.file, added->record.file);
}

TEST_F(MediaLibraryTest, RefusesMissingEmptyAndNonImagesNamingTheFile) {
  MediaLibrary lib(root_ / "media");
  for (auto src : {root_ / "missing.jpg", Write("empty.jpg", ""),
                   Write("fake.jpg", "<html>this is not a jpeg</html>")}) {
    auto added = lib.AddFile(src, now_);
    ASSERT_FALSE(added) << src;
    EXPECT_EQ(added.error().code(), Code::kInvalidArgument);
    EXPECT_NE(added.error().message().find(src.string()), std::string::npos);
  }
  EXPECT_FALSE(std::filesystem::exists(root_ / "media" / "2023"));
}

std::vector<std::string> FilesUnder(const std::filesystem::path& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file()) files.push_back(it->path().lexically_relative(dir).string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(MediaLibraryTest, AddUploadWritesTheRenditionsAndKeepsTheOriginalPrivate) {
  testing_images::Extras extras;
  extras.exif_make = "SpyCam";
  const std::string jpeg = testing_images::Make(700, 350, ".jpg", extras);
  MediaLibrary lib(root_ / "media");
  auto record = lib.AddUpload("C:\\fakepath/../Lead Photo.JPG", jpeg, now_, {});
  ASSERT_TRUE(record) << record.error().ToString();

  EXPECT_TRUE(record->file.starts_with("2023/10/lead-photo-")) << record->file;
  EXPECT_TRUE(record->file.ends_with(".jpg"));
  EXPECT_EQ(record->mime_type, "image/jpeg");
  EXPECT_EQ(record->width, 700);
  EXPECT_EQ(record->height, 350);
  EXPECT_EQ(record->created_at, now_);
  const std::string stem = record->file.substr(0, record->file.size() - 4);
  ASSERT_EQ(record->variants.size(), 4u);
  EXPECT_EQ(record->variants[0].file, stem + "-320w.webp");
  EXPECT_EQ(record->variants[0].mime_type, "image/webp");
  EXPECT_EQ(record->variants[1].file, stem + "-320w.jpg");
  EXPECT_EQ(record->variants[1].height, 160);
  EXPECT_EQ(record->variants[3].file, stem + "-640w.jpg");

  // Every public file is there, stripped; the original is kept byte for
  // byte under the dot-directory the /media/ route refuses.
  const std::filesystem::path media = root_ / "media";
  auto full = ReadFile(media / record->file);
  ASSERT_TRUE(full);
  EXPECT_EQ(static_cast<int64_t>(full->size()), record->bytes);
  EXPECT_EQ(full->find("SpyCam"), std::string::npos);
  for (const auto& v : record->variants) {
    auto bytes = ReadFile(media / v.file);
    ASSERT_TRUE(bytes) << v.file;
    EXPECT_EQ(SniffImageType(*bytes), v.mime_type);
    EXPECT_EQ(bytes->find("SpyCam"), std::string::npos);
  }
  EXPECT_EQ(MediaLibrary::OriginalFile(record->file), ".originals/" + record->file);
  EXPECT_EQ(ReadFile(media / MediaLibrary::OriginalFile(record->file)), jpeg);
  EXPECT_EQ(FilesUnder(media).size(), 6u);  // original, full size, 4 variants

  // The same picture again: the same names, nothing new.
  auto again = lib.AddUpload("lead photo.jpg", jpeg, now_, {});
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->file, record->file);
  EXPECT_EQ(FilesUnder(media).size(), 6u);
}

TEST_F(MediaLibraryTest, AddUploadRefusesBadBytesNamingTheFileAndWritesNothing) {
  MediaLibrary lib(root_ / "media");
  auto added = lib.AddUpload("holiday.jpg", "<html>not a picture</html>", now_, {});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(added.error().message(), "holiday.jpg: not a JPEG, PNG or WebP image");
  EXPECT_FALSE(std::filesystem::exists(root_ / "media"));
}

TEST_F(MediaLibraryTest, AddUploadRemovesWhatItWroteWhenAWriteFails) {
  const std::filesystem::path media = root_ / "media";
  std::filesystem::create_directories(media);
  // "2023" as a file: the original (under .originals/) can be written,
  // the public files cannot.
  std::ofstream(media / "2023") << "in the way";
  MediaLibrary lib(media);
  auto added = lib.AddUpload("photo.png", testing_images::Make(400, 300, ".png"), now_, {});
  ASSERT_FALSE(added);
  EXPECT_EQ(added.error().code(), Code::kUnavailable);
  EXPECT_TRUE(added.error().message().starts_with("photo.png: ")) << added.error().message();
  EXPECT_EQ(FilesUnder(media), std::vector<std::string>{"2023"});
}

}  // namespace
}  // namespace khabar
