#include "directory/store.h"

#include <cctype>

#include "core/cursor.h"
#include "core/japanese_text.h"

namespace directory {
namespace {

using db::Statement;

constexpr Statement kProfessions{
    "dir_professions",
    "SELECT code, name_ja, name_en FROM professions WHERE active = 1 ORDER BY sort_order"};
constexpr Statement kOrgTypes{
    "dir_org_types",
    "SELECT code, name_ja, name_en FROM organization_types WHERE active = 1 ORDER BY sort_order"};
constexpr Statement kProfessionExists{"dir_profession_exists",
                                      "SELECT 1 FROM professions WHERE code = $1 AND active = 1"};
constexpr Statement kOrgTypeExists{
    "dir_org_type_exists", "SELECT 1 FROM organization_types WHERE code = $1 AND active = 1"};

constexpr Statement kInsertMunicipality{
    "dir_insert_municipality",
    "INSERT INTO municipalities (code, name, kana, prefecture, status, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kGetMunicipality{
    "dir_get_municipality",
    "SELECT code, name, kana, prefecture, status, created_at FROM municipalities WHERE code = $1"};
constexpr Statement kListMunicipalities{
    "dir_list_municipalities",
    "SELECT code, name, kana, prefecture, status, created_at FROM municipalities ORDER BY code"};

#define ORG_COLUMNS                                                                          \
  "o.id, o.municipality_code, o.type_code, o.name, o.kana, o.care_office_number, "           \
  "o.medical_institution_code, o.postal_code, o.address, o.latitude, o.longitude, o.phone, " \
  "o.fax, o.email, o.status, o.created_at, o.updated_at"

constexpr Statement kInsertOrg{
    "dir_insert_org",
    "INSERT INTO organizations (id, municipality_code, type_code, name, kana, search_name, "
    "search_kana, care_office_number, medical_institution_code, postal_code, address, latitude, "
    "longitude, phone, fax, email, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"};
constexpr Statement kUpdateOrg{
    "dir_update_org",
    "UPDATE organizations SET type_code = $2, name = $3, kana = $4, search_name = $5, "
    "search_kana = $6, care_office_number = $7, medical_institution_code = $8, postal_code = $9, "
    "address = $10, latitude = $11, longitude = $12, phone = $13, fax = $14, email = $15, "
    "status = $16, updated_at = $17 WHERE id = $1"};
constexpr Statement kGetOrg{"dir_get_org",
                            "SELECT " ORG_COLUMNS " FROM organizations o WHERE o.id = $1"};
constexpr Statement kOrgMunicipality{"dir_org_municipality",
                                     "SELECT municipality_code FROM organizations WHERE id = $1"};
constexpr Statement kOrgByCareOffice{"dir_org_by_care_office",
                                     "SELECT id FROM organizations WHERE care_office_number = $1"};
// Kana prefix or name substring; keyset on (search_kana, id).
constexpr Statement kSearchOrgs{
    "dir_search_orgs",
    "SELECT " ORG_COLUMNS
    " FROM organizations o WHERE ($1 = '' OR o.search_kana LIKE $1 || '%' ESCAPE '\\' "
    "OR o.search_name LIKE '%' || $1 || '%' ESCAPE '\\') AND ($2 = '' OR o.type_code = $2) "
    "AND ($3 = '' OR o.municipality_code = $3) AND o.status = 'active' "
    "AND ($4 = '' OR (o.search_kana, o.id) > ($4, $5)) ORDER BY o.search_kana, o.id LIMIT $6"};

#define USER_COLUMNS                                                              \
  "u.id, u.login_id, u.display_name, u.kana, u.profession_code, u.account_type, " \
  "u.is_system_admin, u.phone, u.email, u.status, u.last_login_at, u.created_at, u.updated_at"

constexpr Statement kInsertUser{
    "dir_insert_user",
    "INSERT INTO users (id, login_id, login_key, display_name, kana, search_name, search_kana, "
    "profession_code, account_type, is_system_admin, phone, email, status, created_at, "
    "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"};
// Names shown on cached care pages (timeline authors, organizations) changed: see
// cache_generations in src/db/schema_care.cpp.
constexpr Statement kBumpNames{
    "dir_bump_names", "UPDATE cache_generations SET value = value + 1 WHERE name = 'directory'"};
constexpr Statement kUpdateUser{
    "dir_update_user",
    "UPDATE users SET display_name = $2, kana = $3, search_name = $4, search_kana = $5, "
    "profession_code = $6, phone = $7, email = $8, updated_at = $9 WHERE id = $1"};
constexpr Statement kSetUserStatus{"dir_set_user_status",
                                   "UPDATE users SET status = $2, updated_at = $3 WHERE id = $1"};
constexpr Statement kTouchLogin{"dir_touch_login",
                                "UPDATE users SET last_login_at = $2 WHERE id = $1"};
constexpr Statement kGetUser{"dir_get_user",
                             "SELECT " USER_COLUMNS " FROM users u WHERE u.id = $1"};
constexpr Statement kGetUserByLogin{"dir_get_user_by_login",
                                    "SELECT " USER_COLUMNS " FROM users u WHERE u.login_key = $1"};
constexpr Statement kCountSysAdmins{
    "dir_count_sysadmins",
    "SELECT COUNT(*) FROM users WHERE is_system_admin = 1 AND status = 'active'"};
constexpr Statement kSearchUsers{
    "dir_search_users",
    "SELECT " USER_COLUMNS
    " FROM users u WHERE ($1 = '' OR u.search_kana LIKE $1 || '%' ESCAPE '\\' "
    "OR u.search_name LIKE '%' || $1 || '%' ESCAPE '\\') AND ($2 = '' OR u.profession_code = $2) "
    "AND ($3 = '' OR u.status = $3) AND u.account_type = 'staff' "
    "AND (($4 = '' AND $5 = '') OR EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON "
    "o.id = m.organization_id WHERE m.user_id = u.id AND ($4 = '' OR m.organization_id = $4) "
    "AND ($5 = '' OR o.municipality_code = $5))) "
    "AND ($6 = '' OR (u.search_kana, u.id) > ($6, $7)) ORDER BY u.search_kana, u.id LIMIT $8"};

constexpr Statement kUpsertMembership{
    "dir_upsert_membership",
    "INSERT INTO memberships (user_id, organization_id, role, title, created_at) VALUES ($1, $2, "
    "$3, $4, $5) ON CONFLICT (user_id, organization_id) DO UPDATE SET role = excluded.role, "
    "title = excluded.title"};
constexpr Statement kRemoveMembership{
    "dir_remove_membership", "DELETE FROM memberships WHERE user_id = $1 AND organization_id = $2"};
#define MEMBERSHIP_SELECT                                                                   \
  "SELECT m.user_id, m.organization_id, o.name, o.type_code, o.municipality_code, m.role, " \
  "m.title FROM memberships m JOIN organizations o ON o.id = m.organization_id "
constexpr Statement kMembershipsOfUser{
    "dir_memberships_of_user",
    MEMBERSHIP_SELECT "WHERE m.user_id = $1 ORDER BY m.created_at, m.organization_id"};
constexpr Statement kMunicipalityAdminIds{
    "dir_municipality_admin_ids",
    "SELECT DISTINCT m.user_id FROM memberships m JOIN organizations o ON o.id = "
    "m.organization_id JOIN users u ON u.id = m.user_id WHERE o.municipality_code = $1 AND "
    "m.role = 'municipality_admin' AND u.status = 'active' ORDER BY m.user_id"};
constexpr Statement kActiveMemberIds{
    "dir_active_member_ids",
    "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id "
    "WHERE m.organization_id = $1 AND u.status = 'active' ORDER BY m.user_id"};
constexpr Statement kMembersOfOrg{
    "dir_members_of_org",
    "SELECT " USER_COLUMNS
    " FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organization_id = $1 "
    "ORDER BY u.search_kana, u.id"};

// Memberships of a page of users in one statement: a fixed number of slots, unused ones ''.
constexpr int kBatchSlots = 50;
const Statement& MembershipsOfUsersStatement() {
  static const std::string sql = [] {
    std::string s = MEMBERSHIP_SELECT "WHERE m.user_id IN (";
    for (int i = 1; i <= kBatchSlots; ++i) s += (i > 1 ? ", $" : "$") + std::to_string(i);
    return s + ") ORDER BY m.created_at, m.organization_id";
  }();
  static const Statement st{"dir_memberships_of_users", sql};
  return st;
}

Organization OrgFromRow(const db::Row& r) {
  Organization o;
  o.id = r.Text(0);
  o.municipality_code = r.Text(1);
  o.type_code = r.Text(2);
  o.name = r.Text(3);
  o.kana = r.Text(4);
  o.care_office_number = r.OptText(5);
  o.medical_institution_code = r.OptText(6);
  o.postal_code = r.OptText(7);
  o.address = r.OptText(8);
  o.latitude = r.OptReal(9);
  o.longitude = r.OptReal(10);
  o.phone = r.OptText(11);
  o.fax = r.OptText(12);
  o.email = r.OptText(13);
  o.status = r.Text(14);
  o.created_at = r.Int(15);
  o.updated_at = r.Int(16);
  return o;
}

User UserFromRow(const db::Row& r) {
  User u;
  u.id = r.Text(0);
  u.login_id = r.Text(1);
  u.display_name = r.Text(2);
  u.kana = r.Text(3);
  u.profession_code = r.OptText(4);
  u.account_type = r.Text(5);
  u.system_admin = r.Bool(6);
  u.phone = r.OptText(7);
  u.email = r.OptText(8);
  u.status = r.Text(9);
  u.last_login_at = r.OptInt(10);
  u.created_at = r.Int(11);
  u.updated_at = r.Int(12);
  return u;
}

Membership MembershipFromRow(const db::Row& r) {
  return Membership{r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.OptText(6)};
}

std::vector<CodeEntry> Codes(const db::Rows& rows) {
  std::vector<CodeEntry> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Text(2)});
  return out;
}

