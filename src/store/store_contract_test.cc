// The store conformance suite (see store_contract_test.h): creating,
// reading and listing stories, media, settings and Hijri records. Every test
// starts from a fresh, empty store and uses only the Store interface.
#include "store/store_contract_test.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;
using namespace store_contract;

// Query returns a listing query at kNow; the By* helpers add one filter.
ArticleQuery Query(int64_t offset = 0, int64_t limit = 20) {
  ArticleQuery q;
  q.now = kNow;
  q.offset = offset;
  q.limit = limit;
  return q;
}
ArticleQuery BySection(std::string slug) {
  ArticleQuery q = Query();
  q.section_slug = std::move(slug);
  return q;
}
ArticleQuery ByTag(std::string slug) {
  ArticleQuery q = Query();
  q.tag_slug = std::move(slug);
  return q;
}
ArticleQuery ByAuthor(std::string slug) {
  ArticleQuery q = Query();
  q.author_slug = std::move(slug);
  return q;
}

std::vector<std::string> Headlines(const ArticlePage& page) {
  std::vector<std::string> out;
  for (const Article& a : page.items) out.push_back(a.headline);
  return out;
}

std::vector<std::string> Names(const std::vector<Tag>& tags) {
  std::vector<std::string> out;
  for (const Tag& t : tags) out.push_back(t.name);
  return out;
}

std::vector<std::string> Slugs(const std::vector<Author>& authors) {
  std::vector<std::string> out;
  for (const Author& a : authors) out.push_back(a.slug);
  return out;
}

