// Who may do what, over HTTP: CSRF on every state-changing route, every
// admin route as anonymous and as each role, another reporter's story and
// picture by id (IDOR), session fixation and logout, open redirects and
// header (response) splitting. The routes come from the route table in
// src/app/routes.cc (RoutesInSource), so a route added there is tested
// here, or fails the suite until its expected role is written down.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "e2e/security_common.h"
#include "support/html.h"

namespace khabar::testing::security {
namespace {

std::string Id(int64_t id) { return std::to_string(id); }

// ---- Fixtures every test of this file may act on ----

struct Fixture {
  int64_t draft = 0;  // the reporter's (rita's) draft
  std::string draft_headline;
  int64_t published = 0;  // the admin's published story, comments open
  std::string published_url;
  std::string comment;  // a pending comment on it
  int64_t media = 0;    // a picture the reporter uploaded
  int64_t user = 0;     // an account nobody signs in with
  int64_t section = 0, tag = 0, author = 0;
};

int64_t IdFromAction(const std::string& action, const std::string& prefix) {
  if (!action.starts_with(prefix)) return 0;
  return std::atoll(action.c_str() + prefix.size());
}

Fixture& Fix() {
  static Fixture* f = nullptr;
  static int generation = -1;
  SecuritySite& s = SecuritySite::Get();
  if (f != nullptr && generation == s.generation()) return *f;
  delete f;
  f = new Fixture();
  generation = s.generation();
  WebSession& admin = s.As(kAdmin);
  WebSession& rita = s.As(kReporter);

  StoryForm draft;
  draft.headline = "Rita's unpublished draft about the dam";
  draft.body = "Confidential sources on the dam.";
  f->draft = CreateStory(rita, draft);
  f->draft_headline = draft.headline;
  EXPECT_GT(f->draft, 0);

  StoryForm pub;
  pub.headline = "Published story for the security suite";
  pub.tags = "Securitytag";
  pub.authors = "Security Author";
  f->published = CreateStory(admin, pub);
  StoryState st = ReadStory(admin, f->published);
  EXPECT_EQ(MoveStory(admin, f->published, st.version, "published").status, 303);
  f->published_url = ReadStory(admin, f->published).public_url();

  WebSession reader(s.port(), NextAddress());
  EXPECT_EQ(reader
                .PostForm("/news/" + Id(f->published) + "/comments",
                          {{"name", "Fixture reader"}, {"body", "A fixture comment."}})
                .status,
            303);
  HtmlDoc queue(admin.Get("/admin/comments?status=pending").body);
  auto items = queue.Find("//li[@class='moderation-item']");
  if (!items.empty()) f->comment = items[0].Attr("id").substr(std::string("comment-").size());
  EXPECT_FALSE(f->comment.empty());

  EXPECT_EQ(rita.PostMultipart("/admin/media", {{"csrf", rita.csrf()}, {"caption", "Rita's"}},
                               {{"file", "r.png", "image/png", TinyPng(400, 300, 9, 99, 199)}})
                .status,
            303);
  HtmlDoc media(admin.Get("/admin/media").body);
  for (const auto& form : media.Find("//form[starts-with(@action,'/admin/media/')]")) {
    f->media = std::max(f->media, IdFromAction(form.Attr("action"), "/admin/media/"));
  }
  EXPECT_GT(f->media, 0);

  EXPECT_EQ(s.site().AddUser("victor", "reporter", "victor-password-1"), 0);
  HtmlDoc users(admin.Get("/admin/users").body);
  auto uf = users.Find("//tr[td[1]='victor']//form[starts-with(@action,'/admin/users/')]");
  if (!uf.empty()) f->user = IdFromAction(uf[0].Attr("action"), "/admin/users/");
  HtmlDoc sections(admin.Get("/admin/sections").body);
  auto sf = sections.Find("//form[starts-with(@action,'/admin/sections/')]");
  if (!sf.empty()) f->section = IdFromAction(sf[0].Attr("action"), "/admin/sections/");
  HtmlDoc tags(admin.Get("/admin/tags").body);
  auto tf = tags.Find("//form[starts-with(@action,'/admin/tags/')]");
  if (!tf.empty()) f->tag = IdFromAction(tf[0].Attr("action"), "/admin/tags/");
  HtmlDoc authors(admin.Get("/admin/authors").body);
  auto af = authors.Find("//form[starts-with(@action,'/admin/authors/')]");
  if (!af.empty()) f->author = IdFromAction(af[0].Attr("action"), "/admin/authors/");
  EXPECT_GT(f->user, 0);
  EXPECT_GT(f->section, 0);
  EXPECT_GT(f->tag, 0);
  EXPECT_GT(f->author, 0);
  return *f;
}

// Target fills a route pattern with the fixture it acts on; "" when the
// pattern has a parameter this file does not know (a new kind of route).
std::string Target(const std::string& pattern) {
  const Fixture& f = Fix();
  std::string t = pattern;
  auto put = [&](const std::string& name, const std::string& value) {
    size_t at = t.find(name);
    if (at != std::string::npos) t.replace(at, name.size(), value);
  };
  if (pattern.starts_with("/admin/stories/")) put("{id}", Id(f.draft));
  if (pattern.starts_with("/admin/comments/")) put("{id}", f.comment);
  if (pattern.starts_with("/admin/media/")) put("{id}", Id(f.media));
  if (pattern.starts_with("/admin/users/")) put("{id}", Id(f.user));
  if (pattern.starts_with("/admin/sections/")) put("{id}", Id(f.section));
  if (pattern.starts_with("/admin/tags/")) put("{id}", Id(f.tag));
  if (pattern.starts_with("/admin/authors/")) put("{id}", Id(f.author));
  if (pattern.starts_with("/news/")) put("{id}", Id(f.published));
  put("{n}", "1");
  put("{*path}", "admin.js");
  return t.find('{') == std::string::npos ? t : "";
}

class SecurityCsrf : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

// Forged bodies carry this in every field a route reads, so a forged
// request that got through would leave it somewhere visible.
const std::string kForged = "forged-by-csrf";

Fields ForgedFields() {
  return {{"headline", kForged},      {"standfirst", kForged}, {"body", kForged},
          {"section", "World"},       {"version", "1"},        {"to", "published"},
          {"name", kForged},          {"slug", kForged},       {"position", "1"},
          {"into", "securitytag"},    {"bio", kForged},        {"caption", kForged},
          {"credit", kForged},        {"alt", kForged},        {"login", kForged},
          {"display_name", kForged},  {"role", "admin"},       {"password", "forged-password-1"},
          {"action", "disable"},      {"site.name", kForged},  {"month", "1445-09"},
          {"first_day", "2024-03-11"}};
}

TEST_F(SecurityCsrf, EveryStateChangingRouteRefusesARequestWithoutTheSessionsToken) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  Fixture& f = Fix();
  WebSession& admin = s.As(kAdmin);
  const std::string editors_token = s.As(kEditor).csrf();
  ASSERT_FALSE(editors_token.empty());
  ASSERT_NE(editors_token, admin.csrf());

