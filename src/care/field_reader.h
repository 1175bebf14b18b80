// Reading request JSON field by field: every problem is collected with the path of the field at
// fault (`key_persons.items[1].phones[0]`), so one answer names them all. Shared by the person,
// profile-part and consent parsers of the care module and by the emergency module's parsers.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "care/codes.h"
#include "core/result.h"
#include "core/utf8.h"
#include "core/wareki.h"

namespace care::fields {

namespace json = boost::json;
using core::FieldError;
using Codes = std::span<const std::string_view>;

// Limits of the contract: names and other short text ≤ 100 characters, notes ≤ 2000, lists ≤ 50
// items.
constexpr size_t kName = 100;
constexpr size_t kNote = 2000;
constexpr size_t kListItems = 50;

std::string_view Trim(std::string_view s);
bool HasControlChars(std::string_view s, bool multiline);
std::string OneOfMessage(Codes allowed);
bool AllDigits(std::string_view s);

/// Reads the members of one JSON object, each checked and named by its path below `prefix`.
/// Problems go to the shared list; Finish() reports members that were never asked for.
class Reader {
 public:
  Reader(const json::object& obj, std::string prefix, std::vector<FieldError>& errors)
      : obj_(obj), prefix_(std::move(prefix)), errors_(errors) {}

  std::string Path(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }
  const std::string& prefix() const { return prefix_; }
  std::vector<FieldError>& errors() { return errors_; }
  void Error(std::string path, std::string code, std::string message) {
    errors_.push_back({std::move(path), std::move(code), std::move(message)});
  }

  /// The member, or nullptr when absent or null; marks it as known either way.
  const json::value* Take(std::string_view key) {
    seen_.emplace(key);
    auto it = obj_.find(key);
    if (it == obj_.end() || it->value().is_null()) return nullptr;
    return &it->value();
  }

  /// Trimmed text; an empty string counts as absent.
  std::optional<std::string> Str(std::string_view key, size_t max_chars, bool multiline = false,
                                 bool required = false) {
    const json::value* v = Take(key);
    if (!v) {
      if (required) Error(Path(key), "required", "入力してください (required)");
      return std::nullopt;
    }
    return Text(*v, Path(key), max_chars, multiline, required);
  }

  std::string Required(std::string_view key, size_t max_chars, bool multiline = false) {
    return Str(key, max_chars, multiline, true).value_or("");
  }

  /// A text value at `path` (also used for array items).
  std::optional<std::string> Text(const json::value& v, const std::string& path, size_t max_chars,
                                  bool multiline, bool required) {
    if (!v.is_string()) {
      Error(path, "type", "文字列で指定してください (must be a string)");
      return std::nullopt;
    }
    std::string_view raw(v.as_string());
    if (!core::IsValidUtf8(raw)) {
      Error(path, "encoding", "文字コードが正しくありません (invalid UTF-8)");
      return std::nullopt;
    }
    std::string_view s = Trim(raw);
    if (HasControlChars(s, multiline)) {
      Error(path, "control_chars", "使用できない制御文字が含まれています (control characters)");
      return std::nullopt;
    }
    if (core::Utf8Length(s) > max_chars) {
      Error(path, "too_long",
            std::to_string(max_chars) + "文字以内で入力してください (at most " +
                std::to_string(max_chars) + " characters)");
      return std::nullopt;
    }
    if (s.empty()) {
      if (required) Error(path, "required", "入力してください (required)");
      return std::nullopt;
    }
    return std::string(s);
  }

  /// A calendar date written YYYY-MM-DD.
  std::optional<core::Date> Date(std::string_view key, bool required = false) {
    auto s = Str(key, 10, false, required);
    if (!s) return std::nullopt;
    auto d = core::ParseIsoDate(*s);
    if (!d) {
      Error(Path(key), "date_format",
            "日付は YYYY-MM-DD の形式の正しい日付にしてください (a real date as YYYY-MM-DD)");
    }
    return d;
  }

  /// A date that must not lie after `today`.
  std::optional<core::Date> PastDate(std::string_view key, const core::Date& today,
                                     bool required = false) {
    auto d = Date(key, required);
    if (d && *d > today) {
      Error(Path(key), "future", "未来の日付は指定できません (date is in the future)");
      return std::nullopt;
    }
    return d;
  }

  std::optional<std::string> Enum(std::string_view key, Codes allowed, bool required = false) {
    size_t before = errors_.size();
    auto s = Str(key, 64, false, required);
    if (!s) return std::nullopt;
    if (IsOneOf(allowed, *s)) return s;
    if (errors_.size() == before) Error(Path(key), "not_allowed", OneOfMessage(allowed));
    return std::nullopt;
  }

