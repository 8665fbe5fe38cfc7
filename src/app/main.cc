// khabar: the news site and the newsroom behind it, in one binary.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/commands.h"

int main(int argc, char** argv) {
  using namespace khabar;
  CLI::App app{"khabar: a newsroom publishing platform"};
  app.require_subcommand(1);
  app.fallthrough();
  CommonOptions common;
  app.add_option("--config", common.config, "site settings (TOML)");
  app.add_option("--db", common.db, "SQLite database file")->capture_default_str();
  app.add_option("--media", common.media, "media directory (default: beside the database)");

  Status status;

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "serve the site over HTTP");
  serve_cmd->fallthrough();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on")->capture_default_str();
  serve_cmd->add_flag("--demo", serve.demo, "fill an empty database with demo stories");
  serve_cmd->add_option("--demo-dir", serve.demo_dir, "folder of demo article files");
  serve_cmd->add_option("--theme", serve.theme, "theme folder");
  serve_cmd->add_option("--threads", serve.threads, "worker threads (0 = one per core)");
  serve_cmd->callback([&] { status = Serve(common, serve); });

  auto* article = app.add_subcommand("article", "add and list stories");
  article->fallthrough();
  article->require_subcommand(1);
  std::string file;
  auto* add = article->add_subcommand("add", "add a story from a Markdown file");
  add->fallthrough();
  add->add_option("--file", file, "Markdown file with YAML front matter")->required();
  add->callback([&] { status = ArticleAdd(common, file); });
  auto* list = article->add_subcommand("list", "list stories: id, status, time, headline");
  list->fallthrough();
  list->callback([&] { status = ArticleList(common); });

  auto* hijri = app.add_subcommand("hijri", "recorded Hijri month starts");
  hijri->fallthrough();
  hijri->require_subcommand(1);
  std::string month, date;
  auto* set = hijri->add_subcommand("set-month-start",
                                    "record that Hijri month YYYY-MM began on a Gregorian day");
  set->fallthrough();
  set->add_option("month", month, "Hijri year and month, e.g. 1445-09")->required();
  set->add_option("date", date, "Gregorian day, e.g. 2024-03-12")->required();
  set->callback([&] { status = HijriSetMonthStart(common, month, date); });
  auto* hlist = hijri->add_subcommand("list", "list recorded month starts");
  hlist->fallthrough();
  hlist->callback([&] { status = HijriList(common); });

  std::string day;
  auto* date_cmd = app.add_subcommand("date", "print the date line of a day");
  date_cmd->fallthrough();
  date_cmd->add_option("day", day, "YYYY-MM-DD")->required();
  date_cmd->callback([&] { status = PrintDateLine(common, day); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!status.ok()) {
    std::fprintf(stderr, "khabar: %s\n", status.message().c_str());
    return 1;
  }
  return 0;
}
