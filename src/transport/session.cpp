// One HTTP/1.1 connection: reads each request (header first, then the body within the route's
// limit), runs the service on the worker pool, writes the answer, and keeps the connection alive
// while the client wants it. Every failure below the service ends at Run's boundary.
#include "transport/session.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_generator.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <limits>
#include <optional>

#include "transport/convert.h"

namespace transport::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadChunk = 4096;
// How long, and how much, a closing connection keeps reading what the client still sends.
constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr size_t kLingerMaxBytes = 4 << 20;

// Runs on the worker pool: Handle blocks (database, Argon2). `request` lives in the awaiting
// session's frame, which stays suspended until this returns.
asio::awaitable<http::Response> HandleOnWorker(http::Service& service, http::Request& request) {
  co_return service.Handle(request);
}

// True for syntax errors in what the client sent (→ 400); false for a client that simply went
// away mid-message, which deserves no answer.
bool IsMalformed(const beast::error_code& ec) {
  static const boost::system::error_category& http_category =
      beast_http::make_error_code(beast_http::error::end_of_stream).category();
  return ec.category() == http_category && ec != beast_http::error::end_of_stream &&
         ec != beast_http::error::partial_message;
}

std::string TooLargeMessage(size_t limit) {
  return fmt::format("リクエスト本文が大きすぎます (body larger than {} bytes)", limit);
}

constexpr std::string_view kMalformed = "不正なリクエストです (malformed request)";

}  // namespace

Session::Session(tcp::socket&& socket, SessionContext& context)
    : context_(context),
      options_(context.options),
      stream_(std::move(socket)),
      wake_(stream_.get_executor()) {
  beast::error_code ec;
  tcp::endpoint remote = stream_.socket().remote_endpoint(ec);
  if (!ec) peer_ = remote.address().to_string();
}

Session::~Session() {
  StopEventStream();
  if (id_ != 0) context_.Unregister(id_);
}

void SpawnSession(tcp::socket socket, SessionContext& context) {
  auto session = std::make_shared<Session>(std::move(socket), context);
  ++context.active;
  session->id_ = context.Register(session);
  asio::any_io_executor executor = session->stream_.get_executor();
  asio::co_spawn(executor, Session::Run(std::move(session)), [](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      spdlog::error("transport: connection ended by an exception: {}", ex.what());
    } catch (...) {
      spdlog::error("transport: connection ended by an unknown exception");
    }
  });
}

void Session::Drain() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] { self->wake_.cancel(); });
}

void Session::Close() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    self->wake_.cancel();
    self->stream_.close();
    if (--self->context_.closes_pending == 0) self->context_.Wake();
  });
}

asio::awaitable<void> Session::Run(std::shared_ptr<Session> self) {
  for (;;) {
    bool again = false;
    std::string failure;
    try {
      again = co_await self->ServeOne();
    } catch (const std::exception& e) {
      failure = e.what();
    } catch (...) {
      failure = "unknown exception";
    }
    if (!failure.empty()) {
      // Never the request itself in the log: its target and body may carry personal data.
      if (self->request_id_.empty()) self->request_id_ = NewRequestId();
      spdlog::error("transport: request {} failed: {}", self->request_id_, failure);
      if (!self->response_started_ && !self->closing_) {
        co_await self->Refuse(500, core::ErrorCode::kInternal, "internal error", 11);
      }
      break;
    }
    if (!again) break;
  }
  self->StopEventStream();
  co_await self->CloseGracefully();
}

asio::awaitable<bool> Session::AwaitRequest() {
  if (!first_request_ && buffer_.size() == 0) {
    // Idle between requests: cheap to wait for, so it gets the long keep-alive timeout.
    stream_.expires_after(options_.keep_alive_timeout);
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
    if (ec) co_return false;
    buffer_.commit(n);
  }
  first_request_ = false;
  // From the first byte on, the whole header must arrive within header_timeout: a deadline for
  // all reads together, not per read, is what stops a client that trickles bytes (slowloris).
  stream_.expires_after(options_.header_timeout);
  co_return true;
}

