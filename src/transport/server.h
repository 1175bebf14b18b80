// The HTTP/1.1 server: listens, reads requests with per-route limits, runs http::Service on a
// worker pool, writes responses and Server-Sent Event streams, and shuts down gracefully.
// Beast and Asio stay behind a pimpl so that including this header costs nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/service.h"

namespace transport {

struct ServerOptions {
  std::string host = "127.0.0.1";
  /// 0 picks a free port; read it back with Server::port().
  uint16_t port = 8080;
  /// Threads running sockets (never blocked), and threads running http::Service::Handle.
  int io_threads = 1;
  int worker_threads = 4;
  /// Request line plus fields; larger → 431 and close.
  size_t header_limit = 16 * 1024;
  /// The whole header must arrive within this from its first byte (slowloris) → else close.
  std::chrono::milliseconds header_timeout{10000};
  /// The whole body must arrive within this → else close. Also bounds each write.
  std::chrono::milliseconds body_timeout{30000};
  /// Idle time allowed between requests on a kept-alive connection.
  std::chrono::milliseconds keep_alive_timeout{60000};
  /// Cadence of the ": heartbeat" comment on event streams (keeps proxies from timing out).
  std::chrono::milliseconds sse_heartbeat{15000};
  /// Connections beyond this are accepted and closed at once.
  int max_connections = 10000;
  /// How long Stop() waits for running requests and ending streams.
  std::chrono::milliseconds drain_timeout{10000};
  /// Take the remote address from X-Forwarded-For (only behind our nginx, which sets it).
  bool trust_forwarded_for = false;
};

/// Counters for /metrics. Totals only grow; the others are current values.
struct ServerStats {
  int64_t active_connections = 0;
  int64_t accepted_total = 0;  // every connection accepted, including those closed at once
  int64_t rejected_total = 0;  // closed at once: over max_connections or while draining
  int64_t in_flight = 0;       // requests read and not yet answered
  int64_t event_streams = 0;   // open Server-Sent Event streams
};

class Server {
 public:
  /// `service` must outlive the server. Nothing happens until Start().
  Server(http::Service& service, ServerOptions options);
  /// Call Stop() and let Run() return first. Waits for handlers still running on the worker pool
  /// (a handler that outlived drain_timeout) because they use the request they were given.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and listens. Afterwards port() is the real port. Call once.
  core::Result<void> Start();
  uint16_t port() const;

  /// Serves on the calling thread (plus io_threads - 1 more) until Stop() has finished draining.
  void Run();

  /// Graceful stop, from any thread (signal handlers included), any number of times; returns at
  /// once. Stops accepting, answers 503 to new requests on kept-alive connections, lets running
  /// requests finish for up to drain_timeout, ends event streams, closes every connection and then
  /// makes Run() return.
  void Stop();

  size_t active_connections() const;
  ServerStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;

  friend void StopOnSignals(Server& server);
};

/// Installs SIGTERM/SIGINT handling that calls server.Stop() (used by `tsunagari serve`).
/// Call after Start() and before Run().
void StopOnSignals(Server& server);

}  // namespace transport
