#include "store/search_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace khabar {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(ParseSearchText, SplitsOnAnythingButLettersAndDigits) {
  SearchWords w = ParseSearchText("Biden, Xi: summit-talks (2024)!");
  EXPECT_THAT(w.words, ElementsAre("Biden", "Xi", "summit", "talks", "2024"));
  EXPECT_FALSE(w.last_is_prefix);  // ends in punctuation: the word is finished
}

TEST(ParseSearchText, LastWordIsAPrefixWhileBeingTyped) {
  SearchWords w = ParseSearchText("biden summ");
  EXPECT_THAT(w.words, ElementsAre("biden", "summ"));
  EXPECT_TRUE(w.last_is_prefix);
  EXPECT_FALSE(ParseSearchText("biden summ ").last_is_prefix);
  EXPECT_FALSE(ParseSearchText("biden su").last_is_prefix);  // too short to expand
}

TEST(ParseSearchText, OperatorsAndSyntaxAreJustSeparatorsOrWords) {
  EXPECT_THAT(ParseSearchText("\"").words, IsEmpty());
  EXPECT_THAT(ParseSearchText("\"\"").words, IsEmpty());
  EXPECT_THAT(ParseSearchText("*").words, IsEmpty());
  EXPECT_THAT(ParseSearchText("-").words, IsEmpty());
  EXPECT_THAT(ParseSearchText("( ) ^ : { }").words, IsEmpty());
  EXPECT_THAT(ParseSearchText("NEAR(a b)").words, ElementsAre("NEAR", "a", "b"));
  EXPECT_THAT(ParseSearchText("headline:x").words, ElementsAre("headline", "x"));
  EXPECT_THAT(ParseSearchText("{a b}:x").words, ElementsAre("a", "b", "x"));
  EXPECT_THAT(ParseSearchText("a OR").words, ElementsAre("a", "OR"));
}

TEST(ParseSearchText, KeepsUnicodeWordsWithTheirMarks) {
  EXPECT_THAT(ParseSearchText("Café au lait").words, ElementsAre("Café", "au", "lait"));
  // Urdu: the second word carries a combining mark (U+0650 kasra), which
  // stays inside the word until FoldForSearch drops it.
  EXPECT_THAT(ParseSearchText("کراچی، بِارش").words, ElementsAre("کراچی", "بارش"));
  // Hindi: vowel signs (Mc, Mn) are not folded and stay inside the word.
  EXPECT_THAT(ParseSearchText("हिंदी ख़बर").words, ElementsAre("हिंदी", "ख़बर"));
  EXPECT_THAT(ParseSearchText("rain 🌧️ flood").words, ElementsAre("rain", "flood"));
  EXPECT_THAT(ParseSearchText("\xCC\x81").words, IsEmpty());  // a lone combining mark
}

TEST(ParseSearchText, InvalidUtf8SeparatesWords) {
  EXPECT_THAT(ParseSearchText("rain\xFF\xFE"
                              "flood\xC3")
                  .words,
              ElementsAre("rain", "flood"));
  EXPECT_THAT(ParseSearchText("\x80\x80\xC0\xAF").words, IsEmpty());
}