Result<std::pair<std::string, std::string>> CursorParts(const std::string& cursor) {
  if (cursor.empty()) return std::make_pair(std::string(), std::string());
  auto parts = core::DecodeCursor(cursor);
  if (!parts) return core::Error::Invalid("cursor", "カーソルが正しくありません (invalid cursor)");
  return *parts;
}

}  // namespace

std::string LoginKey(std::string_view login_id) {
  std::string s = core::FoldWidth(login_id);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string EscapeLike(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

Result<std::vector<CodeEntry>> Store::Professions(db::Connection& c) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kProfessions));
  return Codes(rows);
}

Result<std::vector<CodeEntry>> Store::OrganizationTypes(db::Connection& c) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kOrgTypes));
  return Codes(rows);
}

Result<bool> Store::ProfessionExists(db::Connection& c, std::string_view code) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kProfessionExists, {code}));
  return row.has_value();
}

Result<bool> Store::OrganizationTypeExists(db::Connection& c, std::string_view code) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kOrgTypeExists, {code}));
  return row.has_value();
}

Result<void> Store::InsertMunicipality(db::Connection& c, const Municipality& m) {
  RETURN_IF_ERROR(c.Execute(kInsertMunicipality,
                            {m.code, m.name, m.kana, m.prefecture, m.status, m.created_at}));
  return core::Ok();
}

