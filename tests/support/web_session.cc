#include "support/web_session.h"

#include <zlib.h>

#include <cctype>
#include <cstdio>

#include "support/html.h"

namespace khabar::testing {
namespace {

std::string Trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  const size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

std::string PathOf(const std::string& target) { return target.substr(0, target.find('?')); }

// PathMatches is RFC 6265's path-match, enough for "/" and "/admin/login".
bool PathMatches(const std::string& request_path, const std::string& cookie_path) {
  if (cookie_path.empty() || cookie_path == "/") return true;
  if (!request_path.starts_with(cookie_path)) return false;
  return request_path.size() == cookie_path.size() || cookie_path.back() == '/' ||
         request_path[cookie_path.size()] == '/';
}

void PutU32(std::string& out, uint32_t v) {
  out += static_cast<char>(v >> 24);
  out += static_cast<char>(v >> 16);
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v);
}

void PngChunk(std::string& out, const char* type, const std::string& data) {
  PutU32(out, static_cast<uint32_t>(data.size()));
  std::string typed = std::string(type, 4) + data;
  out += typed;
  PutU32(out, static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(typed.data()),
                                          static_cast<uInt>(typed.size()))));
}

std::string PngHeader(int width, int height) {
  std::string ihdr;
  PutU32(ihdr, static_cast<uint32_t>(width));
  PutU32(ihdr, static_cast<uint32_t>(height));
  ihdr += '\x08';  // bit depth
  ihdr += '\x02';  // colour type: RGB
  ihdr += '\x00';  // compression
  ihdr += '\x00';  // filter
  ihdr += '\x00';  // no interlace
  std::string out = "\x89PNG\r\n\x1a\n";
  PngChunk(out, "IHDR", ihdr);
  return out;
}

std::string Deflate(const std::string& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()),
            static_cast<uLong>(raw.size()), 9);
  out.resize(size);
  return out;
}

}  // namespace

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string UrlDecode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

std::string FormEncode(const Fields& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += UrlEncode(k) + "=" + UrlEncode(v);
  }
  return out;
}

std::string MultipartBody(const Fields& fields, const std::vector<FilePart>& files,
                          const std::string& boundary) {
  std::string out;
  for (const auto& [k, v] : fields) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v +
           "\r\n";
  }
  for (const auto& f : files) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.field +
           "\"; filename=\"" + f.filename + "\"\r\nContent-Type: " + f.content_type + "\r\n\r\n";
    out += f.data;
    out += "\r\n";
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

std::string CsrfOf(const std::string& html) {
  HtmlDoc doc(html);
  return doc.One("//meta[@name='csrf-token']").Attr("content");
}

WebSession::WebSession(int port, std::string source_address)
    : port_(port), source_address_(std::move(source_address)) {}

std::string WebSession::CookieHeader(const std::string& path) const {
  std::string out;
  for (const auto& [name, c] : jar_) {
    if (!PathMatches(path, c.path)) continue;
    if (!out.empty()) out += "; ";
    out += name + "=" + c.value;
  }
  return out;
}

std::optional<std::string> WebSession::Cookie(const std::string& name) const {
  auto it = jar_.find(name);
  if (it == jar_.end()) return std::nullopt;
  return it->second.value;
}

void WebSession::SetCookie(const std::string& name, const std::string& value,
                           const std::string& path) {
  jar_[name] = StoredCookie{value, path};
}

void WebSession::RemoveCookie(const std::string& name) { jar_.erase(name); }

