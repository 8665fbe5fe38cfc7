// The store conformance suite (see store_contract_test.h): what readers
// add and find besides search: comments and their moderation, page views
// and "most read", related stories, sitemaps, and the listing options feeds
// use (time bounds, bodies).
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;
using namespace std::chrono_literals;
using namespace store_contract;

Comment NewComment(int64_t article_id, std::string body, Seconds at,
                   CommentStatus status = CommentStatus::kPending,
                   std::optional<int64_t> parent_id = std::nullopt,
                   std::string address = "10.0.0.7") {
  Comment c;
  c.article_id = article_id;
  c.parent_id = parent_id;
  c.name = "Reader";
  c.email = "reader@example.com";
  c.body = std::move(body);
  c.status = status;
  c.created_at = at;
  c.address = std::move(address);
  return c;
}

int64_t AddComment(Store& store, const Comment& c) {
  auto id = store.AddComment(c);
  EXPECT_TRUE(id) << c.body << ": " << id.error().ToString();
  return id ? *id : 0;
}

std::vector<std::string> Bodies(const std::vector<Comment>& comments) {
  std::vector<std::string> out;
  for (const Comment& c : comments) out.push_back(c.body);
  return out;
}

std::vector<std::string> Headlines(const std::vector<Article>& items) {
  std::vector<std::string> out;
  for (const Article& a : items) out.push_back(a.headline);
  return out;
}

ArticleDraft Tagged(std::string headline, Seconds at, std::vector<std::string> tags) {
  ArticleDraft d = Published(std::move(headline), "World", at);
  d.tag_names = std::move(tags);
  return d;
}

// ---- Comments ----

TEST_P(StoreContractTest, CommentsRoundTripAndListApprovedOldestFirst) {
  const int64_t story = AddStory(store(), Published("Budget day", "Business", kNow - 5h));
  const int64_t first =
      AddComment(store(), NewComment(story, "First!", kNow - 3h, CommentStatus::kApproved));
  AddComment(store(), NewComment(story, "Pending one", kNow - 2h));
  AddComment(store(), NewComment(story, "Spam", kNow - 2h, CommentStatus::kSpam));
  AddComment(store(), NewComment(story, "Later", kNow - 1h, CommentStatus::kApproved));
  AddComment(store(), NewComment(story, "Earlier", kNow - 4h, CommentStatus::kApproved));

  auto approved = store().ListApprovedComments(story);
  ASSERT_TRUE(approved) << approved.error().ToString();
  EXPECT_THAT(Bodies(*approved), ElementsAre("Earlier", "First!", "Later"));
  const Comment& c = (*approved)[1];
  EXPECT_EQ(c.id, first);
  EXPECT_EQ(c.article_id, story);
  EXPECT_FALSE(c.parent_id);
  EXPECT_EQ(c.name, "Reader");
  EXPECT_EQ(c.email, "reader@example.com");
  EXPECT_EQ(c.status, CommentStatus::kApproved);
  EXPECT_EQ(c.created_at, kNow - 3h);
  EXPECT_EQ(c.address, "10.0.0.7");
  EXPECT_FALSE(c.moderated_by);

  EXPECT_THAT(*store().ListApprovedComments(story + 100), IsEmpty());
}

TEST_P(StoreContractTest, CommentsAllowOneLevelOfRepliesOnTheSameStory) {
  const int64_t story = AddStory(store(), Published("Budget day", "Business", kNow - 5h));
  const int64_t other = AddStory(store(), Published("Match day", "Sport", kNow - 5h));
  const int64_t top =
      AddComment(store(), NewComment(story, "Top", kNow - 3h, CommentStatus::kApproved));
  const int64_t reply =
      AddComment(store(), NewComment(story, "Reply", kNow - 2h, CommentStatus::kApproved, top));
  auto listed = store().ListApprovedComments(story);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[1].parent_id, top);

  // A reply to a reply, to another story's comment, to no comment, or on
  // no story at all is refused and stores nothing.
  EXPECT_EQ(store()
                .AddComment(NewComment(story, "Deep", kNow, CommentStatus::kApproved, reply))
                .error()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store()
                .AddComment(NewComment(other, "Elsewhere", kNow, CommentStatus::kApproved, top))
                .error()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store()
                .AddComment(NewComment(story, "Ghost", kNow, CommentStatus::kApproved, top + 99))
                .error()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store().AddComment(NewComment(other + 99, "Nowhere", kNow)).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store().ListApprovedComments(story)->size(), 2u);
  EXPECT_THAT(*store().ListApprovedComments(other), IsEmpty());
}

