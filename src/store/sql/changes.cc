// SqlStore: the change journal. Triggers write it (migrations.cc,
// kChangesSqlite and kChangesPostgres); these methods only read and prune
// it.
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "store/sql/sql_store.h"
#include "store/sql/values.h"

namespace khabar::sql {

namespace {

std::optional<StoreChange::Kind> ParseKind(std::string_view text) {
  using K = StoreChange::Kind;
  static constexpr std::pair<std::string_view, K> kNames[] = {
      {"story", K::kStory},       {"listing", K::kListing},  {"section", K::kSection},
      {"tag", K::kTag},           {"author", K::kAuthor},    {"media", K::kMedia},
      {"settings", K::kSettings}, {"calendar", K::kCalendar}};
  for (const auto& [name, kind] : kNames) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<StoreChange>> SqlStore::ListChanges(int64_t after, int64_t limit) {
  return RunOneRead([&](Connection& c) -> Result<std::vector<StoreChange>> {
    auto st = c.Prepare(
        "SELECT seq, kind, ref FROM changes WHERE seq > ?1 ORDER BY seq LIMIT CAST(?2 AS BIGINT)");
    if (!st) return Err(st.error());
    // No limit is the largest one: SQLite refuses a NULL LIMIT and
    // PostgreSQL a negative one.
    st->Bind(1, after).Bind(2, limit < 0 ? std::numeric_limits<int64_t>::max() : limit);
    std::vector<StoreChange> out;
    Status bad;
    Status s = ForEachRow(*st, [&] {
      auto kind = ParseKind(st->Text(1));
      if (!kind) {
        bad = Status(Code::kInternal, "change " + std::to_string(st->Int(0)) + ": unknown kind '" +
                                          st->Text(1) + "'");
        return;
      }
      out.push_back(StoreChange{.seq = st->Int(0), .kind = *kind, .ref = st->Int(2)});
    });
    if (!s.ok()) return Err(s);
    if (!bad.ok()) return Err(bad);
    return out;
  });
}

Result<int64_t> SqlStore::LatestChange() {
  return RunOneRead([&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare("SELECT coalesce(max(seq), 0) FROM changes");
    if (!st) return Err(st.error());
    auto row = st->Step();
    if (!row) return Err(row.error());
    return *row ? st->Int(0) : 0;
  });
}

Status SqlStore::PruneChanges(int64_t through) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare("DELETE FROM changes WHERE seq <= ?1");
    if (!st) return st.error();
    st->Bind(1, through);
    return st->Run();
  });
}

}  // namespace khabar::sql
