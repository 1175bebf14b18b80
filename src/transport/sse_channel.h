// Internal to transport: the queue between an http::EventStream, which pushes events from any
// thread, and the session that writes them to its socket. Plain C++, no Asio.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>

#include "http/message.h"

namespace transport::detail {

/// The wire form of one event: "id: N\nevent: T\ndata: …\n\n" (one data line per line of data).
std::string FormatEvent(const http::SseEvent& event);

/// The comment line sent every sse_heartbeat so that proxies keep an idle stream open.
inline constexpr std::string_view kHeartbeat = ": heartbeat\n\n";

class SseChannel {
 public:
  /// `wake` is called (from the pushing thread, under the channel's lock) when events become
  /// pending; it must only post to the session's strand. `max_pending_bytes` bounds the queue of
  /// a client that reads too slowly: beyond it the channel overflows and the session ends the
  /// stream (the client reconnects with Last-Event-ID).
  SseChannel(size_t max_pending_bytes, std::function<void()> wake)
      : max_pending_bytes_(max_pending_bytes), wake_(std::move(wake)) {}

  /// Queues one event. False once the channel is closed (client gone, stream ended).
  bool Push(const http::SseEvent& event);
  /// Takes everything pending, in push order. Sets *overflow when events were lost.
  std::string Take(bool* overflow);
  /// After Close, Push returns false and never calls `wake` again.
  void Close();
  /// True once the stream pushed SseEvent::End(): the session writes what is pending and ends.
  bool ended();

 private:
  std::mutex mu_;
  const size_t max_pending_bytes_;
  std::string pending_;         // guarded by mu_
  bool wake_pending_ = false;   // guarded by mu_: a wake is posted and Take has not run since
  bool overflow_ = false;       // guarded by mu_
  bool closed_ = false;         // guarded by mu_
  bool ended_ = false;          // guarded by mu_
  std::function<void()> wake_;  // guarded by mu_; cleared on Close
};

}  // namespace transport::detail
