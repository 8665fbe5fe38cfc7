// CacheSync keeps the page cache true to the store. It follows the store's
// change journal (store.h, StoreChange) and drops exactly the cached pages
// each change touches, in the words of site/cache_keys.h:
//
//   a story's words, comments or image   -> story:ID (its page and every
//                                           list or box that shows it)
//   where a live story is listed          -> as above, plus list:all and
//                                           the lists of its section, tags
//                                           and bylines
//   a section, tag, author or picture     -> section:ID (nav too), tag:ID...
//   a recorded Hijri month start          -> dateline
//   a settings override                   -> everything
//
// The caches in front of khabar (Varnish, a CDN) are told the same: every
// batch of dropped keys, or "everything", goes to `purge` after the page
// cache dropped it (the app hands it to http/purge_client.h, which only
// queues), so they fetch again from a page cache that is already fresh.
//
// Changes reach it two ways: a background thread reads the journal every
// `poll` (so writes from the scheduler, the CLI or another process show
// within that), and the app calls CatchUp after every request that may
// have written, so an editor's next page view is already fresh.
//
// Thread-safety: CatchUp may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "http/page_cache.h"
#include "store/change_signal.h"
#include "store/store.h"

namespace khabar {

class PublicSite;

struct CacheSyncDeps {
  // journal is followed; store gives the stories a change names. Both
  // are the replica's with --db-replica.
  ChangeJournal* journal = nullptr;
  ReaderStore* store = nullptr;
  // cache may be null when only the caches in front are kept in step.
  http::PageCache* cache = nullptr;
  const Clock* clock = nullptr;
  // purge, when set, is told each batch CacheSync drops: the keys, or
  // everything = true (keys empty). It must return quickly: CatchUp runs
  // on the request that wrote.
  std::function<void(const std::vector<std::string>& keys, bool everything)> purge;
  // site, when set, is told when the calendar changes and refreshes its
  // most-read box every `most_read_every`.
  PublicSite* site = nullptr;
  std::chrono::milliseconds poll{200};
  // signal, when set, wakes the thread as soon as the journal may have
  // grown (PostgreSQL's LISTEN/NOTIFY: another node wrote), so `poll` is
  // only a safety net.
  ChangeSignal* signal = nullptr;
  // on_settings, when set, is called when a settings override changed
  // (on this node or another), before the cache is cleared, so every
  // node's settings follow the store.
  std::function<void()> on_settings = {};
  std::chrono::seconds most_read_every{60};
  // keep_changes: the journal is pruned to about this many entries.
  int64_t keep_changes = 10000;
};

class CacheSync {
 public:
  // Start begins at the journal's current end (the cache starts empty) and
  // starts the polling thread. REQUIRES: deps outlive the CacheSync.
  static Result<std::unique_ptr<CacheSync>> Start(CacheSyncDeps deps);
  // ~CacheSync stops the thread.
  ~CacheSync();

  // CatchUp applies every change written so far.
  Status CatchUp();

  // KeysFor is the cache keys a change touches. `story` is the story a
  // story or listing change names, as it is now (nullptr when deleted).
  static std::vector<std::string> KeysFor(const StoreChange& change, const Article* story,
                                          Seconds now);

 private:
  explicit CacheSync(CacheSyncDeps deps, int64_t start);
  void Loop();

  const CacheSyncDeps deps_;
  std::mutex catch_up_mu_;  // one CatchUp at a time, in journal order
  int64_t applied_;         // guarded by catch_up_mu_

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;     // started last
};

}  // namespace khabar
