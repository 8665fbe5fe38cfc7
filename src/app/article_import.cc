#include "app/article_import.h"

#include <fstream>
#include <sstream>

#include "base/files.h"
#include "content/front_matter.h"
#include "render/markdown.h"

namespace khabar {

Result<int64_t> ImportArticleFile(const std::filesystem::path& file, Store& store,
                                  const MediaLibrary& media, Seconds now) {
  auto text = ReadFile(file);
  if (!text) return InvalidArgument(file.string() + ": cannot read the article file");
  auto parsed = ParseArticleFile(*text, file.string());
  if (!parsed) return Err(parsed.error());
  ArticleDraft& draft = parsed->draft;
  draft.body_html = MarkdownToHtml(draft.body_markdown);

  std::optional<AddedFile> image;
  if (parsed->image_source) {
    std::filesystem::path source(*parsed->image_source);
    if (source.is_relative()) source = file.parent_path() / source;
    auto added = media.AddFile(source, draft.published_at.value_or(now));
    if (!added) return Err(added.error().WithContext(file.string() + ": image.file"));
    image = *added;
    draft.image->file = added->record.file;
  }

  auto id = store.CreateArticle(draft, now);
  if (!id) {
    if (image && image->created) media.Remove(image->record.file);
    return Err(id.error().WithContext(file.string()));
  }
  if (image) {
    // The media index is a convenience for the newsroom; the article is
    // already whole without it, so a duplicate is fine.
    auto m = store.AddMedia(image->record);
    if (!m && m.error().code() != Code::kAlreadyExists) return Err(m.error());
  }
  return *id;
}

}  // namespace khabar
