#include "emergency/store.h"

namespace emergency {
namespace {

using db::Statement;

constexpr Statement kInsertCard{
    "emergency_insert_card",
    "INSERT INTO emergency_cards (id, person_id, token_hash, token_sealed, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kRevokeCards{"emergency_revoke_cards",
                                 "UPDATE emergency_cards SET revoked_at = $3, revoked_by = $2 "
                                 "WHERE person_id = $1 AND revoked_at IS NULL"};
constexpr Statement kActiveCard{
    "emergency_active_card",
    "SELECT c.id, c.token_sealed, c.created_at, c.created_by, u.display_name, u.profession_code "
    "FROM emergency_cards c JOIN users u ON u.id = c.created_by "
    "WHERE c.person_id = $1 AND c.revoked_at IS NULL ORDER BY c.created_at DESC, c.id DESC "
    "LIMIT 1"};
constexpr Statement kCardByHash{
    "emergency_card_by_hash",
    "SELECT id, person_id, revoked_at FROM emergency_cards WHERE token_hash = $1"};

constexpr Statement kInsertAccess{
    "emergency_insert_access",
    "INSERT INTO ems_accesses (id, person_id, user_id, organization_id, incident_number, reason, "
    "found_by, card_id, opened_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};

#define ACCESS_SELECT                                                                           \
  "SELECT a.id, a.person_id, p.name, p.municipality_code, a.incident_number, a.reason, "        \
  "a.found_by, a.opened_at, a.expires_at, a.user_id, u.display_name, u.profession_code, "       \
  "a.organization_id, o.name, a.destination_org_id, a.destination_name, a.destination_set_at, " \
  "(SELECT COUNT(*) FROM handovers h WHERE h.access_id = a.id AND h.ended_at IS NULL "          \
  "AND h.link_token_hash IS NOT NULL), a.outcome, a.outcome_note, a.outcome_at, "               \
  "a.outcome_reporter, a.outcome_via, ob.name "                                                 \
  "FROM ems_accesses a JOIN persons p ON p.id = a.person_id JOIN users u ON u.id = a.user_id "  \
  "JOIN organizations o ON o.id = a.organization_id "                                           \
  "LEFT JOIN organizations ob ON ob.id = a.destination_org_id "

constexpr Statement kAccess{"emergency_access", ACCESS_SELECT "WHERE a.id = $1"};
constexpr Statement kAccessesOfUser{
    "emergency_accesses_of_user", ACCESS_SELECT
    "WHERE a.user_id = $1 AND a.opened_at >= $2 ORDER BY a.opened_at DESC, a.id "
    "DESC LIMIT 200"};
constexpr Statement kAccessesOfPerson{
    "emergency_accesses_of_person",
    ACCESS_SELECT "WHERE a.person_id = $1 ORDER BY a.opened_at DESC, a.id DESC LIMIT 200"};
constexpr Statement kHandedOverTo{
    "emergency_handed_over_to", ACCESS_SELECT
    "WHERE a.destination_org_id = $1 AND a.expires_at > $2 AND EXISTS (SELECT 1 FROM handovers h "
    "WHERE h.access_id = a.id AND h.organization_id = $1 AND h.ended_at IS NULL) "
    "ORDER BY a.destination_set_at DESC, a.id DESC LIMIT 200"};
constexpr Statement kSetDestination{
    "emergency_set_destination",
    "UPDATE ems_accesses SET destination_org_id = $2, destination_name = $3, "
    "destination_set_at = $4 WHERE id = $1"};
constexpr Statement kSetOutcome{
    "emergency_set_outcome",
    "UPDATE ems_accesses SET outcome = $2, outcome_note = $3, outcome_at = $4, "
    "outcome_by_user = $5, outcome_reporter = $6, outcome_via = $7 WHERE id = $1"};

constexpr Statement kEndHandovers{
    "emergency_end_handovers",
    "UPDATE handovers SET ended_at = $2 WHERE access_id = $1 AND ended_at IS NULL"};
constexpr Statement kInsertHandover{
    "emergency_insert_handover",
    "INSERT INTO handovers (id, access_id, organization_id, link_token_hash, pin_hash, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6)"};
#define HANDOVER_COLUMNS                                                             \
  "id, access_id, organization_id, failed_pins, unlocked_at, created_at, ended_at, " \
  "pin_hash, grant_hash"
constexpr Statement kOrganizationHandover{
    "emergency_organization_handover",
    "SELECT " HANDOVER_COLUMNS
    " FROM handovers WHERE access_id = $1 AND organization_id IS NOT NULL AND ended_at IS NULL "
    "ORDER BY created_at DESC LIMIT 1"};
constexpr Statement kHandoverByLink{"emergency_handover_by_link",
                                    "SELECT " HANDOVER_COLUMNS
                                    " FROM handovers WHERE link_token_hash = $1"};
constexpr Statement kFailPin{
    "emergency_fail_pin",
    "UPDATE handovers SET failed_pins = failed_pins + 1 WHERE id = $1 RETURNING failed_pins"};
constexpr Statement kUnlock{
    "emergency_unlock",
    "UPDATE handovers SET grant_hash = $2, unlocked_at = $3 WHERE id = $1 AND unlocked_at IS "
    "NULL"};

EmsAccess AccessFromRow(const db::Row& r) {
  EmsAccess a;
  a.id = r.Text(0);
  a.person_id = r.Text(1);
  a.person_name = r.Text(2);
  a.municipality_code = r.Text(3);
  a.incident_number = r.Text(4);
  a.reason = r.Text(5);
  a.found_by = r.Text(6);
  a.opened_at = r.Int(7);
  a.expires_at = r.Int(8);
  a.opened_by = UserRef{r.Text(9), r.Text(10), r.OptText(11)};
  a.organization_id = r.Text(12);
  a.organization_name = r.Text(13);
  if (auto set_at = r.OptInt(16)) {
    Destination d;
    d.organization_id = r.OptText(14);
    d.name = r.OptText(15).value_or("");
    d.set_at = *set_at;
    d.link = r.Int(17) > 0;
    a.destination = std::move(d);
  }
  if (auto code = r.OptText(18)) {
    Outcome o;
    o.code = *code;
    o.note = r.OptText(19).value_or("");
    o.reported_at = r.OptInt(20).value_or(0);
    o.reporter_name = r.OptText(21).value_or("");
    o.via = r.OptText(22).value_or("");
    o.organization_name = r.OptText(23).value_or(a.destination ? a.destination->name : "");
    a.outcome = std::move(o);
  }
  return a;
}

std::vector<EmsAccess> Accesses(const db::Rows& rows) {
  std::vector<EmsAccess> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(AccessFromRow(r));
  return out;
}

HandoverRow HandoverFromRow(const db::Row& r) {
  HandoverRow h;
  h.handover.id = r.Text(0);
  h.handover.access_id = r.Text(1);
  h.handover.organization_id = r.OptText(2);
  h.handover.failed_pins = static_cast<int>(r.Int(3));
  h.handover.unlocked = !r.IsNull(4);
  h.handover.created_at = r.Int(5);
  h.handover.ended_at = r.OptInt(6);
  h.pin_hash = r.OptText(7).value_or("");
  h.grant_hash = r.OptText(8);
  return h;
}

db::Param OptParam(const std::optional<std::string>& v) {
  return v ? db::Param(*v) : db::Param(nullptr);
}

}  // namespace

Result<void> Store::InsertCard(db::Connection& c, const Card& card, std::string_view token_hash,
                               std::string_view token_sealed) {
  RETURN_IF_ERROR(c.Execute(kInsertCard, {card.id, card.person_id, token_hash, token_sealed,
                                          card.created_by.id, card.created_at}));
  return core::Ok();
}

Result<int64_t> Store::RevokeCards(db::Connection& c, std::string_view person_id,
                                   std::string_view user_id, int64_t now) {
  return c.Execute(kRevokeCards, {person_id, user_id, now});
}

Result<std::optional<Card>> Store::ActiveCard(db::Connection& c, std::string_view person_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kActiveCard, {person_id}));
  if (!row) return std::optional<Card>();
  Card card{row->Text(0), std::string(person_id), row->Text(1), row->Int(2),
            UserRef{row->Text(3), row->Text(4), row->OptText(5)}};
  return std::optional<Card>(std::move(card));
}

