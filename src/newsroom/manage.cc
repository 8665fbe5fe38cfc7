// Media library and site management: users, sections, tags, authors,
// settings and Hijri month starts.
#include <nlohmann/json.hpp>

#include "newsroom/internal/util.h"
#include "newsroom/newsroom.h"

namespace khabar {

using newsroom_internal::ParseId;
using nlohmann::json;

// ---- Media ----

Result<MediaRecord> Newsroom::Upload(const Call& call, const http::FormPart& file,
                                     std::string caption, std::string credit, std::string alt) {
  if (!upload_slots_.try_acquire_for(kUploadWait)) {
    return Err(Code::kUnavailable, "the newsroom is busy resizing other pictures; try again");
  }
  auto added = deps_.media->AddUpload(file.filename.value_or("image"), file.data,
                                      deps_.clock->Now(), deps_.image_limits);
  upload_slots_.release();
  if (!added) return Err(added.error());
  MediaRecord record = std::move(*added);
  record.caption = std::move(caption);
  record.credit = std::move(credit);
  record.alt = std::move(alt);
  record.uploaded_by = call.who.user.id;
  auto id = deps_.store->AddMedia(record);
  // The same picture uploaded again is the same file: keep the first record.
  if (!id && id.error().code() != Code::kAlreadyExists) return Err(id.error());
  return record;
}

http::Response Newsroom::MediaPage(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto media = deps_.store->ListMedia(0, 100);
    if (!media) return Err(media.error());
    SiteCalendar cal = Calendar();
    json view = BaseView(call.who, "Media");
    json items = json::array();
    for (const auto& m : *media) {
      std::string thumb = m.file;
      if (!m.variants.empty()) thumb = m.variants.front().file;
      items.push_back(
          {{"id", m.id},
           {"src", "/media/" + thumb},
           {"file", m.file},
           {"caption", m.caption},
           {"credit", m.credit},
           {"alt", m.alt},
           {"size", std::to_string(m.width) + "×" + std::to_string(m.height)},
           {"added", cal.FormatTime(m.created_at)},
           {"can_edit", CanPublish(call.who.user) || m.uploaded_by == call.who.user.id}});
    }
    view["media"] = items;
    if (req.QueryParam("uploaded")) view["flash"] = "Uploaded.";
    return Page("media", view);
  });
}

http::Response Newsroom::UploadMedia(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    const http::FormPart* file = call.form.File("file");
    if (!file) return InvalidArgument("choose an image file to upload");
    auto record = Upload(call, *file, call.form.Get("caption"), call.form.Get("credit"),
                         call.form.Get("alt"));
    if (!record) return Err(record.error());
    return http::Redirect("/admin/media?uploaded=1", 303);
  });
}

http::Response Newsroom::UpdateMedia(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such image");
    auto media = deps_.store->GetMedia(*id);
    if (!media) return Err(media.error());
    // The words of a picture are shared by every story that uses it:
    // reporters change only their own uploads, editors anyone's.
    if (!CanPublish(call.who.user) && media->uploaded_by != call.who.user.id) {
      return Err(Code::kPermissionDenied, "Only an editor can change another person's picture.");
    }
    if (Status st = deps_.store->UpdateMediaText(*id, call.form.Get("caption"),
                                                 call.form.Get("credit"), call.form.Get("alt"));
        !st.ok()) {
      return Err(st);
    }
    return http::Redirect("/admin/media", 303);
  });
}

// ---- Users ----

http::Response Newsroom::Users(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto users = deps_.accounts->ListUsers();
    if (!users) return Err(users.error());
    json view = BaseView(call.who, "Users");
    json list = json::array();
    for (const auto& u : *users) {
      json roles = json::array();
      for (Role r : {Role::kReporter, Role::kEditor, Role::kAdmin}) {
        roles.push_back({{"name", std::string(RoleName(r))}, {"selected", r == u.role}});
      }
      list.push_back({{"id", u.id},
                      {"login", u.login},
                      {"name", u.display_name},
                      {"role", std::string(RoleName(u.role))},
                      {"roles", roles},
                      {"disabled", u.disabled},
                      {"is_me", u.id == call.who.user.id}});
    }
    view["users"] = list;
    if (auto e = req.QueryParam("done")) view["flash"] = "Saved.";
    return Page("users", view);
  });
}

