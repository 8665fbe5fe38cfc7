#include "render/markdown.h"

#include <md4c.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/percent.h"
#include "base/utf8.h"
#include "content/embed.h"
#include "render/theme.h"

namespace khabar {
namespace {

// The dialect: CommonMark with GitHub's tables, strikethrough and
// autolinks. Raw HTML is off: md4c then reads "<script>" as plain text,
// which HtmlWriter escapes.
constexpr unsigned kDialect =
    MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTML;

constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// DecodeEntity returns the text an entity md4c recognised stands for when
// khabar decodes it: numeric references and the five of XML. Other named
// references (md4c checks only their shape) yield nullopt.
std::optional<std::string> DecodeEntity(std::string_view e) {
  if (e.size() < 3 || e.front() != '&' || e.back() != ';') return std::nullopt;
  std::string_view body = e.substr(1, e.size() - 2);
  if (body[0] == '#') {
    bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
    uint32_t cp = 0;
    for (char c : body.substr(hex ? 2 : 1)) {
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        return std::nullopt;
      }
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(digit);
      if (cp > 0x10FFFF) cp = 0x110000;  // stays invalid, never overflows
    }
    // &#0; is U+FFFD too (CommonMark), never a NUL in the page.
    std::string out;
    AppendUtf8(out, cp == 0 ? 0xFFFD : cp);
    return out;
  }
  if (body == "amp") return "&";
  if (body == "lt") return "<";
  if (body == "gt") return ">";
  if (body == "quot") return "\"";
  if (body == "apos") return "'";
  return std::nullopt;
}

// AttributeText is an md4c attribute as plain text: entities decoded where
// DecodeEntity knows them, other named ones kept as written (so in a URL
// they stay literal text and never decode to a ':' in the browser).
std::string AttributeText(const MD_ATTRIBUTE& a) {
  std::string out;
  if (a.text == nullptr) return out;
  for (int i = 0; a.substr_offsets[i] < a.size; ++i) {
    std::string_view part(a.text + a.substr_offsets[i],
                          a.substr_offsets[i + 1] - a.substr_offsets[i]);
    switch (a.substr_types[i]) {
      case MD_TEXT_NULLCHAR:
        out += kReplacementChar;
        break;
      case MD_TEXT_ENTITY: {
        auto decoded = DecodeEntity(part);
        out += decoded ? *decoded : std::string(part);
        break;
      }
      default:
        out += part;
    }
  }
  return out;
}

bool IsSchemeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

// SafeUrl returns `url` when a browser would not run or load anything
// dangerous from it, else "". It reads the URL as a browser does (tabs and
// newlines removed, leading spaces and controls ignored), then allows a
// relative URL or one of the schemes a story links to; an image may also
// be a data: PNG, GIF, JPEG or WebP.
std::string SafeUrl(std::string url, bool image) {
  std::string seen;
  for (char c : url) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    if (seen.empty() && static_cast<unsigned char>(c) <= 0x20) continue;
    seen += c;
  }
  size_t colon = seen.find(':');
  if (colon == std::string::npos) return url;
  std::string scheme;
  for (size_t i = 0; i < colon; ++i) {
    if (!IsSchemeChar(seen[i])) return url;  // '/', '?' or '#' first: relative
    scheme += static_cast<char>(seen[i] | 0x20);
  }
  if (scheme.empty() || !(scheme[0] >= 'a' && scheme[0] <= 'z')) return url;
  if (scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel") return url;
  if (image && scheme == "data") {
    std::string rest;
    for (size_t i = colon + 1; i < seen.size() && seen[i] != ';' && seen[i] != ','; ++i) {
      rest += static_cast<char>(seen[i] | 0x20);
    }
    if (rest == "image/png" || rest == "image/gif" || rest == "image/jpeg" ||
        rest == "image/webp") {
      return url;
    }
  }
  return "";
}

// AppendHref writes a URL into an attribute value: bytes a URL may carry
// as they are (existing %XX escapes kept), the rest percent-encoded, and
// & and ' as entities.
void AppendHref(std::string& out, std::string_view url) {
  auto url_byte = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-_.!~*();/?:@=+$,%#").find(static_cast<char>(c)) !=
               std::string_view::npos;
  };
  for (size_t i = 0; i < url.size(); ++i) {
    if (url[i] == '&') {
      out += "&amp;";
    } else if (url[i] == '\'') {
      out += "&#x27;";
    } else {
      AppendPercentEncoded(out, url.substr(i, 1), url_byte);
    }
  }
}

