// The JSON Content API (/api/v1/, docs/api.md) on the demo content: lists,
// filters, time windows, pagination walks, single stories, errors, CORS and
// caching. Every answer must be JSON that parses, whatever the input.
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "support/http_client.h"
#include "support/process.h"

namespace khabar::testing {
namespace {

using nlohmann::json;

// The demo's settings (config/site.toml) name this base URL; the server
// under test listens elsewhere, so links are followed by their path.
constexpr const char* kBaseUrl = "http://127.0.0.1:8080";
constexpr int kDemoStories = 8;  // in the main edition; the Urdu one has 2 more

class ContentApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new TempDir();
    server_ = new ServerProcess({"--config", (SourceDir() / "config" / "site.toml").string(),
                                 "--db", (site_->path() / "khabar.db").string(), "--demo"},
                                {{"KHABAR_NOW", "2026-11-28T12:00:00+05:00"}});
    ASSERT_TRUE(server_->running()) << server_->Log();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete site_;
  }
  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    ASSERT_TRUE(server_->running()) << server_->Log();
  }

  static HttpResponse Get(const std::string& target,
                          const std::map<std::string, std::string>& headers = {}) {
    return HttpGet(server_->port(), target, headers);
  }
  static HttpResponse Send(const std::string& method, const std::string& target,
                           const std::string& extra_headers = "") {
    return HttpRaw(server_->port(), method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                        extra_headers + "Connection: close\r\n\r\n");
  }

  // Api GETs `target`, checks the status and the headers every API answer
  // carries, and returns the parsed body (null when it does not parse).
  static json Api(const std::string& target, int want_status = 200) {
    HttpResponse r = Get(target);
    EXPECT_EQ(r.status, want_status) << target << "\n" << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/json; charset=utf-8") << target;
    EXPECT_EQ(r.Header("access-control-allow-origin"), "*") << target;
    EXPECT_FALSE(r.Header("cache-control").empty()) << target;
    json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
    EXPECT_FALSE(body.is_discarded()) << target << " did not answer JSON:\n" << r.body;
    return body;
  }

  // ExpectError checks an error answer: its status in the body too, and a
  // message that names `param` when one is given.
  static void ExpectError(const std::string& target, int status, const std::string& param = "") {
    json j = Api(target, status);
    ASSERT_TRUE(j.contains("error")) << target << ": " << j.dump();
    EXPECT_EQ(j["error"]["status"], status) << target;
    ASSERT_TRUE(j["error"]["message"].is_string()) << target;
    if (!param.empty()) {
      EXPECT_TRUE(j["error"]["message"].get<std::string>().starts_with(param + ":"))
          << target << ": " << j["error"]["message"];
    }
  }

  // PathOf turns an absolute link from the API into a target for this server.
  static std::string PathOf(const json& link) {
    std::string url = link.get<std::string>();
    EXPECT_TRUE(url.starts_with(kBaseUrl)) << url;
    return url.substr(std::string(kBaseUrl).size());
  }

  // Walk follows links.next from `first` to the end and returns every item,
  // checking the envelope on each page.
  static std::vector<json> Walk(const std::string& first, int64_t* total_out = nullptr,
                                int* pages_out = nullptr) {
    std::vector<json> items;
    std::string target = first;
    int pages = 0;
    int64_t total = -1;
    while (true) {
      json page = Api(target);
      if (page.is_discarded()) break;
      ++pages;
      EXPECT_EQ(page["meta"]["page"], pages) << target;
      if (total < 0) total = page["meta"]["total"];
      EXPECT_EQ(page["meta"]["total"], total) << target;
      EXPECT_EQ(page["meta"]["pages"], (total + page["meta"]["per_page"].get<int64_t>() - 1) /
                                           page["meta"]["per_page"].get<int64_t>())
          << target;
      if (pages > 1) {
        // Links are canonical, so the page a link led to names itself so.
        EXPECT_EQ(PathOf(page["links"]["self"]), target);
        EXPECT_FALSE(page["links"]["prev"].is_null()) << target;
      } else {
        EXPECT_TRUE(page["links"]["prev"].is_null()) << target;
      }
      for (auto& item : page["data"]) items.push_back(item);
      if (page["links"]["next"].is_null() || pages > 50) break;
      target = PathOf(page["links"]["next"]);
    }
    if (total_out) *total_out = total;
    if (pages_out) *pages_out = pages;
    return items;
  }

  static std::vector<std::string> Slugs(const json& list, const std::string& field) {
    std::vector<std::string> out;
    for (const auto& x : list) out.push_back(x[field]["slug"]);
    return out;
  }
  static bool HasTag(const json& article, const std::string& slug) {
    for (const auto& t : article["tags"]) {
      if (t["slug"] == slug) return true;
    }
    return false;
  }
  static bool HasAuthor(const json& article, const std::string& slug) {
    for (const auto& a : article["authors"]) {
      if (a["slug"] == slug) return true;
    }
    return false;
  }

  static inline TempDir* site_ = nullptr;
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(ContentApiTest, ListsEveryLiveStoryNewestFirst) {
  HttpResponse raw = Get("/api/v1/articles");
  EXPECT_EQ(raw.Header("cache-control"), "public, max-age=60");
  json j = Api("/api/v1/articles");
  ASSERT_TRUE(j["data"].is_array());
  EXPECT_EQ(j["data"].size(), static_cast<size_t>(kDemoStories));
  EXPECT_EQ(j["meta"],
            json({{"page", 1}, {"per_page", 20}, {"total", kDemoStories}, {"pages", 1}}));
  EXPECT_TRUE(j["links"]["next"].is_null());
  EXPECT_TRUE(j["links"]["prev"].is_null());
  EXPECT_EQ(PathOf(j["links"]["self"]), "/api/v1/articles?page=1&per_page=20");

  std::string previous = "9999";
  for (const auto& a : j["data"]) {
    for (const char* key :
         {"id", "url", "slug", "headline", "standfirst", "section", "authors", "tags", "image",
          "published_at", "updated_at", "comments_open", "comment_count"}) {
      EXPECT_TRUE(a.contains(key)) << key << " missing in " << a.dump();
    }
    EXPECT_FALSE(a.contains("body_html")) << "lists carry no body";
    // Times are the site's local time (Asia/Karachi) with its offset.
    const std::string published = a["published_at"];
    EXPECT_TRUE(published.ends_with("+05:00")) << published;
    EXPECT_LE(published, previous);  // same offset, so text order is time order
    previous = published;
    EXPECT_GE(a["updated_at"].get<std::string>(), published);
    // Every link leads to a real page of the site.
    EXPECT_EQ(Get(PathOf(a["url"])).status, 200) << a["url"];
    EXPECT_EQ(Get(PathOf(a["section"]["url"])).status, 200) << a["section"]["url"];
    for (const auto& t : a["tags"]) EXPECT_EQ(Get(PathOf(t["url"])).status, 200) << t["url"];
    for (const auto& au : a["authors"]) EXPECT_EQ(Get(PathOf(au["url"])).status, 200);
    ASSERT_TRUE(a["image"].is_object()) << "every demo story has a picture";
    EXPECT_EQ(Get(PathOf(a["image"]["url"])).status, 200) << a["image"]["url"];
    EXPECT_FALSE(a["image"]["alt"].get<std::string>().empty());
  }
  EXPECT_EQ(j["data"][0]["slug"], "hyderabad-hawks-chase-187-to-reach-inter-city-t20-cup-final");
  EXPECT_EQ(j["data"][0]["published_at"], "2026-11-28T00:35:00+05:00");
}

