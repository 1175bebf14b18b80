#include "notify/hub.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <deque>

#include "core/id.h"
#include "notify/settings.h"

namespace notify {
namespace {

namespace json = boost::json;

constexpr db::Statement kNextSeq{
    "notify_next_seq", "SELECT COALESCE(MAX(seq), 0) + 1 FROM notifications WHERE user_id = $1"};
constexpr db::Statement kInsert{
    "notify_insert",
    "INSERT INTO notifications (id, user_id, seq, kind, title, body, link, person_id, created_at, "
    "delivery) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"};
#define NOTIFICATION_COLUMNS \
  "id, user_id, seq, kind, title, body, link, person_id, created_at, read_at, delivery"
// Digest-mode entries are left out of the replay: they are meant to wait silently for the
// summary (the feed list still shows them). Quiet-hours entries are replayed: they were only held.
constexpr db::Statement kSince{
    "notify_since",
    "SELECT " NOTIFICATION_COLUMNS
    " FROM notifications WHERE user_id = $1 AND seq > $2 AND delivery <> 'digest' ORDER BY seq "
    "LIMIT 100"};
constexpr db::Statement kPage{
    "notify_page",
    "SELECT " NOTIFICATION_COLUMNS
    " FROM notifications WHERE user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR seq < $2) AND "
    "(CAST($3 AS INTEGER) = 0 OR read_at IS NULL) ORDER BY seq DESC LIMIT $4"};
constexpr db::Statement kUnread{
    "notify_unread",
    "SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE user_id = $1 AND read_at IS NULL "
    "LIMIT 999) AS t"};
constexpr db::Statement kMarkOne{
    "notify_mark_one",
    "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND seq = $2 AND read_at IS NULL"};
constexpr db::Statement kMarkAll{
    "notify_mark_all",
    "UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL"};

Notification FromRow(const db::Row& r) {
  return Notification{r.Text(0), r.Text(1),    r.Int(2), r.Text(3),   r.Text(4), r.Text(5),
                      r.Text(6), r.OptText(7), r.Int(8), r.OptInt(9), r.Text(10)};
}

}  // namespace

http::SseEvent ToEvent(const Notification& n) {
  json::object o{{"id", n.id},
                 {"seq", n.seq},
                 {"kind", n.kind},
                 {"title", n.title},
                 {"body", n.body},
                 {"link", n.link},
                 {"created_at", n.created_at}};
  if (n.person_id) o["person_id"] = *n.person_id;
  return http::SseEvent{n.seq, "notification", json::serialize(o)};
}

/// One open stream. Events arriving before the transport starts it are buffered, so that the
/// backlog read and the live feed join without a gap.
class Subscriber final : public http::EventStream {
 public:
  Subscriber(Hub& hub, std::string user_id, std::string session_id)
      : hub_(hub), user_id_(std::move(user_id)), session_id_(std::move(session_id)) {}
  ~Subscriber() override { Stop(); }

  const std::string& session_id() const { return session_id_; }

  void Start(Sink sink) override {
    std::deque<http::SseEvent> pending;
    {
      std::lock_guard lock(mu_);
      sink_ = std::move(sink);
      pending.swap(buffer_);
    }
    // A live event can be buffered before the backlog read in Subscribe; in arrival order it
    // would go first and make Deliver skip the older backlog events as already sent.
    std::stable_sort(pending.begin(), pending.end(),
                     [](const http::SseEvent& a, const http::SseEvent& b) { return a.id < b.id; });
    for (const auto& e : pending) Deliver(e);
  }

  void Stop() override {
    bool was_stopped;
    {
      std::lock_guard lock(mu_);
      was_stopped = stopped_;
      stopped_ = true;
      sink_ = nullptr;
    }
    if (!was_stopped) hub_.Unregister(user_id_, this);
  }

  /// Ends the stream from the server's side: the transport closes the response.
  void End() {
    Sink sink;
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      sink = sink_;
    }
    if (sink) sink(http::SseEvent::End());
    Stop();
  }

  void Push(const http::SseEvent& e) {
    {
      std::lock_guard lock(mu_);
      if (stopped_) return;
      if (e.id <= last_sent_) return;  // already delivered from the backlog
      if (!sink_) {
        buffer_.push_back(e);
        return;
      }
    }
    Deliver(e);
  }

 private:
  void Deliver(const http::SseEvent& e) {
    Sink sink;
    {
      std::lock_guard lock(mu_);
      if (stopped_ || e.id <= last_sent_) return;
      last_sent_ = e.id;
      sink = sink_;
    }
    if (sink && !sink(e)) Stop();
  }

  Hub& hub_;
  std::string user_id_;
  std::string session_id_;
  std::mutex mu_;
  Sink sink_;                          // guarded by mu_
  std::deque<http::SseEvent> buffer_;  // guarded by mu_
  int64_t last_sent_ = 0;              // guarded by mu_
  bool stopped_ = false;               // guarded by mu_
};

Hub::~Hub() { CloseAll(); }

void Hub::Send(const std::string& user_id, const std::string& kind, const std::string& title,
               const std::string& body, const std::string& link, const std::string& person_id) {
  auto sent = Notify(user_id, kind, title, body, link,
                     person_id.empty() ? std::nullopt : std::optional<std::string>(person_id));
  if (!sent.ok()) spdlog::warn("notify: {} for a user could not be stored", kind);
}

