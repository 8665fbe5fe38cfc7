// The newsroom's plumbing (sign-in, roles, CSRF, error pages), signing in
// and out, the dashboard and the story list.
#include "newsroom/newsroom.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "auth/cookies.h"
#include "auth/tokens.h"
#include "base/ip_network.h"
#include "http/request_target.h"
#include "http/static_files.h"
#include "http/status_map.h"
#include "newsroom/internal/util.h"

namespace khabar {

using newsroom_internal::ParseId;
using newsroom_internal::SafeNext;
using nlohmann::json;

namespace {

constexpr const char* kLoginCookie = "khabar_login";

// LoginTokenCookie is the Set-Cookie value of the sign-in form's token
// (empty `token`: remove it). Every one carries Secure on an https site:
// one set over plain http could be read or planted by a network attacker.
std::string LoginTokenCookie(const std::string& token, bool secure) {
  std::string out =
      std::string(kLoginCookie) + "=" + token + "; Path=/admin/login; HttpOnly; SameSite=Strict";
  if (token.empty()) out += "; Max-Age=0";
  if (secure) out += "; Secure";
  return out;
}

// Headers every admin page carries: never cached, never framed.
void Protect(http::Response& res) {
  res.SetHeader("Cache-Control", "no-store");
  res.SetHeader("X-Frame-Options", "DENY");
  res.SetHeader("Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  res.SetHeader("Referrer-Policy", "same-origin");
  res.SetHeader("X-Content-Type-Options", "nosniff");
}

bool WantsJson(const http::Request& req) {
  return req.Header("accept").find("application/json") != std::string_view::npos ||
         !req.Header("x-csrf-token").empty();
}

http::Response JsonError(const Status& st) {
  http::Response res;
  res.status = http::HttpStatusFor(st.code());
  res.body = json{{"error", st.message()}}.dump();
  res.SetHeader("Content-Type", "application/json; charset=utf-8");
  return res;
}

}  // namespace

Newsroom::Newsroom(NewsroomDeps deps) : deps_(std::move(deps)) {}
Newsroom::~Newsroom() = default;

SiteCalendar Newsroom::Calendar() {
  auto settings = deps_.settings->Current();
  std::lock_guard lock(calendar_mu_);
  if (!calendar_ || calendar_settings_ != settings) {
    auto cal = SiteCalendar::Create(settings->site, settings->calendar, {});
    if (!cal) cal = SiteCalendar::Create(SiteSettings{}, CalendarSettings{}, {});
    calendar_ = *cal;
    calendar_settings_ = settings;
  }
  return *calendar_;
}

json Newsroom::EditionsView(const std::string& selected) {
  json out = json::array();
  for (const std::string& key : EditionKeys(*deps_.settings->Current())) {
    auto view = deps_.settings->Current(key);
    out.push_back({{"key", key},
                   {"name", view->site.name + " (" + view->site.language + ")"},
                   {"language", view->site.language},
                   {"dir", view->site.direction},
                   {"selected", key == selected}});
  }
  return out;
}

json Newsroom::BaseView(const SignedIn& who, const std::string& title) {
  json view;
  view["site_name"] = deps_.settings->Current()->site.name;
  view["page_title"] = title;
  view["csrf"] = who.session.csrf_token;
  view["user"] = {{"id", who.user.id},
                  {"name", who.user.display_name},
                  {"login", who.user.login},
                  {"role", std::string(RoleName(who.user.role))},
                  {"is_editor", CanPublish(who.user)},
                  {"is_admin", CanAdminister(who.user)}};
  return view;
}

Result<http::Response> Newsroom::Page(const std::string& template_name, json& view, int status) {
  auto html = deps_.theme->Render(template_name, view);
  if (!html) return Err(html.error());
  http::Response res = http::Html(std::move(*html), status);
  return res;
}

http::Response Newsroom::ErrorPage(const Status& status, const SignedIn* who) {
  const int code = http::HttpStatusFor(status.code());
  if (code >= 500) spdlog::error("newsroom: {}", status.ToString());
  json view =
      who ? BaseView(*who, "Error") : json{{"site_name", deps_.settings->Current()->site.name}};
  view["error"] = {
      {"status", code},
      {"title", std::string(http::ReasonPhrase(code))},
      {"message", code < 500 ? status.message() : "Something went wrong on our side."}};
  auto html = deps_.theme->Render("error", view);
  http::Response res = html ? http::Html(std::move(*html), code) : http::StatusResponse(status);
  Protect(res);
  return res;
}

http::Response Newsroom::Handle(const Request& req, Need need, Body body) {
  auto who = deps_.accounts->Authenticate(req.Header("cookie"));
  if (!who) {
    if (req.method == "GET" || req.method == "HEAD") {
      http::Response res =
          http::Redirect("/admin/login?next=" + http::QueryEncode(req.target), 303);
      Protect(res);
      return res;
    }
    if (WantsJson(req)) return JsonError(Status(Code::kUnauthenticated, "please sign in again"));
    return ErrorPage(Status(Code::kUnauthenticated, "Please sign in again."), nullptr);
  }
  const User& user = who->user;
  if ((need == Need::kEditor && !CanPublish(user)) ||
      (need == Need::kAdmin && !CanAdminister(user))) {
    Status denied(Code::kPermissionDenied, need == Need::kAdmin ? "Only an admin can do that."
                                                                : "Only an editor can do that.");
    return WantsJson(req) ? JsonError(denied) : ErrorPage(denied, &*who);
  }
  Call call{req, std::move(*who), {}};
  if (req.method == "POST") {
    auto form = http::ParseForm(req.Header("content-type"), req.body);
    if (!form) {
      return WantsJson(req) ? JsonError(form.error()) : ErrorPage(form.error(), &call.who);
    }
    call.form = std::move(*form);
    std::string token(req.Header("x-csrf-token"));
    if (token.empty()) token = call.form.Get("csrf");
    if (!deps_.accounts->CheckCsrf(call.who, token)) {
      Status bad(
          Code::kPermissionDenied,
          "This form has expired or did not come from this site. Reload the page and try again.");
      return WantsJson(req) ? JsonError(bad) : ErrorPage(bad, &call.who);
    }
  }
  auto result = body(call);
  http::Response res;
  if (result) {
    res = std::move(*result);
  } else {
    res = WantsJson(req) ? JsonError(result.error()) : ErrorPage(result.error(), &call.who);
  }
  if (call.who.renewed) {
    res.headers.emplace_back("Set-Cookie", deps_.accounts->SessionCookie(call.who.token));
  }
  Protect(res);
  return res;
}

// ---- Signing in and out ----

http::Response Newsroom::LoginForm(const Request& req) {
  if (deps_.accounts->Authenticate(req.Header("cookie"))) {
    http::Response res = http::Redirect("/admin", 303);
    Protect(res);
    return res;
  }
  // Login CSRF: a random value in a cookie and in the form must match, so
  // another site cannot sign a browser into an account of its choosing.
  const std::string token = RandomToken();
  json view = {{"site_name", deps_.settings->Current()->site.name},
               {"page_title", "Sign in"},
               {"login_token", token},
               {"next", SafeNext(req.QueryParam("next").value_or("/admin"))}};
  auto html = deps_.theme->Render("login", view);
  if (!html) return ErrorPage(html.error(), nullptr);
  http::Response res = http::Html(std::move(*html));
  res.headers.emplace_back("Set-Cookie",
                           LoginTokenCookie(token, deps_.accounts->options().secure_cookie));
  Protect(res);
  return res;
}

http::Response Newsroom::Login(const Request& req) {
  auto form = http::ParseForm(req.Header("content-type"), req.body);
  if (!form) return ErrorPage(form.error(), nullptr);
  auto cookie = FindCookie(req.Header("cookie"), kLoginCookie);
  const std::string& submitted = form->Get("login_token");
  auto render = [&](const Status& st) {
    const std::string token = RandomToken();
    json view = {{"site_name", deps_.settings->Current()->site.name},
                 {"page_title", "Sign in"},
                 {"login_token", token},
                 {"login", form->Get("login")},
                 {"next", SafeNext(form->Get("next"))},
                 {"error", st.message()}};
    auto html = deps_.theme->Render("login", view);
    http::Response res = html ? http::Html(std::move(*html), http::HttpStatusFor(st.code()))
                              : http::StatusResponse(st);
    res.headers.emplace_back("Set-Cookie",
                             LoginTokenCookie(token, deps_.accounts->options().secure_cookie));
    Protect(res);
    return res;
  };
  // Too many attempts answer 429 with Retry-After, before any password is
  // looked at: this node's rate of attempts from the address, then the
  // store's count of failures (Accounts::Login's wait and a second, since
  // the store counts whole seconds).
  auto too_many = [&](const Status& st, std::chrono::seconds wait) {
    http::Response res = render(st);
    res.SetHeader("Retry-After", std::to_string(std::max<int64_t>(1, wait.count())));
    return res;
  };
  if (deps_.login_limit) {
    if (auto wait = deps_.login_limit->Take(ClientKey(req.remote_address))) {
      return too_many(Status(Code::kResourceExhausted,
                             "Too many sign-in attempts from your address. Please wait " +
                                 http::DescribeWait(*wait) + " and try again."),
                      *wait);
    }
  }
  if (!cookie || submitted.empty() || !ConstantTimeEquals(*cookie, submitted)) {
    return render(Status(Code::kPermissionDenied, "The sign-in form expired. Please try again."));
  }
  std::chrono::seconds wait{0};
  auto who =
      deps_.accounts->Login(form->Get("login"), form->Get("password"), req.remote_address, &wait);
  if (!who) {
    Status st = who.error();
    if (st.code() == Code::kResourceExhausted) return too_many(st, wait + std::chrono::seconds(1));
    if (st.code() != Code::kUnauthenticated) {
      spdlog::error("login: {}", st.ToString());
      st = Status(Code::kUnavailable, "Signing in is not possible right now. Please try again.");
    }
    return render(st);
  }
  http::Response res = http::Redirect(SafeNext(form->Get("next")), 303);
  res.headers.emplace_back("Set-Cookie", deps_.accounts->SessionCookie(who->token));
  res.headers.emplace_back("Set-Cookie",
                           LoginTokenCookie("", deps_.accounts->options().secure_cookie));
  Protect(res);
  return res;
}

http::Response Newsroom::Logout(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    if (Status st = deps_.accounts->Logout(call.who); !st.ok()) return Err(st);
    call.who.renewed = false;
    http::Response res = http::Redirect("/admin/login", 303);
    res.headers.emplace_back("Set-Cookie", deps_.accounts->ClearSessionCookie());
    return res;
  });
}