TEST_F(ContentApiTest, FiltersBySectionTagAuthorAndTheirCombination) {
  json world = Api("/api/v1/articles?section=world");
  EXPECT_EQ(world["meta"]["total"], 2);
  for (const auto& s : Slugs(world["data"], "section")) EXPECT_EQ(s, "world");

  json climate = Api("/api/v1/articles?tag=climate");
  EXPECT_EQ(climate["meta"]["total"], 3);
  for (const auto& a : climate["data"]) EXPECT_TRUE(HasTag(a, "climate")) << a["slug"];

  json farhan = Api("/api/v1/articles?author=farhan-baloch");
  EXPECT_EQ(farhan["meta"]["total"], 2);
  for (const auto& a : farhan["data"]) EXPECT_TRUE(HasAuthor(a, "farhan-baloch")) << a["slug"];

  // Filters combine: every one must match.
  json both = Api("/api/v1/articles?section=business&author=farhan-baloch");
  ASSERT_EQ(both["meta"]["total"], 1);
  EXPECT_EQ(both["data"][0]["slug"],
            "karachi-textile-exporters-report-busiest-order-books-in-two-years");
  json three = Api("/api/v1/articles?section=pakistan&tag=karachi&author=ayesha-rind");
  ASSERT_EQ(three["meta"]["total"], 1);
  EXPECT_EQ(three["data"][0]["section"]["slug"], "pakistan");
  EXPECT_EQ(Api("/api/v1/articles?section=sport&tag=climate")["meta"]["total"], 0);
  // Links keep the filters.
  EXPECT_EQ(PathOf(both["links"]["self"]),
            "/api/v1/articles?section=business&author=farhan-baloch&page=1&per_page=20");
}

