#include "base/files.h"

#include <fstream>
#include <sstream>

namespace khabar {

Result<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(path.string() + ": cannot read");
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return InvalidArgument(path.string() + ": read error");
  return ss.str();
}

}  // namespace khabar
