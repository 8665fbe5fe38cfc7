// Status and Result<T>: errors as values at every module boundary.
//
// A Status is a code from one small vocabulary plus a message meant for a
// person ("front matter: line 3: 'published' is not an ISO 8601 time").
// Result<T> is "a T or a Status" (std::expected). Nothing in khabar throws
// across a module boundary; code that calls a throwing library catches at
// the boundary and returns a Status.
//
// The HTTP layer maps codes to status codes in exactly one place
// (http/status_map.h).
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace khabar {

// Code is the vocabulary of errors. Keep it small; add a code only when a
// caller must react to it differently.
enum class Code {
  kOk = 0,
  kInvalidArgument,    // bad input: a file, a setting, a form field, a URL
  kNotFound,           // the thing asked for does not exist
  kAlreadyExists,      // a unique key is taken
  kConflict,           // a concurrent change won (optimistic locking)
  kPermissionDenied,   // authenticated but not allowed
  kUnauthenticated,    // not logged in
  kResourceExhausted,  // a limit was hit (size, rate)
  kUnavailable,        // a dependency is down; retrying may help
  kInternal,           // a bug or an unexpected failure of a library
};

// CodeName returns a stable lower-case name for `code` ("not_found").
std::string_view CodeName(Code code);

// Status is the result of an operation that returns no value.
class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // ToString returns "not_found: message".
  std::string ToString() const;

  // WithContext returns a copy whose message is prefixed with `context`
  // ("article.md: " + message), so errors name where they happened.
  Status WithContext(std::string_view context) const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

// Result is a value of type T or a non-OK Status.
template <typename T>
using Result = std::expected<T, Status>;

// Error helpers, usable as `return InvalidArgument("...")` from a function
// returning Result<T> or Status.
inline std::unexpected<Status> Err(Code code, std::string message) {
  return std::unexpected<Status>(Status(code, std::move(message)));
}
inline std::unexpected<Status> Err(Status status) {
  return std::unexpected<Status>(std::move(status));
}
inline std::unexpected<Status> InvalidArgument(std::string m) {
  return Err(Code::kInvalidArgument, std::move(m));
}
inline std::unexpected<Status> NotFound(std::string m) {
  return Err(Code::kNotFound, std::move(m));
}
inline std::unexpected<Status> Internal(std::string m) {
  return Err(Code::kInternal, std::move(m));
}

// StatusOf converts a Result (or Status) to a Status, dropping the value.
template <typename T>
Status StatusOf(const Result<T>& r) {
  return r ? Status() : r.error();
}

}  // namespace khabar
