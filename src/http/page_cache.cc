#include "http/page_cache.h"

#include <list>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "http/finish.h"
#include "http/internal/ascii.h"
#include "http/internal/gzip.h"
#include "http/request_target.h"

namespace khabar::http {
namespace {

// Rough bookkeeping cost of one page beyond its bodies (index nodes,
// headers), so a flood of tiny pages is bounded too.
constexpr size_t kEntryOverhead = 512;

bool ContainsToken(std::string_view list, std::string_view token) {
  std::string lower = internal::AsciiLower(list);
  return lower.find(token) != std::string::npos;
}

}  // namespace

struct PageCache::Entry {
  std::string key;
  // bodies[Coding]: identity always; gzip and brotli once asked for.
  // Guarded by PageCache::mu_ (identity is set before the entry is shared).
  std::shared_ptr<const std::string> bodies[3];
  bool compressible = false;
  std::vector<std::pair<std::string, std::string>> headers;  // immutable
  std::string etag;                                          // identity's
  std::vector<std::string> deps;
  std::optional<Seconds> until;
  int64_t counted_story = 0;
  std::string route;
  size_t bytes = 0;                                 // guarded by mu_
  bool live = false;                                // in the index; guarded by mu_
  std::list<std::shared_ptr<Entry>>::iterator lru;  // valid while live
};

struct PageCache::Index {
  std::unordered_map<std::string, std::shared_ptr<Entry>> by_key;
  std::unordered_map<std::string, std::unordered_set<Entry*>> by_dep;
  std::list<std::shared_ptr<Entry>> lru;  // most recently used first
};

PageCache::PageCache(PageCacheOptions options)
    : options_(std::move(options)), index_(std::make_unique<Index>()) {}

PageCache::~PageCache() = default;

std::optional<std::string> PageCache::KeyFor(const Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  if (!req.Header("authorization").empty()) return std::nullopt;
  if (options_.bypass && options_.bypass(req)) return std::nullopt;
  std::string key = options_.key_space ? options_.key_space(req) + req.path : req.path;
  if (options_.key_query) {
    std::optional<std::string> query = options_.key_query(req);
    if (!query) return std::nullopt;
    if (!query->empty()) key += '?' + *query;
  }
  return key;
}

PageCache::Coding PageCache::Choose(const Request& req) const {
  std::string_view accept = req.Header("accept-encoding");
  if (accept.empty()) return Coding::kIdentity;
  if (AcceptsCoding(accept, "br")) return Coding::kBrotli;
  if (AcceptsCoding(accept, "gzip")) return Coding::kGzip;
  return Coding::kIdentity;
}

std::optional<Response> PageCache::Lookup(const std::string& key, const Request& req) {
  return Find(key, req, /*count=*/true);
}

std::optional<Response> PageCache::Find(const std::string& key, const Request& req, bool count) {
  std::shared_ptr<Entry> entry;
  {
    std::lock_guard lock(mu_);
    auto it = index_->by_key.find(key);
    if (it == index_->by_key.end()) {
      if (count) ++stats_.misses;
      return std::nullopt;
    }
    entry = it->second;
    if (entry->until && options_.clock->Now() >= *entry->until) {
      DropLocked(entry);
      ++stats_.expired;
      if (count) ++stats_.misses;
      return std::nullopt;
    }
    index_->lru.splice(index_->lru.begin(), index_->lru, entry->lru);
    if (count) ++stats_.hits;
  }
  return Answer(entry, Choose(req), "hit");
}

Response PageCache::Serve(const std::string& key, const Request& req,
                          const std::function<Response()>& render) {
  if (auto hit = Find(key, req, /*count=*/true)) return std::move(*hit);
  bool waited = false;
  {
    std::unique_lock lock(mu_);
    if (rendering_.contains(key)) {
      // Bounded: a render stuck longer than this is not worth queueing on.
      rendered_.wait_for(lock, std::chrono::seconds(10), [&] { return !rendering_.contains(key); });
      waited = true;
    } else {
      rendering_.insert(key);
    }
  }
  if (waited) {
    if (auto hit = Find(key, req, /*count=*/false)) {
      std::lock_guard lock(mu_);
      --stats_.misses;  // answered from the cache after all
      ++stats_.hits;
      return std::move(*hit);
    }
    // Not kept (not cacheable, or changed meanwhile): render alone.
    const uint64_t ticket = Ticket();
    return Offer(key, ticket, req, render());
  }
  // However the render ends (even by an exception), the waiters go on.
  struct Done {
    PageCache* cache;
    const std::string& key;
    ~Done() {
      {
        std::lock_guard lock(cache->mu_);
        cache->rendering_.erase(key);
      }
      cache->rendered_.notify_all();
    }
  } done{this, key};
  const uint64_t ticket = Ticket();
  return Offer(key, ticket, req, render());
}

Response PageCache::Answer(const std::shared_ptr<Entry>& entry, Coding coding,
                           const char* x_cache) {
  if (!entry->compressible) coding = Coding::kIdentity;
  std::shared_ptr<const std::string> body, identity;
  {
    std::lock_guard lock(mu_);
    body = entry->bodies[static_cast<int>(coding)];
    identity = entry->bodies[0];
  }
  if (!body) {
    // Made outside the lock; two threads may both make it, one is kept.
    auto made = coding == Coding::kGzip ? internal::Gzip(*identity) : internal::Brotli(*identity);
    if (!made) {
      coding = Coding::kIdentity;
      body = identity;
    } else {
      auto shared = std::make_shared<const std::string>(std::move(*made));
      std::lock_guard lock(mu_);
      auto& slot = entry->bodies[static_cast<int>(coding)];
      if (!slot) {
        slot = std::move(shared);
        if (entry->live) {
          entry->bytes += slot->size();
          stats_.bytes += slot->size();
          EvictLocked();
        }
      }
      body = slot;
    }
  }
  Response res;
  res.status = 200;
  res.headers = entry->headers;
  switch (coding) {
    case Coding::kIdentity:
      res.headers.emplace_back("ETag", entry->etag);
      break;
    case Coding::kGzip:
      res.headers.emplace_back("ETag", VariantETag(entry->etag, "-gz"));
      res.headers.emplace_back("Content-Encoding", "gzip");
      break;
    case Coding::kBrotli:
      res.headers.emplace_back("ETag", VariantETag(entry->etag, "-br"));
      res.headers.emplace_back("Content-Encoding", "br");
      break;
  }
  res.headers.emplace_back("X-Cache", x_cache);
  res.shared_body = std::move(body);
  res.route = entry->route;
  // Only a hit still has a view to count: a render counted its own.
  const bool hit = std::string_view(x_cache) == "hit";
  res.cacheable =
      Cacheable{.keys = {}, .until = std::nullopt, .counted_story = hit ? entry->counted_story : 0};
  return res;
}

Response PageCache::Offer(const std::string& key, uint64_t ticket, const Request& req,
                          Response res) {
  const std::string_view cache_control = res.Header("Cache-Control");
  if (res.status != 200 || !res.cacheable || res.file || res.shared_body ||
      !res.Header("Set-Cookie").empty() || !res.Header("Content-Encoding").empty() ||
      ContainsToken(cache_control, "no-store") || ContainsToken(cache_control, "private") ||
      (res.cacheable->until && options_.clock->Now() >= *res.cacheable->until)) {
    res.cacheable.reset();
    res.SetHeader("X-Cache", "miss");
    return res;
  }
  // Kept with the page's headers, so every hit tells the caches in front
  // what it shows without joining the keys again.
  AddSurrogateKey(res);
  auto entry = std::make_shared<Entry>();
  entry->key = key;
  entry->etag = std::string(res.Header("ETag"));
  if (entry->etag.empty()) entry->etag = BodyETag(res.body);
  entry->compressible =
      res.body.size() >= kGzipMinBytes && IsCompressibleType(res.Header("Content-Type"));
  if (entry->compressible) AddVary(res, "Accept-Encoding");
  for (auto& [name, value] : res.headers) {
    if (internal::EqualsIgnoreCase(name, "ETag") || internal::EqualsIgnoreCase(name, "Date") ||
        internal::EqualsIgnoreCase(name, "Content-Length")) {
      continue;
    }
    entry->headers.emplace_back(std::move(name), std::move(value));
  }
  entry->bodies[0] = std::make_shared<const std::string>(std::move(res.body));
  entry->deps = std::move(res.cacheable->keys);
  entry->until = res.cacheable->until;
  entry->counted_story = res.cacheable->counted_story;
  entry->route = std::move(res.route);
  entry->bytes = entry->bodies[0]->size() + key.size() + kEntryOverhead;
  for (const std::string& d : entry->deps) entry->bytes += d.size();

  if (entry->bytes <= options_.max_bytes / 8) {
    std::lock_guard lock(mu_);
    if (epoch_.load(std::memory_order_relaxed) == ticket) {
      if (auto old = index_->by_key.find(key); old != index_->by_key.end()) {
        DropLocked(old->second);
      }
      index_->by_key.emplace(key, entry);
      for (const std::string& d : entry->deps) index_->by_dep[d].insert(entry.get());
      index_->lru.push_front(entry);
      entry->lru = index_->lru.begin();
      entry->live = true;
      stats_.bytes += entry->bytes;
      ++stats_.stores;
      EvictLocked();
    }
  }
  return Answer(entry, Choose(req), "miss");
}

void PageCache::Invalidate(const std::vector<std::string>& keys) {
  std::lock_guard lock(mu_);
  epoch_.fetch_add(1, std::memory_order_release);
  for (const std::string& k : keys) {
    auto it = index_->by_dep.find(k);
    if (it == index_->by_dep.end()) continue;
    std::vector<std::shared_ptr<Entry>> doomed;
    for (Entry* e : it->second) doomed.push_back(index_->by_key.at(e->key));
    for (const auto& e : doomed) DropLocked(e);
    stats_.invalidated += doomed.size();
  }
}

void PageCache::Clear() {
  std::lock_guard lock(mu_);
  epoch_.fetch_add(1, std::memory_order_release);
  stats_.invalidated += index_->by_key.size();
  for (auto& [key, e] : index_->by_key) e->live = false;
  index_->by_key.clear();
  index_->by_dep.clear();
  index_->lru.clear();
  stats_.bytes = 0;
}

PageCacheStats PageCache::Stats() const {
  std::lock_guard lock(mu_);
  PageCacheStats s = stats_;
  s.entries = index_->by_key.size();
  return s;
}

void PageCache::DropLocked(std::shared_ptr<Entry> entry) {
  if (!entry->live) return;
  entry->live = false;
  index_->by_key.erase(entry->key);
  for (const std::string& d : entry->deps) {
    auto it = index_->by_dep.find(d);
    if (it == index_->by_dep.end()) continue;
    it->second.erase(entry.get());
    if (it->second.empty()) index_->by_dep.erase(it);
  }
  stats_.bytes -= entry->bytes;
  index_->lru.erase(entry->lru);
}

void PageCache::EvictLocked() {
  while (stats_.bytes > options_.max_bytes && !index_->lru.empty()) {
    std::shared_ptr<Entry> victim = index_->lru.back();
    DropLocked(victim);
    ++stats_.evictions;
  }
}

}  // namespace khabar::http
