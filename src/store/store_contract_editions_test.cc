// The store conformance suite (see store_contract_test.h): editions and
// translation links. A section and its stories belong to one edition (""
// is the main one); every public listing can keep one edition; a story may
// be the translation of a story of another edition, and the stories so
// linked list each other.
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
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;
using namespace store_contract;

const std::optional<std::string> kMain = std::string();
const std::optional<std::string> kUrdu = std::string("ur");
const std::optional<std::string> kEvery = std::nullopt;

// In is `draft` in `edition`.
ArticleDraft In(std::string edition, ArticleDraft draft) {
  draft.edition = std::move(edition);
  return draft;
}

// TranslationOf is `draft` as a translation of story `original`.
ArticleDraft TranslationOf(int64_t original, ArticleDraft draft) {
  draft.translation_of = original;
  return draft;
}

std::vector<std::string> Headlines(const std::vector<Article>& items) {
  std::vector<std::string> out;
  for (const Article& a : items) out.push_back(a.headline);
  return out;
}

std::vector<std::string> SectionSlugs(const std::vector<Section>& sections) {
  std::vector<std::string> out;
  for (const Section& s : sections) out.push_back(s.slug);
  return out;
}

// Listing is a live listing of `edition` at kNow.
ArticleQuery Listing(std::optional<std::string> edition) {
  ArticleQuery q;
  q.now = kNow;
  q.edition = std::move(edition);
  return q;
}

// Listed returns the headlines of the live listing of `edition` at kNow,
// narrowed by section, tag and author slugs ("" for none).
std::vector<std::string> Listed(Store& store, std::optional<std::string> edition,
                                const std::string& section = "", const std::string& tag = "",
                                const std::string& author = "") {
  ArticleQuery query = Listing(std::move(edition));
  if (!section.empty()) query.section_slug = section;
  if (!tag.empty()) query.tag_slug = tag;
  if (!author.empty()) query.author_slug = author;
  auto page = store.ListLiveArticles(query);
  EXPECT_TRUE(page) << page.error().ToString();
  if (!page) return {};
  EXPECT_EQ(page->total, static_cast<int64_t>(page->items.size()));
  return Headlines(page->items);
}

// Site is a small site in two editions: each has a story in its own
// section, and both share the tag "Monsoon" and the byline "Zeb".
struct Site {
  int64_t english = 0;
  int64_t urdu = 0;
};

Site AddSite(Store& store) {
  ArticleDraft en = Published("English flood", "World", kNow - 2h);
  en.tag_names = {"Monsoon"};
  en.author_names = {"Zeb"};
  ArticleDraft ur = In("ur", Published("Urdu flood", "Khabrain", kNow - 1h));
  ur.slug = "urdu-flood";
  ur.tag_names = {"Monsoon"};
  ur.author_names = {"Zeb"};
  Site site;
  site.english = AddStory(store, en);
  site.urdu = AddStory(store, ur);
  return site;
}

TEST_P(StoreContractTest, EditionKeysAreCheckedLikeEveryOtherField) {
  for (const char* bad : {"UR", "ur_pk", "ur pk", "abcdefghijklmnopq", "اردو"}) {
    auto id = store().CreateArticle(In(bad, Draft("Bad edition")), kNow);
    ASSERT_FALSE(id) << bad;
    EXPECT_EQ(id.error().code(), Code::kInvalidArgument) << bad;
    EXPECT_THAT(id.error().message(), HasSubstr("edition")) << bad;
  }
  EXPECT_TRUE(store().CreateArticle(In("abcdefghijklmnop", Draft("Sixteen", "Long")), kNow));
  EXPECT_TRUE(store().CreateArticle(In("ur-pk", Draft("Dashed", "Dashed")), kNow));
  EXPECT_EQ(store().ListArticleLines()->size(), 2u);
}

