// The store conformance suite (see store_contract_test.h): full-text search
// over live stories: what it finds, how it ranks, that it follows every
// change, and that no input is a syntax error.
#include <gmock/gmock.h>

#include <string>
#include <vector>

#include "store/store_contract_test.h"

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;
using namespace std::chrono_literals;
using namespace store_contract;

// Story is a live story with the given words; body is plain text, stored as
// one paragraph of HTML.
ArticleDraft Story(std::string headline, Seconds at, std::string body = "Nothing to report.",
                   std::string standfirst = "", std::vector<std::string> tags = {}) {
  ArticleDraft d = Published(std::move(headline), "World", at);
  d.body_markdown = body;
  d.body_html = "<p>" + body + "</p>";
  d.standfirst = std::move(standfirst);
  d.tag_names = std::move(tags);
  return d;
}

class Searcher {
 public:
  explicit Searcher(Store& store) : store_(store) {}
  SearchPage operator()(std::string text, int64_t offset = 0, int64_t limit = 10,
                        Seconds now = kNow) {
    SearchQuery q;
    q.text = std::move(text);
    q.now = now;
    q.offset = offset;
    q.limit = limit;
    auto page = store_.SearchArticles(q);
    EXPECT_TRUE(page) << q.text << ": " << page.error().ToString();
    return page ? *page : SearchPage{.hits = {}, .total = -1};
  }

 private:
  Store& store_;
};

std::vector<std::string> Headlines(const SearchPage& page) {
  std::vector<std::string> out;
  for (const SearchHit& h : page.hits) out.push_back(h.article.headline);
  return out;
}

TEST_P(StoreContractTest, SearchFindsHeadlineStandfirstBodyAndTags) {
  Searcher search(store());
  AddStory(store(), Story("Flood warning for Sindh", kNow - 1h));
  AddStory(store(), Story("Markets close higher", kNow - 2h, "Nothing.", "Investors cheered"));
  AddStory(store(), Story("Cabinet meets", kNow - 3h, "The ministers discussed wheat prices."));
  AddStory(store(), Story("Late goal wins it", kNow - 4h, "Nothing.", "", {"Cricket World Cup"}));

  EXPECT_THAT(Headlines(search("flood")), ElementsAre("Flood warning for Sindh"));
  EXPECT_THAT(Headlines(search("investors")), ElementsAre("Markets close higher"));
  EXPECT_THAT(Headlines(search("wheat")), ElementsAre("Cabinet meets"));
  EXPECT_THAT(Headlines(search("cricket")), ElementsAre("Late goal wins it"));
  EXPECT_THAT(Headlines(search("wheat prices")), ElementsAre("Cabinet meets"));
  // Every word must match.
  EXPECT_THAT(search("wheat cricket").hits, IsEmpty());
  EXPECT_THAT(search("volcano").hits, IsEmpty());
}

TEST_P(StoreContractTest, SearchIgnoresCaseAndDiacriticsAndStemsEnglish) {
  Searcher search(store());
  AddStory(store(), Story("Café owners protest", kNow - 1h));
  AddStory(store(), Story("Leaders meet at summit", kNow - 2h));
  AddStory(store(), Story("Rain floods Karachi", kNow - 3h, "The city was flooded again."));

  EXPECT_THAT(Headlines(search("cafe")), ElementsAre("Café owners protest"));
  EXPECT_THAT(Headlines(search("CAFÉ")), ElementsAre("Café owners protest"));
  EXPECT_THAT(Headlines(search("summits")), ElementsAre("Leaders meet at summit"));
  EXPECT_THAT(Headlines(search("protesting owner")), ElementsAre("Café owners protest"));
  EXPECT_THAT(Headlines(search("flooding")), ElementsAre("Rain floods Karachi"));
}

TEST_P(StoreContractTest, SearchFindsNonLatinWords) {
  Searcher search(store());
  AddStory(store(), Story("کراچی میں بارش", kNow - 1h, "شہر میں پانی"));
  EXPECT_THAT(Headlines(search("بارش")), ElementsAre("کراچی میں بارش"));
  EXPECT_THAT(Headlines(search("پانی")), ElementsAre("کراچی میں بارش"));
}

