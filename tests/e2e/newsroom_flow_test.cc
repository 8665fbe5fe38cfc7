// Newsroom flows over HTTP against the real binary on a real SQLite file:
// CSRF (forms, JSON endpoints and the sign-in form), ending sessions
// (logout, password change, disabling), session expiry on the clock
// (sliding and absolute), sign-in throttling, session fixation, open
// redirects, scheduled publishing with nobody signed in, edit conflicts,
// slug and tag redirects, revision restore with diffs, and image uploads.
//
// The server's clock is fixed with KHABAR_NOW, so time passes only by
// restarting the server on the same database with a later KHABAR_NOW.
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <ctime>
#include <thread>

#include "support/html.h"
#include "support/newsroom_site.h"

namespace khabar::testing {
namespace {

// T0 is 10:00 in Karachi (the demo settings' zone, +05:00).
const std::string kT0 = "2026-03-02T10:00:00+05:00";

// At is T0 + `offset`, as KHABAR_NOW wants it.
std::string At(std::chrono::minutes offset) {
  std::tm base{};
  base.tm_year = 2026 - 1900;
  base.tm_mon = 2;
  base.tm_mday = 2;
  base.tm_hour = 5;  // 10:00 +05:00
  const time_t t0 = timegm(&base);
  const time_t local = t0 + static_cast<time_t>(offset.count()) * 60 + 5 * 3600;
  std::tm out{};
  gmtime_r(&local, &out);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S+05:00", &out);
  return buf;
}

Fields WithCsrf(const WebSession& s, Fields f) {
  f.insert(f.begin(), {"csrf", s.csrf()});
  return f;
}

std::string Id(int64_t id) { return std::to_string(id); }

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The login form's token and the cookie that must match it.
struct LoginForm {
  WebSession session;
  std::string token;
};
LoginForm OpenLoginForm(int port) {
  LoginForm f{WebSession(port), ""};
  HttpResponse r = f.session.Get("/admin/login");
  f.token = HtmlDoc(r.body).One("//input[@name='login_token']").Attr("value");
  return f;
}

HttpResponse PostLogin(WebSession& s, const std::string& token, const std::string& login,
                       const std::string& password, const std::string& next = "/admin") {
  return s.PostForm(
      "/admin/login",
      {{"login_token", token}, {"next", next}, {"login", login}, {"password", password}});
}

// ExpectToLogin checks `r` sends the browser to sign in, coming back to
// `target` afterwards (the next= value, however it is encoded).
void ExpectToLogin(const HttpResponse& r, const std::string& target) {
  EXPECT_EQ(r.status, 303);
  const std::string loc = r.Header("location");
  const std::string prefix = "/admin/login?next=";
  ASSERT_TRUE(loc.starts_with(prefix)) << loc;
  EXPECT_EQ(UrlDecode(loc.substr(prefix.size())), target) << loc;
}

std::string SessionCookieIn(const HttpResponse& r) {
  for (const auto& c : r.set_cookies) {
    if (c.starts_with("khabar_session=")) return c.substr(15, c.find(';') - 15);
  }
  return "";
}

// A site with a fixed clock and some accounts, shared by a suite's tests.
class SharedSite : public ::testing::Test {
 protected:
  static NewsroomSite& Site() { return *site_; }
  static void StartSite(const std::vector<std::array<std::string, 3>>& users) {
    site_ = new NewsroomSite(kT0);
    ASSERT_TRUE(site_->running()) << site_->Log();
    for (const auto& u : users) ASSERT_EQ(site_->AddUser(u[0], u[1], u[2]), 0) << u[0];
    // Reporters file under existing sections only: the first admin adds
    // the one StoryForm names.
    for (const auto& u : users) {
      if (u[1] != "admin") continue;
      WebSession admin = site_->SignIn(u[0], u[2]);
      ASSERT_TRUE(AddSection(admin, StoryForm().section));
      break;
    }
  }
  static void StopSite() {
    delete site_;
    site_ = nullptr;
  }
  // SignIn signs in and checks it worked.
  static WebSession SignIn(const std::string& login, const std::string& password) {
    WebSession s = site_->SignIn(login, password);
    EXPECT_TRUE(SignedIn(s)) << login << ": " << s.last().status << " " << s.last().body;
    return s;
  }
  static inline NewsroomSite* site_ = nullptr;
};

// =====================================================================
// CSRF
// =====================================================================

class NewsroomCsrf : public SharedSite {
 protected:
  static void SetUpTestSuite() {
    StartSite({{"rita", "reporter", "rita-password-1"},
               {"eddie", "editor", "eddie-password-1"},
               {"ada", "admin", "ada-password-1"}});
    if (!site_ || !site_->running()) return;
    rita_ = new WebSession(SignIn("rita", "rita-password-1"));
    eddie_ = new WebSession(SignIn("eddie", "eddie-password-1"));
    ada_ = new WebSession(SignIn("ada", "ada-password-1"));
  }
  static void TearDownTestSuite() {
    delete rita_;
    delete eddie_;
    delete ada_;
    StopSite();
  }
  static inline WebSession* rita_ = nullptr;
  static inline WebSession* eddie_ = nullptr;
  static inline WebSession* ada_ = nullptr;
};

// The tokens a forged request might carry: none, a made-up one, and a real
// token of another signed-in session.
const char* const kBadTokens[] = {"missing", "wrong", "another session's"};

// BadToken is the `kind` of bad token for a request by `actor`.
std::string BadToken(const std::string& kind, const WebSession& actor, const WebSession& a,
                     const WebSession& b) {
  if (kind == "missing") return "";
  if (kind == "wrong") return std::string(43, 'A');
  return actor.csrf() == a.csrf() ? b.csrf() : a.csrf();
}

TEST_F(NewsroomCsrf, FormsWithoutTheSessionsTokenAreRefusedAndChangeNothing) {
  StoryForm draft;
  draft.headline = "Csrf target story";
  draft.body = "Untouched body";
  const int64_t id = CreateStory(*rita_, draft);
  ASSERT_GT(id, 0);
  const StoryState before = ReadStory(*eddie_, id);
  ASSERT_NE(rita_->csrf(), eddie_->csrf());

  for (const std::string what : kBadTokens) {
    SCOPED_TRACE(what + " token");
    auto token_of = [&](const WebSession& actor) { return BadToken(what, actor, *rita_, *ada_); };
    // with_token(actor, fields) adds the bad token that actor would send.
    auto with_token = [&](const WebSession& actor, Fields f) {
      const std::string token = token_of(actor);
      if (!token.empty()) f.insert(f.begin(), {"csrf", token});
      return f;
    };
    auto story_fields = [&](const StoryForm& form, std::optional<int64_t> version) {
      Fields f = form.Build(token_of(*rita_), version);
      if (what == "missing") std::erase_if(f, [](const auto& kv) { return kv.first == "csrf"; });
      return f;
    };
    // Save (multipart, as the editor form sends it).
    StoryForm changed = draft;
    changed.body = "Forged body";
    HttpResponse r =
        rita_->PostMultipart("/admin/stories/" + Id(id), story_fields(changed, before.version), {});
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(Contains(r.body, "did not come from this site")) << r.body;
    // Create.
    StoryForm created;
    created.headline = "Forged story " + what;
    Fields create = story_fields(created, std::nullopt);
    EXPECT_EQ(rita_->PostMultipart("/admin/stories", create, {}).status, 403);
    // Publish, as an editor.
    EXPECT_EQ(
        eddie_
            ->PostForm("/admin/stories/" + Id(id) + "/status",
                       with_token(*eddie_, {{"version", Id(before.version)}, {"to", "published"}}))
            .status,
        403);
    // Admin pages: a new section, a new user, settings.
    EXPECT_EQ(
        ada_->PostForm("/admin/sections", with_token(*ada_, {{"name", "Forged section"}})).status,
        403);
    EXPECT_EQ(ada_->PostForm("/admin/users", with_token(*ada_, {{"login", "forged"},
                                                                {"display_name", "Forged"},
                                                                {"role", "admin"},
                                                                {"password", "forged-password-1"}}))
                  .status,
              403);
    EXPECT_EQ(
        ada_->PostForm("/admin/settings", with_token(*ada_, {{"site.name", "Forged name"}})).status,
        403);
    // Upload.
    EXPECT_EQ(rita_
                  ->PostMultipart("/admin/media", with_token(*rita_, {}),
                                  {{"file", "x.png", "image/png", TinyPng(8, 8, 1, 2, 3)}})
                  .status,
              403);
    // Signing out is a POST too: a forged one must not end the session.
    EXPECT_EQ(rita_->PostForm("/admin/logout", with_token(*rita_, {})).status, 403);
    EXPECT_EQ(rita_->Get("/admin").status, 200);
  }

  // Nothing changed.
  const StoryState after = ReadStory(*eddie_, id);
  EXPECT_EQ(after.body, "Untouched body");
  EXPECT_EQ(after.version, before.version);
  EXPECT_EQ(after.status, "draft");
  EXPECT_EQ(WebSession(Site().port()).Get(after.public_url()).status, 404);
  HtmlDoc stories(eddie_->Get("/admin/stories?q=Forged").body);
  EXPECT_TRUE(stories.Find("//a[@class='story-link']").empty());
  std::string sections = ada_->Get("/admin/sections").body;
  EXPECT_FALSE(Contains(sections, "Forged section"));
  EXPECT_FALSE(Contains(ada_->Get("/admin/users").body, ">forged<"));
  EXPECT_FALSE(Contains(WebSession(Site().port()).Get("/").body, "Forged name"));
  EXPECT_TRUE(
      HtmlDoc(rita_->Get("/admin/media").body).Find("//ul[@class='media-grid']/li").empty());

  // The right token works (the control for all of the above).
  StoryForm good = draft;
  good.body = "Saved with the right token";
  EXPECT_EQ(SaveStory(*rita_, id, before.version, good).status, 303);
  EXPECT_EQ(ReadStory(*eddie_, id).body, "Saved with the right token");
}

TEST_F(NewsroomCsrf, JsonEndpointsCheckTheHeaderToken) {
  StoryForm draft;
  draft.headline = "Csrf json story";
  const int64_t id = CreateStory(*rita_, draft);
  ASSERT_GT(id, 0);
  const StoryState before = ReadStory(*rita_, id);
  const std::string autosave = "/admin/stories/" + Id(id) + "/autosave";

  for (const std::string what : kBadTokens) {
    SCOPED_TRACE(what + " token");
    const std::string token = BadToken(what, *rita_, *rita_, *eddie_);
    Headers h = {{"Accept", "application/json"}};
    if (!token.empty()) h["X-CSRF-Token"] = token;
    HttpResponse r =
        rita_->PostForm(autosave, {{"version", Id(before.version)}, {"body", "forged"}}, h);
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(r.Header("content-type").starts_with("application/json"))
        << r.Header("content-type");
    EXPECT_TRUE(Contains(r.body, "\"error\"")) << r.body;
    r = rita_->PostForm("/admin/preview", {{"body", "*x*"}}, h);
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(r.Header("content-type").starts_with("application/json"));
  }

  // With the session's own token in the header both answer JSON.
  HttpResponse ok =
      rita_->PostForm(autosave, {{"version", Id(before.version)}, {"body", "kept for later"}},
                      {{"X-CSRF-Token", rita_->csrf()}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(Contains(ok.body, "saved_at")) << ok.body;
  HttpResponse preview = rita_->PostForm("/admin/preview", {{"body", "**strong**"}},
                                         {{"X-CSRF-Token", rita_->csrf()}});
  EXPECT_EQ(preview.status, 200);
  EXPECT_TRUE(Contains(preview.body, "<strong>strong</strong>")) << preview.body;
  // Raw HTML in Markdown is not passed through.
  HttpResponse raw = rita_->PostForm("/admin/preview", {{"body", "<script>alert(1)</script>"}},
                                     {{"X-CSRF-Token", rita_->csrf()}});
  EXPECT_EQ(raw.status, 200);
  EXPECT_FALSE(Contains(raw.body, "<script>")) << raw.body;
  // An autosave is not a save: the story is unchanged.
  EXPECT_EQ(ReadStory(*rita_, id).version, before.version);
}

TEST_F(NewsroomCsrf, SignInNeedsTheLoginCookieAndItsMatchingToken) {
  const int port = Site().port();
  // No khabar_login cookie (a form posted from another site).
  {
    LoginForm f = OpenLoginForm(port);
    ASSERT_TRUE(f.session.Cookie("khabar_login").has_value());
    ASSERT_EQ(*f.session.Cookie("khabar_login"), f.token);
    f.session.RemoveCookie("khabar_login");
    HttpResponse r = PostLogin(f.session, f.token, "rita", "rita-password-1");
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(SessionCookieIn(r).empty());
    EXPECT_TRUE(Contains(r.body, "expired"));
  }
  // A cookie and a token that do not match (an attacker's own token).
  {
    LoginForm mine = OpenLoginForm(port);
    LoginForm attackers = OpenLoginForm(port);
    HttpResponse r = PostLogin(mine.session, attackers.token, "rita", "rita-password-1");
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(SessionCookieIn(r).empty());
  }
  // No token in the form.
  {
    LoginForm f = OpenLoginForm(port);
    HttpResponse r = PostLogin(f.session, "", "rita", "rita-password-1");
    EXPECT_EQ(r.status, 403);
    EXPECT_TRUE(SessionCookieIn(r).empty());
  }
  // The refused page hands out a fresh form token, which then works.
  {
    LoginForm f = OpenLoginForm(port);
    f.session.RemoveCookie("khabar_login");
    HttpResponse refused = PostLogin(f.session, f.token, "rita", "rita-password-1");
    std::string token = HtmlDoc(refused.body).One("//input[@name='login_token']").Attr("value");
    ASSERT_FALSE(token.empty());
    HttpResponse r = PostLogin(f.session, token, "rita", "rita-password-1");
    EXPECT_EQ(r.status, 303);
    EXPECT_FALSE(SessionCookieIn(r).empty());
    EXPECT_FALSE(f.session.Cookie("khabar_login").has_value()) << "the login cookie is cleared";
  }
}

// =====================================================================
// Sessions: ending them, fixation, redirects after sign-in, IDOR
// =====================================================================

class NewsroomSessions : public SharedSite {
 protected:
  static void SetUpTestSuite() {
    StartSite({{"lena", "reporter", "lena-password-1"},
               {"pavel", "reporter", "pavel-password-1"},
               {"dora", "reporter", "dora-password-1"},
               {"fred", "reporter", "fred-password-1"},
               {"omar", "reporter", "omar-password-1"},
               {"eddie", "editor", "eddie-password-1"},
               {"erin", "editor", "erin-password-1"},
               {"ada", "admin", "ada-password-1"}});
  }
  static void TearDownTestSuite() { StopSite(); }

  // ExpectSignedOut checks a session's cookie opens nothing, by GET and POST.
  static void ExpectSignedOut(WebSession& s) {
    ExpectToLogin(s.Get("/admin/stories"), "/admin/stories");
    StoryForm f;
    f.headline = "Written after the session ended";
    HttpResponse post = s.PostMultipart("/admin/stories", f.Build(s.csrf(), std::nullopt), {});
    EXPECT_EQ(post.status, 401);
    HttpResponse json = s.PostForm("/admin/preview", {{"body", "x"}}, {{"X-CSRF-Token", s.csrf()}});
    EXPECT_EQ(json.status, 401);
    EXPECT_TRUE(json.Header("content-type").starts_with("application/json"));
  }
};

TEST_F(NewsroomSessions, LogoutEndsTheSessionOnTheServer) {
  WebSession s = SignIn("lena", "lena-password-1");
  // The cookie is out of scripts' reach and not sent by other sites' forms.
  for (const auto& c : s.last().set_cookies) {
    if (!c.starts_with("khabar_session=")) continue;
    EXPECT_TRUE(Contains(c, "HttpOnly")) << c;
    EXPECT_TRUE(Contains(c, "SameSite=Lax") || Contains(c, "SameSite=Strict")) << c;
    EXPECT_TRUE(Contains(c, "Path=/")) << c;
  }
  // Admin pages are never cached.
  EXPECT_EQ(s.Get("/admin").Header("cache-control"), "no-store");
  const std::string token = *s.Cookie("khabar_session");
  const std::string csrf = s.csrf();
  HttpResponse out = s.PostForm("/admin/logout", WithCsrf(s, {}));
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Header("location"), "/admin/login");
  EXPECT_FALSE(s.Cookie("khabar_session").has_value()) << "the cookie is cleared";
  // Replaying the old cookie (as a copied cookie would) opens nothing.
  WebSession replay(Site().port());
  replay.SetCookie("khabar_session", token);
  replay.set_csrf(csrf);
  ExpectSignedOut(replay);
}

TEST_F(NewsroomSessions, PasswordChangeEndsEverySessionOfTheUser) {
  WebSession laptop = SignIn("pavel", "pavel-password-1");
  WebSession phone = SignIn("pavel", "pavel-password-1");
  WebSession bystander = SignIn("omar", "omar-password-1");
  ASSERT_EQ(laptop.Get("/admin").status, 200);
  CommandResult r = Site().Cli({"user", "passwd", "pavel"}, "pavel-new-password-2\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSignedOut(laptop);
  ExpectSignedOut(phone);
  EXPECT_EQ(bystander.Get("/admin").status, 200) << "other users stay signed in";
  EXPECT_FALSE(SignedIn(Site().SignIn("pavel", "pavel-password-1")));
  EXPECT_TRUE(SignedIn(Site().SignIn("pavel", "pavel-new-password-2")));
}

TEST_F(NewsroomSessions, DisablingAnAccountEndsItsSessionsAndSignIns) {
  WebSession s = SignIn("dora", "dora-password-1");
  CommandResult r = Site().Cli({"user", "disable", "dora"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectSignedOut(s);
  WebSession again = Site().SignIn("dora", "dora-password-1");
  EXPECT_FALSE(SignedIn(again));
  EXPECT_EQ(again.last().status, 401);
  // The answer is the same as for a wrong password: nothing tells a guesser
  // the account exists but is disabled.
  EXPECT_TRUE(Contains(again.last().body, "wrong login or password")) << again.last().body;
  ASSERT_EQ(Site().Cli({"user", "enable", "dora"}).exit_code, 0);
  EXPECT_TRUE(SignedIn(Site().SignIn("dora", "dora-password-1")));
}

TEST_F(NewsroomSessions, SignInNeverKeepsACookieSetBeforeIt) {
  // An attacker plants a well-formed session cookie in the victim's browser.
  const std::string planted = "Planted_session_token_0123456789abcdefghijk";
  ASSERT_EQ(planted.size(), 43u);
  LoginForm f = OpenLoginForm(Site().port());
  f.session.SetCookie("khabar_session", planted);
  HttpResponse r = PostLogin(f.session, f.token, "fred", "fred-password-1");
  ASSERT_EQ(r.status, 303);
  const std::string issued = SessionCookieIn(r);
  EXPECT_FALSE(issued.empty());
  EXPECT_NE(issued, planted);
  EXPECT_EQ(*f.session.Cookie("khabar_session"), issued);
  WebSession attacker(Site().port());
  attacker.SetCookie("khabar_session", planted);
  EXPECT_EQ(attacker.Get("/admin").status, 303) << "the planted token is not a session";
  // Signing in again while signed in gives a new token too.
  LoginForm second = OpenLoginForm(Site().port());
  second.session.SetCookie("khabar_session", issued);
  // (A signed-in browser is sent from the form to the dashboard.)
  EXPECT_EQ(second.session.Get("/admin/login").status, 303);
  HttpResponse again = PostLogin(second.session, second.token, "fred", "fred-password-1");
  ASSERT_EQ(again.status, 303);
  EXPECT_NE(SessionCookieIn(again), issued);
}

TEST_F(NewsroomSessions, SignInRedirectsOnlyWithinTheAdmin) {
  // The way in from a protected page keeps where the user was going.
  WebSession anon(Site().port());
  ExpectToLogin(anon.Get("/admin/stories?mine=1"), "/admin/stories?mine=1");
  WebSession s = Login(Site().port(), "omar", "omar-password-1", "/admin/stories?mine=1");
  EXPECT_EQ(s.last().status, 303);
  EXPECT_EQ(s.last().Header("location"), "/admin/stories?mine=1");

  for (std::string next : {"//evil.example", "//evil.example/admin", "https://evil.example",
                           "https://evil.example/admin", "/\\evil.example", "/admin//evil.example",
                           "javascript:alert(1)", "http:/evil.example", "/admin\r\nLocation: x"}) {
    SCOPED_TRACE(next);
    // The form itself never carries a foreign next...
    HttpResponse form = WebSession(Site().port()).Get("/admin/login?next=" + UrlEncode(next));
    EXPECT_EQ(HtmlDoc(form.body).One("//input[@name='next']").Attr("value"), "/admin");
    // ...and a crafted POST with one lands on the dashboard.
    LoginForm f = OpenLoginForm(Site().port());
    HttpResponse r = PostLogin(f.session, f.token, "omar", "omar-password-1", next);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("location"), "/admin");
  }
}

TEST_F(NewsroomSessions, ARoleChangeAppliesToSessionsAlreadyOpen) {
  WebSession erin = SignIn("erin", "erin-password-1");
  WebSession ada = SignIn("ada", "ada-password-1");
  StoryForm f;
  f.headline = "Demoted editor's story";
  const int64_t id = CreateStory(erin, f);
  ASSERT_GT(id, 0);
  const StoryState s = ReadStory(erin, id);
  // The admin makes erin a reporter while she is signed in.
  HtmlDoc users(ada.Get("/admin/users").body);
  auto form = users.Find("//tr[td[1]='erin']//form[input[@name='action'][@value='role']]");
  ASSERT_EQ(form.size(), 1u);
  ASSERT_EQ(ada.PostForm(form[0].Attr("action"),
                         WithCsrf(ada, {{"action", "role"}, {"role", "reporter"}}))
                .status,
            303);
  // Her open session has a reporter's rights from the next request on.
  EXPECT_EQ(MoveStory(erin, id, s.version, "published").status, 403);
  EXPECT_EQ(WebSession(Site().port()).Get(s.public_url()).status, 404);
  EXPECT_EQ(erin.Get("/admin/users").status, 403);
  EXPECT_EQ(ReadStory(ada, id).status, "draft");
}

TEST_F(NewsroomSessions, AReporterCannotOpenAnotherReportersStoryById) {
  WebSession lena = SignIn("omar", "omar-password-1");
  WebSession eddie = SignIn("eddie", "eddie-password-1");
  StoryForm mine;
  mine.headline = "Omar's exclusive draft";
  mine.body = "Secret sources say";
  const int64_t omars = CreateStory(lena, mine);
  ASSERT_GT(omars, 0);
  StoryForm editors;
  editors.headline = "Editor's own draft";
  const int64_t eddies = CreateStory(eddie, editors);
  ASSERT_GT(eddies, 0);

  WebSession other = SignIn("fred", "fred-password-1");
  for (int64_t id : {omars, eddies}) {
    for (std::string suffix : {"", "/revisions", "/revisions?a=1&b=1"}) {
      HttpResponse r = other.Get("/admin/stories/" + Id(id) + suffix);
      EXPECT_EQ(r.status, 403) << id << suffix;
      EXPECT_FALSE(Contains(r.body, "Secret sources")) << id << suffix;
      EXPECT_FALSE(Contains(r.body, "exclusive draft")) << id << suffix;
    }
  }
  // Ids that are not stories are 404s, not errors.
  EXPECT_EQ(other.Get("/admin/stories/999999").status, 404);
  EXPECT_EQ(other.Get("/admin/stories/abc").status, 404);
  EXPECT_EQ(other.Get("/admin/stories/0").status, 404);
  EXPECT_EQ(other.Get("/admin/stories/-1").status, 404);
}

// =====================================================================
// Sessions on the clock: sliding and absolute expiry
// =====================================================================

class NewsroomSessionClock : public ::testing::Test {};

TEST_F(NewsroomSessionClock, IdleSessionsEndAfter12HoursAndAnySessionAfter7Days) {
  using std::chrono::hours;
  using std::chrono::minutes;
  NewsroomSite site(kT0);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("active", "reporter", "active-password-1"), 0);
  ASSERT_EQ(site.AddUser("idle", "reporter", "idle-password-1"), 0);
  WebSession active = site.SignIn("active", "active-password-1");
  WebSession idle = site.SignIn("idle", "idle-password-1");
  ASSERT_TRUE(SignedIn(active));
  ASSERT_TRUE(SignedIn(idle));
  const std::string token = *active.Cookie("khabar_session");

  auto restart_at = [&](minutes offset) {
    ASSERT_TRUE(site.Restart(At(offset))) << site.Log();
    active.set_port(site.port());
    idle.set_port(site.port());
  };

  // 11 hours later the active user is still in, and the cookie slides.
  restart_at(hours(11));
  HttpResponse r = active.Get("/admin");
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(SessionCookieIn(r), token) << "the same session, renewed";
  EXPECT_TRUE(Contains(r.Header("set-cookie"), "Max-Age=43200")) << r.Header("set-cookie");

  // 13 hours after sign-in: the idle session ended at 12; the active one
  // (last seen at 11) lives until 23.
  restart_at(hours(13));
  ExpectToLogin(idle.Get("/admin"), "/admin");
  EXPECT_EQ(active.Get("/admin").status, 200) << "active 2 hours ago";

  // Keep the session busy every 11 hours for a week.
  for (int h = 24; h < 168; h += 11) {
    restart_at(hours(h));
    ASSERT_EQ(active.Get("/admin").status, 200) << "hour " << h;
  }
  restart_at(hours(167) + minutes(30));
  EXPECT_EQ(active.Get("/admin").status, 200) << "still within the week";
  // Seven days after sign-in it ends, however active.
  restart_at(hours(168) + minutes(1));
  ExpectToLogin(active.Get("/admin"), "/admin");
  StoryForm f;
  f.headline = "After the week";
  EXPECT_EQ(active.PostMultipart("/admin/stories", f.Build(active.csrf(), std::nullopt), {}).status,
            401);
  // Signing in again starts a new week.
  WebSession fresh = site.SignIn("active", "active-password-1");
  EXPECT_TRUE(SignedIn(fresh));
  EXPECT_EQ(fresh.Get("/admin").status, 200);
}

// =====================================================================
// Sign-in throttling
// =====================================================================

class NewsroomThrottle : public ::testing::Test {};

TEST_F(NewsroomThrottle, PerLoginThenPerAddressUntilTheWindowPasses) {
  NewsroomSite site(kT0);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("thr1", "reporter", "thr1-password-1"), 0);
  ASSERT_EQ(site.AddUser("thr2", "reporter", "thr2-password-1"), 0);
  auto attempt = [&](const std::string& login, const std::string& password,
                     const std::string& from = "") {
    return Login(site.port(), login, password, "", from);
  };

  // Five wrong passwords for one login...
  for (int i = 0; i < 5; ++i) {
    WebSession s = attempt("thr1", "wrong-password-" + std::to_string(i));
    EXPECT_EQ(s.last().status, 401) << i;
    EXPECT_FALSE(SignedIn(s));
  }
  // ...and the sixth is refused even with the right password.
  WebSession sixth = attempt("thr1", "thr1-password-1");
  EXPECT_EQ(sixth.last().status, 429);
  EXPECT_FALSE(SignedIn(sixth));
  EXPECT_TRUE(Contains(sixth.last().body, "too many failed sign-ins")) << sixth.last().body;
  // Logins are case-insensitive, so the throttle is too.
  EXPECT_EQ(attempt("THR1", "thr1-password-1").last().status, 429);
  // Another login from the same address still works.
  EXPECT_TRUE(SignedIn(attempt("thr2", "thr2-password-1")));

  // Per address: 20 failures from one address, over logins that are each
  // under their own limit, shut the address out, whoever signs in...
  for (int i = 0; i < 15; ++i) {
    WebSession s = attempt("ghost" + std::to_string(i / 5), "guess-" + std::to_string(i));
    EXPECT_EQ(s.last().status, 401) << i;
  }
  WebSession blocked = attempt("thr2", "thr2-password-1");
  EXPECT_EQ(blocked.last().status, 429);
  EXPECT_FALSE(SignedIn(blocked));
  // ...but not another address.
  WebSession elsewhere = attempt("thr2", "thr2-password-1", "127.0.0.2");
  if (elsewhere.last().status == 0) {
    ADD_FAILURE() << "cannot connect from 127.0.0.2 on this machine";
  } else {
    EXPECT_TRUE(SignedIn(elsewhere)) << elsewhere.last().status;
  }

  // The window is 15 minutes: 16 minutes later both work again.
  ASSERT_TRUE(site.Restart(At(std::chrono::minutes(16)))) << site.Log();
  EXPECT_TRUE(SignedIn(attempt("thr1", "thr1-password-1")));
  EXPECT_TRUE(SignedIn(attempt("thr2", "thr2-password-1")));
}

// =====================================================================
// Scheduled publishing
// =====================================================================

class NewsroomScheduling : public ::testing::Test {};

TEST_F(NewsroomScheduling, AScheduledStoryGoesLiveOnTimeWithNobodySignedIn) {
  NewsroomSite site(kT0);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("eddie", "editor", "eddie-password-1"), 0);
  WebSession eddie = site.SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  StoryForm f;
  f.headline = "Budget speech at noon";
  f.body = "The finance minister presents the budget.";
  const int64_t id = CreateStory(eddie, f);
  ASSERT_GT(id, 0);
  StoryState s = ReadStory(eddie, id);

  // A time in the past is refused; noon (two hours on) is accepted.
  HttpResponse past = MoveStory(eddie, id, s.version, "scheduled", "2026-03-02T09:00");
  EXPECT_EQ(past.status, 400);
  HttpResponse sched = MoveStory(eddie, id, s.version, "scheduled", "2026-03-02T12:00");
  ASSERT_EQ(sched.status, 303) << sched.body;
  s = ReadStory(eddie, id);
  EXPECT_EQ(s.status, "scheduled");
  // The dashboard lists it under Scheduled.
  HtmlDoc dash(eddie.Get("/admin").body);
  EXPECT_EQ(dash.Find("//section[@id='scheduled']//a[@class='story-link']").size(), 1u);

  // A second story is scheduled for noon too, then taken back to draft:
  // the scheduler must leave it alone.
  StoryForm g;
  g.headline = "Withdrawn before noon";
  const int64_t withdrawn = CreateStory(eddie, g);
  ASSERT_GT(withdrawn, 0);
  ASSERT_EQ(MoveStory(eddie, withdrawn, ReadStory(eddie, withdrawn).version, "scheduled",
                      "2026-03-02T12:00")
                .status,
            303);
  ASSERT_EQ(MoveStory(eddie, withdrawn, ReadStory(eddie, withdrawn).version, "draft").status, 303);
  const StoryState w = ReadStory(eddie, withdrawn);

  WebSession reader(site.port());
  EXPECT_EQ(reader.Get(s.public_url()).status, 404);
  EXPECT_EQ(reader.Get("/news/" + Id(id)).status, 404);
  EXPECT_FALSE(Contains(reader.Get("/").body, f.headline));

  // An hour later: not yet.
  ASSERT_TRUE(site.Restart(At(std::chrono::hours(1)))) << site.Log();
  reader.set_port(site.port());
  EXPECT_EQ(reader.Get(s.public_url()).status, 404);

  // Three hours later, with nobody signed in: it is out.
  ASSERT_TRUE(site.Restart(At(std::chrono::hours(3)))) << site.Log();
  reader.set_port(site.port());
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    status = reader.Get(s.public_url()).status;
    if (status != 200) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, 200) << site.Log();
  HttpResponse page = reader.Get(s.public_url());
  EXPECT_TRUE(Contains(page.body, "The finance minister presents the budget."));
  EXPECT_TRUE(Contains(reader.Get("/").body, f.headline));
  EXPECT_TRUE(Contains(site.Log(), "scheduler: published story " + Id(id)));
  EXPECT_EQ(reader.Get(w.public_url()).status, 404) << "withdrawn stories stay unpublished";

