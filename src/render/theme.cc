#include "render/theme.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cctype>
#include <cstdint>
#include <deque>
#include <kainjow/mustache.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>

#include "base/ascii.h"
#include "base/files.h"

namespace khabar {

namespace mustache = kainjow::mustache;

// Template keeps the partial-expanded source and a pool of parsed
// instances: kainjow's renderer keeps state while rendering, so one instance
// serves one render at a time. Instances are parsed on first need and reused
// after, so the steady state parses nothing.
struct Theme::Template {
  std::string source;
  // The size of the last page rendered, to reserve the next one's output.
  std::atomic<size_t> last_size{0};
  std::mutex mu;
  std::vector<std::unique_ptr<mustache::mustache>> idle;  // guarded by mu

  std::unique_ptr<mustache::mustache> Acquire();
  void Release(std::unique_ptr<mustache::mustache> t) {
    std::lock_guard lock(mu);
    idle.push_back(std::move(t));
  }
};

namespace {

// A theme file: where it came from (for messages) and its text.
struct SourceFile {
  std::filesystem::path path;
  std::string text;
};
using SourceFiles = std::map<std::string, SourceFile>;  // by name (the file's stem)

// Partials include partials; a chain deeper than this is a mistake.
constexpr size_t kMaxPartialDepth = 16;

std::unique_ptr<mustache::mustache> Parse(const std::string& source) {
  auto t = std::make_unique<mustache::mustache>(source);
  t->set_custom_escape(EscapeHtml);
  return t;
}

Result<SourceFiles> ReadDir(const std::filesystem::path& dir) {
  SourceFiles out;
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
    out[entry.path().stem().string()] = SourceFile{entry.path(), std::move(*text)};
  }
  if (ec) return InvalidArgument(dir.string() + ": " + ec.message());
  return out;
}

// FontFiles returns the file names `css` refers to as /static/fonts/<file>,
// each once, in order. A name with anything but [A-Za-z0-9._-] (or a
// leading '.') is not a font file the site will serve, and is skipped.
std::vector<std::string> FontFiles(std::string_view css) {
  constexpr std::string_view kPrefix = "/static/fonts/";
  std::vector<std::string> out;
  for (size_t pos = css.find(kPrefix); pos != std::string_view::npos;
       pos = css.find(kPrefix, pos)) {
    pos += kPrefix.size();
    size_t end = pos;
    while (end < css.size() && (std::isalnum(static_cast<unsigned char>(css[end])) ||
                                css[end] == '.' || css[end] == '-' || css[end] == '_')) {
      ++end;
    }
    std::string name(css.substr(pos, end - pos));
    const bool ends_well = end == css.size() || css[end] == '"' || css[end] == '\'' ||
                           css[end] == ')' || css[end] == '?' || css[end] == '#';
    if (!name.empty() && name.front() != '.' && ends_well &&
        std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(std::move(name));
    }
  }
  return out;
}

// kTagBlanks are what may stand around a tag's name: HTML's blanks.
constexpr std::string_view kTagBlanks = " \t\n\r\f\v";

// ExpandPartials writes `file` to `out` with every {{> name}} replaced by
// the (expanded) text of partials/name.mustache, so a page is parsed once
// at Load instead of once per partial per render. kainjow renders a partial
// with the same line state as the page around it and does no standalone
// indentation, so inlining the text renders the same bytes.
//
// Tags are found as kainjow's parser finds them with the default
// delimiters: "{{" opens a tag, "{{{" an unescaped one closed by "}}}", and
// the tag's trimmed contents say its kind. `stack` holds the partials being
// expanded, outermost first, to report cycles; `page` is the template being
// expanded, for messages about its partials.
Status ExpandPartials(const SourceFile& file, const SourceFiles& partials,
                      const std::filesystem::path& page, std::vector<std::string>& stack,
                      std::string& out) {
  const std::string file_name =
      file.path == page ? page.string() : file.path.string() + " (in " + page.string() + ")";
  const std::string& text = file.text;
  size_t pos = 0;
  for (;;) {
    const size_t open = text.find("{{", pos);
    if (open == std::string::npos) break;
    const bool triple = open + 2 < text.size() && text[open + 2] == '{';
    const size_t contents = open + (triple ? 3 : 2);
    const size_t close = text.find(triple ? "}}}" : "}}", contents);
    if (close == std::string::npos) break;  // kainjow has reported it already
    const size_t end = close + (triple ? 3 : 2);
    const std::string_view tag =
        TrimAscii(std::string_view(text).substr(contents, close - contents), kTagBlanks);
    if (!triple && tag.starts_with('=')) {
      // A partial is parsed with the default delimiters whatever the page
      // around it uses, which text inlining cannot keep; no theme needs
      // them, so they are refused rather than half-supported.
      return Status(Code::kInvalidArgument,
                    file_name + ": set-delimiter tags ({{=...=}}) are not supported");
    }
    if (!triple && tag.starts_with('>')) {
      const std::string name(TrimAscii(tag.substr(1), kTagBlanks));
      const std::string where = file_name + ": {{> " + name + "}}: ";
      auto it = partials.find(name);
      if (it == partials.end()) {
        return Status(Code::kInvalidArgument, where + "no partial " + name + ".mustache");
      }
      if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
        std::string chain;
        for (const auto& p : stack) chain += p + " > ";
        return Status(Code::kInvalidArgument,
                      where + "partials include each other: " + chain + name);
      }
      if (stack.size() >= kMaxPartialDepth) {
        return Status(Code::kInvalidArgument,
                      where + "partials nested deeper than " + std::to_string(kMaxPartialDepth));
      }
      out.append(text, pos, open - pos);
      stack.push_back(name);
      if (Status s = ExpandPartials(it->second, partials, page, stack, out); !s.ok()) return s;
      stack.pop_back();
    } else {
      out.append(text, pos, end - pos);
    }
    pos = end;
  }
  out.append(text, pos);
  return Status();
}