// Urdu is typed with and without harakat, on Urdu and Arabic keyboards,
// with kashidas and in either digits; search folds them all to one spelling
// (store/search_text.h, FoldForSearch), in stories and in queries alike.
TEST_P(StoreContractTest, SearchFindsUrduWithOrWithoutHarakat) {
  Searcher search(store());
  // "The government announced a new train": zer, pesh and zabar in the text.
  AddStory(store(), Story("حُکُومَت نے نئی ریل گاڑی کا اعلان کر دیا", kNow - 1h,
                          "وزیرِ ریلوے کے مطابق پاکِستان میں تیز رفتار ٹرین چلے گی۔"));
  // "Date of local elections set": no harakat.
  AddStory(store(), Story("بلدیاتی انتخابات کی تاریخ مقرر", kNow - 2h,
                          "الیکشن کمیشن نے جمعرات کو شیڈول جاری کیا۔"));

  EXPECT_THAT(Headlines(search("حکومت")), ElementsAre("حُکُومَت نے نئی ریل گاڑی کا اعلان کر دیا"));
  EXPECT_THAT(Headlines(search("پاکستان ٹرین")),
              ElementsAre("حُکُومَت نے نئی ریل گاڑی کا اعلان کر دیا"));
  EXPECT_THAT(Headlines(search("اِنتِخابات")), ElementsAre("بلدیاتی انتخابات کی تاریخ مقرر"));
  EXPECT_THAT(Headlines(search("کَمِیشَن جُمعرات")), ElementsAre("بلدیاتی انتخابات کی تاریخ مقرر"));
  // With other harakat than the text has.
  EXPECT_THAT(Headlines(search("حَکُومُت")), ElementsAre("حُکُومَت نے نئی ریل گاڑی کا اعلان کر دیا"));
}

TEST_P(StoreContractTest, SearchFindsUrduTypedWithArabicLettersAndViceVersa) {
  Searcher search(store());
  // "Cold wave in Lahore", typed with Arabic heh, yeh and kaf.
  AddStory(store(), Story("لاهور ميں سردي كي لهر", kNow - 1h));
  // "Book fair in Karachi", typed with Urdu letters.
  AddStory(store(), Story("کراچی میں کتابوں کا میلہ", kNow - 2h, "میلے میں ہزاروں لوگ آئے۔"));

  EXPECT_THAT(Headlines(search("لاہور سردی")), ElementsAre("لاهور ميں سردي كي لهر"));
  EXPECT_THAT(Headlines(search("لہر")), ElementsAre("لاهور ميں سردي كي لهر"));
  EXPECT_THAT(Headlines(search("كتابوں")), ElementsAre("کراچی میں کتابوں کا میلہ"));
  EXPECT_THAT(Headlines(search("كراچي ميلہ")), ElementsAre("کراچی میں کتابوں کا میلہ"));
  EXPECT_THAT(Headlines(search("هزاروں")), ElementsAre("کراچی میں کتابوں کا میلہ"));
}

TEST_P(StoreContractTest, SearchIgnoresKashidaAndMatchesUrduDigitsToAscii) {
  Searcher search(store());
  // "Dam to be completed by 2029", stretched with kashidas, in Urdu digits.
  AddStory(store(),
           Story("ڈیم ۲۰۲۹ تک مکمـــل ہو گا", kNow - 1h, "منصوبے پر ۴۵ ارب روپے لاگت آئے گی۔"));
  // "Wheat target set at 2030", in ASCII digits.
  AddStory(store(), Story("گندم کا ہدف 2030 کے لیے مقرر", kNow - 2h));

  EXPECT_THAT(Headlines(search("مکمل")), ElementsAre("ڈیم ۲۰۲۹ تک مکمـــل ہو گا"));
  EXPECT_THAT(Headlines(search("ڈیـــم")), ElementsAre("ڈیم ۲۰۲۹ تک مکمـــل ہو گا"));
  EXPECT_THAT(Headlines(search("2029")), ElementsAre("ڈیم ۲۰۲۹ تک مکمـــل ہو گا"));
  EXPECT_THAT(Headlines(search("45 ارب")), ElementsAre("ڈیم ۲۰۲۹ تک مکمـــل ہو گا"));
  EXPECT_THAT(Headlines(search("۲۰۳۰")), ElementsAre("گندم کا ہدف 2030 کے لیے مقرر"));
  EXPECT_THAT(Headlines(search("٢٠٣٠")), ElementsAre("گندم کا ہدف 2030 کے لیے مقرر"));
}

