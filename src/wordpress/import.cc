#include "wordpress/import.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <unordered_map>

#include "base/ascii.h"
#include "base/files.h"
#include "base/percent.h"
#include "content/slug.h"
#include "content/wordpress_body.h"
#include "http/request_target.h"
#include "render/markdown.h"
#include "wordpress/wxr.h"

namespace khabar {

namespace {

// PlainText is the text of a piece of WordPress HTML (a comment, an
// excerpt): tags dropped, <br> and block ends as line breaks, entities
// decoded, blank runs squeezed to one empty line.
std::string PlainText(std::string_view html) {
  if (html.find('<') == std::string_view::npos && html.find('&') == std::string_view::npos) {
    return std::string(TrimAscii(html));
  }
  const std::string doc = "<html><body><div>" + std::string(html) + "</div></body></html>";
  std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> parsed(
      htmlReadMemory(doc.data(), static_cast<int>(doc.size()), nullptr, "UTF-8",
                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET),
      &xmlFreeDoc);
  if (!parsed) return std::string(TrimAscii(html));
  std::string out;
  auto walk = [&](auto&& self, xmlNode* n) -> void {
    for (; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content != nullptr) out += reinterpret_cast<const char*>(n->content);
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      const std::string_view name = reinterpret_cast<const char*>(n->name);
      if (name == "script" || name == "style") continue;
      if (name == "br") {
        out += '\n';
        continue;
      }
      self(self, n->children);
      if (name == "p" || name == "div" || name == "li" || name == "blockquote" || name == "pre" ||
          name.starts_with("h")) {
        out += "\n\n";
      }
    }
  };
  walk(walk, xmlDocGetRootElement(parsed.get()));
  // Squeeze: no line of spaces, at most one empty line in a row.
  std::string squeezed;
  int newlines = 0;
  for (char c : out) {
    if (c == '\r') continue;
    if (c == '\n') {
      while (!squeezed.empty() && (squeezed.back() == ' ' || squeezed.back() == '\t')) {
        squeezed.pop_back();
      }
      if (++newlines <= 2) squeezed += c;
      continue;
    }
    newlines = 0;
    squeezed += c;
  }
  return std::string(TrimAscii(squeezed));
}

// WarningKind groups a body warning for the summary: the words without the
// particular URL or value ("embed of https://x kept as a link" -> "embed
// kept as a link", "relative link kept: /a" -> "relative link kept").
std::string WarningKind(std::string_view w) {
  if (size_t colon = w.find(": "); colon != std::string_view::npos) w = w.substr(0, colon);
  std::string s(w);
  if (size_t of = s.find(" of "); of != std::string::npos && !s.starts_with("dropped shortcode")) {
    size_t end = s.find(' ', of + 4);
    s.erase(of, end == std::string::npos ? std::string::npos : end - of);
  }
  return s;
}

// ParseWordPressTime reads "YYYY-MM-DD HH:MM:SS": as UTC when `gmt`, else in
// the site's time zone. nullopt for WordPress's "0000-00-00 00:00:00" (a
// draft's unset GMT date) or anything unreadable.
std::optional<Seconds> ParseWordPressTime(std::string_view text, bool gmt,
                                          const SiteCalendar& calendar) {
  std::string t = std::string(TrimAscii(text));
  if (t.size() < 16 || t.starts_with("0000")) return std::nullopt;
  t[10] = 'T';
  auto parsed = gmt ? ParseIso8601(t + "Z") : calendar.ParseLocalInput(t);
  if (!parsed) return std::nullopt;
  return *parsed;
}

std::optional<Seconds> ItemTime(const std::string& gmt, const std::string& local,
                                const SiteCalendar& calendar) {
  if (auto t = ParseWordPressTime(gmt, true, calendar)) return t;
  return ParseWordPressTime(local, false, calendar);
}

std::string MetaValue(const std::vector<WxrMeta>& meta, std::string_view key) {
  for (const WxrMeta& m : meta) {
    if (m.key == key) return m.value;
  }
  return "";
}

// OldPath is the path (and query, if any) of an old permalink, decoded as
// khabar's server decodes request targets, so the server finds it as
// written: "https://old.example/2019/03/floods/" -> "/2019/03/floods/",
// "https://old.example/?p=12" -> "/?p=12". nullopt when it has none.
std::optional<std::string> OldPath(std::string_view link) {
  size_t scheme = link.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  size_t slash = link.find('/', scheme + 3);
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view rest = link.substr(slash);
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  auto target = http::ParseTarget(rest);
  if (!target) return std::nullopt;
  if (target->raw_query.empty()) return target->path;
  return target->path + "?" + target->raw_query;
}

// Attachment is what the first reading keeps of an attachment item.
struct Attachment {
  std::string file;  // relative to wp-content/uploads: "2019/03/flood.jpg"
  std::string caption;
  std::string alt;
};

// Survey is the first reading: how many posts, and the attachments by id.
class Survey : public WxrVisitor {
 public:
  Status OnItem(const WxrItem& item) override {
    if (item.post_type == "post") ++posts;
    if (item.post_type == "attachment") {
      Attachment a;
      a.file = MetaValue(item.postmeta, "_wp_attached_file");
      if (a.file.empty()) {
        // Older exports: only the URL, ".../wp-content/uploads/2019/03/x.jpg".
        const std::string& url = item.attachment_url;
        if (size_t at = url.find("/uploads/"); at != std::string::npos) {
          a.file = url.substr(at + 9);
        }
      }
      a.caption = PlainText(item.excerpt);
      a.alt = MetaValue(item.postmeta, "_wp_attachment_image_alt");
      attachments.emplace(item.post_id, std::move(a));
    }
    return Status::Ok();
  }

