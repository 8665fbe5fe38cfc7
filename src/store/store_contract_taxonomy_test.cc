// The store conformance suite (see store_contract_test.h): managing
// sections, tags and authors, the redirects renames and merges leave, and
// the media library.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace std::chrono_literals;
using namespace store_contract;

Section NewSection(std::string name, int position, std::string slug = "") {
  Section s;
  s.name = std::move(name);
  s.slug = std::move(slug);
  s.position = position;
  return s;
}

std::vector<std::string> SectionNames(const std::vector<Section>& sections) {
  std::vector<std::string> out;
  for (const Section& s : sections) out.push_back(s.name);
  return out;
}

std::vector<std::string> TagNames(const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const Tag& t : tags) out.push_back(t.name);
  return out;
}

int64_t LiveTotal(Store& store, std::string tag_slug) {
  ArticleQuery q;
  q.now = kNow;
  q.tag_slug = std::move(tag_slug);
  auto page = store.ListLiveArticles(q);
  EXPECT_TRUE(page) << page.error().ToString();
  return page ? page->total : -1;
}

TEST_P(StoreContractTest, SectionsAreCreatedAndListedByPositionThenName) {
  auto world = store().CreateSection(NewSection("World", 2));
  ASSERT_TRUE(world) << world.error().ToString();
  EXPECT_GT(world->id, 0);
  EXPECT_EQ(world->slug, "world");
  EXPECT_EQ(world->name, "World");
  EXPECT_EQ(world->position, 2);
  ASSERT_TRUE(store().CreateSection(NewSection("Pakistan", 1)));
  auto sport = store().CreateSection(NewSection("Sport", 2, "sports"));
  ASSERT_TRUE(sport) << sport.error().ToString();
  EXPECT_EQ(sport->slug, "sports");

  auto sections = store().ListSections(std::nullopt);
  ASSERT_TRUE(sections);
  EXPECT_THAT(SectionNames(*sections), ElementsAre("Pakistan", "Sport", "World"));
  auto got = store().GetSection("sports");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, sport->id);
  EXPECT_EQ(got->position, 2);

  EXPECT_EQ(store().CreateSection(NewSection("world", 0)).error().code(), Code::kAlreadyExists);
  EXPECT_EQ(store().CreateSection(NewSection("Elsewhere", 0, "world")).error().code(),
            Code::kAlreadyExists);
  EXPECT_EQ(store().CreateSection(NewSection("!!!", 0)).error().code(), Code::kInvalidArgument);
  EXPECT_EQ(store().CreateSection(NewSection(" ", 0)).error().code(), Code::kInvalidArgument);
  EXPECT_EQ(store().CreateSection(NewSection("Fine", 0, "Not A Slug")).error().code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store().ListSections(std::nullopt)->size(), 3u);

  // A story in a section made by hand finds it by name.
  const int64_t id = AddStory(store(), Draft("Match report", "Sport"));
  EXPECT_EQ(store().GetArticle(id)->section.id, sport->id);
}

TEST_P(StoreContractTest, UpdatingASectionKeepsItsOldSlugWorking) {
  const int64_t before = AddStory(store(), Draft("Before the rename", "World"));
  ASSERT_TRUE(store().CreateSection(NewSection("Pakistan", 1)));
  auto world = store().GetSection("world");
  ASSERT_TRUE(world);

  Section change = *world;
  change.name = "International";
  change.slug = "international";
  change.position = 0;
  auto updated = store().UpdateSection(change);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->slug, "international");
  EXPECT_EQ(updated->name, "International");
  EXPECT_EQ(updated->position, 0);
  EXPECT_THAT(SectionNames(*store().ListSections(std::nullopt)),
              ElementsAre("International", "Pakistan"));

  auto by_old = store().GetSection("world");
  ASSERT_TRUE(by_old) << by_old.error().ToString();
  EXPECT_EQ(by_old->id, world->id);
  EXPECT_EQ(by_old->slug, "international");  // the current slug, to redirect to
  EXPECT_EQ(store().GetArticle(before)->section.slug, "international");

  // A story filed under either name lands in the renamed section.
  EXPECT_EQ(store().GetArticle(AddStory(store(), Draft("Old name", "World")))->section.id,
            world->id);
  EXPECT_EQ(store().GetArticle(AddStory(store(), Draft("New name", "International")))->section.id,
            world->id);

  // An empty slug keeps the current one.
  change.name = "Global";
  change.slug = "";
  updated = store().UpdateSection(change);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->slug, "international");
  EXPECT_EQ(store().GetArticle(AddStory(store(), Draft("By name", "Global")))->section.id,
            world->id);

  change.name = "Pakistan";
  EXPECT_EQ(store().UpdateSection(change).error().code(), Code::kAlreadyExists);
  change.name = "Global";
  change.slug = "pakistan";
  EXPECT_EQ(store().UpdateSection(change).error().code(), Code::kAlreadyExists);
  change.id = world->id + 100;
  change.slug = "";
  EXPECT_EQ(store().UpdateSection(change).error().code(), Code::kNotFound);

  // A new section may take the old slug back; then the slug is its own.
  auto fresh = store().CreateSection(NewSection("World", 5));
  ASSERT_TRUE(fresh) << fresh.error().ToString();
  EXPECT_EQ(store().GetSection("world")->id, fresh->id);
  EXPECT_EQ(store().GetSection("international")->id, world->id);
}