asio::awaitable<bool> Session::ServeOne() {
  response_started_ = false;
  request_id_.clear();
  if (!co_await AwaitRequest()) co_return false;

  beast_http::request_parser<beast_http::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(
      std::min<size_t>(options_.header_limit, std::numeric_limits<uint32_t>::max())));
  // The body limit depends on the route, known only once the header is read.
  parser.body_limit(boost::none);
  {
    auto [ec, n] = co_await beast_http::async_read_header(stream_, buffer_, parser, kNoThrow);
    if (ec == beast_http::error::header_limit) {
      co_await Refuse(431, core::ErrorCode::kTooLarge,
                      "リクエストヘッダーが大きすぎます (request header fields too large)", 11);
      co_return false;
    }
    if (ec) {
      if (IsMalformed(ec)) {
        co_await Refuse(400, core::ErrorCode::kInvalid, std::string(kMalformed), 11);
      }
      co_return false;
    }
  }

  const auto& header = parser.get();
  const unsigned version = header.version();
  const bool head = header.method() == beast_http::verb::head;
  std::optional<TargetParts> target = SplitTarget(header.target());
  if (!target) {
    co_await Refuse(400, core::ErrorCode::kInvalid, std::string(kMalformed), version);
    co_return false;
  }

  // Counted before `draining` is read, while Stop() sets `draining` before reading the count: so
  // either this request is refused or the drain waits for it.
  std::optional<DrainCount> in_flight(std::in_place, context_, context_.in_flight);
  if (context_.draining) {
    co_await Refuse(503, core::ErrorCode::kUnavailable, "サーバーを停止中です (shutting down)",
                    version);
    co_return false;
  }

  const http::Method method = http::ParseMethod(header.method_string());
  const size_t limit = context_.service.BodyLimit(method, target->path);
  if (auto length = parser.content_length(); length && *length > limit) {
    // Refused before a byte of the body is read.
    co_await Refuse(413, core::ErrorCode::kTooLarge, TooLargeMessage(limit), version);
    co_return false;
  }
  if (!parser.is_done()) {
    parser.body_limit(limit);  // chunked bodies are counted as they arrive
    if (version >= 11 && beast::iequals(header[beast_http::field::expect], "100-continue")) {
      // Clients such as curl wait for this before uploading; sent only after the checks above.
      beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, version};
      stream_.expires_after(options_.body_timeout);
      auto [ec, n] = co_await beast_http::async_write(stream_, go_on, kNoThrow);
      if (ec) co_return false;
    }
    stream_.expires_after(options_.body_timeout);
    auto [ec, n] = co_await beast_http::async_read(stream_, buffer_, parser, kNoThrow);
    if (ec == beast_http::error::body_limit) {
      co_await Refuse(413, core::ErrorCode::kTooLarge, TooLargeMessage(limit), version);
      co_return false;
    }
    if (ec) {
      if (IsMalformed(ec)) {
        co_await Refuse(400, core::ErrorCode::kInvalid, std::string(kMalformed), version);
      }
      co_return false;
    }
  }

  bool keep_alive = parser.keep_alive();
  http::Request request =
      ToRequest(parser.release(), std::move(*target), peer_, options_.trust_forwarded_for);
  // The handler blocks, so it runs on the worker pool; co_await brings this coroutine back onto
  // the connection's strand when it returns.
  http::Response response = co_await asio::co_spawn(
      context_.workers, HandleOnWorker(context_.service, request), asio::use_awaitable);
  request_id_ = request.request_id;

  if (response.stream) {
    if (!head) {
      // From here on it counts as a stream, which the drain ends rather than waits for.
      in_flight.reset();
      co_await ServeEvents(std::move(response), version);
      co_return false;
    }
    response.stream.reset();  // HEAD gets the header only; the stream never starts
  }
  keep_alive = keep_alive && !context_.draining && !closing_;
  if (!co_await Write(std::move(response), head, version, keep_alive)) co_return false;
  co_return keep_alive;
}

asio::awaitable<void> Session::Refuse(int status, core::ErrorCode code, std::string message,
                                      unsigned version) {
  if (request_id_.empty()) request_id_ = NewRequestId();
  http::Response response = TransportError(status, code, std::move(message), request_id_);
  if (status == 503) response.headers.Set("Retry-After", "5");
  co_await Write(std::move(response), /*head=*/false, version, /*keep_alive=*/false);
}

asio::awaitable<bool> Session::Write(http::Response&& response, bool head, unsigned version,
                                     bool keep_alive) {
  beast_http::message_generator message = ToMessage(std::move(response), head, version, keep_alive);
  response_started_ = true;
  stream_.expires_after(options_.body_timeout);
  auto [ec, n] = co_await beast::async_write(stream_, std::move(message), kNoThrow);
  if (ec) co_return false;
  if (!keep_alive) linger_ = true;
  co_return true;
}

asio::awaitable<void> Session::CloseGracefully() {
  beast::error_code ignored;
  tcp::socket& socket = stream_.socket();
  if (closing_ || !socket.is_open()) {
    stream_.close();
    co_return;
  }
  if (linger_) {
    socket.shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);
    size_t discarded = 0;
    while (discarded < kLingerMaxBytes && !closing_) {
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
      if (ec) break;
      discarded += n;
    }
  } else {
    socket.shutdown(tcp::socket::shutdown_both, ignored);
  }
  stream_.close();
}

}  // namespace transport::detail