TEST(ParseSearchText, BoundsWordsAndBytes) {
  std::string many;
  for (int i = 0; i < 40; ++i) many += "w" + std::to_string(i) + " ";
  SearchWords w = ParseSearchText(many);
  EXPECT_EQ(w.words.size(), kMaxSearchWords);
  EXPECT_EQ(w.words.front(), "w0");

  // A word that would pass the byte bound ends the list.
  SearchWords long_words = ParseSearchText(std::string(150, 'a') + " " + std::string(60, 'b'));
  EXPECT_THAT(long_words.words, ElementsAre(std::string(150, 'a')));
  EXPECT_FALSE(long_words.last_is_prefix);
  EXPECT_THAT(ParseSearchText(std::string(10'000, 'x')).words, IsEmpty());
}

TEST(ParseSearchText, FoldsArabicScriptBeforeSplitting) {
  // Harakat typed in the query are dropped, not separators.
  SearchWords w = ParseSearchText("حُکُومَت پاکِستان");
  EXPECT_THAT(w.words, ElementsAre("حکومت", "پاکستان"));
  EXPECT_TRUE(w.last_is_prefix);
  // Arabic yeh and kaf, a kashida and Urdu digits.
  EXPECT_THAT(ParseSearchText("كراچي ۲۰۲۶ پاکـــستان").words,
              ElementsAre("کراچی", "2026", "پاکستان"));
  // The prefix rule counts folded letters: "پاکِ" is "پاک", 3 letters.
  EXPECT_TRUE(ParseSearchText("پاکِ").last_is_prefix);
  EXPECT_FALSE(ParseSearchText("پاِ").last_is_prefix);
  // A word that was only a kashida is no word.
  EXPECT_THAT(ParseSearchText("ـــ").words, IsEmpty());
}

TEST(FoldForSearch, DropsHarakatAndOtherArabicMarks) {
  // zer, pesh, zabar, tashdeed, jazm, tanween, superscript alef.
  EXPECT_EQ(FoldForSearch("پاکِستان"), "پاکستان");
  EXPECT_EQ(FoldForSearch("حُکُومَت"), "حکومت");
  EXPECT_EQ(FoldForSearch("مُحَمَّد"), "محمد");
  EXPECT_EQ(FoldForSearch("قَبْل"), "قبل");
  EXPECT_EQ(FoldForSearch("فوراً"), "فورا");
  EXPECT_EQ(FoldForSearch("زکوٰۃ"), "زکوۃ");
  // A Quranic annotation sign (U+06D6) and a small high marks (U+06E1).
  EXPECT_EQ(FoldForSearch("قالۖ قۡل"), "قال قل");
}

TEST(FoldForSearch, MakesArabicLettersTheirUrduCodePoints) {
  EXPECT_EQ(FoldForSearch("ي"), "ی");  // yeh
  EXPECT_EQ(FoldForSearch("ى"), "ی");  // alef maksura
  EXPECT_EQ(FoldForSearch("ك"), "ک");  // kaf
  EXPECT_EQ(FoldForSearch("ه"), "ہ");  // heh
  EXPECT_EQ(FoldForSearch("ە"), "ہ");  // ae
  EXPECT_EQ(FoldForSearch("ۀ"), "ۂ");  // heh with hamza
  EXPECT_EQ(FoldForSearch("ة"), "ۃ");  // teh marbuta
  EXPECT_EQ(FoldForSearch("كتاب علي"), "کتاب علی");
  EXPECT_EQ(FoldForSearch("شهر"), "شہر");
  // Do-chashmi heh is a letter of its own and stays.
  EXPECT_EQ(FoldForSearch("بھی"), "بھی");
  // Urdu spellings are already folded.
  EXPECT_EQ(FoldForSearch("کراچی میں بارش"), "کراچی میں بارش");
}

TEST(FoldForSearch, JoinsALetterAndTheMarkTypedAfterIt) {
  EXPECT_EQ(FoldForSearch("آ"), "آ");            // alef + madda: alef madda
  EXPECT_EQ(FoldForSearch("ۓ"), "ۓ");            // yeh barree + hamza
  EXPECT_EQ(FoldForSearch("ئ"), "ئ");            // yeh + hamza: yeh with hamza
  EXPECT_EQ(FoldForSearch("آج گئی"), "آج گئی");  // precomposed letters stay
  // Presentation forms (as copied from a PDF) become letters.
  EXPECT_EQ(FoldForSearch("ﺷﻬﺮ"), "شہر");
}

TEST(FoldForSearch, DropsKashidaAndMakesDigitsAscii) {
  EXPECT_EQ(FoldForSearch("پاکـــستان"), "پاکستان");
  EXPECT_EQ(FoldForSearch("۱۹۴۷"), "1947");  // Extended Arabic-Indic
  EXPECT_EQ(FoldForSearch("٢٠٢٦"), "2026");  // Arabic-Indic
  EXPECT_EQ(FoldForSearch("سال 2026"), "سال 2026");
}

TEST(FoldForSearch, LeavesEverythingElseAlone) {
  for (const char* text : {"", "Café owners protest", "naïve Ångström Œuvre ﬁnal ²", "Café",
                           "हिंदी ख़बर", "rain 🌧️ flood", "aÿþ b Ã", "Ì", "tab	here"}) {
    EXPECT_EQ(FoldForSearch(text), text);
  }
  // Invalid UTF-8 beside Arabic text is kept byte for byte.
  EXPECT_EQ(FoldForSearch("ÿكتابÃ"), "ÿکتابÃ");
}

TEST(PlainTextOfHtml, DropsTagsAndDecodesEntities) {
  EXPECT_EQ(PlainTextOfHtml("<h1>Rain</h1>\n<p>It <em>rained</em>. &amp; &lt;b&gt; &quot;so&quot;"
                            " it&#39;s &#x263A; &#8212;</p><ul><li>one</li><li>two</li></ul>"),
            "Rain It rained. & <b> \"so\" it's ☺ — one two");
  EXPECT_EQ(PlainTextOfHtml("a<br>b<br/>c"), "a b c");
  EXPECT_EQ(PlainTextOfHtml("fish &chips; &unknown; &#xZZ; a < b"),
            "fish &chips; &unknown; &#xZZ; a < b");
  EXPECT_EQ(PlainTextOfHtml("cut <a href="), "cut");
  EXPECT_EQ(PlainTextOfHtml(""), "");
}

}  // namespace
}  // namespace khabar
