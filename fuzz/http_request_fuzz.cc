// Fuzzes what the server does with the bytes of one request: Beast's
// parser under the server's limits, the server's own checks
// (http/internal/request_checks.h), the Request it builds, the form parser
// on the body, the router on the path, and static files on a wildcard.
//
// Invariants: a refusal is a 4xx or 5xx the server can send; an accepted
// path is absolute, has no "." or ".." segment, backslash or control
// character; a static file answered is inside its root.
#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/form.h"
#include "http/internal/request_checks.h"
#include "http/router.h"
#include "http/static_files.h"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using khabar::http::PathParams;
using khabar::http::Request;
using khabar::http::Response;

const std::filesystem::path& AssetsRoot() {
  static const std::filesystem::path root =
      std::filesystem::canonical(KHABAR_SOURCE_DIR "/themes/default/assets");
  return root;
}

// The route shapes of src/app's table: literals, parameters, a parameter
// before a literal, several parameters, and wildcards.
const khabar::http::Router& Routes() {
  static const khabar::http::Router router = [] {
    khabar::http::Router r;
    auto echo = [](const Request&, const PathParams& p) {
      for (const char* name : {"id", "slug", "n", "name"}) {
        std::string v = p.Get(name);
        FUZZ_CHECK(v.find('/') == std::string::npos, "a segment parameter holds '/'");
      }
      return khabar::http::Text("ok");
    };
    for (const char* pattern :
         {"/", "/news/{id}/{slug}", "/news/{id}", "/section/{slug}", "/section/{slug}/feed.xml",
          "/tag/{slug}/atom.xml", "/sitemaps/{name}", "/search", "/admin", "/admin/stories/{id}",
          "/api/v1/articles/{id}"}) {
      r.Add("GET", pattern, echo);
    }
    for (const char* pattern : {"/news/{id}/comments", "/admin/login", "/admin/stories/{id}",
                                "/admin/stories/{id}/revisions/{n}/restore"}) {
      r.Add("POST", pattern, echo);
    }
    r.Add("OPTIONS", "/api/v1/{*path}", echo);
    r.Add("GET", "/static/{*path}", [](const Request&, const PathParams& p) {
      Response res = khabar::http::ServeFile(AssetsRoot(), p.Get("path"), "");
      if (res.file) {
        std::string file = *res.file;
        std::string root = AssetsRoot().string() + "/";
        FUZZ_CHECK(file.starts_with(root), "a static file outside its root was served");
      }
      return res;
    });
    return r;
  }();
  return router;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The server's limits (http/server.h ServerOptions defaults).
  constexpr size_t kMaxTarget = 4096;
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  beast::error_code ec;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  while (!ec && !input.empty() && !parser.is_done()) {
    size_t used = parser.put(boost::asio::buffer(input.data(), input.size()), ec);
    if (ec == bhttp::error::need_more) break;
    if (used == 0) break;
    input.remove_prefix(used);
  }
  if (!parser.is_done() && (!ec || ec == bhttp::error::need_more)) {
    ec = {};
    parser.put_eof(ec);  // the peer closed: a body to end of stream ends here
  }
  if (!parser.is_header_done()) return 0;

  // The server checks the raw bytes first, then what Beast made of them.
  size_t scanned = 0;
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  if (auto r = khabar::http::internal::CheckRawHeader(raw, &scanned)) {
    FUZZ_CHECK(r->status == 400, "a raw-header refusal that is not 400");
    return 0;
  }
  auto target = khabar::http::internal::CheckHeader(parser.get().base(), kMaxTarget);
  if (!target) {
    int status = target.error().status;
    FUZZ_CHECK(status >= 400 && status <= 505, "a refusal that is not an error status");
    return 0;
  }
  const std::string& path = target->path;
  FUZZ_CHECK(path.starts_with('/'), "an accepted path that is not absolute");
  FUZZ_CHECK(path.find('\\') == std::string::npos, "an accepted path with a backslash");
  FUZZ_CHECK(path.find("/../") == std::string::npos && !path.ends_with("/..") &&
                 path.find("/./") == std::string::npos && !path.ends_with("/."),
             "an accepted path with a dot segment");
  for (unsigned char c : path) FUZZ_CHECK(c >= 0x20 && c != 0x7f, "a control character in a path");
  if (!parser.is_done() || ec) return 0;

  Request req =
      khabar::http::internal::MakeRequest(parser.get().base(), std::move(*target), "192.0.2.1");
  req.body = std::move(parser.get().body());
  (void)khabar::http::ParseForm(req.Header("content-type"), req.body);
  Response res = Routes().Dispatch(req);
  FUZZ_CHECK(res.status >= 200 && res.status <= 599, "a response without a status");
  return 0;
}
