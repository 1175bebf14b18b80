#include "care/emergency_record.h"

#include <limits>

#include "care/person_store.h"
#include "care/team_store.h"
#include "care/vitals_store.h"
#include "core/utf8.h"

namespace care {
namespace {

// The three ways in: the birth date (persons_birth_date), the phone (persons_phone and
// person_phones_digits) or, for an
// address alone, a scan. Each applies the other criteria as filters, given or not.
#define EMERGENCY_MATCH_SELECT                                                                \
  "SELECT p.id, p.name, p.kana, p.sex, p.birth_date, p.municipality_code, p.categories, "     \
  "p.status, p.address, p.search_kana, EXISTS (SELECT 1 FROM consents c WHERE c.person_id = " \
  "p.id AND c.withdrawn_at IS NULL AND c.scope_emergency = 1), ($4 <> '' AND "                \
  "p.search_phone <> $4) FROM persons p "
#define EMERGENCY_MATCH_FILTERS                                                              \
  "AND ($1 = '' OR (p.birth_date = $1 AND p.search_kana >= $2 AND p.search_kana < $3)) "     \
  "AND ($4 = '' OR p.search_phone = $4 OR p.id IN (SELECT k.person_id FROM person_phones k " \
  "WHERE k.digits = $4)) "                                                                   \
  "AND ($5 = '' OR p.address LIKE '%' || $5 || '%' ESCAPE '\\') "                            \
  "AND p.status <> 'died' ORDER BY p.search_kana, p.id LIMIT 200"
constexpr db::Statement kMatchByBirth{"emergency_match_birth", EMERGENCY_MATCH_SELECT
                                      "WHERE p.birth_date = $1 " EMERGENCY_MATCH_FILTERS};
// The person's own phone or a key person's (person_phones): either index finds the few rows.
constexpr db::Statement kMatchByPhone{
    "emergency_match_phone", EMERGENCY_MATCH_SELECT
    "WHERE (p.search_phone = $4 OR p.id IN (SELECT k.person_id FROM "
    "person_phones k WHERE k.digits = $4)) " EMERGENCY_MATCH_FILTERS};
constexpr db::Statement kMatchByAddress{
    "emergency_match_address", EMERGENCY_MATCH_SELECT "WHERE 1 = 1 " EMERGENCY_MATCH_FILTERS};

std::string KanaEnd(std::string_view prefix) {
  std::u32string cps = core::DecodeUtf8(prefix);
  if (cps.empty()) return std::string();
  std::string out;
  for (size_t i = 0; i + 1 < cps.size(); ++i) core::AppendUtf8(out, cps[i]);
  core::AppendUtf8(out, cps.back() + 1);
  return out;
}

std::string EscapeLikeText(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

core::Result<std::vector<EmergencyMatch>> FindForEmergency(db::Connection& c,
                                                           const EmergencyQuery& q) {
  const db::Statement& st = !q.birth_date.empty()     ? kMatchByBirth
                            : !q.phone_digits.empty() ? kMatchByPhone
                                                      : kMatchByAddress;
  ASSIGN_OR_RETURN(auto rows, c.Query(st, {q.birth_date, q.kana_key, KanaEnd(q.kana_key),
                                           q.phone_digits, EscapeLikeText(q.address_part)}));
  std::vector<EmergencyMatch> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    EmergencyMatch m;
    m.person.id = r.Text(0);
    m.person.name = r.Text(1);
    m.person.kana = r.Text(2);
    m.person.sex = r.Text(3);
    m.person.birth_date = r.Text(4);
    m.person.municipality_code = r.Text(5);
    m.person.status = r.Text(7);
    m.person.address = r.Text(8);
    m.person.search_kana = r.Text(9);
    m.emergency_consent = r.Bool(10);
    m.key_person_phone = r.Bool(11);
    out.push_back(std::move(m));
  }
  return out;
}

core::Result<std::optional<ConsentScopes>> LoadConsentScopes(db::Connection& c,
                                                             const std::string& person_id) {
  auth::Caller nobody;
  auto facts = PersonAccessChecker::Load(c, person_id, nobody);
  if (!facts.ok()) {
    if (facts.error().code == core::ErrorCode::kNotFound) return std::optional<ConsentScopes>();
    return std::move(facts).error();
  }
  return std::optional<ConsentScopes>(facts->consent);
}

core::Result<std::optional<EmergencyRecord>> LoadEmergencyRecord(db::Connection& c,
                                                                 const std::string& person_id) {
  using Out = std::optional<EmergencyRecord>;
  ASSIGN_OR_RETURN(auto person, PersonStore::Get(c, person_id));
  if (!person) return Out();
  ASSIGN_OR_RETURN(auto scopes, LoadConsentScopes(c, person_id));
  EmergencyRecord r;
  r.person = std::move(*person);
  r.consent = scopes.value_or(ConsentScopes{});
  ASSIGN_OR_RETURN(r.profile, PersonStore::LatestParts(c, person_id));
  ASSIGN_OR_RETURN(auto vitals,
                   VitalsStore::List(c, person_id, 0, std::numeric_limits<int64_t>::max(), 1));
  if (!vitals.empty()) r.latest_vitals = std::move(vitals.back());
  ASSIGN_OR_RETURN(auto team, TeamStore::List(c, person_id));
  for (auto& m : team) {
    if (m.status == "active" && m.team_role == "care_manager") {
      r.care_managers.push_back(std::move(m));
    }
  }
  return Out(std::move(r));
}

}  // namespace care