  // Its history says the scheduler did it, at noon.
  eddie.set_port(site.port());
  StoryState now = ReadStory(eddie, id);
  EXPECT_EQ(now.status, "published");
  ASSERT_FALSE(now.history.empty());
  EXPECT_TRUE(Contains(now.history.back(), "scheduled → published by the scheduler"))
      << now.history.back();
  EXPECT_TRUE(Contains(now.history.front(), "draft → scheduled by eddie")) << now.history.front();
  EXPECT_EQ(ReadStory(eddie, withdrawn).status, "draft");
}

// =====================================================================
// Editing: conflicts, slugs, tags, revisions
// =====================================================================

class NewsroomEditing : public SharedSite {
 protected:
  static void SetUpTestSuite() {
    StartSite({{"eddie", "editor", "eddie-password-1"},
               {"edna", "editor", "edna-password-1"},
               {"ada", "admin", "ada-password-1"}});
    if (!site_ || !site_->running()) return;
    eddie_ = new WebSession(SignIn("eddie", "eddie-password-1"));
    edna_ = new WebSession(SignIn("edna", "edna-password-1"));
    ada_ = new WebSession(SignIn("ada", "ada-password-1"));
  }
  static void TearDownTestSuite() {
    delete eddie_;
    delete edna_;
    delete ada_;
    StopSite();
  }
  // Published makes a published story; returns its state.
  static StoryState Published(StoryForm f) {
    const int64_t id = CreateStory(*eddie_, f);
    EXPECT_GT(id, 0) << eddie_->last().body;
    StoryState s = ReadStory(*eddie_, id);
    EXPECT_EQ(MoveStory(*eddie_, id, s.version, "published").status, 303);
    return ReadStory(*eddie_, id);
  }
  static inline WebSession* eddie_ = nullptr;
  static inline WebSession* edna_ = nullptr;
  static inline WebSession* ada_ = nullptr;
};

TEST_F(NewsroomEditing, TheSecondOfTwoConcurrentSavesIsAConflictThatKeepsItsText) {
  StoryForm f;
  f.headline = "Two editors, one story";
  f.body = "Original text.";
  const int64_t id = CreateStory(*eddie_, f);
  ASSERT_GT(id, 0);
  // Both open the editor on the same version.
  const StoryState a = ReadStory(*eddie_, id);
  const StoryState b = ReadStory(*edna_, id);
  ASSERT_EQ(a.version, b.version);

  StoryForm first = f;
  first.body = "The first editor's text.";
  EXPECT_EQ(SaveStory(*eddie_, id, a.version, first).status, 303);

  StoryForm second = f;
  second.body = "The second editor's text.";
  HttpResponse conflict = SaveStory(*edna_, id, b.version, second);
  EXPECT_EQ(conflict.status, 409);
  HtmlDoc page(conflict.body);
  EXPECT_EQ(page.One("//textarea[@id='body']").text, "The second editor's text.")
      << "the losing editor's words stay in the form";
  EXPECT_TRUE(Contains(page.One("//p[@class='error']").text, "has not been saved"))
      << page.One("//p[@class='error']").text;
  EXPECT_EQ(page.One("//form[@id='story-form']//input[@name='version']").Attr("value"),
            Id(b.version))
      << "saving again from this form is refused again";

  StoryState stored = ReadStory(*ada_, id);
  EXPECT_EQ(stored.body, "The first editor's text.");
  EXPECT_EQ(stored.version, a.version + 1);
  // Resubmitting the same form is still a conflict.
  EXPECT_EQ(SaveStory(*edna_, id, b.version, second).status, 409);
  // A workflow move on the stale version is a conflict too.
  EXPECT_EQ(MoveStory(*edna_, id, b.version, "submitted").status, 409);
  EXPECT_EQ(ReadStory(*ada_, id).status, "draft");
  EXPECT_EQ(ReadStory(*ada_, id).body, "The first editor's text.");
}

TEST_F(NewsroomEditing, AChangedSlugRedirectsTheOldAddress) {
  StoryForm f;
  f.headline = "Metro line opens to passengers";
  const StoryState s = Published(f);
  ASSERT_EQ(s.slug, "metro-line-opens-to-passengers");
  WebSession reader(Site().port());
  EXPECT_EQ(reader.Get(s.public_url()).status, 200);

  StoryForm renamed = f;
  renamed.slug = "metro-line-opens";
  ASSERT_EQ(SaveStory(*eddie_, s.id, s.version, renamed).status, 303);
  const std::string fresh = "/news/" + Id(s.id) + "/metro-line-opens";
  HttpResponse old = reader.Get(s.public_url());
  EXPECT_EQ(old.status, 301);
  EXPECT_TRUE(old.Header("location").ends_with(fresh)) << old.Header("location");
  EXPECT_EQ(reader.Get(fresh).status, 200);
  HttpResponse bare = reader.Get("/news/" + Id(s.id));
  EXPECT_EQ(bare.status, 301);
  EXPECT_TRUE(bare.Header("location").ends_with(fresh));
  // A slug another story has is refused, and nothing changes.
  StoryForm other;
  other.headline = "Another published story";
  const StoryState o = Published(other);
  StoryForm clash = other;
  clash.slug = "metro-line-opens";
  EXPECT_EQ(SaveStory(*eddie_, o.id, o.version, clash).status, 409);
  EXPECT_EQ(ReadStory(*eddie_, o.id).slug, "another-published-story");
}

TEST_F(NewsroomEditing, RenamedAndMergedTagsKeepTheirOldLinksWorking) {
  StoryForm f;
  f.headline = "Rain floods the old city";
  f.tags = "Monsoon Rains, Old City";
  const StoryState s = Published(f);
  WebSession reader(Site().port());
  ASSERT_EQ(reader.Get("/tag/monsoon-rains").status, 200);

  // An old tag link must still lead a reader to the tag's stories: either a
  // redirect to the new address or the tag's page itself (canonical: new).
  auto expect_resolves = [&](const std::string& old_url, const std::string& new_url,
                             const std::string& name) {
    HttpResponse r = reader.Get(old_url);
    if (r.status == 301 || r.status == 308) {
      EXPECT_TRUE(r.Header("location").ends_with(new_url)) << r.Header("location");
      r = reader.Get(new_url);
    }
    ASSERT_EQ(r.status, 200) << old_url;
    HtmlDoc doc(r.body);
    EXPECT_EQ(doc.One("//main//h1").text, name) << old_url;
    EXPECT_TRUE(doc.One("//link[@rel='canonical']").Attr("href").ends_with(new_url)) << old_url;
    EXPECT_TRUE(Contains(r.body, f.headline)) << old_url;
  };

  HtmlDoc tags(ada_->Get("/admin/tags").body);
  auto rename = tags.Find("//tr[td[1]/a='Monsoon Rains']//form[contains(@action,'/rename')]");
  ASSERT_EQ(rename.size(), 1u);
  ASSERT_EQ(
      ada_->PostForm(rename[0].Attr("action"), WithCsrf(*ada_, {{"name", "Flood Season"}})).status,
      303);
  expect_resolves("/tag/monsoon-rains", "/tag/flood-season", "Flood Season");
  expect_resolves("/tag/flood-season", "/tag/flood-season", "Flood Season");
  // The article now links to the new address.
  HtmlDoc article(reader.Get(s.public_url()).body);
  EXPECT_FALSE(article.Find("//a[@href='/tag/flood-season']").empty());
  EXPECT_TRUE(article.Find("//a[@href='/tag/monsoon-rains']").empty());

  // Merging "Old City" into "Flood Season": the old tag's link follows.
  HtmlDoc tags_now(ada_->Get("/admin/tags").body);
  auto merge = tags_now.Find("//tr[td[1]/a='Old City']//form[contains(@action,'/merge')]");
  ASSERT_EQ(merge.size(), 1u);
  ASSERT_EQ(
      ada_->PostForm(merge[0].Attr("action"), WithCsrf(*ada_, {{"into", "flood-season"}})).status,
      303);
  expect_resolves("/tag/old-city", "/tag/flood-season", "Flood Season");
}

TEST_F(NewsroomEditing, AChangedSectionSlugKeepsTheOldAddressWorking) {
  StoryForm f;
  f.headline = "Weather turns cold";
  f.section = "Weather";
  const StoryState s = Published(f);
  WebSession reader(Site().port());
  ASSERT_EQ(reader.Get("/section/weather").status, 200);
  HtmlDoc sections(ada_->Get("/admin/sections").body);
  auto form = sections.Find("//form[input[@name='name'][@value='Weather']]");
  ASSERT_EQ(form.size(), 1u);
  ASSERT_EQ(
      ada_->PostForm(form[0].Attr("action"),
                     WithCsrf(*ada_, {{"name", "Weather"}, {"slug", "climate"}, {"position", "0"}}))
          .status,
      303);
  for (std::string url : {"/section/weather", "/section/climate"}) {
    HttpResponse r = reader.Get(url);
    if (r.status == 301 || r.status == 308) r = reader.Get(r.Header("location"));
    EXPECT_EQ(r.status, 200) << url;
    EXPECT_TRUE(Contains(r.body, f.headline)) << url;
  }
}

TEST_F(NewsroomEditing, RestoringARevisionSavesItAsTheNewestAndDiffsShowTheChange) {
  StoryForm f;
  f.headline = "Revised story";
  f.body = "Version one body.";
  const int64_t id = CreateStory(*eddie_, f);
  ASSERT_GT(id, 0);
  StoryState s = ReadStory(*eddie_, id);
  f.body = "Version two body.";
  ASSERT_EQ(SaveStory(*eddie_, id, s.version, f).status, 303);
  s = ReadStory(*eddie_, id);
  f.body = "Version three body.";
  ASSERT_EQ(SaveStory(*eddie_, id, s.version, f).status, 303);
  s = ReadStory(*eddie_, id);
  const std::string revisions = "/admin/stories/" + Id(id) + "/revisions";
  HtmlDoc list(eddie_->Get(revisions).body);
  ASSERT_EQ(list.Find("//table[@class='revisions']/tbody/tr").size(), 3u);

  // Restoring needs the current version: a stale one is a conflict.
  EXPECT_EQ(
      edna_->PostForm(revisions + "/1/restore", WithCsrf(*edna_, {{"version", Id(s.version - 1)}}))
          .status,
      409);
  EXPECT_EQ(
      edna_->PostForm(revisions + "/99/restore", WithCsrf(*edna_, {{"version", Id(s.version)}}))
          .status,
      404);
  HttpResponse restore =
      edna_->PostForm(revisions + "/1/restore", WithCsrf(*edna_, {{"version", Id(s.version)}}));
  ASSERT_EQ(restore.status, 303) << restore.body;
  EXPECT_EQ(restore.Header("location"), "/admin/stories/" + Id(id) + "?saved=1");

  StoryState now = ReadStory(*eddie_, id);
  EXPECT_EQ(now.body, "Version one body.");
  EXPECT_EQ(now.version, s.version + 1);
  HtmlDoc after(eddie_->Get(revisions).body);
  auto rows = after.Find("//table[@class='revisions']/tbody/tr");
  ASSERT_EQ(rows.size(), 4u) << "the restore is a new revision; history is kept";
  EXPECT_TRUE(Contains(rows[0].text, "edna")) << rows[0].text;

  // The default diff is between the two newest: three -> one.
  HtmlDoc diff(eddie_->Get(revisions).body);
  auto removed = diff.Find("//pre[@class='diff']/span[@class='diff-del']");
  auto added = diff.Find("//pre[@class='diff']/span[@class='diff-add']");
  ASSERT_FALSE(removed.empty());
  ASSERT_FALSE(added.empty());
  EXPECT_EQ(removed[0].text, "- Version three body.");
  EXPECT_EQ(added[0].text, "+ Version one body.");
  // Any two revisions can be compared.
  HtmlDoc one_two(eddie_->Get(revisions + "?a=1&b=2").body);
  EXPECT_EQ(one_two.One("//pre[@class='diff']/span[@class='diff-del']").text,
            "- Version one body.");
  EXPECT_EQ(one_two.One("//pre[@class='diff']/span[@class='diff-add']").text,
            "+ Version two body.");
  // Unchanged lines carry no marker.
  EXPECT_FALSE(one_two.Find("//pre[@class='diff']/span[@class='' and contains(., 'Revised story')]")
                   .empty());
}

// =====================================================================
// Image uploads
// =====================================================================

class NewsroomUploads : public SharedSite {
 protected:
  static void SetUpTestSuite() {
    StartSite({{"eddie", "editor", "eddie-password-1"}, {"rhea", "reporter", "rhea-password-1"}});
    if (!site_ || !site_->running()) return;
    eddie_ = new WebSession(SignIn("eddie", "eddie-password-1"));
  }
  static void TearDownTestSuite() {
    delete eddie_;
    StopSite();
  }
  static HttpResponse Upload(const std::string& filename, const std::string& type,
                             const std::string& bytes) {
    return eddie_->PostMultipart("/admin/media",
                                 WithCsrf(*eddie_, {{"caption", "c"}, {"alt", "a"}}),
                                 {{"file", filename, type, bytes}});
  }
  // Files counts every file under the media directory (originals too).
  static int Files() {
    int n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(Site().media_dir(), ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file()) ++n;
    }
    return n;
  }
  static size_t Listed() {
    return HtmlDoc(eddie_->Get("/admin/media").body).Find("//ul[@class='media-grid']/li").size();
  }
  // ExpectRefused checks an upload is a 4xx with `message` on the page and
  // left no file and no library entry behind.
  static void ExpectRefused(const HttpResponse& r, int status, const std::string& message,
                            int files_before, size_t listed_before) {
    EXPECT_EQ(r.status, status) << r.body.substr(0, 300);
    if (!message.empty()) {
      EXPECT_TRUE(Contains(r.body, message)) << r.body;
    }
    EXPECT_EQ(Files(), files_before) << "a refused upload left files behind";
    EXPECT_EQ(Listed(), listed_before);
  }
  static inline WebSession* eddie_ = nullptr;
};

