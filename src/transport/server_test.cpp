// The transport against a real server on port 0 with a fake service: requests and answers,
// limits, timeouts, errors, concurrency and the drain. Time-dependent behaviour uses short
// timeouts set in ServerOptions; tests wait for events, never for time to pass.
#include "transport/server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <string>
#include <thread>
#include <vector>

#include "transport/server_test_fixture.h"
#include "transport/test_client.h"

namespace transport::testing {
namespace {

using Clock = std::chrono::steady_clock;

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  StartServer();
  TestClient client(port());
  ClientResponse first = client.Request("GET", "/one");
  ClientResponse second = client.Request("POST", "/two", "payload");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, "GET /one ");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, "POST /two payload");
  EXPECT_EQ(client.connections_opened(), 1);
  EXPECT_EQ(server_->stats().accepted_total, 1);
}

TEST_F(ServerTest, RequestIsConvertedForTheService) {
  StartServer();
  TestClient client(port());
  ASSERT_EQ(client.Request("PATCH", "/a%20b/c?x=1&y=%20", "{}", {{"X-Custom", "v"}}).status, 200);
  http::Request seen = service_.last();
  EXPECT_EQ(seen.method, http::Method::kPatch);
  EXPECT_EQ(seen.target, "/a%20b/c?x=1&y=%20");
  EXPECT_EQ(seen.path, "/a b/c");
  EXPECT_EQ(seen.query_string, "x=1&y=%20");
  EXPECT_EQ(seen.Header("x-custom").value_or(""), "v");
  EXPECT_EQ(seen.body, "{}");
  EXPECT_EQ(seen.remote_address, "127.0.0.1");
  EXPECT_TRUE(seen.request_id.empty());
}

