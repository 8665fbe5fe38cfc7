#include "site/feeds.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>

#include "http/finish.h"
#include "render/theme.h"
#include "site/internal/site_urls.h"
#include "site/internal/story_times.h"
#include "site/internal/xml_writer.h"

namespace khabar {
namespace {

using site_internal::Absolute;
using site_internal::Modified;
using site_internal::Published;
using site_internal::XmlWriter;

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr const char* kContentNs = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr const char* kGenerator = "Khabar";

Seconds FeedUpdated(const std::vector<Article>& items, Seconds now) {
  if (items.empty()) return now;
  Seconds latest = Modified(items.front());
  for (const auto& a : items) latest = std::max(latest, Modified(a));
  return latest;
}

// RelativeUrl reports whether `v` is a root-relative URL ("/media/a.jpg",
// not the protocol-relative "//host/...").
bool RootRelative(const xmlChar* v) { return v && v[0] == '/' && v[1] != '/'; }

void AbsolutiseTree(xmlNodePtr node, const Settings& s) {
  for (xmlNodePtr n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    for (const char* attr : {"href", "src"}) {
      xmlChar* v = xmlGetProp(n, BAD_CAST attr);
      if (RootRelative(v)) {
        const std::string abs = Absolute(s, reinterpret_cast<const char*>(v));
        xmlSetProp(n, BAD_CAST attr, BAD_CAST abs.c_str());
      }
      xmlFree(v);
    }
    AbsolutiseTree(n->children, s);
  }
}

// AbsoluteLinks returns the HTML fragment `html` with root-relative href
// and src values made absolute, by parsing it with libxml2's HTML parser
// and serialising it again. On any parser failure the body goes out as it
// is: a relative link is better than a missing story.
std::string AbsoluteLinks(const std::string& html, const Settings& s) {
  // Most bodies have no root-relative URL: skip the round trip.
  if (html.find("=\"/") == std::string::npos) return html;
  // The fragment is parsed inside a document that declares its encoding,
  // so libxml2 reads the body as UTF-8.
  const std::string page =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + html + "</body></html>";
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
      htmlReadMemory(
          page.data(), static_cast<int>(page.size()), nullptr, "UTF-8",
          HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED),
      &xmlFreeDoc);
  if (!doc) return html;
  xmlNodePtr body = nullptr;
  for (xmlNodePtr n = xmlDocGetRootElement(doc.get()); n && !body; n = n->children) {
    for (xmlNodePtr c = n; c; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && xmlStrEqual(c->name, BAD_CAST "body")) {
        body = c;
        break;
      }
    }
  }
  if (!body) return html;
  AbsolutiseTree(body->children, s);
  xmlOutputBufferPtr out = xmlAllocOutputBuffer(nullptr);
  if (!out) return html;
  for (xmlNodePtr c = body->children; c; c = c->next) {
    htmlNodeDumpFormatOutput(out, doc.get(), c, "UTF-8", 0);
  }
  xmlOutputBufferFlush(out);
  const bool ok = out->error == 0;
  std::string result = html;
  if (ok) {
    result.assign(reinterpret_cast<const char*>(xmlOutputBufferGetContent(out)),
                  xmlOutputBufferGetSize(out));
  }
  xmlOutputBufferClose(out);
  return result;
}

std::string LatestTitle(const Settings& s) { return s.site.name; }

void WriteRss(XmlWriter& w, const FeedSpec& spec, const std::vector<Article>& items,
              const Settings& s, Seconds now) {
  w.Start("rss");
  w.Attr("version", "2.0");
  w.Attr("xmlns:atom", kAtomNs);
  w.Attr("xmlns:content", kContentNs);
  w.Attr("xmlns:dc", kDcNs);
  w.Start("channel");
  // Titles, bylines and tag names are plain text in RSS (only description
  // holds HTML); they are written as the RSS Best Practices Profile asks
  // (XmlWriter::PlainText); docs/site.md's feeds entry says so.
  w.PlainElement("title", spec.title);
  w.Element("link", Absolute(s, spec.page_path));
  // RSS descriptions are HTML (readers render them): plain text is escaped
  // for HTML before the writer escapes it for XML.
  w.Element("description", EscapeHtml(spec.description));
  w.Element("language", s.site.language);
  w.Element("lastBuildDate", http::FormatHttpDate(FeedUpdated(items, now)));
  w.Element("generator", kGenerator);
  w.Start("atom:link");
  w.Attr("href", Absolute(s, spec.self_path));
  w.Attr("rel", "self");
  w.Attr("type", "application/rss+xml");
  w.End();
  if (!s.site.logo.empty()) {
    w.Start("image");
    w.Element("url", Absolute(s, s.site.logo));
    w.PlainElement("title", spec.title);  // RSS wants the channel's title and link here
    w.Element("link", Absolute(s, spec.page_path));
    w.End();
  }
  for (const Article& a : items) {
    w.Start("item");
    w.PlainElement("title", a.headline);
    w.Element("link", Absolute(s, site_internal::ArticlePath(s, a.id, a.slug)));
    w.Start("guid");
    w.Attr("isPermaLink", "true");
    w.Text(Absolute(s, site_internal::PermalinkPath(a.id)));
    w.End();
    // RFC 822 date; the IMF-fixdate of HTTP is one of its forms.
    w.Element("pubDate", http::FormatHttpDate(Published(a)));
    for (const Author& au : a.authors) w.PlainElement("dc:creator", au.name);
    for (const Tag& t : a.tags) {
      w.Start("category");
      w.Attr("domain", Absolute(s, site_internal::TagPath(t.slug)));
      w.PlainText(t.name);
      w.End();
    }
    w.Element("description", EscapeHtml(a.standfirst));
    if (s.feeds.full_content && !a.body_html.empty()) {
      w.Element("content:encoded", AbsoluteLinks(a.body_html, s));
    }
    w.End();  // item
  }
  w.End();  // channel
  w.End();  // rss
}

