#include "app/serve_wiring.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <system_error>
#include <vector>

#include "app/article_import.h"
#include "app/common_options.h"
#include "app/store_open.h"
#include "calendar/site_calendar.h"
#include "media/image_pipeline.h"

#ifndef KHABAR_DEFAULT_THEME_DIR
#define KHABAR_DEFAULT_THEME_DIR "themes/default"
#endif
#ifndef KHABAR_DEFAULT_ADMIN_DIR
#define KHABAR_DEFAULT_ADMIN_DIR "admin"
#endif
#ifndef KHABAR_DEFAULT_DEMO_DIR
#define KHABAR_DEFAULT_DEMO_DIR "demo/articles"
#endif

namespace khabar {
namespace {

// ParseListen splits "HOST:PORT" ("[::1]:8080" for IPv6); `flag` names it
// in errors.
Result<ListenAddress> ParseListen(const std::string& listen, const char* flag = "--listen") {
  auto bad = [&] {
    return InvalidArgument(std::string(flag) + " '" + listen +
                           "': expected HOST:PORT, e.g. 127.0.0.1:8080");
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
  return ListenAddress{host, static_cast<uint16_t>(port)};
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
    auto id = ImportArticleFile(f, store, media, now, kMaxTagsCeiling);
    if (!id) return id.error();
  }
  spdlog::info("demo: added {} stories from {}", files.size(), dir.string());
  return Status::Ok();
}

// ReadOptions: the clock, the settings file, the addresses and the theme,
// each refused now rather than on the first request.
Status ReadOptions(ServeParts& p, const CommonOptions& common, const ServeOptions& options) {
  Status st;
  p.clock = ClockOrDie(&st);
  if (!p.clock) return st;
  auto settings = LoadSettingsOrDefaults(common);
  if (!settings) return settings.error();
  p.settings = std::move(*settings);
  auto listen = ParseListen(options.listen);
  if (!listen) return listen.error();
  p.listen = *listen;
  if (!options.metrics_listen.empty()) {
    auto parsed = ParseListen(options.metrics_listen, "--metrics-listen");
    if (!parsed) return parsed.error();
    p.metrics_listen = *parsed;
    p.metrics = std::make_unique<SiteMetrics>();
  }
  // Refuse settings the calendar cannot use now, not on the first request.
  if (auto cal = SiteCalendar::Create(p.settings.site, p.settings.calendar, {}); !cal) {
    return cal.error().WithContext(common.config);
  }
  auto theme = Theme::Load(options.theme.empty() ? KHABAR_DEFAULT_THEME_DIR : options.theme);
  if (!theme) return theme.error();
  p.theme = std::move(*theme);
  return Status::Ok();
}

// OpenStores opens --db and, with --db-replica, the replica and the store
// that routes readers' reads to it.
Status OpenStores(ServeParts& p, const CommonOptions& common, const ServeOptions& options) {
  StoreOpenOptions store_options;
  if (p.metrics) store_options.query_observer = p.metrics->QueryObserver();
  auto store = OpenStore(common, store_options);
  if (!store) return store.error();
  p.stores.primary = std::move(*store);
  if (!options.db_replica.empty()) {
    auto spec = ParseDatabase(options.db_replica, "--db-replica");
    if (!spec) return spec.error();
    StoreOpenOptions replica_options = store_options;
    replica_options.replica = true;
    auto opened = OpenStoreAt(*spec, replica_options);
    if (!opened) return opened.error();
    p.stores.replica = std::move(*opened);
    p.stores.routed =
        std::make_unique<ReplicaRoutedStore>(p.stores.primary.get(), p.stores.replica.get());
  }
  return Status::Ok();
}

// AddMedia opens the media library and the image pipeline, and with --demo
// fills an empty site with the demo stories.
Status AddMedia(ServeParts& p, const CommonOptions& common, const ServeOptions& options) {
  p.media = std::make_unique<MediaLibrary>(MediaDir(common));
  if (Status vips = InitImagePipeline(); !vips.ok()) return vips;
  if (options.demo) {
    Status st = ImportDemo(*p.stores.primary, *p.media,
                           options.demo_dir.empty() ? KHABAR_DEFAULT_DEMO_DIR : options.demo_dir,
                           p.clock->Now());
    if (!st.ok()) return st.WithContext("--demo");
  }
  return Status::Ok();
}

// LoadSettingOverrides: the file's settings, with what admins changed at
// run time on top.
Status LoadSettingOverrides(ServeParts& p) {
  p.settings_provider = std::make_unique<SettingsProvider>(p.settings);
  auto overrides = p.stores.primary->GetSettingOverrides();
  if (!overrides) return overrides.error();
  if (Status applied = p.settings_provider->Apply(*overrides); !applied.ok()) {
    // A stored override the file no longer allows must not stop the site.
    spdlog::error("settings overrides ignored: {}", applied.message());
  }
  return Status::Ok();
}

// AddAccounts: the newsroom's accounts, and the gate that tells which
// requests carry a live session (a made-up cookie must not pass).
void AddAccounts(ServeParts& p) {
  AuthOptions auth_options;
  auth_options.secure_cookie = p.settings.site.base_url.starts_with("https://");
  p.accounts = std::make_unique<Accounts>(*p.stores.primary, *p.clock, auth_options);
  p.session_gate = std::make_unique<SessionGate>(*p.accounts, p.gate_clock);
}

// AddPageCache: public pages answered from memory until what they show
// changes. A signed-in editor always sees pages fresh.
void AddPageCache(ServeParts& p) {
  if (!p.settings.cache.enabled) return;
  http::PageCacheOptions cache_options;
  cache_options.max_bytes = static_cast<size_t>(p.settings.cache.max_megabytes) << 20;
  cache_options.clock = p.clock.get();
  cache_options.bypass = [gate = p.session_gate.get()](const http::Request& r) {
    return gate->Check(r.Header("cookie")) == SessionGate::State::kValid;
  };
  // Only values that change a page make a key of their own; "/?p=12" is
  // an old WordPress address (PublicSite::OldAddress), not the home page,
  // and reaches the handler whatever "/" has cached.
  cache_options.key_query = [home_paths = &p.home_paths](const http::Request& r) {
    return PublicPageQuery(r, home_paths->contains(r.path));
  };
  // An edition on a host of its own answers the main edition's paths:
  // its pages are cached apart.
  const bool edition_hosts = std::any_of(p.settings.editions.begin(), p.settings.editions.end(),
                                         [](const EditionSettings& e) { return !e.host.empty(); });
  if (edition_hosts) {
    cache_options.key_space = [settings = &p.settings](const http::Request& r) {
      return EditionForHost(*settings, r.Header("host"));
    };
  }
  p.page_cache = std::make_unique<http::PageCache>(std::move(cache_options));
}

// AddPublicSite: the readers' pages, with the [limits] on how often one
// client address may search, post the sign-in form and post the comment
// form, counted on this node (elapsed time, so a fixed KHABAR_NOW does not
// freeze them).
void AddPublicSite(ServeParts& p) {
  auto rate_limit = [&p](int per_minute, int burst) {
    return std::make_unique<http::RateLimiter>(
        http::RateLimitOptions{.per_minute = per_minute,
                               .burst = burst,
                               .max_keys = static_cast<size_t>(p.settings.limits.max_addresses),
                               .clock = &p.elapsed});
  };
  const LimitsSettings& limits = p.settings.limits;
  p.search_limit = rate_limit(limits.search_per_minute, limits.search_burst);
  p.login_limit = rate_limit(limits.login_per_minute, limits.login_burst);
  p.comment_limit = rate_limit(limits.comment_per_minute, limits.comment_burst);
  p.site = std::make_unique<PublicSite>(
      SiteDeps{.settings = p.settings_provider.get(),
               .store = p.stores.readers(),
               .activity = p.stores.primary.get(),
               .clock = p.clock.get(),
               .theme = p.theme.get(),
               .media_dir = p.media->dir(),
               .views = p.views.get(),
               .invalidate =
                   [cache = p.page_cache.get()](const std::vector<std::string>& keys) {
                     if (cache) cache->Invalidate(keys);
                   },
               .search_limit = p.search_limit.get(),
               .comment_limit = p.comment_limit.get()});
}

// StartCacheSync keeps the page cache and the caches in front in step with
// the store.
Status StartCacheSync(ServeParts& p, const CommonOptions& common) {
  // On PostgreSQL other nodes write too: LISTEN/NOTIFY wakes the cache's
  // follower the moment one commits, and a settings change made on any
  // node is applied here.
  if (auto spec = ParseDatabase(common.db); spec && spec->is_postgres()) {
    auto opened = ChangeListener::Open(spec->location);
    if (!opened) return opened.error();
    p.listener = std::move(*opened);
  }
  // ---- Caches in front (Varnish): purged with what CacheSync drops ----
  // Every node that has [cache] purge purges what its own CacheSync drops,
  // after its own page cache dropped it. Bans are idempotent, so on several
  // nodes the repeats cost little, and they are what makes it right: a
  // copy Varnish fetched from a node that had not caught up yet is dropped
  // by that node's purge. (Listing the caches on one node only also works,
  // minus that guarantee.)
  if (!p.settings.cache.purge.empty()) {
    http::PurgeOptions purge_options;
    purge_options.endpoints = p.settings.cache.purge;
    purge_options.error_log = [](std::string_view m) { spdlog::warn("{}", m); };
    auto started = http::PurgeClient::Start(std::move(purge_options));
    if (!started) return started.error().WithContext("[cache] purge");
    p.purge = std::move(*started);
  }
  // ---- end of caches in front ----
  if (!p.page_cache && !p.purge) return Status::Ok();
  ReaderStore* readers = p.stores.readers();
  auto started = CacheSync::Start(CacheSyncDeps{
      .journal = p.stores.journal(),
      .store = readers,
      .cache = p.page_cache.get(),
      .clock = p.clock.get(),
      .purge =  // caches in front: queued, sent by the client's thread
      [purge = p.purge.get()](const std::vector<std::string>& keys, bool everything) {
        if (purge == nullptr) return;
        if (everything) {
          purge->PurgeAll();
        } else {
          purge->Purge(keys);
        }
      },
      .site = p.site.get(),
      .signal = p.listener.get(),
      .on_settings =
          [provider = p.settings_provider.get(), readers] {
            auto overrides = readers->GetSettingOverrides();
            Status st = overrides ? provider->Apply(*overrides) : overrides.error();
            if (!st.ok()) spdlog::error("settings overrides: {}", st.ToString());
          },
  });
  if (!started) return started.error();
  p.cache_sync = std::move(*started);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<ServeParts>> WireServe(const CommonOptions& common,
                                              const ServeOptions& options) {
  auto parts = std::make_unique<ServeParts>();
  ServeParts& p = *parts;
  if (Status st = ReadOptions(p, common, options); !st.ok()) return Err(st);
  if (Status st = OpenStores(p, common, options); !st.ok()) return Err(st);
  if (Status st = AddMedia(p, common, options); !st.ok()) return Err(st);
  if (Status st = LoadSettingOverrides(p); !st.ok()) return Err(st);
  auto admin_theme = Theme::Load(options.admin.empty() ? KHABAR_DEFAULT_ADMIN_DIR : options.admin);
  if (!admin_theme) return Err(admin_theme.error());
  p.admin_theme = std::move(*admin_theme);
  AddAccounts(p);
  p.views = std::make_unique<ViewCounter>(*p.stores.primary, *p.clock);
  AddPageCache(p);
  AddPublicSite(p);
  if (Status st = StartCacheSync(p, common); !st.ok()) return Err(st);
  p.newsroom = std::make_unique<Newsroom>(
      NewsroomDeps{.store = p.stores.primary.get(),
                   .reads = p.stores.primary.get(),
                   .accounts = p.accounts.get(),
                   .clock = p.clock.get(),
                   .theme = p.admin_theme.get(),
                   .settings = p.settings_provider.get(),
                   .media = p.media.get(),
                   .image_limits = {},
                   .published = p.metrics ? &p.metrics->published() : nullptr,
                   .login_limit = p.login_limit.get()});
  p.feeds = std::make_unique<ReaderFeeds>(ReaderFeedsDeps{
      .store = p.stores.readers(), .settings = p.settings_provider.get(), .clock = p.clock.get()});
  // The read-only content API.
  p.api = std::make_unique<ContentApi>(ContentApiDeps{
      .store = p.stores.readers(), .settings = p.settings_provider.get(), .clock = p.clock.get()});
  return parts;
}

void StartScheduler(ServeParts& parts) {
  ViewCounter* views = parts.views.get();
  parts.scheduler = std::make_unique<Scheduler>(
      *parts.stores.primary, *parts.accounts, *parts.clock,
      [views] {
        if (Status st = views->Flush(); !st.ok()) spdlog::warn("page views: {}", st.ToString());
      },
      parts.metrics ? &parts.metrics->published() : nullptr);
}

}  // namespace khabar
