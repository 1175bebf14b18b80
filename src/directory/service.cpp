#include "directory/service.h"

#include "core/id.h"
#include "core/japanese_text.h"
#include "core/municipality_code.h"
#include "directory/store.h"
#include "directory/validation.h"

namespace directory {

std::optional<std::string> Facts::MunicipalityOfOrganization(std::string_view org_id) {
  auto r = db_.Get<std::optional<std::string>>(
      [&](db::Connection& c) { return Store::MunicipalityOfOrganization(c, org_id); });
  return r.ok() ? *r : std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Facts::OrganizationsOfUser(
    std::string_view user_id) {
  std::vector<std::pair<std::string, std::string>> out;
  auto r = db_.Get<std::vector<Membership>>(
      [&](db::Connection& c) { return Store::MembershipsOfUser(c, user_id); });
  if (r.ok()) {
    for (const auto& m : *r) out.emplace_back(m.organization_id, m.municipality_code);
  }
  return out;
}

Result<std::vector<CodeEntry>> Service::Professions() {
  return db_.Get<std::vector<CodeEntry>>([](db::Connection& c) { return Store::Professions(c); });
}

Result<std::vector<CodeEntry>> Service::OrganizationTypes() {
  return db_.Get<std::vector<CodeEntry>>(
      [](db::Connection& c) { return Store::OrganizationTypes(c); });
}

Result<std::vector<Municipality>> Service::Municipalities(const auth::Caller& caller) {
  return db_.Get<std::vector<Municipality>>(
      [](db::Connection& c) { return Store::ListMunicipalities(c); });
}

Result<Municipality> Service::CreateMunicipality(Municipality m, const auth::Caller& caller) {
  if (!caller.principal->system_admin) return core::Error::Forbidden();
  std::vector<core::FieldError> errors;
  if (auto repaired = core::RepairMunicipalityCode(m.code)) m.code = *repaired;
  if (!core::IsValidMunicipalityCode(m.code)) {
    errors.push_back({"code", "format",
                      "全国地方公共団体コード(6桁、検査数字付き)を入力してください (invalid "
                      "municipality code)"});
  }
  if (m.name.empty()) errors.push_back({"name", "required", "入力してください (required)"});
  if (m.prefecture.empty())
    errors.push_back({"prefecture", "required", "入力してください (required)"});
  if (!m.kana.empty() && !core::IsKanaName(m.kana)) {
    errors.push_back({"kana", "kana_only", "カタカナまたはひらがなで入力してください (kana only)"});
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  m.kana = core::ToFullWidthKatakana(m.kana);
  m.created_at = clock_.NowMillis();
  auto status = db_.Transact([&](db::Connection& c) { return Store::InsertMunicipality(c, m); });
  if (!status.ok() && status.error().code == core::ErrorCode::kConflict) {
    return core::Error::Conflict("この自治体は登録済みです (already registered)", "code");
  }
  RETURN_IF_ERROR(status);
  audit::Entry e = caller.Audit("directory.municipality.create", "municipality", m.code);
  e.municipality_code = m.code;
  audit_.Record(std::move(e));
  return m;
}

Result<Page<Organization>> Service::SearchOrganizations(const OrganizationQuery& q,
                                                        const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanReadDirectory(*caller.principal));
  return db_.Get<Page<Organization>>(
      [&](db::Connection& c) { return Store::SearchOrganizations(c, q); });
}

Result<Organization> Service::GetOrganization(const std::string& id, const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanReadDirectory(*caller.principal));
  ASSIGN_OR_RETURN(auto org, db_.Get<std::optional<Organization>>(
                                 [&](db::Connection& c) { return Store::GetOrganization(c, id); }));
  if (!org) return core::Error::NotFound("事業所が見つかりません (organization not found)");
  return std::move(*org);
}

Result<Organization> Service::CreateOrganization(Organization o, const auth::Caller& caller) {
  if (auto repaired = core::RepairMunicipalityCode(o.municipality_code)) {
    o.municipality_code = *repaired;
  }
  auto errors = ValidateOrganization(o);
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  RETURN_IF_ERROR(policy_.CanAdministerMunicipality(*caller.principal, o.municipality_code));
  int64_t now = clock_.NowMillis();
  o.id = core::NewId(now);
  o.kana = core::ToFullWidthKatakana(o.kana);
  o.created_at = o.updated_at = now;
  auto status = db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto muni, Store::GetMunicipality(c, o.municipality_code));
    if (!muni)
      return core::Error::Invalid("municipality_code", "未登録の自治体です (unknown municipality)");
    ASSIGN_OR_RETURN(bool type_ok, Store::OrganizationTypeExists(c, o.type_code));
    if (!type_ok)
      return core::Error::Invalid("type_code",
                                  "種別が正しくありません (unknown organization type)");
    return Store::InsertOrganization(c, o);
  });
  if (!status.ok() && status.error().code == core::ErrorCode::kConflict) {
    return core::Error::Conflict(
        "この介護保険事業所番号は登録済みです (office number already registered)",
        "care_office_number");
  }
  RETURN_IF_ERROR(status);
  audit::Entry e = caller.Audit("directory.organization.create", "organization", o.id);
  e.municipality_code = o.municipality_code;
  audit_.Record(std::move(e));
  return o;
}

