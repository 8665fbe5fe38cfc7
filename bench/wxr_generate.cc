// wxr_generate: a large, realistic WordPress export (WXR 1.2) for the
// import benchmark, and a reader of one for measuring ReadWxr.
//
//   wxr_generate --posts N --out FILE [--seed S]
//   wxr_generate --count FILE
//
// The export has N posts over 10 authors, 30 categories (a third of them
// children of another), 500 tags, one attachment per 5 posts (the post's
// featured image), about 3 comments a post with some threaded replies and
// some held or spam, statuses mostly "publish" with drafts, scheduled,
// private, pending and trashed ones, and bodies of block-editor HTML
// (paragraph and heading blocks, [caption] shortcodes, YouTube embeds,
// now and then a "]]>" that has to be split across CDATA sections), with
// Urdu and accented titles now and then. The same N and seed always give
// the same bytes (the generator has its own PRNG, not <random>'s
// implementation-defined distributions). The file is written as it is
// generated, to FILE.partial, renamed to FILE when complete.
//
// --count reads FILE with ReadWxr and a visitor that only counts, and
// prints the counts, the time and items/s, and the peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "wordpress/wxr.h"

namespace {

// Rng is SplitMix64: small, fast, and the same everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Below returns a number in [0, n).
  uint64_t Below(uint64_t n) { return Next() % n; }
  // Chance is true `percent` times in a hundred.
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }

 private:
  uint64_t state_;
};

constexpr const char* kWords[] = {
    "council",  "river",    "budget",   "bridge",  "election", "market",   "school",    "hospital",
    "minister", "court",    "farmers",  "monsoon", "railway",  "power",    "prices",    "vote",
    "strike",   "talks",    "report",   "plan",    "city",     "province", "water",     "wheat",
    "exports",  "cricket",  "team",     "final",   "police",   "road",     "flood",     "festival",
    "museum",   "teachers", "students", "doctors", "traders",  "airport",  "harbour",   "border",
    "summit",   "reform",   "tax",      "loan",    "bank",     "fuel",     "housing",   "climate",
    "heat",     "rain",     "storm",    "mayor",   "assembly", "senate",   "inquiry",   "audit",
    "contract", "tender",   "clinic",   "vaccine", "library",  "park",     "transport", "bus",
    "metro",    "canal",    "dam",      "mill",    "factory",  "workers",
};
constexpr const char* kVerbs[] = {
    "approves", "rejects", "delays", "opens",   "closes", "announces", "reviews",
    "debates",  "cuts",    "raises", "doubles", "backs",  "questions", "extends",
};
constexpr const char* kUrduTitles[] = {
    "پل کی تعمیر کے لیے فنڈ منظور",     "شہر میں بارش سے نظام زندگی متاثر",
    "کسانوں کے لیے نئی اسکیم کا اعلان", "کرکٹ ٹیم فائنل میں پہنچ گئی",
    "اسمبلی میں بجٹ پر بحث جاری",       "اسکولوں میں داخلے شروع",
};
constexpr const char* kAccentedTitles[] = {
    "Café owners rally on Mall Road",
    "Zürich délégation visits the valley",
    "Año nuevo: the harbour's façade restored",
    "Naïve plans? Élite schools respond",
};
constexpr const char* kAuthors[][3] = {
    // login, first, last
    {"nadia", "Nadia", "Qureshi"}, {"tomas.b", "Tomás", "Berg"},     {"farhan", "فرحان", "علی"},
    {"amina.k", "Amina", "Khan"},  {"j.okafor", "John", "Okafor"},   {"li.wei", "Wei", "Li"},
    {"sara", "Sara", "Malik"},     {"deskeditor", "Desk", "Editor"}, {"m.rossi", "Marco", "Rossi"},
    {"hina", "Hina", "Baig"},
};
constexpr int kAuthorCount = 10;
constexpr int kCategoryCount = 30;
constexpr int kTagCount = 500;
constexpr const char* kCommenters[] = {
    "Reader One", "Ali R.", "Concerned Citizen", "Zainab", "Old Timer", "K. Ahmed", "Ravi",
};
constexpr const char* kSpam[] = {"Cheap pills online", "Best casino bonus", "SEO services"};

