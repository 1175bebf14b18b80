// What the emergency module's services share: their dependencies, and the steps every one of
// them takes (the summary of a person, the audit entry of an EMS action, who hears of it).
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "audit/audit_log.h"
#include "auth/caller.h"
#include "auth/tokens.h"
#include "care/access.h"
#include "care/attachment_service.h"
#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "emergency/model.h"
#include "notify/notifier.h"

namespace emergency {

using core::Result;

struct Context {
  db::Database& db;
  const core::Clock& clock;
  audit::AuditSink& audit;
  notify::Notifier& notifier;
  const auth::SecretBox& secrets;
  care::PersonAccessChecker& access;
  care::AttachmentService& attachments;  // scene media are attachments owned by the access
  std::string public_url;                // card and link URLs start with it
  std::chrono::hours access_duration{24};
};

/// Notification titles: nothing personal or clinical (they may reach e-mail).
inline constexpr const char* kTitleEmsOpened = "救急隊が救急情報を開きました";
inline constexpr const char* kTitleDestination = "救急搬送先が記録されました";
inline constexpr const char* kTitleOutcome = "搬送先の病院から報告がありました";
inline constexpr const char* kTitleHandover = "救急搬送の申し送りが届きました";
inline constexpr const char* kKindAccess = "emergency.access";
inline constexpr const char* kKindHandover = "emergency.handover";
inline constexpr const char* kKindOutcome = "emergency.outcome";

inline constexpr const char* kMediaOwner = "ems_access";

/// The summary of the person (404 for an unknown person).
Result<boost::json::object> LoadSummary(const Context& ctx, db::Connection& c,
                                        const std::string& person_id);

/// A scene photo or video of the access, or the person's photo (shown on the summary): whoever
/// may read the access may read both. kNotFound for anything else.
Result<care::AttachmentContent> ReadAccessMedia(Context& ctx, const EmsAccess& a,
                                                const std::string& attachment_id, bool thumbnail);

/// An audit entry for an action on an EMS access: the person, their municipality, and the
/// incident number and access id in `details`.
audit::Entry AccessAudit(const auth::Caller& caller, const EmsAccess& a, std::string action);

/// The person's active team members and the admins of the registering municipality.
Result<std::vector<std::string>> PeopleToTell(db::Connection& c, const std::string& person_id,
                                              const std::string& municipality_code);

/// Sends one notice to each of `users` (after the action committed).
void Tell(const Context& ctx, const std::vector<std::string>& users, const char* kind,
          const char* title, const std::string& person_id);

/// The organization the caller acts for as EMS (their first `ems` membership), or "".
std::string EmsOrganization(const auth::Caller& caller);

/// An error whose detail carries a machine-readable `code` for the client (field "").
core::Error Coded(core::ErrorCode status, std::string code, std::string message);

/// `403 no_emergency_consent`: the screen says so and shows nothing personal.
core::Error NoEmergencyConsent();

}  // namespace emergency
