// `khabar import wordpress` end to end (issue: moving in from WordPress).
//
// The tests write a WordPress export (WXR 1.2) of a small news site:
// two authors, categories and tags, every post status, threaded comments in
// every approval state, block markup, a classic body with shortcodes and a
// script that must not survive, non-ASCII and Urdu titles, a duplicate
// slug, an unknown author, a featured image listed after its post and one
// whose file is missing. They run the real binary on a real SQLite site,
// then check every item through the command line, the content API, the
// public pages and the newsroom; run the import again and check that the
// database did not change by a byte; and follow every old permalink.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/html.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/web_session.h"

namespace khabar::testing {
namespace {

using json = nlohmann::json;

const std::string kNow = "2024-03-01T12:00:00+05:00";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// ---- Writing an export ----

struct WpTerm {
  std::string domain, nicename, name;
};

struct WpComment {
  std::string id = "";
  std::string parent = "0";
  std::string author = "";
  std::string email = "";
  std::string content = "";
  std::string approved = "1";
  std::string type = "comment";
  std::string date_gmt = "2024-02-21 08:00:00";
};

struct WpPost {
  std::string id, title, slug, status = "publish", type = "post";
  std::string date_local, date_gmt, creator = "sana", content, excerpt;
  std::vector<WpTerm> terms;
  std::vector<WpComment> comments;
  std::string thumbnail_id, link, attached_file, alt;
};

std::string Esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') {
      out += "&amp;";
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Cdata(const std::string& s) { return "<![CDATA[" + s + "]]>"; }

std::string PercentEncode(const std::string& s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string ExportXml(const std::vector<WpPost>& items) {
  std::string x = R"(<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>The Old Gazette</title>
	<link>https://old.example</link>
	<description>News from the old site</description>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://old.example</wp:base_site_url>
	<wp:base_blog_url>https://old.example</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[sana]]></wp:author_login><wp:author_email><![CDATA[sana@old.example]]></wp:author_email><wp:author_display_name><![CDATA[Sana Mirza]]></wp:author_display_name><wp:author_first_name><![CDATA[Sana]]></wp:author_first_name><wp:author_last_name><![CDATA[Mirza]]></wp:author_last_name></wp:author>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[Bilal.A]]></wp:author_login><wp:author_email><![CDATA[bilal@old.example]]></wp:author_email><wp:author_display_name><![CDATA[Bilal Ahmed]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[pakistan]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Pakistan]]></wp:cat_name></wp:category>
	<wp:tag><wp:term_id>7</wp:term_id><wp:tag_slug><![CDATA[floods]]></wp:tag_slug><wp:tag_name><![CDATA[Floods]]></wp:tag_name></wp:tag>
	<generator>https://wordpress.org/?v=6.4.3</generator>
)";
  for (const WpPost& p : items) {
    x += "\t<item>\n\t\t<title>" + Esc(p.title) + "</title>\n";
    x += "\t\t<link>" + Esc(p.link) + "</link>\n";
    x += "\t\t<dc:creator>" + Cdata(p.creator) + "</dc:creator>\n";
    x += "\t\t<guid isPermaLink=\"false\">https://old.example/?p=" + p.id + "</guid>\n";
    x += "\t\t<content:encoded>" + Cdata(p.content) + "</content:encoded>\n";
    x += "\t\t<excerpt:encoded>" + Cdata(p.excerpt) + "</excerpt:encoded>\n";
    x += "\t\t<wp:post_id>" + p.id + "</wp:post_id>\n";
    x += "\t\t<wp:post_date>" + Cdata(p.date_local) + "</wp:post_date>\n";
    x += "\t\t<wp:post_date_gmt>" + Cdata(p.date_gmt) + "</wp:post_date_gmt>\n";
    x += "\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n";
    x += "\t\t<wp:post_name>" + Cdata(p.slug) + "</wp:post_name>\n";
    x += "\t\t<wp:status>" + Cdata(p.status) + "</wp:status>\n";
    x += "\t\t<wp:post_parent>0</wp:post_parent>\n";
    x += "\t\t<wp:post_type>" + Cdata(p.type) + "</wp:post_type>\n";
    x += "\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n";
    x += "\t\t<wp:is_sticky>0</wp:is_sticky>\n";
    if (!p.attached_file.empty()) {
      x += "\t\t<wp:attachment_url>" +
           Cdata("https://old.example/wp-content/uploads/" + p.attached_file) +
           "</wp:attachment_url>\n";
      x += "\t\t<wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key>"
           "<wp:meta_value>" +
           Cdata(p.attached_file) + "</wp:meta_value></wp:postmeta>\n";
      x += "\t\t<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key>"
           "<wp:meta_value>" +
           Cdata(p.alt) + "</wp:meta_value></wp:postmeta>\n";
    }
    for (const WpTerm& t : p.terms) {
      x += "\t\t<category domain=\"" + t.domain + "\" nicename=\"" + Esc(t.nicename) + "\">" +
           Cdata(t.name) + "</category>\n";
    }
    if (!p.thumbnail_id.empty()) {
      x += "\t\t<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key>"
           "<wp:meta_value>" +
           Cdata(p.thumbnail_id) + "</wp:meta_value></wp:postmeta>\n";
    }
    for (const WpComment& c : p.comments) {
      x += "\t\t<wp:comment>\n";
      x += "\t\t\t<wp:comment_id>" + c.id + "</wp:comment_id>\n";
      x += "\t\t\t<wp:comment_author>" + Cdata(c.author) + "</wp:comment_author>\n";
      x += "\t\t\t<wp:comment_author_email>" + Cdata(c.email) + "</wp:comment_author_email>\n";
      x += "\t\t\t<wp:comment_author_url>https://example.org</wp:comment_author_url>\n";
      x += "\t\t\t<wp:comment_author_IP>" + Cdata("192.0.2.10") + "</wp:comment_author_IP>\n";
      x += "\t\t\t<wp:comment_date>" + Cdata("2024-02-21 13:00:00") + "</wp:comment_date>\n";
      x += "\t\t\t<wp:comment_date_gmt>" + Cdata(c.date_gmt) + "</wp:comment_date_gmt>\n";
      x += "\t\t\t<wp:comment_content>" + Cdata(c.content) + "</wp:comment_content>\n";
      x += "\t\t\t<wp:comment_approved>" + Cdata(c.approved) + "</wp:comment_approved>\n";
      x += "\t\t\t<wp:comment_type>" + Cdata(c.type) + "</wp:comment_type>\n";
      x += "\t\t\t<wp:comment_parent>" + c.parent + "</wp:comment_parent>\n";
      x += "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n";
      x += "\t\t</wp:comment>\n";
    }
    x += "\t</item>\n";
  }
  x += "</channel>\n</rss>\n";
  return x;
}

const std::string kUrduTitle = "کراچی میں بارش کے بعد صفائی";
const std::string kUrduSlug = "کراچی-میں-بارش";

// TheOldGazette is the export every test imports: one of everything.
std::vector<WpPost> TheOldGazette() {
  std::vector<WpPost> v;
  WpPost floods;
  floods.id = "101";
  floods.title = "Floods hit Karachi's old city";
  floods.slug = "floods-hit-karachi";
  floods.date_local = "2024-02-20 11:30:00";
  floods.date_gmt = "2024-02-20 06:30:00";
  floods.link = "https://old.example/2024/02/floods-hit-karachi/";
  floods.excerpt = "Three days of rain left the <em>old city</em> under water.";
  floods.terms = {{"category", "pakistan", "Pakistan"},
                  {"category", "world", "World"},
                  {"post_tag", "floods", "Floods"},
                  {"post_tag", "karachi", "Karachi"}};
  floods.thumbnail_id = "900";
  floods.content =
      "<!-- wp:paragraph -->\n<p>Rain fell for <strong>three days</strong> on the old "
      "city.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">"
      "What the city says</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>The mayor "
      "promised pumps by Friday.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:embed "
      "{\"url\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"type\":\"video\","
      "\"providerNameSlug\":\"youtube\"} -->\n<figure class=\"wp-block-embed is-type-video "
      "is-provider-youtube wp-block-embed-youtube\"><div class=\"wp-block-embed__wrapper\">\n"
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n</div></figure>\n<!-- /wp:embed -->\n";
  floods.comments = {
      {.id = "11",
       .author = "Amina",
       .email = "amina@example.org",
       .content = "Stay safe, Karachi."},
      {.id = "12",
       .parent = "11",
       .author = "Omar",
       .email = "omar@example.org",
       .content = "Thank you, <b>Amina</b>."},
      {.id = "13", .parent = "12", .author = "Hina", .content = "Agreed with you both."},
      {.id = "14",
       .author = "Pending Reader",
       .content = "Words awaiting a moderator.",
       .approved = "0"},
      {.id = "15", .author = "Spammer", .content = "Buy cheap watches now.", .approved = "spam"},
      {.id = "16", .author = "Other Blog", .content = "Linked to this.", .type = "pingback"},
      {.id = "17", .author = "Troll", .content = "Words someone threw away.", .approved = "trash"},
  };
  v.push_back(floods);

  // The featured image of 101, listed after it (as WordPress may).
  WpPost photo;
  photo.id = "900";
  photo.type = "attachment";
  photo.status = "inherit";
  photo.title = "flood";
  photo.slug = "flood";
  photo.date_local = "2024-02-20 11:00:00";
  photo.date_gmt = "2024-02-20 06:00:00";
  photo.link = "https://old.example/2024/02/floods-hit-karachi/flood/";
  photo.excerpt = "Water in the streets of Saddar.";
  photo.attached_file = "2024/02/flood.jpg";
  photo.alt = "A flooded street";
  v.push_back(photo);

  WpPost cafe;
  cafe.id = "102";
  cafe.title = "Zoë's café reopens — Lahore";
  cafe.slug = "zoes-cafe-reopens-lahore";
  cafe.creator = "Bilal.A";
  cafe.date_local = "2024-02-22 09:15:00";
  cafe.date_gmt = "2024-02-22 04:15:00";
  cafe.link = "https://old.example/2024/02/zoes-cafe-reopens-lahore/";
  cafe.terms = {{"category", "lifestyle", "Lifestyle"}, {"post_tag", "lahore", "Lahore"}};
  cafe.thumbnail_id = "901";  // its file is not in the uploads folder
  cafe.content =
      "The café on Mall Road reopened on Monday.\n\nIts owner said: \"We missed our readers.\"\n"
      "[caption id=\"attachment_5\" align=\"aligncenter\" width=\"600\"]<img "
      "src=\"https://old.example/wp-content/uploads/2024/02/cafe.jpg\" alt=\"The café\" "
      "width=\"600\" height=\"400\" /> The café at dawn.[/caption]\n\n[gallery "
      "ids=\"1,2,3\"]\n\n<script>alert('owned')</script>\n<p onclick=\"steal()\">Ask <a "
      "href=\"javascript:alert(1)\">the waiter</a> for the menu.</p>\n";
  v.push_back(cafe);

  WpPost missing_photo;
  missing_photo.id = "901";
  missing_photo.type = "attachment";
  missing_photo.status = "inherit";
  missing_photo.title = "cafe";
  missing_photo.date_local = "2024-02-22 09:00:00";
  missing_photo.date_gmt = "2024-02-22 04:00:00";
  missing_photo.attached_file = "2024/02/cafe.jpg";
  v.push_back(missing_photo);

  auto post = [&](std::string id, std::string title, std::string slug, std::string status,
                  std::string local, std::string gmt) {
    WpPost p;
    p.id = std::move(id);
    p.title = std::move(title);
    p.slug = std::move(slug);
    p.status = std::move(status);
    p.date_local = std::move(local);
    p.date_gmt = std::move(gmt);
    p.link = p.slug.empty() ? "https://old.example/?p=" + p.id
                            : "https://old.example/2024/02/" + p.slug + "/";
    p.terms = {{"category", "pakistan", "Pakistan"}};
    p.content = "<p>Text of post " + p.id + ".</p>";
    return p;
  };
  v.push_back(post("103", "Budget to be presented next week", "budget-next-week", "future",
                   "2024-03-10 10:00:00", "2024-03-10 05:00:00"));
  v.push_back(post("104", "Draft on the water board", "", "draft", "2024-02-25 09:00:00",
                   "0000-00-00 00:00:00"));
  v.push_back(post("105", "Pending story on the metro", "", "pending", "2024-02-26 09:00:00",
                   "0000-00-00 00:00:00"));
  v.push_back(post("106", "Private note on staffing", "private-note", "private",
                   "2024-02-26 10:00:00", "2024-02-26 05:00:00"));
  v.push_back(post("107", "Story in the trash", "trashed", "trash", "2024-02-26 11:00:00",
                   "2024-02-26 06:00:00"));
  WpPost urdu = post("108", kUrduTitle, PercentEncode(kUrduSlug), "publish", "2024-02-27 08:00:00",
                     "2024-02-27 03:00:00");
  urdu.content = "<p>شہر میں صفائی کا کام شروع ہو گیا۔</p>";
  v.push_back(urdu);
  WpPost guest = post("109", "Guest column on trade", "guest-column-on-trade", "publish",
                      "2024-02-27 09:00:00", "2024-02-27 04:00:00");
  guest.creator = "ghost";  // not among the export's authors
  // Markdown has no subscript: readers get the sanitized HTML.
  guest.content = "<p>H<sub>2</sub>O levels rose at the port.</p>";
  v.push_back(guest);
  WpPost again = post("110", "Floods hit Karachi again", "floods-hit-karachi", "publish",
                      "2024-02-28 09:00:00", "2024-02-28 04:00:00");
  again.link = "https://old.example/2024/02/28/floods-hit-karachi/";
  v.push_back(again);
  WpPost page = post("200", "About the Gazette", "about", "publish", "2020-01-01 00:00:00",
                     "2019-12-31 19:00:00");
  page.type = "page";
  page.link = "https://old.example/about/";
  v.push_back(page);
  return v;
}

// Snapshot is every row of every table of the site's database but the
// sessions, sign-in failures and page views (which a running server
// writes on its own) and the change journal (which it prunes; a write
// would still show in sqlite_sequence, its counter), as text: equal
// snapshots, equal content.
std::string Snapshot(const std::string& db) {
  sqlite3* h = nullptr;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(h);
    return "cannot open " + db;
  }
  std::vector<std::string> tables;
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(h,
                     "SELECT name FROM sqlite_master WHERE type = 'table' AND (name NOT LIKE "
                     "'sqlite_%' OR name = 'sqlite_sequence') AND name NOT LIKE "
                     "'article_search_%' ORDER BY name",
                     -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  }
  sqlite3_finalize(st);
  std::string out;
  for (const std::string& t : tables) {
    if (t == "sessions" || t == "login_failures" || t == "article_views" || t == "changes") {
      continue;
    }
    out += "== " + t + "\n";
    std::vector<std::string> rows;
    sqlite3_prepare_v2(h, ("SELECT * FROM \"" + t + "\"").c_str(), -1, &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        const unsigned char* v = sqlite3_column_text(st, i);
        row += (v ? reinterpret_cast<const char*>(v) : "NULL") + std::string("|");
      }
      rows.push_back(row);
    }
    sqlite3_finalize(st);
    std::sort(rows.begin(), rows.end());
    for (const std::string& r : rows) out += r + "\n";
  }
  sqlite3_close(h);
  return out;
}