  int64_t posts = 0;
  std::unordered_map<std::string, Attachment> attachments;
};

// StatusOf maps a WordPress status to khabar's; nullopt with the reason
// when the item is skipped.
struct MappedStatus {
  std::optional<ArticleStatus> status;
  std::string skip_reason;
};

MappedStatus MapStatus(const WxrItem& item) {
  const std::string& s = item.status;
  if (s == "publish") return {ArticleStatus::kPublished, ""};
  if (s == "future") return {ArticleStatus::kScheduled, ""};
  if (s == "draft") return {ArticleStatus::kDraft, ""};
  if (s == "pending") return {ArticleStatus::kSubmitted, ""};
  if (s == "private") return {ArticleStatus::kUnpublished, ""};
  if (s == "trash") return {std::nullopt, "post in the trash"};
  if (s == "auto-draft") return {std::nullopt, "auto-draft"};
  return {std::nullopt, "post with status '" + s + "'"};
}

class Importer : public WxrVisitor {
 public:
  Importer(const WordPressImportOptions& options, Store& store, const MediaLibrary& media,
           const SiteCalendar& calendar, Seconds now, const Survey& survey,
           const std::function<void(const WordPressImportProgress&)>& progress,
           WordPressImportReport& report)
      : options_(options),
        store_(store),
        media_(media),
        calendar_(calendar),
        now_(now),
        survey_(survey),
        progress_(progress),
        report_(report) {}

  Status OnSite(const WxrSite& site) override {
    std::string id = !site.base_blog_url.empty() ? site.base_blog_url : site.link;
    while (!id.empty() && id.back() == '/') id.pop_back();
    if (id.empty()) id = site.title;
    prefix_ = "wordpress:" + id + ":";
    return Status::Ok();
  }

  Status OnAuthor(const WxrAuthor& author) override {
    if (author.login.empty()) return Status::Ok();
    AuthorInfo& info = authors_[author.login];
    info.display_name = std::string(TrimAscii(author.display_name));
    if (info.display_name.empty()) {
      info.display_name = std::string(TrimAscii(author.first_name + " " + author.last_name));
    }
    if (info.display_name.empty()) info.display_name = author.login;
    return EnsureUser(author.login, info);
  }

  Status OnItem(const WxrItem& item) override {
    if (item.post_type == "attachment") {
      if (!options_.uploads.empty()) (void)EnsureImage(item.post_id, Describe(item));
      return Status::Ok();
    }
    if (item.post_type != "post") {
      Skip(item.post_type.empty() ? "item without a post type" : item.post_type);
      return Status::Ok();
    }
    ImportPost(item);
    ++report_.posts;
    if (progress_) progress_({.done = report_.posts, .total = survey_.posts});
    return Status::Ok();
  }

