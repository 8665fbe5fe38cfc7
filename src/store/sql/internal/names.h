// Sections, tags and authors by name and by slug: the find-or-create that
// article saves use, and the slug redirects that keep old URLs working after
// a rename or a merge.
//
// Invariant: a slug in slug_redirects is never the current slug of a row of
// the same kind. Renames record the slug they vacate; whatever takes a slug
// (a create, a rename) first removes any redirect of it (ClaimSlug).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/sql/connection.h"

namespace khabar::sql {

// NamedTable is the fixed SQL for one kind of named row. (Its lookup by
// name folds case, which each database spells its own way: see
// Dialect::AsciiCaseEquals.)
struct NamedTable {
  std::string noun;            // for messages and slug_redirects.kind: "tag"
  std::string table;           // "tags"
  std::string id_by_slug;      // ?1 current slug -> id
  std::string id_by_old_slug;  // ?1 redirected slug -> id
  std::string insert;          // ?1 slug, ?2 name; RETURNING id
};

extern const NamedTable kSections;
extern const NamedTable kTags;
extern const NamedTable kAuthors;

// FindOrCreate returns the id of the row whose slug is Slugify(name), else
// the row called `name` (case-insensitive for ASCII: a section renamed but
// keeping its slug is still found by its new name), else the row the slug
// redirects to, adding a row (with `name` as typed, trimmed) if there is
// none. Names that differ only in case or punctuation therefore share one
// row, and a story tagged with a merged tag's old name gets the tag it was
// merged into.
Result<int64_t> FindOrCreate(Connection& c, const NamedTable& table, std::string_view raw_name);

// FindOrCreateSection is FindOrCreate for a story's section in `edition`:
// it finds the section of that edition with the slug, the name or the old
// slug, else adds one to the edition when `may_create`. kInvalidArgument
// (naming "section") when the slug or name it would take is another
// edition's section's, or when it finds none and may not create one.
Result<int64_t> FindOrCreateSection(Connection& c, std::string_view raw_name,
                                    const std::string& edition, bool may_create);

// FindOrCreateAll does FindOrCreate for each name, keeping the first
// occurrence of each row in the order given.
Result<std::vector<int64_t>> FindOrCreateAll(Connection& c, const NamedTable& table,
                                             const std::vector<std::string>& names);

// ClaimSlug removes the redirect of `slug` (if any) before a row takes it.
Status ClaimSlug(Connection& c, const NamedTable& table, std::string_view slug);

// RecordRedirect makes `old_slug` find row `target_id`.
Status RecordRedirect(Connection& c, const NamedTable& table, std::string_view old_slug,
                      int64_t target_id);

}  // namespace khabar::sql
