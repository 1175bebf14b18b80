// SQL of family members (family_members, with the account on the invitation that made it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "db/database.h"

namespace care {

struct FamilyMember {
  std::string id;
  std::string person_id;
  std::string invitation_id;
  std::string display_name;
  std::string relation;
  std::string invited_by;
  std::string invited_by_name;
  int64_t created_at = 0;
  std::optional<int64_t> revoked_at;
  std::optional<int64_t> accepted_at;  // when the invitation made the account
  int64_t invitation_expires_at = 0;
  std::optional<std::string> user_id;  // the family account, once made

  /// invited | active | expired | revoked
  std::string Status(int64_t now) const;
};

/// A person an account looks after, for the family's own home.
struct FamilyPerson {
  std::string person_id;
  std::string name;
  std::string kana;
  std::string relation;
};

class FamilyStore {
 public:
  static core::Result<void> Insert(db::Connection& c, const FamilyMember& m);
  /// Every family member of the person, oldest first (revoked ones too: the record shows them).
  static core::Result<std::vector<FamilyMember>> ListForPerson(db::Connection& c,
                                                               std::string_view person_id);
  static core::Result<std::optional<FamilyMember>> Get(db::Connection& c, std::string_view id,
                                                       std::string_view person_id);
  /// False when it was revoked already.
  static core::Result<bool> Revoke(db::Connection& c, std::string_view id, std::string_view by,
                                   int64_t now);
  /// The persons the account is an active (not revoked) family member of, in kana order.
  static core::Result<std::vector<FamilyPerson>> PersonsOfUser(db::Connection& c,
                                                               std::string_view user_id);
};

}  // namespace care