TEST_P(StoreContractTest, StoriesAndTheirSectionsShareTheDraftsEdition) {
  const int64_t en = AddStory(store(), Draft("Main story", "World"));
  const int64_t ur = AddStory(store(), In("ur", Draft("Urdu story", "Khabrain")));
  auto a = store().GetArticle(en);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->edition, "");
  EXPECT_EQ(a->section.edition, "");
  EXPECT_FALSE(a->translation_of);
  auto b = store().GetArticle(ur);
  ASSERT_TRUE(b) << b.error().ToString();
  EXPECT_EQ(b->edition, "ur");
  EXPECT_EQ(b->section.slug, "khabrain");
  EXPECT_EQ(b->section.edition, "ur");

  EXPECT_THAT(SectionSlugs(*store().ListSections(kMain)), ElementsAre("world"));
  EXPECT_THAT(SectionSlugs(*store().ListSections(kUrdu)), ElementsAre("khabrain"));
  EXPECT_THAT(*store().ListSections(std::string("ar")), IsEmpty());
  EXPECT_THAT(SectionSlugs(*store().ListSections(kEvery)), ElementsAre("khabrain", "world"));
  auto section = store().GetSection("khabrain");
  ASSERT_TRUE(section) << section.error().ToString();
  EXPECT_EQ(section->edition, "ur");

  // A second story of the edition finds the same section by name or slug.
  const int64_t again = AddStory(store(), In("ur", Draft("Urdu again", "khabrain")));
  EXPECT_EQ(store().GetArticle(again)->section.id, b->section.id);
}

TEST_P(StoreContractTest, ASectionOfAnotherEditionIsRefusedAndNothingIsWritten) {
  const int64_t en = AddStory(store(), Draft("Main story", "World"));
  auto refused = store().CreateArticle(In("ur", Draft("Urdu story", "World")), kNow);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(refused.error().message(), HasSubstr("section"));
  EXPECT_EQ(store().ListArticleLines()->size(), 1u);
  EXPECT_THAT(*store().ListSections(kUrdu), IsEmpty());

  // Moving a story to another edition while keeping a section of the old
  // one is refused the same way.
  auto before = store().GetArticle(en);
  ASSERT_TRUE(before);
  const int64_t user = AddUser(store(), "sana", "Sana");
  auto moved = store().UpdateArticle(en, In("ur", Draft("Main story", "World")), before->version,
                                     user, kNow);
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().code(), Code::kInvalidArgument);
  EXPECT_THAT(moved.error().message(), HasSubstr("section"));
  auto after = store().GetArticle(en);
  EXPECT_EQ(after->version, before->version);
  EXPECT_EQ(after->edition, "");

  // With a section of the new edition it moves.
  auto ok = store().UpdateArticle(en, In("ur", Draft("Main story", "Khabrain")), before->version,
                                  user, kNow);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->edition, "ur");
  EXPECT_EQ(ok->section.edition, "ur");
}

TEST_P(StoreContractTest, CreateAndUpdateSectionKeepTheEdition) {
  Section khel;
  khel.name = "Khel";
  khel.position = 2;
  khel.edition = "ur";
  auto made = store().CreateSection(khel);
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(made->edition, "ur");
  EXPECT_EQ(store().GetSection("khel")->edition, "ur");
  EXPECT_THAT(SectionSlugs(*store().ListSections(kUrdu)), ElementsAre("khel"));

  Section renamed = *made;
  renamed.name = "Khel-kood";
  auto updated = store().UpdateSection(renamed);
  ASSERT_TRUE(updated) << updated.error().ToString();
  EXPECT_EQ(updated->edition, "ur");
  EXPECT_EQ(store().GetSection("khel")->edition, "ur");

  Section bad_key;
  bad_key.name = "Bad";
  bad_key.edition = "Urdu!";
  auto bad = store().CreateSection(bad_key);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), Code::kInvalidArgument);

  // A section without stories may change edition; one with stories keeps it.
  renamed.edition = "";
  ASSERT_TRUE(store().UpdateSection(renamed));
  EXPECT_EQ(store().GetSection("khel")->edition, "");
  AddStory(store(), Draft("Match", "Khel-kood"));
  renamed.edition = "ur";
  auto refused = store().UpdateSection(renamed);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(store().GetSection("khel")->edition, "");
}

