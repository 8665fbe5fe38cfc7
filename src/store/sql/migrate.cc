#include "store/sql/migrate.h"

#include <cstdint>
#include <set>

#include "store/sql/dialect.h"

namespace khabar::sql {

Status ApplyMigrations(Connection& c, const std::string& open_sql,
                       std::string_view Migration::*step_sql) {
  return InTransaction(c, TxKind::kWrite, [&]() -> Status {
    if (Status s = c.ExecScript(open_sql); !s.ok()) return s;
    std::set<int64_t> applied;
    {
      auto st = c.Prepare("SELECT version FROM schema_migrations");
      if (!st) return st.error();
      if (Status s = ForEachRow(*st, [&] { applied.insert(st->Int(0)); }); !s.ok()) return s;
    }
    if (!applied.empty() && *applied.rbegin() > LatestSchemaVersion()) {
      return Status(Code::kInvalidArgument, "schema version " + std::to_string(*applied.rbegin()) +
                                                " is newer than this build of khabar knows (" +
                                                std::to_string(LatestSchemaVersion()) +
                                                "); it was written by a newer khabar");
    }
    bool rebuild_search = false;
    for (const Migration& m : Migrations()) {
      if (applied.contains(m.id)) continue;
      rebuild_search = rebuild_search || m.rebuilds_search;
      const std::string context = "migration " + std::to_string(m.id);
      if (Status s = c.ExecScript(std::string(m.*step_sql)); !s.ok()) {
        return s.WithContext(context);
      }
      auto st = c.Prepare("INSERT INTO schema_migrations (version, description) VALUES (?1, ?2)");
      if (!st) return st.error();
      st->Bind(1, int64_t{m.id}).Bind(2, m.description);
      if (Status s = st->Run(); !s.ok()) return s.WithContext(context);
    }
    if (rebuild_search) {
      if (Status s = c.dialect().ReindexAllArticles(c); !s.ok()) {
        return s.WithContext("rebuilding the search index");
      }
    }
    return Status();
  });
}

}  // namespace khabar::sql