// SeedTags files one story under each tag.
void SeedTags(Store& store, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    ArticleDraft d = Published("About " + name, "World", kNow - 1h);
    d.tag_names = {name};
    AddStory(store, d);
  }
}

TEST_P(StoreContractTest, TagsAreListedByPrefixWithWildcardsMatchingThemselves) {
  SeedTags(store(), {"Cricket", "Crime", "China", "100% Cotton", "100 Days", "a_b", "axb"});
  auto list = [&](const std::string& prefix, int64_t limit = 50) {
    auto tags = store().ListTags(prefix, limit);
    EXPECT_TRUE(tags) << tags.error().ToString();
    return tags ? TagNames(*tags) : std::vector<std::string>{};
  };
  EXPECT_THAT(list(""),
              ElementsAre("100 Days", "100% Cotton", "a_b", "axb", "China", "Cricket", "Crime"));
  EXPECT_THAT(list("cr"), ElementsAre("Cricket", "Crime"));
  EXPECT_THAT(list("CRI"), ElementsAre("Cricket", "Crime"));
  EXPECT_THAT(list("100%"), ElementsAre("100% Cotton"));
  EXPECT_THAT(list("a_"), ElementsAre("a_b"));
  EXPECT_THAT(list("%"), IsEmpty());
  EXPECT_THAT(list("_"), IsEmpty());
  EXPECT_THAT(list("\\"), IsEmpty());
  EXPECT_THAT(list("zz"), IsEmpty());
  EXPECT_THAT(list("", 2), ElementsAre("100 Days", "100% Cotton"));
  EXPECT_EQ(store().ListTags("", -1).error().code(), Code::kInvalidArgument);
}