Result<Notification> Hub::Notify(const std::string& user_id, const std::string& kind,
                                 const std::string& title, const std::string& body,
                                 const std::string& link,
                                 const std::optional<std::string>& person_id) {
  Notification n;
  n.user_id = user_id;
  n.kind = kind;
  n.title = title;
  n.body = body;
  n.link = link;
  n.person_id = person_id;
  n.created_at = clock_.NowMillis();
  n.id = core::NewId(n.created_at);
  bool mail_possible = mail_.outbox && mail_.outbox->enabled();
  std::optional<std::string> mail_to;
  // Two writers may race for the same next sequence number on PostgreSQL; the unique key makes
  // one of them retry with the next number.
  core::Result<void> status = core::Ok();
  for (int attempt = 0; attempt < 5; ++attempt) {
    status = db_.Transact([&](db::Connection& c) -> Result<void> {
      mail_to.reset();  // Transact may run this again after a busy or serialization failure
      ASSIGN_OR_RETURN(Recipient r, SettingsStore::LoadRecipient(c, user_id, kind));
      Decision d = Decide(kind, r, n.created_at);
      n.delivery = std::string(DeliveryName(d.delivery));
      if (d.delivery == Delivery::kOff) return core::Ok();
      ASSIGN_OR_RETURN(auto row, c.QueryOne(kNextSeq, {user_id}));
      n.seq = row ? row->Int(0) : 1;
      RETURN_IF_ERROR(c.Execute(kInsert, {n.id, user_id, n.seq, kind, title, body, link, person_id,
                                          n.created_at, n.delivery}));
      if (d.email && mail_possible) {
        ASSIGN_OR_RETURN(bool claimed, SettingsStore::ClaimEmail(c, user_id, n.created_at));
        if (claimed) mail_to = r.email_address;
      }
      return core::Ok();
    });
    if (status.ok() || status.error().code != core::ErrorCode::kConflict) break;
  }
  RETURN_IF_ERROR(status);
  if (n.delivery == DeliveryName(Delivery::kOff)) {
    n.id.clear();
    n.seq = 0;
    return n;
  }
  if (n.delivery == DeliveryName(Delivery::kImmediate)) Publish(n);
  if (mail_to) mail_.outbox->Post(ComposeNewsMail(*mail_to, mail_.link_base));
  return n;
}

void Hub::Publish(const Notification& n) {
  std::vector<std::shared_ptr<Subscriber>> targets;
  {
    std::lock_guard lock(mu_);
    auto [begin, end] = subscribers_.equal_range(n.user_id);
    for (auto it = begin; it != end; ++it) {
      if (auto s = it->second.lock()) targets.push_back(std::move(s));
    }
  }
  http::SseEvent e = ToEvent(n);
  for (auto& s : targets) {
    // A stream outlives requests: a logout, revocation, timeout or suspension since it opened
    // must end the deliveries too.
    if (session_active_ && !s->session_id().empty() && !session_active_(s->session_id())) {
      s->End();
      continue;
    }
    s->Push(e);
  }
}

Result<std::shared_ptr<http::EventStream>> Hub::Subscribe(const std::string& user_id,
                                                          int64_t last_event_id,
                                                          const std::string& session_id) {
  auto sub = std::make_shared<Subscriber>(*this, user_id, session_id);
  {
    std::lock_guard lock(mu_);
    subscribers_.emplace(user_id, sub);
  }
  if (last_event_id > 0) {
    ASSIGN_OR_RETURN(auto rows, db_.Get<db::Rows>([&](db::Connection& c) {
      return c.Query(kSince, {user_id, last_event_id});
    }));
    for (const auto& r : rows) sub->Push(ToEvent(FromRow(r)));
  }
  return std::shared_ptr<http::EventStream>(sub);
}

void Hub::Unregister(const std::string& user_id, Subscriber* s) {
  std::lock_guard lock(mu_);
  auto [begin, end] = subscribers_.equal_range(user_id);
  for (auto it = begin; it != end;) {
    auto locked = it->second.lock();
    if (!locked || locked.get() == s)
      it = subscribers_.erase(it);
    else
      ++it;
  }
}

void Hub::CloseAll() {
  std::vector<std::shared_ptr<Subscriber>> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [user, weak] : subscribers_) {
      if (auto s = weak.lock()) all.push_back(std::move(s));
    }
  }
  for (auto& s : all) s->End();
}

size_t Hub::subscriber_count() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

Result<Feed> Hub::List(const std::string& user_id, bool unread_only, int64_t before_seq,
                       int limit) {
  limit = std::clamp(limit, 1, 100);
  return db_.Get<Feed>([&](db::Connection& c) -> Result<Feed> {
    Feed feed;
    ASSIGN_OR_RETURN(auto rows,
                     c.Query(kPage, {user_id, before_seq, unread_only ? 1 : 0, limit + 1}));
    for (size_t i = 0; i < rows.size() && static_cast<int>(i) < limit; ++i) {
      feed.items.push_back(FromRow(rows[i]));
    }
    if (static_cast<int>(rows.size()) > limit)
      feed.next_cursor = std::to_string(feed.items.back().seq);
    ASSIGN_OR_RETURN(auto count, c.QueryOne(kUnread, {user_id}));
    feed.unread = count ? count->Int(0) : 0;
    return feed;
  });
}

Result<int64_t> Hub::MarkRead(const std::string& user_id, const std::vector<int64_t>& seqs,
                              bool all) {
  int64_t now = clock_.NowMillis();
  return db_.InTransaction<int64_t>([&](db::Connection& c) -> Result<int64_t> {
    if (all) return c.Execute(kMarkAll, {user_id, now});
    int64_t n = 0;
    for (int64_t seq : seqs) {
      ASSIGN_OR_RETURN(int64_t changed, c.Execute(kMarkOne, {user_id, seq, now}));
      n += changed;
    }
    return n;
  });
}

}  // namespace notify
