#include "http/form.h"

#include <gtest/gtest.h>

namespace khabar::http {
namespace {

TEST(ParseForm, UrlEncodedFieldsAreDecoded) {
  auto f = ParseForm("application/x-www-form-urlencoded",
                     "headline=US%2C+China+agree&body=a%26b%3Dc&empty=&tags=Xi+Jinping&headline=x");
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->Get("headline"), "US, China agree");
  EXPECT_EQ(f->Get("body"), "a&b=c");
  EXPECT_TRUE(f->Has("empty"));
  EXPECT_EQ(f->Get("missing"), "");
  EXPECT_EQ(f->Get("tags"), "Xi Jinping");
}

TEST(ParseForm, UrlEncodedRejectsBadEncodingAndNonUtf8) {
  EXPECT_FALSE(ParseForm("application/x-www-form-urlencoded", "a=%zz"));
  auto f = ParseForm("application/x-www-form-urlencoded", "a=%ff%fe");
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message().find("'a'"), std::string::npos);
  std::string many;
  for (int i = 0; i < 300; ++i) many += "f" + std::to_string(i) + "=1&";
  EXPECT_FALSE(ParseForm("application/x-www-form-urlencoded", many));
}

TEST(ParseForm, MultipartFieldsAndFiles) {
  std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"headline\"\r\n\r\nHello; world\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"image_upload\"; filename=\"a b.jpg\"\r\n"
      "Content-Type: image/jpeg\r\n\r\n\xFF\xD8\xFF\r\n--XyZ\r\n"
      "Content-Disposition: form-data; name=\"none\"; filename=\"\"\r\n\r\n\r\n"
      "--XyZ--\r\n";
  auto f = ParseForm("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->Get("headline"), "Hello; world");
  const FormPart* file = f->File("image_upload");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(*file->filename, "a b.jpg");
  EXPECT_EQ(file->content_type, "image/jpeg");
  EXPECT_EQ(file->data, "\xFF\xD8\xFF");
  EXPECT_EQ(f->File("none"), nullptr);
}

TEST(ParseForm, MalformedMultipartIsAClearError) {
  EXPECT_FALSE(ParseForm("multipart/form-data", "--x\r\n"));
  EXPECT_FALSE(ParseForm("multipart/form-data; boundary=x", "--x\r\nno headers end"));
  EXPECT_FALSE(ParseForm("multipart/form-data; boundary=x",
                         "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut"));
  EXPECT_FALSE(ParseForm("text/plain", "a=b"));
}

}  // namespace
}  // namespace khabar::http
