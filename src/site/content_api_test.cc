#include "site/content_api.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/sqlite/sqlite_store.h"

namespace khabar {
namespace {

using json = nlohmann::ordered_json;
using namespace content_api;
using namespace std::chrono_literals;

http::Request Get(std::string path, std::map<std::string, std::string> query = {}) {
  http::Request r;
  r.method = "GET";
  r.path = path;
  r.target = std::move(path);
  r.query = std::move(query);
  return r;
}

Seconds At(std::string_view iso) { return ParseIso8601(iso).value(); }

// KarachiLocal stands in for the site calendar: local times are UTC+5.
Result<Seconds> KarachiLocal(std::string_view t) {
  if (t.size() != 16 && t.size() != 19) return InvalidArgument("bad local time");
  return ParseIso8601(std::string(t) + "+05:00");
}

// ---- Paging ----

TEST(ContentApiPaging, DefaultsAndValues) {
  auto p = ParsePaging(Get("/api/v1/articles"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->page, 1);
  EXPECT_EQ(p->per_page, 20);
  EXPECT_EQ(p->offset(), 0);
  p = ParsePaging(Get("/", {{"page", "3"}, {"per_page", "100"}}));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->page, 3);
  EXPECT_EQ(p->per_page, 100);
  EXPECT_EQ(p->offset(), 200);
}

TEST(ContentApiPaging, BadValuesNameTheParameter) {
  for (std::string name : {"page", "per_page"}) {
    for (std::string bad :
         {"", "abc", "0", "-1", "1.5", "1e3", "+2", " 2", "2 ", "99999999999999999999", "0x10"}) {
      auto p = ParsePaging(Get("/", {{name, bad}}));
      ASSERT_FALSE(p) << name << "=" << bad;
      EXPECT_EQ(p.error().code(), Code::kInvalidArgument);
      EXPECT_TRUE(p.error().message().starts_with(name + ":")) << p.error().message();
    }
  }
  EXPECT_FALSE(ParsePaging(Get("/", {{"per_page", "101"}})));
  EXPECT_FALSE(ParsePaging(Get("/", {{"page", "100001"}})));
  EXPECT_TRUE(ParsePaging(Get("/", {{"page", "100000"}})));
}

// ---- Times ----

TEST(ContentApiTimes, ZonedTimesAreInstants) {
  EXPECT_EQ(ParseTimeParam("since", "2026-11-27T09:30:00+05:00", KarachiLocal).value(),
            At("2026-11-27T04:30:00Z"));
  EXPECT_EQ(ParseTimeParam("since", "2026-11-27T04:30:00Z", KarachiLocal).value(),
            At("2026-11-27T04:30:00Z"));
  EXPECT_EQ(ParseTimeParam("since", "2026-11-27T04:30:00-01:00", KarachiLocal).value(),
            At("2026-11-27T05:30:00Z"));
  // An unencoded '+' arrives as a space.
  EXPECT_EQ(ParseTimeParam("since", "2026-11-27T09:30:00 05:00", KarachiLocal).value(),
            At("2026-11-27T04:30:00Z"));
}

TEST(ContentApiTimes, ZonelessTimesAndDatesAreSiteLocal) {
  EXPECT_EQ(ParseTimeParam("until", "2026-11-27T09:30", KarachiLocal).value(),
            At("2026-11-27T04:30:00Z"));
  EXPECT_EQ(ParseTimeParam("until", "2026-11-27T09:30:15", KarachiLocal).value(),
            At("2026-11-27T04:30:15Z"));
  EXPECT_EQ(ParseTimeParam("until", "2026-11-27 09:30", KarachiLocal).value(),
            At("2026-11-27T04:30:00Z"));
  EXPECT_EQ(ParseTimeParam("until", "2026-11-27", KarachiLocal).value(),
            At("2026-11-26T19:00:00Z"));
}

TEST(ContentApiTimes, BadTimesNameTheParameter) {
  for (std::string bad :
       {"", "yesterday", "2026-13-01", "2026-02-30", "2026-11-27T25:00", "2026-11-27T09:30+99:00",
        "2026-11-27T", "1700000000", "2026-11-27T09:30:00.5", "2026-11-27T09:30:00+05:00junk"}) {
    auto t = ParseTimeParam("since", bad, KarachiLocal);
    ASSERT_FALSE(t) << bad;
    EXPECT_EQ(t.error().code(), Code::kInvalidArgument);
    EXPECT_TRUE(t.error().message().starts_with("since: ")) << t.error().message();
  }
}

// ---- Article list parameters ----

TEST(ContentApiParams, FiltersCombineAndKeepTheirText) {
  auto p = ParseArticleListParams(Get("/", {{"section", "world"},
                                            {"tag", "climate"},
                                            {"author", "khabar-desk"},
                                            {"since", "2026-11-20"},
                                            {"until", "2026-11-27T00:00:00+05:00"},
                                            {"page", "2"},
                                            {"per_page", "5"},
                                            {"utm_source", "ignored"}}),
                                  KarachiLocal);
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->section, "world");
  EXPECT_EQ(p->tag, "climate");
  EXPECT_EQ(p->author, "khabar-desk");
  EXPECT_EQ(p->since, At("2026-11-19T19:00:00Z"));
  EXPECT_EQ(p->until, At("2026-11-26T19:00:00Z"));
  EXPECT_EQ(p->since_text, "2026-11-20");
  EXPECT_EQ(p->until_text, "2026-11-27T00:00:00+05:00");
  EXPECT_EQ(p->paging.page, 2);
  EXPECT_EQ(p->paging.per_page, 5);

