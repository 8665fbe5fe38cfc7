#include "content/wordpress_body.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "base/ascii.h"
#include "base/html.h"
#include "base/utf8.h"
#include "content/embed.h"

namespace khabar {
namespace {

// ---------------------------------------------------------------------------
// Notes: what the conversion learned on the way.

class Notes {
 public:
  void Warn(std::string message) {
    if (std::find(warnings_.begin(), warnings_.end(), message) == warnings_.end()) {
      warnings_.push_back(std::move(message));
    }
  }
  void Lossy() { lossless_ = false; }
  bool lossless() const { return lossless_; }
  std::vector<std::string> TakeWarnings() { return std::move(warnings_); }

 private:
  bool lossless_ = true;
  std::vector<std::string> warnings_;
};

// ---------------------------------------------------------------------------
// Text helpers.

// HTML's white space (the WHATWG's "ASCII whitespace").
constexpr std::string_view kHtmlSpace = " \t\n\r\f";

bool IsSpace(char c) { return kHtmlSpace.find(c) != std::string_view::npos; }

size_t FindI(std::string_view s, std::string_view needle, size_t from = 0) {
  std::string lower = AsciiLower(s);
  return lower.find(needle, from);
}

// ValidUtf8 replaces each ill-formed UTF-8 sequence (RepairUtf8), and
// each C0 control other than tab, newline, carriage return and form feed,
// by U+FFFD.
std::string ValidUtf8(std::string_view in, bool* replaced) {
  std::string text = RepairUtf8(in, replaced);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
      out += "\xEF\xBF\xBD";
      *replaced = true;
    } else {
      out += c;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Step 2: WordPress conventions, applied to the source text.

// JsonString reads the string value of `key` in a block comment's
// attributes (`wp:embed {"url":"https:\/\/..."}`), or "" when the
// attributes are not a JSON object or hold no such string.
std::string JsonString(std::string_view comment, std::string_view key) {
  const size_t open = comment.find('{');
  const size_t close = comment.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return "";
  const nlohmann::json attributes =
      nlohmann::json::parse(comment.substr(open, close - open + 1), /*cb=*/nullptr,
                            /*allow_exceptions=*/false);
  if (!attributes.is_object()) return "";
  const auto it = attributes.find(key);
  if (it == attributes.end() || !it->is_string()) return "";
  return it->get<std::string>();
}

// RemoveBlockComments drops Gutenberg's block delimiters, keeping what they
// delimit; an embed block becomes a paragraph of its URL.
std::string RemoveBlockComments(std::string_view in, Notes& notes) {
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    size_t open = in.find("<!--", i);
    if (open == std::string_view::npos) break;
    size_t close = in.find("-->", open + 4);
    if (close == std::string_view::npos) break;
    std::string_view comment = TrimAscii(in.substr(open + 4, close - open - 4), kHtmlSpace);
    out.append(in.substr(i, open - i));
    i = close + 3;
    if (!comment.starts_with("wp:") && !comment.starts_with("/wp:")) {
      out.append("<!-- -->");  // Other comments (<!--more-->) go with the parse.
      continue;
    }
    bool embed = comment.starts_with("wp:embed") || comment.starts_with("wp:core-embed");
    if (!embed || comment.ends_with("/")) continue;
    std::string url = JsonString(comment, "url");
    if (url.empty()) continue;
    size_t end =
        in.find(comment.starts_with("wp:embed") ? "<!-- /wp:embed" : "<!-- /wp:core-embed", i);
    if (end == std::string_view::npos) continue;
    size_t end_close = in.find("-->", end);
    if (end_close == std::string_view::npos) continue;
    if (!RecognizeEmbed(url)) notes.Warn("embed of " + url + " kept as a link");
    out += "\n<p>" + EscapeHtml(url) + "</p>\n";
    i = end_close + 3;
  }
  out.append(in.substr(std::min(i, in.size())));
  return out;
}

// HasParagraphs reports whether `body` has a <p> tag (a classic-editor body
// saved without one relies on WordPress's auto-paragraphs).
bool HasParagraphs(std::string_view body) {
  std::string lower = AsciiLower(body);
  for (size_t at = lower.find("<p"); at != std::string::npos; at = lower.find("<p", at + 2)) {
    char next = at + 2 < lower.size() ? lower[at + 2] : '\0';
    if (next == '>' || next == '/' || IsSpace(next)) return true;
  }
  return false;
}

// StartsWithBlock reports whether a line of a classic body starts with a
// block-level tag or a block shortcode, which auto-paragraphs leave alone.
bool StartsWithBlock(std::string_view line) {
  static const std::set<std::string, std::less<>> kBlockTags = {
      "address", "article", "aside",  "audio",  "blockquote", "caption",  "center",     "dd",
      "details", "div",     "dl",     "dt",     "embed",      "fieldset", "figcaption", "figure",
      "footer",  "form",    "h1",     "h2",     "h3",         "h4",       "h5",         "h6",
      "header",  "hr",      "iframe", "li",     "math",       "nav",      "noscript",   "object",
      "ol",      "p",       "pre",    "script", "section",    "style",    "summary",    "table",
      "tbody",   "td",      "tfoot",  "th",     "thead",      "tr",       "ul",         "video"};
  line = TrimAscii(line, kHtmlSpace);
  if (line.starts_with("<!--")) return true;
  if (line.starts_with('[')) {
    for (std::string_view code : {"[caption", "[wp_caption", "[embed", "[gallery", "[youtube",
                                  "[video", "[audio", "[playlist", "[tweet"}) {
      if (StartsWithIgnoreCase(line, code)) return true;
    }
    return false;
  }
  if (!line.starts_with('<')) return false;
  size_t start = line.size() > 1 && line[1] == '/' ? 2 : 1;
  size_t end = start;
  while (end < line.size() && std::isalnum(static_cast<unsigned char>(line[end]))) ++end;
  return kBlockTags.contains(AsciiLower(line.substr(start, end - start)));
}

bool EndsWithBlock(std::string_view line) {
  line = TrimAscii(line, kHtmlSpace);
  if (!line.ends_with('>')) return false;
  size_t open = line.rfind('<');
  return open != std::string_view::npos && StartsWithBlock(line.substr(open));
}

// AutoParagraphs applies WordPress's wpautop convention: text separated by
// blank lines is paragraphs, a single newline inside one is a <br>. A URL
// alone on its line is a paragraph of its own (WordPress embeds it).
std::string AutoParagraphs(std::string_view in) {
  std::vector<std::string> chunks;
  std::string current;
  int pre_depth = 0;
  size_t i = 0;
  while (i <= in.size()) {
    size_t nl = in.find('\n', i);
    std::string_view line = in.substr(i, nl == std::string_view::npos ? in.npos : nl - i);
    if (pre_depth <= 0 && TrimAscii(line, kHtmlSpace).empty()) {
      if (!TrimAscii(current, kHtmlSpace).empty()) chunks.push_back(std::move(current));
      current.clear();
    } else {
      current.append(line).append("\n");
    }
    std::string lower = AsciiLower(line);
    for (size_t at = lower.find("<pre"); at != std::string::npos; at = lower.find("<pre", at + 4)) {
      ++pre_depth;
    }
    for (size_t at = lower.find("</pre"); at != std::string::npos;
         at = lower.find("</pre", at + 5)) {
      --pre_depth;
    }
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
  if (!TrimAscii(current, kHtmlSpace).empty()) chunks.push_back(std::move(current));

  std::string out;
  for (const std::string& chunk : chunks) {
    std::string_view text = TrimAscii(chunk, kHtmlSpace);
    if (StartsWithBlock(text) || FindI(text, "<pre") != std::string::npos) {
      out.append(text).append("\n\n");
      continue;
    }
    std::vector<std::string_view> lines;
    auto flush = [&] {
      if (lines.empty()) return;
      out += "<p>";
      for (size_t k = 0; k < lines.size(); ++k) {
        out.append(TrimAscii(lines[k], kHtmlSpace));
        if (k + 1 < lines.size()) {
          bool block = EndsWithBlock(lines[k]) || StartsWithBlock(lines[k + 1]);
          out += block ? "\n" : "<br />\n";
        }
      }
      out += "</p>\n\n";
      lines.clear();
    };
    size_t from = 0;
    while (from <= text.size()) {
      size_t nl = text.find('\n', from);
      std::string_view line =
          text.substr(from, nl == std::string_view::npos ? text.npos : nl - from);
      if (RecognizeEmbed(TrimAscii(line, kHtmlSpace))) {
        flush();
        out.append("<p>").append(TrimAscii(line, kHtmlSpace)).append("</p>\n\n");
      } else {
        lines.push_back(line);
      }
      if (nl == std::string_view::npos) break;
      from = nl + 1;
    }
    flush();
  }
  return out;
}

// Shortcodes WordPress sites commonly register; any other [name] is taken
// for a shortcode only when it has attributes or a closing tag, so "[sic]"
// stays text.
bool IsKnownShortcode(std::string_view name) {
  static const std::set<std::string, std::less<>> kKnown = {
      "audio",   "caption",    "contact-form", "contact-form-7", "embed",      "facebook",
      "gallery", "googlemaps", "instagram",    "playlist",       "soundcloud", "tweet",
      "twitter", "video",      "vimeo",        "wp_caption",     "youtube"};
  return kKnown.contains(name);
}

// ShortcodeArgument returns the first argument of a shortcode tag such as
// "[youtube URL]" or Jetpack's "[youtube=URL]", quotes removed.
std::string ShortcodeArgument(std::string_view attrs) {
  attrs = TrimAscii(attrs, kHtmlSpace);
  if (attrs.starts_with('=')) attrs.remove_prefix(1);
  attrs = TrimAscii(attrs, kHtmlSpace);
  if (!attrs.empty() && (attrs.front() == '"' || attrs.front() == '\'')) {
    char quote = attrs.front();
    size_t end = attrs.find(quote, 1);
    return std::string(attrs.substr(1, end == std::string_view::npos ? attrs.npos : end - 1));
  }
  size_t end = 0;
  while (end < attrs.size() && !IsSpace(attrs[end])) ++end;
  return std::string(attrs.substr(0, end));
}

// AttributeValue returns a shortcode attribute (name="value"), or empty.
std::string AttributeValue(std::string_view attrs, std::string_view name) {
  std::string key = std::string(name) + "=\"";
  size_t at = attrs.find(key);
  if (at == std::string_view::npos) return "";
  size_t start = at + key.size();
  size_t end = attrs.find('"', start);
  return std::string(attrs.substr(start, end == std::string_view::npos ? attrs.npos : end - start));
}

std::string ExpandShortcodes(std::string_view in, Notes& notes, int depth);

// Caption turns [caption]<img ...> Caption text[/caption] (the image maybe
// inside a link) into a figure with a figcaption.
std::string Caption(std::string_view attrs, std::string_view content, Notes& notes, int depth) {
  std::string_view body = TrimAscii(content, kHtmlSpace);
  size_t media_end = 0;
  if (StartsWithIgnoreCase(body, "<a")) {
    size_t end = FindI(body, "</a>");
    if (end != std::string::npos) media_end = end + 4;
  } else if (StartsWithIgnoreCase(body, "<img")) {
    size_t end = body.find('>');
    if (end != std::string_view::npos) media_end = end + 1;
  }
  std::string caption = std::string(TrimAscii(body.substr(media_end), kHtmlSpace));
  if (caption.empty()) caption = AttributeValue(attrs, "caption");
  if (media_end == 0) {
    notes.Warn("[caption] without an image kept as text");
    return "\n\n<p>" + ExpandShortcodes(caption, notes, depth + 1) + "</p>\n\n";
  }
  std::string out = "\n\n<figure>" + std::string(body.substr(0, media_end));
  if (!caption.empty()) {
    out += "<figcaption>" + ExpandShortcodes(caption, notes, depth + 1) + "</figcaption>";
  }
  return out + "</figure>\n\n";
}

// ExpandShortcodes replaces WordPress shortcodes ([name attrs] or
// [name attrs]content[/name]); "[[name]]" is WordPress's escape for a
// literal "[name]".
std::string ExpandShortcodes(std::string_view in, Notes& notes, int depth) {
  if (depth > 8) return std::string(in);
  std::string out;
  size_t i = 0;
  while (i < in.size()) {
    if (in[i] != '[') {
      out += in[i++];
      continue;
    }
    if (i + 1 < in.size() && in[i + 1] == '[') {
      size_t end = in.find("]]", i);
      if (end != std::string_view::npos && in.substr(i + 2, end - i - 2).find('[') == in.npos) {
        out.append(in.substr(i + 1, end - i));
        i = end + 2;
        continue;
      }
    }
    size_t name_end = i + 1;
    while (name_end < in.size() && (std::isalnum(static_cast<unsigned char>(in[name_end])) ||
                                    in[name_end] == '_' || in[name_end] == '-')) {
      ++name_end;
    }
    bool named = name_end > i + 1 && std::isalpha(static_cast<unsigned char>(in[i + 1])) &&
                 name_end < in.size() &&
                 (in[name_end] == ']' || in[name_end] == '/' || in[name_end] == '=' ||
                  IsSpace(in[name_end]));
    size_t tag_end = std::string_view::npos;
    if (named) {
      char quote = 0;
      for (size_t k = name_end; k < in.size() && k < name_end + 4096; ++k) {
        char c = in[k];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          break;
        } else if (c == ']') {
          tag_end = k;
          break;
        }
      }
    }
    if (tag_end == std::string_view::npos) {
      out += in[i++];
      continue;
    }
    std::string name = AsciiLower(in.substr(i + 1, name_end - i - 1));
    std::string_view attrs = in.substr(name_end, tag_end - name_end);
    bool self_closing = attrs.ends_with('/');
    if (self_closing) attrs.remove_suffix(1);
    size_t close =
        self_closing
            ? std::string_view::npos
            : in.find("[/" + std::string(in.substr(i + 1, name_end - i - 1)) + "]", tag_end + 1);
    if (!IsKnownShortcode(name) && close == std::string_view::npos &&
        attrs.find('=') == std::string_view::npos) {
      out += in[i++];
      continue;
    }
    std::string_view content;
    size_t next = tag_end + 1;
    if (close != std::string_view::npos) {
      content = in.substr(tag_end + 1, close - tag_end - 1);
      next = close + name.size() + 3;
    }
    if (name == "caption" || name == "wp_caption") {
      out += Caption(attrs, content, notes, depth);
    } else if (name == "embed" || name == "youtube" || name == "tweet" || name == "twitter") {
      std::string url =
          name == "embed" ? std::string(TrimAscii(content, kHtmlSpace)) : ShortcodeArgument(attrs);
      std::optional<Embed> embed = RecognizeEmbed(url);
      if (embed) {
        out += "\n\n<p>" + embed->canonical_url + "</p>\n\n";
      } else if (name == "embed" && !url.empty()) {
        notes.Warn("[embed] of " + url + " kept as a link");
        out += "\n\n<p>" + url + "</p>\n\n";
      } else {
        notes.Warn("dropped shortcode [" + name + "]");
      }
    } else {
      notes.Warn("dropped shortcode [" + name + "]");
      out += ExpandShortcodes(content, notes, depth + 1);
    }
    i = next;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Step 4: the parsed tree.

std::string_view Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

bool IsElement(const xmlNode* n) { return n->type == XML_ELEMENT_NODE; }

bool IsText(const xmlNode* n) {
  return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

std::string_view Content(const xmlNode* n) {
  return n->content ? reinterpret_cast<const char*>(n->content) : "";
}

std::optional<std::string> Attr(const xmlNode* n, const char* name) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (AsciiLower(reinterpret_cast<const char*>(a->name)) != name) continue;
    std::string value;
    for (const xmlNode* c = a->children; c != nullptr; c = c->next) value.append(Content(c));
    return value;
  }
  return std::nullopt;
}

std::string TextContent(const xmlNode* n) {
  if (IsText(n)) return std::string(Content(n));
  std::string out;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) out += TextContent(c);
  return out;
}

std::string CollapseSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (IsSpace(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (space) out += ' ';
  return out;
}

bool HasClass(const xmlNode* n, std::string_view cls) {
  std::string classes = " " + CollapseSpace(Attr(n, "class").value_or("")) + " ";
  return classes.find(" " + std::string(cls) + " ") != std::string::npos;
}

// Elements dropped with everything in them.
bool IsDropped(std::string_view name) {
  static const std::set<std::string, std::less<>> kDropped = {
      "applet",   "audio",    "base",     "button", "canvas", "embed",  "form",   "frame",
      "frameset", "head",     "iframe",   "input",  "link",   "map",    "math",   "meta",
      "noscript", "object",   "option",   "param",  "script", "select", "source", "style",
      "svg",      "template", "textarea", "title",  "track",  "video"};
  return kDropped.contains(name);
}

// Block-level elements (for deciding whether an inline element holds blocks).
bool IsBlock(std::string_view name) {
  static const std::set<std::string, std::less<>> kBlocks = {
      "address", "article", "aside", "blockquote", "caption", "center", "dd",      "details",
      "div",     "dl",      "dt",    "figcaption", "figure",  "footer", "h1",      "h2",
      "h3",      "h4",      "h5",    "h6",         "header",  "hgroup", "hr",      "iframe",
      "li",      "main",    "nav",   "ol",         "p",       "pre",    "section", "summary",
      "table",   "tbody",   "td",    "tfoot",      "th",      "thead",  "tr",      "ul"};
  return kBlocks.contains(name);
}

bool ContainsBlock(const xmlNode* n) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (IsElement(c) && (IsBlock(Name(c)) || ContainsBlock(c))) return true;
  }
  return false;
}

// CleanUrl returns the URL to keep, or nothing when it is unsafe. Browsers
// ignore tabs and newlines anywhere in a URL and spaces at its ends, so
// "jav&#x09;ascript:" (a tab once the parser has read the entity) and
// " JaVaScRiPt:" are seen for what they are. Only http, https and (for
// links) mailto schemes are kept; relative URLs are kept too.
std::optional<std::string> CleanUrl(std::string_view raw, bool image, bool* web) {
  std::string url;
  for (char c : raw) {
    if (c != '\t' && c != '\n' && c != '\r') url += c;
  }
  url = std::string(TrimAscii(url, kHtmlSpace));
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= 0x20) url.erase(0, 1);
  if (url.empty()) return std::nullopt;
  for (char c : url) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return std::nullopt;
  }
  size_t colon = url.find(':');
  size_t first_delim = url.find_first_of("/?#");
  *web = false;
  if (colon != std::string::npos && colon < first_delim) {
    std::string scheme = AsciiLower(url.substr(0, colon));
    if (scheme == "http" || scheme == "https" || (!image && scheme == "mailto")) {
      *web = true;
      return url;
    }
    bool scheme_like =
        std::isalpha(static_cast<unsigned char>(scheme[0])) &&
        std::all_of(scheme.begin(), scheme.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
        });
    if (scheme_like) return std::nullopt;
  }
  return url;  // Relative.
}

