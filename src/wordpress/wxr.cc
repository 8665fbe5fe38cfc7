#include "wordpress/wxr.h"

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

#include "base/ascii.h"

namespace khabar {

Status WxrVisitor::OnSite(const WxrSite&) { return Status::Ok(); }
Status WxrVisitor::OnAuthor(const WxrAuthor&) { return Status::Ok(); }
Status WxrVisitor::OnTerm(const WxrTerm&) { return Status::Ok(); }
Status WxrVisitor::OnItem(const WxrItem&) { return Status::Ok(); }

namespace {

// The file is fed to the push parser in chunks of this size.
constexpr size_t kChunkBytes = 64 * 1024;

// Ns is the namespace of an element, as far as a WXR cares.
enum class Ns { kNone, kWp, kContent, kExcerpt, kDc, kOther };

constexpr std::string_view kWpNamespaces[] = {
    "http://wordpress.org/export/1.2/",
    "http://wordpress.org/export/1.1/",
    "http://wordpress.org/export/1.0/",
};

std::string_view View(const xmlChar* s) {
  return s == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(s));
}

bool IsWpNamespace(std::string_view uri) {
  for (std::string_view wp : kWpNamespaces) {
    if (uri == wp) return true;
  }
  return false;
}

Ns Classify(const xmlChar* uri_chars) {
  std::string_view uri = View(uri_chars);
  if (uri.empty()) return Ns::kNone;
  if (IsWpNamespace(uri)) return Ns::kWp;
  if (uri == "http://purl.org/rss/1.0/modules/content/") return Ns::kContent;
  if (uri == "http://purl.org/dc/elements/1.1/") return Ns::kDc;
  // http://wordpress.org/export/1.2/excerpt/ (and 1.1's).
  if (uri.starts_with("http://wordpress.org/export/1.") && uri.ends_with("/excerpt/")) {
    return Ns::kExcerpt;
  }
  return Ns::kOther;
}

// Frame is one open element.
struct Frame {
  Ns ns;
  std::string_view name;  // libxml2's dictionary owns it for the whole parse
  bool Is(Ns n, std::string_view local) const { return ns == n && name == local; }
};

// Reader holds the state of one ReadWxr: the stack of open elements, the
// text of the innermost one, and the part being built.
class Reader {
 public:
  Reader(std::string file, WxrVisitor& visitor, const WxrReadOptions& options)
      : file_(std::move(file)), visitor_(visitor), options_(options) {}

  Status Run(std::FILE* in);

 private:
  // SAX2 callbacks; `ctx` is the Reader.
  static void StartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                           const xmlChar* uri, int nb_namespaces, const xmlChar** namespaces,
                           int nb_attributes, int nb_defaulted, const xmlChar** attributes);
  static void EndElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                         const xmlChar* uri);
  static void Characters(void* ctx, const xmlChar* chars, int len);
  static void InternalSubset(void* ctx, const xmlChar* name, const xmlChar* external_id,
                             const xmlChar* system_id);
  static void Error(void* ctx, const xmlError* error);

  void Start(Ns ns, std::string_view name, int nb_namespaces, const xmlChar** namespaces,
             int nb_attributes, const xmlChar** attributes);
  void End();
  void SiteField(const Frame& f);
  void AuthorField(const Frame& f);
  void TermField(const Frame& f);
  void ItemField(const Frame& f);
  void MetaField(const Frame& f);
  void CommentField(const Frame& f);
  void SendSite();

  // Fail keeps the first failure and stops the parser.
  void Fail(Status status);
  void FailNotWxr(std::string_view why);
  int Line() const;
  std::string Where(int line) const;

  const std::string file_;
  WxrVisitor& visitor_;
  const WxrReadOptions options_;
  xmlParserCtxtPtr ctxt_ = nullptr;
  Status status_;
  bool failed_ = false;

  std::vector<Frame> stack_;
  std::string text_;  // the text since the innermost element started
  bool saw_channel_ = false;
  bool site_sent_ = false;
  WxrSite site_;
  WxrAuthor author_;
  WxrTerm term_;
  WxrItem item_;
  size_t item_bytes_ = 0;
};

void Reader::Fail(Status status) {
  if (failed_) return;
  failed_ = true;
  status_ = std::move(status);
  xmlStopParser(ctxt_);
}

