#include "support/xml_doc.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <map>

namespace khabar::testing {
namespace {

const std::map<std::string, std::string> kNs = {
    {"atom", "http://www.w3.org/2005/Atom"},
    {"a", "http://www.w3.org/2005/Atom"},
    {"content", "http://purl.org/rss/1.0/modules/content/"},
    {"dc", "http://purl.org/dc/elements/1.1/"},
    {"sm", "http://www.sitemaps.org/schemas/sitemap/0.9"},
    {"news", "http://www.google.com/schemas/sitemap-news/0.9"}};

}  // namespace

XmlDoc::XmlDoc(const std::string& xml) {
  doc_ = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "doc.xml", nullptr,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
}

XmlDoc::~XmlDoc() {
  if (doc_) xmlFreeDoc(doc_);
}

std::vector<std::string> XmlDoc::Texts(const std::string& xpath) const {
  std::vector<std::string> out;
  if (!doc_) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(doc_);
  for (const auto& [p, uri] : kNs) {
    xmlXPathRegisterNs(ctx, BAD_CAST p.c_str(), BAD_CAST uri.c_str());
  }
  xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST xpath.c_str(), ctx);
  for (int i = 0; res && res->nodesetval && i < res->nodesetval->nodeNr; ++i) {
    xmlChar* t = xmlNodeGetContent(res->nodesetval->nodeTab[i]);
    out.emplace_back(t ? reinterpret_cast<const char*>(t) : "");
    xmlFree(t);
  }
  if (res) xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  return out;
}

std::string XmlDoc::Text(const std::string& xpath) const {
  auto all = Texts(xpath);
  return all.size() == 1 ? all[0] : "<" + std::to_string(all.size()) + " nodes: " + xpath + ">";
}

}  // namespace khabar::testing
