// JSON columns (revision content, media variants) to and from text, with
// nlohmann::json's exceptions turned into Status at this boundary.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace khabar::sql {

// JsonText serializes `j`. kInvalidArgument, naming `what`, when a string in
// it is not valid UTF-8 (JSON cannot hold it, and nothing the newsroom
// types should contain it).
Result<std::string> JsonText(const nlohmann::json& j, std::string_view what);

// ParseStoredJson parses JSON the store wrote; kInternal, naming `what`,
// when it is malformed.
Result<nlohmann::json> ParseStoredJson(std::string_view text, std::string_view what);

}  // namespace khabar::sql
