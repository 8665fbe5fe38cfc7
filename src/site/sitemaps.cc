#include "site/sitemaps.h"

#include <algorithm>
#include <charconv>

#include "base/ascii.h"
#include "site/internal/site_urls.h"
#include "site/internal/xml_writer.h"

namespace khabar {
namespace {

using site_internal::Absolute;
using site_internal::XmlWriter;

constexpr const char* kSitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr const char* kNewsNs = "http://www.google.com/schemas/sitemap-news/0.9";

void WriteUrl(XmlWriter& w, const std::string& loc, std::optional<Seconds> lastmod = {}) {
  w.Start("url");
  w.Element("loc", loc);
  if (lastmod) w.Element("lastmod", FormatIso8601Utc(*lastmod));
  w.End();
}

}  // namespace

int64_t ArticleSitemapCount(int64_t live_articles) {
  return std::max<int64_t>(1, (live_articles + kUrlsPerSitemap - 1) / kUrlsPerSitemap);
}

std::optional<SitemapRange> ArticleSitemapRange(int64_t live_articles, int64_t n) {
  live_articles = std::max<int64_t>(0, live_articles);
  if (n < 1 || n > ArticleSitemapCount(live_articles)) return std::nullopt;
  // Oldest-first ranks [(n-1)L, nL) are newest-first offsets
  // [total - nL, total - (n-1)L), clipped at 0.
  const int64_t end = live_articles - (n - 1) * kUrlsPerSitemap;
  const int64_t begin = std::max<int64_t>(0, live_articles - n * kUrlsPerSitemap);
  return SitemapRange{.offset = begin, .limit = std::max<int64_t>(0, end - begin)};
}

std::string ArticleSitemapPath(int64_t n) {
  return "/sitemaps/articles-" + std::to_string(n) + ".xml";
}

std::optional<int64_t> ParseArticleSitemapName(std::string_view name) {
  constexpr std::string_view kPrefix = "articles-", kSuffix = ".xml";
  if (!name.starts_with(kPrefix) || !name.ends_with(kSuffix)) return std::nullopt;
  std::string_view digits =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  // One spelling per file: no sign, no leading zero.
  if (digits.empty() || digits[0] < '1' || digits[0] > '9') return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return n;
}

Result<std::string> RenderSitemapIndex(const Settings& s, int64_t article_sitemaps) {
  XmlWriter w;
  w.Start("sitemapindex");
  w.Attr("xmlns", kSitemapNs);
  auto sitemap = [&](const std::string& path) {
    w.Start("sitemap");
    w.Element("loc", Absolute(s, path));
    w.End();
  };
  sitemap(std::string(kPagesSitemapPath));
  for (int64_t n = 1; n <= article_sitemaps; ++n) sitemap(ArticleSitemapPath(n));
  w.End();
  return w.Finish();
}

Result<std::string> RenderArticleSitemap(const Settings& s,
                                         const std::vector<SitemapEntry>& entries) {
  XmlWriter w;
  w.Start("urlset");
  w.Attr("xmlns", kSitemapNs);
  for (const SitemapEntry& e : entries) {
    WriteUrl(w, Absolute(s, site_internal::ArticlePath(s, e.id, e.slug)),
             std::max(e.updated_at, e.published_at));
  }
  w.End();
  return w.Finish();
}

Result<std::string> RenderPagesSitemap(const Settings& s, const std::vector<Section>& sections,
                                       const std::vector<Tag>& tags) {
  XmlWriter w;
  w.Start("urlset");
  w.Attr("xmlns", kSitemapNs);
  int64_t urls = 1;
  WriteUrl(w, Absolute(s, "/"));
  for (const Section& sec : sections) {
    if (urls++ >= kUrlsPerSitemap) break;
    WriteUrl(w, Absolute(s, site_internal::SectionPath(sec.slug)));
  }
  for (const Tag& t : tags) {
    if (urls++ >= kUrlsPerSitemap) break;
    WriteUrl(w, Absolute(s, site_internal::TagPath(t.slug)));
  }
  w.End();
  return w.Finish();
}

std::string NewsLanguage(std::string_view language) {
  std::string lang = AsciiLower(language);
  std::replace(lang.begin(), lang.end(), '_', '-');
  if (lang.starts_with("zh-tw") || lang.starts_with("zh-hant")) return "zh-tw";
  if (lang.starts_with("zh")) return "zh-cn";
  return lang.substr(0, lang.find('-'));
}

Result<std::string> RenderNewsSitemap(const Settings& s, const std::vector<SitemapEntry>& entries,
                                      Seconds now) {
  XmlWriter w;
  w.Start("urlset");
  w.Attr("xmlns", kSitemapNs);
  w.Attr("xmlns:news", kNewsNs);
  const Seconds since = now - kNewsSitemapWindow;
  const std::string language = NewsLanguage(s.site.language);
  int64_t urls = 0;
  for (const SitemapEntry& e : entries) {
    if (e.published_at < since || e.published_at > now) continue;
    if (urls++ >= kNewsSitemapMaxUrls) break;
    w.Start("url");
    w.Element("loc", Absolute(s, site_internal::ArticlePath(s, e.id, e.slug)));
    w.Start("news:news");
    w.Start("news:publication");
    w.Element("news:name", s.site.name);
    w.Element("news:language", language);
    w.End();
    w.Element("news:publication_date", FormatIso8601Utc(e.published_at));
    w.Element("news:title", e.headline);
    if (!e.tag_names.empty()) {
      std::string keywords;
      for (const std::string& t : e.tag_names) {
        if (!keywords.empty()) keywords += ", ";
        keywords += t;
      }
      w.Element("news:keywords", keywords);
    }
    w.End();  // news:news
    w.End();  // url
  }
  w.End();
  return w.Finish();
}

std::string RenderRobotsTxt(const Settings& s) { return RenderRobotsTxt({&s}); }

std::string RenderRobotsTxt(const std::vector<const Settings*>& editions) {
  // Plain text in a fixed form; every value in it is an absolute URL of
  // ours, so there is nothing to escape.
  std::string out =
      "User-agent: *\n"
      "Disallow: /admin\n"
      "\n";
  for (const Settings* s : editions) {
    out += "Sitemap: " + Absolute(*s, "/sitemap.xml") + "\n";
    out += "Sitemap: " + Absolute(*s, "/news-sitemap.xml") + "\n";
  }
  return out;
}

}  // namespace khabar
