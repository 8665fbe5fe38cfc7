// khabar: the news site and the newsroom behind it, in one binary.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "app/command_line.h"
#include "base/memory.h"

int main(int argc, char** argv) {
  using namespace khabar;
  KeepFreedMemory();
  CLI::App app{"khabar: a newsroom publishing platform"};
  CommandLine line;
  AddCommands(app, line);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (!line.status.ok()) {
    std::fprintf(stderr, "khabar: %s\n", line.status.message().c_str());
    return 1;
  }
  return 0;
}
