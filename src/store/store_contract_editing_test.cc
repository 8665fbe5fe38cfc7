// The store conformance suite (see store_contract_test.h): saving stories
// with optimistic locking, their revisions, autosaves, and the newsroom's
// filtered story list.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using namespace store_contract;

std::vector<std::string> TagNames(const Article& a) {
  std::vector<std::string> out;
  for (const Tag& t : a.tags) out.push_back(t.name);
  return out;
}

std::vector<std::string> AuthorNames(const Article& a) {
  std::vector<std::string> out;
  for (const Author& au : a.authors) out.push_back(au.name);
  return out;
}

std::vector<int64_t> Numbers(const std::vector<RevisionLine>& lines) {
  std::vector<int64_t> out;
  for (const RevisionLine& l : lines) out.push_back(l.number);
  return out;
}

TEST_P(StoreContractTest, UpdateReplacesContentAndKeepsRevisions) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t ali = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  ArticleDraft first = Draft("Floods in Sindh");
  first.author_names = {"Sana Mirza"};
  first.tag_names = {"Floods"};
  first.created_by = sana;
  const int64_t id = AddStory(store(), first, kNow - 2h);

  auto created = store().GetArticle(id);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->version, 1);
  auto revisions = store().ListRevisions(id);
  ASSERT_TRUE(revisions) << revisions.error().ToString();
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].number, 1);
  EXPECT_EQ((*revisions)[0].user_id, sana);
  EXPECT_EQ((*revisions)[0].user_name, "Sana Mirza");
  EXPECT_EQ((*revisions)[0].saved_at, kNow - 2h);
  EXPECT_EQ((*revisions)[0].headline, "Floods in Sindh");

  ArticleDraft edit = first;
  edit.slug = "";  // keeps the story's slug
  edit.headline = "Floods in Sindh: 12 dead";
  edit.standfirst = "Rescue teams reach Sukkur.";
  edit.body_markdown = "New body.";
  edit.body_html = "<p>New body.</p>";
  edit.section_name = "Pakistan";
  edit.author_names = {"Sana Mirza", "Reuters"};
  edit.tag_names = {"Floods", "Sindh"};
  edit.image = Image{.file = "2024/03/flood.jpg",
                     .caption = "Water in Sukkur",
                     .credit = "AFP",
                     .alt = "A flooded street",
                     .width = 1200,
                     .height = 800};
  edit.comments_open = false;
  edit.breaking = true;
  edit.correction = "An earlier version misspelt Sukkur.";
  // Not the save's business: status and time move only by TransitionArticle,
  // and the creator never changes.
  edit.status = ArticleStatus::kPublished;
  edit.published_at = kNow;
  edit.created_by = ali;

  auto saved = store().UpdateArticle(id, edit, 1, ali, kNow - 1h);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->slug, "floods-in-sindh");
  EXPECT_EQ(saved->headline, "Floods in Sindh: 12 dead");
  EXPECT_EQ(saved->standfirst, "Rescue teams reach Sukkur.");
  EXPECT_EQ(saved->body_markdown, "New body.");
  EXPECT_EQ(saved->body_html, "<p>New body.</p>");
  EXPECT_EQ(saved->section.slug, "pakistan");
  EXPECT_THAT(AuthorNames(*saved), ElementsAre("Sana Mirza", "Reuters"));
  EXPECT_THAT(TagNames(*saved), ElementsAre("Floods", "Sindh"));
  ASSERT_TRUE(saved->image);
  EXPECT_EQ(saved->image->file, "2024/03/flood.jpg");
  EXPECT_EQ(saved->image->alt, "A flooded street");
  EXPECT_FALSE(saved->comments_open);
  EXPECT_TRUE(saved->breaking);
  EXPECT_EQ(saved->correction, "An earlier version misspelt Sukkur.");
  EXPECT_EQ(saved->status, ArticleStatus::kDraft);
  EXPECT_FALSE(saved->published_at);
  EXPECT_EQ(saved->created_by, sana);
  EXPECT_EQ(saved->created_at, kNow - 2h);
  EXPECT_EQ(saved->updated_at, kNow - 1h);

  auto got = store().GetArticle(id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->headline, saved->headline);
  EXPECT_EQ(got->version, 2);
  EXPECT_THAT(TagNames(*got), ElementsAre("Floods", "Sindh"));

  revisions = store().ListRevisions(id);
  ASSERT_TRUE(revisions);
  EXPECT_THAT(Numbers(*revisions), ElementsAre(2, 1));  // newest first
  EXPECT_EQ((*revisions)[0].user_id, ali);
  EXPECT_EQ((*revisions)[0].user_name, "Ali Khan");
  EXPECT_EQ((*revisions)[0].saved_at, kNow - 1h);
  EXPECT_EQ((*revisions)[0].headline, "Floods in Sindh: 12 dead");

  auto r1 = store().GetRevision(id, 1);
  ASSERT_TRUE(r1) << r1.error().ToString();
  EXPECT_EQ(r1->line.number, 1);
  EXPECT_EQ(r1->content.headline, "Floods in Sindh");
  EXPECT_EQ(r1->content.slug, "floods-in-sindh");
  EXPECT_EQ(r1->content.section_name, "World");
  EXPECT_THAT(r1->content.tag_names, ElementsAre("Floods"));
  EXPECT_FALSE(r1->content.image);
  EXPECT_TRUE(r1->content.comments_open);
  EXPECT_EQ(r1->content.created_by, sana);
  auto r2 = store().GetRevision(id, 2);
  ASSERT_TRUE(r2) << r2.error().ToString();
  EXPECT_EQ(r2->line.user_name, "Ali Khan");
  EXPECT_EQ(r2->content.headline, "Floods in Sindh: 12 dead");
  EXPECT_EQ(r2->content.standfirst, "Rescue teams reach Sukkur.");
  EXPECT_EQ(r2->content.body_markdown, "New body.");
  EXPECT_EQ(r2->content.body_html, "<p>New body.</p>");
  EXPECT_EQ(r2->content.section_name, "Pakistan");
  EXPECT_THAT(r2->content.author_names, ElementsAre("Sana Mirza", "Reuters"));
  EXPECT_THAT(r2->content.tag_names, ElementsAre("Floods", "Sindh"));
  ASSERT_TRUE(r2->content.image);
  EXPECT_EQ(r2->content.image->caption, "Water in Sukkur");
  EXPECT_EQ(r2->content.image->width, 1200);
  EXPECT_FALSE(r2->content.comments_open);
  EXPECT_TRUE(r2->content.breaking);
  EXPECT_EQ(r2->content.correction, "An earlier version misspelt Sukkur.");
  EXPECT_EQ(r2->content.status, ArticleStatus::kDraft);  // not part of a revision
  EXPECT_FALSE(r2->content.published_at);

  EXPECT_EQ(store().GetRevision(id, 3).error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetRevision(id + 1, 1).error().code(), Code::kNotFound);
  EXPECT_EQ(store().ListRevisions(id + 1).error().code(), Code::kNotFound);

  // Restoring is saving an old revision again.
  auto restored = store().UpdateArticle(id, r1->content, 2, sana, kNow);
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ(restored->headline, "Floods in Sindh");
  EXPECT_EQ(restored->section.slug, "world");
  EXPECT_THAT(TagNames(*restored), ElementsAre("Floods"));
  EXPECT_FALSE(restored->image);
  EXPECT_EQ(restored->version, 3);
  EXPECT_THAT(Numbers(*store().ListRevisions(id)), ElementsAre(3, 2, 1));
}

