// PageCache: finished public pages kept in memory, so a page asked for
// again is answered without touching the store or the templates.
//
// What goes in: a handler marks a 200 answer cacheable (Response::cacheable)
// and names what it shows as keys ("story:12", "list:home", "dateline").
// Invalidate(keys) drops exactly the pages that named any of those keys and
// nothing else; a page also goes stale by itself at Cacheable::until (the
// local midnight for pages that show the date line). Memory is bounded:
// past max_bytes the least recently used pages go first.
//
// Encodings: each page is kept as the handler rendered it; its gzip and
// brotli forms are made the first time a client asks for them, once, and
// kept beside it. Every form has its own strong ETag (the identity ETag
// with "-gz" or "-br"), and every answer says Vary: Accept-Encoding.
//
// Who bypasses: anything but GET and HEAD, requests with an Authorization
// header, and what options.bypass says (a signed-in editor's session: the
// newsroom previews what is current, never what is cached).
//
// Races: a page rendered from data read before a change, and offered after
// the change was invalidated, would be stale forever. So a miss takes a
// Ticket before rendering, and Offer refuses a page when anything was
// invalidated since that ticket.
//
// Thread-safety: every method may be called from many threads at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/clock.h"
#include "http/message.h"

namespace khabar::http {

struct PageCacheOptions {
  // max_bytes bounds the bodies kept, all encodings counted. A single page
  // over an eighth of it is not kept.
  size_t max_bytes = size_t{64} << 20;
  // clock decides when Cacheable::until has passed. Not owned; required.
  const Clock* clock = nullptr;
  // bypass, when set, names more requests that are never answered from
  // the cache and whose answers are never kept (the app passes "carries a
  // newsroom session cookie").
  std::function<bool(const Request&)> bypass;
  // key_query gives the part of a request's query its page depends on, in
  // a canonical form ("page=2"): the rest is left out of the key, so
  // utm_source=... or a made-up value shares the page instead of making
  // a new entry. nullopt: the request goes to the handler uncached (its
  // answer is never a cacheable page, or its value is bad). Unset: the
  // query is left out of every key. Called on every GET and HEAD.
  std::function<std::optional<std::string>(const Request&)> key_query;
  // key_space, when set, names the space of keys a request's page is in,
  // put in front of its path (the app passes the edition whose own host
  // the request was sent to: "/" there is not the main edition's "/").
  // It must never contain '/'.
  std::function<std::string(const Request&)> key_space;
};

// PageCacheStats are counters since start (entries and bytes: now).
struct PageCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t stores = 0;
  uint64_t evictions = 0;    // dropped for room
  uint64_t invalidated = 0;  // dropped because what they show changed
  uint64_t expired = 0;      // dropped at their `until`
  size_t entries = 0;
  size_t bytes = 0;
};

class PageCache {
 public:
  explicit PageCache(PageCacheOptions options);
  ~PageCache();
  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // KeyFor returns the key `req` is cached under: its path plus what
  // key_query gives ("/tag/floods?page=2"); nullopt when the request
  // bypasses the cache.
  std::optional<std::string> KeyFor(const Request& req) const;

  // Lookup returns the cached answer to `req` under `key`, in the encoding
  // the request accepts, with X-Cache: hit; nullopt on a miss. The answer's
  // `cacheable` carries only counted_story, so a hit can still count a view.
  std::optional<Response> Lookup(const std::string& key, const Request& req);

  // Serve answers `req` under `key`: from the cache, or by calling
  // `render` and offering what it returns. Concurrent misses of one key
  // wait for a single render instead of all rendering (a breaking story
  // drops the home page while hundreds of readers ask for it). A hit's
  // `cacheable` carries counted_story; a render counted its own view.
  Response Serve(const std::string& key, const Request& req,
                 const std::function<Response()>& render);

  // Ticket is taken before rendering a miss and given to Offer.
  uint64_t Ticket() const { return epoch_.load(std::memory_order_acquire); }

  // Offer keeps `res` under `key` when it is a cacheable 200 (cacheable
  // set, no Set-Cookie, not no-store or private) and nothing was
  // invalidated since `ticket`, and returns the answer for `req`: the kept
  // page in the accepted encoding, or `res` unchanged. X-Cache: miss.
  Response Offer(const std::string& key, uint64_t ticket, const Request& req, Response res);

  // Invalidate drops every page that named any of `keys`.
  void Invalidate(const std::vector<std::string>& keys);
  // Clear drops every page (settings changed: anything may look different).
  void Clear();

  PageCacheStats Stats() const;

 private:
  struct Entry;
  enum class Coding { kIdentity, kGzip, kBrotli };

  Coding Choose(const Request& req) const;
  // Answer builds the response for `entry` in `coding`, making and keeping
  // that encoding first when it is missing. REQUIRES: mu_ not held.
  Response Answer(const std::shared_ptr<Entry>& entry, Coding coding, const char* x_cache);
  // Drop removes `entry` from every index. REQUIRES: mu_ held.
  // Takes its own reference: the index's may be the last one.
  void DropLocked(std::shared_ptr<Entry> entry);
  // EvictLocked drops least recently used pages until under the bound.
  void EvictLocked();

  const PageCacheOptions options_;
  std::atomic<uint64_t> epoch_{0};  // bumped by every Invalidate and Clear

  // Find is Lookup, counting a hit or miss only when `count`.
  std::optional<Response> Find(const std::string& key, const Request& req, bool count);

  struct Index;
  mutable std::mutex mu_;
  std::condition_variable rendered_;           // signalled when a render ends
  std::unordered_set<std::string> rendering_;  // keys being rendered; guarded by mu_
  std::unique_ptr<Index> index_;               // guarded by mu_
  PageCacheStats stats_;                       // guarded by mu_
};

}  // namespace khabar::http
