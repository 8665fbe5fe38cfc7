// The store conformance suite (see store_contract_test.h): imports. A story
// brought in from another system is created as CreateArticle would, with
// its own times, comments and old paths, all in one transaction; its key,
// and each comment's, make importing the same file again add nothing twice.
#include <gmock/gmock.h>

#include <optional>
#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace std::chrono_literals;
using namespace store_contract;

const std::string kPostKey = "wordpress:example.com:post:123";

std::string CommentKey(int n) { return "wordpress:example.com:comment:" + std::to_string(n); }

ImportedComment NewComment(int n, std::string body, CommentStatus status, Seconds at,
                           std::optional<int> parent = std::nullopt) {
  ImportedComment c;
  c.key = CommentKey(n);
  if (parent) c.parent_key = CommentKey(*parent);
  c.comment.name = "Reader " + std::to_string(n);
  c.comment.email = "reader" + std::to_string(n) + "@example.com";
  c.comment.body = std::move(body);
  c.comment.status = status;
  c.comment.created_at = at;
  return c;
}

// FloodsPost is a published WordPress post with three tags, two bylines, a
// thread of comments (approved, pending, spam, a reply, a reply to that
// reply, and a reply to a comment never imported) and two old paths.
ImportedArticle FloodsPost() {
  ImportedArticle item;
  item.key = kPostKey;
  item.draft = Published("Floods in Sindh", "Pakistan", kNow - 24h * 30);
  item.draft.tag_names = {"Floods", "Sindh", "Monsoon"};
  item.draft.author_names = {"Zeb Khan", "Asma Ali"};
  item.created_at = kNow - 24h * 31;
  item.updated_at = kNow - 24h * 29;
  const Seconds t = kNow - 24h * 30;
  item.comments = {
      NewComment(1, "Stay safe", CommentStatus::kApproved, t + 1h),
      NewComment(2, "Waiting", CommentStatus::kPending, t + 2h),
      NewComment(3, "Buy pills", CommentStatus::kSpam, t + 3h),
      NewComment(4, "Agreed", CommentStatus::kApproved, t + 4h, 1),
      NewComment(5, "Me too", CommentStatus::kApproved, t + 5h, 4),
      NewComment(6, "Orphan", CommentStatus::kApproved, t + 6h, 999),
  };
  item.comments[0].comment.address = "10.0.0.7";
  item.redirect_paths = {"/2019/03/floods-in-sindh/", "/?p=123"};
  return item;
}

ImportOutcome Import(Store& store, const ImportedArticle& item) {
  auto outcome = store.ImportArticle(item);
  EXPECT_TRUE(outcome) << item.key << ": " << outcome.error().ToString();
  return outcome.value_or(ImportOutcome{});
}

// CommentBodies returns the bodies of the story's comments of `status`,
// oldest first.
std::vector<std::string> CommentBodies(Store& store, int64_t article_id, CommentStatus status) {
  auto lines = store.ListCommentsByStatus(status, 0, 1000);
  EXPECT_TRUE(lines) << lines.error().ToString();
  std::vector<std::string> out;
  if (!lines) return out;
  for (auto it = lines->rbegin(); it != lines->rend(); ++it) {
    if (it->comment.article_id == article_id) out.push_back(it->comment.body);
  }
  return out;
}

int64_t CountComments(Store& store, int64_t article_id) {
  int64_t n = 0;
  for (CommentStatus s : {CommentStatus::kPending, CommentStatus::kApproved,
                          CommentStatus::kRejected, CommentStatus::kSpam}) {
    n += static_cast<int64_t>(CommentBodies(store, article_id, s).size());
  }
  return n;
}

std::optional<int64_t> Found(Store& store, const std::string& key) {
  auto found = store.FindImported(key);
  EXPECT_TRUE(found) << found.error().ToString();
  return found.value_or(std::nullopt);
}

int64_t Latest(Store& store) {
  auto latest = store.LatestChange();
  EXPECT_TRUE(latest) << latest.error().ToString();
  return latest.value_or(-1);
}

std::vector<std::string> ChangesAfter(Store& store, int64_t after) {
  auto changes = store.ListChanges(after, 1000);
  EXPECT_TRUE(changes) << changes.error().ToString();
  std::vector<std::string> out;
  if (!changes) return out;
  for (const StoreChange& c : *changes) {
    if (c.kind == StoreChange::Kind::kStory) out.push_back("story " + std::to_string(c.ref));
    if (c.kind == StoreChange::Kind::kListing) out.push_back("listing " + std::to_string(c.ref));
  }
  return out;
}