void WriteAtom(XmlWriter& w, const FeedSpec& spec, const std::vector<Article>& items,
               const Settings& s, Seconds now) {
  auto link = [&](std::string_view rel, std::string_view type, const std::string& href) {
    w.Start("link");
    w.Attr("rel", rel);
    w.Attr("type", type);
    w.Attr("href", href);
    w.End();
  };
  w.Start("feed");
  w.Attr("xmlns", kAtomNs);
  w.Attr("xml:lang", s.site.language);
  w.Element("id", Absolute(s, spec.page_path));
  // Atom says what its text is: titles and subtitle are type="text",
  // which a reader must never render as HTML.
  w.Start("title");
  w.Attr("type", "text");
  w.Text(spec.title);
  w.End();
  if (!spec.description.empty()) {
    w.Start("subtitle");
    w.Attr("type", "text");
    w.Text(spec.description);
    w.End();
  }
  w.Element("updated", FormatIso8601Utc(FeedUpdated(items, now)));
  link("alternate", "text/html", Absolute(s, spec.page_path));
  link("self", "application/atom+xml", Absolute(s, spec.self_path));
  // The site is the feed's author, so an entry without a byline is valid.
  w.Start("author");
  w.Element("name", s.site.name);
  w.Element("uri", Absolute(s, "/"));
  w.End();
  w.Element("generator", kGenerator);
  if (!s.site.logo.empty()) w.Element("logo", Absolute(s, s.site.logo));
  for (const Article& a : items) {
    w.Start("entry");
    w.Element("id", Absolute(s, site_internal::PermalinkPath(a.id)));
    w.Start("title");
    w.Attr("type", "text");
    w.Text(a.headline);
    w.End();
    link("alternate", "text/html", Absolute(s, site_internal::ArticlePath(s, a.id, a.slug)));
    w.Element("published", FormatIso8601Utc(Published(a)));
    w.Element("updated", FormatIso8601Utc(Modified(a)));
    for (const Author& au : a.authors) {
      w.Start("author");
      w.Element("name", au.name);
      w.Element("uri", Absolute(s, site_internal::AuthorPath(au.slug)));
      w.End();
    }
    for (const Tag& t : a.tags) {
      w.Start("category");
      w.Attr("term", t.slug);
      w.Attr("label", t.name);
      w.Attr("scheme", Absolute(s, "/tag/"));
      w.End();
    }
    if (!a.standfirst.empty()) {
      w.Start("summary");
      w.Attr("type", "text");
      w.Text(a.standfirst);
      w.End();
    }
    if (s.feeds.full_content && !a.body_html.empty()) {
      w.Start("content");
      w.Attr("type", "html");
      w.Text(AbsoluteLinks(a.body_html, s));
      w.End();
    }
    w.End();  // entry
  }
  w.End();  // feed
}

}  // namespace

std::string FeedPath(FeedFormat format, FeedScope scope, std::string_view slug) {
  const std::string file = format == FeedFormat::kRss ? "feed.xml" : "atom.xml";
  switch (scope) {
    case FeedScope::kLatest:
      return "/" + file;
    case FeedScope::kSection:
      return site_internal::SectionPath(slug) + "/" + file;
    case FeedScope::kTag:
      return site_internal::TagPath(slug) + "/" + file;
  }
  return "/" + file;
}

FeedSpec FeedSpecFor(FeedFormat format, FeedScope scope, std::string_view slug,
                     std::string_view name, const Settings& s) {
  FeedSpec spec;
  spec.self_path = FeedPath(format, scope, slug);
  switch (scope) {
    case FeedScope::kLatest:
      spec.title = LatestTitle(s);
      spec.page_path = "/";
      spec.description = s.site.description.empty() ? "The latest stories from " + s.site.name
                                                    : s.site.description;
      break;
    case FeedScope::kSection:
    case FeedScope::kTag:
      // The same "<page> | <site>" form as the pages' <title>.
      spec.title = std::string(name) + " | " + s.site.name;
      spec.page_path = scope == FeedScope::kSection ? site_internal::SectionPath(slug)
                                                    : site_internal::TagPath(slug);
      spec.description = "The latest stories on " + std::string(name) + " from " + s.site.name;
      break;
  }
  return spec;
}

std::string_view FeedContentType(FeedFormat format) {
  return format == FeedFormat::kRss ? "application/rss+xml; charset=utf-8"
                                    : "application/atom+xml; charset=utf-8";
}

Result<std::string> RenderFeed(FeedFormat format, const FeedSpec& spec,
                               const std::vector<Article>& items, const Settings& s, Seconds now) {
  XmlWriter w;
  if (format == FeedFormat::kRss) {
    WriteRss(w, spec, items, s, now);
  } else {
    WriteAtom(w, spec, items, s, now);
  }
  return w.Finish();
}

nlohmann::json FeedLinksView(FeedScope scope, std::string_view slug, std::string_view name,
                             const Settings& s) {
  nlohmann::json links = nlohmann::json::array();
  for (FeedFormat f : {FeedFormat::kRss, FeedFormat::kAtom}) {
    const FeedSpec spec = FeedSpecFor(f, scope, slug, name, s);
    links.push_back(
        {{"type", f == FeedFormat::kRss ? "application/rss+xml" : "application/atom+xml"},
         {"title", spec.title + (f == FeedFormat::kRss ? " (RSS)" : " (Atom)")},
         {"href", Absolute(s, spec.self_path)}});
  }
  return links;
}

}  // namespace khabar