// Paragraph watches a paragraph of the document itself for the embed
// shape: nothing but one link whose text is its URL (an autolink).
struct Paragraph {
  std::string html;     // the paragraph's content, rendered
  int links = 0;        // outermost links seen
  int span_depth = 0;   // spans open now
  bool other = false;   // anything but blank text outside the link, or markup in it
  std::string href;     // the link's URL as written
  std::string text;     // the link's text
  bool titled = false;  // the link has a title

  void Span(MD_SPANTYPE type, void* detail) {
    if (span_depth++ == 0 && type == MD_SPAN_A) {
      ++links;
      auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
      href = AttributeText(a->href);
      titled = a->title.size > 0;
    } else {
      other = true;
    }
  }
  void LeaveSpan(MD_SPANTYPE) { --span_depth; }
  // Text reads `t` only for normal text: md4c's pointer for a line break
  // or a NUL need not point at readable bytes.
  void Text(MD_TEXTTYPE type, std::string_view t) {
    if (type == MD_TEXT_NORMAL) {
      if (span_depth == 1) {
        text += t;
      } else if (span_depth > 0 || t.find_first_not_of(" \t\n") != std::string_view::npos) {
        other = true;
      }
    } else if (span_depth > 0 || type != MD_TEXT_SOFTBR) {
      other = true;
    }
  }
};

// HtmlWriter receives md4c's events and writes HTML in cmark's layout
// (a newline after each block), so stored bodies keep their shape.
class HtmlWriter {
 public:
  std::string Take() { return std::move(out_); }

  void EnterBlock(MD_BLOCKTYPE type, void* detail) {
    ++depth_;
    std::string& o = Out();
    switch (type) {
      case MD_BLOCK_DOC:
        break;
      case MD_BLOCK_QUOTE:
        Cr(o), o += "<blockquote>\n";
        break;
      case MD_BLOCK_UL:
        Cr(o), o += "<ul>\n";
        break;
      case MD_BLOCK_OL: {
        unsigned start = static_cast<MD_BLOCK_OL_DETAIL*>(detail)->start;
        Cr(o);
        o += start == 1 ? "<ol>\n" : "<ol start=\"" + std::to_string(start) + "\">\n";
        break;
      }
      case MD_BLOCK_LI:
        Cr(o), o += "<li>";
        break;
      case MD_BLOCK_HR:
        Cr(o), o += "<hr />\n";
        break;
      case MD_BLOCK_H:
        Cr(o);
        o += "<h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + ">";
        break;
      case MD_BLOCK_CODE: {
        Cr(o);
        o += "<pre><code";
        std::string lang = AttributeText(static_cast<MD_BLOCK_CODE_DETAIL*>(detail)->lang);
        if (!lang.empty()) {
          o += " class=\"language-";
          AppendEscapedHtml(o, lang);
          o += '"';
        }
        o += '>';
        break;
      }
      case MD_BLOCK_HTML:
        break;  // never: raw HTML is off
      case MD_BLOCK_P:
        if (depth_ == 2) {  // a paragraph of the document itself may be an embed
          paragraph_.emplace();
        } else {
          Cr(o), o += "<p>";
        }
        break;
      case MD_BLOCK_TABLE:
        Cr(o), o += "<table>\n";
        break;
      case MD_BLOCK_THEAD:
        o += "<thead>\n";
        break;
      case MD_BLOCK_TBODY:
        o += "<tbody>\n";
        break;
      case MD_BLOCK_TR:
        o += "<tr>\n";
        break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD: {
        o += type == MD_BLOCK_TH ? "<th" : "<td";
        switch (static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align) {
          case MD_ALIGN_LEFT:
            o += " align=\"left\"";
            break;
          case MD_ALIGN_CENTER:
            o += " align=\"center\"";
            break;
          case MD_ALIGN_RIGHT:
            o += " align=\"right\"";
            break;
          default:
            break;
        }
        o += '>';
        break;
      }
    }
  }

