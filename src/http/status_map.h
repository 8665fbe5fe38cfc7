// The one place where khabar's error vocabulary (base/status.h Code) becomes
// an HTTP status code. Handlers that fail with a Status call HttpStatusFor
// (or StatusResponse) instead of picking numbers themselves, so the same
// error always looks the same on the wire.
#pragma once

#include <string_view>

#include "base/status.h"
#include "http/message.h"

namespace khabar::http {

// HttpStatusFor maps `code` to an HTTP status: invalid_argument 400,
// unauthenticated 401, permission_denied 403, not_found 404,
// already_exists and conflict 409, resource_exhausted 429, internal 500,
// unavailable 503; kOk is 200.
int HttpStatusFor(Code code);

// ReasonPhrase returns Beast's reason phrase for `status` ("Not Found"), or
// "" for a code Beast does not know.
std::string_view ReasonPhrase(int status);

// StatusResponse returns a short text/plain response for `status`: the
// mapped code and its reason phrase. The Status message is deliberately
// not shown: it may name files or queries; log it instead.
Response StatusResponse(const Status& status);

}  // namespace khabar::http
