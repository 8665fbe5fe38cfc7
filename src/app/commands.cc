#include "app/commands.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <iostream>
#include <set>
#include <thread>

#include "app/article_import.h"
#include "app/request_rules.h"
#include "app/scheduler.h"
#include "app/site_metrics.h"
#include "app/store_open.h"
#include "auth/accounts.h"
#include "auth/cookies.h"
#include "auth/session_gate.h"
#include "base/ip_network.h"
#include "base/steady_clock.h"
#include "calendar/site_calendar.h"
#include "config/overrides.h"
#include "config/settings.h"
#include "http/page_cache.h"
#include "http/purge_client.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "http/server.h"
#include "media/media_library.h"
#include "newsroom/newsroom.h"
#include "render/theme.h"
#include "site/cache_sync.h"
#include "site/content_api.h"
#include "site/public_site.h"
#include "site/reader_feeds.h"
#include "site/security_headers.h"
#include "store/postgres/change_listener.h"
#include "store/replica_routed_store.h"
#include "wordpress/import.h"

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

// RedactedDb is --db for the log: an SQLite path, or a URL without its
// password.
std::string RedactedDb(const std::string& db) {
  auto spec = ParseDatabase(db);
  return spec ? spec->Display() : db;
}

// ParseListen splits "HOST:PORT" ("[::1]:8080" for IPv6); `flag` names it
// in errors.
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen,
                                                     const char* flag = "--listen") {
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
    auto id = ImportArticleFile(f, store, media, now, kMaxTagsCeiling);
    if (!id) return id.error();
  }
  spdlog::info("demo: added {} stories from {}", files.size(), dir.string());
  return Status::Ok();
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
  // Metrics are kept only when they can be scraped, and only on an address
  // of their own: the public port never shows them.
  std::pair<std::string, uint16_t> metrics_listen;
  std::unique_ptr<SiteMetrics> metrics;
  if (!options.metrics_listen.empty()) {
    auto parsed = ParseListen(options.metrics_listen, "--metrics-listen");
    if (!parsed) return parsed.error();
    metrics_listen = *parsed;
    metrics = std::make_unique<SiteMetrics>();
  }
  // Refuse settings the calendar cannot use now, not on the first request.
  if (auto cal = SiteCalendar::Create(settings->site, settings->calendar, {}); !cal) {
    return cal.error().WithContext(common.config);
  }
  auto theme = Theme::Load(options.theme.empty() ? KHABAR_DEFAULT_THEME_DIR : options.theme);
  if (!theme) return theme.error();
  StoreOpenOptions store_options;
  if (metrics) store_options.query_observer = metrics->QueryObserver();
  auto store = OpenStore(common, store_options);
  if (!store) return store.error();
  // Readers' pages read `public_store`: the primary, or with --db-replica
  // a replica for reads and the primary for writes. The newsroom, the
  // accounts and the scheduler always use the primary.
  Store* public_store = store->get();
  std::unique_ptr<Store> replica;
  std::unique_ptr<ReplicaRoutedStore> routed;
  if (!options.db_replica.empty()) {
    auto spec = ParseDatabase(options.db_replica, "--db-replica");
    if (!spec) return spec.error();
    StoreOpenOptions replica_options = store_options;
    replica_options.replica = true;
    auto opened = OpenStoreAt(*spec, replica_options);
    if (!opened) return opened.error();
    replica = std::move(*opened);
    routed = std::make_unique<ReplicaRoutedStore>(store->get(), replica.get());
    public_store = routed.get();
  }
  MediaLibrary media(MediaDir(common));
  if (Status vips = InitImagePipeline(); !vips.ok()) return vips;
  if (options.demo) {
    st = ImportDemo(**store, media,
                    options.demo_dir.empty() ? KHABAR_DEFAULT_DEMO_DIR : options.demo_dir,
                    clock->Now());
    if (!st.ok()) return st.WithContext("--demo");
  }

  // Settings: the file's, with what admins changed at run time on top.
  SettingsProvider settings_provider(*settings);
  {
    auto overrides = (*store)->GetSettingOverrides();
    if (!overrides) return overrides.error();
    if (Status applied = settings_provider.Apply(*overrides); !applied.ok()) {
      // A stored override the file no longer allows must not stop the site.
      spdlog::error("settings overrides ignored: {}", applied.message());
    }
  }
  auto admin_theme = Theme::Load(options.admin.empty() ? KHABAR_DEFAULT_ADMIN_DIR : options.admin);
  if (!admin_theme) return admin_theme.error();

  AuthOptions auth_options;
  auth_options.secure_cookie = settings->site.base_url.starts_with("https://");
  Accounts accounts(**store, *clock, auth_options);

  // Which requests carry a live newsroom session (they bypass the page
  // cache), remembered for 30 s of elapsed time: a made-up cookie must not.
  RealSteadyClock gate_clock;
  SessionGate session_gate(accounts, gate_clock);
  // The home pages of every edition, filled by the route table below: a
  // "?p=" there is an old WordPress address.
  std::set<std::string> home_paths;

  ViewCounter views(**store, *clock);
  // The page cache: public pages answered from memory until what they show
  // changes. A signed-in editor always sees pages fresh.
  std::unique_ptr<http::PageCache> page_cache;
  if (settings->cache.enabled) {
    http::PageCacheOptions cache_options;
    cache_options.max_bytes = static_cast<size_t>(settings->cache.max_megabytes) << 20;
    cache_options.clock = clock.get();
    cache_options.bypass = [&session_gate](const http::Request& r) {
      return session_gate.Check(r.Header("cookie")) == SessionGate::State::kValid;
    };
    // Only values that change a page make a key of their own; "/?p=12" is
    // an old WordPress address (PublicSite::OldAddress), not the home page,
    // and reaches the handler whatever "/" has cached.
    cache_options.key_query = [&home_paths](const http::Request& r) {
      return PublicPageQuery(r, home_paths.contains(r.path));
    };
    // An edition on a host of its own answers the main edition's paths:
    // its pages are cached apart.
    const bool edition_hosts =
        std::any_of(settings->editions.begin(), settings->editions.end(),
                    [](const EditionSettings& e) { return !e.host.empty(); });
    if (edition_hosts) {
      cache_options.key_space = [&settings](const http::Request& r) {
        return EditionForHost(*settings, r.Header("host"));
      };
    }
    page_cache = std::make_unique<http::PageCache>(std::move(cache_options));
  }
  // [limits]: how often one client address may search, post the sign-in
  // form and post the comment form, counted on this node (elapsed time,
  // so a fixed KHABAR_NOW does not freeze them).
  RealSteadyClock elapsed;
  auto rate_limit = [&](int per_minute, int burst) {
    return std::make_unique<http::RateLimiter>(
        http::RateLimitOptions{.per_minute = per_minute,
                               .burst = burst,
                               .max_keys = static_cast<size_t>(settings->limits.max_addresses),
                               .clock = &elapsed});
  };
  auto search_limit = rate_limit(settings->limits.search_per_minute, settings->limits.search_burst);
  auto login_limit = rate_limit(settings->limits.login_per_minute, settings->limits.login_burst);
  auto comment_limit =
      rate_limit(settings->limits.comment_per_minute, settings->limits.comment_burst);
  PublicSite site(SiteDeps{.settings = &settings_provider,
                           .store = public_store,
                           .clock = clock.get(),
                           .theme = theme->get(),
                           .media_dir = media.dir(),
                           .views = &views,
                           .invalidate =
                               [&page_cache](const std::vector<std::string>& keys) {
                                 if (page_cache) page_cache->Invalidate(keys);
                               },
                           .search_limit = search_limit.get(),
                           .comment_limit = comment_limit.get()});
  // On PostgreSQL other nodes write too: LISTEN/NOTIFY wakes the cache's
  // follower the moment one commits, and a settings change made on any
  // node is applied here.
  std::unique_ptr<ChangeListener> listener;
  if (auto spec = ParseDatabase(common.db); spec && spec->is_postgres()) {
    auto opened = ChangeListener::Open(spec->location);
    if (!opened) return opened.error();
    listener = std::move(*opened);
  }
  // ---- Caches in front (Varnish): purged with what CacheSync drops ----
  // Every node that has [cache] purge purges what its own CacheSync drops,
  // after its own page cache dropped it. Bans are idempotent, so on several
  // nodes the repeats cost little, and they are what makes it right: a
  // copy Varnish fetched from a node that had not caught up yet is dropped
  // by that node's purge. (Listing the caches on one node only also works,
  // minus that guarantee.)
  std::unique_ptr<http::PurgeClient> purge;
  if (!settings->cache.purge.empty()) {
    http::PurgeOptions purge_options;
    purge_options.endpoints = settings->cache.purge;
    purge_options.error_log = [](std::string_view m) { spdlog::warn("{}", m); };
    auto started = http::PurgeClient::Start(std::move(purge_options));
    if (!started) return started.error().WithContext("[cache] purge");
    purge = std::move(*started);
  }
  // ---- end of caches in front ----
  std::unique_ptr<CacheSync> cache_sync;
  if (page_cache || purge) {
    auto started = CacheSync::Start(CacheSyncDeps{
        .store = public_store,
        .cache = page_cache.get(),
        .clock = clock.get(),
        .purge =  // caches in front: queued, sent by the client's thread
        [p = purge.get()](const std::vector<std::string>& keys, bool everything) {
          if (p == nullptr) return;
          if (everything) {
            p->PurgeAll();
          } else {
            p->Purge(keys);
          }
        },
        .site = &site,
        .signal = listener.get(),
        .on_settings =
            [&settings_provider, public_store] {
              auto overrides = public_store->GetSettingOverrides();
              Status st = overrides ? settings_provider.Apply(*overrides) : overrides.error();
              if (!st.ok()) spdlog::error("settings overrides: {}", st.ToString());
            },
    });
    if (!started) return started.error();
    cache_sync = std::move(*started);
  }
  Newsroom newsroom(NewsroomDeps{.store = store->get(),
                                 .accounts = &accounts,
                                 .clock = clock.get(),
                                 .theme = admin_theme->get(),
                                 .settings = &settings_provider,
                                 .media = &media,
                                 .image_limits = {},
                                 .published = metrics ? &metrics->published() : nullptr,
                                 .login_limit = login_limit.get()});

  // The route table: every URL, in one place.
  http::Router router;
  using http::PathParams;
  using http::Request;
  auto get = [&](const std::string& pattern, auto handler) { router.Add("GET", pattern, handler); };
  auto post = [&](const std::string& pattern, auto handler) {
    router.Add("POST", pattern, handler);
  };
  // Editions: the main one at "/", each [[editions]] one under its prefix
  // ("/urdu/...") or on a host of its own, where it answers the same paths
  // as the main edition (told apart by the Host header).
  auto host_edition = [&settings](const Request& r) -> std::string {
    return EditionForHost(*settings, r.Header("host"));
  };
  ReaderFeeds feeds(
      ReaderFeedsDeps{.store = public_store, .settings = &settings_provider, .clock = clock.get()});
  // public_routes registers the public site's pages, feeds and sitemaps
  // under `prefix` for the edition `edition_of` names.
  auto public_routes = [&](const std::string& prefix,
                           std::function<std::string(const Request&)> edition_of) {
    auto at = [&prefix](const char* path) { return prefix + path; };
    home_paths.insert(at("/"));
    get(at("/"), [&site, edition_of](const Request& r, const PathParams&) {
      return site.Home(r, edition_of(r));
    });
    get(at("/news/{id}/{slug}"), [&site, edition_of](const Request& r, const PathParams& p) {
      return site.Article(r, edition_of(r), p.Get("id"), p.Get("slug"));
    });
    get(at("/news/{id}"), [&site, edition_of](const Request& r, const PathParams& p) {
      return site.Article(r, edition_of(r), p.Get("id"), "");
    });
    get(at("/section/{slug}"), [&site, edition_of](const Request& r, const PathParams& p) {
      return site.SectionPage(r, edition_of(r), p.Get("slug"));
    });
    get(at("/tag/{slug}"), [&site, edition_of](const Request& r, const PathParams& p) {
      return site.TagPage(r, edition_of(r), p.Get("slug"));
    });
    get(at("/author/{slug}"), [&site, edition_of](const Request& r, const PathParams& p) {
      return site.AuthorPage(r, edition_of(r), p.Get("slug"));
    });
    get(at("/search"), [&site, edition_of](const Request& r, const PathParams&) {
      return site.Search(r, edition_of(r));
    });
    post(at("/news/{id}/comments"), [&site](const Request& r, const PathParams& p) {
      return site.PostComment(r, p.Get("id"));
    });

    // Feeds, sitemaps and the files crawlers ask for.
    using FF = FeedFormat;
    get(at("/feed.xml"), [&feeds, edition_of](const Request& r, const PathParams&) {
      return feeds.Feed(r, edition_of(r), FF::kRss);
    });
    get(at("/atom.xml"), [&feeds, edition_of](const Request& r, const PathParams&) {
      return feeds.Feed(r, edition_of(r), FF::kAtom);
    });
    get(at("/section/{slug}/feed.xml"),
        [&feeds, edition_of](const Request& r, const PathParams& p) {
          return feeds.SectionFeed(r, edition_of(r), p.Get("slug"), FF::kRss);
        });
    get(at("/section/{slug}/atom.xml"),
        [&feeds, edition_of](const Request& r, const PathParams& p) {
          return feeds.SectionFeed(r, edition_of(r), p.Get("slug"), FF::kAtom);
        });
    get(at("/tag/{slug}/feed.xml"), [&feeds, edition_of](const Request& r, const PathParams& p) {
      return feeds.TagFeed(r, edition_of(r), p.Get("slug"), FF::kRss);
    });
    get(at("/tag/{slug}/atom.xml"), [&feeds, edition_of](const Request& r, const PathParams& p) {
      return feeds.TagFeed(r, edition_of(r), p.Get("slug"), FF::kAtom);
    });
    get(at("/sitemap.xml"), [&feeds, edition_of](const Request& r, const PathParams&) {
      return feeds.SitemapIndex(r, edition_of(r));
    });
    get(at("/sitemaps/pages.xml"), [&feeds, edition_of](const Request& r, const PathParams&) {
      return feeds.PagesSitemap(r, edition_of(r));
    });
    get(at("/sitemaps/{name}"), [&feeds, edition_of](const Request& r, const PathParams& p) {
      return feeds.ArticleSitemap(r, edition_of(r), p.Get("name"));
    });
    get(at("/news-sitemap.xml"), [&feeds, edition_of](const Request& r, const PathParams&) {
      return feeds.NewsSitemap(r, edition_of(r));
    });
  };
  public_routes("", host_edition);
  for (const EditionSettings& e : settings->editions) {
    if (e.prefix.empty()) continue;
    const std::string key = e.key;
    public_routes(e.prefix, [key](const Request&) { return key; });
    // "/urdu" is the edition's home too.
    get(e.prefix, [prefix = e.prefix](const Request&, const PathParams&) {
      return http::Redirect(prefix + "/", 301);
    });
  }
  get("/static/{*path}",
      [&](const Request& r, const PathParams& p) { return site.Static(r, p.Get("path")); });
  get("/media/{*path}",
      [&](const Request& r, const PathParams& p) { return site.Media(r, p.Get("path")); });
  get("/healthz", [&](const Request& r, const PathParams&) { return site.Healthz(r); });
  get("/robots.txt",
      [&](const Request& r, const PathParams&) { return feeds.Robots(r, host_edition(r)); });
  get("/ads.txt", [&](const Request& r, const PathParams&) { return feeds.AdsTxt(r); });

  // The read-only content API.
  ContentApi api(
      ContentApiDeps{.store = public_store, .settings = &settings_provider, .clock = clock.get()});
  get("/api/v1/articles", [&](const Request& r, const PathParams&) { return api.Articles(r); });
  get("/api/v1/articles/{id}",
      [&](const Request& r, const PathParams& p) { return api.Article(r, p.Get("id")); });
  get("/api/v1/sections", [&](const Request& r, const PathParams&) { return api.Sections(r); });
  get("/api/v1/tags", [&](const Request& r, const PathParams&) { return api.Tags(r); });
  get("/api/v1/{*path}", [&](const Request& r, const PathParams&) { return api.NotFound(r); });
  router.Add("OPTIONS", "/api/v1/{*path}",
             [&](const Request& r, const PathParams&) { return api.Preflight(r); });
  // The newsroom.
  using N = Newsroom;
  auto page = [&](http::Response (N::*fn)(const Request&)) {
    return [&newsroom, fn](const Request& r, const PathParams&) { return (newsroom.*fn)(r); };
  };
  auto page_id = [&](http::Response (N::*fn)(const Request&, const std::string&)) {
    return [&newsroom, fn](const Request& r, const PathParams& p) {
      return (newsroom.*fn)(r, p.Get("id"));
    };
  };
  get("/admin/login", page(&N::LoginForm));
  post("/admin/login", page(&N::Login));
  post("/admin/logout", page(&N::Logout));
  get("/admin", page(&N::Dashboard));
  get("/admin/stories", page(&N::Stories));
  post("/admin/stories", page(&N::CreateStory));
  get("/admin/stories/new", page(&N::NewStory));
  get("/admin/stories/{id}", page_id(&N::EditStory));
  post("/admin/stories/{id}", page_id(&N::SaveStory));
  post("/admin/stories/{id}/status", page_id(&N::MoveStory));
  post("/admin/stories/{id}/autosave", page_id(&N::Autosave));
  get("/admin/stories/{id}/revisions", page_id(&N::Revisions));
  post("/admin/stories/{id}/revisions/{n}/restore", [&](const Request& r, const PathParams& p) {
    return newsroom.RestoreRevision(r, p.Get("id"), p.Get("n"));
  });
  post("/admin/preview", page(&N::Preview));
  get("/admin/api/tags", page(&N::TagSuggestions));
  get("/admin/comments", page(&N::Comments));
  post("/admin/comments/{id}", page_id(&N::ModerateComment));
  get("/admin/media", page(&N::MediaPage));
  post("/admin/media", page(&N::UploadMedia));
  post("/admin/media/{id}", page_id(&N::UpdateMedia));
  get("/admin/users", page(&N::Users));
  post("/admin/users", page(&N::CreateUser));
  post("/admin/users/{id}", page_id(&N::UpdateUser));
  get("/admin/sections", page(&N::Sections));
  post("/admin/sections", page(&N::CreateSection));
  post("/admin/sections/{id}", page_id(&N::UpdateSection));
  get("/admin/tags", page(&N::Tags));
  post("/admin/tags/{id}/rename", page_id(&N::RenameTag));
  post("/admin/tags/{id}/merge", page_id(&N::MergeTag));
  get("/admin/authors", page(&N::Authors));
  post("/admin/authors/{id}", page_id(&N::UpdateAuthor));
  get("/admin/settings", page(&N::SettingsPage));
  post("/admin/settings", page(&N::SaveSettings));
  post("/admin/hijri", page(&N::RecordHijriMonth));
  get("/admin/static/{*path}",
      [&](const Request& r, const PathParams& p) { return newsroom.Static(r, p.Get("path")); });
  router.SetNotFound([&](const Request& r) {
    if (r.path.starts_with("/admin")) return newsroom.NotFound(r);
    if (r.path.starts_with("/api/")) return api.NotFound(r);
    // Addresses from the site's previous system (imported permalinks).
    if (auto moved = site.OldAddress(r)) return *moved;
    // An edition's error page is in its language.
    for (const EditionSettings& e : settings->editions) {
      if (!e.prefix.empty() && (r.path == e.prefix || r.path.starts_with(e.prefix + "/"))) {
        return site.NotFound(r, e.key);
      }
    }
    return site.NotFound(r, host_edition(r));
  });

  // Scheduled stories go live on time with nobody signed in; page views
  // reach the store in batches.
  Scheduler scheduler(
      **store, accounts, *clock,
      [&views] {
        if (Status st = views.Flush(); !st.ok()) spdlog::warn("page views: {}", st.ToString());
      },
      metrics ? &metrics->published() : nullptr);

  // The metrics server: its own address and thread, nothing but /metrics.
  std::unique_ptr<http::Server> metrics_server;
  if (metrics && page_cache) {
    using khabar::metrics::Type;
    auto& registry = metrics->registry();
    http::PageCache* cache = page_cache.get();
    auto stat = [cache](uint64_t http::PageCacheStats::*field) {
      return [cache, field] { return static_cast<double>(cache->Stats().*field); };
    };
    registry.AddCallback(Type::kCounter, "khabar_page_cache_hits_total",
                         "Public pages answered from the page cache.",
                         stat(&http::PageCacheStats::hits));
    registry.AddCallback(Type::kCounter, "khabar_page_cache_misses_total",
                         "Cacheable requests the page cache could not answer.",
                         stat(&http::PageCacheStats::misses));
    for (auto [reason, field] : {std::pair{"changed", &http::PageCacheStats::invalidated},
                                 std::pair{"room", &http::PageCacheStats::evictions},
                                 std::pair{"expired", &http::PageCacheStats::expired}}) {
      registry.AddCallback(Type::kCounter, "khabar_page_cache_dropped_total",
                           "Pages dropped from the page cache, by reason.", stat(field),
                           {{"reason", reason}});
    }
    registry.AddCallback(Type::kGauge, "khabar_page_cache_entries", "Pages in the page cache.",
                         [cache] { return static_cast<double>(cache->Stats().entries); });
    registry.AddCallback(Type::kGauge, "khabar_page_cache_bytes",
                         "Bytes of pages in the page cache.",
                         [cache] { return static_cast<double>(cache->Stats().bytes); });
  }
  // ---- Caches in front: purge requests, by result ----
  if (metrics && purge) {
    for (auto [result, field] : {std::pair{"ok", &http::PurgeStats::sent},
                                 std::pair{"failed", &http::PurgeStats::failed}}) {
      metrics->registry().AddCallback(
          khabar::metrics::Type::kCounter, "khabar_purge_requests_total",
          "PURGE requests to the caches in front ([cache] purge), by result.",
          [p = purge.get(), field] { return static_cast<double>(p->Stats().*field); },
          {{"result", result}});
    }
  }
  // ---- end of caches in front ----
  if (metrics) {
    http::ServerOptions metrics_options;
    metrics_options.host = metrics_listen.first;
    metrics_options.port = metrics_listen.second;
    metrics_options.threads = 1;
    metrics_options.clock = clock.get();
    metrics_options.error_log = [](std::string_view m) { spdlog::error("metrics http: {}", m); };
    auto started = http::Server::Start(
        metrics_options, [m = metrics.get()](const http::Request& r) { return m->Answer(r); }, {});
    if (!started) return started.error().WithContext("--metrics-listen");
    metrics_server = std::move(*started);
    spdlog::info("khabar: metrics on http://{}:{}/metrics", metrics_listen.first,
                 metrics_server->port());
  }

  // One access line per request, written out at least every second: a
  // write(2) per line would cost a busy server more than the page itself.
  auto access = spdlog::stdout_logger_mt("access");
  access->set_pattern("%v");
  access->flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
  http::ServerOptions server_options;
  server_options.host = listen->first;
  server_options.port = listen->second;
  server_options.threads = options.threads;
  // Bodies are bounded per route before they are read (app/request_rules.h):
  // small for anyone, large only for the newsroom with a session cookie;
  // image uploads the largest, whose pipeline checks its own limits too.
  const BodyLimits body_limits{.anonymous = AnonymousBodyLimit(settings->comments.max_length)};
  server_options.max_body_bytes = body_limits.upload;
  server_options.body_limit = [&accounts, body_limits](const http::Request& head) {
    return BodyLimit(head, accounts.HasSessionCookie(head.Header("cookie")), body_limits);
  };
  // The newsroom (Markdown renders, previews, saves, uploads, Argon2id
  // sign-ins) runs on its own small pool, so however busy it is, the
  // workers keep serving readers. At its own priority: the newsroom must
  // still publish while readers flood in (ServerOptions::background_nice).
  // The pool leaves one core to the readers: on a 2-core machine, two busy
  // newsroom threads tripled readers' p99 even at the lowest priority (one
  // did not; bench/README.md, "Previews under load").
  server_options.runs_in_background = [](const http::Request& head) {
    return IsNewsroomPath(head.path);
  };
  server_options.background_threads =
      std::clamp(static_cast<int>(std::thread::hardware_concurrency()) - 1, 1, 2);
  server_options.read_timeout = std::chrono::seconds(60);
  // Slow and greedy clients ([server]): the header is due in
  // header_timeout_seconds however slowly it trickles; one address holds
  // at most max_connections_per_address connections.
  server_options.header_timeout = std::chrono::seconds(settings->server.header_timeout_seconds);
  server_options.idle_timeout = std::chrono::seconds(settings->server.idle_timeout_seconds);
  server_options.max_connections_per_address = settings->server.max_connections_per_address;
  server_options.clock = clock.get();
  server_options.error_log = [](std::string_view m) { spdlog::error("http: {}", m); };
  // The caches in front ([server] trusted_proxies) name each request's
  // client; the settings check has already refused bad entries.
  for (const std::string& proxy : settings->server.trusted_proxies) {
    auto network = IpNetwork::Parse(proxy);
    if (!network) return network.error().WithContext("[server] trusted_proxies");
    server_options.trusted_proxies.push_back(*network);
  }
  // One request: from the page cache when it has the page; otherwise the
  // router (once for all readers asking at that moment), offering what it
  // answers to the cache. After anything that may
  // have written, the cache catches up before the answer goes out, so the
  // writer's next page already shows the change.
  auto dispatch = [&](const http::Request& r) -> http::Response {
    std::optional<std::string> key;
    if (page_cache) key = page_cache->KeyFor(r);
    if (!key) {
      http::Response res = router.Dispatch(r);
      if (cache_sync && r.method != "GET" && r.method != "HEAD") {
        if (Status st = cache_sync->CatchUp(); !st.ok()) spdlog::warn("{}", st.ToString());
      }
      return res;
    }
    http::Response res = page_cache->Serve(*key, r, [&] { return router.Dispatch(r); });
    // A session cookie that names no live session is dropped, so the
    // browser stops sending it (and stops passing Varnish by).
    if (res.Header("Set-Cookie").empty() &&
        session_gate.Check(r.Header("cookie")) == SessionGate::State::kInvalid) {
      res.SetHeader("Set-Cookie", accounts.ClearSessionCookie());
    }
    if (res.cacheable && res.cacheable->counted_story && r.method == "GET") {
      views.Count(res.cacheable->counted_story, ClientKey(r.remote_address));
    }
    return res;
  };
  // Every public answer (pages, feeds, API, files, errors, redirects, and
  // page cache hits and their 304s alike) carries the public security
  // headers, with the policy of the settings now; the newsroom sets its own.
  PublicHeaders public_headers(&settings_provider);
  auto handle = [&](const http::Request& r) -> http::Response {
    http::Response res = dispatch(r);
    if (!r.path.starts_with("/admin")) public_headers.Apply(res);
    return res;
  };
  auto server = http::Server::Start(
      server_options, handle, [access, m = metrics.get()](const http::AccessLogEntry& e) {
        if (m != nullptr) m->ObserveRequest(e);
        access->info("{} \"{} {}\" {} {} {}us \"{}\"", e.remote, e.method, e.target, e.status,
                     e.bytes, e.duration.count(), e.user_agent);
      });
  if (!server) return server.error();
  spdlog::info("khabar: serving {} on http://{}:{}/ from {}", settings->site.name, listen->first,
               (*server)->port(), RedactedDb(common.db));
  (*server)->RunUntilSignal();
  access->flush();
  if (Status st = views.Flush(); !st.ok()) spdlog::warn("page views: {}", st.ToString());
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
