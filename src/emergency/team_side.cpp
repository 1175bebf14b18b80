#include "emergency/team_side.h"

#include "auth/qr.h"
#include "care/person_store.h"
#include "core/id.h"
#include "emergency/store.h"

namespace emergency {

using care::Need;

Result<boost::json::object> TeamSide::Summary(const std::string& person_id,
                                              const auth::Caller& caller, care::Need need) {
  care::PersonAccess access;
  ASSIGN_OR_RETURN(
      auto summary,
      ctx_.db.Get<boost::json::object>([&](db::Connection& c) -> Result<boost::json::object> {
        ASSIGN_OR_RETURN(access,
                         ctx_.access.Require(c, person_id, caller, need, "emergency.summary.read"));
        return LoadSummary(ctx_, c, person_id);
      }));
  ctx_.audit.Record(care::PersonAudit(caller, access, "emergency.summary.read"));
  return summary;
}

Result<CardView> TeamSide::View(db::Connection& c, Card card, const std::string& person_id) {
  ASSIGN_OR_RETURN(card.token, ctx_.secrets.Open(card.token));
  CardView v;
  v.url = ctx_.public_url + "/e/" + card.token;
  ASSIGN_OR_RETURN(v.qr_svg, auth::QrSvg(v.url));
  ASSIGN_OR_RETURN(auto person, care::PersonStore::Get(c, person_id));
  if (person) {
    v.person_name = person->identity.name;
    v.person_kana = person->identity.kana;
    v.person_birth_date = person->identity.birth_date;
  }
  v.card = std::move(card);
  return v;
}

Result<std::optional<CardView>> TeamSide::GetCard(const std::string& person_id,
                                                  const auth::Caller& caller) {
  using Out = std::optional<CardView>;
  care::PersonAccess access;
  ASSIGN_OR_RETURN(auto view, ctx_.db.Get<Out>([&](db::Connection& c) -> Result<Out> {
    ASSIGN_OR_RETURN(access,
                     ctx_.access.Require(c, person_id, caller, Need::kRead, "emergency.card.read"));
    ASSIGN_OR_RETURN(auto card, Store::ActiveCard(c, person_id));
    if (!card) return Out();
    ASSIGN_OR_RETURN(auto v, View(c, std::move(*card), person_id));
    return Out(std::move(v));
  }));
  ctx_.audit.Record(care::PersonAudit(caller, access, "emergency.card.read"));
  return view;
}

Result<CardView> TeamSide::IssueCard(const std::string& person_id, const auth::Caller& caller) {
  const int64_t now = ctx_.clock.NowMillis();
  care::PersonAccess access;
  ASSIGN_OR_RETURN(
      auto view, ctx_.db.InTransaction<CardView>([&](db::Connection& c) -> Result<CardView> {
        ASSIGN_OR_RETURN(access, ctx_.access.Require(c, person_id, caller, Need::kWrite,
                                                     "emergency.card.issue"));
        if (!access.consent.emergency) {
          core::Error e = core::Error::Conflict(
              "救急時の情報共有の同意がないため、カードを発行できません (no emergency-sharing "
              "consent)");
          e.details.push_back({"consent", "no_emergency_consent", e.message});
          return e;
        }
        RETURN_IF_ERROR(Store::RevokeCards(c, person_id, caller.principal->user_id, now));
        std::string token = auth::RandomToken();
        Card card{core::NewId(now), person_id, ctx_.secrets.Seal(token), now,
                  UserRef{caller.principal->user_id, caller.principal->display_name, std::nullopt}};
        RETURN_IF_ERROR(Store::InsertCard(c, card, auth::HashToken(token), card.token));
        return View(c, std::move(card), person_id);
      }));
  ctx_.audit.Record(
      care::PersonAudit(caller, access, "emergency.card.issue", "emergency_card", view.card.id));
  return view;
}

Result<void> TeamSide::RevokeCard(const std::string& person_id, const auth::Caller& caller) {
  const int64_t now = ctx_.clock.NowMillis();
  care::PersonAccess access;
  int64_t revoked = 0;
  RETURN_IF_ERROR(ctx_.db.Transact([&](db::Connection& c) -> Result<void> {
    ASSIGN_OR_RETURN(
        access, ctx_.access.Require(c, person_id, caller, Need::kWrite, "emergency.card.revoke"));
    ASSIGN_OR_RETURN(revoked, Store::RevokeCards(c, person_id, caller.principal->user_id, now));
    return core::Ok();
  }));
  if (revoked == 0) return core::Error::NotFound("カードはありません (no card in use)");
  ctx_.audit.Record(care::PersonAudit(caller, access, "emergency.card.revoke"));
  return core::Ok();
}

Result<std::vector<EmsAccess>> TeamSide::Accesses(const std::string& person_id,
                                                  const auth::Caller& caller) {
  care::PersonAccess access;
  ASSIGN_OR_RETURN(
      auto list,
      ctx_.db.Get<std::vector<EmsAccess>>([&](db::Connection& c) -> Result<std::vector<EmsAccess>> {
        ASSIGN_OR_RETURN(access, ctx_.access.Require(c, person_id, caller, Need::kRead,
                                                     "emergency.accesses.read"));
        return Store::AccessesOfPerson(c, person_id);
      }));
  ctx_.audit.Record(care::PersonAudit(caller, access, "emergency.accesses.read"));
  return list;
}

}  // namespace emergency
