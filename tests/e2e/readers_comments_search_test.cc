// Readers' comments and search, end to end: the real binary on a real
// SQLite file with a fixed clock (KHABAR_NOW), stories imported from
// Markdown files generated here (`serve --demo --demo-dir`, the same
// importer as `khabar article add`, in one process so each test starts
// fast; a few stories go in with `khabar article add` while the server
// runs), pages fetched over HTTP and parsed as HTML.
//
// Comments: posting (moderated and not), the editors' queue at
// /admin/comments, replies one level deep, the honeypot, length and link
// limits, closed stories (by the story or by [comments] close_after_days),
// the per-address rate limit, escaping of hostile names and text, and
// comment counts on listing cards. Every post comes from its own loopback
// address (127.0.x.y) unless a test means to hit the per-address limit,
// since with a fixed clock an address may post only once.
//
// Search: ranking (headline above body), highlighted snippets, pagination,
// diacritics, stories leaving or changing in the index when an editor
// unpublishes or edits them, and hostile queries.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/html.h"
#include "support/http_client.h"
#include "support/newsroom_site.h"
#include "support/process.h"
#include "support/web_session.h"

namespace khabar::testing {
namespace {

// 10:00 in Karachi (the sites' zone, +05:00).
constexpr const char* kNow = "2026-03-02T10:00:00+05:00";
constexpr const char* kClosedText = "Comments are closed on this story.";
constexpr const char* kEditorLogin = "eddie";
constexpr const char* kEditorPassword = "eddie-password-1";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// NextAddress is a loopback address no request of this process has used:
// a new reader as far as the per-address comment limits go.
std::string NextAddress() {
  static int n = 0;
  ++n;
  return "127.0." + std::to_string(1 + n / 200) + "." + std::to_string(1 + n % 200);
}

// A story as a Markdown file with front matter.
struct Story {
  std::string slug;
  std::string headline;
  std::string body;
  std::string published = "2026-03-01T08:00:00+05:00";
  std::string section = "World";
  std::vector<std::string> tags;
  std::string comments = "open";
};

Story MakeStory(std::string slug, std::string headline, std::string body,
                std::string published = "2026-03-01T08:00:00+05:00",
                std::vector<std::string> tags = {}) {
  Story s;
  s.slug = std::move(slug);
  s.headline = std::move(headline);
  s.body = std::move(body);
  s.published = std::move(published);
  s.tags = std::move(tags);
  return s;
}

std::string YamlQuoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Markdown(const Story& s) {
  std::string md = "---\nheadline: " + YamlQuoted(s.headline) + "\nslug: " + s.slug +
                   "\nsection: " + s.section + "\npublished: " + s.published +
                   "\ncomments: " + s.comments + "\ntags: [";
  for (size_t i = 0; i < s.tags.size(); ++i) md += (i ? ", " : "") + YamlQuoted(s.tags[i]);
  return md + "]\n---\n\n" + s.body + "\n";
}

// ReadersSite is `khabar serve` on a fresh database filled from `stories`
// (ids 1, 2, ... in order), in Karachi time, with `comments_toml` added to
// its [comments] settings and no per-address search limit.
class ReadersSite {
 public:
  ReadersSite(const std::vector<Story>& stories, const std::string& comments_toml = "") {
    const auto stories_dir = dir_.path() / "stories";
    std::filesystem::create_directories(stories_dir);
    for (size_t i = 0; i < stories.size(); ++i) {
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "%03zu-", i + 1);
      std::ofstream(stories_dir / (prefix + stories[i].slug + ".md")) << Markdown(stories[i]);
      ids_[stories[i].slug] = static_cast<int64_t>(i + 1);
    }
    std::ofstream(config()) << "[site]\n"
                               "name = \"Khabar Daily\"\n"
                               "base_url = \"http://127.0.0.1:8080\"\n"
                               "timezone = \"Asia/Karachi\"\n"
                               "[comments]\n"
                               "closed_text = \""
                            << kClosedText << "\"\n"
                            << comments_toml
                            // Searches come quickly from one address here;
                            // the limit has its own test (abuse_limits_test).
                            << "\n[limits]\nsearch_per_minute = 0\n";
    server_ = std::make_unique<ServerProcess>(
        std::vector<std::string>{"--config", config(), "--db", db(), "--threads", "2", "--demo",
                                 "--demo-dir", stories_dir.string()},
        std::map<std::string, std::string>{{"KHABAR_NOW", kNow}});
  }

  bool running() const { return server_->running(); }
  int port() const { return server_->port(); }
  std::string Log() const { return server_->Log(); }
  std::string db() const { return (dir_.path() / "khabar.db").string(); }
  std::string config() const { return (dir_.path() / "site.toml").string(); }
  const std::filesystem::path& dir() const { return dir_.path(); }

  int64_t Id(const std::string& slug) const {
    auto it = ids_.find(slug);
    return it == ids_.end() ? 0 : it->second;
  }
  std::string Url(const std::string& slug) const {
    return "/news/" + std::to_string(Id(slug)) + "/" + slug;
  }

  // Cli runs a khabar command on this site's database and settings.
  CommandResult Cli(std::vector<std::string> args, const std::string& stdin_text = "") const {
    args.insert(args.end(), {"--db", db(), "--config", config()});
    return RunKhabar(args, {{"KHABAR_NOW", kNow}}, stdin_text);
  }

  // Editor is a signed-in editor's session (made on first use).
  WebSession& Editor() {
    if (!editor_) {
      EXPECT_EQ(Cli({"user", "add", kEditorLogin, "--role", "editor"},
                    std::string(kEditorPassword) + "\n")
                    .exit_code,
                0);
      editor_ = std::make_unique<WebSession>(Login(port(), kEditorLogin, kEditorPassword));
      EXPECT_TRUE(SignedIn(*editor_)) << editor_->last().status << " " << editor_->last().body;
    }
    return *editor_;
  }

  HttpResponse Get(const std::string& target) const { return HttpGet(port(), target); }

