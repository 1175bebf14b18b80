#include "care/person_validation.h"

#include <array>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <set>

#include "care/codes.h"
#include "core/id.h"
#include "core/japanese_text.h"
#include "core/municipality_code.h"
#include "core/utf8.h"

namespace care {
namespace {

namespace json = boost::json;
using core::FieldError;
using Codes = std::span<const std::string_view>;

// Limits of the contract: names and other short text ≤ 100, notes ≤ 2000, lists ≤ 50 items.
constexpr size_t kName = 100;
constexpr size_t kNote = 2000;
constexpr size_t kListItems = 50;

constexpr std::array<std::string_view, 3> kLocationSources = {"geocoded", "map", "none"};
constexpr std::array<std::string_view, 10> kCareLevels = {
    "jigyo_taisho", "support_1", "support_2", "care_1",         "care_2",
    "care_3",       "care_4",    "care_5",    "not_applicable", "applying"};
constexpr std::array<std::string_view, 6> kSupportCategories = {"1", "2", "3", "4", "5", "6"};
constexpr std::array<std::string_view, 3> kCertificateTypes = {"physical", "intellectual",
                                                               "mental"};
constexpr std::array<std::string_view, 5> kProviderRoles = {
    "primary_doctor", "primary_dentist", "pharmacy", "care_manager", "visiting_nurse"};
constexpr std::array<std::string_view, 3> kSeverities = {"mild", "moderate", "severe"};
constexpr std::array<std::string_view, 11> kDeviceTypes = {
    "home_oxygen",  "ventilator",       "gastrostomy", "suction",      "pacemaker", "dialysis",
    "tracheostomy", "urinary_catheter", "iv_line",     "insulin_pump", "other"};
constexpr std::array<std::string_view, 5> kArrangements = {"alone", "spouse_only", "with_family",
                                                           "facility", "other"};
constexpr std::array<std::string_view, 5> kHousing = {"detached", "apartment", "public_housing",
                                                      "facility", "other"};
constexpr std::array<std::string_view, 2> kGivenBy = {"self", "representative"};
constexpr std::array<std::string_view, 2> kConsentMethods = {"written", "verbal"};

constexpr core::Date kEarliestBirth{1880, 1, 1};

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

/// Reports `end_key` when both dates are there and the end comes first.
void Ordered(Reader& in, const std::optional<core::Date>& start,
             const std::optional<core::Date>& end, std::string_view end_key) {
  if (start && end && *end < *start) {
    in.Error(in.Path(end_key), "before_start", "開始日より前の日付です (ends before it starts)");
  }
}

// ---- identity ----

void ReadIdentity(Reader& in, Identity& id, const core::Date& today, bool municipality_required,
                  bool* municipality_given) {
  if (auto code = in.Str("municipality_code", 10, false, municipality_required)) {
    std::string folded = core::FoldWidth(*code);
    if (core::IsValidMunicipalityCode(folded)) {
      id.municipality_code = folded;
      if (municipality_given) *municipality_given = true;
    } else {
      in.Error(in.Path("municipality_code"), "format",
               "全国地方公共団体コード(6桁、検査数字付き)を入力してください (invalid municipality "
               "code)");
    }
  }
  if (auto rid = in.Str("resident_id", 20)) {
    std::string folded = core::FoldWidth(*rid);
    bool ok = true;
    for (char c : folded) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') ok = false;
    }
    if (ok) {
      id.resident_id = folded;
    } else {
      in.Error(in.Path("resident_id"), "format",
               "宛名番号は英数字とハイフンで入力してください (letters, digits and hyphens)");
    }
  }
  id.name = in.Required("name", kName);
  id.kana = Kana(in, "kana", true).value_or("");
  id.sex = in.Enum("sex", Sexes(), true).value_or("");
  if (auto birth = in.PastDate("birth_date", today, true)) {
    if (*birth < kEarliestBirth) {
      in.Error(in.Path("birth_date"), "out_of_range",
               "1880年以降の日付にしてください (after 1880)");
    } else {
      id.birth_date = core::FormatIsoDate(*birth);
    }
  }
  if (auto postal = in.Str("postal_code", 10)) {
    std::string folded = core::FoldWidth(*postal);
    std::string digits = DigitsOnly(folded);
    bool ok =
        digits.size() == 7 && (folded.size() == 7 || (folded.size() == 8 && folded[3] == '-'));
    if (ok) {
      id.postal_code = digits.substr(0, 3) + "-" + digits.substr(3);
    } else {
      in.Error(in.Path("postal_code"), "format",
               "郵便番号は7桁(123-4567)で入力してください (7 digits, e.g. 123-4567)");
    }
  }
  id.address = in.Required("address", 300);
  id.latitude = in.Number("latitude", 20, 46, "緯度は20〜46の範囲です (latitude 20-46)");
  id.longitude = in.Number("longitude", 122, 154, "経度は122〜154の範囲です (longitude 122-154)");
  bool lat_sent = in.Take("latitude") != nullptr, lon_sent = in.Take("longitude") != nullptr;
  if (lat_sent != lon_sent) {
    in.Error(in.Path(lat_sent ? "longitude" : "latitude"), "required",
             "緯度と経度は両方入力してください (latitude and longitude together)");
  }
  auto source = in.Enum("location_source", kLocationSources);
  bool located = id.latitude && id.longitude;
  if (source) {
    if (*source == "none" && lat_sent) {
      in.Error(in.Path("location_source"), "mismatch",
               "座標があるときは geocoded か map です (coordinates given)");
    } else if (*source != "none" && !lat_sent && !lon_sent) {
      in.Error(in.Path("location_source"), "mismatch", "座標がありません (no coordinates given)");
    }
    id.location_source = *source;
  } else {
    id.location_source = located ? "map" : "none";
  }
  if (!located) {
    id.latitude.reset();
    id.longitude.reset();
  }
  id.phone = Phone(in, "phone");
  if (const json::array* cats = in.Array("categories", 10, true)) {
    std::set<std::string> seen;
    for (size_t i = 0; i < cats->size(); ++i) {
      std::string path = in.Path("categories") + "[" + std::to_string(i) + "]";
      auto c = in.Text((*cats)[i], path, 64, false, true);
      if (!c) continue;
      if (!IsOneOf(PersonCategories(), *c)) {
        in.Error(path, "not_allowed", OneOfMessage(PersonCategories()));
      } else if (!seen.insert(*c).second) {
        in.Error(path, "duplicate", "同じ区分が重複しています (duplicate category)");
      } else {
        id.categories.push_back(*c);
      }
    }
  }
}

// ---- consent ----

ConsentInput ReadConsent(Reader& in, const core::Date& today) {
  ConsentInput c;
  if (const json::object* scopes = in.Object("scopes", true)) {
    Reader s(*scopes, in.Path("scopes"), in.errors());
    c.scopes.team = s.Bool("team").value_or(false);
    c.scopes.emergency = s.Bool("emergency").value_or(false);
    c.scopes.disaster = s.Bool("disaster").value_or(false);
    c.scopes.family = s.Bool("family").value_or(false);
    s.Finish();
    if (!c.scopes.team && !c.scopes.emergency && !c.scopes.disaster && !c.scopes.family) {
      in.Error(in.Path("scopes"), "at_least_one",
               "同意の範囲を1つ以上選んでください (choose at least one scope)");
    }
  }
  if (auto d = in.PastDate("obtained_on", today, true)) c.obtained_on = core::FormatIsoDate(*d);
  c.given_by = in.Enum("given_by", kGivenBy, true).value_or("");
  c.representative_name = in.Str("representative_name", kName);
  c.representative_relation = in.Str("representative_relation", kName);
  if (c.given_by == "representative") {
    if (!c.representative_name) {
      in.Error(in.Path("representative_name"), "required",
               "代理人の氏名を入力してください (representative's name required)");
    }
    if (!c.representative_relation) {
      in.Error(in.Path("representative_relation"), "required",
               "代理人の続柄を入力してください (representative's relation required)");
    }
  } else {
    // Given by the person: representative fields left over from the form mean nothing.
    c.representative_name.reset();
    c.representative_relation.reset();
  }
  c.method = in.Enum("method", kConsentMethods, true).value_or("");
  c.scan_attachment_id = Id(in, "scan_attachment_id", false);
  c.note = in.Str("note", kNote, true).value_or("");
  return c;
}

// ---- profile parts ----

json::object CareLevel(Reader& in, const core::Date& today) {
  json::object out;
  Put(out, "level", in.Enum("level", kCareLevels, true));
  auto from = in.Date("valid_from");
  auto to = in.Date("valid_to");
  Ordered(in, from, to, "valid_to");
  PutDate(out, "valid_from", from);
  PutDate(out, "valid_to", to);
  PutDate(out, "certified_on", in.PastDate("certified_on", today));
  if (auto n = in.Str("insured_number", 20)) {
    std::string folded = core::FoldWidth(*n);
    if (folded.size() == 10 && AllDigits(folded)) {
      out["insured_number"] = folded;
    } else {
      in.Error(in.Path("insured_number"), "format", "被保険者番号は10桁の数字です (10 digits)");
    }
  }
  Put(out, "note", in.Str("note", kNote, true));
  return out;
}

json::object Disability(Reader& in, const core::Date&) {
  json::object out;
  auto category = in.Enum("support_category", kSupportCategories);
  out["support_category"] = category ? json::value(*category) : json::value(nullptr);
  json::array certificates;
  in.Objects("certificates", false, [&](Reader& c, size_t) {
    json::object o;
    Put(o, "type", c.Enum("type", kCertificateTypes, true));
    Put(o, "grade", c.Str("grade", 20, false, true));
    Put(o, "number", c.Str("number", 30));
    PutDate(o, "valid_to", c.Date("valid_to"));
    Put(o, "note", c.Str("note", kNote, true));
    certificates.push_back(std::move(o));
  });
  out["certificates"] = std::move(certificates);
  return out;
}

json::object KeyPersons(Reader& in, const core::Date&) {
  json::array items;
  std::set<int64_t> orders;
  in.Objects("items", false, [&](Reader& p, size_t) {
    json::object o;
    Put(o, "name", p.Str("name", kName, false, true));
    Put(o, "kana", Kana(p, "kana", false));
    Put(o, "relation", p.Str("relation", kName, false, true));
    json::array phones;
    if (const json::array* list = p.Array("phones", kListItems)) {
      for (size_t i = 0; i < list->size(); ++i) {
        std::string path = p.Path("phones") + "[" + std::to_string(i) + "]";
        auto s = p.Text((*list)[i], path, 20, false, true);
        if (!s) continue;
        std::string folded = core::FoldWidth(*s);
        if (IsPhoneNumber(folded)) {
          phones.push_back(json::value(folded));
        } else {
          p.Error(path, "format",
                  "電話番号は数字とハイフンで入力してください (digits and hyphens)");
        }
      }
    }
    o["phones"] = std::move(phones);
    o["lives_with"] = p.Bool("lives_with").value_or(false);
    if (auto order = p.Int("call_order", 1, 99, true)) {
      if (!orders.insert(*order).second) {
        p.Error(p.Path("call_order"), "duplicate",
                "連絡順が重複しています (call orders must be unique)");
      }
      o["call_order"] = *order;
    }
    Put(o, "note", p.Str("note", kNote, true));
    items.push_back(std::move(o));
  });
  return json::object{{"items", std::move(items)}};
}

json::object Providers(Reader& in, const core::Date&) {
  json::object out;
  for (std::string_view role : kProviderRoles) {
    const json::object* given = in.Object(role);
    if (!given) continue;
    Reader p(*given, in.Path(role), in.errors());
    json::object o;
    auto org = Id(p, "organization_id", false);
    auto user = Id(p, "user_id", false);
    auto name = p.Str("name", kName);
    bool had_id = p.Take("organization_id") || p.Take("user_id");
    if (!had_id && !name) {
      p.Error(p.Path("name"), "required",
              "事業所か担当者を選ぶか、名称を入力してください (name required without a directory "
              "entry)");
    }
    Put(o, "organization_id", org);
    Put(o, "user_id", user);
    Put(o, "name", name);
    Put(o, "phone", Phone(p, "phone"));
    Put(o, "note", p.Str("note", kNote, true));
    p.Finish();
    out[role] = std::move(o);
  }
  return out;
}

json::object Medical(Reader& in, const core::Date& today) {
  json::object out;
  json::array history, conditions, allergies;
  in.Objects("history", false, [&](Reader& h, size_t) {
    json::object o;
    Put(o, "name", h.Str("name", kName, false, true));
    PutDate(o, "since", h.PastDate("since", today));
    Put(o, "note", h.Str("note", kNote, true));
    history.push_back(std::move(o));
  });
  in.Objects("conditions", false, [&](Reader& c, size_t) {
    json::object o;
    Put(o, "name", c.Str("name", kName, false, true));
    Put(o, "note", c.Str("note", kNote, true));
    conditions.push_back(std::move(o));
  });
  in.Objects("allergies", false, [&](Reader& a, size_t) {
    json::object o;
    Put(o, "substance", a.Str("substance", kName, false, true));
    Put(o, "reaction", a.Str("reaction", kName));
    Put(o, "severity", a.Enum("severity", kSeverities));
    allergies.push_back(std::move(o));
  });
  out["history"] = std::move(history);
  out["conditions"] = std::move(conditions);
  out["allergies"] = std::move(allergies);
  Put(out, "infection_notes", in.Str("infection_notes", kNote, true));
  return out;
}

json::object Prescriptions(Reader& in, const core::Date&) {
  json::array items;
  in.Objects("items", false, [&](Reader& p, size_t) {
    json::object o;
    Put(o, "drug", p.Str("drug", kName, false, true));
    Put(o, "dose", p.Str("dose", kName));
    Put(o, "usage", p.Str("usage", kName));
    auto start = p.Date("start");
    auto end = p.Date("end");
    Ordered(p, start, end, "end");
    PutDate(o, "start", start);
    PutDate(o, "end", end);
    Put(o, "institution", p.Str("institution", kName));
    Put(o, "prescriber", p.Str("prescriber", kName));
    items.push_back(std::move(o));
  });
  return json::object{{"items", std::move(items)}};
}

json::object Devices(Reader& in, const core::Date& today) {
  json::array items;
  in.Objects("items", false, [&](Reader& d, size_t) {
    json::object o;
    Put(o, "type", d.Enum("type", kDeviceTypes, true));
    Put(o, "detail", d.Str("detail", kName));
    PutDate(o, "since", d.PastDate("since", today));
    Put(o, "supplier", d.Str("supplier", kName));
    items.push_back(std::move(o));
  });
  return json::object{{"items", std::move(items)}};
}

json::object Living(Reader& in, const core::Date&) {
  json::object out;
  Put(out, "arrangement", in.Enum("arrangement", kArrangements, true));
  Put(out, "housing", in.Enum("housing", kHousing));
  Put(out, "floor", in.Int("floor", -5, 99));
  Put(out, "elevator", in.Bool("elevator"));
  Put(out, "pets", in.Str("pets", kName));
  Put(out, "key_box", in.Str("key_box", kName));
  Put(out, "note", in.Str("note", kNote, true));
  return out;
}

using PartReader = json::object (*)(Reader&, const core::Date&);

PartReader ReaderFor(std::string_view part) {
  static constexpr std::pair<std::string_view, PartReader> kParts[] = {
      {"care_level", CareLevel}, {"disability", Disability}, {"key_persons", KeyPersons},
      {"providers", Providers},  {"medical", Medical},       {"prescriptions", Prescriptions},
      {"devices", Devices},      {"living", Living}};
  for (const auto& [name, reader] : kParts) {
    if (name == part) return reader;
  }
  return nullptr;
}

core::Error UnknownPart() {
  return core::Error::NotFound("プロフィールの項目が正しくありません (unknown profile part)");
}

Result<void> Done(std::vector<FieldError>& errors) {
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return core::Ok();
}

}  // namespace

