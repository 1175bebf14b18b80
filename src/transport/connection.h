// Internal to transport: what the listener (server.cpp) and the HTTP sessions (session*.cpp)
// share. Asio only, no Beast, so that the listener's translation unit stays light.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include "http/service.h"
#include "transport/server.h"

namespace transport::detail {

/// One open client connection as the listener sees it. Both calls are thread-safe, return at
/// once, and take effect on the connection's own strand.
class Connection {
 public:
  virtual ~Connection() = default;
  /// The server is draining: end an event stream now; a running request finishes.
  virtual void Drain() = 0;
  /// Draining is over: close the socket, whatever the connection is doing. Once closed, it
  /// decrements SessionContext::closes_pending and wakes the drain.
  virtual void Close() = 0;
};

/// State shared by the listener and every session. Outlives the io_context (sessions still
/// suspended when it is destroyed unregister themselves here).
class SessionContext {
 public:
  SessionContext(http::Service& service, const ServerOptions& options,
                 boost::asio::thread_pool& workers)
      : service(service), options(options), workers(workers) {}

  http::Service& service;
  const ServerOptions& options;
  boost::asio::thread_pool& workers;  // where Service::Handle runs

  std::atomic<bool> draining{false};
  std::atomic<int64_t> active{0};  // registered connections
  std::atomic<int64_t> accepted{0};
  std::atomic<int64_t> rejected{0};
  std::atomic<int64_t> in_flight{0};       // requests between "header read" and "response written"
  std::atomic<int64_t> event_streams{0};   // open Server-Sent Event streams
  std::atomic<int64_t> closes_pending{0};  // Close() calls whose effect has not happened yet

  uint64_t Register(std::weak_ptr<Connection> connection);
  /// Called by a session as it ends; wakes the drain, which waits for sessions to unwind.
  void Unregister(uint64_t id);
  void ForEach(const std::function<void(Connection&)>& fn);

  /// The drain sets `wake` to learn when in_flight or active drop; it is called from any
  /// thread and must only post. Cleared (empty function) before the io_context goes away.
  void SetWake(std::function<void()> wake);
  void Wake();

 private:
  std::mutex mu_;
  uint64_t next_id_ = 1;                                       // guarded by mu_
  std::map<uint64_t, std::weak_ptr<Connection>> connections_;  // guarded by mu_
  std::function<void()> wake_;                                 // guarded by mu_
};

/// Counts one running request or open event stream for its lifetime; the drain waits for both
/// counts to reach zero.
class DrainCount {
 public:
  DrainCount(SessionContext& context, std::atomic<int64_t>& count)
      : context_(context), count_(count) {
    ++count_;
  }
  ~DrainCount() {
    if (--count_ == 0 && context_.draining) context_.Wake();
  }
  DrainCount(const DrainCount&) = delete;
  DrainCount& operator=(const DrainCount&) = delete;

 private:
  SessionContext& context_;
  std::atomic<int64_t>& count_;
};

/// Starts serving an accepted socket (whose executor is a strand of its own) and registers it.
void SpawnSession(boost::asio::ip::tcp::socket socket, SessionContext& context);

}  // namespace transport::detail
