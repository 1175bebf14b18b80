#include "watch/alert_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <map>
#include <set>
#include <tuple>

#include "care/emergency_record.h"
#include "care/field_reader.h"
#include "care/person_store.h"
#include "care/system_post.h"
#include "care/team_store.h"
#include "care/timeline_service.h"
#include "core/id.h"
#include "directory/store.h"
#include "watch/alert_json.h"
#include "watch/alert_store.h"
#include "watch/json.h"
#include "watch/local_time.h"
#include "watch/paging.h"
#include "watch/registry_service.h"
#include "watch/registry_store.h"

namespace watch {
namespace {

namespace json = boost::json;
using care::fields::Reader;
using core::ErrorCode;
using core::Result;

constexpr std::string_view kCallSteps[] = {"person", "family", "care_manager", "city"};
constexpr std::string_view kNotifySteps[] = {"care_manager", "city"};
constexpr std::string_view kAdviceKinds[] = {"119", "welfare_visit"};
constexpr std::string_view kOutcomes[] = {
    "safe", "visited", "hospital", "emergency_call", "false_alarm", "device_issue", "other"};
constexpr std::string_view kListStates[] = {"active", "resolved"};
constexpr std::string_view kCategories[] = {"person", "device"};

constexpr const char* kEmergencyAdvice = "119番通報または安否確認の訪問を検討";

// Notification kinds and titles: nothing personal or clinical (they may reach e-mail); the feed
// names the person from person_id for those who may read them.
constexpr const char* kKindAlert = "watch.alert";
constexpr const char* kKindRequest = "watch.request";
constexpr const char* kTitleOpened = "見守りアラートが発生しました";
constexpr const char* kTitleEscalated = "見守りアラートの重大度が上がりました";
constexpr const char* kTitleReactivated = "見守りアラートが再び発生しました";
constexpr const char* kTitleDevice = "見守り機器の点検が必要です";
constexpr const char* kTitleRequest = "見守りアラートの対応について連絡があります";

int Rank(std::string_view severity) {
  auto s = ParseSeverity(severity);
  return s ? static_cast<int>(*s) : 0;
}

std::string AlertLink(const std::string& alert_id) { return "/watch/alerts/" + alert_id; }

std::string UserId(const auth::Caller& caller) {
  return caller.principal ? caller.principal->user_id : std::string();
}

AlertUser Me(const auth::Caller& caller) {
  if (!caller.principal) return {};
  return {caller.principal->user_id, caller.principal->display_name};
}

core::Error AlreadyResolved() {
  return Coded(ErrorCode::kConflict, "already_resolved",
               "このアラートは対応済みです (alert already resolved)");
}

core::Error NotTaken() {
  return Coded(ErrorCode::kConflict, "not_taken",
               "このアラートを担当していません。先に担当してください (take the alert first)");
}

core::Error ChangedMeanwhile() {
  return Coded(ErrorCode::kConflict, "changed",
               "ほかの方が先に操作しました。画面を更新してください (the alert changed meanwhile)");
}

Result<Alert> RequireAlert(db::Connection& c, const std::string& alert_id) {
  if (!core::IsValidId(alert_id)) return core::Error::NotFound();
  ASSIGN_OR_RETURN(auto a, alerts::Find(c, alert_id));
  if (!a) return core::Error::NotFound();
  return std::move(*a);
}

// The person's thresholds in force (for the ladder's step_minutes); the defaults when the
// enrolment is gone.
Result<Thresholds> ThresholdsOf(db::Connection& c, const std::string& person_id) {
  ASSIGN_OR_RETURN(auto s, registry::FindSubject(c, person_id));
  if (!s) return Thresholds{};
  return Registry::Effective(c, s->municipality_code, s->settings_json);
}

AlertEvent NewEvent(const std::string& alert_id, int64_t now, std::optional<AlertUser> user,
                    std::string action) {
  AlertEvent e;
  e.id = core::NewId(now);
  e.alert_id = alert_id;
  e.at = now;
  e.user = std::move(user);
  e.action = std::move(action);
  return e;
}

AlertChange ChangeOf(const Alert& a) {
  AlertChange ch;
  ch.alert_id = a.id;
  ch.person_id = a.person_id;
  ch.municipality_code = a.municipality_code;
  ch.kind = ParseAlertKind(a.kind).value_or(AlertKind::kInactivity);
  ch.severity = ParseSeverity(a.severity).value_or(Severity::kWatch);
  return ch;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : "、") + n;
  return out;
}

// The organization the caller acts for on this person's behalf (timeline post author).
std::string ActingOrganization(const auth::Caller& caller, const std::string& municipality) {
  if (!caller.principal) return {};
  for (const auto& m : caller.principal->memberships) {
    if (m.role == auth::Role::kOperator && m.municipality_code == municipality) {
      return m.organization_id;
    }
  }
  for (const auto& m : caller.principal->memberships) {
    if (m.municipality_code == municipality) return m.organization_id;
  }
  const auth::Membership* primary = caller.principal->Primary();
  return primary ? primary->organization_id : std::string();
}

struct Recipient {
  std::string user_id;
  std::string name;
};

// Active care managers of the person, in the team's order.
Result<std::vector<care::TeamMember>> CareManagers(db::Connection& c,
                                                   const std::string& person_id) {
  ASSIGN_OR_RETURN(auto team, care::TeamStore::List(c, person_id));
  std::vector<care::TeamMember> out;
  for (auto& m : team) {
    if (m.status == "active" && m.team_role == "care_manager") out.push_back(std::move(m));
  }
  return out;
}

// A user's phone, else their organization's.
Result<std::vector<std::string>> PhonesOf(db::Connection& c, const std::string& user_id,
                                          const std::optional<std::string>& organization_id) {
  std::vector<std::string> phones;
  ASSIGN_OR_RETURN(auto user, directory::Store::GetUser(c, user_id));
  if (user && user->phone && !user->phone->empty()) phones.push_back(*user->phone);
  if (organization_id) {
    ASSIGN_OR_RETURN(auto org, directory::Store::GetOrganization(c, *organization_id));
    if (org && org->phone && !org->phone->empty()) phones.push_back(*org->phone);
  }
  return phones;
}

Result<std::vector<LadderContact>> CityContacts(db::Connection& c,
                                                const std::string& municipality_code) {
  std::vector<LadderContact> out;
  ASSIGN_OR_RETURN(auto ids, directory::Store::MunicipalityAdminIds(c, municipality_code));
  for (const auto& id : ids) {
    ASSIGN_OR_RETURN(auto user, directory::Store::GetUser(c, id));
    if (!user) continue;
    LadderContact ct;
    ct.name = user->display_name;
    ct.user_id = id;
    std::optional<std::string> org_id;
    ASSIGN_OR_RETURN(auto memberships, directory::Store::MembershipsOfUser(c, id));
    for (const auto& m : memberships) {
      if (m.role == "municipality_admin" && m.municipality_code == municipality_code) {
        ct.organization_name = m.organization_name;
        org_id = m.organization_id;
        break;
      }
    }
    ASSIGN_OR_RETURN(ct.phones, PhonesOf(c, id, org_id));
    out.push_back(std::move(ct));
  }
  return out;
}

// Key persons of the latest `key_persons` profile version, in calling order.
Result<std::vector<LadderContact>> FamilyContacts(db::Connection& c, const std::string& person_id) {
  std::vector<LadderContact> out;
  ASSIGN_OR_RETURN(auto part, care::PersonStore::LatestPart(c, person_id, "key_persons"));
  if (!part) return out;
  json::object data = ParseStoredObject(part->data_json);
  const json::array* items = data.contains("items") ? data.at("items").if_array() : nullptr;
  if (!items) return out;
  std::vector<std::pair<int64_t, LadderContact>> ordered;
  for (const auto& v : *items) {
    const json::object* o = v.if_object();
    if (!o) continue;
    auto text = [&](const char* key) {
      const json::value* x = o->if_contains(key);
      return x && x->is_string() ? std::string(x->as_string()) : std::string();
    };
    LadderContact ct;
    ct.name = text("name");
    ct.relation = text("relation");
    ct.note = text("note");
    if (const json::value* lw = o->if_contains("lives_with"); lw && lw->is_bool()) {
      ct.lives_with = lw->as_bool();
    }
    if (const json::value* ph = o->if_contains("phones"); ph && ph->is_array()) {
      for (const auto& p : ph->as_array()) {
        if (p.is_string()) ct.phones.emplace_back(p.as_string());
      }
    }
    const json::value* order = o->if_contains("call_order");
    int64_t n = order && order->is_int64() ? order->as_int64() : INT64_MAX;
    ordered.emplace_back(n, std::move(ct));
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [n, ct] : ordered) out.push_back(std::move(ct));
  return out;
}

Result<std::vector<LadderStep>> BuildLadder(db::Connection& c, const Alert& a,
                                            const std::vector<AlertEvent>& events) {
  std::vector<LadderStep> ladder;
  for (std::string_view code : kLadderSteps) {
    LadderStep s;
    s.step = std::string(code);
    s.done = a.step >= LadderIndex(code);
    ladder.push_back(std::move(s));
  }
  ASSIGN_OR_RETURN(auto person, care::PersonStore::Get(c, a.person_id));
  LadderContact self;
  self.name = person ? person->identity.name : a.person_name;
  if (person && person->identity.phone && !person->identity.phone->empty()) {
    self.phones.push_back(*person->identity.phone);
  }
  ladder[0].contacts.push_back(std::move(self));
  ASSIGN_OR_RETURN(ladder[1].contacts, FamilyContacts(c, a.person_id));
  ASSIGN_OR_RETURN(auto managers, CareManagers(c, a.person_id));
  for (const auto& m : managers) {
    LadderContact ct;
    ct.name = m.name;
    ct.user_id = m.user_id;
    ct.organization_name = m.organization_name.value_or("");
    std::optional<std::string> org_id = m.organization_id;
    if (!org_id) {
      // A team row without an office: the care manager's own first organization.
      ASSIGN_OR_RETURN(auto memberships, directory::Store::MembershipsOfUser(c, m.user_id));
      if (!memberships.empty()) {
        org_id = memberships.front().organization_id;
        ct.organization_name = memberships.front().organization_name;
      }
    }
    ASSIGN_OR_RETURN(ct.phones, PhonesOf(c, m.user_id, org_id));
    ladder[2].contacts.push_back(std::move(ct));
  }
  ASSIGN_OR_RETURN(ladder[3].contacts, CityContacts(c, a.municipality_code));
  ladder[4].advice = kEmergencyAdvice;

  // Calls are matched to contacts by the name the operator recorded on that step.
  for (const auto& e : events) {
    if (e.action != "call" || !e.step || !e.callee) continue;
    for (auto& s : ladder) {
      if (s.step != *e.step) continue;
      for (auto& ct : s.contacts) {
        if (ct.name != *e.callee) continue;
        ++ct.attempts;
        ct.answered = ct.answered || e.answered.value_or(false);
      }
    }
  }
  return ladder;
}

// The suggested next step: from the furthest step reached, the first contact with a phone not
// called yet on the person and family steps; the care manager and the city until they were
// called or notified; then the advice. Null once resolved or when everything was done.
json::value NextStep(const Alert& a, const std::vector<LadderStep>& ladder,
                     const std::vector<AlertEvent>& events) {
  if (a.resolved()) return nullptr;
  auto acted_on = [&](const std::string& step) {
    for (const auto& e : events) {
      if ((e.action == "call" || e.action == "notified" || e.action == "advised") && e.step &&
          *e.step == step) {
        return true;
      }
    }
    return false;
  };
  auto next = [&](const LadderStep& s, const LadderContact* ct) {
    json::value contact = nullptr;
    if (ct) {
      contact = json::object{
          {"name", ct->name},
          {"phone", ct->phones.empty() ? json::value(nullptr) : json::value(ct->phones.front())}};
    }
    return json::value(json::object{
        {"step", s.step},
        {"contact", std::move(contact)},
        {"due_at", a.next_step_at ? json::value(*a.next_step_at) : json::value(nullptr)}});
  };
  for (size_t i = static_cast<size_t>(std::max(a.step, 1) - 1); i < ladder.size(); ++i) {
    const LadderStep& s = ladder[i];
    if (s.step == "person" || s.step == "family") {
      for (const auto& ct : s.contacts) {
        if (!ct.phones.empty() && ct.attempts == 0) return next(s, &ct);
      }
    } else if (s.step == "care_manager" || s.step == "city") {
      if (!s.contacts.empty() && !acted_on(s.step)) return next(s, &s.contacts.front());
    } else if (!acted_on(s.step)) {
      return next(s, nullptr);
    }
  }
  return nullptr;
}

struct ListPosition {
  std::optional<alerts::Position> from;
  int limit = 50;
};

// cursor (keyset position) and limit (1..100) from the query string; errors name the parameter.
Result<ListPosition> ReadPosition(const std::optional<std::string>& cursor,
                                  const std::optional<std::string>& limit) {
  ASSIGN_OR_RETURN(auto page, ReadPage(cursor, limit, ListPosition{}.limit));
  ListPosition out;
  out.limit = page.limit;
  if (page.after) out.from = alerts::Position{page.after->first, page.after->second};
  return out;
}

// Most urgent first: severity, a condition that still holds, overdue, nobody holding it, the
// longest waiting.
bool MoreUrgent(const Alert& a, const Alert& b, int64_t now) {
  auto key = [now](const Alert& x) {
    return std::make_tuple(-Rank(x.severity), !x.active, !x.Overdue(now), x.state != "open",
                           x.opened_at, std::cref(x.id));
  };
  return key(a) < key(b);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The system's side.

Result<ReconcileOutcome> AlertService::Reconcile(db::Connection& c, const std::string& person_id,
                                                 std::span<const Condition> conditions,
                                                 std::span<const AlertKind> evaluated,
                                                 int64_t now) {
  ReconcileOutcome out;
  ASSIGN_OR_RETURN(auto existing, alerts::ForReconcile(c, person_id));

  // What a new alert needs beyond the condition, loaded once and only when one opens.
  std::optional<std::pair<std::string, int64_t>> subject;  // municipality, step length
  auto subject_facts = [&]() -> Result<std::pair<std::string, int64_t>> {
    if (subject) return *subject;
    ASSIGN_OR_RETURN(auto s, registry::FindSubject(c, person_id));
    std::string municipality;
    Thresholds t;
    if (s) {
      municipality = s->municipality_code;
      ASSIGN_OR_RETURN(t, Registry::Effective(c, s->municipality_code, s->settings_json));
    } else {
      ASSIGN_OR_RETURN(auto p, care::PersonStore::Get(c, person_id));
      if (p) municipality = p->identity.municipality_code;
    }
    subject.emplace(municipality, t.step_minutes * kMinuteMs);
    return *subject;
  };
  auto log = [&](const Alert& a, const char* action, std::string note) -> Result<void> {
    AlertEvent e = NewEvent(a.id, now, std::nullopt, action);
    e.note = std::move(note);
    return alerts::InsertEvent(c, e);
  };

  for (AlertKind kind : evaluated) {
    const std::string kind_code(AlertKindCode(kind));
    // The condition per device ("" for the person); the highest severity should the rules ever
    // report one key twice.
    std::map<std::string, const Condition*> holds;
    for (const auto& cond : conditions) {
      if (cond.kind != kind) continue;
      const Condition*& slot = holds[cond.device_id];
      if (!slot || cond.severity > slot->severity) slot = &cond;
    }
    std::map<std::string, Alert*> open, resolved_holding;
    for (auto& a : existing) {
      if (a.kind != kind_code) continue;
      const std::string key = a.device_id.value_or("");
      if (!a.resolved()) {
        open[key] = &a;
      } else {
        Alert*& slot = resolved_holding[key];
        if (!slot || a.resolved_at.value_or(0) > slot->resolved_at.value_or(0)) slot = &a;
      }
    }

    for (const auto& [device, cond] : holds) {
      const std::string severity(SeverityCode(cond->severity));
      const std::string evidence = json::serialize(cond->evidence);
      if (auto it = open.find(device); it != open.end()) {
        Alert& a = *it->second;
        const bool reactivated = !a.active;
        const int before = Rank(a.severity), after = Rank(severity);
        if (!reactivated && before == after && a.evidence_json == evidence) continue;
        const std::string old_severity = a.severity;
        a.severity = severity;
        a.evidence_json = evidence;
        a.active = true;
        a.cleared_at.reset();
        a.updated_at = now;
        RETURN_IF_ERROR(alerts::UpdateCondition(c, a));
        if (reactivated) RETURN_IF_ERROR(log(a, "reactivated", "severity " + severity));
        if (before != after) {
          RETURN_IF_ERROR(log(a, "updated", "severity " + old_severity + " → " + severity));
        }
        if (after > before) {
          out.escalated.push_back(ChangeOf(a));
        } else if (reactivated) {
          out.reactivated.push_back(ChangeOf(a));
        }
        continue;
      }
      if (auto it = resolved_holding.find(device); it != resolved_holding.end()) {
        const Alert& r = *it->second;
        // The operator resolved this while it held; they know. A rise or a long persistence is
        // news again, and so is a condition the rules did not see for a while (it ended in
        // between without a reconcile to say so).
        bool known = r.resolved_at && now - *r.resolved_at < kReopenAfterMs &&
                     now - r.updated_at <= kContinuityMs && Rank(severity) <= Rank(r.severity);
        if (known) {
          RETURN_IF_ERROR(alerts::TouchResolved(c, r.id, now));
          continue;
        }
        RETURN_IF_ERROR(alerts::SetResolvedInactive(c, r.id, std::nullopt));
      }
      ASSIGN_OR_RETURN(auto facts, subject_facts());
      Alert a;
      a.id = core::NewId(now);
      a.person_id = person_id;
      a.municipality_code = facts.first;
      if (!device.empty()) a.device_id = device;
      a.kind = kind_code;
      a.category = IsDeviceKind(kind) ? "device" : "person";
      a.severity = severity;
      a.evidence_json = evidence;
      a.opened_at = a.updated_at = now;
      a.next_step_at = now + facts.second;
      RETURN_IF_ERROR(alerts::Insert(c, a, person_id + "|" + device + "|" + kind_code));
      RETURN_IF_ERROR(log(a, "opened", "severity " + severity));
      out.opened.push_back(ChangeOf(a));
    }

    for (const auto& [device, ap] : open) {
      Alert& a = *ap;
      if (holds.contains(device) || !a.active) continue;
      a.active = false;
      a.cleared_at = now;
      a.updated_at = now;
      RETURN_IF_ERROR(alerts::UpdateCondition(c, a));
      RETURN_IF_ERROR(log(a, "cleared", ""));
      out.cleared.push_back(ChangeOf(a));
    }
    for (const auto& [device, rp] : resolved_holding) {
      if (holds.contains(device)) continue;
      RETURN_IF_ERROR(alerts::SetResolvedInactive(c, rp->id, now));
      RETURN_IF_ERROR(log(*rp, "cleared", ""));
    }
  }
  return out;
}

void AlertService::NotifyAfterCommit(const ReconcileOutcome& outcome) {
  if (outcome.opened.empty() && outcome.escalated.empty() && outcome.reactivated.empty()) return;
  struct Notice {
    std::string alert_id, person_id;
    const char* title;
    std::vector<std::string> users;
  };
  std::vector<Notice> notices;
  const int64_t now = ctx_.clock.NowMillis();
  auto status = ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    notices.clear();
    std::map<std::string, std::vector<std::string>> operators;  // per municipality
    auto handle = [&](const AlertChange& ch, bool force, const char* title) -> Result<void> {
      ASSIGN_OR_RETURN(bool due, alerts::MarkNotified(c, ch.alert_id, now, kNotifyGapMs, force));
      if (!due) return core::Ok();
      auto it = operators.find(ch.municipality_code);
      if (it == operators.end()) {
        ASSIGN_OR_RETURN(auto ids, alerts::OperatorIds(c, ch.municipality_code));
        it = operators.emplace(ch.municipality_code, std::move(ids)).first;
      }
      std::vector<std::string> users = it->second;
      const bool device = IsDeviceKind(ch.kind);
      if (!device) {
        ASSIGN_OR_RETURN(auto managers, CareManagersWithConsent(c, ch.person_id));
        users.insert(users.end(), managers.begin(), managers.end());
      }
      std::sort(users.begin(), users.end());
      users.erase(std::unique(users.begin(), users.end()), users.end());
      notices.push_back(
          {ch.alert_id, ch.person_id, device ? kTitleDevice : title, std::move(users)});
      return core::Ok();
    };
    for (const auto& ch : outcome.opened) RETURN_IF_ERROR(handle(ch, false, kTitleOpened));
    for (const auto& ch : outcome.escalated) RETURN_IF_ERROR(handle(ch, true, kTitleEscalated));
    for (const auto& ch : outcome.reactivated) {
      RETURN_IF_ERROR(handle(ch, false, kTitleReactivated));
    }
    return core::Ok();
  });
  if (!status.ok()) {
    spdlog::warn("watch: alert notifications not sent: {}", status.error().message);
    return;
  }
  for (const auto& n : notices) {
    for (const auto& u : n.users) {
      ctx_.notifier.Send(u, kKindAlert, n.title, "", AlertLink(n.alert_id), n.person_id);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The human side.

namespace {

struct Held {
  Alert alert;
  WatchAccess access;
};

// The alert and the caller's access to its person for `need` (404 unknown alert, 403 refused).
Result<Held> LoadFor(Context& ctx, db::Connection& c, const std::string& alert_id,
                     const auth::Caller& caller, WatchNeed need, std::string_view action) {
  ASSIGN_OR_RETURN(auto a, RequireAlert(c, alert_id));
  ASSIGN_OR_RETURN(auto access, ctx.access.Require(c, a.person_id, caller, need, action));
  return Held{std::move(a), std::move(access)};
}

// A ladder action (call, notice, advice) is the holder's: others take the alert over first.
Result<void> RequireHolder(const Alert& a, const auth::Caller& caller) {
  if (a.resolved()) return AlreadyResolved();
  if (!a.taken_by || a.taken_by->id != UserId(caller)) return NotTaken();
  return core::Ok();
}

Result<json::object> Detail(db::Connection& c, const std::string& alert_id,
                            const WatchAccess& access, const auth::Caller& caller, int64_t now) {
  ASSIGN_OR_RETURN(auto a, RequireAlert(c, alert_id));
  ASSIGN_OR_RETURN(auto events, alerts::EventsOf(c, a.id));
  ASSIGN_OR_RETURN(auto ladder, BuildLadder(c, a, events));
  ASSIGN_OR_RETURN(auto subject, registry::FindSubject(c, a.person_id));
  json::object out = AlertJson(a, now);
  json::array log;
  for (const auto& e : events) log.push_back(EventJson(e));
  out["events"] = std::move(log);
  out["next"] = NextStep(a, ladder, events);
  out["ladder"] = LadderJson(ladder);
  out["runbook"] = subject ? ParseStoredObject(subject->runbook_json) : json::object{};
  out["may_operate"] = access.Allows(WatchNeed::kOperate);
  out["held_by_me"] = a.taken_by && a.taken_by->id == UserId(caller);
  // Operators post to a timeline they cannot read; the screen then offers no link to it.
  out["timeline_readable"] = access.person.Allows(care::Need::kRead);
  out["now"] = now;
  return out;
}

std::optional<std::string> Note(Reader& in) { return in.Str("note", care::fields::kNote, true); }

// What one action does once the alert is loaded; returns its audit action ("" for none).
using ActionBody = std::function<Result<std::string>(db::Connection&, const Held&, int64_t now)>;

// The shape every action on an alert shares: load it for operating (refusals audited), only then
// report the request's field errors (only those who may act learn what is wrong with it), act,
// audit, answer with the alert; the rules and the status lists look again afterwards.
Result<json::object> Act(Context& ctx, const std::string& alert_id, const auth::Caller& caller,
                         std::vector<core::FieldError>& errors, std::string_view action,
                         const ActionBody& body, std::string* person_out = nullptr) {
  const int64_t now = ctx.clock.NowMillis();
  json::object out;
  std::string person_id;
  RETURN_IF_ERROR(ctx.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto h, LoadFor(ctx, c, alert_id, caller, WatchNeed::kOperate, action));
    RETURN_IF_ERROR(care::fields::Done(errors));
    person_id = h.alert.person_id;
    ASSIGN_OR_RETURN(std::string audited, body(c, h, now));
    if (!audited.empty()) {
      ctx.audit.Record(WatchAudit(caller, h.access, audited, "watch_alert", h.alert.id));
    }
    ASSIGN_OR_RETURN(out, Detail(c, h.alert.id, h.access, caller, now));
    return core::Ok();
  }));
  if (ctx.changed) ctx.changed({person_id});
  if (person_out) *person_out = person_id;
  return out;
}

// Moves the alert the holder works on to `step` and restarts the step's timer.
Result<void> Advance(db::Connection& c, const Held& h, const auth::Caller& caller,
                     std::string_view step, int64_t now) {
  RETURN_IF_ERROR(RequireHolder(h.alert, caller));
  ASSIGN_OR_RETURN(auto t, ThresholdsOf(c, h.alert.person_id));
  ASSIGN_OR_RETURN(bool moved, alerts::Progress(c, h.alert.id, UserId(caller), LadderIndex(step),
                                                now, now + t.step_minutes * kMinuteMs));
  if (!moved) return NotTaken();
  return core::Ok();
}

}  // namespace