TEST_P(StoreContractTest, CreateThenGetRoundTripsEveryField) {
  ArticleDraft d;
  d.slug = "karachi-rain";
  d.headline = "کراچی میں بارش — Rain in Karachi";
  d.standfirst = "The city’s first monsoon spell, «finally».";
  d.body_markdown = "# Rain\n\nIt *rained*. 🌧️";
  d.body_html = "<h1>Rain</h1>\n<p>It <em>rained</em>. 🌧️</p>";
  d.section_name = "Pakistan";
  d.author_names = {"Ayesha Siddiqa", "Reuters"};
  d.tag_names = {"Monsoon", "Xi Jinping", "کراچی"};
  d.image = Image{.file = "2024/03/rain.jpg",
                  .caption = "Rain on Shahrah-e-Faisal",
                  .credit = "AFP",
                  .alt = "A flooded road",
                  .width = 1600,
                  .height = 900};
  d.status = ArticleStatus::kPublished;
  d.published_at = kNow - 1h;
  d.comments_open = false;
  d.breaking = true;
  d.correction = "An earlier version gave the wrong rainfall.";
  const int64_t sana = AddUser(store(), "sana", "Sana Mirza");
  d.created_by = sana;

  auto id = store().CreateArticle(d, kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  auto a = store().GetArticle(*id);
  ASSERT_TRUE(a) << a.error().ToString();

  EXPECT_EQ(a->id, *id);
  EXPECT_EQ(a->slug, "karachi-rain");
  EXPECT_EQ(a->headline, d.headline);
  EXPECT_EQ(a->standfirst, d.standfirst);
  EXPECT_EQ(a->body_markdown, d.body_markdown);
  EXPECT_EQ(a->body_html, d.body_html);
  EXPECT_EQ(a->section.name, "Pakistan");
  EXPECT_EQ(a->section.slug, "pakistan");
  EXPECT_GT(a->section.id, 0);
  ASSERT_EQ(a->authors.size(), 2u);
  EXPECT_EQ(a->authors[0].name, "Ayesha Siddiqa");
  EXPECT_EQ(a->authors[0].slug, "ayesha-siddiqa");
  EXPECT_EQ(a->authors[1].name, "Reuters");
  EXPECT_THAT(Names(a->tags), ElementsAre("Monsoon", "Xi Jinping", "کراچی"));
  ASSERT_EQ(a->tags.size(), 3u);
  EXPECT_EQ(a->tags[1].slug, "xi-jinping");
  EXPECT_EQ(a->tags[2].slug, "کراچی");
  ASSERT_TRUE(a->image);
  EXPECT_EQ(a->image->file, "2024/03/rain.jpg");
  EXPECT_EQ(a->image->caption, "Rain on Shahrah-e-Faisal");
  EXPECT_EQ(a->image->credit, "AFP");
  EXPECT_EQ(a->image->alt, "A flooded road");
  EXPECT_EQ(a->image->width, 1600);
  EXPECT_EQ(a->image->height, 900);
  EXPECT_EQ(a->status, ArticleStatus::kPublished);
  EXPECT_EQ(a->published_at, kNow - 1h);
  EXPECT_EQ(a->created_at, kNow);
  EXPECT_EQ(a->updated_at, kNow);
  EXPECT_FALSE(a->comments_open);
  EXPECT_TRUE(a->breaking);
  EXPECT_EQ(a->correction, d.correction);
  EXPECT_EQ(a->created_by, sana);
  EXPECT_EQ(a->version, 1);
}

TEST_P(StoreContractTest, DraftWithoutImageOrTimeRoundTrips) {
  ArticleDraft d;
  d.headline = "Budget 2024: what changes";
  d.section_name = "Business";
  auto id = store().CreateArticle(d, kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  auto a = store().GetArticle(*id);
  ASSERT_TRUE(a) << a.error().ToString();
  EXPECT_EQ(a->slug, "budget-2024-what-changes");  // derived from the headline
  EXPECT_EQ(a->status, ArticleStatus::kDraft);
  EXPECT_FALSE(a->published_at);
  EXPECT_FALSE(a->image);
  EXPECT_TRUE(a->comments_open);
  EXPECT_TRUE(a->authors.empty());
  EXPECT_TRUE(a->tags.empty());
  EXPECT_FALSE(a->breaking);
  EXPECT_EQ(a->correction, "");
  EXPECT_FALSE(a->created_by);  // an import
  EXPECT_EQ(a->version, 1);
}

TEST_P(StoreContractTest, CreatorMustExist) {
  ArticleDraft d = Draft("By nobody");
  d.created_by = 404;
  auto id = store().CreateArticle(d, kNow);
  ASSERT_FALSE(id);
  EXPECT_EQ(id.error().code(), Code::kInvalidArgument) << id.error().ToString();
  EXPECT_TRUE(store().ListArticleLines()->empty());
}

TEST_P(StoreContractTest, GetMissingArticleIsNotFound) {
  auto a = store().GetArticle(42);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code(), Code::kNotFound);
  EXPECT_EQ(a.error().message(), "article 42 not found");
}

TEST_P(StoreContractTest, SectionsAuthorsAndTagsAreFoundOrCreatedByName) {
  ArticleDraft first = Published("One", "World", kNow - 2h);
  first.author_names = {"Reuters"};
  first.tag_names = {"Xi Jinping"};
  ArticleDraft second = Published("Two", "world", kNow - 1h);  // same slug, other case
  second.author_names = {"reuters", "Ali Khan"};
  second.tag_names = {"xi jinping", "China"};
  auto id1 = store().CreateArticle(first, kNow);
  auto id2 = store().CreateArticle(second, kNow);
  ASSERT_TRUE(id1 && id2);

  auto a1 = store().GetArticle(*id1);
  auto a2 = store().GetArticle(*id2);
  ASSERT_TRUE(a1 && a2);
  EXPECT_EQ(a1->section.id, a2->section.id);
  EXPECT_EQ(a2->section.name, "World");  // the first spelling is kept
  EXPECT_EQ(a1->authors[0].id, a2->authors[0].id);
  EXPECT_EQ(a1->tags[0].id, a2->tags[0].id);
  EXPECT_EQ(a2->tags[0].name, "Xi Jinping");

  auto sections = store().ListSections(std::nullopt);
  ASSERT_TRUE(sections);
  ASSERT_EQ(sections->size(), 1u);
  EXPECT_EQ((*sections)[0].slug, "world");

  auto tag = store().GetTag("xi-jinping");
  ASSERT_TRUE(tag) << tag.error().ToString();
  EXPECT_EQ(tag->name, "Xi Jinping");
  auto author = store().GetAuthor("ali-khan");
  ASSERT_TRUE(author) << author.error().ToString();
  EXPECT_EQ(author->name, "Ali Khan");
  auto section = store().GetSection("world");
  ASSERT_TRUE(section);
  EXPECT_EQ(section->name, "World");
}

TEST_P(StoreContractTest, UnknownSectionTagAuthorAreNotFound) {
  EXPECT_EQ(store().GetSection("nope").error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetTag("nope").error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetAuthor("nope").error().code(), Code::kNotFound);
}

TEST_P(StoreContractTest, AuthorsAndTagsKeepTheirOrderAndRepeatsAreDropped) {
  ArticleDraft d = Published("Order", "World", kNow - 1h);
  d.author_names = {"Zeb", "Asma", "Mir", "asma"};
  d.tag_names = {"Zulu", "Alpha", "Zulu", "alpha", "Mike"};
  auto id = store().CreateArticle(d, kNow);
  ASSERT_TRUE(id) << id.error().ToString();
  auto a = store().GetArticle(*id);
  ASSERT_TRUE(a);
  EXPECT_THAT(Slugs(a->authors), ElementsAre("zeb", "asma", "mir"));
  EXPECT_THAT(Names(a->tags), ElementsAre("Zulu", "Alpha", "Mike"));
}

TEST_P(StoreContractTest, DuplicateSlugIsAlreadyExistsAndChangesNothing) {
  ArticleDraft d = Published("Same story", "World", kNow - 1h);
  ASSERT_TRUE(store().CreateArticle(d, kNow));
  ArticleDraft again = Published("Same story", "Brand New Section", kNow - 1h);
  again.tag_names = {"Brand new tag"};
  auto dup = store().CreateArticle(again, kNow);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kAlreadyExists);
  EXPECT_THAT(dup.error().message(), HasSubstr("same-story"));
  // Atomic: the section and tag the failed create would have made are absent.
  EXPECT_EQ(store().GetSection("brand-new-section").error().code(), Code::kNotFound);
  EXPECT_EQ(store().GetTag("brand-new-tag").error().code(), Code::kNotFound);

  ArticleDraft explicit_slug = Published("Another headline", "World", kNow - 1h);
  explicit_slug.slug = "same-story";
  auto dup2 = store().CreateArticle(explicit_slug, kNow);
  ASSERT_FALSE(dup2);
  EXPECT_EQ(dup2.error().code(), Code::kAlreadyExists);
}

