// bench_corpus: a site of N published stories for the page benchmarks
// (bench/run.sh), written through the real SQLite store and media library,
// so the server under test reads exactly what a newsroom would have made.
//
//   bench_corpus --stories N --out DIR [--source DIR]
//
// DIR gets khabar.db, media/ (one JPEG through the upload pipeline, with
// its resized renditions, and the demo SVG illustrations), and what the
// driver needs to address the site:
//   urls-article.txt  300 article paths spread over the whole archive
//   urls-section.txt  every section page
//   corpus.env        STORIES, TOP_TAG, SEARCH_WORD, ... (shell syntax)
// The corpus is built in DIR.partial-PID and renamed into place when
// complete, so an interrupted run never leaves a corpus that looks
// finished; a DIR with its corpus.env is reused as it is.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "base/files.h"
#include "content/slug.h"
#include "media/image_pipeline.h"
#include "media/media_library.h"
#include "render/markdown.h"
#include "store/sqlite/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using khabar::ArticleDraft;
using khabar::Seconds;

// ---- Words ----

// About 45% of running text is function words; the rest is drawn from a
// few hundred content words with mild Zipf weights (rank r has weight
// 1/r^0.4: steeper would make the top words a tenth of every text), so
// the first words are in nearly every story and most in many.
const std::vector<std::string> kFunction = {
    "the",   "of",    "and",   "to",    "in",  "a",    "said", "on",   "for", "that", "with",
    "was",   "by",    "at",    "from",  "is",  "has",  "have", "were", "as",  "it",   "its",
    "their", "which", "after", "about", "but", "also", "had",  "this", "an",  "they"};

// The first, most frequent content word is the benchmark's search word
// (SEARCH_WORD in corpus.env): a query that matches most of the archive.
const std::vector<std::string> kContent = {
    "government", "minister",      "people",      "year",       "country",    "officials",
    "week",       "city",          "province",    "court",      "report",     "police",
    "economy",    "prices",        "water",       "power",      "election",   "budget",
    "million",    "billion",       "district",    "students",   "schools",    "hospital",
    "farmers",    "workers",       "companies",   "market",     "exports",    "imports",
    "energy",     "fuel",          "electricity", "flood",      "rain",       "monsoon",
    "heat",       "climate",       "security",    "border",     "talks",      "agreement",
    "parliament", "senate",        "assembly",    "party",      "leader",     "opposition",
    "president",  "prime",         "chief",       "judge",      "hearing",    "case",
    "petition",   "bank",          "rupee",       "dollar",     "inflation",  "growth",
    "tax",        "revenue",       "trade",       "investment", "project",    "road",
    "railway",    "port",          "airport",     "ship",       "cargo",      "cricket",
    "match",      "team",          "final",       "series",     "captain",    "coach",
    "season",     "record",        "festival",    "film",       "music",      "book",
    "artists",    "museum",        "university",  "research",   "scientists", "data",
    "internet",   "phone",         "app",         "network",    "software",   "start-up",
    "families",   "children",      "women",       "residents",  "villages",   "streets",
    "traffic",    "transport",     "housing",     "rent",       "wheat",      "sugar",
    "cotton",     "textile",       "factory",     "mills",      "jobs",       "wages",
    "pension",    "health",        "vaccine",     "doctors",    "patients",   "clinic",
    "smog",       "air",           "quality",     "river",      "dam",        "canal",
    "irrigation", "drought",       "storm",       "cyclone",    "coast",      "fishermen",
    "visit",      "summit",        "delegation",  "ambassador", "embassy",    "foreign",
    "ministry",   "committee",     "commission",  "inquiry",    "plan",       "policy",
    "reform",     "law",           "bill",        "vote",       "protest",    "strike",
    "union",      "deal",          "loan",        "fund",       "debt",       "payment",
    "morning",    "evening",       "Monday",      "Tuesday",    "Wednesday",  "Thursday",
    "Friday",     "Saturday",      "Sunday",      "statement",  "spokesman",  "spokeswoman",
    "announced",  "expected",      "according",   "increase",   "decline",    "shortage",
    "supply",     "demand",        "cost",        "official",   "local",      "national",
    "regional",   "international", "public",      "private",    "new",        "first",
    "last",       "next",          "several",     "many",       "most",       "more"};

const std::vector<std::string> kSections = {"Pakistan",   "World",   "Business", "Sport",
                                            "Technology", "Opinion", "Culture",  "Science"};

const std::vector<std::string> kFirstNames = {"Ayesha", "Bilal",  "Sana",  "Omar",   "Fatima",
                                              "Hamza",  "Zainab", "Ali",   "Maryam", "Usman",
                                              "Hina",   "Kamran", "Nadia", "Faisal", "Rabia",
                                              "Tariq",  "Saima",  "Imran", "Amna",   "Junaid"};
