#include "care/person_service.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "care/codes.h"
#include "care/consent_service.h"
#include "care/consent_store.h"
#include "care/person_store.h"
#include "care/person_validation.h"
#include "care/team_store.h"
#include "core/id.h"
#include "core/municipality_code.h"

namespace care {
namespace {

namespace json = boost::json;

constexpr std::string_view kIdentity = "identity";

core::Error UnknownPart() {
  return core::Error::NotFound("プロフィールの項目が正しくありません (unknown profile part)");
}

bool IsReadablePart(std::string_view part) {
  return part == kIdentity || IsOneOf(ProfileParts(), part);
}

/// The identity as it stands, as a profile part (for persons whose identity versions were not
/// all written through this service, e.g. imported ones).
ProfilePart CurrentIdentity(const Person& p) {
  return ProfilePart{std::string(kIdentity), p.version, json::serialize(IdentityJson(p.identity)),
                     p.updated_at, p.updated_by};
}

Result<PersonDetail> LoadDetail(db::Connection& c, const std::string& person_id,
                                const PersonAccess& access) {
  ASSIGN_OR_RETURN(auto person, PersonStore::Get(c, person_id));
  if (!person) return core::Error::Forbidden();
  ASSIGN_OR_RETURN(auto parts, PersonStore::LatestParts(c, person_id));
  return PersonDetail{std::move(*person), access, std::move(parts)};
}

/// Provider entries must point at organizations and users that exist in the directory.
Result<void> CheckProviderLinks(db::Connection& c, const std::string& data_json) {
  json::value data = json::parse(data_json);
  std::vector<core::FieldError> errors;
  for (const auto& [role, entry] : data.as_object()) {
    const json::object& o = entry.as_object();
    std::string path = "providers." + std::string(role);
    if (const auto* org = o.if_contains("organization_id")) {
      ASSIGN_OR_RETURN(bool ok, PersonStore::OrganizationExists(c, org->as_string()));
      if (!ok) {
        errors.push_back({path + ".organization_id", "not_found",
                          "事業所が見つかりません (no such organization)"});
      }
    }
    if (const auto* user = o.if_contains("user_id")) {
      ASSIGN_OR_RETURN(bool ok, PersonStore::UserExists(c, user->as_string()));
      if (!ok)
        errors.push_back({path + ".user_id", "not_found", "担当者が見つかりません (no such user)"});
    }
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  return core::Ok();
}

core::Error UnknownMunicipality() {
  return core::Error::Invalid("municipality_code", "未登録の自治体です (unknown municipality)",
                              "not_found");
}

}  // namespace

Result<PersonAccess> CheckAccess(db::Database& db, PersonAccessChecker& checker,
                                 audit::AuditSink& audit, const std::string& person_id,
                                 const auth::Caller& caller, Need need, std::string_view action) {
  // Ids are UUIDs; anything else names no person (and may not even be UTF-8, which the database
  // would refuse): refused like an unknown person, without sending it anywhere.
  if (!core::IsValidId(person_id)) {
    audit::Entry e = caller.Audit(std::string(action), "person");
    e.outcome = "denied";
    e.details = "{\"malformed_person_id\":true}";
    audit.Record(std::move(e));
    return core::Error::Forbidden(
        "この方の記録を見る権限がありません (not in this person's care team)");
  }
  return db.Get<PersonAccess>(
      [&](db::Connection& c) { return checker.Require(c, person_id, caller, need, action); });
}

Result<PersonAccess> Recheck(db::Connection& c, const std::string& person_id,
                             const auth::Caller& caller, Need need) {
  auto access = PersonAccessChecker::Load(c, person_id, caller);
  if (access.ok() && access->Allows(need)) return access;
  if (!access.ok() && access.error().code != core::ErrorCode::kNotFound) return access.error();
  return core::Error::Forbidden(
      "この方の記録を見る権限がありません (not in this person's care team)");
}

void AuditDenied(audit::AuditSink& audit, const auth::Caller& caller, const std::string& person_id,
                 const std::string& municipality_code, std::string action) {
  audit::Entry e = caller.Audit(std::move(action), "person", person_id);
  e.person_id = person_id;
  e.municipality_code = municipality_code;
  e.outcome = "denied";
  audit.Record(std::move(e));
}

core::Date TodayJst(const core::Clock& clock) {
  return core::DateFromEpochMillisJst(clock.NowMillis());
}

core::Error Stale() {
  return core::Error::Conflict(
      "ほかの方が先に更新しました。最新の内容を読み込んでからやり直してください (changed by "
      "someone else; reload and try again)",
      "base_version");
}

Result<PersonDetail> PersonService::Register(const Result<Registration>& input,
                                             const auth::Caller& caller) {
  RETURN_IF_ERROR(input);
  const Registration& r = *input;
  const auth::Principal& me = *caller.principal;
  if (!me.IsStaff() || !me.FullySignedIn()) return core::Error::Forbidden();
  // Without a basis for sharing, the record is the registering municipality's alone (spec 02).
  if (!(r.consent && r.consent->scopes.team) &&
      !me.AdminsMunicipality(r.identity.municipality_code)) {
    return core::Error::Invalid(
        "consent",
        "チームで共有する同意を記録してください。同意なしで登録できるのは登録自治体の担当者だけ"
        "です (a consent to team sharing is required; without one only an admin of the "
        "municipality may register)",
        "consent_required");
  }
  const int64_t now = clock_.NowMillis();
  Person p;
  p.id = core::NewId(now);
  p.identity = r.identity;
  p.status = "at_home";
  p.status_since = core::FormatIsoDate(Today());
  p.version = 1;
  p.created_at = p.updated_at = now;
  p.created_by.id = p.updated_by.id = me.user_id;
  std::optional<Consent> consent;
  if (r.consent) consent = NewConsent(p.id, *r.consent, me.user_id, now);

  ASSIGN_OR_RETURN(
      auto detail, db_.InTransaction<PersonDetail>([&](db::Connection& c) -> Result<PersonDetail> {
        ASSIGN_OR_RETURN(bool known,
                         PersonStore::MunicipalityExists(c, p.identity.municipality_code));
        if (!known) return UnknownMunicipality();
        RETURN_IF_ERROR(PersonStore::Insert(c, p));
        // Version 1 of the identity, so that its history reads like every other part's.
        RETURN_IF_ERROR(PersonStore::InsertVersion(
            c, p.id,
            ProfilePart{std::string(kIdentity), 1, json::serialize(IdentityJson(p.identity)), now,
                        p.created_by}));
        RETURN_IF_ERROR(
            PersonStore::InsertStatus(c, StatusEntry{core::NewId(now), p.id, p.status,
                                                     *p.status_since, "", "", now, p.created_by}));
        TeamMember m;
        m.person_id = p.id;
        m.user_id = me.user_id;
        if (const auto* primary = me.Primary()) m.organization_id = primary->organization_id;
        m.team_role = r.team_role;
        m.status = "active";
        m.joined_at = now;
        RETURN_IF_ERROR(TeamStore::Insert(c, m, now));
        if (consent) {
          RETURN_IF_ERROR(ConsentStore::Insert(c, *consent));
          if (consent->input.scan_attachment_id) {
            RETURN_IF_ERROR(UseScan(c, p.id, consent->id, *consent->input.scan_attachment_id,
                                    "consent.scan_attachment_id"));
          }
        }
        ASSIGN_OR_RETURN(auto access, PersonAccessChecker::Load(c, p.id, caller));
        return LoadDetail(c, p.id, access);
      }));
  audit_.Record(PersonAudit(caller, detail.access, "person.create"));
  if (consent) {
    audit_.Record(PersonAudit(caller, detail.access, "consent.create", "consent", consent->id));
  }
  return detail;
}

Result<PersonDetail> PersonService::Get(const std::string& person_id, const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kRead,
                                            "person.read"));
  ASSIGN_OR_RETURN(auto detail, db_.Get<PersonDetail>([&](db::Connection& c) {
    return LoadDetail(c, person_id, access);
  }));
  audit_.Record(PersonAudit(caller, access, "person.read"));
  return detail;
}

