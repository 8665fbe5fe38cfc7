#include "auth/cookies.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace khabar {
namespace {

std::optional<std::string> Find(std::string_view header, std::string_view name = "s") {
  std::optional<std::string_view> v = FindCookie(header, name);
  if (!v) return std::nullopt;
  return std::string(*v);
}

TEST(CookiesTest, FindsACookieAmongOthers) {
  EXPECT_EQ(Find("s=abc"), "abc");
  EXPECT_EQ(Find("a=1; s=abc; b=2"), "abc");
  EXPECT_EQ(Find("a=1;s=abc;b=2"), "abc");
  EXPECT_EQ(Find("  a=1 ;\t s = abc \t; b=2"), "abc");
}

TEST(CookiesTest, UnquotesAndKeepsEqualsSignsInValues) {
  EXPECT_EQ(Find("s=\"abc\""), "abc");
  EXPECT_EQ(Find("s=\""), "\"");  // a lone quote is not a quoted value
  EXPECT_EQ(Find("s=a=b"), "a=b");
  EXPECT_EQ(Find("s="), "");
}

TEST(CookiesTest, FirstOfDuplicateNamesWins) {
  EXPECT_EQ(Find("s=first; s=second"), "first");
  EXPECT_EQ(Find("x=1; s=first; y=2; s=second"), "first");
}

TEST(CookiesTest, NamesMatchExactly) {
  EXPECT_EQ(Find("ss=1; xs=2; S=3"), std::nullopt);
  EXPECT_EQ(Find("s_=1; s=2"), "2");
  EXPECT_EQ(Find("a=s; b=s=1"), std::nullopt);
}

TEST(CookiesTest, MissingAndMalformedHeaders) {
  EXPECT_EQ(Find(""), std::nullopt);
  EXPECT_EQ(Find(";;;"), std::nullopt);
  EXPECT_EQ(Find("s"), std::nullopt);
  EXPECT_EQ(Find("s; s=ok"), "ok");
  EXPECT_EQ(Find("=s; s=ok"), "ok");
  EXPECT_EQ(Find("a=1", ""), std::nullopt);
}

}  // namespace
}  // namespace khabar