 private:
  TempDir dir_;
  std::map<std::string, int64_t> ids_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<WebSession> editor_;
};

// ---- Comments ----

struct CommentPost {
  std::string name;
  std::string body;
  std::string email;
  std::string website;  // the honeypot
  std::string parent_id;
};

CommentPost Post(std::string name, std::string body) {
  CommentPost c;
  c.name = std::move(name);
  c.body = std::move(body);
  return c;
}

// PostComment sends the article's comment form from `address` (a new
// reader unless given).
HttpResponse PostComment(int port, int64_t story_id, const CommentPost& c,
                         const std::string& address = NextAddress()) {
  WebSession reader(port, address);
  Fields f = {{"name", c.name}, {"email", c.email}, {"body", c.body}, {"website", c.website}};
  if (!c.parent_id.empty()) f.emplace_back("parent_id", c.parent_id);
  return reader.PostForm("/news/" + std::to_string(story_id) + "/comments", f);
}

// QueuedComment is one line of the moderation queue.
struct QueuedComment {
  std::string id;
  std::string name;
  std::string body;
};

std::vector<QueuedComment> Queue(WebSession& editor, const std::string& status) {
  HttpResponse r = editor.Get("/admin/comments?status=" + status);
  EXPECT_EQ(r.status, 200) << status;
  std::vector<QueuedComment> out;
  HtmlDoc doc(r.body);
  for (const auto& li : doc.Find("//li[@class='moderation-item']")) {
    const std::string id = li.Attr("id").substr(std::string("comment-").size());
    out.push_back({id,
                   doc.One("//li[@id='comment-" + id + "']//p[@class='comment-meta']/strong").text,
                   doc.One("//li[@id='comment-" + id + "']//pre[@class='comment-body']").text});
  }
  return out;
}

// QueuedId is the id of the comment by `name` in the `status` queue ("" if
// it is not there).
std::string QueuedId(WebSession& editor, const std::string& status, const std::string& name) {
  for (const auto& c : Queue(editor, status)) {
    if (c.name == name) return c.id;
  }
  return "";
}

// InAnyQueue reports whether a comment by `name` is stored at all.
bool InAnyQueue(WebSession& editor, const std::string& name) {
  for (const char* s : {"pending", "approved", "rejected", "spam"}) {
    if (!QueuedId(editor, s, name).empty()) return true;
  }
  return false;
}

HttpResponse Moderate(WebSession& editor, const std::string& id, const std::string& to) {
  return editor.PostForm("/admin/comments/" + id,
                         {{"csrf", editor.csrf()}, {"back", "pending"}, {"to", to}});
}

// ApproveByName approves the pending comment by `name`; returns its id.
std::string ApproveByName(WebSession& editor, const std::string& name) {
  const std::string id = QueuedId(editor, "pending", name);
  EXPECT_FALSE(id.empty()) << name << " is not in the pending queue";
  if (id.empty()) return id;
  HttpResponse r = Moderate(editor, id, "approved");
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.Header("location"), "/admin/comments?status=pending&done=1");
  return id;
}

// The shown comments of an article page.
std::vector<HtmlNode> ShownComments(const HtmlDoc& page) {
  return page.Find("//section[@id='comments']//li[contains(@class,'comment')]");
}

// The default site: comments held for an editor (moderation "all").
class ReaderComments : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::vector<Story> stories;
    for (const char* slug :
         {"approval", "moderation", "replies", "replies-elsewhere", "honeypot", "limits", "rate",
          "hostile", "links", "forms", "plain", "hidden-parents", "controls"}) {
      stories.push_back(MakeStory(slug, std::string("Comment test story: ") + slug,
                                  "A paragraph to comment on."));
    }
    stories.push_back(MakeStory("counted", "Letters to the editor about the tram line",
                                "The tram line divides opinion."));
    stories.back().section = "Letters";
    site_ = new ReadersSite(stories);
  }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(site_->running()) << site_->Log(); }
  static ReadersSite& Site() { return *site_; }
  static inline ReadersSite* site_ = nullptr;
};

TEST_F(ReaderComments, ACommentWaitsForAnEditorAndThenShowsWithoutTheEmail) {
  const int64_t id = Site().Id("approval");
  CommentPost c =
      Post("Farah from Lahore", "Water pressure in our street has been low for a month.");
  c.email = "farah.secret@example.org";
  HttpResponse posted = PostComment(Site().port(), id, c);
  ASSERT_EQ(posted.status, 303) << posted.body;
  EXPECT_EQ(posted.Header("location"), Site().Url("approval") + "?comment=pending#comments");

  // Back on the story: a notice, but no comment yet.
  HttpResponse page = Site().Get(Site().Url("approval") + "?comment=pending");
  ASSERT_EQ(page.status, 200);
  {
    HtmlDoc doc(page.body);
    EXPECT_EQ(doc.One("//p[@class='comment-notice']").text,
              "Thank you. Your comment will appear once an editor has read it.");
    EXPECT_TRUE(ShownComments(doc).empty());
    EXPECT_FALSE(Contains(page.body, "Water pressure"));
  }

  // The editor sees it, with the email, in the pending queue.
  WebSession& editor = Site().Editor();
  HttpResponse queue = editor.Get("/admin/comments?status=pending");
  EXPECT_TRUE(Contains(queue.body, c.email));
  const std::string comment_id = ApproveByName(editor, c.name);
  ASSERT_FALSE(comment_id.empty());
  EXPECT_TRUE(QueuedId(editor, "pending", c.name).empty());
  EXPECT_EQ(QueuedId(editor, "approved", c.name), comment_id);

  page = Site().Get(Site().Url("approval"));
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  auto shown = ShownComments(doc);
  ASSERT_EQ(shown.size(), 1u) << page.body;
  EXPECT_EQ(shown[0].Attr("id"), "comment-" + comment_id);
  const std::string at = "//li[@id='comment-" + comment_id + "']";
  EXPECT_EQ(doc.One(at + "//strong[@class='comment-name']").text, c.name);
  EXPECT_EQ(doc.One(at + "//div[@class='comment-text']").text, c.body);
  EXPECT_EQ(doc.One("//h2[@class='comments-title'][starts-with(.,'Comments')]").text,
            "Comments (1)");
  // The email is never on the public page (nor its local part).
  EXPECT_FALSE(Contains(page.body, c.email));
  EXPECT_FALSE(Contains(page.body, "farah.secret"));
}