TEST_F(ContentApiTest, TimeWindowsSinceInclusiveUntilExclusive) {
  // The smog story went out at exactly 2026-11-24T18:40:00+05:00.
  json since = Api("/api/v1/articles?since=2026-11-24T18:40:00%2B05:00");
  EXPECT_EQ(since["meta"]["total"], 4);
  for (const auto& a : since["data"]) {
    EXPECT_GE(a["published_at"].get<std::string>(), "2026-11-24T18:40:00+05:00");
  }
  // The same instant in UTC, and with an unencoded '+' (read as a space).
  EXPECT_EQ(Api("/api/v1/articles?since=2026-11-24T13:40:00Z")["meta"]["total"], 4);
  EXPECT_EQ(Api("/api/v1/articles?since=2026-11-24T18:40:00+05:00")["meta"]["total"], 4);
  EXPECT_EQ(Api("/api/v1/articles?until=2026-11-24T18:40:00%2B05:00")["meta"]["total"], 4);

  // A date alone is the start of that day where the site is.
  json before = Api("/api/v1/articles?until=2026-11-21");
  EXPECT_EQ(before["meta"]["total"], 2);
  for (const auto& a : before["data"]) {
    EXPECT_LT(a["published_at"].get<std::string>(), "2026-11-21T00:00:00+05:00");
  }
  json window = Api("/api/v1/articles?since=2026-11-21&until=2026-11-23");
  EXPECT_EQ(window["meta"]["total"], 2);
  // Zoneless times are site-local too.
  EXPECT_EQ(Api("/api/v1/articles?since=2026-11-28T00:35")["meta"]["total"], 1);
  EXPECT_EQ(Api("/api/v1/articles?since=2026-11-28T00:36")["meta"]["total"], 0);
  // Windows combine with filters.
  EXPECT_EQ(Api("/api/v1/articles?tag=climate&since=2026-11-20")["meta"]["total"], 2);
}

TEST_F(ContentApiTest, PaginationWalkReachesEveryStoryOnce) {
  int64_t total = 0;
  int pages = 0;
  std::vector<json> items = Walk("/api/v1/articles?per_page=3", &total, &pages);
  EXPECT_EQ(total, kDemoStories);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(items.size(), static_cast<size_t>(total));
  std::set<int64_t> ids;
  for (const auto& a : items) ids.insert(a["id"].get<int64_t>());
  EXPECT_EQ(ids.size(), items.size()) << "a story appeared twice";
  for (size_t i = 1; i < items.size(); ++i) {
    EXPECT_GE(items[i - 1]["published_at"].get<std::string>(),
              items[i]["published_at"].get<std::string>());
  }

  // A filtered walk, one story a page, keeps its filter in every link.
  std::vector<json> climate = Walk("/api/v1/articles?tag=climate&per_page=1", &total, &pages);
  EXPECT_EQ(total, 3);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(climate.size(), 3u);
  for (const auto& a : climate) EXPECT_TRUE(HasTag(a, "climate"));

  // A page past the end is empty, not an error, and leads back.
  json beyond = Api("/api/v1/articles?per_page=3&page=9");
  EXPECT_TRUE(beyond["data"].empty());
  EXPECT_TRUE(beyond["links"]["next"].is_null());
  EXPECT_EQ(PathOf(beyond["links"]["prev"]), "/api/v1/articles?page=3&per_page=3");
}