TEST_P(StoreContractTest, ListingsKeepOneEditionOrEvery) {
  AddSite(store());
  EXPECT_THAT(Listed(store(), kEvery), ElementsAre("Urdu flood", "English flood"));
  EXPECT_THAT(Listed(store(), kMain), ElementsAre("English flood"));
  EXPECT_THAT(Listed(store(), kUrdu), ElementsAre("Urdu flood"));
  EXPECT_THAT(Listed(store(), std::string("ar")), IsEmpty());
  EXPECT_THAT(Listed(store(), kUrdu, "", "monsoon"), ElementsAre("Urdu flood"));
  EXPECT_THAT(Listed(store(), kEvery, "", "monsoon"), ElementsAre("Urdu flood", "English flood"));
  EXPECT_THAT(Listed(store(), kMain, "", "", "zeb"), ElementsAre("English flood"));
  EXPECT_THAT(Listed(store(), kMain, "", "monsoon", "zeb"), ElementsAre("English flood"));
  EXPECT_THAT(Listed(store(), kUrdu, "khabrain"), ElementsAre("Urdu flood"));
  EXPECT_THAT(Listed(store(), kMain, "khabrain"), IsEmpty());

  // Listings fill the edition.
  auto page = store().ListLiveArticles(Listing(kUrdu));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].edition, "ur");
  EXPECT_EQ(page->items[0].section.edition, "ur");
}

TEST_P(StoreContractTest, SearchKeepsOneEditionOrEvery) {
  AddSite(store());
  auto search = [&](std::optional<std::string> edition) {
    SearchQuery q;
    q.text = "flood";
    q.now = kNow;
    q.edition = std::move(edition);
    auto page = store().SearchArticles(q);
    EXPECT_TRUE(page) << page.error().ToString();
    std::vector<std::string> out;
    if (!page) return out;
    EXPECT_EQ(page->total, static_cast<int64_t>(page->hits.size()));
    for (const SearchHit& h : page->hits)
      out.push_back(h.article.edition + ":" + h.article.headline);
    return out;
  };
  EXPECT_THAT(search(kEvery), UnorderedElementsAre("ur:Urdu flood", ":English flood"));
  EXPECT_THAT(search(kMain), ElementsAre(":English flood"));
  EXPECT_THAT(search(kUrdu), ElementsAre("ur:Urdu flood"));
  EXPECT_THAT(search(std::string("ar")), IsEmpty());
}

TEST_P(StoreContractTest, SitemapsAndCountsKeepOneEditionOrEvery) {
  AddSite(store());
  AddStory(store(), In("ur", Published("Urdu later", "Khabrain", kNow + 1h)));
  EXPECT_EQ(*store().CountLiveArticles(kNow, kEvery), 2);
  EXPECT_EQ(*store().CountLiveArticles(kNow, kMain), 1);
  EXPECT_EQ(*store().CountLiveArticles(kNow, kUrdu), 1);
  EXPECT_EQ(*store().CountLiveArticles(kNow + 2h, kUrdu), 2);
  auto urdu = store().ListSitemapEntries(kNow, 0, 10, kUrdu);
  ASSERT_TRUE(urdu) << urdu.error().ToString();
  ASSERT_EQ(urdu->size(), 1u);
  EXPECT_EQ((*urdu)[0].slug, "urdu-flood");
  EXPECT_EQ((*urdu)[0].edition, "ur");
  EXPECT_THAT((*urdu)[0].tag_names, ElementsAre("Monsoon"));
  auto every = store().ListSitemapEntries(kNow, 0, 10, kEvery);
  ASSERT_TRUE(every);
  ASSERT_EQ(every->size(), 2u);
  EXPECT_EQ((*every)[1].edition, "");
  EXPECT_EQ(store().ListSitemapEntries(kNow, 0, 10, kMain)->size(), 1u);
}

