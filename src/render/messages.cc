#include "render/messages.h"

#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <toml.hpp>
#include <vector>

#include "base/files.h"

namespace khabar {

struct Messages::Impl {
  std::string language;
  icu::Locale locale;
  nlohmann::json plain = nlohmann::json::object();
  // Each message's parsed pattern and the names of its arguments.
  struct Entry {
    std::unique_ptr<icu::MessageFormat> format;
    std::set<std::string> args;
  };
  std::map<std::string, Entry, std::less<>> entries;
  // ICU's MessageFormat::format is const but fills caches on first use
  // (plural rules, number formats): one format at a time.
  mutable std::mutex mu;
};

namespace {

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// ArgumentNames lists the named arguments of `pattern`; a numbered
// argument ({0}) is an error, since catalogs name what they take.
Result<std::set<std::string>> ArgumentNames(const icu::UnicodeString& pattern) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  icu::MessagePattern mp(pattern, &parse_error, status);
  if (U_FAILURE(status)) {
    return InvalidArgument("ICU refuses the pattern (" + std::string(u_errorName(status)) +
                           " at offset " + std::to_string(parse_error.offset) + ")");
  }
  std::set<std::string> names;
  for (int32_t i = 0; i < mp.countParts(); ++i) {
    const icu::MessagePattern::Part& part = mp.getPart(i);
    if (part.getType() == UMSGPAT_PART_TYPE_ARG_NUMBER) {
      return InvalidArgument("arguments must be named ({count}), not numbered ({0})");
    }
    if (part.getType() == UMSGPAT_PART_TYPE_ARG_NAME) {
      names.insert(ToUtf8(mp.getSubstring(part)));
    }
  }
  return names;
}

std::string Join(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

Messages::Messages() : impl_(std::make_unique<Impl>()) {}
Messages::~Messages() = default;

std::unique_ptr<Messages> Messages::Empty(std::string language) {
  std::unique_ptr<Messages> m(new Messages());
  UErrorCode status = U_ZERO_ERROR;
  m->impl_->locale = icu::Locale::forLanguageTag(language, status);
  if (U_FAILURE(status)) m->impl_->locale = icu::Locale::getRoot();
  m->impl_->language = std::move(language);
  return m;
}

Result<std::unique_ptr<Messages>> Messages::Load(const std::filesystem::path& file,
                                                 std::string language, const Messages* reference) {
  auto text = ReadFile(file);
  if (!text) return Err(text.error());
  return Parse(*text, file.string(), std::move(language), reference);
}

Result<std::unique_ptr<Messages>> Messages::Parse(const std::string& toml_text,
                                                  const std::string& origin, std::string language,
                                                  const Messages* reference) {
  toml::value root;
  try {
    std::istringstream in(toml_text);
    root = toml::parse(in, origin);
  } catch (const toml::syntax_error& e) {
    std::string what = e.what();
    return InvalidArgument(origin + ":" + std::to_string(e.location().line()) +
                           ": TOML syntax: " + what.substr(0, what.find('\n')));
  } catch (const std::exception& e) {
    return InvalidArgument(origin + ": TOML: " + e.what());
  }

  std::unique_ptr<Messages> m = Empty(std::move(language));
  Impl& impl = *m->impl_;
  auto bad = [&](const toml::value& v, const std::string& key, const std::string& why) {
    std::string where = origin;
    if (v.location().line() > 0) where += ":" + std::to_string(v.location().line());
    return InvalidArgument(where + ": " + key + ": " + why);
  };
  for (const auto& [key, v] : root.as_table()) {
    if (!v.is_string()) return bad(v, key, "expected a string (an ICU MessageFormat pattern)");
    const icu::UnicodeString pattern = icu::UnicodeString::fromUTF8(v.as_string().str);
    auto names = ArgumentNames(pattern);
    if (!names) return bad(v, key, names.error().message());
    UErrorCode status = U_ZERO_ERROR;
    UParseError parse_error;
    auto format = std::make_unique<icu::MessageFormat>(pattern, impl.locale, parse_error, status);
    if (U_FAILURE(status)) {
      return bad(v, key,
                 "ICU refuses the pattern (" + std::string(u_errorName(status)) + " at offset " +
                     std::to_string(parse_error.offset) + ")");
    }
    if (reference != nullptr) {
      auto it = reference->impl_->entries.find(key);
      if (it == reference->impl_->entries.end()) {
        return bad(v, key, "unknown key (not in the " + reference->language() + " catalog)");
      }
      if (it->second.args != *names) {
        return bad(v, key,
                   "takes arguments " + Join(*names) + " but the " + reference->language() +
                       " message takes " + Join(it->second.args));
      }
    }
    if (names->empty()) {
      icu::UnicodeString out;
      format->format(nullptr, nullptr, 0, out, status);
      if (U_FAILURE(status)) {
        return bad(v, key, "ICU cannot format it (" + std::string(u_errorName(status)) + ")");
      }
      impl.plain[key] = ToUtf8(out);
    }
    impl.entries[key] = Impl::Entry{std::move(format), std::move(*names)};
  }
  if (reference != nullptr) {
    for (const auto& [key, entry] : reference->impl_->entries) {
      if (!impl.entries.contains(key)) {
        return InvalidArgument(origin + ": " + key + ": missing (the " + reference->language() +
                               " catalog has it)");
      }
    }
  }
  return m;
}

std::string Messages::Format(std::string_view key, MessageArgs args) const {
  auto it = impl_->entries.find(key);
  if (it == impl_->entries.end()) return "[" + std::string(key) + "]";
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.size());
  values.reserve(args.size());
  for (const auto& [name, value] : args) {
    names.push_back(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), name.size())));
    if (const auto* n = std::get_if<int64_t>(&value)) {
      values.emplace_back(static_cast<int64_t>(*n));
    } else {
      values.emplace_back(icu::UnicodeString::fromUTF8(std::get<std::string>(value)));
    }
  }
  icu::UnicodeString out;
  UErrorCode status = U_ZERO_ERROR;
  {
    std::lock_guard lock(impl_->mu);
    it->second.format->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out,
                              status);
  }
  if (U_FAILURE(status)) return "[" + std::string(key) + "]";
  return ToUtf8(out);
}

bool Messages::Has(std::string_view key) const { return impl_->entries.contains(key); }

const nlohmann::json& Messages::Plain() const { return impl_->plain; }

const std::string& Messages::language() const { return impl_->language; }

}  // namespace khabar
