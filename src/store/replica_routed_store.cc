#include "store/replica_routed_store.h"

namespace khabar {

Result<int64_t> ReplicaRoutedStore::CreateArticle(const ArticleDraft& draft, Seconds now) {
  return primary_->CreateArticle(draft, now);
}

Result<Article> ReplicaRoutedStore::GetArticle(int64_t id) {
  return FromReplica(&Store::GetArticle, id);
}

Result<ArticlePage> ReplicaRoutedStore::ListLiveArticles(const ArticleQuery& query) {
  return FromReplica(&Store::ListLiveArticles, query);
}

Result<std::vector<ArticleLine>> ReplicaRoutedStore::ListArticleLines() {
  return primary_->ListArticleLines();
}

Result<std::pair<std::vector<ArticleLine>, int64_t>> ReplicaRoutedStore::FindArticleLines(
    const ArticleFilter& filter) {
  return primary_->FindArticleLines(filter);
}

Result<Article> ReplicaRoutedStore::UpdateArticle(int64_t id, const ArticleDraft& draft,
                                                  int64_t expected_version, int64_t user_id,
                                                  Seconds now) {
  return primary_->UpdateArticle(id, draft, expected_version, user_id, now);
}

Result<Article> ReplicaRoutedStore::TransitionArticle(int64_t id, ArticleStatus to,
                                                      std::optional<Seconds> published_at,
                                                      int64_t expected_version, int64_t user_id,
                                                      Seconds now) {
  return primary_->TransitionArticle(id, to, published_at, expected_version, user_id, now);
}

Result<std::vector<int64_t>> ReplicaRoutedStore::PublishDueArticles(Seconds now) {
  return primary_->PublishDueArticles(now);
}

Result<std::vector<ArticleEvent>> ReplicaRoutedStore::ListArticleEvents(int64_t id) {
  return primary_->ListArticleEvents(id);
}

Result<std::vector<RevisionLine>> ReplicaRoutedStore::ListRevisions(int64_t article_id) {
  return primary_->ListRevisions(article_id);
}

Result<Revision> ReplicaRoutedStore::GetRevision(int64_t article_id, int64_t number) {
  return primary_->GetRevision(article_id, number);
}

Status ReplicaRoutedStore::PutAutosave(const Autosave& autosave) {
  return primary_->PutAutosave(autosave);
}

Result<std::optional<Autosave>> ReplicaRoutedStore::GetAutosave(int64_t article_id,
                                                                int64_t user_id) {
  return primary_->GetAutosave(article_id, user_id);
}

Result<std::vector<Section>> ReplicaRoutedStore::ListSections(std::optional<std::string> edition) {
  return FromReplica(&Store::ListSections, edition);
}

Result<Section> ReplicaRoutedStore::GetSection(const std::string& slug) {
  return FromReplica(&Store::GetSection, slug);
}

Result<Tag> ReplicaRoutedStore::GetTag(const std::string& slug) {
  return FromReplica(&Store::GetTag, slug);
}

Result<Author> ReplicaRoutedStore::GetAuthor(const std::string& slug) {
  return FromReplica(&Store::GetAuthor, slug);
}

Result<Section> ReplicaRoutedStore::CreateSection(const Section& section) {
  return primary_->CreateSection(section);
}

Result<Section> ReplicaRoutedStore::UpdateSection(const Section& section) {
  return primary_->UpdateSection(section);
}

Result<std::vector<Tag>> ReplicaRoutedStore::ListTags(const std::string& prefix, int64_t limit) {
  return FromReplica(&Store::ListTags, prefix, limit);
}

Result<TagPage> ReplicaRoutedStore::ListLiveTags(const LiveTagQuery& query) {
  return FromReplica(&Store::ListLiveTags, query);
}

Result<Tag> ReplicaRoutedStore::GetLiveTag(const std::string& slug, Seconds now) {
  return FromReplica(&Store::GetLiveTag, slug, now);
}

Result<Author> ReplicaRoutedStore::GetLiveAuthor(const std::string& slug, Seconds now) {
  return FromReplica(&Store::GetLiveAuthor, slug, now);
}

Result<Tag> ReplicaRoutedStore::RenameTag(int64_t id, const std::string& name) {
  return primary_->RenameTag(id, name);
}

Status ReplicaRoutedStore::MergeTags(int64_t from_id, int64_t into_id) {
  return primary_->MergeTags(from_id, into_id);
}

Result<std::vector<Author>> ReplicaRoutedStore::ListAuthors() {
  return FromReplica(&Store::ListAuthors);
}

Result<Author> ReplicaRoutedStore::UpdateAuthor(const Author& author) {
  return primary_->UpdateAuthor(author);
}

Result<int64_t> ReplicaRoutedStore::AddMedia(const MediaRecord& media) {
  return primary_->AddMedia(media);
}

Result<MediaRecord> ReplicaRoutedStore::GetMediaByFile(const std::string& file) {
  return FromReplica(&Store::GetMediaByFile, file);
}

Result<MediaRecord> ReplicaRoutedStore::GetMedia(int64_t id) {
  return FromReplica(&Store::GetMedia, id);
}

Result<std::vector<MediaRecord>> ReplicaRoutedStore::ListMedia(int64_t offset, int64_t limit) {
  return FromReplica(&Store::ListMedia, offset, limit);
}

Status ReplicaRoutedStore::UpdateMediaText(int64_t id, const std::string& caption,
                                           const std::string& credit, const std::string& alt) {
  return primary_->UpdateMediaText(id, caption, credit, alt);
}

Result<int64_t> ReplicaRoutedStore::CreateUser(const UserRecord& user) {
  return primary_->CreateUser(user);
}

Result<UserRecord> ReplicaRoutedStore::GetUser(int64_t id) { return primary_->GetUser(id); }

Result<UserRecord> ReplicaRoutedStore::GetUserByLogin(const std::string& login) {
  return primary_->GetUserByLogin(login);
}

Result<std::vector<User>> ReplicaRoutedStore::ListUsers() { return primary_->ListUsers(); }

Status ReplicaRoutedStore::SetUserPassword(int64_t id, const std::string& password_hash,
                                           Seconds now) {
  return primary_->SetUserPassword(id, password_hash, now);
}

Status ReplicaRoutedStore::SetUserDisabled(int64_t id, bool disabled) {
  return primary_->SetUserDisabled(id, disabled);
}

Status ReplicaRoutedStore::SetUserRole(int64_t id, Role role) {
  return primary_->SetUserRole(id, role);
}

Status ReplicaRoutedStore::CreateSession(const SessionRecord& session) {
  return primary_->CreateSession(session);
}

Result<SessionRecord> ReplicaRoutedStore::GetSession(const std::string& token_hash) {
  return primary_->GetSession(token_hash);
}

Status ReplicaRoutedStore::TouchSession(const std::string& token_hash, Seconds last_seen_at,
                                        Seconds expires_at) {
  return primary_->TouchSession(token_hash, last_seen_at, expires_at);
}

Status ReplicaRoutedStore::DeleteSession(const std::string& token_hash) {
  return primary_->DeleteSession(token_hash);
}

Status ReplicaRoutedStore::DeleteSessionsOfUser(int64_t user_id) {
  return primary_->DeleteSessionsOfUser(user_id);
}

Result<int64_t> ReplicaRoutedStore::DeleteExpiredSessions(Seconds now) {
  return primary_->DeleteExpiredSessions(now);
}

Status ReplicaRoutedStore::RecordLoginFailure(const std::string& key, Seconds at) {
  return primary_->RecordLoginFailure(key, at);
}

Result<int64_t> ReplicaRoutedStore::CountLoginFailures(const std::string& key, Seconds since) {
  return primary_->CountLoginFailures(key, since);
}

Status ReplicaRoutedStore::ClearLoginFailures(const std::string& key) {
  return primary_->ClearLoginFailures(key);
}

Result<int64_t> ReplicaRoutedStore::DeleteLoginFailuresBefore(Seconds before) {
  return primary_->DeleteLoginFailuresBefore(before);
}

Result<SearchPage> ReplicaRoutedStore::SearchArticles(const SearchQuery& query) {
  return FromReplica(&Store::SearchArticles, query);
}

Result<ImportOutcome> ReplicaRoutedStore::ImportArticle(const ImportedArticle& item) {
  return primary_->ImportArticle(item);
}

// The importer asks before it writes, so it must see its own last write.
Result<std::optional<int64_t>> ReplicaRoutedStore::FindImported(const std::string& key) {
  return primary_->FindImported(key);
}

Status ReplicaRoutedStore::RecordImported(const std::string& key, int64_t id) {
  return primary_->RecordImported(key, id);
}

Result<Redirect> ReplicaRoutedStore::FindRedirect(const std::string& path) {
  return FromReplica(&Store::FindRedirect, path);
}

Result<int64_t> ReplicaRoutedStore::AddComment(const Comment& comment) {
  return primary_->AddComment(comment);
}

Result<std::vector<Comment>> ReplicaRoutedStore::ListApprovedComments(int64_t article_id) {
  return FromReplica(&Store::ListApprovedComments, article_id);
}

Result<std::vector<CommentLine>> ReplicaRoutedStore::ListCommentsByStatus(CommentStatus status,
                                                                          int64_t offset,
                                                                          int64_t limit) {
  return primary_->ListCommentsByStatus(status, offset, limit);
}

Status ReplicaRoutedStore::ModerateComment(int64_t id, CommentStatus status, int64_t user_id) {
  return primary_->ModerateComment(id, status, user_id);
}

Result<int64_t> ReplicaRoutedStore::CountCommentsFrom(const std::string& address, Seconds since) {
  return primary_->CountCommentsFrom(address, since);
}

Status ReplicaRoutedStore::AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views,
                                        Seconds hour) {
  return primary_->AddPageViews(views, hour);
}

