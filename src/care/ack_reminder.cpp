#include "care/ack_reminder.h"

#include <spdlog/spdlog.h>

#include "care/timeline_service.h"
#include "care/timeline_store.h"

namespace care {
namespace {

// Posts handled per statement; a longer backlog continues in the next batch of the same round.
constexpr int kBatch = 200;
// Bounds one round so that a flood of due posts cannot keep the thread from noticing Stop.
constexpr int kMaxBatchesPerRound = 50;

}  // namespace

AckReminder::AckReminder(db::Database& db, const core::Clock& clock, notify::Notifier& notifier,
                         std::chrono::milliseconds interval, std::chrono::milliseconds period)
    : db_(db), clock_(clock), notifier_(notifier), interval_(interval), period_(period) {}

AckReminder::~AckReminder() { Stop(); }

core::Result<int> AckReminder::RunOnce() {
  const int64_t now = clock_.NowMillis();
  const int64_t created_since = now - kWindow.count();
  const int64_t due_at = now - interval_.count();
  int sent = 0;
  for (int batch = 0; batch < kMaxBatchesPerRound; ++batch) {
    ASSIGN_OR_RETURN(auto due,
                     db_.Get<std::vector<TimelineStore::DueReminder>>([&](db::Connection& c) {
                       return TimelineStore::DueReminders(c, created_since, due_at, kBatch);
                     }));
    for (const auto& post : due) {
      std::vector<std::string> recipients;
      bool claimed = false;
      RETURN_IF_ERROR(db_.Transact([&](db::Connection& c) -> core::Result<void> {
        ASSIGN_OR_RETURN(claimed,
                         TimelineStore::ClaimReminder(c, post.post_id, post.last_reminded_at, now));
        if (!claimed) return core::Ok();
        ASSIGN_OR_RETURN(recipients, TimelineStore::UnackedMembers(c, post.person_id, post.post_id,
                                                                   post.author_id));
        return core::Ok();
      }));
      if (!claimed) continue;
      const std::string link = TimelineLink(post.person_id, post.post_id);
      for (const auto& user : recipients) {
        notifier_.Send(user, "timeline.ack_reminder", kTitleAckReminder, "", link, post.person_id);
        ++sent;
      }
    }
    // Claimed posts no longer match, so a full batch means there may be more.
    if (due.size() < static_cast<size_t>(kBatch)) break;
  }
  return sent;
}

void AckReminder::Start() {
  std::lock_guard<std::mutex> start_lock(start_mu_);
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
}

void AckReminder::Stop() {
  std::lock_guard<std::mutex> start_lock(start_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AckReminder::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    if (wake_.wait_for(lock, period_, [this] { return stopping_; })) break;
    lock.unlock();
    auto sent = RunOnce();
    if (!sent.ok()) {
      spdlog::warn("ack reminders: round failed: {}", sent.error().message);
    } else if (*sent > 0) {
      spdlog::info("ack reminders: {} sent", *sent);
    }
    lock.lock();
  }
}

}  // namespace care
