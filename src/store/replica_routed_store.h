// ReplicaRoutedStore: the public site's view of a primary database and a
// read replica.
//
// With `--db-replica`, what readers' pages read (stories, listings,
// search, comments, most read, sitemaps, names, media, settings, old
// paths of imported stories and the change journal) is read from a replica, so the primary's work
// is the newsroom's and the writes. Every write, and every read of accounts and sessions, goes to
// the primary. The newsroom does not use this store at all: it reads the primary, so an editor
// always sees what they just saved.
//
// The change journal is read from the replica on purpose: the page cache
// (site/cache_sync.h) drops a page only once the replica has replayed the
// change, so a page rendered after the drop is never older than the
// change. A reader may see a page as old as the replica's replay delay
// (normally milliseconds); that is the price of a replica. When the
// replica cannot be reached, reads fall back to the primary.
#pragma once

#include <memory>
#include <utility>

#include "store/store.h"

namespace khabar {

class ReplicaRoutedStore final : public Store {
 public:
  // REQUIRES: both outlive this store.
  ReplicaRoutedStore(Store* primary, Store* replica) : primary_(primary), replica_(replica) {}

  Result<int64_t> CreateArticle(const ArticleDraft& draft, Seconds now) override;
  Result<Article> GetArticle(int64_t id) override;
  Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) override;
  Result<std::vector<ArticleLine>> ListArticleLines() override;
  Result<std::pair<std::vector<ArticleLine>, int64_t>> FindArticleLines(
      const ArticleFilter& filter) override;
  Result<Article> UpdateArticle(int64_t id, const ArticleDraft& draft, int64_t expected_version,
                                int64_t user_id, Seconds now) override;
  Result<Article> TransitionArticle(int64_t id, ArticleStatus to,
                                    std::optional<Seconds> published_at, int64_t expected_version,
                                    int64_t user_id, Seconds now) override;
  Result<std::vector<int64_t>> PublishDueArticles(Seconds now) override;
  Result<std::vector<ArticleEvent>> ListArticleEvents(int64_t id) override;
  Result<std::vector<RevisionLine>> ListRevisions(int64_t article_id) override;
  Result<Revision> GetRevision(int64_t article_id, int64_t number) override;
  Status PutAutosave(const Autosave& autosave) override;
  Result<std::optional<Autosave>> GetAutosave(int64_t article_id, int64_t user_id) override;
  Result<std::vector<Section>> ListSections(std::optional<std::string> edition) override;
  Result<Section> GetSection(const std::string& slug) override;
  Result<Tag> GetTag(const std::string& slug) override;
  Result<Author> GetAuthor(const std::string& slug) override;
  Result<Section> CreateSection(const Section& section) override;
  Result<Section> UpdateSection(const Section& section) override;
  Result<std::vector<Tag>> ListTags(const std::string& prefix, int64_t limit) override;
  Result<TagPage> ListLiveTags(const LiveTagQuery& query) override;
  Result<Tag> GetLiveTag(const std::string& slug, Seconds now) override;
  Result<Author> GetLiveAuthor(const std::string& slug, Seconds now) override;
  Result<Tag> RenameTag(int64_t id, const std::string& name) override;
  Status MergeTags(int64_t from_id, int64_t into_id) override;
  Result<std::vector<Author>> ListAuthors() override;
  Result<Author> UpdateAuthor(const Author& author) override;
  Result<int64_t> AddMedia(const MediaRecord& media) override;
  Result<MediaRecord> GetMediaByFile(const std::string& file) override;
  Result<MediaRecord> GetMedia(int64_t id) override;
  Result<std::vector<MediaRecord>> ListMedia(int64_t offset, int64_t limit) override;
  Status UpdateMediaText(int64_t id, const std::string& caption, const std::string& credit,
                         const std::string& alt) override;
  Result<int64_t> CreateUser(const UserRecord& user) override;
  Result<UserRecord> GetUser(int64_t id) override;
  Result<UserRecord> GetUserByLogin(const std::string& login) override;
  Result<std::vector<User>> ListUsers() override;
  Status SetUserPassword(int64_t id, const std::string& password_hash, Seconds now) override;
  Status SetUserDisabled(int64_t id, bool disabled) override;
  Status SetUserRole(int64_t id, Role role) override;
  Status CreateSession(const SessionRecord& session) override;
  Result<SessionRecord> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, Seconds last_seen_at,
                      Seconds expires_at) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOfUser(int64_t user_id) override;
  Result<int64_t> DeleteExpiredSessions(Seconds now) override;
  Status RecordLoginFailure(const std::string& key, Seconds at) override;
  Result<int64_t> CountLoginFailures(const std::string& key, Seconds since) override;
  Status ClearLoginFailures(const std::string& key) override;
  Result<int64_t> DeleteLoginFailuresBefore(Seconds before) override;
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;
  Result<ImportOutcome> ImportArticle(const ImportedArticle& item) override;
  Result<std::optional<int64_t>> FindImported(const std::string& key) override;
  Status RecordImported(const std::string& key, int64_t id) override;
  Result<Redirect> FindRedirect(const std::string& path) override;
  Result<int64_t> AddComment(const Comment& comment) override;
  Result<std::vector<Comment>> ListApprovedComments(int64_t article_id) override;
  Result<std::vector<CommentLine>> ListCommentsByStatus(CommentStatus status, int64_t offset,
                                                        int64_t limit) override;
  Status ModerateComment(int64_t id, CommentStatus status, int64_t user_id) override;
  Result<int64_t> CountCommentsFrom(const std::string& address, Seconds since) override;
  Status AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views, Seconds hour) override;
  Result<std::vector<Article>> MostRead(Seconds since, Seconds now, int64_t limit,
                                        std::optional<std::string> edition) override;
  Result<std::vector<Article>> RelatedArticles(int64_t id, Seconds now, int64_t limit) override;
  Result<std::vector<Article>> ListTranslations(int64_t id, Seconds now) override;
  Result<std::vector<SitemapEntry>> ListSitemapEntries(Seconds now, int64_t offset, int64_t limit,
                                                       std::optional<std::string> edition) override;
  Result<int64_t> CountLiveArticles(Seconds now, std::optional<std::string> edition) override;
  Result<std::map<std::string, std::string>> GetSettingOverrides() override;
  Status SetSettingOverride(const std::string& key, const std::string& value) override;
  Status SetHijriMonthStart(const HijriMonthStart& start) override;
  Result<std::vector<HijriMonthStart>> ListHijriMonthStarts() override;
  Result<std::vector<StoreChange>> ListChanges(int64_t after, int64_t limit) override;
  Result<int64_t> LatestChange() override;
  Status PruneChanges(int64_t through) override;

 private:
  // FromReplica calls `method` on the replica, and on the primary when the
  // replica is unavailable (down, restarting, unreachable): readers' pages
  // keep working, at the primary's cost, until it is back.
  template <typename R, typename... P, typename... A>
  R FromReplica(R (Store::*method)(P...), A&&... args) {
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