TEST_P(StoreContractTest, SearchCompletesAnUrduPrefixAndMarksFoldedSnippets) {
  Searcher search(store());
  AddStory(store(),
           Story("سیلاب کا خطرہ", kNow - 1h,
                 "محکمۂ موسمیات نے پاکِستان کے شمالی علاقوں میں شدید بارش کی پیش گوئی کی ہے۔"));
  EXPECT_THAT(Headlines(search("پاکس")), ElementsAre("سیلاب کا خطرہ"));
  EXPECT_THAT(Headlines(search("شمالی پاکِس")), ElementsAre("سیلاب کا خطرہ"));
  EXPECT_THAT(search("پاکس ").hits, IsEmpty());  // a finished word must match whole
  // Snippets show the indexed text: folded, so without the zer.
  SearchPage page = search("پاکستان");
  ASSERT_EQ(page.hits.size(), 1u);
  EXPECT_THAT(page.hits[0].snippet,
              HasSubstr(std::string(kSnippetOpen) + "پاکستان" + std::string(kSnippetClose)));
  EXPECT_THAT(page.hits[0].snippet, HasSubstr("شمالی"));
}

TEST_P(StoreContractTest, SearchFindsFoldedUrduTagsAndStandfirsts) {
  Searcher search(store());
  AddStory(store(),
           Story("اجلاس ملتوی", kNow - 1h, "کچھ نہیں۔", "قَومی اسمبلی کا اجلاس", {"سِیاسَت"}));
  EXPECT_THAT(Headlines(search("سیاست")), ElementsAre("اجلاس ملتوی"));
  EXPECT_THAT(Headlines(search("قومی")), ElementsAre("اجلاس ملتوی"));
}

TEST_P(StoreContractTest, SearchTakesTheLastWordAsAPrefixWhileTyped) {
  Searcher search(store());
  AddStory(store(), Story("Biden and Xi hold summit", kNow - 1h));
  EXPECT_THAT(Headlines(search("biden summ")), ElementsAre("Biden and Xi hold summit"));
  EXPECT_THAT(Headlines(search("summ")), ElementsAre("Biden and Xi hold summit"));
  // Finished words (followed by a space or punctuation) must match whole.
  EXPECT_THAT(search("biden summ ").hits, IsEmpty());
  EXPECT_THAT(search("summ biden").hits, IsEmpty());
}

TEST_P(StoreContractTest, SearchRanksHeadlineAboveBodyAtTheSameAge) {
  Searcher search(store());
  // Same time, same length of text; only where "monsoon" appears differs.
  AddStory(store(), Story("Rain arrives early in the city", kNow - 5h,
                          "The monsoon reached the coast on Tuesday, officials said."));
  AddStory(store(), Story("Monsoon arrives early in the city", kNow - 5h,
                          "The rain reached the coast on Tuesday, officials said."));
  EXPECT_THAT(Headlines(search("monsoon")),
              ElementsAre("Monsoon arrives early in the city", "Rain arrives early in the city"));
}

TEST_P(StoreContractTest, SearchPrefersTheNewerOfEqualMatches) {
  Searcher search(store());
  ArticleDraft older = Story("Budget debate continues", kNow - 72h, "Members argued over taxes.");
  older.slug = "budget-debate-older";
  ArticleDraft newer = Story("Budget debate continues", kNow - 2h, "Members argued over taxes.");
  newer.slug = "budget-debate-newer";
  // Created newest first, so neither id order nor creation order explains
  // the result.
  const int64_t newer_id = AddStory(store(), newer);
  const int64_t older_id = AddStory(store(), older);
  SearchPage page = search("budget taxes");
  ASSERT_EQ(page.hits.size(), 2u);
  EXPECT_EQ(page.hits[0].article.id, newer_id);
  EXPECT_EQ(page.hits[1].article.id, older_id);
}

