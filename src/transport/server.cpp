// The listener: binding, the accept loop with its connection cap, Run/Stop and the drain.
// Per-request work lives in session*.cpp; this file needs Asio but no Beast.
#include "transport/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <optional>
#include <thread>
#include <vector>

#include "transport/connection.h"

namespace transport {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
// After the drain closed every socket, sessions need a moment to unwind their coroutines.
constexpr std::chrono::milliseconds kUnwindTimeout{1000};
// Back-off after a failed accept (e.g. EMFILE) so that a full descriptor table does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

}  // namespace

struct Server::Impl {
  Impl(http::Service& service, ServerOptions opts)
      : options(std::move(opts)),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))),
        context(service, options, workers),
        io(std::max(1, options.io_threads)),
        strand(asio::make_strand(io)),
        acceptor(strand),
        drain_timer(strand),
        work(asio::make_work_guard(io)) {}

  ~Impl() {
    // A handler that outlived drain_timeout still reads its request, which lives in a session
    // coroutine owned by `io`: wait for the pool before `io` (and the coroutines) are destroyed.
    workers.join();
    context.SetWake({});
  }

  asio::awaitable<void> Accept();
  asio::awaitable<void> Drain();
  // Waits on drain_timer until `done` holds or `deadline` passes; Wake() cancels the timer.
  asio::awaitable<void> WaitUntil(const std::function<bool()>& done,
                                  std::chrono::steady_clock::time_point deadline);

  // Member order matters: `workers` and `context` must outlive `io`, whose destruction destroys
  // suspended session coroutines that still refer to both.
  ServerOptions options;
  asio::thread_pool workers;
  detail::SessionContext context;
  asio::io_context io;
  asio::strand<asio::io_context::executor_type> strand;  // acceptor, drain, signals
  tcp::acceptor acceptor;
  asio::steady_timer drain_timer;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<asio::signal_set> signals;
  std::atomic<bool> started{false};
  std::atomic<bool> stop_requested{false};
  uint16_t port = 0;
};

