// ReaderFeeds: the HTTP handlers of the machine-read files of the public
// site: RSS and Atom feeds (site/feeds.h), sitemaps and robots.txt
// (site/sitemaps.h), and ads.txt.
//
// Each handler reads the store and the current settings, renders with the
// pure functions of feeds.h / sitemaps.h, and answers with the file's
// Content-Type (charset=utf-8) and Cache-Control: public, max-age=300.
// Errors are short text/plain answers from http::StatusResponse (no themed
// page: these files are read by programs): an unknown section or tag, a
// sitemap number out of range, or an empty [ads] ads_txt are 404; store
// failures are logged and answered 5xx.
//
// Thread safety: all handlers may run concurrently. The injected objects
// must outlive the ReaderFeeds and be thread-safe themselves.
#pragma once

#include <string>

#include "base/clock.h"
#include "config/overrides.h"
#include "http/message.h"
#include "site/feeds.h"
#include "store/store.h"

namespace khabar {

// ReaderFeedsDeps are what a ReaderFeeds reads from; it owns none of them.
struct ReaderFeedsDeps {
  ReaderStore* store = nullptr;
  const SettingsProvider* settings = nullptr;
  const Clock* clock = nullptr;
};

// Every feed and sitemap is one edition's (its key: "" for the main
// edition, "ur"), under its prefix or on its host: its stories, sections
// and language.
class ReaderFeeds {
 public:
  explicit ReaderFeeds(ReaderFeedsDeps deps);

  // Feed answers /feed.xml (kRss) and /atom.xml (kAtom): the latest stories.
  http::Response Feed(const http::Request& req, const std::string& edition, FeedFormat format);
  // SectionFeed and TagFeed answer /section/{slug}/feed.xml and the like.
  // A slug the section or tag had before a rename or merge is answered
  // with a 301 to its current feed; a section of another edition is 404.
  http::Response SectionFeed(const http::Request& req, const std::string& edition,
                             const std::string& slug, FeedFormat format);
  http::Response TagFeed(const http::Request& req, const std::string& edition,
                         const std::string& slug, FeedFormat format);

  // SitemapIndex answers /sitemap.xml.
  http::Response SitemapIndex(const http::Request& req, const std::string& edition);
  // ArticleSitemap answers /sitemaps/{name} for name "articles-{n}.xml";
  // any other name, or n beyond the last file, is 404.
  http::Response ArticleSitemap(const http::Request& req, const std::string& edition,
                                const std::string& name);
  // PagesSitemap answers /sitemaps/pages.xml.
  http::Response PagesSitemap(const http::Request& req, const std::string& edition);
  // NewsSitemap answers /news-sitemap.xml.
  http::Response NewsSitemap(const http::Request& req, const std::string& edition);
  // Robots answers /robots.txt: on the main host it names the sitemaps of
  // the main edition and of every edition under a prefix; on an edition's
  // own host, that edition's.
  http::Response Robots(const http::Request& req, const std::string& edition);
  // AdsTxt answers /ads.txt with [ads] ads_txt, or 404 when it is empty.
  http::Response AdsTxt(const http::Request& req);

 private:
  Result<http::Response> RenderFeedFor(const Settings& s, FeedFormat format, FeedScope scope,
                                       const std::string& slug);
  Result<http::Response> RenderArticleSitemapFile(const Settings& s, const std::string& name);

  // Respond turns an error into a short text answer (and logs 5xx).
  static http::Response Respond(const http::Request& req, Result<http::Response> result);

  const ReaderFeedsDeps deps_;
};

}  // namespace khabar
