// Store: everything khabar keeps, behind one interface in six parts, by
// who calls them (ReaderStore, ReaderActivity, NewsroomStore, AccountStore,
// ImportStore, ChangeJournal; see "The store's parts" below).
//
// One implementation, SqlStore (store/sql/), serves both databases: SQLite
// (store/sqlite/) embedded, PostgreSQL (store/postgres/) for several
// nodes; both pass the same conformance suite (store/store_contract_*test.cc).
// Nothing here names a backend: callers see values and Status codes only.
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
#include "calendar/month_start.h"
#include "content/account.h"
#include "content/article.h"

namespace khabar {

// ArticleQuery selects live (published, published_at <= now) stories for a
// listing, newest first. Set slugs combine (all must match); none means all.
struct ArticleQuery {
  std::optional<std::string> section_slug;
  std::optional<std::string> tag_slug;
  std::optional<std::string> author_slug;
  Seconds now{};
  int64_t offset = 0;
  int64_t limit = 20;
  // published_after/before narrow by publication time (exclusive bounds).
  std::optional<Seconds> published_after;
  std::optional<Seconds> published_before;
  // with_body fills body_html (feeds with full content, the content API).
  bool with_body = false;
  // edition keeps the stories of one edition; nullopt: every edition.
  std::optional<std::string> edition = std::nullopt;
};

// LiveTagQuery selects the tags at least one live story (published,
// published_at <= now) carries: a name typed into a draft stays unpublic
// until its first story goes out. `prefix` matches the start of the name,
// case-insensitive for ASCII ("" matches all).
struct LiveTagQuery {
  std::string prefix;
  Seconds now{};
  int64_t offset = 0;
  int64_t limit = 20;
};

// TagPage is one page of tags by name; `total` counts all matches.
struct TagPage {
  std::vector<Tag> items;
  int64_t total = 0;
};

// ArticlePage is one page of a listing. Items carry no body unless the
// query asked for it (with_body); total counts all matches.
struct ArticlePage {
  std::vector<Article> items;
  int64_t total = 0;
};

// ---- Readers: search, comments, views, sitemaps ----

// SearchQuery is a reader's search. `text` is what they typed, as is: the
// store turns it into a safe full-text query (words, no operators), so no
// input is a syntax error.
struct SearchQuery {
  std::string text;
  Seconds now{};
  int64_t offset = 0;
  int64_t limit = 10;
  // edition keeps the stories of one edition; nullopt: every edition.
  std::optional<std::string> edition = std::nullopt;
};

// kSnippetOpen/kSnippetClose mark matched words in SearchHit::snippet
// (private-use characters, which never occur in stories), so the caller can
// escape the text and then turn the marks into <mark> elements.
inline constexpr std::string_view kSnippetOpen = "\xEE\x80\x80";   // U+E000
inline constexpr std::string_view kSnippetClose = "\xEE\x80\x81";  // U+E001

// SearchHit is one live story matching a search, best first: relevance
// (headline and tags weigh more than the body) blended with recency.
struct SearchHit {
  Article article;      // no body
  std::string snippet;  // plain text around the matches, with marks
};

// SearchPage is one page of hits. `total` counts the live matches exactly
// unless `more` is set: then there are at least `total` (backends stop
// counting at a few thousand; nobody pages that far).
struct SearchPage {
  std::vector<SearchHit> hits;
  int64_t total = 0;
  bool more = false;
};

enum class CommentStatus { kPending, kApproved, kRejected, kSpam };
std::string_view CommentStatusName(CommentStatus s);  // "pending"
Result<CommentStatus> ParseCommentStatus(std::string_view name);

// Comment is a reader's comment. Text is plain text (never HTML); the email
// is for the newsroom only and is never shown.
struct Comment {
  int64_t id = 0;
  int64_t article_id = 0;
  std::optional<int64_t> parent_id;  // a reply to a top-level comment
  std::string name;
  std::string email;
  std::string body;
  CommentStatus status = CommentStatus::kPending;
  Seconds created_at{};
  std::string address;  // the poster's IP, for rate limits and spam
  std::optional<int64_t> moderated_by;
};

// CommentLine is a comment in the moderation queue, with its story.
struct CommentLine {
  Comment comment;
  std::string article_headline;
  std::string article_slug;
};

// SitemapEntry is one live story for the sitemaps.
struct SitemapEntry {
  int64_t id = 0;
  std::string slug;
  std::string headline;
  Seconds published_at{};
  Seconds updated_at{};
  std::vector<std::string> tag_names;
  std::string edition = "";
};

// ArticleLine is one row of the newsroom's story list.
struct ArticleLine {
  int64_t id = 0;
  ArticleStatus status = ArticleStatus::kDraft;
  std::optional<Seconds> published_at;
  std::string headline;
  std::string section_name;
  std::optional<int64_t> created_by;
  std::string created_by_name;  // the user's display name; "" for imports
  Seconds updated_at{};
  bool breaking = false;
  std::string edition = "";
};

// ArticleFilter narrows the newsroom's story list. Unset fields match all.
// `text` matches headlines containing it (case-insensitive for ASCII).
struct ArticleFilter {
  std::optional<ArticleStatus> status;
  std::optional<int64_t> created_by;
  std::optional<std::string> section_slug;
  std::optional<std::string> text;
  // published_from/to select by published_at (inclusive, exclusive).
  std::optional<Seconds> published_from;
  std::optional<Seconds> published_to;
  int64_t offset = 0;
  int64_t limit = 50;
  // edition keeps the stories of one edition; nullopt: every edition.
  std::optional<std::string> edition = std::nullopt;
  // visible_to keeps what one user may see in the list: the stories they
  // created and live ones (published, published_at <= now). A reporter's
  // list sets it, so the store never hands out other people's drafts or
  // scheduled stories (headline, section, author) for a page to hide.
  struct Viewer {
    int64_t user_id = 0;
    Seconds now{};
  };
  std::optional<Viewer> visible_to = std::nullopt;
};

// ArticleEvent records a status move: who moved the story, when.
struct ArticleEvent {
  ArticleStatus from = ArticleStatus::kDraft;
  ArticleStatus to = ArticleStatus::kDraft;
  std::optional<int64_t> user_id;  // none: the scheduler
  std::string user_name;           // display name; "" for the scheduler
  Seconds at{};
};

// RevisionLine is one saved version of a story's content, for the list.
struct RevisionLine {
  int64_t number = 0;  // 1, 2, 3 ... per article
  std::optional<int64_t> user_id;
  std::string user_name;
  Seconds saved_at{};
  std::string headline;
};

// Revision is a saved version's full content: restoring it is saving this
// draft again.
struct Revision {
  RevisionLine line;
  // status and published_at are not part of a revision; nor are edition
  // and translation_of (where a story belongs, not what it says): they are
  // filled from the story as it is now, so restoring never moves it.
  ArticleDraft content;
};

// Autosave is the unsaved text of one user's editor, kept so a crash or a
// closed tab loses nothing. `payload` is opaque to the store (the editor's
// form as JSON).
struct Autosave {
  int64_t article_id = 0;
  int64_t user_id = 0;
  int64_t base_version = 0;  // the version the editor was opened on
  std::string payload;
  Seconds saved_at{};
};

// UserRecord is a user with their password hash (Argon2id, as produced by
// libsodium's crypto_pwhash_str). Only the accounts code reads the hash.
struct UserRecord {
  User user;
  std::string password_hash;
};

// SessionRecord is a signed-in browser. The cookie carries a random token;
// the store keeps only its hash, so a leaked database opens no sessions.
struct SessionRecord {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  Seconds created_at{};
  Seconds expires_at{};
  Seconds last_seen_at{};
  std::string address;
};

// MediaVariant is one resized rendition of an image.
struct MediaVariant {
  std::string file;       // relative to the media directory
  std::string mime_type;  // "image/webp", "image/jpeg"
  int width = 0;
  int height = 0;
};

// MediaRecord is a file in the media directory the store knows about, with
// the words that travel with it and its resized renditions.
struct MediaRecord {
  int64_t id = 0;
  // file is the full-size public picture, relative to the media directory:
  // for newsroom uploads a metadata-free re-encoding (the original upload is
  // kept apart, see MediaLibrary::OriginalFile); for imports the file as is.
  std::string file;
  std::string mime_type;
  int64_t bytes = 0;
  int width = 0;
  int height = 0;
  Seconds created_at{};
  std::string caption;
  std::string credit;
  std::string alt;
  std::vector<MediaVariant> variants;  // smallest first
  std::optional<int64_t> uploaded_by;
};

// kRelatedPerTag bounds RelatedArticles' candidates per tag.
inline constexpr int64_t kRelatedPerTag = 100;

// StoreChange is one entry of the change journal. `kind` and `ref`:
//   kStory    ref = story id: what the story shows changed (words, image,
//             tag order, approved comments, slug) or it was deleted;
//   kListing  ref = story id: as kStory, and where it is listed may have
//             changed too (created, status, publication time, section,
//             tags or authors added or removed);
//   kSection, kTag, kAuthor, kMedia  ref = that row's id: renamed or
//             otherwise edited (for sections also added or removed);
//   kSettings ref = 0: a run-time settings override changed;
//   kCalendar ref = 0: a recorded Hijri month start changed.
struct StoreChange {
  enum class Kind { kStory, kListing, kSection, kTag, kAuthor, kMedia, kSettings, kCalendar };
  int64_t seq = 0;
  Kind kind = Kind::kStory;
  int64_t ref = 0;
};

// HijriMonthStart (calendar/month_start.h) is a recorded start of a Hijri
// month.

// ---- Imports (khabar import wordpress) ----

// ImportedComment is a comment brought in from another system. `key` is
// its identity there ("wordpress:<site>:comment:12"), unique; `parent_key`
// names the comment it replies to (a top-level comment of the same story,
// imported in the same or an earlier call), if any. comment.article_id and
// comment.parent_id are ignored: the store fills them.
struct ImportedComment {
  std::string key;
  std::optional<std::string> parent_key;
  Comment comment;
};

// ImportedArticle is a story brought in from another system, with its
// comments and the paths it was known by there (old permalinks, which
// answer 301 to the story from then on).
struct ImportedArticle {
  std::string key;  // its identity there ("wordpress:<site>:post:123"), unique
  ArticleDraft draft;
  Seconds created_at{};  // when it was written there
  Seconds updated_at{};  // when it was last changed there
  std::vector<ImportedComment> comments;
  // redirect_paths: each a path with, perhaps, a query ("/2019/03/floods/",
  // "/?p=123"), not percent-encoded (UTF-8 as is), unique across the site.
  std::vector<std::string> redirect_paths;
};

// ImportOutcome says what ImportArticle did.
struct ImportOutcome {
  int64_t article_id = 0;
  bool created = false;        // false: the key was known; the story was left as it is
  int64_t comments_added = 0;  // comments whose key was new
  int64_t redirects_added = 0;
  int64_t redirects_taken = 0;  // paths already leading elsewhere, left alone
};

// Redirect is an old path that now leads to a story.
struct Redirect {
  std::string path;
  int64_t article_id = 0;
};

// ---- The store's parts ----
//
// The store is one object (Store, at the end) in six parts, by who calls
// them; a module asks only for the parts it uses.

// ReaderStore is what readers' pages read: the public site, its feeds,
// sitemaps and content API. It is all a read replica serves
// (ReplicaRoutedStore, with --db-replica).
class ReaderStore {
 public:
  virtual ~ReaderStore() = default;

