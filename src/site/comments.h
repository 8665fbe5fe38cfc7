// Reader comments: the rules a comment must pass before it is stored, and
// how its plain text is shown. Pure functions; the handler does the I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "config/settings.h"
#include "content/article.h"
#include "render/messages.h"
#include "site/follow_line.h"

namespace khabar {

// CommentInput is the comment form as posted.
struct CommentInput {
  std::string name;
  std::string email;
  std::string body;
  std::string website;  // the honeypot: hidden from people, filled by bots
  std::optional<int64_t> parent_id;
};

// kMaxNameLength and kMaxEmailLength bound the short fields (characters).
inline constexpr size_t kMaxCommentNameLength = 80;
inline constexpr size_t kMaxCommentEmailLength = 200;

// CommentsOpen reports whether readers may comment on `a` at `now`: the
// story's own switch, and [comments] close_after_days after publication.
bool CommentsOpen(const Article& a, const CommentsSettings& settings, Seconds now);

// CheckComment applies the form rules: honeypot empty (kPermissionDenied,
// so a bot learns nothing useful), name 1..80 characters, email empty or
// plausible, text 1..max_length characters, at most max_links links. The
// message says what to fix, for a person, in `ui`'s language (the theme's
// comment_* messages).
Status CheckComment(const CommentInput& in, const CommentsSettings& settings, const Messages& ui);

// CheckSameSite refuses (kPermissionDenied) a reader's form post that a
// page of another site made the browser send: Sec-Fetch-Site "cross-site",
// or an Origin that is neither this host (`host`, the Host header, over
// http or https) nor the origin of `base_url`. A request saying neither
// (an old browser, a script) is let through: the readers' forms carry no
// session, so this stops forged posts from browsers, not robots.
Status CheckSameSite(std::string_view origin, std::string_view sec_fetch_site,
                     std::string_view host, std::string_view base_url);

// StripControls removes C0 controls other than tab and newline (NUL, ESC,
// CR...), DEL and C1 controls (U+0080..U+009F) from UTF-8 `text`: a
// reader's name and words are plain text, and these would only hide or
// garble what moderators see (a terminal escape, a NUL cutting a line).
std::string StripControls(std::string_view text);

// CountLinks counts http://, https:// and www. links in `text`.
int CountLinks(std::string_view text);

// CharacterCount counts the code points of UTF-8 `text`.
size_t CharacterCount(std::string_view text);

// CommentParagraphs splits plain text into paragraphs (at blank lines),
// each a list of segments where web addresses carry an href (http(s) only;
// "www." gets "https://"), for a template to escape and link with
// rel="nofollow ugc".
std::vector<std::vector<TextSegment>> CommentParagraphs(std::string_view text);

}  // namespace khabar
