// CacheKeys: the words public pages use to name what they show, so the page
// cache (http/page_cache.h) drops exactly the pages a change touches.
//
//   story:ID          the story's own words, image, comments, URL
//   list:all          which stories are live at all (home, feeds, sitemaps)
//   list:section:ID   which live stories a section lists (also tag, author)
//   section:ID        a section's name or address (also tag, author, media)
//   nav               the list of sections every page shows
//   dateline          today's Gregorian and Hijri date
//   most_read         which stories the most-read box shows
//   sitemaps          any live story's address or last change (sitemaps)
//   live_names        which tags and authors live stories carry, and their
//                     names (the pages sitemap, the API's tag list)
//
// A page names the stories it shows and the lists it is built from; a
// change names what it changed (site/cache_sync.h maps store changes to
// these). Thread-compatible: one CacheKeys per page being built.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "content/article.h"

namespace khabar {

namespace cache_key {
inline constexpr std::string_view kAllLists = "list:all";
inline constexpr std::string_view kNav = "nav";
inline constexpr std::string_view kDateline = "dateline";
inline constexpr std::string_view kMostRead = "most_read";
inline constexpr std::string_view kSitemaps = "sitemaps";
inline constexpr std::string_view kLiveNames = "live_names";
inline std::string Story(int64_t id) { return "story:" + std::to_string(id); }
inline std::string SectionList(int64_t id) { return "list:section:" + std::to_string(id); }
inline std::string TagList(int64_t id) { return "list:tag:" + std::to_string(id); }
inline std::string AuthorList(int64_t id) { return "list:author:" + std::to_string(id); }
inline std::string Section(int64_t id) { return "section:" + std::to_string(id); }
inline std::string Tag(int64_t id) { return "tag:" + std::to_string(id); }
inline std::string Author(int64_t id) { return "author:" + std::to_string(id); }
inline std::string Media(int64_t id) { return "media:" + std::to_string(id); }
}  // namespace cache_key

class CacheKeys {
 public:
  void Add(std::string key) { keys_.insert(std::move(key)); }
  void Add(std::string_view key) { keys_.emplace(key); }
  // AddStory names a story a page shows with its section, tags and
  // bylines (their names are on the page too).
  void AddStory(const Article& a) {
    Add(cache_key::Story(a.id));
    if (a.section.id) Add(cache_key::Section(a.section.id));
    for (const Tag& t : a.tags) Add(cache_key::Tag(t.id));
    for (const Author& au : a.authors) Add(cache_key::Author(au.id));
  }
  void Merge(const std::vector<std::string>& keys) { keys_.insert(keys.begin(), keys.end()); }
  std::vector<std::string> Take() { return {keys_.begin(), keys_.end()}; }

 private:
  std::set<std::string> keys_;
};

}  // namespace khabar