Result<json::object> AlertService::List(const AlertListQuery& q, const auth::Caller& caller) {
  std::vector<core::FieldError> errors;
  auto in_list = [&](const std::optional<std::string>& v, std::span<const std::string_view> codes,
                     const char* field) {
    if (v && !v->empty() && !IsOneOf(codes, *v)) {
      errors.push_back({field, "not_allowed", care::fields::OneOfMessage(codes)});
    }
  };
  in_list(q.state, kListStates, "state");
  in_list(q.category, kCategories, "category");
  auto position = ReadPosition(q.cursor, q.limit);
  if (!position.ok()) {
    for (const auto& d : position.error().details) errors.push_back(d);
  }
  RETURN_IF_ERROR(care::fields::Done(errors));
  const bool resolved = q.state && *q.state == "resolved";
  const std::string category = q.category.value_or("");

  std::vector<std::string> municipalities = BoardMunicipalities(caller);
  if (q.municipality && !q.municipality->empty()) {
    bool mine = std::find(municipalities.begin(), municipalities.end(), *q.municipality) !=
                municipalities.end();
    municipalities = mine ? std::vector<std::string>{*q.municipality} : std::vector<std::string>{};
  }
  if (municipalities.empty()) {
    audit::Entry e = caller.Audit("watch.alert.list", "municipality", q.municipality.value_or(""));
    e.outcome = "denied";
    ctx_.audit.Record(std::move(e));
    return core::Error::Forbidden(
        "見守りアラートの一覧を見る権限がありません (not an operator or municipality admin)");
  }

  const int64_t now = ctx_.clock.NowMillis();
  std::vector<Alert> rows;
  bool more = false;
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    for (const auto& m : municipalities) {
      if (resolved) {
        ASSIGN_OR_RETURN(auto part,
                         alerts::ResolvedIn(c, m, category, position->from, position->limit + 1));
        rows.insert(rows.end(), part.begin(), part.end());
      } else {
        ASSIGN_OR_RETURN(auto part, alerts::UnresolvedIn(c, m, category, kMaxActive + 1));
        rows.insert(rows.end(), part.begin(), part.end());
      }
    }
    return core::Ok();
  }));

  json::object out;
  json::array items;
  if (resolved) {
    std::sort(rows.begin(), rows.end(), [](const Alert& a, const Alert& b) {
      return std::tie(b.resolved_at, b.id) < std::tie(a.resolved_at, a.id);
    });
    more = rows.size() > static_cast<size_t>(position->limit);
    if (more) rows.resize(position->limit);
    out["next_cursor"] =
        more ? json::value(CursorAfter(rows.back().resolved_at.value_or(0), rows.back().id))
             : json::value(nullptr);
    out["truncated"] = false;
  } else {
    std::sort(rows.begin(), rows.end(),
              [now](const Alert& a, const Alert& b) { return MoreUrgent(a, b, now); });
    more = rows.size() > static_cast<size_t>(kMaxActive);
    if (more) rows.resize(kMaxActive);
    out["next_cursor"] = nullptr;
    out["truncated"] = more;
  }
  for (const auto& a : rows) items.push_back(AlertItemJson(a, now));
  out["items"] = std::move(items);
  out["now"] = now;
  for (const auto& m : municipalities) {
    audit::Entry e = caller.Audit("watch.alert.list", "municipality", m);
    e.municipality_code = m;
    ctx_.audit.Record(std::move(e));
  }
  return out;
}

