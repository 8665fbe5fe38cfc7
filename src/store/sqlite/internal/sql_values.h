// Small helpers every part of SqliteStore shares: converting times and
// flags to and from columns, quoting names in messages, and stepping through
// rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "base/clock.h"
#include "base/status.h"
#include "content/account.h"
#include "content/article.h"
#include "store/sql/values.h"
#include "store/sqlite/internal/connection.h"

namespace khabar::sqlite_internal {

// The shared helpers: store/sql/values.h.
using sql::Flag;
using sql::FromUnix;
using sql::OptionalInt;
using sql::OptionalTime;
using sql::RequireUser;
using sql::ToUnix;
using sql::UserExists;
// Quoted, TrimSpace, IsValidRole, ReadStatus and ReadRole are the same for
// every backend: store/sql/values.h.
using sql::IsValidRole;
using sql::Quoted;
using sql::ReadRole;
using sql::ReadStatus;
using sql::TrimSpace;

// RowChanges is how many rows the connection's last statement changed.
int64_t RowChanges(Connection& c);
// LastInsertId is the rowid the connection's last INSERT made.
int64_t LastInsertId(Connection& c);

}  // namespace khabar::sqlite_internal
