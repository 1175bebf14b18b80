// Internal to transport: one HTTP/1.1 connection, served by one coroutine on its own strand.
// session.cpp reads requests and writes responses; session_events.cpp serves event streams.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "http/message.h"
#include "transport/connection.h"
#include "transport/sse_channel.h"

namespace transport::detail {

class Session final : public Connection, public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket&& socket, SessionContext& context);
  ~Session() override;

  void Drain() override;
  void Close() override;

  /// Serves requests until the connection ends. Owns `self` for as long as it runs.
  static boost::asio::awaitable<void> Run(std::shared_ptr<Session> self);

 private:
  friend void SpawnSession(boost::asio::ip::tcp::socket socket, SessionContext& context);

  // One request/response exchange. False when the connection must end afterwards.
  boost::asio::awaitable<bool> ServeOne();
  // Waits for the first byte of the next request (idle timeout) unless one is buffered.
  boost::asio::awaitable<bool> AwaitRequest();
  // Writes an answer the transport made itself; the connection always ends after it.
  boost::asio::awaitable<void> Refuse(int status, core::ErrorCode code, std::string message,
                                      unsigned version);
  boost::asio::awaitable<bool> Write(http::Response&& response, bool head, unsigned version,
                                     bool keep_alive);
  // Streams events until the client leaves, the stream overflows or the server drains.
  boost::asio::awaitable<void> ServeEvents(http::Response&& response, unsigned version);
  boost::asio::awaitable<bool> WriteEvents(const std::string& text, bool chunked);
  void StopEventStream();
  // Half-closes, discards what the client still sends for a moment, then closes: closing with
  // unread input makes the kernel send a reset that can destroy the answer just written.
  boost::asio::awaitable<void> CloseGracefully();

  SessionContext& context_;
  const ServerOptions& options_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  boost::asio::steady_timer wake_;  // event-stream writer sleeps on it; cancelled to wake it
  std::string peer_;                // remote IP
  uint64_t id_ = 0;                 // in context_'s registry

  bool first_request_ = true;
  bool closing_ = false;           // Close() was called
  bool response_started_ = false;  // bytes of the current answer may have been written
  bool linger_ = false;            // we end the connection; the client may still be sending
  std::string request_id_;         // of the request in progress, for a 500 answer
  std::shared_ptr<SseChannel> channel_;
  std::shared_ptr<http::EventStream> event_stream_;
};

}  // namespace transport::detail
