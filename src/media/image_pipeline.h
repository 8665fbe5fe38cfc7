// Image pipeline: turns an uploaded picture into the files the site serves.
//
// An upload is untrusted bytes. ProcessUpload decides the type from the
// bytes (JPEG, PNG or WebP only), checks the size and the pixel count from
// the header before any pixel is decoded (a 100 KB file can claim 30000 x
// 30000 pixels), decodes strictly, turns the picture upright (EXIF
// orientation), converts it to sRGB and re-encodes it without any metadata
// (no EXIF, GPS, XMP, IPTC or ICC profile is ever copied into an output).
// The result is a full-size rendition plus resized variants for srcset,
// each as WebP and JPEG. Nothing here touches the disk: MediaLibrary writes
// the files.
//
// libvips does the work; it stays inside image_pipeline.cc.
//
// Thread safety: InitImagePipeline and ProcessUpload may be called from any
// thread at the same time. libvips is process-wide state; it is set up once
// (InitImagePipeline) and never shut down.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace khabar {

// ImageLimits bounds what an upload may cost to decode.
struct ImageLimits {
  int64_t max_bytes = 20 * 1024 * 1024;  // the upload as sent
  int64_t max_pixels = 50'000'000;       // width * height, from the header
  int max_side = 20000;                  // width or height, from the header
};

// EncodedVariant is one encoded rendition of an image.
struct EncodedVariant {
  int width = 0;
  int height = 0;
  std::string mime;   // "image/webp", "image/jpeg", "image/png"
  std::string bytes;  // the encoded file
};

// ProcessedImage is what ProcessUpload makes of an upload. Width and
// height are of the upright picture (after EXIF orientation).
struct ProcessedImage {
  std::string original_mime;  // sniffed from the bytes
  int width = 0;
  int height = 0;
  // full is the whole picture at its own size, stripped of metadata, in
  // the upload's own format (a PNG keeps its transparency). It is the
  // public stand-in for the original, which may carry GPS coordinates.
  EncodedVariant full;
  // variants are the srcset widths (kVariantWidths no wider than the
  // picture; the picture's own width when it is narrower than the
  // smallest), smallest first, WebP before JPEG at each width. JPEGs are
  // progressive and flattened onto white (JPEG has no alpha). A width
  // whose height is over WebP's 16383-pixel limit has only the JPEG.
  std::vector<EncodedVariant> variants;
};

// kVariantWidths are the srcset widths, in pixels. Pictures are never
// enlarged.
inline constexpr int kVariantWidths[] = {320, 640, 960, 1280, 1920};

// InitImagePipeline starts libvips once per process: few worker threads
// per image (uploads are already concurrent), no operation cache (every
// upload is seen once, and vips keys buffer loads by address, so a reused
// buffer could hit a stale entry), and vips' untrusted loaders blocked.
// Later calls return the first call's result. kInternal when libvips
// cannot start.
Status InitImagePipeline();

// ProcessUpload validates and converts an uploaded image (calling
// InitImagePipeline first if needed). kInvalidArgument, with a message for
// the person who uploaded, when the bytes are too many, not a JPEG, PNG or
// WebP, over the pixel limits, or damaged. kInternal when libvips fails on
// a picture it already decoded.
Result<ProcessedImage> ProcessUpload(std::string_view bytes, const ImageLimits& limits = {});

}  // namespace khabar