TEST_P(StoreContractTest, MostReadKeepsOneEditionOrEvery) {
  const Site site = AddSite(store());
  ASSERT_TRUE(store().AddPageViews({{site.english, 5}, {site.urdu, 3}}, kNow - 1h).ok());
  EXPECT_THAT(Headlines(*store().MostRead(kNow - 24h, kNow, 10, kEvery)),
              ElementsAre("English flood", "Urdu flood"));
  EXPECT_THAT(Headlines(*store().MostRead(kNow - 24h, kNow, 10, kUrdu)), ElementsAre("Urdu flood"));
  EXPECT_THAT(Headlines(*store().MostRead(kNow - 24h, kNow, 10, kMain)),
              ElementsAre("English flood"));
}

TEST_P(StoreContractTest, RelatedStoriesAreOfTheSameEdition) {
  const Site site = AddSite(store());
  ArticleDraft more = In("ur", Published("Urdu rain", "Khabrain", kNow - 3h));
  more.tag_names = {"Monsoon"};
  const int64_t urdu_rain = AddStory(store(), more);
  EXPECT_THAT(Headlines(*store().RelatedArticles(site.urdu, kNow, 10)), ElementsAre("Urdu rain"));
  EXPECT_THAT(Headlines(*store().RelatedArticles(urdu_rain, kNow, 10)), ElementsAre("Urdu flood"));
  EXPECT_THAT(*store().RelatedArticles(site.english, kNow, 10), IsEmpty());
}

TEST_P(StoreContractTest, NewsroomLinesShowAndFilterTheEdition) {
  const Site site = AddSite(store());
  auto lines = store().ListArticleLines();
  ASSERT_TRUE(lines);
  ASSERT_EQ(lines->size(), 2u);
  EXPECT_EQ((*lines)[0].edition, "ur");
  EXPECT_EQ((*lines)[1].edition, "");
  auto lines_of = [&](std::optional<std::string> edition) {
    ArticleFilter filter;
    filter.edition = std::move(edition);
    return store().FindArticleLines(filter);
  };
  auto urdu = lines_of(kUrdu);
  ASSERT_TRUE(urdu) << urdu.error().ToString();
  EXPECT_EQ(urdu->second, 1);
  ASSERT_EQ(urdu->first.size(), 1u);
  EXPECT_EQ(urdu->first[0].id, site.urdu);
  EXPECT_EQ(lines_of(kMain)->second, 1);
  EXPECT_EQ(lines_of(kEvery)->second, 2);
}

TEST_P(StoreContractTest, TranslationsListEachOtherBothWaysAndSiblings) {
  const int64_t original = AddStory(store(), Published("Budget", "Business", kNow - 3h));
  ArticleDraft ur = In("ur", Published("Budget ur", "Karobar", kNow - 2h));
  const int64_t urdu = AddStory(store(), TranslationOf(original, ur));
  ArticleDraft ar = In("ar", Published("Budget ar", "Iqtisad", kNow - 1h));
  const int64_t arabic = AddStory(store(), TranslationOf(original, ar));
  const int64_t other = AddStory(store(), Published("Other", "Business", kNow - 1h));

  auto got = store().GetArticle(urdu);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->translation_of, original);
  EXPECT_FALSE(store().GetArticle(original)->translation_of);

  auto of_original = store().ListTranslations(original, kNow);
  ASSERT_TRUE(of_original) << of_original.error().ToString();
  EXPECT_THAT(Headlines(*of_original), ElementsAre("Budget ar", "Budget ur"));
  EXPECT_TRUE((*of_original)[0].body_html.empty());
  EXPECT_EQ((*of_original)[1].translation_of, original);
  EXPECT_THAT(Headlines(*store().ListTranslations(urdu, kNow)), ElementsAre("Budget", "Budget ar"));
  EXPECT_THAT(Headlines(*store().ListTranslations(arabic, kNow)),
              ElementsAre("Budget", "Budget ur"));
  EXPECT_THAT(*store().ListTranslations(other, kNow), IsEmpty());
  EXPECT_THAT(*store().ListTranslations(9999, kNow), IsEmpty());

  // Listings and search hits carry the link too.
  auto page = store().ListLiveArticles(Listing(kUrdu));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].translation_of, original);
}

