// The domain of a news site, as plain values with no I/O: articles and the
// sections, tags, authors and images they refer to.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace khabar {

// Section is a desk of the site ("World", "Pakistan", "Sport").
struct Section {
  int64_t id = 0;
  std::string slug;          // "world"
  std::string name;          // "World"
  int position = 0;          // order in the navigation, then by name
  std::string edition = "";  // the edition it belongs to: "" is the main one, "ur" ...
};

// Tag keeps the display form typed by the newsroom ("Xi Jinping") and a URL
// slug derived from it ("xi-jinping").
struct Tag {
  int64_t id = 0;
  std::string slug;
  std::string name;
};

// Author is a byline: a person or an agency ("Reuters").
struct Author {
  int64_t id = 0;
  std::string slug;
  std::string name;
  std::string bio;
  std::string photo;  // media file, relative to the media directory; may be empty
};

// Image is a picture stored in the media directory, plus the words that go
// with it where it is used.
struct Image {
  std::string file;  // path relative to the media directory: "2023/10/lead.jpg"
  std::string caption;
  std::string credit;
  std::string alt;
  int width = 0;  // pixels; 0 when unknown
  int height = 0;
};

// ArticleStatus is where a story is in the newsroom workflow.
enum class ArticleStatus { kDraft, kSubmitted, kScheduled, kPublished, kUnpublished };

std::string_view ArticleStatusName(ArticleStatus s);  // "published"
Result<ArticleStatus> ParseArticleStatus(std::string_view name);

// Article is a story as stored. body_html is rendered from body_markdown at
// save time, so a page view never runs the Markdown parser.
struct Article {
  int64_t id = 0;
  std::string slug;
  std::string headline;
  std::string standfirst;
  std::string body_markdown;
  std::string body_html;
  Section section;
  std::vector<Author> authors;
  std::vector<Tag> tags;
  std::optional<Image> image;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Seconds> published_at;
  Seconds created_at{};
  Seconds updated_at{};
  bool comments_open = true;
  bool breaking = false;
  std::string correction;             // a correction note shown on the page; may be empty
  std::optional<int64_t> created_by;  // the user who created it (none for imports)
  // version counts changes (saves and status moves); a writer sends the
  // version it read, and a save based on an older one is refused.
  int64_t version = 1;
  // comment_count counts approved comments (filled by reads for readers).
  int64_t comment_count = 0;
  // edition is the edition the story belongs to ("" is the main one); a
  // story's section is always of the same edition.
  std::string edition = "";
  // translation_of links a translation to the story it translates, in
  // another edition; translations of translations are not allowed, so a
  // story and its translations form one group keyed by the original's id.
  std::optional<int64_t> translation_of = std::nullopt;
};

// ArticleDraft is what a writer supplies to create an article: names, not
// ids. The store finds or creates the section, authors and tags by name.
struct ArticleDraft {
  std::string slug;  // empty: derived from the headline
  std::string headline;
  std::string standfirst;
  std::string body_markdown;
  std::string body_html;
  std::string section_name;
  std::vector<std::string> author_names;
  std::vector<std::string> tag_names;
  std::optional<Image> image;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Seconds> published_at;
  bool comments_open = true;
  bool breaking = false;
  std::string correction;
  std::optional<int64_t> created_by;
  // edition picks the edition ("" is the main one): the section is found
  // or created by name within it. See Article::edition.
  std::string edition = "";
  // translation_of names the story this one translates (nullopt: not a
  // translation; saving nullopt clears a link). See Article::translation_of.
  std::optional<int64_t> translation_of = std::nullopt;
  // may_create_section says whether a section_name that finds no section
  // of the edition adds one (editors, admins, imports) or is refused with
  // kInvalidArgument naming "section" (a reporter picks an existing one).
  // Not part of the content: revisions do not keep it.
  bool may_create_section = true;
};

// kMaxEditionKey bounds an edition key.
inline constexpr size_t kMaxEditionKey = 16;

// IsValidEditionKey reports whether `key` can name an edition: "" (the main
// edition) or 1 to kMaxEditionKey characters of [a-z0-9-]. Which editions
// exist is the settings' business, not the store's.
bool IsValidEditionKey(std::string_view key);

// kMaxBodyBytes bounds a story's Markdown (and what a preview renders).
inline constexpr size_t kMaxBodyBytes = 2 * 1024 * 1024;
// BodyTooLong is the error for a body over kMaxBodyBytes, naming the field.
Status BodyTooLong();

// kMaxTagsCeiling is the most tags any story may carry, whatever the
// settings say ([limits] tags_per_story picks a lower cap): each tag costs
// every listing, sitemap and search of the story.
inline constexpr int kMaxTagsCeiling = 100;

// CheckTagCount refuses (kInvalidArgument, naming "tags") a draft with
// more than `max_tags` tags.
Status CheckTagCount(const ArticleDraft& draft, int max_tags);

// ValidateDraft checks what every store must refuse: an empty headline or
// section, over-long fields, more than kMaxTagsCeiling tags, a published
// story without a time, an edition key that is not one. The message names
// the field.
Status ValidateDraft(const ArticleDraft& draft);

// IsLive reports whether `a` is visible to readers at `now`.
bool IsLive(const Article& a, Seconds now);

}  // namespace khabar
