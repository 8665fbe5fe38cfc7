// docs/configuration.md against the settings parser: every key the parser
// accepts is documented with the parser's type and default, every key the
// document lists is accepted, and the newsroom's list is the newsroom's.
// The parser's own list (SettingKeys) is the truth, so neither can drift.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/ascii.h"
#include "config/overrides.h"
#include "config/settings.h"

namespace khabar {
namespace {

std::filesystem::path DocPath() {
  const char* src = std::getenv("KHABAR_SOURCE_DIR");
  return std::filesystem::path(src ? src : ".") / "docs" / "configuration.md";
}

// Cells splits a Markdown table row ("| a | b |") into its trimmed cells.
std::vector<std::string> Cells(const std::string& row) {
  std::vector<std::string> cells;
  std::stringstream in(row.substr(1));
  std::string cell;
  while (std::getline(in, cell, '|')) cells.push_back(std::string(TrimAscii(cell)));
  return cells;
}

// Unquote drops the backticks around a cell written as code.
std::string Unquote(const std::string& cell) {
  if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`') {
    return cell.substr(1, cell.size() - 2);
  }
  return cell;
}

// Tables returns the rows of every table in the document whose header row
// is `header` ("| key | type | default | meaning |"), each as its cells.
std::vector<std::vector<std::string>> Tables(const std::string& header) {
  std::ifstream in(DocPath());
  EXPECT_TRUE(in) << "cannot read " << DocPath();
  std::vector<std::vector<std::string>> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with('|')) {
      inside = false;
    } else if (line == header) {
      inside = true;
    } else if (inside && !line.starts_with("|---")) {
      rows.push_back(Cells(line));
    }
  }
  return rows;
}

struct Documented {
  std::string type;
  std::string default_value;
};

std::map<std::string, Documented> DocumentedKeys() {
  std::map<std::string, Documented> keys;
  for (const auto& cells : Tables("| key | type | default | meaning |")) {
    EXPECT_EQ(cells.size(), 4u) << "a row of four cells: " << cells[0];
    if (cells.size() < 3) continue;
    const std::string key = Unquote(cells[0]);
    EXPECT_FALSE(keys.contains(key)) << key << " is documented twice";
    keys[key] = {cells[1], Unquote(cells[2])};
  }
  return keys;
}

TEST(ConfigurationDoc, EveryAcceptedKeyIsDocumentedWithItsTypeAndDefault) {
  const std::map<std::string, Documented> documented = DocumentedKeys();
  const std::vector<SettingKey> accepted = SettingKeys();
  ASSERT_GT(accepted.size(), 50u) << "the parser lists its keys";
  for (const SettingKey& key : accepted) {
    auto it = documented.find(key.name);
    if (it == documented.end()) {
      const bool plain = key.default_value == "required" || key.default_value == "unset";
      const std::string shown = plain ? key.default_value : "`" + key.default_value + "`";
      ADD_FAILURE() << key.name << " is accepted by the settings parser but missing from "
                    << "docs/configuration.md; add a row:\n| `" << key.name << "` | " << key.type
                    << " | " << shown << " | ... |";
      continue;
    }
    EXPECT_EQ(it->second.type, key.type) << key.name << ": the type";
    EXPECT_EQ(it->second.default_value, key.default_value) << key.name << ": the default";
  }
}

TEST(ConfigurationDoc, EveryDocumentedKeyIsAccepted) {
  std::set<std::string> accepted;
  for (const SettingKey& key : SettingKeys()) accepted.insert(key.name);
  for (const auto& [key, doc] : DocumentedKeys()) {
    EXPECT_TRUE(accepted.contains(key))
        << key << " is in docs/configuration.md but the settings parser does not accept it";
  }
}

TEST(ConfigurationDoc, TheNewsroomsSettingsAreListedAndAreFileSettings) {
  std::set<std::string> accepted;
  for (const SettingKey& key : SettingKeys()) accepted.insert(key.name);
  std::set<std::string> listed;
  for (const auto& cells : Tables("| key | in the newsroom |")) {
    const std::string key = Unquote(cells[0]);
    if (key != "ads.<slot name>") listed.insert(key);
  }
  std::set<std::string> overridable;
  for (const OverridableKey& key : OverridableKeys(Settings{})) {
    EXPECT_TRUE(accepted.contains(key.key)) << key.key << " is not a key of the settings file";
    overridable.insert(key.key);
  }
  EXPECT_EQ(listed, overridable) << "docs/configuration.md, \"Changed in the newsroom\"";
}

}  // namespace
}  // namespace khabar