void Reader::FailNotWxr(std::string_view why) {
  Fail(Status(Code::kInvalidArgument,
              file_ + ": not a WordPress export (WXR): " + std::string(why)));
}

int Reader::Line() const { return ctxt_ == nullptr ? 0 : xmlSAX2GetLineNumber(ctxt_); }

std::string Reader::Where(int line) const {
  return line > 0 ? file_ + ": line " + std::to_string(line) + ": " : file_ + ": ";
}

void Reader::StartElement(void* ctx, const xmlChar* localname, const xmlChar*, const xmlChar* uri,
                          int nb_namespaces, const xmlChar** namespaces, int nb_attributes, int,
                          const xmlChar** attributes) {
  auto* r = static_cast<Reader*>(ctx);
  if (r->failed_) return;
  r->Start(Classify(uri), View(localname), nb_namespaces, namespaces, nb_attributes, attributes);
}

void Reader::EndElement(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* r = static_cast<Reader*>(ctx);
  if (r->failed_) return;
  r->End();
}

void Reader::Characters(void* ctx, const xmlChar* chars, int len) {
  auto* r = static_cast<Reader*>(ctx);
  if (r->failed_ || len <= 0) return;
  // Text outside an item is small in a real export; inside one it counts
  // towards the item's cap. Either way it may not grow without bound.
  r->text_.append(reinterpret_cast<const char*>(chars), static_cast<size_t>(len));
  bool in_item = r->stack_.size() >= 3 && r->stack_[2].Is(Ns::kNone, "item");
  if (in_item) r->item_bytes_ += static_cast<size_t>(len);
  const size_t max = r->options_.max_item_bytes;
  if (r->text_.size() > max || r->item_bytes_ > max) {
    r->Fail(Status(Code::kInvalidArgument, r->Where(in_item ? r->item_.line : r->Line()) +
                                               (in_item ? "item" : "element") + " larger than " +
                                               std::to_string(max) + " bytes"));
  }
}

void Reader::InternalSubset(void* ctx, const xmlChar* name, const xmlChar*, const xmlChar*) {
  auto* r = static_cast<Reader*>(ctx);
  if (r->failed_) return;
  // Refused before its internal subset is parsed, so no entity it declares
  // is ever expanded.
  r->FailNotWxr("line " + std::to_string(r->Line()) +
                ": it has a document type declaration (<!DOCTYPE " + std::string(View(name)) +
                ">); a WordPress export has none");
}

void Reader::Error(void* ctx, const xmlError* error) {
  auto* r = static_cast<Reader*>(ctx);
  if (r->failed_ || error == nullptr || error->level < XML_ERR_ERROR) return;
  std::string message = error->message != nullptr ? error->message : "XML error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  // Where the push parser meets the end of the input with elements still
  // open it says "Extra content at the end of the document"; say what
  // happened instead.
  if (error->code == XML_ERR_DOCUMENT_END && !r->stack_.empty()) {
    bool in_item = r->stack_.size() >= 3 && r->stack_[2].Is(Ns::kNone, "item");
    message = in_item ? "the file ends inside <item> of line " + std::to_string(r->item_.line)
                      : "the file ends before </" + std::string(r->stack_.back().name) + ">";
    message += " (truncated?)";
  }
  r->Fail(Status(Code::kInvalidArgument, r->Where(error->line) + message));
}