TEST_F(NewsroomUploads, AGoodJpegIsStoredWithWebpAndJpegVariants) {
  const std::string jpeg = LeadJpeg();
  ASSERT_GT(jpeg.size(), 1000u);
  const size_t before = Listed();
  HttpResponse r = Upload("harbour.jpg", "image/jpeg", jpeg);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("location"), "/admin/media?uploaded=1");
  HtmlDoc media(eddie_->Get("/admin/media").body);
  auto items = media.Find("//ul[@class='media-grid']/li//img");
  ASSERT_EQ(items.size(), before + 1);
  const std::string thumb = items[0].Attr("src");
  EXPECT_TRUE(thumb.starts_with("/media/") && thumb.ends_with("-320w.webp")) << thumb;
  WebSession reader(Site().port());
  HttpResponse webp = reader.Get(thumb);
  EXPECT_EQ(webp.status, 200);
  EXPECT_EQ(webp.Header("content-type"), "image/webp");
  ASSERT_GT(webp.body.size(), 12u);
  EXPECT_EQ(webp.body.substr(0, 4), "RIFF");
  EXPECT_EQ(webp.body.substr(8, 4), "WEBP");
  // The JPEG of the same width, for browsers without WebP.
  std::string jpeg_variant = thumb.substr(0, thumb.size() - 4) + "jpg";
  HttpResponse jv = reader.Get(jpeg_variant);
  EXPECT_EQ(jv.status, 200) << jpeg_variant;
  EXPECT_EQ(jv.Header("content-type"), "image/jpeg");
  // The original (which may carry GPS data) is never served.
  std::string file = thumb.substr(std::string("/media/").size());
  file = file.substr(0, file.rfind("-320w.webp")) + ".jpg";
  EXPECT_EQ(reader.Get("/media/" + file).status, 200) << "the stripped full-size rendition";
  HttpResponse original = reader.Get("/media/.originals/" + file);
  EXPECT_GE(original.status, 400);
  EXPECT_LT(original.status, 500);
  // Uploading the same picture again adds nothing.
  ASSERT_EQ(Upload("harbour.jpg", "image/jpeg", jpeg).status, 303);
  EXPECT_EQ(Listed(), before + 1);
}

