#include "base/html.h"

#include <gtest/gtest.h>

#include <string>

namespace khabar {
namespace {

TEST(EscapeHtml, WritesTheFiveSpecialCharactersAsEntities) {
  EXPECT_EQ(EscapeHtml("plain text, untouched"), "plain text, untouched");
  EXPECT_EQ(EscapeHtml(R"(<a href="x" title='y'>Tom & Jerry</a>)"),
            "&lt;a href=&quot;x&quot; title=&apos;y&apos;&gt;Tom &amp; Jerry&lt;/a&gt;");
  std::string out = "kept: ";
  AppendEscapedHtml(out, "\"<>\"");
  EXPECT_EQ(out, "kept: &quot;&lt;&gt;&quot;");
}

}  // namespace
}  // namespace khabar
