// ServeParts: the long-lived objects of `khabar serve`, built from the
// command line and the settings in one place (WireServe). Serve
// (app/commands.cc) then adds the route table over them (app/routes.h),
// starts the scheduler, the metrics (app/serve_metrics.h) and the public
// server (app/public_server.h), and waits for a signal.
//
// Ownership: ServeParts owns every part. A part borrows only parts declared
// before it (pointers and references, never owned), so the members are
// declared in construction order and destroyed in reverse: a borrower always
// goes first, and the threads some parts run (the change follower, the purge
// client, the scheduler) stop in their destructors before what they read
// goes. A new member goes after everything it borrows.
//
// Stores: which database each part talks to is decided here and in
// serve_wiring.cc only (ServeStores):
//   primary    the newsroom, accounts, readers' comments and page views,
//              the scheduler, the settings overrides read at start, the
//              demo stories
//   readers()  the public site's reads (ReaderStore), feeds and sitemaps,
//              the content API, the change follower (CacheSync: the
//              journal(), and the overrides it re-reads)
#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>

#include "app/commands.h"
#include "app/scheduler.h"
#include "app/site_metrics.h"
#include "auth/accounts.h"
#include "auth/session_gate.h"
#include "base/clock.h"
#include "base/status.h"
#include "base/steady_clock.h"
#include "config/overrides.h"
#include "config/settings.h"
#include "http/page_cache.h"
#include "http/purge_client.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "media/media_library.h"
#include "newsroom/newsroom.h"
#include "render/theme.h"
#include "site/cache_sync.h"
#include "site/content_api.h"
#include "site/public_site.h"
#include "site/reader_feeds.h"
#include "site/view_counter.h"
#include "store/postgres/change_listener.h"
#include "store/replica_routed_store.h"
#include "store/store.h"

namespace khabar {

// ListenAddress is a parsed --listen or --metrics-listen.
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};

// ServeStores are the databases of a running site: --db, and with
// --db-replica a PostgreSQL replica that readers' pages read from, their
// writes still going to --db (store/replica_routed_store.h).
struct ServeStores {
  std::unique_ptr<Store> primary;              // --db
  std::unique_ptr<Store> replica;              // --db-replica; null without
  std::unique_ptr<ReplicaRoutedStore> routed;  // over both; null without a replica

  // readers is what readers' pages read, and journal the change journal
  // the page cache follows: `routed`, or the primary.
  ReaderStore* readers() const {
    return routed ? static_cast<ReaderStore*>(routed.get()) : primary.get();
  }
  ChangeJournal* journal() const {
    return routed ? static_cast<ChangeJournal*>(routed.get()) : primary.get();
  }
};

struct ServeParts {
  // From the environment, the command line and the settings file.
  std::unique_ptr<Clock> clock;
  Settings settings;  // the file's; settings_provider adds the admins' changes
  ListenAddress listen;
  ListenAddress metrics_listen;  // set with --metrics-listen only
  // metrics are kept only when they can be scraped (--metrics-listen), and
  // only on an address of their own: the public port never shows them.
  std::unique_ptr<SiteMetrics> metrics;
  std::unique_ptr<Theme> theme;  // readers' pages
  ServeStores stores;
  std::unique_ptr<MediaLibrary> media;
  std::unique_ptr<SettingsProvider> settings_provider;
  std::unique_ptr<Theme> admin_theme;  // the newsroom's
  std::unique_ptr<Accounts> accounts;
  // Which requests carry a live newsroom session (they bypass the page
  // cache), remembered for 30 s of elapsed time.
  RealSteadyClock gate_clock;
  std::unique_ptr<SessionGate> session_gate;
  // The home pages of every edition, filled by the route table: a "?p="
  // there is an old WordPress address.
  std::set<std::string> home_paths;
  std::unique_ptr<ViewCounter> views;
  std::unique_ptr<http::PageCache> page_cache;  // null when [cache] is off
  // [limits]: per client address, counted in elapsed time on this node.
  RealSteadyClock elapsed;
  std::unique_ptr<http::RateLimiter> search_limit;
  std::unique_ptr<http::RateLimiter> login_limit;
  std::unique_ptr<http::RateLimiter> comment_limit;
  std::unique_ptr<PublicSite> site;
  std::unique_ptr<ChangeListener> listener;  // PostgreSQL only
  std::unique_ptr<http::PurgeClient> purge;  // with [cache] purge only
  std::unique_ptr<CacheSync> cache_sync;     // with a page cache or purge only
  std::unique_ptr<Newsroom> newsroom;
  http::Router router;  // filled by AddRoutes (app/routes.h)
  std::unique_ptr<ReaderFeeds> feeds;
  std::unique_ptr<ContentApi> api;
  std::unique_ptr<Scheduler> scheduler;  // started by StartScheduler
};

// WireServe checks the options and the settings, opens the stores (adding
// the demo stories with --demo) and builds every part up to the content
// API; the router is left empty and the scheduler unstarted. Errors name
// the flag or setting at fault; on one, whatever was built is torn down.
Result<std::unique_ptr<ServeParts>> WireServe(const CommonOptions& common,
                                              const ServeOptions& options);

// StartScheduler starts the scheduler (app/scheduler.h): scheduled stories
// go live on time with nobody signed in, and page views reach the store in
// batches. REQUIRES: `parts` came from WireServe.
void StartScheduler(ServeParts& parts);

}  // namespace khabar