Result<json::object> AlertService::PersonHistory(const std::string& person_id,
                                                 const std::optional<std::string>& cursor,
                                                 const std::optional<std::string>& limit,
                                                 const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto position, ReadPosition(cursor, limit));
  const int64_t now = ctx_.clock.NowMillis();
  json::object out;
  RETURN_IF_ERROR(ctx_.db.Run([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(
        auto a, ctx_.access.Require(c, person_id, caller, WatchNeed::kRead, "watch.alert.history"));
    ASSIGN_OR_RETURN(auto rows, alerts::OfPerson(c, person_id, position.from, position.limit + 1));
    bool more = rows.size() > static_cast<size_t>(position.limit);
    if (more) rows.resize(position.limit);
    json::array items;
    for (const auto& r : rows) items.push_back(AlertItemJson(r, now));
    out["items"] = std::move(items);
    out["next_cursor"] = more ? json::value(CursorAfter(rows.back().opened_at, rows.back().id))
                              : json::value(nullptr);
    out["now"] = now;
    ctx_.audit.Record(WatchAudit(caller, a, "watch.alert.history"));
    return core::Ok();
  }));
  return out;
}

Result<json::object> AlertService::Get(const std::string& alert_id, const auth::Caller& caller) {
  const int64_t now = ctx_.clock.NowMillis();
  json::object out;
  RETURN_IF_ERROR(ctx_.db.ReadSnapshot([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(auto h,
                     LoadFor(ctx_, c, alert_id, caller, WatchNeed::kRead, "watch.alert.read"));
    ASSIGN_OR_RETURN(out, Detail(c, alert_id, h.access, caller, now));
    ctx_.audit.Record(WatchAudit(caller, h.access, "watch.alert.read", "watch_alert", alert_id));
    return core::Ok();
  }));
  return out;
}