TEST_P(StoreContractTest, InvalidDraftsAreRefused) {
  ArticleDraft no_headline = Published("", "World", kNow);
  ArticleDraft no_section = Published("Headline", "", kNow);
  ArticleDraft no_time = Published("Headline", "World", kNow);
  no_time.published_at.reset();
  ArticleDraft bad_slug = Published("Headline", "World", kNow);
  bad_slug.slug = "Not A Slug";
  ArticleDraft bad_tag = Published("Headline", "World", kNow);
  bad_tag.tag_names = {"!!!"};
  for (const ArticleDraft& d : {no_headline, no_section, no_time, bad_slug, bad_tag}) {
    auto id = store().CreateArticle(d, kNow);
    ASSERT_FALSE(id) << d.headline;
    EXPECT_EQ(id.error().code(), Code::kInvalidArgument) << id.error().ToString();
  }
  auto lines = store().ListArticleLines();
  ASSERT_TRUE(lines);
  EXPECT_TRUE(lines->empty());
}

// SeedListing adds four live stories and four that are not live, for the
// listing tests.
void SeedListing(Store& store) {
  auto add = [&](std::string headline, std::string section, std::vector<std::string> authors,
                 std::vector<std::string> tags, Seconds at) {
    ArticleDraft d = Published(std::move(headline), std::move(section), at);
    d.author_names = std::move(authors);
    d.tag_names = std::move(tags);
    auto id = store.CreateArticle(d, kNow);
    ASSERT_TRUE(id) << id.error().ToString();
  };
  add("World old", "World", {"Reuters"}, {"China"}, kNow - 72h);
  add("World new", "World", {"Ali Khan"}, {"China", "Trade"}, kNow - 1h);
  add("Sport", "Sport", {"Ali Khan", "AP"}, {"Cricket"}, kNow - 24h);
  add("Business", "Business", {"AP"}, {"Trade"}, kNow - 48h);
  // Not live: scheduled for later, a draft, an unpublished story, and a
  // "published" story whose time has not come.
  ArticleDraft scheduled = Published("Scheduled", "World", kNow + 1h);
  scheduled.status = ArticleStatus::kScheduled;
  ASSERT_TRUE(store.CreateArticle(scheduled, kNow));
  ArticleDraft draft = Published("Draft", "World", kNow - 1h);
  draft.status = ArticleStatus::kDraft;
  draft.tag_names = {"China"};
  ASSERT_TRUE(store.CreateArticle(draft, kNow));
  ArticleDraft unpublished = Published("Unpublished", "World", kNow - 1h);
  unpublished.status = ArticleStatus::kUnpublished;
  ASSERT_TRUE(store.CreateArticle(unpublished, kNow));
  ASSERT_TRUE(store.CreateArticle(Published("Future", "World", kNow + 1s), kNow));
}