  int routes = 0, requests = 0;
  for (const SourceRoute& route : RoutesInSource()) {
    if (route.method == "GET" || route.method == "OPTIONS") continue;  // safe methods
    SCOPED_TRACE(route.method + " " + route.pattern);
    ASSERT_EQ(route.method, "POST") << "a new state-changing method: test it here";
    const std::string target = Target(route.pattern);
    ASSERT_FALSE(target.empty()) << "no fixture for a parameter of " << route.pattern;
    ++routes;

    if (route.pattern == "/admin/login") {
      // Login CSRF: the form's token must match the khabar_login cookie.
      for (const Fields& fields :
           {Fields{{"login", s.Login(kAdmin)}, {"password", s.Password(kAdmin)}},
            Fields{{"login_token", "guessed-token"},
                   {"login", s.Login(kAdmin)},
                   {"password", s.Password(kAdmin)}}}) {
        WebSession browser(s.port());
        browser.SetCookie("khabar_login", "a-cookie-the-attacker-set", "/admin/login");
        HttpResponse r = browser.PostForm(target, fields);
        ++requests;
        EXPECT_EQ(r.status, 403) << r.body.substr(0, 300);
        EXPECT_FALSE(SignedIn(browser)) << "signed in without the form's token";
      }
      continue;
    }
    if (!route.pattern.starts_with("/admin")) {
      // A reader's form: no session, so no session token; a post another
      // site's page makes the browser send is refused by its Origin.
      for (const Headers& h :
           {Headers{{"Origin", "https://evil.example"}}, Headers{{"Sec-Fetch-Site", "cross-site"}},
            Headers{{"Origin", "null"}, {"Sec-Fetch-Site", "cross-site"}}}) {
        WebSession browser(s.port(), NextAddress());
        HttpResponse r =
            browser.PostForm(target, {{"name", kForged}, {"body", "Forged comment " + kForged}}, h);
        ++requests;
        EXPECT_EQ(r.status, 403) << r.body.substr(0, 300);
        EXPECT_NE(r.body.find("did not come from this site"), std::string::npos);
      }
      // The same post from the site's own page is taken (the check is not
      // refusing everything).
      WebSession browser(s.port(), NextAddress());
      HttpResponse ok =
          browser.PostForm(target, {{"name", "Same-site reader"}, {"body", "A same-site comment."}},
                           // Our client's Host is "127.0.0.1": that is the origin.
                           {{"Origin", "http://127.0.0.1"}, {"Sec-Fetch-Site", "same-origin"}});
      EXPECT_EQ(ok.status, 303) << HtmlDoc(ok.body).One("//p[@class='error-message']").text;
      continue;
    }
    // The newsroom: an admin's cookie (allowed everything) without the
    // token, with a made-up one, with another session's, and (JSON calls)
    // in the header.
    const std::vector<std::pair<std::string, Headers>> attempts = {
        {"", {}},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", {}},
        {editors_token, {}},
        {"", {{"X-CSRF-Token", editors_token}, {"Accept", "application/json"}}},
    };
    for (const auto& [token, headers] : attempts) {
      Fields fields = ForgedFields();
      if (!token.empty()) fields.insert(fields.begin(), {"csrf", token});
      HttpResponse r = admin.PostForm(target, fields, headers);
      ++requests;
      EXPECT_EQ(r.status, 403) << "token '" << token << "': " << r.body.substr(0, 300);
      if (headers.empty()) {
        EXPECT_NE(r.body.find("did not come from this site"), std::string::npos);
      } else {
        EXPECT_NE(r.body.find("\"error\""), std::string::npos) << r.body;
      }
    }
  }
  EXPECT_GE(routes, 20) << "the route table was not read";

