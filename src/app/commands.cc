#include "app/commands.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>

#include "app/article_import.h"
#include "calendar/site_calendar.h"
#include "config/settings.h"
#include "http/router.h"
#include "http/server.h"
#include "media/media_library.h"
#include "render/theme.h"
#include "site/public_site.h"
#include "store/sqlite/sqlite_store.h"

#ifndef KHABAR_DEFAULT_THEME_DIR
#define KHABAR_DEFAULT_THEME_DIR "themes/default"
#endif
#ifndef KHABAR_DEFAULT_DEMO_DIR
#define KHABAR_DEFAULT_DEMO_DIR "demo/articles"
#endif

namespace khabar {
namespace {

Result<Settings> LoadSettingsOrDefaults(const CommonOptions& common) {
  if (common.config.empty()) return ParseSettings("", "default settings");
  return LoadSettings(common.config);
}

std::filesystem::path MediaDir(const CommonOptions& common) {
  if (!common.media.empty()) return common.media;
  std::filesystem::path db(common.db);
  return (db.has_parent_path() ? db.parent_path() : std::filesystem::path(".")) / "media";
}

Result<std::unique_ptr<Store>> OpenStore(const CommonOptions& common) {
  auto store = OpenSqliteStore(common.db);
  if (!store) return Err(store.error());
  return store;
}

// ParseListen splits "HOST:PORT" ("[::1]:8080" for IPv6).
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  auto bad = [&] {
    return InvalidArgument("--listen '" + listen + "': expected HOST:PORT, e.g. 127.0.0.1:8080");
  };
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return bad();
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  std::string port_text = listen.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return bad();
  }
  return std::pair{host, static_cast<uint16_t>(port)};
}

Status ImportDemo(Store& store, const MediaLibrary& media, const std::filesystem::path& dir,
                  Seconds now) {
  auto lines = store.ListArticleLines();
  if (!lines) return lines.error();
  if (!lines->empty()) return Status::Ok();  // only an empty site gets demo stories
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".md") files.push_back(e.path());
  }
  if (ec) return Status(Code::kInvalidArgument, dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto id = ImportArticleFile(f, store, media, now);
    if (!id) return id.error();
  }
  spdlog::info("demo: added {} stories from {}", files.size(), dir.string());
  return Status::Ok();
}

std::unique_ptr<Clock> ClockOrDie(Status* status) {
  auto clock = ClockFromEnvironment();
  if (!clock) {
    *status = clock.error();
    return nullptr;
  }
  return std::move(*clock);
}

}  // namespace

Status Serve(const CommonOptions& common, const ServeOptions& options) {
  Status st;
  auto clock = ClockOrDie(&st);
  if (!clock) return st;
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  auto listen = ParseListen(options.listen);
  if (!listen) return listen.error();
  // Refuse settings the calendar cannot use now, not on the first request.
  if (auto cal = SiteCalendar::Create(settings->site, settings->calendar, {}); !cal) {
    return cal.error().WithContext(common.config);
  }
  auto theme = Theme::Load(options.theme.empty() ? KHABAR_DEFAULT_THEME_DIR : options.theme);
  if (!theme) return theme.error();
  auto store = OpenStore(common);
  if (!store) return store.error();
  MediaLibrary media(MediaDir(common));
  if (options.demo) {
    st = ImportDemo(**store, media,
                    options.demo_dir.empty() ? KHABAR_DEFAULT_DEMO_DIR : options.demo_dir,
                    clock->Now());
    if (!st.ok()) return st.WithContext("--demo");
  }

  PublicSite site(SiteDeps{.settings = &*settings,
                           .store = store->get(),
                           .clock = clock.get(),
                           .theme = theme->get(),
                           .media_dir = media.dir()});

  // The route table: every public URL, in one place.
  http::Router router;
  using http::PathParams;
  using http::Request;
  router.Add("GET", "/", [&](const Request& r, const PathParams&) { return site.Home(r); });
  router.Add("GET", "/news/{id}/{slug}", [&](const Request& r, const PathParams& p) {
    return site.Article(r, p.Get("id"), p.Get("slug"));
  });
  router.Add("GET", "/news/{id}", [&](const Request& r, const PathParams& p) {
    return site.Article(r, p.Get("id"), "");
  });
  router.Add("GET", "/section/{slug}", [&](const Request& r, const PathParams& p) {
    return site.SectionPage(r, p.Get("slug"));
  });
  router.Add("GET", "/tag/{slug}",
             [&](const Request& r, const PathParams& p) { return site.TagPage(r, p.Get("slug")); });
  router.Add("GET", "/author/{slug}", [&](const Request& r, const PathParams& p) {
    return site.AuthorPage(r, p.Get("slug"));
  });
  router.Add("GET", "/static/{*path}",
             [&](const Request& r, const PathParams& p) { return site.Static(r, p.Get("path")); });
  router.Add("GET", "/media/{*path}",
             [&](const Request& r, const PathParams& p) { return site.Media(r, p.Get("path")); });
  router.Add("GET", "/healthz",
             [&](const Request& r, const PathParams&) { return site.Healthz(r); });
  router.SetNotFound([&](const Request& r) { return site.NotFound(r); });

  auto access = spdlog::stdout_logger_mt("access");
  access->set_pattern("%v");
  access->flush_on(spdlog::level::info);
  http::ServerOptions server_options;
  server_options.host = listen->first;
  server_options.port = listen->second;
  server_options.threads = options.threads;
  server_options.clock = clock.get();
  server_options.error_log = [](std::string_view m) { spdlog::error("http: {}", m); };
  auto server = http::Server::Start(
      server_options, [&](const http::Request& r) { return router.Dispatch(r); },
      [access](const http::AccessLogEntry& e) {
        access->info("{} \"{} {}\" {} {} {}us \"{}\"", e.remote, e.method, e.target, e.status,
                     e.bytes, e.duration.count(), e.user_agent);
      });
  if (!server) return server.error();
  spdlog::info("khabar: serving {} on http://{}:{}/ from {}", settings->site.name, listen->first,
               (*server)->port(), common.db);
  (*server)->RunUntilSignal();
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
  auto id = ImportArticleFile(file, **store, media, clock->Now());
  if (!id) return id.error();
  auto a = (*store)->GetArticle(*id);
  if (!a) return a.error();
  std::printf("added article %lld: /news/%lld/%s\n", static_cast<long long>(*id),
              static_cast<long long>(*id), a->slug.c_str());
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

Status PrintDateLine(const CommonOptions& common, const std::string& date) {
  auto day = ParseCivilDate(date);
  if (!day) return day.error();
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  std::vector<HijriMonthStart> starts;
  // Recorded month starts count when there is a database; asking for a
  // date never creates one.
  std::error_code ec;
  if (std::filesystem::exists(common.db, ec)) {
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

}  // namespace khabar
