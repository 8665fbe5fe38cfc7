#include "content/article.h"

#include <algorithm>
#include <array>

#include "content/slug.h"

namespace khabar {
namespace {

constexpr std::array<std::pair<ArticleStatus, std::string_view>, 5> kStatusNames = {{
    {ArticleStatus::kDraft, "draft"},
    {ArticleStatus::kSubmitted, "submitted"},
    {ArticleStatus::kScheduled, "scheduled"},
    {ArticleStatus::kPublished, "published"},
    {ArticleStatus::kUnpublished, "unpublished"},
}};

// Limits keep one story from filling the database or the page by mistake.
constexpr size_t kMaxHeadline = 300;
constexpr size_t kMaxStandfirst = 1000;
constexpr size_t kMaxName = 200;
constexpr size_t kMaxImageText = 2000;

Status TooLong(std::string_view field, size_t limit) {
  return Status(Code::kInvalidArgument,
                std::string(field) + " is longer than " + std::to_string(limit) + " bytes");
}

}  // namespace

Status BodyTooLong() { return TooLong("body", kMaxBodyBytes); }

std::string_view ArticleStatusName(ArticleStatus s) {
  for (const auto& [status, name] : kStatusNames) {
    if (status == s) return name;
  }
  return "draft";
}

Result<ArticleStatus> ParseArticleStatus(std::string_view name) {
  for (const auto& [status, n] : kStatusNames) {
    if (n == name) return status;
  }
  return InvalidArgument("unknown article status '" + std::string(name) +
                         "' (expected draft, submitted, scheduled, published or unpublished)");
}

bool IsValidEditionKey(std::string_view key) {
  if (key.size() > kMaxEditionKey) return false;
  for (char ch : key) {
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-')) return false;
  }
  return true;
}

Status CheckTagCount(const ArticleDraft& d, int max_tags) {
  if (d.tag_names.size() <= static_cast<size_t>(std::max(max_tags, 0))) return Status::Ok();
  return Status(Code::kInvalidArgument, "tags: at most " + std::to_string(max_tags) +
                                            " per story (this one has " +
                                            std::to_string(d.tag_names.size()) + ")");
}

Status ValidateDraft(const ArticleDraft& d) {
  if (!IsValidEditionKey(d.edition)) {
    return Status(Code::kInvalidArgument,
                  "edition '" + d.edition + "' is not an edition key (up to " +
                      std::to_string(kMaxEditionKey) + " of a-z, 0-9 and '-', e.g. 'ur')");
  }
  if (d.headline.empty()) return Status(Code::kInvalidArgument, "headline is empty");
  if (d.headline.size() > kMaxHeadline) return TooLong("headline", kMaxHeadline);
  if (d.standfirst.size() > kMaxStandfirst) return TooLong("standfirst", kMaxStandfirst);
  if (d.body_markdown.size() > kMaxBodyBytes) return BodyTooLong();
  if (d.section_name.empty()) return Status(Code::kInvalidArgument, "section is empty");
  if (d.section_name.size() > kMaxName) return TooLong("section", kMaxName);
  if (Slugify(d.section_name).empty()) {
    return Status(Code::kInvalidArgument,
                  "section '" + d.section_name + "' has no letters or digits for a URL");
  }
  if (!d.slug.empty() && !IsValidSlug(d.slug)) {
    return Status(Code::kInvalidArgument, "slug '" + d.slug +
                                              "' is not a URL slug (lower-case letters, digits "
                                              "and single dashes, e.g. 'budget-2024')");
  }
  if (d.slug.empty() && Slugify(d.headline).empty()) {
    return Status(Code::kInvalidArgument, "headline has no letters or digits to make a slug");
  }
  for (const auto& a : d.author_names) {
    if (a.empty() || a.size() > kMaxName || Slugify(a).empty()) {
      return Status(Code::kInvalidArgument, "author name '" + a + "' is empty or unusable");
    }
  }
  if (Status s = CheckTagCount(d, kMaxTagsCeiling); !s.ok()) return s;
  for (const auto& t : d.tag_names) {
    if (t.empty() || t.size() > kMaxName || Slugify(t).empty()) {
      return Status(Code::kInvalidArgument, "tag '" + t + "' is empty or unusable");
    }
  }
  if (d.image) {
    if (d.image->file.empty()) return Status(Code::kInvalidArgument, "image.file is empty");
    if (d.image->caption.size() > kMaxImageText) return TooLong("image.caption", kMaxImageText);
    if (d.image->credit.size() > kMaxName) return TooLong("image.credit", kMaxName);
    if (d.image->alt.size() > kMaxImageText) return TooLong("image.alt", kMaxImageText);
  }
  if ((d.status == ArticleStatus::kPublished || d.status == ArticleStatus::kScheduled) &&
      !d.published_at) {
    return Status(Code::kInvalidArgument, "a published or scheduled story needs a published time");
  }
  return Status::Ok();
}

bool IsLive(const Article& a, Seconds now) {
  return a.status == ArticleStatus::kPublished && a.published_at && *a.published_at <= now;
}

}  // namespace khabar
