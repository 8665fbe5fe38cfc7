#include "content/embed.h"

#include <algorithm>
#include <cctype>

#include "base/ascii.h"

namespace khabar {
namespace {

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// VideoId accepts a YouTube video id (11 characters of [A-Za-z0-9_-] today;
// a little slack for the future).
bool IsVideoId(std::string_view id) {
  return id.size() >= 6 && id.size() <= 20 && std::all_of(id.begin(), id.end(), IsIdChar);
}

bool IsTwitterUser(std::string_view user) {
  return !user.empty() && user.size() <= 50 && std::all_of(user.begin(), user.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsDigits(std::string_view s) {
  return !s.empty() && s.size() <= 25 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// FirstSegment returns the path segment at the start of `path` (no '/').
std::string_view FirstSegment(std::string_view path) { return path.substr(0, path.find('/')); }

// QueryParam returns the value of `name` in `query` ("a=1&v=x"), or empty.
std::string_view QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find_first_of("&;");
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace

std::optional<Embed> RecognizeEmbed(std::string_view url) {
  url = TrimAscii(url, " \t\n\v\f\r");  // what std::isspace takes for blanks
  std::string lower = AsciiLower(url);
  size_t scheme_end;
  if (lower.starts_with("https://")) {
    scheme_end = 8;
  } else if (lower.starts_with("http://")) {
    scheme_end = 7;
  } else {
    return std::nullopt;
  }
  std::string_view rest = url.substr(scheme_end);
  size_t host_end = rest.find_first_of("/?#");
  std::string host = AsciiLower(rest.substr(0, host_end));
  if (host.find_first_of(" \t\r\n@:") != std::string::npos) return std::nullopt;
  for (std::string_view prefix : {"www.", "m.", "mobile."}) {
    if (host.starts_with(prefix)) host.erase(0, prefix.size());
  }
  std::string_view after = host_end == std::string_view::npos ? "" : rest.substr(host_end);
  std::string_view fragmentless = after.substr(0, after.find('#'));
  size_t q = fragmentless.find('?');
  std::string_view path = fragmentless.substr(0, q);
  std::string_view query = q == std::string_view::npos ? "" : fragmentless.substr(q + 1);
  if (path.starts_with('/')) path.remove_prefix(1);

  auto youtube = [](std::string_view id) -> std::optional<Embed> {
    if (!IsVideoId(id)) return std::nullopt;
    return Embed{EmbedKind::kYouTube, "https://www.youtube.com/watch?v=" + std::string(id)};
  };
  if (host == "youtube.com" || host == "youtube-nocookie.com") {
    if (path == "watch") return youtube(QueryParam(query, "v"));
    for (std::string_view prefix : {"embed/", "shorts/", "v/", "live/"}) {
      if (path.starts_with(prefix)) return youtube(FirstSegment(path.substr(prefix.size())));
    }
    return std::nullopt;
  }
  if (host == "youtu.be") return youtube(FirstSegment(path));
  if (host == "twitter.com" || host == "x.com") {
    std::string_view user = FirstSegment(path);
    if (!IsTwitterUser(user)) return std::nullopt;
    std::string_view tail = path.substr(user.size());
    for (std::string_view marker : {"/status/", "/statuses/"}) {
      if (tail.starts_with(marker)) {
        std::string_view id = FirstSegment(tail.substr(marker.size()));
        if (!IsDigits(id)) return std::nullopt;
        return Embed{EmbedKind::kTwitter,
                     "https://twitter.com/" + std::string(user) + "/status/" + std::string(id)};
      }
    }
  }
  return std::nullopt;
}

std::string_view EmbedClass(EmbedKind kind) {
  return kind == EmbedKind::kYouTube ? "youtube" : "twitter";
}

}  // namespace khabar
