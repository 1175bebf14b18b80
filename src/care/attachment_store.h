// The SQL of `attachments`. Methods take the connection so that services (this one, and the
// timeline and consent services that claim uploads) can combine them in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/attachment_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

using core::Result;

class AttachmentStore {
 public:
  static Result<void> Insert(db::Connection& c, const Attachment& a);

  /// The attachment `id` if it belongs to `person_id` and is not deleted; nullopt otherwise, so
  /// that another person's attachment id looks exactly like one that does not exist.
  static Result<std::optional<Attachment>> GetForPerson(db::Connection& c, std::string_view id,
                                                        std::string_view person_id);

  /// Gives an unclaimed upload of `person_id` to its owner (a post, reply or consent). False
  /// when the attachment does not exist, belongs to someone else, is deleted or already claimed.
  static Result<bool> Claim(db::Connection& c, std::string_view id, std::string_view person_id,
                            std::string_view owner_type, std::string_view owner_id);

  /// The attachments of one owner, oldest first.
  static Result<std::vector<Attachment>> ListForOwner(db::Connection& c, std::string_view person_id,
                                                      std::string_view owner_type,
                                                      std::string_view owner_id);

  /// Unclaimed uploads created before `cutoff` (UTC ms), oldest first, at most `limit`.
  static Result<std::vector<Attachment>> ListUnclaimedBefore(db::Connection& c, int64_t cutoff,
                                                             int limit);

  /// Keeps the row and its files but hides it from every read (a replaced person photo).
  static Result<void> MarkDeleted(db::Connection& c, std::string_view id, int64_t now);

  /// Deletes the row if it is still unclaimed (a claim racing the clean-up wins). True when a
  /// row was deleted; only then may its files be removed.
  static Result<bool> DeleteIfUnclaimed(db::Connection& c, std::string_view id);
};

}  // namespace care