http::Response Newsroom::CreateUser(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto role = ParseRole(call.form.Get("role"));
    if (!role) return Err(role.error());
    auto id = deps_.accounts->AddUser(call.form.Get("login"), call.form.Get("display_name"), *role,
                                      call.form.Get("password"));
    if (!id) return Err(id.error());
    return http::Redirect("/admin/users?done=1", 303);
  });
}

http::Response Newsroom::UpdateUser(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such user");
    auto user = deps_.accounts->GetUser(*id);
    if (!user) return Err(user.error());
    const std::string& login = user->login;
    const std::string& action = call.form.Get("action");
    Status st;
    if (action == "role") {
      auto role = ParseRole(call.form.Get("role"));
      if (!role) return Err(role.error());
      if (*id == call.who.user.id && *role != Role::kAdmin) {
        return InvalidArgument("you cannot take away your own admin role");
      }
      st = deps_.accounts->SetRole(login, *role);
    } else if (action == "disable" || action == "enable") {
      if (*id == call.who.user.id) return InvalidArgument("you cannot disable your own account");
      st = deps_.accounts->SetDisabled(login, action == "disable");
    } else if (action == "password") {
      st = deps_.accounts->SetPassword(login, call.form.Get("password"));
    } else {
      return InvalidArgument("unknown action '" + action + "'");
    }
    if (!st.ok()) return Err(st);
    return http::Redirect("/admin/users?done=1", 303);
  });
}

// ---- Sections ----

http::Response Newsroom::Sections(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto sections = deps_.reads->ListSections(std::nullopt);
    if (!sections) return Err(sections.error());
    json view = BaseView(call.who, "Sections");
    json list = json::array();
    for (const auto& s : *sections) {
      auto edition = deps_.settings->Current(s.edition);
      list.push_back({{"id", s.id},
                      {"name", s.name},
                      {"slug", s.slug},
                      {"position", s.position},
                      {"dir", edition->site.direction},
                      {"language", edition->site.language},
                      {"editions", EditionsView(s.edition)}});
    }
    view["sections"] = list;
    view["editions"] = EditionsView("");
    view["has_editions"] = view["editions"].size() > 1;
    if (req.QueryParam("done")) view["flash"] = "Saved.";
    return Page("sections", view);
  });
}

namespace {
// SectionEdition reads the form's edition: one the settings name, "" (the
// main edition) when the form has none.
Result<std::string> SectionEdition(const http::Form& form, const Settings& settings) {
  const std::string& key = form.Get("edition");
  if (!key.empty() && FindEdition(settings, key) == nullptr) {
    return InvalidArgument("edition: there is no edition '" + key + "'");
  }
  return key;
}

Result<int> ParsePosition(const std::string& text) {
  if (text.empty()) return 0;
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < -1000 || v > 1000) {
    return InvalidArgument("position must be a whole number from -1000 to 1000");
  }
  return v;
}
}  // namespace

http::Response Newsroom::CreateSection(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto position = ParsePosition(call.form.Get("position"));
    if (!position) return Err(position.error());
    auto edition = SectionEdition(call.form, *deps_.settings->Current());
    if (!edition) return Err(edition.error());
    Section s;
    s.name = call.form.Get("name");
    s.slug = call.form.Get("slug");
    s.position = *position;
    s.edition = *edition;
    auto created = deps_.store->CreateSection(s);
    if (!created) return Err(created.error());
    return http::Redirect("/admin/sections?done=1", 303);
  });
}

http::Response Newsroom::UpdateSection(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such section");
    auto position = ParsePosition(call.form.Get("position"));
    if (!position) return Err(position.error());
    auto edition = SectionEdition(call.form, *deps_.settings->Current());
    if (!edition) return Err(edition.error());
    Section s;
    s.id = *id;
    s.name = call.form.Get("name");
    s.slug = call.form.Get("slug");
    s.position = *position;
    s.edition = *edition;
    auto updated = deps_.store->UpdateSection(s);
    if (!updated) return Err(updated.error());
    return http::Redirect("/admin/sections?done=1", 303);
  });
}

// ---- Tags ----