Result<std::optional<CardRef>> Store::CardByTokenHash(db::Connection& c, std::string_view hash) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kCardByHash, {hash}));
  if (!row) return std::optional<CardRef>();
  return std::optional<CardRef>(CardRef{row->Text(0), row->Text(1), !row->IsNull(2)});
}

Result<void> Store::InsertAccess(db::Connection& c, const EmsAccess& a,
                                 const std::optional<std::string>& card_id) {
  RETURN_IF_ERROR(c.Execute(
      kInsertAccess, {a.id, a.person_id, a.opened_by.id, a.organization_id, a.incident_number,
                      a.reason, a.found_by, OptParam(card_id), a.opened_at, a.expires_at}));
  return core::Ok();
}

Result<std::optional<EmsAccess>> Store::Access(db::Connection& c, std::string_view id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kAccess, {id}));
  if (!row) return std::optional<EmsAccess>();
  return std::optional<EmsAccess>(AccessFromRow(*row));
}

Result<std::vector<EmsAccess>> Store::AccessesOfUser(db::Connection& c, std::string_view user_id,
                                                     int64_t since) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kAccessesOfUser, {user_id, since}));
  return Accesses(rows);
}

Result<std::vector<EmsAccess>> Store::AccessesOfPerson(db::Connection& c,
                                                       std::string_view person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kAccessesOfPerson, {person_id}));
  return Accesses(rows);
}

