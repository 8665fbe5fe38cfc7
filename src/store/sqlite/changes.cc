// SqliteStore: the change journal. Triggers write it (migrations.cc,
// kChangesSqlite); these methods only read and prune it.
#include <optional>
#include <string_view>
#include <vector>

#include "store/sqlite/internal/sql_values.h"
#include "store/sqlite/internal/sqlite_store_impl.h"

namespace khabar::sqlite_internal {
namespace {

std::optional<StoreChange::Kind> ParseKind(std::string_view text) {
  using K = StoreChange::Kind;
  static constexpr std::pair<std::string_view, K> kNames[] = {
      {"story", K::kStory},       {"listing", K::kListing}, {"section", K::kSection},
      {"tag", K::kTag},           {"author", K::kAuthor},   {"media", K::kMedia},
      {"settings", K::kSettings}, {"calendar", K::kCalendar}};
  for (const auto& [name, kind] : kNames) {
    if (name == text) return kind;
  }
  return std::nullopt;
}

}  // namespace

Result<std::vector<StoreChange>> SqliteStore::ListChanges(int64_t after, int64_t limit) {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<std::vector<StoreChange>> {
    auto st = c.Prepare("SELECT seq, kind, ref FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    if (!st) return Err(st.error());
    st->Bind(1, after).Bind(2, limit);
    std::vector<StoreChange> out;
    Status bad;
    Status s = ForEachRow(*st, [&] {
      auto kind = ParseKind(st->Text(1));
      if (!kind) {
        bad = Status(Code::kInternal, "change " + std::to_string(st->Int(0)) +
                                          ": unknown kind '" + st->Text(1) + "'");
        return;
      }
      out.push_back(StoreChange{.seq = st->Int(0), .kind = *kind, .ref = st->Int(2)});
    });
    if (!s.ok()) return Err(s);
    if (!bad.ok()) return Err(bad);
    return out;
  });
}

Result<int64_t> SqliteStore::LatestChange() {
  return Run(TxKind::kRead, [&](Connection& c) -> Result<int64_t> {
    auto st = c.Prepare("SELECT coalesce(max(seq), 0) FROM changes");
    if (!st) return Err(st.error());
    auto row = st->Step();
    if (!row) return Err(row.error());
    return *row ? st->Int(0) : 0;
  });
}

Status SqliteStore::PruneChanges(int64_t through) {
  return Run(TxKind::kWrite, [&](Connection& c) -> Status {
    auto st = c.Prepare("DELETE FROM changes WHERE seq <= ?1");
    if (!st) return st.error();
    st->Bind(1, through);
    return st->Run();
  });
}

}  // namespace khabar::sqlite_internal
