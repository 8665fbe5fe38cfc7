#include "app/command_line.h"

#include <CLI/CLI.hpp>

namespace khabar {
namespace {

void AddServeCommand(CLI::App& app, CommandLine& line) {
  ServeOptions& serve = line.serve;
  auto* serve_cmd = app.add_subcommand("serve", "serve the site over HTTP");
  serve_cmd->fallthrough();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_flag("--demo", serve.demo, "fill an empty database with demo stories");
  serve_cmd->add_option("--demo-dir", serve.demo_dir, "folder of demo article files");
  serve_cmd->add_option("--theme", serve.theme, "theme folder");
  serve_cmd->add_option("--admin", serve.admin, "newsroom templates and assets folder");
  serve_cmd->add_option("--threads", serve.threads, "worker threads (0 = one per core)");
  serve_cmd->add_option("--metrics-listen", serve.metrics_listen,
                        "HOST:PORT of a separate server answering GET /metrics (Prometheus "
                        "text format); off by default, never on --listen");
  serve_cmd->add_option("--db-replica", serve.db_replica,
                        "PostgreSQL read replica of --db for readers' pages (postgresql://...)");
  serve_cmd->callback([&line] { line.status = Serve(line.common, line.serve); });
}

void AddArticleCommands(CLI::App& app, CommandLine& line) {
  auto* article = app.add_subcommand("article", "add and list stories");
  article->fallthrough();
  article->require_subcommand(1);
  auto* add = article->add_subcommand(
      "add",
      "add a story from a Markdown file (a section name the edition lacks is created, "
      "and said so: \"created section X\")");
  add->fallthrough();
  add->add_option("--file", line.file, "Markdown file with YAML front matter")->required();
  add->callback([&line] { line.status = ArticleAdd(line.common, line.file); });
  auto* list = article->add_subcommand("list", "list stories: id, status, time, headline");
  list->fallthrough();
  list->callback([&line] { line.status = ArticleList(line.common); });
}

void AddHijriCommands(CLI::App& app, CommandLine& line) {
  auto* hijri = app.add_subcommand("hijri", "recorded Hijri month starts");
  hijri->fallthrough();
  hijri->require_subcommand(1);
  auto* set = hijri->add_subcommand("set-month-start",
                                    "record that Hijri month YYYY-MM began on a Gregorian day");
  set->fallthrough();
  set->add_option("month", line.month, "Hijri year and month, e.g. 1445-09")->required();
  set->add_option("date", line.date, "Gregorian day, e.g. 2024-03-12")->required();
  set->callback([&line] { line.status = HijriSetMonthStart(line.common, line.month, line.date); });
  auto* hlist = hijri->add_subcommand("list", "list recorded month starts");
  hlist->fallthrough();
  hlist->callback([&line] { line.status = HijriList(line.common); });
}

void AddUserCommands(CLI::App& app, CommandLine& line) {
  auto* user = app.add_subcommand("user", "newsroom accounts");
  user->fallthrough();
  user->require_subcommand(1);
  auto* uadd = user->add_subcommand("add", "add an account (password from standard input)");
  uadd->fallthrough();
  uadd->add_option("login", line.login, "login name (a-z, 0-9, . _ -)")->required();
  uadd->add_option("--role", line.role, "reporter, editor or admin")->capture_default_str();
  uadd->add_option("--name", line.display_name, "display name (default: the login)");
  uadd->callback(
      [&line] { line.status = UserAdd(line.common, line.login, line.role, line.display_name); });
  auto* upass = user->add_subcommand("passwd", "set a new password (from standard input)");
  upass->fallthrough();
  upass->add_option("login", line.login)->required();
  upass->callback([&line] { line.status = UserPasswd(line.common, line.login); });
  auto* udis = user->add_subcommand("disable", "disable an account and end its sessions");
  udis->fallthrough();
  udis->add_option("login", line.login)->required();
  udis->callback([&line] { line.status = UserDisable(line.common, line.login, true); });
  auto* uen = user->add_subcommand("enable", "enable a disabled account");
  uen->fallthrough();
  uen->add_option("login", line.login)->required();
  uen->callback([&line] { line.status = UserDisable(line.common, line.login, false); });
  auto* ulist = user->add_subcommand("list", "list accounts: login, role, state, name");
  ulist->fallthrough();
  ulist->callback([&line] { line.status = UserList(line.common); });
}

void AddDateCommand(CLI::App& app, CommandLine& line) {
  auto* date_cmd = app.add_subcommand("date", "print the date line of a day");
  date_cmd->fallthrough();
  date_cmd->add_option("day", line.day, "YYYY-MM-DD")->required();
  date_cmd->callback([&line] { line.status = PrintDateLine(line.common, line.day); });
}

void AddImportCommands(CLI::App& app, CommandLine& line) {
  WordPressImportCommand& wordpress = line.wordpress;
  auto* import_cmd = app.add_subcommand("import", "bring a site in from another system");
  import_cmd->fallthrough();
  import_cmd->require_subcommand(1);
  auto* wp_cmd = import_cmd->add_subcommand(
      "wordpress",
      "import a WordPress export (WXR): posts, authors, comments, old addresses; a category "
      "no section has becomes a section (listed as \"created section X\")");
  wp_cmd->fallthrough();
  wp_cmd->add_option("file", wordpress.file, "the export, from WordPress's Tools -> Export")
      ->required();
  wp_cmd->add_option("--uploads", wordpress.uploads,
                     "the site's wp-content/uploads folder, for featured images");
  wp_cmd->add_flag("--dry-run", wordpress.dry_run, "report what would change; write nothing");
  wp_cmd->add_option("--edition", wordpress.edition, "the edition the stories go to");
  wp_cmd->callback([&line] { line.status = ImportWordPressSite(line.common, line.wordpress); });
}

// AddCopyCommands: moving and copying a whole site (migrate, backup,
// restore).
void AddCopyCommands(CLI::App& app, CommandLine& line) {
  auto* migrate_cmd = app.add_subcommand(
      "migrate", "copy the whole site from SQLite to PostgreSQL, verified, in one transaction");
  migrate_cmd->add_option("--from", line.migrate.from, "the SQLite site: PATH or sqlite:PATH")
      ->required();
  migrate_cmd
      ->add_option("--to", line.migrate.to,
                   "the PostgreSQL database: postgresql://USER@HOST[:PORT]/DB (a password "
                   "is better kept in PGPASSWORD or ~/.pgpass than on the command line)")
      ->required();
  migrate_cmd->add_flag("--force", line.migrate.force,
                        "replace whatever the target holds (emptied in the same transaction)");
  migrate_cmd->callback([&line] { line.status = MigrateSite(line.migrate); });

  auto* backup_cmd = app.add_subcommand(
      "backup", "copy the SQLite --db to FILE while the site runs (a consistent snapshot)");
  backup_cmd->fallthrough();
  backup_cmd->add_option("file", line.backup.file, "where the copy goes")->required();
  backup_cmd->add_flag("--force", line.backup.force, "replace an existing FILE");
  backup_cmd->callback([&line] {
    line.backup.db = line.common.db;
    line.status = BackupSite(line.backup);
  });

  auto* restore_cmd = app.add_subcommand(
      "restore", "replace the SQLite --db with a backup, checked (stop the server first)");
  restore_cmd->fallthrough();
  restore_cmd->add_option("file", line.restore.file, "a copy made by `khabar backup`")->required();
  restore_cmd->callback([&line] {
    line.restore.db = line.common.db;
    line.status = RestoreSite(line.restore);
  });
}

}  // namespace

void AddCommands(CLI::App& app, CommandLine& line) {
  app.require_subcommand(1);
  app.fallthrough();
  app.add_option("--config", line.common.config, "site settings (TOML)");
  app.add_option("--db", line.common.db,
                 "database: an SQLite file (PATH or sqlite:PATH) or postgresql://USER@HOST/DB")
      ->capture_default_str();
  app.add_option("--media", line.common.media, "media directory (default: beside the database)");
  AddServeCommand(app, line);
  AddArticleCommands(app, line);
  AddHijriCommands(app, line);
  AddUserCommands(app, line);
  AddDateCommand(app, line);
  AddImportCommands(app, line);
  AddCopyCommands(app, line);
}

}  // namespace khabar