TEST_P(StoreContractTest, UpdateCanChangeTheSlugButNotToATakenOne) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t one = AddStory(store(), Draft("One"));
  const int64_t two = AddStory(store(), Draft("Two"));
  ArticleDraft edit = Draft("Two, renamed");
  edit.slug = "two-renamed";
  auto saved = store().UpdateArticle(two, edit, 1, sana, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->slug, "two-renamed");

  edit.slug = "one";
  edit.tag_names = {"Brand new tag"};
  auto taken = store().UpdateArticle(two, edit, 2, sana, kNow);
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code(), Code::kAlreadyExists);
  EXPECT_THAT(taken.error().message(), HasSubstr("one"));
  EXPECT_EQ(store().GetArticle(two)->version, 2);
  EXPECT_EQ(store().GetArticle(one)->slug, "one");
  EXPECT_EQ(store().GetTag("brand-new-tag").error().code(), Code::kNotFound);
}

TEST_P(StoreContractTest, UpdateRefusesBadInput) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t id = AddStory(store(), Draft("Story"));
  auto missing = store().UpdateArticle(id + 1, Draft("X"), 1, sana, kNow);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), Code::kNotFound);
  auto empty = store().UpdateArticle(id, Draft(""), 1, sana, kNow);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), Code::kInvalidArgument);
  ArticleDraft bad_slug = Draft("Story");
  bad_slug.slug = "Not A Slug";
  EXPECT_EQ(store().UpdateArticle(id, bad_slug, 1, sana, kNow).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store().UpdateArticle(id, Draft("Story"), 1, sana + 100, kNow).error().code(),
            Code::kInvalidArgument);  // no such user
  EXPECT_EQ(store().GetArticle(id)->version, 1);
  EXPECT_EQ(store().ListRevisions(id)->size(), 1u);
}