TEST_P(StoreContractTest, ListTranslationsListsLiveStoriesOnly) {
  const int64_t original = AddStory(store(), Published("Budget", "Business", kNow - 3h));
  AddStory(store(), TranslationOf(original, In("ur", Draft("Budget ur draft", "Karobar"))));
  AddStory(store(),
           TranslationOf(original, In("ar", Published("Budget ar later", "Iqtisad", kNow + 1h))));
  const int64_t live = AddStory(
      store(), TranslationOf(original, In("ps", Published("Budget ps", "Khabare", kNow - 1h))));
  EXPECT_THAT(Headlines(*store().ListTranslations(original, kNow)), ElementsAre("Budget ps"));
  EXPECT_THAT(Headlines(*store().ListTranslations(original, kNow + 2h)),
              ElementsAre("Budget ar later", "Budget ps"));
  EXPECT_THAT(Headlines(*store().ListTranslations(live, kNow)), ElementsAre("Budget"));

  // An original that is not live is not listed for its translations.
  const int64_t hidden = AddStory(store(), Draft("Hidden", "Business"));
  const int64_t hidden_ur = AddStory(
      store(), TranslationOf(hidden, In("ur", Published("Hidden ur", "Karobar", kNow - 1h))));
  EXPECT_THAT(*store().ListTranslations(hidden_ur, kNow), IsEmpty());
}

TEST_P(StoreContractTest, BadTranslationLinksAreRefusedAndNothingIsWritten) {
  const int64_t original = AddStory(store(), Published("Budget", "Business", kNow - 3h));
  const int64_t urdu =
      AddStory(store(), TranslationOf(original, In("ur", Draft("Budget ur", "Karobar"))));
  auto refused = [&](const ArticleDraft& draft) {
    auto id = store().CreateArticle(draft, kNow);
    EXPECT_FALSE(id) << draft.headline;
    if (id) return;
    EXPECT_EQ(id.error().code(), Code::kInvalidArgument) << draft.headline;
    EXPECT_THAT(id.error().message(), HasSubstr("translation_of")) << draft.headline;
  };
  refused(TranslationOf(original, Draft("Same edition", "Business")));
  refused(TranslationOf(urdu, In("ar", Draft("A chain", "Iqtisad"))));
  refused(TranslationOf(9999, In("ar", Draft("Unknown", "Iqtisad"))));
  EXPECT_EQ(store().ListArticleLines()->size(), 2u);
  EXPECT_THAT(*store().ListSections(std::string("ar")), IsEmpty());

  const int64_t user = AddUser(store(), "sana", "Sana");
  auto update_refused = [&](int64_t id, const ArticleDraft& draft, const char* field) {
    auto before = store().GetArticle(id);
    ASSERT_TRUE(before);
    auto saved = store().UpdateArticle(id, draft, before->version, user, kNow);
    ASSERT_FALSE(saved) << draft.headline;
    EXPECT_EQ(saved.error().code(), Code::kInvalidArgument) << draft.headline;
    EXPECT_THAT(saved.error().message(), HasSubstr(field)) << draft.headline;
    auto after = store().GetArticle(id);
    EXPECT_EQ(after->version, before->version);
    EXPECT_EQ(after->headline, before->headline);
    EXPECT_EQ(after->translation_of, before->translation_of);
  };
  // Itself.
  update_refused(urdu, TranslationOf(urdu, In("ur", Draft("Self", "Karobar"))), "translation_of");
  // A story others translate may not become a translation.
  const int64_t arabic = AddStory(store(), In("ar", Draft("Arabic", "Iqtisad")));
  update_refused(original, TranslationOf(arabic, Published("Budget", "Business", kNow - 3h)),
                 "translation_of");
  // Nor move to the edition of one of its translations.
  update_refused(original, In("ur", Draft("Budget moved", "Karobar")), "edition");
}

