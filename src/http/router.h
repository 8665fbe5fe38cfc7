// Router: an explicit route table from (method, path pattern) to handler.
// Routes are added at one wiring point (app/), never by static
// registration, so the table is plain data that tests can build too.
//
// Patterns are '/'-separated segments: a literal ("news"), a parameter
// ("{id}", one non-empty segment) or, last only, a wildcard ("{*path}", the
// non-empty rest of the path, '/' included). Matching is against
// Request::path, which the server has already decoded and validated.
// When several routes match, the most specific wins segment by segment
// (literal over parameter over wildcard); ties go to the route added first.
//
// Thread-safety: build the table (Add, SetNotFound) before serving;
// Dispatch is const and safe to call from many threads at once.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "http/message.h"

namespace khabar::http {

// PathParams are the values a pattern captured: {"id": "42"}.
struct PathParams {
  std::map<std::string, std::string> values;
  // Get returns the value captured for `name`, or "" when there is none.
  const std::string& Get(const std::string& name) const;
};

using RouteHandler = std::function<Response(const Request&, const PathParams&)>;

class Router {
 public:
  // Add registers `handler` for `method` ("GET") and `pattern`. A GET route
  // also answers HEAD (the server drops the body). REQUIRES: `pattern`
  // starts with '/', and a "{*name}" segment is the last one.
  void Add(std::string method, std::string pattern, RouteHandler handler);

  // SetNotFound replaces the default plain-text 404 for unmatched paths.
  void SetNotFound(std::function<Response(const Request&)> handler);

  // Dispatch answers `req`:
  //   - method and path match: the route's handler;
  //   - path ends in '/' (not "/") and the path without it matches a route:
  //     301 to that path, query kept;
  //   - path matches only under other methods: OPTIONS gets 204 and others
  //     405, both with an Allow header;
  //   - otherwise the NotFound handler.
  Response Dispatch(const Request& req) const;

 private:
  struct Segment {
    enum Kind { kLiteral, kParam, kWildcard } kind;
    std::string text;  // the literal, or the parameter name
  };
  struct Route {
    std::string method;
    std::string pattern;  // as given to Add, for Response::route
    std::vector<Segment> segments;
    RouteHandler handler;
  };

  // Match fills `params` and returns true when `route` matches `segments`.
  static bool Match(const Route& route, const std::vector<std::string>& segments,
                    PathParams& params);
  // Rank orders matches: smaller is more specific.
  static std::vector<int> Rank(const Route& route);

  std::vector<Route> routes_;
  std::function<Response(const Request&)> not_found_;
};

}  // namespace khabar::http
