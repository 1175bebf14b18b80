// Family invitations (spec 09): a one-time link that makes a family account. Which person it is
// for, and who may invite, is the care module's business (care::FamilyService).
#include "auth/service.h"
#include "auth/store.h"
#include "auth/tokens.h"
#include "core/id.h"
#include "core/japanese_text.h"

namespace auth {

Result<IssuedLink> AuthService::InviteFamily(const FamilyInviteCommand& cmd) {
  if (auto errors = ValidateInviteeContact(cmd.kana, cmd.email); !errors.empty()) {
    return core::Error::Fields(std::move(errors));
  }
  const int64_t now = clock_.NowMillis();
  Invitation inv;
  inv.id = core::NewId(now);
  inv.kind = "family";
  inv.display_name = cmd.display_name;
  inv.kana =
      cmd.kana ? std::optional<std::string>(core::ToFullWidthKatakana(*cmd.kana)) : std::nullopt;
  inv.email = cmd.email;
  inv.created_by = cmd.invited_by;
  inv.created_at = now;
  inv.expires_at = now + config_.invitation_ttl_ms;
  std::string token = RandomToken();
  RETURN_IF_ERROR(db_.Run(
      [&](db::Connection& c) { return Store::InsertInvitation(c, inv, HashToken(token)); }));
  return IssuedLink{inv.id, LinkUrl("/invite", token), inv.expires_at};
}

Result<bool> AuthService::RevokeFamilyInvitation(const std::string& invitation_id) {
  ASSIGN_OR_RETURN(int64_t n, db_.Get<int64_t>([&](db::Connection& c) {
    return Store::RevokeFamilyInvitation(c, invitation_id, clock_.NowMillis());
  }));
  return n == 1;
}

}  // namespace auth
