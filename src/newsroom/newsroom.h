// Newsroom: the admin at /admin, where reporters write, editors review,
// schedule and publish, and admins run the site.
//
// Every handler goes through Handle, which signs the user in from the
// session cookie, checks the role the page needs, parses and CSRF-checks
// POSTed forms, and turns a Status into an admin error page. What a user may
// do to a story is decided here, on the server, by content/account.h's
// rules; the pages only hide buttons a user could not use anyway.
//
// Thread safety: handlers run concurrently; the injected objects must be
// thread-safe and outlive the Newsroom.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <semaphore>
#include <string>

#include "auth/accounts.h"
#include "base/clock.h"
#include "calendar/site_calendar.h"
#include "config/overrides.h"
#include "http/form.h"
#include "http/message.h"
#include "http/rate_limiter.h"
#include "media/image_pipeline.h"
#include "media/media_library.h"
#include "metrics/counter.h"
#include "render/theme.h"
#include "store/store.h"

namespace khabar {

struct NewsroomDeps {
  // store is the newsroom's own part of the store; reads is the readers'
  // part of the same store (the primary, never a replica), for what the
  // newsroom shows as readers see it.
  NewsroomStore* store = nullptr;
  ReaderStore* reads = nullptr;
  Accounts* accounts = nullptr;
  const Clock* clock = nullptr;
  const Theme* theme = nullptr;  // the admin theme (admin/ in the source tree)
  SettingsProvider* settings = nullptr;
  const MediaLibrary* media = nullptr;
  ImageLimits image_limits;
  // published, when set, counts each story an editor moves to published.
  metrics::Counter* published = nullptr;
  // login_limit, when set, bounds how often one client address may post
  // the sign-in form, whatever the outcome ([limits] login_per_minute):
  // each attempt costs an Argon2id hash.
  http::RateLimiter* login_limit = nullptr;
};

class Newsroom {
 public:
  explicit Newsroom(NewsroomDeps deps);
  ~Newsroom();

  using Request = http::Request;
  using Response = http::Response;

  // Signing in and out.
  Response LoginForm(const Request& req);
  Response Login(const Request& req);
  Response Logout(const Request& req);

  // Stories.
  Response Dashboard(const Request& req);
  Response Stories(const Request& req);
  Response NewStory(const Request& req);
  Response CreateStory(const Request& req);
  Response EditStory(const Request& req, const std::string& id);
  Response SaveStory(const Request& req, const std::string& id);
  Response MoveStory(const Request& req, const std::string& id);
  Response Autosave(const Request& req, const std::string& id);
  Response Revisions(const Request& req, const std::string& id);
  Response RestoreRevision(const Request& req, const std::string& id, const std::string& number);
  Response Preview(const Request& req);
  Response TagSuggestions(const Request& req);

  // Comment moderation (editors).
  Response Comments(const Request& req);
  Response ModerateComment(const Request& req, const std::string& id);

  // Media.
  Response MediaPage(const Request& req);
  Response UploadMedia(const Request& req);
  Response UpdateMedia(const Request& req, const std::string& id);

  // Site management (admins).
  Response Users(const Request& req);
  Response CreateUser(const Request& req);
  Response UpdateUser(const Request& req, const std::string& id);
  Response Sections(const Request& req);
  Response CreateSection(const Request& req);
  Response UpdateSection(const Request& req, const std::string& id);
  Response Tags(const Request& req);
  Response RenameTag(const Request& req, const std::string& id);
  Response MergeTag(const Request& req, const std::string& id);
  Response Authors(const Request& req);
  Response UpdateAuthor(const Request& req, const std::string& id);
  Response SettingsPage(const Request& req);
  Response SaveSettings(const Request& req);
  Response RecordHijriMonth(const Request& req);

  // Static serves the admin's own CSS and JavaScript.
  Response Static(const Request& req, const std::string& path);
  // NotFound is the admin's 404 (signed in or not).
  Response NotFound(const Request& req);

 private:
  enum class Need { kSignedIn, kEditor, kAdmin };

  // Call is one authenticated request being handled.
  struct Call {
    const Request& req;
    SignedIn who;
    http::Form form;  // POST only
  };
  using Body = std::function<Result<Response>(Call&)>;

  Response Handle(const Request& req, Need need, Body body);
  Response ErrorPage(const Status& status, const SignedIn* who);
  Result<Response> Page(const std::string& template_name, nlohmann::json& view, int status = 200);
  nlohmann::json BaseView(const SignedIn& who, const std::string& title);
  // EditionsView lists the site's editions for a select, the main one
  // first: key, name, language, dir, selected (`selected`'s key).
  nlohmann::json EditionsView(const std::string& selected);

  // Calendar returns the site calendar for the current settings.
  SiteCalendar Calendar();

  Result<Article> LoadEditable(const SignedIn& who, const std::string& id);
  Result<ArticleDraft> DraftFromForm(Call& call, const std::optional<Article>& current);
  Result<Response> RenderEditor(Call& call, const std::optional<Article>& article,
                                const ArticleDraft& shown, int64_t version,
                                const std::string& error, int status);
  nlohmann::json StoryLines(const std::vector<ArticleLine>& lines);
  // ListViewer is what every story list and search sets as
  // ArticleFilter::visible_to for `user` (nullopt: they may see all).
  std::optional<ArticleFilter::Viewer> ListViewer(const User& user) const;
  // CanSee reports whether `user` may see that story `a` exists: editors
  // any, a reporter their own and live ones (the story lists' rule).
  bool CanSee(const User& user, const Article& a) const;

  // Upload runs an uploaded picture through the image pipeline and records
  // it in the media library with its words. At most kMaxConcurrentUploads
  // run at once: a large picture holds a few hundred MB while it is being
  // resized; the rest wait up to kUploadWait, then get kUnavailable.
  Result<MediaRecord> Upload(const Call& call, const http::FormPart& file, std::string caption,
                             std::string credit, std::string alt);
  static constexpr int kMaxConcurrentUploads = 2;
  static constexpr std::chrono::seconds kUploadWait{30};

  const NewsroomDeps deps_;
  std::counting_semaphore<kMaxConcurrentUploads> upload_slots_{kMaxConcurrentUploads};
  std::mutex calendar_mu_;
  std::optional<SiteCalendar> calendar_;               // guarded by calendar_mu_
  std::shared_ptr<const Settings> calendar_settings_;  // guarded by calendar_mu_
};

}  // namespace khabar