// Out writes to a FILE* with the XML escaping WordPress uses.
class Out {
 public:
  explicit Out(std::FILE* f) : f_(f) {}
  void Raw(std::string_view s) { std::fwrite(s.data(), 1, s.size(), f_); }
  // Text escapes for character data and attribute values.
  void Text(std::string_view s) {
    for (char c : s) {
      switch (c) {
        case '&':
          Raw("&amp;");
          break;
        case '<':
          Raw("&lt;");
          break;
        case '>':
          Raw("&gt;");
          break;
        case '"':
          Raw("&quot;");
          break;
        default:
          std::fputc(c, f_);
      }
    }
  }
  // Cdata writes <![CDATA[s]]>, splitting every "]]>" as WordPress's
  // wxr_cdata does.
  void Cdata(std::string_view s) {
    Raw("<![CDATA[");
    size_t at;
    while ((at = s.find("]]>")) != std::string_view::npos) {
      Raw(s.substr(0, at));
      Raw("]]]]><![CDATA[>");
      s.remove_prefix(at + 3);
    }
    Raw(s);
    Raw("]]>");
  }
  // Element writes <name><![CDATA[value]]></name> on its own line.
  void Element(std::string_view indent, std::string_view name, std::string_view value) {
    Raw(indent);
    Raw("<");
    Raw(name);
    Raw(">");
    Cdata(value);
    Raw("</");
    Raw(name);
    Raw(">\n");
  }
  // Plain writes <name>escaped value</name>.
  void Plain(std::string_view indent, std::string_view name, std::string_view value) {
    Raw(indent);
    Raw("<");
    Raw(name);
    Raw(">");
    Text(value);
    Raw("</");
    Raw(name);
    Raw(">\n");
  }

 private:
  std::FILE* f_;
};

