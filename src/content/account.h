// Newsroom accounts and what each role may do. Pure values and rules: the
// checks here are what the server enforces, whatever the UI shows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"
#include "content/article.h"

namespace khabar {

// Role is a newsroom job. Each role can do everything the one before it can.
//   reporter: writes, edits and submits their own stories while they are
//             drafts or submitted;
//   editor:   edits anyone's story, publishes, schedules, unpublishes,
//             moderates;
//   admin:    also manages users, sections, tags, authors and settings.
enum class Role { kReporter = 1, kEditor = 2, kAdmin = 3 };

std::string_view RoleName(Role r);  // "reporter"
Result<Role> ParseRole(std::string_view name);

// User is a newsroom account (never a reader).
struct User {
  int64_t id = 0;
  std::string login;         // unique, case-insensitive, [a-z0-9._-]
  std::string display_name;  // "Sana Mirza"; the default byline
  Role role = Role::kReporter;
  bool disabled = false;
  Seconds created_at{};
  Seconds password_changed_at{};
};

// ValidateLogin checks a login name: 2..40 of a-z, 0-9, '.', '_', '-'.
Status ValidateLogin(std::string_view login);

// ---- What a user may do (REQUIRES: user is not disabled) ----

// CanEdit: editors and admins edit any story; a reporter edits a story they
// created while it is a draft or submitted.
bool CanEdit(const User& user, const Article& article);
// CanPublish: publish, schedule, unpublish, and edit published stories.
bool CanPublish(const User& user);
// CanCreateSections: add a section by typing a new name in the editor
// (editors and admins; reporters pick an existing one).
bool CanCreateSections(const User& user);
// CanModerate: comments (a later issue).
bool CanModerate(const User& user);
// CanAdminister: users, sections, tags, authors, settings, Hijri records.
bool CanAdminister(const User& user);

// CanTransition reports whether `user` may move `article` to `to`, and the
// move is one the workflow allows:
//   draft -> submitted                   (its reporter, or an editor)
//   submitted -> draft                   (its reporter withdraws; an editor returns it)
//   draft|submitted|unpublished -> scheduled|published   (editor)
//   scheduled -> published|draft         (editor)
//   published -> unpublished             (editor)
//   unpublished -> draft                 (editor)
Status CheckTransition(const User& user, const Article& article, ArticleStatus to);

}  // namespace khabar