// Story is a line of `khabar article list`.
struct Story {
  int64_t id = 0;
  std::string status, when;
};

// Config is the settings the site runs with (time zone Asia/Karachi): the
// commands read times in it.
std::string Config() { return (SourceDir() / "config" / "site.toml").string(); }

std::map<std::string, Story> ListStories(NewsroomSite& site) {
  CommandResult r = site.Cli({"article", "list", "--config", Config()});
  std::map<std::string, Story> out;
  std::istringstream in(r.out);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    size_t start = 0;
    for (size_t tab; (tab = line.find('\t', start)) != std::string::npos; start = tab + 1) {
      f.push_back(line.substr(start, tab - start));
    }
    f.push_back(line.substr(start));
    if (f.size() == 4) out[f[3]] = Story{std::stoll(f[0]), f[1], f[2]};
  }
  return out;
}

class WordPressImport : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(site_.running()) << site_.Log();
    export_ = dir_.path() / "gazette.xml";
    std::ofstream(export_) << ExportXml(TheOldGazette());
    uploads_ = dir_.path() / "uploads";
    std::filesystem::create_directories(uploads_ / "2024" / "02");
    std::ofstream(uploads_ / "2024" / "02" / "flood.jpg", std::ios::binary) << LeadJpeg();
  }

  CommandResult Import(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"import",          "wordpress", export_.string(), "--uploads",
                                     uploads_.string(), "--config",  Config()};
    args.insert(args.end(), extra.begin(), extra.end());
    return site_.Cli(args);
  }

  NewsroomSite site_{kNow};
  TempDir dir_;
  std::filesystem::path export_;
  std::filesystem::path uploads_;
};