// EmbedOf recognises an element that is a YouTube video or a tweet: an
// iframe, a blockquote.twitter-tweet, or a p/div/figure holding nothing but
// such an iframe or a URL (as text or as a link whose text it is).
std::optional<Embed> EmbedOf(const xmlNode* n) {
  std::string_view name = Name(n);
  if (name == "iframe") {
    // Old embed codes use protocol-relative sources ("//www.youtube.com/...").
    std::string src(TrimAscii(Attr(n, "src").value_or(""), kHtmlSpace));
    return RecognizeEmbed(src.starts_with("//") ? "https:" + src : src);
  }
  if (name == "blockquote" && (HasClass(n, "twitter-tweet") || HasClass(n, "twitter-video"))) {
    std::optional<Embed> found;
    std::vector<const xmlNode*> stack = {n};
    while (!stack.empty()) {
      const xmlNode* e = stack.back();
      stack.pop_back();
      if (Name(e) == "a") {
        std::optional<Embed> embed = RecognizeEmbed(Attr(e, "href").value_or(""));
        if (embed && embed->kind == EmbedKind::kTwitter) found = embed;
      }
      for (const xmlNode* c = e->last; c != nullptr; c = c->prev) {
        if (IsElement(c)) stack.push_back(c);
      }
    }
    return found;
  }
  if (name != "p" && name != "div" && name != "figure") return std::nullopt;
  std::optional<Embed> frame;
  bool plain = true;
  std::vector<const xmlNode*> stack = {n};
  while (!stack.empty() && plain) {
    const xmlNode* e = stack.back();
    stack.pop_back();
    for (const xmlNode* c = e->children; c != nullptr; c = c->next) {
      if (!IsElement(c)) continue;
      std::string_view cn = Name(c);
      if (cn == "iframe") {
        if (frame || !(frame = EmbedOf(c))) plain = false;
      } else if (cn == "a" || cn == "div" || cn == "span" || cn == "br" || cn == "p") {
        stack.push_back(c);
      } else {
        plain = false;
      }
    }
  }
  if (!plain) return std::nullopt;
  std::string content = TextContent(n);
  std::string_view text = TrimAscii(content, kHtmlSpace);
  if (text.empty()) return frame;
  if (frame) return std::nullopt;
  return RecognizeEmbed(text);
}

