#include "config/settings.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace khabar {
namespace {

std::filesystem::path SeedDir() {
  const char* src = std::getenv("KHABAR_SOURCE_DIR");
  return std::filesystem::path(src ? src : ".") / ".." / "shared" / "seed";
}

TEST(LoadSettings, ReadsTheSeedSiteFile) {
  auto s = LoadSettings(SeedDir() / "site.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_FALSE(s->site.name.empty());
  EXPECT_EQ(s->site.timezone, "Asia/Karachi");
  EXPECT_EQ(s->site.base_url, "https://news.example");
  EXPECT_EQ(s->calendar.hijri, "islamic-umalqura");
  EXPECT_EQ(s->calendar.hijri_adjust_days, -1);
  ASSERT_EQ(s->calendar.hijri_month_names.size(), 12u);
  EXPECT_EQ(s->calendar.hijri_month_names[7], "Shaban");
  EXPECT_FALSE(s->social.twitter.empty());
  EXPECT_FALSE(s->social.follow_text.empty());
  EXPECT_FALSE(s->comments.closed_text.empty());
  ASSERT_EQ(s->ad_slots.size(), 1u);
  EXPECT_EQ(s->ad_slots[0].name, "below-article");
  EXPECT_NE(s->ad_slots[0].html.find("<div"), std::string::npos);
}

TEST(ParseSettings, EmptyFileGivesDefaults) {
  auto s = ParseSettings("", "empty.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->site.timezone, "UTC");
  EXPECT_EQ(s->calendar.hijri_month_names.size(), 12u);
  EXPECT_TRUE(s->ad_slots.empty());
}

// Found by fuzz/settings_fuzz.cc: toml11 read out of bounds on invalid
// UTF-8 in a literal string. The file is refused before toml11 sees it.
TEST(ParseSettings, InvalidUtf8IsRefusedNamingTheLine) {
  for (const char* text :
       {"[site]\nname = 'Kh\xff'\n", "[site]\n# caf\xc3\n", "[site]\nname = \"\xed\xa0\x80\"\n"}) {
    auto s = ParseSettings(text, "x.toml");
    ASSERT_FALSE(s) << text;
    EXPECT_EQ(s.error().message(), "x.toml:2: not UTF-8 text");
  }
  EXPECT_TRUE(ParseSettings("[site]\nname = 'Khabar \xd8\xae\xd8\xa8\xd8\xb1'\n", "x.toml"));
}

TEST(ParseSettings, ErrorsNameFileLineTableAndKey) {
  struct Case {
    const char* toml;
    const char* expected;
  } cases[] = {
      {"[site]\nname = 3\n", "x.toml:2: [site] name: expected a string"},
      {"[site]\ncolour = 'red'\n", "x.toml:2: [site] colour: unknown key"},
      {"[weather]\nsunny = true\n", "[weather]: unknown table"},
      {"[site]\ntimezone = 'Asia/Krachi'\n", "[site] timezone: unknown time zone 'Asia/Krachi'"},
      {"[site]\nbase_url = 'news.example'\n", "[site] base_url"},
      {"[calendar]\nhijri_adjust_days = 9\n", "[calendar] hijri_adjust_days"},
      {"[calendar]\nhijri_month_names = ['a']\n", "must name 12 months"},
      {"[calendar]\nhijri = 'lunar'\n", "[calendar] hijri: unknown calendar"},
      {"[social]\ntwitter = '@x'\n", "without '@'"},
      {"[[ads.slot]]\nhtml = '<div></div>'\n", "[[ads.slot]] name: is missing"},
      {"[site\nname = 'x'\n", "x.toml:1: TOML syntax"},
      {"[comments]\nmoderation = 'some'\n", "[comments] moderation"},
      {"[comments]\nclose_after_days = -1\n", "[comments] close_after_days"},
      {"[feeds]\nfull_content = 'yes'\n", "x.toml:2: [feeds] full_content: expected true or false"},
      {"[ads]\nenabled = 1\n", "[ads] enabled: expected true or false"},
      {"[cache]\nenabled = 'no'\n", "x.toml:2: [cache] enabled: expected true or false"},
      {"[cache]\nmax_megabytes = 0\n", "[cache] max_megabytes: must be between 1 and 65536"},
      {"[cache]\nsize = 3\n", "x.toml:2: [cache] size: unknown key"},
      {"[cache]\npurge = 'http://127.0.0.1:6081/'\n",
       "x.toml:2: [cache] purge: expected a list of strings"},
      {"[cache]\npurge = ['https://cdn.example/']\n",
       "[cache] purge: 'https://cdn.example/': not an http:// address"},
      {"[cache]\npurge = ['http://127.0.0.1:0/']\n", "[cache] purge: 'http://127.0.0.1:0/'"},
      {"[[ads.slot]]\nname = 'in-article'\nhtml = 'x'\nafter_paragraph = 0\n", "after_paragraph"},
      {"[[ads.slot]]\nname = 'header'\nhtml = 'x'\nsources = 'https://ads.example'\n",
       "x.toml:4: [[ads.slot]] sources: expected a list of strings"},
      // A source goes into a response header: nothing but an origin.
      {"[[ads.slot]]\nname = 'header'\nhtml = 'x'\nsources = ['https://a.example; script-src *']\n",
       "[[ads.slot]] sources: 'https://a.example; script-src *' is not an origin"},
      {"[[ads.slot]]\nname = 'header'\nhtml = 'x'\nsources = ['*']\n", "is not an origin"},
      {"[[ads.slot]]\nname = 'header'\nhtml = 'x'\nsources = ['ads.example']\n",
       "is not an origin"},
      {"[[ads.slot]]\nname = 'header'\nhtml = 'x'\nsources = ['https://ads.example/tag.js']\n",
       "is not an origin"},
      {"[[ads.slot]]\nname = 'header'\nhtml = 'x'\nsources = [\"https://a.example\\r\\nX: y\"]\n",
       "is not an origin"},
      {"[server]\ntrusted_proxies = '127.0.0.1'\n",
       "x.toml:2: [server] trusted_proxies: expected a list of strings"},
      {"[server]\ntrusted_proxies = [127]\n",
       "x.toml:2: [server] trusted_proxies: expected a list of strings"},
      {"[server]\nproxies = ['127.0.0.1']\n", "x.toml:2: [server] proxies: unknown key"},
      {"[server]\ntrusted_proxies = ['127.0.0.1', 'varnish.internal']\n",
       "x.toml: [server] trusted_proxies: 'varnish.internal': not an IP address or network"},
      {"[server]\ntrusted_proxies = ['10.0.0.0/33']\n",
       "[server] trusted_proxies: '10.0.0.0/33': prefix length must be 0..32"},
      {"[server]\ntrusted_proxies = ['fd00::/129']\n",
       "[server] trusted_proxies: 'fd00::/129': prefix length must be 0..128"},
      {"[server]\ntrusted_proxies = ['10.0.0.1/8']\n",
       "[server] trusted_proxies: '10.0.0.1/8': has bits set past the prefix"},
      {"[server]\ntrusted_proxies = ['127.0.0.1:6081']\n",
       "[server] trusted_proxies: '127.0.0.1:6081': not an IP address or network"},
      {"[server]\ntrusted_proxies = ['']\n", "[server] trusted_proxies: '': not an IP address"},
      {"[server]\nmax_connections_per_address = -1\n",
       "[server] max_connections_per_address: must be between 0 (no cap) and 100000"},
      {"[server]\nheader_timeout_seconds = 0\n",
       "[server] header_timeout_seconds: must be between 1 and 300"},
      {"[server]\nidle_timeout_seconds = 'long'\n",
       "x.toml:2: [server] idle_timeout_seconds: expected an integer"},
      {"[limits]\nsearch_per_minute = -5\n",
       "[limits] search_per_minute: must be between 0 (no limit) and 1000000"},
      {"[limits]\nlogin_burst = 0\n", "[limits] login_burst: must be between 1 and 1000000"},
      {"[limits]\ncomment_per_minute = 2.5\n",
       "x.toml:2: [limits] comment_per_minute: expected an integer"},
      {"[limits]\nmax_addresses = 10\n", "[limits] max_addresses: must be between 100 and"},
      {"[limits]\nsearches = 3\n", "x.toml:2: [limits] searches: unknown key"},
      {"[limits]\ntags_per_story = 0\n", "[limits] tags_per_story: must be between 1 and 100"},
      {"[limits]\ntags_per_story = 101\n", "[limits] tags_per_story: must be between 1 and 100"},
      {"[comments]\nmin_interval_seconds = -1\n", "[comments] min_interval_seconds"},
      {"[comments]\nmax_per_hour = -1\n", "[comments] max_per_hour"},
      {"[theme]\nfonts_dir = 'fonts'\n", "[theme] fonts_dir: 'fonts' must be an absolute path"},
      {"[theme]\nfonts_dir = 3\n", "x.toml:2: [theme] fonts_dir: expected a string"},
      {"[theme]\nfont_dir = '/x'\n", "x.toml:2: [theme] font_dir: unknown key"},
  };
  for (const auto& c : cases) {
    auto s = ParseSettings(c.toml, "x.toml");
    ASSERT_FALSE(s) << c.toml;
    EXPECT_EQ(s.error().code(), Code::kInvalidArgument);
    EXPECT_NE(s.error().message().find(c.expected), std::string::npos)
        << "got: " << s.error().message() << "\nwant: " << c.expected;
  }
}

TEST(ParseSettings, ThemeFontsDir) {
  auto defaults = ParseSettings("", "x.toml");
  ASSERT_TRUE(defaults) << defaults.error().ToString();
  EXPECT_EQ(defaults->theme.fonts_dir, "/usr/share/fonts/truetype/noto");
  auto s = ParseSettings("[theme]\nfonts_dir = '/srv/fonts'\n", "x.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->theme.fonts_dir, "/srv/fonts");
}

TEST(ParseSettings, ReadersSettings) {
  auto s = ParseSettings(
      "[comments]\nmoderation = 'none'\nclose_after_days = 14\n[feeds]\nfull_content = true\n"
      "[ads]\nenabled = false\nads_txt = 'google.com, pub-1, DIRECT'\n"
      "[[ads.slot]]\nname = 'in-article'\nhtml = '<div></div>'\nafter_paragraph = 4\n",
      "r.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->comments.moderation, "none");
  EXPECT_EQ(s->comments.close_after_days, 14);
  EXPECT_TRUE(s->feeds.full_content);
  EXPECT_FALSE(s->ads.enabled);
  EXPECT_EQ(s->ads.ads_txt, "google.com, pub-1, DIRECT");
  ASSERT_EQ(s->ad_slots.size(), 1u);
  EXPECT_EQ(s->ad_slots[0].after_paragraph, 4);
  EXPECT_TRUE(s->ad_slots[0].sources.empty());
}

TEST(ParseSettings, AdSlotSourcesAreOrigins) {
  auto s = ParseSettings(
      "[[ads.slot]]\nname = 'sidebar'\nhtml = '<div></div>'\n"
      "sources = ['https://cdn.ads.example', 'https://*.frames.example:8443', "
      "'http://img.example/']\n",
      "r.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_EQ(s->ad_slots.size(), 1u);
  EXPECT_EQ(s->ad_slots[0].sources,
            (std::vector<std::string>{"https://cdn.ads.example", "https://*.frames.example:8443",
                                      "http://img.example/"}));
}

TEST(ParseSettings, PageCacheIsOnByDefaultAndCanBeTurnedOff) {
  auto defaults = ParseSettings("", "d.toml");
  ASSERT_TRUE(defaults);
  EXPECT_TRUE(defaults->cache.enabled);
  EXPECT_EQ(defaults->cache.max_megabytes, 64);
  auto off = ParseSettings("[cache]\nenabled = false\nmax_megabytes = 8\n", "c.toml");
  ASSERT_TRUE(off) << off.error().ToString();
  EXPECT_FALSE(off->cache.enabled);
  EXPECT_EQ(off->cache.max_megabytes, 8);
}

TEST(ParseSettings, PurgeAddressesOfTheCachesInFront) {
  auto none = ParseSettings("", "d.toml");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->cache.purge.empty());
  auto two = ParseSettings("[cache]\npurge = ['http://127.0.0.1:6081/', 'http://[::1]:6082/']\n",
                           "c.toml");
  ASSERT_TRUE(two) << two.error().ToString();
  EXPECT_EQ(two->cache.purge,
            (std::vector<std::string>{"http://127.0.0.1:6081/", "http://[::1]:6082/"}));
}

TEST(ParseSettings, TrustedProxiesAreAddressesAndNetworks) {
  auto none = ParseSettings("", "d.toml");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->server.trusted_proxies.empty()) << "nobody is trusted by default";
  auto some = ParseSettings(
      "[server]\ntrusted_proxies = ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']\n", "s.toml");
  ASSERT_TRUE(some) << some.error().ToString();
  EXPECT_EQ(some->server.trusted_proxies,
            (std::vector<std::string>{"127.0.0.1", "10.0.0.0/8", "::1", "fd00::/8"}));
  auto empty = ParseSettings("[server]\ntrusted_proxies = []\n", "s.toml");
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_TRUE(empty->server.trusted_proxies.empty());
}

TEST(ParseSettings, AbuseLimitsHaveDefaultsAndCanBeSet) {
  auto d = ParseSettings("", "d.toml");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->server.max_connections_per_address, 64);
  EXPECT_EQ(d->server.header_timeout_seconds, 10);
  EXPECT_EQ(d->server.idle_timeout_seconds, 60);
  EXPECT_EQ(d->limits.search_per_minute, 60);
  EXPECT_EQ(d->limits.search_burst, 20);
  EXPECT_EQ(d->limits.login_per_minute, 20);
  EXPECT_EQ(d->limits.comment_per_minute, 10);
  EXPECT_EQ(d->limits.max_addresses, 100000);
  EXPECT_EQ(d->limits.tags_per_story, 30);
  EXPECT_EQ(d->comments.min_interval_seconds, 30);
  EXPECT_EQ(d->comments.max_per_hour, 10);
  auto s = ParseSettings(
      "[server]\nmax_connections_per_address = 0\nheader_timeout_seconds = 2\n"
      "idle_timeout_seconds = 5\n[limits]\nsearch_per_minute = 0\nsearch_burst = 3\n"
      "login_per_minute = 6\nlogin_burst = 2\ncomment_per_minute = 30\ncomment_burst = 4\n"
      "max_addresses = 500\ntags_per_story = 12\n[comments]\nmin_interval_seconds = "
      "0\nmax_per_hour = 100\n",
      "l.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->server.max_connections_per_address, 0);
  EXPECT_EQ(s->server.header_timeout_seconds, 2);
  EXPECT_EQ(s->server.idle_timeout_seconds, 5);
  EXPECT_EQ(s->limits.search_per_minute, 0);
  EXPECT_EQ(s->limits.search_burst, 3);
  EXPECT_EQ(s->limits.login_per_minute, 6);
  EXPECT_EQ(s->limits.login_burst, 2);
  EXPECT_EQ(s->limits.comment_per_minute, 30);
  EXPECT_EQ(s->limits.tags_per_story, 12);
  EXPECT_EQ(s->limits.comment_burst, 4);
  EXPECT_EQ(s->limits.max_addresses, 500);
  EXPECT_EQ(s->comments.min_interval_seconds, 0);
  EXPECT_EQ(s->comments.max_per_hour, 100);
}

// An Urdu edition beside the English one: what it sets is its own, the rest
// is the main edition's.
constexpr const char* kTwoEditions = R"toml(
[site]
name = "Khabar Daily"
base_url = "https://khabar.example"
language = "en"
[social]
twitter = "KhabarDemo"
follow_text = "Follow us on Twitter"
[[ads.slot]]
name = "below-article"
html = "<div>ad</div>"
[[editions]]
key = "ur"
prefix = "/urdu/"
name = "خبر ڈیلی"
language = "ur"
date_format = "EEEE، d MMMM y"
follow_text = "ہمیں ٹوئٹر پر فالو کریں"
slugs = "id"
hijri_month_names = ["محرم", "صفر", "ربیع الاول", "ربیع الثانی", "جمادی الاول", "جمادی الثانی",
                     "رجب", "شعبان", "رمضان", "شوال", "ذوالقعدہ", "ذوالحجہ"]
[[editions.ad_slot]]
name = "sidebar"
html = "<div>اشتہار</div>"
[[editions]]
key = "sindhi"
host = "sindhi.example:8443"
language = "sd"
)toml";

TEST(ParseSettings, EditionsTakeWhatTheyDoNotSetFromTheMainEdition) {
  auto s = ParseSettings(kTwoEditions, "e.toml");
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_EQ(s->editions.size(), 2u);
  EXPECT_EQ(s->editions[0].prefix, "/urdu");
  ASSERT_NE(FindEdition(*s, "ur"), nullptr);
  EXPECT_EQ(FindEdition(*s, ""), nullptr);

  Settings main = EditionView(*s, "");
  EXPECT_EQ(main.site.edition, "");
  EXPECT_EQ(main.site.path_prefix, "");
  EXPECT_EQ(main.site.direction, "ltr");
  EXPECT_EQ(main.site.base_url, "https://khabar.example");

  Settings ur = EditionView(*s, "ur");
  EXPECT_EQ(ur.site.edition, "ur");
  EXPECT_EQ(ur.site.name, "خبر ڈیلی");
  EXPECT_EQ(ur.site.language, "ur");
  EXPECT_EQ(ur.site.direction, "rtl");  // from the language
  EXPECT_EQ(ur.site.slugs, "id");
  EXPECT_EQ(ur.site.path_prefix, "/urdu");
  EXPECT_EQ(ur.site.base_url, "https://khabar.example/urdu");
  EXPECT_EQ(ur.site.timezone, main.site.timezone);
  EXPECT_EQ(ur.calendar.hijri_month_names[7], "شعبان");
  EXPECT_EQ(ur.social.follow_text, "ہمیں ٹوئٹر پر فالو کریں");
  EXPECT_EQ(ur.social.twitter, "KhabarDemo");
  ASSERT_EQ(ur.ad_slots.size(), 1u);
  EXPECT_EQ(ur.ad_slots[0].name, "sidebar");

  Settings sd = EditionView(*s, "sindhi");
  EXPECT_EQ(sd.site.base_url, "https://sindhi.example:8443");
  EXPECT_EQ(sd.site.path_prefix, "");
  EXPECT_EQ(sd.site.direction, "rtl");
  EXPECT_EQ(sd.site.name, "Khabar Daily");
  ASSERT_EQ(sd.ad_slots.size(), 1u);
  EXPECT_EQ(sd.ad_slots[0].name, "below-article");

  // An unknown key is the main edition.
  EXPECT_EQ(EditionView(*s, "nope").site.edition, "");
}

TEST(ParseSettings, BadEditionsAreNamed) {
  struct Case {
    std::string toml;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {"[[editions]]\nprefix = '/urdu'\n", "[[editions]] key: is missing"},
      {"[[editions]]\nkey = 'UR'\nprefix = '/urdu'\n", "[[editions]] key: 'UR' must be"},
      {"[[editions]]\nkey = 'ur'\n", "'ur' needs exactly one of prefix"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/urdu'\nhost = 'u.example'\n",
       "'ur' needs exactly one of prefix"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/news'\n", "'ur' prefix: '/news' is a path the site"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/ur/du'\n", "'ur' prefix: '/ur/du' must be one path"},
      {"[[editions]]\nkey = 'ur'\nhost = 'bad host'\n", "'ur' host: 'bad host' is not a host"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/a'\n[[editions]]\nkey = 'ur'\nprefix = '/b'\n",
       "'ur' key: is used twice"},
      {"[[editions]]\nkey = 'a'\nprefix = '/x'\n[[editions]]\nkey = 'b'\nprefix = '/x/'\n",
       "'b' prefix: is used twice"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/urdu'\ndirection = 'up'\n", "'ur' direction: must be"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/urdu'\nslugs = 'latin'\n",
       "'ur': [site] slugs: must be"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/urdu'\nhijri_month_names = ['a']\n",
       "'ur': [calendar] hijri_month_names: must name 12 months"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/urdu'\ncolour = 'green'\n",
       "[[editions]] colour: unknown key"},
      {"[[editions]]\nkey = 'ur'\nprefix = '/urdu'\n[[editions.ad_slot]]\nhtml = 'x'\n",
       "[[editions.ad_slot]] name: is missing"},
      {"editions = 3\n", "editions: expected [[editions]] tables"},
      {"[site]\ndirection = 'sideways'\n", "[site] direction: must be"},
  };
  for (const auto& c : cases) {
    auto s = ParseSettings(c.toml, "x.toml");
    ASSERT_FALSE(s) << c.toml;
    EXPECT_NE(s.error().message().find(c.expect), std::string::npos)
        << c.toml << "\n  got: " << s.error().message();
  }
}

TEST(DirectionOf, UrduArabicAndPersianAreRightToLeft) {
  EXPECT_EQ(DirectionOf("ur"), "rtl");
  EXPECT_EQ(DirectionOf("ur-PK"), "rtl");
  EXPECT_EQ(DirectionOf("ar"), "rtl");
  EXPECT_EQ(DirectionOf("fa"), "rtl");
  EXPECT_EQ(DirectionOf("en"), "ltr");
  EXPECT_EQ(DirectionOf("en-PK"), "ltr");
  EXPECT_EQ(DirectionOf("hi"), "ltr");
}

TEST(LoadSettings, MissingFileIsAClearError) {
  auto s = LoadSettings("/nonexistent/site.toml");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("/nonexistent/site.toml"), std::string::npos);
}

}  // namespace
}  // namespace khabar
