// The newsroom's permission matrix, over HTTP against the real binary: every
// role against every action, each action sent as a direct request (what a
// crafted POST would send, whatever buttons the UI shows). Each cell
// checks the status code and then the state the action would have changed:
// a refused publish leaves the story unpublished and its public URL a 404,
// a refused save leaves the text as it was, and so on.
//
// Every cell prepares its own fixture (a fresh story, a section, a tag...)
// with sessions that may do so, so cells never depend on one another.
#include <gtest/gtest.h>

#include <array>
#include <functional>

#include "support/html.h"
#include "support/newsroom_site.h"

namespace khabar::testing {
namespace {

// ---- Roles ----

enum Role { kAnonymous, kOwner, kOtherReporter, kEditor, kAdmin, kDisabled, kRoleCount };
constexpr const char* kRoleNames[kRoleCount] = {
    "anonymous", "reporter (owner)", "other reporter", "editor", "admin", "disabled user"};

// ---- Expected answers ----

enum Expect {
  LOGIN,  // GET while not signed in: 303 to /admin/login?next=<the page>
  OK,     // 200
  DONE,   // 303 to the page that shows the result
  E401,   // POST while not signed in
  E403,   // signed in, not allowed
};

bool Allowed(Expect e) { return e == OK || e == DONE; }

std::string ExpectName(Expect e) {
  switch (e) {
    case LOGIN:
      return "303 to login";
    case OK:
      return "200";
    case DONE:
      return "303 done";
    case E401:
      return "401";
    case E403:
      return "403";
  }
  return "?";
}

const std::string kNow = "2026-03-02T10:00:00+05:00";
const std::string kTomorrowLocal = "2026-03-03T09:30";  // site time (+05:00)

constexpr const char* kPasswords[kRoleCount] = {"",
                                                "rita-password-1",
                                                "omar-password-1",
                                                "eddie-password-1",
                                                "ada-password-1",
                                                "dan-password-1"};
constexpr const char* kLogins[kRoleCount] = {"", "rita", "omar", "eddie", "ada", "dan"};
constexpr const char* kUserRoles[kRoleCount] = {"",       "reporter", "reporter",
                                                "editor", "admin",    "reporter"};

// Ctx is one cell's fixture and what the action needs to know about it.
struct Ctx {
  Role role = kAnonymous;
  int serial = 0;      // unique per cell, for names
  int64_t id = 0;      // the story (or section, tag, author, user, media) acted on
  StoryState before;   // the story as the fixture left it
  std::string name;    // a unique name for this cell
  std::string target;  // the URL acted on
  int64_t count = 0;   // a count before the action (media, ...)
};

struct Row {
  std::string action;
  std::array<Expect, kRoleCount> expect;
  std::function<void(Ctx&)> setup;
  std::function<HttpResponse(WebSession&, Ctx&)> act;
  std::function<void(const Ctx&, bool allowed)> verify;
};

// MatrixSite is the one server every test of this file shares: its
// accounts sign in once (Argon2id costs a fraction of a second each).
class MatrixSite : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    if (site_) return;  // shared by both suites of this file
    site_ = new NewsroomSite(kNow);
    ASSERT_TRUE(site_->running()) << site_->Log();
    for (int r = kOwner; r < kRoleCount; ++r) {
      ASSERT_EQ(site_->AddUser(kLogins[r], kUserRoles[r], kPasswords[r]), 0) << kLogins[r];
    }
    ASSERT_EQ(site_->AddUser("tess", "reporter", "tess-password-1"), 0);
    sessions_ = new std::array<WebSession, kRoleCount>();
    (*sessions_)[kAnonymous] = site_->Session();
    for (int r = kOwner; r < kRoleCount; ++r) {
      (*sessions_)[r] = site_->SignIn(kLogins[r], kPasswords[r]);
      ASSERT_TRUE(SignedIn((*sessions_)[r])) << kLogins[r] << ": " << (*sessions_)[r].last().body;
      ASSERT_FALSE((*sessions_)[r].csrf().empty());
    }
    // Reporters file under an existing section; only editors add them.
    ASSERT_TRUE(AddSection((*sessions_)[kAdmin], "World"));
    // The disabled user signed in, then an admin disabled the account: the
    // cookie and CSRF token they still hold must open nothing.
    ASSERT_EQ(Session(kAdmin)
                  .PostForm("/admin/users/" + std::to_string(UserId("dan")),
                            {{"csrf", Session(kAdmin).csrf()}, {"action", "disable"}})
                  .status,
              303);
  }
  static void TearDownAll() {
    delete sessions_;
    delete site_;
    sessions_ = nullptr;
    site_ = nullptr;
  }