// A picture's words travel to every story that uses it: a reporter edits
// those of their own uploads; another person's need an editor.
TEST_F(NewsroomUploads, ReportersEditTheWordsOfTheirOwnPicturesOnly) {
  WebSession rhea = SignIn("rhea", "rhea-password-1");
  ASSERT_EQ(rhea.PostMultipart("/admin/media", WithCsrf(rhea, {{"caption", "mine"}}),
                               {{"file", "mine.png", "image/png", TinyPng(30, 20, 1, 2, 3)}})
                .status,
            303);
  ASSERT_EQ(Upload("theirs.png", "image/png", TinyPng(30, 20, 4, 5, 6)).status, 303);
  HtmlDoc page(rhea.Get("/admin/media").body);
  // Her page offers a form for her own picture only.
  auto forms = page.Find("//ul[@class='media-grid']/li/form");
  ASSERT_EQ(forms.size(), 1u);
  const std::string own = forms[0].Attr("action");
  EXPECT_EQ(rhea.PostForm(own, WithCsrf(rhea, {{"caption", "mine, edited"}})).status, 303);
  // The editor's picture: find its form on the editor's page, post to it.
  HtmlDoc editor_page(eddie_->Get("/admin/media").body);
  std::string theirs;
  for (const auto& f : editor_page.Find("//ul[@class='media-grid']/li/form")) {
    if (f.Attr("action") != own) theirs = f.Attr("action");
  }
  ASSERT_FALSE(theirs.empty());
  EXPECT_EQ(rhea.PostForm(theirs, WithCsrf(rhea, {{"caption", "hijacked"}})).status, 403);
  HtmlDoc after(eddie_->Get("/admin/media").body);
  EXPECT_EQ(after.One("//form[@action='" + theirs + "']//input[@name='caption']").Attr("value"),
            "c");
  EXPECT_EQ(after.One("//form[@action='" + own + "']//input[@name='caption']").Attr("value"),
            "mine, edited");
}