TEST_F(ReaderComments, RejectedAndSpamCommentsStayHidden) {
  const int64_t id = Site().Id("moderation");
  CommentPost rude = Post("Rude reader", "Something an editor rejects.");
  CommentPost spam = Post("Cheap pills", "Buy cheap pills at www.pills.example today.");
  ASSERT_EQ(PostComment(Site().port(), id, rude).status, 303);
  ASSERT_EQ(PostComment(Site().port(), id, spam).status, 303);
  WebSession& editor = Site().Editor();
  const std::string rude_id = QueuedId(editor, "pending", rude.name);
  const std::string spam_id = QueuedId(editor, "pending", spam.name);
  ASSERT_FALSE(rude_id.empty());
  ASSERT_FALSE(spam_id.empty());
  EXPECT_EQ(Moderate(editor, rude_id, "rejected").status, 303);
  EXPECT_EQ(Moderate(editor, spam_id, "spam").status, 303);
  EXPECT_EQ(QueuedId(editor, "rejected", rude.name), rude_id);
  EXPECT_EQ(QueuedId(editor, "spam", spam.name), spam_id);
  EXPECT_TRUE(QueuedId(editor, "pending", rude.name).empty());
  EXPECT_TRUE(QueuedId(editor, "approved", spam.name).empty());

  HttpResponse page = Site().Get(Site().Url("moderation"));
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  EXPECT_TRUE(ShownComments(doc).empty());
  EXPECT_FALSE(Contains(page.body, rude.name));
  EXPECT_FALSE(Contains(page.body, "pills"));
  EXPECT_TRUE(doc.Find("//h2[@class='comments-title'][starts-with(.,'Comments')]").empty());
  // An unknown decision is refused and changes nothing.
  EXPECT_EQ(Moderate(editor, rude_id, "published").status, 400);
  EXPECT_EQ(QueuedId(editor, "rejected", rude.name), rude_id);
}

TEST_F(ReaderComments, RepliesNestUnderTheirParentOneLevelDeep) {
  const int64_t id = Site().Id("replies");
  WebSession& editor = Site().Editor();
  CommentPost parent = Post("First voice", "The new bridge should have a cycle lane.");
  ASSERT_EQ(PostComment(Site().port(), id, parent).status, 303);
  const std::string parent_id = ApproveByName(editor, parent.name);
  ASSERT_FALSE(parent_id.empty());

  // The approved comment offers a reply form that names it.
  {
    HtmlDoc doc(Site().Get(Site().Url("replies")).body);
    EXPECT_EQ(
        doc.Find("//li[@id='comment-" + parent_id +
                 "']//form[@method='post']/input[@name='parent_id'][@value='" + parent_id + "']")
            .size(),
        1u);
  }

  CommentPost reply = Post("Second voice", "Agreed, and a footpath too.");
  reply.parent_id = parent_id;
  HttpResponse r = PostComment(Site().port(), id, reply);
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string reply_id = ApproveByName(editor, reply.name);
  ASSERT_FALSE(reply_id.empty());

  HttpResponse page = Site().Get(Site().Url("replies"));
  HtmlDoc doc(page.body);
  EXPECT_EQ(doc.Find("//ol[@class='comment-list']/li").size(), 1u) << page.body;
  const std::string nested = "//ol[@class='comment-list']/li[@id='comment-" + parent_id +
                             "']/ol[@class='comment-replies']/li[@id='comment-" + reply_id + "']";
  ASSERT_EQ(doc.Find(nested).size(), 1u) << page.body;
  EXPECT_EQ(doc.One(nested + "//strong[@class='comment-name']").text, reply.name);
  EXPECT_EQ(doc.One(nested + "//div[@class='comment-text']").text, reply.body);
  EXPECT_EQ(doc.One("//h2[@class='comments-title'][starts-with(.,'Comments')]").text,
            "Comments (2)");

  // A reply to a reply, to a comment on another story, to no comment, or
  // with a parent that is not a number: refused, and nothing stored.
  struct Bad {
    std::string parent, name;
  } bad[] = {{reply_id, "Third voice"},
             {"999999", "Fourth voice"},
             {"abc", "Fifth voice"},
             {"-1", "Sixth voice"}};
  for (const auto& b : bad) {
    SCOPED_TRACE("parent_id=" + b.parent);
    CommentPost c = Post(b.name, "Replying here.");
    c.parent_id = b.parent;
    HttpResponse refused = PostComment(Site().port(), id, c);
    EXPECT_EQ(refused.status, 400) << refused.body;
    EXPECT_FALSE(InAnyQueue(editor, b.name));
  }
  {
    CommentPost c = Post("Nested voice", "A reply to a reply.");
    c.parent_id = reply_id;
    HttpResponse refused = PostComment(Site().port(), id, c);
    ASSERT_EQ(refused.status, 400);
    HtmlDoc refused_doc(refused.body);
    EXPECT_TRUE(Contains(refused_doc.One("//p[@class='comment-error']").text, "reply"))
        << refused.body;
  }
  const int64_t elsewhere = Site().Id("replies-elsewhere");
  CommentPost cross = Post("Lost voice", "Wrong story.");
  cross.parent_id = parent_id;
  EXPECT_EQ(PostComment(Site().port(), elsewhere, cross).status, 400);
  EXPECT_FALSE(InAnyQueue(editor, cross.name));
}

// A reply naming a pending, spam or rejected comment gets exactly the
// answer of one naming no comment at all: the form tells nobody which
// comments exist (issue 15, info 4).
TEST_F(ReaderComments, AReplyToAHiddenCommentIsAnsweredAsAReplyToNoComment) {
  const int64_t id = Site().Id("hidden-parents");
  WebSession& editor = Site().Editor();
  std::map<std::string, std::string> hidden;  // status -> comment id
  for (const char* status : {"pending", "spam", "rejected"}) {
    CommentPost c = Post(std::string("Hidden parent ") + status, "Words nobody may see yet.");
    ASSERT_EQ(PostComment(Site().port(), id, c).status, 303);
    hidden[status] = QueuedId(editor, "pending", c.name);
    ASSERT_FALSE(hidden[status].empty()) << status;
    if (std::string(status) != "pending") {
      ASSERT_EQ(Moderate(editor, hidden[status], status).status, 303) << status;
    }
  }
  CommentPost reply = Post("Curious reader", "Replying to whatever is there.");
  reply.parent_id = std::to_string(std::stoll(hidden["rejected"]) + 100000);  // no comment
  HttpResponse none = PostComment(Site().port(), id, reply);
  EXPECT_EQ(none.status, 400);
  for (const auto& [status, comment] : hidden) {
    SCOPED_TRACE(status);
    reply.parent_id = comment;
    HttpResponse r = PostComment(Site().port(), id, reply);
    EXPECT_EQ(r.status, none.status);
    EXPECT_EQ(r.body, none.body);
  }
  EXPECT_FALSE(InAnyQueue(editor, reply.name));
}