  // GetArticle returns the article with every field, whatever its status.
  virtual Result<Article> GetArticle(int64_t id) = 0;

  // ListLiveArticles returns a page of live stories matching `query`.
  virtual Result<ArticlePage> ListLiveArticles(const ArticleQuery& query) = 0;

  // ListSections returns the sections of `edition` (nullopt: of every
  // edition) by position, then name.
  virtual Result<std::vector<Section>> ListSections(std::optional<std::string> edition) = 0;

  // GetSection looks up by slug; kNotFound if absent. A slug the section
  // had before a rename still finds it (with its current slug), so callers
  // can redirect old URLs; so do GetTag's and GetAuthor's.
  virtual Result<Section> GetSection(const std::string& slug) = 0;

  // ListLiveTags returns a page of the tags of live stories matching
  // `query`, by name as ListTags orders them, and how many match. Its cost
  // is a fixed number of statements whatever the number of tags.
  virtual Result<TagPage> ListLiveTags(const LiveTagQuery& query) = 0;

  // GetLiveTag and GetLiveAuthor are GetTag and GetAuthor for readers: also
  // kNotFound (with the same message) while no live story at `now` carries
  // the name, so a draft's names do not leak.
  virtual Result<Tag> GetLiveTag(const std::string& slug, Seconds now) = 0;
  virtual Result<Author> GetLiveAuthor(const std::string& slug, Seconds now) = 0;