TEST_P(StoreContractTest, SearchSnippetMarksTheMatchedWordsInTheBody) {
  Searcher search(store());
  AddStory(store(),
           Story("Storm update", kNow - 1h,
                 "Heavy rain fell overnight and the river <em>flooded</em> three villages near "
                 "Thatta &amp; Badin, according to the district administration."));
  SearchPage page = search("flood");
  ASSERT_EQ(page.hits.size(), 1u);
  const std::string& snippet = page.hits[0].snippet;
  EXPECT_THAT(snippet,
              HasSubstr(std::string(kSnippetOpen) + "flooded" + std::string(kSnippetClose)));
  EXPECT_THAT(snippet, Not(HasSubstr("<em>")));  // plain text, tags gone
  EXPECT_THAT(snippet, HasSubstr("river"));
  // The hit is a listing item: no body, but bylines and tags as listings.
  EXPECT_EQ(page.hits[0].article.body_html, "");
  EXPECT_EQ(page.hits[0].article.body_markdown, "");
  EXPECT_EQ(page.hits[0].article.section.name, "World");
}

TEST_P(StoreContractTest, SearchFindsOnlyLiveStories) {
  Searcher search(store());
  AddStory(store(), Story("Election live", kNow - 1h));
  AddStory(store(), Draft("Election draft"));
  ArticleDraft future = Story("Election future", kNow + 1h);
  AddStory(store(), future);
  ArticleDraft scheduled = Story("Election scheduled", kNow - 1h);
  scheduled.status = ArticleStatus::kScheduled;  // due, but not yet published by the scheduler
  AddStory(store(), scheduled);
  ArticleDraft unpublished = Story("Election unpublished", kNow - 1h);
  unpublished.status = ArticleStatus::kUnpublished;
  AddStory(store(), unpublished);

  SearchPage page = search("election");
  EXPECT_THAT(Headlines(page), ElementsAre("Election live"));
  EXPECT_EQ(page.total, 1);
  // The future story goes live when its time comes.
  EXPECT_THAT(Headlines(search("election", 0, 10, kNow + 2h)),
              ElementsAre("Election future", "Election live"));
  // The scheduled one when the scheduler publishes it.
  ASSERT_TRUE(store().PublishDueArticles(kNow));
  EXPECT_THAT(Headlines(search("election")),
              UnorderedElementsAre("Election live", "Election scheduled"));
}

TEST_P(StoreContractTest, SearchFollowsSavesAndMoves) {
  Searcher search(store());
  const int64_t editor = AddUser(store(), "eman", "Eman", Role::kEditor);
  const int64_t id = AddStory(
      store(), Story("Heatwave grips Lahore", kNow - 1h, "Temperatures reached 47 degrees."));
  ASSERT_THAT(Headlines(search("heatwave")), ElementsAre("Heatwave grips Lahore"));

  ArticleDraft edit = Story("Dust storm hits Lahore", kNow - 1h, "Winds reached 90 km/h.");
  auto saved = store().UpdateArticle(id, edit, 1, editor, kNow);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_THAT(search("heatwave").hits, IsEmpty());
  EXPECT_THAT(search("temperatures").hits, IsEmpty());
  EXPECT_THAT(Headlines(search("dust")), ElementsAre("Dust storm hits Lahore"));
  EXPECT_THAT(Headlines(search("winds")), ElementsAre("Dust storm hits Lahore"));

  auto moved = store().TransitionArticle(id, ArticleStatus::kUnpublished, std::nullopt,
                                         saved->version, editor, kNow);
  ASSERT_TRUE(moved) << moved.error().ToString();
  EXPECT_THAT(search("dust").hits, IsEmpty());
  EXPECT_EQ(search("dust").total, 0);
  auto back = store().TransitionArticle(id, ArticleStatus::kPublished, std::nullopt, moved->version,
                                        editor, kNow);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_THAT(Headlines(search("dust")), ElementsAre("Dust storm hits Lahore"));
}

TEST_P(StoreContractTest, SearchFollowsTagRenamesAndMerges) {
  Searcher search(store());
  const int64_t id =
      AddStory(store(), Story("Rivers rise", kNow - 1h, "Nothing.", "", {"Monsoon"}));
  AddStory(store(), Story("Crops lost", kNow - 2h, "Nothing.", "", {"Floods"}));
  auto monsoon = store().GetTag("monsoon");
  ASSERT_TRUE(monsoon);
  ASSERT_TRUE(store().RenameTag(monsoon->id, "Rainy Season"));
  EXPECT_THAT(search("monsoon").hits, IsEmpty());
  EXPECT_THAT(Headlines(search("rainy season")), ElementsAre("Rivers rise"));

  auto floods = store().GetTag("floods");
  ASSERT_TRUE(floods);
  ASSERT_TRUE(store().MergeTags(floods->id, monsoon->id).ok());
  EXPECT_THAT(search("floods").hits, IsEmpty());
  EXPECT_THAT(Headlines(search("rainy")), ElementsAre("Rivers rise", "Crops lost"));
  EXPECT_EQ(store().GetArticle(id)->tags.size(), 1u);
}