const std::vector<std::string> kLastNames = {"Rind",     "Qureshi",  "Baloch", "Shah",   "Malik",
                                             "Siddiqui", "Chaudhry", "Khan",   "Abbasi", "Mirza",
                                             "Hashmi",   "Durrani",  "Memon",  "Butt",   "Awan",
                                             "Bhatti",   "Jatoi",    "Soomro", "Lodhi",  "Niazi"};

// Tags a desk would type: topics and places, then people.
const std::vector<std::string> kTopicTags = {"Pakistan",
                                             "Karachi",
                                             "Lahore",
                                             "Islamabad",
                                             "Peshawar",
                                             "Quetta",
                                             "Multan",
                                             "Hyderabad",
                                             "Faisalabad",
                                             "Gilgit",
                                             "Sindh",
                                             "Punjab",
                                             "Balochistan",
                                             "Khyber Pakhtunkhwa",
                                             "India",
                                             "Afghanistan",
                                             "China",
                                             "Iran",
                                             "Saudi Arabia",
                                             "United States",
                                             "United Kingdom",
                                             "Gulf",
                                             "Middle East",
                                             "Europe",
                                             "Economy",
                                             "Inflation",
                                             "Budget",
                                             "Taxes",
                                             "IMF",
                                             "Stock market",
                                             "Rupee",
                                             "Energy",
                                             "Electricity",
                                             "Gas",
                                             "Oil",
                                             "Water",
                                             "Floods",
                                             "Monsoon",
                                             "Climate change",
                                             "Heatwave",
                                             "Smog",
                                             "Earthquake",
                                             "Agriculture",
                                             "Wheat",
                                             "Cotton",
                                             "Textiles",
                                             "Exports",
                                             "Trade",
                                             "Elections",
                                             "Parliament",
                                             "Supreme Court",
                                             "High Court",
                                             "Judiciary",
                                             "Police",
                                             "Security",
                                             "Terrorism",
                                             "Diplomacy",
                                             "Education",
                                             "Universities",
                                             "Health",
                                             "Polio",
                                             "Dengue",
                                             "Hospitals",
                                             "Cricket",
                                             "Hockey",
                                             "Football",
                                             "Squash",
                                             "PSL",
                                             "Technology",
                                             "Internet",
                                             "Start-ups",
                                             "Telecom",
                                             "Media",
                                             "Film",
                                             "Music",
                                             "Books",
                                             "Art",
                                             "Heritage",
                                             "Transport",
                                             "Railways",
                                             "Aviation",
                                             "Ports",
                                             "Housing",
                                             "Labour",
                                             "Women",
                                             "Children",
                                             "Human rights",
                                             "Minorities",
                                             "Refugees",
                                             "Migration",
                                             "Space",
                                             "Science",
                                             "Environment",
                                             "Wildlife",
                                             "Forests",
                                             "Fisheries"};

const std::vector<std::string> kSpeakers = {"the minister", "a spokesman", "an official",
                                            "the chief engineer", "one resident"};

const std::vector<std::string> kCredits = {"Khabar Photo", "Reuters",         "AFP",
                                           "AP",           "Khabar Graphics", "Handout"};

// Pick returns an index in [0, weights.size()) with the given cumulative
// weights (last element 1).
size_t Pick(std::mt19937_64& rng, const std::vector<double>& cumulative) {
  const double u = std::uniform_real_distribution<double>(0, 1)(rng);
  const size_t i = std::lower_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
  return std::min(i, cumulative.size() - 1);
}

std::vector<double> ZipfCumulative(size_t n, double exponent) {
  std::vector<double> c;
  double sum = 0;
  for (size_t r = 1; r <= n; ++r)
    c.push_back(sum += 1.0 / std::pow(static_cast<double>(r), exponent));
  for (double& x : c) x /= sum;
  return c;
}

