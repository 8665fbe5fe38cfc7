// SqlStore: the Store written once, in SQL both databases run, over the
// driver interface of sql/connection.h. A backend (store/sqlite/,
// store/postgres/) supplies its driver, its dialect (sql/dialect.h: what
// the databases spell differently, full-text search included) and its
// opening (settings, pool, schema), and hands SqlStore the pool.
//
// The methods are defined by concept, one file each under store/sql/:
// articles.cc (create, read, save), listings.cc (live listings, related
// stories, newsroom lines), workflow.cc, revisions.cc, taxonomy.cc,
// media.cc, accounts.cc, settings.cc, changes.cc, search.cc, imports.cc,
// comments.cc, views.cc and sitemaps.cc. The conformance suite
// (store/store_contract_*_test.cc) checks each on every backend.
//
// Adding a method: declare it in store/store.h (and forward it in
// replica_routed_store.* if replicas may answer it), declare it here, write
// it once in its concept's file, and test it in the conformance suite. SQL
// the databases spell differently goes through a Dialect method.
//
// Thread safety: the pool is the only shared state; every method borrows a
// connection for its whole transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/connection_pool.h"
#include "store/sql/connection.h"
#include "store/store.h"

namespace khabar::sql {

using ConnectionPool = khabar::ConnectionPool<Connection>;

class SqlStore final : public Store {
 public:
  // REQUIRES: search_candidates >= 1 (the backends' options check it): how
  // many of the newest matches a search ranks (see the backends' options).
  SqlStore(std::unique_ptr<ConnectionPool> pool, int64_t search_candidates)
      : pool_(std::move(pool)), search_candidates_(search_candidates) {}

  // search.cc (the search itself is the dialect's)
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;

  // articles.cc
  Result<int64_t> CreateArticle(const ArticleDraft& draft, Seconds now) override;
  Result<Article> GetArticle(int64_t id) override;
  Result<Article> UpdateArticle(int64_t id, const ArticleDraft& draft, int64_t expected_version,
                                int64_t user_id, Seconds now) override;
  Result<std::vector<Article>> ListTranslations(int64_t id, Seconds now) override;

  // listings.cc
  Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) override;
  Result<std::vector<Article>> RelatedArticles(int64_t id, Seconds now, int64_t limit) override;
  Result<std::vector<ArticleLine>> ListArticleLines() override;
  Result<std::pair<std::vector<ArticleLine>, int64_t>> FindArticleLines(
      const ArticleFilter& filter) override;

  // workflow.cc
  Result<Article> TransitionArticle(int64_t id, ArticleStatus to,
                                    std::optional<Seconds> published_at, int64_t expected_version,
                                    int64_t user_id, Seconds now) override;
  Result<std::vector<int64_t>> PublishDueArticles(Seconds now) override;
  Result<std::vector<ArticleEvent>> ListArticleEvents(int64_t id) override;

  // revisions.cc
  Result<std::vector<RevisionLine>> ListRevisions(int64_t article_id) override;
  Result<Revision> GetRevision(int64_t article_id, int64_t number) override;
  Status PutAutosave(const Autosave& autosave) override;
  Result<std::optional<Autosave>> GetAutosave(int64_t article_id, int64_t user_id) override;

  // settings.cc
  Result<std::map<std::string, std::string>> GetSettingOverrides() override;
  Status SetSettingOverride(const std::string& key, const std::string& value) override;
  Status SetHijriMonthStart(const HijriMonthStart& start) override;
  Result<std::vector<HijriMonthStart>> ListHijriMonthStarts() override;

  // changes.cc
  Result<std::vector<StoreChange>> ListChanges(int64_t after, int64_t limit) override;
  Result<int64_t> LatestChange() override;
  Status PruneChanges(int64_t through) override;

  // comments.cc
  Result<int64_t> AddComment(const Comment& comment) override;
  Result<std::vector<Comment>> ListApprovedComments(int64_t article_id) override;
  Result<std::map<CommentStatus, int64_t>> CountCommentsByStatus() override;
  Result<std::vector<CommentLine>> ListCommentsByStatus(CommentStatus status, int64_t offset,
                                                        int64_t limit) override;
  Status ModerateComment(int64_t id, CommentStatus status, int64_t user_id) override;
  Result<int64_t> CountCommentsFrom(const std::string& address, Seconds since) override;

