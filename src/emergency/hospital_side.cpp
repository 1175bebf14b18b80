#include "emergency/hospital_side.h"

#include <boost/json/serialize.hpp>

#include "care/emergency_record.h"
#include "care/system_post.h"
#include "core/id.h"
#include "emergency/store.h"

namespace emergency {
namespace {

namespace json = boost::json;

core::Error HandoverNotFound() {
  return Coded(core::ErrorCode::kNotFound, "handover_not_found",
               "この申し送りは見つかりません (no such hand-over)");
}
core::Error LinkNotFound() {
  return Coded(core::ErrorCode::kNotFound, "link_not_found", "このリンクは無効です (unknown link)");
}
core::Error LinkExpired() {
  return Coded(core::ErrorCode::kGone, "link_expired",
               "このリンクの有効期間は終わりました (the link has expired)");
}

core::Error LinkLocked() {
  return Coded(core::ErrorCode::kGone, "link_locked",
               "暗証番号の誤りが続いたため、このリンクは使えません。救急隊に新しいリンクを依頼して"
               "ください (link locked)");
}

core::Error LinkUsed() {
  return Coded(core::ErrorCode::kGone, "link_used",
               "このリンクは別の端末で使用済みです (link already used)");
}

const char* OutcomeWord(std::string_view code) {
  if (code == "accepted") return "受入";
  if (code == "admitted") return "入院";
  if (code == "discharged_home") return "帰宅";
  return "転院";
}

std::string PinHash(const std::string& link_token, const std::string& pin) {
  return auth::HashToken(link_token + ":" + pin);
}

}  // namespace

// Ten tries at once per address, then one every five seconds: a PIN has a million values and
// each link allows five wrong ones, so this only slows someone trying many links.
HospitalSide::HospitalSide(Context& ctx) : ctx_(ctx), unlock_limiter_(ctx.clock, 10, 0.2) {}

Result<std::vector<EmsAccess>> HospitalSide::List(const auth::Caller& caller) {
  std::vector<std::string> orgs;
  for (const auto& m : caller.principal->memberships) orgs.push_back(m.organization_id);
  const int64_t now = ctx_.clock.NowMillis();
  ASSIGN_OR_RETURN(auto list, ctx_.db.Get<std::vector<EmsAccess>>([&](db::Connection& c) {
    return Store::HandedOverTo(c, orgs, now);
  }));
  ctx_.audit.Record(caller.Audit("handover.list", "ems_access"));
  return list;
}

Result<EmsAccess> HospitalSide::MemberAccess(db::Connection& c, const std::string& access_id,
                                             const auth::Caller& caller) {
  if (!core::IsValidId(access_id)) return HandoverNotFound();
  ASSIGN_OR_RETURN(auto a, Store::Access(c, access_id));
  if (!a || !a->destination || !a->destination->organization_id ||
      !caller.principal->IsMemberOf(*a->destination->organization_id)) {
    return HandoverNotFound();
  }
  ASSIGN_OR_RETURN(auto h, Store::OrganizationHandover(c, access_id));
  if (!h || h->organization_id != a->destination->organization_id) return HandoverNotFound();
  if (a->expires_at <= ctx_.clock.NowMillis()) {
    return Coded(core::ErrorCode::kGone, "handover_expired",
                 "申し送りの閲覧期間は終わりました (the hand-over has ended)");
  }
  ASSIGN_OR_RETURN(auto scopes, care::LoadConsentScopes(c, a->person_id));
  if (!scopes || !scopes->emergency) return NoEmergencyConsent();
  return *a;
}

Result<OpenedAccess> HospitalSide::Read(const std::string& access_id, const auth::Caller& caller) {
  return LoadOpened(
      ctx_, [&](db::Connection& c) { return MemberAccess(c, access_id, caller); }, caller,
      "handover.read");
}

Result<EmsAccess> HospitalSide::WriteOutcome(const EmsAccess& a, const OutcomeRequest& in,
                                             Outcome outcome, const std::string& author_id,
                                             const std::string& author_org,
                                             const auth::Caller& caller) {
  const int64_t now = ctx_.clock.NowMillis();
  outcome.code = in.code;
  outcome.note = in.note;
  outcome.reported_at = now;
  std::vector<std::string> tell;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    std::optional<std::string> by_user;
    if (caller.principal) by_user = caller.principal->user_id;
    RETURN_IF_ERROR(Store::SetOutcome(c, a.id, outcome, by_user));
    std::string body = "搬送先(" + outcome.organization_name +
                       ")からの報告: " + OutcomeWord(outcome.code) +
                       "(事案番号: " + a.incident_number + "、報告: " + outcome.reporter_name +
                       (outcome.via == "link" ? "、一回限りのリンクから" : "") + ")";
    if (!outcome.note.empty()) body += "\n" + outcome.note;
    ASSIGN_OR_RETURN(auto post_id,
                     care::InsertSystemPost(
                         c, a.person_id,
                         care::SystemPost{"ems_access", body, author_id, author_org, true}, now));
    (void)post_id;
    ASSIGN_OR_RETURN(tell, PeopleToTell(c, a.person_id, a.municipality_code));
    tell.push_back(a.opened_by.id);  // the crew hears where their patient went
    return core::Ok();
  }));
  audit::Entry e = AccessAudit(caller, a, "handover.outcome");
  e.details = json::serialize(json::object{{"incident_number", a.incident_number},
                                           {"access_id", a.id},
                                           {"outcome", outcome.code},
                                           {"via", outcome.via}});
  ctx_.audit.Record(std::move(e));
  Tell(ctx_, tell, kKindOutcome, kTitleOutcome, a.person_id);
  ASSIGN_OR_RETURN(auto stored, ctx_.db.Get<std::optional<EmsAccess>>(
                                    [&](db::Connection& c) { return Store::Access(c, a.id); }));
  if (!stored) return core::Error::Internal("access vanished after commit");
  return *stored;
}

