// A measurement, not a check: how fast SearchArticles is over a large
// index. Disabled by default; run it with
//
//   store_sqlite_test --gtest_also_run_disabled_tests --gtest_filter='*SearchScale*'
//
// KHABAR_SEARCH_SCALE_ARTICLES sets the number of stories (default 100000,
// ~400 words each from a Zipf-distributed vocabulary). The rows are written
// with raw SQL in one transaction (the store's own writes would take
// minutes), the same text the store indexes: plain-text body, tag names,
// published stories only.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/temp_dir_for_test.h"

namespace khabar {
namespace {

// Vocabulary: real common and news words first (the most frequent ranks),
// then made-up words from syllables, ~30,000 in all.
std::vector<std::string> Vocabulary() {
  std::vector<std::string> words = {
      "the",        "of",          "and",         "to",       "a",          "in",
      "said",       "for",         "on",          "that",     "is",         "was",
      "with",       "he",          "it",          "as",       "at",         "by",
      "from",       "his",         "has",         "have",     "be",         "an",
      "government", "minister",    "people",      "year",     "police",     "president",
      "court",      "country",     "city",        "party",    "election",   "prime",
      "state",      "officials",   "security",    "report",   "week",       "national",
      "foreign",    "economy",     "prices",      "market",   "bank",       "water",
      "power",      "health",      "school",      "army",     "talks",      "summit",
      "budget",     "tax",         "oil",         "gas",      "rain",       "flood",
      "cricket",    "match",       "team",        "players",  "attack",     "killed",
      "injured",    "protest",     "opposition",  "assembly", "senate",     "judge",
      "case",       "hearing",     "law",         "rights",   "women",      "children",
      "hospital",   "doctors",     "teachers",    "students", "university", "farmers",
      "wheat",      "cotton",      "exports",     "imports",  "dollar",     "rupee",
      "inflation",  "interest",    "loan",        "fund",     "debt",       "china",
      "india",      "pakistan",    "afghanistan", "iran",     "america",    "europe",
      "karachi",    "lahore",      "islamabad",   "peshawar", "quetta",     "sindh",
      "punjab",     "balochistan", "border"};
  const char* const syllables[] = {"ka",  "ri", "to", "ma", "ne", "lo", "sa", "qu", "ve", "di",
                                   "zu",  "pe", "ba", "mi", "ra", "no", "ti", "ha", "ge", "fo",
                                   "shi", "an", "el", "or", "un", "ir", "at", "os", "ex", "yo"};
  std::mt19937 rng(7);
  while (words.size() < 30'000) {
    std::string w;
    int n = 2 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i) w += syllables[rng() % std::size(syllables)];
    words.push_back(std::move(w));
  }
  return words;
}

TEST(SqliteSearchScale, DISABLED_SearchLatencyOverManyStories) {
  const char* env = std::getenv("KHABAR_SEARCH_SCALE_ARTICLES");
  const int n = env != nullptr ? std::atoi(env) : 100'000;
  const std::vector<std::string> vocab = Vocabulary();
  // Zipf (s = 1) over the vocabulary, by inverse CDF.
  std::vector<double> cdf(vocab.size());
  double sum = 0;
  for (size_t r = 0; r < vocab.size(); ++r) cdf[r] = (sum += 1.0 / static_cast<double>(r + 1));
  for (double& c : cdf) c /= sum;
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> uniform(0, 1);
  auto word = [&] {
    size_t r = std::lower_bound(cdf.begin(), cdf.end(), uniform(rng)) - cdf.begin();
    return vocab[std::min(r, vocab.size() - 1)];
  };
  auto words = [&](int count) {
    std::string out;
    for (int i = 0; i < count; ++i) {
      if (i > 0) out += ' ';
      out += word();
    }
    return out;
  };

  TempDir dir;
  // KHABAR_SEARCH_SCALE_DB keeps the database at that path, for study.
  const char* keep = std::getenv("KHABAR_SEARCH_SCALE_DB");
  const std::filesystem::path file = keep != nullptr ? keep : dir.path() / "scale.db";
  // KHABAR_SEARCH_SCALE_REUSE=1 with it measures a kept database again.
  const bool reuse = keep != nullptr && std::getenv("KHABAR_SEARCH_SCALE_REUSE") != nullptr &&
                     std::filesystem::exists(file);
  if (!reuse) std::filesystem::remove(file);
  const Seconds now = Seconds(std::chrono::seconds(1'710'000'000));
  {
    auto store = OpenSqliteStore(file);
    ASSERT_TRUE(store) << store.error().ToString();
  }
  auto build_start = std::chrono::steady_clock::now();
  if (!reuse) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
    auto exec = [&](const char* sql) {
      ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    };
    exec("BEGIN");
    exec("INSERT INTO sections (id, slug, name) VALUES (1, 'world', 'World')");
    sqlite3_stmt* article = nullptr;
    sqlite3_stmt* search = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "INSERT INTO articles (id, slug, headline, standfirst,"
                                 " body_markdown, body_html, section_id, status, published_at,"
                                 " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1,"
                                 " ?7, ?8, ?8, ?8)",
                                 -1, &article, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "INSERT INTO article_search (rowid, headline, standfirst, body,"
                                 " tags) VALUES (?1, ?2, ?3, ?4, ?5)",
                                 -1, &search, nullptr),
              SQLITE_OK);
    for (int i = 1; i <= n; ++i) {
      const std::string headline = words(8);
      const std::string standfirst = words(25);
      const std::string body = words(400);
      const std::string html = "<p>" + body + "</p>";
      const std::string tags = words(3);
      const std::string slug = "story-" + std::to_string(i);
      // About 2% are drafts; stories go back ~5 years.
      const char* status = i % 50 == 0 ? "draft" : "published";
      const int64_t at = now.time_since_epoch().count() - (n - i) * 1500;
      auto text = [](sqlite3_stmt* st, int col, const std::string& s) {
        sqlite3_bind_text(st, col, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      };
      sqlite3_bind_int64(article, 1, i);
      text(article, 2, slug);
      text(article, 3, headline);
      text(article, 4, standfirst);
      text(article, 5, body);
      text(article, 6, html);
      sqlite3_bind_text(article, 7, status, -1, SQLITE_STATIC);
      sqlite3_bind_int64(article, 8, at);
      ASSERT_EQ(sqlite3_step(article), SQLITE_DONE) << sqlite3_errmsg(db);
      sqlite3_reset(article);
      if (i % 50 == 0) continue;  // the index holds published stories only
      sqlite3_bind_int64(search, 1, i);
      text(search, 2, headline);
      text(search, 3, standfirst);
      text(search, 4, body);
      text(search, 5, tags);
      ASSERT_EQ(sqlite3_step(search), SQLITE_DONE) << sqlite3_errmsg(db);
      sqlite3_reset(search);
    }
    sqlite3_finalize(article);
    sqlite3_finalize(search);
    exec("COMMIT");
    exec("INSERT INTO article_search (article_search) VALUES ('optimize')");
    exec("ANALYZE");
    sqlite3_close(db);
  }
  const double build_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - build_start).count();

