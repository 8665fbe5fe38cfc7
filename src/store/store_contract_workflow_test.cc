// The store conformance suite (see store_contract_test.h): status moves,
// their history, and the scheduler.
#include <gmock/gmock.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;
using namespace store_contract;

ArticleDraft Scheduled(std::string headline, Seconds at) {
  ArticleDraft d = Published(std::move(headline), "World", at);
  d.status = ArticleStatus::kScheduled;
  return d;
}

TEST_P(StoreContractTest, TransitionsMoveRecordAndVersionButDoNotTouchUpdatedAt) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t ali = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  ArticleDraft d = Draft("Story");
  d.created_by = sana;
  const int64_t id = AddStory(store(), d, kNow - 2h);

  auto submitted =
      store().TransitionArticle(id, ArticleStatus::kSubmitted, std::nullopt, 1, sana, kNow - 1h);
  ASSERT_TRUE(submitted) << submitted.error().ToString();
  EXPECT_EQ(submitted->status, ArticleStatus::kSubmitted);
  EXPECT_EQ(submitted->version, 2);
  EXPECT_EQ(submitted->updated_at, kNow - 2h);  // a move is not an edit
  EXPECT_FALSE(submitted->published_at);

  // Published and scheduled need a time; the refusal changes nothing.
  auto no_time =
      store().TransitionArticle(id, ArticleStatus::kPublished, std::nullopt, 2, ali, kNow);
  ASSERT_FALSE(no_time);
  EXPECT_EQ(no_time.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(store()
                .TransitionArticle(id, ArticleStatus::kScheduled, std::nullopt, 2, ali, kNow)
                .error()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store().GetArticle(id)->version, 2);

  auto scheduled =
      store().TransitionArticle(id, ArticleStatus::kScheduled, kNow + 1h, 2, ali, kNow - 50min);
  ASSERT_TRUE(scheduled) << scheduled.error().ToString();
  EXPECT_EQ(scheduled->status, ArticleStatus::kScheduled);
  EXPECT_EQ(scheduled->published_at, kNow + 1h);
  EXPECT_EQ(scheduled->version, 3);

  // Published early, at a time given now.
  auto published = store().TransitionArticle(id, ArticleStatus::kPublished, kNow, 3, ali, kNow);
  ASSERT_TRUE(published) << published.error().ToString();
  EXPECT_EQ(published->published_at, kNow);
  EXPECT_EQ(published->version, 4);

  // Unpublished keeps the time it was published at.
  auto unpublished =
      store().TransitionArticle(id, ArticleStatus::kUnpublished, std::nullopt, 4, ali, kNow + 1h);
  ASSERT_TRUE(unpublished) << unpublished.error().ToString();
  EXPECT_EQ(unpublished->published_at, kNow);
  EXPECT_EQ(unpublished->updated_at, kNow - 2h);

  // Republished with no time given: the story's own time stands.
  auto republished =
      store().TransitionArticle(id, ArticleStatus::kPublished, std::nullopt, 5, ali, kNow + 2h);
  ASSERT_TRUE(republished) << republished.error().ToString();
  EXPECT_EQ(republished->published_at, kNow);
  EXPECT_EQ(republished->version, 6);

  auto stale = store().TransitionArticle(id, ArticleStatus::kDraft, std::nullopt, 4, sana, kNow);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_THAT(stale.error().message(), HasSubstr("Ali Khan"));
  EXPECT_THAT(stale.error().message(), HasSubstr(FormatIso8601Utc(kNow + 2h)));
  EXPECT_THAT(stale.error().message(), HasSubstr("your version 4, now 6"));

  auto events = store().ListArticleEvents(id);
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 5u);
  const ArticleEvent& first = (*events)[0];
  EXPECT_EQ(first.from, ArticleStatus::kDraft);
  EXPECT_EQ(first.to, ArticleStatus::kSubmitted);
  EXPECT_EQ(first.user_id, sana);
  EXPECT_EQ(first.user_name, "Sana Mirza");
  EXPECT_EQ(first.at, kNow - 1h);
  EXPECT_EQ((*events)[1].from, ArticleStatus::kSubmitted);
  EXPECT_EQ((*events)[1].to, ArticleStatus::kScheduled);
  EXPECT_EQ((*events)[1].user_name, "Ali Khan");
  EXPECT_EQ((*events)[1].at, kNow - 50min);
  EXPECT_EQ((*events)[2].to, ArticleStatus::kPublished);
  EXPECT_EQ((*events)[3].to, ArticleStatus::kUnpublished);
  EXPECT_EQ((*events)[4].from, ArticleStatus::kUnpublished);
  EXPECT_EQ((*events)[4].to, ArticleStatus::kPublished);

  // Moves are not content: no revisions besides the creation.
  EXPECT_EQ(store().ListRevisions(id)->size(), 1u);
}