Result<std::optional<Municipality>> Store::GetMunicipality(db::Connection& c,
                                                           std::string_view code) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetMunicipality, {code}));
  if (!row) return std::optional<Municipality>();
  return std::optional<Municipality>(Municipality{row->Text(0), row->Text(1), row->Text(2),
                                                  row->Text(3), row->Text(4), row->Int(5)});
}

Result<std::vector<Municipality>> Store::ListMunicipalities(db::Connection& c) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kListMunicipalities));
  std::vector<Municipality> out;
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int(5)});
  }
  return out;
}

Result<void> Store::InsertOrganization(db::Connection& c, const Organization& o) {
  RETURN_IF_ERROR(c.Execute(
      kInsertOrg,
      {o.id, o.municipality_code, o.type_code, o.name, o.kana, core::NormalizeForSearch(o.name),
       core::NormalizeForSearch(o.kana), o.care_office_number, o.medical_institution_code,
       o.postal_code, o.address, o.latitude, o.longitude, o.phone, o.fax, o.email, o.status,
       o.created_at, o.updated_at}));
  return core::Ok();
}

Result<void> Store::UpdateOrganization(db::Connection& c, const Organization& o) {
  RETURN_IF_ERROR(
      c.Execute(kUpdateOrg, {o.id, o.type_code, o.name, o.kana, core::NormalizeForSearch(o.name),
                             core::NormalizeForSearch(o.kana), o.care_office_number,
                             o.medical_institution_code, o.postal_code, o.address, o.latitude,
                             o.longitude, o.phone, o.fax, o.email, o.status, o.updated_at}));
  RETURN_IF_ERROR(c.Execute(kBumpNames, {}));
  return core::Ok();
}