Result<PersonDetail> PersonService::UpdateIdentity(const std::string& person_id,
                                                   const Result<IdentityUpdate>& input,
                                                   const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kWrite,
                                            "person.update"));
  RETURN_IF_ERROR(input);
  const auth::Principal& me = *caller.principal;
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(auto detail, db_.InTransaction<PersonDetail>([&](db::Connection& c)
                                                                    -> Result<PersonDetail> {
    RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kWrite));
    IdentityUpdate u = *input;
    ASSIGN_OR_RETURN(auto current, PersonStore::Get(c, person_id));
    if (!current) return core::Error::Forbidden();
    const std::string& current_code = current->identity.municipality_code;
    if (!u.municipality_given) {
      u.identity.municipality_code = current_code;
    } else if (u.identity.municipality_code != current_code) {
      // The registering municipality decides who administers the record: only someone who
      // administers the new one may hand the record over to it.
      if (!me.AdminsMunicipality(u.identity.municipality_code)) {
        return core::Error::Invalid(
            "municipality_code",
            "登録自治体を変更できるのは変更先の自治体の担当者だけです (only an admin of the new "
            "municipality may move the record)",
            "not_allowed");
      }
      ASSIGN_OR_RETURN(bool known,
                       PersonStore::MunicipalityExists(c, u.identity.municipality_code));
      if (!known) return UnknownMunicipality();
    }
    if (current->version != u.base_version) return Stale();
    // Records that were not registered here may lack the version they are at now: keep it
    // before it is replaced, so the history is complete.
    ASSIGN_OR_RETURN(int64_t kept, PersonStore::LatestVersion(c, person_id, kIdentity));
    if (kept < current->version) {
      RETURN_IF_ERROR(PersonStore::InsertVersion(c, person_id, CurrentIdentity(*current)));
    }
    ASSIGN_OR_RETURN(bool saved, PersonStore::UpdateIdentity(c, person_id, u.identity,
                                                             u.base_version, me.user_id, now));
    if (!saved) return Stale();
    RETURN_IF_ERROR(PersonStore::InsertVersion(
        c, person_id,
        ProfilePart{std::string(kIdentity), u.base_version + 1,
                    json::serialize(IdentityJson(u.identity)), now, UserRef{me.user_id, "", {}}}));
    ASSIGN_OR_RETURN(auto facts, PersonAccessChecker::Load(c, person_id, caller));
    return LoadDetail(c, person_id, facts);
  }));
  audit_.Record(PersonAudit(caller, access, "person.update"));
  return detail;
}