TEST_P(StoreContractTest, SearchNeverFailsOnHostileText) {
  Searcher search(store());
  const int64_t id =
      AddStory(store(), Story("Summit talks", kNow - 1h, "A OR B AND near the headline."));
  const std::vector<std::string> hostile = {"\"",
                                            "\"\"",
                                            "NEAR(",
                                            "NEAR(a b)",
                                            "*",
                                            "-",
                                            "a OR",
                                            "AND",
                                            "OR",
                                            "NOT",
                                            "(",
                                            ")",
                                            "headline:x",
                                            "^x",
                                            "{a b}:x",
                                            "{headline body}: summit",
                                            "summit*",
                                            "\"summit",
                                            "summit\"",
                                            "-summit",
                                            "+summit",
                                            "summit NOT talks",
                                            "a:b:c",
                                            "'; DROP TABLE articles; --",
                                            std::string(10'000, 'a'),
                                            std::string(10'000, '"'),
                                            std::string(5'000, '(') + "x",
                                            "\xFF\xFE\xFD",
                                            "\xC3",
                                            "summit\xE2\x82",
                                            "\xF0\x9F\x8C\xA7\xEF\xB8\x8F",  // 🌧️
                                            "کراچی میں بارش",
                                            "\xCC\x81",
                                            std::string("a\0b", 3),
                                            "\xEE\x80\x80summit\xEE\x80\x81"};
  for (const std::string& text : hostile) {
    SearchQuery q;
    q.text = text;
    q.now = kNow;
    auto page = store().SearchArticles(q);
    EXPECT_TRUE(page) << "text " << testing::PrintToString(text.substr(0, 40)) << ": "
                      << page.error().ToString();
  }
  // Operators are words: they neither widen nor break a search.
  EXPECT_THAT(Headlines(search("\"summit")), ElementsAre("Summit talks"));
  EXPECT_THAT(Headlines(search("headline:summit")), ElementsAre("Summit talks"));
  EXPECT_THAT(Headlines(search("-summit")), ElementsAre("Summit talks"));
  EXPECT_THAT(search("summit NOT talks").hits, IsEmpty());  // "not" is a word; it is absent
  EXPECT_TRUE(store().GetArticle(id));
}

TEST_P(StoreContractTest, SearchWithoutWordsIsAnEmptyPage) {
  Searcher search(store());
  AddStory(store(), Story("Anything", kNow - 1h));
  for (std::string text : {"", "   ", "?!", "***", "🌧️"}) {
    SearchPage page = search(text);
    EXPECT_THAT(page.hits, IsEmpty()) << text;
    EXPECT_EQ(page.total, 0) << text;
  }
}

TEST_P(StoreContractTest, SearchPagesWithTotal) {
  Searcher search(store());
  for (int i = 0; i < 5; ++i) {
    AddStory(store(),
             Story("Cricket report " + std::to_string(i), kNow - std::chrono::hours(i + 1)));
  }
  AddStory(store(), Story("Hockey report", kNow - 1h));

  SearchPage first = search("cricket", 0, 2);
  EXPECT_EQ(first.total, 5);
  EXPECT_THAT(Headlines(first), ElementsAre("Cricket report 0", "Cricket report 1"));
  SearchPage last = search("cricket", 4, 2);
  EXPECT_EQ(last.total, 5);
  EXPECT_THAT(Headlines(last), ElementsAre("Cricket report 4"));
  SearchPage past = search("cricket", 10, 2);
  EXPECT_EQ(past.total, 5);
  EXPECT_THAT(past.hits, IsEmpty());
  SearchPage counted = search("cricket", 0, 0);
  EXPECT_EQ(counted.total, 5);
  EXPECT_THAT(counted.hits, IsEmpty());
  EXPECT_EQ(search("report").total, 6);

  SearchQuery bad;
  bad.text = "cricket";
  bad.offset = -1;
  EXPECT_EQ(store().SearchArticles(bad).error().code(), Code::kInvalidArgument);
}

}  // namespace
}  // namespace khabar
