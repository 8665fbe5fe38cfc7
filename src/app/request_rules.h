// RequestRules: what the server must know of a request before it reads the
// body, decided from the route table's shape (src/app/routes.cc): how
// many body bytes it may send (http::ServerOptions::body_limit) and whether
// its handler runs on the background pool
// (http::ServerOptions::runs_in_background).
//
// Bodies: anyone may post the sign-in and comment forms, so a request is
// small unless it comes to the newsroom (/admin) with a session cookie:
// then a story save, preview or autosave (2 MiB of Markdown, up to three
// times that once form-encoded) or, on POST /admin/media, an image upload
// (the pipeline takes up to 20 MiB, media/image_pipeline.h). The cookie is
// only looked at, not checked against the store (that costs a query, and
// Authenticate may write): a forged one buys the larger limit on /admin
// only, where the handler still refuses it, and the connection caps bound
// how many such bodies one address can send at once.
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "http/message.h"

namespace khabar {

struct BodyLimits {
  size_t anonymous = 64 * 1024;       // sign-in, comments, anything public
  size_t newsroom = 8 * 1024 * 1024;  // signed-in /admin: saves, previews, settings
  size_t upload = 25 * 1024 * 1024;   // signed-in POST /admin/media
};

// AnonymousBodyLimit is the public limit for a site whose comments may be
// `comment_max_length` characters long: 64 KiB, or more when a comment of
// that length, percent-encoded (up to 4 UTF-8 bytes of 3 characters each),
// needs it.
size_t AnonymousBodyLimit(int comment_max_length);

// IsNewsroomPath is whether `path` is "/admin" or under "/admin/".
bool IsNewsroomPath(std::string_view path);

// BodyLimit is the most body bytes `head` may send. `has_session_cookie`
// says whether it carries a newsroom session cookie (Accounts::
// HasSessionCookie).
size_t BodyLimit(const http::Request& head, bool has_session_cookie, const BodyLimits& limits);

}  // namespace khabar