TEST_P(StoreContractTest, CommentsAreModeratedFromQueuesNewestFirst) {
  const int64_t editor = AddUser(store(), "eman", "Eman", Role::kEditor);
  const int64_t story = AddStory(store(), Published("Budget day", "Business", kNow - 5h));
  const int64_t a = AddComment(store(), NewComment(story, "A", kNow - 3h));
  const int64_t b = AddComment(store(), NewComment(story, "B", kNow - 2h));
  const int64_t c = AddComment(store(), NewComment(story, "C", kNow - 1h));

  auto queue = store().ListCommentsByStatus(CommentStatus::kPending, 0, 10);
  ASSERT_TRUE(queue) << queue.error().ToString();
  ASSERT_EQ(queue->size(), 3u);
  EXPECT_EQ((*queue)[0].comment.id, c);
  EXPECT_EQ((*queue)[1].comment.id, b);
  EXPECT_EQ((*queue)[2].comment.id, a);
  EXPECT_EQ((*queue)[0].article_headline, "Budget day");
  EXPECT_EQ((*queue)[0].article_slug, "budget-day");
  auto page = store().ListCommentsByStatus(CommentStatus::kPending, 1, 1);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].comment.id, b);

  ASSERT_TRUE(store().ModerateComment(b, CommentStatus::kApproved, editor).ok());
  ASSERT_TRUE(store().ModerateComment(c, CommentStatus::kSpam, editor).ok());
  auto approved = store().ListApprovedComments(story);
  ASSERT_TRUE(approved);
  EXPECT_THAT(Bodies(*approved), ElementsAre("B"));
  EXPECT_EQ((*approved)[0].moderated_by, editor);
  EXPECT_EQ(store().ListCommentsByStatus(CommentStatus::kPending, 0, 10)->size(), 1u);
  auto spam = store().ListCommentsByStatus(CommentStatus::kSpam, 0, 10);
  ASSERT_TRUE(spam);
  ASSERT_EQ(spam->size(), 1u);
  EXPECT_EQ((*spam)[0].comment.body, "C");
  EXPECT_THAT(*store().ListCommentsByStatus(CommentStatus::kRejected, 0, 10), IsEmpty());
  auto counts = store().CountCommentsByStatus();
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_THAT(*counts,
              ElementsAre(Pair(CommentStatus::kPending, 1), Pair(CommentStatus::kApproved, 1),
                          Pair(CommentStatus::kRejected, 0), Pair(CommentStatus::kSpam, 1)));

  EXPECT_EQ(store().ModerateComment(c + 100, CommentStatus::kApproved, editor).code(),
            Code::kNotFound);
}