TEST_F(NewsroomUploads, BytesThatAreNotAnImageAreRefusedWhateverTheirName) {
  const int files = Files();
  const size_t listed = Listed();
  const std::string html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>\n";
  ExpectRefused(Upload("photo.jpg", "image/jpeg", html), 400, "not a JPEG, PNG or WebP image",
                files, listed);
  const std::string svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
      "height=\"10\"><script>alert(1)</script></svg>";
  ExpectRefused(Upload("logo.png", "image/png", svg), 400, "SVG", files, listed);
  ExpectRefused(Upload("empty.jpg", "image/jpeg", ""), 400, "", files, listed);
  // An upload with no file part at all.
  HttpResponse none =
      eddie_->PostMultipart("/admin/media", WithCsrf(*eddie_, {{"caption", "c"}}), {});
  ExpectRefused(none, 400, "choose an image file", files, listed);
}

TEST_F(NewsroomUploads, DamagedAndOversizedPicturesAreRefused) {
  const int files = Files();
  const size_t listed = Listed();
  const std::string jpeg = LeadJpeg();
  // Truncated: the header is fine, the pixels stop halfway.
  ExpectRefused(Upload("cut.jpg", "image/jpeg", jpeg.substr(0, jpeg.size() / 2)), 400, "damaged",
                files, listed);
  // A PNG whose valid header claims 30000 x 30000 pixels (900 megapixels):
  // refused from the header, before anything is decoded.
  const std::string bomb = PngBomb(30000, 30000);
  ASSERT_LT(bomb.size(), 200u * 1024);
  ExpectRefused(Upload("bomb.png", "image/png", bomb), 400, "30000", files, listed);
  // Over the image limit (20 MiB) but under the request limit: the
  // pipeline's clear message.
  std::string big = jpeg.substr(0, 1024) + std::string(21 * 1024 * 1024, '\x55');
  ExpectRefused(Upload("huge.jpg", "image/jpeg", big), 400, "larger than", files, listed);
  // Over the request limit (25 MiB): refused before the body is read.
  std::string huge = jpeg.substr(0, 1024) + std::string(26 * 1024 * 1024, '\x55');
  ExpectRefused(Upload("huger.jpg", "image/jpeg", huge), 413, "", files, listed);
  // The server is fine afterwards.
  EXPECT_EQ(eddie_->Get("/admin/media").status, 200);
}

