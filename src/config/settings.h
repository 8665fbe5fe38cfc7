// Settings: the site's configuration, read once at start from a TOML file
// (the keys of ../shared/seed/site.toml) and validated in one place. Every
// key is optional and has a sensible default; docs/configuration.md lists
// them all, checked against SettingKeys by config/configuration_doc_test.cc.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace khabar {

struct SiteSettings {
  std::string name = "Khabar";
  std::string base_url = "http://127.0.0.1:8080";  // no trailing slash
  std::string language = "en";
  std::string timezone = "UTC";  // IANA name, checked with ICU
  // ICU date patterns for the date line and for story times.
  std::string date_format = "EEEE, MMMM d, y";
  std::string time_format = "d MMMM y, h:mm a";
  int page_size = 20;       // stories per listing page
  std::string logo;         // publisher logo URL or /static path, for JSON-LD; may be empty
  std::string description;  // one line about the site, for feeds and the home page
  // direction: "ltr" or "rtl"; empty = the language's own (ICU).
  std::string direction;
  // slugs: how story URLs end. "unicode" keeps the headline's words in any
  // script ("/news/42/پاکستان-میں-بارش"); "id" ends them at the id
  // ("/news/42"), for readers whose tools mangle non-Latin URLs.
  std::string slugs = "unicode";

  // Which edition these settings are for. Set by EditionView, never read
  // from [site]: the main edition is "", with no path prefix.
  std::string edition;      // "" or an [[editions]] key ("ur")
  std::string path_prefix;  // "" or "/urdu": every public path of the edition starts with it
};

struct CalendarSettings {
  std::string hijri = "islamic-umalqura";  // ICU calendar type
  int hijri_adjust_days = 0;               // -3..3
  std::vector<std::string> hijri_month_names = {
      "Muharram", "Safar",  "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah",
      "Rajab",    "Shaban", "Ramadan",       "Shawwal",       "Dhu al-Qadah",  "Dhu al-Hijjah"};
};

struct SocialSettings {
  std::string twitter;  // handle without '@'
  std::string facebook;
  std::string instagram;
  std::string youtube;
  std::string follow_text;  // the follow-us line; network names become links
};

struct CommentsSettings {
  std::string closed_text = "Comments are closed.";
  // moderation: "all" holds every comment for an editor; "none" shows
  // comments at once (anti-abuse checks still apply).
  std::string moderation = "all";
  int close_after_days = 0;  // close comments N days after publication; 0 = never
  int max_length = 3000;     // characters
  int max_links = 2;         // links per comment
  // Comments accepted per address (kept in the store, so across nodes):
  // at most one per min_interval_seconds and max_per_hour an hour.
  int min_interval_seconds = 30;
  int max_per_hour = 10;
};

struct FeedSettings {
  bool full_content = false;  // whole body in feeds, or only the standfirst
  int items = 30;             // stories per feed
};

// AdSlot is raw HTML an admin placed on purpose (a third-party tag). It is
// the one kind of setting rendered unescaped.
struct AdSlot {
  std::string name;  // where it goes: "header", "in-article", "below-article", "sidebar"
  std::string html;
  int after_paragraph = 3;  // in-article only: placed after this paragraph
  // sources: the origins its scripts, frames, images and styles load from
  // ("https://cdn.taboola.com"). The public pages' Content-Security-Policy
  // (site/security_headers.h) allows them only while this slot is shown.
  std::vector<std::string> sources;
};

struct AdsSettings {
  bool enabled = true;  // false switches every slot off at once
  std::string ads_txt;  // the body of /ads.txt; empty = 404
};

// CacheSettings: the in-memory page cache (http/page_cache.h) and the
// caches in front of khabar it keeps in step (http/purge_client.h).
struct CacheSettings {
  bool enabled = true;
  int max_megabytes = 64;  // bodies kept, every encoding counted
  // purge: http:// addresses of the caches in front (Varnish) that are
  // sent PURGE with Surrogate-Key whenever stored content changes; empty
  // = none. Every address is checked at start (base/http_url.h).
  std::vector<std::string> purge;
};

// ServerSettings: how khabar meets the network in front of it.
struct ServerSettings {
  // trusted_proxies: addresses ("10.0.0.1", "::1") and networks
  // ("10.0.0.0/8", "fd00::/8") of the caches and load balancers in front,
  // whose X-Forwarded-For names the client (http/client_address.h). Empty
  // = trust nobody: every request's client is the connection's peer.
  // Each entry is checked at start (base/ip_network.h).
  std::vector<std::string> trusted_proxies;
  // max_connections_per_address caps the connections open at once from
  // one peer address; one more is answered 429 (with Retry-After) and
  // closed. Trusted proxies are exempt: every reader behind them shares
  // their address. 0 = no cap.
  int max_connections_per_address = 64;
  // header_timeout_seconds bounds the time from a connection's start (or,
  // on a kept-alive connection, from a request's first byte) to the end of
  // the request's header, however steadily the bytes trickle in
  // (slowloris); past it the connection is dropped.
  int header_timeout_seconds = 10;
  // idle_timeout_seconds bounds the wait for the next request on a
  // kept-alive connection.
  int idle_timeout_seconds = 60;
};

