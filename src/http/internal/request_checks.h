// Request checks: what the server verifies once a request's header is read,
// and the Request it then hands to the handler. They live here rather than
// inside server.cc so the HTTP fuzzer (fuzz/http_request_fuzz.cc) runs the
// very same code on bytes that never touched a socket.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <expected>
#include <string>

#include "http/message.h"
#include "http/request_target.h"

namespace khabar::http::internal {

// CheckHeader runs, in order: the HTTP version (505 unless 1.0 or 1.1),
// CheckRequestLine (method 501, target 414 or 400), exactly one Host in
// HTTP/1.1 and at most one in 1.0 (400), and an unambiguous message length
// (400 for repeated Content-Length or Content-Length with
// Transfer-Encoding, the shapes requests are smuggled in). On success it
// returns the parsed target.
std::expected<Target, Rejection> CheckHeader(const boost::beast::http::request_header<>& header,
                                             size_t max_target_bytes);

// MakeRequest turns a checked message into the handler's Request: method,
// raw target, the parsed `target`, body, `remote_address`, and the header
// fields under lower-case names, repeated fields joined by ", " (RFC 9110
// 5.3) and repeated Cookie fields by "; ".
Request MakeRequest(boost::beast::http::request<boost::beast::http::string_body>&& msg,
                    Target target, std::string remote_address);

}  // namespace khabar::http::internal
