#include "app/commands.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/article_import.h"
#include "app/public_server.h"
#include "app/routes.h"
#include "app/serve_metrics.h"
#include "app/serve_wiring.h"
#include "app/store_open.h"
#include "auth/accounts.h"
#include "calendar/site_calendar.h"
#include "config/settings.h"
#include "media/image_pipeline.h"
#include "media/media_library.h"
#include "site/security_headers.h"
#include "wordpress/import.h"

namespace khabar {
namespace {

// RedactedDb is --db for the log: an SQLite path, or a URL without its
// password.
std::string RedactedDb(const std::string& db) {
  auto spec = ParseDatabase(db);
  return spec ? spec->Display() : db;
}

}  // namespace

// Serve: the parts first, then what runs over them. What is declared here
// goes before the parts, in reverse: the public server stops first, then
// the metrics server, then the parts (the scheduler first of them).
Status Serve(const CommonOptions& common, const ServeOptions& options) {
  auto wired = WireServe(common, options);
  if (!wired) return wired.error();
  ServeParts& parts = **wired;
  AddRoutes(parts);
  StartScheduler(parts);
  AddCacheMetrics(parts);
  auto metrics_server = StartMetricsServer(parts);
  if (!metrics_server) return metrics_server.error();

  // One access line per request, written out at least every second: a
  // write(2) per line would cost a busy server more than the page itself.
  auto access = spdlog::stdout_logger_mt("access");
  access->set_pattern("%v");
  access->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
  PublicHeaders public_headers(parts.settings_provider.get());
  auto server = StartPublicServer(parts, public_headers, access, options.threads);
  if (!server) return server.error();
  spdlog::info("khabar: serving {} on http://{}:{}/ from {}", parts.settings.site.name,
               parts.listen.host, (*server)->port(), RedactedDb(common.db));
  (*server)->RunUntilSignal();

  access->flush();
  if (Status st = parts.views->Flush(); !st.ok()) spdlog::warn("page views: {}", st.ToString());
  spdlog::info("khabar: stopped");
  return Status::Ok();
}

Status ArticleAdd(const CommonOptions& common, const std::string& file) {
  Status st;
  auto clock = ClockOrDie(&st);
  if (!clock) return st;
  auto store = OpenStore(common);
  if (!store) return store.error();
  MediaLibrary media(MediaDir(common));
  if (Status vips = InitImagePipeline(); !vips.ok()) return vips;
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  auto added =
      ImportArticleFile(file, **store, media, clock->Now(), settings->limits.tags_per_story);
  if (!added) return added.error();
  auto a = (*store)->GetArticle(added->id);
  if (!a) return a.error();
  if (added->created_section) std::printf("created section %s\n", added->created_section->c_str());
  std::printf("added article %lld: /news/%lld/%s\n", static_cast<long long>(added->id),
              static_cast<long long>(added->id), a->slug.c_str());
  return Status::Ok();
}

Status ArticleList(const CommonOptions& common) {
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  auto cal = SiteCalendar::Create(settings->site, settings->calendar, {});
  if (!cal) return cal.error();
  auto store = OpenStore(common);
  if (!store) return store.error();
  auto lines = (*store)->ListArticleLines();
  if (!lines) return lines.error();
  for (const auto& l : *lines) {
    std::string when = l.published_at ? cal->FormatIsoLocal(*l.published_at) : "-";
    std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(l.id),
                std::string(ArticleStatusName(l.status)).c_str(), when.c_str(), l.headline.c_str());
  }
  return Status::Ok();
}

Status HijriSetMonthStart(const CommonOptions& common, const std::string& month,
                          const std::string& date) {
  int year = 0, m = 0;
  {
    auto bad =
        Status(Code::kInvalidArgument,
               "hijri month '" + month + "': expected YYYY-MM, e.g. 1445-09 for Ramzan 1445");
    size_t dash = month.find('-');
    if (dash == std::string::npos) return bad;
    auto [e1, ec1] = std::from_chars(month.data(), month.data() + dash, year);
    auto [e2, ec2] = std::from_chars(month.data() + dash + 1, month.data() + month.size(), m);
    if (ec1 != std::errc() || e1 != month.data() + dash || ec2 != std::errc() ||
        e2 != month.data() + month.size() || year < 1 || year > 9999 || m < 1 || m > 12) {
      return bad;
    }
  }
  auto day = ParseCivilDate(date);
  if (!day) return day.error().WithContext("gregorian date");
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  auto store = OpenStore(common);
  if (!store) return store.error();
  auto starts = (*store)->ListHijriMonthStarts();
  if (!starts) return starts.error();
  std::erase_if(*starts, [&](const HijriMonthStart& s) { return s.year == year && s.month == m; });
  HijriMonthStart start{year, m, *day};
  starts->push_back(start);
  // Check the new record against the calculation and its neighbours before
  // saving it, so a typo never reaches the date line.
  auto cal = SiteCalendar::Create(settings->site, settings->calendar, *starts);
  if (!cal) return cal.error();
  if (Status st = (*store)->SetHijriMonthStart(start); !st.ok()) return st;
  DateLine line = cal->ForLocalDay(*day);
  std::printf("recorded: %s is %s\n", date.c_str(), line.hijri.c_str());
  return Status::Ok();
}

Status HijriList(const CommonOptions& common) {
  auto store = OpenStore(common);
  if (!store) return store.error();
  auto starts = (*store)->ListHijriMonthStarts();
  if (!starts) return starts.error();
  for (const auto& s : *starts) {
    std::printf("%04d-%02d\t%s\n", s.year, s.month, FormatCivilDate(s.first_day).c_str());
  }
  return Status::Ok();
}

