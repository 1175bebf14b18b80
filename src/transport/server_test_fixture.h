// Fakes and the fixture shared by the transport's server tests: a fake http::Service, event
// streams that push from their own thread, and a server on port 0 running on a thread.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "transport/server.h"

namespace transport::testing {

using namespace std::chrono_literals;

// A one-shot event between threads. Waits are bounded so that a bug fails a test, not hangs it.
class Signal {
 public:
  void Notify() {
    std::lock_guard lock(mu_);
    set_ = true;
    cv_.notify_all();
  }
  bool Wait(std::chrono::milliseconds limit = 10s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, limit, [this] { return set_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool set_ = false;
};

// Pushes `count` events from a thread of its own, as the notification hub would.
class PushingStream : public http::EventStream {
 public:
  explicit PushingStream(int count) : count_(count) {}
  ~PushingStream() override {
    if (pusher_.joinable()) pusher_.join();
  }
  void Start(Sink sink) override {
    {
      std::lock_guard lock(mu_);
      sink_ = sink;
    }
    pusher_ = std::thread([this, sink] {
      for (int i = 1; i <= count_; ++i) {
        sink({i, "tick", "{\"n\":" + std::to_string(i) + "}"});
      }
    });
    started.Notify();
  }
  void Stop() override { stopped.Notify(); }
  Sink sink() {
    std::lock_guard lock(mu_);
    return sink_;
  }

  Signal started;
  Signal stopped;

 private:
  const int count_;
  std::mutex mu_;
  Sink sink_;  // guarded by mu_
  std::thread pusher_;
};

class ThrowingStream : public http::EventStream {
 public:
  void Start(Sink) override { throw std::runtime_error("stream failed to start"); }
  void Stop() override { stopped.Notify(); }
  Signal stopped;
};

class FakeService : public http::Service {
 public:
  size_t BodyLimit(http::Method, std::string_view path) const override {
    // Handle is noexcept by contract; this is the service call that can still throw.
    if (path == "/limit-throws") throw std::logic_error("route table broken");
    return path == "/small" ? 16 : 1 << 20;
  }

  http::Response Handle(http::Request& request) noexcept override {
    ++handled;
    {
      std::lock_guard lock(mu_);
      last_ = request;
    }
    if (request.path == "/block") {
      blocked.Notify();
      release.Wait();
      return http::Response::Text(200, "unblocked");
    }
    if (request.path == "/sse" || request.path == "/sse-throws") {
      http::Response response;
      response.headers.Add("X-Request-Id", "sse-request");
      response.headers.Add("Content-Type", "text/plain");  // must be replaced
      if (request.path == "/sse") {
        response.stream = stream;
      } else {
        request.request_id = "from-service";
        response.stream = throwing_stream;
      }
      return response;
    }
    if (request.path == "/cookies") {
      http::Response response = http::Response::NoContent();
      response.headers.Add("Set-Cookie", "a=1");
      response.headers.Add("Set-Cookie", "b=2");
      return response;
    }
    if (request.path == "/hello") return http::Response::Text(200, "hello");
    return http::Response::Text(200, std::string(http::MethodName(request.method)) + " " +
                                         request.path + " " + request.body);
  }

  http::Request last() {
    std::lock_guard lock(mu_);
    return last_;
  }

  std::atomic<int> handled{0};
  Signal blocked;  // a /block request reached the handler
  Signal release;  // lets /block requests return
  std::shared_ptr<PushingStream> stream = std::make_shared<PushingStream>(3);
  std::shared_ptr<ThrowingStream> throwing_stream = std::make_shared<ThrowingStream>();

 private:
  std::mutex mu_;
  http::Request last_;  // guarded by mu_
};

inline ServerOptions TestOptions() {
  ServerOptions options;
  options.port = 0;
  options.io_threads = 1;
  options.worker_threads = 2;
  options.header_timeout = 5s;
  options.body_timeout = 5s;
  options.keep_alive_timeout = 5s;
  options.sse_heartbeat = 1h;  // tests about heartbeats lower it
  options.drain_timeout = 5s;
  return options;
}

class ServerTest : public ::testing::Test {
 protected:
  void StartServer(ServerOptions options = TestOptions()) {
    server_ = std::make_unique<Server>(service_, options);
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
    runner_ = std::thread([this] { server_->Run(); });
  }

  void StopServer() {
    if (!server_) return;
    service_.release.Notify();
    server_->Stop();
    if (runner_.joinable()) runner_.join();
  }

  void TearDown() override { StopServer(); }

  uint16_t port() const { return server_->port(); }

  FakeService service_;  // outlives the server
  std::unique_ptr<Server> server_;
  std::thread runner_;
};

}  // namespace transport::testing
