// When a story came out and when it last changed for readers, the same way
// for feeds and sharing metadata as for the article page's "Updated" line
// (PublicSite::RenderArticle).
#pragma once

#include <algorithm>
#include <chrono>

#include "content/article.h"

namespace khabar::site_internal {

// Published is when a story went out. Live stories always have a time;
// updated_at stands in for one that (against the rules) has none.
inline Seconds Published(const Article& a) { return a.published_at.value_or(a.updated_at); }

// Modified is the last edit when the story was edited after it was created
// (more than a minute later, as on the page), and never before its
// publication. An imported story is created after it was published and
// never edited: its import is not a change readers should be told about.
inline Seconds Modified(const Article& a) {
  const bool edited = a.updated_at > a.created_at + std::chrono::minutes(1);
  return edited ? std::max(a.updated_at, Published(a)) : Published(a);
}

}  // namespace khabar::site_internal
