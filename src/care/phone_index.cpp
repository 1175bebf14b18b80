#include "care/phone_index.h"

#include <boost/json/parse.hpp>

#include "care/person_validation.h"

namespace care {
namespace {

namespace json = boost::json;

constexpr db::Statement kDeletePhones{"care_phones_delete",
                                      "DELETE FROM person_phones WHERE person_id = $1"};
constexpr db::Statement kInsertPhone{
    "care_phones_insert", "INSERT INTO person_phones (person_id, digits) VALUES ($1, $2)"};
constexpr db::Statement kLatestKeyPersons{
    "care_phones_latest_key_persons",
    "SELECT v.person_id, v.data FROM person_profile_versions v WHERE v.part = 'key_persons' AND "
    "v.version = (SELECT MAX(w.version) FROM person_profile_versions w WHERE w.person_id = "
    "v.person_id AND w.part = 'key_persons')"};

// Fewer digits than a Japanese number has cannot tell people apart (a typo or an extension).
constexpr size_t kMinDigits = 6;

}  // namespace

std::set<std::string> KeyPersonPhoneDigits(std::string_view key_persons_json) {
  std::set<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(key_persons_json, ec);
  if (ec || !v.is_object()) return out;
  const json::value* items = v.as_object().if_contains("items");
  if (!items || !items->is_array()) return out;
  for (const json::value& item : items->as_array()) {
    const json::value* phones = item.is_object() ? item.as_object().if_contains("phones") : nullptr;
    if (!phones || !phones->is_array()) continue;
    for (const json::value& p : phones->as_array()) {
      if (!p.is_string()) continue;
      std::string digits = DigitsOnly(p.as_string());
      if (digits.size() >= kMinDigits) out.insert(std::move(digits));
    }
  }
  return out;
}

core::Result<void> IndexKeyPersonPhones(db::Connection& c, std::string_view person_id,
                                        std::string_view key_persons_json) {
  RETURN_IF_ERROR(c.Execute(kDeletePhones, {person_id}));
  for (const std::string& digits : KeyPersonPhoneDigits(key_persons_json)) {
    RETURN_IF_ERROR(c.Execute(kInsertPhone, {person_id, digits}));
  }
  return core::Ok();
}

core::Result<void> BackfillKeyPersonPhones(db::Connection& c) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kLatestKeyPersons));
  for (const auto& r : rows) RETURN_IF_ERROR(IndexKeyPersonPhones(c, r.Text(0), r.Text(1)));
  return core::Ok();
}

}  // namespace care
