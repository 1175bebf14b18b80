#include "care/team_store.h"

#include "care/timeline_store.h"

namespace care {
namespace {

using db::Statement;

#define MEMBER_COLUMNS                                                                      \
  "m.person_id, m.user_id, u.display_name, u.kana, u.profession_code, m.organization_id, "  \
  "o.name, o.municipality_code, m.team_role, m.status, m.invited_by, iu.display_name, "     \
  "iu.profession_code, m.invited_at, m.joined_at, m.ended_at FROM care_team_members m "     \
  "JOIN users u ON u.id = m.user_id LEFT JOIN organizations o ON o.id = m.organization_id " \
  "LEFT JOIN users iu ON iu.id = m.invited_by "

constexpr Statement kList{
    "care_team_list",
    "SELECT " MEMBER_COLUMNS
    "WHERE m.person_id = $1 ORDER BY CASE m.status WHEN 'active' THEN 0 WHEN 'invited' THEN 1 "
    "ELSE 2 END, m.invited_at, m.user_id"};
constexpr Statement kGet{"care_team_get",
                         "SELECT " MEMBER_COLUMNS "WHERE m.person_id = $1 AND m.user_id = $2"};
constexpr Statement kInsert{
    "care_team_insert",
    "INSERT INTO care_team_members (person_id, user_id, organization_id, team_role, status, "
    "invited_by, invited_at, joined_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"};
constexpr Statement kReinvite{
    "care_team_reinvite",
    "UPDATE care_team_members SET organization_id = $3, team_role = $4, status = 'invited', "
    "invited_by = $5, invited_at = $6, joined_at = NULL, ended_at = NULL, ended_by = NULL "
    "WHERE person_id = $1 AND user_id = $2"};
constexpr Statement kActivate{
    "care_team_activate",
    "UPDATE care_team_members SET status = $4, joined_at = $5 WHERE person_id = $1 AND "
    "user_id = $2 AND status = $3"};
constexpr Statement kEnd{
    "care_team_end",
    "UPDATE care_team_members SET status = $4, ended_at = $5, ended_by = $6 WHERE person_id = $1 "
    "AND user_id = $2 AND status = $3"};
constexpr Statement kSetRole{
    "care_team_set_role",
    "UPDATE care_team_members SET team_role = $3 WHERE person_id = $1 AND user_id = $2"};
constexpr Statement kCounts{
    "care_team_counts",
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN team_role = 'care_manager' THEN 1 ELSE 0 END), 0) "
    "FROM care_team_members WHERE person_id = $1 AND status = 'active'"};
constexpr Statement kInvitations{
    "care_team_invitations",
    "SELECT m.person_id, p.name, p.kana, m.team_role, m.invited_by, iu.display_name, "
    "iu.profession_code, m.invited_at FROM care_team_members m JOIN persons p ON p.id = "
    "m.person_id LEFT JOIN users iu ON iu.id = m.invited_by WHERE m.user_id = $1 AND "
    "m.status = 'invited' ORDER BY m.invited_at DESC, m.person_id"};
constexpr Statement kInvitee{"care_team_invitee",
                             "SELECT account_type, status FROM users WHERE id = $1"};
constexpr Statement kInviteeOrgs{
    "care_team_invitee_orgs",
    "SELECT organization_id FROM memberships WHERE user_id = $1 ORDER BY created_at, "
    "organization_id"};

TeamMember MemberFromRow(const db::Row& r) {
  TeamMember m;
  m.person_id = r.Text(0);
  m.user_id = r.Text(1);
  m.name = r.Text(2);
  m.kana = r.Text(3);
  m.profession_code = r.OptText(4);
  m.organization_id = r.OptText(5);
  m.organization_name = r.OptText(6);
  m.municipality_code = r.OptText(7);
  m.team_role = r.Text(8);
  m.status = r.Text(9);
  if (!r.IsNull(10)) m.invited_by = UserRef{r.Text(10), r.Text(11), r.OptText(12)};
  m.invited_at = r.Int(13);
  m.joined_at = r.OptInt(14);
  m.ended_at = r.OptInt(15);
  return m;
}

}  // namespace

