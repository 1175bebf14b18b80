#include "notify/digest.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "notify/settings.h"

namespace notify {
namespace {

// A digest counts at most this far back, which also bounds the index range each run scans
// (notifications (delivery, created_at)). Longer than any plausible outage.
constexpr int64_t kLookBackMillis = int64_t{30} * 24 * 3600 * 1000;

constexpr db::Statement kCandidates{
    "notify_digest_candidates",
    "SELECT n.user_id, p.digest_minute, p.last_digest_at FROM notifications n "
    "LEFT JOIN notification_preferences p ON p.user_id = n.user_id "
    "WHERE n.delivery = 'digest' AND n.created_at > $2 AND n.created_at <= $1 "
    "AND n.created_at > COALESCE(p.last_digest_at, 0) "
    "GROUP BY n.user_id, p.digest_minute, p.last_digest_at"};
constexpr db::Statement kPreferences{
    "notify_digest_preferences",
    "SELECT p.digest_minute, p.last_digest_at, p.email_enabled, u.email "
    "FROM notification_preferences p JOIN users u ON u.id = p.user_id WHERE p.user_id = $1"};
constexpr db::Statement kCount{
    "notify_digest_count",
    "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND delivery = 'digest' AND "
    "created_at > $2 AND created_at <= $3"};
// Compare-and-set on last_digest_at: of two servers running the job, only one moves it.
constexpr db::Statement kClaim{
    "notify_digest_claim",
    "UPDATE notification_preferences SET last_digest_at = $2 WHERE user_id = $1 AND "
    "COALESCE(last_digest_at, -1) = $3"};
constexpr db::Statement kMarkEmailed{
    "notify_digest_mark_emailed",
    "UPDATE notification_preferences SET last_email_at = $2 WHERE user_id = $1"};

/// Whether today's digest (JST) is due at `now` for someone whose last digest was `last`.
bool Due(int64_t now, int digest_minute, std::optional<int64_t> last) {
  int64_t due_at = StartOfDayJst(now) + int64_t{digest_minute} * 60 * 1000;
  return now >= due_at && (!last || *last < due_at);
}

}  // namespace

DigestJob::~DigestJob() { Stop(); }

Result<int> DigestJob::RunOnce(int64_t now) {
  ASSIGN_OR_RETURN(auto rows, db_.Get<db::Rows>([&](db::Connection& c) {
    return c.Query(kCandidates, {now, now - kLookBackMillis});
  }));
  int sent = 0;
  for (const auto& r : rows) {
    int minute = r.IsNull(1) ? kDefaultDigestMinute : static_cast<int>(r.Int(1));
    if (!Due(now, minute, r.OptInt(2))) continue;
    std::string user_id = r.Text(0);
    auto one = SendOne(user_id, now);
    if (!one.ok()) {
      spdlog::warn("digest: a user's daily digest failed: {}", one.error().message);
      continue;
    }
    if (*one) ++sent;
  }
  return sent;
}

Result<bool> DigestJob::SendOne(const std::string& user_id, int64_t now) {
  bool mail_possible = outbox_ && outbox_->enabled();
  int64_t count = 0;
  std::optional<std::string> mail_to;
  ASSIGN_OR_RETURN(bool claimed, db_.InTransaction<bool>([&](db::Connection& c) -> Result<bool> {
    mail_to.reset();
    RETURN_IF_ERROR(SettingsStore::EnsurePreferences(c, user_id, now));
    ASSIGN_OR_RETURN(auto p, c.QueryOne(kPreferences, {user_id}));
    if (!p) return false;
    int minute = static_cast<int>(p->Int(0));
    std::optional<int64_t> last = p->OptInt(1);
    if (!Due(now, minute, last)) return false;
    int64_t since = std::max(last.value_or(0), now - kLookBackMillis);
    ASSIGN_OR_RETURN(auto n, c.QueryOne(kCount, {user_id, since, now}));
    count = n ? n->Int(0) : 0;
    if (count == 0) return false;
    ASSIGN_OR_RETURN(int64_t changed, c.Execute(kClaim, {user_id, now, last.value_or(-1)}));
    if (changed != 1) return false;
    auto address = p->OptText(3);
    if (mail_possible && p->Bool(2) && address && !address->empty()) {
      RETURN_IF_ERROR(c.Execute(kMarkEmailed, {user_id, now}));
      mail_to = address;
    }
    return true;
  }));
  if (!claimed) return false;
  // A count only: what the notifications were about stays in the app.
  auto entry = hub_.Notify(user_id, std::string(kDigestKind),
                           "本日の新着 " + std::to_string(count) + " 件", "", "/notifications");
  if (!entry.ok()) return std::move(entry).error();
  if (mail_to) outbox_->Post(ComposeNewsMail(*mail_to, link_base_));
  return true;
}

void DigestJob::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void DigestJob::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DigestJob::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    try {
      auto ran = RunOnce(clock_.NowMillis());
      if (!ran.ok()) spdlog::warn("digest: run failed: {}", ran.error().message);
    } catch (const std::exception& e) {
      // A bug in one run must not end the daily digest for everyone until the next restart.
      spdlog::error("digest: run threw: {}", e.what());
    }
    lock.lock();
    wake_.wait_for(lock, std::chrono::minutes(1), [&] { return stopping_; });
  }
}

}  // namespace notify