  // Nothing a forged request carried was stored anywhere.
  for (const char* page : {"/admin/stories", "/admin/media", "/admin/users", "/admin/sections",
                           "/admin/tags", "/admin/authors", "/admin/settings",
                           "/admin/comments?status=pending", "/admin/comments?status=approved"}) {
    EXPECT_EQ(admin.Get(page).body.find(kForged), std::string::npos) << page;
  }
  StoryState draft = ReadStory(admin, f.draft);
  EXPECT_EQ(draft.status, "draft");
  EXPECT_EQ(draft.headline, f.draft_headline);
  EXPECT_EQ(HttpGet(s.port(), f.published_url).body.find(kForged), std::string::npos);
  // The forged logout did not end the admin's session.
  EXPECT_EQ(admin.Get("/admin").status, 200);
  std::cout << "security suite: CSRF checked on " << routes << " state-changing routes ("
            << requests << " forged requests)\n";
}

// ---- Every admin route as each role ----

enum Need { kPublic, kSignedIn, kOwner, kEditorNeed, kAdminNeed };

// kAdminRoutes is what each admin route needs. A route in the table that is
// not here fails the test: decide who may use it, then add it.
const std::map<std::string, Need>& AdminRoutes() {
  static const std::map<std::string, Need> routes = {
      {"GET /admin/login", kPublic},
      {"POST /admin/login", kPublic},
      {"POST /admin/logout", kSignedIn},
      {"GET /admin", kSignedIn},
      {"GET /admin/stories", kSignedIn},
      {"POST /admin/stories", kSignedIn},
      {"GET /admin/stories/new", kSignedIn},
      {"GET /admin/stories/{id}", kOwner},
      {"POST /admin/stories/{id}", kOwner},
      {"POST /admin/stories/{id}/status", kOwner},
      {"POST /admin/stories/{id}/autosave", kOwner},
      {"GET /admin/stories/{id}/revisions", kOwner},
      {"POST /admin/stories/{id}/revisions/{n}/restore", kOwner},
      {"POST /admin/preview", kSignedIn},
      {"GET /admin/api/tags", kSignedIn},
      {"GET /admin/comments", kEditorNeed},
      {"POST /admin/comments/{id}", kEditorNeed},
      {"GET /admin/media", kSignedIn},
      {"POST /admin/media", kSignedIn},
      {"POST /admin/media/{id}", kOwner},
      {"GET /admin/users", kAdminNeed},
      {"POST /admin/users", kAdminNeed},
      {"POST /admin/users/{id}", kAdminNeed},
      {"GET /admin/sections", kAdminNeed},
      {"POST /admin/sections", kAdminNeed},
      {"POST /admin/sections/{id}", kAdminNeed},
      {"GET /admin/tags", kAdminNeed},
      {"POST /admin/tags/{id}/rename", kAdminNeed},
      {"POST /admin/tags/{id}/merge", kAdminNeed},
      {"GET /admin/authors", kAdminNeed},
      {"POST /admin/authors/{id}", kAdminNeed},
      {"GET /admin/settings", kAdminNeed},
      {"POST /admin/settings", kAdminNeed},
      {"POST /admin/hijri", kAdminNeed},
      {"GET /admin/static/{*path}", kPublic},
  };
  return routes;
}

// Allowed says whether `role` may use a route needing `need` (the owner of
// the fixtures is the reporter).
bool Allowed(Role role, Need need) {
  switch (need) {
    case kPublic:
      return true;
    case kSignedIn:
      return role != kAnonymous;
    case kOwner:
      return role == kReporter || role == kEditor || role == kAdmin;
    case kEditorNeed:
      return role == kEditor || role == kAdmin;
    case kAdminNeed:
      return role == kAdmin;
  }
  return false;
}

class SecurityRoles : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

TEST_F(SecurityRoles, EveryAdminRouteAsAnonymousAndAsEachRole) {
  SecuritySite& s = SecuritySite::Get();
  ASSERT_TRUE(s.site().running());
  Fix();
  int routes = 0, cells = 0;
  std::set<std::string> in_source;
  for (const SourceRoute& route : RoutesInSource()) {
    if (!route.pattern.starts_with("/admin")) continue;
    const std::string key = route.method + " " + route.pattern;
    in_source.insert(key);
    SCOPED_TRACE(key);
    auto need = AdminRoutes().find(key);
    ASSERT_NE(need, AdminRoutes().end())
        << "a new admin route: write down who may use it in AdminRoutes()";
    if (need->second == kPublic) continue;  // sign-in and assets: their own tests
    const std::string target = Target(route.pattern);
    ASSERT_FALSE(target.empty());
    ++routes;
    for (int r = kAnonymous; r < kRoleCount; ++r) {
      const Role role = static_cast<Role>(r);
      SCOPED_TRACE(kRoleNames[role]);
      // Logging out would end the shared sessions: a session of its own.
      WebSession own;
      const bool logout = route.pattern == "/admin/logout" && role != kAnonymous;
      if (logout) own = s.site().SignIn(s.Login(role), s.Password(role));
      WebSession& who = logout ? own : s.As(role);
      HttpResponse res = route.method == "GET"
                             ? (role == kAnonymous ? HttpGet(s.port(), target) : who.Get(target))
                             : who.PostForm(target, {{"csrf", who.csrf()}});
      ++cells;
      const bool allowed = Allowed(role, need->second);
      if (role == kAnonymous) {
        if (route.method == "GET") {
          EXPECT_EQ(res.status, 303);
          EXPECT_TRUE(res.Header("location").starts_with("/admin/login?next="))
              << res.Header("location");
        } else {
          EXPECT_EQ(res.status, 401) << res.body.substr(0, 200);
        }
      } else if (!allowed) {
        EXPECT_EQ(res.status, 403) << res.body.substr(0, 300);
        EXPECT_EQ(res.body.find(Fix().draft_headline), std::string::npos);
      } else {
        // Allowed: whatever the (empty) form is worth, never a refusal
        // for who they are and never a server error.
        EXPECT_NE(res.status, 401);
        EXPECT_NE(res.status, 403) << res.body.substr(0, 300);
        EXPECT_LT(res.status, 500) << res.body.substr(0, 300);
        if (route.method == "GET") {
          EXPECT_EQ(res.status, 200);
        }
      }
    }
  }
  // And the table has no route the server no longer has.
  for (const auto& [key, need] : AdminRoutes()) {
    EXPECT_TRUE(in_source.contains(key)) << key << " is not in src/app/routes.cc any more";
  }
  EXPECT_GE(routes, 30);
  std::cout << "security suite: " << routes << " admin routes x " << kRoleCount
            << " roles (anonymous, reporter, other reporter, editor, admin) = " << cells
            << " requests\n";
}

TEST_F(SecurityRoles, AnotherReportersStoryAndPictureCannotBeReachedById) {
  SecuritySite& s = SecuritySite::Get();
  Fixture& f = Fix();
  WebSession& omar = s.As(kOtherReporter);
  const std::string story = "/admin/stories/" + Id(f.draft);
  for (const char* suffix : {"", "/revisions", "/revisions?a=1&b=1", "?saved=1"}) {
    HttpResponse r = omar.Get(story + suffix);
    EXPECT_EQ(r.status, 403) << suffix;
    EXPECT_EQ(r.body.find("Confidential sources"), std::string::npos) << suffix;
    EXPECT_EQ(r.body.find(f.draft_headline), std::string::npos) << suffix;
  }
  StoryForm taken;
  taken.headline = "Taken over by another reporter";
  EXPECT_EQ(SaveStory(omar, f.draft, 1, taken).status, 403);
  EXPECT_EQ(MoveStory(omar, f.draft, 1, "submitted").status, 403);
  // Nor does a move that could not happen anyway say where the story stands.
  for (const char* to : {"draft", "published", "nonsense", ""}) {
    HttpResponse r = MoveStory(omar, f.draft, 1, to);
    EXPECT_EQ(r.status, 403) << to;
    EXPECT_EQ(HtmlDoc(r.body).One("//p[@class='error']").text.find("draft"), std::string::npos)
        << to << ": " << HtmlDoc(r.body).One("//p[@class='error']").text;
  }
  EXPECT_EQ(omar.Send("POST", story + "/autosave", "application/x-www-form-urlencoded",
                      FormEncode({{"version", "1"}, {"body", "autosaved over"}}),
                      {{"X-CSRF-Token", omar.csrf()}, {"Accept", "application/json"}})
                .status,
            403);
  EXPECT_EQ(omar.PostForm(story + "/revisions/1/restore", {{"csrf", omar.csrf()}}).status, 403);
  EXPECT_EQ(omar.PostForm("/admin/media/" + Id(f.media),
                          {{"csrf", omar.csrf()}, {"caption", "not yours"}})
                .status,
            403);
  // The draft is as its owner left it.
  StoryState after = ReadStory(s.As(kReporter), f.draft);
  EXPECT_EQ(after.headline, f.draft_headline);
  EXPECT_EQ(after.status, "draft");
  EXPECT_EQ(after.body.find("autosaved over"), std::string::npos);
  // Not listed either, and not public.
  EXPECT_EQ(HttpGet(s.port(), "/news/" + Id(f.draft)).status, 404);
  EXPECT_EQ(HttpGet(s.port(), "/api/v1/articles/" + Id(f.draft)).status, 404);
}

// A reporter's story lists (the dashboard, the list with every filter and
// search) show their own stories and live ones, never another reporter's
// draft or an embargoed story; an editor's show everything, so the
// stories are there to leak (issue 15, L3).
TEST_F(SecurityRoles, AReportersListsShowOnlyTheirOwnAndLiveStories) {
  SecuritySite& s = SecuritySite::Get();
  Fixture& f = Fix();
  WebSession& rita = s.As(kReporter);
  WebSession& omar = s.As(kOtherReporter);
  WebSession& editor = s.As(kEditor);
  StoryForm other;
  other.headline = "Omar confidential draft on the harbour";
  other.section = "World";
  const int64_t other_id = CreateStory(omar, other);
  ASSERT_GT(other_id, 0);
  StoryForm embargoed;
  embargoed.headline = "Embargoed budget figures for tomorrow";
  embargoed.section = "World";
  const int64_t embargoed_id = CreateStory(editor, embargoed);
  ASSERT_GT(embargoed_id, 0);
  ASSERT_EQ(MoveStory(editor, embargoed_id, ReadStory(editor, embargoed_id).version, "scheduled",
                      "2026-03-03T09:30")
                .status,
            303);
  const std::string published = "Published story for the security suite";

  const std::vector<std::string> lists = {"/admin",
                                          "/admin/stories",
                                          "/admin/stories?status=draft",
                                          "/admin/stories?status=scheduled",
                                          "/admin/stories?q=confidential",
                                          "/admin/stories?q=budget",
                                          "/admin/stories?section=world",
                                          "/admin/stories?page=1"};
  for (const std::string& list : lists) {
    SCOPED_TRACE(list);
    HttpResponse r = rita.Get(list);
    ASSERT_EQ(r.status, 200);
    EXPECT_FALSE(ShowsText(r.body, other.headline));
    EXPECT_FALSE(ShowsText(r.body, embargoed.headline));
    EXPECT_EQ(r.body.find("/admin/stories/" + Id(other_id) + "\""), std::string::npos);
    EXPECT_EQ(r.body.find("/admin/stories/" + Id(embargoed_id) + "\""), std::string::npos);
  }
  HttpResponse mine = rita.Get("/admin/stories");
  EXPECT_TRUE(ShowsText(mine.body, f.draft_headline));
  EXPECT_TRUE(ShowsText(mine.body, published));
  HttpResponse all = editor.Get("/admin/stories");
  EXPECT_TRUE(ShowsText(all.body, other.headline));
  EXPECT_TRUE(ShowsText(all.body, embargoed.headline));
  EXPECT_TRUE(ShowsText(all.body, f.draft_headline));

  // Opening either by its number is refused, as before.
  for (int64_t id : {other_id, embargoed_id}) {
    HttpResponse r = rita.Get("/admin/stories/" + Id(id));
    EXPECT_EQ(r.status, 403) << id;
    EXPECT_FALSE(ShowsText(r.body, other.headline));
    EXPECT_FALSE(ShowsText(r.body, embargoed.headline));
  }
}

// A slug taken by a story the reporter may not see: the answer names
// neither its slug (which a headline makes when none is typed) nor its
// headline. A translation of a story they may not see is answered as one
// of a story that does not exist (issue 15, L3 and info 4).
TEST_F(SecurityRoles, AReportersFormsDoNotRevealStoriesTheyMayNotSee) {
  SecuritySite& s = SecuritySite::Get();
  WebSession& rita = s.As(kReporter);
  WebSession& omar = s.As(kOtherReporter);
  StoryForm other;
  other.headline = "Omar secret scoop on the election count";
  const int64_t other_id = CreateStory(omar, other);
  ASSERT_GT(other_id, 0);
  const std::string other_slug = ReadStory(omar, other_id).slug;
  ASSERT_FALSE(other_slug.empty());

  StoryForm same_headline;  // no slug typed: one is made from the headline
  same_headline.headline = other.headline;
  EXPECT_EQ(CreateStory(rita, same_headline), 0);
  HttpResponse r = rita.last();
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body.find(other_slug), std::string::npos) << "the other story's slug is named";
  const std::string error = HtmlDoc(r.body).One("//p[@class='error']").text;
  EXPECT_EQ(error, "This address is taken by another story. Choose another slug.");

