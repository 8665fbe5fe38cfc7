// Embeds: khabar's own form for a YouTube video or a tweet in a story body.
//
// A body embeds a video or a tweet by a paragraph holding nothing but its
// canonical URL. The renderer (render/markdown.h) turns such a paragraph into
// a <figure> with a plain link: no iframe and no third-party script, because
// the site's Content-Security-Policy allows only its own origin. Importers
// (content/wordpress_body.h) use RecognizeEmbed to turn the many URL shapes
// of other systems into the canonical one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace khabar {

// EmbedKind is the provider of an embed.
enum class EmbedKind { kYouTube, kTwitter };

// Embed is a recognised embed URL.
struct Embed {
  EmbedKind kind;
  // canonical_url is "https://www.youtube.com/watch?v=ID" or
  // "https://twitter.com/USER/status/N".
  std::string canonical_url;
};

// RecognizeEmbed reports whether `url` is a YouTube video (youtube.com/watch?v=,
// youtu.be/ID, youtube.com/embed/ID, youtube-nocookie.com/embed/ID,
// youtube.com/shorts/ID) or a tweet (twitter.com/USER/status/N,
// x.com/USER/status/N, mobile.twitter.com/...), over http or https, and if so
// returns its canonical form. Surrounding whitespace is ignored.
std::optional<Embed> RecognizeEmbed(std::string_view url);

// EmbedClass is the CSS class name of `kind` ("youtube", "twitter").
std::string_view EmbedClass(EmbedKind kind);

}  // namespace khabar
