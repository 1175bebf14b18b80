// The care team's side of spec 08: the person's emergency summary, the QR card, and who opened
// the record in an emergency. Every call checks the caller's access to the person (care module
// rules) and is audited with the person id.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "emergency/context.h"

namespace emergency {

/// A card as the team sees it: with the URL the QR code carries and the code itself.
struct CardView {
  Card card;
  std::string url;
  std::string qr_svg;
  std::string person_name, person_kana, person_birth_date;
};

class TeamSide {
 public:
  explicit TeamSide(Context& ctx) : ctx_(ctx) {}

  /// The summary for the care team, or (Need::kFamilyRead) also for an invited family member.
  Result<boost::json::object> Summary(const std::string& person_id, const auth::Caller& caller,
                                      care::Need need = care::Need::kRead);
  Result<std::optional<CardView>> GetCard(const std::string& person_id, const auth::Caller& caller);
  /// A new card; the one in use (if any) stops working. Needs an emergency-sharing consent.
  Result<CardView> IssueCard(const std::string& person_id, const auth::Caller& caller);
  Result<void> RevokeCard(const std::string& person_id, const auth::Caller& caller);
  Result<std::vector<EmsAccess>> Accesses(const std::string& person_id, const auth::Caller& caller);

 private:
  Result<CardView> View(db::Connection& c, Card card, const std::string& person_id);

  Context& ctx_;
};

}  // namespace emergency