  // GetMediaByFile finds a recorded file by its name; kNotFound if none.
  virtual Result<MediaRecord> GetMediaByFile(const std::string& file) = 0;

  // SearchArticles finds live stories matching `query.text` in headline,
  // standfirst, body and tag names (case- and diacritic-insensitive, English
  // stemming). The index follows every create, save, move and publish.
  // Empty or wordless text gives an empty page, never an error.
  virtual Result<SearchPage> SearchArticles(const SearchQuery& query) = 0;

  // FindRedirect returns the story an old path leads to, matching the path
  // string exactly (no decoding or case folding); kNotFound when none (or
  // when that story was deleted: its paths go with it).
  virtual Result<Redirect> FindRedirect(const std::string& path) = 0;

  // ListApprovedComments returns a story's approved comments, oldest first
  // (replies after their parent's position by time; the caller nests them).
  virtual Result<std::vector<Comment>> ListApprovedComments(int64_t article_id) = 0;

  // MostRead returns the live stories of `edition` (nullopt: of every
  // edition) with the most views at or after `since`, most first (no body).
  virtual Result<std::vector<Article>> MostRead(Seconds since, Seconds now, int64_t limit,
                                                std::optional<std::string> edition) = 0;

  // RelatedArticles returns other live stories of story `id`'s edition
  // sharing tags with it, most shared tags first, then newest (no body).
  // Candidates are the kRelatedPerTag most recently created stories of each
  // of its tags, so the cost does not grow with the archive (a tag on a
  // third of 100,000 stories would otherwise be counted in full on every
  // page).
  virtual Result<std::vector<Article>> RelatedArticles(int64_t id, Seconds now, int64_t limit) = 0;

