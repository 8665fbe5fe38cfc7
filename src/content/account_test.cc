#include "content/account.h"

#include <gtest/gtest.h>

namespace khabar {
namespace {

User Make(int64_t id, Role role) {
  User u;
  u.id = id;
  u.role = role;
  return u;
}

Article Story(int64_t owner, ArticleStatus status) {
  Article a;
  a.created_by = owner;
  a.status = status;
  return a;
}

TEST(Roles, NamesRoundTrip) {
  for (Role r : {Role::kReporter, Role::kEditor, Role::kAdmin}) {
    EXPECT_EQ(*ParseRole(RoleName(r)), r);
  }
  EXPECT_FALSE(ParseRole("owner"));
}

TEST(ValidateLogin, AllowsSimpleNamesOnly) {
  EXPECT_TRUE(ValidateLogin("sana.mirza").ok());
  EXPECT_FALSE(ValidateLogin("S").ok());
  EXPECT_FALSE(ValidateLogin("Sana").ok());
  EXPECT_FALSE(ValidateLogin("sana mirza").ok());
  EXPECT_FALSE(ValidateLogin("<script>").ok());
}

TEST(CanEdit, ReportersEditOnlyTheirOwnUnpublishedStories) {
  User reporter = Make(1, Role::kReporter);
  EXPECT_TRUE(CanEdit(reporter, Story(1, ArticleStatus::kDraft)));
  EXPECT_TRUE(CanEdit(reporter, Story(1, ArticleStatus::kSubmitted)));
  EXPECT_FALSE(CanEdit(reporter, Story(1, ArticleStatus::kPublished)));
  EXPECT_FALSE(CanEdit(reporter, Story(2, ArticleStatus::kDraft)));
  Article imported = Story(1, ArticleStatus::kDraft);
  imported.created_by.reset();
  EXPECT_FALSE(CanEdit(reporter, imported));
  EXPECT_TRUE(CanEdit(Make(3, Role::kEditor), Story(2, ArticleStatus::kPublished)));
  User disabled = Make(3, Role::kAdmin);
  disabled.disabled = true;
  EXPECT_FALSE(CanEdit(disabled, Story(3, ArticleStatus::kDraft)));
}

TEST(CheckTransition, FollowsTheWorkflowAndTheRoles) {
  using S = ArticleStatus;
  User reporter = Make(1, Role::kReporter), other = Make(2, Role::kReporter),
       editor = Make(3, Role::kEditor);
  EXPECT_TRUE(CheckTransition(reporter, Story(1, S::kDraft), S::kSubmitted).ok());
  EXPECT_TRUE(CheckTransition(reporter, Story(1, S::kSubmitted), S::kDraft).ok());
  EXPECT_EQ(CheckTransition(other, Story(1, S::kDraft), S::kSubmitted).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(CheckTransition(reporter, Story(1, S::kSubmitted), S::kPublished).code(),
            Code::kPermissionDenied);
  EXPECT_EQ(CheckTransition(reporter, Story(1, S::kSubmitted), S::kScheduled).code(),
            Code::kPermissionDenied);
  EXPECT_TRUE(CheckTransition(editor, Story(1, S::kSubmitted), S::kPublished).ok());
  EXPECT_TRUE(CheckTransition(editor, Story(1, S::kDraft), S::kScheduled).ok());
  EXPECT_TRUE(CheckTransition(editor, Story(1, S::kScheduled), S::kPublished).ok());
  EXPECT_TRUE(CheckTransition(editor, Story(1, S::kPublished), S::kUnpublished).ok());
  EXPECT_TRUE(CheckTransition(editor, Story(1, S::kUnpublished), S::kPublished).ok());
  EXPECT_EQ(CheckTransition(editor, Story(1, S::kPublished), S::kSubmitted).code(),
            Code::kInvalidArgument);
  EXPECT_EQ(CheckTransition(editor, Story(1, S::kPublished), S::kPublished).code(),
            Code::kInvalidArgument);
  EXPECT_EQ(CheckTransition(reporter, Story(1, S::kPublished), S::kUnpublished).code(),
            Code::kPermissionDenied);
}

}  // namespace
}  // namespace khabar