TEST_P(StoreContractTest, StaleSaveIsAConflictNamingWhoWonAndChangesNothing) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t ali = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  ArticleDraft d = Draft("Budget");
  d.tag_names = {"Economy"};
  d.created_by = sana;
  const int64_t id = AddStory(store(), d, kNow - 3h);

  // Both open version 1; Ali saves first.
  ArticleDraft alis = d;
  alis.headline = "Budget: Ali's version";
  ASSERT_TRUE(store().UpdateArticle(id, alis, 1, ali, kNow - 2h));

  ArticleDraft sanas = d;
  sanas.headline = "Budget: Sana's version";
  sanas.section_name = "Brand New Section";
  sanas.tag_names = {"Brand new tag"};
  auto conflict = store().UpdateArticle(id, sanas, 1, sana, kNow - 1h);
  ASSERT_FALSE(conflict);
  EXPECT_EQ(conflict.error().code(), Code::kConflict);
  EXPECT_EQ(conflict.error().message(),
            "story " + std::to_string(id) + " was changed by Ali Khan at " +
                FormatIso8601Utc(kNow - 2h) + " after you opened it (your version 1, now 2)");

  auto a = store().GetArticle(id);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->headline, "Budget: Ali's version");
  EXPECT_EQ(a->version, 2);
  EXPECT_EQ(a->updated_at, kNow - 2h);
  EXPECT_THAT(TagNames(*a), ElementsAre("Economy"));
  EXPECT_EQ(store().ListRevisions(id)->size(), 2u);
  EXPECT_EQ(store().GetSection("brand-new-section").error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetTag("brand-new-tag").error().code(), Code::kNotFound);

  // A status move is a change too, and the message names the mover.
  ASSERT_TRUE(store().TransitionArticle(id, ArticleStatus::kSubmitted, std::nullopt, 2, sana,
                                        kNow - 30min));
  auto after_move = store().UpdateArticle(id, alis, 2, ali, kNow);
  ASSERT_FALSE(after_move);
  EXPECT_EQ(after_move.error().code(), Code::kConflict);
  EXPECT_THAT(after_move.error().message(), HasSubstr("by Sana Mirza at"));
  EXPECT_THAT(after_move.error().message(), HasSubstr("(your version 2, now 3)"));

  // A version from the future is as stale as one from the past.
  EXPECT_EQ(store().UpdateArticle(id, alis, 9, ali, kNow).error().code(), Code::kConflict);
  EXPECT_TRUE(store().UpdateArticle(id, alis, 3, ali, kNow));
}