  void LeaveBlock(MD_BLOCKTYPE type, void* detail) {
    --depth_;
    if (type == MD_BLOCK_P && paragraph_) {
      FinishParagraph();
      return;
    }
    std::string& o = Out();
    switch (type) {
      case MD_BLOCK_DOC:
        break;
      case MD_BLOCK_QUOTE:
        Cr(o), o += "</blockquote>\n";
        break;
      case MD_BLOCK_UL:
        Cr(o), o += "</ul>\n";
        break;
      case MD_BLOCK_OL:
        Cr(o), o += "</ol>\n";
        break;
      case MD_BLOCK_LI:
        o += "</li>\n";
        break;
      case MD_BLOCK_HR:
        break;
      case MD_BLOCK_H:
        o += "</h" + std::to_string(static_cast<MD_BLOCK_H_DETAIL*>(detail)->level) + ">\n";
        break;
      case MD_BLOCK_CODE:
        o += "</code></pre>\n";
        break;
      case MD_BLOCK_HTML:
        break;
      case MD_BLOCK_P:
        o += "</p>\n";
        break;
      case MD_BLOCK_TABLE:
        o += "</table>\n";
        break;
      case MD_BLOCK_THEAD:
        o += "</thead>\n";
        break;
      case MD_BLOCK_TBODY:
        o += "</tbody>\n";
        break;
      case MD_BLOCK_TR:
        o += "</tr>\n";
        break;
      case MD_BLOCK_TH:
        o += "</th>\n";
        break;
      case MD_BLOCK_TD:
        o += "</td>\n";
        break;
    }
  }

  void EnterSpan(MD_SPANTYPE type, void* detail) {
    open_spans_.push_back(type);
    if (paragraph_) paragraph_->Span(type, detail);
    std::string& o = Out();
    if (image_depth_ > 0) {  // inside an image's alt text: plain text only
      if (type == MD_SPAN_IMG) ++image_depth_;
      return;
    }
    switch (type) {
      case MD_SPAN_EM:
        o += "<em>";
        break;
      case MD_SPAN_STRONG:
        o += "<strong>";
        break;
      case MD_SPAN_DEL:
        o += "<del>";
        break;
      case MD_SPAN_CODE:
        o += "<code>";
        break;
      case MD_SPAN_U:
        o += "<u>";
        break;
      case MD_SPAN_A: {
        auto* a = static_cast<MD_SPAN_A_DETAIL*>(detail);
        o += "<a href=\"";
        AppendHref(o, SafeUrl(AttributeText(a->href), false));
        o += '"';
        AppendTitle(o, a->title);
        o += '>';
        break;
      }
      case MD_SPAN_IMG: {
        auto* img = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
        o += "<img src=\"";
        AppendHref(o, SafeUrl(AttributeText(img->src), true));
        o += "\" alt=\"";
        image_title_.clear();
        AppendTitle(image_title_, img->title);
        ++image_depth_;
        break;
      }
      default:
        break;  // LaTeX and wiki links are not enabled
    }
  }

  void LeaveSpan(MD_SPANTYPE type) {
    // md4c 0.4.8 can leave a span it never entered (an emphasis whose
    // opening '*' an autolink took): such a leave is not written.
    if (open_spans_.empty() || open_spans_.back() != type) return;
    open_spans_.pop_back();
    if (paragraph_) paragraph_->LeaveSpan(type);
    std::string& o = Out();
    if (image_depth_ > 0) {
      if (type == MD_SPAN_IMG && --image_depth_ == 0) {
        o += '"';
        o += image_title_;
        o += " />";
      }
      return;
    }
    switch (type) {
      case MD_SPAN_EM:
        o += "</em>";
        break;
      case MD_SPAN_STRONG:
        o += "</strong>";
        break;
      case MD_SPAN_DEL:
        o += "</del>";
        break;
      case MD_SPAN_CODE:
        o += "</code>";
        break;
      case MD_SPAN_U:
        o += "</u>";
        break;
      case MD_SPAN_A:
        o += "</a>";
        break;
      default:
        break;
    }
  }

