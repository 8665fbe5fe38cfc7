#include "store/sql/internal/json_text.h"

namespace khabar::sql {

Result<std::string> JsonText(const nlohmann::json& j, std::string_view what) {
  try {
    return j.dump();
  } catch (const nlohmann::json::exception&) {
    return InvalidArgument(std::string(what) + " contains text that is not valid UTF-8");
  }
}

Result<nlohmann::json> ParseStoredJson(std::string_view text, std::string_view what) {
  nlohmann::json j = nlohmann::json::parse(text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Internal("stored " + std::string(what) + " is not valid JSON");
  return j;
}

}  // namespace khabar::sql
