// CopySiteToPostgres: opening both databases, planning the copy from the
// two schemas, copying every table inside the target's transaction, and
// checking each by reading it back before the commit.
#include "store/transfer/site_copy.h"

#include <sodium.h>

#include <memory>
#include <string_view>
#include <utility>

#include "store/postgres/postgres_store.h"
#include "store/sql/connection.h"
#include "store/sql/dialect.h"
#include "store/sqlite/sqlite_store.h"
#include "store/transfer/internal/copy_plan.h"
#include "store/transfer/internal/table_copy.h"

namespace khabar::transfer {
namespace {

using internal::kJournal;
using internal::kSearchIndex;
using internal::Table;

// How long to wait for a writer on the target (kLockTimeout) or the source
// (kBusyTimeout), a site still running on it: long enough for any one
// request, short enough that a forgotten node is reported rather than
// waited for.
constexpr std::chrono::milliseconds kLockTimeout{10000};
constexpr std::chrono::milliseconds kBusyTimeout{10000};

// OneLine folds the server's multi-line messages (ERROR, DETAIL, CONTEXT,
// libpq's "Is the server running...") into the one line a command prints.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (char ch : text) {
    if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return out;
}

std::vector<std::string> NamesOf(const std::vector<Table>& tables) {
  std::vector<std::string> names;
  for (const Table& t : tables) names.push_back(t.name);
  return names;
}

// NonEmpty names the target tables that hold rows.
Result<std::vector<std::string>> NonEmpty(sql::Connection& dst, const std::vector<Table>& tables) {
  std::vector<std::string> names = NamesOf(tables);
  names.emplace_back(kSearchIndex);
  std::vector<std::string> full;
  for (const std::string& name : names) {
    auto st = dst.Prepare("SELECT EXISTS (SELECT 1 FROM " + sql::QuoteName(name) + ")");
    if (!st) return Err(st.error());
    auto row = st->Step();
    if (!row) return Err(row.error());
    if (*row && st->Int(0) != 0) full.push_back(name);
  }
  return full;
}

// Plan reads both schemas: both databases are at this build's latest by
// now, so any difference between them stops the copy.
Result<std::vector<Table>> Plan(sql::Connection& src, sql::Connection& dst) {
  auto source = DescribeTables(src);
  if (!source) return Err(source.error());
  auto target = DescribeTables(dst);
  if (!target) return Err(target.error());
  return internal::PlanCopy(*source, *target);
}

// Verify reads every table back from the target and compares it with what
// was copied: any difference and nothing is committed.
Status Verify(sql::Connection& dst, const std::vector<Table>& tables,
              const std::vector<CopiedTable>& copied) {
  std::vector<const Table*> check;
  for (const Table& t : tables) check.push_back(&t);
  check.push_back(&internal::SearchIndexTable());
  for (size_t i = 0; i < check.size(); ++i) {
    auto back = internal::ReadBack(dst, *check[i]);
    if (!back) return back.error().WithContext("table " + check[i]->name + ": read back");
    const CopiedTable& sent = copied[i];
    if (back->rows != sent.rows) {
      return Status(Code::kInternal, "table " + sent.name + ": the target holds " +
                                         std::to_string(back->rows) + " rows where " +
                                         std::to_string(sent.rows) + " were copied");
    }
    if (back->checksum != sent.checksum) {
      return Status(Code::kInternal, "table " + sent.name +
                                         ": the rows read back differ from the source (checksum " +
                                         back->checksum.substr(0, 16) + " where " +
                                         sent.checksum.substr(0, 16) + " was copied)");
    }
  }
  return Status();
}

// MarkEverythingChanged replaces the journal entries the copy wrote (the
// triggers wrote one per copied story and link; nothing reads them one by
// one) with what a node still running on this database must learn: that
// everything changed, which a settings entry says (its page cache is
// cleared) and a calendar entry (its Hijri records are reloaded). The
// sequence is left where it is, so it never goes back for a reader that
// has seen it.
Status MarkEverythingChanged(sql::Connection& dst, int64_t journal_before) {
  const std::string journal = sql::QuoteName(kJournal);
  auto st = dst.Prepare("DELETE FROM " + journal + " WHERE seq > ?1");
  if (!st) return st.error();
  st->Bind(1, journal_before);
  if (Status s = st->Run(); !s.ok()) return s.WithContext("change journal");
  if (Status s =
          dst.ExecScript("INSERT INTO " + journal + " (kind) VALUES ('settings'), ('calendar')");
      !s.ok()) {
    return s.WithContext("change journal");
  }
  return Status();
}

struct Outcome {
  std::vector<CopiedTable> tables;  // the search index last
  bool replaced = false;
};

// CopyAll is the whole copy inside the target's write transaction
// (CopySiteToPostgres commits it only when this returns a value).
Result<Outcome> CopyAll(sql::Connection& src, sql::Connection& dst, bool force) {
  auto tables = Plan(src, dst);
  if (!tables) return Err(tables.error());

  auto full = NonEmpty(dst, *tables);
  if (!full) return Err(full.error());
  Outcome outcome;
  if (!full->empty()) {
    if (!force) {
      return InvalidArgument("the target already holds a site (rows in " + sql::JoinNames(*full) +
                             "); pass --force to replace it");
    }
    // The journal entries that matter are written at the end.
    std::vector<std::string> names = NamesOf(*tables);
    names.emplace_back(kSearchIndex);
    if (Status s = dst.ExecScript(dst.dialect().EmptyTables(names)); !s.ok()) {
      return Err(s.WithContext("emptying the target"));
    }
    outcome.replaced = true;
  }

  int64_t journal_before = 0;
  {
    auto st = dst.Prepare("SELECT coalesce(max(seq), 0) FROM " + sql::QuoteName(kJournal));
    if (!st) return Err(st.error());
    auto row = st->Step();
    if (!row) return Err(row.error());
    journal_before = st->Int(0);
  }

  for (const Table& t : *tables) {
    const auto started = std::chrono::steady_clock::now();
    auto copied = internal::CopyTable(src, dst, t);
    if (!copied) return Err(copied.error().WithContext("table " + t.name));
    copied->took = std::chrono::steady_clock::now() - started;
    outcome.tables.push_back(std::move(*copied));
  }
  // Fresh statistics before anything queries the new rows: the index
  // rebuild looks up each story's tags, and a planner that still thinks
  // the tables empty (or holding what --force removed) scans them whole
  // for every story. The site's first queries profit too. PostgreSQL's
  // ANALYZE is transactional: the statistics commit with the rows.
  if (Status s = dst.ExecScript(dst.dialect().AnalyzeTables(NamesOf(*tables))); !s.ok()) {
    return Err(s.WithContext("ANALYZE"));
  }
  const auto index_started = std::chrono::steady_clock::now();
  auto search = internal::RebuildSearchIndex(src, dst);
  if (!search) return Err(search.error().WithContext("search index"));
  search->took = std::chrono::steady_clock::now() - index_started;
  outcome.tables.push_back(std::move(*search));
  if (Status s = internal::ResetIdentities(dst, *tables); !s.ok()) return Err(s);

  if (Status s = Verify(dst, *tables, outcome.tables); !s.ok()) return Err(s);
  if (Status s = MarkEverythingChanged(dst, journal_before); !s.ok()) return Err(s);
  return outcome;
}

}  // namespace

