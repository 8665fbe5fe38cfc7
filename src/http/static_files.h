// Static files: answering a request for a file under a directory root
// (theme assets, uploaded media) without ever leaving that root.
#pragma once

#include <filesystem>
#include <string_view>

#include "http/message.h"

namespace khabar::http {

// ServeFile answers with the regular file `relative_path` under `root`,
// streamed by the server (Response::file holds its canonical path).
// Sets Content-Type from the extension (application/octet-stream when
// unknown), X-Content-Type-Options: nosniff, and Cache-Control when
// `cache_control` is not empty; Finish adds Last-Modified, ETag and 304.
//
// Refused with a plain 404 (the site may replace the body): an empty or
// absolute path, a backslash or NUL, an empty, ".", ".." or dot-file
// segment (".git", ".env"), anything whose canonical path is not inside
// the canonical root (symlinks included), and anything but a regular file.
// The same 404 for "missing" and "refused" tells a prober nothing.
Response ServeFile(const std::filesystem::path& root, std::string_view relative_path,
                   std::string_view cache_control);

// ContentTypeFor returns the Content-Type khabar sends for `path`'s
// extension (case-insensitive).
std::string_view ContentTypeFor(const std::filesystem::path& path);

}  // namespace khabar::http
