// PostgresStore: the Store on PostgreSQL. Private to store/postgres/:
// callers get it from OpenPostgresStore (postgres_store.h) as a Store.
//
// Most of the store is SqlStore (store/sql/sql_store.h), written once;
// the concepts not yet moved there are defined here, one file each under
// store/postgres/: articles.cc (create, read, list, save), taxonomy.cc
// (sections, tags, authors), search.cc (full-text search) and imports.cc
// (imported stories, their keys and old paths).
#pragma once

#include <memory>
#include <utility>

#include "store/postgres/internal/connection.h"
#include "store/sql/sql_store.h"

namespace khabar::postgres_internal {

class PostgresStore final : public sql::SqlStore {
 public:
  // REQUIRES: search_candidates >= 1 (see PostgresOptions).
  PostgresStore(std::unique_ptr<sql::ConnectionPool> pool, int64_t search_candidates)
      : SqlStore(std::move(pool)), search_candidates_(search_candidates) {}

  // articles.cc
  Result<int64_t> CreateArticle(const ArticleDraft& draft, Seconds now) override;
  Result<Article> GetArticle(int64_t id) override;
  Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) override;
  Result<std::vector<ArticleLine>> ListArticleLines() override;
  Result<std::pair<std::vector<ArticleLine>, int64_t>> FindArticleLines(
      const ArticleFilter& filter) override;
  Result<Article> UpdateArticle(int64_t id, const ArticleDraft& draft, int64_t expected_version,
                                int64_t user_id, Seconds now) override;
  Result<std::vector<Article>> RelatedArticles(int64_t id, Seconds now, int64_t limit) override;
  Result<std::vector<Article>> ListTranslations(int64_t id, Seconds now) override;

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

  // search.cc
  Result<SearchPage> SearchArticles(const SearchQuery& query) override;

  // imports.cc
  Result<ImportOutcome> ImportArticle(const ImportedArticle& item) override;
  Result<std::optional<int64_t>> FindImported(const std::string& key) override;
  Status RecordImported(const std::string& key, int64_t id) override;
  Result<Redirect> FindRedirect(const std::string& path) override;

 private:
  const int64_t search_candidates_;
};

}  // namespace khabar::postgres_internal
