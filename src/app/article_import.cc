#include "app/article_import.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/files.h"
#include "content/front_matter.h"
#include "media/media_library.h"
#include "render/markdown.h"

namespace khabar {

namespace {

// AddImage puts a story's picture into the media library: photographs
// (JPEG, PNG, WebP) through the same pipeline as newsroom uploads, so they
// lose their metadata and gain resized renditions; other images (SVG
// illustrations, GIF) as they are.
Result<MediaRecord> AddImage(const std::filesystem::path& source, const MediaLibrary& media,
                             Seconds when) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(source, ec)) {
    return InvalidArgument(source.string() + ": image file not found");
  }
  auto bytes = ReadFile(source);
  if (!bytes) return Err(bytes.error());
  const std::string mime = SniffImageType(*bytes);
  if (mime == "image/jpeg" || mime == "image/png" || mime == "image/webp") {
    return media.AddUpload(source.filename().string(), *bytes, when);
  }
  auto added = media.AddFile(source, when);
  if (!added) return Err(added.error());
  return added->record;
}

}  // namespace

Result<ArticleFileImport> ImportArticleFile(const std::filesystem::path& file, Store& store,
                                            const MediaLibrary& media, Seconds now,
                                            int tags_per_story) {
  auto text = ReadFile(file);
  if (!text) return InvalidArgument(file.string() + ": cannot read the article file");
  auto parsed = ParseArticleFile(*text, file.string());
  if (!parsed) return Err(parsed.error());
  ArticleDraft& draft = parsed->draft;
  draft.body_html = MarkdownToHtml(draft.body_markdown);
  if (Status s = CheckTagCount(draft, tags_per_story); !s.ok()) {
    return Err(s.WithContext(file.string()));
  }
  // The sections there are before, to tell whether the story added one.
  auto sections = store.ListSections(std::nullopt);
  if (!sections) return Err(sections.error());

  std::optional<MediaRecord> image;
  bool image_is_new = false;  // no media record had it: undo it on failure
  if (parsed->image_source) {
    std::filesystem::path source(*parsed->image_source);
    if (source.is_relative()) source = file.parent_path() / source;
    auto added = AddImage(source, media, draft.published_at.value_or(now));
    if (!added) return Err(added.error().WithContext(file.string() + ": image.file"));
    image = *added;
    image_is_new = !store.GetMediaByFile(image->file).has_value();
    draft.image->file = image->file;
    draft.image->width = image->width;
    draft.image->height = image->height;
  }

  auto id = store.CreateArticle(draft, now);
  if (!id) {
    if (image && image_is_new) media.RemoveAll(*image);
    return Err(id.error().WithContext(file.string()));
  }
  if (image) {
    image->caption = draft.image->caption;
    image->credit = draft.image->credit;
    image->alt = draft.image->alt;
    // The media index is what the newsroom's library lists; the same
    // picture imported twice keeps its first record.
    auto m = store.AddMedia(*image);
    if (!m && m.error().code() != Code::kAlreadyExists) return Err(m.error());
  }
  ArticleFileImport outcome{.id = *id, .created_section = std::nullopt};
  auto a = store.GetArticle(*id);
  if (!a) return Err(a.error());
  if (std::none_of(sections->begin(), sections->end(),
                   [&](const Section& s) { return s.id == a->section.id; })) {
    outcome.created_section = a->section.name;
  }
  return outcome;
}

}  // namespace khabar