  StoryForm typed;
  typed.headline = "Rita's own story with a borrowed address";
  typed.slug = other_slug;
  EXPECT_EQ(CreateStory(rita, typed), 0);
  EXPECT_EQ(HtmlDoc(rita.last().body).One("//p[@class='error']").text, error);
  EXPECT_FALSE(ShowsText(rita.last().body, other.headline));

  // translation_of: another's draft and a number with no story at all get
  // the same answer.
  auto translate = [&](const std::string& of) {
    StoryForm t;
    t.headline = "Rita's translation attempt";
    t.translation_of = of;
    EXPECT_EQ(CreateStory(rita, t), 0) << of;
    return std::pair{rita.last().status, HtmlDoc(rita.last().body).One("//p[@class='error']").text};
  };
  auto hidden = translate(Id(other_id));
  auto missing = translate("987654");
  EXPECT_EQ(hidden.first, 400);
  EXPECT_EQ(hidden, missing);
  EXPECT_FALSE(hidden.second.empty());
}

// ---- Sessions ----

class SecuritySessions : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

TEST_F(SecuritySessions, ASessionIdChosenBeforeSignInIsNeverTheOneSignedIn) {
  SecuritySite& s = SecuritySite::Get();
  // The attacker plants a cookie (a random one, and a real session of
  // their own) in the victim's browser before the victim signs in.
  WebSession attacker = s.site().SignIn(s.Login(kOtherReporter), s.Password(kOtherReporter));
  ASSERT_TRUE(SignedIn(attacker));
  const std::string attackers = *attacker.Cookie("khabar_session");
  for (const std::string& planted :
       {std::string("planted-session-id-0123456789abcdefghijklmnopq"), attackers}) {
    // The victim's sign-in form (a signed-in browser is sent on from the
    // form, so it comes from before the cookie was planted).
    WebSession victim(s.port());
    HttpResponse form = victim.Get("/admin/login");
    HtmlDoc doc(form.body);
    victim.SetCookie("khabar_session", planted);
    HttpResponse r = victim.PostForm(
        "/admin/login", {{"login_token", doc.One("//input[@name='login_token']").Attr("value")},
                         {"next", "/admin"},
                         {"login", s.Login(kEditor)},
                         {"password", s.Password(kEditor)}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 300);
    const std::string issued = *victim.Cookie("khabar_session");
    EXPECT_NE(issued, planted);
    // The planted id is not the victim's session.
    WebSession with_planted(s.port());
    with_planted.SetCookie("khabar_session", planted);
    HttpResponse page = with_planted.Get("/admin");
    if (planted == attackers) {
      ASSERT_EQ(page.status, 200);
      EXPECT_EQ(page.body.find(">eddie<"), std::string::npos) << "the attacker became the editor";
      EXPECT_EQ(with_planted.Get("/admin/comments").status, 403);
    } else {
      EXPECT_EQ(page.status, 303);
    }
  }
}

TEST_F(SecuritySessions, SessionCookieFlagsAndLogoutEndTheSessionOnTheServer) {
  SecuritySite& s = SecuritySite::Get();
  WebSession me = s.site().SignIn(s.Login(kEditor), s.Password(kEditor));
  ASSERT_TRUE(SignedIn(me));
  std::string set_cookie;
  for (const std::string& c : me.last().set_cookies) {
    if (c.starts_with("khabar_session=")) set_cookie = c;
  }
  EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos) << set_cookie;
  EXPECT_NE(set_cookie.find("SameSite="), std::string::npos) << set_cookie;
  const std::string old_cookie = *me.Cookie("khabar_session");
  const std::string old_csrf = me.csrf();

  HttpResponse out = me.PostForm("/admin/logout", {{"csrf", me.csrf()}});
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.Header("location"), "/admin/login");
  EXPECT_FALSE(me.Cookie("khabar_session").has_value()) << "the cookie was not cleared";

  // Someone who copied the cookie before the logout gets nothing with it.
  WebSession replay(s.port());
  replay.SetCookie("khabar_session", old_cookie);
  EXPECT_EQ(replay.Get("/admin").status, 303);
  EXPECT_EQ(replay.Get("/admin/comments").status, 303);
  EXPECT_EQ(replay.PostForm("/admin/sections", {{"csrf", old_csrf}, {"name", "Replayed"}}).status,
            401);
}

