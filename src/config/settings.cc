#include "config/settings.h"

#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <toml.hpp>

#include "base/files.h"
#include "base/http_url.h"
#include "base/ip_network.h"

namespace khabar {
namespace {

using Table = toml::value;

// Where builds "origin:line: [table] key" for error messages.
std::string Where(const std::string& origin, const toml::value& v, const std::string& name) {
  std::string w = origin;
  auto line = v.location().line();
  if (line > 0) w += ":" + std::to_string(line);
  return w + ": " + name;
}

// Join names a key inside a table in dotted form: "site.name", "ads.slot".
std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// TomlString writes `s` as a TOML basic string, for SettingKeys' defaults.
std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string TomlStringList(const std::vector<std::string>& list) {
  std::string out = "[";
  for (const std::string& item : list) {
    if (out.size() > 1) out += ", ";
    out += TomlString(item);
  }
  return out + "]";
}

// Reader pulls typed keys out of one TOML table and records the first error.
// The Read* functions below ask it for every key a table may hold, so they
// are the one list of accepted keys: a listing Reader (SettingKeys) runs
// them over no table at all and notes each key asked for, with its type and
// the default the target still holds.
class Reader {
 public:
  // `path` names the table in dotted form ("site", "ads.slot"; "" for the
  // file itself); `array` says it is one of a list of tables ([[ads.slot]]),
  // which is how errors name it.
  Reader(const std::string& origin, const toml::value& table, std::string path, bool array)
      : origin_(origin), table_(&table), path_(std::move(path)), array_(array) {}
  // A listing Reader: appends each key asked for to `keys`.
  Reader(std::vector<SettingKey>* keys, std::string path)
      : table_(nullptr), path_(std::move(path)), listing_(keys) {}

  void String(const std::string& key, std::string* out) {
    Note(key, "string", TomlString(*out));
    if (const toml::value* v = Find(key)) ReadString(*v, key, out);
  }
  void Int(const std::string& key, int* out) {
    Note(key, "integer", std::to_string(*out));
    if (const toml::value* v = Find(key)) {
      if (!v->is_integer()) return Fail(*v, key, "expected an integer");
      auto i = v->as_integer();
      if (i < -1000000 || i > 1000000) return Fail(*v, key, "out of range");
      *out = static_cast<int>(i);
    }
  }
  void Bool(const std::string& key, bool* out) {
    Note(key, "boolean", *out ? "true" : "false");
    if (const toml::value* v = Find(key)) {
      if (!v->is_boolean()) return Fail(*v, key, "expected true or false");
      *out = v->as_boolean();
    }
  }
  void StringList(const std::string& key, std::vector<std::string>* out) {
    Note(key, "list of strings", TomlStringList(*out));
    if (const toml::value* v = Find(key)) ReadStringList(*v, key, out);
  }
  // Optional* leave `out` unset when the key is absent ("unset" in listings).
  void OptionalString(const std::string& key, std::optional<std::string>* out) {
    Note(key, "string", "unset");
    if (const toml::value* v = Find(key)) {
      std::string value;
      ReadString(*v, key, &value);
      *out = std::move(value);
    }
  }
  void OptionalStringList(const std::string& key, std::optional<std::vector<std::string>>* out) {
    Note(key, "list of strings", "unset");
    if (const toml::value* v = Find(key)) {
      std::vector<std::string> value;
      ReadStringList(*v, key, &value);
      *out = std::move(value);
    }
  }
  // Required fails when `key`, already read into `value`, is absent or empty
  // ("required" in listings).
  void Required(const std::string& key, const std::string& value) {
    if (listing_ != nullptr) {
      for (SettingKey& k : *listing_) {
        if (k.name == Join(path_, key)) k.default_value = "required";
      }
    } else if (value.empty()) {
      FailAt(*table_, Label(key), "is missing");
    }
  }

