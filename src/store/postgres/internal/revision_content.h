// A revision's content as stored is written once, in
// store/sql/internal/revision_content.h; these names keep the concepts not
// yet moved there compiling.
#pragma once

#include "store/sql/internal/revision_content.h"

namespace khabar::postgres_internal {

using sql::DecodeRevision;
using sql::EncodeRevision;
using sql::RecordRevision;

}  // namespace khabar::postgres_internal
