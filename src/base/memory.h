// KeepFreedMemory: the allocator settings khabar runs with.
//
// glibc gives a freed block of more than 128 KiB (or, once it adapts, a
// few MiB) back to the kernel at once, and the next one is faulted in again
// page by page. Rendering a large story body allocates and frees a few
// such blocks (md4c's tables and the HTML), so without this a 160 KiB body
// paid about as much in page faults as in rendering, and render time grew
// faster than its input (bench/README.md, "Markdown"). KeepFreedMemory
// lets the process keep up to 64 MiB of freed memory for reuse and serves
// blocks up to 32 MiB from the heap: a busy server reaches that plateau
// anyway, and then stays flat.
//
// Call once, first thing in main, before threads start (mallopt).
#pragma once

namespace khabar {

void KeepFreedMemory();

}  // namespace khabar