  void Text(MD_TEXTTYPE type, std::string_view text) {
    if (paragraph_) paragraph_->Text(type, text);
    std::string& o = Out();
    switch (type) {
      case MD_TEXT_NULLCHAR:
        o += kReplacementChar;
        break;
      case MD_TEXT_BR:
        o += image_depth_ > 0 ? " " : "<br />\n";
        break;
      case MD_TEXT_SOFTBR:
        o += image_depth_ > 0 ? " " : "\n";
        break;
      case MD_TEXT_ENTITY: {
        // Numeric ones are decoded (an invalid code point becomes U+FFFD);
        // a named one is kept as written: as text it cannot open markup.
        auto decoded = DecodeEntity(text);
        if (decoded) {
          AppendEscapedHtml(o, *decoded);
        } else {
          o += text;
        }
        break;
      }
      default:
        AppendEscapedHtml(o, text);  // normal text, code, and HTML (never: it is off)
    }
  }

 private:
  std::string& Out() { return paragraph_ ? paragraph_->html : out_; }

  static void Cr(std::string& o) {
    if (!o.empty() && o.back() != '\n') o += '\n';
  }

  static void AppendTitle(std::string& o, const MD_ATTRIBUTE& title) {
    if (title.size == 0) return;
    o += " title=\"";
    AppendEscapedHtml(o, AttributeText(title));
    o += '"';
  }

  // FinishParagraph writes the paragraph just left: as an embed figure
  // (content/embed.h) when it has the embed shape, else as <p>.
  void FinishParagraph() {
    Paragraph p = std::move(*paragraph_);
    paragraph_.reset();
    Cr(out_);
    // An autolink's text is its URL; "www." autolinks gain an "http://".
    bool autolink =
        p.links == 1 && !p.other && !p.titled && (p.href == p.text || p.href == "http://" + p.text);
    std::optional<Embed> embed;
    if (autolink) embed = RecognizeEmbed(p.href);
    if (embed) {
      out_ += "<figure class=\"embed embed-";
      out_ += EmbedClass(embed->kind);
      out_ += "\">";
      // Only the link: the blank text around it is dropped.
      size_t open = p.html.find("<a ");
      size_t close = p.html.rfind("</a>");
      out_.append(p.html, open, close + 4 - open);
      out_ += "</figure>\n";
    } else {
      out_ += "<p>";
      out_ += p.html;
      out_ += "</p>\n";
    }
  }

  std::string out_;
  int depth_ = 0;
  int image_depth_ = 0;
  std::vector<MD_SPANTYPE> open_spans_;  // entered and not yet left, innermost last
  std::string image_title_;              // the outermost open image's title attribute
  std::optional<Paragraph> paragraph_;
};

HtmlWriter& W(void* userdata) { return *static_cast<HtmlWriter*>(userdata); }

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  MD_PARSER parser{};
  parser.flags = kDialect;
  parser.enter_block = [](MD_BLOCKTYPE t, void* d, void* u) { return W(u).EnterBlock(t, d), 0; };
  parser.leave_block = [](MD_BLOCKTYPE t, void* d, void* u) { return W(u).LeaveBlock(t, d), 0; };
  parser.enter_span = [](MD_SPANTYPE t, void* d, void* u) { return W(u).EnterSpan(t, d), 0; };
  parser.leave_span = [](MD_SPANTYPE t, void*, void* u) { return W(u).LeaveSpan(t), 0; };
  parser.text = [](MD_TEXTTYPE t, const MD_CHAR* s, MD_SIZE n, void* u) {
    return W(u).Text(t, {s, n}), 0;
  };
  // md4c 0.4.8 reads the byte after the input in places (a link
  // destination at the very end, for one): when that byte is a ')' of
  // whatever lies beyond a view, it parses past the end and hands over
  // ranges outside the input. A copy ends in the NUL std::string keeps
  // after its last byte, which md4c reads as the end it is.
  const std::string document(markdown);
  HtmlWriter writer;
  if (md_parse(document.c_str(), static_cast<MD_SIZE>(document.size()), &parser, &writer) != 0) {
    return "";  // md4c fails only when it runs out of memory
  }
  return writer.Take();
}

}  // namespace khabar
