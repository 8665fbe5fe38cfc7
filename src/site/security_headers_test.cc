#include "site/security_headers.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

Settings WithSlot(std::string html, std::vector<std::string> sources) {
  Settings s;
  AdSlot ad;
  ad.name = "sidebar";
  ad.html = std::move(html);
  ad.sources = std::move(sources);
  s.ad_slots.push_back(std::move(ad));
  return s;
}

TEST(PublicContentSecurityPolicy, WithoutAdSourcesOnlyTheSiteItself) {
  const std::string csp = PublicContentSecurityPolicy(WithSlot("<div>Ad</div>", {}));
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("object-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("http"), std::string::npos) << csp;
}

TEST(PublicContentSecurityPolicy, AShownSlotsSourcesAreAllowed) {
  const std::string csp = PublicContentSecurityPolicy(
      WithSlot("<script async src=\"https://cdn.ads.example/t.js\"></script>",
               {"https://cdn.ads.example", "https://frames.ads.example"}));
  EXPECT_NE(csp.find("script-src 'self' https://cdn.ads.example https://frames.ads.example;"),
            std::string::npos)
      << csp;
  EXPECT_NE(csp.find("frame-src https://cdn.ads.example https://frames.ads.example;"),
            std::string::npos)
      << csp;
  EXPECT_NE(csp.find("img-src 'self' data: https://cdn.ads.example"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("sha256-"), std::string::npos) << "a script with src has no inline text";
}

TEST(PublicContentSecurityPolicy, SwitchedOffOrEmptiedSlotsTakeTheirSourcesAway) {
  Settings off = WithSlot("<div></div>", {"https://cdn.ads.example"});
  off.ads.enabled = false;
  EXPECT_EQ(PublicContentSecurityPolicy(off).find("ads.example"), std::string::npos);
  Settings emptied = WithSlot("", {"https://cdn.ads.example"});
  EXPECT_EQ(PublicContentSecurityPolicy(emptied).find("ads.example"), std::string::npos);
}

TEST(PublicContentSecurityPolicy, InlineAdScriptsAreAllowedByTheirHashOnly) {
  // printf 'window.ads=1;' | openssl dgst -sha256 -binary | base64
  const std::string csp =
      PublicContentSecurityPolicy(WithSlot("<div></div><SCRIPT>window.ads=1;</SCRIPT>", {}));
  EXPECT_NE(csp.find("script-src 'self' 'sha256-u4DI/QZk/wYfvqA2BLIjMiqL1f6x3ALwTpz8Wsbh9oY=';"),
            std::string::npos)
      << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
}

TEST(PublicHeaders, AddsWhatIsMissingAndKeepsWhatAHandlerSet) {
  SettingsProvider provider(WithSlot("<div></div>", {"https://cdn.ads.example"}));
  PublicHeaders headers(&provider);
  http::Response res;
  res.SetHeader("Referrer-Policy", "no-referrer");
  headers.Apply(res);
  EXPECT_NE(res.Header("Content-Security-Policy").find("https://cdn.ads.example"),
            std::string::npos);
  EXPECT_EQ(res.Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res.Header("Referrer-Policy"), "no-referrer");
  // The admin switches the slot off: the next answer's policy follows.
  ASSERT_TRUE(provider.Apply({{"ads.sidebar", ""}}).ok());
  http::Response next;
  headers.Apply(next);
  EXPECT_EQ(next.Header("Content-Security-Policy").find("ads.example"), std::string::npos);
  EXPECT_EQ(next.Header("Referrer-Policy"), "strict-origin-when-cross-origin");
}

}  // namespace
}  // namespace khabar
