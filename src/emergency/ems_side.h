// The EMS crew's side of spec 08: break-glass access to one person's emergency summary for one
// incident. Found by the QR card or by a search; allowed only with an emergency-sharing consent
// in force; limited in time; the team and the municipality hear of it; every step is audited
// with the incident number.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "emergency/context.h"

namespace emergency {

struct SearchResult {
  std::vector<Candidate> items;
  int without_consent = 0;  // matches that may not be shown
};

/// What the crew reads out to a hospital without accounts, shown once.
struct LinkAndPin {
  std::string link_url;
  std::string pin;
};

struct OpenedAccess {
  EmsAccess access;
  boost::json::object summary;
  std::vector<care::Attachment> media;  // scene photos and videos, oldest first
};

/// The access `find` returns (after its own check, on the same connection) with the summary and
/// the scene media, audited as `action`: how every reader of an access gets it.
Result<OpenedAccess> LoadOpened(Context& ctx,
                                const std::function<Result<EmsAccess>(db::Connection&)>& find,
                                const auth::Caller& caller, const char* action);

class EmsSide {
 public:
  explicit EmsSide(Context& ctx) : ctx_(ctx) {}

  /// Whether the card's person has an emergency-sharing consent; names nobody.
  Result<bool> CheckCard(const std::string& token, const auth::Caller& caller);
  Result<SearchResult> Search(const Result<SearchCriteria>& criteria, const auth::Caller& caller);
  Result<EmsAccess> Open(const Result<OpenRequest>& request, const auth::Caller& caller);
  /// The caller's accesses of the last 30 days.
  Result<std::vector<EmsAccess>> Mine(const auth::Caller& caller);
  /// The caller's own access while it lasts, with the summary.
  Result<OpenedAccess> Read(const std::string& access_id, const auth::Caller& caller);
  Result<std::pair<EmsAccess, std::optional<LinkAndPin>>> SetDestination(
      const std::string& access_id, const Result<DestinationRequest>& request,
      const auth::Caller& caller);

  /// A scene photo or short video (救急ショット) for the caller's running access.
  Result<care::Attachment> AddMedia(const std::string& access_id, std::string_view bytes,
                                    std::string_view file_name, const auth::Caller& caller);
  Result<care::AttachmentContent> Media(const std::string& access_id,
                                        const std::string& attachment_id, bool thumbnail,
                                        const auth::Caller& caller);

  /// The caller's running access (404 for others' and unknown ones, 403 once expired).
  Result<EmsAccess> OwnRunningAccess(db::Connection& c, const std::string& access_id,
                                     const auth::Caller& caller);

 private:
  Context& ctx_;
};

}  // namespace emergency