  static WebSession& Session(Role r) { return (*sessions_)[r]; }
  static WebSession& Admin() { return Session(kAdmin); }
  static WebSession& Owner() { return Session(kOwner); }
  static WebSession& Editor() { return Session(kEditor); }
  static NewsroomSite& Site() { return *site_; }

  // ---- Reading state as an admin ----

  static int64_t UserId(const std::string& login) {
    HtmlDoc doc(Admin().Get("/admin/users").body);
    std::string action =
        doc.Find("//tr[td[1]='" + login + "']//form[input[@name='action'][@value='role']]")
            .at(0)
            .Attr("action");
    return std::atoll(action.c_str() + std::string("/admin/users/").size());
  }
  static std::string UserRole(const std::string& login) {
    HtmlDoc doc(Admin().Get("/admin/users").body);
    return doc.One("//tr[td[1]='" + login + "']//select[@name='role']/option[@selected]").text;
  }
  static bool UserDisabled(const std::string& login) {
    HtmlDoc doc(Admin().Get("/admin/users").body);
    return !doc.Find("//tr[td[1]='" + login + "']//button[@value='enable']").empty();
  }
  static bool UserExists(const std::string& login) {
    HtmlDoc doc(Admin().Get("/admin/users").body);
    return !doc.Find("//tr[td[1]='" + login + "']").empty();
  }
  static int64_t StoriesMatching(const std::string& text) {
    HtmlDoc doc(Admin().Get("/admin/stories?q=" + UrlEncode(text)).body);
    return static_cast<int64_t>(doc.Find("//a[@class='story-link']").size());
  }
  static int64_t MediaCount() {
    HtmlDoc doc(Admin().Get("/admin/media").body);
    return static_cast<int64_t>(doc.Find("//ul[@class='media-grid']/li").size());
  }
  static int64_t MediaFiles() {
    int64_t n = 0;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(Site().media_dir(), ec);
         it != std::filesystem::recursive_directory_iterator(); ++it) {
      if (it->is_regular_file()) ++n;
    }
    return n;
  }
  static int64_t SectionId(const std::string& name) {
    HtmlDoc doc(Admin().Get("/admin/sections").body);
    auto forms = doc.Find("//form[input[@name='name'][@value='" + name + "']]");
    if (forms.empty()) return 0;
    return std::atoll(forms[0].Attr("action").c_str() + std::string("/admin/sections/").size());
  }
  static std::pair<int64_t, std::string> TagNamed(const std::string& name) {
    HtmlDoc doc(Admin().Get("/admin/tags").body);
    auto forms = doc.Find("//tr[td[1]/a='" + name + "']//form[contains(@action,'/rename')]");
    auto links = doc.Find("//tr[td[1]/a='" + name + "']/td[1]/a");
    if (forms.empty() || links.empty()) return {0, ""};
    return {std::atoll(forms[0].Attr("action").c_str() + std::string("/admin/tags/").size()),
            links[0].Attr("href").substr(std::string("/tag/").size())};
  }
  static std::pair<int64_t, std::string> AuthorNamed(const std::string& name) {
    HtmlDoc doc(Admin().Get("/admin/authors").body);
    auto forms = doc.Find("//form[@class='author'][.//input[@name='name'][@value='" + name + "']]");
    if (forms.empty()) return {0, ""};
    auto bio = doc.Find("//form[@class='author'][.//input[@name='name'][@value='" + name +
                        "']]//textarea[@name='bio']");
    return {std::atoll(forms[0].Attr("action").c_str() + std::string("/admin/authors/").size()),
            bio.empty() ? "" : bio[0].text};
  }
  static std::string SettingValue(const std::string& key) {
    HtmlDoc doc(Admin().Get("/admin/settings").body);
    return doc.One("//input[@name='" + key + "']").Attr("value");
  }
  static std::vector<std::string> HijriRecords() {
    HtmlDoc doc(Admin().Get("/admin/settings").body);
    std::vector<std::string> out;
    for (const auto& li : doc.Find("//main//ul/li")) out.push_back(li.text);
    return out;
  }
  static int PublicStatus(const StoryState& s) {
    return WebSession(Site().port()).Get(s.public_url()).status;
  }

  // ---- Fixtures ----

  // OwnStory makes a story by the owner (rita) and, as the editor, moves it
  // to `status`; returns its state as the admin sees it.
  static StoryState OwnStory(Ctx& c, const std::string& status, const std::string& body = "") {
    StoryForm f;
    f.headline = "Matrix story " + std::to_string(c.serial) + " of the grid";
    f.body = body.empty() ? "Original text " + std::to_string(c.serial) : body;
    int64_t id = CreateStory(Owner(), f);
    EXPECT_GT(id, 0) << Owner().last().body;
    auto move = [&](const char* to, const std::string& when = "") {
      StoryState s = ReadStory(Admin(), id);
      EXPECT_EQ(MoveStory(Editor(), id, s.version, to, when).status, 303)
          << to << ": " << Editor().last().body;
    };
    if (status == "submitted") move("submitted");
    if (status == "published" || status == "unpublished") move("published");
    if (status == "unpublished") move("unpublished");
    if (status == "scheduled") move("scheduled", kTomorrowLocal);
    c.id = id;
    c.before = ReadStory(Admin(), id);
    EXPECT_EQ(c.before.status, status);
    return c.before;
  }

 protected:
  static inline NewsroomSite* site_ = nullptr;
  static inline std::array<WebSession, kRoleCount>* sessions_ = nullptr;
};

