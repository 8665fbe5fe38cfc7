#include "base/hash.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(Fnv1a64, MatchesTheReferenceVectors) {
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ull);
}

TEST(HexFingerprint, IsAPrefixOfTheHexHash) {
  EXPECT_EQ(HexFingerprint("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(HexFingerprint("a", 6), "af63dc");
}

}  // namespace
}  // namespace khabar