TEST_F(ContentApiTest, OneArticleCarriesItsBody) {
  json list = Api("/api/v1/articles?per_page=1");
  ASSERT_EQ(list["data"].size(), 1u);
  json summary = list["data"][0];
  const std::string id = std::to_string(summary["id"].get<int64_t>());
  json one = Api("/api/v1/articles/" + id);
  ASSERT_TRUE(one["data"].is_object()) << one.dump();
  json article = one["data"];
  const std::string body = article["body_html"];
  EXPECT_NE(body.find("<p>"), std::string::npos);
  EXPECT_NE(body.find("Danish Mirza"), std::string::npos);
  // Apart from the body it is the list's item exactly.
  article.erase("body_html");
  EXPECT_EQ(article, summary);
  EXPECT_EQ(article["comments_open"], true);
  EXPECT_TRUE(article["comment_count"].is_number_integer());

  // HEAD answers the same headers without a body.
  HttpResponse head = Send("HEAD", "/api/v1/articles/" + id);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("access-control-allow-origin"), "*");

  // Caches can revalidate.
  HttpResponse r = Get("/api/v1/articles/" + id);
  ASSERT_FALSE(r.Header("etag").empty());
  EXPECT_EQ(Get("/api/v1/articles/" + id, {{"If-None-Match", r.Header("etag")}}).status, 304);
}

TEST_F(ContentApiTest, UnknownThingsAre404s) {
  ExpectError("/api/v1/articles/999999", 404);
  ExpectError("/api/v1/articles/0", 404);
  ExpectError("/api/v1/articles/abc", 404);
  ExpectError("/api/v1/articles/12abc", 404);
  ExpectError("/api/v1/articles?section=no-such-section", 404, "section");
  ExpectError("/api/v1/articles?tag=no-such-tag", 404, "tag");
  ExpectError("/api/v1/articles?author=nobody", 404, "author");
  ExpectError("/api/v1/no-such-endpoint", 404);
  ExpectError("/api/v1/articles/1/extra", 404);
}

TEST_F(ContentApiTest, AnEditionListsItsOwnStoriesAndSections) {
  // The demo's Urdu edition has two stories (demo/articles/09-, 10-ur-*).
  json ur = Api("/api/v1/articles?edition=ur");
  ASSERT_EQ(ur["data"].size(), 2u) << ur.dump();
  for (const auto& a : ur["data"]) {
    EXPECT_EQ(a["edition"], "ur");
    EXPECT_TRUE(a["url"].get<std::string>().starts_with(std::string(kBaseUrl) + "/urdu/news/"))
        << a["url"];
    EXPECT_TRUE(
        a["section"]["url"].get<std::string>().starts_with(std::string(kBaseUrl) + "/urdu/"));
    EXPECT_EQ(Get(PathOf(a["url"])).status, 200) << a["url"];
  }
  EXPECT_EQ(PathOf(ur["links"]["self"]), "/api/v1/articles?edition=ur&page=1&per_page=20");
  const json main = Api("/api/v1/articles");
  for (const auto& a : main["data"]) EXPECT_EQ(a["edition"], "");
  json sections = Api("/api/v1/sections?edition=ur");
  EXPECT_EQ(sections["meta"]["total"], 2);
  for (const auto& sec : sections["data"]) {
    EXPECT_EQ(Get(PathOf(sec["url"])).status, 200) << sec["url"];
  }
}

TEST_F(ContentApiTest, BadParametersAre400sNamingTheParameter) {
  for (std::string bad : {"0", "-1", "abc", "1.5", "1e3", "", "99999999999999999999"}) {
    ExpectError("/api/v1/articles?page=" + bad, 400, "page");
    ExpectError("/api/v1/tags?page=" + bad, 400, "page");
  }
  for (std::string bad : {"0", "101", "x", ""}) {
    ExpectError("/api/v1/articles?per_page=" + bad, 400, "per_page");
    ExpectError("/api/v1/sections?per_page=" + bad, 400, "per_page");
  }
  // (Bytes the server itself refuses, NUL or bad UTF-8, never reach the API.)
  for (std::string bad : {"yesterday", "2026-02-30", "2026-11-27T25:00", "", "2026-11-27T",
                          "2026-11-27T09:30:00%2B99:00", "1764300000", "2026-11-27T09:30Z%20x"}) {
    ExpectError("/api/v1/articles?since=" + bad, 400, "since");
    ExpectError("/api/v1/articles?until=" + bad, 400, "until");
  }
  ExpectError("/api/v1/articles?since=2026-11-28&until=2026-11-20", 400, "since");
  ExpectError("/api/v1/articles?section=", 400, "section");
  ExpectError("/api/v1/articles?edition=klingon", 400, "edition");
  ExpectError("/api/v1/sections?edition=klingon", 400, "edition");
  // Unknown parameters are ignored (cache busters, tracking tags).
  EXPECT_EQ(Api("/api/v1/articles?_=123&utm_source=x")["meta"]["total"], kDemoStories);
}