Result<json::object> AlertService::Take(const std::string& alert_id, const auth::Caller& caller,
                                        const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string note = Note(in).value_or("");
  in.Finish();
  const std::string me = UserId(caller);
  return Act(
      ctx_, alert_id, caller, errors, "watch.alert.take",
      [&](db::Connection& c, const Held& h, int64_t now) -> Result<std::string> {
        const Alert& a = h.alert;
        if (a.resolved()) return AlreadyResolved();
        const std::string holder = a.taken_by ? a.taken_by->id : std::string();
        if (holder == me) return std::string();  // already theirs: nothing happens
        ASSIGN_OR_RETURN(auto t, ThresholdsOf(c, a.person_id));
        ASSIGN_OR_RETURN(bool taken,
                         alerts::Take(c, a.id, me, holder, now, now + t.step_minutes * kMinuteMs));
        if (!taken) return ChangedMeanwhile();
        AlertEvent e = NewEvent(a.id, now, Me(caller), holder.empty() ? "taken" : "handed_over");
        if (a.taken_by) e.callee = a.taken_by->display_name;
        e.note = note;
        RETURN_IF_ERROR(alerts::InsertEvent(c, e));
        return std::string(holder.empty() ? "watch.alert.take" : "watch.alert.take_over");
      });
}