// NUL, other C0 controls (but newline and tab), DEL and C1 controls are
// dropped from a comment's name and text on the way in: the moderation
// queue never shows them (issue 15, info 5).
TEST_F(ReaderComments, ControlCharactersNeverReachTheModerationQueue) {
  const int64_t id = Site().Id("controls");
  static constexpr char kName[] = "Con\x01trol\x7F reader\xC2\x85";
  static constexpr char kBody[] = "First\0 line\x1B[31m red\r\n\tTabbed\xC2\x9B line\x08.";
  CommentPost c = Post(std::string(kName, sizeof kName - 1), std::string(kBody, sizeof kBody - 1));
  HttpResponse posted = PostComment(Site().port(), id, c);
  ASSERT_EQ(posted.status, 303) << posted.body;
  WebSession& editor = Site().Editor();
  const std::string comment_id = QueuedId(editor, "pending", "Control reader");
  ASSERT_FALSE(comment_id.empty()) << "the name was not cleaned";
  HttpResponse queue = editor.Get("/admin/comments?status=pending");
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(Contains(queue.body, "First line[31m red\n\tTabbed line.")) << queue.body;
  for (char c0 = 0; c0 < 0x20; ++c0) {
    if (c0 == '\n' || c0 == '\t' || c0 == '\r') continue;  // the page's own layout
    EXPECT_EQ(queue.body.find(c0), std::string::npos) << "control " << int{c0};
  }
  EXPECT_EQ(queue.body.find('\x7F'), std::string::npos);
  for (char c1 = '\x80'; c1 <= '\x9F'; ++c1) {
    EXPECT_EQ(queue.body.find(std::string("\xC2") + c1), std::string::npos)
        << "C1 control " << (int{c1} & 0xFF);
  }
}

// Each queue's tab says how many comments it holds, and the counts follow
// the comments posted and moderated.
TEST_F(ReaderComments, TheQueuesSayHowManyCommentsTheyHold) {
  WebSession& editor = Site().Editor();
  auto count = [&](const std::string& status) -> int64_t {
    HtmlDoc doc(editor.Get("/admin/comments?status=pending").body);
    const std::string text =
        doc.One("//nav[@class='tabs']/a[@href='/admin/comments?status=" + status +
                "']/span[@class='count']")
            .text;
    EXPECT_TRUE(text.size() > 2 && text.front() == '(' && text.back() == ')') << text;
    return std::stoll(text.substr(1, text.size() - 2));
  };
  const int64_t pending = count("pending");
  const int64_t spam = count("spam");
  const int64_t id = Site().Id("controls");
  ASSERT_EQ(PostComment(Site().port(), id, Post("Counted reader", "One to count.")).status, 303);
  ASSERT_EQ(PostComment(Site().port(), id, Post("Counted twice", "Two to count.")).status, 303);
  EXPECT_EQ(count("pending"), pending + 2);
  const std::string spammed = QueuedId(editor, "pending", "Counted twice");
  ASSERT_FALSE(spammed.empty());
  ASSERT_EQ(Moderate(editor, spammed, "spam").status, 303);
  EXPECT_EQ(count("pending"), pending + 1);
  EXPECT_EQ(count("spam"), spam + 1);
}

TEST_F(ReaderComments, AFilledHoneypotIsRefusedAndNothingIsStored) {
  const int64_t id = Site().Id("honeypot");
  CommentPost bot = Post("Helpful bot", "Great article, visit my site.");
  bot.website = "http://spam.example";
  HttpResponse r = PostComment(Site().port(), id, bot);
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_FALSE(InAnyQueue(Site().Editor(), bot.name));
  HtmlDoc doc(Site().Get(Site().Url("honeypot")).body);
  EXPECT_TRUE(ShownComments(doc).empty());
}

TEST_F(ReaderComments, ATooLongCommentIsRefusedWithTheTypedTextKept) {
  const int64_t id = Site().Id("limits");
  CommentPost c = Post("Long winded", "Start " + std::string(2995, 'x'));  // 3001 characters
  c.email = "long@example.org";
  HttpResponse r = PostComment(Site().port(), id, c);
  ASSERT_EQ(r.status, 400);
  HtmlDoc doc(r.body);
  EXPECT_EQ(doc.One("//p[@class='comment-error']").text,
            "Your comment is longer than 3000 characters.");
  EXPECT_EQ(doc.One("//form[@class='comment-form']//textarea[@name='body']").text, c.body);
  EXPECT_EQ(doc.One("//form[@class='comment-form']//input[@name='name']").Attr("value"), c.name);
  EXPECT_EQ(doc.One("//form[@class='comment-form']//input[@name='email']").Attr("value"), c.email);
  EXPECT_FALSE(InAnyQueue(Site().Editor(), c.name));

  // The limit counts characters, not bytes: 3000 Urdu letters (6000 bytes)
  // are accepted.
  std::string urdu;
  for (int i = 0; i < 3000; ++i) urdu += "\xD8\xA8";  // ب
  CommentPost ok = Post("Exactly at the limit", urdu);
  HttpResponse accepted = PostComment(Site().port(), id, ok);
  EXPECT_EQ(accepted.status, 303) << HtmlDoc(accepted.body).One("//p[@class='comment-error']").text;
}

TEST_F(ReaderComments, TooManyLinksAreRefused) {
  const int64_t id = Site().Id("limits");
  CommentPost c =
      Post("Link dropper", "See https://a.example/1 and http://b.example/2 and www.c.example.");
  HttpResponse r = PostComment(Site().port(), id, c);
  ASSERT_EQ(r.status, 400);
  HtmlDoc doc(r.body);
  EXPECT_EQ(doc.One("//p[@class='comment-error']").text, "A comment may contain at most 2 links.");
  EXPECT_EQ(doc.One("//form[@class='comment-form']//textarea[@name='body']").text, c.body);
  EXPECT_FALSE(InAnyQueue(Site().Editor(), c.name));
  // Two are allowed.
  CommentPost two = Post("Two links", "Sources: https://a.example/1 and www.b.example");
  EXPECT_EQ(PostComment(Site().port(), id, two).status, 303);
}

TEST_F(ReaderComments, AClosedStoryRefusesCommentsAndShowsNoForm) {
  // The seed story says `comments: closed`; it goes in with the CLI while
  // the server runs.
  CommandResult add = Site().Cli({"article", "add", "--file", (SeedDir() / "article.md").string()});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const std::string marker = "added article ";
  ASSERT_TRUE(add.out.starts_with(marker)) << add.out;
  const std::string url =
      add.out.substr(add.out.find(": ") + 2, add.out.find('\n') - add.out.find(": ") - 2);
  const int64_t id = std::atoll(add.out.c_str() + marker.size());
  ASSERT_GT(id, 0);

  HttpResponse page = Site().Get(url);
  ASSERT_EQ(page.status, 200) << url;
  {
    HtmlDoc doc(page.body);
    EXPECT_EQ(doc.One("//p[@class='comments-closed']").text, kClosedText);
    EXPECT_TRUE(doc.Find("//form[@class='comment-form']").empty());
    EXPECT_TRUE(doc.Find("//section[@id='comments']//textarea").empty());
  }

  CommentPost c = Post("Too late", "Can I still comment?");
  HttpResponse r = PostComment(Site().port(), id, c);
  EXPECT_EQ(r.status, 403);
  HtmlDoc doc(r.body);
  EXPECT_EQ(doc.One("//p[@class='comments-closed']").text, kClosedText);
  EXPECT_TRUE(doc.Find("//form[@class='comment-form']").empty());
  EXPECT_FALSE(InAnyQueue(Site().Editor(), c.name));
}