  // ListTranslations returns the live stories (no body) of story `id`'s
  // translation group (the original and its translations: those sharing
  // coalesce(translation_of, id)) other than `id` itself, by edition, then
  // id. Empty for a story with no translations, or none.
  virtual Result<std::vector<Article>> ListTranslations(int64_t id, Seconds now) = 0;

  // ListSitemapEntries returns live stories of `edition` (nullopt: of
  // every edition), newest first; CountLiveArticles counts them.
  virtual Result<std::vector<SitemapEntry>> ListSitemapEntries(
      Seconds now, int64_t offset, int64_t limit, std::optional<std::string> edition) = 0;
  virtual Result<int64_t> CountLiveArticles(Seconds now, std::optional<std::string> edition) = 0;

  // Setting overrides are values changed at run time (later by admins),
  // keyed "table.key" ("comments.closed_text"); they win over the file.
  virtual Result<std::map<std::string, std::string>> GetSettingOverrides() = 0;

  // ListHijriMonthStarts returns every record, oldest first.
  virtual Result<std::vector<HijriMonthStart>> ListHijriMonthStarts() = 0;
};

// ReaderActivity is what readers write: comments and page views. It always
// goes to the primary.
class ReaderActivity {
 public:
  virtual ~ReaderActivity() = default;

  // AddComment stores a comment. kInvalidArgument when the story does not
  // exist, or the parent is not a top-level comment of the same story (one
  // level of replies).
  virtual Result<int64_t> AddComment(const Comment& comment) = 0;

  // CountCommentsFrom counts comments from `address` at or after `since`.
  virtual Result<int64_t> CountCommentsFrom(const std::string& address, Seconds since) = 0;

  // AddPageViews adds view counts, one (article id, views) pair per story,
  // to the hour starting at `hour`, in one write (callers batch).
  virtual Status AddPageViews(const std::vector<std::pair<int64_t, int64_t>>& views,
                              Seconds hour) = 0;
};

// NewsroomStore is the newsroom's own reads and writes: stories and their
// workflow, revisions and autosaves, sections, tags, authors, media,
// moderation and run-time settings. The newsroom reads the primary, with
// the ReaderStore of the same store, so an editor always sees what they
// just saved.
class NewsroomStore {
 public:
  virtual ~NewsroomStore() = default;