 private:
  struct AuthorInfo {
    std::string display_name;
    std::optional<int64_t> user_id;
  };

  static std::string Describe(const WxrItem& item) {
    std::string title = std::string(TrimAscii(item.title));
    if (title.size() > 80) title = title.substr(0, 77) + "...";
    return "line " + std::to_string(item.line) + ": " +
           (item.post_type.empty() ? std::string("item") : item.post_type) + " " + item.post_id +
           " \"" + title + "\"";
  }

  void Skip(const std::string& reason) { ++report_.skipped[reason]; }
  void Warn(const std::string& kind) { ++report_.warnings[kind]; }
  void Problem(std::string message) {
    if (report_.problems.size() < kMaxWordPressProblems) {
      report_.problems.push_back(std::move(message));
    } else {
      ++report_.more_problems;
    }
  }

  // EnsureUser finds or creates the account of a WordPress author.
  Status EnsureUser(const std::string& wp_login, AuthorInfo& info) {
    const std::string key = prefix_ + "author:" + wp_login;
    auto known = store_.FindImported(key);
    if (!known) return known.error();
    if (*known) {
      info.user_id = **known;
      return Status::Ok();
    }
    ++report_.users_created;
    if (options_.dry_run) return Status::Ok();
    std::string login;
    for (char c : wp_login) {
      const char l = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      const bool ok =
          (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '.' || l == '_' || l == '-';
      login += ok ? l : '-';
    }
    if (login.size() > 37) login.resize(37);
    if (login.size() < 2) login = "wp-" + login + "user";
    if (store_.GetUserByLogin(login).has_value()) {
      // Someone here has that login already: never hand them the stories.
      login = "wp-" + login.substr(0, 37);
      Warn("author login already in use, given a wp- prefix");
      Problem("author " + wp_login + ": the login is taken here; the account is " + login);
    }
    UserRecord record;
    record.user.login = login;
    record.user.display_name = info.display_name;
    record.user.role = Role::kReporter;
    record.user.created_at = now_;
    record.user.password_changed_at = now_;
    record.password_hash = "";  // no password opens it until one is set
    auto id = store_.CreateUser(record);
    if (!id) {
      // The posts still come, with the byline and no account behind them.
      --report_.users_created;
      Warn("author without an account");
      Problem("author " + wp_login + ": no account made: " + id.error().ToString());
      return Status::Ok();
    }
    if (Status st = store_.RecordImported(key, *id); !st.ok()) return st;
    info.user_id = *id;
    return Status::Ok();
  }

  // EnsureImage brings attachment `id` into the media library once;
  // nullopt (reported) when it cannot.
  std::optional<Image> EnsureImage(const std::string& id, const std::string& context) {
    auto found = survey_.attachments.find(id);
    if (found == survey_.attachments.end()) {
      Warn("featured image not in the export");
      Problem(context + ": featured image " + id + " is not in the export");
      return std::nullopt;
    }
    const Attachment& att = found->second;
    const std::string key = prefix_ + "attachment:" + id;
    if (auto known = store_.FindImported(key); known && *known) {
      auto m = store_.GetMedia(**known);
      if (m) return Image{m->file, m->caption, m->credit, m->alt, m->width, m->height};
    }
    if (options_.uploads.empty()) {
      Warn("image not imported: no --uploads");
      return std::nullopt;
    }
    const std::filesystem::path source = options_.uploads / att.file;
    std::error_code ec;
    if (att.file.empty() || att.file.find("..") != std::string::npos ||
        !std::filesystem::is_regular_file(source, ec)) {
      if (!missing_.insert(id).second) return std::nullopt;
      Warn("image file missing from --uploads");
      Problem(context + ": image file " + (att.file.empty() ? "(none named)" : att.file) +
              " is not in " + options_.uploads.string());
      return std::nullopt;
    }
    if (options_.dry_run) {
      if (counted_.insert(id).second) ++report_.images_added;
      return Image{att.file, att.caption, "", att.alt, 0, 0};
    }
    auto bytes = ReadFile(source);
    if (!bytes) {
      Problem(context + ": " + bytes.error().ToString());
      return std::nullopt;
    }
    const std::string mime = SniffImageType(*bytes);
    if (mime.empty()) {
      Skip("attachment that is not an image");
      return std::nullopt;
    }
    Result<MediaRecord> record = InvalidArgument("not an image");
    if (mime == "image/jpeg" || mime == "image/png" || mime == "image/webp") {
      record = media_.AddUpload(source.filename().string(), *bytes, now_);
    } else {
      auto added = media_.AddFile(source, now_);
      if (added) {
        record = added->record;
      } else {
        record = Err(added.error());
      }
    }
    if (!record) {
      Warn("image file unreadable");
      Problem(context + ": image " + att.file + ": " + record.error().ToString());
      return std::nullopt;
    }
    record->caption = att.caption;
    record->alt = att.alt;
    int64_t media_id = 0;
    if (auto m = store_.AddMedia(*record)) {
      media_id = *m;
      ++report_.images_added;
    } else if (auto existing = store_.GetMediaByFile(record->file)) {
      media_id = existing->id;  // the same bytes, imported before under another id
    } else {
      Problem(context + ": image " + att.file + ": " + m.error().ToString());
      return std::nullopt;
    }
    (void)store_.RecordImported(key, media_id);
    return Image{record->file, att.caption, "", att.alt, record->width, record->height};
  }

  void ImportPost(const WxrItem& item) {
    const std::string context = Describe(item);
    MappedStatus mapped = MapStatus(item);
    if (!mapped.status) {
      Skip(mapped.skip_reason);
      return;
    }
    ImportedArticle a;
    a.key = prefix_ + "post:" + item.post_id;
    ArticleDraft& d = a.draft;
    d.status = *mapped.status;
    if (!item.post_password.empty()) {
      d.status = ArticleStatus::kUnpublished;
      Warn("password-protected post kept from readers");
    }
    if (d.status == ArticleStatus::kUnpublished && item.status == "private") {
      Warn("private post kept from readers");
    }
    d.edition = options_.edition;
    d.headline = std::string(TrimAscii(item.title));
    if (d.headline.empty()) {
      d.headline = "Untitled (WordPress post " + item.post_id + ")";
      Warn("post without a title");
    }
    if (auto name = PercentDecode(item.post_name, false)) d.slug = Slugify(*name);
    d.standfirst = PlainText(item.excerpt);

    WordPressBody body = ConvertWordPressBody(item.content);
    d.body_markdown = body.markdown;
    if (body.lossless) {
      d.body_html = MarkdownToHtml(body.markdown);
    } else {
      d.body_html = body.html;
      Warn("body kept as sanitized HTML");
    }
    for (const std::string& w : body.warnings) Warn(WarningKind(w));

    for (const WxrItemTerm& t : item.categories) {
      if (t.domain == "category" && d.section_name.empty())
        d.section_name = std::string(TrimAscii(t.name));
      if (t.domain == "post_tag" && !std::string(TrimAscii(t.name)).empty())
        d.tag_names.push_back(std::string(TrimAscii(t.name)));
    }
    if (d.section_name.empty()) d.section_name = "Uncategorized";

    if (!item.creator.empty()) {
      auto author = authors_.find(item.creator);
      if (author == authors_.end()) {
        Warn("unknown author");
        Problem(context + ": author '" + item.creator +
                "' is not among the export's authors; the byline is the login");
        d.author_names.push_back(item.creator);
      } else {
        d.author_names.push_back(author->second.display_name);
        d.created_by = author->second.user_id;
      }
    }

    const std::optional<Seconds> when = ItemTime(item.post_date_gmt, item.post_date, calendar_);
    if (!when) Warn("post without a date, dated at the import");
    a.created_at = when.value_or(now_);
    a.updated_at = a.created_at;
    if (d.status == ArticleStatus::kPublished || d.status == ArticleStatus::kScheduled ||
        d.status == ArticleStatus::kUnpublished) {
      d.published_at = a.created_at;
    }
    d.comments_open = item.comment_status == "open";

    if (std::string thumb = MetaValue(item.postmeta, "_thumbnail_id"); !thumb.empty()) {
      d.image = EnsureImage(thumb, context);
    }

    for (const WxrComment& c : item.comments) {
      if (c.type == "pingback" || c.type == "trackback") {
        Skip(c.type);
        continue;
      }
      ImportedComment ic;
      ic.key = prefix_ + "comment:" + c.id;
      if (!c.parent_id.empty() && c.parent_id != "0") {
        ic.parent_key = prefix_ + "comment:" + c.parent_id;
      }
      Comment& m = ic.comment;
      m.name = std::string(TrimAscii(c.author));
      m.email = std::string(TrimAscii(c.email));
      m.body = PlainText(c.content);
      m.address = std::string(TrimAscii(c.ip));
      m.created_at = ItemTime(c.date_gmt, c.date, calendar_).value_or(a.created_at);
      if (c.approved == "1") {
        m.status = CommentStatus::kApproved;
      } else if (c.approved == "spam") {
        m.status = CommentStatus::kSpam;
      } else if (c.approved == "trash") {
        m.status = CommentStatus::kRejected;
      } else {
        m.status = CommentStatus::kPending;
      }
      a.comments.push_back(std::move(ic));
    }

    for (const std::string& link : {item.link, item.guid}) {
      if (auto path = OldPath(link); path && *path != "/" &&
                                     std::find(a.redirect_paths.begin(), a.redirect_paths.end(),
                                               *path) == a.redirect_paths.end()) {
        a.redirect_paths.push_back(*path);
      }
    }
    if (const std::string p = "/?p=" + item.post_id;
        std::find(a.redirect_paths.begin(), a.redirect_paths.end(), p) == a.redirect_paths.end()) {
      a.redirect_paths.push_back(p);
    }

    if (Status st = CheckTagCount(a.draft, options_.tags_per_story); !st.ok()) {
      ++report_.failed;
      Problem(context + ": " + (options_.dry_run ? "would not be" : "not") +
              " imported: " + st.ToString());
      return;
    }
    if (options_.dry_run) {
      DryRun(a, context);
      return;
    }
    const bool new_name = section_names_.insert(a.draft.section_name).second;
    if (new_name && !section_ids_) {
      auto before = SectionIds();
      if (!before) {
        ++report_.failed;
        Problem(context + ": not imported: " + before.error().ToString());
        return;
      }
      section_ids_ = std::move(*before);
    }
    auto outcome = store_.ImportArticle(a);
    if (!outcome && outcome.error().code() == Code::kAlreadyExists) {
      // Another story has the slug (WordPress allows the same slug in
      // different months, and drafts have none, so their headline makes
      // it; khabar's slugs are site-wide): the post's number tells them
      // apart.
      const std::string base = a.draft.slug.empty() ? Slugify(a.draft.headline) : a.draft.slug;
      a.draft.slug = Slugify(base + "-" + item.post_id);
      outcome = store_.ImportArticle(a);
      if (outcome) Warn("duplicate slug, given the post id");
    }
    if (!outcome) {
      ++report_.failed;
      Problem(context + ": not imported: " + outcome.error().ToString());
      return;
    }
    if (outcome->created && new_name) NoteNewSections();
    if (outcome->created) {
      ++report_.imported;
    } else {
      ++report_.unchanged;
    }
    report_.comments_added += outcome->comments_added;
    report_.redirects_added += outcome->redirects_added;
    if (outcome->redirects_taken > 0) {
      Warn("old address already leads to another story");
      Problem(context + ": " + std::to_string(outcome->redirects_taken) +
              " old address(es) already lead to another story");
    }
  }

  void DryRun(const ImportedArticle& a, const std::string& context) {
    if (Status st = ValidateDraft(a.draft); !st.ok()) {
      ++report_.failed;
      Problem(context + ": would not be imported: " + st.ToString());
      return;
    }
    auto known = store_.FindImported(a.key);
    if (known && *known) {
      ++report_.unchanged;
    } else {
      ++report_.imported;
    }
    for (const ImportedComment& c : a.comments) {
      if (auto k = store_.FindImported(c.key); k && !*k) ++report_.comments_added;
    }
    for (const std::string& p : a.redirect_paths) {
      if (!store_.FindRedirect(p)) ++report_.redirects_added;
    }
  }

  // SectionIds are the ids of every section there is now.
  Result<std::set<int64_t>> SectionIds() {
    auto sections = store_.ListSections(std::nullopt);
    if (!sections) return Err(sections.error());
    std::set<int64_t> ids;
    for (const Section& s : *sections) ids.insert(s.id);
    return ids;
  }

  // NoteNewSections reports the sections added since section_ids_ was
  // taken: asked once per category name, so the cost is the number of
  // categories, not of posts.
  void NoteNewSections() {
    auto sections = store_.ListSections(std::nullopt);
    if (!sections) return;  // only the summary loses a line
    for (const Section& s : *sections) {
      if (section_ids_->insert(s.id).second) report_.sections_created.push_back(s.name);
    }
  }

  const WordPressImportOptions& options_;
  Store& store_;
  std::set<std::string> section_names_;           // section names seen so far
  std::optional<std::set<int64_t>> section_ids_;  // sections known, from the first post on
  const MediaLibrary& media_;
  const SiteCalendar& calendar_;
  const Seconds now_;
  const Survey& survey_;
  const std::function<void(const WordPressImportProgress&)>& progress_;
  WordPressImportReport& report_;
  std::string prefix_ = "wordpress:";
  std::unordered_map<std::string, AuthorInfo> authors_;
  std::set<std::string> missing_;  // attachments reported missing
  std::set<std::string> counted_;  // attachments a dry run counted
};

}  // namespace

Result<WordPressImportReport> ImportWordPress(
    const WordPressImportOptions& options, Store& store, const MediaLibrary& media,
    const SiteCalendar& calendar, Seconds now,
    const std::function<void(const WordPressImportProgress&)>& progress) {
  if (!options.uploads.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(options.uploads, ec)) {
      return InvalidArgument("--uploads " + options.uploads.string() + ": not a folder");
    }
  }
  if (!IsValidEditionKey(options.edition)) {
    return InvalidArgument("--edition '" + options.edition + "': not an edition key");
  }
  WordPressImportReport report;
  // The first reading: a file that is not an export at all stops here,
  // before anything is written; one broken further on is imported up to
  // the break by the second.
  Survey survey;
  Status first = ReadWxr(options.file, survey);
  if (!first.ok() && survey.posts == 0 && survey.attachments.empty()) return Err(first);
  Importer importer(options, store, media, calendar, now, survey, progress, report);
  Status second = ReadWxr(options.file, importer);
  if (!second.ok()) {
    if (report.posts == 0 && report.imported == 0) return Err(second);
    report.file_error = second;
  }
  return report;
}

