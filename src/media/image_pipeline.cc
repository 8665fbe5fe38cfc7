#include "media/image_pipeline.h"

#include <vips/vips.h>
#include <webp/encode.h>
#include <webp/mux.h>

#include <algorithm>
#include <memory>
#include <mutex>

#include "media/media_library.h"

namespace khabar {
namespace {

constexpr int kWebpQuality = 80;
constexpr int kJpegQuality = 82;
constexpr int kPngCompression = 6;
// Per-image worker threads. Uploads already arrive on several threads;
// more per image would only make them fight for the cores.
constexpr int kVipsThreads = 2;

struct Unref {
  void operator()(VipsImage* image) const {
    if (image != nullptr) g_object_unref(image);
  }
};
using ImageRef = std::unique_ptr<VipsImage, Unref>;

// VipsMessage takes (and clears) libvips' error text as one line. The
// buffer is process-wide: ProcessUpload runs one upload at a time and
// clears it before and after, so the text is this upload's only.
std::string VipsMessage() {
  char* raw = vips_error_buffer_copy();
  std::string text = raw != nullptr ? raw : "";
  g_free(raw);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ';';
  }
  return text.empty() ? "the decoder gave no reason" : text;
}

std::unexpected<Status> Damaged() {
  return InvalidArgument("the image data is damaged (" + VipsMessage() + ")");
}

std::unexpected<Status> VipsFailed(std::string_view what) {
  return Internal("image pipeline: " + std::string(what) + ": " + VipsMessage());
}

std::string ByteLimitText(int64_t bytes) {
  constexpr int64_t kMiB = 1024 * 1024;
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

std::string PixelLimitText(int64_t pixels) {
  if (pixels >= 1'000'000 && pixels % 1'000'000 == 0) {
    return std::to_string(pixels / 1'000'000) + " megapixels";
  }
  return std::to_string(pixels) + " pixels";
}

// Open parses only the header: vips loaders are lazy, and with sequential
// access the pixels are decoded later, in one pass, as the pipeline pulls
// them. The loader is chosen from the sniffed type, never guessed by vips,
// so no other vips loader (PDF, SVG, ImageMagick...) ever sees upload
// bytes. fail_on=error makes truncated or undecodable data an error
// instead of a grey half-picture (decoder warnings, such as a few stray
// bytes some cameras write, still pass). `bytes` must outlive the image: vips reads it in
// place.
Result<ImageRef> Open(std::string_view bytes, std::string_view mime) {
  void* data = const_cast<char*>(bytes.data());
  VipsImage* out = nullptr;
  int rc = -1;
  if (mime == "image/jpeg") {
    rc = vips_jpegload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                              VIPS_FAIL_ON_ERROR, nullptr);
  } else if (mime == "image/png") {
    rc = vips_pngload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                             VIPS_FAIL_ON_ERROR, nullptr);
  } else if (mime == "image/webp") {
    rc = vips_webpload_buffer(data, bytes.size(), &out, "access", VIPS_ACCESS_SEQUENTIAL, "fail_on",
                              VIPS_FAIL_ON_ERROR, nullptr);
  }
  if (rc != 0) return Damaged();
  return ImageRef(out);
}

// ToSrgb converts to 8-bit sRGB (alpha kept), through the embedded ICC
// profile when there is a usable one. Lazy: nothing is decoded yet.
Result<ImageRef> ToSrgb(ImageRef image) {
  VipsImage* out = nullptr;
  if (vips_image_get_typeof(image.get(), VIPS_META_ICC_NAME) != 0) {
    if (vips_icc_transform(image.get(), &out, "srgb", "embedded", TRUE, "intent",
                           VIPS_INTENT_PERCEPTUAL, nullptr) == 0) {
      image.reset(out);
    } else {
      VipsMessage();  // a broken profile: fall back to vips' own conversion
    }
  }
  if (vips_image_get_interpretation(image.get()) != VIPS_INTERPRETATION_sRGB) {
    if (vips_colourspace(image.get(), &out, VIPS_INTERPRETATION_sRGB, nullptr) != 0) {
      return Damaged();  // an interpretation vips cannot convert
    }
    image.reset(out);
  }
  if (vips_image_get_format(image.get()) != VIPS_FORMAT_UCHAR) {
    if (vips_cast_uchar(image.get(), &out, nullptr) != 0) return VipsFailed("cast");
    image.reset(out);
  }
  return image;
}

// Resize scales `in` to `width` pixels wide, keeping the aspect ratio and
// at least one pixel of height. Alpha is premultiplied around the resize
// so transparent pixels do not bleed their colour into the edges.
Result<ImageRef> Resize(VipsImage* in, int width) {
  const int in_width = vips_image_get_width(in);
  const int in_height = vips_image_get_height(in);
  if (width == in_width) {
    g_object_ref(in);
    return ImageRef(in);
  }
  const double scale = static_cast<double>(width) / in_width;
  const double vscale = std::max(scale, 1.0 / in_height);
  VipsImage* out = nullptr;
  if (!vips_image_hasalpha(in)) {
    if (vips_resize(in, &out, scale, "vscale", vscale, nullptr) != 0) return VipsFailed("resize");
    return ImageRef(out);
  }
  if (vips_premultiply(in, &out, nullptr) != 0) return VipsFailed("premultiply");
  ImageRef pre(out);
  if (vips_resize(pre.get(), &out, scale, "vscale", vscale, nullptr) != 0) {
    return VipsFailed("resize");
  }
  ImageRef resized(out);
  if (vips_unpremultiply(resized.get(), &out, nullptr) != 0) return VipsFailed("unpremultiply");
  ImageRef un(out);
  if (vips_cast_uchar(un.get(), &out, nullptr) != 0) return VipsFailed("cast");
  return ImageRef(out);
}

