// XmlWriter: the one way the site module writes XML (feeds, sitemaps). A thin
// wrapper over libxml2's xmlTextWriter, which does the escaping; this class
// adds what it does not: text that is not valid XML 1.0 (bad UTF-8, control
// characters a story pasted from elsewhere may carry) is repaired before it
// is written, so a feed never fails to parse because of one story, and the
// first libxml2 failure is kept as a Status instead of being ignored.
//
// Not thread-safe; one writer builds one document.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::site_internal {

// XmlText returns `s` as valid XML 1.0 character data: invalid UTF-8
// becomes U+FFFD, and characters XML forbids (C0 controls other than tab,
// newline and carriage return, U+FFFE, U+FFFF) are dropped.
std::string XmlText(std::string_view s);

class XmlWriter {
 public:
  // The document starts with <?xml version="1.0" encoding="UTF-8"?>.
  XmlWriter();
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  // Start opens element `name` ("item", "atom:link"); End closes the
  // innermost open one. Namespace declarations are attributes
  // (Attr("xmlns:atom", "...")).
  void Start(std::string_view name);
  void End();
  void Attr(std::string_view name, std::string_view value);
  void Text(std::string_view text);
  // Element writes <name>text</name>.
  void Element(std::string_view name, std::string_view text);
  // PlainText writes text as the RSS Best Practices Profile asks of RSS
  // elements holding plain text (titles, dc:creator, category): "&", "<"
  // and ">" as the hexadecimal references &#x26; &#x3C; &#x3E;, the form
  // the widest range of feed readers shows as the characters themselves,
  // whether they treat the element as text or as HTML.
  void PlainText(std::string_view text);
  // PlainElement writes <name>, PlainText, </name>.
  void PlainElement(std::string_view name, std::string_view text);

  // Finish closes every open element and returns the document, or the
  // first error any call met.
  Result<std::string> Finish();

 private:
  void Check(int rc, std::string_view what);

  void* buffer_ = nullptr;  // xmlBufferPtr, owned
  void* writer_ = nullptr;  // xmlTextWriterPtr, owned; writes into buffer_
  Status status_;           // the first failure
};

}  // namespace khabar::site_internal
