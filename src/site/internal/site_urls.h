// The public site's URL scheme, for the readers' files (feeds, sitemaps,
// sharing metadata), which need absolute URLs. Paths match the route table
// in app/routes.cc and PublicSite::ArticleUrl.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/settings.h"
#include "http/request_target.h"

namespace khabar::site_internal {

// ArticlePath is the canonical path of a story in the edition `s` is for,
// after its prefix: "/news/42/some-slug", or "/news/42" where [site] slugs
// is "id" (or the story has no slug).
inline std::string ArticlePath(const Settings& s, int64_t id, std::string_view slug) {
  std::string path = "/news/" + std::to_string(id);
  if (s.site.slugs != "id" && !slug.empty()) {
    path += '/';
    path += slug;
  }
  return path;
}

// PermalinkPath is "/news/42": it outlives slug changes (it redirects to the
// canonical path), so feeds use it as an item's permanent id.
inline std::string PermalinkPath(int64_t id) { return "/news/" + std::to_string(id); }

inline std::string SectionPath(std::string_view slug) { return "/section/" + std::string(slug); }
inline std::string TagPath(std::string_view slug) { return "/tag/" + std::string(slug); }
inline std::string AuthorPath(std::string_view slug) { return "/author/" + std::string(slug); }
inline std::string MediaPath(std::string_view file) { return "/media/" + std::string(file); }

// Absolute returns `path_or_url` as an absolute URL on the site: a path
// ("/x") gets [site] base_url in front (the edition's: with its prefix or
// on its host); an http(s) URL stays as it is. Bytes outside printable
// ASCII (an Urdu slug) come out percent-encoded, as feeds, sitemaps and
// sharing metadata expect.
inline std::string Absolute(const Settings& s, std::string_view path_or_url) {
  if (path_or_url.starts_with("http://") || path_or_url.starts_with("https://")) {
    return http::EncodeNonAscii(path_or_url);
  }
  std::string out = s.site.base_url;
  if (!path_or_url.starts_with('/')) out += '/';
  out += path_or_url;
  return http::EncodeNonAscii(out);
}

}  // namespace khabar::site_internal
