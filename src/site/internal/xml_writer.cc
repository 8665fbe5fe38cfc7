#include "site/internal/xml_writer.h"

#include <libxml/xmlwriter.h>

namespace khabar::site_internal {
namespace {

const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

bool XmlChar(char32_t c) {
  if (c < 0x20) return c == 0x9 || c == 0xA || c == 0xD;
  if (c >= 0xD800 && c <= 0xDFFF) return false;  // surrogates (never decoded here)
  return c != 0xFFFE && c != 0xFFFF && c <= 0x10FFFF;
}

}  // namespace

std::string XmlText(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    size_t len = 0;
    char32_t c = 0;
    char32_t min = 0;
    if (b < 0x80) {
      len = 1, c = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2, c = b & 0x1F, min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, c = b & 0x0F, min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, c = b & 0x07, min = 0x10000;
    }
    bool valid = len > 0 && i + len <= s.size();
    for (size_t k = 1; valid && k < len; ++k) {
      const unsigned char cont = static_cast<unsigned char>(s[i + k]);
      if ((cont & 0xC0) != 0x80) valid = false;
      c = (c << 6) | (cont & 0x3F);
    }
    // Overlong forms and surrogates are invalid UTF-8 too.
    if (valid && (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)) valid = false;
    if (!valid) {
      out += kReplacement;
      ++i;  // resynchronise on the next byte
      continue;
    }
    if (XmlChar(c)) out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

XmlWriter::XmlWriter() {
  xmlBufferPtr buffer = xmlBufferCreate();
  buffer_ = buffer;
  if (buffer) writer_ = xmlNewTextWriterMemory(buffer, 0);
  if (!writer_) {
    status_ = Status(Code::kInternal, "xml: cannot create a writer");
    return;
  }
  auto* w = static_cast<xmlTextWriterPtr>(writer_);
  // Indented output: feeds and sitemaps are read by people debugging them.
  Check(xmlTextWriterSetIndent(w, 1), "indent");
  Check(xmlTextWriterSetIndentString(w, BAD_CAST "  "), "indent");
  Check(xmlTextWriterStartDocument(w, "1.0", "UTF-8", nullptr), "start document");
}

XmlWriter::~XmlWriter() {
  if (writer_) xmlFreeTextWriter(static_cast<xmlTextWriterPtr>(writer_));
  if (buffer_) xmlBufferFree(static_cast<xmlBufferPtr>(buffer_));
}

void XmlWriter::Check(int rc, std::string_view what) {
  if (rc < 0 && status_.ok()) {
    status_ = Status(Code::kInternal, "xml: libxml2 failed to write " + std::string(what));
  }
}

void XmlWriter::Start(std::string_view name) {
  if (!status_.ok()) return;
  const std::string n(name);
  Check(xmlTextWriterStartElement(static_cast<xmlTextWriterPtr>(writer_), X(n)), "<" + n + ">");
}

void XmlWriter::End() {
  if (!status_.ok()) return;
  Check(xmlTextWriterEndElement(static_cast<xmlTextWriterPtr>(writer_)), "an end tag");
}

void XmlWriter::Attr(std::string_view name, std::string_view value) {
  if (!status_.ok()) return;
  const std::string n(name);
  const std::string v = XmlText(value);
  Check(xmlTextWriterWriteAttribute(static_cast<xmlTextWriterPtr>(writer_), X(n), X(v)),
        "attribute " + n);
}

void XmlWriter::Text(std::string_view text) {
  if (!status_.ok()) return;
  const std::string t = XmlText(text);
  Check(xmlTextWriterWriteString(static_cast<xmlTextWriterPtr>(writer_), X(t)), "text");
}

void XmlWriter::PlainText(std::string_view text) {
  if (!status_.ok()) return;
  std::string out;
  for (char c : XmlText(text)) {
    switch (c) {
      case '&':
        out += "&#x26;";
        break;
      case '<':
        out += "&#x3C;";
        break;
      case '>':
        out += "&#x3E;";
        break;
      default:
        out += c;
    }
  }
  Check(xmlTextWriterWriteRaw(static_cast<xmlTextWriterPtr>(writer_), X(out)), "text");
}

void XmlWriter::PlainElement(std::string_view name, std::string_view text) {
  Start(name);
  PlainText(text);
  End();
}

void XmlWriter::Element(std::string_view name, std::string_view text) {
  Start(name);
  Text(text);
  End();
}

Result<std::string> XmlWriter::Finish() {
  if (status_.ok()) {
    Check(xmlTextWriterEndDocument(static_cast<xmlTextWriterPtr>(writer_)), "the document end");
  }
  if (status_.ok()) {
    Check(xmlTextWriterFlush(static_cast<xmlTextWriterPtr>(writer_)), "the buffer");
  }
  if (!status_.ok()) return Err(status_);
  auto* buffer = static_cast<xmlBufferPtr>(buffer_);
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
                     static_cast<size_t>(xmlBufferLength(buffer)));
}

}  // namespace khabar::site_internal
