// The story editor: create, save (with conflict detection), move through
// the workflow, autosave, revisions and their diffs, live preview.
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "content/diff.h"
#include "http/status_map.h"
#include "newsroom/internal/util.h"
#include "newsroom/newsroom.h"
#include "render/markdown.h"

namespace khabar {

using newsroom_internal::JoinList;
using newsroom_internal::ParseId;
using newsroom_internal::SplitList;
using nlohmann::json;

namespace {

constexpr ArticleStatus kAllStatuses[] = {ArticleStatus::kDraft, ArticleStatus::kSubmitted,
                                          ArticleStatus::kScheduled, ArticleStatus::kPublished,
                                          ArticleStatus::kUnpublished};

// MoveLabel is the button text for moving a story to `to` from `from`.
std::string MoveLabel(ArticleStatus from, ArticleStatus to) {
  switch (to) {
    case ArticleStatus::kSubmitted:
      return "Submit for review";
    case ArticleStatus::kPublished:
      return from == ArticleStatus::kScheduled ? "Publish now" : "Publish";
    case ArticleStatus::kScheduled:
      return "Schedule";
    case ArticleStatus::kUnpublished:
      return "Unpublish";
    case ArticleStatus::kDraft:
      return from == ArticleStatus::kSubmitted ? "Withdraw to draft" : "Return to draft";
  }
  return "";
}

// RevisionText is what a revision diff compares: the words a reader sees.
std::string RevisionText(const ArticleDraft& d) {
  return d.headline + "\n\n" + d.standfirst + "\n\n" + d.body_markdown;
}

// ForeignSlugTaken replaces the store's "an article with slug 'x' exists":
// the slug may be one the user never typed (made from their headline) and
// belong to a story they may not see, so the answer names neither.
Status ForeignSlugTaken() {
  return Status(Code::kAlreadyExists,
                "This address is taken by another story. Choose another slug.");
}

}  // namespace

bool Newsroom::CanSee(const User& user, const Article& a) const {
  return CanPublish(user) || (a.created_by && *a.created_by == user.id) ||
         IsLive(a, deps_.clock->Now());
}

Result<Article> Newsroom::LoadEditable(const SignedIn& who, const std::string& id_text) {
  auto id = ParseId(id_text);
  if (!id) return khabar::NotFound("There is no story at this address.");
  auto a = deps_.reads->GetArticle(*id);
  if (!a) return Err(a.error());
  if (!CanEdit(who.user, *a)) {
    return Err(Code::kPermissionDenied,
               CanPublish(who.user) ? "You cannot edit this story."
                                    : "Reporters can edit only their own stories, and only until "
                                      "they are published.");
  }
  return a;
}

Result<ArticleDraft> Newsroom::DraftFromForm(Call& call, const std::optional<Article>& current) {
  const http::Form& f = call.form;
  ArticleDraft d;
  d.headline = f.Get("headline");
  d.standfirst = f.Get("standfirst");
  d.slug = f.Get("slug");
  d.section_name = f.Get("section");
  d.may_create_section = CanCreateSections(call.who.user);
  d.author_names = SplitList(f.Get("authors"));
  if (d.author_names.empty()) d.author_names.push_back(call.who.user.display_name);
  d.tag_names = SplitList(f.Get("tags"));
  if (Status s = CheckTagCount(d, deps_.settings->Current()->limits.tags_per_story); !s.ok()) {
    return Err(s);
  }
  d.body_markdown = f.Get("body");
  // Refused before it is rendered: rendering is linear, but not free.
  if (d.body_markdown.size() > kMaxBodyBytes) return Err(BodyTooLong());
  d.body_html = MarkdownToHtml(d.body_markdown);
  d.comments_open = f.Has("comments_open");
  d.breaking = f.Has("breaking");
  d.correction = f.Get("correction");
  d.created_by = current ? current->created_by : std::optional<int64_t>(call.who.user.id);
  // The edition: one the settings name ("" is the main edition). A form
  // without the field (a site with one edition) keeps the story's.
  if (f.Has("edition")) {
    d.edition = f.Get("edition");
    if (!d.edition.empty() && FindEdition(*deps_.settings->Current(), d.edition) == nullptr) {
      return InvalidArgument("edition: there is no edition '" + d.edition + "'");
    }
  } else if (current) {
    d.edition = current->edition;
  }
  if (const std::string& of = f.Get("translation_of"); !of.empty()) {
    d.translation_of = ParseId(of);
    if (!d.translation_of) {
      return InvalidArgument("translation_of: '" + of + "' is not a story number");
    }
    // A story the user may not see answers as one that does not exist, so
    // the form is no way to learn which numbers are others' drafts.
    auto original = deps_.reads->GetArticle(*d.translation_of);
    if (!original && original.error().code() != Code::kNotFound) return Err(original.error());
    if (!original || !CanSee(call.who.user, *original)) {
      return InvalidArgument("translation_of: there is no such story that you may translate");
    }
  }

  // The lead image: a new upload wins, then a picture chosen from the
  // library, then the one the story already has, unless removed.
  Image image;
  image.caption = f.Get("image_caption");
  image.credit = f.Get("image_credit");
  image.alt = f.Get("image_alt");
  if (const http::FormPart* upload = f.File("image_upload")) {
    auto record = Upload(call, *upload, image.caption, image.credit, image.alt);
    if (!record) return Err(record.error().WithContext("lead image"));
    image.file = record->file;
    image.width = record->width;
    image.height = record->height;
    d.image = image;
  } else if (auto media_id = ParseId(f.Get("image_media"))) {
    auto m = deps_.store->GetMedia(*media_id);
    if (!m) return Err(m.error().WithContext("library image"));
    image.file = m->file;
    image.width = m->width;
    image.height = m->height;
    if (image.caption.empty()) image.caption = m->caption;
    if (image.credit.empty()) image.credit = m->credit;
    if (image.alt.empty()) image.alt = m->alt;
    d.image = image;
  } else if (!f.Has("remove_image") && !f.Get("image_file").empty() && current && current->image &&
             current->image->file == f.Get("image_file")) {
    image.file = current->image->file;
    image.width = current->image->width;
    image.height = current->image->height;
    d.image = image;
  }
  return d;
}

Result<http::Response> Newsroom::RenderEditor(Call& call, const std::optional<Article>& article,
                                              const ArticleDraft& shown, int64_t version,
                                              const std::string& error, int status) {
  SiteCalendar cal = Calendar();
  json view = BaseView(call.who, article ? "Edit: " + article->headline : "New story");
  // The edition decides the direction and language of what is typed.
  auto edition = deps_.settings->Current(shown.edition);
  json story = {{"edition", shown.edition},
                {"dir", edition->site.direction},
                {"language", edition->site.language},
                {"translation_of",
                 shown.translation_of ? std::to_string(*shown.translation_of) : std::string()},
                {"headline", shown.headline},
                {"standfirst", shown.standfirst},
                {"slug", shown.slug},
                {"section", shown.section_name},
                {"authors", JoinList(shown.author_names)},
                {"tags", JoinList(shown.tag_names)},
                {"body", shown.body_markdown},
                {"preview_html", shown.body_html},
                {"comments_open", shown.comments_open},
                {"breaking", shown.breaking},
                {"correction", shown.correction},
                {"version", version}};
  if (shown.image) {
    story["image"] = {{"file", shown.image->file},
                      {"src", "/media/" + shown.image->file},
                      {"caption", shown.image->caption},
                      {"credit", shown.image->credit},
                      {"alt", shown.image->alt}};
  }
  if (article) {
    story["id"] = article->id;
    // An imported body readers get as HTML (wordpress/import.h): saving
    // would put the Markdown's rendering in its place.
    story["body_kept_as_html"] =
        !article->body_html.empty() && article->body_html != MarkdownToHtml(article->body_markdown);
    story["action"] = "/admin/stories/" + std::to_string(article->id);
    story["status"] = std::string(ArticleStatusName(article->status));
    story["is_live"] = IsLive(*article, deps_.clock->Now());
    story["public_url"] = edition->site.path_prefix + "/news/" + std::to_string(article->id) +
                          (edition->site.slugs == "id" ? "" : "/" + article->slug);
    if (article->published_at) {
      story["publish_at"] = cal.FormatLocalInput(*article->published_at);
      story["published_text"] = cal.FormatTime(*article->published_at);
    }
    json moves = json::array();
    for (ArticleStatus to : kAllStatuses) {
      if (CheckTransition(call.who.user, *article, to).ok()) {
        moves.push_back({{"to", std::string(ArticleStatusName(to))},
                         {"label", MoveLabel(article->status, to)},
                         {"needs_time", to == ArticleStatus::kScheduled}});
      }
    }
    story["moves"] = moves;
    story["has_moves"] = !moves.empty();
    auto events = deps_.store->ListArticleEvents(article->id);
    if (!events) return Err(events.error());
    json history = json::array();
    for (const auto& e : *events) {
      history.push_back({{"from", std::string(ArticleStatusName(e.from))},
                         {"to", std::string(ArticleStatusName(e.to))},
                         {"by", e.user_id ? e.user_name : std::string("the scheduler")},
                         {"at", cal.FormatTime(e.at)}});
    }
    story["history"] = history;
    auto autosave = deps_.store->GetAutosave(article->id, call.who.user.id);
    if (autosave && *autosave && (*autosave)->saved_at > article->updated_at) {
      story["autosave"] = {{"saved_at", cal.FormatTime((*autosave)->saved_at)},
                           {"payload", (*autosave)->payload}};
    }
  } else {
    story["action"] = "/admin/stories";
    story["status"] = "new";
  }
  view["story"] = std::move(story);
  if (!error.empty()) view["error"] = error;
  if (call.req.QueryParam("saved")) view["flash"] = "Saved.";
  if (auto moved = call.req.QueryParam("moved")) view["flash"] = "Story is now " + *moved + ".";

  auto sections = deps_.reads->ListSections(shown.edition);
  if (!sections) return Err(sections.error());
  json secs = json::array();
  bool listed = false;
  for (const auto& s : *sections) {
    const bool selected = s.name == shown.section_name;
    listed = listed || selected;
    secs.push_back({{"name", s.name}, {"selected", selected}});
  }
  // A reporter picks from the sections there are (a select); editors may
  // also type a new one (a datalist). A name not in the list (a refused
  // one, kept so nothing typed is lost) stays visible as an option.
  if (!listed && !shown.section_name.empty()) {
    secs.push_back({{"name", shown.section_name}, {"selected", true}});
  }
  view["sections"] = secs;
  view["can_create_sections"] = CanCreateSections(call.who.user);
  view["editions"] = EditionsView(shown.edition);
  view["has_editions"] = view["editions"].size() > 1;
  auto media = deps_.store->ListMedia(0, 30);
  if (!media) return Err(media.error());
  json library = json::array();
  for (const auto& m : *media) {
    library.push_back(
        {{"id", m.id}, {"file", m.file}, {"label", m.caption.empty() ? m.file : m.caption}});
  }
  view["library"] = library;
  return Page("editor", view, status);
}

http::Response Newsroom::NewStory(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    ArticleDraft empty;
    empty.author_names = {call.who.user.display_name};
    return RenderEditor(call, std::nullopt, empty, 0, "", 200);
  });
}

