// RowDigest checksums rows in a form that does not depend on the database
// they were read from: each value is 'N' (NULL) or 'V', its length (8
// bytes, little-endian) and its bytes, where integers are decimal, flags
// "0" or "1", and text its UTF-8 bytes. The length prefix keeps ("ab", "c")
// and ("a", "bc") apart. BLAKE2b-256 (libsodium): a changed byte anywhere
// in a table changes its checksum.
// REQUIRES: sodium_init() has succeeded.
#pragma once

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace khabar::transfer::internal {

class RowDigest {
 public:
  RowDigest();

  void Null() { row_ += 'N'; }
  void Value(std::string_view v);
  // EndRow adds the row's values to the checksum (one update per row
  // rather than per value: far fewer calls on narrow tables).
  void EndRow();
  int64_t rows() const { return rows_; }
  // Finish returns the checksum in hex; call it once.
  std::string Finish();

 private:
  static constexpr size_t kBytes = 32;
  crypto_generichash_state state_;
  std::string row_;
  int64_t rows_ = 0;
};

}  // namespace khabar::transfer::internal
