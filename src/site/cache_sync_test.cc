#include "site/cache_sync.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <utility>

#include "site/cache_keys.h"
#include "store/sqlite/sqlite_store.h"

namespace khabar {
namespace {

using namespace std::chrono_literals;

const Seconds kNow = ParseIso8601("2026-11-28T12:00:00Z").value();

ArticleDraft Live(std::string headline, std::string section, std::vector<std::string> tags) {
  ArticleDraft d;
  d.headline = std::move(headline);
  d.section_name = std::move(section);
  d.tag_names = std::move(tags);
  d.author_names = {"Sana Mirza"};
  d.body_markdown = "Body.";
  d.body_html = "<p>Body.</p>";
  d.status = ArticleStatus::kPublished;
  d.published_at = kNow - 1h;
  return d;
}

bool Has(const std::vector<std::string>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

TEST(CacheSyncKeys, ListingChangesOfLiveStoriesReachTheirLists) {
  Article a;
  a.id = 7;
  a.status = ArticleStatus::kPublished;
  a.published_at = kNow - 1h;
  a.section.id = 3;
  a.tags = {Tag{.id = 4, .slug = "x", .name = "X"}};
  a.authors = {Author{.id = 5, .slug = "y", .name = "Y", .bio = "", .photo = ""}};
  auto keys =
      CacheSync::KeysFor({.seq = 1, .kind = StoreChange::Kind::kListing, .ref = 7}, &a, kNow);
  for (std::string_view k :
       {"story:7", "list:all", "list:section:3", "list:tag:4", "list:author:5", "sitemaps"}) {
    EXPECT_TRUE(Has(keys, k)) << k;
  }
  // Words only: the story's pages, not the lists it is on.
  keys = CacheSync::KeysFor({.seq = 2, .kind = StoreChange::Kind::kStory, .ref = 7}, &a, kNow);
  EXPECT_TRUE(Has(keys, "story:7"));
  EXPECT_FALSE(Has(keys, "list:all"));
  // A draft's listing change reaches no list: no list shows it.
  a.status = ArticleStatus::kDraft;
  keys = CacheSync::KeysFor({.seq = 3, .kind = StoreChange::Kind::kListing, .ref = 7}, &a, kNow);
  EXPECT_TRUE(Has(keys, "story:7"));
  EXPECT_FALSE(Has(keys, "list:all"));
  EXPECT_FALSE(Has(keys, "list:section:3"));
}

// Which names are public changes when a story comes or goes, whatever its
// state after: a story leaving may take its tag's last live story along.
TEST(CacheSyncKeys, ListingChangesReachTheListsOfPublicNames) {
  Article a;
  a.id = 7;
  a.status = ArticleStatus::kUnpublished;
  a.published_at = kNow - 1h;
  for (auto kind :
       {StoreChange::Kind::kListing, StoreChange::Kind::kTag, StoreChange::Kind::kAuthor}) {
    auto keys = CacheSync::KeysFor({.seq = 1, .kind = kind, .ref = 7}, &a, kNow);
    EXPECT_TRUE(Has(keys, "live_names")) << static_cast<int>(kind);
  }
  // Words only change no name.
  auto keys = CacheSync::KeysFor({.seq = 2, .kind = StoreChange::Kind::kStory, .ref = 7}, &a, kNow);
  EXPECT_FALSE(Has(keys, "live_names"));
}

// CatchUp on a real SQLite store and a real PageCache.
class CacheSyncStore : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/khabar-sync-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    auto store = OpenSqliteStore(dir_ / "khabar.db");
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    http::PageCacheOptions options;
    options.clock = &clock_;
    cache_ = std::make_unique<http::PageCache>(std::move(options));
    first_ = *store_->CreateArticle(Live("Rain in Lahore", "Pakistan", {"Weather"}), kNow);
    second_ = *store_->CreateArticle(Live("Cup final", "Sport", {"Cricket"}), kNow);
    // Polling is left to CatchUp here: the thread waits an hour.
    auto sync = CacheSync::Start(CacheSyncDeps{.journal = store_.get(),
                                               .store = store_.get(),
                                               .cache = cache_.get(),
                                               .clock = &clock_,
                                               .purge = Recorder(),
                                               .site = nullptr,
                                               .poll = std::chrono::hours(1)});
    ASSERT_TRUE(sync) << sync.error().ToString();
    sync_ = std::move(*sync);
  }
  void TearDown() override {
    sync_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Recorder keeps what CacheSync asks the caches in front to drop.
  std::function<void(const std::vector<std::string>&, bool)> Recorder() {
    return [this](const std::vector<std::string>& keys, bool everything) {
      std::lock_guard lock(purged_mu_);
      purged_.push_back({keys, everything});
    };
  }
  struct Purged {
    std::vector<std::string> keys;
    bool everything = false;
  };
  std::vector<Purged> TakePurged() {
    std::lock_guard lock(purged_mu_);
    return std::exchange(purged_, {});
  }
  void Fill(const std::string& path, std::vector<std::string> keys) {
    http::Request req;
    req.method = "GET";
    req.path = path;
    http::Response res = http::Html("<p>page</p>");
    res.cacheable.emplace();
    res.cacheable->keys = std::move(keys);
    cache_->Offer(path, cache_->Ticket(), req, std::move(res));
  }
  bool Cached(const std::string& path) {
    http::Request req;
    req.method = "GET";
    req.path = path;
    return cache_->Lookup(path, req).has_value();
  }
  void FillSite() {
    const int64_t sport = store_->GetSection("sport")->id;
    const int64_t cricket = store_->GetTag("cricket")->id;
    Fill("/a1", {cache_key::Story(first_), "dateline"});
    Fill("/a2", {cache_key::Story(second_), "dateline"});
    Fill("/", {cache_key::Story(first_), cache_key::Story(second_), "list:all", "dateline"});
    Fill("/section/sport", {cache_key::Story(second_), cache_key::SectionList(sport), "dateline"});
    Fill("/tag/cricket", {cache_key::Story(second_), cache_key::TagList(cricket), "dateline"});
  }

  FixedClock clock_{kNow};
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<http::PageCache> cache_;
  std::unique_ptr<CacheSync> sync_;
  int64_t first_ = 0, second_ = 0;
  std::mutex purged_mu_;
  std::vector<Purged> purged_;  // guarded by purged_mu_
};

TEST_F(CacheSyncStore, AnEditDropsTheStoryAndTheListsShowingItOnly) {
  FillSite();
  ArticleDraft edit = Live("Rain in Lahore: roads flooded", "Pakistan", {"Weather"});
  UserRecord user;
  user.user.login = "ali";
  user.user.display_name = "Ali Khan";
  user.user.role = Role::kEditor;
  user.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
  auto editor = store_->CreateUser(user);
  ASSERT_TRUE(editor) << editor.error().ToString();
  auto saved = store_->UpdateArticle(first_, edit, 1, *editor, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  ASSERT_TRUE(sync_->CatchUp().ok());
  EXPECT_FALSE(Cached("/a1"));
  EXPECT_FALSE(Cached("/")) << "the home page shows its headline";
  EXPECT_TRUE(Cached("/a2"));
  EXPECT_TRUE(Cached("/section/sport"));
  EXPECT_TRUE(Cached("/tag/cricket"));
  // The caches in front hear the same keys, once.
  auto purged = TakePurged();
  ASSERT_EQ(purged.size(), 1u);
  EXPECT_FALSE(purged[0].everything);
  EXPECT_TRUE(Has(purged[0].keys, cache_key::Story(first_)));
  EXPECT_FALSE(Has(purged[0].keys, cache_key::Story(second_)));
  // Nothing new: nothing sent.
  ASSERT_TRUE(sync_->CatchUp().ok());
  EXPECT_TRUE(TakePurged().empty());
}

TEST_F(CacheSyncStore, ANewStoryDropsTheListsItJoins) {
  FillSite();
  ASSERT_TRUE(store_->CreateArticle(Live("Semi-final", "Sport", {"Cricket"}), kNow));
  ASSERT_TRUE(sync_->CatchUp().ok());
  EXPECT_FALSE(Cached("/"));
  EXPECT_FALSE(Cached("/section/sport"));
  EXPECT_FALSE(Cached("/tag/cricket"));
  EXPECT_TRUE(Cached("/a1"));
  EXPECT_TRUE(Cached("/a2"));
}

TEST_F(CacheSyncStore, CalendarAndSettingsChanges) {
  FillSite();
  auto day = ParseCivilDate("2026-11-22");
  ASSERT_TRUE(day);
  ASSERT_TRUE(store_->SetHijriMonthStart(HijriMonthStart{1448, 6, *day}).ok());
  ASSERT_TRUE(sync_->CatchUp().ok());
  EXPECT_EQ(cache_->Stats().entries, 0u) << "every page shows the date line";
  Fill("/robots.txt", {});
  ASSERT_TRUE(store_->SetSettingOverride("comments.closed_text", "Closed.").ok());
  ASSERT_TRUE(sync_->CatchUp().ok());
  EXPECT_FALSE(Cached("/robots.txt")) << "settings changes drop everything";
  auto purged = TakePurged();
  ASSERT_EQ(purged.size(), 2u);
  EXPECT_EQ(purged[0].keys, std::vector<std::string>{"dateline"});
  EXPECT_TRUE(purged[1].everything);
  EXPECT_TRUE(purged[1].keys.empty());
}

TEST_F(CacheSyncStore, WithoutAPageCacheTheCachesInFrontAreStillTold) {
  std::vector<Purged> heard;
  auto sync = CacheSync::Start(
      CacheSyncDeps{.journal = store_.get(),
                    .store = store_.get(),
                    .cache = nullptr,
                    .clock = &clock_,
                    .purge =
                        [&heard](const std::vector<std::string>& keys, bool everything) {
                          heard.push_back({keys, everything});
                        },
                    .site = nullptr,
                    .poll = std::chrono::hours(1)});
  ASSERT_TRUE(sync) << sync.error().ToString();
  ASSERT_TRUE(store_->CreateArticle(Live("Semi-final", "Sport", {"Cricket"}), kNow));
  ASSERT_TRUE((*sync)->CatchUp().ok());
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_TRUE(Has(heard[0].keys, "list:all"));
}

TEST_F(CacheSyncStore, APrunedJournalStartsTheCacheOver) {
  FillSite();
  ASSERT_TRUE(store_->CreateArticle(Live("Other", "World", {"Other"}), kNow));
  const int64_t latest = *store_->LatestChange();
  ASSERT_TRUE(store_->PruneChanges(latest).ok());
  ASSERT_TRUE(store_->CreateArticle(Live("Another", "World", {"Other"}), kNow));
  ASSERT_TRUE(sync_->CatchUp().ok());
  EXPECT_EQ(cache_->Stats().entries, 0u) << "changes were missed, so nothing cached is trusted";
}

}  // namespace
}  // namespace khabar
