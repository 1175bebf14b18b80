// The SQL of consent records (同意) and of the scans attached to them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/person_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

/// An uploaded file of a person, as far as consent scans care.
struct AttachmentFacts {
  std::string kind;  // image | pdf
  std::string owner_type;
  std::string owner_id;
};

class ConsentStore {
 public:
  static Result<void> Insert(db::Connection& c, const Consent& consent);
  /// Newest first.
  static Result<std::vector<Consent>> List(db::Connection& c, std::string_view person_id);
  /// The consent if it belongs to `person_id`.
  static Result<std::optional<Consent>> Get(db::Connection& c, std::string_view person_id,
                                            std::string_view consent_id);
  /// Records the withdrawal unless the consent was withdrawn already; false then.
  static Result<bool> Withdraw(db::Connection& c, std::string_view person_id,
                               std::string_view consent_id, const Withdrawal& w,
                               const std::string& user_id, int64_t now);
  static Result<void> SetScan(db::Connection& c, std::string_view consent_id,
                              std::string_view attachment_id);

  /// An attachment that was uploaded to `person_id` and not deleted.
  static Result<std::optional<AttachmentFacts>> Attachment(db::Connection& c,
                                                           std::string_view person_id,
                                                           std::string_view attachment_id);
  /// Marks the attachment as the scan of `consent_id` (so that upload clean-up keeps it).
  static Result<void> ClaimAttachment(db::Connection& c, std::string_view attachment_id,
                                      std::string_view consent_id);
};

}  // namespace care