bool IsPhoneNumber(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  int digits = 0;
  char prev = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != '-' || prev == '-') {
      return false;
    }
    prev = c;
  }
  return digits >= 10 && digits <= 13;
}

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

std::span<const std::string_view> CareLevels() { return kCareLevels; }
std::span<const std::string_view> DeviceTypes() { return kDeviceTypes; }

json::object IdentityJson(const Identity& id) {
  json::array categories;
  for (const auto& c : id.categories) categories.push_back(json::value(c));
  auto opt = [](const auto& v) -> json::value {
    if (!v) return nullptr;
    return json::value(*v);
  };
  return {{"municipality_code", id.municipality_code},
          {"resident_id", opt(id.resident_id)},
          {"name", id.name},
          {"kana", id.kana},
          {"sex", id.sex},
          {"birth_date", id.birth_date},
          {"postal_code", opt(id.postal_code)},
          {"address", id.address},
          {"latitude", opt(id.latitude)},
          {"longitude", opt(id.longitude)},
          {"location_source", id.location_source},
          {"phone", opt(id.phone)},
          {"categories", std::move(categories)}};
}

Result<Registration> ParseRegistration(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  Registration r;
  ReadIdentity(in, r.identity, today, true, nullptr);
  r.team_role = in.Enum("team_role", TeamRoles()).value_or("care_manager");
  if (const json::object* consent = in.Object("consent")) {
    Reader c(*consent, "consent", errors);
    r.consent = ReadConsent(c, today);
    c.Finish();
  }
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return r;
}

