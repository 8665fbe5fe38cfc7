#include "store/sql/sql_store.h"

namespace khabar::sql {

Result<std::unique_ptr<Store>> OpenSqlStore(const SqlStoreOpening& opening) {
  if (opening.max_connections < 1) {
    return InvalidArgument(opening.context + ": max_connections must be at least 1");
  }
  if (opening.search_candidates < 1) {
    return InvalidArgument(opening.context + ": search_candidates must be at least 1");
  }
  auto first = opening.open();
  if (!first) return Err(first.error().WithContext(opening.context));
  if (Status s = opening.prepare(**first); !s.ok()) return Err(s.WithContext(opening.context));
  auto pool = std::make_unique<ConnectionPool>(
      opening.open, static_cast<size_t>(opening.max_connections), std::move(*first));
  return std::unique_ptr<Store>(
      std::make_unique<SqlStore>(std::move(pool), opening.search_candidates));
}

}  // namespace khabar::sql
