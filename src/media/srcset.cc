#include "media/srcset.h"

namespace khabar {

std::string SrcSet(const MediaRecord& media, std::string_view mime, std::string_view url_prefix) {
  std::string out;
  for (const MediaVariant& v : media.variants) {
    if (v.mime_type != mime) continue;
    if (!out.empty()) out += ", ";
    out += url_prefix;
    out += v.file;
    out += ' ';
    out += std::to_string(v.width);
    out += 'w';
  }
  return out;
}

}  // namespace khabar
