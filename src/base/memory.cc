#include "base/memory.h"

#include <malloc.h>

namespace khabar {

void KeepFreedMemory() {
  // Setting either turns glibc's adaptive thresholds off; both are fixed.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

}  // namespace khabar