Result<json::object> AlertService::RecordCall(const std::string& alert_id,
                                              const auth::Caller& caller,
                                              const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string step = in.Enum("step", kCallSteps, true).value_or("");
  std::string callee = in.Required("callee", care::fields::kName);
  std::optional<std::string> phone = care::fields::Phone(in, "phone");
  std::optional<bool> answered = in.Bool("answered", true);
  std::string note = Note(in).value_or("");
  in.Finish();
  return Act(ctx_, alert_id, caller, errors, "watch.alert.call",
             [&](db::Connection& c, const Held& h, int64_t now) -> Result<std::string> {
               RETURN_IF_ERROR(Advance(c, h, caller, step, now));
               AlertEvent e = NewEvent(h.alert.id, now, Me(caller), "call");
               e.step = step;
               e.callee = callee;
               e.phone = phone;
               e.answered = answered;
               e.note = note;
               RETURN_IF_ERROR(alerts::InsertEvent(c, e));
               return std::string("watch.alert.call");
             });
}

Result<json::object> AlertService::Notify(const std::string& alert_id, const auth::Caller& caller,
                                          const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string step = in.Enum("step", kNotifySteps, true).value_or("");
  std::string note = Note(in).value_or("");
  in.Finish();
  std::vector<Recipient> recipients;
  std::string person_id;
  ASSIGN_OR_RETURN(
      auto out, Act(
                    ctx_, alert_id, caller, errors, "watch.alert.notify",
                    [&](db::Connection& c, const Held& h, int64_t now) -> Result<std::string> {
                      recipients.clear();
                      RETURN_IF_ERROR(RequireHolder(h.alert, caller));
                      if (step == "care_manager") {
                        ASSIGN_OR_RETURN(auto managers, CareManagers(c, h.alert.person_id));
                        for (const auto& m : managers) recipients.push_back({m.user_id, m.name});
                      } else {
                        ASSIGN_OR_RETURN(auto city, CityContacts(c, h.alert.municipality_code));
                        for (const auto& ct : city)
                          recipients.push_back({ct.user_id.value_or(""), ct.name});
                      }
                      if (recipients.empty()) {
                        return Coded(
                            ErrorCode::kConflict, "nobody_to_notify",
                            "連絡できる担当者が登録されていません (nobody to notify on this step)");
                      }
                      RETURN_IF_ERROR(Advance(c, h, caller, step, now));
                      std::vector<std::string> names;
                      for (const auto& r : recipients) names.push_back(r.name);
                      AlertEvent e = NewEvent(h.alert.id, now, Me(caller), "notified");
                      e.step = step;
                      e.callee = Join(names);
                      e.note = note;
                      RETURN_IF_ERROR(alerts::InsertEvent(c, e));
                      return std::string("watch.alert.notify");
                    },
                    &person_id));
  for (const auto& r : recipients) {
    if (r.user_id == UserId(caller)) continue;
    ctx_.notifier.Send(r.user_id, kKindRequest, kTitleRequest, "", AlertLink(alert_id), person_id);
  }
  return out;
}

