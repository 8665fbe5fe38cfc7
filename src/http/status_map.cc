#include "http/status_map.h"

#include <boost/beast/http/status.hpp>
#include <string>

namespace khabar::http {

int HttpStatusFor(Code code) {
  switch (code) {
    case Code::kOk:
      return 200;
    case Code::kInvalidArgument:
      return 400;
    case Code::kUnauthenticated:
      return 401;
    case Code::kPermissionDenied:
      return 403;
    case Code::kNotFound:
      return 404;
    case Code::kAlreadyExists:
    case Code::kConflict:
      return 409;
    case Code::kResourceExhausted:
      return 429;
    case Code::kUnavailable:
      return 503;
    case Code::kInternal:
      return 500;
  }
  return 500;
}

std::string_view ReasonPhrase(int status) {
  namespace bh = boost::beast::http;
  const bh::status known = bh::int_to_status(static_cast<unsigned>(status));
  if (known == bh::status::unknown) return "";
  const auto phrase = bh::obsolete_reason(known);
  return std::string_view(phrase.data(), phrase.size());
}

Response StatusResponse(const Status& status) {
  int code = HttpStatusFor(status.code());
  std::string body = std::to_string(code);
  body += ' ';
  body += ReasonPhrase(code);
  body += '\n';
  return Text(std::move(body), code);
}

}  // namespace khabar::http