http::Response Newsroom::CreateStory(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto draft = DraftFromForm(call, std::nullopt);
    if (!draft) {
      if (draft.error().code() != Code::kInvalidArgument) return Err(draft.error());
      ArticleDraft shown;
      shown.headline = call.form.Get("headline");
      shown.body_markdown = call.form.Get("body");
      return RenderEditor(call, std::nullopt, shown, 0, draft.error().message(), 400);
    }
    draft->status = ArticleStatus::kDraft;
    auto id = deps_.store->CreateArticle(*draft, deps_.clock->Now());
    if (!id) {
      const Status st = id.error().code() == Code::kAlreadyExists ? ForeignSlugTaken() : id.error();
      const int code = http::HttpStatusFor(st.code());
      if (code >= 500) return Err(st);
      // Keep what they wrote and say what is wrong.
      return RenderEditor(call, std::nullopt, *draft, 0, st.message(), code);
    }
    return http::Redirect("/admin/stories/" + std::to_string(*id) + "?saved=1", 303);
  });
}

http::Response Newsroom::EditStory(const Request& req, const std::string& id) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto a = LoadEditable(call.who, id);
    if (!a) return Err(a.error());
    ArticleDraft shown;
    shown.headline = a->headline;
    shown.standfirst = a->standfirst;
    shown.slug = a->slug;
    shown.section_name = a->section.name;
    for (const auto& au : a->authors) shown.author_names.push_back(au.name);
    for (const auto& t : a->tags) shown.tag_names.push_back(t.name);
    shown.body_markdown = a->body_markdown;
    shown.body_html = a->body_html;
    shown.image = a->image;
    shown.comments_open = a->comments_open;
    shown.breaking = a->breaking;
    shown.correction = a->correction;
    shown.edition = a->edition;
    shown.translation_of = a->translation_of;
    return RenderEditor(call, *a, shown, a->version, "", 200);
  });
}

