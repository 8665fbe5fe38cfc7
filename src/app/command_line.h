// The khabar command line (CLI11): every command, its flags and their help
// text, each bound to its function (app/commands.h, app/backup_command.h,
// app/migrate_command.h). main (app/main.cc) parses and reports.
#pragma once

#include <string>

#include "app/backup_command.h"
#include "app/commands.h"
#include "app/migrate_command.h"
#include "base/status.h"

namespace CLI {
class App;
}

namespace khabar {

// CommandLine holds what parsing sets: every command's flags and
// arguments, and the outcome of the command that ran.
struct CommandLine {
  CommonOptions common;
  ServeOptions serve;
  std::string file;                  // article add
  std::string month, date;           // hijri set-month-start
  std::string login;                 // user *
  std::string role = "reporter";     // user add
  std::string display_name;          // user add
  std::string day;                   // date
  WordPressImportCommand wordpress;  // import wordpress
  MigrateOptions migrate;
  BackupOptions backup;
  RestoreOptions restore;
  Status status;  // set by the command parsing ran
};

// AddCommands defines on `app` the flags every command takes and every
// command, exactly one of which must be given; parsing `app` then runs it
// and sets line.status. REQUIRES: `line` outlives the parse.
void AddCommands(CLI::App& app, CommandLine& line);

}  // namespace khabar
