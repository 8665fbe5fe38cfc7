// The khabar command line: one function per command, each returning a
// Status so main prints one clear line and exits non-zero on failure.
#pragma once

#include <filesystem>
#include <string>

#include "app/common_options.h"
#include "base/status.h"

namespace khabar {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  bool demo = false;     // fill an empty database with the demo stories
  std::string demo_dir;  // empty = the source tree's demo/articles
  std::string theme;     // empty = the source tree's themes/default
  std::string admin;     // empty = the source tree's admin/
  int threads = 0;       // 0 = one per core
  // metrics_listen is HOST:PORT of a second server answering only GET
  // /metrics (Prometheus text format); empty = no metrics at all.
  std::string metrics_listen;
  // db_replica is a PostgreSQL read replica of --db for readers' pages
  // (store/replica_routed_store.h); empty = everything reads --db.
  std::string db_replica;
};

// Serve runs the site until SIGINT or SIGTERM: its parts are wired in
// app/serve_wiring.h, its URLs in app/routes.h.
Status Serve(const CommonOptions& common, const ServeOptions& options);
Status ArticleAdd(const CommonOptions& common, const std::string& file);
Status ArticleList(const CommonOptions& common);
Status HijriSetMonthStart(const CommonOptions& common, const std::string& month,
                          const std::string& date);
Status HijriList(const CommonOptions& common);
// User commands; passwords are read from standard input (one line), with
// a prompt and echo off when it is a terminal.
Status UserAdd(const CommonOptions& common, const std::string& login, const std::string& role,
               const std::string& display_name);
Status UserPasswd(const CommonOptions& common, const std::string& login);
Status UserDisable(const CommonOptions& common, const std::string& login, bool disabled);
Status UserList(const CommonOptions& common);

Status PrintDateLine(const CommonOptions& common, const std::string& date);

// WordPressImportCommand: `khabar import wordpress FILE.xml`.
struct WordPressImportCommand {
  std::string file;
  std::string uploads;  // wp-content/uploads; empty: no images
  bool dry_run = false;
  std::string edition;  // "" is the main edition
};
// ImportWordPressSite runs the import (wordpress/import.h) with a progress
// bar on standard error when it is a terminal, and prints the summary.
// Fails when the file cannot be imported at all, when any post failed, or
// when the file was broken after some posts.
Status ImportWordPressSite(const CommonOptions& common, const WordPressImportCommand& command);

}  // namespace khabar