Result<EmsAccess> HospitalSide::ReportOutcome(const std::string& access_id,
                                              const Result<OutcomeRequest>& request,
                                              const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto a, ctx_.db.Get<EmsAccess>([&](db::Connection& c) {
    return MemberAccess(c, access_id, caller);
  }));
  RETURN_IF_ERROR(request);
  Outcome o;
  o.via = "account";
  o.reporter_name = caller.principal->display_name;
  o.organization_name = a.destination ? a.destination->name : "";
  return WriteOutcome(a, *request, o, caller.principal->user_id,
                      a.destination->organization_id.value_or(""), caller);
}

Result<Unlocked> HospitalSide::Unlock(const std::string& link_token, const Result<std::string>& pin,
                                      const auth::Caller& caller) {
  if (int wait = unlock_limiter_.Take("unlock:" + caller.ip); wait > 0) {
    return Coded(core::ErrorCode::kRateLimited, "rate_limited",
                 "試行が多すぎます。" + std::to_string(wait) +
                     "秒後にもう一度お試しください (too many attempts)");
  }
  if (link_token.size() < 20 || link_token.size() > 100) return LinkNotFound();
  const int64_t now = ctx_.clock.NowMillis();
  std::optional<EmsAccess> access;
  std::string outcome = "denied";
  std::string wrong_pin_on;
  Unlocked out;
  auto status = ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    wrong_pin_on.clear();
    ASSIGN_OR_RETURN(auto row, Store::HandoverByLink(c, auth::HashToken(link_token)));
    if (!row) return LinkNotFound();
    ASSIGN_OR_RETURN(access, Store::Access(c, row->handover.access_id));
    if (!access || row->handover.ended_at || access->expires_at <= now) return LinkExpired();
    if (row->handover.failed_pins >= kMaxPinFailures) return LinkLocked();
    if (row->handover.unlocked) return LinkUsed();
    RETURN_IF_ERROR(pin);
    if (!auth::ConstantTimeEquals(PinHash(link_token, *pin), row->pin_hash)) {
      wrong_pin_on = row->handover.id;  // counted below, in a transaction that commits
      return core::Ok();
    }
    out.grant = auth::RandomToken();
    out.expires_at = access->expires_at;
    ASSIGN_OR_RETURN(bool unlocked,
                     Store::Unlock(c, row->handover.id, auth::HashToken(out.grant), now));
    if (!unlocked) return LinkUsed();
    outcome = "ok";
    return core::Ok();
  });
  if (status.ok() && !wrong_pin_on.empty()) {
    ASSIGN_OR_RETURN(int failed, ctx_.db.Get<int>([&](db::Connection& c) {
      return Store::FailPin(c, wrong_pin_on);
    }));
    int left = std::max(0, kMaxPinFailures - failed);
    core::Error e = core::Error::Invalid(
        "pin", "暗証番号が違います。あと" + std::to_string(left) + "回 (wrong PIN)", "wrong_pin");
    e.details.push_back({"attempts_left", std::to_string(left), "attempts left"});
    status = std::move(e);
  }
  if (access) {
    audit::Entry e = AccessAudit(caller, *access, "handover.link.unlock");
    e.outcome = outcome;
    ctx_.audit.Record(std::move(e));
  }
  RETURN_IF_ERROR(status);
  return out;
}