Result<std::vector<Article>> ReplicaRoutedStore::MostRead(Seconds since, Seconds now, int64_t limit,
                                                          std::optional<std::string> edition) {
  return FromReplica(&Store::MostRead, since, now, limit, edition);
}

Result<std::vector<Article>> ReplicaRoutedStore::RelatedArticles(int64_t id, Seconds now,
                                                                 int64_t limit) {
  return FromReplica(&Store::RelatedArticles, id, now, limit);
}

Result<std::vector<Article>> ReplicaRoutedStore::ListTranslations(int64_t id, Seconds now) {
  return FromReplica(&Store::ListTranslations, id, now);
}

Result<std::vector<SitemapEntry>> ReplicaRoutedStore::ListSitemapEntries(
    Seconds now, int64_t offset, int64_t limit, std::optional<std::string> edition) {
  return FromReplica(&Store::ListSitemapEntries, now, offset, limit, edition);
}

Result<int64_t> ReplicaRoutedStore::CountLiveArticles(Seconds now,
                                                      std::optional<std::string> edition) {
  return FromReplica(&Store::CountLiveArticles, now, edition);
}

Result<std::map<std::string, std::string>> ReplicaRoutedStore::GetSettingOverrides() {
  return FromReplica(&Store::GetSettingOverrides);
}

Status ReplicaRoutedStore::SetSettingOverride(const std::string& key, const std::string& value) {
  return primary_->SetSettingOverride(key, value);
}

Status ReplicaRoutedStore::SetHijriMonthStart(const HijriMonthStart& start) {
  return primary_->SetHijriMonthStart(start);
}

Result<std::vector<HijriMonthStart>> ReplicaRoutedStore::ListHijriMonthStarts() {
  return FromReplica(&Store::ListHijriMonthStarts);
}

Result<std::vector<StoreChange>> ReplicaRoutedStore::ListChanges(int64_t after, int64_t limit) {
  return FromReplica(&Store::ListChanges, after, limit);
}

Result<int64_t> ReplicaRoutedStore::LatestChange() { return FromReplica(&Store::LatestChange); }

Status ReplicaRoutedStore::PruneChanges(int64_t through) { return primary_->PruneChanges(through); }

}  // namespace khabar