Result<std::optional<Organization>> Store::GetOrganization(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetOrg, {id}));
  if (!row) return std::optional<Organization>();
  return std::optional<Organization>(OrgFromRow(*row));
}

Result<Page<Organization>> Store::SearchOrganizations(db::Connection& c,
                                                      const OrganizationQuery& q) {
  ASSIGN_OR_RETURN(auto cursor, CursorParts(q.cursor));
  int limit = std::clamp(q.limit, 1, 200);
  ASSIGN_OR_RETURN(auto rows, c.Query(kSearchOrgs, {EscapeLike(core::NormalizeForSearch(q.text)),
                                                    q.type_code, q.municipality_code, cursor.first,
                                                    cursor.second, limit + 1}));
  Page<Organization> page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
    page.items.push_back(OrgFromRow(rows[i]));
  }
  if (static_cast<int>(rows.size()) > limit) {
    const auto& last = page.items.back();
    page.next_cursor = core::EncodeCursor(core::NormalizeForSearch(last.kana), last.id);
  }
  return page;
}

Result<std::optional<std::string>> Store::MunicipalityOfOrganization(db::Connection& c,
                                                                     std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kOrgMunicipality, {id}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<std::optional<std::string>> Store::OrganizationIdByCareOfficeNumber(db::Connection& c,
                                                                           std::string_view no) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kOrgByCareOffice, {no}));
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(row->Text(0));
}

Result<void> Store::InsertUser(db::Connection& c, const User& u) {
  RETURN_IF_ERROR(c.Execute(
      kInsertUser, {u.id, u.login_id, LoginKey(u.login_id), u.display_name, u.kana,
                    core::NormalizeForSearch(u.display_name), core::NormalizeForSearch(u.kana),
                    u.profession_code, u.account_type, u.system_admin, u.phone, u.email, u.status,
                    u.created_at, u.updated_at}));
  return core::Ok();
}

Result<void> Store::UpdateUserProfile(db::Connection& c, const User& u) {
  RETURN_IF_ERROR(c.Execute(
      kUpdateUser,
      {u.id, u.display_name, u.kana, core::NormalizeForSearch(u.display_name),
       core::NormalizeForSearch(u.kana), u.profession_code, u.phone, u.email, u.updated_at}));
  RETURN_IF_ERROR(c.Execute(kBumpNames, {}));
  return core::Ok();
}

Result<void> Store::SetUserStatus(db::Connection& c, std::string_view id, std::string_view status,
                                  int64_t now) {
  RETURN_IF_ERROR(c.Execute(kSetUserStatus, {id, status, now}));
  return core::Ok();
}

Result<void> Store::TouchLastLogin(db::Connection& c, std::string_view id, int64_t now) {
  RETURN_IF_ERROR(c.Execute(kTouchLogin, {id, now}));
  return core::Ok();
}

Result<std::optional<User>> Store::GetUser(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetUser, {id}));
  if (!row) return std::optional<User>();
  return std::optional<User>(UserFromRow(*row));
}

