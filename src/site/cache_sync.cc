#include "site/cache_sync.h"

#include <spdlog/spdlog.h>

#include <set>

#include "site/cache_keys.h"
#include "site/public_site.h"

namespace khabar {
namespace {
constexpr int64_t kBatch = 1000;
}  // namespace

Result<std::unique_ptr<CacheSync>> CacheSync::Start(CacheSyncDeps deps) {
  auto latest = deps.journal->LatestChange();
  if (!latest) return Err(latest.error().WithContext("page cache: change journal"));
  return std::unique_ptr<CacheSync>(new CacheSync(deps, *latest));
}

CacheSync::CacheSync(CacheSyncDeps deps, int64_t start) : deps_(deps), applied_(start) {
  thread_ = std::thread([this] { Loop(); });
}

CacheSync::~CacheSync() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (deps_.signal != nullptr) deps_.signal->Interrupt();
  thread_.join();
}

std::vector<std::string> CacheSync::KeysFor(const StoreChange& change, const Article* story,
                                            Seconds now) {
  using K = StoreChange::Kind;
  std::vector<std::string> keys;
  switch (change.kind) {
    case K::kStory:
    case K::kListing:
      keys.push_back(cache_key::Story(change.ref));
      keys.emplace_back(cache_key::kSitemaps);
      // The story it translates links to it (and names its other
      // translations, which name it in turn).
      if (story && story->translation_of) keys.push_back(cache_key::Story(*story->translation_of));
      // A story coming or going, or its tags or bylines changing, may make
      // a name public or private again, whatever its state now.
      if (change.kind == K::kListing) keys.emplace_back(cache_key::kLiveNames);
      // Pages that showed the story name it; a story now live may also
      // appear on lists that did not show it before.
      if (change.kind == K::kListing && story && IsLive(*story, now)) {
        keys.emplace_back(cache_key::kAllLists);
        keys.push_back(cache_key::SectionList(story->section.id));
        for (const Tag& t : story->tags) keys.push_back(cache_key::TagList(t.id));
        for (const Author& a : story->authors) keys.push_back(cache_key::AuthorList(a.id));
      }
      break;
    case K::kSection:
      keys.push_back(cache_key::Section(change.ref));
      keys.emplace_back(cache_key::kNav);
      break;
    case K::kTag:
      keys.push_back(cache_key::Tag(change.ref));
      keys.emplace_back(cache_key::kLiveNames);  // a rename or merge reorders lists
      break;
    case K::kAuthor:
      keys.push_back(cache_key::Author(change.ref));
      keys.emplace_back(cache_key::kLiveNames);
      break;
    case K::kMedia:
      keys.push_back(cache_key::Media(change.ref));
      break;
    case K::kCalendar:
      keys.emplace_back(cache_key::kDateline);
      break;
    case K::kSettings:
      break;  // CatchUp clears everything
  }
  return keys;
}

Status CacheSync::CatchUp() {
  std::lock_guard lock(catch_up_mu_);
  for (;;) {
    auto changes = deps_.journal->ListChanges(applied_, kBatch);
    if (!changes) return changes.error().WithContext("page cache: change journal");
    if (changes->empty()) return Status::Ok();
    const Seconds now = deps_.clock->Now();
    bool clear = changes->front().seq != applied_ + 1;  // pruned past us: start over
    bool calendar = false;
    bool settings = false;
    // A story that left the site (unpublished, unscheduled, deleted) must
    // leave the most-read box now, not at its next minutely refresh.
    bool most_read = false;
    std::set<std::string> keys;
    std::set<int64_t> listed;  // stories already looked up in this batch
    for (const StoreChange& c : *changes) {
      using K = StoreChange::Kind;
      if (c.kind == K::kSettings) settings = clear = true;
      if (c.kind == K::kCalendar) calendar = true;
      std::optional<Article> story;
      if (c.kind == K::kListing) {
        if (!listed.insert(c.ref).second) continue;
        auto a = deps_.store->GetArticle(c.ref);
        if (a) {
          story = std::move(*a);
        } else if (a.error().code() != Code::kNotFound) {
          return a.error().WithContext("page cache: story " + std::to_string(c.ref));
        }
        if (!story || !IsLive(*story, now)) most_read = true;
      }
      for (std::string& k : KeysFor(c, story ? &*story : nullptr, now)) keys.insert(std::move(k));
    }
    if (calendar && deps_.site) deps_.site->ForgetCalendar();
    // Before the pages are dropped, so none is rendered again with the old box.
    if (most_read && deps_.site) deps_.site->RefreshMostRead();
    if (settings && deps_.on_settings) deps_.on_settings();
    if (clear) {
      if (deps_.cache) deps_.cache->Clear();
      if (deps_.purge) deps_.purge({}, /*everything=*/true);
    } else if (!keys.empty()) {
      std::vector<std::string> dropped(keys.begin(), keys.end());
      if (deps_.cache) deps_.cache->Invalidate(dropped);
      if (deps_.purge) deps_.purge(dropped, /*everything=*/false);
    }
    applied_ = changes->back().seq;
    if (static_cast<int64_t>(changes->size()) < kBatch) return Status::Ok();
  }
}

void CacheSync::Loop() {
  auto next_most_read = std::chrono::steady_clock::now() + deps_.most_read_every;
  auto next_prune = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  std::unique_lock lock(mu_);
  for (;;) {
    if (deps_.signal != nullptr) {
      lock.unlock();
      deps_.signal->Wait(deps_.poll);
      lock.lock();
      if (stopping_) break;
    } else if (wake_.wait_for(lock, deps_.poll, [this] { return stopping_; })) {
      break;
    }
    lock.unlock();
    if (Status st = CatchUp(); !st.ok()) spdlog::warn("{}", st.ToString());
    const auto now = std::chrono::steady_clock::now();
    if (deps_.site && now >= next_most_read) {
      deps_.site->RefreshMostRead();
      next_most_read = now + deps_.most_read_every;
    }
    if (now >= next_prune) {
      int64_t through;
      {
        std::lock_guard applied_lock(catch_up_mu_);
        through = applied_ - deps_.keep_changes;
      }
      if (through > 0) {
        if (Status st = deps_.journal->PruneChanges(through); !st.ok()) {
          spdlog::warn("page cache: pruning the change journal: {}", st.ToString());
        }
      }
      next_prune = now + std::chrono::minutes(10);
    }
    lock.lock();
  }
}

}  // namespace khabar
