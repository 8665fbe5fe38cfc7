// Fuzzes a reader's search: the query parser every backend shares
// (store/search_text.h), then the query itself against a real SQLite
// store holding a few stories, as /search runs it.
//
// Invariants: the words stay within kMaxSearchWords and kMaxSearchBytes,
// each is valid UTF-8 holding no separator; the search never fails (hostile
// text yields fewer or no words, never an FTS5 syntax error) and its total
// is at least the hits it returns.
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "fuzz_check.h"
#include "store/search_text.h"
#include "store/sqlite/sqlite_store.h"

namespace {

khabar::Seconds At(int64_t unix_seconds) {
  return khabar::Seconds{std::chrono::seconds{unix_seconds}};
}

// A store with a few live stories, made once per fuzzing process in a
// directory under $TMPDIR (scripts/fuzz.sh points it at its scratch
// directory), removed at exit.
khabar::Store& SearchStore() {
  static std::unique_ptr<khabar::Store> store = [] {
    static const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                             ("khabar-fuzz-search-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    auto opened = khabar::OpenSqliteStore(dir / "search.db");
    FUZZ_CHECK(opened.has_value(), "cannot open the search store");
    const char* bodies[] = {
        "Flood waters rise in the Indus valley; relief camps open near Sukkur.",
        "The finance minister's budget speech: taxes, subsidies and the IMF.",
        "Cricket: a century at Gaddafi Stadium \"under lights\" (and rain).",
        "Karachi's café owners say prices—of milk, sugar & gas—keep rising.",
        "بارش سے کراچی میں سڑکیں زیرِ آب، شہری پریشان",
    };
    int n = 0;
    for (const char* body : bodies) {
      khabar::ArticleDraft d;
      d.headline = "Story " + std::to_string(++n);
      d.body_markdown = body;
      d.body_html = std::string("<p>") + body + "</p>";
      d.section_name = "News";
      d.tag_names = {"Pakistan"};
      d.status = khabar::ArticleStatus::kPublished;
      d.published_at = At(1700000000 + n);
      auto id = (*opened)->CreateArticle(d, At(1700000000 + n));
      FUZZ_CHECK(id.has_value(), id ? "" : id.error().ToString().c_str());
    }
    return std::move(*opened);
  }();
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  khabar::SearchWords words = khabar::ParseSearchText(text);
  FUZZ_CHECK(words.words.size() <= khabar::kMaxSearchWords, "too many words");
  size_t bytes = 0;
  for (const std::string& w : words.words) {
    FUZZ_CHECK(!w.empty(), "an empty word");
    FUZZ_CHECK(khabar::IsValidUtf8(w), "a word that is not UTF-8");
    for (char c : w) FUZZ_CHECK(c != '"' && c != ' ' && c != '*', "a separator inside a word");
    bytes += w.size();
  }
  FUZZ_CHECK(bytes <= khabar::kMaxSearchBytes, "words over the byte bound");

  khabar::SearchQuery query;
  query.text = std::string(text);
  query.now = At(1800000000);
  auto page = SearchStore().SearchArticles(query);
  FUZZ_CHECK(page.has_value(), page ? "" : page.error().message().c_str());
  FUZZ_CHECK(page->total >= static_cast<int64_t>(page->hits.size()), "total below the hits");
  return 0;
}