Result<Organization> Service::UpdateOrganization(Organization o, const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, o.id));
  ASSIGN_OR_RETURN(auto current, db_.Get<std::optional<Organization>>([&](db::Connection& c) {
    return Store::GetOrganization(c, o.id);
  }));
  if (!current) return core::Error::NotFound("事業所が見つかりません (organization not found)");
  // The type decides which roles the organization may hand out (a municipal department's
  // municipality admins, a fire department's EMS crews), so only the municipality changes it.
  if (!o.type_code.empty() && o.type_code != current->type_code) {
    RETURN_IF_ERROR(
        policy_.CanAdministerMunicipality(*caller.principal, current->municipality_code));
  }
  o.municipality_code = current->municipality_code;
  o.created_at = current->created_at;
  if (o.status.empty()) o.status = current->status;
  auto errors = ValidateOrganization(o);
  if (o.status != "active" && o.status != "closed") {
    errors.push_back(
        {"status", "not_allowed", "active か closed を指定してください (active or closed)"});
  }
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  o.kana = core::ToFullWidthKatakana(o.kana);
  o.updated_at = clock_.NowMillis();
  auto status = db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(bool type_ok, Store::OrganizationTypeExists(c, o.type_code));
    if (!type_ok)
      return core::Error::Invalid("type_code",
                                  "種別が正しくありません (unknown organization type)");
    return Store::UpdateOrganization(c, o);
  });
  if (!status.ok() && status.error().code == core::ErrorCode::kConflict) {
    return core::Error::Conflict(
        "この介護保険事業所番号は登録済みです (office number already registered)",
        "care_office_number");
  }
  RETURN_IF_ERROR(status);
  audit::Entry e = caller.Audit("directory.organization.update", "organization", o.id);
  e.municipality_code = o.municipality_code;
  audit_.Record(std::move(e));
  return o;
}

Result<std::vector<UserWithMemberships>> Service::Members(const std::string& org_id,
                                                          const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanReadDirectory(*caller.principal));
  ASSIGN_OR_RETURN(
      auto members,
      db_.Get<std::vector<UserWithMemberships>>(
          [&](db::Connection& c) -> Result<std::vector<UserWithMemberships>> {
            ASSIGN_OR_RETURN(auto org, Store::GetOrganization(c, org_id));
            if (!org)
              return core::Error::NotFound("事業所が見つかりません (organization not found)");
            return Store::MembersOfOrganization(c, org_id);
          }));
  // Suspended and retired colleagues are shown to the organization's admins only.
  if (!policy_.CanAdministerOrganization(*caller.principal, org_id).ok()) {
    std::erase_if(members, [](const auto& m) { return m.user.status != "active"; });
  }
  audit_.Record(caller.Audit("directory.organization.members", "organization", org_id));
  return members;
}

Result<Membership> Service::AddMember(const std::string& org_id, const std::string& login_id,
                                      const std::string& role,
                                      const std::optional<std::string>& title,
                                      const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  Membership m;
  m.organization_id = org_id;
  m.role = role;
  m.title = title;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto org, Store::GetOrganization(c, org_id));
    if (!org) return core::Error::NotFound("事業所が見つかりません (organization not found)");
    RETURN_IF_ERROR(ValidateRoleForOrganization(role, org->type_code, "role"));
    // Only those who hold a municipality's powers may hand them on.
    if (role == "municipality_admin") {
      RETURN_IF_ERROR(policy_.CanAdministerMunicipality(*caller.principal, org->municipality_code));
    }
    ASSIGN_OR_RETURN(auto user, Store::GetUserByLoginId(c, login_id));
    if (!user || user->account_type != "staff") {
      return core::Error::Invalid(
          "login_id", "このログインIDの専門職は見つかりません (no such professional)", "not_found");
    }
    m.user_id = user->id;
    m.organization_name = org->name;
    m.organization_type = org->type_code;
    m.municipality_code = org->municipality_code;
    return Store::UpsertMembership(c, m, clock_.NowMillis());
  }));
  audit::Entry e = caller.Audit("directory.membership.upsert", "user", m.user_id);
  e.organization_id = org_id;
  e.details = "{\"role\":\"" + role + "\"}";
  audit_.Record(std::move(e));
  return m;
}

