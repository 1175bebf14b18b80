#include "emergency/ems_side.h"

#include <sodium.h>

#include <boost/json/serialize.hpp>

#include "care/emergency_record.h"
#include "care/system_post.h"
#include "core/id.h"
#include "directory/store.h"
#include "emergency/store.h"

namespace emergency {
namespace {

// Where an ambulance takes a patient: its members then read the summary, so a care office or a
// pharmacy chosen by mistake must not receive it.
bool IsReceivingType(std::string_view type_code) {
  return type_code == "hospital" || type_code == "clinic";
}

namespace json = boost::json;
constexpr int64_t kMineDays = 30;

core::Error CardNotFound() {
  return Coded(core::ErrorCode::kNotFound, "card_not_found",
               "このカードは登録されていません (unknown card)");
}
core::Error CardRevoked() {
  return Coded(core::ErrorCode::kGone, "card_revoked",
               "このカードは無効になっています。新しいカードがあるか、チームに確認してください "
               "(card revoked)");
}
core::Error AccessNotFound() {
  return Coded(core::ErrorCode::kNotFound, "access_not_found",
               "この救急記録は見つかりません (no such access of yours)");
}

// The card of a token, checked: 404 unknown, 410 revoked.
Result<CardRef> CardOf(db::Connection& c, const std::string& token) {
  if (token.size() < 20 || token.size() > 100) return CardNotFound();
  ASSIGN_OR_RETURN(auto card, Store::CardByTokenHash(c, auth::HashToken(token)));
  if (!card) return CardNotFound();
  if (card->revoked) return CardRevoked();
  return *card;
}

std::string OrganizationName(const auth::Caller& caller, const std::string& org_id) {
  for (const auto& m : caller.principal->memberships) {
    if (m.organization_id == org_id) return m.organization_name;
  }
  return {};
}

std::string SixDigitPin() {
  auth::EnsureSodium();
  std::string pin = std::to_string(randombytes_uniform(1000000));
  return std::string(6 - pin.size(), '0') + pin;
}

// The PIN is hashed with the link's token, which is itself kept only as a hash: a copy of the
// database does not let anyone try the million PINs offline.
std::string PinHash(const std::string& link_token, const std::string& pin) {
  return auth::HashToken(link_token + ":" + pin);
}

}  // namespace

Result<bool> EmsSide::CheckCard(const std::string& token, const auth::Caller& caller) {
  std::optional<care::PersonAccess> facts;
  auto consent = ctx_.db.Get<bool>([&](db::Connection& c) -> Result<bool> {
    ASSIGN_OR_RETURN(auto card, CardOf(c, token));
    ASSIGN_OR_RETURN(auto f, care::PersonAccessChecker::Load(c, card.person_id, caller));
    facts = f;
    return f.consent.emergency;
  });
  if (facts) {
    audit::Entry e = caller.Audit("ems.card.check", "person", facts->person_id);
    e.person_id = facts->person_id;
    e.municipality_code = facts->municipality_code;
    e.details = json::serialize(json::object{{"emergency_consent", facts->consent.emergency}});
    ctx_.audit.Record(std::move(e));
  }
  return consent;
}

Result<SearchResult> EmsSide::Search(const Result<SearchCriteria>& criteria,
                                     const auth::Caller& caller) {
  RETURN_IF_ERROR(criteria);
  care::EmergencyQuery q{criteria->kana_prefix, criteria->birth_date, criteria->phone_digits,
                         criteria->address_part, criteria->limit};
  ASSIGN_OR_RETURN(auto matches,
                   ctx_.db.Get<std::vector<care::EmergencyMatch>>(
                       [&](db::Connection& c) { return care::FindForEmergency(c, q); }));
  SearchResult out;
  for (const auto& m : matches) {
    if (!m.emergency_consent) {
      ++out.without_consent;
      continue;
    }
    if (static_cast<int>(out.items.size()) >= criteria->limit) continue;
    std::string phone_match;
    if (!criteria->phone_digits.empty()) phone_match = m.key_person_phone ? "key_person" : "person";
    out.items.push_back(Candidate{m.person.id, m.person.name, m.person.kana, m.person.sex,
                                  m.person.birth_date, m.person.address, std::move(phone_match)});
    audit::Entry listed = caller.Audit("ems.search.listed", "person", m.person.id);
    listed.person_id = m.person.id;
    listed.municipality_code = m.person.municipality_code;
    ctx_.audit.Record(std::move(listed));
  }
  // Which kinds of criteria were used, never their values (they are personal data).
  json::array used;
  if (!criteria->kana_prefix.empty()) used.push_back("kana_birth_date");
  if (!criteria->phone_digits.empty()) used.push_back("phone");
  if (!criteria->address_part.empty()) used.push_back("address");
  audit::Entry e = caller.Audit("ems.search", "person");
  e.details = json::serialize(json::object{{"criteria", std::move(used)},
                                           {"shown", out.items.size()},
                                           {"without_consent", out.without_consent}});
  ctx_.audit.Record(std::move(e));
  return out;
}

Result<EmsAccess> EmsSide::Open(const Result<OpenRequest>& request, const auth::Caller& caller) {
  RETURN_IF_ERROR(request);
  const int64_t now = ctx_.clock.NowMillis();
  const std::string org_id = EmsOrganization(caller);
  if (org_id.empty()) return core::Error::Forbidden();
  EmsAccess a;
  std::vector<std::string> tell;
  std::optional<care::PersonAccess> refused;
  auto status = ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    tell.clear();
    refused.reset();
    std::optional<std::string> card_id;
    std::string person_id = request->person_id;
    if (!request->card_token.empty()) {
      ASSIGN_OR_RETURN(auto card, CardOf(c, request->card_token));
      card_id = card.id;
      person_id = card.person_id;
    }
    auto facts = care::PersonAccessChecker::Load(c, person_id, caller);
    if (!facts.ok()) {
      if (facts.error().code == core::ErrorCode::kNotFound) {
        return core::Error::NotFound("この方は見つかりません (no such person)");
      }
      return std::move(facts).error();
    }
    if (!facts->consent.emergency) {
      refused = *facts;
      return NoEmergencyConsent();
    }
    a = EmsAccess{};
    a.id = core::NewId(now);
    a.person_id = person_id;
    a.municipality_code = facts->municipality_code;
    a.incident_number = request->incident_number;
    a.reason = request->reason;
    a.found_by = card_id ? "card" : "search";
    a.opened_at = now;
    a.expires_at =
        now + std::chrono::duration_cast<std::chrono::milliseconds>(ctx_.access_duration).count();
    a.opened_by = UserRef{caller.principal->user_id, caller.principal->display_name, {}};
    a.organization_id = org_id;
    RETURN_IF_ERROR(Store::InsertAccess(c, a, card_id));
    care::SystemPost post{"ems_access",
                          "救急隊(" + OrganizationName(caller, org_id) +
                              ")が救急情報を開きました。事案番号: " + a.incident_number,
                          caller.principal->user_id, org_id, true};
    ASSIGN_OR_RETURN(auto post_id, care::InsertSystemPost(c, person_id, post, now));
    (void)post_id;
    ASSIGN_OR_RETURN(tell, PeopleToTell(c, person_id, a.municipality_code));
    return core::Ok();
  });
  if (refused) {
    audit::Entry e = caller.Audit("ems.open", "person", refused->person_id);
    e.person_id = refused->person_id;
    e.municipality_code = refused->municipality_code;
    e.reason = "ems:" + request->incident_number;
    e.outcome = "denied";
    ctx_.audit.Record(std::move(e));
  }
  RETURN_IF_ERROR(status);
  ctx_.audit.Record(AccessAudit(caller, a, "ems.open"));
  Tell(ctx_, tell, kKindAccess, kTitleEmsOpened, a.person_id);
  ASSIGN_OR_RETURN(auto stored, ctx_.db.Get<std::optional<EmsAccess>>(
                                    [&](db::Connection& c) { return Store::Access(c, a.id); }));
  if (!stored) return core::Error::Internal("access vanished after commit");
  return *stored;
}

