#include "http/request_target.h"

#include <gtest/gtest.h>

namespace khabar::http {
namespace {

TEST(ParseTargetTest, DecodesPathAndQuery) {
  auto t = ParseTarget("/news/1/a%20b?page=2&q=hello+world%21&q=second&flag&=x&&");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->path, "/news/1/a b");
  EXPECT_EQ(t->raw_query, "page=2&q=hello+world%21&q=second&flag&=x&&");
  EXPECT_EQ(t->query.at("page"), "2");
  EXPECT_EQ(t->query.at("q"), "hello world!");  // first value wins
  EXPECT_EQ(t->query.at("flag"), "");
  EXPECT_EQ(t->query.count(""), 0u);
}

TEST(ParseTargetTest, KeepsPlusInPathAndUtf8) {
  auto t = ParseTarget("/a+b/%D8%AE%D8%A8%D8%B1");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/a+b/\xD8\xAE\xD8\xA8\xD8\xB1");  // "خبر"
}

TEST(ParseTargetTest, AllowsRootTrailingSlashAndEmptySegments) {
  EXPECT_EQ(ParseTarget("/")->path, "/");
  EXPECT_EQ(ParseTarget("/section/world/")->path, "/section/world/");
  EXPECT_EQ(ParseTarget("/a//b")->path, "/a//b");
  EXPECT_EQ(ParseTarget("/.well-known/x")->path, "/.well-known/x");  // dot-prefixed names are fine
  EXPECT_EQ(ParseTarget("/a.b/..c")->path, "/a.b/..c");
}

TEST(ParseTargetTest, RejectsEveryBadShape) {
  const char* bad[] = {
      "",                // empty
      "news",            // not origin-form
      "http://x/a",      // absolute-form
      "*",               // asterisk-form
      "/a#frag",         // fragment
      "/a%",             // truncated escape
      "/a%2",            // truncated escape
      "/a%zz",           // not hex
      "/.",              // dot segment
      "/..",             // dot-dot
      "/a/./b",          //
      "/a/../b",         //
      "/a/..",           //
      "/%2e%2e/etc",     // encoded dot-dot
      "/%2E%2e/etc",     // mixed case
      "/.%2e/etc",       // half encoded
      "/%2e/x",          // encoded dot
      "/a%2fb",          // encoded slash inside a segment
      "/a%2F..%2Fb",     //
      "/a%5cb",          // encoded backslash
      "/a\\b",           // raw backslash
      "/a%00b",          // NUL
      "/a%0ab",          // control character
      "/a%ff",           // invalid UTF-8
      "/a%c0%af",        // overlong '/'
      "/a%ed%a0%80",     // surrogate
      "/a%f4%90%80%80",  // above U+10FFFF
      "/a?x=%zz",        // bad escape in query
      "/a?x=%",          //
      "/a?%zz=1",        // bad escape in a key
      "/a?x=%ff",        // query not UTF-8
      "/a?x=%00",        // NUL in query
  };
  for (const char* target : bad) {
    auto t = ParseTarget(target);
    EXPECT_FALSE(t) << "accepted: " << target;
    if (!t) {
      EXPECT_EQ(t.error().code(), Code::kInvalidArgument) << target;
    }
  }
}

TEST(PercentDecodeTest, PlusOnlyWhenAsked) {
  EXPECT_EQ(*PercentDecode("a+b%2B", false), "a+b+");
  EXPECT_EQ(*PercentDecode("a+b%2B", true), "a b+");
  EXPECT_FALSE(PercentDecode("%g0", true));
}

TEST(Utf8Test, ValidAndInvalid) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xD8\xAE"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x93\xB0"));  // U+1F4F0
  EXPECT_FALSE(IsValidUtf8("\xD8"));             // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));             // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));     // overlong
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));
}

TEST(CheckRequestLineTest, MethodLengthThenTarget) {
  for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    EXPECT_TRUE(CheckRequestLine(m, "/", 100)) << m;
  }
  for (const char* m : {"TRACE", "CONNECT", "PROPFIND", "get", "BREW"}) {
    auto r = CheckRequestLine(m, "/", 100);
    ASSERT_FALSE(r) << m;
    EXPECT_EQ(r.error().status, 501);
  }
  std::string long_target = "/" + std::string(100, 'a');
  auto r = CheckRequestLine("GET", long_target, 100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 414);
  EXPECT_TRUE(CheckRequestLine("GET", long_target, 101));

  r = CheckRequestLine("GET", "/%2e%2e/x", 100);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().status, 400);
  EXPECT_FALSE(r.error().reason.empty());
}

TEST(EncodeNonAscii, EncodesOnlyWhatIsNotPrintableAscii) {
  EXPECT_EQ(EncodeNonAscii("/news/7/a-b?comment=posted#c-1"), "/news/7/a-b?comment=posted#c-1");
  // "پاکستان" (U+067E U+0627 ...) keeps its bytes, escaped; '/' stays.
  EXPECT_EQ(EncodeNonAscii("/urdu/news/7/\xD9\xBE\xD8\xA7"), "/urdu/news/7/%D9%BE%D8%A7");
  EXPECT_EQ(EncodeNonAscii("a b\r\n"), "a%20b%0D%0A");
  auto back = PercentDecode(EncodeNonAscii("/news/7/\xD9\xBE-x"), false);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, "/news/7/\xD9\xBE-x");
}

TEST(QueryEncode, RoundTripsThroughPercentDecode) {
  for (std::string v : {"/admin/stories?status=draft&mine=1", "a b+c#d=e", "کراچی", ""}) {
    std::string encoded = QueryEncode(v);
    EXPECT_EQ(encoded.find_first_of("&=#+? "), std::string::npos) << encoded;
    EXPECT_EQ(*PercentDecode(encoded, true), v);
  }
}

}  // namespace
}  // namespace khabar::http