Result<json::object> AlertService::Advise(const std::string& alert_id, const auth::Caller& caller,
                                          const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string kind = in.Enum("kind", kAdviceKinds, true).value_or("");
  std::string note = Note(in).value_or("");
  in.Finish();
  return Act(ctx_, alert_id, caller, errors, "watch.alert.advise",
             [&](db::Connection& c, const Held& h, int64_t now) -> Result<std::string> {
               RETURN_IF_ERROR(Advance(c, h, caller, "emergency", now));
               AlertEvent e = NewEvent(h.alert.id, now, Me(caller), "advised");
               e.step = "emergency";
               e.callee = kind;
               e.note = note;
               RETURN_IF_ERROR(alerts::InsertEvent(c, e));
               return std::string("watch.alert.advise");
             });
}

Result<json::object> AlertService::Resolve(const std::string& alert_id, const auth::Caller& caller,
                                           const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string outcome = in.Enum("outcome", kOutcomes, true).value_or("");
  std::string note = Note(in).value_or("");
  in.Finish();
  return Act(ctx_, alert_id, caller, errors, "watch.alert.resolve",
             [&](db::Connection& c, const Held& h, int64_t now) -> Result<std::string> {
               if (h.alert.resolved()) return AlreadyResolved();
               ASSIGN_OR_RETURN(bool done,
                                alerts::Resolve(c, h.alert.id, UserId(caller), now, outcome, note));
               if (!done) return AlreadyResolved();
               AlertEvent e = NewEvent(h.alert.id, now, Me(caller), "resolved");
               e.callee = outcome;
               e.note = note;
               RETURN_IF_ERROR(alerts::InsertEvent(c, e));
               return std::string("watch.alert.resolve");
             });
}

