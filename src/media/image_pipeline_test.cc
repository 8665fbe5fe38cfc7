#include "media/image_pipeline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <thread>

#include "base/ascii.h"
#include "media/internal/test_images.h"
#include "media/media_library.h"

namespace khabar {
namespace {

namespace ti = testing_images;

std::vector<int> WidthsOf(const ProcessedImage& image, std::string_view mime) {
  std::vector<int> widths;
  for (const auto& v : image.variants) {
    if (v.mime == mime) widths.push_back(v.width);
  }
  return widths;
}

// ExpectClean checks that an encoded output is what it says it is and
// carries no metadata at all.
void ExpectClean(const EncodedVariant& v) {
  SCOPED_TRACE(v.mime + " " + std::to_string(v.width) + "w");
  ti::Info info = ti::Inspect(v.bytes);
  ASSERT_TRUE(info.ok);
  EXPECT_EQ(info.width, v.width);
  EXPECT_EQ(info.height, v.height);
  EXPECT_EQ(SniffImageType(v.bytes), v.mime);
  for (const auto& [field, present] : info.fields) EXPECT_FALSE(present) << field;
  EXPECT_EQ(v.bytes.find("SpyCam"), std::string::npos);
  EXPECT_EQ(v.bytes.find("secret-xmp"), std::string::npos);
}

TEST(ImagePipeline, JpegMakesEveryWidthUpToItsOwnInBothFormats) {
  const std::string jpeg = ti::Make(1500, 1000, ".jpg[Q=90]");
  auto out = ProcessUpload(jpeg, {});
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->original_mime, "image/jpeg");
  EXPECT_EQ(out->width, 1500);
  EXPECT_EQ(out->height, 1000);
  EXPECT_EQ(WidthsOf(*out, "image/webp"), (std::vector<int>{320, 640, 960, 1280}));
  EXPECT_EQ(WidthsOf(*out, "image/jpeg"), (std::vector<int>{320, 640, 960, 1280}));
  ASSERT_EQ(out->variants.size(), 8u);
  EXPECT_EQ(out->variants[0].mime, "image/webp");  // WebP first at each width
  EXPECT_EQ(out->variants[1].mime, "image/jpeg");
  for (const auto& v : out->variants) {
    EXPECT_NEAR(v.height, v.width * 1000.0 / 1500.0, 1.0);
    ExpectClean(v);
  }
  EXPECT_EQ(out->full.mime, "image/jpeg");
  EXPECT_EQ(out->full.width, 1500);
  EXPECT_EQ(out->full.height, 1000);
  ExpectClean(out->full);
}

TEST(ImagePipeline, PngAndWebpWorkAndNothingIsEnlarged) {
  auto png = ProcessUpload(ti::Make(700, 400, ".png"), {});
  ASSERT_TRUE(png) << png.error().ToString();
  EXPECT_EQ(png->original_mime, "image/png");
  EXPECT_EQ(WidthsOf(*png, "image/webp"), (std::vector<int>{320, 640}));
  EXPECT_EQ(png->full.mime, "image/png");
  for (const auto& v : png->variants) ExpectClean(v);
  ExpectClean(png->full);

  auto webp = ProcessUpload(ti::Make(200, 100, ".webp"), {});
  ASSERT_TRUE(webp) << webp.error().ToString();
  EXPECT_EQ(webp->original_mime, "image/webp");
  // Narrower than the smallest width: one width, its own.
  EXPECT_EQ(WidthsOf(*webp, "image/webp"), (std::vector<int>{200}));
  EXPECT_EQ(WidthsOf(*webp, "image/jpeg"), (std::vector<int>{200}));
  EXPECT_EQ(webp->variants[0].height, 100);
  EXPECT_EQ(webp->full.mime, "image/webp");
  ExpectClean(webp->full);

  auto exact = ProcessUpload(ti::Make(1920, 1080, ".jpg"), {});
  ASSERT_TRUE(exact) << exact.error().ToString();
  EXPECT_EQ(WidthsOf(*exact, "image/jpeg"), (std::vector<int>{320, 640, 960, 1280, 1920}));
}

TEST(ImagePipeline, AVeryTallPictureGetsJpegWhereWebpCannotGo) {
  // Narrower than 320, so its one width is its own; 16400 is over WebP's
  // 16383-pixel limit.
  auto out = ProcessUpload(ti::Make(100, 16400, ".png[compression=1]"), {});
  ASSERT_TRUE(out) << out.error().ToString();
  ASSERT_EQ(out->variants.size(), 1u);
  EXPECT_EQ(out->variants[0].mime, "image/jpeg");
  EXPECT_EQ(out->variants[0].width, 100);
  EXPECT_EQ(out->variants[0].height, 16400);
}

TEST(ImagePipeline, StripsExifXmpAndIccAndTurnsThePictureUpright) {
  ti::Extras extras;
  extras.exif_make = "SpyCam";
  extras.xmp = "<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret-xmp</x:xmpmeta>";
  extras.orientation = 6;  // stored landscape, shown rotated 90 degrees
  extras.srgb_profile = true;
  const std::string jpeg = ti::Make(1000, 500, ".jpg", extras);
  // The input really carries what must go.
  ti::Info in = ti::Inspect(jpeg);
  ASSERT_TRUE(in.fields["exif-data"]);
  ASSERT_TRUE(in.fields["xmp-data"]);
  ASSERT_TRUE(in.fields["icc-profile-data"]);
  ASSERT_NE(jpeg.find("SpyCam"), std::string::npos);

  auto out = ProcessUpload(jpeg, {});
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(out->width, 500);
  EXPECT_EQ(out->height, 1000);
  EXPECT_EQ(WidthsOf(*out, "image/jpeg"), (std::vector<int>{320}));
  EXPECT_EQ(out->variants[0].height, 640);
  ExpectClean(out->full);
  for (const auto& v : out->variants) ExpectClean(v);
}

TEST(ImagePipeline, AlphaIsKeptInWebpAndFlattenedOntoWhiteInJpeg) {
  ti::Extras extras;
  extras.alpha = true;  // fully transparent
  auto out = ProcessUpload(ti::Make(400, 300, ".png", extras), {});
  ASSERT_TRUE(out) << out.error().ToString();
  for (const auto& v : out->variants) {
    ti::Info info = ti::Inspect(v.bytes);
    ASSERT_TRUE(info.ok);
    if (v.mime == "image/jpeg") {
      EXPECT_EQ(info.bands, 3);
      for (int band = 0; band < 3; ++band) EXPECT_GT(info.average[band], 250.0) << band;
    } else {
      EXPECT_TRUE(info.has_alpha);
    }
  }
  EXPECT_TRUE(ti::Inspect(out->full.bytes).has_alpha);  // the PNG keeps it
}

TEST(ImagePipeline, RefusesWhatIsNotAJpegPngOrWebpWhateverItsName) {
  for (std::string bytes : {std::string("<html><body>hello</body></html>"), std::string(""),
                            std::string("MZ\x90\x00 not an image", 17)}) {  // the NUL is part of it
    auto out = ProcessUpload(bytes, {});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().code(), Code::kInvalidArgument);
    EXPECT_EQ(out.error().message(), "not a JPEG, PNG or WebP image");
  }
  auto gif = ProcessUpload(ti::Make(20, 20, ".gif"), {});
  ASSERT_FALSE(gif);
  EXPECT_NE(gif.error().message().find("GIF"), std::string::npos) << gif.error().message();
  auto svg = ProcessUpload("<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", {});
  ASSERT_FALSE(svg);
  EXPECT_NE(svg.error().message().find("SVG"), std::string::npos);
}

