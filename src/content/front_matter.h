// Article files: Markdown with YAML front matter, as in
// ../shared/seed/article.md. Parsing is pure; reading the file and copying
// the image is the caller's job.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "content/article.h"

namespace khabar {

// ArticleFile is a parsed article file. draft.body_html is left empty: the
// renderer fills it. image_source is the image path as written in the file
// (relative to the file), present when the front matter has `image`.
struct ArticleFile {
  ArticleDraft draft;
  std::optional<std::string> image_source;
};

// ParseArticleFile parses front matter keys headline, standfirst, slug,
// section, authors, tags, published, comments (open|closed), status,
// edition (an [[editions]] key; absent: the main edition), translation_of
// (the number of the story this one translates), and image {file,
// caption, credit, alt}; the rest of the text is the Markdown
// body. Status defaults to published when `published` is given, else draft.
// Errors name `origin`, the line and the key:
//   "article.md:7: published: '28/10/2023' is not an ISO 8601 time (...)".
Result<ArticleFile> ParseArticleFile(std::string_view text, std::string_view origin);

}  // namespace khabar