std::vector<std::string> Names(const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const Tag& t : tags) out.push_back(t.name);
  return out;
}

std::vector<std::string> Names(const std::vector<Author>& authors) {
  std::vector<std::string> out;
  for (const Author& a : authors) out.push_back(a.name);
  return out;
}

TEST_P(StoreContractTest, ImportCreatesTheStoryWithItsTimesCommentsAndOldPaths) {
  const int64_t editor = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  ImportedArticle item = FloodsPost();
  item.comments[0].comment.moderated_by = editor;
  const int64_t before = Latest(store());
  const ImportOutcome outcome = Import(store(), item);
  EXPECT_TRUE(outcome.created);
  EXPECT_EQ(outcome.comments_added, 6);
  EXPECT_EQ(outcome.redirects_added, 2);
  EXPECT_EQ(outcome.redirects_taken, 0);
  const int64_t id = outcome.article_id;
  ASSERT_GT(id, 0);

  auto a = store().GetArticle(id);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->headline, "Floods in Sindh");
  EXPECT_EQ(a->slug, "floods-in-sindh");
  EXPECT_EQ(a->section.name, "Pakistan");
  EXPECT_EQ(Names(a->tags), (std::vector<std::string>{"Floods", "Sindh", "Monsoon"}));
  EXPECT_EQ(Names(a->authors), (std::vector<std::string>{"Zeb Khan", "Asma Ali"}));
  EXPECT_EQ(a->status, ArticleStatus::kPublished);
  EXPECT_EQ(a->published_at, kNow - 24h * 30);
  EXPECT_EQ(a->created_at, item.created_at);
  EXPECT_EQ(a->updated_at, item.updated_at);
  EXPECT_EQ(a->version, 1);
  EXPECT_FALSE(a->created_by);
  EXPECT_EQ(a->comment_count, 4);
  auto revisions = store().ListRevisions(id);
  ASSERT_TRUE(revisions) << revisions.error().ToString();
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].saved_at, item.created_at);

  // Listed and found like a story the newsroom created.
  ArticleQuery home;
  home.now = kNow;
  auto page = store().ListLiveArticles(home);
  ASSERT_TRUE(page) << page.error().ToString();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, id);
  home.tag_slug = "monsoon";
  home.author_slug = "asma-ali";
  home.section_slug = "pakistan";
  page = store().ListLiveArticles(home);
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_EQ(page->total, 1);
  SearchQuery q;
  q.now = kNow;
  q.text = "floods";
  auto hits = store().SearchArticles(q);
  ASSERT_TRUE(hits) << hits.error().ToString();
  ASSERT_EQ(hits->hits.size(), 1u);
  EXPECT_EQ(hits->hits[0].article.id, id);
  EXPECT_THAT(ChangesAfter(store(), before), Contains("listing " + std::to_string(id)));

  // The thread: a reply to a reply hangs from the top-level comment, and a
  // reply to a comment never imported is top-level.
  auto approved = store().ListApprovedComments(id);
  ASSERT_TRUE(approved) << approved.error().ToString();
  ASSERT_EQ(approved->size(), 4u);
  const Comment& first = (*approved)[0];
  EXPECT_EQ(first.body, "Stay safe");
  EXPECT_EQ(first.name, "Reader 1");
  EXPECT_EQ(first.email, "reader1@example.com");
  EXPECT_EQ(first.created_at, kNow - 24h * 30 + 1h);
  EXPECT_EQ(first.address, "10.0.0.7");
  EXPECT_EQ(first.moderated_by, editor);
  EXPECT_FALSE(first.parent_id);
  EXPECT_EQ((*approved)[1].body, "Agreed");
  EXPECT_EQ((*approved)[1].parent_id, first.id);
  EXPECT_EQ((*approved)[1].address, "");
  EXPECT_EQ((*approved)[2].body, "Me too");
  EXPECT_EQ((*approved)[2].parent_id, first.id);
  EXPECT_EQ((*approved)[3].body, "Orphan");
  EXPECT_FALSE((*approved)[3].parent_id);
  EXPECT_THAT(CommentBodies(store(), id, CommentStatus::kPending), ElementsAre("Waiting"));
  EXPECT_THAT(CommentBodies(store(), id, CommentStatus::kSpam), ElementsAre("Buy pills"));

  EXPECT_EQ(Found(store(), kPostKey), id);
  EXPECT_EQ(Found(store(), CommentKey(1)), first.id);
  EXPECT_EQ(Found(store(), CommentKey(5)), (*approved)[2].id);
  EXPECT_EQ(Found(store(), CommentKey(999)), std::nullopt);

  for (const std::string& path : item.redirect_paths) {
    auto r = store().FindRedirect(path);
    ASSERT_TRUE(r) << path << ": " << r.error().ToString();
    EXPECT_EQ(r->path, path);
    EXPECT_EQ(r->article_id, id);
  }
  // Paths match exactly, as written.
  for (const char* other : {"/2019/03/floods-in-sindh", "/?p=1234", "/2019/03/Floods-in-Sindh/"}) {
    auto r = store().FindRedirect(other);
    ASSERT_FALSE(r) << other;
    EXPECT_EQ(r.error().code(), Code::kNotFound) << other;
  }
}