  // CreateArticle validates `draft` (ValidateDraft), finds or creates its
  // section (creates only if draft.may_create_section), authors and tags by
  // name, and stores it as version 1 with its
  // content as revision 1 (by draft.created_by). A name finds a row by its
  // slug, its current name, or a slug it had before a rename or merge.
  // The section is found and created within draft.edition (tags and
  // authors are shared by every edition).
  // Errors: kInvalidArgument for a bad draft or an unknown created_by, for
  // a section name whose slug is another edition's section or that finds no
  // section when the draft may not create one ("section"), for
  // a translation_of that is not a story of another edition which is not
  // itself a translation ("translation_of"); kAlreadyExists when the slug is
  // taken.
  virtual Result<int64_t> CreateArticle(const ArticleDraft& draft, Seconds now) = 0;

  // ListArticleLines returns every story, newest first (by published_at,
  // then id), for the newsroom.
  virtual Result<std::vector<ArticleLine>> ListArticleLines() = 0;

  // FindArticleLines is the newsroom's filtered story list: drafts (no
  // published_at) first, then newest first; `total` in the result counts
  // all matches.
  virtual Result<std::pair<std::vector<ArticleLine>, int64_t>> FindArticleLines(
      const ArticleFilter& filter) = 0;

  // UpdateArticle replaces the content of story `id` with `draft` (every
  // field except status and published_at, which only TransitionArticle
  // changes), keeps the new content as a revision by `user_id`, sets
  // updated_at to `now` and increments the version. Errors: kNotFound;
  // kConflict when the story's version is not `expected_version` (someone
  // else saved or moved it first: the message says who and when);
  // kInvalidArgument (also for an unknown user); kAlreadyExists for a taken
  // slug. An empty draft.slug keeps the story's slug; draft.created_by is
  // ignored (the creator never changes). draft.edition and
  // draft.translation_of are checked as for CreateArticle (a story others
  // translate may not become a translation itself; moving it to the edition
  // of one of its translations is refused too). Deletes the user's autosave
  // of this story.
  virtual Result<Article> UpdateArticle(int64_t id, const ArticleDraft& draft,
                                        int64_t expected_version, int64_t user_id, Seconds now) = 0;

  // TransitionArticle moves story `id` to status `to` and records who and
  // when. `published_at` is required for published and scheduled (kept as
  // is when not given and the story has one); a given time is stored
  // whatever the status. Increments the version; kConflict as for
  // UpdateArticle. A move is not an edit: updated_at (the page's "Updated"
  // line) does not change. The store does not check roles (that is
  // CheckTransition's job) but refuses a published or scheduled story
  // without a time.
  virtual Result<Article> TransitionArticle(int64_t id, ArticleStatus to,
                                            std::optional<Seconds> published_at,
                                            int64_t expected_version, int64_t user_id,
                                            Seconds now) = 0;

  // PublishDueArticles publishes every scheduled story whose time has come
  // (published_at <= now), recording the scheduler as the actor, and
  // returns their ids. Safe to call from several threads or processes: each
  // story is published once. Each publication increments the version.
  virtual Result<std::vector<int64_t>> PublishDueArticles(Seconds now) = 0;

  // ListArticleEvents returns the status moves of a story, oldest first;
  // kNotFound when there is no such story.
  virtual Result<std::vector<ArticleEvent>> ListArticleEvents(int64_t id) = 0;

  // ListRevisions returns a story's revisions, newest first. The story's
  // creation is revision 1. kNotFound when there is no such story.
  virtual Result<std::vector<RevisionLine>> ListRevisions(int64_t article_id) = 0;

  // GetRevision returns one revision; kNotFound if there is no such one.
  virtual Result<Revision> GetRevision(int64_t article_id, int64_t number) = 0;

  // Autosaves: one per (story, user), replaced on every autosave. PutAutosave
  // returns kNotFound when the story does not exist.
  virtual Status PutAutosave(const Autosave& autosave) = 0;
  virtual Result<std::optional<Autosave>> GetAutosave(int64_t article_id, int64_t user_id) = 0;

  // GetTag and GetAuthor look up by slug, as GetSection does, whether or
  // not a live story carries the name (readers ask GetLiveTag and
  // GetLiveAuthor).
  virtual Result<Tag> GetTag(const std::string& slug) = 0;
  virtual Result<Author> GetAuthor(const std::string& slug) = 0;

  // CreateSection adds a section to section.edition (slug from the name
  // when empty); kAlreadyExists when the name or slug is taken (slugs are
  // unique across editions, as they make URLs); kInvalidArgument for an
  // edition key that is not one.
  virtual Result<Section> CreateSection(const Section& section) = 0;