Result<std::optional<User>> Store::GetUserByLoginId(db::Connection& c, std::string_view login_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGetUserByLogin, {LoginKey(login_id)}));
  if (!row) return std::optional<User>();
  return std::optional<User>(UserFromRow(*row));
}

Result<Page<User>> Store::SearchUsers(db::Connection& c, const UserQuery& q) {
  ASSIGN_OR_RETURN(auto cursor, CursorParts(q.cursor));
  int limit = std::clamp(q.limit, 1, kBatchSlots);
  ASSIGN_OR_RETURN(auto rows, c.Query(kSearchUsers, {EscapeLike(core::NormalizeForSearch(q.text)),
                                                     q.profession_code, q.status, q.organization_id,
                                                     q.municipality_code, cursor.first,
                                                     cursor.second, limit + 1}));
  Page<User> page;
  for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
    page.items.push_back(UserFromRow(rows[i]));
  }
  if (static_cast<int>(rows.size()) > limit) {
    const auto& last = page.items.back();
    page.next_cursor = core::EncodeCursor(core::NormalizeForSearch(last.kana), last.id);
  }
  return page;
}

Result<int64_t> Store::CountSystemAdmins(db::Connection& c) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kCountSysAdmins));
  return row ? row->Int(0) : 0;
}

Result<void> Store::UpsertMembership(db::Connection& c, const Membership& m, int64_t now) {
  RETURN_IF_ERROR(
      c.Execute(kUpsertMembership, {m.user_id, m.organization_id, m.role, m.title, now}));
  return core::Ok();
}

Result<int64_t> Store::RemoveMembership(db::Connection& c, std::string_view user_id,
                                        std::string_view org_id) {
  return c.Execute(kRemoveMembership, {user_id, org_id});
}

namespace {
Result<std::vector<std::string>> Ids(db::Connection& c, const Statement& st, std::string_view key) {
  ASSIGN_OR_RETURN(auto rows, c.Query(st, {key}));
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.Text(0));
  return out;
}
}  // namespace

Result<std::vector<std::string>> Store::MunicipalityAdminIds(db::Connection& c,
                                                             std::string_view municipality_code) {
  return Ids(c, kMunicipalityAdminIds, municipality_code);
}

Result<std::vector<std::string>> Store::ActiveMemberIds(db::Connection& c,
                                                        std::string_view organization_id) {
  return Ids(c, kActiveMemberIds, organization_id);
}

Result<std::vector<Membership>> Store::MembershipsOfUser(db::Connection& c,
                                                         std::string_view user_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kMembershipsOfUser, {user_id}));
  std::vector<Membership> out;
  for (const auto& r : rows) out.push_back(MembershipFromRow(r));
  return out;
}

Result<std::vector<Membership>> Store::MembershipsOfUsers(db::Connection& c,
                                                          const std::vector<std::string>& ids) {
  std::vector<Membership> out;
  for (size_t start = 0; start < ids.size(); start += kBatchSlots) {
    std::vector<db::Param> params(kBatchSlots, db::Param(""));
    for (size_t i = 0; i < kBatchSlots && start + i < ids.size(); ++i) params[i] = ids[start + i];
    ASSIGN_OR_RETURN(auto rows, c.Query(MembershipsOfUsersStatement(), db::Params(params)));
    for (const auto& r : rows) out.push_back(MembershipFromRow(r));
  }
  return out;
}

Result<std::vector<UserWithMemberships>> Store::MembersOfOrganization(db::Connection& c,
                                                                      std::string_view org_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kMembersOfOrg, {org_id}));
  std::vector<UserWithMemberships> out;
  std::vector<std::string> ids;
  for (const auto& r : rows) {
    out.push_back({UserFromRow(r), {}});
    ids.push_back(out.back().user.id);
  }
  ASSIGN_OR_RETURN(auto memberships, MembershipsOfUsers(c, ids));
  for (auto& u : out) {
    for (const auto& m : memberships) {
      if (m.user_id == u.user.id) u.memberships.push_back(m);
    }
  }
  return out;
}

}  // namespace directory
