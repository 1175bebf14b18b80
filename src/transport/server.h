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
  uint16_t port = 8080;             // 0 = pick a free port (read it back with Server::port())
  int io_threads = 1;               // threads running sockets; never block on them
  int worker_threads = 4;           // threads running http::Service::Handle
  size_t header_limit = 16 * 1024;  // request line + fields; larger → 431 and close
  std::chrono::milliseconds header_timeout{
      10000};  // whole header must arrive within this (slowloris)
  std::chrono::milliseconds body_timeout{30000};  // whole body must arrive; also bounds each write
  std::chrono::milliseconds keep_alive_timeout{60000};  // idle time between requests
  std::chrono::milliseconds sse_heartbeat{15000};       // ": heartbeat" comment cadence on streams
  int max_connections = 10000;                          // beyond → accepted and closed at once
  std::chrono::milliseconds drain_timeout{10000};  // how long Stop() waits for running requests
  bool trust_forwarded_for = false;  // take remote address from X-Forwarded-For (behind nginx)
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
