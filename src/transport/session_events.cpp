// Server-Sent Events on a session: the stream pushes from any thread into an SseChannel, and
// this writer drains it onto the socket, with a heartbeat comment at a fixed cadence. The
// connection ends with the stream.
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

#include "transport/convert.h"
#include "transport/session.h"

namespace transport::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// Events queued for a client that does not read (about a thousand notifications). Beyond it the
// stream ends and the client catches up by reconnecting with Last-Event-ID.
constexpr size_t kMaxPendingBytes = 1 << 20;
constexpr std::chrono::milliseconds kFinalWriteTimeout{1000};

}  // namespace

asio::awaitable<void> Session::ServeEvents(http::Response&& response, unsigned version) {
  // The drain tells streams to end and waits for their final chunk before closing sockets.
  DrainCount open_stream(context_, context_.event_streams);
  event_stream_ = response.stream;
  std::weak_ptr<Session> weak = weak_from_this();
  asio::any_io_executor executor = stream_.get_executor();
  channel_ = std::make_shared<SseChannel>(kMaxPendingBytes, [weak, executor] {
    asio::post(executor, [weak] {
      if (auto self = weak.lock()) self->wake_.cancel();
    });
  });
  // Started before the header is written so that a stream that throws still gets a 500; what it
  // pushes meanwhile waits in the channel.
  event_stream_->Start(
      [channel = channel_](const http::SseEvent& event) { return channel->Push(event); });

  beast_http::response<beast_http::empty_body> header = ToEventStreamHeader(response, version);
  const bool chunked = header.chunked();
  beast_http::response_serializer<beast_http::empty_body> serializer(header);
  response_started_ = true;
  stream_.expires_after(options_.body_timeout);
  if (auto [ec, n] = co_await beast_http::async_write_header(stream_, serializer, kNoThrow); ec) {
    co_return;
  }

  const auto heartbeat = options_.sse_heartbeat;
  auto next_heartbeat = std::chrono::steady_clock::now() + heartbeat;
  while (!closing_ && !context_.draining) {
    bool overflow = false;
    std::string text = channel_->Take(&overflow);
    if (overflow) {
      spdlog::warn("transport: event stream client reads too slowly; ending the stream");
      break;
    }
    if (text.empty()) {
      if (channel_->ended()) break;  // the stream ended itself (e.g. its session ended)
      auto now = std::chrono::steady_clock::now();
      if (now < next_heartbeat) {
        // Take and this wait run in one step on the strand, and pushes post their wake-up to the
        // same strand, so an event pushed in between still wakes the writer.
        wake_.expires_at(next_heartbeat);
        co_await wake_.async_wait(kNoThrow);
        continue;
      }
      text = kHeartbeat;
      next_heartbeat = now + heartbeat;
    }
    if (!co_await WriteEvents(text, chunked)) break;  // client gone
  }

  // Stop first so that pushes fail fast from here on, then end the body properly if we can.
  StopEventStream();
  if (chunked && !closing_ && stream_.socket().is_open()) {
    stream_.expires_after(kFinalWriteTimeout);
    co_await asio::async_write(stream_, beast_http::make_chunk_last(), kNoThrow);
  }
}

asio::awaitable<bool> Session::WriteEvents(const std::string& text, bool chunked) {
  stream_.expires_after(options_.body_timeout);
  beast::error_code ec;
  if (chunked) {
    std::tie(ec, std::ignore) =
        co_await asio::async_write(stream_, beast_http::make_chunk(asio::buffer(text)), kNoThrow);
  } else {
    std::tie(ec, std::ignore) = co_await asio::async_write(stream_, asio::buffer(text), kNoThrow);
  }
  co_return !ec;
}

void Session::StopEventStream() {
  if (channel_) channel_->Close();
  if (std::shared_ptr<http::EventStream> stream = std::move(event_stream_)) {
    try {
      stream->Stop();
    } catch (const std::exception& e) {
      spdlog::error("transport: EventStream::Stop threw: {}", e.what());
    } catch (...) {
      spdlog::error("transport: EventStream::Stop threw");
    }
  }
}

}  // namespace transport::detail
