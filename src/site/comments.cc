#include "site/comments.h"

#include <algorithm>

#include "base/ascii.h"

namespace khabar {
namespace {

bool StartsWithAt(std::string_view text, size_t pos, std::string_view prefix) {
  if (pos + prefix.size() > text.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = text[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// LinkStart reports whether a link begins at `pos` (at a word start).
bool LinkStart(std::string_view text, size_t pos) {
  if (pos > 0) {
    char before = text[pos - 1];
    if ((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
        (before >= '0' && before <= '9') || before == '/' || before == '.') {
      return false;
    }
  }
  return StartsWithAt(text, pos, "http://") || StartsWithAt(text, pos, "https://") ||
         StartsWithAt(text, pos, "www.");
}

// LinkEnd finds where a link starting at `pos` ends: at whitespace, a
// quote or an angle bracket, minus trailing punctuation.
size_t LinkEnd(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end < text.size()) {
    char c = text[end];
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '"' || c == '<' || c == '>' ||
        c == '\'') {
      break;
    }
    ++end;
  }
  while (end > pos && std::string_view(".,;:!?)]").find(text[end - 1]) != std::string_view::npos) {
    --end;
  }
  return end;
}

}  // namespace

std::string StripControls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) continue;
    // C1 controls are U+0080..U+009F: 0xC2 then 0x80..0x9F in UTF-8.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      ++i;
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

size_t CharacterCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

int CountLinks(std::string_view text) {
  int n = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (LinkStart(text, i)) {
      ++n;
      i = LinkEnd(text, i);
    }
  }
  return n;
}

bool CommentsOpen(const Article& a, const CommentsSettings& settings, Seconds now) {
  if (!a.comments_open) return false;
  if (settings.close_after_days > 0 && a.published_at &&
      now >= *a.published_at + std::chrono::days(settings.close_after_days)) {
    return false;
  }
  return true;
}

Status CheckComment(const CommentInput& in, const CommentsSettings& settings, const Messages& ui) {
  auto bad = [](std::string m) { return Status(Code::kInvalidArgument, std::move(m)); };
  if (!in.website.empty()) return Status(Code::kPermissionDenied, ui.Format("comment_refused"));
  std::string_view name = TrimAscii(in.name);
  if (name.empty()) return bad(ui.Format("comment_need_name"));
  if (CharacterCount(name) > kMaxCommentNameLength) {
    return bad(
        ui.Format("comment_name_too_long", {{"max", static_cast<int64_t>(kMaxCommentNameLength)}}));
  }
  std::string_view email = TrimAscii(in.email);
  if (!email.empty()) {
    size_t at = email.find('@');
    if (email.size() > kMaxCommentEmailLength || at == std::string_view::npos || at == 0 ||
        email.find('.', at) == std::string_view::npos ||
        email.find(' ') != std::string_view::npos) {
      return bad(ui.Format("comment_bad_email"));
    }
  }
  std::string_view body = TrimAscii(in.body);
  if (body.empty()) return bad(ui.Format("comment_need_body"));
  if (CharacterCount(body) > static_cast<size_t>(settings.max_length)) {
    return bad(ui.Format("comment_too_long", {{"max", int64_t{settings.max_length}}}));
  }
  if (CountLinks(body) > settings.max_links) {
    return bad(ui.Format("comment_too_many_links", {{"max", int64_t{settings.max_links}}}));
  }
  return Status::Ok();
}

std::vector<std::vector<TextSegment>> CommentParagraphs(std::string_view text) {
  std::vector<std::vector<TextSegment>> out;
  text = TrimAscii(text);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t blank = text.find("\n\n", pos);
    size_t blank_crlf = text.find("\r\n\r\n", pos);
    size_t end = std::min(blank, blank_crlf);
    if (end == std::string_view::npos) end = text.size();
    std::string_view para = TrimAscii(text.substr(pos, end - pos));
    pos = end == text.size() ? end : end + (end == blank ? 2 : 4);
    if (para.empty()) continue;
    std::vector<TextSegment> segs;
    size_t at = 0;
    for (size_t i = 0; i < para.size(); ++i) {
      if (!LinkStart(para, i)) continue;
      size_t link_end = LinkEnd(para, i);
      if (link_end == i) continue;
      if (i > at) segs.push_back({std::string(para.substr(at, i - at)), ""});
      std::string url(para.substr(i, link_end - i));
      std::string href = StartsWithAt(url, 0, "www.") ? "https://" + url : url;
      segs.push_back({url, href});
      at = link_end;
      i = link_end - 1;
    }
    if (at < para.size()) segs.push_back({std::string(para.substr(at)), ""});
    out.push_back(std::move(segs));
  }
  return out;
}

Status CheckSameSite(std::string_view origin, std::string_view sec_fetch_site,
                     std::string_view host, std::string_view base_url) {
  const Status refused(Code::kPermissionDenied,
                       "This form did not come from this site. Open the story and try again.");
  if (sec_fetch_site == "cross-site") return refused;
  if (origin.empty()) return Status::Ok();
  if (!host.empty() &&
      (origin == "http://" + std::string(host) || origin == "https://" + std::string(host))) {
    return Status::Ok();
  }
  // The origin of base_url: scheme://host[:port], without any path.
  std::string_view base = base_url;
  if (size_t scheme = base.find("://"); scheme != std::string_view::npos) {
    size_t path = base.find('/', scheme + 3);
    if (path != std::string_view::npos) base = base.substr(0, path);
    if (!base.empty() && origin == base) return Status::Ok();
  }
  return refused;
}

}  // namespace khabar