Result<IdentityUpdate> ParseIdentityUpdate(const Result<json::object>& body,
                                           const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  IdentityUpdate u;
  ReadIdentity(in, u.identity, today, false, &u.municipality_given);
  u.base_version = in.Int("base_version", 1, INT64_MAX, true).value_or(0);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return u;
}

Result<std::string> ValidatePartData(std::string_view part, const json::value& data,
                                     const core::Date& today) {
  PartReader reader = ReaderFor(part);
  if (!reader) return UnknownPart();
  std::vector<FieldError> errors;
  if (!data.is_object()) {
    errors.push_back(
        {std::string(part), "type", "オブジェクトで指定してください (must be an object)"});
    return core::Error::Fields(std::move(errors));
  }
  Reader in(data.as_object(), std::string(part), errors);
  json::object out = reader(in, today);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return json::serialize(out);
}

Result<ProfileUpdate> ParseProfileUpdate(std::string_view part, const Result<json::object>& body,
                                         const core::Date& today) {
  if (!ReaderFor(part)) return UnknownPart();
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  ProfileUpdate u;
  u.part = std::string(part);
  u.base_version = in.Int("base_version", 0, INT64_MAX, true).value_or(0);
  const json::value* data = in.Take("data");
  in.Finish();
  if (!data) {
    errors.push_back({"data", "required", "入力してください (required)"});
  } else {
    auto canonical = ValidatePartData(part, *data, today);
    if (canonical.ok()) {
      u.data_json = std::move(*canonical);
    } else {
      for (auto& d : std::move(canonical).error().details) errors.push_back(std::move(d));
    }
  }
  RETURN_IF_ERROR(Done(errors));
  return u;
}