// ---- Dashboard and story list ----

std::optional<ArticleFilter::Viewer> Newsroom::ListViewer(const User& user) const {
  // Editors and admins see every story; a reporter their own and live ones.
  if (CanPublish(user)) return std::nullopt;
  return ArticleFilter::Viewer{user.id, deps_.clock->Now()};
}

json Newsroom::StoryLines(const std::vector<ArticleLine>& lines) {
  SiteCalendar cal = Calendar();
  json out = json::array();
  for (const auto& l : lines) {
    json item = {{"id", l.id},
                 {"url", "/admin/stories/" + std::to_string(l.id)},
                 {"headline", l.headline},
                 {"status", std::string(ArticleStatusName(l.status))},
                 {"section", l.section_name},
                 {"by", l.created_by_name},
                 {"breaking", l.breaking},
                 {"updated", cal.FormatTime(l.updated_at)}};
    if (l.published_at) item["published"] = cal.FormatTime(*l.published_at);
    // A story of another edition is marked with its language, and its
    // headline reads in its direction.
    if (!l.edition.empty()) {
      auto edition = deps_.settings->Current(l.edition);
      item["language"] = edition->site.language;
      item["dir"] = edition->site.direction;
    }
    out.push_back(std::move(item));
  }
  return out;
}

http::Response Newsroom::Dashboard(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    const User& me = call.who.user;
    const bool editor = CanPublish(me);
    json view = BaseView(call.who, "Dashboard");
    auto list = [&](ArticleFilter f) -> Result<json> {
      f.limit = 20;
      f.visible_to = ListViewer(me);
      auto r = deps_.store->FindArticleLines(f);
      if (!r) return Err(r.error());
      json items = StoryLines(r->first);
      return json{{"empty", items.empty()}, {"items", std::move(items)}};
    };
    ArticleFilter drafts;
    drafts.status = ArticleStatus::kDraft;
    drafts.created_by = me.id;
    ArticleFilter review;
    review.status = ArticleStatus::kSubmitted;
    if (!editor) review.created_by = me.id;  // a reporter follows their own
    ArticleFilter scheduled;
    scheduled.status = ArticleStatus::kScheduled;
    ArticleFilter today;
    today.status = ArticleStatus::kPublished;
    SiteCalendar cal = Calendar();
    const Seconds now = deps_.clock->Now();
    today.published_to = cal.NextLocalMidnight(now);
    today.published_from = *today.published_to - std::chrono::hours(24);
    for (auto& [key, filter] :
         {std::pair{"my_drafts", drafts}, std::pair{"awaiting_review", review},
          std::pair{"scheduled", scheduled}, std::pair{"published_today", today}}) {
      auto lines = list(filter);
      if (!lines) return Err(lines.error());
      view[key] = std::move(*lines);
    }
    return Page("dashboard", view);
  });
}