TEST_P(StoreContractTest, AutosavesArePerUserReplacedAndClearedBySaving) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  const int64_t ali = AddUser(store(), "ali", "Ali Khan", Role::kEditor);
  const int64_t id = AddStory(store(), Draft("Story"));

  auto none = store().GetAutosave(id, sana);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_FALSE(*none);

  Autosave a{.article_id = id,
             .user_id = sana,
             .base_version = 1,
             .payload = R"({"headline":"Story, typing…"})",
             .saved_at = kNow - 2min};
  ASSERT_TRUE(store().PutAutosave(a).ok());
  auto got = store().GetAutosave(id, sana);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->article_id, id);
  EXPECT_EQ((*got)->user_id, sana);
  EXPECT_EQ((*got)->base_version, 1);
  EXPECT_EQ((*got)->payload, a.payload);
  EXPECT_EQ((*got)->saved_at, kNow - 2min);

  a.payload = R"({"headline":"Story, typed"})";
  a.saved_at = kNow - 1min;
  ASSERT_TRUE(store().PutAutosave(a).ok());
  got = store().GetAutosave(id, sana);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->payload, a.payload);
  EXPECT_EQ((*got)->saved_at, kNow - 1min);

  Autosave alis{
      .article_id = id, .user_id = ali, .base_version = 1, .payload = "{}", .saved_at = kNow};
  ASSERT_TRUE(store().PutAutosave(alis).ok());

  // Sana saves: her autosave is now the story; Ali's is still his.
  ASSERT_TRUE(store().UpdateArticle(id, Draft("Story, typed"), 1, sana, kNow));
  got = store().GetAutosave(id, sana);
  ASSERT_TRUE(got);
  EXPECT_FALSE(*got);
  got = store().GetAutosave(id, ali);
  ASSERT_TRUE(got && *got);
  EXPECT_EQ((*got)->payload, "{}");

  Autosave nowhere = a;
  nowhere.article_id = id + 1;
  EXPECT_EQ(store().PutAutosave(nowhere).code(), Code::kNotFound);
}

// SeedNewsroom adds five stories by two users and an import, for the
// filtered list.
struct Newsroom {
  int64_t sana = 0;
  int64_t ali = 0;
};
Newsroom SeedNewsroom(Store& store) {
  Newsroom n;
  n.sana = AddUser(store, "sana", "Sana Mirza");
  n.ali = AddUser(store, "ali", "Ali Khan", Role::kEditor);
  ArticleDraft passes = Published("Budget passes", "Business", kNow - 3h);
  passes.created_by = n.ali;
  passes.breaking = true;
  AddStory(store, passes, kNow - 4h);
  ArticleDraft talks = Draft("Budget talks stall", "Business");
  talks.created_by = n.sana;
  AddStory(store, talks, kNow - 30min);
  ArticleDraft cricket = Published("Cricket: Pakistan win", "Sport", kNow - 1h);
  cricket.created_by = n.sana;
  AddStory(store, cricket);
  ArticleDraft floods = Published("Floods 100% worse", "World", kNow + 2h);
  floods.status = ArticleStatus::kScheduled;
  floods.created_by = n.ali;
  AddStory(store, floods);
  AddStory(store, Published("Old import", "World", kNow - 72h));
  return n;
}

std::vector<std::string> Headlines(const std::vector<ArticleLine>& lines) {
  std::vector<std::string> out;
  for (const ArticleLine& l : lines) out.push_back(l.headline);
  return out;
}