  // Table reads the table `key` ([site]) into `out` through `read`, and
  // rejects the keys `read` did not ask for.
  template <typename T, typename Read>
  void Table(const std::string& key, T& out, Read read) {
    expected_.push_back(key);
    if (listing_ != nullptr) {
      Reader lister(listing_, Join(path_, key));
      read(lister, out);
      return;
    }
    const toml::value* v = Find(key);
    if (v == nullptr) return;
    if (!v->is_table()) return FailAt(*v, "[" + Join(path_, key) + "]", "expected a table");
    Reader r(origin_, *v, Join(path_, key), false);
    read(r, out);
    r.RejectUnknown();
    Adopt(r);
  }
  // Tables reads the list of tables `key` ([[ads.slot]]), each through `read`
  // into a new element of `out`.
  template <typename T, typename Read>
  void Tables(const std::string& key, std::vector<T>& out, Read read) {
    const std::string path = Join(path_, key);
    expected_.push_back("[[" + path + "]]");
    if (listing_ != nullptr) {
      Reader lister(listing_, path);
      T item{};
      read(lister, item);
      return;
    }
    const toml::value* v = Find(key);
    if (v == nullptr) return;
    if (!v->is_array()) return Fail(*v, key, "expected [[" + path + "]] tables");
    for (const auto& table : v->as_array()) {
      if (!table.is_table()) return FailAt(table, "[[" + path + "]]", "expected a table");
      Reader r(origin_, table, path, true);
      T item{};
      read(r, item);
      r.RejectUnknown();
      Adopt(r);
      if (!status_.ok()) return;
      out.push_back(std::move(item));
    }
  }
  // OptionalTables is Tables, leaving `out` unset when `key` is absent.
  template <typename T, typename Read>
  void OptionalTables(const std::string& key, std::optional<std::vector<T>>& out, Read read) {
    std::vector<T> items;
    Tables(key, items, read);
    if (listing_ == nullptr && table_->as_table().contains(key)) out = std::move(items);
  }

  // RejectUnknown fails on any key that was not asked for.
  void RejectUnknown() {
    if (listing_ != nullptr) return;
    for (const auto& [key, v] : table_->as_table()) {
      if (seen_.contains(key)) continue;
      if (!path_.empty()) return Fail(v, key, "unknown key");
      std::string expected;
      for (const std::string& name : expected_) expected += (expected.empty() ? "" : ", ") + name;
      return FailAt(v, "[" + key + "]", "unknown table (expected " + expected + ")");
    }
  }
  Status status() const { return status_; }

 private:
  const toml::value* Find(const std::string& key) {
    seen_.insert(key);
    if (table_ == nullptr) return nullptr;
    const auto& t = table_->as_table();
    auto it = t.find(key);
    return it == t.end() ? nullptr : &it->second;
  }
  void Note(const std::string& key, const std::string& type, std::string default_value) {
    if (listing_ != nullptr) {
      listing_->push_back({Join(path_, key), type, std::move(default_value)});
    }
  }
  void ReadString(const toml::value& v, const std::string& key, std::string* out) {
    if (!v.is_string()) return Fail(v, key, "expected a string");
    *out = v.as_string().str;
  }
  void ReadStringList(const toml::value& v, const std::string& key, std::vector<std::string>* out) {
    if (!v.is_array()) return Fail(v, key, "expected a list of strings");
    std::vector<std::string> items;
    for (const auto& item : v.as_array()) {
      if (!item.is_string()) return Fail(item, key, "expected a list of strings");
      items.push_back(item.as_string().str);
    }
    *out = std::move(items);
  }
  // Label names `key` in errors: "[site] name", "[[editions]] key", or
  // "editions" at the top of the file.
  std::string Label(const std::string& key) const {
    if (path_.empty()) return key;
    return (array_ ? "[[" + path_ + "]] " : "[" + path_ + "] ") + key;
  }
  void Fail(const toml::value& v, const std::string& key, const std::string& why) {
    FailAt(v, Label(key), why);
  }
  void FailAt(const toml::value& v, const std::string& what, const std::string& why) {
    if (listing_ == nullptr && status_.ok()) {
      status_ = Status(Code::kInvalidArgument, Where(origin_, v, what) + ": " + why);
    }
  }
  void Adopt(const Reader& inner) {
    if (status_.ok()) status_ = inner.status_;
  }

