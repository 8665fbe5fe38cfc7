#include "http/router.h"

#include <algorithm>
#include <cassert>
#include <set>

namespace khabar::http {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  if (path.starts_with('/')) path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.emplace_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool MethodMatches(const std::string& route_method, const std::string& method) {
  return route_method == method || (route_method == "GET" && method == "HEAD");
}

}  // namespace

const std::string& PathParams::Get(const std::string& name) const {
  static const std::string kEmpty;
  auto it = values.find(name);
  return it == values.end() ? kEmpty : it->second;
}

void Router::Add(std::string method, std::string pattern, RouteHandler handler) {
  assert(pattern.starts_with('/'));
  Route route{std::move(method), pattern, {}, std::move(handler)};
  for (std::string& seg : SplitPath(pattern)) {
    if (seg.size() > 3 && seg.starts_with("{*") && seg.ends_with('}')) {
      route.segments.push_back({Segment::kWildcard, seg.substr(2, seg.size() - 3)});
    } else if (seg.size() > 2 && seg.starts_with('{') && seg.ends_with('}')) {
      route.segments.push_back({Segment::kParam, seg.substr(1, seg.size() - 2)});
    } else {
      route.segments.push_back({Segment::kLiteral, std::move(seg)});
    }
  }
  routes_.push_back(std::move(route));
}

void Router::SetNotFound(std::function<Response(const Request&)> handler) {
  not_found_ = std::move(handler);
}

bool Router::Match(const Route& route, const std::vector<std::string>& segments,
                   PathParams& params) {
  params.values.clear();
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const Segment& seg = route.segments[i];
    if (seg.kind == Segment::kWildcard) {
      if (i >= segments.size()) return false;
      std::string rest;
      for (size_t k = i; k < segments.size(); ++k) {
        if (k > i) rest += '/';
        rest += segments[k];
      }
      if (rest.empty()) return false;
      params.values[seg.text] = std::move(rest);
      return true;
    }
    if (i >= segments.size()) return false;
    if (seg.kind == Segment::kLiteral) {
      if (seg.text != segments[i]) return false;
    } else {
      if (segments[i].empty()) return false;
      params.values[seg.text] = segments[i];
    }
  }
  return route.segments.size() == segments.size();
}

std::vector<int> Router::Rank(const Route& route) {
  std::vector<int> rank;
  for (const Segment& seg : route.segments) rank.push_back(static_cast<int>(seg.kind));
  return rank;
}

Response Router::Dispatch(const Request& req) const {
  const std::vector<std::string> segments = SplitPath(req.path);

  const Route* best = nullptr;
  PathParams best_params;
  std::vector<int> best_rank;
  std::set<std::string> allowed;
  PathParams params;
  for (const Route& route : routes_) {
    if (!Match(route, segments, params)) continue;
    allowed.insert(route.method);
    if (route.method == "GET") allowed.insert("HEAD");
    if (!MethodMatches(route.method, req.method)) continue;
    std::vector<int> rank = Rank(route);
    if (best == nullptr || rank < best_rank) {
      best = &route;
      best_params = params;
      best_rank = std::move(rank);
    }
  }
  if (best != nullptr) {
    Response res = best->handler(req, best_params);
    res.route = best->pattern;
    return res;
  }

  if (allowed.empty() && req.path.size() > 1 && req.path.ends_with('/')) {
    std::string stripped = req.path;
    while (stripped.size() > 1 && stripped.ends_with('/')) stripped.pop_back();
    const std::vector<std::string> stripped_segments = SplitPath(stripped);
    bool exists = std::any_of(routes_.begin(), routes_.end(), [&](const Route& r) {
      PathParams p;
      return Match(r, stripped_segments, p);
    });
    if (exists) {
      // Build Location from the raw target so the client's own encoding
      // survives, and collapse leading slashes: "//evil.example" would be
      // a protocol-relative URL, an open redirect.
      std::string_view raw = req.target;
      size_t q = raw.find('?');
      std::string location(raw.substr(0, q));
      while (location.size() > 1 && location.ends_with('/')) location.pop_back();
      while (location.starts_with("//")) location.erase(0, 1);
      if (q != std::string_view::npos) location += raw.substr(q);
      return Redirect(std::move(location), 301);
    }
  }

  if (!allowed.empty()) {
    allowed.insert("OPTIONS");
    std::string allow;
    for (const std::string& m : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += m;
    }
    Response res;
    if (req.method == "OPTIONS") {
      res.status = 204;
    } else {
      res = Text("405 Method Not Allowed\n", 405);
    }
    res.SetHeader("Allow", std::move(allow));
    return res;
  }

  if (not_found_) return not_found_(req);
  return Text("404 Not Found\n", 404);
}

}  // namespace khabar::http