int Between(std::mt19937_64& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

std::string Words(std::mt19937_64& rng, int n) {
  static const std::vector<double> zipf = ZipfCumulative(kContent.size(), 0.4);
  std::string s;
  for (int i = 0; i < n; ++i) {
    if (i) s += ' ';
    if (std::uniform_real_distribution<double>(0, 1)(rng) < 0.45) {
      s += kFunction[rng() % kFunction.size()];
    } else {
      s += kContent[Pick(rng, zipf)];
    }
  }
  return s;
}

std::string Capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string Sentence(std::mt19937_64& rng, int lo, int hi) {
  return Capitalised(Words(rng, Between(rng, lo, hi))) + ".";
}

// Body is Markdown as a desk files it: 6-14 paragraphs of 2-4 sentences,
// one to three "## " sub-headings, now and then a quotation.
std::string Body(std::mt19937_64& rng) {
  const int paragraphs = Between(rng, 6, 14);
  std::set<int> headings;
  for (int h = Between(rng, 1, 3); h > 0; --h) headings.insert(Between(rng, 2, paragraphs - 1));
  std::string body;
  for (int p = 0; p < paragraphs; ++p) {
    if (headings.count(p)) body += "## " + Capitalised(Words(rng, Between(rng, 3, 6))) + "\n\n";
    if (Between(rng, 0, 5) == 0) {
      body += "\"" + Capitalised(Words(rng, Between(rng, 12, 24))) + ",\" " +
              kSpeakers[rng() % kSpeakers.size()] + " said.";
    } else {
      for (int s = Between(rng, 2, 4); s > 0; --s) body += Sentence(rng, 12, 26) + " ";
      body.pop_back();
    }
    body += "\n\n";
  }
  return body;
}

// ---- Images ----

struct LeadImage {
  std::string file;  // relative to the media directory
  int width = 0;
  int height = 0;
};

// AddImages registers the lead pictures: the seed photograph through the
// newsroom's upload pipeline (so pages offer its renditions as srcset) and
// the demo illustrations as they are, each with a media record.
khabar::Result<std::vector<LeadImage>> AddImages(khabar::Store& store,
                                                 const khabar::MediaLibrary& media,
                                                 const fs::path& source, Seconds now) {
  std::vector<khabar::MediaRecord> records;
  const fs::path jpeg = source / ".." / "shared" / "seed" / "lead.jpg";
  auto bytes = khabar::ReadFile(jpeg);
  if (!bytes) return khabar::Err(bytes.error());
  auto upload = media.AddUpload("lead.jpg", *bytes, now);
  if (!upload) return khabar::Err(upload.error());
  records.push_back(*upload);
  std::vector<fs::path> svgs;
  for (const auto& e : fs::directory_iterator(source / "demo" / "images")) {
    if (e.path().extension() == ".svg") svgs.push_back(e.path());
  }
  std::sort(svgs.begin(), svgs.end());
  for (const auto& svg : svgs) {
    auto added = media.AddFile(svg, now);
    if (!added) return khabar::Err(added.error());
    records.push_back(added->record);
  }
  std::vector<LeadImage> out;
  for (auto& r : records) {
    r.caption = "File picture.";
    r.credit = "Khabar Photo";
    r.alt = "File picture";
    auto id = store.AddMedia(r);
    if (!id && id.error().code() != khabar::Code::kAlreadyExists) return khabar::Err(id.error());
    out.push_back({r.file, r.width, r.height});
  }
  return out;
}

struct Options {
  int64_t stories = 10000;
  fs::path out;
  fs::path source = BENCH_SOURCE_DIR;
};

int Fail(const std::string& what) {
  std::fprintf(stderr, "bench_corpus: %s\n", what.c_str());
  return 1;
}

int Generate(const Options& o, const fs::path& dir) {
  const auto t0 = std::chrono::steady_clock::now();
  fs::create_directories(dir / "media");
  auto store = khabar::OpenSqliteStore(dir / "khabar.db");
  if (!store) return Fail(store.error().ToString());
  if (khabar::Status st = khabar::InitImagePipeline(); !st.ok()) return Fail(st.ToString());
  const khabar::MediaLibrary media(dir / "media");
  const Seconds now =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto images = AddImages(**store, media, o.source, now - std::chrono::days(3 * 365));
  if (!images) return Fail(images.error().ToString());

  std::vector<std::string> authors;
  for (size_t i = 0; authors.size() < 40; ++i) {
    authors.push_back(kFirstNames[i % kFirstNames.size()] + " " +
                      kLastNames[(i * 7 + i / kFirstNames.size()) % kLastNames.size()]);
  }
  std::vector<std::string> tags = kTopicTags;
  for (size_t i = 0; tags.size() < 300; ++i) {
    tags.push_back(kFirstNames[(i * 3) % kFirstNames.size()] + " " +
                   kLastNames[(i + i / kLastNames.size()) % kLastNames.size()]);
  }
  // Tag popularity is Zipf-like but flatter than words: a few tags
  // ("Pakistan", "Karachi") are on a large share of stories.
  const std::vector<double> tag_weights = ZipfCumulative(tags.size(), 0.9);
  const std::vector<double> section_weights = ZipfCumulative(kSections.size(), 0.6);
  std::map<std::string, int64_t> tag_count;

  std::mt19937_64 rng(20261128);
  const int64_t every = std::max<int64_t>(1, o.stories / 300);
  std::vector<int64_t> sample;
  std::fprintf(stderr, "bench_corpus: writing %lld stories into %s\n",
               static_cast<long long>(o.stories), dir.c_str());
  for (int64_t i = 0; i < o.stories; ++i) {
    ArticleDraft d;
    d.headline = Capitalised(Words(rng, Between(rng, 8, 14)));
    d.standfirst = Sentence(rng, 20, 34);
    d.body_markdown = Body(rng);
    d.body_html = khabar::MarkdownToHtml(d.body_markdown);
    d.section_name = kSections[Pick(rng, section_weights)];
    d.author_names = {authors[rng() % authors.size()]};
    if (Between(rng, 0, 9) == 0) d.author_names.push_back(authors[rng() % authors.size()]);
    std::set<std::string> picked;
    for (int want = Between(rng, 2, 5); static_cast<int>(picked.size()) < want;) {
      picked.insert(tags[Pick(rng, tag_weights)]);
    }
    d.tag_names.assign(picked.begin(), picked.end());
    if (Between(rng, 0, 99) < 85) {
      const LeadImage& img = (*images)[rng() % images->size()];
      d.image = khabar::Image{.file = img.file,
                              .caption = Sentence(rng, 10, 18),
                              .credit = kCredits[rng() % kCredits.size()],
                              .alt = Capitalised(Words(rng, Between(rng, 5, 9))),
                              .width = img.width,
                              .height = img.height};
    }
    d.status = khabar::ArticleStatus::kPublished;
    // Three years of archive, about nine stories a day at 10,000.
    d.published_at = now - std::chrono::minutes(1 + rng() % (60 * 24 * 365 * 3));
    auto id = (*store)->CreateArticle(d, now);
    if (!id && id.error().code() == khabar::Code::kAlreadyExists) {
      // Two random headlines made the same slug: keep the story, not the slug.
      d.slug = khabar::Slugify(d.headline, 60) + "-" + std::to_string(i);
      id = (*store)->CreateArticle(d, now);
    }
    if (!id) return Fail(id.error().ToString());
    for (const auto& t : d.tag_names) ++tag_count[t];
    if (i % every == 0 && sample.size() < 300) sample.push_back(*id);
    if ((i + 1) % 10000 == 0) std::fprintf(stderr, "  %lld\n", static_cast<long long>(i + 1));
  }

  // The article sample in a shuffled order, so a rotating load does not
  // walk the archive from oldest to newest.
  std::shuffle(sample.begin(), sample.end(), rng);
  std::ofstream article_urls(dir / "urls-article.txt");
  for (int64_t id : sample) {
    auto a = (*store)->GetArticle(id);
    if (!a) return Fail(a.error().ToString());
    article_urls << "/news/" << id << "/" << a->slug << "\n";
  }
  auto sections = (*store)->ListSections(std::nullopt);
  if (!sections) return Fail(sections.error().ToString());
  std::ofstream section_urls(dir / "urls-section.txt");
  for (const auto& s : *sections) section_urls << "/section/" << s.slug << "\n";

  const auto top =
      std::max_element(tag_count.begin(), tag_count.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  auto named = (*store)->ListTags(top->first, 50);
  if (!named) return Fail(named.error().ToString());
  const auto top_tag = std::find_if(named->begin(), named->end(),
                                    [&](const khabar::Tag& t) { return t.name == top->first; });
  if (top_tag == named->end()) return Fail("the most used tag is not in the store");
  store->reset();  // the last connection checkpoints the WAL into khabar.db

  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::ofstream env(dir / "corpus.env");
  env << "STORIES=" << o.stories << "\n"
      << "TOP_TAG=" << top_tag->slug << "\n"
      << "TOP_TAG_STORIES=" << top->second << "\n"
      << "SEARCH_WORD=" << kContent.front() << "\n"
      << "GENERATED_SECONDS=" << static_cast<int64_t>(secs) << "\n";
  std::fprintf(stderr, "bench_corpus: %lld stories in %.0f s\n", static_cast<long long>(o.stories),
               secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--stories") {
      o.stories = std::atoll(argv[i + 1]);
    } else if (a == "--out") {
      o.out = argv[i + 1];
    } else if (a == "--source") {
      o.source = argv[i + 1];
    } else {
      return Fail("unknown option " + a);
    }
  }
  if (o.out.empty() || o.stories < 1) {
    return Fail("usage: bench_corpus --stories N --out DIR [--source CHECKOUT]");
  }
  if (fs::exists(o.out / "corpus.env")) {
    std::fprintf(stderr, "bench_corpus: reusing %s\n", o.out.c_str());
    return 0;
  }
  const fs::path partial = o.out.string() + ".partial-" + std::to_string(getpid());
  std::error_code ec;
  fs::remove_all(partial, ec);
  if (int rc = Generate(o, partial); rc != 0) {
    fs::remove_all(partial, ec);
    return rc;
  }
  fs::remove_all(o.out, ec);  // a leftover without corpus.env is incomplete
  fs::rename(partial, o.out);
  return 0;
}