// PointerMap maps pointers to pointers for one render: open addressing in
// one array, so filling it allocates only when it grows, unlike a node-based
// std::unordered_map.
template <typename K, typename V>
class PointerMap {
 public:
  PointerMap() : slots_(64) {}

  // Find returns the value of `key`, or nullptr.
  V* Find(const K* key) const {
    for (size_t i = Hash(key);; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].key == key) return slots_[i].value;
      if (slots_[i].key == nullptr) return nullptr;
    }
  }

  // Insert adds `key` (REQUIRES: not present).
  void Insert(const K* key, V* value) {
    if (2 * (size_ + 1) > slots_.size()) Grow();
    size_t i = Hash(key);
    while (slots_[i].key != nullptr) i = (i + 1) & (slots_.size() - 1);
    slots_[i] = {key, value};
    ++size_;
  }

 private:
  struct Slot {
    const K* key = nullptr;
    V* value = nullptr;
  };
  size_t Hash(const K* key) const {
    return (reinterpret_cast<uintptr_t>(key) >> 4) * 0x9E3779B97F4A7C15ull >>
           (64 - std::countr_zero(slots_.size()));
  }
  void Grow() {
    std::vector<Slot> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != nullptr) Insert(s.key, s.value);
    }
  }

  std::vector<Slot> slots_;  // size is a power of two
  size_t size_ = 0;
};

// ViewContext is the context kainjow looks names up in, reading the JSON
// view itself instead of a copy of it in kainjow's data. Converting the
// whole view (a hash map per object, a heap string per value) cost more
// than rendering the page; here only the values the template asks for
// become kainjow data, each once per render, and the rest are never copied.
//
// kainjow's renderer needs a `data` for every value a name finds: it tests
// it (false? empty list?), prints it, or pushes it to look names up in.
// DataFor makes them: a string, number or boolean becomes kainjow's value
// as the old full conversion made it; a list becomes a list of such values;
// an object becomes a `true` stand-in, which is everything kainjow does with
// an object's data (sections render, {{object}} prints nothing), and whose
// members this context finds through json_of_. Lookup order is kainjow's
// (innermost first, dotted names split as kainjow splits them), and there
// are no partials to look up: Load has inlined them all.
//
// One ViewContext serves one render on one thread; it must not outlive the
// view.
class ViewContext final : public mustache::basic_context<std::string> {
 public:
  // A view that is not an object is an empty one, as when kainjow's own
  // render is given such data.
  explicit ViewContext(const nlohmann::json& view) {
    static const nlohmann::json kEmpty = nlohmann::json::object();
    push(DataFor(view.is_object() ? view : kEmpty));
  }