Result<std::vector<EmsAccess>> EmsSide::Mine(const auth::Caller& caller) {
  const int64_t since = ctx_.clock.NowMillis() - kMineDays * 24 * 3600 * 1000;
  ASSIGN_OR_RETURN(auto list, ctx_.db.Get<std::vector<EmsAccess>>([&](db::Connection& c) {
    return Store::AccessesOfUser(c, caller.principal->user_id, since);
  }));
  ctx_.audit.Record(caller.Audit("ems.accesses.list", "ems_access"));
  return list;
}

Result<EmsAccess> EmsSide::OwnRunningAccess(db::Connection& c, const std::string& access_id,
                                            const auth::Caller& caller) {
  if (!core::IsValidId(access_id)) return AccessNotFound();
  ASSIGN_OR_RETURN(auto a, Store::Access(c, access_id));
  if (!a || a->opened_by.id != caller.principal->user_id) return AccessNotFound();
  if (a->expires_at <= ctx_.clock.NowMillis()) {
    return Coded(core::ErrorCode::kForbidden, "access_expired",
                 "閲覧できる時間が過ぎました (the access has expired)");
  }
  ASSIGN_OR_RETURN(auto scopes, care::LoadConsentScopes(c, a->person_id));
  if (!scopes || !scopes->emergency) return NoEmergencyConsent();
  return *a;
}

Result<OpenedAccess> LoadOpened(Context& ctx,
                                const std::function<Result<EmsAccess>(db::Connection&)>& find,
                                const auth::Caller& caller, const char* action) {
  ASSIGN_OR_RETURN(auto opened,
                   ctx.db.Get<OpenedAccess>([&](db::Connection& c) -> Result<OpenedAccess> {
                     ASSIGN_OR_RETURN(auto a, find(c));
                     ASSIGN_OR_RETURN(auto summary, LoadSummary(ctx, c, a.person_id));
                     return OpenedAccess{std::move(a), std::move(summary), {}};
                   }));
  ASSIGN_OR_RETURN(opened.media, ctx.attachments.ListOwned(opened.access.person_id, kMediaOwner,
                                                           opened.access.id));
  ctx.audit.Record(AccessAudit(caller, opened.access, action));
  return opened;
}

