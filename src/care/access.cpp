#include "care/access.h"

#include "core/id.h"

namespace care {
namespace {

using db::Statement;

// The caller's active role and the consent scopes in force, in one round trip. The scopes come
// as one bit set from an aggregate without GROUP BY: a grouped subquery made SQLite build a
// temporary b-tree on every request, a fifth of the timeline page's cost.
constexpr Statement kAccessFacts{
    "care_access_facts",
    "SELECT p.municipality_code, p.created_by, m.team_role, "
    "(SELECT COALESCE(MAX(scope_team), 0) + 2 * COALESCE(MAX(scope_emergency), 0) "
    "+ 4 * COALESCE(MAX(scope_disaster), 0) + 8 * COALESCE(MAX(scope_family), 0) "
    "FROM consents WHERE person_id = $1 AND withdrawn_at IS NULL), "
    "p.timeline_version, "
    "(SELECT value FROM cache_generations WHERE name = 'directory') "
    "FROM persons p "
    "LEFT JOIN care_team_members m ON m.person_id = p.id AND m.user_id = $2 "
    "AND m.status = 'active' "
    "WHERE p.id = $1"};

constexpr Statement kFamilyLink{
    "care_family_link",
    "SELECT 1 FROM family_members f JOIN invitations i ON i.id = f.invitation_id "
    "WHERE f.person_id = $1 AND i.user_id = $2 AND f.revoked_at IS NULL"};

constexpr Statement kActiveMembers{
    "care_active_members",
    "SELECT user_id, team_role FROM care_team_members WHERE person_id = $1 AND status = 'active' "
    "ORDER BY joined_at, user_id"};

}  // namespace

bool FamilyEditablePart(std::string_view part) {
  return part == "emergency" || part == "key_persons";
}

bool PersonAccess::Allows(Need need) const {
  switch (need) {
    case Need::kRead:
      return CanRead();
    case Need::kWrite:
      return CanWrite();
    case Need::kManageTeam:
      return CanManageTeam();
    case Need::kRecordConsent:
      return CanRecordConsent();
    case Need::kFamilyRead:
      return CanRead() || family_member;
    case Need::kFamilyEdit:
      return CanWrite() || family_member;
  }
  return false;
}

Result<PersonAccess> PersonAccessChecker::Load(db::Connection& conn, const std::string& person_id,
                                               const auth::Caller& caller) {
  if (!core::IsValidId(person_id)) return core::Error::NotFound();  // never reaches SQL
  std::string user_id = caller.principal ? caller.principal->user_id : std::string();
  ASSIGN_OR_RETURN(auto row, conn.QueryOne(kAccessFacts, {person_id, user_id}));
  if (!row) return core::Error::NotFound();
  PersonAccess a;
  a.person_id = person_id;
  a.municipality_code = row->Text(0);
  a.created_by = row->Text(1);
  a.team_role = row->Text(2);
  int64_t scopes = row->Int(3);
  a.consent = {(scopes & 1) != 0, (scopes & 2) != 0, (scopes & 4) != 0, (scopes & 8) != 0};
  a.timeline_version = row->Int(4);
  a.names_generation = row->OptInt(5).value_or(0);
  if (caller.principal && caller.principal->IsStaff() && caller.principal->FullySignedIn()) {
    a.municipality_admin = caller.principal->AdminsMunicipality(a.municipality_code);
  } else {
    a.team_role.clear();  // family accounts and unfinished logins never act as team members
    if (caller.principal && caller.principal->FullySignedIn() && a.consent.family) {
      ASSIGN_OR_RETURN(auto link,
                       conn.QueryOne(kFamilyLink, {person_id, caller.principal->user_id}));
      a.family_member = link.has_value();
    }
  }
  return a;
}

Result<PersonAccess> PersonAccessChecker::Require(db::Connection& conn,
                                                  const std::string& person_id,
                                                  const auth::Caller& caller, Need need,
                                                  std::string_view action) {
  auto loaded = Load(conn, person_id, caller);
  if (loaded.ok() && loaded->Allows(need)) return loaded;
  if (!loaded.ok() && loaded.error().code != core::ErrorCode::kNotFound) return loaded.error();
  audit::Entry e = caller.Audit(std::string(action), "person", person_id);
  e.person_id = person_id;
  if (loaded.ok()) e.municipality_code = loaded->municipality_code;
  e.outcome = "denied";
  audit_.Record(std::move(e));
  return core::Error::Forbidden(
      "この方の記録を見る権限がありません (not in this person's care team)");
}

audit::Entry PersonAudit(const auth::Caller& caller, const PersonAccess& access, std::string action,
                         std::string object_type, std::string object_id) {
  if (object_id.empty() && object_type == "person") object_id = access.person_id;
  audit::Entry e = caller.Audit(std::move(action), std::move(object_type), std::move(object_id));
  e.person_id = access.person_id;
  e.municipality_code = access.municipality_code;
  if (!access.team_role.empty()) {
    e.reason = "team:" + access.team_role;
  } else if (access.municipality_admin) {
    e.reason = "municipality";
  }
  return e;
}

Result<std::vector<TeamMemberRef>> ActiveMembers(db::Connection& conn,
                                                 const std::string& person_id) {
  ASSIGN_OR_RETURN(auto rows, conn.Query(kActiveMembers, {person_id}));
  std::vector<TeamMemberRef> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1)});
  return out;
}

}  // namespace care
