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
  // Urdu: the second word carries a combining mark (U+0650 kasra).
  EXPECT_THAT(ParseSearchText("کراچی، بِارش").words, ElementsAre("کراچی", "بِارش"));
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