// List lists live stories at kNow, failing the test on an error.
ArticlePage List(Store& store, ArticleQuery q) {
  q.now = kNow;
  auto page = store.ListLiveArticles(q);
  EXPECT_TRUE(page) << page.error().ToString();
  return page ? *page : ArticlePage{};
}

TEST_P(StoreContractTest, ListingAllLiveNewestFirstWithoutBodies) {
  ASSERT_NO_FATAL_FAILURE(SeedListing(store()));
  ArticlePage page = List(store(), Query());
  EXPECT_EQ(page.total, 4);
  EXPECT_THAT(Headlines(page), ElementsAre("World new", "Sport", "Business", "World old"));
  ASSERT_EQ(page.items.size(), 4u);
  const Article& sport = page.items[1];
  EXPECT_TRUE(sport.body_markdown.empty());
  EXPECT_TRUE(sport.body_html.empty());
  EXPECT_EQ(sport.section.slug, "sport");
  EXPECT_THAT(Slugs(sport.authors), ElementsAre("ali-khan", "ap"));
  EXPECT_THAT(Names(page.items[0].tags), ElementsAre("China", "Trade"));
}

TEST_P(StoreContractTest, ListingFiltersBySectionTagAndAuthor) {
  ASSERT_NO_FATAL_FAILURE(SeedListing(store()));
  EXPECT_THAT(Headlines(List(store(), BySection("world"))), ElementsAre("World new", "World old"));
  EXPECT_THAT(Headlines(List(store(), ByTag("trade"))), ElementsAre("World new", "Business"));
  EXPECT_THAT(Headlines(List(store(), ByTag("china"))), ElementsAre("World new", "World old"));
  EXPECT_THAT(Headlines(List(store(), ByAuthor("ap"))), ElementsAre("Sport", "Business"));
  EXPECT_EQ(List(store(), ByAuthor("ap")).total, 2);
}

TEST_P(StoreContractTest, ListingUnknownSlugGivesAnEmptyPage) {
  ASSERT_NO_FATAL_FAILURE(SeedListing(store()));
  for (ArticleQuery q : {BySection("nope"), ByTag("nope"), ByAuthor("nope")}) {
    ArticlePage page = List(store(), q);
    EXPECT_EQ(page.total, 0);
    EXPECT_TRUE(page.items.empty());
  }
}

TEST_P(StoreContractTest, ListingPagesWithOffsetLimitAndTotal) {
  ASSERT_NO_FATAL_FAILURE(SeedListing(store()));
  ArticlePage first = List(store(), Query(0, 3));
  EXPECT_EQ(first.total, 4);
  EXPECT_THAT(Headlines(first), ElementsAre("World new", "Sport", "Business"));
  ArticlePage second = List(store(), Query(3, 3));
  EXPECT_EQ(second.total, 4);
  EXPECT_THAT(Headlines(second), ElementsAre("World old"));
  ArticlePage past_end = List(store(), Query(10, 3));
  EXPECT_EQ(past_end.total, 4);
  EXPECT_TRUE(past_end.items.empty());
  auto negative = store().ListLiveArticles(Query(-1));
  ASSERT_FALSE(negative);
  EXPECT_EQ(negative.error().code(), Code::kInvalidArgument);
}

