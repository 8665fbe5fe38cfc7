#include "media/internal/test_images.h"

#include <vips/vips.h>

#include <cstdio>
#include <cstdlib>

#include "media/image_pipeline.h"

namespace khabar::testing_images {
namespace {

[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "test_images: %s: %s\n", what, vips_error_buffer());
  std::abort();
}

// Then replaces *image with the result of an operation that wrote `next`
// and returned `rc`, dropping the old reference.
void Then(VipsImage** image, int rc, VipsImage* next, const char* what) {
  if (rc != 0) Die(what);
  g_object_unref(*image);
  *image = next;
}

uint32_t Crc32(std::string_view bytes) {
  uint32_t crc = 0xFFFFFFFFu;
  for (unsigned char c : bytes) {
    crc ^= c;
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return crc ^ 0xFFFFFFFFu;
}

void PutBigEndian(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

}  // namespace

std::string Make(int width, int height, std::string_view suffix, const Extras& extras) {
  if (!InitImagePipeline().ok()) Die("init");
  VipsImage* image = nullptr;
  VipsImage* next = nullptr;
  if (vips_xyz(&image, width, height, nullptr) != 0) Die("xyz");
  double scale[2] = {255.0 / width, 255.0 / height};
  double offset[2] = {0, 0};
  {
    const int rc = vips_linear(image, &next, scale, offset, 2, nullptr);
    Then(&image, rc, next, "linear");
  }
  {
    const int rc = vips_bandjoin_const1(image, &next, 128.0, nullptr);
    Then(&image, rc, next, "bandjoin");
  }
  VipsImage* noise = nullptr;
  if (vips_gaussnoise(&noise, width, height, "mean", 0.0, "sigma", 12.0, "seed", 42, nullptr) !=
      0) {
    Die("gaussnoise");
  }
  {
    const int rc = vips_add(image, noise, &next, nullptr);
    Then(&image, rc, next, "add");
  }
  g_object_unref(noise);
  {
    const int rc = vips_cast_uchar(image, &next, nullptr);
    Then(&image, rc, next, "cast");
  }
  if (extras.alpha) {
    const int rc = vips_bandjoin_const1(image, &next, 0.0, nullptr);
    Then(&image, rc, next, "alpha");
  }
  {
    const int rc = vips_copy(image, &next, "interpretation", VIPS_INTERPRETATION_sRGB, nullptr);
    Then(&image, rc, next, "copy");
  }
  if (extras.orientation != 0) {
    vips_image_set_int(image, VIPS_META_ORIENTATION, extras.orientation);
  }
  if (!extras.exif_make.empty()) {
    vips_image_set_string(image, "exif-ifd0-Make", extras.exif_make.c_str());
  }
  if (!extras.xmp.empty()) {
    vips_image_set_blob_copy(image, VIPS_META_XMP_NAME, extras.xmp.data(), extras.xmp.size());
  }
  if (extras.srgb_profile) {
    VipsBlob* profile = nullptr;
    if (vips_profile_load("srgb", &profile, nullptr) != 0) Die("profile_load");
    size_t length = 0;
    const void* data = vips_blob_get(profile, &length);
    vips_image_set_blob_copy(image, VIPS_META_ICC_NAME, data, length);
    vips_area_unref(VIPS_AREA(profile));
  }
  void* buffer = nullptr;
  size_t length = 0;
  if (vips_image_write_to_buffer(image, std::string(suffix).c_str(), &buffer, &length, nullptr)) {
    Die("write_to_buffer");
  }
  g_object_unref(image);
  std::string bytes(static_cast<const char*>(buffer), length);
  g_free(buffer);
  return bytes;
}

Info Inspect(std::string_view bytes) {
  Info info;
  if (!InitImagePipeline().ok()) Die("init");
  VipsImage* image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr);
  if (image == nullptr) {
    vips_error_clear();
    return info;
  }
  info.width = vips_image_get_width(image);
  info.height = vips_image_get_height(image);
  info.bands = vips_image_get_bands(image);
  info.has_alpha = vips_image_hasalpha(image);
  const char* loader = nullptr;
  if (vips_image_get_string(image, VIPS_META_LOADER, &loader) == 0) info.loader = loader;
  for (const char* field : {VIPS_META_EXIF_NAME, VIPS_META_XMP_NAME, VIPS_META_IPTC_NAME,
                            VIPS_META_ICC_NAME, VIPS_META_ORIENTATION}) {
    info.fields[field] = vips_image_get_typeof(image, field) != 0;
  }
  for (int band = 0; band < info.bands && band < 4; ++band) {
    VipsImage* one = nullptr;
    if (vips_extract_band(image, &one, band, nullptr) == 0) {
      vips_avg(one, &info.average[band], nullptr);
      g_object_unref(one);
    }
  }
  g_object_unref(image);
  info.ok = true;
  return info;
}

std::string PngWithSize(int width, int height) {
  std::string png = Make(16, 16, ".png");
  // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4),
  // 5 more data bytes, CRC over type + data.
  PutBigEndian(png, 16, static_cast<uint32_t>(width));
  PutBigEndian(png, 20, static_cast<uint32_t>(height));
  PutBigEndian(png, 29, Crc32(std::string_view(png).substr(12, 17)));
  return png;
}

}  // namespace khabar::testing_images