  // UpdateSection changes name, slug, position and edition of section.id;
  // an empty slug keeps the current one, and a replaced slug keeps finding
  // it. kNotFound; kAlreadyExists as for CreateSection; kInvalidArgument
  // for a bad edition key or when stories of the section are of another
  // edition than the new one (a section and its stories share an edition).
  virtual Result<Section> UpdateSection(const Section& section) = 0;

  // ListTags returns tags whose name starts with `prefix` (case-insensitive
  // for ASCII; all tags when empty), by name, at most `limit`.
  virtual Result<std::vector<Tag>> ListTags(const std::string& prefix, int64_t limit) = 0;

  // RenameTag gives tag `id` a new display name and the slug made from it;
  // kAlreadyExists when another tag has that slug (merge them instead).
  virtual Result<Tag> RenameTag(int64_t id, const std::string& name) = 0;

  // MergeTags moves every story of tag `from_id` to `into_id` and removes
  // `from_id`; its slug then finds `into_id`.
  virtual Status MergeTags(int64_t from_id, int64_t into_id) = 0;

  // ListAuthors returns every author by name (case-insensitive for ASCII).
  virtual Result<std::vector<Author>> ListAuthors() = 0;

  // UpdateAuthor changes the name, bio and photo of author.id (the slug
  // stays, so links never break).
  virtual Result<Author> UpdateAuthor(const Author& author) = 0;

  // AddMedia records a file (with its variants and words); kAlreadyExists
  // when the file is already recorded.
  virtual Result<int64_t> AddMedia(const MediaRecord& media) = 0;

  // GetMedia finds a recorded file by its id; kNotFound if none.
  virtual Result<MediaRecord> GetMedia(int64_t id) = 0;

  // ListMedia returns the newest media first.
  virtual Result<std::vector<MediaRecord>> ListMedia(int64_t offset, int64_t limit) = 0;

  // UpdateMediaText changes the caption, credit and alt of media `id`.
  virtual Status UpdateMediaText(int64_t id, const std::string& caption, const std::string& credit,
                                 const std::string& alt) = 0;

  // ListCommentsByStatus is the moderation queue, newest first.
  virtual Result<std::vector<CommentLine>> ListCommentsByStatus(CommentStatus status,
                                                                int64_t offset, int64_t limit) = 0;

  // CountCommentsByStatus counts the comments of each status: the
  // moderation queues' sizes (a status with none counts 0).
  virtual Result<std::map<CommentStatus, int64_t>> CountCommentsByStatus() = 0;
  // ModerateComment sets a comment's status; kNotFound if there is none.
  virtual Status ModerateComment(int64_t id, CommentStatus status, int64_t user_id) = 0;

  // SetSettingOverride sets one override (GetSettingOverrides).
  virtual Status SetSettingOverride(const std::string& key, const std::string& value) = 0;

  // SetHijriMonthStart records (or replaces) the start of one Hijri month.
  virtual Status SetHijriMonthStart(const HijriMonthStart& start) = 0;
};

// AccountStore is accounts, sessions and login throttling (auth/).
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // CreateUser adds an account; kAlreadyExists when the login is taken
  // (case-insensitive), kInvalidArgument for a bad login or role or an
  // empty display name.
  virtual Result<int64_t> CreateUser(const UserRecord& user) = 0;
  virtual Result<UserRecord> GetUser(int64_t id) = 0;

  // GetUserByLogin is case-insensitive.
  virtual Result<UserRecord> GetUserByLogin(const std::string& login) = 0;

  // ListUsers returns every user by login.
  virtual Result<std::vector<User>> ListUsers() = 0;

  // SetUserPassword stores a new hash and ends every session of the user.
  virtual Status SetUserPassword(int64_t id, const std::string& password_hash, Seconds now) = 0;

  // SetUserDisabled disables (ending every session) or re-enables a user.
  virtual Status SetUserDisabled(int64_t id, bool disabled) = 0;
  virtual Status SetUserRole(int64_t id, Role role) = 0;
  virtual Status CreateSession(const SessionRecord& session) = 0;

  // GetSession finds a session by token hash; kNotFound when absent. The
  // caller checks expiry.
  virtual Result<SessionRecord> GetSession(const std::string& token_hash) = 0;

