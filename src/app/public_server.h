// The public server of `khabar serve`: readers and the newsroom on
// --listen. Its options come from the settings ([server], the comment
// length) and the request rules (app/request_rules.h): the newsroom on a
// pool of its own, bodies bounded per route. Each request is answered from
// the page cache when it has the page, otherwise by the route table
// (app/routes.h); after anything that may have written, the cache catches
// up before the answer goes out. Every public answer gets the security
// headers (site/security_headers.h). One access line per request, and the
// request metrics when they are kept.
#pragma once

#include <memory>

#include "app/serve_wiring.h"
#include "base/status.h"
#include "http/server.h"
#include "site/security_headers.h"

namespace spdlog {
class logger;
}

namespace khabar {

// StartPublicServer starts the server with `threads` workers (0: one per
// core), writing access lines to `access`. Errors name the setting at fault
// or the address that could not be bound. REQUIRES: `parts` (its routes
// added) and `headers` outlive the server.
Result<std::unique_ptr<http::Server>> StartPublicServer(ServeParts& parts,
                                                        const PublicHeaders& headers,
                                                        std::shared_ptr<spdlog::logger> access,
                                                        int threads);

}  // namespace khabar
