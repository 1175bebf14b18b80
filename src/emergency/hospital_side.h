// The receiving hospital's side of spec 08: read access to the summary for the time of the
// access, and the outcome it reports back (受入, 入院, 帰宅, 転院), which reaches the person's
// timeline. A hospital with accounts reads as its members; one without gets a one-time link
// with a PIN the crew reads out, unlocked once, in one browser.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "core/rate_limiter.h"
#include "emergency/ems_side.h"

namespace emergency {

/// After a successful unlock: the browser's grant (for its cookie) and how long it lasts.
struct Unlocked {
  std::string grant;
  int64_t expires_at = 0;
};

class HospitalSide {
 public:
  static constexpr int kMaxPinFailures = 5;

  explicit HospitalSide(Context& ctx);

  /// Hand-overs to the caller's organizations that are still running.
  Result<std::vector<EmsAccess>> List(const auth::Caller& caller);
  Result<OpenedAccess> Read(const std::string& access_id, const auth::Caller& caller);
  Result<EmsAccess> ReportOutcome(const std::string& access_id,
                                  const Result<OutcomeRequest>& request,
                                  const auth::Caller& caller);

  Result<Unlocked> Unlock(const std::string& link_token, const Result<std::string>& pin,
                          const auth::Caller& caller);
  Result<OpenedAccess> ReadByLink(const std::string& link_token, const std::string& grant,
                                  const auth::Caller& caller);
  Result<EmsAccess> ReportOutcomeByLink(const std::string& link_token, const std::string& grant,
                                        const Result<OutcomeRequest>& request,
                                        const auth::Caller& caller);

  /// A scene photo or video of the hand-over: by a member of the destination (`link_token`
  /// empty) or through an unlocked link.
  Result<care::AttachmentContent> Media(const std::string& access_id, const std::string& link_token,
                                        const std::string& grant, const std::string& attachment_id,
                                        bool thumbnail, const auth::Caller& caller);

  /// The access a member of the destination may read (404 otherwise, 410 once it ended).
  Result<EmsAccess> MemberAccess(db::Connection& c, const std::string& access_id,
                                 const auth::Caller& caller);
  /// The access behind an unlocked link held by this browser.
  Result<EmsAccess> LinkAccess(db::Connection& c, const std::string& link_token,
                               const std::string& grant);

 private:
  Result<EmsAccess> WriteOutcome(const EmsAccess& a, const OutcomeRequest& in, Outcome outcome,
                                 const std::string& author_id, const std::string& author_org,
                                 const auth::Caller& caller);

  Context& ctx_;
  core::RateLimiter unlock_limiter_;
};

}  // namespace emergency