void Reader::Start(Ns ns, std::string_view name, int nb_namespaces, const xmlChar** namespaces,
                   int nb_attributes, const xmlChar** attributes) {
  text_.clear();
  const size_t depth = stack_.size();
  if (depth == 0) {
    if (ns != Ns::kNone || name != "rss") {
      FailNotWxr("the root element is <" + std::string(name) + ">, not <rss>");
      return;
    }
    // namespaces holds (prefix, URI) pairs.
    bool wp = false;
    for (int i = 0; i < nb_namespaces; ++i) {
      if (IsWpNamespace(View(namespaces[2 * i + 1]))) wp = true;
    }
    if (!wp) {
      FailNotWxr("<rss> declares no WordPress namespace (" + std::string(kWpNamespaces[0]) +
                 "); is it a feed?");
      return;
    }
  } else if (depth == 1) {
    if (stack_[0].name == "rss" && ns == Ns::kNone && name == "channel") saw_channel_ = true;
  } else if (depth == 2 && stack_[1].Is(Ns::kNone, "channel")) {
    if (ns == Ns::kNone && name == "item") {
      SendSite();
      item_ = WxrItem();
      item_.line = Line();
      item_bytes_ = 0;
    } else if (ns == Ns::kWp && name == "author") {
      SendSite();
      author_ = WxrAuthor();
    } else if (ns == Ns::kWp && (name == "category" || name == "tag" || name == "term")) {
      SendSite();
      term_ = WxrTerm();
      term_.kind = name == "category" ? "category" : name == "tag" ? "post_tag" : "";
    }
  } else if (depth == 3 && stack_[2].Is(Ns::kNone, "item")) {
    if (ns == Ns::kWp && name == "postmeta") {
      item_.postmeta.emplace_back();
    } else if (ns == Ns::kWp && name == "comment") {
      item_.comments.emplace_back();
    } else if (ns == Ns::kNone && name == "category") {
      WxrItemTerm& term = item_.categories.emplace_back();
      // attributes holds (localname, prefix, URI, value, end) quintuples.
      for (int i = 0; i < nb_attributes; ++i) {
        const xmlChar** a = attributes + 5 * i;
        if (a[2] != nullptr) continue;
        std::string value(reinterpret_cast<const char*>(a[3]), static_cast<size_t>(a[4] - a[3]));
        std::string_view attr = View(a[0]);
        if (attr == "domain") term.domain = std::string(TrimAscii(std::move(value)));
        if (attr == "nicename") term.nicename = std::string(TrimAscii(std::move(value)));
      }
    }
  }
  if (failed_) return;
  stack_.push_back(Frame{ns, name});
}

void Reader::End() {
  if (stack_.empty()) return;
  const Frame f = stack_.back();
  stack_.pop_back();
  const size_t depth = stack_.size();  // of `f`: 0 for the root
  if (depth == 2 && stack_[1].Is(Ns::kNone, "channel")) {
    Status s;
    if (f.Is(Ns::kNone, "item")) {
      s = visitor_.OnItem(item_);
      item_ = WxrItem();  // free the item's memory now, not at the next one
    } else if (f.Is(Ns::kWp, "author")) {
      s = visitor_.OnAuthor(author_);
    } else if (f.Is(Ns::kWp, "category") || f.Is(Ns::kWp, "tag") || f.Is(Ns::kWp, "term")) {
      s = visitor_.OnTerm(term_);
    } else {
      SiteField(f);
    }
    if (!s.ok()) Fail(std::move(s));
  } else if (depth == 1 && f.Is(Ns::kNone, "channel")) {
    SendSite();  // a channel with no authors, terms or items
  } else if (depth == 3) {
    const Frame& parent = stack_[2];
    if (!stack_[1].Is(Ns::kNone, "channel")) {
      // not in the channel: nothing of ours
    } else if (parent.Is(Ns::kNone, "item")) {
      ItemField(f);
    } else if (parent.Is(Ns::kWp, "author")) {
      AuthorField(f);
    } else if (parent.ns == Ns::kWp &&
               (parent.name == "category" || parent.name == "tag" || parent.name == "term")) {
      TermField(f);
    }
  } else if (depth == 4 && stack_[2].Is(Ns::kNone, "item") && stack_[1].Is(Ns::kNone, "channel")) {
    if (stack_[3].Is(Ns::kWp, "postmeta")) {
      MetaField(f);
    } else if (stack_[3].Is(Ns::kWp, "comment")) {
      CommentField(f);
    }
  }
  text_.clear();
}

void Reader::SendSite() {
  if (site_sent_ || failed_) return;
  site_sent_ = true;
  Status s = visitor_.OnSite(site_);
  if (!s.ok()) Fail(std::move(s));
}