// Bare returns a copy of `image` with every metadata field removed (EXIF,
// XMP, IPTC, ICC, orientation, resolution, comments...), so no saver can
// copy any of it into an output, whatever its "strip" does.
Result<ImageRef> Bare(VipsImage* image) {
  VipsImage* out = nullptr;
  if (vips_copy(image, &out, nullptr) != 0) return VipsFailed("copy");
  ImageRef copy(out);
  gchar** fields = vips_image_get_fields(copy.get());
  for (gchar** field = fields; *field != nullptr; ++field) {
    vips_image_remove(copy.get(), *field);  // no-op for width, bands...
  }
  g_strfreev(fields);
  return copy;
}

// DropWebpMetadata removes EXIF, XMP and ICC chunks from a WebP file.
// libvips 8.14's webpsave ignores "strip" and writes an EXIF chunk it
// builds from scratch (resolution, orientation), and with a source's EXIF
// still attached, the source's (camera, GPS). Bare() stops the second;
// this stops the first, with libwebpmux, which libvips itself uses.
Result<std::string> DropWebpMetadata(std::string_view webp) {
  WebPData data = {reinterpret_cast<const uint8_t*>(webp.data()), webp.size()};
  WebPMux* mux = WebPMuxCreate(&data, /*copy_data=*/0);
  if (mux == nullptr) return Internal("image pipeline: libwebpmux cannot parse vips' WebP");
  for (const char* chunk : {"EXIF", "XMP ", "ICCP"}) {
    WebPMuxDeleteChunk(mux, chunk);  // WEBP_MUX_NOT_FOUND is fine
  }
  WebPData assembled;
  WebPDataInit(&assembled);
  const WebPMuxError error = WebPMuxAssemble(mux, &assembled);
  WebPMuxDelete(mux);
  if (error != WEBP_MUX_OK) {
    WebPDataClear(&assembled);
    return Internal("image pipeline: libwebpmux cannot assemble the WebP (" +
                    std::to_string(error) + ")");
  }
  std::string out(reinterpret_cast<const char*>(assembled.bytes), assembled.size);
  WebPDataClear(&assembled);
  return out;
}

// Encode saves `image` as `mime`. The image must come from Bare(); the
// savers are also asked to strip, in case vips adds anything of its own.
Result<EncodedVariant> Encode(VipsImage* image, std::string_view mime) {
  void* buffer = nullptr;
  size_t length = 0;
  int rc = -1;
  if (mime == "image/webp") {
    rc = vips_webpsave_buffer(image, &buffer, &length, "Q", kWebpQuality, "strip", TRUE, nullptr);
  } else if (mime == "image/png") {
    rc = vips_pngsave_buffer(image, &buffer, &length, "compression", kPngCompression, "strip", TRUE,
                             nullptr);
  } else if (mime == "image/jpeg") {
    ImageRef flat;
    if (vips_image_hasalpha(image)) {
      VipsImage* out = nullptr;
      VipsArrayDouble* white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
      rc = vips_flatten(image, &out, "background", white, nullptr);
      vips_area_unref(VIPS_AREA(white));
      if (rc != 0) return VipsFailed("flatten");
      flat.reset(out);
      image = out;
    }
    rc = vips_jpegsave_buffer(image, &buffer, &length, "Q", kJpegQuality, "interlace", TRUE,
                              "optimize_coding", TRUE, "strip", TRUE, nullptr);
  }
  if (rc != 0) return VipsFailed(std::string("encode ") + std::string(mime));
  EncodedVariant encoded;
  encoded.width = vips_image_get_width(image);
  encoded.height = vips_image_get_height(image);
  encoded.mime = std::string(mime);
  encoded.bytes.assign(static_cast<const char*>(buffer), length);
  g_free(buffer);
  if (encoded.mime == "image/webp") {
    auto clean = DropWebpMetadata(encoded.bytes);
    if (!clean) return Err(clean.error());
    encoded.bytes = std::move(*clean);
  }
  return encoded;
}

}  // namespace

