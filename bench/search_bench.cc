// search_bench: full-text search over a generated corpus, through the real
// SQLite store. Builds the corpus once (kept beside the results so later
// runs reuse it), then times queries of one to three common words.
//
//   search_bench [--articles N] [--queries Q] [--db PATH] [--dense]
//
// Prints p50, p90, p99 and max latency in milliseconds. Numbers belong in
// bench/README.md with the machine and date; nothing here is a test.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "render/markdown.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using khabar::ArticleDraft;
using khabar::Seconds;

// A newsroom-ish vocabulary: frequent function words, frequent news words
// and a long tail, so queries hit many documents as real ones do.
const std::vector<std::string> kCommon = {"the", "of",  "and",  "to",   "in",  "a",  "said",
                                          "on",  "for", "that", "with", "was", "by", "at"};
const std::vector<std::string> kNews = {
    "government", "minister", "election", "court",  "budget",    "economy",  "police",
    "flood",      "cricket",  "karachi",  "lahore", "islamabad", "province", "parliament",
    "inflation",  "bank",     "energy",   "water",  "school",    "hospital", "market",
    "exports",    "talks",    "summit",   "border", "security",  "climate",  "monsoon",
    "farmers",    "wheat",    "prices",   "power",  "protest",   "report",   "officials",
    "president",  "trade",    "tax",      "fuel",   "rupee",     "dollar",   "match",
    "team",       "final"};

// Vocabulary: the news words first, then made-up words, drawn with Zipf
// weights (rank r has weight 1/r), so like real text a few words are in
// most stories and most words are rare. --dense draws news words flat
// instead: every query then matches nearly every story (a worst case).
bool g_dense = false;

const std::vector<std::string>& Vocabulary() {
  static const std::vector<std::string> vocab = [] {
    std::vector<std::string> v = kNews;
    static const char* syll[] = {"ka",  "ra",  "mi", "to", "zan", "bel",
                                 "dor", "shi", "nu", "pa", "vek", "lo"};
    std::mt19937_64 rng(7);
    while (v.size() < 20000) {
      std::string w;
      int n = 2 + static_cast<int>(rng() % 3);
      for (int i = 0; i < n; ++i) w += syll[rng() % 12];
      v.push_back(w);
    }
    return v;
  }();
  return vocab;
}

std::string Word(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  if (u(rng) < 0.45) return kCommon[rng() % kCommon.size()];
  if (g_dense) return kNews[rng() % kNews.size()];
  static const std::vector<double> cumulative = [] {
    std::vector<double> c;
    double sum = 0;
    for (size_t r = 1; r <= Vocabulary().size(); ++r)
      c.push_back(sum += 1.0 / static_cast<double>(r));
    for (double& x : c) x /= sum;
    return c;
  }();
  size_t i = std::lower_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin();
  return Vocabulary()[std::min(i, Vocabulary().size() - 1)];
}

std::string Sentence(std::mt19937_64& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += ' ';
    s += Word(rng);
  }
  s[0] = static_cast<char>(std::toupper(s[0]));
  return s + ".";
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  size_t i = static_cast<size_t>(p * (v.size() - 1));
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  int64_t articles = 100000;
  int queries = 500;
  std::filesystem::path db = "bench/results/search-corpus.db";
  for (int i = 1; i + 1 < argc; ++i) {
    std::string a = argv[i];
    if (a == "--articles")
      articles = std::atoll(argv[i + 1]);
    else if (a == "--queries")
      queries = std::atoi(argv[i + 1]);
    else if (a == "--db")
      db = argv[i + 1];
  }
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--dense") g_dense = true;
  }
  std::filesystem::create_directories(db.parent_path());
  auto store = khabar::OpenSqliteStore(db);
  if (!store) {
    std::fprintf(stderr, "search_bench: %s\n", store.error().ToString().c_str());
    return 1;
  }
  const Seconds now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto have = (*store)->CountLiveArticles(now, std::nullopt);
  if (!have) {
    std::fprintf(stderr, "search_bench: %s\n", have.error().ToString().c_str());
    return 1;
  }
  std::mt19937_64 rng(42);
  const std::vector<std::string> sections = {"Pakistan", "World",      "Business",
                                             "Sport",    "Technology", "Opinion"};
  if (*have < articles) {
    std::fprintf(stderr, "search_bench: generating %lld articles (have %lld)...\n",
                 static_cast<long long>(articles), static_cast<long long>(*have));
    auto t0 = std::chrono::steady_clock::now();
    for (int64_t i = *have; i < articles; ++i) {
      ArticleDraft d;
      d.headline = Sentence(rng, 8 + static_cast<int>(rng() % 6));
      d.headline.pop_back();
      d.slug = "story-" + std::to_string(i);
      d.standfirst = Sentence(rng, 18 + static_cast<int>(rng() % 10));
      std::string body;
      int paragraphs = 6 + static_cast<int>(rng() % 8);
      for (int p = 0; p < paragraphs; ++p) {
        for (int s = 0; s < 3; ++s) body += Sentence(rng, 10 + static_cast<int>(rng() % 15)) + " ";
        body += "\n\n";
      }
      d.body_markdown = body;
      d.body_html = khabar::MarkdownToHtml(body);
      d.section_name = sections[rng() % sections.size()];
      d.author_names = {"Desk " + std::to_string(rng() % 40)};
      d.tag_names = {kNews[rng() % kNews.size()], kNews[rng() % kNews.size()]};
      d.status = khabar::ArticleStatus::kPublished;
      d.published_at =
          now - std::chrono::minutes(static_cast<int64_t>(rng() % (60 * 24 * 365 * 3)));
      auto id = (*store)->CreateArticle(d, now);
      if (!id && id.error().code() != khabar::Code::kAlreadyExists) {
        std::fprintf(stderr, "search_bench: %s\n", id.error().ToString().c_str());
        return 1;
      }
      if ((i + 1) % 10000 == 0) std::fprintf(stderr, "  %lld\n", static_cast<long long>(i + 1));
    }
    auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "search_bench: generated in %.0f s\n", secs);
  }

  std::vector<double> ms;
  int64_t hits = 0;
  for (int q = 0; q < queries; ++q) {
    int words = 1 + static_cast<int>(rng() % 3);
    std::string text;
    // Query words: the news words, which are the most frequent content
    // words of the corpus (each in a large share of stories).
    for (int w = 0; w < words; ++w) text += (w ? " " : "") + kNews[rng() % kNews.size()];
    khabar::SearchQuery sq;
    sq.text = text;
    sq.now = now;
    sq.limit = 10;
    auto t0 = std::chrono::steady_clock::now();
    auto page = (*store)->SearchArticles(sq);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!page) {
      std::fprintf(stderr, "search_bench: %s\n", page.error().ToString().c_str());
      return 1;
    }
    hits += page->total;
  }
  std::printf(
      "%s corpus: search over %lld articles, %d queries of 1-3 words: p50 %.2f ms, p90 %.2f ms, "
      "p99 %.2f ms, max %.2f ms (mean counted total %lld, capped at 5000)\n",
      g_dense ? "dense" : "zipf", static_cast<long long>(articles), queries, Percentile(ms, 0.5),
      Percentile(ms, 0.9), Percentile(ms, 0.99), Percentile(ms, 1.0),
      static_cast<long long>(hits / queries));
  return 0;
}
