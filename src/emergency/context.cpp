#include "emergency/context.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "care/emergency_record.h"
#include "care/person_service.h"
#include "directory/store.h"
#include "emergency/summary.h"

namespace emergency {

Result<boost::json::object> LoadSummary(const Context& ctx, db::Connection& c,
                                        const std::string& person_id) {
  ASSIGN_OR_RETURN(auto record, care::LoadEmergencyRecord(c, person_id));
  if (!record) return core::Error::NotFound();
  return BuildSummary(c, *record, care::TodayJst(ctx.clock), ctx.clock.NowMillis());
}

audit::Entry AccessAudit(const auth::Caller& caller, const EmsAccess& a, std::string action) {
  audit::Entry e = caller.Audit(std::move(action), "ems_access", a.id);
  e.person_id = a.person_id;
  e.municipality_code = a.municipality_code;
  e.reason = "ems:" + a.incident_number;
  e.details = boost::json::serialize(
      boost::json::object{{"incident_number", a.incident_number}, {"access_id", a.id}});
  return e;
}

Result<std::vector<std::string>> PeopleToTell(db::Connection& c, const std::string& person_id,
                                              const std::string& municipality_code) {
  std::vector<std::string> out;
  ASSIGN_OR_RETURN(auto members, care::ActiveMembers(c, person_id));
  for (const auto& m : members) out.push_back(m.user_id);
  ASSIGN_OR_RETURN(auto admins, directory::Store::MunicipalityAdminIds(c, municipality_code));
  out.insert(out.end(), admins.begin(), admins.end());
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void Tell(const Context& ctx, const std::vector<std::string>& users, const char* kind,
          const char* title, const std::string& person_id) {
  const std::string link = "/persons/" + person_id + "/emergency";
  for (const auto& u : users) ctx.notifier.Send(u, kind, title, "", link, person_id);
}

std::string EmsOrganization(const auth::Caller& caller) {
  if (!caller.principal) return {};
  for (const auto& m : caller.principal->memberships) {
    if (m.role == auth::Role::kEms) return m.organization_id;
  }
  return {};
}

core::Error Coded(core::ErrorCode status, std::string code, std::string message) {
  core::Error e = core::Error::Of(status, message);
  e.details.push_back({"", std::move(code), std::move(message)});
  return e;
}

core::Error NoEmergencyConsent() {
  return Coded(core::ErrorCode::kForbidden, "no_emergency_consent",
               "この方は救急時の情報共有に同意していないため、表示できません (no "
               "emergency-sharing consent)");
}

Result<care::AttachmentContent> ReadAccessMedia(Context& ctx, const EmsAccess& a,
                                                const std::string& attachment_id, bool thumbnail) {
  auto scene = ctx.attachments.ReadOwned(a.person_id, attachment_id, kMediaOwner, a.id, thumbnail);
  if (scene.ok() || scene.error().code != core::ErrorCode::kNotFound) return scene;
  return ctx.attachments.ReadOwned(a.person_id, attachment_id, care::kPersonPhotoOwner, a.person_id,
                                   thumbnail);
}

}  // namespace emergency