TEST_P(StoreContractTest, CommentsAreCountedPerAddressSince) {
  const int64_t story = AddStory(store(), Published("Budget day", "Business", kNow - 5h));
  AddComment(store(), NewComment(story, "1", kNow - 2h, CommentStatus::kPending, {}, "10.0.0.7"));
  AddComment(store(), NewComment(story, "2", kNow - 10min, CommentStatus::kSpam, {}, "10.0.0.7"));
  AddComment(store(), NewComment(story, "3", kNow - 5min, CommentStatus::kPending, {}, "10.0.0.7"));
  AddComment(store(), NewComment(story, "4", kNow - 5min, CommentStatus::kPending, {}, "10.0.0.8"));
  EXPECT_EQ(*store().CountCommentsFrom("10.0.0.7", kNow - 1h), 2);
  EXPECT_EQ(*store().CountCommentsFrom("10.0.0.7", kNow - 10min), 2);  // at or after
  EXPECT_EQ(*store().CountCommentsFrom("10.0.0.7", kNow - 3h), 3);
  EXPECT_EQ(*store().CountCommentsFrom("10.0.0.8", kNow - 1h), 1);
  EXPECT_EQ(*store().CountCommentsFrom("10.0.0.9", kNow - 1h), 0);
}

TEST_P(StoreContractTest, ApprovedCommentCountsComeWithStories) {
  const int64_t busy = AddStory(store(), Published("Busy", "World", kNow - 2h));
  const int64_t quiet = AddStory(store(), Published("Quiet", "World", kNow - 1h));
  AddComment(store(), NewComment(busy, "a", kNow - 1h, CommentStatus::kApproved));
  AddComment(store(), NewComment(busy, "b", kNow - 1h, CommentStatus::kApproved));
  AddComment(store(), NewComment(busy, "c", kNow - 1h, CommentStatus::kPending));
  AddComment(store(), NewComment(busy, "d", kNow - 1h, CommentStatus::kRejected));

  EXPECT_EQ(store().GetArticle(busy)->comment_count, 2);
  EXPECT_EQ(store().GetArticle(quiet)->comment_count, 0);
  ArticleQuery q;
  q.now = kNow;
  auto page = store().ListLiveArticles(q);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, quiet);
  EXPECT_EQ(page->items[0].comment_count, 0);
  EXPECT_EQ(page->items[1].comment_count, 2);
  SearchQuery s;
  s.text = "busy";
  s.now = kNow;
  auto found = store().SearchArticles(s);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->hits.size(), 1u);
  EXPECT_EQ(found->hits[0].article.comment_count, 2);
}

// ---- Views and most read ----

TEST_P(StoreContractTest, PageViewsAddUpAcrossBatchesAndRankMostRead) {
  const Seconds hour = kNow - 1h;  // kNow is on the hour
  const int64_t a = AddStory(store(), Published("Story A", "World", kNow - 48h));
  const int64_t b = AddStory(store(), Published("Story B", "World", kNow - 47h));
  const int64_t c = AddStory(store(), Published("Story C", "World", kNow - 46h));
  const int64_t draft = AddStory(store(), Draft("Draft D"));
  const int64_t future = AddStory(store(), Published("Future E", "World", kNow + 1h));

  ASSERT_TRUE(store().AddPageViews({{a, 5}, {b, 3}, {draft, 100}, {future, 100}}, hour).ok());
  ASSERT_TRUE(store().AddPageViews({{b, 4}, {c, 1}}, hour + 10min).ok());  // same hour
  ASSERT_TRUE(store().AddPageViews({{c, 50}}, kNow - 30h).ok());           // outside a day
  ASSERT_TRUE(store().AddPageViews({{c, 2}, {a + 1000, 9}}, kNow).ok());   // unknown id skipped
  ASSERT_TRUE(store().AddPageViews({}, kNow).ok());

  // Since a day ago: B 7, A 5, C 3; the draft and the future story never.
  auto day = store().MostRead(kNow - 24h, kNow, 10, std::nullopt);
  ASSERT_TRUE(day) << day.error().ToString();
  EXPECT_THAT(Headlines(*day), ElementsAre("Story B", "Story A", "Story C"));
  auto two_days = store().MostRead(kNow - 48h, kNow, 2, std::nullopt);
  ASSERT_TRUE(two_days);
  EXPECT_THAT(Headlines(*two_days), ElementsAre("Story C", "Story B"));
  // Only views at or after `since` count.
  EXPECT_THAT(Headlines(*store().MostRead(kNow, kNow, 10, std::nullopt)), ElementsAre("Story C"));
  EXPECT_THAT(*store().MostRead(kNow + 1h, kNow, 10, std::nullopt), IsEmpty());
  EXPECT_TRUE(day->front().body_html.empty());

  EXPECT_EQ(store().AddPageViews({{a, -1}}, kNow).code(), Code::kInvalidArgument);
}