std::string Slug(std::string_view s) {
  std::string out;
  for (char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Date formats `t` (seconds since 1970, UTC) as "YYYY-MM-DD HH:MM:SS".
std::string Date(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}
std::string RfcDate(int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[48];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string Sentence(Rng& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    std::string w = i == 2 ? rng.Pick(kVerbs) : rng.Pick(kWords);
    if (i == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
    if (i > 0) s += ' ';
    s += w;
  }
  return s + '.';
}

std::string Paragraph(Rng& rng) {
  std::string p;
  int sentences = 2 + static_cast<int>(rng.Below(4));
  for (int i = 0; i < sentences; ++i) {
    if (i > 0) p += ' ';
    std::string s = Sentence(rng, 8 + static_cast<int>(rng.Below(14)));
    if (rng.Chance(15)) {
      s = "<a href=\"https://lantern.example/tag/" + std::string(rng.Pick(kWords)) + "/\">" + s +
          "</a>";
    } else if (rng.Chance(10)) {
      s = "<strong>" + s + "</strong>";
    } else if (rng.Chance(8)) {
      s = "<em>" + s + "</em> &amp; more";
    }
    p += s;
  }
  return p;
}

std::string Body(Rng& rng, int64_t attachment_id, const std::string& image_url) {
  std::string b;
  int paragraphs = 3 + static_cast<int>(rng.Below(6));
  for (int i = 0; i < paragraphs; ++i) {
    if (i == 2 && rng.Chance(30)) {
      b += "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" + Sentence(rng, 4) +
           "</h2>\n<!-- /wp:heading -->\n\n";
    }
    if (i == 1 && attachment_id != 0 && rng.Chance(50)) {
      b += "[caption id=\"attachment_" + std::to_string(attachment_id) +
           "\" align=\"aligncenter\" width=\"1024\"]<img class=\"size-large wp-image-" +
           std::to_string(attachment_id) + "\" src=\"" + image_url +
           "\" alt=\"\" width=\"1024\" height=\"683\" /> " + Sentence(rng, 6) + "[/caption]\n\n";
    }
    if (i == 3 && rng.Chance(12)) {
      std::string id;
      for (int k = 0; k < 11; ++k)
        id += "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789-_"[rng.Below(61)];
      std::string url = "https://www.youtube.com/watch?v=" + id;
      b +=
          "<!-- wp:embed {\"url\":\"" + url +
          "\",\"type\":\"video\",\"providerNameSlug\":\"youtube\",\"responsive\":true,"
          "\"className\":\"wp-embed-aspect-16-9 wp-has-aspect-ratio\"} -->\n"
          "<figure class=\"wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube "
          "wp-embed-aspect-16-9 wp-has-aspect-ratio\"><div class=\"wp-block-embed__wrapper\">\n" +
          url + "\n</div></figure>\n<!-- /wp:embed -->\n\n";
    }
    if (i == 4 && rng.Chance(3)) {
      // Code that contains "]]>", which the CDATA writer must split.
      b += "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>if (a[b[0]]]&gt;1) "
           "return;</code></pre>\n<!-- /wp:code -->\n\n";
      b += "<!-- wp:paragraph -->\n<p>The array a[b[0]]]> was wrong.</p>\n<!-- /wp:paragraph "
           "-->\n\n";
    }
    b += "<!-- wp:paragraph -->\n<p>" + Paragraph(rng) + "</p>\n<!-- /wp:paragraph -->\n\n";
  }
  b.pop_back();
  b.pop_back();
  return b;
}

const char* PickStatus(Rng& rng) {
  uint64_t r = rng.Below(100);
  if (r < 85) return "publish";
  if (r < 90) return "draft";
  if (r < 93) return "future";
  if (r < 95) return "private";
  if (r < 98) return "pending";
  return "trash";
}

int Generate(long posts, const std::filesystem::path& out_path, uint64_t seed) {
  std::filesystem::path partial = out_path;
  partial += ".partial";
  std::FILE* f = std::fopen(partial.c_str(), "wb");
  if (f == nullptr) {
    std::fprintf(stderr, "wxr_generate: %s: %s\n", partial.c_str(), std::strerror(errno));
    return 1;
  }
  static char buffer[1 << 20];
  std::setvbuf(f, buffer, _IOFBF, sizeof buffer);
  Out o(f);
  Rng rng(seed);
  const std::string site = "https://lantern.example";
  const int64_t start = 1420070400;  // 2015-01-01T00:00:00Z
  const int64_t local_offset = 5 * 3600;

  o.Raw(
      "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n"
      "<!-- This is a WordPress eXtended RSS file generated by WordPress as an export of your "
      "site. -->\n"
      "<!-- generator=\"WordPress/6.6.1\" created=\"2024-09-03 10:00\" -->\n"
      "<rss version=\"2.0\"\n"
      "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n"
      "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n"
      "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n"
      "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
      "\txmlns:wp=\"http://wordpress.org/export/1.2/\"\n"
      ">\n\n<channel>\n");
  o.Plain("\t", "title", "The Lantern & Ledger");
  o.Plain("\t", "link", site);
  o.Plain("\t", "description", "News from the valley");
  o.Plain("\t", "pubDate", "Tue, 03 Sep 2024 10:00:00 +0000");
  o.Plain("\t", "language", "en-US");
  o.Plain("\t", "wp:wxr_version", "1.2");
  o.Plain("\t", "wp:base_site_url", site);
  o.Plain("\t", "wp:base_blog_url", site);
  o.Raw("\n");
  for (int a = 0; a < kAuthorCount; ++a) {
    o.Raw("\t<wp:author>");
    o.Raw("<wp:author_id>" + std::to_string(a + 1) + "</wp:author_id>");
    o.Element("", "wp:author_login", kAuthors[a][0]);
    o.Element("", "wp:author_email", std::string(kAuthors[a][0]) + "@lantern.example");
    o.Element("", "wp:author_display_name", std::string(kAuthors[a][1]) + " " + kAuthors[a][2]);
    o.Element("", "wp:author_first_name", kAuthors[a][1]);
    o.Element("", "wp:author_last_name", kAuthors[a][2]);
    o.Raw("</wp:author>\n");
  }
  o.Raw("\n");
  std::vector<std::string> cat_names, cat_slugs, tag_names, tag_slugs;
  for (int c = 0; c < kCategoryCount; ++c) {
    std::string name = c == 7 ? "وادی" : std::string(kWords[c * 2 % std::size(kWords)]);
    name[0] = static_cast<char>(name[0] >= 'a' && name[0] <= 'z' ? name[0] - 'a' + 'A' : name[0]);
    std::string slug = c == 7 ? "%d9%88%d8%a7%d8%af%db%8c" : Slug(name) + "-" + std::to_string(c);
    cat_names.push_back(name);
    cat_slugs.push_back(slug);
    o.Raw("\t<wp:category>\n\t\t<wp:term_id>" + std::to_string(c + 2) + "</wp:term_id>\n");
    o.Element("\t\t", "wp:category_nicename", slug);
    // The first ten are top-level; the rest are children of one of them.
    o.Element("\t\t", "wp:category_parent", c < 10 ? "" : cat_slugs[c % 10]);
    o.Element("\t\t", "wp:cat_name", name);
    if (c % 4 == 0) o.Element("\t\t", "wp:category_description", "Stories about " + name);
    o.Raw("\t</wp:category>\n");
  }
  for (int t = 0; t < kTagCount; ++t) {
    std::string name = std::string(kWords[t % std::size(kWords)]) + " " +
                       kWords[(t / std::size(kWords) + t * 7 + 3) % std::size(kWords)];
    if (t % 50 == 0) name += " & co";
    std::string slug = Slug(name) + "-" + std::to_string(t);
    tag_names.push_back(name);
    tag_slugs.push_back(slug);
    o.Raw("\t<wp:tag>\n\t\t<wp:term_id>" + std::to_string(100 + t) + "</wp:term_id>\n");
    o.Element("\t\t", "wp:tag_slug", slug);
    o.Element("\t\t", "wp:tag_name", name);
    o.Raw("\t</wp:tag>\n");
  }
  o.Raw("\n\t<generator>https://wordpress.org/?v=6.6.1</generator>\n\n");

  int64_t next_id = 1000;
  int64_t next_comment = 1;
  for (long i = 0; i < posts; ++i) {
    const int64_t post_id = next_id++;
    const int64_t gmt = start + i * 3 * 3600 + static_cast<int64_t>(rng.Below(3 * 3600));
    const char* status = PickStatus(rng);
    const bool draft = std::strcmp(status, "draft") == 0 || std::strcmp(status, "pending") == 0;
    const char* author = kAuthors[rng.Below(kAuthorCount)][0];

    std::string title;
    if (i % 15 == 7) {
      title = rng.Pick(kUrduTitles);
    } else if (i % 40 == 11) {
      title = rng.Pick(kAccentedTitles);
    } else {
      title = Sentence(rng, 5 + static_cast<int>(rng.Below(6)));
      title.pop_back();
      if (rng.Chance(5)) title = "Q&A: " + title;
      if (rng.Chance(2)) title += " <updated>";
    }
    std::string slug = Slug(title);
    if (slug.empty()) slug = "story";
    slug += "-" + std::to_string(post_id);
    std::string date_path = Date(gmt + local_offset).substr(0, 7);
    date_path[4] = '/';
    const std::string permalink = site + "/" + date_path + "/" + slug + "/";

    // One post in five has a featured image, exported (as WordPress
    // does) as an attachment item of its own.
    int64_t attachment_id = 0;
    std::string image_url;
    if (i % 5 == 0) {
      attachment_id = next_id++;
      std::string file = date_path + "/photo-" + std::to_string(attachment_id) + ".jpg";
      image_url = site + "/wp-content/uploads/" + file;
      std::string caption = Sentence(rng, 7);
      o.Raw("\t<item>\n");
      o.Element("\t\t", "title", "photo-" + std::to_string(attachment_id));
      o.Plain("\t\t", "link", permalink + "photo-" + std::to_string(attachment_id) + "/");
      o.Plain("\t\t", "pubDate", RfcDate(gmt));
      o.Element("\t\t", "dc:creator", author);
      o.Raw("\t\t<guid isPermaLink=\"false\">");
      o.Text(image_url);
      o.Raw("</guid>\n\t\t<description></description>\n");
      o.Element("\t\t", "content:encoded", "");
      o.Element("\t\t", "excerpt:encoded", caption);
      o.Raw("\t\t<wp:post_id>" + std::to_string(attachment_id) + "</wp:post_id>\n");
      o.Element("\t\t", "wp:post_date", Date(gmt + local_offset));
      o.Element("\t\t", "wp:post_date_gmt", Date(gmt));
      o.Element("\t\t", "wp:post_modified", Date(gmt + local_offset));
      o.Element("\t\t", "wp:post_modified_gmt", Date(gmt));
      o.Element("\t\t", "wp:comment_status", "closed");
      o.Element("\t\t", "wp:ping_status", "closed");
      o.Element("\t\t", "wp:post_name", "photo-" + std::to_string(attachment_id));
      o.Element("\t\t", "wp:status", "inherit");
      o.Raw("\t\t<wp:post_parent>" + std::to_string(post_id) + "</wp:post_parent>\n");
      o.Raw("\t\t<wp:menu_order>0</wp:menu_order>\n");
      o.Element("\t\t", "wp:post_type", "attachment");
      o.Element("\t\t", "wp:post_password", "");
      o.Raw("\t\t<wp:is_sticky>0</wp:is_sticky>\n");
      o.Element("\t\t", "wp:attachment_url", image_url);
      o.Raw("\t\t<wp:postmeta>\n");
      o.Element("\t\t\t", "wp:meta_key", "_wp_attached_file");
      o.Element("\t\t\t", "wp:meta_value", file);
      o.Raw("\t\t</wp:postmeta>\n\t\t<wp:postmeta>\n");
      o.Element("\t\t\t", "wp:meta_key", "_wp_attachment_metadata");
      o.Element("\t\t\t", "wp:meta_value",
                "a:5:{s:5:\"width\";i:2048;s:6:\"height\";i:1365;s:4:\"file\";s:" +
                    std::to_string(file.size()) + ":\"" + file + "\";s:8:\"filesize\";i:" +
                    std::to_string(200000 + rng.Below(600000)) + ";s:5:\"sizes\";a:0:{}}");
      o.Raw("\t\t</wp:postmeta>\n");
      if (rng.Chance(70)) {
        o.Raw("\t\t<wp:postmeta>\n");
        o.Element("\t\t\t", "wp:meta_key", "_wp_attachment_image_alt");
        o.Element("\t\t\t", "wp:meta_value", Sentence(rng, 6));
        o.Raw("\t\t</wp:postmeta>\n");
      }
      o.Raw("\t</item>\n");
    }

    o.Raw("\t<item>\n");
    o.Element("\t\t", "title", title);
    o.Plain("\t\t", "link", draft ? site + "/?p=" + std::to_string(post_id) : permalink);
    o.Plain("\t\t", "pubDate", draft ? "Mon, 30 Nov -0001 00:00:00 +0000" : RfcDate(gmt));
    o.Element("\t\t", "dc:creator", author);
    o.Raw("\t\t<guid isPermaLink=\"false\">" + site + "/?p=" + std::to_string(post_id) +
          "</guid>\n\t\t<description></description>\n");
    o.Element("\t\t", "content:encoded", Body(rng, attachment_id, image_url));
    o.Element("\t\t", "excerpt:encoded", rng.Chance(30) ? Sentence(rng, 12) : "");
    o.Raw("\t\t<wp:post_id>" + std::to_string(post_id) + "</wp:post_id>\n");
    o.Element("\t\t", "wp:post_date", Date(gmt + local_offset));
    o.Element("\t\t", "wp:post_date_gmt", draft ? "0000-00-00 00:00:00" : Date(gmt));
    o.Element("\t\t", "wp:post_modified", Date(gmt + local_offset + 600));
    o.Element("\t\t", "wp:post_modified_gmt", Date(gmt + 600));
    o.Element("\t\t", "wp:comment_status", rng.Chance(80) ? "open" : "closed");
    o.Element("\t\t", "wp:ping_status", "closed");
    o.Element("\t\t", "wp:post_name",
              draft                               ? ""
              : std::strcmp(status, "trash") == 0 ? slug + "__trashed"
                                                  : slug);
    o.Element("\t\t", "wp:status", status);
    o.Raw("\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n");
    o.Element("\t\t", "wp:post_type", "post");
    o.Element("\t\t", "wp:post_password", rng.Chance(1) ? "letmein" : "");
    o.Raw(rng.Chance(1) ? "\t\t<wp:is_sticky>1</wp:is_sticky>\n"
                        : "\t\t<wp:is_sticky>0</wp:is_sticky>\n");
    int cats = 1 + static_cast<int>(rng.Below(2));
    for (int c = 0; c < cats; ++c) {
      uint64_t k = rng.Below(kCategoryCount);
      o.Raw("\t\t<category domain=\"category\" nicename=\"");
      o.Text(cat_slugs[k]);
      o.Raw("\">");
      o.Cdata(cat_names[k]);
      o.Raw("</category>\n");
    }
    int tags = 2 + static_cast<int>(rng.Below(4));
    for (int t = 0; t < tags; ++t) {
      uint64_t k = rng.Below(kTagCount);
      o.Raw("\t\t<category domain=\"post_tag\" nicename=\"");
      o.Text(tag_slugs[k]);
      o.Raw("\">");
      o.Cdata(tag_names[k]);
      o.Raw("</category>\n");
    }
    o.Raw("\t\t<wp:postmeta>\n");
    o.Element("\t\t\t", "wp:meta_key", "_edit_last");
    o.Element("\t\t\t", "wp:meta_value", std::to_string(1 + rng.Below(kAuthorCount)));
    o.Raw("\t\t</wp:postmeta>\n");
    if (attachment_id != 0) {
      o.Raw("\t\t<wp:postmeta>\n");
      o.Element("\t\t\t", "wp:meta_key", "_thumbnail_id");
      o.Element("\t\t\t", "wp:meta_value", std::to_string(attachment_id));
      o.Raw("\t\t</wp:postmeta>\n");
    }
    // About three comments a post (0 to 6), a third of them replies.
    int comments = draft ? 0 : static_cast<int>(rng.Below(7));
    std::vector<int64_t> ids;
    for (int c = 0; c < comments; ++c) {
      const int64_t id = next_comment++;
      const int64_t parent = !ids.empty() && rng.Chance(35) ? ids[rng.Below(ids.size())] : 0;
      ids.push_back(id);
      const bool spam = rng.Chance(5);
      const char* approved = spam ? "spam" : rng.Chance(8) ? "0" : "1";
      const int64_t when = gmt + 600 + c * 1800 + static_cast<int64_t>(rng.Below(1800));
      std::string who = spam ? rng.Pick(kSpam) : rng.Pick(kCommenters);
      o.Raw("\t\t<wp:comment>\n\t\t\t<wp:comment_id>" + std::to_string(id) + "</wp:comment_id>\n");
      o.Element("\t\t\t", "wp:comment_author", who);
      o.Element("\t\t\t", "wp:comment_author_email", Slug(who) + "@mail.example");
      o.Plain("\t\t\t", "wp:comment_author_url", spam ? "https://spam.example/" : "");
      o.Element("\t\t\t", "wp:comment_author_IP",
                "198.51.100." + std::to_string(1 + rng.Below(254)));
      o.Element("\t\t\t", "wp:comment_date", Date(when + local_offset));
      o.Element("\t\t\t", "wp:comment_date_gmt", Date(when));
      o.Element("\t\t\t", "wp:comment_content",
                spam ? "Visit <a href=\"https://spam.example/\">our site</a>!"
                     : Sentence(rng, 6 + static_cast<int>(rng.Below(20))));
      o.Element("\t\t\t", "wp:comment_approved", approved);
      o.Element("\t\t\t", "wp:comment_type", "comment");
      o.Raw("\t\t\t<wp:comment_parent>" + std::to_string(parent) +
            "</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n");
      o.Raw("\t\t</wp:comment>\n");
    }
    o.Raw("\t</item>\n");
  }
  o.Raw("</channel>\n</rss>\n");
  bool ok = std::ferror(f) == 0;
  ok = std::fclose(f) == 0 && ok;
  if (!ok) {
    std::fprintf(stderr, "wxr_generate: %s: write failed\n", partial.c_str());
    return 1;
  }
  std::filesystem::rename(partial, out_path);
  return 0;
}

// Counter is a visitor that only counts.
class Counter : public khabar::WxrVisitor {
 public:
  khabar::Status OnAuthor(const khabar::WxrAuthor&) override {
    ++authors;
    return {};
  }
  khabar::Status OnTerm(const khabar::WxrTerm&) override {
    ++terms;
    return {};
  }
  khabar::Status OnItem(const khabar::WxrItem& item) override {
    ++items;
    ++by_type[item.post_type];
    ++by_status[item.status];
    comments += static_cast<long>(item.comments.size());
    content_bytes += static_cast<long>(item.content.size());
    return {};
  }
  long authors = 0, terms = 0, items = 0, comments = 0, content_bytes = 0;
  std::map<std::string, long> by_type, by_status;
};

int Count(const std::filesystem::path& file) {
  Counter counter;
  auto t0 = std::chrono::steady_clock::now();
  khabar::Status s = khabar::ReadWxr(file, counter);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!s.ok()) {
    std::fprintf(stderr, "wxr_generate: %s\n", s.message().c_str());
    return 1;
  }
  std::printf("authors %ld, terms %ld, items %ld, comments %ld, content %ld bytes\n",
              counter.authors, counter.terms, counter.items, counter.comments,
              counter.content_bytes);
  for (const auto& [type, n] : counter.by_type) std::printf("  type %s: %ld\n", type.c_str(), n);
  for (const auto& [status, n] : counter.by_status) {
    std::printf("  status %s: %ld\n", status.c_str(), n);
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("read in %.2f s: %.0f items/s, %.1f MB/s; peak RSS %ld KiB\n", seconds,
              static_cast<double>(counter.items) / seconds,
              static_cast<double>(std::filesystem::file_size(file)) / 1e6 / seconds,
              usage.ru_maxrss);
  return 0;
}

int Usage() {
  std::fprintf(stderr,
               "usage: wxr_generate --posts N --out FILE [--seed S]\n"
               "       wxr_generate --count FILE\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  long posts = -1;
  uint64_t seed = 20240903;
  std::string out, count;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (i + 1 >= argc) return Usage();
    if (a == "--posts") {
      posts = std::strtol(argv[++i], nullptr, 10);
    } else if (a == "--out") {
      out = argv[++i];
    } else if (a == "--seed") {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--count") {
      count = argv[++i];
    } else {
      return Usage();
    }
  }
  if (!count.empty()) return Count(count);
  if (posts < 0 || out.empty()) return Usage();
  return Generate(posts, out, seed);
}