TEST_F(ReaderComments, ASecondCommentWithinThirtySecondsIsTooFast) {
  const int64_t id = Site().Id("rate");
  const std::string address = NextAddress();
  CommentPost first = Post("Quick one", "First thought.");
  CommentPost second = Post("Quick two", "Second thought.");
  ASSERT_EQ(PostComment(Site().port(), id, first, address).status, 303);
  HttpResponse r = PostComment(Site().port(), id, second, address);
  EXPECT_EQ(r.status, 429);
  HtmlDoc doc(r.body);
  EXPECT_EQ(doc.One("//p[@class='comment-error']").text,
            "You are commenting too quickly. Please wait a little and try again.");
  EXPECT_EQ(doc.One("//form[@class='comment-form']//textarea[@name='body']").text, second.body);
  WebSession& editor = Site().Editor();
  EXPECT_FALSE(QueuedId(editor, "pending", first.name).empty());
  EXPECT_FALSE(InAnyQueue(editor, second.name));
  // The limit is per address: another reader may comment at once.
  CommentPost other = Post("Someone else", "My own thought.");
  EXPECT_EQ(PostComment(Site().port(), id, other).status, 303);
}

TEST_F(ReaderComments, HostileNamesAndTextComeBackEscaped) {
  const int64_t id = Site().Id("hostile");
  const std::vector<std::string> payloads = {
      "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)"};
  WebSession& editor = Site().Editor();
  std::vector<std::pair<std::string, std::string>> posted;  // name, body
  for (size_t i = 0; i < payloads.size(); ++i) {
    // Each payload as a name (made unique) and, another one, as the text.
    const std::string name = payloads[i] + " #" + std::to_string(i);
    const std::string body = payloads[(i + 1) % payloads.size()];
    CommentPost c = Post(name, body);
    HttpResponse r = PostComment(Site().port(), id, c);
    ASSERT_EQ(r.status, 303) << r.body;
    // The moderation queue escapes them too.
    HttpResponse queue = editor.Get("/admin/comments?status=pending");
    HtmlDoc qdoc(queue.body);
    EXPECT_TRUE(qdoc.Find("//li[@class='moderation-item']//script").empty());
    EXPECT_TRUE(qdoc.Find("//li[@class='moderation-item']//img").empty());
    ASSERT_FALSE(ApproveByName(editor, name).empty()) << name;
    posted.emplace_back(name, body);
  }
  HttpResponse page = Site().Get(Site().Url("hostile"));
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  auto shown = ShownComments(doc);
  ASSERT_EQ(shown.size(), payloads.size());
  EXPECT_TRUE(doc.Find("//li[contains(@class,'comment')]//script").empty()) << page.body;
  EXPECT_TRUE(doc.Find("//li[contains(@class,'comment')]//img").empty()) << page.body;
  // No link to anything but http(s): javascript: stays text.
  for (const auto& a :
       doc.Find("//li[contains(@class,'comment')]//div[@class='comment-text']//a")) {
    EXPECT_FALSE(a.Attr("href").starts_with("javascript")) << a.Attr("href");
  }
  EXPECT_TRUE(doc.Find("//*[@onerror]").empty());
  for (size_t i = 0; i < shown.size(); ++i) {
    const std::string at = "//li[@id='" + shown[i].Attr("id") + "']";
    EXPECT_EQ(doc.One(at + "//strong[@class='comment-name']").text, posted[i].first);
    EXPECT_EQ(doc.One(at + "//div[@class='comment-text']").text, posted[i].second);
  }
}

TEST_F(ReaderComments, LinksInCommentsAreNofollowUgc) {
  const int64_t id = Site().Id("links");
  CommentPost c = Post("Source checker",
                       "The report is at https://example.org/report?x=1&y=2, and more at "
                       "www.example.com.");
  ASSERT_EQ(PostComment(Site().port(), id, c).status, 303);
  const std::string comment_id = ApproveByName(Site().Editor(), c.name);
  ASSERT_FALSE(comment_id.empty());
  HttpResponse page = Site().Get(Site().Url("links"));
  HtmlDoc doc(page.body);
  const std::string at = "//li[@id='comment-" + comment_id + "']//div[@class='comment-text']";
  auto links = doc.Find(at + "//a[@href!='']");
  ASSERT_EQ(links.size(), 2u) << page.body;
  EXPECT_EQ(links[0].Attr("href"), "https://example.org/report?x=1&y=2");
  EXPECT_EQ(links[0].text, "https://example.org/report?x=1&y=2");
  EXPECT_EQ(links[1].Attr("href"), "https://www.example.com");
  EXPECT_EQ(links[1].text, "www.example.com");
  for (const auto& a : links) {
    std::set<std::string> rel;
    std::istringstream words(a.Attr("rel"));
    for (std::string w; words >> w;) rel.insert(w);
    EXPECT_TRUE(rel.contains("nofollow")) << a.Attr("rel");
    EXPECT_TRUE(rel.contains("ugc")) << a.Attr("rel");
  }
  EXPECT_EQ(doc.One(at).text, c.body);
}

TEST_F(ReaderComments, ApprovedCommentsAreCountedOnTheSectionCard) {
  const std::string url = Site().Url("counted");
  const std::string card =
      "//article[@class='card'][.//h3[@class='card-headline']/a[@href='" + url + "']]";
  const std::string count_link = card + "//a[@href='" + url + "#comments']";
  {
    HttpResponse listing = Site().Get("/section/letters");
    ASSERT_EQ(listing.status, 200);
    HtmlDoc doc(listing.body);
    ASSERT_EQ(doc.Find(card).size(), 1u) << listing.body;
    EXPECT_TRUE(doc.Find(count_link).empty());
  }
  const int64_t id = Site().Id("counted");
  CommentPost a = Post("Tram fan", "Build it.");
  CommentPost b = Post("Tram sceptic", "Fix the buses first.");
  ASSERT_EQ(PostComment(Site().port(), id, a).status, 303);
  ASSERT_EQ(PostComment(Site().port(), id, b).status, 303);
  // Pending comments are not counted.
  {
    HtmlDoc doc(Site().Get("/section/letters").body);
    EXPECT_TRUE(doc.Find(count_link).empty());
  }
  WebSession& editor = Site().Editor();
  ASSERT_FALSE(ApproveByName(editor, a.name).empty());
  {
    HtmlDoc doc(Site().Get("/section/letters").body);
    EXPECT_EQ(doc.One(count_link).text, "1 comment");
  }
  ASSERT_FALSE(ApproveByName(editor, b.name).empty());
  HtmlDoc doc(Site().Get("/section/letters").body);
  EXPECT_EQ(doc.One(count_link).text, "2 comments");
}

