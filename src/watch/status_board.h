// The status list (ステータス一覧, spec 06): every watched person of a municipality with a status
// colour (alert, watch, device problem, absent, normal), the last activity, today's openings
// per place and the room climate, most urgent first; and a live stream that names the persons
// whose row changed, so that a screen of 10,000 homes refetches only those rows.
#pragma once

#include <boost/json/object.hpp>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "http/message.h"
#include "watch/context.h"
#include "watch/status_rows.h"

namespace watch {

class StatusStream;

/// One person's row exactly as the status list shows it (same status classification), at
/// `now`; nullopt when the person has no active enrolment. No access check: for the family's
/// view and the scheduled reports, whose callers check.
core::Result<std::optional<boost::json::object>> PersonStatusRow(db::Connection& c,
                                                                 const std::string& person_id,
                                                                 int64_t now);

class StatusBoard {
 public:
  /// Whether a stream's session is still valid; checked before each push.
  using SessionCheck = std::function<bool(const std::string& session_id)>;

  StatusBoard(Context& ctx, SessionCheck session_active);
  ~StatusBoard();

  /// The list for `municipality` (default: the caller's first); only operators and
  /// administrators of that municipality (403). `persons`, when given, limits the rows to them
  /// (a live refresh).
  core::Result<boost::json::object> List(const auth::Caller& caller,
                                         const std::optional<std::string>& municipality,
                                         const std::vector<std::string>& persons);
  core::Result<std::shared_ptr<http::EventStream>> Subscribe(
      const auth::Caller& caller, const std::optional<std::string>& municipality);

  /// Persons whose row may have changed: pushed (at most once a second) to the streams of
  /// their municipality.
  void Changed(const std::vector<std::string>& persons);

  void Start();
  void Stop();
  size_t subscriber_count() const;

 private:
  friend class StatusStream;
  void Flush();
  void Unregister(StatusStream* s);
  core::Result<std::string> ChooseMunicipality(const auth::Caller& caller,
                                               const std::optional<std::string>& wanted) const;

  Context& ctx_;
  SessionCheck session_active_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> pending_;                                    // guarded by mu_
  std::map<std::string, std::string> municipality_of_;               // person → code, guarded
  std::multimap<std::string, std::weak_ptr<StatusStream>> streams_;  // by code, guarded
  int64_t next_event_id_ = 1;                                        // guarded
  bool stopping_ = false;                                            // guarded
  std::thread flusher_;
  StatusCache cache_;
};

}  // namespace watch