Result<EmsAccess> HospitalSide::LinkAccess(db::Connection& c, const std::string& link_token,
                                           const std::string& grant) {
  if (link_token.size() < 20 || link_token.size() > 100) return LinkNotFound();
  ASSIGN_OR_RETURN(auto row, Store::HandoverByLink(c, auth::HashToken(link_token)));
  if (!row) return LinkNotFound();
  ASSIGN_OR_RETURN(auto a, Store::Access(c, row->handover.access_id));
  if (!a || row->handover.ended_at || a->expires_at <= ctx_.clock.NowMillis()) {
    return LinkExpired();
  }
  // A locked link says so on every request, so that reloading the page does not ask for the PIN
  // again.
  if (row->handover.failed_pins >= kMaxPinFailures) return LinkLocked();
  const bool holds_grant = !grant.empty() && row->grant_hash &&
                           auth::ConstantTimeEquals(auth::HashToken(grant), *row->grant_hash);
  if (!holds_grant) {
    // Once unlocked, every other browser is told so at once instead of being asked for a PIN
    // it can never use.
    if (row->handover.unlocked) return LinkUsed();
    return Coded(core::ErrorCode::kUnauthenticated, "handover_locked",
                 "暗証番号を入力してください (enter the PIN first)");
  }
  ASSIGN_OR_RETURN(auto scopes, care::LoadConsentScopes(c, a->person_id));
  if (!scopes || !scopes->emergency) return NoEmergencyConsent();
  return *a;
}

Result<OpenedAccess> HospitalSide::ReadByLink(const std::string& link_token,
                                              const std::string& grant,
                                              const auth::Caller& caller) {
  return LoadOpened(
      ctx_, [&](db::Connection& c) { return LinkAccess(c, link_token, grant); }, caller,
      "handover.link.read");
}

Result<care::AttachmentContent> HospitalSide::Media(const std::string& access_id,
                                                    const std::string& link_token,
                                                    const std::string& grant,
                                                    const std::string& attachment_id,
                                                    bool thumbnail, const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto a, ctx_.db.Get<EmsAccess>([&](db::Connection& c) {
    return link_token.empty() ? MemberAccess(c, access_id, caller)
                              : LinkAccess(c, link_token, grant);
  }));
  ASSIGN_OR_RETURN(auto content, ReadAccessMedia(ctx_, a, attachment_id, thumbnail));
  audit::Entry e = AccessAudit(
      caller, a, link_token.empty() ? "handover.media.read" : "handover.link.media.read");
  e.object_type = "attachment";
  e.object_id = attachment_id;
  ctx_.audit.Record(std::move(e));
  return content;
}

Result<EmsAccess> HospitalSide::ReportOutcomeByLink(const std::string& link_token,
                                                    const std::string& grant,
                                                    const Result<OutcomeRequest>& request,
                                                    const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto a, ctx_.db.Get<EmsAccess>([&](db::Connection& c) {
    return LinkAccess(c, link_token, grant);
  }));
  RETURN_IF_ERROR(request);
  Outcome o;
  o.via = "link";
  o.reporter_name = request->reporter_name;
  o.organization_name = a.destination ? a.destination->name : "";
  // Nobody at the hospital has an account: the post is written on the crew member's action
  // (the link they issued), and says who reported through it.
  return WriteOutcome(a, *request, o, a.opened_by.id, a.organization_id, caller);
}

}  // namespace emergency
