// Request checks: what the server verifies once a request's header is read,
// and the Request it then hands to the handler. They live here rather than
// inside server.cc so the HTTP fuzzer (fuzz/http_request_fuzz.cc) runs the
// very same code on bytes that never touched a socket.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/request_target.h"

namespace khabar::http::internal {

// CheckRawHeader looks at a request's bytes as sent, before Beast parses
// them: 400 for obsolete line folding (RFC 9112 5.2, a field line starting
// with SP or HTAB), which Beast would silently unfold into the line before;
// a proxy in front may read such a line differently. `data` starts at the
// request (or at a line Beast has not consumed yet) and may be incomplete;
// *scanned is where the last call stopped (0 at first) and is moved on, so
// a header trickled in byte by byte is scanned once. It stops at the
// header's end: the body is not looked at.
std::optional<Rejection> CheckRawHeader(std::string_view data, size_t* scanned);

// CheckHeader runs, in order: the HTTP version (505 unless 1.0 or 1.1),
// CheckRequestLine (method 501, target 414 or 400), exactly one Host in
// HTTP/1.1 and at most one in 1.0 (400), and an unambiguous message length
// (400 for repeated Content-Length, Content-Length with Transfer-Encoding,
// any Transfer-Encoding in HTTP/1.0, and any Transfer-Encoding but exactly
// one "chunked": the shapes requests are smuggled in, RFC 9112 6.1). On
// success it returns the parsed target.
std::expected<Target, Rejection> CheckHeader(const boost::beast::http::request_header<>& header,
                                             size_t max_target_bytes);

// MakeRequest turns a checked header into the handler's Request, body
// empty: method, raw target, the parsed `target`, `remote_address`, and the
// header fields under lower-case names, repeated fields joined by ", "
// (RFC 9110 5.3) and repeated Cookie fields by "; ". The server asks its
// body limit and background rule of this Request, then moves the body in.
Request MakeRequest(const boost::beast::http::request_header<>& header, Target target,
                    std::string remote_address);

}  // namespace khabar::http::internal
