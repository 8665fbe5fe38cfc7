#include "render/theme.h"

#include <fstream>
#include <kainjow/mustache.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/files.h"

namespace khabar {

namespace mustache = kainjow::mustache;

// Template keeps the source and a pool of parsed instances: kainjow's
// renderer keeps state while rendering, so one instance serves one render at
// a time. Instances are parsed on first need and reused after.
struct Theme::Template {
  std::string source;
  std::mutex mu;
  std::vector<std::unique_ptr<mustache::mustache>> idle;  // guarded by mu

  std::unique_ptr<mustache::mustache> Acquire() {
    {
      std::lock_guard lock(mu);
      if (!idle.empty()) {
        auto t = std::move(idle.back());
        idle.pop_back();
        return t;
      }
    }
    return std::make_unique<mustache::mustache>(source);
  }
  void Release(std::unique_ptr<mustache::mustache> t) {
    std::lock_guard lock(mu);
    idle.push_back(std::move(t));
  }
};

namespace {

Result<std::map<std::string, std::string>> ReadDir(const std::filesystem::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".mustache") continue;
    auto text = ReadFile(entry.path());
    if (!text) return Err(text.error());
    mustache::mustache parsed(*text);
    if (!parsed.is_valid()) {
      return InvalidArgument(entry.path().string() + ": " + parsed.error_message());
    }
    out[entry.path().stem().string()] = std::move(*text);
  }
  if (ec) return InvalidArgument(dir.string() + ": " + ec.message());
  return out;
}

mustache::data ToData(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data d{mustache::data::type::object};
      for (const auto& [k, v] : j.items()) d.set(k, ToData(v));
      return d;
    }
    case nlohmann::json::value_t::array: {
      mustache::data d{mustache::data::type::list};
      for (const auto& v : j) d.push_back(ToData(v));
      return d;
    }
    case nlohmann::json::value_t::string:
      // An empty string is false, as in most Mustache implementations, so
      // {{#href}}...{{/href}} is skipped when there is no link.
      if (j.get_ref<const std::string&>().empty()) {
        return mustache::data(mustache::data::type::bool_false);
      }
      return mustache::data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return j.get<bool>() ? mustache::data(mustache::data::type::bool_true)
                           : mustache::data(mustache::data::type::bool_false);
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mustache::data(mustache::data::type::bool_false);
    default:
      return mustache::data(j.dump());  // numbers
  }
}

}  // namespace

Theme::~Theme() = default;

Result<std::unique_ptr<Theme>> Theme::Load(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir / "templates", ec)) {
    return InvalidArgument(dir.string() + ": not a theme (no templates/ directory)");
  }
  std::unique_ptr<Theme> theme(new Theme());
  theme->assets_dir_ = dir / "assets";
  auto templates = ReadDir(dir / "templates");
  if (!templates) return Err(templates.error());
  auto partials = ReadDir(dir / "partials");
  if (!partials) return Err(partials.error());
  for (auto& [name, source] : *templates) {
    auto t = std::make_unique<Template>();
    t->source = std::move(source);
    theme->templates_[name] = std::move(t);
  }
  theme->partials_ = std::move(*partials);
  return theme;
}

bool Theme::Has(const std::string& name) const { return templates_.contains(name); }

std::string Theme::Choose(const std::vector<std::string>& candidates) const {
  for (const auto& c : candidates) {
    if (Has(c)) return c;
  }
  return candidates.empty() ? std::string() : candidates.back();
}

Result<std::string> Theme::Render(const std::string& name, const nlohmann::json& view) const {
  auto it = templates_.find(name);
  if (it == templates_.end()) return NotFound("theme has no template '" + name + "'");
  mustache::data data = ToData(view);
  if (!data.is_object()) data = mustache::data{mustache::data::type::object};
  for (const auto& [pname, source] : partials_) {
    const std::string* src = &source;
    data.set(pname, mustache::partial([src] { return *src; }));
  }
  auto tmpl = it->second->Acquire();
  std::string out = tmpl->render(data);
  if (!tmpl->is_valid()) {
    return Internal("template '" + name + "': " + tmpl->error_message());
  }
  it->second->Release(std::move(tmpl));
  return out;
}

}  // namespace khabar
