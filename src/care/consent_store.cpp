#include "care/consent_store.h"

namespace care {
namespace {

using db::Statement;

#define CONSENT_COLUMNS                                                                     \
  "c.id, c.person_id, c.scope_team, c.scope_emergency, c.scope_disaster, c.scope_family, "  \
  "c.obtained_on, c.given_by, c.representative_name, c.representative_relation, c.method, " \
  "c.scan_attachment_id, c.note, c.obtained_by, ou.display_name, ou.profession_code, "      \
  "c.created_at, c.withdrawn_on, c.withdrawn_at, c.withdrawn_by, wu.display_name, "         \
  "wu.profession_code, c.withdrawal_reason FROM consents c LEFT JOIN users ou ON ou.id = "  \
  "c.obtained_by LEFT JOIN users wu ON wu.id = c.withdrawn_by "

constexpr Statement kInsert{
    "care_insert_consent",
    "INSERT INTO consents (id, person_id, scope_team, scope_emergency, scope_disaster, "
    "scope_family, obtained_on, obtained_by, given_by, representative_name, "
    "representative_relation, method, scan_attachment_id, note, created_at) VALUES ($1, $2, $3, "
    "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"};
constexpr Statement kList{"care_list_consents", "SELECT " CONSENT_COLUMNS
                                                "WHERE c.person_id = $1 "
                                                "ORDER BY c.created_at DESC, c.id DESC"};
constexpr Statement kGet{"care_get_consent",
                         "SELECT " CONSENT_COLUMNS "WHERE c.id = $2 AND c.person_id = $1"};
constexpr Statement kWithdraw{
    "care_withdraw_consent",
    "UPDATE consents SET withdrawn_on = $3, withdrawn_at = $4, withdrawn_by = $5, "
    "withdrawal_reason = $6 WHERE id = $2 AND person_id = $1 AND withdrawn_at IS NULL"};
constexpr Statement kSetScan{"care_set_consent_scan",
                             "UPDATE consents SET scan_attachment_id = $2 WHERE id = $1"};
constexpr Statement kAttachment{
    "care_consent_attachment",
    "SELECT kind, owner_type, owner_id FROM attachments WHERE id = $2 AND person_id = $1 AND "
    "deleted_at IS NULL"};
constexpr Statement kClaimAttachment{
    "care_claim_consent_attachment",
    "UPDATE attachments SET owner_type = 'consent', owner_id = $2 WHERE id = $1"};

Consent ConsentFromRow(const db::Row& r) {
  Consent c;
  c.id = r.Text(0);
  c.person_id = r.Text(1);
  c.input.scopes = {r.Bool(2), r.Bool(3), r.Bool(4), r.Bool(5)};
  c.input.obtained_on = r.Text(6);
  c.input.given_by = r.Text(7);
  c.input.representative_name = r.OptText(8);
  c.input.representative_relation = r.OptText(9);
  c.input.method = r.Text(10);
  c.input.scan_attachment_id = r.OptText(11);
  c.input.note = r.Text(12);
  c.obtained_by = UserRef{r.Text(13), r.Text(14), r.OptText(15)};
  c.created_at = r.Int(16);
  c.withdrawn_on = r.OptText(17);
  c.withdrawn_at = r.OptInt(18);
  if (!r.IsNull(19)) c.withdrawn_by = UserRef{r.Text(19), r.Text(20), r.OptText(21)};
  c.withdrawal_reason = r.OptText(22);
  return c;
}

}  // namespace

Result<void> ConsentStore::Insert(db::Connection& c, const Consent& k) {
  const ConsentInput& in = k.input;
  RETURN_IF_ERROR(c.Execute(
      kInsert,
      {k.id, k.person_id, in.scopes.team, in.scopes.emergency, in.scopes.disaster, in.scopes.family,
       in.obtained_on, k.obtained_by.id, in.given_by, in.representative_name,
       in.representative_relation, in.method, in.scan_attachment_id, in.note, k.created_at}));
  return core::Ok();
}

Result<std::vector<Consent>> ConsentStore::List(db::Connection& c, std::string_view person_id) {
  ASSIGN_OR_RETURN(auto rows, c.Query(kList, {person_id}));
  std::vector<Consent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(ConsentFromRow(r));
  return out;
}

Result<std::optional<Consent>> ConsentStore::Get(db::Connection& c, std::string_view person_id,
                                                 std::string_view consent_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kGet, {person_id, consent_id}));
  if (!row) return std::optional<Consent>();
  return std::optional<Consent>(ConsentFromRow(*row));
}

Result<bool> ConsentStore::Withdraw(db::Connection& c, std::string_view person_id,
                                    std::string_view consent_id, const Withdrawal& w,
                                    const std::string& user_id, int64_t now) {
  ASSIGN_OR_RETURN(int64_t n, c.Execute(kWithdraw, {person_id, consent_id, w.withdrawn_on, now,
                                                    user_id, w.reason}));
  return n == 1;
}

Result<void> ConsentStore::SetScan(db::Connection& c, std::string_view consent_id,
                                   std::string_view attachment_id) {
  RETURN_IF_ERROR(c.Execute(kSetScan, {consent_id, attachment_id}));
  return core::Ok();
}

Result<std::optional<AttachmentFacts>> ConsentStore::Attachment(db::Connection& c,
                                                                std::string_view person_id,
                                                                std::string_view attachment_id) {
  ASSIGN_OR_RETURN(auto row, c.QueryOne(kAttachment, {person_id, attachment_id}));
  if (!row) return std::optional<AttachmentFacts>();
  return std::optional<AttachmentFacts>(AttachmentFacts{row->Text(0), row->Text(1), row->Text(2)});
}

Result<void> ConsentStore::ClaimAttachment(db::Connection& c, std::string_view attachment_id,
                                           std::string_view consent_id) {
  RETURN_IF_ERROR(c.Execute(kClaimAttachment, {attachment_id, consent_id}));
  return core::Ok();
}

}  // namespace care