// The article's own forms (a new comment, and a reply under an approved
// comment) must post where comments are accepted, as a browser would.
TEST_F(ReaderComments, TheArticlesFormsPostWhereCommentsAreAccepted) {
  const int64_t id = Site().Id("forms");
  CommentPost top = Post("Form user", "Posted through the page's own form.");
  ASSERT_EQ(PostComment(Site().port(), id, top).status, 303);
  const std::string top_id = ApproveByName(Site().Editor(), top.name);
  ASSERT_FALSE(top_id.empty());

  HttpResponse page = Site().Get(Site().Url("forms"));
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  const HtmlNode main_form = doc.One("//form[@class='comment-form']");
  const HtmlNode reply_form = doc.One("//li[@id='comment-" + top_id + "']//form[@method='post']");
  ASSERT_EQ(main_form.name, "form");
  ASSERT_EQ(reply_form.name, "form");
  struct Case {
    std::string what, action, parent, name;
  } cases[] = {{"the comment form", main_form.Attr("action"), "", "Through the main form"},
               {"a reply form", reply_form.Attr("action"), top_id, "Through a reply form"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what + " posts to " + c.action);
    WebSession reader(Site().port(), NextAddress());
    Fields f = {{"name", c.name}, {"email", ""}, {"body", "Hello from the form."}, {"website", ""}};
    if (!c.parent.empty()) f.emplace_back("parent_id", c.parent);
    HttpResponse r = reader.PostForm(c.action, f);
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("location"), Site().Url("forms") + "?comment=pending#comments");
  }
}

// Words in a comment that are not links are text, not <a> elements.
TEST_F(ReaderComments, PlainTextInACommentIsNotALink) {
  const int64_t id = Site().Id("plain");
  CommentPost c = Post("Plain speaker", "No links here, just words.\n\nAnd a second paragraph.");
  ASSERT_EQ(PostComment(Site().port(), id, c).status, 303);
  const std::string comment_id = ApproveByName(Site().Editor(), c.name);
  ASSERT_FALSE(comment_id.empty());
  HttpResponse page = Site().Get(Site().Url("plain"));
  HtmlDoc doc(page.body);
  const std::string text = "//li[@id='comment-" + comment_id + "']//div[@class='comment-text']";
  auto paragraphs = doc.Find(text + "/p");
  ASSERT_EQ(paragraphs.size(), 2u);
  EXPECT_EQ(paragraphs[0].text, "No links here, just words.");
  EXPECT_EQ(paragraphs[1].text, "And a second paragraph.");
  auto links = doc.Find(text + "//a");
  EXPECT_TRUE(links.empty()) << links.size() << " links, the first to \""
                             << (links.empty() ? "" : links[0].Attr("href")) << "\"";
}

// A site configured to publish comments at once and to close them 30
// days after publication.
class ReaderCommentsConfigured : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new ReadersSite(
        {MakeStory("fresh", "A fresh story", "Published yesterday."),
         MakeStory("old", "An old story", "Published in January.", "2026-01-10T09:00:00+05:00"),
         MakeStory("thirty-days", "A story exactly thirty days old",
                   "Published thirty days before now.", "2026-01-31T10:00:00+05:00"),
         MakeStory("twenty-nine-days", "A story twenty-nine days old",
                   "Published twenty-nine days before now.", "2026-02-01T10:00:00+05:00")},
        "moderation = \"none\"\nclose_after_days = 30\n");
  }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(site_->running()) << site_->Log(); }
  static ReadersSite& Site() { return *site_; }
  static inline ReadersSite* site_ = nullptr;
};

TEST_F(ReaderCommentsConfigured, WithoutModerationACommentShowsAtOnce) {
  CommentPost c = Post("Instant reader", "Straight in.");
  c.email = "instant@example.org";
  HttpResponse r = PostComment(Site().port(), Site().Id("fresh"), c);
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string prefix = Site().Url("fresh") + "?comment=posted#comment-";
  const std::string loc = r.Header("location");
  ASSERT_TRUE(loc.starts_with(prefix)) << loc;
  const std::string comment_id = loc.substr(prefix.size());

  HttpResponse page = Site().Get(Site().Url("fresh") + "?comment=posted");
  ASSERT_EQ(page.status, 200);
  HtmlDoc doc(page.body);
  EXPECT_EQ(doc.One("//p[@class='comment-notice']").text, "Thank you. Your comment is published.");
  const std::string at = "//li[@id='comment-" + comment_id + "']";
  EXPECT_EQ(doc.One(at + "//strong[@class='comment-name']").text, c.name);
  EXPECT_EQ(doc.One(at + "//div[@class='comment-text']").text, c.body);
  EXPECT_FALSE(Contains(page.body, c.email));
}

TEST_F(ReaderCommentsConfigured, CommentsCloseThirtyDaysAfterPublication) {
  struct Case {
    std::string slug;
    bool open;
  } cases[] = {{"old", false}, {"thirty-days", false}, {"twenty-nine-days", true}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.slug);
    HttpResponse page = Site().Get(Site().Url(c.slug));
    ASSERT_EQ(page.status, 200);
    HtmlDoc doc(page.body);
    EXPECT_EQ(doc.Find("//form[@class='comment-form']").size(), c.open ? 1u : 0u);
    EXPECT_EQ(doc.Find("//p[@class='comments-closed']").size(), c.open ? 0u : 1u);
    CommentPost post = Post("Reader of " + c.slug, "Still relevant.");
    HttpResponse r = PostComment(Site().port(), Site().Id(c.slug), post);
    EXPECT_EQ(r.status, c.open ? 303 : 403);
    if (!c.open) {
      EXPECT_EQ(HtmlDoc(r.body).One("//p[@class='comments-closed']").text, kClosedText);
    }
    HtmlDoc after(Site().Get(Site().Url(c.slug)).body);
    EXPECT_EQ(ShownComments(after).size(), c.open ? 1u : 0u);
  }
}

// ---- Search ----

