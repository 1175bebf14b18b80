// The synchronous test client: each operation is started asynchronously on a private
// io_context and run to completion, so that Beast's stream deadlines bound every call.
#include "transport/test_client.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cctype>
#include <optional>

namespace transport {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::chrono::milliseconds kDefaultTimeout{10000};

struct OpResult {
  beast::error_code ec;
  size_t bytes = 0;
};

// Starts one operation through `initiate(handler)` and runs `io` until it has completed. The
// stream's deadline (set by the caller) guarantees that it does.
template <typename Initiate>
OpResult Await(asio::io_context& io, Initiate&& initiate) {
  OpResult result;
  initiate([&result](beast::error_code ec, auto&&... rest) {
    result.ec = ec;
    if constexpr (sizeof...(rest) == 1) ((result.bytes = static_cast<size_t>(rest)), ...);
  });
  io.restart();
  io.run();
  return result;
}

bool Connect(asio::io_context& io, beast::tcp_stream& stream, uint16_t port) {
  tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  return !Await(io, [&](auto handler) { stream.async_connect(endpoint, std::move(handler)); }).ec;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

beast_http::request<beast_http::string_body> MakeRequest(std::string_view method,
                                                         std::string_view target,
                                                         std::string_view body,
                                                         const HeaderList& headers, uint16_t port) {
  beast_http::request<beast_http::string_body> request;
  request.method_string(method);
  request.target(target);
  request.version(11);
  request.set(beast_http::field::host, "127.0.0.1:" + std::to_string(port));
  bool framed = false;
  for (const auto& [name, value] : headers) {
    request.insert(name, value);
    framed |= beast::iequals(name, "content-length") || beast::iequals(name, "transfer-encoding");
  }
  request.body() = std::string(body);
  if (!framed && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
    request.content_length(body.size());
  }
  return request;
}

template <typename Fields>
std::map<std::string, std::string> CollectHeaders(const Fields& fields) {
  std::map<std::string, std::string> out;
  for (const auto& field : fields) {
    std::string name = Lower(field.name_string());
    auto [it, inserted] = out.emplace(name, std::string(field.value()));
    if (!inserted) it->second += (name == "set-cookie" ? "\n" : ", ") + std::string(field.value());
  }
  return out;
}

}  // namespace

struct TestClient::Impl {
  uint16_t port;
  std::chrono::milliseconds timeout = kDefaultTimeout;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  int opened = 0;

  bool Open() {
    stream.emplace(io);
    buffer.clear();
    stream->expires_after(timeout);
    if (!Connect(io, *stream, port)) {
      stream.reset();
      return false;
    }
    ++opened;
    return true;
  }

  void Drop() {
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream->close();
    }
    stream.reset();
    buffer.clear();
  }
};

TestClient::TestClient(uint16_t port) : impl_(std::make_unique<Impl>()) { impl_->port = port; }

TestClient::~TestClient() { impl_->Drop(); }

void TestClient::set_timeout(std::chrono::milliseconds timeout) { impl_->timeout = timeout; }

int TestClient::connections_opened() const { return impl_->opened; }

ClientResponse TestClient::Request(std::string_view method, std::string_view target,
                                   std::string_view body, const HeaderList& headers) {
  Impl& s = *impl_;
  auto request = MakeRequest(method, target, body, headers, s.port);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = s.stream.has_value();
    if (!reused && !s.Open()) return {};
    s.stream->expires_after(s.timeout);
    OpResult written = Await(s.io, [&](auto handler) {
      beast_http::async_write(*s.stream, request, std::move(handler));
    });
    // Even when the write failed the server may have answered (413 before the whole body).
    beast_http::response_parser<beast_http::string_body> parser;
    parser.body_limit(boost::none);
    if (method == "HEAD") parser.skip(true);
    OpResult read = Await(s.io, [&](auto handler) {
      beast_http::async_read(*s.stream, s.buffer, parser, std::move(handler));
    });
    if (read.ec) {
      const bool stale = reused && (read.ec == beast_http::error::end_of_stream ||
                                    read.ec == asio::error::connection_reset || written.ec);
      s.Drop();
      if (stale) continue;  // the server had closed the idle connection: send again once
      return {};
    }
    auto& message = parser.get();
    ClientResponse response;
    response.status = static_cast<int>(message.result_int());
    response.headers = CollectHeaders(message);
    response.body = std::move(message.body());
    if (!message.keep_alive()) s.Drop();
    return response;
  }
  return {};
}

std::string SendRaw(uint16_t port, std::string_view bytes, std::chrono::milliseconds timeout) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);
  if (!Connect(io, stream, port)) return {};
  // A write error is expected when the server refuses early; what it answered is still readable.
  Await(io, [&](auto handler) {
    asio::async_write(stream, asio::buffer(bytes.data(), bytes.size()), std::move(handler));
  });
  std::string out;
  char chunk[4096];
  for (;;) {
    OpResult read = Await(
        io, [&](auto handler) { stream.async_read_some(asio::buffer(chunk), std::move(handler)); });
    out.append(chunk, read.bytes);
    if (read.ec) break;
  }
  return out;
}

SseCapture ReadSse(uint16_t port, std::string_view target, const HeaderList& headers, size_t count,
                   std::chrono::milliseconds timeout) {
  SseCapture capture;
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(timeout);  // one deadline for the whole capture
  if (!Connect(io, stream, port)) return capture;
  HeaderList all = headers;
  all.emplace_back("Accept", "text/event-stream");
  auto request = MakeRequest("GET", target, {}, all, port);
  if (Await(io, [&](auto handler) {
        beast_http::async_write(stream, request, std::move(handler));
      }).ec) {
    return capture;
  }

  beast::flat_buffer buffer;
  beast_http::response_parser<beast_http::string_body> parser;
  parser.body_limit(boost::none);
  std::string pending;
  auto on_chunk = [&](uint64_t, beast::string_view data, beast::error_code&) -> size_t {
    pending.append(data.data(), data.size());
    for (size_t end; (end = pending.find("\n\n")) != std::string::npos;) {
      if (capture.raw_events.size() < count) capture.raw_events.push_back(pending.substr(0, end));
      pending.erase(0, end + 2);
    }
    return data.size();
  };
  parser.on_chunk_body(on_chunk);

  if (Await(io, [&](auto handler) {
        beast_http::async_read_header(stream, buffer, parser, std::move(handler));
      }).ec) {
    return capture;
  }
  capture.status = static_cast<int>(parser.get().result_int());
  capture.headers = CollectHeaders(parser.get());
  while (capture.raw_events.size() < count && !parser.is_done()) {
    OpResult read = Await(io, [&](auto handler) {
      beast_http::async_read_some(stream, buffer, parser, std::move(handler));
    });
    if (read.ec) break;
  }
  capture.ended = parser.is_done();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
  return capture;
}

}  // namespace transport
