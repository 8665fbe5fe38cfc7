#include "e2e/security_common.h"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <regex>
#include <sstream>

#include "support/html.h"

namespace khabar::testing::security {

namespace {

constexpr const char* kLogins[kRoleCount] = {"", "rita", "omar", "eddie", "ada"};
constexpr const char* kPasswords[kRoleCount] = {"", "rita-password-1", "omar-password-1",
                                                "eddie-password-1", "ada-password-1"};
constexpr const char* kUserRoles[kRoleCount] = {"", "reporter", "reporter", "editor", "admin"};

SecuritySite* shared = nullptr;
int started = 0;

}  // namespace

SecuritySite::SecuritySite() : site_(kNow), sessions_(kRoleCount), generation_(++started) {
  if (!site_.running()) {
    ADD_FAILURE() << "khabar serve did not start: " << site_.Log();
    return;
  }
  sessions_[kAnonymous] = site_.Session();
  for (int r = kReporter; r < kRoleCount; ++r) {
    EXPECT_EQ(site_.AddUser(kLogins[r], kUserRoles[r], kPasswords[r]), 0) << kLogins[r];
    sessions_[r] = site_.SignIn(kLogins[r], kPasswords[r]);
    EXPECT_TRUE(SignedIn(sessions_[r])) << kLogins[r] << ": " << sessions_[r].last().body;
  }
  // Reporters file under existing sections only: the one StoryForm names.
  EXPECT_TRUE(AddSection(sessions_[kAdmin], StoryForm().section));
}

SecuritySite& SecuritySite::Get() {
  if (shared == nullptr) shared = new SecuritySite();
  return *shared;
}

void SecuritySite::Drop() {
  delete shared;
  shared = nullptr;
}

const char* SecuritySite::Login(Role r) const { return kLogins[r]; }
const char* SecuritySite::Password(Role r) const { return kPasswords[r]; }

std::vector<SourceRoute> RoutesInSource() {
  std::ifstream in(SourceDir() / "src/app/routes.cc");
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  std::vector<SourceRoute> out;
  // get("/x", ...), post("/x", ...), the public site's get(at("/x"), ...)
  // (registered once per edition, under its prefix: the main edition's
  // path stands for all) and router.Add("METHOD", "/x", ...).
  static const std::regex call(R"re(\b(get|post)\(\s*(?:at\(\s*)?"(/[^"]*)")re");
  static const std::regex add(R"re(router\.Add\(\s*"([A-Z]+)",\s*"(/[^"]*)")re");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), call); it != std::sregex_iterator();
       ++it) {
    out.push_back({(*it)[1] == "get" ? "GET" : "POST", (*it)[2]});
  }
  for (auto it = std::sregex_iterator(text.begin(), text.end(), add); it != std::sregex_iterator();
       ++it) {
    out.push_back({(*it)[1], (*it)[2]});
  }
  return out;
}

const std::vector<Payload>& XssPayloads() {
  static const std::vector<Payload> payloads = {
      {"<script>alert(1)</script>", "a script element"},
      {"<img src=x onerror=alert(1)>", "an event handler on a new element"},
      {"\"><svg onload=alert(1)>", "leaving a double-quoted attribute"},
      {"'><iframe src=javascript:alert(1)>", "leaving a single-quoted attribute"},
      {"\" onmouseover=\"alert(1)\" x=\"", "a handler inside a double-quoted attribute"},
      {"' autofocus onfocus='alert(1)", "a handler inside a single-quoted attribute"},
      {"javascript:alert(1)", "a javascript: URL where a link is made"},
      {"</title><script>alert(1)</script>", "leaving <title>"},
      {"</script><script>alert(1)</script>", "leaving the JSON-LD <script>"},
      {"</textarea><script>alert(1)</script>", "leaving an admin <textarea>"},
      {"]]></x><script>alert(1)</script>", "leaving a CDATA section of a feed"},
      {"<a href=\"javascript:alert(1)\">x</a>", "a javascript: link"},
      {"&lt;b&gt;&amp;{{site.name}}{{{csrf}}}", "entities decoded or a template run twice"},
      {"<math><mtext><style><img src=x onerror=alert(1)>", "parser confusion (MathML)"},
      {"https://a.example/\"onmouseover=\"alert(1)\"><b>x</b>", "a link the site makes itself"},
  };
  return payloads;
}

std::vector<std::string> InjectedMarkup(const std::string& html) {
  HtmlDoc doc(html);
  std::vector<std::string> found;
  if (!doc.ok()) return {"page does not parse"};
  auto add = [&](const std::string& what, const std::string& xpath) {
    for (const auto& n : doc.Find(xpath)) found.push_back(what + ": <" + n.name + ">");
  };
  add("inline script", "//script[not(@src) and not(@type='application/ld+json')]");
  add("script from elsewhere", "//script[@src and not(starts-with(@src,'/'))]");
  add("event handler", "//*[@*[starts-with(translate(name(),'ON','on'),'on')]]");
  const std::string js =
      "starts-with(translate(normalize-space(.),'JAVSCRIPT','javscript'),'javascript:')";
  add("javascript: URL", "//*[@href[" + js + "] or @src[" + js + "] or @action[" + js +
                             "] or @formaction[" + js + "]]");
  const std::string data =
      "starts-with(translate(normalize-space(.),'DATA','data'),'data:') and "
      "not(starts-with(translate(normalize-space(.),'DATAIMGE','dataimge'),'data:image/'))";
  add("data: URL", "//*[@href[" + data + "] or @src[" + data + "] or @action[" + data + "]]");
  add("frame or object", "//iframe|//frame|//object|//embed|//applet");
  add("svg or math", "//svg|//math|//*[local-name()='svg' or local-name()='math']");
  add("base or refresh", "//base|//meta[@http-equiv]");
  add("style element", "//style");
  return found;
}

bool ShowsText(const std::string& html, const std::string& text) {
  HtmlDoc doc(html);
  const std::string want = Collapse(text);
  // One text node or attribute, or an element's text across its children
  // (a link the site made inside a comment splits it): literal text either
  // way, so markup in `text` was shown, not parsed.
  for (const auto& n : doc.Find("//text()|//@*|//title|//body//*")) {
    if (n.text.find(want) != std::string::npos) return true;
  }
  return false;
}

std::string NextAddress() {
  static std::atomic<int> next{0};
  const int n = next++;
  return "127.0." + std::to_string(10 + n / 250) + "." + std::to_string(2 + n % 250);
}

HttpResponse Fetch(Role role, const std::string& target) {
  if (role == kAnonymous) return HttpGet(SecuritySite::Get().port(), target);
  return SecuritySite::Get().As(role).Get(target);
}

}  // namespace khabar::testing::security
