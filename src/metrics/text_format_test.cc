#include "metrics/text_format.h"

#include <gtest/gtest.h>

#include <limits>

namespace khabar::metrics {
namespace {

std::string Label(std::string_view v) {
  std::string out;
  AppendLabelValue(out, v);
  return out;
}
std::string Help(std::string_view v) {
  std::string out;
  AppendHelp(out, v);
  return out;
}
std::string Number(double v) {
  std::string out;
  AppendNumber(out, v);
  return out;
}

TEST(TextFormat, LabelValuesEscapeBackslashQuoteAndNewline) {
  EXPECT_EQ(Label("/news/{id}/{slug}"), "/news/{id}/{slug}");
  EXPECT_EQ(Label(R"(a\b)"), R"(a\\b)");
  EXPECT_EQ(Label(R"(say "hi")"), R"(say \"hi\")");
  EXPECT_EQ(Label("two\nlines"), R"(two\nlines)");
  EXPECT_EQ(Label("\\\"\n"), R"(\\\"\n)");
  EXPECT_EQ(Label("tab\tand ümlaut"), "tab\tand ümlaut");  // everything else as is
}

TEST(TextFormat, HelpEscapesBackslashAndNewlineButNotQuotes) {
  EXPECT_EQ(Help(R"(a "quoted" \ word)"), R"(a "quoted" \\ word)");
  EXPECT_EQ(Help("one\ntwo"), R"(one\ntwo)");
}

TEST(TextFormat, NumbersAreShortestAndSpecialValuesSpelledOut) {
  EXPECT_EQ(Number(0), "0");
  EXPECT_EQ(Number(42), "42");
  EXPECT_EQ(Number(0.0001), "0.0001");
  EXPECT_EQ(Number(0.00025), "0.00025");
  EXPECT_EQ(Number(2.5), "2.5");
  EXPECT_EQ(Number(1e-05), "1e-05");
  EXPECT_EQ(Number(0.1 + 0.2), "0.30000000000000004");  // round-trips exactly
  EXPECT_EQ(Number(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(Number(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(Number(std::numeric_limits<double>::quiet_NaN()), "NaN");
  std::string out;
  AppendCount(out, 18446744073709551615u);
  EXPECT_EQ(out, "18446744073709551615");
}

TEST(TextFormat, NameRules) {
  EXPECT_TRUE(IsValidMetricName("khabar_http_requests_total"));
  EXPECT_TRUE(IsValidMetricName("job:rate:5m"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_FALSE(IsValidMetricName("1st"));
  EXPECT_FALSE(IsValidMetricName("has-dash"));
  EXPECT_TRUE(IsValidLabelName("route"));
  EXPECT_TRUE(IsValidLabelName("_private"));
  EXPECT_FALSE(IsValidLabelName("__reserved"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("9"));
}

}  // namespace
}  // namespace khabar::metrics