void WebSession::Remember(const HttpResponse& res) {
  for (const std::string& header : res.set_cookies) {
    std::string_view rest(header);
    size_t semi = rest.find(';');
    std::string pair = Trim(rest.substr(0, semi));
    size_t eq = pair.find('=');
    if (eq == std::string::npos) continue;
    std::string name = Trim(std::string_view(pair).substr(0, eq));
    std::string value = Trim(std::string_view(pair).substr(eq + 1));
    std::string path = "/";
    bool expired = value.empty();
    while (semi != std::string_view::npos) {
      rest = rest.substr(semi + 1);
      semi = rest.find(';');
      std::string attr = Trim(rest.substr(0, semi));
      std::string lower;
      for (char c : attr) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower.starts_with("path=")) path = attr.substr(5);
      if (lower == "max-age=0" || lower.starts_with("max-age=-")) expired = true;
    }
    if (expired) {
      jar_.erase(name);
    } else {
      jar_[name] = StoredCookie{value, path};
    }
  }
  if (res.Header("content-type").starts_with("text/html")) {
    std::string token = CsrfOf(res.body);
    if (!token.empty()) csrf_ = token;
  }
}

HttpResponse WebSession::Send(const std::string& method, const std::string& target,
                              const std::string& content_type, const std::string& body,
                              const Headers& extra) {
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  std::string cookies = CookieHeader(PathOf(target));
  if (!cookies.empty()) req += "Cookie: " + cookies + "\r\n";
  if (method != "GET" && method != "HEAD") {
    if (!content_type.empty()) req += "Content-Type: " + content_type + "\r\n";
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  for (const auto& [k, v] : extra) req += k + ": " + v + "\r\n";
  req += "\r\n";
  req += body;
  last_ = HttpRaw(port_, req, source_address_);
  Remember(last_);
  return last_;
}

HttpResponse WebSession::Get(const std::string& target, const Headers& extra) {
  return Send("GET", target, "", "", extra);
}

HttpResponse WebSession::PostForm(const std::string& target, const Fields& fields,
                                  const Headers& extra) {
  return Send("POST", target, "application/x-www-form-urlencoded", FormEncode(fields), extra);
}

HttpResponse WebSession::PostMultipart(const std::string& target, const Fields& fields,
                                       const std::vector<FilePart>& files, const Headers& extra) {
  const std::string boundary = "----khabar-test-boundary-7d1f3a";
  return Send("POST", target, "multipart/form-data; boundary=" + boundary,
              MultipartBody(fields, files, boundary), extra);
}

WebSession Login(int port, const std::string& login, const std::string& password,
                 const std::string& next, const std::string& source_address) {
  WebSession s(port, source_address);
  HttpResponse form = s.Get(next.empty() ? "/admin/login" : "/admin/login?next=" + UrlEncode(next));
  HtmlDoc doc(form.body);
  std::string token = doc.One("//input[@name='login_token']").Attr("value");
  std::string next_field = doc.One("//input[@name='next']").Attr("value");
  s.PostForm(
      "/admin/login",
      {{"login_token", token}, {"next", next_field}, {"login", login}, {"password", password}});
  if (SignedIn(s)) {
    HttpResponse post = s.last();
    s.Get("/admin");            // learns the session's CSRF token
    s.last_ = std::move(post);  // last() says how the sign-in went
  }
  return s;
}

bool SignedIn(const WebSession& session) { return session.Cookie("khabar_session").has_value(); }

std::string TinyPng(int width, int height, uint8_t r, uint8_t g, uint8_t b) {
  std::string raw;
  for (int y = 0; y < height; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < width; ++x) {
      raw += static_cast<char>(r);
      raw += static_cast<char>(g);
      raw += static_cast<char>(b);
    }
  }
  std::string out = PngHeader(width, height);
  PngChunk(out, "IDAT", Deflate(raw));
  PngChunk(out, "IEND", "");
  return out;
}

std::string PngBomb(int width, int height) {
  // The first rows of zeros only: the decoder would have to allocate the
  // whole picture before noticing the data ends.
  std::string raw(static_cast<size_t>(width) * 3 + 1, '\0');
  std::string out = PngHeader(width, height);
  PngChunk(out, "IDAT", Deflate(std::string(64 * 1024, '\0') + raw));
  PngChunk(out, "IEND", "");
  return out;
}

}  // namespace khabar::testing