// Every item of the export lands where it should, as it should.
TEST_F(WordPressImport, BringsInEveryItemOfTheExport) {
  CommandResult r = Import();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(Contains(r.out, "10 posts in the export")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       9 imported")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       6 comments added")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       2 accounts created")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       1 images added")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       1 post in the trash")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       1 page")) << r.out;
  EXPECT_TRUE(Contains(r.out, "       1 pingback")) << r.out;
  // Categories no section had become sections, and the summary says so.
  EXPECT_TRUE(Contains(r.out, "created section Pakistan\n")) << r.out;
  // The problems name their items.
  EXPECT_TRUE(Contains(r.out, "post 109 \"Guest column on trade\": author 'ghost'")) << r.out;
  EXPECT_TRUE(Contains(r.out,
                       "post 102 \"Zoë's café reopens — Lahore\": image file "
                       "2024/02/cafe.jpg is not in"))
      << r.out;
  EXPECT_TRUE(Contains(r.out, "dropped shortcode [gallery]")) << r.out;

  // Statuses and times: khabar article list gives them in the site's zone.
  auto stories = ListStories(site_);
  ASSERT_EQ(stories.size(), 9u) << site_.Cli({"article", "list"}).out;
  EXPECT_EQ(stories["Floods hit Karachi's old city"].status, "published");
  EXPECT_EQ(stories["Floods hit Karachi's old city"].when, "2024-02-20T11:30:00+05:00");
  EXPECT_EQ(stories["Zoë's café reopens — Lahore"].status, "published");
  EXPECT_EQ(stories["Budget to be presented next week"].status, "scheduled");
  EXPECT_EQ(stories["Budget to be presented next week"].when, "2024-03-10T10:00:00+05:00");
  EXPECT_EQ(stories["Draft on the water board"].status, "draft");
  EXPECT_EQ(stories["Draft on the water board"].when, "-");
  EXPECT_EQ(stories["Pending story on the metro"].status, "submitted");
  EXPECT_EQ(stories["Private note on staffing"].status, "unpublished");
  EXPECT_EQ(stories[kUrduTitle].status, "published");
  EXPECT_EQ(stories["Guest column on trade"].status, "published");
  EXPECT_EQ(stories["Floods hit Karachi again"].status, "published");
  EXPECT_FALSE(stories.contains("Story in the trash"));
  EXPECT_FALSE(stories.contains("About the Gazette"));

  WebSession reader = site_.Session();
  auto api = [&](int64_t id) {
    HttpResponse res = reader.Get("/api/v1/articles/" + std::to_string(id));
    EXPECT_EQ(res.status, 200) << id;
    json doc = json::parse(res.body, nullptr, false);
    return doc.is_object() ? doc["data"] : json();
  };

  // 101: block markup, section, tags, byline, featured image, comments.
  json floods = api(stories["Floods hit Karachi's old city"].id);
  EXPECT_EQ(floods["section"]["name"], "Pakistan");
  ASSERT_EQ(floods["tags"].size(), 2u);
  EXPECT_EQ(floods["tags"][0]["name"], "Floods");
  EXPECT_EQ(floods["tags"][1]["name"], "Karachi");
  ASSERT_EQ(floods["authors"].size(), 1u);
  EXPECT_EQ(floods["authors"][0]["name"], "Sana Mirza");
  EXPECT_EQ(floods["standfirst"], "Three days of rain left the old city under water.");
  ASSERT_TRUE(floods["image"].is_object()) << floods.dump();
  EXPECT_EQ(floods["image"]["caption"], "Water in the streets of Saddar.");
  EXPECT_EQ(floods["image"]["alt"], "A flooded street");
  EXPECT_EQ(floods["comment_count"], 3);
  const std::string body = floods["body_html"];
  EXPECT_TRUE(Contains(body, "<strong>three days</strong>")) << body;
  EXPECT_TRUE(Contains(body, "<h2")) << body;
  EXPECT_TRUE(Contains(body, "What the city says")) << body;
  EXPECT_TRUE(Contains(body, "embed-youtube")) << body;
  EXPECT_TRUE(Contains(body, "https://www.youtube.com/watch?v=dQw4w9WgXcQ")) << body;
  EXPECT_FALSE(Contains(body, "wp:")) << body;
  EXPECT_FALSE(Contains(body, "wp-block")) << body;
  // The picture is served from the media library.
  const std::string image_url = floods["image"]["url"];
  EXPECT_EQ(reader.Get(image_url.substr(image_url.find("/media/"))).status, 200) << image_url;

  // Its comments: the approved three, the reply to a reply under the
  // thread's first comment; nothing pending, spam or trashed.
  HttpResponse page = reader.Get(
      floods["url"].get<std::string>().substr(floods["url"].get<std::string>().find("/news/")));
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  auto top = doc.Find("//ol[@class='comment-list']/li");
  ASSERT_EQ(top.size(), 1u) << page.body;
  EXPECT_TRUE(Contains(top[0].text, "Stay safe, Karachi."));
  auto replies = doc.Find("//ol[@class='comment-list']/li/ol[@class='comment-replies']/li");
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_TRUE(Contains(replies[0].text, "Thank you, Amina.")) << replies[0].text;
  EXPECT_TRUE(Contains(replies[1].text, "Agreed with you both."));
  for (const char* hidden : {"Words awaiting", "cheap watches", "threw away", "Linked to this"}) {
    EXPECT_FALSE(Contains(page.body, hidden)) << hidden;
  }
  // The pending and the spam wait in the newsroom's queues.
  ASSERT_EQ(site_.AddUser("eddie", "editor", "eddie-password-1"), 0);
  WebSession eddie = site_.SignIn("eddie", "eddie-password-1");
  ASSERT_TRUE(SignedIn(eddie));
  EXPECT_TRUE(Contains(eddie.Get("/admin/comments?status=pending").body, "Words awaiting"));
  EXPECT_TRUE(Contains(eddie.Get("/admin/comments?status=spam").body, "cheap watches"));
  EXPECT_TRUE(Contains(eddie.Get("/admin/comments?status=rejected").body, "threw away"));

  // 102: a classic body; the script, the handler and the javascript: URL
  // are gone; the caption became a figure; the missing picture is no
  // picture.
  json cafe = api(stories["Zoë's café reopens — Lahore"].id);
  EXPECT_EQ(cafe["headline"], "Zoë's café reopens — Lahore");
  EXPECT_EQ(cafe["authors"][0]["name"], "Bilal Ahmed");
  EXPECT_EQ(cafe["section"]["name"], "Lifestyle");
  EXPECT_TRUE(cafe["image"].is_null());
  const std::string cafe_body = cafe["body_html"];
  for (const char* gone :
       {"<script", "owned", "javascript:", "onclick", "steal()", "[gallery", "[caption"}) {
    EXPECT_FALSE(Contains(cafe_body, gone)) << gone << " in " << cafe_body;
  }
  EXPECT_TRUE(Contains(cafe_body, "The café on Mall Road reopened on Monday.")) << cafe_body;
  EXPECT_TRUE(Contains(cafe_body, "<figure")) << cafe_body;
  EXPECT_TRUE(Contains(cafe_body, "The café at dawn.")) << cafe_body;
  EXPECT_TRUE(Contains(cafe_body, "the waiter")) << cafe_body;

  // 108: the Urdu slug, decoded; 109: the unknown author's login is the
  // byline; 110: the slug 101 has already, with the post's number.
  EXPECT_EQ(api(stories[kUrduTitle].id)["slug"], kUrduSlug);
  json guest = api(stories["Guest column on trade"].id);
  EXPECT_EQ(guest["authors"][0]["name"], "ghost");
  EXPECT_TRUE(Contains(guest["body_html"], "H<sub>2</sub>O levels rose")) << guest.dump();
  EXPECT_TRUE(Contains(r.out, "       2 body kept as sanitized HTML")) << r.out;  // 102, 109
  // The editor says so before anyone saves over it; not for a body that
  // Markdown says in full.
  auto editor = [&](const std::string& title) {
    return HtmlDoc(eddie.Get("/admin/stories/" + std::to_string(stories[title].id)).body);
  };
  EXPECT_EQ(editor("Guest column on trade").Find("//p[@id='body-kept-as-html']").size(), 1u);
  EXPECT_EQ(editor("Floods hit Karachi's old city").Find("//p[@id='body-kept-as-html']").size(),
            0u);
  EXPECT_EQ(api(stories["Floods hit Karachi again"].id)["slug"], "floods-hit-karachi-110");

  // Authors are accounts, reporters, that no password opens yet.
  CommandResult users = site_.Cli({"user", "list"});
  EXPECT_TRUE(Contains(users.out, "sana")) << users.out;
  EXPECT_TRUE(Contains(users.out, "bilal.a")) << users.out;
  EXPECT_FALSE(SignedIn(site_.SignIn("sana", "")));
  EXPECT_FALSE(SignedIn(site_.SignIn("sana", "any-password-at-all")));
  ASSERT_EQ(site_.Cli({"user", "passwd", "sana"}, "sana-new-password-1\n").exit_code, 0);
  EXPECT_TRUE(SignedIn(site_.SignIn("sana", "sana-new-password-1")));
}

