// Importing article files (Markdown + YAML front matter) into the store:
// the work behind `khabar article add` and `khabar serve --demo`.
#pragma once

#include <filesystem>

#include "base/clock.h"
#include "base/status.h"
#include "media/media_library.h"
#include "store/store.h"

namespace khabar {

// ImportArticleFile reads `file`, copies its lead image (a path relative to
// the file) into `media`, renders the Markdown body and creates the article.
// On any error nothing is left behind: a newly copied image is removed.
// Errors name the file (and the line and key for front matter problems).
Result<int64_t> ImportArticleFile(const std::filesystem::path& file, Store& store,
                                  const MediaLibrary& media, Seconds now);

}  // namespace khabar
