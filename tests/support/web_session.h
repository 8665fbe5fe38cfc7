// Test support: one browser-like client of the newsroom. A WebSession keeps
// cookies (Set-Cookie name=value, honouring Path, Max-Age=0 and empty values
// as deletion) and sends them back; it follows no redirects, so every test
// sees the exact status and Location the server gave. Requests go over
// loopback with HttpRaw, one connection each.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/http_client.h"

namespace khabar::testing {

using Fields = std::vector<std::pair<std::string, std::string>>;
using Headers = std::map<std::string, std::string>;

// FilePart is one file of a multipart/form-data body.
struct FilePart {
  std::string field;     // the form field name ("file", "image_upload")
  std::string filename;  // what the browser says the file is called
  std::string content_type = "application/octet-stream";
  std::string data;
};

// UrlEncode percent-encodes everything but unreserved characters.
std::string UrlEncode(std::string_view text);
// UrlDecode undoes percent-encoding ('+' is a space, as in forms).
std::string UrlDecode(std::string_view text);
// FormEncode is an application/x-www-form-urlencoded body.
std::string FormEncode(const Fields& fields);
// MultipartBody is a multipart/form-data body with `boundary`.
std::string MultipartBody(const Fields& fields, const std::vector<FilePart>& files,
                          const std::string& boundary);

// CsrfOf reads <meta name="csrf-token" content="..."> from an admin page.
std::string CsrfOf(const std::string& html);

class WebSession {
 public:
  // `source_address` makes the session's connections come from another
  // loopback address ("127.0.0.2"), for per-address behaviour.
  explicit WebSession(int port = 0, std::string source_address = "");

  // After a server restart the port changes; the cookies stay.
  void set_port(int port) { port_ = port; }
  int port() const { return port_; }

  HttpResponse Get(const std::string& target, const Headers& extra = {});
  // PostForm sends fields as application/x-www-form-urlencoded.
  HttpResponse PostForm(const std::string& target, const Fields& fields, const Headers& extra = {});
  // PostMultipart sends fields and files as multipart/form-data.
  HttpResponse PostMultipart(const std::string& target, const Fields& fields,
                             const std::vector<FilePart>& files, const Headers& extra = {});
  // Send is any request with a body; it adds Cookie, Host, Content-Length.
  HttpResponse Send(const std::string& method, const std::string& target,
                    const std::string& content_type, const std::string& body,
                    const Headers& extra = {});

  // The cookie jar.
  std::optional<std::string> Cookie(const std::string& name) const;
  void SetCookie(const std::string& name, const std::string& value, const std::string& path = "/");
  void RemoveCookie(const std::string& name);
  void ClearCookies() { jar_.clear(); }
  // CookieHeader is what would be sent for `path` ("" when nothing).
  std::string CookieHeader(const std::string& path) const;

  // csrf is the token of the last admin page this session fetched (kept
  // by Get whenever a page carries one).
  const std::string& csrf() const { return csrf_; }
  void set_csrf(std::string token) { csrf_ = std::move(token); }

  // last is the most recent response.
  const HttpResponse& last() const { return last_; }

 private:
  friend WebSession Login(int, const std::string&, const std::string&, const std::string&,
                          const std::string&);
  struct StoredCookie {
    std::string value;
    std::string path;
  };
  void Remember(const HttpResponse& res);

  int port_;
  std::string source_address_;
  std::map<std::string, StoredCookie> jar_;
  std::string csrf_;
  HttpResponse last_;
};

// Login signs `login` in the way a browser does: GET /admin/login (which
// sets the khabar_login cookie), read login_token from the form, POST it
// with the credentials (and `next` when given). On success (303 with a
// session cookie) it also GETs /admin to learn the session's CSRF token.
// The session is returned either way; session.last() is the POST's answer
// and SignedIn() tells whether it worked.
WebSession Login(int port, const std::string& login, const std::string& password,
                 const std::string& next = "", const std::string& source_address = "");
bool SignedIn(const WebSession& session);

// ---- Pictures made in the test ----

// TinyPng is a valid w x h RGB PNG filled with one colour.
std::string TinyPng(int width, int height, uint8_t r, uint8_t g, uint8_t b);
// PngBomb is a small PNG whose header claims width x height pixels (with
// valid CRCs and a short compressed IDAT): a decompression bomb if decoded.
std::string PngBomb(int width, int height);

}  // namespace khabar::testing