// LimitsSettings: how often one client address (after trusted_proxies)
// may do what costs the site most. Each is a token bucket
// (http/rate_limiter.h): `*_burst` requests at once, then `*_per_minute`;
// past it the answer is 429 Too Many Requests with Retry-After. 0 per
// minute = no limit. Plain page reads are never limited (the page cache
// answers them). These count every attempt on one node; the store's own
// limits (failed sign-ins, comments accepted) hold across nodes.
struct LimitsSettings {
  int search_per_minute = 60;  // GET /search
  int search_burst = 20;
  int login_per_minute = 20;  // POST /admin/login, whatever the outcome
  int login_burst = 20;
  int comment_per_minute = 10;  // POST /news/{id}/comments, whatever the outcome
  int comment_burst = 10;
  // tags_per_story caps the tags one story carries (1..100, the ceiling
  // every store enforces), on newsroom saves and imports: every tag is a
  // public page and costs the story's listings.
  int tags_per_story = 30;
  // max_addresses bounds each limit's memory: past it the least recently
  // seen address is forgotten.
  int max_addresses = 100000;
};

// EditionSettings is one [[editions]] table: an edition of the site beside
// the main one ([site]), in its own language and direction, with its own
// stories, sections, home page, feeds, sitemaps and search, under a path
// prefix ("/urdu") or a host of its own ("urdu.example"). What it does not
// set, it takes from the main edition.
struct EditionSettings {
  std::string key;        // "ur": [a-z0-9-], at most 16; stories and sections name it
  std::string prefix;     // "/urdu" (written with or without the final '/'), or
  std::string host;       // "urdu.example" (with an optional :port): exactly one of the two
  std::string direction;  // "ltr" or "rtl"; empty = the language's own
  std::optional<std::string> slugs;
  std::optional<std::string> name;
  std::optional<std::string> language;
  std::optional<std::string> description;
  std::optional<std::string> logo;
  std::optional<std::string> date_format;
  std::optional<std::string> time_format;
  std::optional<std::vector<std::string>> hijri_month_names;
  std::optional<std::string> follow_text;
  std::optional<std::string> twitter;
  std::optional<std::string> facebook;
  std::optional<std::string> instagram;
  std::optional<std::string> youtube;
  std::optional<std::string> closed_text;
  // ad_slots: the edition's own [[editions.ad_slot]] tables; unset = the
  // main edition's slots.
  std::optional<std::vector<AdSlot>> ad_slots;
};

// ThemeSettings: what the public theme needs from the machine.
struct ThemeSettings {
  // fonts_dir: where the web fonts the theme's style.css names
  // (/static/fonts/<file>) are read from; Debian's fonts-noto-core puts
  // Noto Nastaliq Urdu and Noto Naskh Arabic here. An absolute path. A
  // missing directory or file is logged at start and the page falls back
  // to the reader's own fonts.
  std::string fonts_dir = "/usr/share/fonts/truetype/noto";
};

struct Settings {
  SiteSettings site;
  CalendarSettings calendar;
  SocialSettings social;
  CommentsSettings comments;
  FeedSettings feeds;
  AdsSettings ads;
  std::vector<AdSlot> ad_slots;
  CacheSettings cache;
  ServerSettings server;
  LimitsSettings limits;
  ThemeSettings theme;
  std::vector<EditionSettings> editions;  // besides the main edition
};

// FindEdition returns the [[editions]] table with `key`, or nullptr (also
// for "", the main edition).
const EditionSettings* FindEdition(const Settings& s, std::string_view key);

// EditionKeys lists the keys of every edition, the main one ("") first.
std::vector<std::string> EditionKeys(const Settings& s);

// EditionView returns `s` as edition `key` sees it: its [site], calendar
// month names, follow-us line, comment text and ad slots in place of the
// main edition's, site.base_url ending in its prefix (or on its host), and
// site.edition, site.path_prefix and site.direction set. Everything else
// (limits, cache, server, the editions list) is shared. An unknown key
// gives the main edition.
Settings EditionView(const Settings& s, std::string_view key);

// EditionForHost returns the key of the edition served on the host a
// request's Host header names ("urdu.example", "urdu.example:8080"; case
// ignored; an edition's host without a port matches any port), or "" (the
// main edition).
std::string EditionForHost(const Settings& s, std::string_view host_header);

// DirectionOf returns "rtl" for languages written right to left (ICU's
// likely script for the language: Urdu, Arabic, Persian...), else "ltr".
std::string DirectionOf(const std::string& language);

// LoadSettings reads and validates a TOML file. Unknown tables or keys, wrong
// types and bad values are errors naming the file, the key and the line.
Result<Settings> LoadSettings(const std::filesystem::path& file);

// ParseSettings is LoadSettings on text already read; `origin` names it in
// errors.
Result<Settings> ParseSettings(const std::string& toml_text, const std::string& origin);

// SettingKey is one key the settings file accepts.
struct SettingKey {
  // name: the table and the key, dotted: "site.name"; a key of the
  // [[ads.slot]] tables is "ads.slot.name".
  std::string name;
  std::string type;  // "string", "integer", "boolean" or "list of strings"
  // default_value: what an absent key means, written as TOML ("\"UTC\"",
  // "20", "true", "[]"), or "required" (the table is refused without it),
  // or "unset" (an edition's key: it takes the main edition's value).
  std::string default_value;
};

// SettingKeys lists every key ParseSettings accepts, in the order it reads
// them. It is the parser's own list (made by running the parser's readers
// over no file), so docs/configuration.md can be checked against it.
std::vector<SettingKey> SettingKeys();

// ValidateSettings checks values (time zone exists, URL is http(s), month
// names are 12, page size in range...).
Status ValidateSettings(const Settings& s);

}  // namespace khabar