TEST_P(StoreContractTest, FindArticleLinesListsDraftsFirstThenNewestWithEveryField) {
  SeedNewsroom(store());
  auto found = store().FindArticleLines({});
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->second, 5);
  EXPECT_THAT(Headlines(found->first),
              ElementsAre("Budget talks stall", "Floods 100% worse", "Cricket: Pakistan win",
                          "Budget passes", "Old import"));
  const ArticleLine& talks = found->first[0];
  EXPECT_EQ(talks.status, ArticleStatus::kDraft);
  EXPECT_FALSE(talks.published_at);
  EXPECT_EQ(talks.section_name, "Business");
  EXPECT_TRUE(talks.created_by);
  EXPECT_EQ(talks.created_by_name, "Sana Mirza");
  EXPECT_EQ(talks.updated_at, kNow - 30min);
  EXPECT_FALSE(talks.breaking);
  const ArticleLine& passes = found->first[3];
  EXPECT_EQ(passes.status, ArticleStatus::kPublished);
  EXPECT_EQ(passes.published_at, kNow - 3h);
  EXPECT_EQ(passes.created_by_name, "Ali Khan");
  EXPECT_TRUE(passes.breaking);
  const ArticleLine& import = found->first[4];
  EXPECT_FALSE(import.created_by);
  EXPECT_EQ(import.created_by_name, "");

  // ListArticleLines fills the same fields.
  auto all = store().ListArticleLines();
  ASSERT_TRUE(all);
  EXPECT_EQ(Headlines(*all), Headlines(found->first));
  EXPECT_EQ((*all)[3].created_by_name, "Ali Khan");
  EXPECT_EQ((*all)[3].section_name, "Business");
  EXPECT_TRUE((*all)[3].breaking);
}

TEST_P(StoreContractTest, FindArticleLinesAppliesEveryFilter) {
  Newsroom n = SeedNewsroom(store());
  // find lists the headlines `set` selects.
  auto find = [&](auto set) {
    ArticleFilter f;
    set(f);
    auto found = store().FindArticleLines(f);
    EXPECT_TRUE(found) << found.error().ToString();
    return found ? Headlines(found->first) : std::vector<std::string>{};
  };
  EXPECT_THAT(find([&](ArticleFilter& f) { f.status = ArticleStatus::kPublished; }),
              ElementsAre("Cricket: Pakistan win", "Budget passes", "Old import"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.created_by = n.sana; }),
              ElementsAre("Budget talks stall", "Cricket: Pakistan win"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.section_slug = "business"; }),
              ElementsAre("Budget talks stall", "Budget passes"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.text = "BUDGET"; }),
              ElementsAre("Budget talks stall", "Budget passes"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.text = "talks st"; }),
              ElementsAre("Budget talks stall"));
  // Wildcards in the text match themselves only.
  EXPECT_THAT(find([&](ArticleFilter& f) { f.text = "100%"; }), ElementsAre("Floods 100% worse"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.text = "%"; }), ElementsAre("Floods 100% worse"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.text = "_"; }), ElementsAre());
  // From is inclusive, to exclusive; stories with no time never match.
  EXPECT_THAT(find([&](ArticleFilter& f) {
                f.published_from = kNow - 3h;
                f.published_to = kNow - 1h;
              }),
              ElementsAre("Budget passes"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.published_from = kNow - 1h; }),
              ElementsAre("Floods 100% worse", "Cricket: Pakistan win"));
  EXPECT_THAT(find([&](ArticleFilter& f) {
                f.status = ArticleStatus::kPublished;
                f.section_slug = "business";
              }),
              ElementsAre("Budget passes"));
  EXPECT_THAT(find([&](ArticleFilter& f) { f.section_slug = "nope"; }), ElementsAre());

  ArticleFilter paged;
  paged.offset = 1;
  paged.limit = 2;
  auto page = store().FindArticleLines(paged);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->second, 5);
  EXPECT_THAT(Headlines(page->first), ElementsAre("Floods 100% worse", "Cricket: Pakistan win"));
  paged.created_by = n.ali;
  paged.limit = 5;
  auto filtered_page = store().FindArticleLines(paged);
  ASSERT_TRUE(filtered_page);
  EXPECT_EQ(filtered_page->second, 2);
  EXPECT_THAT(Headlines(filtered_page->first), ElementsAre("Budget passes"));
  paged.offset = -1;
  EXPECT_EQ(store().FindArticleLines(paged).error().code(), Code::kInvalidArgument);
}

