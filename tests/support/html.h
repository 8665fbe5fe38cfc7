// Test support: parse an HTML page with libxml2 and query it with XPath, so
// tests check elements, not only words.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace khabar::testing {

// HtmlNode is a snapshot of one element: its name, attributes and text.
struct HtmlNode {
  std::string name;
  std::string text;  // all descendant text, whitespace collapsed
  std::string Attr(const std::string& name) const;
  std::vector<std::pair<std::string, std::string>> attrs;
};

class HtmlDoc {
 public:
  explicit HtmlDoc(const std::string& html);
  ~HtmlDoc();
  // Not copyable: the copy would free the same document twice.
  HtmlDoc(const HtmlDoc&) = delete;
  HtmlDoc& operator=(const HtmlDoc&) = delete;
  bool ok() const { return doc_ != nullptr; }
  // Find returns the nodes an XPath expression selects.
  std::vector<HtmlNode> Find(const std::string& xpath) const;
  // One returns the single node `xpath` selects; empty name if not exactly one.
  HtmlNode One(const std::string& xpath) const;

 private:
  void* doc_ = nullptr;  // htmlDocPtr
};

// Collapse trims and collapses runs of whitespace to one space.
std::string Collapse(const std::string& s);

}  // namespace khabar::testing