TEST_P(StoreContractTest, ImportingTheSameItemAgainChangesNothing) {
  const int64_t editor = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  const ImportedArticle item = FloodsPost();
  const int64_t id = Import(store(), item).article_id;
  ASSERT_GT(id, 0);
  // The newsroom edits the story after the first import; a second import
  // leaves that edit alone.
  ArticleDraft edited = item.draft;
  edited.headline = "Floods in Sindh: the toll";
  auto saved = store().UpdateArticle(id, edited, 1, editor, kNow - 1h);
  ASSERT_TRUE(saved) << saved.error().ToString();
  const int64_t comments = CountComments(store(), id);
  EXPECT_EQ(comments, 6);
  const int64_t before = Latest(store());

  const ImportOutcome again = Import(store(), item);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.article_id, id);
  EXPECT_EQ(again.comments_added, 0);
  EXPECT_EQ(again.redirects_added, 0);
  EXPECT_EQ(again.redirects_taken, 0);
  auto a = store().GetArticle(id);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->headline, "Floods in Sindh: the toll");
  EXPECT_EQ(a->version, saved->version);
  EXPECT_EQ(a->updated_at, kNow - 1h);
  EXPECT_EQ(CountComments(store(), id), comments);
  EXPECT_EQ(Latest(store()), before);
  auto lines = store().ListArticleLines();
  ASSERT_TRUE(lines) << lines.error().ToString();
  EXPECT_EQ(lines->size(), 1u);
}

TEST_P(StoreContractTest, ImportingAgainWithOneMoreCommentAddsOnlyThat) {
  ImportedArticle item = FloodsPost();
  const int64_t id = Import(store(), item).article_id;
  ASSERT_GT(id, 0);
  const int64_t before = Latest(store());

  item.comments.push_back(
      NewComment(7, "Late reply", CommentStatus::kApproved, kNow - 24h, /*parent=*/5));
  const ImportOutcome again = Import(store(), item);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.article_id, id);
  EXPECT_EQ(again.comments_added, 1);
  EXPECT_EQ(again.redirects_added, 0);
  EXPECT_EQ(CountComments(store(), id), 7);
  auto approved = store().ListApprovedComments(id);
  ASSERT_TRUE(approved) << approved.error().ToString();
  ASSERT_EQ(approved->size(), 5u);
  EXPECT_EQ(approved->back().body, "Late reply");
  EXPECT_EQ(approved->back().parent_id, Found(store(), CommentKey(1)));
  auto a = store().GetArticle(id);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->version, 1);
  EXPECT_EQ(a->comment_count, 5);
  // A new approved comment changes what the story's page shows.
  EXPECT_THAT(ChangesAfter(store(), before), ElementsAre("story " + std::to_string(id)));

  // A pending one shows on no public page.
  const int64_t after_approved = Latest(store());
  item.comments.push_back(NewComment(8, "Hold on", CommentStatus::kPending, kNow - 23h));
  EXPECT_EQ(Import(store(), item).comments_added, 1);
  EXPECT_THAT(ChangesAfter(store(), after_approved), IsEmpty());
}

TEST_P(StoreContractTest, ImportLeavesAnOldPathThatLeadsElsewhere) {
  ImportedArticle first = FloodsPost();
  first.comments.clear();
  const int64_t first_id = Import(store(), first).article_id;
  ASSERT_GT(first_id, 0);

  ImportedArticle second;
  second.key = "wordpress:example.com:post:124";
  second.draft = Published("Relief reaches Thatta", "Pakistan", kNow - 24h * 28);
  second.created_at = kNow - 24h * 28;
  second.updated_at = kNow - 24h * 28;
  second.redirect_paths = {"/?p=123", "/2019/03/relief/", "/2019/03/relief/"};
  const ImportOutcome outcome = Import(store(), second);
  EXPECT_TRUE(outcome.created);
  EXPECT_EQ(outcome.redirects_added, 1);
  EXPECT_EQ(outcome.redirects_taken, 1);
  auto r = store().FindRedirect("/?p=123");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->article_id, first_id);
  r = store().FindRedirect("/2019/03/relief/");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->article_id, outcome.article_id);
}

