#include "care/family_store.h"

namespace care {
namespace {

using db::Statement;

#define FAMILY_COLUMNS                                                                            \
  "f.id, f.person_id, f.invitation_id, f.display_name, f.relation, f.invited_by, "                \
  "COALESCE(u.display_name, ''), f.created_at, f.revoked_at, i.used_at, i.expires_at, i.user_id " \
  "FROM family_members f JOIN invitations i ON i.id = f.invitation_id "                           \
  "LEFT JOIN users u ON u.id = f.invited_by "

constexpr Statement kInsert{
    "care_family_insert",
    "INSERT INTO family_members (id, person_id, invitation_id, display_name, relation, "
    "invited_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"};
constexpr Statement kList{"care_family_list", "SELECT " FAMILY_COLUMNS
                                              "WHERE f.person_id = $1 ORDER BY f.created_at, f.id"};
constexpr Statement kGet{"care_family_get",
                         "SELECT " FAMILY_COLUMNS "WHERE f.id = $1 AND f.person_id = $2"};
constexpr Statement kRevoke{
    "care_family_revoke",
    "UPDATE family_members SET revoked_at = $3, revoked_by = $2 WHERE id = $1 AND revoked_at IS "
    "NULL"};
constexpr Statement kPersonsOfUser{
    "care_family_persons_of_user",
    "SELECT p.id, p.name, p.kana, f.relation FROM invitations i "
    "JOIN family_members f ON f.invitation_id = i.id JOIN persons p ON p.id = f.person_id "
    "WHERE i.user_id = $1 AND f.revoked_at IS NULL ORDER BY p.search_kana, p.id"};

FamilyMember FromRow(const db::Row& r) {
  FamilyMember m;
  m.id = r.Text(0);
  m.person_id = r.Text(1);
  m.invitation_id = r.Text(2);
  m.display_name = r.Text(3);
  m.relation = r.Text(4);
  m.invited_by = r.Text(5);
  m.invited_by_name = r.Text(6);
  m.created_at = r.Int(7);
  m.revoked_at = r.OptInt(8);
  m.accepted_at = r.OptInt(9);
  m.invitation_expires_at = r.Int(10);
  m.user_id = r.OptText(11);
  return m;
}

}  // namespace

std::string FamilyMember::Status(int64_t now) const {
  if (revoked_at) return "revoked";
  if (user_id) return "active";
  return invitation_expires_at <= now ? "expired" : "invited";
}

core::Result<void> FamilyStore::Insert(db::Connection& c, const FamilyMember& m) {
  RETURN_IF_ERROR(c.Execute(kInsert, {m.id, m.person_id, m.invitation_id, m.display_name,
                                      m.relation, m.invited_by, m.created_at}));
  return core::Ok();
}

core::Result<std::vector<FamilyMember>> FamilyStore::ListForPerson(db::Connection& c,
                                                                   std::string_view person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kList, {person_id}));
  std::vector<FamilyMember> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<std::optional<FamilyMember>> FamilyStore::Get(db::Connection& c, std::string_view id,
                                                           std::string_view person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGet, {id, person_id}));
  if (!row) return std::optional<FamilyMember>();
  return std::optional<FamilyMember>(FromRow(*row));
}

core::Result<bool> FamilyStore::Revoke(db::Connection& c, std::string_view id, std::string_view by,
                                       int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kRevoke, {id, by, now}));
  return n == 1;
}

core::Result<std::vector<FamilyPerson>> FamilyStore::PersonsOfUser(db::Connection& c,
                                                                   std::string_view user_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kPersonsOfUser, {user_id}));
  std::vector<FamilyPerson> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3)});
  return out;
}

}  // namespace care
