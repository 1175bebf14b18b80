// The SQL of care teams (支援チーム): members with their role and the state of their
// invitation, and the facts about users that invitations need.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "care/person_model.h"
#include "core/result.h"
#include "db/database.h"

namespace care {

/// What an invitation needs to know about the invitee.
struct InviteeFacts {
  std::string account_type;                   // staff | family
  std::string status;                         // active | suspended | retired
  std::vector<std::string> organization_ids;  // first = primary
};

/// Active members by role, for the last-care-manager rule.
struct TeamCounts {
  int64_t active = 0;
  int64_t active_care_managers = 0;
};

class TeamStore {
 public:
  /// Every member row of the person's team: active first, then invited, then former members.
  static Result<std::vector<TeamMember>> List(db::Connection& c, std::string_view person_id);
  static Result<std::optional<TeamMember>> Get(db::Connection& c, std::string_view person_id,
                                               std::string_view user_id);
  /// A new member row (status as given: "active" for the registrant, "invited" otherwise).
  static Result<void> Insert(db::Connection& c, const TeamMember& m, int64_t invited_at);
  /// Re-opens a declined or ended row as a new invitation.
  static Result<void> Reinvite(db::Connection& c, const TeamMember& m);
  /// Moves a row from `from_status` to `to_status`; false when the row was not in `from_status`.
  /// Ending statuses set ended_at/ended_by; "active" sets joined_at.
  static Result<bool> Transition(db::Connection& c, std::string_view person_id,
                                 std::string_view user_id, std::string_view from_status,
                                 std::string_view to_status, const std::string& by, int64_t now);
  static Result<void> SetRole(db::Connection& c, std::string_view person_id,
                              std::string_view user_id, std::string_view team_role);
  static Result<TeamCounts> Counts(db::Connection& c, std::string_view person_id);
  /// The user's pending invitations, newest first.
  static Result<std::vector<Invitation>> Invitations(db::Connection& c, std::string_view user_id);
  static Result<std::optional<InviteeFacts>> Invitee(db::Connection& c, std::string_view user_id);
};

}  // namespace care
