// Security headers of the public site: the Content-Security-Policy,
// X-Content-Type-Options and Referrer-Policy every public answer carries
// (pages, feeds, the API, assets, errors and redirects alike).
//
// The policy allows the site's own origin only, plus the origins an ad slot
// names in its `sources` setting ([[ads.slot]] sources = [...]) while that
// slot is shown: a slot switched off ([ads] enabled = false, or its HTML
// emptied under Settings) takes its origins out of the policy with it.
// Inline scripts of an ad slot's HTML are allowed by their SHA-256 hash,
// so an admin's tag runs and nothing injected next to it does.
//
// The newsroom (/admin) sets its own stricter headers (no framing at all,
// no third parties); PublicHeaders leaves headers a handler already set.
//
// Thread-safety: Apply may be called from many threads at once.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "config/overrides.h"
#include "config/settings.h"
#include "http/message.h"

namespace khabar {

// PublicContentSecurityPolicy returns the policy for the public pages under
// settings `s`.
std::string PublicContentSecurityPolicy(const Settings& s);

// PublicHeaders adds the public security headers to answers, with the
// policy of the current settings (rebuilt only when they change).
class PublicHeaders {
 public:
  explicit PublicHeaders(const SettingsProvider* settings) : settings_(settings) {}

  // Apply sets Content-Security-Policy, X-Content-Type-Options: nosniff and
  // Referrer-Policy on `res`, each unless `res` already has it.
  void Apply(http::Response& res) const;

 private:
  std::string Policy() const;

  const SettingsProvider* const settings_;  // not owned
  mutable std::mutex mu_;
  mutable std::shared_ptr<const Settings> built_for_;  // guarded by mu_
  mutable std::string policy_;                         // guarded by mu_
};

}  // namespace khabar