asio::awaitable<void> Server::Impl::Accept() {
  const int64_t cap = options.max_connections;
  for (;;) {
    // Each connection gets a strand of its own: with several io threads, its socket, timers and
    // coroutine are then never touched concurrently.
    asio::any_io_executor connection_executor = asio::make_strand(io);
    auto [ec, socket] = co_await acceptor.async_accept(connection_executor, kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      spdlog::warn("transport: accept failed: {}", ec.message());
      asio::steady_timer pause(strand, kAcceptRetryDelay);
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    ++context.accepted;
    if (context.draining || context.active >= cap) {
      // Closing at once is the cheapest answer a flood can get; clients retry elsewhere.
      ++context.rejected;
      boost::system::error_code ignored;
      socket.close(ignored);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    detail::SpawnSession(std::move(socket), context);
  }
}

asio::awaitable<void> Server::Impl::WaitUntil(const std::function<bool()>& done,
                                              std::chrono::steady_clock::time_point deadline) {
  // The check and the wait happen in one step on `strand`, and Wake() posts its cancel to the
  // same strand, so a wake-up between them cannot be lost.
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    drain_timer.expires_at(deadline);
    co_await drain_timer.async_wait(kNoThrow);
  }
}

asio::awaitable<void> Server::Impl::Drain() {
  spdlog::info("transport: draining ({} requests in flight, {} connections)",
               context.in_flight.load(), context.active.load());
  boost::system::error_code ignored;
  acceptor.close(ignored);
  if (signals) signals->cancel(ignored);
  context.ForEach([](detail::Connection& c) { c.Drain(); });

  auto deadline = std::chrono::steady_clock::now() + options.drain_timeout;
  co_await WaitUntil([this] { return context.in_flight == 0 && context.event_streams == 0; },
                     deadline);
  if (context.in_flight > 0 || context.event_streams > 0) {
    spdlog::warn("transport: drain timeout with {} requests and {} event streams left",
                 context.in_flight.load(), context.event_streams.load());
  }

  context.ForEach([this](detail::Connection& c) {
    ++context.closes_pending;
    c.Close();
  });
  // Every socket must be closed before io.stop() discards pending work. Sessions still waiting
  // for a handler cannot unwind before it returns; the others get a moment to.
  co_await WaitUntil(
      [this] { return context.closes_pending == 0 && context.active <= context.in_flight; },
      std::chrono::steady_clock::now() + kUnwindTimeout);

  context.SetWake({});
  work.reset();
  // Handlers stuck past drain_timeout keep outstanding work on `io`; stop regardless.
  io.stop();
  spdlog::info("transport: stopped");
}

Server::Server(http::Service& service, ServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {}

Server::~Server() = default;

core::Result<void> Server::Start() {
  Impl& s = *impl_;
  if (s.options.io_threads < 1 || s.options.worker_threads < 1 || s.options.max_connections < 1) {
    return core::Error::Invalid("server",
                                "io_threads, worker_threads and max_connections must be >= 1");
  }
  if (s.started.exchange(true)) return core::Error::Internal("Server::Start called twice");

  boost::system::error_code ec;
  tcp::resolver resolver(s.io);
  auto endpoints = resolver.resolve(s.options.host, std::to_string(s.options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || endpoints.empty()) {
    return core::Error::Invalid("listen", "cannot resolve " + s.options.host + ": " + ec.message());
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();
  auto fail = [&](std::string_view what) -> core::Result<void> {
    return core::Error::Unavailable(
        fmt::format("cannot {} {}:{}: {}", what, s.options.host, s.options.port, ec.message()));
  };
  s.acceptor.open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  // Restarting while old connections sit in TIME_WAIT must not fail.
  s.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (ec) return fail("configure");
  s.acceptor.bind(endpoint, ec);
  if (ec) return fail("bind");
  s.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  s.port = s.acceptor.local_endpoint(ec).port();

  s.context.SetWake([this] { asio::post(impl_->strand, [this] { impl_->drain_timer.cancel(); }); });
  asio::co_spawn(s.strand, s.Accept(), [](std::exception_ptr e) {
    if (e) spdlog::error("transport: accept loop ended by an exception");
  });
  spdlog::info("transport: listening on {}:{}", endpoint.address().to_string(), s.port);
  return core::Ok();
}

uint16_t Server::port() const { return impl_->port; }

void Server::Run() {
  Impl& s = *impl_;
  if (!s.started) {
    spdlog::error("transport: Server::Run called before a successful Start");
    return;
  }
  std::vector<std::thread> extra;
  for (int i = 1; i < s.options.io_threads; ++i) extra.emplace_back([&s] { s.io.run(); });
  s.io.run();
  for (auto& t : extra) t.join();
}

void Server::Stop() {
  Impl& s = *impl_;
  if (s.stop_requested.exchange(true)) return;
  // Set here rather than in Drain() so that a request arriving right after Stop() returns is
  // answered 503 however busy the io threads are.
  s.context.draining = true;
  asio::co_spawn(s.strand, s.Drain(), [](std::exception_ptr e) {
    if (e) spdlog::error("transport: drain ended by an exception");
  });
}

size_t Server::active_connections() const {
  return static_cast<size_t>(impl_->context.active.load());
}

ServerStats Server::stats() const {
  const detail::SessionContext& c = impl_->context;
  return {c.active.load(), c.accepted.load(), c.rejected.load(), c.in_flight.load(),
          c.event_streams.load()};
}

void StopOnSignals(Server& server) {
  Server::Impl& s = *server.impl_;
  s.signals.emplace(s.strand, SIGINT, SIGTERM);
  s.signals->async_wait([&server](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;  // cancelled by the drain
    spdlog::info("transport: signal {} received, shutting down", signal_number);
    server.Stop();
  });
}

}  // namespace transport
