// WXR reader: streams a WordPress export (WXR, the XML that WordPress's
// Tools -> Export writes) and hands its parts to a visitor, one at a time.
//
// ReadWxr never holds the whole file: libxml2's SAX2 push parser reads it in
// 64 KiB chunks, each <item> is built, given to the visitor and dropped, so
// memory is bounded by the largest single item (about twice it: libxml2
// buffers a CDATA section until its end), not by the size of the file; an
// item over WxrReadOptions::max_item_bytes is an error.
//
// Order of calls: OnSite once, before the first author, term or item; then
// OnAuthor, OnTerm and OnItem in document order (WordPress writes authors,
// then categories, tags and other terms, then items). Each call happens as
// soon as the closing tag has been parsed, so when the file turns out to be
// broken further on (truncated, not well-formed), every item that ended
// before the error has already been delivered: an importer that commits per
// item keeps them, and reports the error with its line. (libxml2's
// xmlTextReader cannot promise that: it parses ahead, and on an error returns
// -1 without the nodes it had parsed; reading a small truncated file with
// xmlReaderForFile hands over none of the complete items before the cut.)
//
// Accepted: WXR 1.2 (wp = http://wordpress.org/export/1.2/), 1.1 and 1.0, in
// UTF-8 or any encoding libxml2 converts (ISO-8859-1, windows-1252, ...);
// every string handed to the visitor is UTF-8 exactly as in the file
// (content is not trimmed; ids, dates, slugs and statuses are).
//
// Safety: no network, no DTD; a file with a document type declaration is
// refused at its <!DOCTYPE, before any declaration in it is parsed, so the
// only entities are XML's five and character references (no expansion
// bombs, no external files).
//
// Thread-safety: ReadWxr keeps no shared state; several files may be read
// at once on different threads with different visitors.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "base/status.h"

namespace khabar {

// WxrSite is the channel's description of the exported site.
struct WxrSite {
  std::string title;          // <title>
  std::string link;           // <link>, the site's address
  std::string base_site_url;  // <wp:base_site_url>
  std::string base_blog_url;  // <wp:base_blog_url>
  std::string language;       // <language>, "en-US", "ur"
  std::string wxr_version;    // <wp:wxr_version>, "1.2"
};

// WxrAuthor is one <wp:author>.
struct WxrAuthor {
  std::string id;            // wp:author_id
  std::string login;         // wp:author_login; items name authors by it
  std::string email;         // wp:author_email
  std::string display_name;  // wp:author_display_name
  std::string first_name;    // wp:author_first_name
  std::string last_name;     // wp:author_last_name
};

// WxrTerm is one <wp:category>, <wp:tag> or <wp:term>.
struct WxrTerm {
  std::string id;           // wp:term_id
  std::string kind;         // "category", "post_tag", or wp:term_taxonomy
  std::string slug;         // wp:category_nicename / wp:tag_slug / wp:term_slug
  std::string name;         // wp:cat_name / wp:tag_name / wp:term_name
  std::string parent_slug;  // wp:category_parent / wp:term_parent; empty at top
  std::string description;  // wp:category_description / ...
};

// WxrItemTerm is an item's <category domain="post_tag" nicename="x">Name<...>.
struct WxrItemTerm {
  std::string domain;    // "category", "post_tag", or another taxonomy
  std::string nicename;  // the term's slug
  std::string name;      // the element's text
};

// WxrMeta is one <wp:postmeta>.
struct WxrMeta {
  std::string key;    // wp:meta_key, "_thumbnail_id", "_wp_attached_file"
  std::string value;  // wp:meta_value
};

// WxrComment is one <wp:comment> of an item.
struct WxrComment {
  std::string id;         // wp:comment_id
  std::string author;     // wp:comment_author
  std::string email;      // wp:comment_author_email
  std::string url;        // wp:comment_author_url
  std::string ip;         // wp:comment_author_IP
  std::string date;       // wp:comment_date, local "YYYY-MM-DD HH:MM:SS"
  std::string date_gmt;   // wp:comment_date_gmt
  std::string content;    // wp:comment_content
  std::string approved;   // wp:comment_approved: "1", "0", "spam", "trash"
  std::string type;       // wp:comment_type: "", "comment", "pingback", ...
  std::string parent_id;  // wp:comment_parent, "0" at the top of a thread
  std::string user_id;    // wp:comment_user_id, "0" for a visitor
};

// WxrItem is one <item>: a post, page, attachment or other post type.
struct WxrItem {
  std::string title;           // <title>
  std::string link;            // <link>, the old permalink
  std::string guid;            // <guid>
  std::string post_id;         // wp:post_id
  std::string post_type;       // wp:post_type: "post", "page", "attachment", ...
  std::string status;          // wp:status: "publish", "draft", "future", ...
  std::string post_name;       // wp:post_name, the slug (empty for drafts)
  std::string post_date;       // wp:post_date, local "YYYY-MM-DD HH:MM:SS"
  std::string post_date_gmt;   // wp:post_date_gmt, "0000-00-00 00:00:00" for drafts
  std::string creator;         // dc:creator, an author's login
  std::string content;         // content:encoded, WordPress HTML
  std::string excerpt;         // excerpt:encoded
  std::string comment_status;  // wp:comment_status, "open" / "closed"
  std::string parent_id;       // wp:post_parent, "0" for none
  std::string menu_order;      // wp:menu_order
  std::string post_password;   // wp:post_password; non-empty = protected
  std::string is_sticky;       // wp:is_sticky, "0" / "1"
  std::string attachment_url;  // wp:attachment_url (attachments only)
  std::vector<WxrItemTerm> categories;
  std::vector<WxrMeta> postmeta;
  std::vector<WxrComment> comments;
  int line = 0;  // the line of <item> in the file, for messages
};

// WxrReadOptions are the limits of one ReadWxr.
struct WxrReadOptions {
  // max_item_bytes caps the text of one item (content, comments, meta and
  // all) and of any other element; a larger one is an error rather than
  // unbounded memory.
  size_t max_item_bytes = size_t{256} << 20;
};

// WxrVisitor receives the parts of an export. Each callback returns a
// Status: a non-OK one stops the read, and ReadWxr returns it unchanged
// (so an importer can stop on a fatal error of its own). Whether an item is
// usable (unknown author, empty slug, ...) is the visitor's business, not
// the reader's. The references are valid only during the call.
class WxrVisitor {
 public:
  virtual ~WxrVisitor() = default;
  virtual Status OnSite(const WxrSite& site);
  virtual Status OnAuthor(const WxrAuthor& author);
  virtual Status OnTerm(const WxrTerm& term);
  virtual Status OnItem(const WxrItem& item);
};

// ReadWxr reads `file` and calls `visitor` for its site, authors, terms and
// items, as above. Errors, kInvalidArgument with a message that starts with
// the file name (and the line when there is one):
//   - the file cannot be opened or read;
//   - it is not XML, not well-formed, truncated, has bytes that are not
//     valid in its encoding, or declares an encoding libxml2 lacks
//     (libxml2's message);
//   - it is not a WXR: "x.xml: not a WordPress export (WXR): ..." (the root
//     is not <rss>, there is no <channel>, no WordPress namespace, or a
//     document type declaration);
//   - an item is larger than options.max_item_bytes.
// Items completed before an error have been delivered (see above).
Status ReadWxr(const std::filesystem::path& file, WxrVisitor& visitor,
               const WxrReadOptions& options = {});

}  // namespace khabar
