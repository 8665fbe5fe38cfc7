#include "content/account.h"

namespace khabar {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kReporter:
      return "reporter";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "reporter";
}

Result<Role> ParseRole(std::string_view name) {
  if (name == "reporter") return Role::kReporter;
  if (name == "editor") return Role::kEditor;
  if (name == "admin") return Role::kAdmin;
  return InvalidArgument("unknown role '" + std::string(name) +
                         "' (expected reporter, editor or admin)");
}

Status ValidateLogin(std::string_view login) {
  if (login.size() < 2 || login.size() > 40) {
    return Status(Code::kInvalidArgument, "login must be 2 to 40 characters");
  }
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) {
      return Status(Code::kInvalidArgument,
                    "login '" + std::string(login) + "' may use only a-z, 0-9, '.', '_' and '-'");
    }
  }
  return Status::Ok();
}

bool CanPublish(const User& user) { return !user.disabled && user.role >= Role::kEditor; }
bool CanCreateSections(const User& user) { return CanPublish(user); }
bool CanModerate(const User& user) { return !user.disabled && user.role >= Role::kEditor; }
bool CanAdminister(const User& user) { return !user.disabled && user.role == Role::kAdmin; }

bool CanEdit(const User& user, const Article& article) {
  if (user.disabled) return false;
  if (CanPublish(user)) return true;
  const bool own = article.created_by && *article.created_by == user.id;
  return own &&
         (article.status == ArticleStatus::kDraft || article.status == ArticleStatus::kSubmitted);
}

Status CheckTransition(const User& user, const Article& article, ArticleStatus to) {
  using S = ArticleStatus;
  const S from = article.status;
  auto refuse = [&](std::string why) { return Status(Code::kPermissionDenied, std::move(why)); };
  auto invalid = [&] {
    return Status(Code::kInvalidArgument, "a story cannot go from " +
                                              std::string(ArticleStatusName(from)) + " to " +
                                              std::string(ArticleStatusName(to)));
  };
  if (user.disabled) return refuse("this account is disabled");
  if (from == to) return invalid();
  const bool editor = CanPublish(user);
  const bool own = article.created_by && *article.created_by == user.id;
  switch (to) {
    case S::kSubmitted:
      if (from != S::kDraft) return invalid();
      if (!editor && !own) return refuse("only its reporter or an editor can submit this story");
      return Status::Ok();
    case S::kDraft:
      if (from == S::kSubmitted) {
        if (!editor && !own) return refuse("only its reporter or an editor can withdraw it");
        return Status::Ok();
      }
      if (from != S::kScheduled && from != S::kUnpublished) return invalid();
      if (!editor) return refuse("only an editor can do that");
      return Status::Ok();
    case S::kScheduled:
    case S::kPublished:
      if (from == S::kPublished) return invalid();
      if (to == S::kScheduled && from == S::kScheduled) return invalid();
      if (!editor) return refuse("only an editor can publish or schedule a story");
      return Status::Ok();
    case S::kUnpublished:
      if (from != S::kPublished) return invalid();
      if (!editor) return refuse("only an editor can unpublish a story");
      return Status::Ok();
  }
  return invalid();
}

}  // namespace khabar