Result<json::object> AlertService::PostToTimeline(const std::string& alert_id,
                                                  const auth::Caller& caller,
                                                  const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string note = Note(in).value_or("");
  in.Finish();
  const int64_t now = ctx_.clock.NowMillis();
  const std::string me = UserId(caller);
  json::object out;
  std::string person_id, post_id;
  std::vector<std::string> team;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    team.clear();
    ASSIGN_OR_RETURN(auto h,
                     LoadFor(ctx_, c, alert_id, caller, WatchNeed::kOperate, "watch.alert.post"));
    // Only those who may act on the alert learn what is wrong with the request.
    RETURN_IF_ERROR(care::fields::Done(errors));
    const Alert& a = h.alert;
    person_id = a.person_id;
    if (!a.resolved()) {
      return Coded(ErrorCode::kConflict, "not_resolved",
                   "対応完了後に投稿できます (resolve the alert first)");
    }
    if (a.timeline_post_id) {
      return Coded(ErrorCode::kConflict, "already_posted",
                   "すでにタイムラインに投稿されています (already posted)");
    }
    if (!h.access.person.consent.team) {
      return Coded(ErrorCode::kConflict, "no_team_consent",
                   "この方はケアチームでの情報共有に同意していないため投稿できません (no team "
                   "consent)");
    }
    ASSIGN_OR_RETURN(auto events, alerts::EventsOf(c, a.id));
    care::SystemPost post;
    post.category = "sensor_alert";
    post.body = TimelineSummary(a, events, note);
    post.author_id = me;
    post.author_org_id = ActingOrganization(caller, a.municipality_code);
    post.important =
        a.severity == "severe" || a.outcome == "hospital" || a.outcome == "emergency_call";
    ASSIGN_OR_RETURN(post_id, care::InsertSystemPost(c, a.person_id, post, now));
    ASSIGN_OR_RETURN(bool stored, alerts::SetTimelinePost(c, a.id, post_id));
    if (!stored) return ChangedMeanwhile();
    AlertEvent e = NewEvent(a.id, now, Me(caller), "posted");
    e.note = note;
    RETURN_IF_ERROR(alerts::InsertEvent(c, e));
    ASSIGN_OR_RETURN(auto members, care::ActiveMembers(c, a.person_id));
    for (const auto& m : members) {
      if (m.user_id != me) team.push_back(m.user_id);
    }
    ctx_.audit.Record(WatchAudit(caller, h.access, "watch.alert.post", "watch_alert", alert_id));
    ASSIGN_OR_RETURN(out, Detail(c, alert_id, h.access, caller, now));
    return core::Ok();
  }));
  const std::string link = care::TimelineLink(person_id, post_id);
  for (const auto& u : team) {
    ctx_.notifier.Send(u, "timeline.post", care::kTitleNewPost, "", link, person_id);
  }
  return out;
}