  // TouchSession slides a session's expiry.
  virtual Status TouchSession(const std::string& token_hash, Seconds last_seen_at,
                              Seconds expires_at) = 0;

  // DeleteSession ends one session; ending an absent one is not an error.
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOfUser(int64_t user_id) = 0;

  // DeleteExpiredSessions removes sessions that expired before `now`.
  virtual Result<int64_t> DeleteExpiredSessions(Seconds now) = 0;

  // Failed logins are counted per key ("login:sana", "addr:10.0.0.7") in
  // the store, so every node of a site sees the same counts.
  virtual Status RecordLoginFailure(const std::string& key, Seconds at) = 0;

  // CountLoginFailures counts failures of `key` at or after `since`.
  virtual Result<int64_t> CountLoginFailures(const std::string& key, Seconds since) = 0;
  virtual Status ClearLoginFailures(const std::string& key) = 0;

  // DeleteLoginFailuresBefore forgets failures older than `before` (they no
  // longer count in any window); returns how many it removed.
  virtual Result<int64_t> DeleteLoginFailuresBefore(Seconds before) = 0;
};

// ImportStore is what importers write (khabar import wordpress).
class ImportStore {
 public:
  virtual ~ImportStore() = default;

  // ImportArticle brings in one story with its comments and redirects, in
  // one transaction: all of it or nothing. When `item.key` was imported
  // before, the story is left untouched (a newsroom may have edited it
  // since) and only comments and redirect paths not seen before are added,
  // so importing the same file again changes nothing. The story is created
  // as CreateArticle would (same validation, errors and journal entry,
  // kListing), but with item.created_at/updated_at as its times (revision 1
  // is dated created_at); draft.created_by may be empty or a user that
  // exists. Comments whose key was recorded before are skipped. A
  // parent_key is looked up among the keys recorded so far (earlier
  // comments of the same item included): one naming a reply of this story
  // makes the comment a reply to that reply's top-level comment (one level
  // of replies); one that is unknown, or names anything but a comment of
  // this story, makes it top-level (callers flatten first; the store never
  // fails on it). An approved comment added to a story journals it
  // (kStory), as AddComment does. A path that already leads to this story
  // is left as it is; one that leads to another story is counted in
  // redirects_taken and left as it is.
  // Errors (the message names item.key, and the comment or path that
  // failed): CreateArticle's, when the story is created; kInvalidArgument
  // for an empty key or path, a comment status that is not one, or an
  // unknown moderated_by; kNotFound when item.key was imported as a story
  // that no longer exists.
  virtual Result<ImportOutcome> ImportArticle(const ImportedArticle& item) = 0;

  // FindImported returns the local id recorded for an imported key (story,
  // comment or anything else recorded with RecordImported), or nullopt.
  virtual Result<std::optional<int64_t>> FindImported(const std::string& key) = 0;

  // RecordImported records `key` as imported as local id `id` (users and
  // media brought in by an import); kAlreadyExists when the key is taken,
  // kInvalidArgument when it is empty. Keys are compared as exact strings.
  virtual Status RecordImported(const std::string& key, int64_t id) = 0;
};

// ChangeJournal is the journal of changes to what public pages show
// (StoreChange), which keeps the page cache exact (site/cache_sync.h).
class ChangeJournal {
 public:
  virtual ~ChangeJournal() = default;

  // Every write that changes what a public page shows appends a Change in
  // the same transaction, whoever writes (newsroom, scheduler, CLI,
  // another process): the page cache reads the journal to drop exactly
  // the pages that show what changed. See StoreChange for the kinds.
  //
  // ListChanges returns changes with seq > `after`, oldest first, at most
  // `limit`. Sequence numbers grow in commit order.
  virtual Result<std::vector<StoreChange>> ListChanges(int64_t after, int64_t limit) = 0;

  // LatestChange returns the highest seq written so far (0 when none).
  virtual Result<int64_t> LatestChange() = 0;

  // PruneChanges deletes changes with seq <= `through`.
  virtual Status PruneChanges(int64_t through) = 0;
};

// Store is the whole store: SqlStore (store/sql/) implements it over
// SQLite or PostgreSQL. Code that opens or wires the store holds a Store
// and hands each module the parts it asks for.
class Store : public ReaderStore,
              public ReaderActivity,
              public NewsroomStore,
              public AccountStore,
              public ImportStore,
              public ChangeJournal {};

}  // namespace khabar
