// Test images for the media tests, made with libvips so no binary fixture
// has to be checked in. Test-only: compiled into media_test, not the
// library.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace khabar::testing_images {

// What to put in a generated image besides pixels.
struct Extras {
  bool alpha = false;         // add an alpha band (fully transparent)
  int orientation = 0;        // EXIF orientation 1..8; 0 for none
  std::string exif_make;      // EXIF "Make"; "" for no EXIF
  std::string xmp;            // an XMP packet; "" for none
  bool srgb_profile = false;  // embed vips' sRGB ICC profile
};

// Make returns a `width` x `height` image (a colour gradient with some
// fixed-seed noise, so it does not compress to nothing and every run
// gets the same bytes) encoded by `suffix`
// (".jpg", ".png", ".webp", ".gif", with vips options like ".png[compression=9]").
// Aborts the test binary when libvips fails: the tests cannot go on.
std::string Make(int width, int height, std::string_view suffix, const Extras& extras = {});

// Info is what a re-opened image says about itself.
struct Info {
  bool ok = false;
  int width = 0;
  int height = 0;
  int bands = 0;
  bool has_alpha = false;
  std::string loader;  // "jpegload_buffer", ...
  std::map<std::string, bool>
      fields;  // exif-data, xmp-data, iptc-data, icc-profile-data, orientation
  double average[4] = {0, 0, 0, 0};  // per band
};

// Inspect opens `bytes` with libvips and reports on it.
Info Inspect(std::string_view bytes);

// PngWithSize returns a small, valid PNG whose IHDR claims `width` x
// `height` (CRC fixed up), so only the header tells the truth about cost.
std::string PngWithSize(int width, int height);

}  // namespace khabar::testing_images
