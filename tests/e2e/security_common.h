// The HTTP-level security suite (issue 7, part 4): what its files share.
// One newsroom site per test process (sign-ins cost Argon2id time), with
// an account of each role signed in; the route table read from the wiring
// point's source (src/app/routes.cc), so a route added there and not
// covered here fails the suite; and the hostile inputs.
#pragma once

#include <string>
#include <vector>

#include "support/newsroom_site.h"

namespace khabar::testing::security {

inline const std::string kNow = "2026-03-02T10:00:00+05:00";

enum Role { kAnonymous, kReporter, kOtherReporter, kEditor, kAdmin, kRoleCount };
inline constexpr const char* kRoleNames[kRoleCount] = {"anonymous", "reporter", "other reporter",
                                                       "editor", "admin"};

// SecuritySite is the shared site: the demo settings (config/site.toml),
// a fresh SQLite file, and one signed-in session per role.
class SecuritySite {
 public:
  // Get starts the site the first time; Drop stops it (TearDownTestSuite).
  static SecuritySite& Get();
  static void Drop();

  NewsroomSite& site() { return site_; }
  int port() const { return site_.port(); }
  WebSession& As(Role r) { return sessions_[r]; }
  // generation counts the sites started in this process (fixtures made on
  // an earlier one are gone).
  int generation() const { return generation_; }
  const char* Login(Role r) const;
  const char* Password(Role r) const;

 private:
  SecuritySite();
  NewsroomSite site_;
  std::vector<WebSession> sessions_;
  int generation_ = 0;
};

// SourceRoute is one route of the table in src/app/routes.cc.
struct SourceRoute {
  std::string method;   // "GET", "POST", "OPTIONS"
  std::string pattern;  // "/admin/stories/{id}"
};
// RoutesInSource reads the route table from the wiring point's source.
std::vector<SourceRoute> RoutesInSource();

// Payload is one hostile input and what it tries.
struct Payload {
  std::string text;
  std::string tries;
};
// XssPayloads are the strings posted into every field. None has a comma
// (tag lists are comma-separated) and each fits the shortest field.
const std::vector<Payload>& XssPayloads();

// InjectedMarkup lists what a parsed HTML page has that no khabar page
// should: inline scripts other than JSON-LD, event-handler attributes,
// javascript: and (non-image) data: URLs, frames, objects, SVG and MathML, <base>, <meta
// http-equiv="refresh">, <style>. Empty when the page is clean.
std::vector<std::string> InjectedMarkup(const std::string& html);

// ShowsText reports whether a parsed HTML page shows `text` as text: in a
// text node, an attribute value or an element's text, whitespace collapsed.
bool ShowsText(const std::string& html, const std::string& text);

// NextAddress is a loopback address not used before in this process, so
// per-address limits (comments) see a new reader.
std::string NextAddress();

// Fetch is a GET as `role` (anonymous: no cookies).
HttpResponse Fetch(Role role, const std::string& target);

}  // namespace khabar::testing::security