TEST(ImagePipeline, RefusesDamagedDataWithTheReason) {
  const std::string jpeg = ti::Make(300, 200, ".jpg");
  for (std::string bytes : {jpeg.substr(0, jpeg.size() / 2), jpeg.substr(0, 200),
                            std::string("\xFF\xD8\xFF\xE0 garbage follows"),
                            std::string("\x89PNG\r\n\x1A\n garbage", 16),
                            std::string("RIFF\x10\x00\x00\x00WEBPVP8 junkjunk", 24)}) {
    auto out = ProcessUpload(bytes, {});
    ASSERT_FALSE(out) << bytes.size();
    EXPECT_EQ(out.error().code(), Code::kInvalidArgument);
    EXPECT_TRUE(out.error().message().starts_with("the image data is damaged ("))
        << out.error().message();
  }
  const std::string png = ti::Make(300, 200, ".png");
  // Half the rows missing. (A cut that loses only the end of the stream,
  // after the last row, leaves a whole picture and is accepted.)
  auto cut = ProcessUpload(png.substr(0, png.size() / 2), {});
  ASSERT_FALSE(cut);
  EXPECT_TRUE(cut.error().message().starts_with("the image data is damaged"));
}

// A damaged JPEG's reason names the JPEG decoder, a damaged PNG's the PNG
// one; libvips keeps one error buffer per process, and an upload's message
// must never carry another upload's words, one after the other or at once.
TEST(ImagePipeline, AnUploadsErrorNamesOnlyItsOwnDamage) {
  const std::string jpeg = ti::Make(300, 200, ".jpg");
  const std::string png = ti::Make(300, 200, ".png");
  const std::string bad_jpeg = jpeg.substr(0, jpeg.size() / 2);
  const std::string bad_png = png.substr(0, png.size() / 2);
  auto message = [](const std::string& bytes) {
    auto out = ProcessUpload(bytes, {});
    return out ? std::string("accepted") : AsciiLower(out.error().message());
  };
  for (int round = 0; round < 3; ++round) {
    const std::string j = message(bad_jpeg);
    const std::string p = message(bad_png);
    EXPECT_TRUE(j.starts_with("the image data is damaged")) << j;
    EXPECT_TRUE(p.starts_with("the image data is damaged")) << p;
    EXPECT_EQ(p.find("jpeg"), std::string::npos) << p;
    EXPECT_EQ(message(bad_jpeg).find("png"), std::string::npos);
  }

  std::vector<std::string> messages(8);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < messages.size(); ++i) {
    threads.emplace_back([&, i] { messages[i] = message(i % 2 == 0 ? bad_jpeg : bad_png); });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(messages[i].starts_with("the image data is damaged")) << messages[i];
    EXPECT_EQ(messages[i].find(i % 2 == 0 ? "png" : "jpeg"), std::string::npos) << messages[i];
  }
}

