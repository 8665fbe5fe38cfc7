// Sections, tags and authors by name and by slug are written once, in
// store/sql/internal/names.h; these names keep the concepts not yet moved
// there compiling.
#pragma once

#include "store/sql/internal/names.h"

namespace khabar::postgres_internal {

using sql::ClaimSlug;
using sql::FindOrCreate;
using sql::FindOrCreateAll;
using sql::FindOrCreateSection;
using sql::kAuthors;
using sql::kSections;
using sql::kTags;
using sql::NamedTable;
using sql::RecordRedirect;

}  // namespace khabar::postgres_internal
