#include "app/routes.h"

#include <functional>
#include <string>
#include <utility>

#include "http/message.h"
#include "http/router.h"

namespace khabar {
namespace {

using http::PathParams;
using http::Request;
// EditionOf names the edition a request is for ("" is the main edition).
using EditionOf = std::function<std::string(const Request&)>;

// Adder(router, "GET") adds the routes of one method, so the table reads
// as get(pattern, handler) and post(pattern, handler).
auto Adder(http::Router& router, const char* method) {
  return [&router, method](const std::string& pattern, http::RouteHandler handler) {
    router.Add(method, pattern, std::move(handler));
  };
}

// AddEditionRoutes registers the public site's pages, feeds and sitemaps
// under `prefix` for the edition `edition_of` names.
void AddEditionRoutes(ServeParts& parts, const std::string& prefix, EditionOf edition_of) {
  auto get = Adder(parts.router, "GET");
  auto post = Adder(parts.router, "POST");
  PublicSite* site = parts.site.get();
  ReaderFeeds* feeds = parts.feeds.get();
  auto at = [&prefix](const char* path) { return prefix + path; };
  parts.home_paths.insert(at("/"));
  get(at("/"), [site, edition_of](const Request& r, const PathParams&) {
    return site->Home(r, edition_of(r));
  });
  get(at("/news/{id}/{slug}"), [site, edition_of](const Request& r, const PathParams& p) {
    return site->Article(r, edition_of(r), p.Get("id"), p.Get("slug"));
  });
  get(at("/news/{id}"), [site, edition_of](const Request& r, const PathParams& p) {
    return site->Article(r, edition_of(r), p.Get("id"), "");
  });
  get(at("/section/{slug}"), [site, edition_of](const Request& r, const PathParams& p) {
    return site->SectionPage(r, edition_of(r), p.Get("slug"));
  });
  get(at("/tag/{slug}"), [site, edition_of](const Request& r, const PathParams& p) {
    return site->TagPage(r, edition_of(r), p.Get("slug"));
  });
  get(at("/author/{slug}"), [site, edition_of](const Request& r, const PathParams& p) {
    return site->AuthorPage(r, edition_of(r), p.Get("slug"));
  });
  get(at("/search"), [site, edition_of](const Request& r, const PathParams&) {
    return site->Search(r, edition_of(r));
  });
  post(at("/news/{id}/comments"),
       [site](const Request& r, const PathParams& p) { return site->PostComment(r, p.Get("id")); });

  // Feeds, sitemaps and the files crawlers ask for.
  using FF = FeedFormat;
  get(at("/feed.xml"), [feeds, edition_of](const Request& r, const PathParams&) {
    return feeds->Feed(r, edition_of(r), FF::kRss);
  });
  get(at("/atom.xml"), [feeds, edition_of](const Request& r, const PathParams&) {
    return feeds->Feed(r, edition_of(r), FF::kAtom);
  });
  get(at("/section/{slug}/feed.xml"), [feeds, edition_of](const Request& r, const PathParams& p) {
    return feeds->SectionFeed(r, edition_of(r), p.Get("slug"), FF::kRss);
  });
  get(at("/section/{slug}/atom.xml"), [feeds, edition_of](const Request& r, const PathParams& p) {
    return feeds->SectionFeed(r, edition_of(r), p.Get("slug"), FF::kAtom);
  });
  get(at("/tag/{slug}/feed.xml"), [feeds, edition_of](const Request& r, const PathParams& p) {
    return feeds->TagFeed(r, edition_of(r), p.Get("slug"), FF::kRss);
  });
  get(at("/tag/{slug}/atom.xml"), [feeds, edition_of](const Request& r, const PathParams& p) {
    return feeds->TagFeed(r, edition_of(r), p.Get("slug"), FF::kAtom);
  });
  get(at("/sitemap.xml"), [feeds, edition_of](const Request& r, const PathParams&) {
    return feeds->SitemapIndex(r, edition_of(r));
  });
  get(at("/sitemaps/pages.xml"), [feeds, edition_of](const Request& r, const PathParams&) {
    return feeds->PagesSitemap(r, edition_of(r));
  });
  get(at("/sitemaps/{name}"), [feeds, edition_of](const Request& r, const PathParams& p) {
    return feeds->ArticleSitemap(r, edition_of(r), p.Get("name"));
  });
  get(at("/news-sitemap.xml"), [feeds, edition_of](const Request& r, const PathParams&) {
    return feeds->NewsSitemap(r, edition_of(r));
  });
}

// AddContentApiRoutes: the read-only content API.
void AddContentApiRoutes(http::Router& router, ContentApi* api) {
  auto get = Adder(router, "GET");
  get("/api/v1/articles", [api](const Request& r, const PathParams&) { return api->Articles(r); });
  get("/api/v1/articles/{id}",
      [api](const Request& r, const PathParams& p) { return api->Article(r, p.Get("id")); });
  get("/api/v1/sections", [api](const Request& r, const PathParams&) { return api->Sections(r); });
  get("/api/v1/tags", [api](const Request& r, const PathParams&) { return api->Tags(r); });
  get("/api/v1/{*path}", [api](const Request& r, const PathParams&) { return api->NotFound(r); });
  router.Add("OPTIONS", "/api/v1/{*path}",
             [api](const Request& r, const PathParams&) { return api->Preflight(r); });
}

// AddNewsroomRoutes: the newsroom, under /admin.
void AddNewsroomRoutes(http::Router& router, Newsroom* newsroom) {
  auto get = Adder(router, "GET");
  auto post = Adder(router, "POST");
  using N = Newsroom;
  auto page = [newsroom](http::Response (N::*fn)(const Request&)) {
    return [newsroom, fn](const Request& r, const PathParams&) { return (newsroom->*fn)(r); };
  };
  auto page_id = [newsroom](http::Response (N::*fn)(const Request&, const std::string&)) {
    return [newsroom, fn](const Request& r, const PathParams& p) {
      return (newsroom->*fn)(r, p.Get("id"));
    };
  };
  get("/admin/login", page(&N::LoginForm));
  post("/admin/login", page(&N::Login));
  post("/admin/logout", page(&N::Logout));
  get("/admin", page(&N::Dashboard));
  get("/admin/stories", page(&N::Stories));
  post("/admin/stories", page(&N::CreateStory));
  get("/admin/stories/new", page(&N::NewStory));
  get("/admin/stories/{id}", page_id(&N::EditStory));
  post("/admin/stories/{id}", page_id(&N::SaveStory));
  post("/admin/stories/{id}/status", page_id(&N::MoveStory));
  post("/admin/stories/{id}/autosave", page_id(&N::Autosave));
  get("/admin/stories/{id}/revisions", page_id(&N::Revisions));
  post("/admin/stories/{id}/revisions/{n}/restore",
       [newsroom](const Request& r, const PathParams& p) {
         return newsroom->RestoreRevision(r, p.Get("id"), p.Get("n"));
       });
  post("/admin/preview", page(&N::Preview));
  get("/admin/api/tags", page(&N::TagSuggestions));
  get("/admin/comments", page(&N::Comments));
  post("/admin/comments/{id}", page_id(&N::ModerateComment));
  get("/admin/media", page(&N::MediaPage));
  post("/admin/media", page(&N::UploadMedia));
  post("/admin/media/{id}", page_id(&N::UpdateMedia));
  get("/admin/users", page(&N::Users));
  post("/admin/users", page(&N::CreateUser));
  post("/admin/users/{id}", page_id(&N::UpdateUser));
  get("/admin/sections", page(&N::Sections));
  post("/admin/sections", page(&N::CreateSection));
  post("/admin/sections/{id}", page_id(&N::UpdateSection));
  get("/admin/tags", page(&N::Tags));
  post("/admin/tags/{id}/rename", page_id(&N::RenameTag));
  post("/admin/tags/{id}/merge", page_id(&N::MergeTag));
  get("/admin/authors", page(&N::Authors));
  post("/admin/authors/{id}", page_id(&N::UpdateAuthor));
  get("/admin/settings", page(&N::SettingsPage));
  post("/admin/settings", page(&N::SaveSettings));
  post("/admin/hijri", page(&N::RecordHijriMonth));
  get("/admin/static/{*path}", [newsroom](const Request& r, const PathParams& p) {
    return newsroom->Static(r, p.Get("path"));
  });
}

}  // namespace

void AddRoutes(ServeParts& parts) {
  http::Router& router = parts.router;
  auto get = Adder(router, "GET");
  const Settings* settings = &parts.settings;
  PublicSite* site = parts.site.get();
  ReaderFeeds* feeds = parts.feeds.get();
  ContentApi* api = parts.api.get();
  Newsroom* newsroom = parts.newsroom.get();
  // Editions: the main one at "/", each [[editions]] one under its prefix
  // ("/urdu/...") or on a host of its own, where it answers the same paths
  // as the main edition (told apart by the Host header).
  EditionOf host_edition = [settings](const Request& r) -> std::string {
    return EditionForHost(*settings, r.Header("host"));
  };
  AddEditionRoutes(parts, "", host_edition);
  for (const EditionSettings& e : settings->editions) {
    if (e.prefix.empty()) continue;
    const std::string key = e.key;
    AddEditionRoutes(parts, e.prefix, [key](const Request&) { return key; });
    // "/urdu" is the edition's home too.
    get(e.prefix, [prefix = e.prefix](const Request&, const PathParams&) {
      return http::Redirect(prefix + "/", 301);
    });
  }
  get("/static/{*path}",
      [site](const Request& r, const PathParams& p) { return site->Static(r, p.Get("path")); });
  get("/media/{*path}",
      [site](const Request& r, const PathParams& p) { return site->Media(r, p.Get("path")); });
  get("/healthz", [site](const Request& r, const PathParams&) { return site->Healthz(r); });
  get("/robots.txt", [feeds, host_edition](const Request& r, const PathParams&) {
    return feeds->Robots(r, host_edition(r));
  });
  get("/ads.txt", [feeds](const Request& r, const PathParams&) { return feeds->AdsTxt(r); });
  AddContentApiRoutes(router, api);
  AddNewsroomRoutes(router, newsroom);
  router.SetNotFound([settings, site, api, newsroom, host_edition](const Request& r) {
    if (r.path.starts_with("/admin")) return newsroom->NotFound(r);
    if (r.path.starts_with("/api/")) return api->NotFound(r);
    // Addresses from the site's previous system (imported permalinks).
    if (auto moved = site->OldAddress(r)) return *moved;
    // An edition's error page is in its language.
    for (const EditionSettings& e : settings->editions) {
      if (!e.prefix.empty() && (r.path == e.prefix || r.path.starts_with(e.prefix + "/"))) {
        return site->NotFound(r, e.key);
      }
    }
    return site->NotFound(r, host_edition(r));
  });
}

}  // namespace khabar