namespace {

// Line is one summary line: the count right-aligned, then the words.
std::string Line(int64_t n, const std::string& words) {
  char count[32];
  std::snprintf(count, sizeof count, "  %8lld ", static_cast<long long>(n));
  return count + words + "\n";
}

}  // namespace

std::string FormatWordPressReport(const WordPressImportReport& r, bool dry_run) {
  const std::string would = dry_run ? "would be " : "";
  std::string out = std::to_string(r.posts) + " posts in the export\n";
  out += Line(r.imported, would + "imported");
  out += Line(r.unchanged, "unchanged (imported before)");
  out += Line(r.failed, "failed");
  out += Line(r.comments_added, "comments " + would + "added");
  out += Line(r.redirects_added, "old addresses " + would + "redirected");
  out += Line(r.users_created,
              "accounts " + would + "created (no password until `khabar user passwd`)");
  out += Line(r.images_added, "images " + would + "added");
  for (const std::string& name : r.sections_created) out += "created section " + name + "\n";
  if (!r.skipped.empty()) {
    out += "skipped:\n";
    for (const auto& [reason, n] : r.skipped) out += Line(n, reason);
  }
  if (!r.warnings.empty()) {
    out += "warnings:\n";
    for (const auto& [kind, n] : r.warnings) out += Line(n, kind);
  }
  if (!r.problems.empty()) {
    out += "problems:\n";
    for (const std::string& p : r.problems) out += "  " + p + "\n";
    if (r.more_problems > 0) out += "  ... and " + std::to_string(r.more_problems) + " more\n";
  }
  if (r.file_error) {
    out += "the file is broken: " + r.file_error->ToString() +
           "\n  (every post before the break was handled)\n";
  }
  return out;
}

}  // namespace khabar