TEST_F(ServerTest, ForwardedForIsIgnoredUnlessTrusted) {
  StartServer();
  TestClient client(port());
  client.Request("GET", "/", {}, {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(service_.last().remote_address, "127.0.0.1");
}

TEST_F(ServerTest, TrustedForwardedForTakesTheAddressTheProxyAdded) {
  ServerOptions options = TestOptions();
  options.trust_forwarded_for = true;
  StartServer(options);
  TestClient client(port());
  // The first entry came from the client and could be forged; the last one is nginx's.
  client.Request("GET", "/", {}, {{"X-Forwarded-For", "203.0.113.9, 198.51.100.7"}});
  EXPECT_EQ(service_.last().remote_address, "198.51.100.7");
  client.Request("GET", "/", {}, {{"X-Forwarded-For", "not an address"}});
  EXPECT_EQ(service_.last().remote_address, "127.0.0.1");
}

TEST_F(ServerTest, BodyOverRouteLimitIsRefusedWith413AndClose) {
  StartServer();
  TestClient client(port());
  ClientResponse response = client.Request("POST", "/small", std::string(100, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_NE(response.body.find("\"code\":\"too_large\""), std::string::npos);
  EXPECT_EQ(response.Header("connection"), "close");
  EXPECT_EQ(service_.handled, 0);
  // The next request goes out on a new connection and works.
  EXPECT_EQ(client.Request("POST", "/small", "short").status, 200);
  EXPECT_EQ(client.connections_opened(), 2);
}

TEST_F(ServerTest, ChunkedBodyOverRouteLimitIsRefusedWith413) {
  StartServer();
  std::string reply =
      SendRaw(port(),
              "POST /small HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
              "20\r\n0123456789abcdef0123456789abcdef\r\n0\r\n\r\n",
              10s);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 413")) << reply;
  EXPECT_EQ(service_.handled, 0);
}

TEST_F(ServerTest, HugeHeaderIsRefusedWith431) {
  ServerOptions options = TestOptions();
  options.header_limit = 1024;
  StartServer(options);
  TestClient client(port());
  ClientResponse response = client.Request("GET", "/", {}, {{"X-Big", std::string(4000, 'a')}});
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(service_.handled, 0);
}

TEST_F(ServerTest, GarbageIsAnsweredWith400AndClosed) {
  StartServer();
  std::string reply = SendRaw(port(), "garbage\r\n\r\n", 10s);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
  EXPECT_NE(reply.find("\"code\":\"invalid\""), std::string::npos);
  // An absolute-form target is not something a browser or nginx sends us.
  reply = SendRaw(port(), "GET http://example.com/ HTTP/1.1\r\nHost: x\r\n\r\n", 10s);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
  EXPECT_EQ(service_.handled, 0);
}

TEST_F(ServerTest, SlowClientIsClosedAfterHeaderTimeout) {
  ServerOptions options = TestOptions();
  options.header_timeout = 100ms;
  StartServer(options);
  auto start = Clock::now();
  std::string reply = SendRaw(port(), "GET / HTTP/1.1\r\nHost: x\r\n", 30s);
  EXPECT_EQ(reply, "");
  EXPECT_LT(Clock::now() - start, 20s);  // closed by the server, not by our own timeout
}

TEST_F(ServerTest, StalledBodyIsClosedAfterBodyTimeout) {
  ServerOptions options = TestOptions();
  options.body_timeout = 100ms;
  StartServer(options);
  auto start = Clock::now();
  std::string reply =
      SendRaw(port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", 30s);
  EXPECT_EQ(reply, "");
  EXPECT_LT(Clock::now() - start, 20s);
  EXPECT_EQ(service_.handled, 0);
}

TEST_F(ServerTest, IdleKeptAliveConnectionIsClosedAfterKeepAliveTimeout) {
  ServerOptions options = TestOptions();
  options.keep_alive_timeout = 100ms;
  StartServer(options);
  auto start = Clock::now();
  std::string reply = SendRaw(port(), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", 30s);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  EXPECT_TRUE(reply.ends_with("hello"));
  EXPECT_LT(Clock::now() - start, 20s);
}

TEST_F(ServerTest, HeadAnswersTheLengthWithoutABody) {
  StartServer();
  std::string reply =
      SendRaw(port(), "HEAD /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10s);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 200")) << reply;
  EXPECT_NE(reply.find("Content-Length: 5\r\n"), std::string::npos) << reply;
  EXPECT_TRUE(reply.ends_with("\r\n\r\n")) << reply;

  TestClient client(port());
  ClientResponse head = client.Request("HEAD", "/hello");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(client.Request("GET", "/hello").body, "hello");  // same connection still in step
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(ServerTest, ExceptionGives500WithRequestIdAndServingGoesOn) {
  StartServer();
  TestClient client(port());
  ClientResponse response = client.Request("POST", "/limit-throws", "{}");
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(response.body.find("\"code\":\"internal\""), std::string::npos);
  std::string id = response.Header("x-request-id");
  ASSERT_FALSE(id.empty());
  EXPECT_NE(response.body.find("\"request_id\":\"" + id + "\""), std::string::npos);
  EXPECT_EQ(response.body.find("route table broken"), std::string::npos);  // logged, not sent

  EXPECT_EQ(client.Request("GET", "/hello").status, 200);
}

TEST_F(ServerTest, SlowHandlerDoesNotBlockOtherRequests) {
  StartServer();  // one io thread, two workers
  ClientResponse slow;
  std::thread slow_caller([&] { slow = TestClient(port()).Request("GET", "/block"); });
  ASSERT_TRUE(service_.blocked.Wait());
  // The io thread is free while the handler blocks on a worker.
  EXPECT_EQ(TestClient(port()).Request("GET", "/hello").status, 200);
  service_.release.Notify();
  slow_caller.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "unblocked");
}

TEST_F(ServerTest, StopLetsTheRunningRequestFinishAndRefusesNewOnes) {
  StartServer();
  TestClient kept_alive(port());
  ASSERT_EQ(kept_alive.Request("GET", "/hello").status, 200);

  ClientResponse slow;
  std::thread slow_caller([&] { slow = TestClient(port()).Request("GET", "/block"); });
  ASSERT_TRUE(service_.blocked.Wait());
  server_->Stop();

  ClientResponse refused = kept_alive.Request("GET", "/hello");
  if (refused.status != 0) {
    EXPECT_EQ(refused.status, 503);
    EXPECT_NE(refused.body.find("\"code\":\"unavailable\""), std::string::npos);
  }
  int fresh = TestClient(port()).Request("GET", "/hello").status;
  EXPECT_TRUE(fresh == 0 || fresh == 503) << fresh;

  service_.release.Notify();
  slow_caller.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "unblocked");
  EXPECT_EQ(slow.Header("connection"), "close");
  runner_.join();  // Run returns once the drain is over
}

TEST_F(ServerTest, StopGivesUpOnAHandlerStuckPastDrainTimeout) {
  ServerOptions options = TestOptions();
  options.drain_timeout = 100ms;
  StartServer(options);
  ClientResponse stuck;
  std::thread caller([&] { stuck = TestClient(port()).Request("GET", "/block"); });
  ASSERT_TRUE(service_.blocked.Wait());
  server_->Stop();
  runner_.join();  // returns although the handler still runs
  caller.join();
  EXPECT_EQ(stuck.status, 0);  // its connection was closed
  service_.release.Notify();
  server_.reset();  // waits for the handler before freeing what it uses
}

TEST_F(ServerTest, ConnectionsBeyondTheCapAreClosedAtOnce) {
  ServerOptions options = TestOptions();
  options.max_connections = 2;
  StartServer(options);
  TestClient first(port()), second(port());
  ASSERT_EQ(first.Request("GET", "/hello").status, 200);
  ASSERT_EQ(second.Request("GET", "/hello").status, 200);
  EXPECT_EQ(SendRaw(port(), "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", 10s), "");
  EXPECT_EQ(server_->stats().rejected_total, 1);
  EXPECT_EQ(server_->active_connections(), 2u);
  EXPECT_EQ(first.Request("GET", "/hello").status, 200);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  StartServer();
  std::string reply = SendRaw(port(),
                              "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
                              "GET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                              10s);
  size_t first = reply.find("GET /first");
  size_t second = reply.find("GET /second");
  ASSERT_NE(first, std::string::npos) << reply;
  ASSERT_NE(second, std::string::npos) << reply;
  EXPECT_LT(first, second);
}

TEST_F(ServerTest, ExpectContinueIsAnsweredBeforeTheBody) {
  StartServer();
  std::string reply = SendRaw(port(),
                              "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n"
                              "Expect: 100-continue\r\nConnection: close\r\n\r\ndata",
                              10s);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200")) << reply;
  EXPECT_TRUE(reply.ends_with("POST /upload data")) << reply;
}

TEST_F(ServerTest, RepeatedSetCookieHeadersReachTheClient) {
  StartServer();
  ClientResponse response = TestClient(port()).Request("GET", "/cookies");
  EXPECT_EQ(response.status, 204);
  EXPECT_EQ(response.Header("set-cookie"), "a=1\nb=2");
}

TEST_F(ServerTest, ManyClientsOnSeveralIoThreads) {
  ServerOptions options = TestOptions();
  options.io_threads = 3;
  options.worker_threads = 3;
  StartServer(options);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      TestClient client(port());
      for (int i = 0; i < 25; ++i) {
        std::string body = std::to_string(c) + "-" + std::to_string(i);
        ClientResponse response = client.Request("POST", "/n", body);
        if (response.status == 200 && response.body == "POST /n " + body) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok, 8 * 25);
  EXPECT_EQ(server_->stats().accepted_total, 8);
}

TEST_F(ServerTest, SigtermStopsTheServer) {
  server_ = std::make_unique<Server>(service_, TestOptions());
  ASSERT_TRUE(server_->Start().ok());
  StopOnSignals(*server_);
  runner_ = std::thread([this] { server_->Run(); });
  ASSERT_EQ(TestClient(port()).Request("GET", "/hello").status, 200);
  std::raise(SIGTERM);
  runner_.join();  // Run returns: the signal went to Stop, not to the default handler
}

TEST_F(ServerTest, StartFailsWhenThePortIsTaken) {
  StartServer();
  ServerOptions options = TestOptions();
  options.port = port();
  Server second(service_, options);
  EXPECT_FALSE(second.Start().ok());
}

}  // namespace
}  // namespace transport::testing