Result<OpenedAccess> EmsSide::Read(const std::string& access_id, const auth::Caller& caller) {
  return LoadOpened(
      ctx_, [&](db::Connection& c) { return OwnRunningAccess(c, access_id, caller); }, caller,
      "ems.summary.read");
}

Result<care::Attachment> EmsSide::AddMedia(const std::string& access_id, std::string_view bytes,
                                           std::string_view file_name, const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto a, ctx_.db.Get<EmsAccess>([&](db::Connection& c) {
    return OwnRunningAccess(c, access_id, caller);
  }));
  ASSIGN_OR_RETURN(auto stored,
                   ctx_.attachments.StoreOwnedMedia(a.person_id, bytes, file_name,
                                                    caller.principal->user_id, kMediaOwner, a.id));
  audit::Entry e = AccessAudit(caller, a, "ems.media.upload");
  e.object_type = "attachment";
  e.object_id = stored.id;
  ctx_.audit.Record(std::move(e));
  return stored;
}

Result<care::AttachmentContent> EmsSide::Media(const std::string& access_id,
                                               const std::string& attachment_id, bool thumbnail,
                                               const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto a, ctx_.db.Get<EmsAccess>([&](db::Connection& c) {
    return OwnRunningAccess(c, access_id, caller);
  }));
  ASSIGN_OR_RETURN(auto content, ReadAccessMedia(ctx_, a, attachment_id, thumbnail));
  audit::Entry e = AccessAudit(caller, a, "ems.media.read");
  e.object_type = "attachment";
  e.object_id = attachment_id;
  ctx_.audit.Record(std::move(e));
  return content;
}

Result<std::pair<EmsAccess, std::optional<LinkAndPin>>> EmsSide::SetDestination(
    const std::string& access_id, const Result<DestinationRequest>& request,
    const auth::Caller& caller) {
  RETURN_IF_ERROR(request);
  const int64_t now = ctx_.clock.NowMillis();
  EmsAccess a;
  std::optional<LinkAndPin> link;
  std::vector<std::string> tell, hospital;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    link.reset();
    ASSIGN_OR_RETURN(a, OwnRunningAccess(c, access_id, caller));
    std::string name = request->name;
    std::vector<std::string>& members = hospital;
    members.clear();
    if (request->organization_id) {
      ASSIGN_OR_RETURN(auto org, directory::Store::GetOrganization(c, *request->organization_id));
      if (!org || org->status != "active") {
        return core::Error::Invalid("hospital_organization_id",
                                    "名簿にない医療機関です (unknown organization)");
      }
      if (!IsReceivingType(org->type_code)) {
        return core::Error::Invalid("hospital_organization_id",
                                    "搬送先は病院か診療所を選んでください (a hospital or clinic)",
                                    "not_medical");
      }
      name = org->name;
      ASSIGN_OR_RETURN(members, directory::Store::ActiveMemberIds(c, org->id));
    }
    RETURN_IF_ERROR(Store::EndHandovers(c, a.id, now));
    RETURN_IF_ERROR(Store::SetDestination(c, a.id, request->organization_id, name, now));
    Handover h{core::NewId(now), a.id, std::nullopt, 0, false, now, std::nullopt};
    if (request->organization_id && !members.empty()) {
      h.organization_id = request->organization_id;
      RETURN_IF_ERROR(Store::InsertHandover(c, h, std::nullopt, std::nullopt));
    } else {
      std::string token = auth::RandomToken();
      link = LinkAndPin{ctx_.public_url + "/h/" + token, SixDigitPin()};
      RETURN_IF_ERROR(
          Store::InsertHandover(c, h, auth::HashToken(token), PinHash(token, link->pin)));
    }
    care::SystemPost post{"ems_access",
                          "救急搬送先: " + name + "(事案番号: " + a.incident_number + ")",
                          caller.principal->user_id, a.organization_id, true};
    ASSIGN_OR_RETURN(auto post_id, care::InsertSystemPost(c, a.person_id, post, now));
    (void)post_id;
    ASSIGN_OR_RETURN(tell, PeopleToTell(c, a.person_id, a.municipality_code));
    if (!h.organization_id) members.clear();  // a link instead: nobody there has an account
    return core::Ok();
  }));
  audit::Entry e = AccessAudit(caller, a, "ems.destination");
  ctx_.audit.Record(std::move(e));
  Tell(ctx_, tell, kKindAccess, kTitleDestination, a.person_id);
  for (const auto& user : hospital) {
    ctx_.notifier.Send(user, kKindHandover, kTitleHandover, "", "/handovers/" + a.id, a.person_id);
  }
  ASSIGN_OR_RETURN(auto stored, ctx_.db.Get<std::optional<EmsAccess>>(
                                    [&](db::Connection& c) { return Store::Access(c, a.id); }));
  if (!stored) return core::Error::Internal("access vanished after commit");
  return std::make_pair(std::move(*stored), std::move(link));
}

}  // namespace emergency