// On an https site every cookie khabar sets carries Secure: the sign-in
// form's token when the form is shown, again after a failed sign-in, and
// when it is removed with the session cookie's arrival (issue 15, info 3).
TEST_F(SecuritySessions, EveryCookieIsSecureOnAnHttpsSite) {
  TempDir dir;
  std::ifstream demo(SourceDir() / "config" / "site.toml");
  std::stringstream text;
  text << demo.rdbuf();
  std::string toml = text.str();
  const std::string http_base = "base_url = \"http://127.0.0.1:8080\"";
  const size_t at = toml.find(http_base);
  ASSERT_NE(at, std::string::npos);
  toml.replace(at, http_base.size(), "base_url = \"https://news.example\"");
  const auto config = dir.path() / "https.toml";
  std::ofstream(config) << toml << NewsroomSite::kRequestLimitsOff;
  NewsroomSite site(kNow, {}, {}, config);
  ASSERT_TRUE(site.running()) << site.Log();
  ASSERT_EQ(site.AddUser("hana", "editor", "hana-password-1"), 0);

  std::vector<std::string> cookies;
  auto attempt = [&](const std::string& password) {
    WebSession browser(site.port());
    HttpResponse form = browser.Get("/admin/login");
    cookies.insert(cookies.end(), form.set_cookies.begin(), form.set_cookies.end());
    HttpResponse r = browser.PostForm(
        "/admin/login",
        {{"login_token", HtmlDoc(form.body).One("//input[@name='login_token']").Attr("value")},
         {"login", "hana"},
         {"password", password}});
    cookies.insert(cookies.end(), r.set_cookies.begin(), r.set_cookies.end());
    return r.status;
  };
  EXPECT_EQ(attempt("not-the-password"), 401);
  EXPECT_EQ(attempt("hana-password-1"), 303);
  ASSERT_GE(cookies.size(), 4u);  // form, form + failure, form + (session, cleared token)
  for (const std::string& c : cookies) {
    EXPECT_TRUE(c.ends_with("; Secure") || c.find("; Secure;") != std::string::npos) << c;
  }
}

