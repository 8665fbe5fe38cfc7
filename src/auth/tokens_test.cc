#include "auth/tokens.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace khabar {
namespace {

bool IsUrlSafe(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

TEST(TokensTest, RandomTokensAre43UrlSafeCharactersAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string token = RandomToken();
    ASSERT_EQ(token.size(), kTokenLength) << token;
    for (char c : token) ASSERT_TRUE(IsUrlSafe(c)) << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(TokensTest, TokenHashIsStableBlake2b256Hex) {
  // The BLAKE2b-256 of the empty string (RFC 7693 parameters, no key).
  EXPECT_EQ(TokenHash(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  const std::string token = RandomToken();
  EXPECT_EQ(TokenHash(token), TokenHash(token));
  EXPECT_EQ(TokenHash(token).size(), 64u);
  EXPECT_NE(TokenHash(token), TokenHash(token + "x"));
  EXPECT_NE(TokenHash(token), token);
}

TEST(TokensTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace khabar
