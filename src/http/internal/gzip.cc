#include "http/internal/gzip.h"

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

namespace khabar::http::internal {
namespace {
constexpr int kGzipWindowBits = 15 + 16;  // +16 asks zlib for a gzip wrapper
}  // namespace

Result<std::string> Gzip(std::string_view data, int level) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return Internal("gzip: deflateInit2 failed");
  }
  std::string out;
  out.resize(deflateBound(&zs, static_cast<uLong>(data.size())));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  size_t written = zs.total_out;
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Internal("gzip: deflate did not finish");
  out.resize(written);
  return out;
}

Result<std::string> Gunzip(std::string_view data, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit2(&zs, kGzipWindowBits) != Z_OK) return Internal("gunzip: inflateInit2 failed");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(chunk);
    zs.avail_out = sizeof(chunk);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&zs);
      return InvalidArgument("gunzip: corrupt or truncated data");
    }
    out.append(chunk, sizeof(chunk) - zs.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&zs);
      return Err(Code::kResourceExhausted, "gunzip: output over limit");
    }
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
      inflateEnd(&zs);
      return InvalidArgument("gunzip: truncated data");
    }
  }
  inflateEnd(&zs);
  return out;
}

Result<std::string> Brotli(std::string_view data, int quality) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  size_t written = out.size();
  if (out.empty() ||
      !BrotliEncoderCompress(quality, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, data.size(),
                             reinterpret_cast<const uint8_t*>(data.data()), &written,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return Internal("brotli: compression failed");
  }
  out.resize(written);
  return out;
}

Result<std::string> Unbrotli(std::string_view data, size_t max_bytes) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!state) return Internal("unbrotli: out of memory");
  size_t available_in = data.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(data.data());
  std::string out;
  BrotliDecoderResult rc = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) {
    uint8_t chunk[16384];
    size_t available_out = sizeof(chunk);
    uint8_t* next_out = chunk;
    rc = BrotliDecoderDecompressStream(state, &available_in, &next_in, &available_out, &next_out,
                                       nullptr);
    out.append(reinterpret_cast<const char*>(chunk), sizeof(chunk) - available_out);
    if (out.size() > max_bytes) {
      BrotliDecoderDestroyInstance(state);
      return Err(Code::kResourceExhausted, "unbrotli: output over limit");
    }
  }
  BrotliDecoderDestroyInstance(state);
  if (rc != BROTLI_DECODER_RESULT_SUCCESS) {
    return InvalidArgument("unbrotli: corrupt or truncated data");
  }
  return out;
}

}  // namespace khabar::http::internal