// ---- Open redirects and header splitting ----

class SecurityRedirects : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { SecuritySite::Drop(); }
};

// LocalLocation: a path on this site, which no browser reads as another
// host ("//x", "/\x") or a scheme, with nothing that could end a header.
::testing::AssertionResult LocalLocation(const std::string& loc) {
  if (loc.empty() || loc[0] != '/') return ::testing::AssertionFailure() << "not a path: " << loc;
  if (loc.size() > 1 && (loc[1] == '/' || loc[1] == '\\')) {
    return ::testing::AssertionFailure() << "another host: " << loc;
  }
  for (char c : loc) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f || c == '\\') {
      return ::testing::AssertionFailure() << "control, space or backslash in: " << loc;
    }
  }
  return ::testing::AssertionSuccess();
}

TEST_F(SecurityRedirects, SignInReturnsOnlyToLocalAdminPages) {
  SecuritySite& s = SecuritySite::Get();
  const std::vector<std::string> nexts = {
      "//evil.example",           "/\\evil.example",           "https://evil.example/admin",
      "/admin//evil.example",     "/admin/\\evil.example",     "\\\\evil.example",
      "/\t/evil.example",         "javascript:alert(1)",       "/admin\r\nSet-Cookie: x=1",
      "/%2F%2Fevil.example",      "/admin/%0d%0aX-Injected:1", "http:/\\evil.example",
      "/admin/../\\evil.example", " //evil.example",           "/admin@evil.example"};
  int checked = 0;
  for (const std::string& next : nexts) {
    SCOPED_TRACE(next);
    // The form carries it on...
    HttpResponse form = HttpGet(s.port(), "/admin/login?next=" + UrlEncode(next));
    ASSERT_EQ(form.status, 200);
    HtmlDoc doc(form.body);
    EXPECT_TRUE(LocalLocation(doc.One("//input[@name='next']").Attr("value")));
    // ...and signing in goes there, whatever was posted.
    WebSession browser(s.port());
    HttpResponse page = browser.Get("/admin/login");
    HtmlDoc login(page.body);
    HttpResponse r = browser.PostForm(
        "/admin/login", {{"login_token", login.One("//input[@name='login_token']").Attr("value")},
                         {"next", next},
                         {"login", s.Login(kReporter)},
                         {"password", s.Password(kReporter)}});
    ASSERT_EQ(r.status, 303) << r.body.substr(0, 200);
    EXPECT_TRUE(LocalLocation(r.Header("location")));
    EXPECT_TRUE(r.Header("location").starts_with("/admin"));
    EXPECT_EQ(r.Header("x-injected"), "");
    ++checked;
  }
  EXPECT_EQ(checked, static_cast<int>(nexts.size()));
}

