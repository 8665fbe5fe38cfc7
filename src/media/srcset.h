// SrcSet: the srcset attribute of an image's resized renditions, for the
// theme's <picture>:
//   <source type="image/webp" srcset="{{webp_srcset}}" sizes="...">
//   <img src="{{fallback}}" srcset="{{jpeg_srcset}}" sizes="..." alt="...">
#pragma once

#include <string>
#include <string_view>

#include "store/store.h"

namespace khabar {

// SrcSet returns "<prefix><file> <width>w, ..." for the variants of `media`
// whose type is `mime`, in the record's order (smallest first), or "" when
// there are none. File names are made by MediaLibrary (slug, digits, '/',
// '-', '.') and need no URL escaping; the result still goes through the
// template's attribute escaping like any other value.
std::string SrcSet(const MediaRecord& media, std::string_view mime,
                   std::string_view url_prefix = "/media/");

}  // namespace khabar