TEST_P(StoreContractTest, ImportOfABadItemWritesNothingAtAll) {
  const int64_t before = Latest(store());
  auto nothing_written = [&](const ImportedArticle& item) {
    EXPECT_EQ(Found(store(), item.key), std::nullopt);
    for (const ImportedComment& c : item.comments) {
      EXPECT_EQ(Found(store(), c.key), std::nullopt) << c.key;
    }
    for (const std::string& path : item.redirect_paths) {
      auto r = store().FindRedirect(path);
      ASSERT_FALSE(r) << path;
      EXPECT_EQ(r.error().code(), Code::kNotFound);
    }
    for (CommentStatus s : {CommentStatus::kPending, CommentStatus::kApproved,
                            CommentStatus::kRejected, CommentStatus::kSpam}) {
      auto lines = store().ListCommentsByStatus(s, 0, 100);
      ASSERT_TRUE(lines) << lines.error().ToString();
      EXPECT_THAT(*lines, IsEmpty());
    }
  };

  ImportedArticle headless = FloodsPost();
  headless.draft.headline = "";
  auto outcome = store().ImportArticle(headless);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(outcome.error().message(), HasSubstr(kPostKey));
  nothing_written(headless);
  EXPECT_EQ(Latest(store()), before);

  // A comment that fails takes its story with it.
  ImportedArticle bad_comment = FloodsPost();
  bad_comment.comments[4].comment.moderated_by = 4242;
  outcome = store().ImportArticle(bad_comment);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(outcome.error().message(), HasSubstr(CommentKey(5)));
  nothing_written(bad_comment);

  ImportedArticle unknown_creator = FloodsPost();
  unknown_creator.draft.created_by = 4242;
  outcome = store().ImportArticle(unknown_creator);
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Code::kInvalidArgument);
  nothing_written(unknown_creator);

  auto lines = store().ListArticleLines();
  ASSERT_TRUE(lines) << lines.error().ToString();
  EXPECT_THAT(*lines, IsEmpty());

  // A taken slug is kAlreadyExists, as for CreateArticle.
  const int64_t existing = AddStory(store(), Draft("Floods in Sindh"));
  outcome = store().ImportArticle(FloodsPost());
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), Code::kAlreadyExists);
  EXPECT_THAT(outcome.error().message(), HasSubstr("floods-in-sindh"));
  nothing_written(FloodsPost());
  lines = store().ListArticleLines();
  ASSERT_TRUE(lines) << lines.error().ToString();
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ(lines->front().id, existing);
}

TEST_P(StoreContractTest, ImportKeepsAKnownCreator) {
  const int64_t reporter = AddUser(store(), "sana", "Sana Mir");
  ImportedArticle item = FloodsPost();
  item.draft.created_by = reporter;
  item.draft.status = ArticleStatus::kDraft;
  item.draft.published_at.reset();
  const ImportOutcome outcome = Import(store(), item);
  ASSERT_TRUE(outcome.created);
  auto a = store().GetArticle(outcome.article_id);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->created_by, reporter);
  EXPECT_EQ(a->status, ArticleStatus::kDraft);
  // A draft is not live.
  EXPECT_EQ(*store().CountLiveArticles(kNow, std::nullopt), 0);
}

TEST_P(StoreContractTest, ImportKeysAreRecordedOnce) {
  EXPECT_EQ(Found(store(), "wordpress:example.com:user:3"), std::nullopt);
  ASSERT_TRUE(store().RecordImported("wordpress:example.com:user:3", 7).ok());
  EXPECT_EQ(Found(store(), "wordpress:example.com:user:3"), 7);
  Status again = store().RecordImported("wordpress:example.com:user:3", 8);
  EXPECT_EQ(again.code(), Code::kAlreadyExists);
  EXPECT_THAT(again.message(), HasSubstr("wordpress:example.com:user:3"));
  EXPECT_EQ(Found(store(), "wordpress:example.com:user:3"), 7);
  // Keys are exact strings.
  EXPECT_EQ(Found(store(), "wordpress:example.com:user:30"), std::nullopt);
  EXPECT_EQ(Found(store(), "WordPress:example.com:user:3"), std::nullopt);
}

TEST_P(StoreContractTest, FindRedirectOfAnUnknownPathIsNotFound) {
  auto r = store().FindRedirect("/nowhere/");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), Code::kNotFound);
}

}  // namespace
}  // namespace khabar