TEST_F(ContentApiTest, HostileInputNeverBreaksTheServer) {
  for (const std::string& target : std::vector<std::string>{
           "/api/v1/articles?section=%27%20OR%201=1--", "/api/v1/articles?tag=%E2%80%AE",
           "/api/v1/tags?q=%25", "/api/v1/tags?q=_",
           "/api/v1/articles?author=" + std::string(2000, 'a'),
           "/api/v1/articles/" + std::string(300, '9'), "/api/v1/articles?page=1&page=x"}) {
    HttpResponse r = Get(target);
    EXPECT_LT(r.status, 500) << target;
    EXPECT_GT(r.status, 0) << target;
    if (r.status != 414 && r.status != 431) {
      EXPECT_FALSE(json::parse(r.body, nullptr, false).is_discarded()) << target << r.body;
    }
  }
  EXPECT_TRUE(Api("/api/v1/tags?q=%25")["data"].empty()) << "'%' matches itself only";
}

TEST_F(ContentApiTest, CorsOnGetAndPreflight) {
  HttpResponse get = Get("/api/v1/sections", {{"Origin", "https://elsewhere.example"}});
  EXPECT_EQ(get.status, 200);
  EXPECT_EQ(get.Header("access-control-allow-origin"), "*");

  for (std::string path :
       {"/api/v1/articles", "/api/v1/articles/1", "/api/v1/sections", "/api/v1/tags"}) {
    HttpResponse pre = Send("OPTIONS", path,
                            "Origin: https://elsewhere.example\r\n"
                            "Access-Control-Request-Method: GET\r\n"
                            "Access-Control-Request-Headers: Content-Type\r\n");
    EXPECT_EQ(pre.status, 204) << path;
    EXPECT_EQ(pre.Header("access-control-allow-origin"), "*") << path;
    EXPECT_EQ(pre.Header("access-control-allow-methods"), "GET, HEAD, OPTIONS") << path;
    EXPECT_EQ(pre.Header("access-control-allow-headers"), "Content-Type") << path;
    EXPECT_FALSE(pre.Header("access-control-max-age").empty()) << path;
    EXPECT_TRUE(pre.body.empty()) << path;
  }
}

TEST_F(ContentApiTest, SectionsInNavigationOrder) {
  json j = Api("/api/v1/sections");
  EXPECT_EQ(j["meta"]["total"], 5);
  std::set<std::string> slugs;
  for (const auto& s : j["data"]) {
    slugs.insert(s["slug"].get<std::string>());
    EXPECT_FALSE(s["name"].get<std::string>().empty());
    EXPECT_EQ(Get(PathOf(s["url"])).status, 200) << s["url"];
  }
  EXPECT_EQ(slugs, (std::set<std::string>{"pakistan", "world", "business", "sport", "technology"}));
  int64_t total = 0;
  EXPECT_EQ(Walk("/api/v1/sections?per_page=2", &total).size(), 5u);
  EXPECT_EQ(total, 5);
}

TEST_F(ContentApiTest, TagsByPrefixAndPaginated) {
  json c = Api("/api/v1/tags?q=c");
  std::vector<std::string> names;
  for (const auto& t : c["data"]) names.push_back(t["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"Climate", "Coastal Cities", "Cricket"}));
  EXPECT_EQ(Api("/api/v1/tags?q=C")["meta"]["total"], 3) << "prefix ignores ASCII case";
  EXPECT_EQ(PathOf(c["links"]["self"]), "/api/v1/tags?q=c&page=1&per_page=20");
  EXPECT_EQ(Get(PathOf(c["data"][0]["url"])).status, 200);

  int64_t total = 0;
  int pages = 0;
  std::vector<json> all = Walk("/api/v1/tags?per_page=7", &total, &pages);
  EXPECT_EQ(static_cast<int64_t>(all.size()), total);
  // Tags are shared by the editions: the 8 English demo stories' 18 and
  // the 2 Urdu stories' 5 (their "Infrastructure" is an English one).
  EXPECT_EQ(total, 23);
  EXPECT_EQ(pages, 4);
  auto lower = [](std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  for (size_t i = 1; i < all.size(); ++i) {
    EXPECT_LT(lower(all[i - 1]["name"]), lower(all[i]["name"])) << "by name, each once";
  }
  // Every tag's stories can be listed by its slug.
  json first_tag = Api("/api/v1/articles?tag=" + all[0]["slug"].get<std::string>());
  EXPECT_GE(first_tag["meta"]["total"], 1);
}

}  // namespace
}  // namespace khabar::testing
