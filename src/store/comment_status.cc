// The names of comment statuses, as stored and as shown in the newsroom.
#include <string>
#include <string_view>
#include <utility>

#include "store/store.h"

namespace khabar {
namespace {

constexpr std::pair<CommentStatus, std::string_view> kCommentStatusNames[] = {
    {CommentStatus::kPending, "pending"},
    {CommentStatus::kApproved, "approved"},
    {CommentStatus::kRejected, "rejected"},
    {CommentStatus::kSpam, "spam"},
};

}  // namespace

std::string_view CommentStatusName(CommentStatus s) {
  for (const auto& [status, name] : kCommentStatusNames) {
    if (status == s) return name;
  }
  return "pending";
}

Result<CommentStatus> ParseCommentStatus(std::string_view name) {
  for (const auto& [status, n] : kCommentStatusNames) {
    if (n == name) return status;
  }
  return InvalidArgument("unknown comment status '" + std::string(name) +
                         "' (expected pending, approved, rejected or spam)");
}

}  // namespace khabar