http::Response Newsroom::SaveStory(const Request& req, const std::string& id) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto a = LoadEditable(call.who, id);
    if (!a) return Err(a.error());
    auto version = ParseId(call.form.Get("version"));
    if (!version) return InvalidArgument("the form has no story version; reload the editor");
    auto draft = DraftFromForm(call, *a);
    if (!draft) {
      if (draft.error().code() != Code::kInvalidArgument) return Err(draft.error());
      ArticleDraft shown;
      shown.headline = call.form.Get("headline");
      shown.standfirst = call.form.Get("standfirst");
      shown.section_name = call.form.Get("section");
      shown.body_markdown = call.form.Get("body");
      shown.edition = a->edition;
      return RenderEditor(call, *a, shown, *version, draft.error().message(), 400);
    }
    auto saved =
        deps_.store->UpdateArticle(a->id, *draft, *version, call.who.user.id, deps_.clock->Now());
    if (!saved) {
      const int code = http::HttpStatusFor(saved.error().code());
      if (code >= 500) return Err(saved.error());
      std::string message = saved.error().code() == Code::kAlreadyExists
                                ? ForeignSlugTaken().message()
                                : saved.error().message();
      if (saved.error().code() == Code::kConflict) {
        message +=
            ". Your text is below and has not been saved: copy what you need, then reload "
            "the story to see the other changes.";
      }
      // Their text stays in the form, never silently lost; the version stays
      // the one they opened, so saving again is refused again until they
      // reload.
      return RenderEditor(call, *a, *draft, *version, message, code);
    }
    return http::Redirect("/admin/stories/" + std::to_string(a->id) + "?saved=1", 303);
  });
}