// IsEmbedScript reports whether `n` is the script Twitter's embed code
// loads after a blockquote.twitter-tweet; it has no content to lose.
bool IsEmbedScript(const xmlNode* n) {
  if (Name(n) != "script") return false;
  std::string src = AsciiLower(Attr(n, "src").value_or(""));
  return src.find("//platform.twitter.com/widgets.js") != std::string::npos;
}

// ---------------------------------------------------------------------------
// Markdown.

// UrlRunEnd returns where a URL starting at `i` in `s` ends (at a space or
// a "<"), or `i` when no URL starts there. Trailing punctuation, which the
// autolink leaves out, stays unescaped too: a backslash before it would
// join the URL.
size_t UrlRunEnd(std::string_view s, size_t i) {
  if (i > 0 && std::isalnum(static_cast<unsigned char>(s[i - 1]))) return i;
  std::string_view rest = s.substr(i);
  if (!StartsWithIgnoreCase(rest, "http://") && !StartsWithIgnoreCase(rest, "https://") &&
      !StartsWithIgnoreCase(rest, "www.")) {
    return i;
  }
  size_t end = i;
  while (end < s.size() && !IsSpace(s[end]) && s[end] != '<') ++end;
  return end;
}

// EscapeMarkdown escapes text so that Markdown reads it as text: the
// characters that open inline syntax everywhere, and "&" where it would
// start an entity. Line starts ("# ", "1. ", "- ") are handled per block.
// A URL in running text is left as it is (but for "|", which tables split
// on first): the renderer autolinks it from the raw text, backslashes and
// all.
// In link text (`urls` false) everything is escaped.
std::string EscapeMarkdown(std::string_view s, bool urls = true) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (size_t end = urls ? UrlRunEnd(s, i) : i; end > i) {
      for (; i < end; ++i) {
        if (s[i] == '|') out += '\\';
        out += s[i];
      }
      if (i >= s.size()) break;
    }
    char c = s[i];
    if (std::strchr("\\`*_[]<>|~", c) != nullptr && c != '\0') {
      out += '\\';
    } else if (c == '&') {
      size_t k = i + 1;
      while (k < s.size() && (std::isalnum(static_cast<unsigned char>(s[k])) || s[k] == '#')) ++k;
      if (k > i + 1 && k < s.size() && s[k] == ';') out += '\\';
    }
    out += c;
  }
  return out;
}

