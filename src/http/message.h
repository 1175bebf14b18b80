// Request and Response as the rest of the server sees them. Transport (the only place that knows
// Beast) converts to and from these; modules never see a socket.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace auth {
struct Principal;
}

namespace http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method m);
Method ParseMethod(std::string_view name);

/// Header fields in arrival order; lookups are case-insensitive.
class Headers {
 public:
  // Room for the security headers every answer carries, so they do not regrow the vector.
  Headers() { fields_.reserve(12); }
  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  void Set(std::string name, std::string value);
  std::optional<std::string_view> Get(std::string_view name) const;
  bool Has(std::string_view name) const { return Get(name).has_value(); }
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
  Method method = Method::kGet;
  std::string target;        // as sent: path plus query string
  std::string path;          // percent-decoded path without the query string
  std::string query_string;  // raw, without '?'
  Headers headers;
  std::string body;
  std::string remote_address;  // peer IP (or X-Forwarded-For when the proxy is trusted)
  std::string request_id;

  // Filled in by the router and middleware.
  std::string route_pattern;  // e.g. "/api/v1/organizations/{org_id}", for logs and metrics
  std::map<std::string, std::string, std::less<>> path_params;
  std::shared_ptr<const auth::Principal> principal;  // null when not authenticated
  bool via_bearer = false;                           // authenticated by Authorization header
  // What the guard's per-resource check found (for care routes: the person's access facts),
  // so that the handler does not load it again; its type is the checking module's business.
  std::shared_ptr<const void> gate_facts;

  std::optional<std::string_view> Header(std::string_view name) const { return headers.Get(name); }
  /// Percent-decoded value of the first `name=` in the query string.
  std::optional<std::string> Query(std::string_view name) const;
  std::string_view PathParam(std::string_view name) const;
  std::optional<std::string> Cookie(std::string_view name) const;
  std::string_view UserAgent() const;
};

/// One Server-Sent Event.
struct SseEvent {
  int64_t id = 0;     // sequence number; clients resume with Last-Event-ID
  std::string event;  // event type, e.g. "notification"
  std::string data;   // JSON, one line

  /// Pushed by a stream to end itself (its session ended): the transport finishes the response
  /// and closes the connection; the client reconnects and is asked to sign in again.
  static SseEvent End() { return SseEvent{-1, {}, {}}; }
  bool is_end() const { return id < 0; }
};

/// A live event stream answered instead of a body (SSE). The transport calls Start once on its
/// own thread; the stream pushes events through `sink` from any thread until Stop is called or the
/// sink returns false (client gone). Start must not block.
class EventStream {
 public:
  using Sink = std::function<bool(const SseEvent&)>;
  virtual ~EventStream() = default;
  virtual void Start(Sink sink) = 0;
  virtual void Stop() = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::shared_ptr<EventStream> stream;  // set for SSE; body ignored, connection held open

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();
  static Response Redirect(std::string location);
};

std::string PercentDecode(std::string_view s, bool plus_as_space);
std::string PercentEncode(std::string_view s);

}  // namespace http
