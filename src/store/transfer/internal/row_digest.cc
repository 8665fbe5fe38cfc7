#include "store/transfer/internal/row_digest.h"

namespace khabar::transfer::internal {

RowDigest::RowDigest() { crypto_generichash_init(&state_, nullptr, 0, kBytes); }

void RowDigest::Value(std::string_view v) {
  row_ += 'V';
  uint64_t n = v.size();
  for (int i = 0; i < 8; ++i) row_ += static_cast<char>((n >> (8 * i)) & 0xff);
  row_.append(v);
}

void RowDigest::EndRow() {
  crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(row_.data()),
                            row_.size());
  row_.clear();
  ++rows_;
}

std::string RowDigest::Finish() {
  unsigned char out[kBytes];
  crypto_generichash_final(&state_, out, kBytes);
  char hex[kBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, out, kBytes);
  return hex;
}

}  // namespace khabar::transfer::internal