namespace {

// ReadPassword reads one line from standard input: with a prompt and echo
// off on a terminal, as is when piped (scripts, tests).
Result<std::string> ReadPassword(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios saved{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::fprintf(stderr, "\n");
  }
  if (!got) return InvalidArgument("no password given on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

Status UserAdd(const CommonOptions& common, const std::string& login, const std::string& role_name,
               const std::string& display_name) {
  auto role = ParseRole(role_name);
  if (!role) return role.error().WithContext("--role");
  SystemClock clock;
  auto store = OpenStore(common);
  if (!store) return store.error();
  auto password = ReadPassword("Password: ");
  if (!password) return password.error();
  Accounts accounts(**store, clock, AuthOptions{});
  auto id = accounts.AddUser(login, display_name.empty() ? login : display_name, *role, *password);
  if (!id) return id.error();
  std::printf("added user %s (%s)\n", login.c_str(), role_name.c_str());
  return Status::Ok();
}

Status UserPasswd(const CommonOptions& common, const std::string& login) {
  SystemClock clock;
  auto store = OpenStore(common);
  if (!store) return store.error();
  auto password = ReadPassword("New password: ");
  if (!password) return password.error();
  Accounts accounts(**store, clock, AuthOptions{});
  if (Status st = accounts.SetPassword(login, *password); !st.ok()) return st;
  std::printf("password changed for %s; their sessions are ended\n", login.c_str());
  return Status::Ok();
}

Status UserDisable(const CommonOptions& common, const std::string& login, bool disabled) {
  SystemClock clock;
  auto store = OpenStore(common);
  if (!store) return store.error();
  Accounts accounts(**store, clock, AuthOptions{});
  if (Status st = accounts.SetDisabled(login, disabled); !st.ok()) return st;
  std::printf("%s %s\n", login.c_str(),
              disabled ? "disabled; their sessions are ended" : "enabled");
  return Status::Ok();
}

Status UserList(const CommonOptions& common) {
  SystemClock clock;
  auto store = OpenStore(common);
  if (!store) return store.error();
  Accounts accounts(**store, clock, AuthOptions{});
  auto users = accounts.ListUsers();
  if (!users) return users.error();
  for (const auto& u : *users) {
    std::printf("%s\t%s\t%s\t%s\n", u.login.c_str(), std::string(RoleName(u.role)).c_str(),
                u.disabled ? "disabled" : "active", u.display_name.c_str());
  }
  return Status::Ok();
}

Status PrintDateLine(const CommonOptions& common, const std::string& date) {
  auto day = ParseCivilDate(date);
  if (!day) return day.error();
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  std::vector<HijriMonthStart> starts;
  // Recorded month starts count when there is a database; asking for a
  // date never creates one.
  std::error_code ec;
  auto spec = ParseDatabase(common.db);
  if (!spec) return spec.error();
  if (spec->is_postgres() || std::filesystem::exists(spec->location, ec)) {
    auto store = OpenStore(common);
    if (!store) return store.error();
    auto s = (*store)->ListHijriMonthStarts();
    if (!s) return s.error();
    starts = std::move(*s);
  }
  auto cal = SiteCalendar::Create(settings->site, settings->calendar, starts);
  if (!cal) return cal.error();
  DateLine line = cal->ForLocalDay(*day);
  std::printf("%s\n%s\n", line.gregorian.c_str(), line.hijri.c_str());
  return Status::Ok();
}

Status ImportWordPressSite(const CommonOptions& common, const WordPressImportCommand& command) {
  Status st;
  auto clock = ClockOrDie(&st);
  if (!clock) return st;
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  if (!command.edition.empty() && !FindEdition(*settings, command.edition)) {
    return Status(Code::kInvalidArgument,
                  "--edition '" + command.edition + "': the settings have no such edition");
  }
  auto store = OpenStore(common);
  if (!store) return store.error();
  auto starts = (*store)->ListHijriMonthStarts();
  if (!starts) return starts.error();
  auto cal = SiteCalendar::Create(settings->site, settings->calendar, *starts);
  if (!cal) return cal.error();
  MediaLibrary media(MediaDir(common));
  if (!command.uploads.empty()) {
    if (Status vips = InitImagePipeline(); !vips.ok()) return vips;
  }
  WordPressImportOptions options{.file = command.file,
                                 .uploads = command.uploads,
                                 .dry_run = command.dry_run,
                                 .edition = command.edition,
                                 .tags_per_story = settings->limits.tags_per_story};
  // A bar on a terminal, redrawn at most ten times a second; nothing when
  // standard error is a file or a pipe (logs stay clean).
  const bool tty = isatty(STDERR_FILENO) != 0;
  auto last = std::chrono::steady_clock::time_point{};
  auto progress = [&](const WordPressImportProgress& p) {
    if (!tty) return;
    const auto t = std::chrono::steady_clock::now();
    if (p.done != p.total && t - last < std::chrono::milliseconds(100)) return;
    last = t;
    const int width = 30;
    const int filled = p.total > 0 ? static_cast<int>(p.done * width / p.total) : width;
    std::fprintf(stderr, "\r[%s%s] %lld/%lld posts", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), static_cast<long long>(p.done),
                 static_cast<long long>(p.total));
    if (p.done == p.total) std::fputc('\n', stderr);
    std::fflush(stderr);
  };
  auto report = ImportWordPress(options, **store, media, *cal, clock->Now(), progress);
  if (!report) return report.error();
  std::fputs(FormatWordPressReport(*report, command.dry_run).c_str(), stdout);
  std::fflush(stdout);
  if (report->file_error) return *report->file_error;
  if (report->failed > 0) {
    return Status(Code::kInvalidArgument,
                  std::to_string(report->failed) + " post(s) could not be imported (listed above)");
  }
  return Status::Ok();
}

}  // namespace khabar