// EscapeLineStarts escapes, at the start of each line of a paragraph, what
// would make it a heading, a list item, a rule or a setext underline.
std::string EscapeLineStarts(std::string_view para) {
  std::string out;
  size_t i = 0;
  while (i <= para.size()) {
    size_t nl = para.find('\n', i);
    std::string_view line = para.substr(i, nl == std::string_view::npos ? para.npos : nl - i);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    size_t digits = 0;
    while (digits < line.size() && digits < 10 &&
           std::isdigit(static_cast<unsigned char>(line[digits]))) {
      ++digits;
    }
    if (!line.empty() && std::strchr("#+-=", line.front()) != nullptr) {
      out += '\\';
      out.append(line);
    } else if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
      out.append(line.substr(0, digits)).append("\\").append(line.substr(digits));
    } else {
      out.append(line);
    }
    if (nl == std::string_view::npos) break;
    out += '\n';
    i = nl + 1;
  }
  return out;
}

// Destination writes a URL as a Markdown link destination.
std::string Destination(std::string_view url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case ' ':
        out += "%20";
        break;
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '\\':
        out += "%5C";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Title(const xmlNode* n) {
  std::string title = CollapseSpace(Attr(n, "title").value_or(""));
  if (TrimAscii(title, kHtmlSpace).empty()) return "";
  std::string out = " \"";
  for (char c : TrimAscii(title, kHtmlSpace)) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string CodeSpan(std::string_view code) {
  size_t longest = 0, run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = code.starts_with('`') || code.ends_with('`') || code.empty();
  return fence + (pad ? " " : "") + std::string(code) + (pad ? " " : "") + fence;
}

// A Markdown block and whether it is a list (a list may follow an item's
// first paragraph without making the list loose).
struct Block {
  std::string markdown;
  bool list = false;
};

class MarkdownWriter {
 public:
  explicit MarkdownWriter(Notes& notes) : notes_(notes) {}

  std::string Document(const xmlNode* body) {
    std::vector<Block> blocks = Blocks(body);
    std::string out;
    for (const Block& b : blocks) {
      if (!out.empty()) out += "\n\n";
      out += b.markdown;
    }
    return out.empty() ? out : out + "\n";
  }

 private:
  // Flow collects the blocks of a container and the inline run that will
  // become the next paragraph.
  struct Flow {
    std::vector<Block> blocks;
    std::string run;
    // raw is the unescaped text of `run` while it holds only text, so that
    // a URL standing alone between blocks is seen as an embed.
    std::string raw;
    bool only_text = true;
  };

  std::vector<Block> Blocks(const xmlNode* parent) {
    Flow flow;
    Children(parent, flow);
    EndParagraph(flow);
    return std::move(flow.blocks);
  }

  void EndParagraph(Flow& flow) {
    std::optional<Embed> embed;
    if (flow.only_text) embed = RecognizeEmbed(flow.raw);
    // Spaces moved outside emphasis can double up with their neighbours.
    // Line breaks at the end of a paragraph are not kept (as in HTML).
    // (Trim would take the newline of a trailing "\\\n" and leave its "\\".)
    std::string_view trimmed = flow.run;
    while (trimmed.ends_with(' ')) trimmed.remove_suffix(1);
    while (trimmed.ends_with("\\\n")) {
      trimmed.remove_suffix(2);
      while (trimmed.ends_with(' ')) trimmed.remove_suffix(1);
    }
    trimmed = TrimAscii(trimmed, kHtmlSpace);
    std::string run;
    for (char c : trimmed) {
      if (c != ' ' || run.empty() || run.back() != ' ') run += c;
    }
    // A hard break right after a URL would join its backslash to the URL.
    for (size_t at = run.find("\\\n"); at != std::string::npos; at = run.find("\\\n", at + 3)) {
      size_t word = run.find_last_of(" \n", at == 0 ? 0 : at - 1);
      word = word == std::string::npos ? 0 : word + 1;
      if (UrlRunEnd(run, word) > word) run.insert(at++, " ");
    }
    std::string para = embed ? embed->canonical_url : EscapeLineStarts(run);
    flow.run.clear();
    flow.raw.clear();
    flow.only_text = true;
    if (!TrimAscii(para, kHtmlSpace).empty()) flow.blocks.push_back({para, false});
  }

  void Push(Flow& flow, std::string markdown, bool list = false) {
    EndParagraph(flow);
    if (!markdown.empty()) flow.blocks.push_back({std::move(markdown), list});
  }

  void Drop(const xmlNode* n) {
    notes_.Lossy();
    std::string_view name = Name(n);
    if (name == "iframe") {
      notes_.Warn("dropped <iframe> of " + Attr(n, "src").value_or("(no src)"));
    } else {
      notes_.Warn("dropped <" + std::string(name) + ">");
    }
  }

  void Children(const xmlNode* parent, Flow& flow) {
    for (const xmlNode* c = parent->children; c != nullptr; c = c->next) Node(c, flow);
  }

  void Node(const xmlNode* n, Flow& flow) {
    if (IsText(n)) {
      flow.run += EscapeMarkdown(CollapseSpace(Content(n)));
      flow.raw += Content(n);
      return;
    }
    if (!IsElement(n)) return;
    std::string name(Name(n));
    if (std::optional<Embed> embed = EmbedOf(n)) {
      Push(flow, embed->canonical_url);
      return;
    }
    if (IsDropped(name)) {
      if (!IsEmbedScript(n)) Drop(n);
      return;
    }
    if (name == "p") {
      EndParagraph(flow);
      Children(n, flow);
      EndParagraph(flow);
    } else if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') {
      // The story's title is its h1; a body's h1 is demoted to h2.
      int level = std::max(2, name[1] - '0');
      std::string line = Line(n);
      std::string text(TrimAscii(line, kHtmlSpace));
      if (text.ends_with('#')) text.insert(text.find_last_not_of('#') + 1, "\\");
      if (!text.empty()) Push(flow, std::string(level, '#') + " " + text);
    } else if (name == "ul" || name == "ol") {
      Push(flow, List(n, name == "ol"), true);
    } else if (name == "blockquote") {
      Push(flow, Quote(Blocks(n)));
    } else if (name == "pre") {
      Push(flow, Pre(n));
    } else if (name == "hr") {
      Push(flow, "---");
    } else if (name == "table") {
      Push(flow, Table(n));
    } else if (name == "figure") {
      Figure(n, flow);
    } else if (name == "li") {
      notes_.Lossy();
      Push(flow, List(n, false, /*single=*/true), true);
    } else if (IsBlock(name) || name == "body" || name == "html") {
      // Layout containers (div, section, ...) have no Markdown form; their
      // content stands on its own.
      if (name != "body" && name != "html") notes_.Lossy();
      EndParagraph(flow);
      Children(n, flow);
      EndParagraph(flow);
    } else if (ContainsBlock(n)) {
      if (name != "span" && name != "font") notes_.Lossy();
      flow.only_text = false;
      Children(n, flow);
    } else {
      flow.only_text = false;
      flow.run += Inline(n);
    }
  }

  // Line is the inline Markdown of `n` on one line (headings, table cells).
  std::string Line(const xmlNode* n) {
    std::string text;
    if (ContainsBlock(n)) {
      notes_.Lossy();
      for (const Block& b : Blocks(n)) text += (text.empty() ? "" : " ") + b.markdown;
    } else {
      ++single_line_;
      text = InlineChildren(n);
      --single_line_;
    }
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
  }

  std::string InlineChildren(const xmlNode* n) {
    std::string out;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (IsText(c)) {
        out += EscapeMarkdown(CollapseSpace(Content(c)), in_link_ == 0);
      } else if (IsElement(c)) {
        out += Inline(c);
      }
    }
    return out;
  }

  // Wrap puts `mark` around the inline content of `n`, outside its
  // surrounding spaces (where emphasis could not close).
  std::string Wrap(const xmlNode* n, std::string_view mark) {
    std::string inner = InlineChildren(n);
    std::string_view trimmed = TrimAscii(inner, kHtmlSpace);
    if (trimmed.empty()) return inner.empty() ? "" : " ";
    std::string lead = inner.front() == ' ' ? " " : "";
    std::string trail = inner.back() == ' ' ? " " : "";
    return lead + std::string(mark) + std::string(trimmed) + std::string(mark) + trail;
  }

  std::string Inline(const xmlNode* n) {
    std::string name(Name(n));
    if (IsDropped(name)) {
      if (std::optional<Embed> embed = EmbedOf(n)) return embed->canonical_url;
      Drop(n);
      return "";
    }
    if (name == "strong" || name == "b") return Wrap(n, "**");
    if (name == "em" || name == "i") return Wrap(n, "*");
    if (name == "s" || name == "del" || name == "strike") return Wrap(n, "~~");
    if (name == "br") {
      if (single_line_ > 0) return " ";
      return "\\\n";
    }
    if (name == "code" || name == "tt" || name == "kbd") {
      if (name != "code") notes_.Lossy();
      return CodeSpan(CollapseSpace(TextContent(n)));
    }
    if (name == "a") return Link(n);
    if (name == "img") return Image(n);
    if (name == "span" || name == "font" || name == "time" || name == "o:p") {
      return InlineChildren(n);
    }
    // u, sup, sub, cite, q, abbr, mark, small and anything unknown: the
    // sanitized HTML keeps some of them; Markdown keeps their text.
    notes_.Lossy();
    if (name == "q") return "\"" + InlineChildren(n) + "\"";
    return InlineChildren(n);
  }

  std::string Link(const xmlNode* n) {
    ++in_link_;
    std::string text = InlineChildren(n);
    --in_link_;
    std::optional<std::string> href_attr = Attr(n, "href");
    if (!href_attr) return text;
    bool web = false;
    std::optional<std::string> href = CleanUrl(*href_attr, false, &web);
    if (!href) {
      notes_.Lossy();
      notes_.Warn("dropped unsafe link URL");
      return text;
    }
    if (!web) {
      notes_.Lossy();  // A relative link points into the old site.
      notes_.Warn("relative link kept: " + *href);
    }
    if (TrimAscii(text, kHtmlSpace).empty()) return text;
    std::string plain = CollapseSpace(TextContent(n));
    std::string title = Title(n);
    if (web && title.empty() && TrimAscii(plain, kHtmlSpace) == *href &&
        href->find_first_of(" <>") == std::string::npos &&
        !StartsWithIgnoreCase(*href, "mailto:")) {
      return "<" + *href + ">";
    }
    return "[" + text + "](" + Destination(*href) + title + ")";
  }

  std::string Image(const xmlNode* n) {
    bool web = false;
    std::optional<std::string> src = CleanUrl(Attr(n, "src").value_or(""), true, &web);
    if (!src) {
      notes_.Lossy();
      notes_.Warn("dropped an image with no safe src");
      return "";
    }
    if (!web) {
      notes_.Lossy();
      notes_.Warn("relative image kept: " + *src);
    }
    std::string alt = EscapeMarkdown(CollapseSpace(Attr(n, "alt").value_or("")), false);
    return "![" + std::string(TrimAscii(alt, kHtmlSpace)) + "](" + Destination(*src) + Title(n) +
           ")";
  }

  static std::string Indent(std::string_view text, size_t width) {
    std::string out;
    std::string pad(width, ' ');
    size_t i = 0;
    bool first = true;
    while (i <= text.size()) {
      size_t nl = text.find('\n', i);
      std::string_view line = text.substr(i, nl == std::string_view::npos ? text.npos : nl - i);
      if (!first && !line.empty()) out += pad;
      out.append(line);
      first = false;
      if (nl == std::string_view::npos) break;
      out += '\n';
      i = nl + 1;
    }
    return out;
  }

  std::string List(const xmlNode* n, bool ordered, bool single = false) {
    long number = 1;
    if (ordered) {
      std::string start = Attr(n, "start").value_or("1");
      number =
          std::all_of(start.begin(), start.end(), ::isdigit) && !start.empty() && start.size() < 9
              ? std::stol(start)
              : 1;
    }
    std::vector<std::string> items;
    bool loose = false;
    auto item = [&](const xmlNode* li) {
      std::vector<Block> blocks = Blocks(li);
      std::string marker = ordered ? std::to_string(number++) + ". " : "- ";
      std::string body;
      for (size_t k = 0; k < blocks.size(); ++k) {
        if (k > 0) {
          bool tight = blocks[k].list && !blocks[k - 1].list;
          if (!tight) loose = true;
          body += tight ? "\n" : "\n\n";
        }
        body += blocks[k].markdown;
      }
      items.push_back(body.empty() ? std::string(TrimAscii(marker, kHtmlSpace))
                                   : marker + Indent(body, marker.size()));
    };
    if (single) {
      item(n);
    } else {
      for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
        if (IsElement(c) && Name(c) == "li") {
          item(c);
        } else if ((IsElement(c) && !IsDropped(Name(c))) ||
                   (IsText(c) && !TrimAscii(Content(c), kHtmlSpace).empty())) {
          notes_.Lossy();  // Content outside an <li>.
        }
      }
    }
    std::string out;
    for (const std::string& i : items) out += (out.empty() ? "" : (loose ? "\n\n" : "\n")) + i;
    return out;
  }

  static std::string Quote(const std::vector<Block>& blocks) {
    std::string body;
    for (const Block& b : blocks) body += (body.empty() ? "" : "\n\n") + b.markdown;
    if (body.empty()) return "";
    std::string out = "> ";
    for (char c : body) {
      out += c;
      if (c == '\n') out += "> ";
    }
    std::string cleaned;
    // "> " on an empty line is just ">".
    for (size_t i = 0; i < out.size(); ++i) {
      if (out.compare(i, 3, "> \n") == 0) {
        cleaned += ">\n";
        i += 2;
      } else {
        cleaned += out[i];
      }
    }
    return cleaned;
  }

  std::string Pre(const xmlNode* n) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (IsElement(c) && Name(c) != "code" && Name(c) != "span") notes_.Lossy();
    }
    std::string code = TextContent(n);
    if (code.starts_with('\n')) code.erase(0, 1);
    while (code.ends_with('\n')) code.pop_back();
    size_t longest = 0, run = 0;
    for (char c : code) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    std::string fence(std::max<size_t>(3, longest + 1), '`');
    return fence + "\n" + code + "\n" + fence;
  }

  std::string Table(const xmlNode* n) {
    std::vector<std::vector<std::string>> rows;
    bool header_is_th = false;
    std::vector<const xmlNode*> trs;
    // Stray is content a Markdown table has no place for: text between rows
    // or cells, a caption, a colgroup.
    auto stray = [&](const xmlNode* c) {
      if ((IsElement(c) && !IsDropped(Name(c))) ||
          (IsText(c) && !TrimAscii(Content(c), kHtmlSpace).empty())) {
        notes_.Lossy();
      }
    };
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      std::string_view cn = IsElement(c) ? Name(c) : "";
      if (cn == "tr") {
        trs.push_back(c);
      } else if (cn == "thead" || cn == "tbody" || cn == "tfoot") {
        for (const xmlNode* r = c->children; r != nullptr; r = r->next) {
          if (IsElement(r) && Name(r) == "tr") {
            trs.push_back(r);
          } else {
            stray(r);
          }
        }
      } else {
        stray(c);
      }
    }
    for (const xmlNode* tr : trs) {
      std::vector<std::string> cells;
      bool all_th = true;
      for (const xmlNode* td = tr->children; td != nullptr; td = td->next) {
        if (!IsElement(td) || (Name(td) != "td" && Name(td) != "th")) {
          stray(td);
          continue;
        }
        if (Name(td) != "th") all_th = false;
        if (Attr(td, "colspan").value_or("1") != "1" || Attr(td, "rowspan").value_or("1") != "1") {
          notes_.Lossy();
        }
        for (const xmlNode* b = td->children; b != nullptr; b = b->next) {
          if (IsElement(b) && (Name(b) == "br" || (IsBlock(Name(b)) && Name(b) != "p"))) {
            notes_.Lossy();
          }
        }
        cells.push_back(std::string(TrimAscii(Line(td), kHtmlSpace)));
      }
      if (rows.empty()) header_is_th = all_th && !cells.empty();
      rows.push_back(std::move(cells));
    }
    size_t columns = 0;
    for (const auto& r : rows) columns = std::max(columns, r.size());
    if (columns == 0) return "";
    if (!header_is_th) notes_.Lossy();  // Markdown tables always have a header row.
    auto line = [&](const std::vector<std::string>& cells) {
      std::string out = "|";
      for (size_t k = 0; k < columns; ++k) {
        out += " " + (k < cells.size() ? cells[k] : std::string()) + " |";
      }
      return out;
    };
    std::string out = line(rows[0]) + "\n|";
    for (size_t k = 0; k < columns; ++k) out += " --- |";
    for (size_t r = 1; r < rows.size(); ++r) out += "\n" + line(rows[r]);
    return out;
  }

  // Figure: an image (maybe linked) or a table with an optional caption
  // becomes the image's paragraph (or the table) and the caption's
  // paragraph; anything else is unwrapped.
  void Figure(const xmlNode* n, Flow& flow) {
    const xmlNode* media = nullptr;
    const xmlNode* caption = nullptr;
    bool simple = true;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (IsText(c)) {
        if (!TrimAscii(Content(c), kHtmlSpace).empty()) simple = false;
      } else if (!IsElement(c)) {
        continue;
      } else if (Name(c) == "figcaption" && caption == nullptr) {
        caption = c;
      } else if (media == nullptr && (Name(c) == "img" || Name(c) == "table" ||
                                      (Name(c) == "a" && !ContainsBlock(c)))) {
        media = c;
      } else {
        simple = false;
      }
    }
    if (!simple || media == nullptr) notes_.Lossy();
    EndParagraph(flow);
    if (simple && media != nullptr) {
      Push(flow, Name(media) == "table" ? Table(media) : Inline(media));
      if (caption != nullptr) {
        Children(caption, flow);
        EndParagraph(flow);
      }
      return;
    }
    Children(n, flow);
    EndParagraph(flow);
  }

  Notes& notes_;
  int single_line_ = 0;  // Inside a heading or table cell.
  int in_link_ = 0;      // Inside a link's text.
};