Status InitImagePipeline() {
  static std::once_flag once;
  static Status status;
  std::call_once(once, [] {
    if (VIPS_INIT("khabar") != 0) {
      status = Status(Code::kInternal, "libvips failed to start: " + VipsMessage());
      return;
    }
    vips_concurrency_set(kVipsThreads);
    vips_cache_set_max(0);
    vips_cache_set_max_mem(0);
    vips_block_untrusted_set(TRUE);
    // Damaged uploads make vips log a warning per failed tile. Each
    // failure already comes back as a Status for the one upload it
    // concerns; the warnings would only let uploaders flood the log.
    g_log_set_handler(
        "VIPS", static_cast<GLogLevelFlags>(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE),
        [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  });
  return status;
}

namespace {

// Pipeline is ProcessUpload after the checks that need no libvips.
Result<ProcessedImage> Pipeline(std::string_view bytes, const std::string& mime,
                                const ImageLimits& limits);

// VipsTurn serialises uploads through libvips. Its error buffer is one per
// process, written by the failing call, by its worker threads and when a
// half-read image is closed (after our call returned), so text can be
// pinned on one upload only while no other is running. The cost is small:
// each upload already runs on kVipsThreads threads, and the newsroom lets
// only two run at once.
std::mutex& VipsTurn() {
  static std::mutex turn;
  return turn;
}

}  // namespace

Result<ProcessedImage> ProcessUpload(std::string_view bytes, const ImageLimits& limits) {
  if (static_cast<int64_t>(bytes.size()) > limits.max_bytes) {
    return InvalidArgument("file is larger than " + ByteLimitText(limits.max_bytes));
  }
  const std::string mime = SniffImageType(bytes);
  if (mime != "image/jpeg" && mime != "image/png" && mime != "image/webp") {
    std::string message = "not a JPEG, PNG or WebP image";
    // Say what it is when we know, so the person knows what to convert.
    if (mime == "image/gif") message += " (it is a GIF)";
    if (mime == "image/svg+xml") message += " (it is an SVG, which can carry scripts)";
    if (mime == "image/avif") message += " (it is an AVIF)";
    return InvalidArgument(message);
  }
  if (Status init = InitImagePipeline(); !init.ok()) return Err(init);

  std::lock_guard turn(VipsTurn());
  vips_error_clear();  // anything left by a caller outside this lock
  Result<ProcessedImage> result = Pipeline(bytes, mime, limits);
  // Every image of this upload is closed now; what closing them wrote
  // belongs to no later upload.
  vips_error_clear();
  return result;
}

namespace {

Result<ProcessedImage> Pipeline(std::string_view bytes, const std::string& mime,
                                const ImageLimits& limits) {
  auto opened = Open(bytes, mime);
  if (!opened) return Err(opened.error());
  const int64_t header_width = vips_image_get_width(opened->get());
  const int64_t header_height = vips_image_get_height(opened->get());
  const std::string size_text =
      std::to_string(header_width) + "\u00D7" + std::to_string(header_height) + " pixels";
  if (header_width * header_height > limits.max_pixels) {
    return InvalidArgument("image is " + size_text + "; the limit is " +
                           PixelLimitText(limits.max_pixels));
  }
  if (header_width > limits.max_side || header_height > limits.max_side) {
    return InvalidArgument("image is " + size_text + "; the limit is " +
                           std::to_string(limits.max_side) + " pixels on a side");
  }

  auto srgb = ToSrgb(std::move(*opened));
  if (!srgb) return Err(srgb.error());
  // The one full decode. It lands in memory because turning the picture
  // upright needs random access, and every rendition reads it again.
  ImageRef decoded(vips_image_copy_memory(srgb->get()));
  if (!decoded) return Damaged();
  srgb->reset();

  VipsImage* out = nullptr;
  if (vips_autorot(decoded.get(), &out, nullptr) != 0) return VipsFailed("autorotate");
  auto bare = Bare(out);
  g_object_unref(out);
  if (!bare) return Err(bare.error());
  ImageRef upright = std::move(*bare);
  decoded.reset();

  ProcessedImage result;
  result.original_mime = mime;
  result.width = vips_image_get_width(upright.get());
  result.height = vips_image_get_height(upright.get());

  auto full = Encode(upright.get(), mime);
  if (!full) return Err(full.error());
  result.full = std::move(*full);

  std::vector<int> widths;
  for (int w : kVariantWidths) {
    if (w <= result.width) widths.push_back(w);
  }
  if (widths.empty()) widths.push_back(result.width);

  // The largest variant is made from the full picture and kept in memory;
  // the smaller ones are made from it, which is much cheaper than going
  // back to (say) 24 megapixels each time and looks the same.
  auto largest = Resize(upright.get(), widths.back());
  if (!largest) return Err(largest.error());
  ImageRef source(vips_image_copy_memory(largest->get()));
  if (!source) return VipsFailed("resize");
  largest->reset();
  upright.reset();

  for (int w : widths) {
    auto resized = Resize(source.get(), w);
    if (!resized) return Err(resized.error());
    for (std::string_view variant_mime : {"image/webp", "image/jpeg"}) {
      // WebP cannot hold a side over 16383 pixels (a very tall
      // infographic); that width is then offered as JPEG only.
      if (variant_mime == "image/webp" &&
          vips_image_get_height(resized->get()) > WEBP_MAX_DIMENSION) {
        continue;
      }
      auto encoded = Encode(resized->get(), variant_mime);
      if (!encoded) return Err(encoded.error());
      result.variants.push_back(std::move(*encoded));
    }
  }
  return result;
}

}  // namespace

}  // namespace khabar