  // The object each pushed data stands for is found once here, not on
  // every lookup.
  void push(const mustache::data* data) override {
    stack_.push_back(Level{data, json_of_.Find(data)});
  }
  void pop() override { stack_.pop_back(); }

  const mustache::data* get(const std::string& name) const override {
    if (name == ".") return stack_.back().data;
    const bool dotted = name.find('.') != std::string::npos;
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->object == nullptr) continue;  // a value, not an object: no members
      if (const nlohmann::json* j = dotted ? Path(*it->object, name) : Member(*it->object, name)) {
        return DataFor(*j);
      }
    }
    return nullptr;
  }

  const mustache::data* get_partial(const std::string&) const override { return nullptr; }

 private:
  static const nlohmann::json* Member(const nlohmann::json& j, const std::string& name) {
    if (!j.is_object()) return nullptr;
    auto it = j.find(name);
    return it == j.end() ? nullptr : &*it;
  }

  // Path follows "a.b.c" from `j`, splitting as kainjow does (std::getline
  // on '.': a trailing '.' adds no empty name).
  const nlohmann::json* Path(const nlohmann::json& j, const std::string& name) const {
    const nlohmann::json* node = &j;
    size_t start = 0;
    for (;;) {
      const size_t dot = name.find('.', start);
      key_.assign(name, start, dot == std::string::npos ? std::string::npos : dot - start);
      node = Member(*node, key_);
      if (node == nullptr || dot == std::string::npos || dot + 1 == name.size()) return node;
      start = dot + 1;
    }
  }

  // DataFor returns the kainjow value of `j`, made on first use.
  const mustache::data* DataFor(const nlohmann::json& j) const {
    if (const mustache::data* made = data_of_.Find(&j)) return made;
    const mustache::data& made = arena_.emplace_back(Value(j));
    data_of_.Insert(&j, &made);
    Register(made, j);
    return &made;
  }

  // Value makes the data of `j` (for an object, its stand-in). A list's
  // items are made with it, in the list's own vector.
  mustache::data Value(const nlohmann::json& j) const {
    switch (j.type()) {
      case nlohmann::json::value_t::object:
        return mustache::data(mustache::data::type::bool_true);
      case nlohmann::json::value_t::array: {
        mustache::data list(mustache::data::type::list);
        // basic_data has no move-in push_back; its list is a non-const
        // vector it owns on the heap, so filling it through the const
        // accessor is well-defined and saves a deep copy of every item.
        auto& items = const_cast<mustache::list&>(list.list_value());
        items.reserve(j.size());
        for (const auto& item : j) items.push_back(Value(item));
        for (size_t i = 0; i < items.size(); ++i) Register(items[i], j[i]);
        return list;
      }
      case nlohmann::json::value_t::string:
        // An empty string is false, as in most Mustache implementations, so
        // {{#href}}...{{/href}} is skipped when there is no link.
        if (j.get_ref<const std::string&>().empty()) {
          return mustache::data(mustache::data::type::bool_false);
        }
        return mustache::data(j.get_ref<const std::string&>());
      case nlohmann::json::value_t::boolean:
        return mustache::data(j.get<bool>() ? mustache::data::type::bool_true
                                            : mustache::data::type::bool_false);
      case nlohmann::json::value_t::null:
      case nlohmann::json::value_t::discarded:
        return mustache::data(mustache::data::type::bool_false);
      default:
        return mustache::data(j.dump());  // numbers
    }
  }

  // Register lets names be looked up in `data` when it stands for an
  // object. A list's items keep their addresses: the vector was reserved
  // and moving a list moves only its pointer to them.
  void Register(const mustache::data& data, const nlohmann::json& j) const {
    if (j.is_object()) json_of_.Insert(&data, &j);
  }

  struct Level {
    const mustache::data* data;
    const nlohmann::json* object;  // what `data` stands for; null for a value
  };
  std::vector<Level> stack_;  // innermost last
  // The data made so far (a deque, so addresses stay put), by JSON value,
  // and the object each stand-in is for.
  mutable std::deque<mustache::data> arena_;
  mutable PointerMap<nlohmann::json, const mustache::data> data_of_;
  mutable PointerMap<mustache::data, const nlohmann::json> json_of_;
  mutable std::string key_;  // one name of a dotted path; reused
};

