#include "http/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "http/request_target.h"

namespace khabar::http {
namespace {

namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("khabar_static_" + std::to_string(::getpid()));
    root_ = base_ / "root";
    fs::create_directories(root_ / "css");
    fs::create_directories(root_ / "img");
    std::ofstream(root_ / "css" / "site.css") << "body{}";
    std::ofstream(root_ / "img" / "Logo.SVG") << "<svg/>";
    std::ofstream(root_ / "blob.bin") << "x";
    std::ofstream(root_ / ".env") << "SECRET=1";
    std::ofstream(base_ / "secret.txt") << "outside";
    fs::create_symlink(base_ / "secret.txt", root_ / "escape.txt");
    fs::create_symlink(base_, root_ / "up");
    fs::create_symlink(root_ / "css" / "site.css", root_ / "alias.css");  // stays inside
  }
  void TearDown() override { fs::remove_all(base_); }

  Response Serve(std::string_view rel) { return ServeFile(root_, rel, "public, max-age=60"); }

  fs::path base_, root_;
};

TEST_F(StaticFilesTest, ServesRegularFilesWithType) {
  Response res = Serve("css/site.css");
  EXPECT_EQ(res.status, 200);
  ASSERT_TRUE(res.file);
  EXPECT_EQ(fs::path(*res.file), fs::canonical(root_ / "css" / "site.css"));
  EXPECT_EQ(res.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(res.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res.Header("Cache-Control"), "public, max-age=60");

  EXPECT_EQ(Serve("img/Logo.SVG").Header("Content-Type"), "image/svg+xml");
  EXPECT_EQ(Serve("blob.bin").Header("Content-Type"), "application/octet-stream");
  EXPECT_EQ(Serve("alias.css").status, 200);
  EXPECT_EQ(ServeFile(root_, "blob.bin", "").Header("Cache-Control"), "");
}

TEST_F(StaticFilesTest, MissingAndDirectoriesAre404) {
  for (const char* rel : {"nope.css", "css", "css/", "img/nope.png"}) {
    Response res = Serve(rel);
    EXPECT_EQ(res.status, 404) << rel;
    EXPECT_FALSE(res.file) << rel;
  }
}

TEST_F(StaticFilesTest, RefusesTraversal) {
  for (const char* rel :
       {"", "/etc/passwd", "../secret.txt", "css/../../secret.txt", "./css/site.css",
        "css//site.css", "css\\site.css", ".env", "up/secret.txt", "escape.txt", "..", "css/.."}) {
    Response res = Serve(rel);
    EXPECT_EQ(res.status, 404) << rel;
    EXPECT_FALSE(res.file) << rel;
  }
  EXPECT_EQ(Serve(std::string_view("css/site.css\0x", 14)).status, 404);
}

TEST_F(StaticFilesTest, EncodedTraversalNeverReachesServeFile) {
  // The server decodes the path; encoded dot-dots are refused there, and
  // even decoded they are refused here.
  EXPECT_FALSE(ParseTarget("/static/%2e%2e/secret.txt"));
  EXPECT_FALSE(ParseTarget("/static/..%2fsecret.txt"));
  EXPECT_EQ(Serve("%2e%2e/secret.txt").status, 404);  // taken literally: no such file
}

TEST(ContentTypeTest, KnownExtensions) {
  EXPECT_EQ(ContentTypeFor("a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("a.jpeg"), "image/jpeg");
  EXPECT_EQ(ContentTypeFor("a.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("a.avif"), "image/avif");
  EXPECT_EQ(ContentTypeFor("noext"), "application/octet-stream");
}

}  // namespace
}  // namespace khabar::http
