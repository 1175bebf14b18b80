// Writes the demo persons (seed_demo_persons.h): identity, every part of the care profile with
// its versions, status history, consent and care team, each as the services would have recorded
// it over the months since registration; then their timelines (seed_demo_stories_*.cpp).
#include "app/seed_demo_care.h"

#include <boost/json.hpp>

#include "app/seed_demo_emergency.h"
#include "app/seed_demo_persons.h"
#include "app/seed_demo_story.h"
#include "app/seed_demo_timeline.h"
#include "care/consent_store.h"
#include "care/person_store.h"
#include "care/person_validation.h"
#include "care/team_store.h"
#include "core/id.h"

namespace app::demo {
namespace {

namespace json = boost::json;

// The plans are fixed data: a validation error here is a mistake in them.
core::Error Broken(const std::string& what, const core::Error& e) {
  std::string detail;
  if (!e.details.empty()) detail = " (" + e.details[0].field + ": " + e.details[0].message + ")";
  return core::Error::Internal("demo care data: " + what + ": " + e.message + detail);
}

care::UserRef Ref(const Directory& dir, const std::string& login) {
  return care::UserRef{dir.User(login).id, "", {}};
}

/// Writes one person's record: what registration wrote, then every later change in time order.
core::Result<PersonSeed> WritePerson(db::Connection& c, const Directory& dir, const Calendar& cal,
                                     const PersonPlan& plan) {
  const core::Date today = cal.Date(0);
  auto registration = care::ParseRegistration(plan.identity, today);
  if (!registration.ok()) return Broken(plan.key + " identity", registration.error());
  const int64_t registered = cal.At(plan.registered_ago, 10, 30);

  care::Person p;
  p.id = core::NewId(registered);
  p.identity = registration->identity;
  p.status = "at_home";
  p.status_since = cal.Iso(plan.registered_ago);
  p.created_at = p.updated_at = registered;
  p.created_by = p.updated_by = Ref(dir, plan.registrant);
  RETURN_IF_ERROR(care::PersonStore::Insert(c, p));
  RETURN_IF_ERROR(care::PersonStore::InsertVersion(
      c, p.id,
      care::ProfilePart{"identity", 1, json::serialize(care::IdentityJson(p.identity)), registered,
                        p.created_by}));
  RETURN_IF_ERROR(care::PersonStore::InsertStatus(
      c, care::StatusEntry{core::NewId(registered), p.id, p.status, *p.status_since, "", "",
                           registered, p.created_by}));

  // Consent recorded with the registration (obtained the same day).
  care::Consent consent;
  consent.id = core::NewId(registered);
  consent.person_id = p.id;
  consent.input.scopes = plan.consent.scopes;
  consent.input.obtained_on = cal.Iso(plan.registered_ago);
  consent.input.method = plan.consent.method;
  consent.input.note = plan.consent.note;
  if (plan.consent.representative_name.empty()) {
    consent.input.given_by = "self";
  } else {
    consent.input.given_by = "representative";
    consent.input.representative_name = plan.consent.representative_name;
    consent.input.representative_relation = plan.consent.representative_relation;
  }
  consent.obtained_by = Ref(dir, plan.consent.by);
  consent.created_at = registered;
  RETURN_IF_ERROR(care::ConsentStore::Insert(c, consent));

  PersonSeed seed;
  seed.key = plan.key;
  seed.id = p.id;
  seed.registered_at = registered;

  auto add_member = [&](const std::string& login, const std::string& role, int64_t invited_at,
                        std::optional<int64_t> joined_at, const std::string& status,
                        bool registrant) -> core::Result<void> {
    care::TeamMember m;
    m.person_id = p.id;
    m.user_id = dir.User(login).id;
    if (!dir.User(login).org_id.empty()) m.organization_id = dir.User(login).org_id;
    m.team_role = role;
    m.status = status;
    if (!registrant) m.invited_by = Ref(dir, plan.registrant);
    m.joined_at = joined_at;
    return care::TeamStore::Insert(c, m, invited_at);
  };
  RETURN_IF_ERROR(
      add_member(plan.registrant, plan.registrant_role, registered, registered, "active", true));
  seed.team.push_back({plan.registrant, registered, std::nullopt});
  for (const Seat& s : plan.team) {
    const int64_t joined = std::max(registered + kHour, cal.At(s.joined_ago, 13, 0));
    if (s.status == "invited") {
      RETURN_IF_ERROR(add_member(s.login, s.role, joined, std::nullopt, "invited", false));
      continue;
    }
    // Invited the day before they accepted, or at registration for the first members.
    const int64_t invited = std::max(registered, joined - 20 * kHour);
    RETURN_IF_ERROR(add_member(s.login, s.role, invited, joined, "active", false));
    std::optional<int64_t> left;
    if (s.left_ago >= 0) {
      left = cal.At(s.left_ago, 16, 0);
      ASSIGN_OR_RETURN(bool ended,
                       care::TeamStore::Transition(c, p.id, dir.User(s.login).id, "active", "left",
                                                   dir.User(s.login).id, *left));
      if (!ended) return core::Error::Internal("demo care data: leave " + s.login);
    }
    seed.team.push_back({s.login, joined, left});
  }

  for (const StatusChange& s : plan.statuses) {
    const int64_t at = cal.At(s.since_ago, 17, 10);
    RETURN_IF_ERROR(care::PersonStore::InsertStatus(
        c, care::StatusEntry{core::NewId(at), p.id, s.status, cal.Iso(s.since_ago), s.place, s.note,
                             at, Ref(dir, s.by)}));
  }
  RETURN_IF_ERROR(care::PersonStore::RefreshCurrentStatus(c, p.id));

  if (plan.identity_change) {
    const auto& [days_ago, changes] = *plan.identity_change;
    json::object changed = plan.identity;
    for (const auto& kv : changes) changed[kv.key()] = kv.value();
    auto update = care::ParseRegistration(changed, today);
    if (!update.ok()) return Broken(plan.key + " identity change", update.error());
    const int64_t at = cal.At(days_ago, 15, 20);
    const std::string& by = dir.User(plan.registrant).id;
    ASSIGN_OR_RETURN(bool saved,
                     care::PersonStore::UpdateIdentity(c, p.id, update->identity, 1, by, at));
    if (!saved) return core::Error::Internal("demo care data: identity version");
    RETURN_IF_ERROR(care::PersonStore::InsertVersion(
        c, p.id,
        care::ProfilePart{"identity", 2, json::serialize(care::IdentityJson(update->identity)), at,
                          Ref(dir, plan.registrant)}));
  }

  std::map<std::string, int64_t> versions;
  for (const PartChange& change : plan.parts) {
    auto canonical = care::ValidatePartData(change.part, change.data, today);
    if (!canonical.ok()) return Broken(plan.key + " " + change.part, canonical.error());
    const int64_t at = std::max(registered + kMinute, cal.At(change.days_ago, 11, 40));
    const int64_t version = ++versions[change.part];
    RETURN_IF_ERROR(care::PersonStore::InsertVersion(
        c, p.id, care::ProfilePart{change.part, version, *canonical, at, Ref(dir, change.by)}));
  }
  return seed;
}

}  // namespace

core::Result<CareCounts> SeedCare(db::Connection& c, const Directory& dir,
                                  const std::vector<Photo>& photos, int64_t now,
                                  const auth::SecretBox& secrets) {
  const Calendar cal(now);
  CareCounts counts;
  TimelineWriter writer(c, dir, photos, cal, counts);
  std::vector<PersonSeed> persons;
  uint64_t seed = 20261121;
  std::vector<PersonPlan> plans = GunjoElderlyPlans(cal, dir);
  for (PersonPlan& p : YoungerAndMidoriPlans(cal, dir)) plans.push_back(std::move(p));
  for (PersonPlan& plan : plans) {
    for (PartChange& change : EmergencyParts(plan.key, cal)) {
      if (change.part == "acp") ++counts.acp_versions;
      plan.parts.push_back(std::move(change));
    }
  }
  for (const PersonPlan& plan : plans) {
    ASSIGN_OR_RETURN(PersonSeed person, WritePerson(c, dir, cal, plan));
    ++counts.persons;
    // Each person has its own sequence, so that changing one story leaves the others as they are.
    Rng rng(seed++);
    RETURN_IF_ERROR(writer.Write(person, plan.story(cal, rng)));
    persons.push_back(std::move(person));
  }
  Rng reading(7);
  RETURN_IF_ERROR(writer.WriteReads(persons, reading));
  ASSIGN_OR_RETURN(counts.emergency_cards, SeedEmergencyCards(c, dir, cal, persons, secrets));
  return counts;
}

}  // namespace app::demo
