// 確認依頼のリマインド: members who have not acknowledged an important post that asks for it
// are reminded at an interval (ack_reminder_hours, default 24) for the first 14 days after it
// was posted. RunOnce does one round and is what tests drive with a FakeClock; Start runs it
// every minute on its own thread until Stop.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "notify/notifier.h"

namespace care {

class AckReminder {
 public:
  /// Posts older than this are no longer chased (the team has moved on or talked in person).
  static constexpr std::chrono::milliseconds kWindow = std::chrono::hours(24 * 14);

  AckReminder(db::Database& db, const core::Clock& clock, notify::Notifier& notifier,
              std::chrono::milliseconds interval = std::chrono::hours(24),
              std::chrono::milliseconds period = std::chrono::minutes(1));
  ~AckReminder();
  AckReminder(const AckReminder&) = delete;
  AckReminder& operator=(const AckReminder&) = delete;

  /// Reminds the unacknowledged active members (not the author) of every due post and moves
  /// its last_reminded_at to now. A post is due when its last reminder, or its creation, is at
  /// least `interval` ago. Safe to run on several servers at once: each post's round is claimed
  /// with a conditional update, so a reminder goes out once. Returns the notifications sent.
  core::Result<int> RunOnce();

  /// Runs RunOnce every `period` on a background thread. Idempotent.
  void Start();
  /// Stops the thread promptly (it waits on a condition variable, not in a sleep). Idempotent.
  void Stop();

 private:
  void Loop();

  db::Database& db_;
  const core::Clock& clock_;
  notify::Notifier& notifier_;
  const std::chrono::milliseconds interval_;
  const std::chrono::milliseconds period_;

  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;     // started and joined only by Start/Stop (under start_mu_)
  std::mutex start_mu_;
};

}  // namespace care
