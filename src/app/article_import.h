// Importing article files (Markdown + YAML front matter) into the store:
// the work behind `khabar article add` and `khabar serve --demo`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "media/media_library.h"
#include "store/store.h"

namespace khabar {

// ImportArticleFile reads `file`, adds its lead image (a path relative to
// the file) to `media` (photographs through the image pipeline: metadata
// stripped, resized renditions made), renders the Markdown body and creates
// the article. On any error nothing is left behind: files of a picture the
// library did not already have are removed. REQUIRES: InitImagePipeline().
// Errors name the file (and the line and key for front matter problems);
// more than `tags_per_story` tags is one ("tags: at most ...").
//
// A section name the edition has no section for adds one (importing is
// an admin's tool, like `khabar section` would be): the outcome names it,
// so the command can say so.
struct ArticleFileImport {
  int64_t id = 0;
  std::optional<std::string> created_section;
};
Result<ArticleFileImport> ImportArticleFile(const std::filesystem::path& file, Store& store,
                                            const MediaLibrary& media, Seconds now,
                                            int tags_per_story);

}  // namespace khabar
