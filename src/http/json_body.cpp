#include "http/json_body.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "core/utf8.h"

namespace http {
namespace json = boost::json;

namespace {

std::string_view TrimSpaces(std::string_view s) {
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  // Ideographic spaces (U+3000) typed by Japanese IMEs count as white space too.
  while (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
  while (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
  return s;
}

bool HasControlChars(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) return true;
    if (c == 0x7F) return true;
  }
  return false;
}

}  // namespace

core::Result<JsonBody> JsonBody::Parse(const Request& request) {
  auto type = request.Header("content-type").value_or("");
  if (!type.starts_with("application/json")) {
    return core::Error::Of(
        core::ErrorCode::kUnsupportedMedia,
        "Content-Type は application/json にしてください (expected application/json)");
  }
  return ParseText(request.body);
}

core::Result<JsonBody> JsonBody::ParseText(std::string_view text) {
  json::parse_options opts;
  opts.max_depth = 32;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec, {}, opts);
  if (ec) {
    return core::Error::Invalid("body",
                                "本文が正しいJSONではありません (malformed JSON or invalid UTF-8)",
                                "malformed_json");
  }
  if (!v.is_object()) {
    return core::Error::Invalid(
        "body", "本文はJSONオブジェクトにしてください (body must be a JSON object)", "not_object");
  }
  return JsonBody(std::move(v.as_object()));
}

const json::value* JsonBody::Take(std::string_view field) {
  seen_.emplace(field);
  auto it = object_.find(field);
  if (it == object_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

const json::value* JsonBody::Raw(std::string_view field) { return Take(field); }

void JsonBody::AddError(std::string field, std::string code, std::string message) {
  errors_.push_back({std::move(field), std::move(code), std::move(message)});
}

std::optional<std::string> JsonBody::String(std::string_view field, size_t max_chars,
                                            bool multiline) {
  const json::value* v = Take(field);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    AddError(std::string(field), "type", "文字列で指定してください (must be a string)");
    return std::nullopt;
  }
  std::string_view s = TrimSpaces(std::string_view(v->as_string()));
  if (HasControlChars(s, multiline)) {
    AddError(std::string(field), "control_chars",
             "使用できない制御文字が含まれています (control characters)");
    return std::nullopt;
  }
  if (core::Utf8Length(s) > max_chars) {
    AddError(std::string(field), "too_long",
             std::to_string(max_chars) + "文字以内で入力してください (at most " +
                 std::to_string(max_chars) + " characters)");
    return std::nullopt;
  }
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

std::string JsonBody::RequiredString(std::string_view field, size_t max_chars, bool multiline) {
  size_t had_error = errors_.size();
  auto s = String(field, max_chars, multiline);
  if (!s && errors_.size() == had_error) {
    AddError(std::string(field), "required", "入力してください (required)");
  }
  return s.value_or(std::string());
}

std::optional<int64_t> JsonBody::Int(std::string_view field, int64_t min, int64_t max) {
  const json::value* v = Take(field);
  if (!v) return std::nullopt;
  std::optional<int64_t> out;
  if (v->is_int64())
    out = v->as_int64();
  else if (v->is_uint64() && v->as_uint64() <= INT64_MAX)
    out = static_cast<int64_t>(v->as_uint64());
  else if (v->is_double() && std::floor(v->as_double()) == v->as_double() &&
           std::abs(v->as_double()) < 9e15)
    out = static_cast<int64_t>(v->as_double());
  if (!out) {
    AddError(std::string(field), "type", "整数で指定してください (must be an integer)");
    return std::nullopt;
  }
  if (*out < min || *out > max) {
    AddError(std::string(field), "out_of_range",
             std::to_string(min) + "〜" + std::to_string(max) +
                 "の範囲で指定してください (out of range)");
    return std::nullopt;
  }
  return out;
}

std::optional<double> JsonBody::Number(std::string_view field, double min, double max) {
  const json::value* v = Take(field);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    AddError(std::string(field), "type", "数値で指定してください (must be a number)");
    return std::nullopt;
  }
  double d = v->to_number<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    AddError(std::string(field), "out_of_range", "範囲外の値です (out of range)");
    return std::nullopt;
  }
  return d;
}

std::optional<bool> JsonBody::Bool(std::string_view field) {
  const json::value* v = Take(field);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    AddError(std::string(field), "type", "true か false で指定してください (must be a boolean)");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::vector<std::string>> JsonBody::StringArray(std::string_view field,
                                                              size_t max_items, size_t max_chars) {
  const json::value* v = Take(field);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->as_array().size() > max_items) {
    AddError(
        std::string(field), "type",
        std::to_string(max_items) + "件以内の文字列の配列で指定してください (array of strings)");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string() || core::Utf8Length(item.as_string()) > max_chars ||
        HasControlChars(item.as_string(), false)) {
      AddError(std::string(field), "item", "配列の要素が正しくありません (invalid item)");
      return std::nullopt;
    }
    out.emplace_back(item.as_string());
  }
  return out;
}

std::optional<std::string> JsonBody::Enum(std::string_view field,
                                          const std::vector<std::string>& allowed) {
  size_t before = errors_.size();
  auto s = String(field, 64);
  if (!s) return std::nullopt;
  for (const auto& a : allowed) {
    if (a == *s) return s;
  }
  if (errors_.size() == before) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    AddError(std::string(field), "not_allowed", "次のいずれかを指定してください (one of): " + list);
  }
  return std::nullopt;
}

core::Result<void> JsonBody::Finish() {
  for (const auto& kv : object_) {
    if (!seen_.contains(std::string_view(kv.key()))) {
      AddError(std::string(kv.key()), "unknown_field", "不明な項目です (unknown field)");
    }
  }
  if (!errors_.empty()) return core::Error::Fields(std::move(errors_));
  return core::Ok();
}

Response JsonResponse(int status, const json::value& value) {
  return Response::Json(status, json::serialize(value));
}

int StatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalid:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMedia:
      return 415;
    case ErrorCode::kUnprocessable:
      return 422;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view CodeName(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalid:
      return "invalid";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kMethodNotAllowed:
      return "method_not_allowed";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kGone:
      return "gone";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUnsupportedMedia:
      return "unsupported_media_type";
    case ErrorCode::kUnprocessable:
      return "unprocessable";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Response ErrorResponse(const core::Error& error, std::string_view request_id) {
  json::object e;
  e["code"] = CodeName(error.code);
  // Internal errors never leak their message (it may carry SQL or paths); it is logged instead.
  e["message"] = error.code == core::ErrorCode::kInternal
                     ? "サーバー内部でエラーが発生しました (internal error)"
                     : error.message;
  if (!error.field.empty()) e["field"] = error.field;
  if (!error.details.empty()) {
    json::array details;
    for (const auto& d : error.details) {
      details.push_back(json::object{{"field", d.field}, {"code", d.code}, {"message", d.message}});
    }
    e["details"] = std::move(details);
  }
  e["request_id"] = request_id;
  Response r = JsonResponse(StatusFor(error.code), json::object{{"error", std::move(e)}});
  if (error.retry_after_seconds > 0) {
    r.headers.Add("Retry-After", std::to_string(error.retry_after_seconds));
  }
  return r;
}

}  // namespace http