TEST_P(StoreContractTest, SavingWithoutALinkClearsItAndALinkCanBeAdded) {
  const int64_t original = AddStory(store(), Published("Budget", "Business", kNow - 3h));
  const int64_t urdu = AddStory(
      store(), TranslationOf(original, In("ur", Published("Budget ur", "Karobar", kNow - 1h))));
  const int64_t user = AddUser(store(), "sana", "Sana");
  auto unlinked =
      store().UpdateArticle(urdu, In("ur", Draft("Budget ur", "Karobar")), 1, user, kNow);
  ASSERT_TRUE(unlinked) << unlinked.error().ToString();
  EXPECT_FALSE(unlinked->translation_of);
  EXPECT_THAT(*store().ListTranslations(original, kNow), IsEmpty());
  EXPECT_THAT(*store().ListTranslations(urdu, kNow), IsEmpty());

  auto linked = store().UpdateArticle(
      urdu, TranslationOf(original, In("ur", Draft("Budget ur", "Karobar"))), 2, user, kNow);
  ASSERT_TRUE(linked) << linked.error().ToString();
  EXPECT_EQ(linked->translation_of, original);
  EXPECT_THAT(Headlines(*store().ListTranslations(original, kNow)), ElementsAre("Budget ur"));
}

TEST_P(StoreContractTest, RevisionsKeepContentAndReportWhereTheStoryIsNow) {
  const int64_t original = AddStory(store(), Published("Budget", "Business", kNow - 3h));
  const int64_t urdu =
      AddStory(store(), TranslationOf(original, In("ur", Draft("Budget ur", "Karobar"))));
  auto first = store().GetRevision(urdu, 1);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->content.edition, "ur");
  EXPECT_EQ(first->content.translation_of, original);
  EXPECT_EQ(first->content.section_name, "Karobar");

  // Restoring a revision saves it again, in the story's edition.
  const int64_t user = AddUser(store(), "sana", "Sana");
  auto restored = store().UpdateArticle(urdu, first->content, 1, user, kNow);
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ(restored->edition, "ur");
  EXPECT_EQ(restored->translation_of, original);
}

// Changes returns the journal after `after` as {"story 3", "listing 4"}
// (stories only).
std::vector<std::string> Changes(Store& store, int64_t after) {
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

TEST_P(StoreContractTest, ChangesReachEveryPageOfATranslationGroup) {
  const int64_t user = AddUser(store(), "sana", "Sana");
  const int64_t original = AddStory(store(), Published("Budget", "Business", kNow - 3h));
  const std::string original_page = "story " + std::to_string(original);
  int64_t mark = *store().LatestChange();
  ArticleDraft ur = TranslationOf(original, In("ur", Published("Budget ur", "Karobar", kNow)));
  const int64_t urdu = AddStory(store(), ur);
  const std::string urdu_page = "story " + std::to_string(urdu);
  EXPECT_THAT(Changes(store(), mark), Contains(original_page));
  EXPECT_THAT(Changes(store(), mark), Contains("listing " + std::to_string(urdu)));

  // What the links show (here the headline) changes every page of the group.
  mark = *store().LatestChange();
  ur.headline = "Budget ur, revised";
  ASSERT_TRUE(store().UpdateArticle(urdu, ur, 1, user, kNow));
  EXPECT_THAT(Changes(store(), mark), Contains(original_page));
  mark = *store().LatestChange();
  ArticleDraft en = Published("Budget passes", "Business", kNow - 3h);
  ASSERT_TRUE(store().UpdateArticle(original, en, 1, user, kNow));
  EXPECT_THAT(Changes(store(), mark), Contains(urdu_page));

  // The words alone change the story's own pages only.
  mark = *store().LatestChange();
  en.body_html = "<p>More.</p>";
  ASSERT_TRUE(store().UpdateArticle(original, en, 2, user, kNow));
  EXPECT_THAT(Changes(store(), mark), Not(Contains(urdu_page)));

  // Unlinking changes the original's pages too.
  mark = *store().LatestChange();
  ur.translation_of.reset();
  ASSERT_TRUE(store().UpdateArticle(urdu, ur, 2, user, kNow));
  EXPECT_THAT(Changes(store(), mark), Contains(original_page));
}

}  // namespace
}  // namespace khabar
