#include "care/consent_service.h"

#include "care/consent_store.h"
#include "care/person_service.h"
#include "care/person_store.h"
#include "core/id.h"

namespace care {
namespace {

core::Error ConsentNotFound() {
  return core::Error::NotFound("同意の記録が見つかりません (consent not found)");
}

std::string ScopesJson(const ConsentScopes& s) {
  auto b = [](bool v) { return v ? "true" : "false"; };
  return std::string("{\"team\":") + b(s.team) + ",\"emergency\":" + b(s.emergency) +
         ",\"disaster\":" + b(s.disaster) + ",\"family\":" + b(s.family) + "}";
}

}  // namespace

Result<void> UseScan(db::Connection& c, const std::string& person_id, const std::string& consent_id,
                     const std::string& attachment_id, const std::string& field) {
  ASSIGN_OR_RETURN(auto file, ConsentStore::Attachment(c, person_id, attachment_id));
  if (!file) {
    return core::Error::Invalid(
        field, "この方にアップロードされたファイルではありません (not an upload of this person)",
        "not_found");
  }
  if (file->kind != "pdf" && file->kind != "image") {
    return core::Error::Invalid(field, "PDFか画像を指定してください (PDF or image)", "kind");
  }
  bool free =
      file->owner_type.empty() || (file->owner_type == "consent" && file->owner_id == consent_id);
  if (!free) {
    return core::Error::Invalid(field, "ほかで使われているファイルです (file already used)",
                                "in_use");
  }
  RETURN_IF_ERROR(ConsentStore::ClaimAttachment(c, attachment_id, consent_id));
  return ConsentStore::SetScan(c, consent_id, attachment_id);
}

Consent NewConsent(const std::string& person_id, const ConsentInput& input,
                   const std::string& user_id, int64_t now) {
  Consent c;
  c.id = core::NewId(now);
  c.person_id = person_id;
  c.input = input;
  c.obtained_by.id = user_id;
  c.created_at = now;
  return c;
}

core::Date ConsentService::Today() const { return TodayJst(clock_); }

Result<std::vector<Consent>> ConsentService::List(const std::string& person_id,
                                                  const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller, Need::kRead,
                                            "consent.list"));
  ASSIGN_OR_RETURN(auto list, db_.Get<std::vector<Consent>>([&](db::Connection& c) {
    return ConsentStore::List(c, person_id);
  }));
  audit_.Record(PersonAudit(caller, access, "consent.list"));
  return list;
}

Result<Consent> ConsentService::Create(const std::string& person_id,
                                       const Result<ConsentInput>& input,
                                       const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller,
                                            Need::kRecordConsent, "consent.create"));
  RETURN_IF_ERROR(input);
  Consent consent = NewConsent(person_id, *input, caller.principal->user_id, clock_.NowMillis());
  ASSIGN_OR_RETURN(
      auto saved, db_.InTransaction<Consent>([&](db::Connection& c) -> Result<Consent> {
        RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kRecordConsent));
        RETURN_IF_ERROR(ConsentStore::Insert(c, consent));
        if (consent.input.scan_attachment_id) {
          RETURN_IF_ERROR(UseScan(c, person_id, consent.id, *consent.input.scan_attachment_id,
                                  "scan_attachment_id"));
        }
        ASSIGN_OR_RETURN(auto stored, ConsentStore::Get(c, person_id, consent.id));
        if (!stored) return ConsentNotFound();
        return std::move(*stored);
      }));
  audit::Entry e = PersonAudit(caller, access, "consent.create", "consent", saved.id);
  e.details = ScopesJson(saved.input.scopes);
  audit_.Record(std::move(e));
  return saved;
}

Result<Consent> ConsentService::Withdraw(const std::string& person_id,
                                         const std::string& consent_id,
                                         const Result<Withdrawal>& input,
                                         const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller,
                                            Need::kRecordConsent, "consent.withdraw"));
  RETURN_IF_ERROR(input);
  // Path ids are UUIDs; anything else (perhaps not even UTF-8) is never sent to the database.
  if (!core::IsValidId(consent_id)) return ConsentNotFound();
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(
      auto saved, db_.InTransaction<Consent>([&](db::Connection& c) -> Result<Consent> {
        RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kRecordConsent));
        ASSIGN_OR_RETURN(auto current, ConsentStore::Get(c, person_id, consent_id));
        if (!current) return ConsentNotFound();
        if (current->withdrawn_at) {
          return core::Error::Conflict("この同意は既に撤回されています (already withdrawn)");
        }
        if (input->withdrawn_on < current->input.obtained_on) {
          return core::Error::Invalid(
              "withdrawn_on", "同意日より前の日付です (before the consent date)", "before_start");
        }
        ASSIGN_OR_RETURN(bool done, ConsentStore::Withdraw(c, person_id, consent_id, *input,
                                                           caller.principal->user_id, now));
        if (!done)
          return core::Error::Conflict("この同意は既に撤回されています (already withdrawn)");
        ASSIGN_OR_RETURN(auto stored, ConsentStore::Get(c, person_id, consent_id));
        if (!stored) return ConsentNotFound();
        return std::move(*stored);
      }));
  audit::Entry e = PersonAudit(caller, access, "consent.withdraw", "consent", consent_id);
  e.details = ScopesJson(saved.input.scopes);
  audit_.Record(std::move(e));
  return saved;
}

Result<Consent> ConsentService::AttachScan(const std::string& person_id,
                                           const std::string& consent_id,
                                           const Result<std::string>& attachment_id,
                                           const auth::Caller& caller) {
  ASSIGN_OR_RETURN(auto access, CheckAccess(db_, access_, audit_, person_id, caller,
                                            Need::kRecordConsent, "consent.scan"));
  RETURN_IF_ERROR(attachment_id);
  if (!core::IsValidId(consent_id)) return ConsentNotFound();
  ASSIGN_OR_RETURN(
      auto saved, db_.InTransaction<Consent>([&](db::Connection& c) -> Result<Consent> {
        RETURN_IF_ERROR(Recheck(c, person_id, caller, Need::kRecordConsent));
        ASSIGN_OR_RETURN(auto current, ConsentStore::Get(c, person_id, consent_id));
        if (!current) return ConsentNotFound();
        RETURN_IF_ERROR(UseScan(c, person_id, consent_id, *attachment_id, "attachment_id"));
        ASSIGN_OR_RETURN(auto stored, ConsentStore::Get(c, person_id, consent_id));
        if (!stored) return ConsentNotFound();
        return std::move(*stored);
      }));
  audit_.Record(PersonAudit(caller, access, "consent.scan", "consent", consent_id));
  return saved;
}

}  // namespace care
