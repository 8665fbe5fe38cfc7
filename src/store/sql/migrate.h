// ApplyMigrations: bringing a database's schema up to date with the steps
// of store/migrations.h, the same way on every backend.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "store/migrations.h"
#include "store/sql/connection.h"

namespace khabar::sql {

// ApplyMigrations applies the steps `c`'s database has not recorded in
// schema_migrations, in order, all in one write transaction: a failure
// half-way leaves the database as it was. `open_sql` is the backend's
// fixed SQL run first in that transaction: it creates schema_migrations
// if missing (it is what records the steps) and takes any lock that keeps
// nodes starting together from migrating at once. `step_sql` picks the
// backend's text of each step (&Migration::sqlite, &Migration::postgres).
// After a step whose rebuilds_search is set, the search index is rebuilt
// once (Dialect::ReindexAllArticles). kInvalidArgument when the database
// records a step this build does not know (a newer khabar wrote it).
Status ApplyMigrations(Connection& c, const std::string& open_sql,
                       std::string_view Migration::*step_sql);

}  // namespace khabar::sql
