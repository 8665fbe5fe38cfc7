#include "site/sharing.h"

#include <algorithm>

#include "base/ascii.h"
#include "site/internal/site_urls.h"
#include "site/internal/story_times.h"

namespace khabar {
namespace {

using nlohmann::json;
using site_internal::Absolute;
using site_internal::Modified;
using site_internal::Published;

// Wider pictures gain nothing on a share card and cost the networks time.
constexpr int kMaxShareWidth = 1280;

// OgLocale is [site] language in OpenGraph's form: "en-PK" -> "en_PK".
std::string OgLocale(std::string_view language) {
  std::string out(language);
  std::replace(out.begin(), out.end(), '-', '_');
  return out;
}

json ImageObject(const std::string& url, int width, int height) {
  json o = {{"@type", "ImageObject"}, {"url", url}};
  if (width > 0 && height > 0) {
    o["width"] = width;
    o["height"] = height;
  }
  return o;
}

}  // namespace

std::optional<ShareImage> ChooseShareImage(const Article& a, const Settings& s,
                                           const std::optional<MediaRecord>& media) {
  if (!a.image) return std::nullopt;
  ShareImage img;
  img.alt = a.image->alt;
  if (media) {
    const MediaVariant* best = nullptr;
    for (const MediaVariant& v : media->variants) {
      if (v.mime_type != "image/jpeg" || v.width > kMaxShareWidth) continue;
      if (!best || v.width > best->width) best = &v;
    }
    if (best) {
      img.url = Absolute(s, site_internal::MediaPath(best->file));
      img.width = best->width;
      img.height = best->height;
      img.mime_type = best->mime_type;
      return img;
    }
  }
  img.url = Absolute(s, site_internal::MediaPath(a.image->file));
  img.width = a.image->width;
  img.height = a.image->height;
  if (media && media->file == a.image->file) {
    if (img.width <= 0 || img.height <= 0) {
      img.width = media->width;
      img.height = media->height;
    }
    img.mime_type = media->mime_type;
  }
  return img;
}

bool AuthorIsOrganization(std::string_view name, const Settings& s) {
  name = TrimAscii(name, " ");
  if (EqualsIgnoreCase(name, TrimAscii(s.site.name, " "))) return true;
  const size_t space = name.rfind(' ');
  if (space == std::string_view::npos) return false;
  const std::string_view last = name.substr(space + 1);
  for (std::string_view word : {"desk", "staff", "newsroom", "bureau"}) {
    if (EqualsIgnoreCase(last, word)) return true;
  }
  return false;
}

json NewsArticleJsonLd(const Article& a, const Settings& s, const SiteCalendar& calendar,
                       const std::optional<MediaRecord>& media) {
  const std::string url = Absolute(s, site_internal::ArticlePath(s, a.id, a.slug));
  json ld = {{"@context", "https://schema.org"},
             {"@type", "NewsArticle"},
             {"headline", a.headline},
             {"url", url},
             {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", url}}},
             {"datePublished", calendar.FormatIsoLocal(Published(a))},
             {"dateModified", calendar.FormatIsoLocal(Modified(a))},
             {"inLanguage", s.site.language},
             {"isAccessibleForFree", true}};
  if (!a.standfirst.empty()) ld["description"] = a.standfirst;
  if (auto img = ChooseShareImage(a, s, media)) {
    json images = json::array({ImageObject(img->url, img->width, img->height)});
    // The full-size picture too, for search results that want it large.
    if (media && media->file == a.image->file) {
      const std::string full = Absolute(s, site_internal::MediaPath(media->file));
      if (full != img->url) images.push_back(ImageObject(full, media->width, media->height));
    }
    ld["image"] = std::move(images);
  }
  json authors = json::array();
  for (const Author& au : a.authors) {
    const bool org = AuthorIsOrganization(au.name, s);
    authors.push_back({{"@type", org ? "Organization" : "Person"},
                       {"name", au.name},
                       {"url", Absolute(s, site_internal::AuthorPath(au.slug))}});
  }
  if (authors.empty()) {
    authors.push_back({{"@type", "Organization"}, {"name", s.site.name}});
  }
  ld["author"] = std::move(authors);
  json publisher = {{"@type", "Organization"}, {"name", s.site.name}, {"url", Absolute(s, "/")}};
  if (!s.site.logo.empty()) {
    publisher["logo"] = {{"@type", "ImageObject"}, {"url", Absolute(s, s.site.logo)}};
  }
  ld["publisher"] = std::move(publisher);
  if (!a.section.name.empty()) ld["articleSection"] = a.section.name;
  if (!a.tags.empty()) {
    json keywords = json::array();
    for (const Tag& t : a.tags) keywords.push_back(t.name);
    ld["keywords"] = std::move(keywords);
  }
  return ld;
}

std::string SafeJsonForScript(const json& j) {
  const std::string text = j.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + 16);
  // Outside strings JSON text has none of these characters, so replacing
  // them everywhere changes only string contents, and only their spelling.
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      // U+2028 and U+2029 end a line in older JavaScript parsers.
      out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

json SharingView(const Article& a, const Settings& s, const SiteCalendar& calendar,
                 const std::optional<MediaRecord>& media) {
  const std::string url = Absolute(s, site_internal::ArticlePath(s, a.id, a.slug));
  const std::optional<ShareImage> img = ChooseShareImage(a, s, media);
  json og = json::array();
  auto property = [&](std::string_view p, std::string content) {
    og.push_back({{"property", p}, {"content", std::move(content)}});
  };
  property("og:type", "article");
  property("og:site_name", s.site.name);
  property("og:url", url);
  property("og:locale", OgLocale(s.site.language));
  property("og:title", a.headline);
  if (!a.standfirst.empty()) property("og:description", a.standfirst);
  if (img) {
    property("og:image", img->url);
    if (!img->mime_type.empty()) property("og:image:type", img->mime_type);
    if (img->width > 0 && img->height > 0) {
      property("og:image:width", std::to_string(img->width));
      property("og:image:height", std::to_string(img->height));
    }
    if (!img->alt.empty()) property("og:image:alt", img->alt);
  }
  property("article:published_time", calendar.FormatIsoLocal(Published(a)));
  property("article:modified_time", calendar.FormatIsoLocal(Modified(a)));
  if (!a.section.name.empty()) property("article:section", a.section.name);
  for (const Tag& t : a.tags) property("article:tag", t.name);

  json twitter = json::array();
  auto name = [&](std::string_view n, std::string content) {
    twitter.push_back({{"name", n}, {"content", std::move(content)}});
  };
  name("twitter:card", img ? "summary_large_image" : "summary");
  if (!s.social.twitter.empty()) name("twitter:site", "@" + s.social.twitter);
  name("twitter:title", a.headline);
  if (!a.standfirst.empty()) name("twitter:description", a.standfirst);
  if (img) {
    name("twitter:image", img->url);
    if (!img->alt.empty()) name("twitter:image:alt", img->alt);
  }

  return json{{"canonical", url},
              {"og", std::move(og)},
              {"twitter", std::move(twitter)},
              {"json_ld_html", SafeJsonForScript(NewsArticleJsonLd(a, s, calendar, media))}};
}

}  // namespace khabar