// ListLiveTags, GetLiveTag and GetLiveAuthor see only names a live story
// carries: a draft's, a scheduled story's, an embargoed one's (published,
// time to come) and a withdrawn one's stay private.
TEST_P(StoreContractTest, LiveNamesAreThoseOfLiveStoriesOnly) {
  const int64_t editor = AddUser(store(), "editor", "Editor", Role::kEditor);
  ArticleDraft live = Published("Live", "World", kNow - 1h);
  live.tag_names = {"Cricket", "Crime"};
  live.author_names = {"Asma"};
  AddStory(store(), live);
  ArticleDraft draft = Draft("Draft");
  draft.tag_names = {"Secret Deal", "Crime"};
  draft.author_names = {"Hidden Hand"};
  const int64_t draft_id = AddStory(store(), draft);
  ArticleDraft scheduled = Draft("Scheduled");
  scheduled.status = ArticleStatus::kScheduled;
  scheduled.published_at = kNow + 1h;
  scheduled.tag_names = {"Scheduled Tag"};
  AddStory(store(), scheduled);
  ArticleDraft embargoed = Published("Embargoed", "World", kNow + 1h);
  embargoed.tag_names = {"Embargo"};
  embargoed.author_names = {"Embargo Writer"};
  AddStory(store(), embargoed);
  ArticleDraft withdrawn = Published("Withdrawn", "World", kNow - 2h);
  withdrawn.tag_names = {"Withdrawn"};
  const int64_t withdrawn_id = AddStory(store(), withdrawn);
  ASSERT_TRUE(store().TransitionArticle(withdrawn_id, ArticleStatus::kUnpublished, std::nullopt, 1,
                                        editor, kNow));

  auto live_tags = [&](std::string prefix, int64_t offset = 0, int64_t limit = 10,
                       Seconds now = kNow) {
    auto page = store().ListLiveTags(
        LiveTagQuery{.prefix = std::move(prefix), .now = now, .offset = offset, .limit = limit});
    EXPECT_TRUE(page) << page.error().ToString();
    return page ? std::pair{TagNames(page->items), page->total}
                : std::pair{std::vector<std::string>{}, int64_t{-1}};
  };
  using Names = std::vector<std::string>;
  EXPECT_EQ(live_tags(""), std::pair(Names{"Cricket", "Crime"}, int64_t{2}));
  EXPECT_EQ(live_tags("CRIC"), std::pair(Names{"Cricket"}, int64_t{1}));
  EXPECT_EQ(live_tags("s"), std::pair(Names{}, int64_t{0}));
  EXPECT_EQ(live_tags("%"), std::pair(Names{}, int64_t{0}));
  EXPECT_EQ(live_tags("", 1, 1), std::pair(Names{"Crime"}, int64_t{2}));
  EXPECT_EQ(live_tags("", 5, 1), std::pair(Names{}, int64_t{2}));
  EXPECT_EQ(live_tags("", 0, 0), std::pair(Names{}, int64_t{2}));
  // When the embargo lifts, its tag is public; a scheduled story's waits
  // for the scheduler.
  EXPECT_EQ(live_tags("", 0, 10, kNow + 2h),
            std::pair(Names{"Cricket", "Crime", "Embargo"}, int64_t{3}));
  EXPECT_EQ(store()
                .ListLiveTags(LiveTagQuery{.prefix = "", .now = kNow, .offset = 0, .limit = -1})
                .error()
                .code(),
            Code::kInvalidArgument);
  EXPECT_EQ(store()
                .ListLiveTags(LiveTagQuery{.prefix = "", .now = kNow, .offset = -1, .limit = 10})
                .error()
                .code(),
            Code::kInvalidArgument);

  for (const char* slug : {"secret-deal", "scheduled-tag", "embargo", "withdrawn", "nothing"}) {
    auto tag = store().GetLiveTag(slug, kNow);
    ASSERT_FALSE(tag) << slug;
    EXPECT_EQ(tag.error().code(), Code::kNotFound) << slug;
  }
  EXPECT_TRUE(store().GetTag("secret-deal"));  // the newsroom still finds it
  EXPECT_EQ(store().GetLiveTag("crime", kNow)->name, "Crime");
  EXPECT_TRUE(store().GetLiveTag("embargo", kNow + 2h));
  EXPECT_EQ(store().GetLiveAuthor("asma", kNow)->name, "Asma");
  for (const char* slug : {"hidden-hand", "embargo-writer", "nobody"}) {
    auto author = store().GetLiveAuthor(slug, kNow);
    ASSERT_FALSE(author) << slug;
    EXPECT_EQ(author.error().code(), Code::kNotFound) << slug;
  }
  EXPECT_TRUE(store().GetAuthor("hidden-hand"));

  // An old slug still finds a live tag, with its current slug.
  auto cricket = store().GetTag("cricket");
  ASSERT_TRUE(cricket && store().RenameTag(cricket->id, "Test Cricket"));
  EXPECT_EQ(store().GetLiveTag("cricket", kNow)->slug, "test-cricket");

  // Published, the draft's names become public; withdrawn again, private.
  ASSERT_TRUE(
      store().TransitionArticle(draft_id, ArticleStatus::kPublished, kNow - 1min, 1, editor, kNow));
  EXPECT_TRUE(store().GetLiveTag("secret-deal", kNow));
  EXPECT_TRUE(store().GetLiveAuthor("hidden-hand", kNow));
  EXPECT_EQ(live_tags("").second, 3);
  ASSERT_TRUE(store().TransitionArticle(draft_id, ArticleStatus::kUnpublished, std::nullopt, 2,
                                        editor, kNow));
  EXPECT_FALSE(store().GetLiveTag("secret-deal", kNow));
  EXPECT_FALSE(store().GetLiveAuthor("hidden-hand", kNow));
  EXPECT_EQ(live_tags("").second, 2);
}

