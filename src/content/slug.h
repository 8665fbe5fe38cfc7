// Slugs: the URL form of a name ("Xi Jinping" -> "xi-jinping").
#pragma once

#include <string>
#include <string_view>

namespace khabar {

// Slugify lower-cases Latin letters and digits, folds accents ("Café" ->
// "cafe"), keeps letters of other scripts as they are (Urdu stays Urdu),
// turns every run of anything else into one '-', trims '-' at both ends and
// cuts at `max_length` bytes on a character boundary. Empty when nothing is
// left.
std::string Slugify(std::string_view text, size_t max_length = 80);

// IsValidSlug reports whether `slug` is non-empty and already in the form
// Slugify produces (so it can appear in a URL path unescaped or
// percent-encoded without ambiguity).
bool IsValidSlug(std::string_view slug);

}  // namespace khabar