// StringSink is the output stream kainjow's render(context, stream) writes
// to: it appends to one string, without an ostringstream's copies.
struct StringSink {
  std::string out;
  StringSink& operator<<(const std::string& s) {
    out += s;
    return *this;
  }
};

}  // namespace

std::unique_ptr<mustache::mustache> Theme::Template::Acquire() {
  {
    std::lock_guard lock(mu);
    if (!idle.empty()) {
      auto t = std::move(idle.back());
      idle.pop_back();
      return t;
    }
  }
  return Parse(source);
}

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
  for (const auto& [name, file] : *templates) {
    auto t = std::make_unique<Template>();
    std::vector<std::string> stack;
    if (Status s = ExpandPartials(file, *partials, file.path, stack, t->source); !s.ok()) {
      return Err(s);
    }
    auto parsed = Parse(t->source);
    if (!parsed->is_valid()) {
      return InvalidArgument(file.path.string() +
                             " (with its partials): " + parsed->error_message());
    }
    t->idle.push_back(std::move(parsed));
    theme->templates_[name] = std::move(t);
  }
  if (Status st = theme->LoadMessages(dir / "messages"); !st.ok()) return Err(st);
  if (auto css = ReadFile(theme->assets_dir_ / "style.css")) theme->fonts_ = FontFiles(*css);
  return theme;
}

namespace {

// LanguageKey lower-cases a BCP 47 tag and writes '_' as '-' ("ur_PK" ->
// "ur-pk"), so file names and settings match however they are spelled.
std::string LanguageKey(std::string_view tag) {
  std::string out(tag);
  for (char& c : out) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

Status Theme::LoadMessages(const std::filesystem::path& dir) {
  no_messages_ = Messages::Empty("en");
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return Status::Ok();
  auto en = Messages::Load(dir / "en.toml", "en");
  if (!en) return en.error();
  std::vector<std::filesystem::path> others;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml" && entry.path().stem() != "en") {
      others.push_back(entry.path());
    }
  }
  if (ec) return Status(Code::kInvalidArgument, dir.string() + ": " + ec.message());
  for (const auto& path : others) {
    const std::string language = path.stem().string();
    auto m = Messages::Load(path, language, en->get());
    if (!m) return m.error();
    messages_[LanguageKey(language)] = std::move(*m);
  }
  messages_["en"] = std::move(*en);
  return Status::Ok();
}

const Messages& Theme::MessagesFor(std::string_view language) const {
  std::string key = LanguageKey(language);
  while (!key.empty()) {
    if (auto it = messages_.find(key); it != messages_.end()) return *it->second;
    const size_t dash = key.rfind('-');
    key.resize(dash == std::string::npos ? 0 : dash);
  }
  if (auto it = messages_.find("en"); it != messages_.end()) return *it->second;
  return *no_messages_;
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
  Template& t = *it->second;
  ViewContext context(view);
  StringSink sink;
  sink.out.reserve(t.last_size.load(std::memory_order_relaxed) + 1024);
  auto tmpl = t.Acquire();
  tmpl->render(context, sink);
  if (!tmpl->is_valid()) {
    // The instance keeps its error; it is dropped, not returned to the pool.
    return Internal("template '" + name + "': " + tmpl->error_message());
  }
  t.Release(std::move(tmpl));
  t.last_size.store(sink.out.size(), std::memory_order_relaxed);
  return std::move(sink.out);
}

}  // namespace khabar