// The corpus: 36 council stories (one word in common, for pages), a
// headline match and a body match for "lighthouse", and stories an editor
// unpublishes or edits. The Café story is added with the CLI by its test.
std::vector<Story> SearchCorpus() {
  const char* topics[] = {
      "parking",    "libraries",  "potholes", "budgets",     "markets",   "parks",
      "lighting",   "drainage",   "schools",  "clinics",     "buses",     "bridges",
      "housing",    "rubbish",    "trees",    "playgrounds", "water",     "permits",
      "signage",    "pavements",  "taxes",    "festivals",   "museums",   "pools",
      "cemeteries", "allotments", "cycling",  "noise",       "licensing", "flooding",
      "heritage",   "zoning",     "tourism",  "recycling",   "elections", "sanitation"};
  std::vector<Story> corpus;
  for (int i = 0; i < 36; ++i) {
    char published[40];
    std::snprintf(published, sizeof published, "2026-02-%02dT%02d:15:00+05:00", 1 + i % 27,
                  8 + i % 9);
    const std::string topic = topics[i];
    corpus.push_back(MakeStory("council-" + std::to_string(i + 1) + "-" + topic,
                               "Council meeting " + std::to_string(i + 1) + " takes up " + topic,
                               "The district council met to discuss " + topic +
                                   ". Members asked officials for a report on " + topic +
                                   " before the next session.",
                               published, {"Local government", "Topic " + topic}));
  }
  corpus.push_back(MakeStory("lighthouse-keeper",
                             "Lighthouse keeper retires after forty years on the cape",
                             "Amos Pell climbed the tower stairs for the last time on Sunday, "
                             "ending four decades of watching over the shipping lanes.",
                             "2026-02-25T09:00:00+05:00", {"Coast"}));
  corpus.push_back(MakeStory("harbour-budget", "Coastal towns approve a shared harbour budget",
                             "The towns agreed to dredge the channel. Repairs to the old "
                             "lighthouse on the point were also funded.",
                             "2026-03-01T09:00:00+05:00", {"Coast"}));
  corpus.push_back(MakeStory("airship-museum", "Airship museum opens in the old hangar",
                             "A restored zeppelin gondola is the centrepiece of the collection.",
                             "2026-02-20T11:00:00+05:00", {"Museums"}));
  corpus.push_back(MakeStory("orchard-festival", "Orchard festival draws record crowds",
                             "Stalls sold marmalade made from the valley's oranges.",
                             "2026-02-21T11:00:00+05:00", {"Food"}));
  return corpus;
}

// SearchResults is what a search results page shows.
struct SearchResults {
  int status = 0;
  std::vector<std::string> urls;      // hit links in order
  std::vector<std::string> snippets;  // their snippet text
  std::string message;                // p.empty
  std::string total;                  // "36 stories"
  std::string next;                   // rel=next href
  std::string prev;                   // rel=prev href
};

class ReaderSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { site_ = new ReadersSite(SearchCorpus()); }
  static void TearDownTestSuite() {
    delete site_;
    site_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(site_->running()) << site_->Log(); }
  static ReadersSite& Site() { return *site_; }

  // Search GETs /search?<query> (already encoded) and reads the page.
  static SearchResults SearchRaw(const std::string& query) {
    SearchResults out;
    HttpResponse r = Site().Get("/search?" + query);
    out.status = r.status;
    HtmlDoc doc(r.body);
    for (const auto& a : doc.Find("//li[@class='search-hit']/h2/a"))
      out.urls.push_back(a.Attr("href"));
    for (const auto& p : doc.Find("//li[@class='search-hit']/p[@class='search-snippet']")) {
      out.snippets.push_back(p.text);
    }
    out.message = doc.One("//main//p[@class='empty']").text;
    out.total = doc.One("//p[@class='search-total']").text;
    out.next = doc.One("//nav[@class='pagination']/a[@rel='next']").Attr("href");
    out.prev = doc.One("//nav[@class='pagination']/a[@rel='prev']").Attr("href");
    return out;
  }
  static SearchResults Search(const std::string& q) { return SearchRaw("q=" + UrlEncode(q)); }

  static inline ReadersSite* site_ = nullptr;
};

TEST_F(ReaderSearch, AHeadlineMatchRanksAboveABodyMatchAndTheSnippetMarksTheWord) {
  SearchResults r = Search("lighthouse");
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.urls.size(), 2u) << r.message;
  EXPECT_EQ(r.total, "2 stories");
  // The body match is newer, and still ranks second.
  EXPECT_EQ(r.urls[0], Site().Url("lighthouse-keeper"));
  EXPECT_EQ(r.urls[1], Site().Url("harbour-budget"));

  HttpResponse page = Site().Get("/search?q=lighthouse");
  HtmlDoc doc(page.body);
  auto marks = doc.Find("//li[@class='search-hit'][2]/p[@class='search-snippet']/mark");
  ASSERT_EQ(marks.size(), 1u) << page.body;
  EXPECT_EQ(marks[0].text, "lighthouse");
  EXPECT_TRUE(Contains(r.snippets[1], "Repairs to the old lighthouse on the point"))
      << r.snippets[1];
  // The store's private mark characters never reach the page.
  EXPECT_FALSE(Contains(page.body, "\xEE\x80\x80"));
  EXPECT_FALSE(Contains(page.body, "\xEE\x80\x81"));
  EXPECT_EQ(page.Header("x-robots-tag"), "noindex");
}

TEST_F(ReaderSearch, ManyHitsArePagedTenAtATimeWithoutRepeats) {
  SearchResults first = Search("council");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.total, "36 stories");
  EXPECT_EQ(first.urls.size(), 10u);
  EXPECT_EQ(first.prev, "");
  EXPECT_EQ(first.next, "/search?q=council&page=2");

  std::set<std::string> seen(first.urls.begin(), first.urls.end());
  EXPECT_EQ(seen.size(), first.urls.size());
  std::string next = first.next;
  int pages = 1;
  while (!next.empty() && pages < 10) {
    SearchResults page = SearchRaw(next.substr(std::string("/search?").size()));
    ASSERT_EQ(page.status, 200) << next;
    ++pages;
    EXPECT_EQ(page.prev, "/search?q=council&page=" + std::to_string(pages - 1));
    EXPECT_FALSE(page.urls.empty()) << next;
    for (const auto& u : page.urls) EXPECT_TRUE(seen.insert(u).second) << u << " repeated";
    next = page.next;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen.size(), 36u);
  // Every council story, each once.
  for (const auto& u : seen) EXPECT_TRUE(Contains(u, "/council-")) << u;
}

