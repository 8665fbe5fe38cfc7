// Test support: an XML document (a feed, a sitemap) parsed strictly with
// libxml2 and queried with XPath, with the namespace prefixes the site's
// files use: atom / a (Atom), content, dc, sm (sitemaps), news (Google
// News sitemaps).
#pragma once

#include <libxml/parser.h>

#include <string>
#include <vector>

namespace khabar::testing {

class XmlDoc {
 public:
  // Any parse error leaves the document !ok(); no network, no warnings.
  explicit XmlDoc(const std::string& xml);
  ~XmlDoc();
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;
  bool ok() const { return doc_ != nullptr; }

  // Texts returns the text content of every node `xpath` selects.
  std::vector<std::string> Texts(const std::string& xpath) const;
  // Text returns the one node's text, or "<N nodes: xpath>" when `xpath`
  // does not select exactly one.
  std::string Text(const std::string& xpath) const;
  size_t Count(const std::string& xpath) const { return Texts(xpath).size(); }

 private:
  xmlDocPtr doc_ = nullptr;
};

}  // namespace khabar::testing
