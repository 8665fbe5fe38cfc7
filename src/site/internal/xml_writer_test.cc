#include "site/internal/xml_writer.h"

#include <gtest/gtest.h>

#include "site/internal/xml_query_for_test.h"

namespace khabar::site_internal {
namespace {

TEST(XmlText, KeepsValidTextAndRepairsTheRest) {
  EXPECT_EQ(XmlText("plain <&> text\ttab\nline"), "plain <&> text\ttab\nline");
  EXPECT_EQ(XmlText("اردو خبر — ok"), "اردو خبر — ok");
  EXPECT_EQ(XmlText("a\x01"
                    "b\x1f"
                    "c\x7f"),
            "abc\x7f");  // DEL is allowed in XML 1.0
  EXPECT_EQ(XmlText("bad \xff byte"), "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(XmlText("cut \xE2\x80"), "cut \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlText("overlong \xC0\xAF"), "overlong \xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlText("surrogate \xED\xA0\x80"), "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(XmlText("nonchar \xEF\xBF\xBE."), "nonchar .");
  EXPECT_EQ(XmlText("emoji \xF0\x9F\x93\xB0"), "emoji \xF0\x9F\x93\xB0");
}

TEST(XmlWriter, EscapesTextAndAttributesAndNests) {
  XmlWriter w;
  w.Start("root");
  w.Attr("xmlns:x", "urn:x");
  w.Attr("title", "a \"quoted\" <b> & 'c'");
  w.Element("x:child", "</root><evil>&amp;");
  w.Start("empty");
  w.End();
  w.Element("ctl", "bell\x07here");
  auto xml = w.Finish();  // closes <root>
  ASSERT_TRUE(xml) << xml.error().ToString();
  EXPECT_TRUE(xml->starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")) << *xml;
  XmlQuery q(*xml, {{"x", "urn:x"}});
  ASSERT_TRUE(q.ok()) << *xml;
  EXPECT_EQ(q.Text("/root/@title"), "a \"quoted\" <b> & 'c'");
  EXPECT_EQ(q.Text("/root/x:child"), "</root><evil>&amp;");
  EXPECT_EQ(q.Count("/root/empty"), 1u);
  EXPECT_EQ(q.Text("/root/ctl"), "bellhere");
  EXPECT_EQ(q.Count("//evil"), 0u);
}

}  // namespace
}  // namespace khabar::site_internal