// Every page of a tag's, an author's or a section's listing, large or
// small, early or deep, holds the same stories in the same order (newest
// first, then highest id), whatever way a store finds them.
TEST_P(StoreContractTest, ListingPagesAgreeForLargeAndSmallListings) {
  struct Story {
    int64_t id = 0;
    Seconds at;
    std::vector<std::string> tags;
    std::string author;
    std::string section;
  };
  std::vector<Story> live;
  for (int i = 0; i < 40; ++i) {
    ArticleDraft d = Published("Story " + std::to_string(i), i % 4 == 0 ? "Sport" : "World",
                               kNow - std::chrono::hours(i / 3));  // three at each time
    if (i % 2 == 0) d.tag_names.push_back("Big");
    if (i % 13 == 5) d.tag_names.push_back("Small");
    d.author_names = {i % 3 == 0 ? "Ann" : "Bob"};
    const int64_t id = AddStory(store(), d);
    live.push_back(Story{id, *d.published_at, d.tag_names, d.author_names[0], d.section_name});
  }
  // Not live: they match the filters but must never show.
  ArticleDraft draft = Draft("Draft");
  draft.tag_names = {"Big", "Small"};
  draft.author_names = {"Ann"};
  AddStory(store(), draft);
  ArticleDraft future = Published("Future", "Sport", kNow + 1h);
  future.tag_names = {"Big", "Small"};
  future.author_names = {"Ann"};
  AddStory(store(), future);

  std::sort(live.begin(), live.end(), [](const Story& x, const Story& y) {
    return std::tie(x.at, x.id) > std::tie(y.at, y.id);
  });
  struct Listing {
    ArticleQuery query;
    std::function<bool(const Story&)> shows;
  };
  auto has_tag = [](const Story& s, const std::string& tag) {
    return std::find(s.tags.begin(), s.tags.end(), tag) != s.tags.end();
  };
  ArticleQuery big_by_ann = ByTag("big");
  big_by_ann.author_slug = "ann";
  ArticleQuery big_in_sport = ByTag("big");
  big_in_sport.section_slug = "sport";
  const std::vector<Listing> listings = {
      {ByTag("big"), [&](const Story& s) { return has_tag(s, "Big"); }},
      {ByTag("small"), [&](const Story& s) { return has_tag(s, "Small"); }},
      {ByAuthor("ann"), [](const Story& s) { return s.author == "Ann"; }},
      {BySection("sport"), [](const Story& s) { return s.section == "Sport"; }},
      {big_by_ann, [&](const Story& s) { return has_tag(s, "Big") && s.author == "Ann"; }},
      {big_in_sport, [&](const Story& s) { return has_tag(s, "Big") && s.section == "Sport"; }},
  };
  for (const Listing& listing : listings) {
    std::vector<int64_t> expected;
    for (const Story& s : live) {
      if (listing.shows(s)) expected.push_back(s.id);
    }
    for (int64_t limit : {1, 2, 5, 50}) {
      for (int64_t offset = 0; offset <= static_cast<int64_t>(expected.size()); offset += limit) {
        ArticleQuery q = listing.query;
        q.offset = offset;
        q.limit = limit;
        ArticlePage page = List(store(), q);
        SCOPED_TRACE(testing::Message()
                     << "tag " << q.tag_slug.value_or("-") << " author "
                     << q.author_slug.value_or("-") << " section " << q.section_slug.value_or("-")
                     << " offset " << offset << " limit " << limit);
        EXPECT_EQ(page.total, static_cast<int64_t>(expected.size()));
        std::vector<int64_t> ids;
        for (const Article& a : page.items) ids.push_back(a.id);
        const auto first = expected.begin() + offset;
        EXPECT_EQ(ids, std::vector<int64_t>(
                           first, first + std::min<int64_t>(limit, expected.end() - first)));
      }
    }
  }
}

TEST_P(StoreContractTest, ListingStoriesGoLiveWhenTheirTimeComes) {
  ASSERT_NO_FATAL_FAILURE(SeedListing(store()));
  ArticleQuery q;
  q.now = kNow + 1s;
  auto page = store().ListLiveArticles(q);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 5);
  EXPECT_EQ(page->items.front().headline, "Future");
}

TEST_P(StoreContractTest, SameTimeIsOrderedByIdNewestFirst) {
  for (const char* h : {"First", "Second", "Third"}) {
    ASSERT_TRUE(store().CreateArticle(Published(h, "World", kNow - 1h), kNow));
  }
  auto page = store().ListLiveArticles(Query());
  ASSERT_TRUE(page);
  EXPECT_THAT(Headlines(*page), ElementsAre("Third", "Second", "First"));
}

TEST_P(StoreContractTest, ArticleLinesListEveryStoryDraftsFirst) {
  ArticleDraft draft;
  draft.headline = "Draft";
  draft.section_name = "World";
  ASSERT_TRUE(store().CreateArticle(Published("Old", "World", kNow - 2h), kNow));
  ASSERT_TRUE(store().CreateArticle(draft, kNow));
  ASSERT_TRUE(store().CreateArticle(Published("New", "World", kNow - 1h), kNow));
  auto lines = store().ListArticleLines();
  ASSERT_TRUE(lines) << lines.error().ToString();
  ASSERT_EQ(lines->size(), 3u);
  EXPECT_EQ((*lines)[0].headline, "Draft");
  EXPECT_EQ((*lines)[0].status, ArticleStatus::kDraft);
  EXPECT_FALSE((*lines)[0].published_at);
  EXPECT_EQ((*lines)[1].headline, "New");
  EXPECT_EQ((*lines)[1].published_at, kNow - 1h);
  EXPECT_EQ((*lines)[2].headline, "Old");
}