  // KHABAR_SEARCH_SCALE_CANDIDATES overrides SqliteOptions::search_candidates.
  SqliteOptions options;
  if (const char* c = std::getenv("KHABAR_SEARCH_SCALE_CANDIDATES")) {
    options.search_candidates = std::atoi(c);
  }
  auto store = OpenSqliteStore(file, options);
  ASSERT_TRUE(store) << store.error().ToString();
  // Queries of 1-3 common words: ranks 25-2000 of the vocabulary (the
  // real news words and the commonest made-up ones), log-uniform.
  std::vector<std::string> queries;
  std::uniform_real_distribution<double> log_rank(std::log(25.0), std::log(2000.0));
  for (int i = 0; i < 200; ++i) {
    std::string q;
    const int count = 1 + i % 3;
    for (int k = 0; k < count; ++k) {
      if (k > 0) q += ' ';
      q += vocab[static_cast<size_t>(std::exp(log_rank(rng)))];
    }
    queries.push_back(q);
  }
  auto time_query = [&](const std::string& text, int64_t* total, int64_t limit = 10) {
    SearchQuery q;
    q.text = text;
    q.now = now;
    q.limit = limit;
    auto start = std::chrono::steady_clock::now();
    auto page = (*store)->SearchArticles(q);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    EXPECT_TRUE(page) << page.error().ToString();
    if (total != nullptr) *total = page ? page->total : -1;
    return ms;
  };
  for (int i = 0; i < 20; ++i) time_query(queries[i], nullptr);  // warm the page cache
  std::vector<double> ms;
  int64_t matches = 0;
  for (const std::string& q : queries) {
    int64_t total = 0;
    ms.push_back(time_query(q, &total));
    matches += total;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%d stories, built in %.1f s; 200 searches of 1-3 words (mean %lld matches):\n", n,
              build_s, static_cast<long long>(matches / 200));
  std::printf("  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms\n", ms[100], ms[180], ms[198],
              ms[199]);
  for (const char* worst :
       {"government", "said", "the", "minister said", "the of and", "governm", "pakistan prices"}) {
    int64_t total = 0;
    double first = time_query(worst, &total);
    double again = time_query(worst, &total);
    std::printf("  %-16s %8.2f ms (again %.2f ms)  %lld matches\n", worst, first, again,
                static_cast<long long>(total));
  }
}

}  // namespace
}  // namespace khabar
