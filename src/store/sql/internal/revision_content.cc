#include "store/sql/internal/revision_content.h"

#include "store/sql/internal/json_text.h"
#include "store/sql/values.h"

namespace khabar::sql {

using nlohmann::json;

Result<std::string> EncodeRevision(const ArticleDraft& d) {
  json j = {
      {"slug", d.slug},
      {"headline", d.headline},
      {"standfirst", d.standfirst},
      {"body_markdown", d.body_markdown},
      {"body_html", d.body_html},
      {"section_name", d.section_name},
      {"author_names", d.author_names},
      {"tag_names", d.tag_names},
      {"image", nullptr},
      {"comments_open", d.comments_open},
      {"breaking", d.breaking},
      {"correction", d.correction},
      {"created_by", nullptr},
  };
  if (d.image) {
    j["image"] = {{"file", d.image->file},     {"caption", d.image->caption},
                  {"credit", d.image->credit}, {"alt", d.image->alt},
                  {"width", d.image->width},   {"height", d.image->height}};
  }
  if (d.created_by) j["created_by"] = *d.created_by;
  return JsonText(j, "the story");
}

Result<ArticleDraft> DecodeRevision(std::string_view text) {
  auto parsed = ParseStoredJson(text, "revision");
  if (!parsed) return Err(parsed.error());
  const json& j = *parsed;
  try {
    ArticleDraft d;
    d.slug = j.value("slug", "");
    d.headline = j.value("headline", "");
    d.standfirst = j.value("standfirst", "");
    d.body_markdown = j.value("body_markdown", "");
    d.body_html = j.value("body_html", "");
    d.section_name = j.value("section_name", "");
    d.author_names = j.value("author_names", std::vector<std::string>{});
    d.tag_names = j.value("tag_names", std::vector<std::string>{});
    if (auto image = j.find("image"); image != j.end() && image->is_object()) {
      d.image = Image{.file = image->value("file", ""),
                      .caption = image->value("caption", ""),
                      .credit = image->value("credit", ""),
                      .alt = image->value("alt", ""),
                      .width = image->value("width", 0),
                      .height = image->value("height", 0)};
    }
    d.comments_open = j.value("comments_open", true);
    d.breaking = j.value("breaking", false);
    d.correction = j.value("correction", "");
    if (auto by = j.find("created_by"); by != j.end() && by->is_number_integer()) {
      d.created_by = by->get<int64_t>();
    }
    return d;
  } catch (const json::exception& e) {
    return Internal(std::string("stored revision has a field of the wrong type: ") + e.what());
  }
}

Status RecordRevision(Connection& c, int64_t article_id, int64_t version,
                      const ArticleDraft& content, std::optional<int64_t> user_id, Seconds at) {
  auto text = EncodeRevision(content);
  if (!text) return text.error();
  // Writers hold the store's write lock, so no other save can number a
  // revision between the max() and the insert. The SELECT list gives the
  // parameters no column to take a type from, hence the casts.
  auto st = c.Prepare(
      "INSERT INTO article_revisions"
      " (article_id, number, version, user_id, saved_at, headline, content)"
      " SELECT CAST(?1 AS BIGINT), coalesce(max(number), 0) + 1, CAST(?2 AS BIGINT),"
      " CAST(?3 AS BIGINT), CAST(?4 AS BIGINT), CAST(?5 AS TEXT), CAST(?6 AS TEXT)"
      " FROM article_revisions WHERE article_id = ?1");
  if (!st) return st.error();
  st->Bind(1, article_id)
      .Bind(2, version)
      .Bind(3, user_id)
      .Bind(4, ToUnix(at))
      .Bind(5, content.headline)
      .Bind(6, *text);
  return st->Run();
}

}  // namespace khabar::sql
