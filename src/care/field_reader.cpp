#include "care/field_reader.h"

#include "care/person_validation.h"
#include "core/id.h"
#include "core/japanese_text.h"

namespace care::fields {

std::string_view Trim(std::string_view s) {
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  for (;;) {
    size_t before = s.size();
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    // Ideographic spaces (U+3000) typed by Japanese IMEs count as white space too.
    while (s.starts_with("\xE3\x80\x80")) s.remove_prefix(3);
    while (s.ends_with("\xE3\x80\x80")) s.remove_suffix(3);
    if (s.size() == before) return s;
  }
}

bool HasControlChars(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) return true;
    if (c == 0x7F) return true;
  }
  return false;
}

std::string OneOfMessage(Codes allowed) {
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
  return "次のいずれかを指定してください (one of): " + list;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

void PutDate(json::object& out, std::string_view key, const std::optional<core::Date>& d) {
  if (d) out[key] = core::FormatIsoDate(*d);
}

std::optional<std::string> Phone(Reader& in, std::string_view key) {
  auto s = in.Str(key, 20);
  if (!s) return std::nullopt;
  std::string folded = core::FoldWidth(*s);
  if (!IsPhoneNumber(folded)) {
    in.Error(in.Path(key), "format",
             "電話番号は数字とハイフンで入力してください (digits and hyphens)");
    return std::nullopt;
  }
  return folded;
}

std::optional<std::string> Kana(Reader& in, std::string_view key, bool required) {
  auto s = in.Str(key, kName, false, required);
  if (!s) return std::nullopt;
  if (!core::IsKanaName(*s)) {
    in.Error(in.Path(key), "kana_only", "カタカナまたはひらがなで入力してください (kana only)");
    return std::nullopt;
  }
  return core::ToFullWidthKatakana(*s);
}

std::optional<std::string> Id(Reader& in, std::string_view key, bool required) {
  auto s = in.Str(key, 64, false, required);
  if (!s) return std::nullopt;
  if (!core::IsValidId(*s)) {
    in.Error(in.Path(key), "format", "IDの形式が正しくありません (malformed id)");
    return std::nullopt;
  }
  return s;
}

void Ordered(Reader& in, const std::optional<core::Date>& start,
             const std::optional<core::Date>& end, std::string_view end_key) {
  if (start && end && *end < *start) {
    in.Error(in.Path(end_key), "before_start", "開始日より前の日付です (ends before it starts)");
  }
}

core::Result<void> Done(std::vector<FieldError>& errors) {
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return core::Ok();
}

}  // namespace care::fields