Result<SiteCopyReport> CopySiteToPostgres(const std::filesystem::path& sqlite_file,
                                          const std::string& postgres_url,
                                          const SiteCopyOptions& options) {
  SiteCopyReport report;
  report.source = "sqlite:" + sqlite_file.string();
  report.target = RedactedUrl(postgres_url);
  const std::string& source = report.source;
  const std::string& target = report.target;

  // Opening each store brings its schema to this build's latest (the
  // target's is created), so both have the same tables and columns.
  {
    auto store = OpenSqliteStore(sqlite_file);
    if (!store) return Err(store.error().code(), OneLine(store.error().message()));
  }
  {
    auto store = OpenPostgresStore(postgres_url);
    if (!store) return Err(store.error().code(), OneLine(store.error().message()));
  }
  if (sodium_init() < 0) return Err(Code::kInternal, "libsodium failed to start");

  auto src = OpenSqliteConnection(sqlite_file, kBusyTimeout);
  if (!src) return Err(src.error().WithContext(source));
  auto dst = OpenPostgresConnection(postgres_url, kLockTimeout);
  if (!dst) {
    return Err(dst.error().code(), OneLine("database " + target + ": " + dst.error().message()));
  }
  // The source is UTF-8; a large site's COPY may take longer than a
  // statement timeout meant for the site's queries; the search index
  // starts empty and grows story by story in this session.
  if (const std::string_view session = (*dst)->dialect().BulkCopySession(); !session.empty()) {
    if (Status s = (*dst)->ExecScript(std::string(session)); !s.ok()) {
      return Err(s.code(), OneLine("database " + target + ": " + s.message()));
    }
  }

  // One read transaction on the source: every table from the same
  // snapshot, even if the site is still writing to it.
  const auto copy_started = std::chrono::steady_clock::now();
  if (Status s = (*src)->Begin(sql::TxKind::kRead); !s.ok()) return Err(s.WithContext(source));
  Result<Outcome> outcome = sql::InTransaction(
      **dst, sql::TxKind::kWrite, [&] { return CopyAll(**src, **dst, options.force); });
  (*src)->Rollback();
  if (!outcome) {
    // Whatever failed, the transaction rolled back.
    const Status& s = outcome.error();
    return Err(s.code(), OneLine("migrate " + source + " -> " + target + ": " + s.message() +
                                 "; nothing was written"));
  }
  report.took = std::chrono::steady_clock::now() - copy_started;
  report.tables = std::move(outcome->tables);
  report.replaced = outcome->replaced;

  // The search index (ANALYZEd inside the transaction) gets fresh
  // statistics once it is filled; a failure here is only a warning.
  if (Status s = (*dst)->ExecScript((*dst)->dialect().AnalyzeTables({std::string(kSearchIndex)}));
      !s.ok()) {
    report.warning = "ANALYZE after the copy: " + OneLine(s.message());
  }
  return report;
}

}  // namespace khabar::transfer
