#include "store/sql/catalog.h"

namespace khabar::sql {

std::string QuoteName(std::string_view name) {
  std::string q = "\"";
  for (char ch : name) {
    if (ch == '"') q += '"';
    q += ch;
  }
  q += '"';
  return q;
}

namespace {

template <typename F>
std::string Join(const std::vector<std::string>& names, F&& each) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += each(names[i]);
  }
  return out;
}

}  // namespace

std::string JoinNames(const std::vector<std::string>& names) {
  return Join(names, [](const std::string& name) -> const std::string& { return name; });
}

std::string JoinQuotedNames(const std::vector<std::string>& names) {
  return Join(names, [](const std::string& name) { return QuoteName(name); });
}

}  // namespace khabar::sql
