// ReplicaRoutedStore: the public site's reads from a primary database and a
// read replica.
//
// With `--db-replica`, the readers' part of the store (ReaderStore:
// stories, listings, search, comments, most read, sitemaps, names, media,
// settings, old paths of imported stories) and the change journal are read
// from a replica, so the primary's work is the newsroom's and the writes.
// Only these two parts are routed: every other part (readers' comments and
// page views, the newsroom, accounts, imports) is handed the primary
// itself, so an editor always sees what they just saved.
//
// The change journal is read from the replica on purpose: the page cache
// (site/cache_sync.h) drops a page only once the replica has replayed the
// change, so a page rendered after the drop is never older than the
// change. A reader may see a page as old as the replica's replay delay
// (normally milliseconds); that is the price of a replica. Pruning the
// journal is a write, on the primary. When the replica cannot be reached,
// reads fall back to the primary.
#pragma once

#include <memory>
#include <utility>

#include "store/store.h"

namespace khabar {

class ReplicaRoutedStore final : public ReaderStore, public ChangeJournal {
 public:
  // REQUIRES: both outlive this store.
  ReplicaRoutedStore(Store* primary, Store* replica) : primary_(primary), replica_(replica) {}

  Result<Article> GetArticle(int64_t id) override;
  Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) override;
  Result<std::vector<Section>> ListSections(std::optional<std::string> edition) override;
  Result<Section> GetSection(const std::string& slug) override;
  Result<TagPage> ListLiveTags(const LiveTagQuery& query) override;
  Result<Tag> GetLiveTag(const std::string& slug, Seconds now) override;
  Result<Author> GetLiveAuthor(const std::string& slug, Seconds now) override;
  Result<MediaRecord> GetMediaByFile(const std::string& file) override;
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;
  Result<Redirect> FindRedirect(const std::string& path) override;
  Result<std::vector<Comment>> ListApprovedComments(int64_t article_id) override;
  Result<std::vector<Article>> MostRead(Seconds since, Seconds now, int64_t limit,
                                        std::optional<std::string> edition) override;
  Result<std::vector<Article>> RelatedArticles(int64_t id, Seconds now, int64_t limit) override;
  Result<std::vector<Article>> ListTranslations(int64_t id, Seconds now) override;
  Result<std::vector<SitemapEntry>> ListSitemapEntries(Seconds now, int64_t offset, int64_t limit,
                                                       std::optional<std::string> edition) override;
  Result<int64_t> CountLiveArticles(Seconds now, std::optional<std::string> edition) override;
  Result<std::map<std::string, std::string>> GetSettingOverrides() override;
  Result<std::vector<HijriMonthStart>> ListHijriMonthStarts() override;
  Result<std::vector<StoreChange>> ListChanges(int64_t after, int64_t limit) override;
  Result<int64_t> LatestChange() override;
  Status PruneChanges(int64_t through) override;

 private:
  // FromReplica calls `method` on the replica, and on the primary when the
  // replica is unavailable (down, restarting, unreachable): readers' pages
  // keep working, at the primary's cost, until it is back.
  template <typename Part, typename R, typename... P, typename... A>
  R FromReplica(R (Part::*method)(P...), A&&... args) {
    R r = (replica_->*method)(args...);
    if (!r && r.error().code() == Code::kUnavailable) {
      return (primary_->*method)(std::forward<A>(args)...);
    }
    return r;
  }

  Store* const primary_;
  Store* const replica_;
};

}  // namespace khabar