TEST_P(StoreContractTest, TransitionOfAMissingStoryIsNotFound) {
  const int64_t ali = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  EXPECT_EQ(
      store().TransitionArticle(42, ArticleStatus::kPublished, kNow, 1, ali, kNow).error().code(),
      Code::kNotFound);
  EXPECT_EQ(store().ListArticleEvents(42).error().code(), Code::kNotFound);
  const int64_t id = AddStory(store(), Draft("Story"));
  auto events = store().ListArticleEvents(id);
  ASSERT_TRUE(events);
  EXPECT_THAT(*events, IsEmpty());
}

TEST_P(StoreContractTest, PublishDuePublishesOnlyDueScheduledStoriesOnce) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t due = AddStory(store(), Scheduled("Due", kNow - 1min));
  const int64_t on_time = AddStory(store(), Scheduled("On time", kNow));
  const int64_t later = AddStory(store(), Scheduled("Later", kNow + 1s));
  ArticleDraft timed_draft = Published("Draft with a time", "World", kNow - 1h);
  timed_draft.status = ArticleStatus::kDraft;
  const int64_t draft = AddStory(store(), timed_draft);
  const int64_t live = AddStory(store(), Published("Live", "World", kNow - 1h));

  auto published = store().PublishDueArticles(kNow);
  ASSERT_TRUE(published) << published.error().ToString();
  EXPECT_THAT(*published, UnorderedElementsAre(due, on_time));

  auto a = store().GetArticle(due);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, ArticleStatus::kPublished);
  EXPECT_EQ(a->published_at, kNow - 1min);
  EXPECT_EQ(a->version, 2);
  EXPECT_EQ(store().GetArticle(later)->status, ArticleStatus::kScheduled);
  EXPECT_EQ(store().GetArticle(draft)->status, ArticleStatus::kDraft);
  EXPECT_EQ(store().GetArticle(live)->version, 1);

  auto events = store().ListArticleEvents(due);
  ASSERT_TRUE(events);
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ((*events)[0].from, ArticleStatus::kScheduled);
  EXPECT_EQ((*events)[0].to, ArticleStatus::kPublished);
  EXPECT_FALSE((*events)[0].user_id);  // the scheduler
  EXPECT_EQ((*events)[0].user_name, "");
  EXPECT_EQ((*events)[0].at, kNow);

  auto again = store().PublishDueArticles(kNow);
  ASSERT_TRUE(again);
  EXPECT_THAT(*again, IsEmpty());
  EXPECT_EQ(store().ListArticleEvents(due)->size(), 1u);

  ArticleQuery q;
  q.now = kNow;
  EXPECT_EQ(store().ListLiveArticles(q)->total, 3);

  // An editor who opened the scheduled story is told the scheduler moved it.
  auto stale = store().UpdateArticle(due, Draft("Due"), 1, sana, kNow);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), Code::kConflict);
  EXPECT_THAT(stale.error().message(), HasSubstr("by the scheduler at"));

  auto next = store().PublishDueArticles(kNow + 1s);
  ASSERT_TRUE(next);
  EXPECT_THAT(*next, ElementsAre(later));
}

TEST_P(StoreContractTest, PublishDueIsExactlyOnceUnderConcurrentCallers) {
  constexpr int kStories = 24;
  std::set<int64_t> scheduled;
  for (int i = 0; i < kStories; ++i) {
    scheduled.insert(
        AddStory(store(), Scheduled("Story " + std::to_string(i), kNow - std::chrono::minutes(i))));
  }
  constexpr int kThreads = 8;
  std::mutex mu;
  std::vector<int64_t> published;  // guarded by mu
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int round = 0; round < 3; ++round) {
        auto ids = store().PublishDueArticles(kNow);
        if (!ids) {
          ++failures;
          continue;
        }
        std::lock_guard<std::mutex> lock(mu);
        published.insert(published.end(), ids->begin(), ids->end());
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(published.size(), static_cast<size_t>(kStories));
  EXPECT_EQ(std::set<int64_t>(published.begin(), published.end()), scheduled);
  for (int64_t id : scheduled) {
    auto events = store().ListArticleEvents(id);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->size(), 1u) << "story " << id;
    EXPECT_EQ(store().GetArticle(id)->version, 2);
  }
}

}  // namespace
}  // namespace khabar
