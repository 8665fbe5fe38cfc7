#include "media/srcset.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

TEST(SrcSet, ListsTheVariantsOfOneTypeSmallestFirst) {
  MediaRecord media;
  media.file = "2023/10/lead-3f9a1c2b0d4e.jpg";
  for (int w : {320, 640}) {
    for (const char* mime : {"image/webp", "image/jpeg"}) {
      media.variants.push_back({.file = "2023/10/lead-3f9a1c2b0d4e-" + std::to_string(w) + "w" +
                                        (std::string_view(mime) == "image/webp" ? ".webp" : ".jpg"),
                                .mime_type = mime,
                                .width = w,
                                .height = w / 2});
    }
  }
  EXPECT_EQ(SrcSet(media, "image/webp"),
            "/media/2023/10/lead-3f9a1c2b0d4e-320w.webp 320w, "
            "/media/2023/10/lead-3f9a1c2b0d4e-640w.webp 640w");
  EXPECT_EQ(SrcSet(media, "image/jpeg", "https://cdn.example/m/"),
            "https://cdn.example/m/2023/10/lead-3f9a1c2b0d4e-320w.jpg 320w, "
            "https://cdn.example/m/2023/10/lead-3f9a1c2b0d4e-640w.jpg 640w");
  EXPECT_EQ(SrcSet(media, "image/avif"), "");
  EXPECT_EQ(SrcSet(MediaRecord{}, "image/webp"), "");
}

}  // namespace
}  // namespace khabar