// ---- Related ----

TEST_P(StoreContractTest, RelatedStoriesShareTagsMostFirstThenNewest) {
  const int64_t me = AddStory(store(), Tagged("Me", kNow - 10h, {"Rain", "Karachi", "Sindh"}));
  AddStory(store(), Tagged("Two shared old", kNow - 9h, {"Rain", "Karachi"}));
  AddStory(store(), Tagged("Two shared new", kNow - 2h, {"Karachi", "Sindh", "Other"}));
  AddStory(store(), Tagged("Three shared", kNow - 8h, {"Sindh", "Rain", "Karachi"}));
  AddStory(store(), Tagged("One shared", kNow - 1h, {"Rain"}));
  AddStory(store(), Tagged("None shared", kNow - 1h, {"Sport"}));
  ArticleDraft draft = Tagged("Draft shares all", kNow - 1h, {"Rain", "Karachi", "Sindh"});
  draft.status = ArticleStatus::kDraft;
  AddStory(store(), draft);
  AddStory(store(), Tagged("Future shares all", kNow + 1h, {"Rain", "Karachi", "Sindh"}));

  auto related = store().RelatedArticles(me, kNow, 10);
  ASSERT_TRUE(related) << related.error().ToString();
  EXPECT_THAT(Headlines(*related),
              ElementsAre("Three shared", "Two shared new", "Two shared old", "One shared"));
  EXPECT_THAT(Headlines(*store().RelatedArticles(me, kNow, 2)),
              ElementsAre("Three shared", "Two shared new"));
  ASSERT_FALSE(related->empty());
  EXPECT_EQ(related->front().tags.size(), 3u);
  EXPECT_TRUE(related->front().body_html.empty());

  const int64_t untagged = AddStory(store(), Published("Untagged", "World", kNow - 1h));
  EXPECT_THAT(*store().RelatedArticles(untagged, kNow, 10), IsEmpty());
}

TEST_P(StoreContractTest, RelatedStoriesComeFromTheNewestOfEachTag) {
  // An old story sharing both tags, then more than kRelatedPerTag newer
  // stories sharing one: the old one is past every tag's window.
  AddStory(store(), Tagged("Old, both tags", kNow - 500h, {"Rain", "Karachi"}));
  for (int64_t i = 0; i < kRelatedPerTag; ++i) {
    AddStory(store(),
             Tagged("Rain " + std::to_string(i), kNow - 300h + std::chrono::hours(i), {"Rain"}));
    AddStory(store(), Tagged("Karachi " + std::to_string(i), kNow - 300h + std::chrono::hours(i),
                             {"Karachi"}));
  }
  const int64_t me = AddStory(store(), Tagged("Me", kNow - 1h, {"Rain", "Karachi"}));
  auto related = store().RelatedArticles(me, kNow, 3);
  ASSERT_TRUE(related) << related.error().ToString();
  EXPECT_THAT(Headlines(*related), ::testing::Not(::testing::Contains("Old, both tags")));
  EXPECT_THAT(Headlines(*related), ElementsAre("Karachi " + std::to_string(kRelatedPerTag - 1),
                                               "Rain " + std::to_string(kRelatedPerTag - 1),
                                               "Karachi " + std::to_string(kRelatedPerTag - 2)));
}

// ---- Sitemaps ----