http::Response Newsroom::Stories(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    ArticleFilter f;
    f.limit = 50;
    json filters = json::object();
    if (auto s = req.QueryParam("status"); s && !s->empty()) {
      auto st = ParseArticleStatus(*s);
      if (!st) return Err(st.error());
      f.status = *st;
      filters["status"] = *s;
    }
    if (auto s = req.QueryParam("section"); s && !s->empty()) {
      f.section_slug = *s;
      filters["section"] = *s;
    }
    if (auto q = req.QueryParam("q"); q && !q->empty()) {
      if (q->size() > 200) return InvalidArgument("search text is too long");
      f.text = *q;
      filters["q"] = *q;
    }
    if (req.QueryParam("mine").value_or("") == "1") {
      f.created_by = call.who.user.id;
      filters["mine"] = true;
    }
    int64_t page = 1;
    if (auto p = req.QueryParam("page"); p && !p->empty()) {
      auto n = ParseId(*p);
      if (!n || *n > 100000) return InvalidArgument("page must be a whole number from 1");
      page = *n;
    }
    f.offset = (page - 1) * f.limit;
    f.visible_to = ListViewer(call.who.user);
    auto lines = deps_.store->FindArticleLines(f);
    if (!lines) return Err(lines.error());
    json view = BaseView(call.who, "Stories");
    json items = StoryLines(lines->first);
    view["stories"] = {{"empty", items.empty()}, {"items", std::move(items)}};
    view["total"] = lines->second;
    view["filters"] = filters;
    json statuses = json::array();
    for (auto s : {ArticleStatus::kDraft, ArticleStatus::kSubmitted, ArticleStatus::kScheduled,
                   ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
      std::string name(ArticleStatusName(s));
      statuses.push_back({{"name", name}, {"selected", f.status && *f.status == s}});
    }
    view["statuses"] = statuses;
    auto sections = deps_.reads->ListSections(std::nullopt);
    if (!sections) return Err(sections.error());
    json secs = json::array();
    for (const auto& s : *sections) {
      secs.push_back({{"slug", s.slug}, {"name", s.name}, {"selected", f.section_slug == s.slug}});
    }
    view["sections"] = secs;
    const int64_t pages = std::max<int64_t>(1, (lines->second + f.limit - 1) / f.limit);
    view["page"] = page;
    view["pages"] = pages;
    if (page > 1) view["prev_page"] = page - 1;
    if (page < pages) view["next_page"] = page + 1;
    return Page("stories", view);
  });
}

http::Response Newsroom::Static(const Request& req, const std::string& path) {
  http::Response res = http::ServeFile(deps_.theme->assets_dir(), path, "public, max-age=3600");
  if (res.status == 404) return NotFound(req);
  return res;
}

http::Response Newsroom::NotFound(const Request& req) {
  auto who = deps_.accounts->Authenticate(req.Header("cookie"));
  return ErrorPage(Status(Code::kNotFound, "There is no admin page at this address."),
                   who ? &*who : nullptr);
}

}  // namespace khabar