Result<PersonPage<PersonSummary>> PersonService::List(const PersonQuery& q,
                                                      const auth::Caller& caller) {
  const auth::Principal& me = *caller.principal;
  if (!me.IsStaff() || !me.FullySignedIn()) return core::Error::Forbidden();
  std::vector<core::FieldError> errors;
  if (!q.municipality_code.empty() && !core::IsValidMunicipalityCode(q.municipality_code)) {
    errors.push_back({"municipality", "format",
                      "6桁の全国地方公共団体コードで指定してください (6-digit municipality code)"});
  }
  if (!q.category.empty() && !IsOneOf(PersonCategories(), q.category)) {
    errors.push_back({"category", "not_allowed", "区分が正しくありません (unknown category)"});
  }
  if (!q.status.empty() && !IsOneOf(PersonStatuses(), q.status)) {
    errors.push_back({"status", "not_allowed", "状態が正しくありません (unknown status)"});
  }
  if (q.text.size() > 400) {
    errors.push_back({"q", "too_long", "検索語が長すぎます (search text too long)"});
  }
  if (q.limit < 1 || q.limit > 100) {
    errors.push_back({"limit", "out_of_range", "1〜100で指定してください (1-100)"});
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  std::vector<std::string> municipalities = me.AdminMunicipalities();
  std::sort(municipalities.begin(), municipalities.end());
  municipalities.erase(std::unique(municipalities.begin(), municipalities.end()),
                       municipalities.end());
  ASSIGN_OR_RETURN(auto page, db_.Get<PersonPage<PersonSummary>>([&](db::Connection& c) {
    return PersonStore::Search(c, q, me.user_id, municipalities);
  }));
  audit::Entry e = caller.Audit("person.list", "person");
  e.details = "{\"count\":" + std::to_string(page.items.size()) + "}";
  audit_.Record(std::move(e));
  return page;
}

Result<ProfilePart> PersonService::GetPart(const std::string& person_id, const std::string& part,
                                           const auth::Caller& caller) {
  const Need need = FamilyEditablePart(part) ? Need::kFamilyRead : Need::kRead;
  ASSIGN_OR_RETURN(auto access,
                   CheckAccess(db_, access_, audit_, person_id, caller, need, "profile.read"));
  if (!IsReadablePart(part)) return UnknownPart();
  ASSIGN_OR_RETURN(auto found, db_.Get<std::optional<ProfilePart>>(
                                   [&](db::Connection& c) -> Result<std::optional<ProfilePart>> {
                                     if (part == kIdentity) {
                                       ASSIGN_OR_RETURN(auto p, PersonStore::Get(c, person_id));
                                       if (!p) return std::optional<ProfilePart>();
                                       return std::optional<ProfilePart>(CurrentIdentity(*p));
                                     }
                                     return PersonStore::LatestPart(c, person_id, part);
                                   }));
  audit_.Record(PersonAudit(caller, access, "profile.read", "profile", part));
  if (!found) return core::Error::NotFound("まだ記録されていません (not recorded yet)");
  return std::move(*found);
}

Result<ProfilePart> PersonService::PutPart(const std::string& person_id, std::string_view part,
                                           const Result<ProfileUpdate>& input,
                                           const auth::Caller& caller) {
  const Need need = FamilyEditablePart(part) ? Need::kFamilyEdit : Need::kWrite;
  ASSIGN_OR_RETURN(auto access,
                   CheckAccess(db_, access_, audit_, person_id, caller, need, "profile.update"));
  RETURN_IF_ERROR(input);
  const ProfileUpdate& u = *input;
  const int64_t now = clock_.NowMillis();
  auto saved = db_.InTransaction<ProfilePart>([&](db::Connection& c) -> Result<ProfilePart> {
    RETURN_IF_ERROR(Recheck(c, person_id, caller, need));
    if (u.part == "providers") RETURN_IF_ERROR(CheckProviderLinks(c, u.data_json));
    ASSIGN_OR_RETURN(int64_t latest, PersonStore::LatestVersion(c, person_id, u.part));
    if (latest != u.base_version) return Stale();
    ASSIGN_OR_RETURN(auto me, PersonStore::GetUserRef(c, caller.principal->user_id));
    ProfilePart v{u.part, latest + 1, u.data_json, now,
                  me.value_or(UserRef{caller.principal->user_id, "", {}})};
    RETURN_IF_ERROR(PersonStore::InsertVersion(c, person_id, v));
    return v;
  });
  // Two saves on the same base: the second one's insert meets the first one's version.
  if (!saved.ok() && saved.error().code == core::ErrorCode::kConflict) return Stale();
  RETURN_IF_ERROR(saved);
  audit::Entry e = PersonAudit(caller, access, "profile.update", "profile", u.part);
  e.details = "{\"version\":" + std::to_string(saved->version) + "}";
  audit_.Record(std::move(e));
  return std::move(*saved);
}

Result<std::vector<ProfilePart>> PersonService::PartVersions(const std::string& person_id,
                                                             const std::string& part,
                                                             const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kRead,
                                            "profile.versions"));
  if (!IsReadablePart(part)) return UnknownPart();
  ASSIGN_OR_RETURN(
      auto versions,
      db_.Get<std::vector<ProfilePart>>([&](db::Connection& c) -> Result<std::vector<ProfilePart>> {
        ASSIGN_OR_RETURN(auto list, PersonStore::Versions(c, person_id, part));
        if (part != kIdentity) return list;
        ASSIGN_OR_RETURN(auto p, PersonStore::Get(c, person_id));
        if (p && (list.empty() || list.front().version < p->version)) {
          list.insert(list.begin(), CurrentIdentity(*p));
        }
        return list;
      }));
  audit_.Record(PersonAudit(caller, access, "profile.versions", "profile", part));
  return versions;
}

