// Conversions between Beast's messages and http::Request/Response.
#include "transport/convert.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <cctype>
#include <random>

#include "http/json_body.h"

namespace transport::detail {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A value with CR or LF would let a service (echoing user input into, say, Location) split the
// response; such fields are dropped rather than trusted.
bool IsSafeField(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  auto bad = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  return std::none_of(name.begin(), name.end(), bad) &&
         std::none_of(value.begin(), value.end(), bad);
}

// Fields the transport owns (framing) or, for event streams, overrides.
bool IsFramingField(std::string_view name) {
  return IEquals(name, "content-length") || IEquals(name, "transfer-encoding") ||
         IEquals(name, "connection") || IEquals(name, "keep-alive");
}

template <typename Fields>
void CopyFields(const http::Headers& headers, Fields& out, bool event_stream) {
  for (const auto& [name, value] : headers.fields()) {
    if (IsFramingField(name)) continue;
    if (event_stream && (IEquals(name, "content-type") || IEquals(name, "cache-control"))) continue;
    if (!IsSafeField(name, value)) {
      spdlog::warn("transport: dropped a response header containing a control character");
      continue;
    }
    out.insert(name, value);
  }
}

// The last X-Forwarded-For entry is the address our proxy saw; earlier entries come from the
// client and could be forged.
std::string ForwardedAddress(const http::Headers& headers) {
  std::string_view last_field;
  for (const auto& [name, value] : headers.fields()) {
    if (IEquals(name, "x-forwarded-for")) last_field = value;
  }
  size_t comma = last_field.rfind(',');
  std::string_view entry =
      Trim(comma == std::string_view::npos ? last_field : last_field.substr(comma + 1));
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(entry, ec);
  return ec ? std::string() : address.to_string();
}

}  // namespace

std::optional<TargetParts> SplitTarget(std::string_view target) {
  if (target.empty() || target.front() != '/') return std::nullopt;
  size_t question = target.find('?');
  TargetParts parts;
  parts.path = http::PercentDecode(target.substr(0, question), /*plus_as_space=*/false);
  if (question != std::string_view::npos) parts.query_string = target.substr(question + 1);
  // A decoded NUL would cut paths short in C APIs further down (file names, logs).
  if (parts.path.find('\0') != std::string::npos) return std::nullopt;
  return parts;
}

http::Request ToRequest(BeastRequest&& message, TargetParts target, std::string_view peer,
                        bool trust_forwarded_for) {
  http::Request request;
  request.method = http::ParseMethod(message.method_string());
  request.target = std::string(message.target());
  request.path = std::move(target.path);
  request.query_string = std::move(target.query_string);
  for (const auto& field : message) {
    request.headers.Add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = std::string(peer);
  if (trust_forwarded_for) {
    if (std::string forwarded = ForwardedAddress(request.headers); !forwarded.empty()) {
      request.remote_address = std::move(forwarded);
    }
  }
  return request;
}

beast_http::message_generator ToMessage(http::Response&& response, bool head, unsigned version,
                                        bool keep_alive) {
  int status = response.status;
  if (status < 200 || status > 599) {
    // Informational answers are the transport's business (100 Continue); anything else is a bug.
    spdlog::error("transport: service answered with invalid status {}", status);
    response = TransportError(500, core::ErrorCode::kInternal, "invalid status",
                              response.headers.Get("X-Request-Id").value_or(""));
    status = 500;
  }
  beast_http::response<beast_http::string_body> out;
  out.version(version);
  out.result(static_cast<unsigned>(status));
  CopyFields(response.headers, out, /*event_stream=*/false);
  if (status != 204 && status != 304) {
    // HEAD announces the length the GET body would have.
    out.content_length(response.body.size());
    if (!head) out.body() = std::move(response.body);
  }
  out.keep_alive(keep_alive);
  return beast_http::message_generator(std::move(out));
}

beast_http::response<beast_http::empty_body> ToEventStreamHeader(const http::Response& response,
                                                                 unsigned version) {
  beast_http::response<beast_http::empty_body> out;
  out.version(version);
  int status = response.status >= 200 && response.status <= 599 ? response.status : 200;
  out.result(static_cast<unsigned>(status));
  CopyFields(response.headers, out, /*event_stream=*/true);
  out.set(beast_http::field::content_type, "text/event-stream; charset=utf-8");
  out.set(beast_http::field::cache_control, "no-store");
  // nginx would otherwise buffer the stream and deliver events late.
  out.set("X-Accel-Buffering", "no");
  if (version >= 11) out.chunked(true);
  out.keep_alive(false);
  return out;
}

http::Response TransportError(int status, core::ErrorCode code, std::string message,
                              std::string_view request_id) {
  http::Response response =
      http::ErrorResponse(core::Error::Of(code, std::move(message)), request_id);
  response.status = status;
  response.headers.Set("X-Request-Id", std::string(request_id));
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

std::string NewRequestId() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  thread_local std::mt19937_64 engine{std::random_device{}()};
  uint64_t bits = engine();
  std::string out;
  for (int i = 0; i < 10; ++i, bits >>= 6) out.push_back(kAlphabet[bits & 63]);
  return out;
}

}  // namespace transport::detail