TEST_F(NewsroomUploads, AStorysLeadImageAppearsOnThePublishedPage) {
  StoryForm f;
  f.headline = "Ferries return after the storm";
  Fields fields = f.Build(eddie_->csrf(), std::nullopt);
  fields.push_back({"image_caption", "A ferry leaves the wharf."});
  fields.push_back({"image_alt", "A ferry at a wharf"});
  HttpResponse created = eddie_->PostMultipart(
      "/admin/stories", fields, {{"image_upload", "ferry.jpg", "image/jpeg", LeadJpeg()}});
  const int64_t id = StoryIdFrom(created);
  ASSERT_GT(id, 0) << created.body;
  StoryState s = ReadStory(*eddie_, id);
  ASSERT_EQ(MoveStory(*eddie_, id, s.version, "published").status, 303);

  WebSession reader(Site().port());
  HttpResponse page = reader.Get(s.public_url());
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  auto imgs = doc.Find("//main//img[@alt='A ferry at a wharf']");
  ASSERT_EQ(imgs.size(), 1u) << page.body;
  HttpResponse img = reader.Get(imgs[0].Attr("src"));
  EXPECT_EQ(img.status, 200) << imgs[0].Attr("src");
  EXPECT_TRUE(img.Header("content-type").starts_with("image/")) << img.Header("content-type");
  // Every srcset candidate (when the theme has them) loads too.
  std::vector<std::string> srcsets;
  if (!imgs[0].Attr("srcset").empty()) srcsets.push_back(imgs[0].Attr("srcset"));
  for (const auto& source : doc.Find("//main//picture/source[@srcset]"))
    srcsets.push_back(source.Attr("srcset"));
  for (const std::string& srcset : srcsets) {
    size_t pos = 0;
    while (pos < srcset.size()) {
      size_t comma = srcset.find(',', pos);
      if (comma == std::string::npos) comma = srcset.size();
      std::string candidate = srcset.substr(pos, comma - pos);
      candidate.erase(0, candidate.find_first_not_of(' '));
      candidate = candidate.substr(0, candidate.find(' '));
      if (!candidate.empty()) {
        EXPECT_EQ(reader.Get(candidate).status, 200) << candidate;
      }
      pos = comma + 1;
    }
  }
  EXPECT_TRUE(Contains(page.body, "A ferry leaves the wharf."));

  // A wrong lead image refuses the save with the story's text kept.
  StoryForm g;
  g.headline = "Story with a bad picture";
  HttpResponse bad =
      eddie_->PostMultipart("/admin/stories", g.Build(eddie_->csrf(), std::nullopt),
                            {{"image_upload", "photo.jpg", "image/jpeg", "<html>no</html>"}});
  EXPECT_EQ(bad.status, 400);
  HtmlDoc form(bad.body);
  EXPECT_TRUE(Contains(form.One("//p[@class='error']").text, "not a JPEG, PNG or WebP"))
      << bad.body;
  EXPECT_EQ(form.One("//input[@id='headline']").Attr("value"), g.headline);
  EXPECT_TRUE(HtmlDoc(eddie_->Get("/admin/stories?q=bad+picture").body)
                  .Find("//a[@class='story-link']")
                  .empty());
}

// Signing in from a bookmarked filtered list comes back to the same list:
// the target after "next=" must be encoded, or everything after its first
// "&" is read as another parameter of the login page and lost.
TEST_F(NewsroomSessions, SignInReturnsToAPageWithSeveralQueryParameters) {
  const std::string target = "/admin/stories?status=draft&mine=1";
  WebSession anon(Site().port());
  HttpResponse bounce = anon.Get(target);
  ASSERT_EQ(bounce.status, 303);
  ExpectToLogin(bounce, target);
  // Follow it as a browser would: open that login page, sign in.
  HttpResponse form = anon.Get(bounce.Header("location"));
  HtmlDoc doc(form.body);
  EXPECT_EQ(doc.One("//input[@name='next']").Attr("value"), target);
  HttpResponse signed_in =
      PostLogin(anon, doc.One("//input[@name='login_token']").Attr("value"), "omar",
                "omar-password-1", doc.One("//input[@name='next']").Attr("value"));
  ASSERT_EQ(signed_in.status, 303);
  EXPECT_EQ(signed_in.Header("location"), target);
}

}  // namespace
}  // namespace khabar::testing