// A draft that may not create sections (a reporter's) files under an
// existing one, by name, slug or old slug, and is refused for an unknown
// one without leaving anything behind.
TEST_P(StoreContractTest, ADraftThatMayNotCreateSectionsPicksAnExistingOne) {
  ASSERT_TRUE(store().CreateSection(NewSection("World", 1)));
  ArticleDraft d = Draft("Reporter's story", "world");
  d.may_create_section = false;
  d.tag_names = {"Fresh Tag"};
  const int64_t id = AddStory(store(), d);
  ASSERT_GT(id, 0);
  EXPECT_EQ(store().GetArticle(id)->section.name, "World");

  d.headline = "Another";
  d.section_name = "Brand New Desk";
  d.tag_names = {"Another Fresh Tag"};
  auto refused = store().CreateArticle(d, kNow);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(refused.error().message(), HasSubstr("section"));
  EXPECT_THAT(refused.error().message(), HasSubstr("Brand New Desk"));
  EXPECT_EQ(store().GetSection("brand-new-desk").error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetTag("another-fresh-tag").error().code(), Code::kNotFound);  // atomic
  EXPECT_THAT(SectionNames(*store().ListSections(std::nullopt)), ElementsAre("World"));

  // Saving an existing story is held to the same rule.
  const int64_t user = AddUser(store(), "sana", "Sana");
  ArticleDraft edit = Draft("Reporter's story", "Brand New Desk");
  edit.may_create_section = false;
  auto saved = store().UpdateArticle(id, edit, 1, user, kNow);
  ASSERT_FALSE(saved);
  EXPECT_EQ(saved.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(SectionNames(*store().ListSections(std::nullopt)), ElementsAre("World"));
  EXPECT_EQ(store().GetArticle(id)->version, 1);

  // Whoever may create sections (an editor) does.
  edit.may_create_section = true;
  auto created = store().UpdateArticle(id, edit, 1, user, kNow);
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_EQ(created->section.name, "Brand New Desk");
  EXPECT_TRUE(store().GetSection("brand-new-desk"));
}

TEST_P(StoreContractTest, RenamingATagKeepsItsOldSlugWorking) {
  SeedTags(store(), {"Xi", "China"});
  auto xi = store().GetTag("xi");
  ASSERT_TRUE(xi);
  auto renamed = store().RenameTag(xi->id, "Xi Jinping");
  ASSERT_TRUE(renamed) << renamed.error().ToString();
  EXPECT_EQ(renamed->id, xi->id);
  EXPECT_EQ(renamed->slug, "xi-jinping");
  EXPECT_EQ(renamed->name, "Xi Jinping");
  auto by_old = store().GetTag("xi");
  ASSERT_TRUE(by_old) << by_old.error().ToString();
  EXPECT_EQ(by_old->id, xi->id);
  EXPECT_EQ(by_old->slug, "xi-jinping");
  EXPECT_EQ(LiveTotal(store(), "xi-jinping"), 1);

  auto taken = store().RenameTag(xi->id, "china");
  ASSERT_FALSE(taken);
  EXPECT_EQ(taken.error().code(), Code::kAlreadyExists);
  EXPECT_THAT(taken.error().message(), HasSubstr("merge"));
  EXPECT_EQ(store().RenameTag(xi->id, " ").error().code(), Code::kInvalidArgument);
  EXPECT_EQ(store().RenameTag(xi->id + 100, "Other").error().code(), Code::kNotFound);

  // Renamed back: the first slug is current again, the second redirects.
  ASSERT_TRUE(store().RenameTag(xi->id, "Xi"));
  EXPECT_EQ(store().GetTag("xi")->slug, "xi");
  EXPECT_EQ(store().GetTag("xi-jinping")->slug, "xi");
  // A change of case only keeps the slug.
  auto recased = store().RenameTag(xi->id, "XI");
  ASSERT_TRUE(recased);
  EXPECT_EQ(recased->slug, "xi");
  EXPECT_EQ(recased->name, "XI");
}

TEST_P(StoreContractTest, MergingTagsMovesStoriesOnceAndRedirectsEveryOldSlug) {
  ArticleDraft a = Published("A", "World", kNow - 3h);
  a.tag_names = {"Karachi", "Floods"};
  ArticleDraft b = Published("B", "World", kNow - 2h);
  b.tag_names = {"KHI"};
  ArticleDraft c = Published("C", "World", kNow - 1h);
  c.tag_names = {"KHI", "Karachi"};
  AddStory(store(), a);
  AddStory(store(), b);
  const int64_t c_id = AddStory(store(), c);
  auto khi = store().GetTag("khi");
  auto karachi = store().GetTag("karachi");
  ASSERT_TRUE(khi && karachi);
  ASSERT_TRUE(store().RenameTag(khi->id, "Karachi City"));  // khi -> karachi-city

  Status merged = store().MergeTags(khi->id, karachi->id);
  ASSERT_TRUE(merged.ok()) << merged.ToString();
  EXPECT_EQ(LiveTotal(store(), "karachi"), 3);
  EXPECT_EQ(LiveTotal(store(), "karachi-city"), 0);
  auto c_after = store().GetArticle(c_id);
  ASSERT_TRUE(c_after);
  ASSERT_EQ(c_after->tags.size(), 1u);  // had both: keeps one
  EXPECT_EQ(c_after->tags[0].id, karachi->id);
  EXPECT_EQ(store().GetTag("karachi-city")->id, karachi->id);
  EXPECT_EQ(store().GetTag("khi")->id, karachi->id);  // the older slug follows too
  EXPECT_EQ(store().GetTag("khi")->slug, "karachi");
  EXPECT_THAT(TagNames(*store().ListTags("k", 10)), ElementsAre("Karachi"));

  // Typing a merged tag's name files the story under the surviving tag.
  ArticleDraft d = Published("D", "World", kNow);
  d.tag_names = {"Karachi City"};
  EXPECT_EQ(store().GetArticle(AddStory(store(), d))->tags.at(0).id, karachi->id);

  EXPECT_EQ(store().MergeTags(karachi->id, karachi->id).code(), Code::kInvalidArgument);
  EXPECT_EQ(store().MergeTags(khi->id, karachi->id).code(), Code::kNotFound);
  EXPECT_EQ(store().MergeTags(karachi->id, khi->id).code(), Code::kNotFound);
}

TEST_P(StoreContractTest, AuthorsAreListedByNameAndUpdatedKeepingTheirSlug) {
  ArticleDraft d = Published("Story", "World", kNow - 1h);
  d.author_names = {"Zeb Khan", "asma ali", "Reuters"};
  const int64_t id = AddStory(store(), d);
  auto authors = store().ListAuthors();
  ASSERT_TRUE(authors) << authors.error().ToString();
  ASSERT_EQ(authors->size(), 3u);
  EXPECT_EQ((*authors)[0].name, "asma ali");
  EXPECT_EQ((*authors)[1].name, "Reuters");
  EXPECT_EQ((*authors)[2].name, "Zeb Khan");

  Author reuters = (*authors)[1];
  reuters.name = "Reuters News Agency";
  reuters.bio = "A wire service.";
  reuters.photo = "authors/reuters.png";
  reuters.slug = "ignored";
  auto updated = store().UpdateAuthor(reuters);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->slug, "reuters");
  EXPECT_EQ(updated->name, "Reuters News Agency");
  auto got = store().GetAuthor("reuters");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bio, "A wire service.");
  EXPECT_EQ(got->photo, "authors/reuters.png");
  auto story = store().GetArticle(id);
  ASSERT_TRUE(story);
  EXPECT_EQ(story->authors[2].name, "Reuters News Agency");
  EXPECT_EQ(story->authors[2].photo, "authors/reuters.png");
  // The byline typed with the new name finds the same author.
  ArticleDraft next = Published("Next", "World", kNow);
  next.author_names = {"Reuters News Agency"};
  EXPECT_EQ(store().GetArticle(AddStory(store(), next))->authors.at(0).id, reuters.id);

  reuters.name = "";
  EXPECT_EQ(store().UpdateAuthor(reuters).error().code(), Code::kInvalidArgument);
  reuters.name = "X";
  reuters.id += 100;
  EXPECT_EQ(store().UpdateAuthor(reuters).error().code(), Code::kNotFound);
}