void PrintTo(const Row& row, std::ostream* os) { *os << row.action; }

class MatrixCleanup : public ::testing::Environment {
 public:
  void TearDown() override { MatrixSite::TearDownAll(); }
};
[[maybe_unused]] ::testing::Environment* const kCleanup =
    ::testing::AddGlobalTestEnvironment(new MatrixCleanup);

class PermissionMatrix : public MatrixSite, public ::testing::WithParamInterface<Row> {};
class PermissionFollowUps : public MatrixSite {};

// Form fields with the acting session's CSRF token (the disabled user
// still has theirs; anonymous has none).
Fields WithCsrf(WebSession& s, Fields f) {
  f.insert(f.begin(), {"csrf", s.csrf()});
  return f;
}

std::string Id(int64_t id) { return std::to_string(id); }

// ---- The rows ----

using S = StoryState;
using P = MatrixSite;

Row GetPage(const std::string& name, const std::string& target, std::array<Expect, kRoleCount> e) {
  return Row{"GET " + name, e, [target](Ctx& c) { c.target = target; },
             [](WebSession& s, Ctx& c) { return s.Get(c.target); }, nullptr};
}

// A GET of one story's page (editor, revisions) for a story in `status`.
Row GetStoryPage(const std::string& name, const std::string& status, const std::string& suffix,
                 std::array<Expect, kRoleCount> e) {
  return Row{"GET " + name, e,
             [status, suffix](Ctx& c) {
               P::OwnStory(c, status);
               c.target = "/admin/stories/" + Id(c.id) + suffix;
             },
             [](WebSession& s, Ctx& c) { return s.Get(c.target); },
             [](const Ctx& c, bool) {
               // Looking changes nothing.
               S now = ReadStory(P::Admin(), c.id);
               EXPECT_EQ(now.version, c.before.version);
             }};
}

// A save of the editor form on a story in `status`.
Row SaveRow(const std::string& name, const std::string& status, std::array<Expect, kRoleCount> e) {
  return Row{"POST " + name, e, [status](Ctx& c) { P::OwnStory(c, status); },
             [](WebSession& s, Ctx& c) {
               StoryForm f;
               f.headline = c.before.headline;
               f.slug = c.before.slug;
               f.body = "Rewritten by " + std::string(kRoleNames[c.role]);
               return s.PostMultipart("/admin/stories/" + Id(c.id),
                                      f.Build(s.csrf(), c.before.version), {});
             },
             [](const Ctx& c, bool allowed) {
               S now = ReadStory(P::Admin(), c.id);
               EXPECT_EQ(now.body, allowed ? "Rewritten by " + std::string(kRoleNames[c.role])
                                           : c.before.body);
               EXPECT_EQ(now.version, allowed ? c.before.version + 1 : c.before.version);
               EXPECT_EQ(now.status, c.before.status);
             }};
}