  std::optional<int64_t> Int(std::string_view key, int64_t min, int64_t max,
                             bool required = false) {
    const json::value* v = Take(key);
    if (!v) {
      if (required) Error(Path(key), "required", "入力してください (required)");
      return std::nullopt;
    }
    std::optional<int64_t> out;
    if (v->is_int64()) {
      out = v->as_int64();
    } else if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
      out = static_cast<int64_t>(v->as_uint64());
    }
    if (!out) {
      Error(Path(key), "type", "整数で指定してください (must be an integer)");
      return std::nullopt;
    }
    if (*out < min || *out > max) {
      Error(Path(key), "out_of_range",
            std::to_string(min) + "〜" + std::to_string(max) +
                "の範囲で指定してください (out of range)");
      return std::nullopt;
    }
    return out;
  }

  std::optional<double> Number(std::string_view key, double min, double max,
                               const std::string& range_message) {
    const json::value* v = Take(key);
    if (!v) return std::nullopt;
    if (!v->is_number()) {
      Error(Path(key), "type", "数値で指定してください (must be a number)");
      return std::nullopt;
    }
    double d = v->to_number<double>();
    if (!(d >= min && d <= max)) {
      Error(Path(key), "out_of_range", range_message);
      return std::nullopt;
    }
    return d;
  }

  std::optional<bool> Bool(std::string_view key, bool required = false) {
    const json::value* v = Take(key);
    if (!v) {
      if (required) Error(Path(key), "required", "入力してください (required)");
      return std::nullopt;
    }
    if (!v->is_bool()) {
      Error(Path(key), "type", "true か false で指定してください (must be a boolean)");
      return std::nullopt;
    }
    return v->as_bool();
  }

  /// An array of at most `max_items`; nullptr when absent or wrong.
  const json::array* Array(std::string_view key, size_t max_items, bool required = false) {
    const json::value* v = Take(key);
    if (!v) {
      if (required) Error(Path(key), "required", "入力してください (required)");
      return nullptr;
    }
    if (!v->is_array()) {
      Error(Path(key), "type", "配列で指定してください (must be an array)");
      return nullptr;
    }
    if (v->as_array().size() > max_items) {
      Error(Path(key), "too_many",
            std::to_string(max_items) + "件以内にしてください (at most " +
                std::to_string(max_items) + " items)");
      return nullptr;
    }
    return &v->as_array();
  }

  const json::object* Object(std::string_view key, bool required = false) {
    const json::value* v = Take(key);
    if (!v) {
      if (required) Error(Path(key), "required", "入力してください (required)");
      return nullptr;
    }
    if (!v->is_object()) {
      Error(Path(key), "type", "オブジェクトで指定してください (must be an object)");
      return nullptr;
    }
    return &v->as_object();
  }

  /// Calls `each(reader, index)` for every item of the array `key`, each an object read at
  /// `key[i]`; items that are not objects are reported.
  template <typename F>
  void Objects(std::string_view key, bool required, F&& each) {
    const json::array* items = Array(key, kListItems, required);
    if (!items) return;
    for (size_t i = 0; i < items->size(); ++i) {
      std::string path = Path(key) + "[" + std::to_string(i) + "]";
      const json::value& item = (*items)[i];
      if (!item.is_object()) {
        Error(path, "type", "オブジェクトで指定してください (must be an object)");
        continue;
      }
      Reader r(item.as_object(), path, errors_);
      each(r, i);
      r.Finish();
    }
  }

  /// Reports members nobody asked for (typos must not silently drop data).
  void Finish() {
    for (const auto& kv : obj_) {
      if (!seen_.contains(std::string_view(kv.key()))) {
        Error(Path(kv.key()), "unknown_field", "不明な項目です (unknown field)");
      }
    }
  }

 private:
  const json::object& obj_;
  std::string prefix_;
  std::vector<FieldError>& errors_;
  std::set<std::string, std::less<>> seen_;
};

/// Sets `out[key]` when the value is present.
template <typename T>
void Put(json::object& out, std::string_view key, const std::optional<T>& v) {
  if (v) out[key] = *v;
}
void PutDate(json::object& out, std::string_view key, const std::optional<core::Date>& d);
/// A phone number (width folded), or a `format` error.
std::optional<std::string> Phone(Reader& in, std::string_view key);
/// A kana name, stored as full-width katakana, or a `kana_only` error.
std::optional<std::string> Kana(Reader& in, std::string_view key, bool required);
/// An application id (UUID text), or a `format` error.
std::optional<std::string> Id(Reader& in, std::string_view key, bool required);
/// Reports `end_key` when both dates are there and the end comes first.
void Ordered(Reader& in, const std::optional<core::Date>& start,
             const std::optional<core::Date>& end, std::string_view end_key);
/// The collected errors as one validation error, or Ok when there are none.
core::Result<void> Done(std::vector<FieldError>& errors);

}  // namespace care::fields