MediaRecord Media(std::string file, Seconds created_at) {
  MediaRecord m;
  m.file = std::move(file);
  m.mime_type = "image/jpeg";
  m.bytes = 1000;
  m.width = 1600;
  m.height = 900;
  m.created_at = created_at;
  return m;
}

TEST_P(StoreContractTest, MediaKeepsItsWordsAndVariants) {
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  MediaRecord m = Media("2024/03/rain.jpg", kNow);
  m.caption = "Rain on Shahrah-e-Faisal «finally»";
  m.credit = "AFP";
  m.alt = "A flooded road";
  m.uploaded_by = sana;
  m.variants = {
      MediaVariant{
          .file = "2024/03/rain-480.webp", .mime_type = "image/webp", .width = 480, .height = 270},
      MediaVariant{
          .file = "2024/03/rain-960.webp", .mime_type = "image/webp", .width = 960, .height = 540},
      MediaVariant{
          .file = "2024/03/rain-960.jpg", .mime_type = "image/jpeg", .width = 960, .height = 540},
  };
  auto id = store().AddMedia(m);
  ASSERT_TRUE(id) << id.error().ToString();

  for (auto got : {store().GetMedia(*id), store().GetMediaByFile("2024/03/rain.jpg")}) {
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_EQ(got->id, *id);
    EXPECT_EQ(got->file, m.file);
    EXPECT_EQ(got->caption, m.caption);
    EXPECT_EQ(got->credit, "AFP");
    EXPECT_EQ(got->alt, "A flooded road");
    EXPECT_EQ(got->uploaded_by, sana);
    ASSERT_EQ(got->variants.size(), 3u);
    EXPECT_EQ(got->variants[0].file, "2024/03/rain-480.webp");
    EXPECT_EQ(got->variants[0].mime_type, "image/webp");
    EXPECT_EQ(got->variants[0].width, 480);
    EXPECT_EQ(got->variants[0].height, 270);
    EXPECT_EQ(got->variants[2].mime_type, "image/jpeg");
  }
  EXPECT_EQ(store().GetMedia(*id + 1).error().code(), Code::kNotFound);

  ASSERT_TRUE(store().UpdateMediaText(*id, "New caption", "Reuters", "New alt").ok());
  auto got = store().GetMedia(*id);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->caption, "New caption");
  EXPECT_EQ(got->credit, "Reuters");
  EXPECT_EQ(got->alt, "New alt");
  EXPECT_EQ(got->variants.size(), 3u);
  EXPECT_EQ(store().UpdateMediaText(*id + 1, "", "", "").code(), Code::kNotFound);

  MediaRecord by_nobody = Media("2024/03/other.jpg", kNow);
  by_nobody.uploaded_by = sana + 100;
  EXPECT_EQ(store().AddMedia(by_nobody).error().code(), Code::kInvalidArgument);
  auto plain = store().AddMedia(Media("2024/03/plain.jpg", kNow));  // no words, no variants
  ASSERT_TRUE(plain) << plain.error().ToString();
  EXPECT_TRUE(store().GetMedia(*plain)->variants.empty());
  EXPECT_FALSE(store().GetMedia(*plain)->uploaded_by);
}

TEST_P(StoreContractTest, MediaIsListedNewestFirstInPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store().AddMedia(
        Media("m" + std::to_string(i) + ".jpg", kNow - std::chrono::hours(5 - i))));
  }
  auto files = [&](int64_t offset, int64_t limit) {
    std::vector<std::string> out;
    auto list = store().ListMedia(offset, limit);
    EXPECT_TRUE(list) << list.error().ToString();
    if (list) {
      for (const MediaRecord& m : *list) out.push_back(m.file);
    }
    return out;
  };
  EXPECT_THAT(files(0, 10), ElementsAre("m4.jpg", "m3.jpg", "m2.jpg", "m1.jpg", "m0.jpg"));
  EXPECT_THAT(files(1, 2), ElementsAre("m3.jpg", "m2.jpg"));
  EXPECT_THAT(files(5, 2), IsEmpty());
  EXPECT_EQ(store().ListMedia(-1, 2).error().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace khabar
