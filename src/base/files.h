// Small file helpers shared by the modules that read whole files.
#pragma once

#include <filesystem>
#include <string>

#include "base/status.h"

namespace khabar {

// ReadFile returns the bytes of `path`; kInvalidArgument naming the path
// when it cannot be read.
Result<std::string> ReadFile(const std::filesystem::path& path);

}  // namespace khabar
