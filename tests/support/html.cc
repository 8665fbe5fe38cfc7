#include "support/html.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>

namespace khabar::testing {

std::string Collapse(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = true;
    } else {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string HtmlNode::Attr(const std::string& n) const {
  for (const auto& [k, v] : attrs) {
    if (k == n) return v;
  }
  return "";
}

HtmlDoc::HtmlDoc(const std::string& html) {
  doc_ = htmlReadMemory(html.data(), static_cast<int>(html.size()), "page.html", "UTF-8",
                        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
}

HtmlDoc::~HtmlDoc() {
  if (doc_) xmlFreeDoc(static_cast<xmlDocPtr>(doc_));
}

std::vector<HtmlNode> HtmlDoc::Find(const std::string& xpath) const {
  std::vector<HtmlNode> out;
  if (!doc_) return out;
  xmlXPathContextPtr ctx = xmlXPathNewContext(static_cast<xmlDocPtr>(doc_));
  xmlXPathObjectPtr res =
      xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), ctx);
  if (res && res->nodesetval) {
    for (int i = 0; i < res->nodesetval->nodeNr; ++i) {
      xmlNodePtr n = res->nodesetval->nodeTab[i];
      HtmlNode node;
      node.name = reinterpret_cast<const char*>(n->name ? n->name : BAD_CAST "");
      xmlChar* text = xmlNodeGetContent(n);
      node.text = Collapse(text ? reinterpret_cast<const char*>(text) : "");
      xmlFree(text);
      for (xmlAttrPtr a = n->type == XML_ELEMENT_NODE ? n->properties : nullptr; a; a = a->next) {
        xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
        node.attrs.emplace_back(reinterpret_cast<const char*>(a->name),
                                v ? reinterpret_cast<const char*>(v) : "");
        xmlFree(v);
      }
      out.push_back(std::move(node));
    }
  }
  if (res) xmlXPathFreeObject(res);
  xmlXPathFreeContext(ctx);
  return out;
}

HtmlNode HtmlDoc::One(const std::string& xpath) const {
  auto nodes = Find(xpath);
  return nodes.size() == 1 ? nodes[0] : HtmlNode{};
}

}  // namespace khabar::testing