// Every old permalink of a live story answers 301 to its new address, and
// so does /?p=ID; a story readers cannot see has no old address.
TEST_F(WordPressImport, EveryOldPermalinkRedirects) {
  CommandResult r = Import();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto stories = ListStories(site_);
  WebSession reader = site_.Session();
  int checked = 0;
  for (const WpPost& p : TheOldGazette()) {
    if (p.type != "post") continue;
    const std::string path = p.link.substr(std::string("https://old.example").size());
    auto s = stories.find(p.title);
    const bool live = s != stories.end() && s->second.status == "published";
    for (const std::string& old : {path, "/?p=" + p.id}) {
      HttpResponse res = reader.Get(old);
      if (!live) {
        // Nothing to send readers to.
        EXPECT_EQ(res.status, 404) << old;
        continue;
      }
      ASSERT_EQ(res.status, 301) << old;
      const std::string location = res.Header("location");
      EXPECT_TRUE(location.starts_with("/news/" + std::to_string(s->second.id) + "/"))
          << old << " -> " << location;
      HttpResponse story = reader.Get(location);
      EXPECT_EQ(story.status, 200) << location;
      EXPECT_EQ(HtmlDoc(story.body).One("//h1").text, p.title) << location;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 10);  // five live posts, two old addresses each
  // The Urdu permalink, percent-encoded as WordPress wrote it.
  HttpResponse urdu = reader.Get("/2024/02/" + PercentEncode(kUrduSlug) + "/");
  EXPECT_EQ(urdu.status, 301);
  std::string location = urdu.Header("location");
  std::transform(location.begin(), location.end(), location.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  EXPECT_EQ(location,
            "/news/" + std::to_string(stories[kUrduTitle].id) + "/" + PercentEncode(kUrduSlug));
  // Without the trailing slash too.
  EXPECT_EQ(reader.Get("/2024/02/floods-hit-karachi").status, 301);
  // An address the old site never had is still a 404.
  EXPECT_EQ(reader.Get("/2024/02/never-was/").status, 404);
  EXPECT_EQ(reader.Get("/?p=99999").status, 404);  // as WordPress answers it
  EXPECT_EQ(reader.Get("/").status, 200);
}

// Importing the same export again changes nothing; a dry run reports and
// writes nothing.
TEST_F(WordPressImport, ASecondRunChangesNothingAndADryRunWritesNothing) {
  const std::string empty = Snapshot(site_.db());
  CommandResult dry = Import({"--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.out << dry.err;
  EXPECT_TRUE(Contains(dry.out, "       9 would be imported")) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "       6 comments would be added")) << dry.out;
  EXPECT_TRUE(Contains(dry.out, "       2 accounts would be created")) << dry.out;
  EXPECT_EQ(Snapshot(site_.db()), empty) << "a dry run wrote to the database";
  EXPECT_FALSE(std::filesystem::exists(site_.media_dir()) &&
               !std::filesystem::is_empty(site_.media_dir()))
      << "a dry run wrote media";

  CommandResult first = Import();
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  const std::string after_first = Snapshot(site_.db());
  ASSERT_NE(after_first, empty);
  auto count_files = [&] {
    size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(site_.media_dir())) {
      n += e.is_regular_file();
    }
    return n;
  };
  const size_t media_files = count_files();

  CommandResult second = Import();
  ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  EXPECT_TRUE(Contains(second.out, "       0 imported")) << second.out;
  EXPECT_TRUE(Contains(second.out, "       9 unchanged")) << second.out;
  EXPECT_TRUE(Contains(second.out, "       0 comments added")) << second.out;
  EXPECT_TRUE(Contains(second.out, "       0 old addresses redirected")) << second.out;
  EXPECT_TRUE(Contains(second.out, "       0 accounts created")) << second.out;
  EXPECT_TRUE(Contains(second.out, "       0 images added")) << second.out;
  EXPECT_EQ(Snapshot(site_.db()), after_first) << "the second run changed the database";
  EXPECT_EQ(count_files(), media_files);

  CommandResult dry_again = Import({"--dry-run"});
  EXPECT_TRUE(Contains(dry_again.out, "       0 would be imported")) << dry_again.out;
  EXPECT_TRUE(Contains(dry_again.out, "       9 unchanged")) << dry_again.out;

  // A newer export of the same site brings only what is new: one more
  // comment on 101.
  std::vector<WpPost> newer = TheOldGazette();
  newer[0].comments.push_back({.id = "18", .author = "Late Reader", .content = "Late but here."});
  std::ofstream(export_) << ExportXml(newer);
  CommandResult third = Import();
  ASSERT_EQ(third.exit_code, 0) << third.out << third.err;
  EXPECT_TRUE(Contains(third.out, "       0 imported")) << third.out;
  EXPECT_TRUE(Contains(third.out, "       1 comments added")) << third.out;
}

// A broken export: the posts before the break are imported, the error
// names the line; a file that is no export at all changes nothing.
TEST_F(WordPressImport, BadFilesAreNamedAndNothingIsHalfWritten) {
  const std::string whole = ExportXml(TheOldGazette());
  const size_t cut = whole.find("Pending story on the metro");
  ASSERT_NE(cut, std::string::npos);
  std::ofstream(export_, std::ios::trunc) << whole.substr(0, cut + 10);
  CommandResult r = Import();
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_TRUE(Contains(r.err, export_.string())) << r.err;
  EXPECT_TRUE(Contains(r.err, "line")) << r.err;
  auto stories = ListStories(site_);
  EXPECT_TRUE(stories.contains("Draft on the water board"));
  EXPECT_FALSE(stories.contains("Pending story on the metro"));
  EXPECT_EQ(stories.size(), 4u);  // 101, 102, 103, 104

  NewsroomSite fresh(kNow);
  const std::string before = Snapshot(fresh.db());
  const auto rss = dir_.path() / "feed.xml";
  std::ofstream(rss) << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>A feed"
                        "</title><item><title>Not WordPress</title></item></channel></rss>";
  CommandResult not_wxr = fresh.Cli({"import", "wordpress", rss.string()});
  EXPECT_EQ(not_wxr.exit_code, 1);
  EXPECT_TRUE(Contains(not_wxr.err, "not a WordPress export")) << not_wxr.err;
  EXPECT_EQ(Snapshot(fresh.db()), before);

  CommandResult no_file = fresh.Cli({"import", "wordpress", (dir_.path() / "nope.xml").string()});
  EXPECT_EQ(no_file.exit_code, 1);
  EXPECT_TRUE(Contains(no_file.err, "nope.xml")) << no_file.err;

  CommandResult no_uploads = fresh.Cli(
      {"import", "wordpress", export_.string(), "--uploads", (dir_.path() / "none").string()});
  EXPECT_EQ(no_uploads.exit_code, 1);
  EXPECT_TRUE(Contains(no_uploads.err, "--uploads")) << no_uploads.err;
  EXPECT_EQ(Snapshot(fresh.db()), before);
}

}  // namespace
}  // namespace khabar::testing