http::Response Newsroom::MoveStory(const Request& req, const std::string& id_text) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto id = ParseId(id_text);
    if (!id) return khabar::NotFound("There is no story at this address.");
    auto a = deps_.reads->GetArticle(*id);
    if (!a) return Err(a.error());
    // Whose story it is comes before what the form asks: a reporter's
    // "cannot go from draft to draft" would tell another reporter where
    // a story they may not open stands.
    const bool own = a->created_by && *a->created_by == call.who.user.id;
    if (!CanPublish(call.who.user) && !own) {
      return Err(Code::kPermissionDenied, "Reporters can move only their own stories.");
    }
    auto to = ParseArticleStatus(call.form.Get("to"));
    if (!to) return Err(to.error());
    if (Status st = CheckTransition(call.who.user, *a, *to); !st.ok()) return Err(st);
    auto version = ParseId(call.form.Get("version"));
    if (!version) return InvalidArgument("the form has no story version; reload the editor");
    const Seconds now = deps_.clock->Now();
    std::optional<Seconds> when;
    if (const std::string& text = call.form.Get("publish_at"); !text.empty()) {
      auto t = Calendar().ParseLocalInput(text);
      if (!t) return Err(t.error().WithContext("publish time"));
      when = *t;
    }
    if (*to == ArticleStatus::kScheduled) {
      if (!when) return InvalidArgument("choose the time to publish at");
      if (*when <= now) return InvalidArgument("a scheduled time must be in the future");
    }
    if (*to == ArticleStatus::kPublished && !when) {
      // Publishing now; a story that was out before keeps its first time.
      when = a->published_at && a->status == ArticleStatus::kUnpublished ? *a->published_at : now;
    }
    if (*to == ArticleStatus::kPublished && when && *when > now) {
      return InvalidArgument("that time is in the future: use Schedule");
    }
    auto moved = deps_.store->TransitionArticle(*id, *to, when, *version, call.who.user.id, now);
    if (!moved) return Err(moved.error());
    if (*to == ArticleStatus::kPublished && deps_.published != nullptr) deps_.published->Inc();
    // Reporters cannot open a story once it is out; send them home.
    std::string back = CanEdit(call.who.user, *moved)
                           ? "/admin/stories/" + std::to_string(*id) +
                                 "?moved=" + std::string(ArticleStatusName(*to))
                           : "/admin";
    return http::Redirect(back, 303);
  });
}

http::Response Newsroom::Autosave(const Request& req, const std::string& id) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto a = LoadEditable(call.who, id);
    if (!a) return Err(a.error());
    json payload = json::object();
    for (const auto& [k, v] : call.form.fields()) {
      if (k != "csrf") payload[k] = v;
    }
    const std::string text = payload.dump();
    if (text.size() > 4 * 1024 * 1024)
      return Err(Code::kResourceExhausted, "autosave is too large");
    khabar::Autosave save{a->id, call.who.user.id,
                          ParseId(call.form.Get("version")).value_or(a->version), text,
                          deps_.clock->Now()};
    if (Status st = deps_.store->PutAutosave(save); !st.ok()) return Err(st);
    http::Response res;
    res.body = json{{"saved_at", Calendar().FormatTime(save.saved_at)}}.dump();
    res.SetHeader("Content-Type", "application/json; charset=utf-8");
    return res;
  });
}