TEST_F(SecurityRedirects, RedirectsBuiltFromTheRequestStayOnTheSiteAndCannotSplitTheAnswer) {
  SecuritySite& s = SecuritySite::Get();
  Fix();
  const std::string story = "/news/" + Id(Fix().published);
  // Sent as raw bytes: the client must not tidy them up first.
  const std::vector<std::string> targets = {
      "//evil.example/",
      "///evil.example/",
      "/\\evil.example/",
      "/%5Cevil.example/",
      "/%2F%2Fevil.example/",
      "//evil.example/section/world/",
      "/section/world/?next=//evil.example",
      "/section/world/?a=%0d%0aX-Injected:%201",
      "/section/world%0d%0aX-Injected:%201/",
      "/section/world/%0d%0aX-Injected:%201",
      story + "/wrong-slug?x=%0d%0aX-Injected:%201",
      story + "/wrong%0d%0aX-Injected:%201",
      story + "/%0aX-Injected:%201",
      story + "/wrong-slug%E2%80%A8",
      "/tag/securitytag/?%0d%0aSet-Cookie:%20injected=1",
      "/admin/stories/?%0d%0aX-Injected:%201",
      "/admin/login?next=%0d%0aX-Injected:%201",
      "/search?q=%0d%0aX-Injected:%201",
      "/media/x%0d%0aX-Injected:%201.jpg",
      "/static/style.css%0d%0aX-Injected:%201",
  };
  for (const std::string& target : targets) {
    SCOPED_TRACE(target);
    HttpResponse r = HttpRaw(
        s.port(), "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    ASSERT_NE(r.status, 0) << "no answer";
    EXPECT_LT(r.status, 500) << r.body.substr(0, 200);
    EXPECT_EQ(r.Header("x-injected"), "");
    for (const std::string& c : r.set_cookies) {
      EXPECT_EQ(c.find("injected"), std::string::npos) << c;
    }
    for (const auto& [name, value] : r.headers) {
      EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos) << name;
    }
    if (r.status >= 300 && r.status < 400) {
      EXPECT_TRUE(LocalLocation(r.Header("location")));
    }
  }
  // Another Host (or X-Forwarded-Host) never makes an address on a page,
  // where the page cache would keep it for every reader.
  for (const std::string& target :
       {std::string("/"), Fix().published_url, story, std::string("/feed.xml"),
        std::string("/sitemap.xml"), std::string("/api/v1/articles"),
        std::string("/section/world/")}) {
    for (const std::string& header :
         {std::string("Host: evil.example"),
          std::string("Host: 127.0.0.1\r\nX-Forwarded-Host: evil.example"),
          std::string("Host: 127.0.0.1\r\nX-Forwarded-Proto: javascript")}) {
      HttpResponse r = HttpRaw(
          s.port(), "GET " + target + " HTTP/1.1\r\n" + header + "\r\nConnection: close\r\n\r\n");
      SCOPED_TRACE(target + " with " + header);
      EXPECT_LT(r.status, 500);
      EXPECT_EQ(r.body.find("evil.example"), std::string::npos);
      EXPECT_EQ(r.body.find("javascript://"), std::string::npos);
      EXPECT_EQ(r.Header("location").find("evil.example"), std::string::npos);
    }
  }
  EXPECT_EQ(HttpGet(s.port(), "/").body.find("evil.example"), std::string::npos);
  // A raw CR or LF in the request line never gets that far.
  for (const std::string& raw :
       {std::string("GET /section/world/\rX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n"),
        std::string("GET /news/1/x\nX-Injected: 1 HTTP/1.1\r\nHost: x\r\n\r\n")}) {
    HttpResponse r = HttpRaw(s.port(), raw);
    EXPECT_TRUE(r.status == 0 || (r.status >= 400 && r.status < 500)) << r.status;
    EXPECT_EQ(r.Header("x-injected"), "");
  }
}

}  // namespace
}  // namespace khabar::testing::security