// ---------------------------------------------------------------------------
// Sanitized HTML.

class HtmlWriter {
 public:
  std::string Document(const xmlNode* body) {
    Children(body);
    return std::move(out_);
  }

 private:
  void Children(const xmlNode* n) {
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) Node(c);
  }

  static bool Digits(const std::string& s) {
    return !s.empty() && s.size() < 6 && std::all_of(s.begin(), s.end(), ::isdigit);
  }

  void Node(const xmlNode* n) {
    if (IsText(n)) {
      // Whitespace between blocks is kept only as one line break.
      std::string_view text = Content(n);
      if (std::optional<Embed> embed = RecognizeEmbed(text);
          embed && n->parent != nullptr && !IsInline(Name(n->parent))) {
        Figure(*embed);
        return;
      }
      out_ += TrimAscii(text, kHtmlSpace).empty() && text.find('\n') != text.npos
                  ? "\n"
                  : EscapeHtml(text);
      return;
    }
    if (!IsElement(n)) return;
    std::string name(Name(n));
    if (std::optional<Embed> embed = EmbedOf(n)) {
      Figure(*embed);
      return;
    }
    if (IsDropped(name)) return;
    if (name == "h1") name = "h2";
    static const std::set<std::string, std::less<>> kAllowed = {
        "a",          "abbr",   "b",     "blockquote", "br",  "cite",  "code", "del",    "em",
        "figcaption", "figure", "h2",    "h3",         "h4",  "h5",    "h6",   "hr",     "i",
        "img",        "li",     "ol",    "p",          "pre", "q",     "s",    "strong", "sub",
        "sup",        "table",  "tbody", "td",         "th",  "thead", "tr",   "u",      "ul"};
    if (!kAllowed.contains(name)) {
      // A layout block that holds only inline content reads as a paragraph.
      bool paragraph =
          IsBlock(name) && !ContainsBlock(n) && !TrimAscii(TextContent(n), kHtmlSpace).empty();
      if (paragraph) out_ += "<p>";
      Children(n);
      if (paragraph) out_ += "</p>\n";
      return;
    }
    std::string attrs;
    auto keep = [&](const char* attr, bool digits) {
      std::optional<std::string> v = Attr(n, attr);
      if (v && (!digits || Digits(*v))) {
        attrs += " " + std::string(attr) + "=\"" + EscapeHtml(*v) + "\"";
      }
    };
    bool web = false;
    if (name == "a") {
      if (std::optional<std::string> href = CleanUrl(Attr(n, "href").value_or(""), false, &web);
          href && Attr(n, "href")) {
        attrs += " href=\"" + EscapeHtml(*href) + "\"";
      }
      if (attrs.empty()) {
        Children(n);  // A link without a safe URL is just its text.
        return;
      }
      keep("title", false);
      keep("rel", false);
    } else if (name == "img") {
      std::optional<std::string> src = CleanUrl(Attr(n, "src").value_or(""), true, &web);
      if (!src) return;
      attrs += " src=\"" + EscapeHtml(*src) + "\"";
      keep("alt", false);
      keep("width", true);
      keep("height", true);
      keep("title", false);
    } else if (name == "td" || name == "th") {
      keep("colspan", true);
      keep("rowspan", true);
    } else if (name == "abbr") {
      keep("title", false);
    } else if (name == "ol") {
      keep("start", true);
    }
    out_ += "<" + name + attrs + ">";
    if (name == "br" || name == "hr" || name == "img") {
      if (name != "img") out_ += "\n";
      return;
    }
    Children(n);
    out_ += "</" + name + ">";
    if (IsBlock(name)) out_ += "\n";
  }

  // Figure writes an embed as MarkdownToHtml renders its paragraph.
  void Figure(const Embed& embed) {
    std::string url = EscapeHtml(embed.canonical_url);
    out_ += "<figure class=\"embed embed-" + std::string(EmbedClass(embed.kind)) + "\"><a href=\"" +
            url + "\">" + url + "</a></figure>\n";
  }

  // IsInline reports whether text in an element `name` is part of a line
  // (a URL there is a link, not an embed).
  static bool IsInline(std::string_view name) {
    return name != "body" && name != "div" && name != "section" && name != "article" &&
           name != "figure" && name != "blockquote" && name != "td" && name != "li";
  }

  std::string out_;
};

