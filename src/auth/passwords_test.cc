#include "auth/passwords.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar {
namespace {

TEST(PasswordsTest, HashVerifiesItsPasswordOnly) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash) << hash.error().ToString();
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
}

TEST(PasswordsTest, HashIsArgon2idWithAFreshSalt) {
  Result<std::string> a = HashPassword("same password here");
  Result<std::string> b = HashPassword("same password here");
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->starts_with("$argon2id$")) << *a;
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*b, "same password here"));
}

TEST(PasswordsTest, PasswordsWithNulAndNonAsciiBytesRoundTrip) {
  const char raw[] = "رازدار\0پاسورڈ";
  const std::string password(raw, sizeof raw - 1);
  Result<std::string> hash = HashPassword(password);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(VerifyPassword(*hash, password));
  EXPECT_FALSE(VerifyPassword(*hash, password.substr(0, 12)));  // up to the NUL
}

TEST(PasswordsTest, MalformedHashesMatchNothing) {
  EXPECT_FALSE(VerifyPassword("", "anything at all"));
  EXPECT_FALSE(VerifyPassword("not a hash", "not a hash"));
  EXPECT_FALSE(VerifyPassword("$argon2id$v=19$m=65536,t=2,p=1$", "anything at all"));
  EXPECT_FALSE(VerifyPassword(std::string(4096, 'x'), "anything at all"));
}

TEST(PasswordsTest, PolicyRefusesShortLongAndBlankPasswords) {
  Status short_one = CheckPasswordPolicy("123456789");
  EXPECT_EQ(short_one.code(), Code::kInvalidArgument);
  EXPECT_NE(short_one.message().find("at least 10"), std::string::npos) << short_one.message();

  Status long_one = CheckPasswordPolicy(std::string(1025, 'a'));
  EXPECT_EQ(long_one.code(), Code::kInvalidArgument);
  EXPECT_NE(long_one.message().find("at most 1024"), std::string::npos) << long_one.message();

  Status blank = CheckPasswordPolicy(" \t  \n      ");
  EXPECT_EQ(blank.code(), Code::kInvalidArgument);
  EXPECT_NE(blank.message().find("spaces"), std::string::npos) << blank.message();

  EXPECT_EQ(CheckPasswordPolicy("").code(), Code::kInvalidArgument);
}

TEST(PasswordsTest, PolicyAcceptsTheBoundaries) {
  EXPECT_TRUE(CheckPasswordPolicy("1234567890").ok());
  EXPECT_TRUE(CheckPasswordPolicy(std::string(1024, 'a')).ok());
  EXPECT_TRUE(CheckPasswordPolicy("  spaces inside are fine  ").ok());
}

}  // namespace
}  // namespace khabar
