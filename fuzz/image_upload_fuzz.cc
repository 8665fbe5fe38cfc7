// Fuzzes an image upload: the bytes an editor sends to /admin/media, sniffed,
// decoded by libvips and re-encoded (media/image_pipeline.h), under the
// pipeline's limits scaled down so each run stays quick.
//
// Invariants: the answer is a picture or kInvalidArgument for the person who
// uploaded; a picture is within the limits, and its variants are no wider
// than it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "media/image_pipeline.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  FUZZ_CHECK(khabar::InitImagePipeline().ok(), "libvips does not start");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  khabar::ImageLimits limits;
  limits.max_pixels = 512 * 512;
  limits.max_side = 2048;
  auto image =
      khabar::ProcessUpload(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  if (!image) {
    FUZZ_CHECK(image.error().code() == khabar::Code::kInvalidArgument ||
                   image.error().code() == khabar::Code::kInternal,
               "an upload refused with an unexpected code");
    return 0;
  }
  FUZZ_CHECK(image->width > 0 && image->height > 0, "a picture without a size");
  FUZZ_CHECK(static_cast<int64_t>(image->width) * image->height <= limits.max_pixels,
             "a picture over the pixel limit");
  for (const auto& v : image->variants) {
    FUZZ_CHECK(v.width <= image->width || v.width <= khabar::kVariantWidths[0],
               "a variant wider than its picture");
  }
  return 0;
}