http::Response Newsroom::Revisions(const Request& req, const std::string& id) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto a = LoadEditable(call.who, id);
    if (!a) return Err(a.error());
    auto revisions = deps_.store->ListRevisions(a->id);
    if (!revisions) return Err(revisions.error());
    SiteCalendar cal = Calendar();
    json view = BaseView(call.who, "Revisions: " + a->headline);
    view["story"] = {{"id", a->id}, {"headline", a->headline}, {"version", a->version}};
    json list = json::array();
    for (const auto& r : *revisions) {
      list.push_back({{"number", r.number},
                      {"by", r.user_name.empty() ? std::string("import") : r.user_name},
                      {"at", cal.FormatTime(r.saved_at)},
                      {"headline", r.headline}});
    }
    view["revisions"] = list;
    // The diff between two revisions: ?a=older&b=newer (default: the two
    // newest).
    auto number = [&](const char* name, size_t fallback_index) -> std::optional<int64_t> {
      if (auto v = req.QueryParam(name)) return ParseId(*v);
      if (revisions->size() > fallback_index) return (*revisions)[fallback_index].number;
      return std::nullopt;
    };
    auto na = number("a", 1), nb = number("b", 0);
    if (na && nb) {
      auto ra = deps_.store->GetRevision(a->id, *na);
      auto rb = deps_.store->GetRevision(a->id, *nb);
      if (!ra) return Err(ra.error());
      if (!rb) return Err(rb.error());
      json lines = json::array();
      for (const auto& l : DiffLines(RevisionText(ra->content), RevisionText(rb->content))) {
        lines.push_back({{"text", l.text},
                         {"added", l.kind == DiffLine::Kind::kAdded},
                         {"removed", l.kind == DiffLine::Kind::kRemoved}});
      }
      view["diff"] = {{"a", *na}, {"b", *nb}, {"lines", lines}};
    }
    return Page("revisions", view);
  });
}

http::Response Newsroom::RestoreRevision(const Request& req, const std::string& id,
                                         const std::string& number) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    auto a = LoadEditable(call.who, id);
    if (!a) return Err(a.error());
    auto n = ParseId(number);
    if (!n) return khabar::NotFound("no such revision");
    auto rev = deps_.store->GetRevision(a->id, *n);
    if (!rev) return Err(rev.error());
    auto version = ParseId(call.form.Get("version"));
    if (!version) return InvalidArgument("the form has no story version; reload the page");
    ArticleDraft content = rev->content;
    // The revision's section may have been renamed since; only an editor's
    // restore may bring a name back as a new section.
    content.may_create_section = CanCreateSections(call.who.user);
    content.body_html = MarkdownToHtml(content.body_markdown);
    auto saved =
        deps_.store->UpdateArticle(a->id, content, *version, call.who.user.id, deps_.clock->Now());
    if (!saved) {
      if (saved.error().code() == Code::kAlreadyExists) return Err(ForeignSlugTaken());
      return Err(saved.error());
    }
    return http::Redirect("/admin/stories/" + std::to_string(a->id) + "?saved=1", 303);
  });
}

http::Response Newsroom::Preview(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call& call) -> Result<http::Response> {
    const std::string& body = call.form.Get("body");
    if (body.size() > kMaxBodyBytes) return Err(BodyTooLong());
    http::Response res;
    res.body = json{{"html", MarkdownToHtml(body)}}.dump();
    res.SetHeader("Content-Type", "application/json; charset=utf-8");
    return res;
  });
}

http::Response Newsroom::TagSuggestions(const Request& req) {
  return Handle(req, Need::kSignedIn, [&](Call&) -> Result<http::Response> {
    std::string q = req.QueryParam("q").value_or("");
    if (q.size() > 100) q.resize(100);
    auto tags = deps_.store->ListTags(q, 10);
    if (!tags) return Err(tags.error());
    json out = json::array();
    for (const auto& t : *tags) out.push_back({{"name", t.name}, {"slug", t.slug}});
    http::Response res;
    res.body = out.dump();
    res.SetHeader("Content-Type", "application/json; charset=utf-8");
    return res;
  });
}

}  // namespace khabar