// Hostile bytes never crash: random damage and cuts of valid files end in
// a value, good or bad.
TEST(ImagePipeline, SurvivesRandomDamage) {
  std::mt19937 random(20231028);
  for (const char* suffix : {".jpg", ".png", ".webp"}) {
    const std::string good = ti::Make(64, 48, suffix);
    for (int round = 0; round < 40; ++round) {
      std::string bytes = good;
      if (round % 2 == 0) {
        bytes.resize(std::uniform_int_distribution<size_t>(1, bytes.size() - 1)(random));
      } else {
        for (int k = 0; k < 8; ++k) {
          size_t at = std::uniform_int_distribution<size_t>(3, bytes.size() - 1)(random);
          bytes[at] = static_cast<char>(random());
        }
      }
      auto out = ProcessUpload(bytes, {});
      if (out) {
        EXPECT_FALSE(out->variants.empty());
      } else {
        EXPECT_EQ(out.error().code(), Code::kInvalidArgument) << out.error().ToString();
      }
    }
  }
}

TEST(ImagePipeline, RefusesADecompressionBombFromItsHeader) {
  // A 16x16 PNG whose header claims 30000x30000: if anything decoded the
  // pixels, the answer would be "damaged", not the limit, and would take
  // far longer.
  const std::string bomb = ti::PngWithSize(30000, 30000);
  ASSERT_LT(bomb.size(), 2000u);
  auto start = std::chrono::steady_clock::now();
  auto out = ProcessUpload(bomb, {});
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(out.error().message(), "image is 30000\u00D730000 pixels; the limit is 50 megapixels");
  EXPECT_LT(took, std::chrono::seconds(1));

  auto tall = ProcessUpload(ti::PngWithSize(100, 25000), {});
  ASSERT_FALSE(tall);
  EXPECT_EQ(tall.error().message(),
            "image is 100\u00D725000 pixels; the limit is 20000 pixels on a side");

  // A real, highly compressible picture over a (lowered) pixel limit.
  ImageLimits small;
  small.max_pixels = 1'000'000;
  const std::string real = ti::Make(1200, 1000, ".png[compression=9]");
  auto refused = ProcessUpload(real, small);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message(), "image is 1200\u00D71000 pixels; the limit is 1 megapixels");
}

TEST(ImagePipeline, RefusesTooManyBytesBeforeLookingAtThem) {
  ImageLimits limits;
  limits.max_bytes = 1000;
  auto out = ProcessUpload(ti::Make(300, 200, ".jpg"), limits);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), Code::kInvalidArgument);
  EXPECT_EQ(out.error().message(), "file is larger than 1000 bytes");

  std::string huge(20 * 1024 * 1024 + 1, '\0');
  huge.replace(0, 3, "\xFF\xD8\xFF");
  auto big = ProcessUpload(huge, {});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message(), "file is larger than 20 MiB");
}

}  // namespace
}  // namespace khabar