Result<json::object> AlertService::ReleaseMine(const auth::Caller& caller,
                                               const json::object& body) {
  std::vector<core::FieldError> errors;
  Reader in(body, "", errors);
  std::string note = Note(in).value_or("");
  in.Finish();
  RETURN_IF_ERROR(care::fields::Done(errors));
  const int64_t now = ctx_.clock.NowMillis();
  const std::string me = UserId(caller);
  std::vector<Alert> released;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    released.clear();
    ASSIGN_OR_RETURN(auto held, alerts::HeldBy(c, me));
    // Giving back what one holds needs no access check: it only returns work to the queue,
    // and must work even for someone whose access ended mid-shift.
    for (auto& a : held) {
      ASSIGN_OR_RETURN(bool ok, alerts::Release(c, a.id, me, now));
      if (!ok) continue;
      AlertEvent e = NewEvent(a.id, now, Me(caller), "handed_over");
      e.note = note;
      RETURN_IF_ERROR(alerts::InsertEvent(c, e));
      released.push_back(std::move(a));
    }
    return core::Ok();
  }));
  json::array ids;
  std::vector<std::string> persons;
  for (const auto& a : released) {
    ids.push_back(json::value(a.id));
    persons.push_back(a.person_id);
    audit::Entry e = caller.Audit("watch.alert.release", "watch_alert", a.id);
    e.person_id = a.person_id;
    e.municipality_code = a.municipality_code;
    ctx_.audit.Record(std::move(e));
  }
  if (!persons.empty() && ctx_.changed) ctx_.changed(persons);
  return json::object{{"released", static_cast<int64_t>(released.size())},
                      {"alert_ids", std::move(ids)}};
}

}  // namespace watch