void Reader::SiteField(const Frame& f) {
  if (site_sent_) return;
  if (f.ns == Ns::kNone) {
    if (f.name == "title") site_.title = std::move(text_);
    if (f.name == "link") site_.link = std::string(TrimAscii(std::move(text_)));
    if (f.name == "language") site_.language = std::string(TrimAscii(std::move(text_)));
  } else if (f.ns == Ns::kWp) {
    if (f.name == "base_site_url") site_.base_site_url = std::string(TrimAscii(std::move(text_)));
    if (f.name == "base_blog_url") site_.base_blog_url = std::string(TrimAscii(std::move(text_)));
    if (f.name == "wxr_version") site_.wxr_version = std::string(TrimAscii(std::move(text_)));
  }
}

void Reader::AuthorField(const Frame& f) {
  if (f.ns != Ns::kWp) return;
  std::string_view n = f.name;
  if (n == "author_id") author_.id = std::string(TrimAscii(std::move(text_)));
  if (n == "author_login") author_.login = std::string(TrimAscii(std::move(text_)));
  if (n == "author_email") author_.email = std::string(TrimAscii(std::move(text_)));
  if (n == "author_display_name") author_.display_name = std::move(text_);
  if (n == "author_first_name") author_.first_name = std::move(text_);
  if (n == "author_last_name") author_.last_name = std::move(text_);
}

void Reader::TermField(const Frame& f) {
  if (f.ns != Ns::kWp) return;
  std::string_view n = f.name;
  if (n == "term_id") term_.id = std::string(TrimAscii(std::move(text_)));
  if (n == "term_taxonomy") term_.kind = std::string(TrimAscii(std::move(text_)));
  if (n == "category_nicename" || n == "tag_slug" || n == "term_slug") {
    term_.slug = std::string(TrimAscii(std::move(text_)));
  }
  if (n == "cat_name" || n == "tag_name" || n == "term_name") term_.name = std::move(text_);
  if (n == "category_parent" || n == "term_parent")
    term_.parent_slug = std::string(TrimAscii(std::move(text_)));
  if (n == "category_description" || n == "tag_description" || n == "term_description") {
    term_.description = std::move(text_);
  }
}

void Reader::ItemField(const Frame& f) {
  std::string_view n = f.name;
  WxrItem& it = item_;
  switch (f.ns) {
    case Ns::kNone:
      if (n == "title") it.title = std::move(text_);
      if (n == "link") it.link = std::string(TrimAscii(std::move(text_)));
      if (n == "guid") it.guid = std::string(TrimAscii(std::move(text_)));
      if (n == "category" && !it.categories.empty()) it.categories.back().name = std::move(text_);
      break;
    case Ns::kContent:
      if (n == "encoded") it.content = std::move(text_);
      break;
    case Ns::kExcerpt:
      if (n == "encoded") it.excerpt = std::move(text_);
      break;
    case Ns::kDc:
      if (n == "creator") it.creator = std::string(TrimAscii(std::move(text_)));
      break;
    case Ns::kWp:
      if (n == "post_id") it.post_id = std::string(TrimAscii(std::move(text_)));
      if (n == "post_type") it.post_type = std::string(TrimAscii(std::move(text_)));
      if (n == "status") it.status = std::string(TrimAscii(std::move(text_)));
      if (n == "post_name") it.post_name = std::string(TrimAscii(std::move(text_)));
      if (n == "post_date") it.post_date = std::string(TrimAscii(std::move(text_)));
      if (n == "post_date_gmt") it.post_date_gmt = std::string(TrimAscii(std::move(text_)));
      if (n == "comment_status") it.comment_status = std::string(TrimAscii(std::move(text_)));
      if (n == "post_parent") it.parent_id = std::string(TrimAscii(std::move(text_)));
      if (n == "menu_order") it.menu_order = std::string(TrimAscii(std::move(text_)));
      if (n == "post_password") it.post_password = std::move(text_);
      if (n == "is_sticky") it.is_sticky = std::string(TrimAscii(std::move(text_)));
      if (n == "attachment_url") it.attachment_url = std::string(TrimAscii(std::move(text_)));
      break;
    case Ns::kOther:
      break;
  }
}

void Reader::MetaField(const Frame& f) {
  if (f.ns != Ns::kWp || item_.postmeta.empty()) return;
  if (f.name == "meta_key") item_.postmeta.back().key = std::string(TrimAscii(std::move(text_)));
  if (f.name == "meta_value") item_.postmeta.back().value = std::move(text_);
}

