#include "media/media_library.h"

#include <gtest/gtest.h>

#include <fstream>

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

}  // namespace
}  // namespace khabar