http::Response Newsroom::Tags(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto tags = deps_.store->ListTags("", 1000);
    if (!tags) return Err(tags.error());
    json view = BaseView(call.who, "Tags");
    json list = json::array();
    for (const auto& t : *tags) list.push_back({{"id", t.id}, {"name", t.name}, {"slug", t.slug}});
    view["tags"] = list;
    if (req.QueryParam("done")) view["flash"] = "Saved.";
    return Page("tags", view);
  });
}

http::Response Newsroom::RenameTag(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such tag");
    auto renamed = deps_.store->RenameTag(*id, call.form.Get("name"));
    if (!renamed) return Err(renamed.error());
    return http::Redirect("/admin/tags?done=1", 303);
  });
}

http::Response Newsroom::MergeTag(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such tag");
    auto into = deps_.store->GetTag(call.form.Get("into"));
    if (!into) return Err(into.error().WithContext("merge into"));
    if (into->id == *id) return InvalidArgument("a tag cannot be merged into itself");
    if (Status st = deps_.store->MergeTags(*id, into->id); !st.ok()) return Err(st);
    return http::Redirect("/admin/tags?done=1", 303);
  });
}

// ---- Authors ----

http::Response Newsroom::Authors(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto authors = deps_.store->ListAuthors();
    if (!authors) return Err(authors.error());
    json view = BaseView(call.who, "Authors");
    json list = json::array();
    for (const auto& a : *authors) {
      list.push_back({{"id", a.id},
                      {"name", a.name},
                      {"slug", a.slug},
                      {"bio", a.bio},
                      {"photo", a.photo.empty() ? json() : json("/media/" + a.photo)}});
    }
    view["authors"] = list;
    if (req.QueryParam("done")) view["flash"] = "Saved.";
    return Page("authors", view);
  });
}

http::Response Newsroom::UpdateAuthor(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such author");
    auto authors = deps_.store->ListAuthors();
    if (!authors) return Err(authors.error());
    auto it = std::find_if(authors->begin(), authors->end(),
                           [&](const Author& a) { return a.id == *id; });
    if (it == authors->end()) return khabar::NotFound("no such author");
    Author a = *it;
    a.name = call.form.Get("name");
    a.bio = call.form.Get("bio");
    if (a.bio.size() > 5000) return InvalidArgument("bio is longer than 5000 bytes");
    if (const http::FormPart* photo = call.form.File("photo")) {
      auto record = Upload(call, *photo, "", "", a.name);
      if (!record) return Err(record.error().WithContext("photo"));
      a.photo = record->variants.empty() ? record->file : record->variants.front().file;
    }
    auto updated = deps_.store->UpdateAuthor(a);
    if (!updated) return Err(updated.error());
    return http::Redirect("/admin/authors?done=1", 303);
  });
}

// ---- Settings and the Hijri calendar ----

http::Response Newsroom::SettingsPage(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto current = deps_.settings->Current();
    json view = BaseView(call.who, "Settings");
    json fields = json::array();
    for (const auto& k : OverridableKeys(*current)) {
      fields.push_back({{"key", k.key},
                        {"label", k.label},
                        {"multiline", k.multiline},
                        {"value", SettingValue(*current, k.key)}});
    }
    view["fields"] = fields;
    auto starts = deps_.reads->ListHijriMonthStarts();
    if (!starts) return Err(starts.error());
    json months = json::array();
    for (const auto& s : *starts) {
      char month[16];
      std::snprintf(month, sizeof month, "%04d-%02d", s.year, s.month);
      months.push_back({{"month", month}, {"first_day", FormatCivilDate(s.first_day)}});
    }
    view["hijri_starts"] = months;
    view["today"] = Calendar().ForInstant(deps_.clock->Now()).hijri;
    if (req.QueryParam("done")) view["flash"] = "Saved.";
    return Page("settings", view);
  });
}

http::Response Newsroom::SaveSettings(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    auto stored = deps_.reads->GetSettingOverrides();
    if (!stored) return Err(stored.error());
    auto current = deps_.settings->Current();
    std::map<std::string, std::string> changed;
    for (const auto& k : OverridableKeys(*current)) {
      if (!call.form.Has(k.key)) continue;
      const std::string& value = call.form.Get(k.key);
      if (value != SettingValue(*current, k.key)) changed[k.key] = value;
    }
    std::map<std::string, std::string> next = *stored;
    for (const auto& [k, v] : changed) next[k] = v;
    // Validate everything together before storing anything.
    if (auto merged = ApplyOverrides(deps_.settings->file_settings(), next); !merged) {
      return Err(merged.error());
    }
    for (const auto& [k, v] : changed) {
      if (Status st = deps_.store->SetSettingOverride(k, v); !st.ok()) return Err(st);
    }
    if (Status st = deps_.settings->Apply(next); !st.ok()) return Err(st);
    return http::Redirect("/admin/settings?done=1", 303);
  });
}