Result<std::vector<EmsAccess>> Store::HandedOverTo(db::Connection& c,
                                                   const std::vector<std::string>& org_ids,
                                                   int64_t now) {
  std::vector<EmsAccess> out;
  for (const auto& org : org_ids) {
    ASSIGN_OR_RETURN(auto rows, c.Query(kHandedOverTo, {org, now}));
    for (auto& a : Accesses(rows)) out.push_back(std::move(a));
  }
  return out;
}

Result<void> Store::SetDestination(db::Connection& c, std::string_view access_id,
                                   const std::optional<std::string>& org_id, std::string_view name,
                                   int64_t now) {
  RETURN_IF_ERROR(c.Execute(kSetDestination, {access_id, OptParam(org_id), name, now}));
  return core::Ok();
}

Result<void> Store::SetOutcome(db::Connection& c, std::string_view access_id, const Outcome& o,
                               const std::optional<std::string>& by_user) {
  RETURN_IF_ERROR(c.Execute(kSetOutcome, {access_id, o.code, o.note, o.reported_at,
                                          OptParam(by_user), o.reporter_name, o.via}));
  return core::Ok();
}

Result<void> Store::EndHandovers(db::Connection& c, std::string_view access_id, int64_t now) {
  RETURN_IF_ERROR(c.Execute(kEndHandovers, {access_id, now}));
  return core::Ok();
}

Result<void> Store::InsertHandover(db::Connection& c, const Handover& h,
                                   const std::optional<std::string>& link_token_hash,
                                   const std::optional<std::string>& pin_hash) {
  RETURN_IF_ERROR(
      c.Execute(kInsertHandover, {h.id, h.access_id, OptParam(h.organization_id),
                                  OptParam(link_token_hash), OptParam(pin_hash), h.created_at}));
  return core::Ok();
}

Result<std::optional<Handover>> Store::OrganizationHandover(db::Connection& c,
                                                            std::string_view access_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kOrganizationHandover, {access_id}));
  if (!row) return std::optional<Handover>();
  return std::optional<Handover>(HandoverFromRow(*row).handover);
}

Result<std::optional<HandoverRow>> Store::HandoverByLink(db::Connection& c,
                                                         std::string_view link_token_hash) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kHandoverByLink, {link_token_hash}));
  if (!row) return std::optional<HandoverRow>();
  return std::optional<HandoverRow>(HandoverFromRow(*row));
}

Result<int> Store::FailPin(db::Connection& c, std::string_view handover_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kFailPin, {handover_id}));
  return row ? static_cast<int>(row->Int(0)) : 0;
}

Result<bool> Store::Unlock(db::Connection& c, std::string_view handover_id,
                           std::string_view grant_hash, int64_t now) {
  ASSIGN_OR_RETURN(auto changed, c.Execute(kUnlock, {handover_id, grant_hash, now}));
  return changed == 1;
}

}  // namespace emergency
