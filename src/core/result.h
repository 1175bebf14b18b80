// Errors as values: every expected failure travels as an Error inside a Result<T>.
// One middleware maps ErrorCode to the HTTP status and the JSON error body.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace core {

enum class ErrorCode {
  kInvalid,           // 400: validation failed; `field` names the input that is wrong
  kUnauthenticated,   // 401
  kForbidden,         // 403
  kNotFound,          // 404
  kMethodNotAllowed,  // 405
  kConflict,          // 409
  kGone,              // 410: existed but ended for good (a revoked card, a used-up link)
  kTooLarge,          // 413
  kUnsupportedMedia,  // 415
  kUnprocessable,     // 422: well-formed but cannot be acted on (e.g. CSV in an unknown encoding)
  kRateLimited,       // 429
  kUnavailable,       // 503: shutting down, database busy beyond retries
  kInternal,          // 500: a bug; message is logged, never sent to the client
};

/// One problem with one input field, for validation errors with several fields at once.
struct FieldError {
  std::string field;
  std::string code;     // machine-readable, e.g. "required", "too_long", "format"
  std::string message;  // for people (Japanese or English is chosen by the client from `code`)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;                // the first field at fault, if any
  std::vector<FieldError> details;  // all fields at fault, if several
  int retry_after_seconds = 0;      // for kRateLimited / kUnavailable

  static Error Make(ErrorCode code, std::string message, std::string field = {}) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.field = std::move(field);
    return e;
  }
  static Error Invalid(std::string field, std::string message, std::string code = "invalid") {
    Error e = Make(ErrorCode::kInvalid, message, field);
    e.details.push_back({std::move(field), std::move(code), std::move(message)});
    return e;
  }
  static Error Fields(std::vector<FieldError> details) {
    Error e = Make(ErrorCode::kInvalid, "入力内容に誤りがあります (validation failed)");
    if (!details.empty()) e.field = details.front().field;
    e.details = std::move(details);
    return e;
  }
  static Error Unauthenticated(
      std::string message = "ログインが必要です (authentication required)") {
    return Make(ErrorCode::kUnauthenticated, std::move(message));
  }
  static Error Forbidden(std::string message = "権限がありません (forbidden)") {
    return Make(ErrorCode::kForbidden, std::move(message));
  }
  static Error NotFound(std::string message = "見つかりません (not found)") {
    return Make(ErrorCode::kNotFound, std::move(message));
  }
  static Error Conflict(std::string message, std::string field = {}) {
    return Make(ErrorCode::kConflict, std::move(message), std::move(field));
  }
  static Error Unavailable(std::string message) {
    return Make(ErrorCode::kUnavailable, std::move(message));
  }
  static Error Internal(std::string message) {
    return Make(ErrorCode::kInternal, std::move(message));
  }
  static Error Of(ErrorCode code, std::string message) { return Make(code, std::move(message)); }
};

/// Result<T> holds either a value or an Error. Result<void> holds nothing or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& {
    assert(!ok_);
    return error_;
  }
  Error&& error() && {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace core

// Propagate an error from an expression returning Result<...>.
#define TRY_CONCAT_INNER(a, b) a##b
#define TRY_CONCAT(a, b) TRY_CONCAT_INNER(a, b)
#define RETURN_IF_ERROR(expr)                                     \
  do {                                                            \
    auto&& try_result_ = (expr);                                  \
    if (!try_result_.ok()) return std::move(try_result_).error(); \
  } while (0)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)   \
  auto tmp = (expr);                            \
  if (!tmp.ok()) return std::move(tmp).error(); \
  lhs = std::move(tmp).value()
#define ASSIGN_OR_RETURN(lhs, expr) ASSIGN_OR_RETURN_IMPL(TRY_CONCAT(try_tmp_, __LINE__), lhs, expr)
