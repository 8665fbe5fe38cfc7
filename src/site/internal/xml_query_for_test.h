// Test helper of the site module: parse an XML document with libxml2 and
// query it with XPath (namespace prefixes registered by the caller), so
// tests check elements and attributes, not substrings.
#pragma once

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <map>
#include <string>
#include <vector>

namespace khabar::site_internal {

class XmlQuery {
 public:
  // `ns` maps XPath prefixes to namespace URIs ("a" -> Atom's).
  explicit XmlQuery(const std::string& xml, std::map<std::string, std::string> ns = {})
      : ns_(std::move(ns)) {
    doc_ = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "test.xml", nullptr,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  }
  ~XmlQuery() {
    if (doc_) xmlFreeDoc(doc_);
  }
  XmlQuery(const XmlQuery&) = delete;
  XmlQuery& operator=(const XmlQuery&) = delete;

  bool ok() const { return doc_ != nullptr; }

  // Texts returns the string value of every node `xpath` selects (an
  // element's text, an attribute's value), in document order.
  std::vector<std::string> Texts(const std::string& xpath) const {
    std::vector<std::string> out;
    if (!doc_) return out;
    xmlXPathContextPtr ctx = xmlXPathNewContext(doc_);
    for (const auto& [prefix, uri] : ns_) {
      xmlXPathRegisterNs(ctx, BAD_CAST prefix.c_str(), BAD_CAST uri.c_str());
    }
    xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST xpath.c_str(), ctx);
    if (res && res->nodesetval) {
      for (int i = 0; i < res->nodesetval->nodeNr; ++i) {
        xmlChar* text = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
        out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        xmlFree(text);
      }
    }
    if (res) xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    return out;
  }

  // Text returns the value of the one node `xpath` selects, or a note
  // saying how many it selected.
  std::string Text(const std::string& xpath) const {
    auto all = Texts(xpath);
    if (all.size() != 1) return "<" + std::to_string(all.size()) + " nodes: " + xpath + ">";
    return all[0];
  }

  size_t Count(const std::string& xpath) const { return Texts(xpath).size(); }

 private:
  xmlDocPtr doc_ = nullptr;
  std::map<std::string, std::string> ns_;
};

}  // namespace khabar::site_internal