Result<void> Service::RemoveMember(const std::string& org_id, const std::string& user_id,
                                   const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanAdministerOrganization(*caller.principal, org_id));
  if (user_id == caller.principal->user_id && !caller.principal->system_admin) {
    return core::Error::Conflict("自分自身は外せません (cannot remove yourself)");
  }
  ASSIGN_OR_RETURN(int64_t n, db_.Get<int64_t>([&](db::Connection& c) {
    return Store::RemoveMembership(c, user_id, org_id);
  }));
  if (n == 0) return core::Error::NotFound("所属が見つかりません (membership not found)");
  audit::Entry e = caller.Audit("directory.membership.remove", "user", user_id);
  e.organization_id = org_id;
  audit_.Record(std::move(e));
  return core::Ok();
}

Result<Page<UserWithMemberships>> Service::SearchUsers(const UserQuery& q,
                                                       const auth::Caller& caller) {
  RETURN_IF_ERROR(policy_.CanReadDirectory(*caller.principal));
  UserQuery query = q;
  if (query.status != "active" && !caller.principal->system_admin &&
      !caller.principal->HasRole(auth::Role::kOrgAdmin) &&
      !caller.principal->IsAnyMunicipalityAdmin()) {
    query.status = "active";  // only admins look for suspended or retired accounts
  }
  ASSIGN_OR_RETURN(auto page, db_.Get<Page<UserWithMemberships>>(
                                  [&](db::Connection& c) -> Result<Page<UserWithMemberships>> {
                                    ASSIGN_OR_RETURN(auto users, Store::SearchUsers(c, query));
                                    std::vector<std::string> ids;
                                    for (const auto& u : users.items) ids.push_back(u.id);
                                    ASSIGN_OR_RETURN(auto memberships,
                                                     Store::MembershipsOfUsers(c, ids));
                                    Page<UserWithMemberships> out;
                                    out.next_cursor = users.next_cursor;
                                    for (auto& u : users.items) {
                                      UserWithMemberships uw{std::move(u), {}};
                                      for (const auto& m : memberships) {
                                        if (m.user_id == uw.user.id) uw.memberships.push_back(m);
                                      }
                                      out.items.push_back(std::move(uw));
                                    }
                                    return out;
                                  }));
  audit_.Record(caller.Audit("directory.user.search", "user"));
  return page;
}

Result<UserWithMemberships> Service::GetUser(const std::string& id, const auth::Caller& caller) {
  if (id != caller.principal->user_id) RETURN_IF_ERROR(policy_.CanReadDirectory(*caller.principal));
  ASSIGN_OR_RETURN(
      auto out, db_.Get<UserWithMemberships>([&](db::Connection& c) -> Result<UserWithMemberships> {
        ASSIGN_OR_RETURN(auto user, Store::GetUser(c, id));
        if (!user || (user->account_type != "staff" && id != caller.principal->user_id)) {
          return core::Error::NotFound("ユーザーが見つかりません (user not found)");
        }
        ASSIGN_OR_RETURN(auto memberships, Store::MembershipsOfUser(c, id));
        return UserWithMemberships{std::move(*user), std::move(memberships)};
      }));
  audit_.Record(caller.Audit("directory.user.read", "user", id));
  return out;
}

Result<User> Service::UpdateMyProfile(const User& changes, const auth::Caller& caller) {
  const std::string& id = caller.principal->user_id;
  ASSIGN_OR_RETURN(auto current, db_.Get<std::optional<User>>(
                                     [&](db::Connection& c) { return Store::GetUser(c, id); }));
  if (!current) return core::Error::NotFound();
  User u = *current;
  u.display_name = changes.display_name;
  u.kana = core::ToFullWidthKatakana(changes.kana);
  u.phone = changes.phone;
  u.email = changes.email;
  if (u.account_type == "staff") u.profession_code = changes.profession_code;
  auto errors = ValidateNewUser(u);
  if (!errors.empty()) return core::Error::Fields(std::move(errors));
  u.updated_at = clock_.NowMillis();
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    if (u.profession_code) {
      ASSIGN_OR_RETURN(bool ok, Store::ProfessionExists(c, *u.profession_code));
      if (!ok)
        return core::Error::Invalid("profession_code",
                                    "職種コードが正しくありません (unknown profession)");
    }
    return Store::UpdateUserProfile(c, u);
  }));
  audit_.Record(caller.Audit("directory.user.update_self", "user", id));
  return u;
}

}  // namespace directory
