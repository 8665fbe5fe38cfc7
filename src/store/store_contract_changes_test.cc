// The store conformance suite (see store_contract_test.h): the change
// journal that tells the page cache exactly what changed, whoever wrote it.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using namespace std::chrono_literals;
using namespace store_contract;

// Kinds of the changes after `after`, with their refs: {"listing 3", ...}.
std::vector<std::string> ChangesAfter(Store& store, int64_t after) {
  auto changes = store.ListChanges(after, 1000);
  EXPECT_TRUE(changes) << changes.error().ToString();
  std::vector<std::string> out;
  if (!changes) return out;
  static const char* kNames[] = {"story",  "listing", "section",  "tag",
                                 "author", "media",   "settings", "calendar"};
  for (const StoreChange& c : *changes) {
    out.push_back(std::string(kNames[static_cast<int>(c.kind)]) + " " + std::to_string(c.ref));
  }
  return out;
}

int64_t Latest(Store& store) {
  auto latest = store.LatestChange();
  EXPECT_TRUE(latest) << latest.error().ToString();
  return latest.value_or(-1);
}

TEST_P(StoreContractTest, ChangesRecordNewStoriesAsListingChanges) {
  const int64_t before = Latest(store());
  ArticleDraft d = Published("Rain in Lahore", "Pakistan", kNow - 1h);
  d.tag_names = {"Weather"};
  const int64_t id = AddStory(store(), d);
  const std::string listing = "listing " + std::to_string(id);
  auto changes = ChangesAfter(store(), before);
  EXPECT_THAT(changes, ::testing::Contains(listing));
  // Everything recorded is about this story or the names it created.
  for (const std::string& c : changes) {
    EXPECT_TRUE(c == listing || c.starts_with("section ")) << c;
  }
  EXPECT_GT(Latest(store()), before);
  EXPECT_THAT(ChangesAfter(store(), Latest(store())), ::testing::IsEmpty());
}

TEST_P(StoreContractTest, ChangesTellWordsFromListingChanges) {
  const int64_t editor = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  ArticleDraft d = Published("Rain in Lahore", "Pakistan", kNow - 1h);
  d.tag_names = {"Weather", "Lahore"};
  const int64_t id = AddStory(store(), d);
  const std::string story = "story " + std::to_string(id);
  const std::string listing = "listing " + std::to_string(id);

  // New words, same tags, section and time: the story's own pages only.
  int64_t mark = Latest(store());
  ArticleDraft words = d;
  words.body_markdown = "More rain.";
  words.body_html = "<p>More rain.</p>";
  ASSERT_TRUE(store().UpdateArticle(id, words, 1, editor, kNow));
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::Each(story));
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::Not(::testing::IsEmpty()));

  // A tag added: where the story is listed changed.
  mark = Latest(store());
  ArticleDraft tagged = words;
  tagged.tag_names = {"Weather", "Lahore", "Monsoon"};
  ASSERT_TRUE(store().UpdateArticle(id, tagged, 2, editor, kNow));
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::Contains(listing));

  // Taken off the site: a listing change.
  mark = Latest(store());
  ASSERT_TRUE(
      store().TransitionArticle(id, ArticleStatus::kDraft, std::nullopt, 3, editor, kNow));
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::Contains(listing));
}

TEST_P(StoreContractTest, ChangesRecordOnlyCommentsReadersCanSee) {
  const int64_t editor = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  const int64_t id = AddStory(store(), Published("Rain in Lahore", "Pakistan", kNow - 1h));
  int64_t mark = Latest(store());
  Comment c;
  c.article_id = id;
  c.name = "Reader";
  c.body = "Stay safe.";
  c.created_at = kNow;
  auto comment = store().AddComment(c);
  ASSERT_TRUE(comment) << comment.error().ToString();
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::IsEmpty()) << "a pending comment shows nowhere";
  ASSERT_TRUE(store().ModerateComment(*comment, CommentStatus::kApproved, editor).ok());
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::ElementsAre("story " + std::to_string(id)));
}

TEST_P(StoreContractTest, ChangesRecordNamesSettingsAndCalendar) {
  ArticleDraft d = Published("Rain in Lahore", "Pakistan", kNow - 1h);
  d.tag_names = {"Weather"};
  AddStory(store(), d);
  auto tag = store().GetTag("weather");
  ASSERT_TRUE(tag) << tag.error().ToString();
  int64_t mark = Latest(store());
  ASSERT_TRUE(store().RenameTag(tag->id, "Weather watch"));
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::Contains("tag " + std::to_string(tag->id)));

  mark = Latest(store());
  ASSERT_TRUE(store().SetSettingOverride("comments.closed_text", "Closed.").ok());
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::ElementsAre("settings 0"));

  mark = Latest(store());
  auto first_day = ParseCivilDate("2024-03-11");
  ASSERT_TRUE(first_day);
  ASSERT_TRUE(store().SetHijriMonthStart(HijriMonthStart{1445, 9, *first_day}).ok());
  EXPECT_THAT(ChangesAfter(store(), mark), ::testing::ElementsAre("calendar 0"));
}

TEST_P(StoreContractTest, ChangesArePrunedThroughASequenceNumber) {
  AddStory(store(), Published("One", "Pakistan", kNow - 2h));
  const int64_t middle = Latest(store());
  const int64_t two = AddStory(store(), Published("Two", "Pakistan", kNow - 1h));
  ASSERT_TRUE(store().PruneChanges(middle).ok());
  auto left = store().ListChanges(0, 1000);
  ASSERT_TRUE(left) << left.error().ToString();
  ASSERT_FALSE(left->empty());
  for (const StoreChange& c : *left) EXPECT_GT(c.seq, middle);
  EXPECT_THAT(ChangesAfter(store(), 0), ::testing::Contains("listing " + std::to_string(two)));
  // Limits are honoured, oldest first.
  auto one = store().ListChanges(0, 1);
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].seq, left->front().seq);
}

}  // namespace
}  // namespace khabar