  ArticleQuery q;
  ApplyTimes(*p, q);
  // The store's bounds are exclusive: "after since - 1s" keeps since itself.
  EXPECT_EQ(q.published_after, At("2026-11-19T18:59:59Z"));
  EXPECT_EQ(q.published_before, At("2026-11-26T19:00:00Z"));
}

TEST(ContentApiParams, NoParametersMeansEverything) {
  auto p = ParseArticleListParams(Get("/"), KarachiLocal);
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->section || p->tag || p->author || p->since || p->until);
  ArticleQuery q;
  ApplyTimes(*p, q);
  EXPECT_FALSE(q.published_after || q.published_before);
}

TEST(ContentApiParams, BadParametersAreNamed) {
  struct Case {
    std::map<std::string, std::string> query;
    std::string prefix;
  };
  for (const Case& c : std::vector<Case>{
           {{{"section", ""}}, "section:"},
           {{{"tag", ""}}, "tag:"},
           {{{"author", ""}}, "author:"},
           {{{"since", "soon"}}, "since:"},
           {{{"until", "2026-11-31"}}, "until:"},
           {{{"since", "2026-11-28"}, {"until", "2026-11-27"}}, "since:"},
           {{{"page", "0"}}, "page:"},
           {{{"per_page", "500"}}, "per_page:"},
       }) {
    auto p = ParseArticleListParams(Get("/", c.query), KarachiLocal);
    ASSERT_FALSE(p) << c.prefix;
    EXPECT_EQ(p.error().code(), Code::kInvalidArgument);
    EXPECT_TRUE(p.error().message().starts_with(c.prefix)) << p.error().message();
  }
  // An empty window is a question with no answer, not a mistake.
  EXPECT_TRUE(ParseArticleListParams(Get("/", {{"since", "2026-11-27"}, {"until", "2026-11-27"}}),
                                     KarachiLocal));
}

// ---- Links and envelope ----

