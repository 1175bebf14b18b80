#include "care/family_service.h"

#include "care/field_reader.h"
#include "care/person_service.h"
#include "core/id.h"

namespace care {

using core::Error;
using core::Result;

Result<FamilyInvite> ParseFamilyInvite(const boost::json::object& body) {
  std::vector<core::FieldError> errors;
  fields::Reader in(body, "", errors);
  FamilyInvite f;
  f.display_name = in.Str("display_name", 50, false, true).value_or("");
  f.relation = in.Str("relation", 30, false, true).value_or("");
  f.kana = fields::Kana(in, "kana", false);
  f.email = in.Str("email", 254);
  in.Finish();
  RETURN_IF_ERROR(fields::Done(errors));
  return f;
}

Result<IssuedFamilyInvite> FamilyService::Invite(const std::string& person_id,
                                                 const Result<FamilyInvite>& input,
                                                 const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kWrite,
                                            "family.invite"));
  RETURN_IF_ERROR(input);
  if (!access.consent.family) {
    Error e = Error::Conflict(
        "家族ポータルの同意がないため招待できません (no family-portal consent in force)");
    e.details.push_back({"", "no_family_consent", e.message});
    return e;
  }
  ASSIGN_OR_RETURN(auto link, accounts_.InviteFamily({input->display_name, input->kana,
                                                      input->email, caller.principal->user_id}));
  const int64_t now = clock_.NowMillis();
  FamilyMember m;
  m.id = core::NewId(now);
  m.person_id = person_id;
  m.invitation_id = link.id;
  m.display_name = input->display_name;
  m.relation = input->relation;
  m.invited_by = caller.principal->user_id;
  m.created_at = now;
  m.invitation_expires_at = link.expires_at;
  auto stored = db_.Transact([&](db::Connection& c) -> Result<void> {
    RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kWrite));
    return FamilyStore::Insert(c, m);
  });
  if (!stored.ok()) {
    (void)accounts_.RevokeFamilyInvitation(link.id);  // an invitation for no one must not work
    return std::move(stored).error();
  }
  audit_.Record(PersonAudit(caller, access, "family.invite", "family_member", m.id));
  return IssuedFamilyInvite{std::move(m), std::move(link)};
}

Result<std::vector<FamilyMember>> FamilyService::List(const std::string& person_id,
                                                      const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kRead,
                                            "family.list"));
  ASSIGN_OR_RETURN(auto list, db_.Get<std::vector<FamilyMember>>([&](db::Connection& c) {
    return FamilyStore::ListForPerson(c, person_id);
  }));
  audit_.Record(PersonAudit(caller, access, "family.list"));
  return list;
}

Result<void> FamilyService::Revoke(const std::string& person_id, const std::string& member_id,
                                   const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kWrite,
                                            "family.revoke"));
  std::optional<FamilyMember> member;
  RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(member, FamilyStore::Get(c, member_id, person_id));
    if (!member || member->revoked_at) {
      return Error::NotFound(
          "この家族の招待は見つからないか、すでに取り消されています (not found)");
    }
    ASSIGN_OR_RETURN(bool done, FamilyStore::Revoke(c, member_id, caller.principal->user_id,
                                                    clock_.NowMillis()));
    if (!done) return Error::Conflict("同時に取り消されました (revoked meanwhile)");
    return core::Ok();
  }));
  if (!member->user_id) RETURN_IF_ERROR(accounts_.RevokeFamilyInvitation(member->invitation_id));
  audit_.Record(PersonAudit(caller, access, "family.revoke", "family_member", member_id));
  return core::Ok();
}

Result<std::vector<FamilyPerson>> FamilyService::MyPersons(const auth::Caller& caller) {
  if (!caller.principal) return Error::Unauthenticated();
  ASSIGN_OR_RETURN(auto persons,
                   db_.Get<std::vector<FamilyPerson>>(
                       [&](db::Connection& c) -> Result<std::vector<FamilyPerson>> {
                         ASSIGN_OR_RETURN(auto linked,
                                          FamilyStore::PersonsOfUser(c, caller.principal->user_id));
                         std::vector<FamilyPerson> out;
                         for (auto& p : linked) {
                           auto facts = PersonAccessChecker::Load(c, p.person_id, caller);
                           if (facts.ok() && facts->family_member) {
                             out.push_back(std::move(p));
                           }
                         }
                         return out;
                       }));
  audit::Entry e = caller.Audit("family.persons", "person");
  e.details = "{\"count\":" + std::to_string(persons.size()) + "}";
  audit_.Record(std::move(e));
  return persons;
}

}  // namespace care