Result<std::vector<TeamMember>> TeamStore::List(db::Connection& c, std::string_view person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kList, {person_id}));
  std::vector<TeamMember> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(MemberFromRow(r));
  return out;
}

Result<std::optional<TeamMember>> TeamStore::Get(db::Connection& c, std::string_view person_id,
                                                 std::string_view user_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGet, {person_id, user_id}));
  if (!row) return std::optional<TeamMember>();
  return std::optional<TeamMember>(MemberFromRow(*row));
}

Result<void> TeamStore::Insert(db::Connection& c, const TeamMember& m, int64_t invited_at) {
  std::optional<std::string> invited_by;
  if (m.invited_by) invited_by = m.invited_by->id;
  RETURN_IF_ERROR(c.Execute(kInsert, {m.person_id, m.user_id, m.organization_id, m.team_role,
                                      m.status, invited_by, invited_at, m.joined_at}));
  // The active members are the 既読 denominators of the person's timeline pages.
  return TimelineStore::BumpVersion(c, m.person_id);
}

Result<void> TeamStore::Reinvite(db::Connection& c, const TeamMember& m) {
  std::optional<std::string> invited_by;
  if (m.invited_by) invited_by = m.invited_by->id;
  RETURN_IF_ERROR(c.Execute(kReinvite, {m.person_id, m.user_id, m.organization_id, m.team_role,
                                        invited_by, m.invited_at}));
  return core::Ok();
}

Result<bool> TeamStore::Transition(db::Connection& c, std::string_view person_id,
                                   std::string_view user_id, std::string_view from_status,
                                   std::string_view to_status, const std::string& by, int64_t now) {
  int64_t n = 0;
  if (to_status == "active") {
    ASSIGN_OR_RETURN(n, c.Execute(kActivate, {person_id, user_id, from_status, to_status, now}));
  } else {
    ASSIGN_OR_RETURN(n, c.Execute(kEnd, {person_id, user_id, from_status, to_status, now, by}));
  }
  if (n != 1) return false;
  RETURN_IF_ERROR(TimelineStore::BumpVersion(c, person_id));
  return true;
}

Result<void> TeamStore::SetRole(db::Connection& c, std::string_view person_id,
                                std::string_view user_id, std::string_view team_role) {
  RETURN_IF_ERROR(c.Execute(kSetRole, {person_id, user_id, team_role}));
  return core::Ok();
}

Result<TeamCounts> TeamStore::Counts(db::Connection& c, std::string_view person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kCounts, {person_id}));
  if (!row) return TeamCounts{};
  return TeamCounts{row->Int(0), row->Int(1)};
}

Result<std::vector<Invitation>> TeamStore::Invitations(db::Connection& c,
                                                       std::string_view user_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kInvitations, {user_id}));
  std::vector<Invitation> out;
  for (const auto& r : rows) {
    Invitation i;
    i.person_id = r.Text(0);
    i.person_name = r.Text(1);
    i.person_kana = r.Text(2);
    i.team_role = r.Text(3);
    if (!r.IsNull(4)) i.invited_by = UserRef{r.Text(4), r.Text(5), r.OptText(6)};
    i.invited_at = r.Int(7);
    out.push_back(std::move(i));
  }
  return out;
}

Result<std::optional<InviteeFacts>> TeamStore::Invitee(db::Connection& c,
                                                       std::string_view user_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kInvitee, {user_id}));
  if (!row) return std::optional<InviteeFacts>();
  InviteeFacts f{row->Text(0), row->Text(1), {}};
  ASSIGN_OR_RETURN(auto orgs, c.Query(kInviteeOrgs, {user_id}));
  for (const auto& r : orgs) f.organization_ids.push_back(r.Text(0));
  return std::optional<InviteeFacts>(std::move(f));
}

}  // namespace care
