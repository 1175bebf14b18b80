// The emergency module's SQL: cards, EMS accesses and hand-overs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/database.h"
#include "emergency/model.h"

namespace emergency {

using core::Result;

/// A card row as found by its token's hash.
struct CardRef {
  std::string id;
  std::string person_id;
  bool revoked = false;
};

/// A hand-over row with what checking a link or a grant needs.
struct HandoverRow {
  Handover handover;
  std::string pin_hash;
  std::optional<std::string> grant_hash;
};

class Store {
 public:
  static Result<void> InsertCard(db::Connection& c, const Card& card, std::string_view token_hash,
                                 std::string_view token_sealed);
  /// Revokes the person's card in use, if any; returns how many were revoked.
  static Result<int64_t> RevokeCards(db::Connection& c, std::string_view person_id,
                                     std::string_view user_id, int64_t now);
  /// The card in use, with its sealed token (`Card::token` holds the sealed text).
  static Result<std::optional<Card>> ActiveCard(db::Connection& c, std::string_view person_id);
  static Result<std::optional<CardRef>> CardByTokenHash(db::Connection& c, std::string_view hash);

  static Result<void> InsertAccess(db::Connection& c, const EmsAccess& a,
                                   const std::optional<std::string>& card_id);
  static Result<std::optional<EmsAccess>> Access(db::Connection& c, std::string_view id);
  /// The user's accesses opened at or after `since`, newest first.
  static Result<std::vector<EmsAccess>> AccessesOfUser(db::Connection& c, std::string_view user_id,
                                                       int64_t since);
  /// Every access to the person, newest first.
  static Result<std::vector<EmsAccess>> AccessesOfPerson(db::Connection& c,
                                                         std::string_view person_id);
  /// Accesses handed over to one of the organizations and still running at `now`.
  static Result<std::vector<EmsAccess>> HandedOverTo(db::Connection& c,
                                                     const std::vector<std::string>& org_ids,
                                                     int64_t now);
  static Result<void> SetDestination(db::Connection& c, std::string_view access_id,
                                     const std::optional<std::string>& org_id,
                                     std::string_view name, int64_t now);
  static Result<void> SetOutcome(db::Connection& c, std::string_view access_id,
                                 const Outcome& outcome, const std::optional<std::string>& by_user);

  /// Ends the access's running hand-overs (a new destination replaces them).
  static Result<void> EndHandovers(db::Connection& c, std::string_view access_id, int64_t now);
  static Result<void> InsertHandover(db::Connection& c, const Handover& h,
                                     const std::optional<std::string>& link_token_hash,
                                     const std::optional<std::string>& pin_hash);
  /// The running hand-over of the access to an organization, if any.
  static Result<std::optional<Handover>> OrganizationHandover(db::Connection& c,
                                                              std::string_view access_id);
  static Result<std::optional<HandoverRow>> HandoverByLink(db::Connection& c,
                                                           std::string_view link_token_hash);
  /// Counts a wrong PIN; returns the failures after it.
  static Result<int> FailPin(db::Connection& c, std::string_view handover_id);
  /// Marks the link used by the browser holding `grant_hash`; false when it was unlocked before.
  static Result<bool> Unlock(db::Connection& c, std::string_view handover_id,
                             std::string_view grant_hash, int64_t now);
};

}  // namespace emergency
