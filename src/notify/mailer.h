// E-mail for notifications: the Mailer interface, an SMTP implementation over libcurl, a fake for
// tests, and the outbox that sends off the caller's thread. The only message the product sends
// says that something is new, with a link to the app: never names, persons, titles or anything
// clinical (ComposeNewsMail is the one place its text is written).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace notify {

using core::Result;

struct MailMessage {
  std::string to;       // one address
  std::string subject;  // UTF-8; encoded as RFC 2047 when sent
  std::string body;     // UTF-8 plain text, lines separated by "\n"
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  /// Sends one message; blocks until the server has accepted or refused it. Error messages never
  /// contain the recipient's address (they are logged).
  virtual Result<void> Send(const MailMessage& message) = 0;
};

/// The "something is new" message (新着のお知らせ) to `to`, linking to `link_base` + "/".
MailMessage ComposeNewsMail(std::string to, std::string_view link_base);

/// True for a plain addr-spec that can go into an SMTP envelope and a header unchanged: one '@',
/// no white space, control characters, angle brackets, commas or quotes.
bool IsSendableAddress(std::string_view address);

/// An RFC 2047 "B" encoded header value (=?UTF-8?B?…?=), split into encoded words of at most 75
/// characters on UTF-8 character boundaries and folded with CRLF SP. ASCII-only text without
/// "=?" is returned unchanged.
std::string EncodeHeaderText(std::string_view utf8);
/// An RFC 5322 date in Japan time, e.g. "Sat, 14 Sep 2026 09:30:00 +0900".
std::string FormatMailDate(int64_t unix_millis);
/// The full RFC 5322 text (CRLF line ends): Date, From (display name つながり), To, Subject,
/// Message-ID, MIME-Version, a UTF-8 text/plain body in base64, Auto-Submitted.
std::string RenderMessage(const MailMessage& m, std::string_view from, int64_t now_millis,
                          std::string_view message_id);

struct SmtpOptions {
  std::string url;  // smtp://host:port (plain or STARTTLS) or smtps://host:port
  std::string from;
  std::string user;       // empty: no authentication
  std::string password;   // never logged
  bool starttls = false;  // with smtp://: require STARTTLS before anything else is sent
  long connect_timeout_seconds = 10;
  long timeout_seconds = 30;
};

class SmtpMailer final : public Mailer {
 public:
  SmtpMailer(SmtpOptions options, const core::Clock& clock);
  Result<void> Send(const MailMessage& message) override;

 private:
  SmtpOptions options_;
  const core::Clock& clock_;
  std::string domain_;  // for Message-IDs: the part of `from` after '@'
};

/// Records what it is given. Thread-safe.
class FakeMailer final : public Mailer {
 public:
  Result<void> Send(const MailMessage& message) override;
  std::vector<MailMessage> sent() const;
  /// Makes the next `n` sends fail (a refused or unreachable server).
  void FailNext(int n);
  /// Waits until at least `n` messages were sent.
  bool WaitForCount(size_t n, std::chrono::milliseconds timeout) const;

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<MailMessage> sent_;  // guarded by mu_
  int fail_next_ = 0;              // guarded by mu_
};

/// A small queue with one sender thread, so that a slow or unreachable mail server never delays
/// the action that caused a notification. Failures are logged (without addresses) and dropped:
/// the feed entry is already stored, the e-mail is only a nudge.
class MailOutbox {
 public:
  /// `transport` may be null: e-mail is not configured and posted messages are dropped.
  explicit MailOutbox(std::shared_ptr<Mailer> transport, size_t capacity = 1000);
  ~MailOutbox();
  MailOutbox(const MailOutbox&) = delete;
  MailOutbox& operator=(const MailOutbox&) = delete;

  /// Whether messages can go anywhere (a transport is set and the outbox is running).
  bool enabled() const;
  /// Replaces the transport (tests put a fake or the test SMTP sink here).
  void SetTransport(std::shared_ptr<Mailer> transport);
  /// Queues a message; never blocks on the network. Dropped (and logged) when e-mail is not
  /// configured, the queue is full, or the outbox has stopped.
  void Post(MailMessage message);
  /// Waits until the queue is empty and nothing is being sent.
  bool WaitIdle(std::chrono::milliseconds timeout) const;
  /// Finishes the message being sent, drops the rest, joins the thread. Idempotent.
  void Stop();

  int64_t sent() const;
  int64_t failed() const;

 private:
  void Run();

  size_t capacity_;
  mutable std::mutex mu_;
  mutable std::condition_variable wake_;  // new work or stopping
  mutable std::condition_variable idle_;  // the queue drained
  std::shared_ptr<Mailer> transport_;     // guarded by mu_
  std::deque<MailMessage> queue_;         // guarded by mu_
  bool busy_ = false;                     // guarded by mu_
  bool stopping_ = false;                 // guarded by mu_
  int64_t sent_ = 0;                      // guarded by mu_
  int64_t failed_ = 0;                    // guarded by mu_
  std::thread thread_;
};

}  // namespace notify