TEST(ContentApiLinks, QueryValuesAreEncoded) {
  EXPECT_EQ(EncodeQueryValue("2026-11-27T09:30:00+05:00"), "2026-11-27T09%3A30%3A00%2B05%3A00");
  EXPECT_EQ(EncodeQueryValue("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(EncodeQueryValue("safe-._~AZaz09"), "safe-._~AZaz09");
  EXPECT_EQ(QueryString({}), "");
  EXPECT_EQ(QueryString({{"section", ""}, {"tag", "x y"}, {"page", "2"}}), "?tag=x%20y&page=2");
}

TEST(ContentApiLinks, PageCount) {
  EXPECT_EQ(PageCount(0, 20), 1);
  EXPECT_EQ(PageCount(1, 20), 1);
  EXPECT_EQ(PageCount(20, 20), 1);
  EXPECT_EQ(PageCount(21, 20), 2);
  EXPECT_EQ(PageCount(8, 3), 3);
}

TEST(ContentApiLinks, EnvelopeLinksWalkThePages) {
  auto url = [](int64_t n) { return "https://x.example/api?page=" + std::to_string(n); };
  json first = ListEnvelope(json::array({1, 2, 3}), Paging{1, 3}, 8, url);
  EXPECT_EQ(first["data"].size(), 3u);
  EXPECT_EQ(first["meta"], json({{"page", 1}, {"per_page", 3}, {"total", 8}, {"pages", 3}}));
  EXPECT_EQ(first["links"]["self"], url(1));
  EXPECT_EQ(first["links"]["next"], url(2));
  EXPECT_TRUE(first["links"]["prev"].is_null());

  json last = ListEnvelope(json::array({7, 8}), Paging{3, 3}, 8, url);
  EXPECT_TRUE(last["links"]["next"].is_null());
  EXPECT_EQ(last["links"]["prev"], url(2));

  json beyond = ListEnvelope(json::array(), Paging{9, 3}, 8, url);
  EXPECT_TRUE(beyond["links"]["next"].is_null());
  EXPECT_EQ(beyond["links"]["prev"], url(3));
  EXPECT_EQ(beyond["links"]["self"], url(9));

  json empty = ListEnvelope(json::array(), Paging{1, 20}, 0, url);
  EXPECT_EQ(empty["meta"]["pages"], 1);
  EXPECT_TRUE(empty["links"]["next"].is_null());
  EXPECT_TRUE(empty["links"]["prev"].is_null());
}

// ---- Responses ----

void ExpectApiHeaders(const http::Response& r) {
  EXPECT_EQ(r.Header("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "*");
}

TEST(ContentApiResponses, JsonAndErrors) {
  http::Response ok = JsonResponse(json{{"a", 1}});
  EXPECT_EQ(ok.status, 200);
  ExpectApiHeaders(ok);
  EXPECT_EQ(ok.Header("Cache-Control"), "public, max-age=60");
  EXPECT_EQ(json::parse(ok.body), json({{"a", 1}}));

  http::Response bad = ErrorResponse(Status(Code::kInvalidArgument, "page: nope"));
  EXPECT_EQ(bad.status, 400);
  ExpectApiHeaders(bad);
  EXPECT_EQ(json::parse(bad.body), ErrorBody(400, "page: nope"));

  http::Response missing = ErrorResponse(Status(Code::kNotFound, "no such tag"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["error"]["status"], 404);

  // A server error hides its message (it may name files or queries).
  http::Response broken = ErrorResponse(Status(Code::kInternal, "sqlite: /var/db locked"));
  EXPECT_EQ(broken.status, 500);
  ExpectApiHeaders(broken);
  EXPECT_EQ(broken.Header("Cache-Control"), "no-store");
  EXPECT_EQ(json::parse(broken.body), ErrorBody(500, "internal error"));
}

TEST(ContentApiResponses, InvalidUtf8IsReplacedNotThrown) {
  http::Response r = JsonResponse(json{{"s", std::string("ok\xff")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["s"], "ok\xEF\xBF\xBD");
}

// ---- Article shape ----

Article SampleArticle() {
  Article a;
  a.id = 7;
  a.slug = "storm-closes-ports";
  a.headline = "Storm closes ports";
  a.standfirst = "Ships wait offshore";
  a.body_html = "<p>Body</p>";
  a.section = Section{.id = 1, .slug = "world", .name = "World"};
  Author author;
  author.id = 1;
  author.slug = "farhan-baloch";
  author.name = "Farhan Baloch";
  a.authors = {author};
  a.tags = {Tag{.id = 1, .slug = "shipping", .name = "Shipping"},
            Tag{.id = 2, .slug = "climate", .name = "Climate"}};
  a.image = Image{.file = "2026/11/port.jpg",
                  .caption = "The port",
                  .credit = "Khabar",
                  .alt = "Cranes",
                  .width = 1200,
                  .height = 0};
  a.status = ArticleStatus::kPublished;
  a.published_at = At("2026-11-19T09:05:00Z");
  a.created_at = At("2026-11-28T07:00:00Z");  // imported later
  a.updated_at = a.created_at;
  a.comments_open = false;
  a.comment_count = 4;
  return a;
}

std::string Utc(Seconds t) { return FormatIso8601Utc(t); }

// SiteAt is settings whose base_url is `base`.
Settings SiteAt(const std::string& base) {
  Settings s;
  s.site.base_url = base;
  return s;
}

TEST(ContentApiArticleJson, ListShape) {
  json j = ArticleJson(SampleArticle(), SiteAt("https://news.example"), Utc, false);
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["url"], "https://news.example/news/7/storm-closes-ports");
  EXPECT_EQ(j["slug"], "storm-closes-ports");
  EXPECT_EQ(j["headline"], "Storm closes ports");
  EXPECT_EQ(j["standfirst"], "Ships wait offshore");
  EXPECT_EQ(
      j["section"],
      json({{"slug", "world"}, {"name", "World"}, {"url", "https://news.example/section/world"}}));
  ASSERT_EQ(j["authors"].size(), 1u);
  EXPECT_EQ(j["authors"][0]["url"], "https://news.example/author/farhan-baloch");
  ASSERT_EQ(j["tags"].size(), 2u);
  EXPECT_EQ(j["tags"][1], json({{"slug", "climate"},
                                {"name", "Climate"},
                                {"url", "https://news.example/tag/climate"}}));
  EXPECT_EQ(j["image"]["url"], "https://news.example/media/2026/11/port.jpg");
  EXPECT_EQ(j["image"]["caption"], "The port");
  EXPECT_EQ(j["image"]["credit"], "Khabar");
  EXPECT_EQ(j["image"]["alt"], "Cranes");
  EXPECT_EQ(j["image"]["width"], 1200);
  EXPECT_TRUE(j["image"]["height"].is_null());
  EXPECT_EQ(j["published_at"], "2026-11-19T09:05:00Z");
  // Importing the story later is not an update.
  EXPECT_EQ(j["updated_at"], "2026-11-19T09:05:00Z");
  EXPECT_EQ(j["comments_open"], false);
  EXPECT_EQ(j["comment_count"], 4);
  EXPECT_FALSE(j.contains("body_html"));
}

TEST(ContentApiArticleJson, BodyOnlyWhenAskedAndNullImage) {
  Article a = SampleArticle();
  a.image.reset();
  json j = ArticleJson(a, SiteAt("https://news.example"), Utc, true);
  EXPECT_EQ(j["body_html"], "<p>Body</p>");
  ASSERT_TRUE(j.contains("image"));
  EXPECT_TRUE(j["image"].is_null());
}

TEST(ContentApiArticleJson, AnEditAfterPublicationIsTheUpdate) {
  Article a = SampleArticle();
  a.updated_at = At("2026-11-28T08:00:00Z");
  EXPECT_EQ(ArticleJson(a, SiteAt("https://news.example"), Utc, false)["updated_at"],
            "2026-11-28T08:00:00Z");
}

// ---- Handlers, on a real SQLite store ----

class ContentApiHandlers : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = "/tmp/khabar-api-XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    SqliteOptions options;
    options.query_observer = [this](std::chrono::nanoseconds) { ++statements_; };
    auto store = OpenSqliteStore(dir_ / "khabar.db", options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    auto settings = ParseSettings(
        "[site]\nbase_url = \"https://news.example\"\ntimezone = \"Asia/Karachi\"\n", "test");
    ASSERT_TRUE(settings) << settings.error().ToString();
    settings_ = std::make_unique<SettingsProvider>(*settings);
    api_ = std::make_unique<ContentApi>(
        ContentApiDeps{.store = store_.get(), .settings = settings_.get(), .clock = &clock_});

    Add("Storm closes ports", "World", {"Farhan Baloch"}, {"Shipping", "Climate"},
        "2026-11-19T14:05:00+05:00");
    Add("Summit ends with deal", "World", {"Khabar Desk"}, {"Climate", "Diplomacy"},
        "2026-11-22T22:10:00+05:00");
    Add("Smog shuts schools", "Pakistan", {"Nida Hussain"}, {"Climate", "Health"},
        "2026-11-24T18:40:00+05:00");
    Add("Hawks reach final", "Sport", {"Usman Ghani"}, {"Cricket"}, "2026-11-28T00:35:00+05:00");
    // Neither of these is live.
    Add("Draft story", "World", {"Farhan Baloch"}, {"Climate", "Secret Merger"}, "",
        ArticleStatus::kDraft);
    draft_id_ = last_id_;
    Add("Tomorrow's story", "World", {"Farhan Baloch"}, {"Climate"}, "2026-11-29T09:00:00+05:00",
        ArticleStatus::kScheduled);
    scheduled_id_ = last_id_;
  }
  void TearDown() override {
    api_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void Add(const std::string& headline, const std::string& section,
           std::vector<std::string> authors, std::vector<std::string> tags,
           const std::string& published, ArticleStatus status = ArticleStatus::kPublished) {
    ArticleDraft d;
    d.headline = headline;
    d.standfirst = "About " + headline;
    d.body_markdown = "Text";
    d.body_html = "<p>Text of " + headline + "</p>";
    d.section_name = section;
    d.author_names = std::move(authors);
    d.tag_names = std::move(tags);
    d.status = status;
    if (!published.empty()) d.published_at = At(published);
    auto id = store_->CreateArticle(d, At("2026-11-28T06:00:00Z"));
    ASSERT_TRUE(id) << id.error().ToString();
    last_id_ = *id;
  }

  static json Body(const http::Response& r) {
    EXPECT_EQ(r.Header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "*");
    return json::parse(r.body);
  }
  static std::vector<std::string> Headlines(const json& list) {
    std::vector<std::string> out;
    for (const auto& a : list["data"]) out.push_back(a["headline"]);
    return out;
  }
  json List(std::map<std::string, std::string> query, int want_status = 200) {
    http::Response r = api_->Articles(Get("/api/v1/articles", std::move(query)));
    EXPECT_EQ(r.status, want_status) << r.body;
    return Body(r);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<SettingsProvider> settings_;
  FixedClock clock_{At("2026-11-28T12:00:00+05:00")};
  std::unique_ptr<ContentApi> api_;
  std::atomic<int> statements_{0};
  int64_t last_id_ = 0;
  int64_t draft_id_ = 0;
  int64_t scheduled_id_ = 0;
};

TEST_F(ContentApiHandlers, ListsLiveStoriesNewestFirst) {
  json j = List({});
  EXPECT_EQ(Headlines(j),
            (std::vector<std::string>{"Hawks reach final", "Smog shuts schools",
                                      "Summit ends with deal", "Storm closes ports"}));
  EXPECT_EQ(j["meta"]["total"], 4);
  EXPECT_EQ(j["data"][0]["published_at"], "2026-11-28T00:35:00+05:00");
  EXPECT_FALSE(j["data"][0].contains("body_html"));
  EXPECT_EQ(j["links"]["self"], "https://news.example/api/v1/articles?page=1&per_page=20");
}

TEST_F(ContentApiHandlers, FiltersCombineAndResolveSlugs) {
  EXPECT_EQ(Headlines(List({{"section", "world"}})),
            (std::vector<std::string>{"Summit ends with deal", "Storm closes ports"}));
  EXPECT_EQ(List({{"tag", "climate"}})["meta"]["total"], 3);
  EXPECT_EQ(Headlines(List({{"author", "farhan-baloch"}})),
            (std::vector<std::string>{"Storm closes ports"}));
  EXPECT_EQ(Headlines(List({{"section", "world"}, {"tag", "diplomacy"}})),
            (std::vector<std::string>{"Summit ends with deal"}));
  EXPECT_EQ(List({{"section", "sport"}, {"tag", "climate"}})["meta"]["total"], 0);

  // A renamed tag's old slug still filters.
  auto tag = store_->GetTag("diplomacy");
  ASSERT_TRUE(tag);
  ASSERT_TRUE(store_->RenameTag(tag->id, "Foreign Affairs"));
  EXPECT_EQ(Headlines(List({{"tag", "diplomacy"}})),
            (std::vector<std::string>{"Summit ends with deal"}));
}

TEST_F(ContentApiHandlers, TimeWindow) {
  // since is inclusive, until exclusive; a date is the site's local day.
  EXPECT_EQ(Headlines(List({{"since", "2026-11-22T22:10:00+05:00"}, {"until", "2026-11-28"}})),
            (std::vector<std::string>{"Smog shuts schools", "Summit ends with deal"}));
  EXPECT_EQ(Headlines(List({{"until", "2026-11-22T22:10"}})),
            (std::vector<std::string>{"Storm closes ports"}));
  EXPECT_EQ(List({{"since", "2026-11-29"}})["meta"]["total"], 0);
}

TEST_F(ContentApiHandlers, UnknownFiltersAre404AndBadInputIs400) {
  json j = List({{"section", "nowhere"}}, 404);
  EXPECT_EQ(j["error"]["status"], 404);
  EXPECT_NE(j["error"]["message"].get<std::string>().find("section"), std::string::npos);
  List({{"tag", "no-such-tag"}}, 404);
  List({{"author", "nobody"}}, 404);
  j = List({{"since", "last week"}}, 400);
  EXPECT_TRUE(j["error"]["message"].get<std::string>().starts_with("since:"));
  List({{"per_page", "0"}}, 400);
}

TEST_F(ContentApiHandlers, PaginationLinksCarryTheFilters) {
  json j = List({{"tag", "climate"}, {"per_page", "2"}, {"since", "2026-11-01T00:00:00+05:00"}});
  EXPECT_EQ(j["meta"], json({{"page", 1}, {"per_page", 2}, {"total", 3}, {"pages", 2}}));
  EXPECT_EQ(
      j["links"]["next"],
      "https://news.example/api/v1/articles?tag=climate&since=2026-11-01T00%3A00%3A00%2B05%3A00"
      "&page=2&per_page=2");
  json beyond = List({{"page", "7"}});
  EXPECT_TRUE(beyond["data"].empty());
  EXPECT_EQ(beyond["meta"]["total"], 4);
}

TEST_F(ContentApiHandlers, OneArticleOnlyWhenLive) {
  json all = List({});
  const int64_t id = all["data"][0]["id"];
  http::Response r =
      api_->Article(Get("/api/v1/articles/" + std::to_string(id)), std::to_string(id));
  ASSERT_EQ(r.status, 200);
  json j = Body(r)["data"];
  EXPECT_EQ(j["headline"], "Hawks reach final");
  EXPECT_EQ(j["body_html"], "<p>Text of Hawks reach final</p>");
  EXPECT_EQ(j["url"], "https://news.example/news/" + std::to_string(id) + "/hawks-reach-final");

  for (std::string bad :
       std::vector<std::string>{std::to_string(draft_id_), std::to_string(scheduled_id_), "999999",
                                "0", "-1", "abc", "1x", "99999999999999999999999"}) {
    http::Response miss = api_->Article(Get("/api/v1/articles/" + bad), bad);
    EXPECT_EQ(miss.status, 404) << bad;
    EXPECT_EQ(Body(miss)["error"]["status"], 404);
  }
}

TEST_F(ContentApiHandlers, SectionsAndTags) {
  http::Response r = api_->Sections(Get("/api/v1/sections"));
  ASSERT_EQ(r.status, 200);
  json s = Body(r);
  EXPECT_EQ(s["meta"]["total"], 3);
  EXPECT_EQ(s["data"][0]["url"].get<std::string>().rfind("https://news.example/section/", 0), 0u);

  r = api_->Tags(Get("/api/v1/tags", {{"per_page", "2"}}));
  ASSERT_EQ(r.status, 200);
  json t = Body(r);
  // Climate Cricket Diplomacy Health Shipping; not the draft's "Secret Merger".
  EXPECT_EQ(t["meta"]["total"], 5);
  EXPECT_EQ(t["data"].size(), 2u);
  EXPECT_EQ(t["data"][0]["name"], "Climate");

  r = api_->Tags(Get("/api/v1/tags", {{"q", "c"}}));
  json c = Body(r);
  std::vector<std::string> names;
  for (const auto& tag : c["data"]) names.push_back(tag["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"Climate", "Cricket"}));
  EXPECT_EQ(c["links"]["self"], "https://news.example/api/v1/tags?q=c&page=1&per_page=20");
  EXPECT_TRUE(Body(api_->Tags(Get("/api/v1/tags", {{"q", "secret"}})))["data"].empty());

  EXPECT_EQ(api_->Tags(Get("/api/v1/tags", {{"page", "x"}})).status, 400);
  EXPECT_EQ(api_->Sections(Get("/api/v1/sections", {{"per_page", "1000"}})).status, 400);
}

// Names only unpublished stories carry are not public: a filter by them is
// the 404 an unknown name gets, and the tag list leaves them out.
TEST_F(ContentApiHandlers, DraftOnlyNamesAreUnknown) {
  Add("Embargoed", "World", {"Embargo Writer"}, {"Embargo Tag"}, "2026-11-28T18:00:00+05:00");
  json j = List({{"tag", "secret-merger"}}, 404);
  EXPECT_EQ(j["error"]["message"], "tag: there is no tag 'secret-merger'");
  List({{"tag", "embargo-tag"}}, 404);
  j = List({{"author", "embargo-writer"}}, 404);
  EXPECT_EQ(j["error"]["message"], "author: there is no author 'embargo-writer'");
  EXPECT_TRUE(Body(api_->Tags(Get("/api/v1/tags", {{"q", "embargo"}})))["data"].empty());
  // With a live story, the names are public.
  Add("Out now", "World", {"Embargo Writer"}, {"Embargo Tag"}, "2026-11-28T11:00:00+05:00");
  EXPECT_EQ(List({{"tag", "embargo-tag"}})["meta"]["total"], 1);
  EXPECT_EQ(List({{"author", "embargo-writer"}})["meta"]["total"], 1);
  EXPECT_EQ(Body(api_->Tags(Get("/api/v1/tags", {{"q", "embargo"}})))["meta"]["total"], 1);
}

// The tag list is kept by the page cache until the public names change.
TEST_F(ContentApiHandlers, TheTagListIsCacheable) {
  http::Response r = api_->Tags(Get("/api/v1/tags"));
  ASSERT_EQ(r.status, 200);
  ASSERT_TRUE(r.cacheable);
  EXPECT_EQ(r.cacheable->keys, std::vector<std::string>{"live_names"});
  EXPECT_FALSE(api_->Tags(Get("/api/v1/tags", {{"page", "x"}})).cacheable);
}

// Every API read runs the same number of statements however many tags,
// stories and names there are (issue 15: 6,000 tags once made one tag
// list 18,084 statements).
TEST_F(ContentApiHandlers, ReadsRunAFixedNumberOfStatements) {
  const int64_t live_id = List({})["data"][0]["id"];
  const std::string id = std::to_string(live_id);
  auto counts = [&] {
    auto run = [&](auto&& read) {
      const int before = statements_.load();
      read();
      return statements_.load() - before;
    };
    return std::vector<int>{
        run([&] { EXPECT_EQ(api_->Tags(Get("/api/v1/tags")).status, 200); }),
        run([&] {
          EXPECT_EQ(api_->Tags(Get("/api/v1/tags", {{"q", "c"}})).status, 200);
        }),
        run([&] { EXPECT_EQ(api_->Sections(Get("/api/v1/sections")).status, 200); }),
        run([&] {
          List({{"section", "world"}, {"tag", "climate"}, {"author", "farhan-baloch"}});
        }),
        run([&] { EXPECT_EQ(api_->Article(Get("/api/v1/articles/" + id), id).status, 200); }),
    };
  };
  const std::vector<int> few = counts();
  for (int i = 0; i < 100; ++i) {
    const std::string n = std::to_string(i);
    Add("Story " + n, "World", {"Author " + n}, {"Climate", "A" + n, "B" + n, "C" + n, "D" + n},
        "2026-11-20T10:00:00+05:00");
    Add("Draft " + n, "World", {"Hidden " + n}, {"E" + n}, "", ArticleStatus::kDraft);
  }
  EXPECT_EQ(counts(), few);
}

TEST_F(ContentApiHandlers, PreflightAndUnknownPaths) {
  http::Request opt = Get("/api/v1/articles");
  opt.method = "OPTIONS";
  http::Response r = api_->Preflight(opt);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(r.Header("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(r.Header("Access-Control-Allow-Headers"), "Content-Type");
  EXPECT_EQ(r.Header("Access-Control-Max-Age"), "86400");
  EXPECT_TRUE(r.body.empty());

  http::Response nf = api_->NotFound(Get("/api/v1/nope"));
  EXPECT_EQ(nf.status, 404);
  EXPECT_EQ(Body(nf)["error"]["status"], 404);
}

}  // namespace
}  // namespace khabar