  // sitemaps.cc
  Result<std::vector<SitemapEntry>> ListSitemapEntries(Seconds now, int64_t offset, int64_t limit,
                                                       std::optional<std::string> edition) override;
  Result<int64_t> CountLiveArticles(Seconds now, std::optional<std::string> edition) override;

  // taxonomy.cc
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

  // imports.cc
  Result<ImportOutcome> ImportArticle(const ImportedArticle& item) override;
  Result<std::optional<int64_t>> FindImported(const std::string& key) override;
  Status RecordImported(const std::string& key, int64_t id) override;
  Result<Redirect> FindRedirect(const std::string& path) override;

  // media.cc
  Result<int64_t> AddMedia(const MediaRecord& media) override;
  Result<MediaRecord> GetMediaByFile(const std::string& file) override;
  Result<MediaRecord> GetMedia(int64_t id) override;
  Result<std::vector<MediaRecord>> ListMedia(int64_t offset, int64_t limit) override;
  Status UpdateMediaText(int64_t id, const std::string& caption, const std::string& credit,
                         const std::string& alt) override;

  // accounts.cc
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

  // views.cc
  Status AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views, Seconds hour) override;
  Result<std::vector<Article>> MostRead(Seconds since, Seconds now, int64_t limit,
                                        std::optional<std::string> edition) override;

 private:
  // Run borrows a connection and runs `body(connection)` in a transaction
  // of `kind` (see TxKind); every method goes through here or RunOneRead,
  // which is what makes each one atomic.
  //
  // A pooled connection the server dropped while it sat idle (a restart, a
  // failover, an idle timeout) fails on its first use. When that first use
  // is BEGIN nothing was done, so the call is tried again on another
  // connection; a read that failed that way is tried again too. A write
  // whose connection broke later is not: whether it committed is unknown,
  // and the caller gets kUnavailable. Each dead connection is dropped, so a
  // pool full of them (every connection of a restarted server) is emptied
  // within kDeadConnectionRetries tries, more than any sensible pool size.
  // (An SQLite connection is never dead, so this never retries there.)
  template <typename F>
  auto Run(TxKind kind, F&& body) -> decltype(body(std::declval<Connection&>())) {
    using R = decltype(body(std::declval<Connection&>()));
    for (int attempt = 0;; ++attempt) {
      auto lease = pool_->Acquire();
      if (!lease) return FailAs<R>(lease.error());
      Connection& c = **lease;
      bool began = false;
      R r = InTransaction(c, kind, [&] {
        began = true;
        return body(c);
      });
      if (!IsOk(r) && attempt < kDeadConnectionRetries && !c.Healthy() &&
          (!began || kind == TxKind::kRead)) {
        continue;
      }
      return r;
    }
  }

  // RunOneRead borrows a connection and runs `body(connection)` outside a
  // transaction. REQUIRES: `body` runs a single SELECT, which each database
  // runs on one snapshot, as consistent as Run's; it saves the BEGIN and
  // COMMIT that Run adds to every call (readers' pages make several such
  // calls each). Like Run's reads, it is tried again when the connection
  // was dead.
  template <typename F>
  auto RunOneRead(F&& body) -> decltype(body(std::declval<Connection&>())) {
    using R = decltype(body(std::declval<Connection&>()));
    for (int attempt = 0;; ++attempt) {
      auto lease = pool_->Acquire();
      if (!lease) return FailAs<R>(lease.error());
      R r = body(**lease);
      if (!IsOk(r) && attempt < kDeadConnectionRetries && !(*lease)->Healthy()) continue;
      return r;
    }
  }

  static constexpr int kDeadConnectionRetries = 64;

  const std::unique_ptr<ConnectionPool> pool_;
  const int64_t search_candidates_;
};

// SqlStoreOpening is what a backend gives OpenSqlStore.
struct SqlStoreOpening {
  std::string context;  // names the database in messages: "database khabar.db"
  int max_connections = 0;
  int64_t search_candidates = 0;
  // open opens one connection: the first, then the pool's others.
  ConnectionPool::Opener open;
  // prepare runs once, on the first connection, before the store is used:
  // the migrations, or a replica's schema check.
  std::function<Status(Connection&)> prepare;
};

// OpenSqlStore checks the opening's bounds (kInvalidArgument, naming the
// setting), opens and prepares the first connection, and returns a SqlStore
// over a pool of at most max_connections. Errors carry `context`.
Result<std::unique_ptr<Store>> OpenSqlStore(const SqlStoreOpening& opening);

}  // namespace khabar::sql
