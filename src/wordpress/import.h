// WordPress import: `khabar import wordpress FILE.xml` brings a WordPress
// site's archive into khabar from its export (WXR, Tools -> Export).
//
// What comes across, and how:
//   - posts, with their status: publish -> published, future -> scheduled,
//     draft -> draft, pending -> submitted; private and password-protected
//     posts -> unpublished (kept from readers); trash and auto-drafts are
//     skipped. Dates come from post_date_gmt, or, for drafts that have none,
//     post_date read in the site's time zone.
//   - the first category is the story's section (WordPress's own
//     "Uncategorized" when there is none); tags are tags.
//   - authors become newsroom accounts (reporters) with no usable password,
//     until `khabar user passwd LOGIN` gives them one; their display name is
//     the byline. A login already used by someone else gets "wp-" in front.
//   - comments keep their approval state (1 approved, 0 pending, spam,
//     trash -> rejected) and their thread (replies to replies hang under the
//     top-level comment: khabar has one level of replies); pingbacks and
//     trackbacks are skipped. Their HTML becomes plain text.
//   - featured images (and the pictures they point at) come from the local
//     copy of wp-content/uploads given with --uploads; a missing file is
//     reported and the story imported without it.
//   - the old permalink and /?p=ID of every post answer 301 to the story.
//   - bodies go through ConvertWordPressBody: Markdown when it says the
//     whole body, otherwise the sanitized HTML is what readers get (with the
//     Markdown approximation in the editor).
//
// Each post is one transaction (Store::ImportArticle): a post that cannot be
// imported is reported by its title and id and writes nothing, and the rest
// go on. Everything imported is recorded by its WordPress id, so importing
// the same file again changes nothing, and a newer export of the same site
// adds only what is new. A dry run reads the file and the store and reports
// what an import would do, writing nothing.
//
// The file is read twice, streaming (wordpress/wxr.h): once to count the
// posts and note the attachments (so a featured image listed after its post
// is found), once to import; memory is bounded by one post plus the list of
// attachments, not by the size of the export.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "calendar/site_calendar.h"
#include "media/media_library.h"
#include "store/store.h"

namespace khabar {

struct WordPressImportOptions {
  std::filesystem::path file;
  // uploads is the site's wp-content/uploads folder; empty: no images.
  std::filesystem::path uploads;
  bool dry_run = false;
  // edition is the edition the stories go to ("" is the main one).
  std::string edition = "";
  // tags_per_story: a post with more tags fails, named in the problems
  // ([limits] tags_per_story).
  int tags_per_story = 30;
};

// WordPressImportProgress is handed to the progress callback as posts go by.
struct WordPressImportProgress {
  int64_t done = 0;   // posts handled (imported, unchanged, skipped or failed)
  int64_t total = 0;  // posts in the file (from the first reading)
};

// WordPressImportReport is what an import did (or, dry, would do).
struct WordPressImportReport {
  int64_t posts = 0;      // post items in the file
  int64_t imported = 0;   // stories created
  int64_t unchanged = 0;  // stories imported before
  int64_t failed = 0;     // posts that could not be imported (see problems)
  int64_t comments_added = 0;
  int64_t redirects_added = 0;
  int64_t users_created = 0;
  int64_t images_added = 0;
  // sections_created names the sections the import added: a category no
  // section of the edition had becomes one (an import is an admin's tool).
  std::vector<std::string> sections_created;
  // skipped counts the items left out on purpose, by reason ("page",
  // "trash", "pingback" ...).
  std::map<std::string, int64_t> skipped;
  // warnings counts what was imported with a change, by kind.
  std::map<std::string, int64_t> warnings;
  // problems are the messages naming each item that failed or lost
  // something (a missing image, an unknown author); the first
  // kMaxProblems are kept.
  std::vector<std::string> problems;
  int64_t more_problems = 0;  // beyond those kept
  // file_error is set when the file turned out to be broken after some
  // posts (truncated, not well-formed): those before it were imported.
  std::optional<Status> file_error;
};

inline constexpr size_t kMaxWordPressProblems = 200;

// ImportWordPress imports options.file into `store` (pictures into `media`),
// as above. `calendar` gives the site's time zone; `now` is when the import
// runs. Errors (nothing imported): the file cannot be read or is not a
// WordPress export, the uploads folder does not exist, the store fails as a
// whole. A post that fails is counted and reported, not an error.
Result<WordPressImportReport> ImportWordPress(
    const WordPressImportOptions& options, Store& store, const MediaLibrary& media,
    const SiteCalendar& calendar, Seconds now,
    const std::function<void(const WordPressImportProgress&)>& progress = {});

// FormatWordPressReport is the end summary, for people.
std::string FormatWordPressReport(const WordPressImportReport& report, bool dry_run);

}  // namespace khabar