Result<StatusInput> ParseStatus(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  StatusInput s;
  s.status = in.Enum("status", PersonStatuses(), true).value_or("");
  if (auto d = in.PastDate("since", today, true)) s.since = core::FormatIsoDate(*d);
  s.place = in.Str("place", kName).value_or("");
  s.note = in.Str("note", kNote, true).value_or("");
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return s;
}

Result<ConsentInput> ParseConsent(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  ConsentInput c = ReadConsent(in, today);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return c;
}

Result<Withdrawal> ParseWithdrawal(const Result<json::object>& body, const core::Date& today) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  Withdrawal w;
  if (auto d = in.PastDate("withdrawn_on", today, true)) w.withdrawn_on = core::FormatIsoDate(*d);
  w.reason = in.Required("reason", kNote, true);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return w;
}

Result<std::string> ParseScan(const Result<json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  auto id = Id(in, "attachment_id", true);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return *id;
}

Result<TeamInvite> ParseInvite(const Result<json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  TeamInvite t;
  t.user_id = Id(in, "user_id", true).value_or("");
  t.team_role = in.Enum("team_role", TeamRoles(), true).value_or("");
  t.organization_id = Id(in, "organization_id", false);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return t;
}

Result<std::string> ParseRoleChange(const Result<json::object>& body) {
  RETURN_IF_ERROR(body);
  std::vector<FieldError> errors;
  Reader in(*body, "", errors);
  auto role = in.Enum("team_role", TeamRoles(), true);
  in.Finish();
  RETURN_IF_ERROR(Done(errors));
  return *role;
}

}  // namespace care