// A workflow move of a story from `from` to `to`.
Row MoveRow(const std::string& name, const std::string& from, const std::string& to,
            std::array<Expect, kRoleCount> e) {
  return Row{"POST " + name, e, [from](Ctx& c) { P::OwnStory(c, from); },
             [to](WebSession& s, Ctx& c) {
               return s.PostForm(
                   "/admin/stories/" + Id(c.id) + "/status",
                   WithCsrf(s, {{"version", Id(c.before.version)},
                                {"publish_at", to == "scheduled" ? kTomorrowLocal : ""},
                                {"to", to}}));
             },
             [from, to](const Ctx& c, bool allowed) {
               S now = ReadStory(P::Admin(), c.id);
               EXPECT_EQ(now.status, allowed ? to : from);
               const bool live = allowed ? to == "published" : from == "published";
               EXPECT_EQ(P::PublicStatus(now), live ? 200 : 404) << now.public_url();
               // The home page lists a story exactly when it is live.
               std::string home = WebSession(P::Site().port()).Get("/").body;
               EXPECT_EQ(home.find(now.headline) != std::string::npos, live);
             }};
}

std::vector<Row> Rows() {
  std::vector<Row> rows;
  //                                                      anon   owner  other  editor admin disabled
  rows.push_back(GetPage("dashboard", "/admin", {LOGIN, OK, OK, OK, OK, LOGIN}));
  rows.push_back(GetPage("story list", "/admin/stories", {LOGIN, OK, OK, OK, OK, LOGIN}));
  rows.push_back(GetPage("new story form", "/admin/stories/new", {LOGIN, OK, OK, OK, OK, LOGIN}));
  rows.push_back(
      GetStoryPage("editor of the owner's draft", "draft", "", {LOGIN, OK, E403, OK, OK, LOGIN}));
  rows.push_back(GetStoryPage("revisions of the owner's draft", "draft", "/revisions",
                              {LOGIN, OK, E403, OK, OK, LOGIN}));
  rows.push_back(GetStoryPage("editor of the owner's published story", "published", "",
                              {LOGIN, E403, E403, OK, OK, LOGIN}));
  rows.push_back(GetPage("media library", "/admin/media", {LOGIN, OK, OK, OK, OK, LOGIN}));
  rows.push_back(
      GetPage("tag suggestions (JSON)", "/admin/api/tags?q=a", {LOGIN, OK, OK, OK, OK, LOGIN}));
  rows.push_back(GetPage("users", "/admin/users", {LOGIN, E403, E403, E403, OK, LOGIN}));
  rows.push_back(GetPage("sections", "/admin/sections", {LOGIN, E403, E403, E403, OK, LOGIN}));
  rows.push_back(GetPage("tags", "/admin/tags", {LOGIN, E403, E403, E403, OK, LOGIN}));
  rows.push_back(GetPage("authors", "/admin/authors", {LOGIN, E403, E403, E403, OK, LOGIN}));
  rows.push_back(GetPage("settings", "/admin/settings", {LOGIN, E403, E403, E403, OK, LOGIN}));

  rows.push_back(Row{
      "POST create a story",
      {E401, DONE, DONE, DONE, DONE, E401},
      [](Ctx& c) { c.name = "Created in cell " + std::to_string(c.serial) + " end"; },
      [](WebSession& s, Ctx& c) {
        StoryForm f;
        f.headline = c.name;
        return s.PostMultipart("/admin/stories", f.Build(s.csrf(), std::nullopt), {});
      },
      [](const Ctx& c, bool allowed) { EXPECT_EQ(P::StoriesMatching(c.name), allowed ? 1 : 0); }});

  rows.push_back(SaveRow("save the owner's draft", "draft", {E401, DONE, E403, DONE, DONE, E401}));
  rows.push_back(SaveRow("save the owner's submitted story", "submitted",
                         {E401, DONE, E403, DONE, DONE, E401}));
  rows.push_back(SaveRow("save the owner's published story", "published",
                         {E401, E403, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("submit the owner's draft", "draft", "submitted",
                         {E401, DONE, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("withdraw a submitted story to draft", "submitted", "draft",
                         {E401, DONE, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("publish a submitted story", "submitted", "published",
                         {E401, E403, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("publish the owner's draft", "draft", "published",
                         {E401, E403, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("schedule a submitted story", "submitted", "scheduled",
                         {E401, E403, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("unpublish a published story", "published", "unpublished",
                         {E401, E403, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("return an unpublished story to draft", "unpublished", "draft",
                         {E401, E403, E403, DONE, DONE, E401}));
  rows.push_back(MoveRow("return a scheduled story to draft", "scheduled", "draft",
                         {E401, E403, E403, DONE, DONE, E401}));

  rows.push_back(Row{"POST restore revision 1 of the owner's draft",
                     {E401, DONE, E403, DONE, DONE, E401},
                     [](Ctx& c) {
                       P::OwnStory(c, "draft", "Revision one text");
                       StoryForm f;
                       f.headline = c.before.headline;
                       f.body = "Revision two text";
                       EXPECT_EQ(SaveStory(P::Owner(), c.id, c.before.version, f).status, 303);
                       c.before = ReadStory(P::Admin(), c.id);
                     },
                     [](WebSession& s, Ctx& c) {
                       return s.PostForm("/admin/stories/" + Id(c.id) + "/revisions/1/restore",
                                         WithCsrf(s, {{"version", Id(c.before.version)}}));
                     },
                     [](const Ctx& c, bool allowed) {
                       S now = ReadStory(P::Admin(), c.id);
                       EXPECT_EQ(now.body, allowed ? "Revision one text" : "Revision two text");
                       EXPECT_EQ(now.version, allowed ? c.before.version + 1 : c.before.version);
                     }});

  rows.push_back(Row{"POST autosave the owner's draft (JSON, X-CSRF-Token)",
                     {E401, OK, E403, OK, OK, E401},
                     [](Ctx& c) { P::OwnStory(c, "draft"); },
                     [](WebSession& s, Ctx& c) {
                       return s.PostForm(
                           "/admin/stories/" + Id(c.id) + "/autosave",
                           {{"version", Id(c.before.version)}, {"body", "autosaved text"}},
                           {{"X-CSRF-Token", s.csrf()}, {"Accept", "application/json"}});
                     },
                     [](const Ctx& c, bool) {
                       S now = ReadStory(P::Admin(), c.id);
                       EXPECT_EQ(now.body, c.before.body);  // an autosave is not a save
                       EXPECT_EQ(now.version, c.before.version);
                     }});

  rows.push_back(Row{"POST preview (JSON, X-CSRF-Token)",
                     {E401, OK, OK, OK, OK, E401},
                     nullptr,
                     [](WebSession& s, Ctx&) {
                       return s.PostForm(
                           "/admin/preview", {{"body", "**bold**"}},
                           {{"X-CSRF-Token", s.csrf()}, {"Accept", "application/json"}});
                     },
                     nullptr});

  rows.push_back(Row{"POST upload an image",
                     {E401, DONE, DONE, DONE, DONE, E401},
                     [](Ctx& c) {
                       c.count = P::MediaCount();
                       c.id = P::MediaFiles();
                     },
                     [](WebSession& s, Ctx& c) {
                       // A different picture per cell, so each upload is a new file.
                       std::string png = TinyPng(40, 30, static_cast<uint8_t>(c.serial * 7), 100,
                                                 static_cast<uint8_t>(c.role * 40));
                       return s.PostMultipart("/admin/media",
                                              WithCsrf(s, {{"caption", "cell picture"}}),
                                              {{"file", "cell.png", "image/png", png}});
                     },
                     [](const Ctx& c, bool allowed) {
                       EXPECT_EQ(P::MediaCount(), c.count + (allowed ? 1 : 0));
                       if (!allowed) {
                         EXPECT_EQ(P::MediaFiles(), c.id) << "a refused upload wrote files";
                       }
                     }});

  rows.push_back(Row{
      "POST change the caption of a picture an admin uploaded",
      {E401, E403, E403, DONE, DONE, E401},
      [](Ctx& c) {
        std::string png = TinyPng(20, 20, 9, static_cast<uint8_t>(c.serial), 200);
        EXPECT_EQ(P::Admin()
                      .PostMultipart("/admin/media", WithCsrf(P::Admin(), {{"caption", "before"}}),
                                     {{"file", "caption.png", "image/png", png}})
                      .status,
                  303);
        HtmlDoc doc(P::Admin().Get("/admin/media").body);
        auto forms = doc.Find("//ul[@class='media-grid']/li/form");
        ASSERT_FALSE(forms.empty());
        c.target = forms[0].Attr("action");  // the newest first
      },
      [](WebSession& s, Ctx& c) {
        return s.PostForm(c.target,
                          WithCsrf(s, {{"caption", "after"}, {"credit", ""}, {"alt", ""}}));
      },
      [](const Ctx& c, bool allowed) {
        HtmlDoc doc(P::Admin().Get("/admin/media").body);
        EXPECT_EQ(
            doc.One("//form[@action='" + c.target + "']//input[@name='caption']").Attr("value"),
            allowed ? "after" : "before");
      }});

  rows.push_back(
      Row{"POST create a user",
          {E401, E403, E403, E403, DONE, E401},
          [](Ctx& c) { c.name = "made-by-cell-" + std::to_string(c.serial); },
          [](WebSession& s, Ctx& c) {
            return s.PostForm("/admin/users", WithCsrf(s, {{"login", c.name},
                                                           {"display_name", "Cell User"},
                                                           {"role", "admin"},
                                                           {"password", "cell-password-1"}}));
          },
          [](const Ctx& c, bool allowed) { EXPECT_EQ(P::UserExists(c.name), allowed); }});

  rows.push_back(Row{
      "POST change another user's role",
      {E401, E403, E403, E403, DONE, E401},
      [](Ctx& c) {
        c.id = P::UserId("tess");
        EXPECT_EQ(P::Admin()
                      .PostForm("/admin/users/" + Id(c.id),
                                WithCsrf(P::Admin(), {{"action", "role"}, {"role", "reporter"}}))
                      .status,
                  303);
      },
      [](WebSession& s, Ctx& c) {
        return s.PostForm("/admin/users/" + Id(c.id),
                          WithCsrf(s, {{"action", "role"}, {"role", "editor"}}));
      },
      [](const Ctx&, bool allowed) {
        EXPECT_EQ(P::UserRole("tess"), allowed ? "editor" : "reporter");
      }});

  rows.push_back(Row{"POST make oneself an admin",
                     {E401, E403, E403, E403, DONE, E401},
                     [](Ctx& c) {
                       const char* login = c.role == kAnonymous ? "rita" : kLogins[c.role];
                       c.name = login;
                       c.id = P::UserId(login);
                     },
                     [](WebSession& s, Ctx& c) {
                       return s.PostForm("/admin/users/" + Id(c.id),
                                         WithCsrf(s, {{"action", "role"}, {"role", "admin"}}));
                     },
                     [](const Ctx& c, bool) {
                       const int role = c.role == kAnonymous ? kOwner : c.role;
                       EXPECT_EQ(P::UserRole(c.name), kUserRoles[role]);
                     }});

  rows.push_back(Row{
      "POST disable a user",
      {E401, E403, E403, E403, DONE, E401},
      [](Ctx& c) {
        c.id = P::UserId("tess");
        EXPECT_EQ(
            P::Admin()
                .PostForm("/admin/users/" + Id(c.id), WithCsrf(P::Admin(), {{"action", "enable"}}))
                .status,
            303);
      },
      [](WebSession& s, Ctx& c) {
        return s.PostForm("/admin/users/" + Id(c.id), WithCsrf(s, {{"action", "disable"}}));
      },
      [](const Ctx&, bool allowed) { EXPECT_EQ(P::UserDisabled("tess"), allowed); }});

  rows.push_back(Row{"POST set another user's password",
                     {E401, E403, E403, E403, DONE, E401},
                     [](Ctx& c) { c.id = P::UserId("tess"); },
                     [](WebSession& s, Ctx& c) {
                       return s.PostForm(
                           "/admin/users/" + Id(c.id),
                           WithCsrf(s, {{"action", "password"}, {"password", "taken-over-123"}}));
                     },
                     nullptr});  // checked by signing in, below, only where it matters

  rows.push_back(
      Row{"POST create a section",
          {E401, E403, E403, E403, DONE, E401},
          [](Ctx& c) { c.name = "Cell Section " + std::to_string(c.serial); },
          [](WebSession& s, Ctx& c) {
            return s.PostForm("/admin/sections",
                              WithCsrf(s, {{"name", c.name}, {"slug", ""}, {"position", "5"}}));
          },
          [](const Ctx& c, bool allowed) { EXPECT_EQ(P::SectionId(c.name) != 0, allowed); }});

  rows.push_back(
      Row{"POST update a section",
          {E401, E403, E403, E403, DONE, E401},
          [](Ctx& c) {
            c.name = "Old Section " + std::to_string(c.serial);
            EXPECT_EQ(P::Admin()
                          .PostForm("/admin/sections",
                                    WithCsrf(P::Admin(), {{"name", c.name}, {"position", "9"}}))
                          .status,
                      303);
            c.id = P::SectionId(c.name);
            EXPECT_NE(c.id, 0);
          },
          [](WebSession& s, Ctx& c) {
            return s.PostForm("/admin/sections/" + Id(c.id),
                              WithCsrf(s, {{"name", "New Section " + std::to_string(c.serial)},
                                           {"slug", ""},
                                           {"position", "9"}}));
          },
          [](const Ctx& c, bool allowed) {
            EXPECT_EQ(P::SectionId("New Section " + std::to_string(c.serial)) != 0, allowed);
            EXPECT_EQ(P::SectionId(c.name) != 0, !allowed);
          }});

  auto tagged_story = [](Ctx& c, const std::string& tags) {
    StoryForm f;
    f.headline = "Tagged story " + std::to_string(c.serial);
    f.tags = tags;
    EXPECT_GT(CreateStory(P::Editor(), f), 0);
  };
  rows.push_back(
      Row{"POST rename a tag",
          {E401, E403, E403, E403, DONE, E401},
          [tagged_story](Ctx& c) {
            c.name = "Oldtag" + std::to_string(c.serial);
            tagged_story(c, c.name);
            c.id = P::TagNamed(c.name).first;
            EXPECT_NE(c.id, 0);
          },
          [](WebSession& s, Ctx& c) {
            return s.PostForm("/admin/tags/" + Id(c.id) + "/rename",
                              WithCsrf(s, {{"name", "Newtag" + std::to_string(c.serial)}}));
          },
          [](const Ctx& c, bool allowed) {
            EXPECT_EQ(P::TagNamed("Newtag" + std::to_string(c.serial)).first != 0, allowed);
            EXPECT_EQ(P::TagNamed(c.name).first != 0, !allowed);
          }});

  rows.push_back(Row{"POST merge a tag into another",
                     {E401, E403, E403, E403, DONE, E401},
                     [tagged_story](Ctx& c) {
                       c.name = "Mergefrom" + std::to_string(c.serial);
                       c.target = "Mergeinto" + std::to_string(c.serial);
                       tagged_story(c, c.name + ", " + c.target);
                       c.id = P::TagNamed(c.name).first;
                       EXPECT_NE(c.id, 0);
                     },
                     [](WebSession& s, Ctx& c) {
                       return s.PostForm("/admin/tags/" + Id(c.id) + "/merge",
                                         WithCsrf(s, {{"into", P::TagNamed(c.target).second}}));
                     },
                     [](const Ctx& c, bool allowed) {
                       EXPECT_EQ(P::TagNamed(c.name).first != 0, !allowed);
                       EXPECT_NE(P::TagNamed(c.target).first, 0);
                     }});

  rows.push_back(Row{"POST update an author",
                     {E401, E403, E403, E403, DONE, E401},
                     [](Ctx& c) {
                       c.name = "Byline Person " + std::to_string(c.serial);
                       StoryForm f;
                       f.headline = "Bylined story " + std::to_string(c.serial);
                       f.authors = c.name;
                       EXPECT_GT(CreateStory(P::Editor(), f), 0);
                       c.id = P::AuthorNamed(c.name).first;
                       EXPECT_NE(c.id, 0);
                     },
                     [](WebSession& s, Ctx& c) {
                       return s.PostMultipart(
                           "/admin/authors/" + Id(c.id),
                           WithCsrf(s, {{"name", c.name}, {"bio", "Bio set by the cell."}}), {});
                     },
                     [](const Ctx& c, bool allowed) {
                       EXPECT_EQ(P::AuthorNamed(c.name).second,
                                 allowed ? "Bio set by the cell." : "");
                     }});

  rows.push_back(
      Row{"POST save settings",
          {E401, E403, E403, E403, DONE, E401},
          [](Ctx& c) {
            c.name = "Closed A " + std::to_string(c.serial);
            EXPECT_EQ(P::Admin()
                          .PostForm("/admin/settings",
                                    WithCsrf(P::Admin(), {{"comments.closed_text", c.name}}))
                          .status,
                      303);
          },
          [](WebSession& s, Ctx& c) {
            return s.PostForm(
                "/admin/settings",
                WithCsrf(s, {{"comments.closed_text", "Closed B " + std::to_string(c.serial)}}));
          },
          [](const Ctx& c, bool allowed) {
            EXPECT_EQ(P::SettingValue("comments.closed_text"),
                      allowed ? "Closed B " + std::to_string(c.serial) : c.name);
          }});

  rows.push_back(Row{
      "POST record a Hijri month start",
      {E401, E403, E403, E403, DONE, E401},
      [](Ctx&) {
        EXPECT_EQ(P::Admin()
                      .PostForm("/admin/hijri", WithCsrf(P::Admin(), {{"month", "1445-09"},
                                                                      {"first_day", "2024-03-11"}}))
                      .status,
                  303);
      },
      [](WebSession& s, Ctx&) {
        return s.PostForm("/admin/hijri",
                          WithCsrf(s, {{"month", "1445-09"}, {"first_day", "2024-03-12"}}));
      },
      [](const Ctx&, bool allowed) {
        auto records = P::HijriRecords();
        ASSERT_EQ(records.size(), 1u);
        EXPECT_EQ(records[0],
                  allowed ? "1445-09 began on 2024-03-12" : "1445-09 began on 2024-03-11");
      }});
  return rows;
}

std::string RowName(const ::testing::TestParamInfo<Row>& info) {
  std::string out;
  for (char c : info.param.action) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

TEST_P(PermissionMatrix, EveryRole) {
  static int serial = 0;
  ASSERT_NE(sessions_, nullptr) << "the suite's set-up failed";
  const Row& row = GetParam();
  for (int r = 0; r < kRoleCount; ++r) {
    const Role role = static_cast<Role>(r);
    const Expect expect = row.expect[r];
    SCOPED_TRACE(row.action + " as " + kRoleNames[r] + ", expecting " + ExpectName(expect));
    Ctx c;
    c.role = role;
    c.serial = ++serial;
    if (row.setup) row.setup(c);
    if (::testing::Test::HasFatalFailure()) return;
    WebSession& s = Session(role);
    HttpResponse res = row.act(s, c);
    switch (expect) {
      case LOGIN: {
        EXPECT_EQ(res.status, 303);
        // next= carries the page, however it is encoded.
        const std::string loc = res.Header("location");
        const std::string prefix = "/admin/login?next=";
        EXPECT_TRUE(loc.starts_with(prefix)) << loc;
        if (loc.starts_with(prefix)) {
          EXPECT_EQ(UrlDecode(loc.substr(prefix.size())), c.target) << loc;
        }
        break;
      }
      case OK:
        EXPECT_EQ(res.status, 200) << res.body.substr(0, 500);
        break;
      case DONE:
        EXPECT_EQ(res.status, 303) << res.body.substr(0, 2000);
        EXPECT_TRUE(res.Header("location").starts_with("/admin")) << res.Header("location");
        break;
      case E401:
        EXPECT_EQ(res.status, 401) << res.body.substr(0, 500);
        EXPECT_TRUE(res.Header("location").empty());
        break;
      case E403:
        EXPECT_EQ(res.status, 403) << res.body.substr(0, 500);
        EXPECT_TRUE(res.Header("location").empty());
        break;
    }
    // A refusal never hands out a session.
    if (!Allowed(expect)) {
      for (const auto& cookie : res.set_cookies) {
        EXPECT_FALSE(cookie.starts_with("khabar_session=") && cookie.size() > 20) << cookie;
      }
    }
    if (row.verify) row.verify(c, Allowed(expect));
  }
}

INSTANTIATE_TEST_SUITE_P(Newsroom, PermissionMatrix, ::testing::ValuesIn(Rows()), RowName);

// What the matrix's "set another user's password" cells mean for the
// account: only the admin's change took effect, so the password the
// refused cells tried does not open it (the admin's does).
TEST_F(PermissionFollowUps, RefusedPasswordChangesDidNotTakeEffectButTheAdminsDid) {
  const int64_t tess = UserId("tess");
  // Make sure tess is enabled and has a known password set by a refused try.
  ASSERT_EQ(Admin()
                .PostForm("/admin/users/" + Id(tess), WithCsrf(Admin(), {{"action", "enable"}}))
                .status,
            303);
  EXPECT_EQ(Session(kOwner)
                .PostForm("/admin/users/" + Id(tess),
                          WithCsrf(Session(kOwner),
                                   {{"action", "password"}, {"password", "owner-tried-99"}}))
                .status,
            403);
  EXPECT_FALSE(SignedIn(Site().SignIn("tess", "owner-tried-99")));
  ASSERT_EQ(
      Admin()
          .PostForm("/admin/users/" + Id(tess),
                    WithCsrf(Admin(), {{"action", "password"}, {"password", "admin-chose-99"}}))
          .status,
      303);
  EXPECT_TRUE(SignedIn(Site().SignIn("tess", "admin-chose-99")));
}

// The disabled user's old cookie opens nothing, and the account cannot
// sign in again.
TEST_F(PermissionFollowUps, DisabledUserCannotSignInAgain) {
  WebSession again = Site().SignIn("dan", kPasswords[kDisabled]);
  EXPECT_FALSE(SignedIn(again));
  EXPECT_EQ(again.last().status, 401);
}

}  // namespace
}  // namespace khabar::testing