TEST_P(StoreContractTest, MediaIsAddedOnceAndFoundByFile) {
  MediaRecord m;
  m.file = "2024/03/a.jpg";
  m.mime_type = "image/jpeg";
  m.bytes = 123456;
  m.width = 800;
  m.height = 600;
  m.created_at = kNow;
  auto id = store().AddMedia(m);
  ASSERT_TRUE(id) << id.error().ToString();
  auto got = store().GetMediaByFile("2024/03/a.jpg");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->mime_type, "image/jpeg");
  EXPECT_EQ(got->bytes, 123456);
  EXPECT_EQ(got->width, 800);
  EXPECT_EQ(got->height, 600);
  EXPECT_EQ(got->created_at, kNow);
  auto dup = store().AddMedia(m);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), Code::kAlreadyExists);
  EXPECT_EQ(store().GetMediaByFile("missing.jpg").error().code(), Code::kNotFound);
}

TEST_P(StoreContractTest, SettingOverridesAreUpserted) {
  auto empty = store().GetSettingOverrides();
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(store().SetSettingOverride("comments.closed_text", "Closed.").ok());
  ASSERT_TRUE(store().SetSettingOverride("site.title", "خبر").ok());
  ASSERT_TRUE(store().SetSettingOverride("comments.closed_text", "Comments are closed.").ok());
  auto overrides = store().GetSettingOverrides();
  ASSERT_TRUE(overrides);
  EXPECT_EQ(*overrides,
            (std::map<std::string, std::string>{{"comments.closed_text", "Comments are closed."},
                                                {"site.title", "خبر"}}));
  EXPECT_EQ(store().SetSettingOverride("", "x").code(), Code::kInvalidArgument);
}

TEST_P(StoreContractTest, HijriMonthStartsAreUpsertedAndListedInOrder) {
  using std::chrono::day;
  using std::chrono::month;
  using std::chrono::year;
  using std::chrono::year_month_day;
  ASSERT_TRUE(
      store().SetHijriMonthStart({1445, 10, year_month_day{year{2024}, month{4}, day{10}}}).ok());
  ASSERT_TRUE(
      store().SetHijriMonthStart({1445, 9, year_month_day{year{2024}, month{3}, day{12}}}).ok());
  ASSERT_TRUE(
      store().SetHijriMonthStart({1444, 12, year_month_day{year{2023}, month{6}, day{20}}}).ok());
  // A later moon-sighting decision replaces the first.
  ASSERT_TRUE(
      store().SetHijriMonthStart({1445, 9, year_month_day{year{2024}, month{3}, day{11}}}).ok());
  auto starts = store().ListHijriMonthStarts();
  ASSERT_TRUE(starts) << starts.error().ToString();
  ASSERT_EQ(starts->size(), 3u);
  EXPECT_EQ((*starts)[0].year, 1444);
  EXPECT_EQ((*starts)[0].month, 12);
  EXPECT_EQ((*starts)[1].year, 1445);
  EXPECT_EQ((*starts)[1].month, 9);
  EXPECT_EQ((*starts)[1].first_day, (year_month_day{year{2024}, month{3}, day{11}}));
  EXPECT_EQ((*starts)[2].month, 10);
  EXPECT_EQ(
      store().SetHijriMonthStart({1445, 13, year_month_day{year{2024}, month{1}, day{1}}}).code(),
      Code::kInvalidArgument);
}

TEST_P(StoreContractTest, ConcurrentCreatesAllLandAndShareRows) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 15;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        ArticleDraft d = Published("Story " + std::to_string(t) + "-" + std::to_string(i),
                                   i % 2 ? "World" : "Sport", kNow - std::chrono::seconds(i + 1));
        d.author_names = {"Shared Author", "Author " + std::to_string(t)};
        d.tag_names = {"Shared", "Tag " + std::to_string(i)};
        if (!store().CreateArticle(d, kNow)) ++failures;
        if (!store().ListLiveArticles(Query(0, 5))) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto page = store().ListLiveArticles(Query(0, 1000));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, kThreads * kPerThread);
  std::set<int64_t> ids;
  for (const Article& a : page->items) ids.insert(a.id);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kPerThread));
  auto sections = store().ListSections(std::nullopt);
  ASSERT_TRUE(sections);
  EXPECT_EQ(sections->size(), 2u);
  EXPECT_EQ(store().ListLiveArticles(ByTag("shared"))->total, kThreads * kPerThread);
  EXPECT_EQ(store().ListLiveArticles(ByAuthor("shared-author"))->total, kThreads * kPerThread);
}

}  // namespace
}  // namespace khabar
