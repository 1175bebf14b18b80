// A small synchronous HTTP client for tests of the API against a real server on port 0. Tests
// may not include Beast, so this header does not either.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace transport {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ClientResponse {
  int status = 0;  // 0: no answer (connection refused or closed, or timeout)
  /// Lower-case names; repeated Set-Cookie fields joined by "\n", other repeats by ", ".
  std::map<std::string, std::string> headers;
  std::string body;

  /// The header's value, or "" when absent. `name` in lower case.
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
};

/// One keep-alive connection to 127.0.0.1:port; reconnects when the server closed it. Not
/// thread-safe: use one client per thread.
class TestClient {
 public:
  explicit TestClient(uint16_t port);
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  /// Sends one request and reads the answer. Host is set; Content-Length is set for a body or a
  /// POST/PUT/PATCH unless `headers` sets it or Transfer-Encoding. A request on a reused
  /// connection that the server had already closed is sent again once on a new connection.
  ClientResponse Request(std::string_view method, std::string_view target,
                         std::string_view body = {}, const HeaderList& headers = {});

  /// Limit for one whole request/answer exchange (default 10 s).
  void set_timeout(std::chrono::milliseconds timeout);
  /// How many TCP connections this client has opened so far.
  int connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Sends raw bytes on a new connection and returns everything read until the server closes or
/// `timeout` passes (for malformed-request tests).
std::string SendRaw(uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout);

/// What ReadSse saw.
struct SseCapture {
  int status = 0;
  std::map<std::string, std::string> headers;  // as in ClientResponse
  /// Each "id: …\nevent: …\ndata: …" block without its blank line; heartbeats as ": heartbeat".
  std::vector<std::string> raw_events;
  bool ended = false;  // the server ended the stream (rather than count or timeout)
};

/// Opens an SSE stream (GET with Accept: text/event-stream) and collects blocks until `count`
/// are read, the server ends the stream, or `timeout` passes; then closes the connection.
SseCapture ReadSse(uint16_t port, std::string_view target, const HeaderList& headers, size_t count,
                   std::chrono::milliseconds timeout);

}  // namespace transport
