#include "support/newsroom_site.h"

#include <fstream>
#include <sstream>

#include "support/html.h"

namespace khabar::testing {

NewsroomSite::NewsroomSite(std::string now, std::vector<std::string> extra_args, std::string db,
                           std::filesystem::path config)
    : extra_args_(std::move(extra_args)), db_(std::move(db)), config_(std::move(config)) {
  Restart(std::move(now));
}

bool NewsroomSite::Restart(std::string now) {
  Stop();
  now_ = std::move(now);
  if (config_.empty()) {
    // The demo site's settings, without the per-address request limits:
    // the suites sign in, search and comment many times a minute from
    // 127.0.0.1 (and the throttle suite needs more failures than the
    // sign-in limit's burst). The limits have their own test
    // (abuse_limits_test).
    config_ = dir_.path() / "site.toml";
    std::ifstream demo(SourceDir() / "config" / "site.toml");
    std::ofstream(config_) << demo.rdbuf() << kRequestLimitsOff;
  }
  std::vector<std::string> args = {"--config", config_.string(), "--db", db(), "--threads", "2"};
  args.insert(args.end(), extra_args_.begin(), extra_args_.end());
  server_ = std::make_unique<ServerProcess>(
      args, std::map<std::string, std::string>{{"KHABAR_NOW", now_}});
  return server_->running();
}

void NewsroomSite::Stop() {
  if (server_) server_->Stop();
}

void NewsroomSite::Kill() {
  if (server_) server_->Kill();
}

int NewsroomSite::AddUser(const std::string& login, const std::string& role,
                          const std::string& password) {
  return Cli({"user", "add", login, "--role", role}, password + "\n").exit_code;
}

CommandResult NewsroomSite::Cli(std::vector<std::string> args, const std::string& stdin_text) {
  args.push_back("--db");
  args.push_back(db());
  return RunKhabar(args, {{"KHABAR_NOW", now_}}, stdin_text);
}

Fields StoryForm::Build(const std::string& csrf, std::optional<int64_t> version) const {
  Fields f = {{"csrf", csrf},       {"headline", headline}, {"standfirst", standfirst},
              {"section", section}, {"slug", slug},         {"authors", authors},
              {"tags", tags},       {"body", body},         {"comments_open", "1"}};
  f.emplace_back("version", version ? std::to_string(*version) : "0");
  if (edition) f.emplace_back("edition", *edition);
  if (!translation_of.empty()) f.emplace_back("translation_of", translation_of);
  return f;
}

std::string StoryState::public_url() const { return "/news/" + std::to_string(id) + "/" + slug; }

int64_t StoryIdFrom(const HttpResponse& res) {
  const std::string loc = res.Header("location");
  const std::string prefix = "/admin/stories/";
  if (res.status != 303 || !loc.starts_with(prefix)) return 0;
  return std::atoll(loc.c_str() + prefix.size());
}

bool AddSection(WebSession& admin, const std::string& name) {
  admin.Get("/admin/sections");
  return admin.PostForm("/admin/sections", {{"csrf", admin.csrf()}, {"name", name}}).status == 303;
}

int64_t CreateStory(WebSession& session, const StoryForm& story) {
  return StoryIdFrom(
      session.PostMultipart("/admin/stories", story.Build(session.csrf(), std::nullopt), {}));
}

StoryState ReadStory(WebSession& session, int64_t id) {
  StoryState s;
  s.id = id;
  HttpResponse r = session.Get("/admin/stories/" + std::to_string(id));
  s.http_status = r.status;
  if (r.status != 200 && r.status != 409 && r.status != 400) return s;
  HtmlDoc doc(r.body);
  s.status = doc.One("//span[@id='story-status']").text;
  s.version =
      std::atoll(doc.One("//form[@id='story-form']//input[@name='version']").Attr("value").c_str());
  s.headline = doc.One("//input[@id='headline']").Attr("value");
  s.slug = doc.One("//input[@id='slug']").Attr("value");
  s.tags = doc.One("//input[@id='tags']").Attr("value");
  s.body = doc.One("//textarea[@id='body']").text;
  s.error = doc.One("//p[@class='error']").text;
  for (const auto& li : doc.Find("//ol[@class='history']/li")) s.history.push_back(li.text);
  return s;
}

HttpResponse SaveStory(WebSession& session, int64_t id, int64_t version, const StoryForm& story) {
  return session.PostMultipart("/admin/stories/" + std::to_string(id),
                               story.Build(session.csrf(), version), {});
}

HttpResponse MoveStory(WebSession& session, int64_t id, int64_t version, const std::string& to,
                       const std::string& publish_at) {
  return session.PostForm("/admin/stories/" + std::to_string(id) + "/status",
                          {{"csrf", session.csrf()},
                           {"version", std::to_string(version)},
                           {"publish_at", publish_at},
                           {"to", to}});
}

std::string LeadJpeg() {
  std::ifstream in(SeedDir() / "lead.jpg", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace khabar::testing
