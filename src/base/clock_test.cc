#include "base/clock.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(ParseIso8601, OffsetIsAppliedToGetUtc) {
  auto t = ParseIso8601("2024-02-28T12:00:00+05:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatIso8601Utc(*t), "2024-02-28T07:00:00Z");
}

TEST(ParseIso8601, AcceptsZuluCompactOffsetFractionAndDateOnly) {
  EXPECT_EQ(FormatIso8601Utc(*ParseIso8601("2023-10-28T09:30:00Z")), "2023-10-28T09:30:00Z");
  EXPECT_EQ(FormatIso8601Utc(*ParseIso8601("2023-10-28T09:30:00.123-0130")),
            "2023-10-28T11:00:00Z");
  EXPECT_EQ(FormatIso8601Utc(*ParseIso8601("2023-10-28")), "2023-10-28T00:00:00Z");
  EXPECT_EQ(FormatIso8601Utc(*ParseIso8601("2023-10-28T09:30")), "2023-10-28T09:30:00Z");
}

TEST(ParseIso8601, RejectsMalformedWithTheTextInTheMessage) {
  for (const char* bad : {"", "yesterday", "2024-02-30T00:00:00Z", "2024-02-28T25:00:00Z",
                          "2024-02-28T12:00:00+5", "2024-02-28T12:00:00Zjunk", "2024-13-01"}) {
    auto t = ParseIso8601(bad);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error().code(), Code::kInvalidArgument);
    EXPECT_NE(t.error().message().find(bad), std::string::npos) << t.error().message();
  }
}

TEST(ParseCivilDate, ChecksTheDayExists) {
  EXPECT_TRUE(ParseCivilDate("2024-02-29"));
  EXPECT_FALSE(ParseCivilDate("2023-02-29"));
  EXPECT_EQ(FormatCivilDate(*ParseCivilDate("2024-03-12")), "2024-03-12");
}

TEST(Status, WithContextPrefixesTheMessage) {
  Status s(Code::kNotFound, "no such section 'Sport'");
  EXPECT_EQ(s.WithContext("article.md").ToString(),
            "not_found: article.md: no such section 'Sport'");
  EXPECT_TRUE(Status::Ok().WithContext("x").ok());
}

}  // namespace
}  // namespace khabar
