#include "store/replica_routed_store.h"

namespace khabar {

Result<Article> ReplicaRoutedStore::GetArticle(int64_t id) {
  return FromReplica(&ReaderStore::GetArticle, id);
}

Result<ArticlePage> ReplicaRoutedStore::ListLiveArticles(const ArticleQuery& query) {
  return FromReplica(&ReaderStore::ListLiveArticles, query);
}

Result<std::vector<Section>> ReplicaRoutedStore::ListSections(std::optional<std::string> edition) {
  return FromReplica(&ReaderStore::ListSections, edition);
}

Result<Section> ReplicaRoutedStore::GetSection(const std::string& slug) {
  return FromReplica(&ReaderStore::GetSection, slug);
}

Result<TagPage> ReplicaRoutedStore::ListLiveTags(const LiveTagQuery& query) {
  return FromReplica(&ReaderStore::ListLiveTags, query);
}

Result<Tag> ReplicaRoutedStore::GetLiveTag(const std::string& slug, Seconds now) {
  return FromReplica(&ReaderStore::GetLiveTag, slug, now);
}

Result<Author> ReplicaRoutedStore::GetLiveAuthor(const std::string& slug, Seconds now) {
  return FromReplica(&ReaderStore::GetLiveAuthor, slug, now);
}

Result<MediaRecord> ReplicaRoutedStore::GetMediaByFile(const std::string& file) {
  return FromReplica(&ReaderStore::GetMediaByFile, file);
}

Result<SearchPage> ReplicaRoutedStore::SearchArticles(const SearchQuery& query) {
  return FromReplica(&ReaderStore::SearchArticles, query);
}

Result<Redirect> ReplicaRoutedStore::FindRedirect(const std::string& path) {
  return FromReplica(&ReaderStore::FindRedirect, path);
}

Result<std::vector<Comment>> ReplicaRoutedStore::ListApprovedComments(int64_t article_id) {
  return FromReplica(&ReaderStore::ListApprovedComments, article_id);
}

Result<std::vector<Article>> ReplicaRoutedStore::MostRead(Seconds since, Seconds now, int64_t limit,
                                                          std::optional<std::string> edition) {
  return FromReplica(&ReaderStore::MostRead, since, now, limit, edition);
}

Result<std::vector<Article>> ReplicaRoutedStore::RelatedArticles(int64_t id, Seconds now,
                                                                 int64_t limit) {
  return FromReplica(&ReaderStore::RelatedArticles, id, now, limit);
}

Result<std::vector<Article>> ReplicaRoutedStore::ListTranslations(int64_t id, Seconds now) {
  return FromReplica(&ReaderStore::ListTranslations, id, now);
}

Result<std::vector<SitemapEntry>> ReplicaRoutedStore::ListSitemapEntries(
    Seconds now, int64_t offset, int64_t limit, std::optional<std::string> edition) {
  return FromReplica(&ReaderStore::ListSitemapEntries, now, offset, limit, edition);
}

Result<int64_t> ReplicaRoutedStore::CountLiveArticles(Seconds now,
                                                      std::optional<std::string> edition) {
  return FromReplica(&ReaderStore::CountLiveArticles, now, edition);
}

Result<std::map<std::string, std::string>> ReplicaRoutedStore::GetSettingOverrides() {
  return FromReplica(&ReaderStore::GetSettingOverrides);
}

Result<std::vector<HijriMonthStart>> ReplicaRoutedStore::ListHijriMonthStarts() {
  return FromReplica(&ReaderStore::ListHijriMonthStarts);
}

Result<std::vector<StoreChange>> ReplicaRoutedStore::ListChanges(int64_t after, int64_t limit) {
  return FromReplica(&ChangeJournal::ListChanges, after, limit);
}

Result<int64_t> ReplicaRoutedStore::LatestChange() {
  return FromReplica(&ChangeJournal::LatestChange);
}

Status ReplicaRoutedStore::PruneChanges(int64_t through) { return primary_->PruneChanges(through); }

}  // namespace khabar
