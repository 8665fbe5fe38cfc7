// The route table of `khabar serve`: every URL the public server answers,
// in one place, over the wired handlers (the public site and its feeds,
// the content API, the newsroom). When several patterns match a request
// the most specific wins and ties go to the route added first
// (http/router.h), so the order of the table counts.
//
// The table's spelling is read by tests/e2e/security_common.cc, which
// finds every route by its get / post / router.Add call with the path
// written out: a route added that way is covered by the security suite or
// fails it.
#pragma once

#include "app/serve_wiring.h"

namespace khabar {

// AddRoutes fills parts.router (and parts.home_paths, which the page cache
// reads) from the settings' editions. The handlers borrow `parts`' site,
// feeds, API and newsroom. REQUIRES: `parts` came from WireServe; called
// once, before serving.
void AddRoutes(ServeParts& parts);

}  // namespace khabar
