// Fuzzes the WordPress export reader (wordpress/wxr.h) on whole files, as
// `khabar import wordpress` reads them: the bytes are handed to ReadWxr
// through an in-memory file (memfd), read in its 64 KiB chunks.
//
// Invariants: ReadWxr returns (never crashes, never hangs on entities);
// every string it hands the visitor is valid UTF-8; an error is
// kInvalidArgument and its message starts with the file name; an item is
// never larger than the limit it was given.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/utf8.h"
#include "fuzz_check.h"
#include "wordpress/wxr.h"

namespace {

constexpr size_t kLimit = 1 << 16;

void CheckText(const std::string& s) {
  FUZZ_CHECK(khabar::IsValidUtf8(s), "a string that is not UTF-8 reached the visitor");
  FUZZ_CHECK(s.size() <= kLimit, "a string over the item limit reached the visitor");
}

class Checker : public khabar::WxrVisitor {
 public:
  khabar::Status OnSite(const khabar::WxrSite& s) override {
    CheckText(s.title);
    CheckText(s.link);
    CheckText(s.base_blog_url);
    return khabar::Status::Ok();
  }
  khabar::Status OnAuthor(const khabar::WxrAuthor& a) override {
    CheckText(a.login);
    CheckText(a.display_name);
    return khabar::Status::Ok();
  }
  khabar::Status OnTerm(const khabar::WxrTerm& t) override {
    CheckText(t.name);
    CheckText(t.slug);
    return khabar::Status::Ok();
  }
  khabar::Status OnItem(const khabar::WxrItem& item) override {
    CheckText(item.title);
    CheckText(item.content);
    CheckText(item.link);
    CheckText(item.post_name);
    for (const auto& c : item.comments) CheckText(c.content);
    for (const auto& t : item.categories) CheckText(t.name);
    for (const auto& m : item.postmeta) CheckText(m.value);
    FUZZ_CHECK(item.line > 0, "an item without its line");
    return khabar::Status::Ok();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const int fd = memfd_create("wxr", MFD_CLOEXEC);
  if (fd < 0) return 0;
  size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const std::string path = "/proc/self/fd/" + std::to_string(fd);
  Checker checker;
  khabar::Status st = khabar::ReadWxr(path, checker, {.max_item_bytes = kLimit});
  if (!st.ok()) {
    FUZZ_CHECK(st.code() == khabar::Code::kInvalidArgument, "an error that is not bad input");
    FUZZ_CHECK(st.message().starts_with(path), "an error that does not name the file");
  }
  close(fd);
  return 0;
}
