// Feeds: RSS 2.0 and Atom 1.0 documents of the latest stories, of a section
// and of a tag.
//
//   /feed.xml, /section/{slug}/feed.xml, /tag/{slug}/feed.xml   RSS 2.0
//   /atom.xml, /section/{slug}/atom.xml, /tag/{slug}/atom.xml   Atom
//
// Everything here is pure: the caller (ReaderFeeds) reads the stories and
// the settings; these functions turn them into XML with libxml2's writer.
// Every URL in a feed is absolute, built from [site] base_url. With
// [feeds] full_content the whole body goes in (content:encoded / Atom
// content type="html"); otherwise only the standfirst.
//
// An item's permanent id (RSS guid, Atom id) is the story's short
// permalink, base_url + "/news/{id}": it redirects to the story, and unlike
// the canonical URL it survives a change of slug, so a reader never sees a
// story twice because its headline was edited.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "config/settings.h"
#include "content/article.h"

namespace khabar {

enum class FeedFormat { kRss, kAtom };

// FeedScope is what a feed follows.
enum class FeedScope { kLatest, kSection, kTag };

// FeedSpec names one feed.
struct FeedSpec {
  std::string title;        // "World | Khabar Daily"
  std::string description;  // the channel description / Atom subtitle
  std::string self_path;    // "/section/world/feed.xml"
  std::string page_path;    // "/section/world": the HTML page it follows
};

// FeedPath returns the path of a feed: "/feed.xml", "/atom.xml",
// "/section/world/feed.xml", "/tag/climate/atom.xml". `slug` is ignored
// for kLatest.
std::string FeedPath(FeedFormat format, FeedScope scope, std::string_view slug);

// FeedSpecFor names the feed of a scope. `name` is the section's or tag's
// display name (ignored for kLatest).
FeedSpec FeedSpecFor(FeedFormat format, FeedScope scope, std::string_view slug,
                     std::string_view name, const Settings& s);

// FeedContentType is the Content-Type of a format, with charset=utf-8.
std::string_view FeedContentType(FeedFormat format);

// RenderFeed writes the feed of `items` (newest first, as the store lists
// them). Items need body_html only with [feeds] full_content; an item
// without a body then gets only its summary. Root-relative links and image
// sources in bodies are made absolute, since feed readers show them away
// from the site. The feed's own date (lastBuildDate, Atom updated) is the
// latest publication or edit among the items, or `now` when there are
// none. kInternal only if libxml2 fails.
Result<std::string> RenderFeed(FeedFormat format, const FeedSpec& spec,
                               const std::vector<Article>& items, const Settings& s, Seconds now);

// FeedLinksView lists a page's feeds for <link rel="alternate"> in its head:
// [{"type": "application/rss+xml", "title": ..., "href": absolute URL}, ...]
// (RSS, then Atom).
nlohmann::json FeedLinksView(FeedScope scope, std::string_view slug, std::string_view name,
                             const Settings& s);

}  // namespace khabar