TEST_F(ReaderSearch, DiacriticsDoNotMatter) {
  TempDir dir;
  const Story cafe =
      MakeStory("cafe-reopens", "Old Café reopens on Mall Road",
                "The Café Zelda has served tea since 1948 and opens again on Monday.",
                "2026-03-01T12:00:00+05:00", {"Food"});
  const auto file = dir.path() / "cafe.md";
  std::ofstream(file) << Markdown(cafe);
  CommandResult add = Site().Cli({"article", "add", "--file", file.string()});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  ASSERT_TRUE(Contains(add.out, "/cafe-reopens")) << add.out;

  for (const std::string q : {"cafe", "CAFE", "café", "Cafè zelda"}) {
    SCOPED_TRACE(q);
    SearchResults r = Search(q);
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(r.urls.size(), 1u) << r.message;
    EXPECT_TRUE(r.urls[0].ends_with("/cafe-reopens")) << r.urls[0];
  }
  HtmlDoc doc(Site().Get("/search?q=cafe").body);
  auto marks = doc.Find("//li[@class='search-hit']/p[@class='search-snippet']/mark");
  ASSERT_FALSE(marks.empty());
  EXPECT_EQ(marks[0].text, "Café");
}

TEST_F(ReaderSearch, AnUnpublishedStoryLeavesTheResults) {
  ASSERT_EQ(Search("zeppelin").urls, std::vector<std::string>{Site().Url("airship-museum")});
  WebSession& editor = Site().Editor();
  const int64_t id = Site().Id("airship-museum");
  StoryState st = ReadStory(editor, id);
  ASSERT_EQ(st.status, "published");
  HttpResponse moved = MoveStory(editor, id, st.version, "unpublished");
  ASSERT_EQ(moved.status, 303) << moved.body;
  ASSERT_EQ(ReadStory(editor, id).status, "unpublished");

  SearchResults r = Search("zeppelin");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.urls.empty());
  EXPECT_EQ(r.message, "No stories match that search.");
  EXPECT_TRUE(Search("airship").urls.empty());
  EXPECT_EQ(Site().Get(Site().Url("airship-museum")).status, 404);
}

TEST_F(ReaderSearch, EditingTheBodyChangesWhatMatches) {
  ASSERT_EQ(Search("marmalade").urls, std::vector<std::string>{Site().Url("orchard-festival")});
  ASSERT_TRUE(Search("quince").urls.empty());
  WebSession& editor = Site().Editor();
  const int64_t id = Site().Id("orchard-festival");
  StoryState st = ReadStory(editor, id);
  ASSERT_EQ(st.status, "published");
  StoryForm form;
  form.headline = st.headline;
  form.slug = st.slug;
  form.tags = st.tags;
  form.body = "Stalls sold quince jelly made from the valley's fruit.";
  HttpResponse saved = SaveStory(editor, id, st.version, form);
  ASSERT_EQ(saved.status, 303) << saved.body;
  ASSERT_EQ(ReadStory(editor, id).status, "published");

  EXPECT_TRUE(Search("marmalade").urls.empty());
  SearchResults r = Search("quince");
  ASSERT_EQ(r.urls, std::vector<std::string>{Site().Url("orchard-festival")});
  HtmlDoc doc(Site().Get("/search?q=quince").body);
  EXPECT_EQ(doc.One("//li[@class='search-hit']/p[@class='search-snippet']/mark").text, "quince");
}

TEST_F(ReaderSearch, HostileQueriesGetAFriendlyPage) {
  // Query strings as sent (percent-encoded where a browser would).
  const std::vector<std::string> queries = {
      "q=%22",                  // "
      "q=NEAR%28",              // NEAR(
      "q=%2A",                  // *
      "q=-",                    // -
      "q=a%20OR",               // a OR
      "q=a+OR+",                // a OR (form encoding)
      "q=headline%3Ax",         // headline:x
      "q=headline%3Acouncil",   // a column filter on a real word
      "q=%28",                  // (
      "q=%29%29%29",            // )))
      "q=council%20AND%20NOT",  // dangling operators
      "q=%5E",                  // ^
      "q=%7B%7D",               // {}
      "q=%F0%9F%98%80",         // an emoji
      "q=" + std::string(300, 'a'),
      "q=" + UrlEncode(std::string(60, '(') + " council"),
      "q=council&page=abc",
      "q=council&page=0",
      "q=council&page=-1",
      "q=council&page=99999999999999999999",
      "q=council&q=parking",
      "q[]=council",
  };
  for (const auto& q : queries) {
    SCOPED_TRACE(q);
    HttpResponse r = Site().Get("/search?" + q);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 500);
    HtmlDoc doc(r.body);
    ASSERT_TRUE(doc.ok());
    // Either a friendly message, or results.
    const bool message = !doc.Find("//main//p[@class='empty']").empty();
    const bool hits = !doc.Find("//li[@class='search-hit']").empty();
    EXPECT_TRUE(message || hits) << r.body.substr(0, 2000);
  }
  // A long query is refused with a reason.
  SearchResults longer = SearchRaw("q=" + std::string(300, 'a'));
  EXPECT_TRUE(Contains(longer.message, "too long")) << longer.message;
}

// What a reader can paste into the search box but is not text: a NUL,
// bytes that are not UTF-8. Browsers send them percent-encoded; the page
// should answer as for any other query that finds nothing.
// Percent-encoded bytes that are not UTF-8 (or NUL) cannot come from the
// search box (browsers encode typed text as UTF-8); the HTTP layer refuses
// them for every URL with a 400 before any handler runs, by design. The
// point here: a clear client error, never a 5xx, and the site stays up.
TEST_F(ReaderSearch, UndecodableQueriesAreRefusedAsBadRequests) {
  for (const std::string q :
       {"q=%00", "q=council%00parking", "q=%ff", "q=%C3%28", "q=%ED%A0%80", "q=caf%E9"}) {
    SCOPED_TRACE(q);
    HttpResponse r = Site().Get("/search?" + q);
    EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
  }
  EXPECT_EQ(Site().Get("/search?q=council").status, 200);
}

// A page past the last (an old bookmark after stories were unpublished)
// says there is nothing there rather than showing an empty list.
TEST_F(ReaderSearch, APagePastTheLastSaysSo) {
  SearchResults r = SearchRaw("q=council&page=50");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.urls.empty());
  EXPECT_FALSE(r.message.empty()) << "no message on an empty page of results";
}

TEST_F(ReaderSearch, AnEmptyQueryAsksForWords) {
  for (const std::string target : {"/search", "/search?q=", "/search?q=%20%20", "/search?q=+"}) {
    SCOPED_TRACE(target);
    HttpResponse r = Site().Get(target);
    EXPECT_EQ(r.status, 200);
    HtmlDoc doc(r.body);
    EXPECT_EQ(doc.One("//main//p[@class='empty']").text, "Type a few words to search the stories.");
    EXPECT_TRUE(doc.Find("//li[@class='search-hit']").empty());
  }
}

}  // namespace
}  // namespace khabar::testing