  const std::string origin_;  // the file, for errors
  const toml::value* table_;  // nullptr when listing
  const std::string path_;
  const bool array_ = false;
  std::vector<SettingKey>* listing_ = nullptr;
  std::set<std::string> seen_;
  std::vector<std::string> expected_;  // the tables asked for, for the file's errors
  Status status_;
};

// FirstInvalidUtf8Line returns the 1-based line of the first byte sequence
// in `text` that is not UTF-8, or 0 when it is all UTF-8.
int FirstInvalidUtf8Line(std::string_view text) {
  int line = 1;
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  while (i < n) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    if (c < 0) return line;
    if (c == '\n') ++line;
  }
  return 0;
}

// IsCspOrigin accepts what may stand in a Content-Security-Policy source
// list as an ad's origin: http(s)://host[:port], the host optionally
// "*."-prefixed. Nothing else (no spaces, ';', quotes or paths), so a
// setting can never add a directive of its own.
bool IsCspOrigin(std::string_view s) {
  if (s.starts_with("https://")) {
    s.remove_prefix(8);
  } else if (s.starts_with("http://")) {
    s.remove_prefix(7);
  } else {
    return false;
  }
  if (s.ends_with('/')) s.remove_suffix(1);
  if (s.starts_with("*.")) s.remove_prefix(2);
  std::string_view host = s.substr(0, s.find(':'));
  if (host.empty() || host.size() > 253 || host.front() == '.' || host.back() == '.' ||
      host.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  if (host.size() == s.size()) return true;
  std::string_view port = s.substr(host.size() + 1);
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The Read* functions read one table each. The order is the order of
// docs/configuration.md.
void ReadSite(Reader& r, SiteSettings& site) {
  r.String("name", &site.name);
  r.String("base_url", &site.base_url);
  r.String("language", &site.language);
  r.String("timezone", &site.timezone);
  r.String("date_format", &site.date_format);
  r.String("time_format", &site.time_format);
  r.Int("page_size", &site.page_size);
  r.String("logo", &site.logo);
  r.String("description", &site.description);
  r.String("direction", &site.direction);
  r.String("slugs", &site.slugs);
}

void ReadCalendar(Reader& r, CalendarSettings& calendar) {
  r.String("hijri", &calendar.hijri);
  r.Int("hijri_adjust_days", &calendar.hijri_adjust_days);
  r.StringList("hijri_month_names", &calendar.hijri_month_names);
}

void ReadSocial(Reader& r, SocialSettings& social) {
  r.String("twitter", &social.twitter);
  r.String("facebook", &social.facebook);
  r.String("instagram", &social.instagram);
  r.String("youtube", &social.youtube);
  r.String("follow_text", &social.follow_text);
}

void ReadComments(Reader& r, CommentsSettings& comments) {
  r.String("closed_text", &comments.closed_text);
  r.String("moderation", &comments.moderation);
  r.Int("close_after_days", &comments.close_after_days);
  r.Int("max_length", &comments.max_length);
  r.Int("max_links", &comments.max_links);
  r.Int("min_interval_seconds", &comments.min_interval_seconds);
  r.Int("max_per_hour", &comments.max_per_hour);
}

void ReadFeeds(Reader& r, FeedSettings& feeds) {
  r.Bool("full_content", &feeds.full_content);
  r.Int("items", &feeds.items);
}

// ReadAdSlot reads one [[ads.slot]] (or [[editions.ad_slot]]) table.
void ReadAdSlot(Reader& r, AdSlot& ad) {
  r.String("name", &ad.name);
  r.Required("name", ad.name);
  r.String("html", &ad.html);
  r.Int("after_paragraph", &ad.after_paragraph);
  r.StringList("sources", &ad.sources);
}

// ReadAds reads [ads] and its [[ads.slot]] tables (kept in Settings::ad_slots).
void ReadAds(Reader& r, Settings& s) {
  r.Bool("enabled", &s.ads.enabled);
  r.String("ads_txt", &s.ads.ads_txt);
  r.Tables("slot", s.ad_slots, ReadAdSlot);
}

void ReadCache(Reader& r, CacheSettings& cache) {
  r.Bool("enabled", &cache.enabled);
  r.Int("max_megabytes", &cache.max_megabytes);
  r.StringList("purge", &cache.purge);
}

void ReadServer(Reader& r, ServerSettings& server) {
  r.StringList("trusted_proxies", &server.trusted_proxies);
  r.Int("max_connections_per_address", &server.max_connections_per_address);
  r.Int("header_timeout_seconds", &server.header_timeout_seconds);
  r.Int("idle_timeout_seconds", &server.idle_timeout_seconds);
}

void ReadLimits(Reader& r, LimitsSettings& limits) {
  r.Int("search_per_minute", &limits.search_per_minute);
  r.Int("search_burst", &limits.search_burst);
  r.Int("login_per_minute", &limits.login_per_minute);
  r.Int("login_burst", &limits.login_burst);
  r.Int("comment_per_minute", &limits.comment_per_minute);
  r.Int("comment_burst", &limits.comment_burst);
  r.Int("max_addresses", &limits.max_addresses);
  r.Int("tags_per_story", &limits.tags_per_story);
}

void ReadTheme(Reader& r, ThemeSettings& theme) { r.String("fonts_dir", &theme.fonts_dir); }

// ReadEdition reads one [[editions]] table.
void ReadEdition(Reader& r, EditionSettings& e) {
  r.String("key", &e.key);
  r.Required("key", e.key);
  r.String("prefix", &e.prefix);
  r.String("host", &e.host);
  r.String("direction", &e.direction);
  r.OptionalString("slugs", &e.slugs);
  r.OptionalString("name", &e.name);
  r.OptionalString("language", &e.language);
  r.OptionalString("description", &e.description);
  r.OptionalString("logo", &e.logo);
  r.OptionalString("date_format", &e.date_format);
  r.OptionalString("time_format", &e.time_format);
  r.OptionalStringList("hijri_month_names", &e.hijri_month_names);
  r.OptionalString("follow_text", &e.follow_text);
  r.OptionalString("twitter", &e.twitter);
  r.OptionalString("facebook", &e.facebook);
  r.OptionalString("instagram", &e.instagram);
  r.OptionalString("youtube", &e.youtube);
  r.OptionalString("closed_text", &e.closed_text);
  r.OptionalTables("ad_slot", e.ad_slots, ReadAdSlot);
  for (char& c : e.host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Normalise "/urdu/" to "/urdu".
  while (e.prefix.size() > 1 && e.prefix.ends_with('/')) e.prefix.pop_back();
}

// ReadFile reads the whole file: its tables, in the order errors list them.
void ReadFile(Reader& r, Settings& s) {
  r.Table("site", s.site, ReadSite);
  r.Table("calendar", s.calendar, ReadCalendar);
  r.Table("social", s.social, ReadSocial);
  r.Table("comments", s.comments, ReadComments);
  r.Table("feeds", s.feeds, ReadFeeds);
  r.Table("ads", s, ReadAds);
  r.Table("cache", s.cache, ReadCache);
  r.Table("server", s.server, ReadServer);
  r.Table("limits", s.limits, ReadLimits);
  r.Table("theme", s.theme, ReadTheme);
  r.Tables("editions", s.editions, ReadEdition);
}

}  // namespace

Result<Settings> ParseSettings(const std::string& toml_text, const std::string& origin) {
  // A TOML file is UTF-8. Checked here first because toml11 3.7 reads out
  // of bounds reporting invalid UTF-8 inside a 'literal string' (found by
  // fuzz/settings_fuzz.cc).
  if (int line = FirstInvalidUtf8Line(toml_text); line != 0) {
    return InvalidArgument(origin + ":" + std::to_string(line) + ": not UTF-8 text");
  }
  toml::value root;
  try {
    std::istringstream in(toml_text);
    root = toml::parse(in, origin);
  } catch (const toml::syntax_error& e) {
    // toml11's message spans several lines with a source excerpt; keep the
    // first two, which say what and where.
    std::string what = e.what();
    std::string first = what.substr(0, what.find('\n'));
    auto loc = e.location();
    return InvalidArgument(origin + ":" + std::to_string(loc.line()) + ": TOML syntax: " + first);
  } catch (const std::exception& e) {
    return InvalidArgument(origin + ": TOML: " + e.what());
  }

  Settings s;
  Reader r(origin, root, "", false);
  ReadFile(r, s);
  r.RejectUnknown();
  if (!r.status().ok()) return Err(r.status());
  if (Status st = ValidateSettings(s); !st.ok()) return Err(st.WithContext(origin));
  return s;
}

std::vector<SettingKey> SettingKeys() {
  std::vector<SettingKey> keys;
  Settings defaults;
  Reader lister(&keys, "");
  ReadFile(lister, defaults);
  return keys;
}

Result<Settings> LoadSettings(const std::filesystem::path& file) {
  auto text = ReadFile(file);
  if (!text) return InvalidArgument(file.string() + ": cannot read the settings file");
  return ParseSettings(*text, file.string());
}

const EditionSettings* FindEdition(const Settings& s, std::string_view key) {
  for (const EditionSettings& e : s.editions) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

std::string EditionForHost(const Settings& s, std::string_view host_header) {
  std::string host(host_header);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string name = host.substr(0, host.find(':'));
  for (const EditionSettings& e : s.editions) {
    if (e.host.empty()) continue;
    if (e.host == host || (e.host.find(':') == std::string::npos && e.host == name)) return e.key;
  }
  return "";
}

std::vector<std::string> EditionKeys(const Settings& s) {
  std::vector<std::string> keys = {""};
  for (const EditionSettings& e : s.editions) keys.push_back(e.key);
  return keys;
}

std::string DirectionOf(const std::string& language) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(language, status);
  return U_SUCCESS(status) && locale.isRightToLeft() ? "rtl" : "ltr";
}

Settings EditionView(const Settings& s, std::string_view key) {
  Settings view = s;
  const EditionSettings* e = FindEdition(s, key);
  if (e != nullptr) {
    SiteSettings& site = view.site;
    site.edition = e->key;
    if (!e->host.empty()) {
      // The main edition's scheme, on the edition's host.
      site.base_url = s.site.base_url.substr(0, s.site.base_url.find("://") + 3) + e->host;
      site.path_prefix.clear();
    } else {
      site.base_url = s.site.base_url + e->prefix;
      site.path_prefix = e->prefix;
    }
    auto take = [](const std::optional<std::string>& from, std::string& to) {
      if (from) to = *from;
    };
    take(e->name, site.name);
    take(e->language, site.language);
    take(e->description, site.description);
    take(e->logo, site.logo);
    take(e->date_format, site.date_format);
    take(e->time_format, site.time_format);
    take(e->slugs, site.slugs);
    site.direction = e->direction;
    if (e->hijri_month_names) view.calendar.hijri_month_names = *e->hijri_month_names;
    take(e->follow_text, view.social.follow_text);
    take(e->twitter, view.social.twitter);
    take(e->facebook, view.social.facebook);
    take(e->instagram, view.social.instagram);
    take(e->youtube, view.social.youtube);
    take(e->closed_text, view.comments.closed_text);
    if (e->ad_slots) view.ad_slots = *e->ad_slots;
  }
  if (view.site.direction.empty()) view.site.direction = DirectionOf(view.site.language);
  return view;
}

namespace {

// Path segments the route table uses: an edition's prefix may not be one.
const std::set<std::string, std::less<>> kReservedSegments = {
    "news",       "section", "tag",      "author",   "static",      "media",    "admin",
    "api",        "search",  "feed.xml", "atom.xml", "sitemap.xml", "sitemaps", "news-sitemap.xml",
    "robots.txt", "ads.txt", "healthz"};

bool IsEditionKey(std::string_view key) {
  if (key.empty() || key.size() > 16) return false;
  for (char c : key) {
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-')) {
      return false;
    }
  }
  return true;
}

// IsHost accepts a host name with an optional port: "urdu.example:8080".
bool IsHost(std::string_view host) {
  std::string_view name = host.substr(0, host.find(':'));
  if (name.empty() || name.size() > 253) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  if (name.size() == host.size()) return true;
  std::string_view port = host.substr(name.size() + 1);
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// ValidateEditions checks each [[editions]] table, and each edition's view
// of the settings as the main edition's are checked.
Status ValidateEditions(const Settings& s) {
  auto bad = [](const std::string& key, std::string m) {
    return Status(Code::kInvalidArgument, "[[editions]] '" + key + "' " + std::move(m));
  };
  std::set<std::string> keys, prefixes, hosts;
  for (const EditionSettings& e : s.editions) {
    if (!IsEditionKey(e.key)) {
      return Status(Code::kInvalidArgument,
                    "[[editions]] key: '" + e.key +
                        "' must be 1 to 16 lower-case letters, digits or '-' (\"ur\")");
    }
    if (!keys.insert(e.key).second) return bad(e.key, "key: is used twice");
    if (e.prefix.empty() == e.host.empty()) {
      return bad(e.key, "needs exactly one of prefix (\"/urdu/\") and host (\"urdu.example\")");
    }
    if (!e.prefix.empty()) {
      std::string_view segment = std::string_view(e.prefix).substr(1);
      if (!e.prefix.starts_with('/') || !IsEditionKey(segment)) {
        return bad(e.key, "prefix: '" + e.prefix +
                              "' must be one path segment of lower-case letters, digits or '-' "
                              "(\"/urdu/\")");
      }
      if (kReservedSegments.contains(segment)) {
        return bad(e.key, "prefix: '" + e.prefix + "' is a path the site itself uses");
      }
      if (!prefixes.insert(e.prefix).second) return bad(e.key, "prefix: is used twice");
    }
    if (!e.host.empty()) {
      if (!IsHost(e.host)) {
        return bad(e.key, "host: '" + e.host + "' is not a host name (\"urdu.example\")");
      }
      if (!hosts.insert(e.host).second) return bad(e.key, "host: is used twice");
    }
    if (!e.direction.empty() && e.direction != "ltr" && e.direction != "rtl") {
      return bad(e.key, "direction: must be \"ltr\" or \"rtl\"");
    }
    Settings view = EditionView(s, e.key);
    view.editions.clear();
    if (Status st = ValidateSettings(view); !st.ok()) {
      return Status(st.code(), "[[editions]] '" + e.key + "': " + st.message());
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateSettings(const Settings& s) {
  auto bad = [](std::string m) { return Status(Code::kInvalidArgument, std::move(m)); };
  if (!s.site.direction.empty() && s.site.direction != "ltr" && s.site.direction != "rtl") {
    return bad("[site] direction: must be \"ltr\" or \"rtl\"");
  }
  if (s.site.slugs != "unicode" && s.site.slugs != "id") {
    return bad("[site] slugs: must be \"unicode\" or \"id\"");
  }
  if (s.site.name.empty()) return bad("[site] name: must not be empty");
  const std::string& url = s.site.base_url;
  if (!(url.starts_with("http://") || url.starts_with("https://")) || url.ends_with('/') ||
      url.find_first_of(" \"<>'") != std::string::npos) {
    return bad("[site] base_url: '" + url +
               "' must be an http:// or https:// address without a trailing '/'");
  }
  if (s.site.language.empty()) return bad("[site] language: must not be empty");
  {
    std::unique_ptr<icu::TimeZone> tz(
        icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(s.site.timezone)));
    icu::UnicodeString id;
    tz->getID(id);
    if (*tz == icu::TimeZone::getUnknown() && s.site.timezone != "Etc/Unknown") {
      return bad("[site] timezone: unknown time zone '" + s.site.timezone +
                 "' (use an IANA name such as 'Asia/Karachi')");
    }
  }
  if (s.site.page_size < 1 || s.site.page_size > 100) {
    return bad("[site] page_size: must be between 1 and 100");
  }
  if (s.calendar.hijri_adjust_days < -3 || s.calendar.hijri_adjust_days > 3) {
    return bad("[calendar] hijri_adjust_days: must be between -3 and 3");
  }
  if (s.calendar.hijri_month_names.size() != 12) {
    return bad("[calendar] hijri_month_names: must name 12 months, not " +
               std::to_string(s.calendar.hijri_month_names.size()));
  }
  for (const auto& n : s.calendar.hijri_month_names) {
    if (n.empty()) return bad("[calendar] hijri_month_names: a month name is empty");
  }
  const std::set<std::string> calendars = {"islamic-umalqura", "islamic-civil", "islamic",
                                           "islamic-tbla"};
  if (!calendars.contains(s.calendar.hijri)) {
    return bad("[calendar] hijri: unknown calendar '" + s.calendar.hijri +
               "' (expected islamic-umalqura, islamic-civil, islamic or islamic-tbla)");
  }
  if (s.social.twitter.starts_with('@')) {
    return bad("[social] twitter: give the handle without '@'");
  }
  for (const auto& [key, value] :
       {std::pair{"facebook", &s.social.facebook}, std::pair{"instagram", &s.social.instagram},
        std::pair{"youtube", &s.social.youtube}}) {
    if (!value->empty() && !value->starts_with("https://") && !value->starts_with("http://")) {
      return bad(std::string("[social] ") + key + ": '" + *value + "' is not an http(s) address");
    }
  }
  if (s.comments.moderation != "all" && s.comments.moderation != "none") {
    return bad("[comments] moderation: must be \"all\" or \"none\"");
  }
  if (s.cache.max_megabytes < 1 || s.cache.max_megabytes > 65536) {
    return bad("[cache] max_megabytes: must be between 1 and 65536");
  }
  for (const std::string& url : s.cache.purge) {
    if (auto parsed = ParseHttpUrl(url); !parsed) {
      return bad("[cache] purge: " + parsed.error().message());
    }
  }
  for (const std::string& proxy : s.server.trusted_proxies) {
    if (auto parsed = IpNetwork::Parse(proxy); !parsed) {
      return bad("[server] trusted_proxies: " + parsed.error().message());
    }
  }
  if (s.comments.close_after_days < 0 || s.comments.close_after_days > 36500) {
    return bad("[comments] close_after_days: must be 0 (never) or a number of days");
  }
  if (s.comments.max_length < 1 || s.comments.max_length > 100000) {
    return bad("[comments] max_length: must be between 1 and 100000");
  }
  if (s.comments.max_links < 0 || s.comments.max_links > 100) {
    return bad("[comments] max_links: must be between 0 and 100");
  }
  if (s.comments.min_interval_seconds < 0 || s.comments.min_interval_seconds > 86400) {
    return bad("[comments] min_interval_seconds: must be between 0 (no limit) and 86400");
  }
  if (s.comments.max_per_hour < 0 || s.comments.max_per_hour > 100000) {
    return bad("[comments] max_per_hour: must be between 0 (no limit) and 100000");
  }
  if (s.server.max_connections_per_address < 0 || s.server.max_connections_per_address > 100000) {
    return bad("[server] max_connections_per_address: must be between 0 (no cap) and 100000");
  }
  if (s.server.header_timeout_seconds < 1 || s.server.header_timeout_seconds > 300) {
    return bad("[server] header_timeout_seconds: must be between 1 and 300");
  }
  if (s.server.idle_timeout_seconds < 1 || s.server.idle_timeout_seconds > 3600) {
    return bad("[server] idle_timeout_seconds: must be between 1 and 3600");
  }
  for (const auto& [key, value] : {std::pair{"search_per_minute", s.limits.search_per_minute},
                                   std::pair{"login_per_minute", s.limits.login_per_minute},
                                   std::pair{"comment_per_minute", s.limits.comment_per_minute}}) {
    if (value < 0 || value > 1000000) {
      return bad(std::string("[limits] ") + key + ": must be between 0 (no limit) and 1000000");
    }
  }
  for (const auto& [key, value] : {std::pair{"search_burst", s.limits.search_burst},
                                   std::pair{"login_burst", s.limits.login_burst},
                                   std::pair{"comment_burst", s.limits.comment_burst}}) {
    if (value < 1 || value > 1000000) {
      return bad(std::string("[limits] ") + key + ": must be between 1 and 1000000");
    }
  }
  if (s.limits.max_addresses < 100 || s.limits.max_addresses > 1000000) {
    return bad("[limits] max_addresses: must be between 100 and 1000000");
  }
  // 100 is content/article.h's kMaxTagsCeiling, which every store enforces.
  if (s.limits.tags_per_story < 1 || s.limits.tags_per_story > 100) {
    return bad("[limits] tags_per_story: must be between 1 and 100");
  }
  if (!std::filesystem::path(s.theme.fonts_dir).is_absolute()) {
    return bad("[theme] fonts_dir: '" + s.theme.fonts_dir +
               "' must be an absolute path (such as /usr/share/fonts/truetype/noto)");
  }
  if (s.feeds.items < 1 || s.feeds.items > 500)
    return bad("[feeds] items: must be between 1 and 500");
  std::set<std::string> slot_names;
  for (const auto& ad : s.ad_slots) {
    if (ad.after_paragraph < 1 || ad.after_paragraph > 1000) {
      return bad("[[ads.slot]] after_paragraph: must be between 1 and 1000");
    }
    if (!slot_names.insert(ad.name).second) {
      return bad("[[ads.slot]] name: '" + ad.name + "' is used twice");
    }
    for (const std::string& source : ad.sources) {
      if (!IsCspOrigin(source)) {
        return bad("[[ads.slot]] sources: '" + source +
                   "' is not an origin such as \"https://ads.example\" (scheme, host, "
                   "optional port, nothing else)");
      }
    }
  }
  return ValidateEditions(s);
}

}  // namespace khabar
