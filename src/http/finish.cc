#include "http/finish.h"

#include <sys/stat.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <vector>

#include "http/internal/ascii.h"
#include "http/internal/gzip.h"

namespace khabar::http {
namespace {

using internal::AsciiLower;
using internal::EqualsIgnoreCase;
using internal::TrimOws;

constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

bool IsCompressibleType(std::string_view content_type) {
  std::string type = AsciiLower(TrimOws(content_type.substr(0, content_type.find(';'))));
  if (type.starts_with("text/")) return true;
  return type == "application/json" || type == "application/xml" || type == "application/rss+xml" ||
         type == "application/atom+xml" || type == "image/svg+xml" ||
         type == "application/javascript" || type == "application/manifest+json" ||
         type == "application/ld+json";
}

namespace {

bool HasBody(int status) { return status >= 200 && status != 204 && status != 304; }

// OpaqueTag strips a weak prefix, for the weak comparison If-None-Match uses.
std::string_view OpaqueTag(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

// IfNoneMatchHits reports whether an If-None-Match value matches `etag`.
// Entity tags may contain commas, so this scans quoted strings rather than
// splitting on ','.
bool IfNoneMatchHits(std::string_view header, std::string_view etag) {
  header = TrimOws(header);
  if (header == "*") return true;
  std::string_view want = OpaqueTag(etag);
  size_t i = 0;
  while (i < header.size()) {
    size_t start = header.find('"', i);
    if (start == std::string_view::npos) break;
    size_t end = header.find('"', start + 1);
    if (end == std::string_view::npos) break;
    if (header.substr(start, end - start + 1) == want) return true;
    i = end + 1;
  }
  return false;
}

void MakeNotModified(Response& res) {
  res.status = 304;
  res.body.clear();
  res.shared_body.reset();
  res.file.reset();
  res.RemoveHeader("Content-Length");
  res.RemoveHeader("Content-Type");
  res.RemoveHeader("Content-Encoding");
}

// NotModified applies the conditional-request rules of RFC 9110 13.2.2 for a
// safe request: If-None-Match wins over If-Modified-Since.
bool NotModified(const Request& req, std::string_view etag, std::optional<Seconds> modified) {
  std::string_view inm = req.Header("if-none-match");
  if (!inm.empty()) return !etag.empty() && IfNoneMatchHits(inm, etag);
  std::string_view ims = req.Header("if-modified-since");
  if (ims.empty() || !modified) return false;
  auto since = ParseHttpDate(ims);
  return since && *modified <= *since;
}

std::string Hex(uint64_t v) {
  char buf[17];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, 16);
  return std::string(buf, end);
}

// FinishFile returns false when the file cannot be served (gone, or not a
// regular file): the handler checked it, but the disk may have changed since.
bool FinishFile(const Request& req, Response& res, bool conditional) {
  struct stat st {};
  if (::stat(res.file->c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  Seconds mtime{std::chrono::seconds(st.st_mtim.tv_sec)};
  if (res.Header("Last-Modified").empty()) res.SetHeader("Last-Modified", FormatHttpDate(mtime));
  if (res.Header("ETag").empty()) {
    res.SetHeader("ETag", "\"" + Hex(static_cast<uint64_t>(st.st_size)) + "-" +
                              Hex(static_cast<uint64_t>(st.st_mtim.tv_sec)) + "\"");
  }
  if (res.Header("Content-Type").empty()) res.SetHeader("Content-Type", "application/octet-stream");
  if (conditional &&
      NotModified(req, res.Header("ETag"), ParseHttpDate(res.Header("Last-Modified")))) {
    MakeNotModified(res);
    return true;
  }
  res.body.clear();
  res.SetHeader("Content-Length", std::to_string(st.st_size));
  return true;
}

void FinishBody(const Request& req, Response& res, bool conditional) {
  if (!HasBody(res.status)) {
    res.body.clear();
    res.shared_body.reset();
    return;
  }
  if (res.shared_body) {
    // A cached body arrives finished: its encoding, ETag and Vary are set.
    res.body.clear();
    if (conditional &&
        NotModified(req, res.Header("ETag"), ParseHttpDate(res.Header("Last-Modified")))) {
      MakeNotModified(res);
      return;
    }
    res.SetHeader("Content-Length", std::to_string(res.shared_body->size()));
    return;
  }
  if (res.Header("Content-Type").empty() && !res.body.empty()) {
    res.SetHeader("Content-Type", "text/plain; charset=utf-8");
  }
  bool compressible = res.Header("Content-Encoding").empty() && res.body.size() >= kGzipMinBytes &&
                      IsCompressibleType(res.Header("Content-Type"));
  bool gzip = compressible && AcceptsGzip(req.Header("accept-encoding"));
  if (compressible) AddVary(res, "Accept-Encoding");

  std::string etag(res.Header("ETag"));
  if (conditional && etag.empty()) etag = BodyETag(res.body);
  const std::string identity_etag = etag;
  if (!etag.empty()) {
    if (gzip) etag = VariantETag(etag, "-gz");
    res.SetHeader("ETag", etag);
  }
  if (conditional && NotModified(req, etag, ParseHttpDate(res.Header("Last-Modified")))) {
    MakeNotModified(res);
    return;
  }
  if (gzip) {
    if (auto z = internal::Gzip(res.body)) {
      res.body = std::move(*z);
      res.SetHeader("Content-Encoding", "gzip");
    } else if (!identity_etag.empty()) {
      res.SetHeader("ETag", identity_etag);  // sending identity: correct, just bigger
    }
  }
  res.SetHeader("Content-Length", std::to_string(res.body.size()));
}

// SharedCacheMayKeep mirrors what a shared cache would refuse to keep.
bool SharedCacheMayKeep(const Response& res) {
  if (res.status != 200 || !res.Header("Set-Cookie").empty()) return false;
  const std::string cache_control = AsciiLower(res.Header("Cache-Control"));
  return cache_control.find("private") == std::string::npos &&
         cache_control.find("no-store") == std::string::npos;
}

}  // namespace

void AddSurrogateKey(Response& res) {
  if (!res.cacheable || res.cacheable->keys.empty() || !res.Header(kSurrogateKey).empty() ||
      !SharedCacheMayKeep(res)) {
    return;
  }
  std::string value;
  for (const std::string& key : res.cacheable->keys) {
    if (!value.empty()) value += ' ';
    value += key;
  }
  if (value.size() > kMaxSurrogateKeyBytes) {
    res.SetHeader("Surrogate-Control", "no-store");
    return;
  }
  res.SetHeader(kSurrogateKey, std::move(value));
}

void Finish(const Request& req, Response& res, Seconds now) {
  AddSurrogateKey(res);
  res.RemoveHeader("Content-Length");
  res.RemoveHeader("Transfer-Encoding");
  res.RemoveHeader("Connection");
  res.RemoveHeader("Keep-Alive");
  bool safe = req.method == "GET" || req.method == "HEAD";
  if (res.file) {
    if (!HasBody(res.status)) {
      res.file.reset();
    } else if (!FinishFile(req, res, safe && res.status == 200)) {
      res = Text("404 Not Found\n", 404);
    }
  }
  if (!res.file) FinishBody(req, res, safe && res.status == 200);
  // No answer may be sniffed into another type (a text/plain error page
  // holding a request's words must never run as HTML).
  if (res.Header("X-Content-Type-Options").empty()) {
    res.SetHeader("X-Content-Type-Options", "nosniff");
  }
  res.SetHeader("Date", FormatHttpDate(now));
}

std::string FormatHttpDate(Seconds t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{t - days};
  std::chrono::weekday wd{days};
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%s, %02u %s %04d %02d:%02d:%02d GMT", kDays[wd.c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::optional<Seconds> ParseHttpDate(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, 29 bytes.
  s = TrimOws(s);
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  int day = num(5, 2), year = num(12, 4), hh = num(17, 2), mm = num(20, 2), ss = num(23, 2);
  int month = -1;
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (s.substr(8, 3) == kMonths[i]) month = static_cast<int>(i) + 1;
  }
  if (day < 0 || year < 0 || hh < 0 || mm < 0 || ss < 0 || month < 0 || hh > 23 || mm > 59 ||
      ss > 60) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok()) return std::nullopt;
  return Seconds{std::chrono::sys_days(ymd).time_since_epoch() + std::chrono::hours(hh) +
                 std::chrono::minutes(mm) + std::chrono::seconds(ss)};
}

bool AcceptsGzip(std::string_view header) { return AcceptsCoding(header, "gzip"); }

bool AcceptsCoding(std::string_view header, std::string_view wanted) {
  const bool want_gzip = EqualsIgnoreCase(wanted, "gzip");
  std::optional<bool> gzip, star;
  while (!header.empty()) {
    size_t comma = header.find(',');
    std::string_view item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    std::string_view coding = TrimOws(item.substr(0, item.find(';')));
    bool allowed = true;
    for (size_t semi = item.find(';'); semi != std::string_view::npos;
         semi = item.find(';', semi + 1)) {
      std::string_view param = TrimOws(item.substr(semi + 1, item.find(';', semi + 1) - semi - 1));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        // q is 0 only when every digit after "0." is 0 ("0", "0.0", "0.000").
        std::string_view q = param.substr(2);
        allowed = !q.empty() && q.find_first_not_of("0.") != std::string_view::npos;
      }
    }
    if (EqualsIgnoreCase(coding, wanted) || (want_gzip && EqualsIgnoreCase(coding, "x-gzip"))) {
      gzip = allowed;
    } else if (coding == "*") {
      star = allowed;
    }
  }
  if (gzip) return *gzip;
  return star.value_or(false);
}

std::string BodyETag(std::string_view body) {
  // libstdc++'s std::hash of bytes (64-bit Murmur) runs about 8 times as
  // fast as FNV-1a on a 50 KB page, and an ETag need only be stable for
  // one build serving one body. Every uncached page pays for it.
  const uint64_t h = std::hash<std::string_view>{}(body);
  char hex[17];
  auto [end, ec] = std::to_chars(hex, hex + sizeof(hex), h, 16);
  return "\"" + std::string(hex, end) + "\"";
}

std::string VariantETag(std::string_view tag, std::string_view suffix) {
  std::string out(tag);
  if (out.size() >= 2 && out.back() == '"') {
    out.insert(out.size() - 1, suffix);
  } else {
    out += suffix;
  }
  return out;
}

void AddVary(Response& res, std::string_view token) {
  std::string_view vary = res.Header("Vary");
  if (vary.empty()) {
    res.SetHeader("Vary", std::string(token));
    return;
  }
  std::string_view rest = vary;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = TrimOws(rest.substr(0, comma));
    if (item == "*" || EqualsIgnoreCase(item, token)) return;
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  res.SetHeader("Vary", std::string(vary) + ", " + std::string(token));
}

}  // namespace khabar::http
