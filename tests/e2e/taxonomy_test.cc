// Who makes names public, over HTTP on the real binary (issue 15).
//
// L1: a tag or author only unpublished stories carry is not public: its
// page is a 404, the pages sitemap leaves it out and the API's filters
// answer the 404 of an unknown name. Publishing the first story makes it
// public at once (the page cache included); unpublishing the last one
// makes it private again.
// M3: sections are an editor's decision: a reporter's unknown section
// name is a 4xx naming the field and creates nothing; an editor's creates
// the section.
// M2: a story carries at most [limits] tags_per_story tags: more is a 4xx
// naming the field, never a 500.
#include <gtest/gtest.h>

#include <string>

#include "support/html.h"
#include "support/newsroom_site.h"

namespace khabar::testing {
namespace {

const std::string kNow = "2026-03-02T10:00:00+05:00";

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class NewsroomTaxonomy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new NewsroomSite(kNow);
    ASSERT_TRUE(site_->running()) << site_->Log();
    ASSERT_EQ(site_->AddUser("rita", "reporter", "rita-password-1"), 0);
    ASSERT_EQ(site_->AddUser("eddie", "editor", "eddie-password-1"), 0);
    reporter_ = new WebSession(site_->SignIn("rita", "rita-password-1"));
    editor_ = new WebSession(site_->SignIn("eddie", "eddie-password-1"));
    // The desk reporters file under.
    StoryForm first;
    first.headline = "Desk opens";
    first.section = "World";
    ASSERT_GT(CreateStory(*editor_, first), 0);
  }
  static void TearDownTestSuite() {
    delete reporter_;
    delete editor_;
    delete site_;
  }

  // Read is a reader's GET: no cookie, so the page cache answers.
  static HttpResponse Read(const std::string& path) {
    WebSession reader(site_->port());
    return reader.Get(path);
  }
  // Create posts the editor form as `session` and returns the answer.
  static HttpResponse Create(WebSession& session, const StoryForm& form) {
    session.Get("/admin/stories/new");
    return session.PostMultipart("/admin/stories", form.Build(session.csrf(), std::nullopt), {});
  }

  static NewsroomSite* site_;
  static WebSession* reporter_;
  static WebSession* editor_;
};

NewsroomSite* NewsroomTaxonomy::site_ = nullptr;
WebSession* NewsroomTaxonomy::reporter_ = nullptr;
WebSession* NewsroomTaxonomy::editor_ = nullptr;

TEST_F(NewsroomTaxonomy, ADraftsNamesArePublicOnlyWhileOneOfItsStoriesIsLive) {
  StoryForm form;
  form.headline = "Merger talks in secret";
  form.section = "World";
  form.tags = "Secret Merger";
  form.authors = "Hidden Hand";
  const int64_t id = CreateStory(*reporter_, form);
  ASSERT_GT(id, 0);

  auto expect_public = [&](bool visible, const std::string& when) {
    SCOPED_TRACE(when);
    const int want = visible ? 200 : 404;
    // Read twice: the second answer may come from the page cache.
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(Read("/tag/secret-merger").status, want);
      EXPECT_EQ(Read("/author/hidden-hand").status, want);
      EXPECT_EQ(Read("/api/v1/articles?tag=secret-merger").status, want);
      EXPECT_EQ(Read("/api/v1/articles?author=hidden-hand").status, want);
      EXPECT_EQ(Read("/tag/secret-merger/feed.xml").status == 200, visible);
      HttpResponse sitemap = Read("/sitemaps/pages.xml");
      ASSERT_EQ(sitemap.status, 200);
      EXPECT_EQ(Contains(sitemap.body, "/tag/secret-merger"), visible);
      HttpResponse tags = Read("/api/v1/tags?q=secret");
      ASSERT_EQ(tags.status, 200);
      EXPECT_EQ(Contains(tags.body, "Secret Merger"), visible) << tags.body;
    }
  };
  expect_public(false, "a draft");

  // Scheduled for tomorrow: still private.
  StoryState s = ReadStory(*editor_, id);
  ASSERT_EQ(MoveStory(*editor_, id, s.version, "scheduled", "2026-03-03T09:30").status, 303);
  expect_public(false, "scheduled");

  s = ReadStory(*editor_, id);
  ASSERT_EQ(MoveStory(*editor_, id, s.version, "published").status, 303);
  expect_public(true, "published");

  s = ReadStory(*editor_, id);
  ASSERT_EQ(MoveStory(*editor_, id, s.version, "unpublished").status, 303);
  expect_public(false, "unpublished");
}

TEST_F(NewsroomTaxonomy, OnlyEditorsCreateSections) {
  StoryForm form;
  form.headline = "Reporter files under a new desk";
  form.section = "Reporters Desk";
  HttpResponse refused = Create(*reporter_, form);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(Contains(refused.body, "section: there is no section")) << refused.body;
  // What they typed is still there to pick from, and nothing was made.
  EXPECT_EQ(Read("/section/reporters-desk").status, 404);
  EXPECT_FALSE(Contains(Read("/api/v1/sections").body, "Reporters Desk"));
  EXPECT_FALSE(Contains(Read("/sitemaps/pages.xml").body, "/section/reporters-desk"));
  EXPECT_FALSE(Contains(Read("/").body, "/section/reporters-desk"));

  // The reporter's editor offers the sections there are, as a select.
  HttpResponse editor_page = reporter_->Get("/admin/stories/new");
  ASSERT_EQ(editor_page.status, 200);
  HtmlDoc doc(editor_page.body);
  EXPECT_EQ(doc.Find("//select[@name='section']/option[@value='World']").size(), 1u);

  // An existing section, by any spelling of its name, is fine.
  form.section = "world";
  EXPECT_GT(CreateStory(*reporter_, form), 0);

  // An editor's new name makes the section.
  form.headline = "Editor opens a new desk";
  form.section = "Reporters Desk";
  EXPECT_GT(CreateStory(*editor_, form), 0);
  EXPECT_EQ(Read("/section/reporters-desk").status, 200);
  EXPECT_TRUE(Contains(Read("/api/v1/sections").body, "Reporters Desk"));
}

TEST_F(NewsroomTaxonomy, TooManyTagsIsABadRequestNamingTheField) {
  StoryForm form;
  form.headline = "Tag soup";
  form.section = "World";
  for (int i = 0; i < 31; ++i) form.tags += (i ? ", Soup " : "Soup ") + std::to_string(i);
  HttpResponse refused = Create(*editor_, form);
  EXPECT_EQ(refused.status, 400) << refused.body;
  EXPECT_TRUE(Contains(refused.body, "tags: at most 30 per story (this one has 31)"));
  // Thirty is fine.
  form.tags = form.tags.substr(0, form.tags.rfind(','));
  EXPECT_GT(CreateStory(*editor_, form), 0);
}

}  // namespace
}  // namespace khabar::testing
