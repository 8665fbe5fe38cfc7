// Test support: a khabar site for newsroom tests. NewsroomSite owns a
// temporary directory with the SQLite file and media, runs `khabar serve`
// on it with a fixed clock (KHABAR_NOW), can restart it later on the same
// database with a later clock, and makes accounts with the CLI. The story
// helpers drive the admin over HTTP exactly as its forms do.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/web_session.h"

namespace khabar::testing {

class NewsroomSite {
 public:
  // Starts the server with KHABAR_NOW = `now` (ISO 8601 with offset) and
  // the demo site's settings (time zone Asia/Karachi, +05:00); `extra_args`
  // go to every `khabar serve` it runs.
  // `db`, when given, is the database to use instead of a fresh SQLite file
  // (a PostgreSQL URL shared with other NewsroomSites: several nodes);
  // `config`, when given, replaces the demo site's settings file (by
  // default a copy of it ending in kRequestLimitsOff: the suites sign in,
  // search and comment many times a minute from one address).
  // kRequestLimitsOff is a [limits] table turning off the per-address
  // request limits, to append to a settings file that has none.
  static constexpr const char* kRequestLimitsOff =
      "\n[limits]\nlogin_per_minute = 0\nsearch_per_minute = 0\ncomment_per_minute = 0\n";

  explicit NewsroomSite(std::string now, std::vector<std::string> extra_args = {},
                        std::string db = {}, std::filesystem::path config = {});

  bool running() const { return server_ && server_->running(); }
  int port() const { return server_ ? server_->port() : 0; }
  const std::string& now() const { return now_; }
  std::string db() const { return db_.empty() ? (dir_.path() / "khabar.db").string() : db_; }
  std::filesystem::path media_dir() const { return dir_.path() / "media"; }
  std::string Log() const { return server_ ? server_->Log() : ""; }

  // Restart stops the server and starts it again on the same database with
  // KHABAR_NOW = `now` (a new port: call WebSession::set_port).
  bool Restart(std::string now);
  void Stop();
  // Kill ends the server with SIGKILL, as a crash would.
  void Kill();

  // AddUser runs `khabar user add LOGIN --role ROLE` with the password on
  // stdin; returns the CLI's exit code (0 on success).
  int AddUser(const std::string& login, const std::string& role, const std::string& password);
  // Cli runs any khabar command on this site's database (--db added).
  CommandResult Cli(std::vector<std::string> args, const std::string& stdin_text = "");

  WebSession Session() const { return WebSession(port()); }
  WebSession SignIn(const std::string& login, const std::string& password) const {
    return Login(port(), login, password);
  }

 private:
  TempDir dir_;
  std::string now_;
  std::vector<std::string> extra_args_;
  std::string db_;  // empty: the SQLite file in dir_
  // config_: the settings file; when none is given, a copy of
  // config/site.toml in dir_ without the sign-in rate limit.
  std::filesystem::path config_;
  std::unique_ptr<ServerProcess> server_;
};

// StoryForm is what the editor form sends.
struct StoryForm {
  std::string headline;
  std::string standfirst = "A standfirst for the test.";
  std::string section = "World";
  std::string body = "First paragraph of the story.";
  std::string tags;
  std::string authors;
  std::string slug;
  // edition, when set, is sent as the editor's select sends it ("" is the
  // main edition); translation_of is the story number it translates.
  std::optional<std::string> edition;
  std::string translation_of;
  Fields Build(const std::string& csrf, std::optional<int64_t> version) const;
};

// StoryState is what the admin's editor page shows about a story (read by
// a session that may open it).
struct StoryState {
  int http_status = 0;
  std::string status;  // draft, submitted, scheduled, published, unpublished
  int64_t version = 0;
  std::string headline;
  std::string slug;
  std::string body;
  std::string tags;
  std::string error;                 // the page's error line, if any
  std::vector<std::string> history;  // "at: from → to by who"
  std::string public_url() const;    // "/news/{id}/{slug}"
  int64_t id = 0;
};

// StoryIdFrom reads the id from a "/admin/stories/{id}?..." Location.
int64_t StoryIdFrom(const HttpResponse& res);

// AddSection adds a section as `admin` (the sections admin form); true on
// success. Reporters file only under sections that exist.
bool AddSection(WebSession& admin, const std::string& name);
// CreateStory POSTs the editor form as `session`; returns the new id or 0.
int64_t CreateStory(WebSession& session, const StoryForm& story);
// ReadStory GETs the editor page of story `id`.
StoryState ReadStory(WebSession& session, int64_t id);
// SaveStory POSTs the editor form of story `id` at `version`.
HttpResponse SaveStory(WebSession& session, int64_t id, int64_t version, const StoryForm& story);
// MoveStory POSTs the workflow form: to = "submitted", "published", ...;
// publish_at is the site-local "YYYY-MM-DDTHH:MM" ("" for now).
HttpResponse MoveStory(WebSession& session, int64_t id, int64_t version, const std::string& to,
                       const std::string& publish_at = "");

// LeadJpeg is ../shared/seed/lead.jpg (1200x675).
std::string LeadJpeg();

}  // namespace khabar::testing