// visible_to is a reporter's list: their own stories and live ones, never
// another user's draft, scheduled, unpublished or not-yet-live story, in
// the items and in the total, whatever the other filters.
TEST_P(StoreContractTest, FindArticleLinesVisibleToKeepsOwnAndLiveStoriesOnly) {
  Newsroom n = SeedNewsroom(store());
  ArticleDraft secret = Draft("Ali's secret draft", "Business");
  secret.created_by = n.ali;
  AddStory(store(), secret);
  ArticleDraft pulled = Published("Pulled story", "World", kNow - 2h);
  pulled.status = ArticleStatus::kUnpublished;
  pulled.created_by = n.ali;
  AddStory(store(), pulled);
  ArticleDraft ahead = Published("Published ahead of its time", "World", kNow + 1h);
  ahead.created_by = n.ali;
  AddStory(store(), ahead);
  ArticleDraft own_scheduled = Published("Sana's scheduled story", "Sport", kNow + 3h);
  own_scheduled.status = ArticleStatus::kScheduled;
  own_scheduled.created_by = n.sana;
  AddStory(store(), own_scheduled);

  auto find = [&](auto set, Seconds now = kNow) {
    ArticleFilter f;
    f.visible_to = ArticleFilter::Viewer{n.sana, now};
    set(f);
    auto found = store().FindArticleLines(f);
    EXPECT_TRUE(found) << found.error().ToString();
    if (!found) return std::pair<std::vector<std::string>, int64_t>{};
    return std::pair{Headlines(found->first), found->second};
  };
  auto all = find([](ArticleFilter&) {});
  EXPECT_THAT(all.first, ElementsAre("Budget talks stall", "Sana's scheduled story",
                                     "Cricket: Pakistan win", "Budget passes", "Old import"));
  EXPECT_EQ(all.second, 5);
  EXPECT_THAT(find([](ArticleFilter& f) { f.text = "s"; }).first,
              ElementsAre("Budget talks stall", "Sana's scheduled story", "Cricket: Pakistan win",
                          "Budget passes"));
  EXPECT_THAT(find([](ArticleFilter& f) { f.status = ArticleStatus::kScheduled; }).first,
              ElementsAre("Sana's scheduled story"));
  EXPECT_THAT(find([](ArticleFilter& f) { f.status = ArticleStatus::kDraft; }).first,
              ElementsAre("Budget talks stall"));
  EXPECT_THAT(find([](ArticleFilter& f) { f.status = ArticleStatus::kUnpublished; }).first,
              ElementsAre());
  EXPECT_THAT(find([](ArticleFilter& f) { f.section_slug = "world"; }).first,
              ElementsAre("Old import"));
  auto page = find([](ArticleFilter& f) { f.limit = 1; });
  EXPECT_THAT(page.first, ElementsAre("Budget talks stall"));
  EXPECT_EQ(page.second, 5);
  // "Live" is at the viewer's time: a published story counts once its
  // time has come; a scheduled one of someone else's never does.
  EXPECT_THAT(find([](ArticleFilter& f) { f.section_slug = "world"; }, kNow + 2h + 30min).first,
              ElementsAre("Published ahead of its time", "Old import"));
  // Without visible_to (an editor's list) every story is there.
  auto everything = store().FindArticleLines({});
  ASSERT_TRUE(everything);
  EXPECT_EQ(everything->second, 9);
}

}  // namespace
}  // namespace khabar
