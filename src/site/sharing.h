// Sharing metadata of an article page: the canonical URL, OpenGraph and
// Twitter card <meta> tags, and a schema.org NewsArticle in JSON-LD, so a
// link shared on social networks or found by a search engine shows the
// headline, standfirst and picture the newsroom chose.
//
// Pure functions of the article, the settings and the calendar (for local
// ISO 8601 times); every URL is absolute, from [site] base_url.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "calendar/site_calendar.h"
#include "config/settings.h"
#include "content/article.h"
#include "store/store.h"

namespace khabar {

// ShareImage is the picture a shared link shows.
struct ShareImage {
  std::string url;  // absolute
  int width = 0;    // 0 when unknown
  int height = 0;
  std::string mime_type;  // "" when unknown
  std::string alt;
};

// ChooseShareImage picks the article's picture for sharing: the widest
// JPEG rendition no wider than 1280 px when the newsroom's media record
// has renditions (networks fetch it quickly and every one decodes JPEG),
// else the picture's own file. nullopt when the article has no picture.
// `media` is the record of article.image->file, when there is one.
std::optional<ShareImage> ChooseShareImage(const Article& article, const Settings& s,
                                           const std::optional<MediaRecord>& media);

// AuthorIsOrganization reports whether a byline names an organisation
// rather than a person: the site's own name, or a name whose last word is
// Desk, Staff, Newsroom or Bureau ("Khabar Desk"), ignoring ASCII case.
bool AuthorIsOrganization(std::string_view name, const Settings& s);

// NewsArticleJsonLd returns the schema.org NewsArticle of `article`:
// headline, description, image (ImageObjects with sizes), datePublished,
// dateModified, author (Person or Organization), publisher (with the
// [site] logo when set), mainEntityOfPage, url, articleSection, keywords,
// inLanguage, isAccessibleForFree.
nlohmann::json NewsArticleJsonLd(const Article& article, const Settings& s,
                                 const SiteCalendar& calendar,
                                 const std::optional<MediaRecord>& media);

// SafeJsonForScript serialises `j` for a <script type="application/ld+json">
// element: '<', '>' and '&' become \u003c, \u003e and \u0026 (and U+2028,
// U+2029 their escapes), so no string in it can close the script or open a
// comment. The result is still the same JSON. Invalid UTF-8 in strings is
// replaced by U+FFFD rather than failing.
std::string SafeJsonForScript(const nlohmann::json& j);

// SharingView is the view model for the article page's <head>:
//   {"canonical": url,
//    "og": [{"property": "og:title", "content": ...}, ...],      (OpenGraph, article:*)
//    "twitter": [{"name": "twitter:card", "content": ...}, ...],
//    "json_ld_html": SafeJsonForScript(NewsArticleJsonLd(...))}
// json_ld_html is safe to insert raw ({{{json_ld_html}}}) inside the script
// element; every other value is meant for normal (escaped) interpolation.
// `media` is the media record of the article's picture, when there is one.
nlohmann::json SharingView(const Article& article, const Settings& s, const SiteCalendar& calendar,
                           const std::optional<MediaRecord>& media);

}  // namespace khabar
