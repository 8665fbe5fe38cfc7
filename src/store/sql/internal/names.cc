#include "store/sql/internal/names.h"

#include <algorithm>
#include <optional>

#include "base/ascii.h"
#include "content/slug.h"
#include "store/sql/dialect.h"
#include "store/sql/values.h"

namespace khabar::sql {
namespace {

// Named builds the fixed SQL for `table`, whose redirects are of `kind`.
NamedTable Named(const std::string& kind, const std::string& table) {
  return NamedTable{
      .noun = kind,
      .table = table,
      .id_by_slug = "SELECT id FROM " + table + " WHERE slug = ?1",
      .id_by_old_slug =
          "SELECT target_id FROM slug_redirects WHERE kind = '" + kind + "' AND old_slug = ?1",
      .insert = "INSERT INTO " + table + " (slug, name) VALUES (?1, ?2) RETURNING id"};
}

// InsertedId steps an INSERT ... RETURNING id.
Result<int64_t> InsertedId(Statement& st, std::string_view what) {
  auto row = st.Step();
  if (!row) return Err(row.error());
  if (!*row) return Internal("inserting a " + std::string(what) + " returned no id");
  return st.Int(0);
}

// FirstId runs a one-parameter lookup.
Result<std::optional<int64_t>> FirstId(Connection& c, const std::string& sql,
                                       std::string_view value) {
  auto st = c.Prepare(sql);
  if (!st) return Err(st.error());
  st->Bind(1, value);
  auto row = st->Step();
  if (!row) return Err(row.error());
  if (!*row) return std::optional<int64_t>();
  return std::optional<int64_t>(st->Int(0));
}

}  // namespace

const NamedTable kSections = Named("section", "sections");
const NamedTable kTags = Named("tag", "tags");
const NamedTable kAuthors = Named("author", "authors");

Result<int64_t> FindOrCreate(Connection& c, const NamedTable& table, std::string_view raw_name) {
  std::string_view name = TrimAscii(raw_name);
  std::string slug = Slugify(name);
  if (slug.empty()) {
    return InvalidArgument(table.noun + " " + Quoted(raw_name) +
                           " has no letters or digits to make a slug from");
  }
  // A current name beats an old slug: after "World" became "Global" and a
  // new "World" was made, "World" means the new one. Each lookup is indexed.
  const std::string id_by_name = "SELECT id FROM " + table.table + " WHERE " +
                                 c.dialect().AsciiCaseEquals("name", "?1") + " ORDER BY id LIMIT 1";
  for (const std::string* sql : {&table.id_by_slug, &id_by_name, &table.id_by_old_slug}) {
    auto found = FirstId(c, *sql, sql == &id_by_name ? name : std::string_view(slug));
    if (!found) return Err(found.error());
    if (*found) return **found;
  }
  // Writers hold the store's write lock, so nobody can take the slug
  // between these lookups and the insert.
  auto st = c.Prepare(table.insert);
  if (!st) return Err(st.error());
  st->Bind(1, slug).Bind(2, name);
  return InsertedId(*st, table.noun);
}

Result<int64_t> FindOrCreateSection(Connection& c, std::string_view raw_name,
                                    const std::string& edition, bool may_create) {
  std::string_view name = TrimAscii(raw_name);
  std::string slug = Slugify(name);
  if (slug.empty()) {
    return InvalidArgument("section " + Quoted(raw_name) +
                           " has no letters or digits to make a slug from");
  }
  // FindOrCreate's order, within the edition.
  const Dialect& d = c.dialect();
  const std::string kLookups[] = {
      "SELECT id FROM sections WHERE slug = ?1 AND edition = ?2",
      "SELECT id FROM sections WHERE " + d.AsciiCaseEquals("name", "?1") +
          " AND edition = ?2 ORDER BY id LIMIT 1",
      "SELECT s.id FROM slug_redirects r JOIN sections s ON s.id = r.target_id"
      " WHERE r.kind = 'section' AND r.old_slug = ?1 AND s.edition = ?2"};
  for (const std::string& sql : kLookups) {
    auto st = c.Prepare(sql);
    if (!st) return Err(st.error());
    st->Bind(1, &sql == &kLookups[1] ? name : std::string_view(slug)).Bind(2, edition);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (*row) return st->Int(0);
  }
  // Sections are an editor's decision: a reporter's unknown name makes
  // none (ResolveNames names the field).
  if (!may_create) {
    return InvalidArgument("there is no section " + Quoted(name) +
                           "; pick an existing one (only editors and admins add sections)");
  }
  // Slugs and names are unique across editions (slugs make URLs).
  {
    auto st = c.Prepare("SELECT edition FROM sections WHERE slug = ?1 OR (" +
                        d.AsciiCaseEquals("name", "?2") + ") LIMIT 1");
    if (!st) return Err(st.error());
    st->Bind(1, slug).Bind(2, name);
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (*row) {
      return InvalidArgument("section " + Quoted(name) + " (slug " + Quoted(slug) +
                             ") belongs to edition " + Quoted(st->Text(0)) + ", not " +
                             Quoted(edition));
    }
  }
  auto st =
      c.Prepare("INSERT INTO sections (slug, name, edition) VALUES (?1, ?2, ?3) RETURNING id");
  if (!st) return Err(st.error());
  st->Bind(1, slug).Bind(2, name).Bind(3, edition);
  return InsertedId(*st, "section");
}

Result<std::vector<int64_t>> FindOrCreateAll(Connection& c, const NamedTable& table,
                                             const std::vector<std::string>& names) {
  std::vector<int64_t> ids;
  for (const std::string& name : names) {
    auto id = FindOrCreate(c, table, name);
    if (!id) return Err(id.error());
    if (std::find(ids.begin(), ids.end(), *id) == ids.end()) ids.push_back(*id);
  }
  return ids;
}

Status ClaimSlug(Connection& c, const NamedTable& table, std::string_view slug) {
  auto st = c.Prepare("DELETE FROM slug_redirects WHERE kind = ?1 AND old_slug = ?2");
  if (!st) return st.error();
  st->Bind(1, table.noun).Bind(2, slug);
  return st->Run();
}

Status RecordRedirect(Connection& c, const NamedTable& table, std::string_view old_slug,
                      int64_t target_id) {
  auto st = c.Prepare(
      "INSERT INTO slug_redirects (kind, old_slug, target_id) VALUES (?1, ?2, ?3)"
      " ON CONFLICT (kind, old_slug) DO UPDATE SET target_id = excluded.target_id");
  if (!st) return st.error();
  st->Bind(1, table.noun).Bind(2, old_slug).Bind(3, target_id);
  return st->Run();
}

}  // namespace khabar::sql