Result<std::vector<StatusEntry>> PersonService::Statuses(const std::string& person_id,
                                                         const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kRead,
                                            "status.read"));
  ASSIGN_OR_RETURN(auto list, db_.Get<std::vector<StatusEntry>>([&](db::Connection& c) {
    return PersonStore::Statuses(c, person_id);
  }));
  audit_.Record(PersonAudit(caller, access, "status.read"));
  return list;
}

Result<StatusEntry> PersonService::AddStatus(const std::string& person_id,
                                             const Result<StatusInput>& input,
                                             const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kWrite,
                                            "status.create"));
  RETURN_IF_ERROR(input);
  const int64_t now = clock_.NowMillis();
  StatusEntry s{
      core::NewId(now), person_id,   input->status, input->since,
      input->place,     input->note, now,           UserRef{caller.principal->user_id, "", {}}};
  ASSIGN_OR_RETURN(
      auto saved, db_.InTransaction<StatusEntry>([&](db::Connection& c) -> Result<StatusEntry> {
        RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kWrite));
        ASSIGN_OR_RETURN(auto person, PersonStore::Get(c, person_id));
        if (!person) return core::Error::Forbidden();
        if (s.since < person->identity.birth_date) {
          return core::Error::Invalid("since", "生年月日より前の日付です (before the birth date)",
                                      "before_birth");
        }
        RETURN_IF_ERROR(PersonStore::InsertStatus(c, s));
        RETURN_IF_ERROR(PersonStore::RefreshCurrentStatus(c, person_id));
        StatusEntry out = s;
        ASSIGN_OR_RETURN(auto me, PersonStore::GetUserRef(c, s.recorded_by.id));
        if (me) out.recorded_by = *me;
        return out;
      }));
  audit_.Record(PersonAudit(caller, access, "status.create", "status", saved.id));
  return saved;
}

}  // namespace care