TEST_P(StoreContractTest, SitemapEntriesListLiveStoriesNewestFirstWithTags) {
  const int64_t editor = AddUser(store(), "eman", "Eman", Role::kEditor);
  const int64_t old_id =
      AddStory(store(), Tagged("Old", kNow - 48h, {"Rain", "Karachi"}), kNow - 48h);
  AddStory(store(), Tagged("New", kNow - 1h, {}));
  AddStory(store(), Tagged("Middle", kNow - 24h, {"Sindh"}));
  AddStory(store(), Draft("Draft"));
  AddStory(store(), Tagged("Future", kNow + 1h, {}));
  ArticleDraft edit = Tagged("Old", kNow - 48h, {"Rain", "Karachi"});
  ASSERT_TRUE(store().UpdateArticle(old_id, edit, 1, editor, kNow - 2h));

  EXPECT_EQ(*store().CountLiveArticles(kNow, std::nullopt), 3);
  EXPECT_EQ(*store().CountLiveArticles(kNow + 2h, std::nullopt), 4);
  auto entries = store().ListSitemapEntries(kNow, 0, 10, std::nullopt);
  ASSERT_TRUE(entries) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].headline, "New");
  EXPECT_EQ((*entries)[1].headline, "Middle");
  EXPECT_THAT((*entries)[1].tag_names, ElementsAre("Sindh"));
  const SitemapEntry& old = (*entries)[2];
  EXPECT_EQ(old.id, old_id);
  EXPECT_EQ(old.slug, "old");
  EXPECT_EQ(old.published_at, kNow - 48h);
  EXPECT_EQ(old.updated_at, kNow - 2h);
  EXPECT_THAT(old.tag_names, ElementsAre("Rain", "Karachi"));
  EXPECT_THAT((*entries)[0].tag_names, IsEmpty());

  auto second = store().ListSitemapEntries(kNow, 1, 1, std::nullopt);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].headline, "Middle");
  EXPECT_THAT(*store().ListSitemapEntries(kNow, 3, 10, std::nullopt), IsEmpty());
}

// ---- Listing options ----

TEST_P(StoreContractTest, ListingHonoursTimeBoundsExclusively) {
  AddStory(store(), Published("H1", "World", kNow - 1h));
  AddStory(store(), Published("H2", "World", kNow - 2h));
  AddStory(store(), Published("H3", "World", kNow - 3h));
  AddStory(store(), Published("H4", "World", kNow - 4h));
  ArticleQuery q;
  q.now = kNow;
  q.published_after = kNow - 4h;
  q.published_before = kNow - 1h;
  auto page = store().ListLiveArticles(q);
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].headline, "H2");
  EXPECT_EQ(page->items[1].headline, "H3");

  ArticleQuery after;
  after.now = kNow;
  after.published_after = kNow - 3h;
  EXPECT_EQ(store().ListLiveArticles(after)->total, 2);
  ArticleQuery before;
  before.now = kNow;
  before.published_before = kNow - 3h;
  EXPECT_EQ(store().ListLiveArticles(before)->total, 1);
}

TEST_P(StoreContractTest, ListingWithBodyFillsTheBody) {
  ArticleDraft d = Published("With body", "World", kNow - 1h);
  d.body_markdown = "Full *text*.";
  d.body_html = "<p>Full <em>text</em>.</p>";
  d.tag_names = {"Rain"};
  AddStory(store(), d);
  ArticleQuery q;
  q.now = kNow;
  auto bare = store().ListLiveArticles(q);
  ASSERT_TRUE(bare);
  ASSERT_EQ(bare->items.size(), 1u);
  EXPECT_EQ(bare->items[0].body_html, "");
  q.with_body = true;
  auto full = store().ListLiveArticles(q);
  ASSERT_TRUE(full);
  ASSERT_EQ(full->items.size(), 1u);
  EXPECT_EQ(full->items[0].body_html, "<p>Full <em>text</em>.</p>");
  EXPECT_EQ(full->items[0].body_markdown, "Full *text*.");
  EXPECT_EQ(full->items[0].tags.size(), 1u);
}

}  // namespace
}  // namespace khabar
