// SqlStore: the media library. A record's variants are kept as one JSON
// text column: they are always read and written with their original, never
// queried on their own.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/internal/json_text.h"
#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

using nlohmann::json;

const std::string kMediaColumns =
    "SELECT id, file, mime_type, bytes, width, height, created_at, caption, credit, alt,"
    " variants, uploaded_by FROM media";

Result<std::string> EncodeVariants(const std::vector<MediaVariant>& variants) {
  json j = json::array();
  for (const MediaVariant& v : variants) {
    j.push_back(
        {{"file", v.file}, {"mime_type", v.mime_type}, {"width", v.width}, {"height", v.height}});
  }
  return JsonText(j, "media variants");
}

Result<std::vector<MediaVariant>> DecodeVariants(std::string_view text) {
  auto j = ParseStoredJson(text, "media variants");
  if (!j) return Err(j.error());
  try {
    std::vector<MediaVariant> variants;
    for (const json& v : *j) {
      variants.push_back(MediaVariant{.file = v.value("file", ""),
                                      .mime_type = v.value("mime_type", ""),
                                      .width = v.value("width", 0),
                                      .height = v.value("height", 0)});
    }
    return variants;
  } catch (const json::exception& e) {
    return Internal(std::string("stored media variants are malformed: ") + e.what());
  }
}

Result<MediaRecord> ReadMedia(const Statement& st) {
  auto variants = DecodeVariants(st.Text(10));
  if (!variants) return Err(variants.error());
  return MediaRecord{.id = st.Int(0),
                     .file = st.Text(1),
                     .mime_type = st.Text(2),
                     .bytes = st.Int(3),
                     .width = static_cast<int>(st.Int(4)),
                     .height = static_cast<int>(st.Int(5)),
                     .created_at = FromUnix(st.Int(6)),
                     .caption = st.Text(7),
                     .credit = st.Text(8),
                     .alt = st.Text(9),
                     .variants = std::move(*variants),
                     .uploaded_by = OptionalInt(st, 11)};
}

// ReadOneMedia reads the single row a bound `st` selects; kNotFound, naming
// `what`, when there is none.
Result<MediaRecord> ReadOneMedia(Statement& st, const std::string& what) {
  auto row = st.Step();
  if (!row) return Err(row.error());
  if (!*row) return NotFound(what + " not found");
  return ReadMedia(st);
}

}  // namespace

Result<int64_t> SqlStore::AddMedia(const MediaRecord& media) {
  if (media.file.empty()) return InvalidArgument("media: file must not be empty");
  auto variants = EncodeVariants(media.variants);
  if (!variants) return Err(variants.error());
  return Run(TxKind::kWrite, [&](Connection& c) -> Result<int64_t> {
    if (media.uploaded_by) {
      if (Status s = RequireUser(c, *media.uploaded_by, "media"); !s.ok()) return Err(s);
    }
    // A recorded file fails the INSERT (and with it the transaction, which
    // has written nothing).
    auto st = c.Prepare(
        "INSERT INTO media (file, mime_type, bytes, width, height, created_at, caption, credit,"
        " alt, variants, uploaded_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        " RETURNING id");
    if (!st) return Err(st.error());
    st->Bind(1, media.file)
        .Bind(2, media.mime_type)
        .Bind(3, media.bytes)
        .Bind(4, int64_t{media.width})
        .Bind(5, int64_t{media.height})
        .Bind(6, ToUnix(media.created_at))
        .Bind(7, media.caption)
        .Bind(8, media.credit)
        .Bind(9, media.alt)
        .Bind(10, *variants)
        .Bind(11, media.uploaded_by);
    auto row = st->Step();
    if (!row) {
      if (row.error().code() == Code::kAlreadyExists) {
        return Err(Code::kAlreadyExists, "media file " + Quoted(media.file) + " exists");
      }
      return Err(row.error());
    }
    if (!*row) return Internal("add media: INSERT returned no id");
    return st->Int(0);
  });
}

Result<MediaRecord> SqlStore::GetMediaByFile(const std::string& file) {
  return RunOneRead([&](Connection& c) -> Result<MediaRecord> {
    auto st = c.Prepare(kMediaColumns + " WHERE file = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, file);
    return ReadOneMedia(*st, "media file " + Quoted(file));
  });
}

Result<MediaRecord> SqlStore::GetMedia(int64_t id) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<MediaRecord> {
    auto st = c.Prepare(kMediaColumns + " WHERE id = ?1");
    if (!st) return Err(st.error());
    st->Bind(1, id);
    return ReadOneMedia(*st, "media " + std::to_string(id));
  });
}

Result<std::vector<MediaRecord>> SqlStore::ListMedia(int64_t offset, int64_t limit) {
  if (offset < 0) return InvalidArgument("offset must not be negative");
  if (limit < 0) return InvalidArgument("limit must not be negative");
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<MediaRecord>> {
    auto st = c.Prepare(kMediaColumns + " ORDER BY created_at DESC, id DESC LIMIT ?1 OFFSET ?2");
    if (!st) return Err(st.error());
    st->Bind(1, limit).Bind(2, offset);
    std::vector<MediaRecord> out;
    Status s = ForEachRow(*st, [&]() -> Status {
      auto m = ReadMedia(*st);
      if (!m) return m.error();
      out.push_back(std::move(*m));
      return Status();
    });
    if (!s.ok()) return Err(s);
    return out;
  });
}

Status SqlStore::UpdateMediaText(int64_t id, const std::string& caption, const std::string& credit,
                                 const std::string& alt) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare("UPDATE media SET caption = ?2, credit = ?3, alt = ?4 WHERE id = ?1");
    if (!st) return st.error();
    st->Bind(1, id).Bind(2, caption).Bind(3, credit).Bind(4, alt);
    if (Status s = st->Run(); !s.ok()) return s;
    if (st->Affected() == 0) {
      return Status(Code::kNotFound, "media " + std::to_string(id) + " not found");
    }
    return Status();
  });
}

}  // namespace khabar::sql
