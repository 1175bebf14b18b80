#include "care/profile_parts.h"

#include <array>

#include "care/person_validation.h"
#include "core/japanese_text.h"

namespace care {
namespace {

using namespace fields;  // NOLINT(build/namespaces): the readers are written in its words

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
// ACP (人生会議, spec 08): a wish about one treatment, and where to be at the end of life.
constexpr std::array<std::string_view, 3> kWishes = {"wants", "does_not_want", "undecided"};
constexpr std::array<std::string_view, 4> kEndOfLifePlaces = {"home", "hospital", "facility",
                                                              "undecided"};
constexpr std::array<std::string_view, 5> kBloodTypes = {"A", "B", "O", "AB", "unknown"};
constexpr std::array<std::string_view, 3> kRhTypes = {"positive", "negative", "unknown"};
constexpr std::array<std::string_view, 5> kHousing = {"detached", "apartment", "public_housing",
                                                      "facility", "other"};

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

// One version of the ACP is one discussion's result, signed off by the professional who records
// it: `signed_off` must be sent as true, so nobody saves a record unconfirmed. It is not stored;
// the version's author and time are the sign-off, and the next version must be confirmed anew.
json::object Acp(Reader& in, const core::Date& today) {
  json::object out;
  PutDate(out, "discussed_on", in.PastDate("discussed_on", today, true));
  json::array participants;
  const json::value* given = in.Take("participants");
  if (given && given->is_array() && given->as_array().empty()) {
    in.Error(in.Path("participants"), "required",
             "話し合いに参加した人を入力してください (at least one participant)");
  }
  in.Objects("participants", true, [&](Reader& p, size_t) {
    json::object o;
    Put(o, "name", p.Str("name", kName, false, true));
    Put(o, "relation", p.Str("relation", kName, false, true));
    participants.push_back(std::move(o));
  });
  out["participants"] = std::move(participants);
  Put(out, "values", in.Str("values", kNote, true));
  Put(out, "wishes", in.Str("wishes", kNote, true));
  if (const json::object* given = in.Object("substitute")) {
    Reader p(*given, in.Path("substitute"), in.errors());
    json::object o;
    Put(o, "name", p.Str("name", kName, false, true));
    Put(o, "relation", p.Str("relation", kName));
    Put(o, "phone", Phone(p, "phone"));
    p.Finish();
    out["substitute"] = std::move(o);
  }
  Put(out, "resuscitation", in.Enum("resuscitation", kWishes, true));
  Put(out, "ventilation", in.Enum("ventilation", kWishes));
  Put(out, "artificial_nutrition", in.Enum("artificial_nutrition", kWishes));
  Put(out, "hospital_transport", in.Enum("hospital_transport", kWishes));
  Put(out, "end_of_life_place", in.Enum("end_of_life_place", kEndOfLifePlaces));
  Put(out, "note", in.Str("note", 4000, true));
  auto signed_off = in.Bool("signed_off", true);
  if (signed_off && !*signed_off) {
    in.Error(in.Path("signed_off"), "must_confirm",
             "記録者として内容を確認してください (the recording professional must sign off)");
  }
  return out;  // the sign-off is the version's author and time, not a stored flag
}

// 救急医療情報キット: what the paper kit on the fridge holds beyond the rest of the profile.
json::object Emergency(Reader& in, const core::Date&) {
  json::object out;
  Put(out, "kit_location", in.Str("kit_location", kName));
  Put(out, "blood_type", in.Enum("blood_type", kBloodTypes));
  Put(out, "rh", in.Enum("rh", kRhTypes));
  Put(out, "preferred_hospital", in.Str("preferred_hospital", kName));
  Put(out, "communication", in.Str("communication", 500, true));
  Put(out, "notes_for_crew", in.Str("notes_for_crew", kNote, true));
  return out;
}

}  // namespace

PartReader ReaderFor(std::string_view part) {
  static constexpr std::pair<std::string_view, PartReader> kParts[] = {
      {"care_level", CareLevel},   {"disability", Disability},
      {"key_persons", KeyPersons}, {"providers", Providers},
      {"medical", Medical},        {"prescriptions", Prescriptions},
      {"devices", Devices},        {"living", Living},
      {"emergency", Emergency},    {"acp", Acp}};
  for (const auto& [name, reader] : kParts) {
    if (name == part) return reader;
  }
  return nullptr;
}

std::span<const std::string_view> CareLevels() { return kCareLevels; }
std::span<const std::string_view> DeviceTypes() { return kDeviceTypes; }

}  // namespace care