http::Response Newsroom::RecordHijriMonth(const Request& req) {
  return Handle(req, Need::kAdmin, [&](Call& call) -> Result<http::Response> {
    const std::string& month = call.form.Get("month");
    int year = 0, m = 0;
    if (std::sscanf(month.c_str(), "%d-%d", &year, &m) != 2 || month.size() != 7 || m < 1 ||
        m > 12) {
      return InvalidArgument("Hijri month must look like 1445-09");
    }
    auto day = ParseCivilDate(call.form.Get("first_day"));
    if (!day) return Err(day.error().WithContext("first day"));
    auto starts = deps_.reads->ListHijriMonthStarts();
    if (!starts) return Err(starts.error());
    std::erase_if(*starts,
                  [&](const HijriMonthStart& s) { return s.year == year && s.month == m; });
    HijriMonthStart start{year, m, *day};
    starts->push_back(start);
    auto settings = deps_.settings->Current();
    // Check the record against the calculation and its neighbours first.
    if (auto cal = SiteCalendar::Create(settings->site, settings->calendar, *starts); !cal) {
      return Err(cal.error());
    }
    if (Status st = deps_.store->SetHijriMonthStart(start); !st.ok()) return Err(st);
    return http::Redirect("/admin/settings?done=1", 303);
  });
}

// ---- Comment moderation ----

http::Response Newsroom::Comments(const Request& req) {
  return Handle(req, Need::kEditor, [&](Call& call) -> Result<http::Response> {
    auto status = ParseCommentStatus(req.QueryParam("status").value_or("pending"));
    if (!status) return Err(status.error());
    constexpr int64_t kShown = 200;
    auto lines = deps_.store->ListCommentsByStatus(*status, 0, kShown);
    if (!lines) return Err(lines.error());
    auto counts = deps_.store->CountCommentsByStatus();
    if (!counts) return Err(counts.error());
    SiteCalendar cal = Calendar();
    json view = BaseView(call.who, "Comments");
    json items = json::array();
    for (const auto& l : *lines) {
      const Comment& c = l.comment;
      items.push_back(
          {{"id", c.id},
           {"name", c.name},
           {"email", c.email},
           {"body", c.body},
           {"address", c.address},
           {"is_reply", c.parent_id.has_value()},
           {"at", cal.FormatTime(c.created_at)},
           {"story", l.article_headline},
           {"story_url", "/news/" + std::to_string(c.article_id) + "/" + l.article_slug}});
    }
    view["comments"] = items;
    view["empty"] = items.empty();
    json tabs = json::array();
    for (auto s : {CommentStatus::kPending, CommentStatus::kApproved, CommentStatus::kRejected,
                   CommentStatus::kSpam}) {
      tabs.push_back({{"name", std::string(CommentStatusName(s))},
                      {"count", (*counts)[s]},
                      {"current", s == *status}});
    }
    view["tabs"] = tabs;
    if ((*counts)[*status] > kShown) {
      view["more"] = {{"shown", kShown}, {"total", (*counts)[*status]}};
    }
    view["status"] = std::string(CommentStatusName(*status));
    if (req.QueryParam("done")) view["flash"] = "Done.";
    return Page("comments", view);
  });
}

http::Response Newsroom::ModerateComment(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kEditor, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("no such comment");
    auto to = ParseCommentStatus(call.form.Get("to"));
    if (!to) return Err(to.error());
    if (Status st = deps_.store->ModerateComment(*id, *to, call.who.user.id); !st.ok()) {
      return Err(st);
    }
    std::string back = call.form.Get("back");
    if (back != "pending" && back != "approved" && back != "rejected" && back != "spam") {
      back = "pending";
    }
    return http::Redirect("/admin/comments?status=" + back + "&done=1", 303);
  });
}

}  // namespace khabar
