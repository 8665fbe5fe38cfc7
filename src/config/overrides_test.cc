#include "config/overrides.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

Settings Base() {
  Settings s;
  s.site.name = "From File";
  AdSlot ad;
  ad.name = "below-article";
  ad.html = "<div>ad</div>";
  s.ad_slots.push_back(ad);
  return s;
}

TEST(ApplyOverrides, OverridesWinOverTheFile) {
  auto s = ApplyOverrides(Base(), {{"site.name", "Changed"},
                                   {"calendar.hijri_adjust_days", "-1"},
                                   {"social.follow_text", "Follow us"},
                                   {"ads.below-article", "<div>new</div>"}});
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->site.name, "Changed");
  EXPECT_EQ(s->calendar.hijri_adjust_days, -1);
  EXPECT_EQ(SettingValue(*s, "social.follow_text"), "Follow us");
  EXPECT_EQ(SettingValue(*s, "ads.below-article"), "<div>new</div>");
}

TEST(ApplyOverrides, EmptyAdHtmlSwitchesTheSlotOff) {
  auto s = ApplyOverrides(Base(), {{"ads.below-article", ""}});
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->ad_slots.empty());
}

TEST(ApplyOverrides, BadValuesNameTheKey) {
  auto a = ApplyOverrides(Base(), {{"calendar.hijri_adjust_days", "two"}});
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message().find("calendar.hijri_adjust_days"), std::string::npos);
  auto b = ApplyOverrides(Base(), {{"site.timezone", "Mars/Base"}});
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message().find("timezone"), std::string::npos);
  EXPECT_FALSE(ApplyOverrides(Base(), {{"site.secret", "x"}}));
}

TEST(SettingsProvider, ApplyIsAllOrNothing) {
  SettingsProvider p(Base());
  auto before = p.Current();
  EXPECT_FALSE(p.Apply({{"site.name", "New"}, {"calendar.hijri_adjust_days", "9"}}).ok());
  EXPECT_EQ(p.Current()->site.name, "From File");
  EXPECT_TRUE(p.Apply({{"site.name", "New"}}).ok());
  EXPECT_EQ(p.Current()->site.name, "New");
  EXPECT_EQ(before->site.name, "From File");  // old snapshots stay valid
}

TEST(SettingsProvider, EachEditionHasItsViewAndSharesTheOverrides) {
  Settings base = Base();
  EditionSettings ur;
  ur.key = "ur";
  ur.prefix = "/urdu";
  ur.name = "خبر";
  ur.language = "ur";
  base.editions.push_back(ur);
  SettingsProvider p(base);
  EXPECT_EQ(p.Current()->site.edition, "");
  EXPECT_EQ(p.Current()->site.direction, "ltr");
  EXPECT_EQ(p.Current("ur")->site.name, "خبر");
  EXPECT_EQ(p.Current("ur")->site.direction, "rtl");
  EXPECT_EQ(p.Current("elsewhere")->site.edition, "");
  // A main-edition override the edition does not set reaches it too.
  ASSERT_TRUE(p.Apply({{"calendar.hijri_adjust_days", "1"}}).ok());
  EXPECT_EQ(p.Current("ur")->calendar.hijri_adjust_days, 1);
  EXPECT_EQ(p.Current("ur")->site.name, "خبر");
}

TEST(OverridableKeys, IncludeEachAdSlot) {
  auto keys = OverridableKeys(Base());
  EXPECT_TRUE(std::any_of(keys.begin(), keys.end(),
                          [](const OverridableKey& k) { return k.key == "ads.below-article"; }));
}

}  // namespace
}  // namespace khabar
