// The notification feed (新着): stored per user with a per-user sequence number, pushed live to
// open browsers over Server-Sent Events. A client that reconnects with Last-Event-ID gets what
// it missed from the database, so nothing is lost between connections. Each delivery follows the
// recipient's settings (settings.h): off, held for the daily digest, held during quiet hours, or
// pushed, with an optional "something is new" e-mail sent off the caller's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "http/message.h"
#include "notify/mailer.h"
#include "notify/notifier.h"

namespace notify {

using core::Result;

struct Notification {
  std::string id;
  std::string user_id;
  int64_t seq = 0;
  std::string kind;   // e.g. "invitation.accepted", "timeline.post", "alert"
  std::string title;  // short, shown in the feed; no clinical details
  std::string body;
  std::string link;  // path inside the app
  std::optional<std::string> person_id;
  int64_t created_at = 0;
  std::optional<int64_t> read_at;
  /// "immediate" (pushed), "quiet" (held during quiet hours), "digest" (held for the daily
  /// summary) or "off" (the user turned this kind off: nothing was stored, id empty, seq 0).
  std::string delivery = "immediate";
};

struct Feed {
  std::vector<Notification> items;
  int64_t unread = 0;  // capped at 999: never an unbounded count
  std::string next_cursor;
};

class Subscriber;

/// Where the hub's e-mail goes. Without an outbox, or while the outbox has no transport, no
/// e-mail is considered at all (and no e-mail slot is used up).
struct HubMail {
  MailOutbox* outbox = nullptr;
  std::string link_base;  // the app's address; the e-mail links to link_base + "/"
};

class Hub final : public Notifier {
 public:
  /// Whether the session a stream was opened with is still valid (not logged out, revoked,
  /// timed out, or its user suspended). Checked before each live event.
  using SessionCheck = std::function<bool(const std::string& session_id)>;

  /// Without `session_active`, streams live until the client goes away.
  Hub(db::Database& db, const core::Clock& clock, SessionCheck session_active = {},
      HubMail mail = {})
      : db_(db),
        clock_(clock),
        session_active_(std::move(session_active)),
        mail_{std::move(mail)} {}
  ~Hub();

  /// Delivers one notification as the recipient's settings say (see Notify).
  void Send(const std::string& user_id, const std::string& kind, const std::string& title,
            const std::string& body, const std::string& link,
            const std::string& person_id = {}) override;
  /// Looks up the recipient's mode for `kind` (security kinds and "digest" are always
  /// immediate): `off` stores nothing; `digest` stores without pushing; `immediate` stores and
  /// pushes, unless now is inside the recipient's quiet hours (stored as "quiet", not pushed).
  /// An immediate delivery outside quiet hours may queue the "something is new" e-mail (at most
  /// one per user per 30 minutes). The result's `delivery` says which happened.
  Result<Notification> Notify(const std::string& user_id, const std::string& kind,
                              const std::string& title, const std::string& body,
                              const std::string& link,
                              const std::optional<std::string>& person_id = std::nullopt);
  /// A live stream for one user, starting after `last_event_id` (0 = only new events; the
  /// backlog is capped at 100 and leaves out digest-mode entries, which stay silent). Blocking
  /// (reads the backlog): call on a worker thread. Once `session_id` is no longer active, the
  /// stream gets no more events.
  Result<std::shared_ptr<http::EventStream>> Subscribe(const std::string& user_id,
                                                       int64_t last_event_id,
                                                       const std::string& session_id = {});
  Result<Feed> List(const std::string& user_id, bool unread_only, int64_t before_seq, int limit);
  Result<int64_t> MarkRead(const std::string& user_id, const std::vector<int64_t>& seqs, bool all);
  /// Closes every live stream (at shutdown).
  void CloseAll();
  size_t subscriber_count() const;
  /// The outbox e-mail goes through (null when the hub sends none).
  MailOutbox* mail_outbox() const { return mail_.outbox; }
  const std::string& mail_link_base() const { return mail_.link_base; }

 private:
  friend class Subscriber;
  void Unregister(const std::string& user_id, Subscriber* s);
  void Publish(const Notification& n);

  db::Database& db_;
  const core::Clock& clock_;
  SessionCheck session_active_;
  HubMail mail_;
  mutable std::mutex mu_;
  std::multimap<std::string, std::weak_ptr<Subscriber>> subscribers_;  // guarded by mu_
};

http::SseEvent ToEvent(const Notification& n);

}  // namespace notify
