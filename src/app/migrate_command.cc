// MigrateSite: the flags checked, the copy (store/transfer/site_copy.h)
// run, its summary printed.
#include "app/migrate_command.h"

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "app/store_open.h"
#include "store/transfer/site_copy.h"

namespace khabar {
namespace {

std::string FormatSeconds(std::chrono::steady_clock::duration d) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(d).count());
  return text;
}

void PrintSummary(const transfer::SiteCopyReport& report,
                  std::chrono::steady_clock::time_point started) {
  std::printf("migrated %s -> %s%s\n", report.source.c_str(), report.target.c_str(),
              report.replaced ? " (its previous contents replaced: --force)" : "");
  std::printf("%-22s %10s  %-16s  %8s  %s\n", "table", "rows", "checksum", "time", "verified");
  int64_t total = 0;
  for (const transfer::CopiedTable& c : report.tables) {
    const std::string name = c.search_index ? c.name + " (index)" : c.name;
    std::printf("%-22s %10" PRId64 "  %-16s  %8s  %s\n", name.c_str(), c.rows,
                c.checksum.substr(0, 16).c_str(), FormatSeconds(c.took).c_str(), "ok");
    total += c.rows;
  }
  const double seconds = std::chrono::duration<double>(report.took).count();
  std::printf("copied %" PRId64
              " rows in %zu tables and the search index in %s (%.0f rows/s), %s in all;"
              " every count and checksum matches\n",
              total, report.tables.size() - 1, FormatSeconds(report.took).c_str(),
              seconds > 0 ? static_cast<double>(total) / seconds : 0.0,
              FormatSeconds(std::chrono::steady_clock::now() - started).c_str());
}

}  // namespace

Status MigrateSite(const MigrateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto from = ParseDatabase(options.from, "--from");
  if (!from) return from.error();
  if (from->is_postgres()) {
    return Status(Code::kInvalidArgument, "--from " + from->Display() +
                                              ": migrate copies from an SQLite file (PATH or "
                                              "sqlite:PATH)");
  }
  auto to = ParseDatabase(options.to, "--to");
  if (!to) return to.error();
  if (!to->is_postgres()) {
    return Status(Code::kInvalidArgument,
                  "--to " + to->Display() + ": migrate copies to PostgreSQL (postgresql://...)");
  }
  // Opening would create a missing file, and copy an empty site.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(from->location, ec)) {
    return Status(Code::kNotFound, "--from " + from->location + ": no such SQLite file");
  }

  auto report = transfer::CopySiteToPostgres(from->location, to->location,
                                             transfer::SiteCopyOptions{.force = options.force});
  if (!report) return report.error();
  if (!report->warning.empty()) {
    std::fprintf(stderr, "khabar: warning: %s\n", report->warning.c_str());
  }
  PrintSummary(*report, started);
  return Status();
}

}  // namespace khabar
