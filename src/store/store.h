// Store: everything khabar keeps, behind one interface.
//
// The embedded implementation is SQLite (store/sqlite/); a PostgreSQL one
// will implement the same interface, and both must pass the same
// conformance suite (store/store_contract_test.cc). Nothing here names a
// backend: callers see values and Status codes only.
//
// Thread safety: every method may be called from any thread at the same
// time. Each method is atomic: it either fully happens or returns an error
// and changes nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "content/article.h"

namespace khabar {

// ArticleQuery selects live (published, published_at <= now) stories for a
// listing, newest first. At most one of the slugs is set; none means all.
struct ArticleQuery {
  std::optional<std::string> section_slug;
  std::optional<std::string> tag_slug;
  std::optional<std::string> author_slug;
  Seconds now{};
  int64_t offset = 0;
  int64_t limit = 20;
};

// ArticlePage is one page of a listing. Items carry no body (empty
// body_markdown and body_html); total counts all matches.
struct ArticlePage {
  std::vector<Article> items;
  int64_t total = 0;
};

// ArticleLine is one row of the newsroom's story list.
struct ArticleLine {
  int64_t id = 0;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Seconds> published_at;
  std::string headline;
};

// MediaRecord is a file in the media directory the store knows about.
struct MediaRecord {
  int64_t id = 0;
  std::string file;  // relative to the media directory
  std::string mime_type;
  int64_t bytes = 0;
  int width = 0;
  int height = 0;
  Seconds created_at{};
};

// HijriMonthStart records that day 1 of Hijri month `month` of `year` fell on
// the Gregorian `first_day` where the site is (a moon-sighting decision).
struct HijriMonthStart {
  int year = 0;
  int month = 0;  // 1..12
  std::chrono::year_month_day first_day;
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- Articles ----

  // CreateArticle validates `draft` (ValidateDraft), finds or creates its
  // section, authors and tags by name, and stores it. Errors:
  // kInvalidArgument for a bad draft, kAlreadyExists when the slug is taken.
  virtual Result<int64_t> CreateArticle(const ArticleDraft& draft, Seconds now) = 0;

  // GetArticle returns the article with every field, whatever its status.
  virtual Result<Article> GetArticle(int64_t id) = 0;

  // ListLiveArticles returns a page of live stories matching `query`.
  virtual Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) = 0;

  // ListArticleLines returns every story, newest first (by published_at,
  // then id), for the newsroom.
  virtual Result<std::vector<ArticleLine>> ListArticleLines() = 0;

  // ---- Sections, tags, authors ----

  virtual Result<std::vector<Section>> ListSections() = 0;
  // GetSection, GetTag and GetAuthor look up by slug; kNotFound if absent.
  virtual Result<Section> GetSection(const std::string& slug) = 0;
  virtual Result<Tag> GetTag(const std::string& slug) = 0;
  virtual Result<Author> GetAuthor(const std::string& slug) = 0;

  // ---- Media ----

  virtual Result<int64_t> AddMedia(const MediaRecord& media) = 0;
  virtual Result<MediaRecord> GetMediaByFile(const std::string& file) = 0;

  // ---- Settings overrides ----

  // Setting overrides are values changed at run time (later by admins),
  // keyed "table.key" ("comments.closed_text"); they win over the file.
  virtual Result<std::map<std::string, std::string>> GetSettingOverrides() = 0;
  virtual Status SetSettingOverride(const std::string& key, const std::string& value) = 0;

  // ---- Hijri month starts ----

  // SetHijriMonthStart records (or replaces) the start of one Hijri month.
  virtual Status SetHijriMonthStart(const HijriMonthStart& start) = 0;
  // ListHijriMonthStarts returns every record, oldest first.
  virtual Result<std::vector<HijriMonthStart>> ListHijriMonthStarts() = 0;
};

}  // namespace khabar