void Reader::CommentField(const Frame& f) {
  if (f.ns != Ns::kWp || item_.comments.empty()) return;
  WxrComment& c = item_.comments.back();
  std::string_view n = f.name;
  if (n == "comment_id") c.id = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_author") c.author = std::move(text_);
  if (n == "comment_author_email") c.email = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_author_url") c.url = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_author_IP") c.ip = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_date") c.date = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_date_gmt") c.date_gmt = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_content") c.content = std::move(text_);
  if (n == "comment_approved") c.approved = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_type") c.type = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_parent") c.parent_id = std::string(TrimAscii(std::move(text_)));
  if (n == "comment_user_id") c.user_id = std::string(TrimAscii(std::move(text_)));
}

Status Reader::Run(std::FILE* in) {
  xmlSAXHandler sax;
  std::memset(&sax, 0, sizeof sax);
  sax.initialized = XML_SAX2_MAGIC;
  sax.startElementNs = StartElement;
  sax.endElementNs = EndElement;
  sax.characters = Characters;
  sax.cdataBlock = Characters;
  sax.ignorableWhitespace = Characters;
  sax.internalSubset = InternalSubset;
  // libxml2 2.12 made the error const; a generic lambda fits either.
  sax.serror = [](void* ctx, auto* error) { Error(ctx, error); };

  auto buffer = std::make_unique<char[]>(kChunkBytes);
  size_t n = std::fread(buffer.get(), 1, kChunkBytes, in);
  // The first bytes let libxml2 detect the encoding before the declaration.
  int first = static_cast<int>(n < 4 ? n : 4);
  ctxt_ = xmlCreatePushParserCtxt(&sax, this, buffer.get(), first, file_.c_str());
  if (ctxt_ == nullptr) return Status(Code::kInternal, file_ + ": cannot create an XML parser");
  std::unique_ptr<xmlParserCtxt, void (*)(xmlParserCtxtPtr)> owner(ctxt_, xmlFreeParserCtxt);
  // No network, no DTD loading or validation (the defaults), and the five
  // predefined entities and character references replaced in attribute
  // values too; documents that declare entities are refused (InternalSubset).
  // HUGE lifts libxml2's 10 MB limits (without it a CDATA section over 10 MB
  // fails with "Huge input lookup"): a post with pasted base64 images can be
  // larger, and options_.max_item_bytes bounds it instead.
  xmlCtxtUseOptions(ctxt_, XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_HUGE);

  size_t offset = static_cast<size_t>(first);
  while (!failed_) {
    if (offset < n) {
      int rc = xmlParseChunk(ctxt_, buffer.get() + offset, static_cast<int>(n - offset), 0);
      if (rc != 0 && !failed_) {
        Fail(Status(Code::kInvalidArgument, Where(Line()) + "XML error " + std::to_string(rc)));
      }
    }
    if (failed_) break;
    if (n < kChunkBytes) {
      if (std::ferror(in)) {
        return Status(Code::kInvalidArgument, file_ + ": read error: " + std::strerror(errno));
      }
      int rc = xmlParseChunk(ctxt_, nullptr, 0, 1);
      if (rc != 0 && !failed_) {
        Fail(Status(Code::kInvalidArgument, Where(Line()) + "XML error " + std::to_string(rc)));
      }
      break;
    }
    n = std::fread(buffer.get(), 1, kChunkBytes, in);
    offset = 0;
  }
  if (failed_) return status_;
  if (!saw_channel_) FailNotWxr("<rss> has no <channel>");
  return status_;
}

}  // namespace

Status ReadWxr(const std::filesystem::path& file, WxrVisitor& visitor,
               const WxrReadOptions& options) {
  // libxml2's global state is set up once, before any parser exists, so
  // that files may be read on several threads at once.
  static const bool initialized = (xmlInitParser(), true);
  (void)initialized;
  std::string name = file.string();
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(name.c_str(), "rb"), std::fclose);
  if (in == nullptr) {
    return Status(Code::kInvalidArgument, name + ": cannot open: " + std::strerror(errno));
  }
  if (std::filesystem::is_directory(file)) {
    return Status(Code::kInvalidArgument, name + ": is a directory");
  }
  Reader reader(name, visitor, options);
  return reader.Run(in.get());
}

}  // namespace khabar
