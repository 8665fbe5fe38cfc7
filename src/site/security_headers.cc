#include "site/security_headers.h"

#include <sodium.h>

#include <algorithm>
#include <set>
#include <string_view>
#include <vector>

#include "base/ascii.h"

namespace khabar {

namespace {

// ScriptHash is "'sha256-<base64>'" of an inline script's text, the CSP
// source that allows exactly that script.
std::string ScriptHash(std::string_view text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof(b64), digest, sizeof(digest), sodium_base64_VARIANT_ORIGINAL);
  return "'sha256-" + std::string(b64) + "'";
}

// InlineScriptHashes returns the hashes of the <script> elements of an
// admin's ad HTML that have no src (their text runs inline).
std::vector<std::string> InlineScriptHashes(const std::string& html) {
  std::vector<std::string> out;
  const std::string lower = AsciiLower(html);
  size_t pos = 0;
  while ((pos = lower.find("<script", pos)) != std::string::npos) {
    size_t open_end = lower.find('>', pos);
    if (open_end == std::string::npos) break;
    size_t close = lower.find("</script", open_end);
    if (close == std::string::npos) break;
    std::string_view tag = std::string_view(lower).substr(pos, open_end - pos);
    if (tag.find(" src=") == std::string_view::npos && close > open_end + 1) {
      out.push_back(ScriptHash(std::string_view(html).substr(open_end + 1, close - open_end - 1)));
    }
    pos = close;
  }
  return out;
}

}  // namespace

std::string PublicContentSecurityPolicy(const Settings& s) {
  std::set<std::string> origins;
  std::vector<std::string> hashes;
  if (s.ads.enabled) {
    for (const AdSlot& ad : s.ad_slots) {
      if (ad.html.empty()) continue;
      origins.insert(ad.sources.begin(), ad.sources.end());
      for (std::string& h : InlineScriptHashes(ad.html)) {
        if (std::find(hashes.begin(), hashes.end(), h) == hashes.end()) hashes.push_back(h);
      }
    }
  }
  std::string extra;
  for (const std::string& o : origins) extra += " " + o;
  std::string script_extra = extra;
  for (const std::string& h : hashes) script_extra += " " + h;
  // The site itself needs only 'self': its pages have no inline script or
  // style (JSON-LD is data, not script), and images are its own or data:.
  return "default-src 'self'; script-src 'self'" + script_extra + "; style-src 'self'" + extra +
         "; img-src 'self' data:" + extra + "; font-src 'self'" + extra + "; connect-src 'self'" +
         extra + "; frame-src " + (extra.empty() ? std::string("'none'") : extra.substr(1)) +
         "; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
}

void PublicHeaders::Apply(http::Response& res) const {
  if (res.Header("Content-Security-Policy").empty()) {
    res.SetHeader("Content-Security-Policy", Policy());
  }
  if (res.Header("X-Content-Type-Options").empty()) {
    res.SetHeader("X-Content-Type-Options", "nosniff");
  }
  if (res.Header("Referrer-Policy").empty()) {
    res.SetHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  }
}

std::string PublicHeaders::Policy() const {
  std::shared_ptr<const Settings> current = settings_->Current();
  std::lock_guard lock(mu_);
  if (built_for_ != current) {
    policy_ = PublicContentSecurityPolicy(*current);
    built_for_ = std::move(current);
  }
  return policy_;
}

}  // namespace khabar
