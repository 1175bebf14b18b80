// The person's photo: an attachment the team uploaded like any other, then claimed by the person
// (owner "person_photo") and named on persons.photo_attachment_id.
#include "care/attachment_service.h"
#include "care/attachment_store.h"
#include "care/person_store.h"
#include "core/id.h"

namespace care {

using core::Error;

Result<void> AttachmentService::SetPersonPhoto(const std::string& person_id,
                                               const std::string& attachment_id,
                                               const auth::Caller& caller) {
  const int64_t now = clock_.NowMillis();
  ASSIGN_OR_RETURN(
      PersonAccess access,
      db_.InTransaction<PersonAccess>([&](db::Connection& c) -> Result<PersonAccess> {
        ASSIGN_OR_RETURN(PersonAccess allowed,
                         access_.Require(c, person_id, caller, Need::kWrite, "person.photo.set"));
        std::optional<Attachment> upload;
        if (core::IsValidId(attachment_id)) {
          ASSIGN_OR_RETURN(upload, AttachmentStore::GetForPerson(c, attachment_id, person_id));
        }
        if (!upload || upload->claimed() || upload->kind != "image") {
          return Error::Invalid("attachment_id",
                                "この人の写真としてアップロードした画像を選んでください "
                                "(an uploaded, unused photo of this person)",
                                "not_photo");
        }
        ASSIGN_OR_RETURN(auto person, PersonStore::Get(c, person_id));
        if (person && person->photo_attachment_id) {
          RETURN_IF_ERROR(AttachmentStore::MarkDeleted(c, *person->photo_attachment_id, now));
        }
        ASSIGN_OR_RETURN(bool claimed, AttachmentStore::Claim(c, attachment_id, person_id,
                                                              kPersonPhotoOwner, person_id));
        if (!claimed) return Error::Conflict("写真が同時に変更されました (changed meanwhile)");
        RETURN_IF_ERROR(PersonStore::SetPhoto(c, person_id, attachment_id));
        return allowed;
      }));
  audit_.Record(PersonAudit(caller, access, "person.photo.set", "attachment", attachment_id));
  return core::Ok();
}

Result<void> AttachmentService::ClearPersonPhoto(const std::string& person_id,
                                                 const auth::Caller& caller) {
  const int64_t now = clock_.NowMillis();
  std::string removed;
  ASSIGN_OR_RETURN(
      PersonAccess access,
      db_.InTransaction<PersonAccess>([&](db::Connection& c) -> Result<PersonAccess> {
        ASSIGN_OR_RETURN(PersonAccess allowed,
                         access_.Require(c, person_id, caller, Need::kWrite, "person.photo.clear"));
        ASSIGN_OR_RETURN(auto person, PersonStore::Get(c, person_id));
        removed = person && person->photo_attachment_id ? *person->photo_attachment_id : "";
        if (!removed.empty()) {
          RETURN_IF_ERROR(AttachmentStore::MarkDeleted(c, removed, now));
          RETURN_IF_ERROR(PersonStore::SetPhoto(c, person_id, std::nullopt));
        }
        return allowed;
      }));
  audit_.Record(PersonAudit(caller, access, "person.photo.clear", "attachment", removed));
  return core::Ok();
}

}  // namespace care
