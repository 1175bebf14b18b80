// The daily digest (まとめ通知): once a day, at the time each user chose (Japan time), one feed
// entry "本日の新着 n 件" counting the digest-mode notifications stored since the last digest, and,
// when the user enabled e-mail, one "something is new" e-mail. Nothing from the notifications
// themselves goes into either.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "db/database.h"
#include "notify/hub.h"
#include "notify/mailer.h"

namespace notify {

class DigestJob {
 public:
  /// `outbox` may be null (no e-mail). The feed entry goes through `hub` (kind "digest": pushed
  /// live unless the user is in quiet hours).
  DigestJob(db::Database& db, const core::Clock& clock, Hub& hub, MailOutbox* outbox,
            std::string link_base)
      : db_(db), clock_(clock), hub_(hub), outbox_(outbox), link_base_(std::move(link_base)) {}
  ~DigestJob();
  DigestJob(const DigestJob&) = delete;
  DigestJob& operator=(const DigestJob&) = delete;

  /// Sends the digest to every user whose digest time has passed today (JST), who has not had
  /// today's digest yet and who has digest-mode notifications since the last one. Each user's
  /// digest is claimed in the database first, so two servers never both send it. Returns how
  /// many digests were sent; one user's failure is logged and does not stop the others.
  Result<int> RunOnce(int64_t now_millis);

  /// Starts a thread that runs RunOnce at the clock's time about every minute.
  void Start();
  /// Stops the thread without waiting for the next minute. Idempotent.
  void Stop();

 private:
  void Loop();
  /// Claims and sends one user's digest; false when another run got there first.
  Result<bool> SendOne(const std::string& user_id, int64_t now_millis);

  db::Database& db_;
  const core::Clock& clock_;
  Hub& hub_;
  MailOutbox* outbox_;
  std::string link_base_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace notify