const xmlNode* FindBody(const xmlNode* n) {
  for (; n != nullptr; n = n->next) {
    if (IsElement(n) && Name(n) == "body") return n;
    if (const xmlNode* found = FindBody(n->children)) return found;
  }
  return nullptr;
}

}  // namespace

WordPressBody ConvertWordPressBody(std::string_view html) {
  WordPressBody result;
  Notes notes;
  bool replaced = false;
  std::string text = ValidUtf8(html, &replaced);
  if (replaced) notes.Warn("replaced invalid UTF-8 or control characters with U+FFFD");
  std::erase(text, '\r');
  bool gutenberg = text.find("<!-- wp:") != std::string::npos;
  text = RemoveBlockComments(text, notes);
  if (!gutenberg && !HasParagraphs(text)) text = AutoParagraphs(text);
  text = ExpandShortcodes(text, notes, 0);

  std::string document =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + text + "</body></html>";
  htmlDocPtr doc =
      htmlReadMemory(document.data(), static_cast<int>(document.size()), nullptr, "UTF-8",
                     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  if (doc != nullptr) {
    if (const xmlNode* body = FindBody(xmlDocGetRootElement(doc))) {
      result.markdown = MarkdownWriter(notes).Document(body);
      result.html = HtmlWriter().Document(body);
    }
    xmlFreeDoc(doc);
  }
  result.lossless = notes.lossless();
  result.warnings = notes.TakeWarnings();
  return result;
}

}  // namespace khabar
