// Server-Sent Events through the transport: delivery order, heartbeats, the stream's Stop when
// the client leaves or the server drains, and a stream that fails to start.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "transport/server.h"
#include "transport/server_test_fixture.h"
#include "transport/test_client.h"

namespace transport::testing {
namespace {

TEST_F(ServerTest, EventStreamThatThrowsOnStartGives500AndIsStopped) {
  StartServer();
  TestClient client(port());
  ClientResponse response = client.Request("GET", "/sse-throws");
  EXPECT_EQ(response.status, 500);
  EXPECT_NE(response.body.find("\"request_id\":\"from-service\""), std::string::npos);
  EXPECT_TRUE(service_.throwing_stream->stopped.Wait());
  EXPECT_EQ(client.Request("GET", "/hello").status, 200);
}

TEST_F(ServerTest, EventStreamDeliversPushedEventsInOrder) {
  StartServer();
  SseCapture capture = ReadSse(port(), "/sse", {}, 3, 10s);
  EXPECT_EQ(capture.status, 200);
  EXPECT_EQ(capture.headers["content-type"], "text/event-stream; charset=utf-8");
  EXPECT_EQ(capture.headers["cache-control"], "no-store");
  EXPECT_EQ(capture.headers["x-accel-buffering"], "no");
  EXPECT_EQ(capture.headers["x-request-id"], "sse-request");
  ASSERT_EQ(capture.raw_events.size(), 3u);
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    EXPECT_EQ(capture.raw_events[i - 1], "id: " + n + "\nevent: tick\ndata: {\"n\":" + n + "}");
  }
}

TEST_F(ServerTest, EventStreamSendsHeartbeats) {
  ServerOptions options = TestOptions();
  options.sse_heartbeat = 20ms;
  service_.stream = std::make_shared<PushingStream>(0);
  StartServer(options);
  SseCapture capture = ReadSse(port(), "/sse", {}, 2, 10s);
  ASSERT_EQ(capture.raw_events.size(), 2u);
  EXPECT_EQ(capture.raw_events[0], ": heartbeat");
  EXPECT_EQ(capture.raw_events[1], ": heartbeat");
}

TEST_F(ServerTest, EventStreamIsStoppedWhenTheClientLeaves) {
  ServerOptions options = TestOptions();
  options.sse_heartbeat = 20ms;  // the heartbeat write is how the server notices
  service_.stream = std::make_shared<PushingStream>(0);
  StartServer(options);
  SseCapture capture = ReadSse(port(), "/sse", {}, 1, 10s);
  ASSERT_EQ(capture.raw_events.size(), 1u);
  ASSERT_TRUE(service_.stream->stopped.Wait());
  EXPECT_FALSE(service_.stream->sink()({99, "late", "{}"}));
}

TEST_F(ServerTest, StopEndsEventStreams) {
  service_.stream = std::make_shared<PushingStream>(0);
  StartServer();
  SseCapture capture;
  std::thread reader([&] { capture = ReadSse(port(), "/sse", {}, 100, 30s); });
  ASSERT_TRUE(service_.stream->started.Wait());
  EXPECT_EQ(server_->stats().event_streams, 1);
  server_->Stop();
  reader.join();
  EXPECT_EQ(capture.status, 200);
  EXPECT_TRUE(capture.ended);  // a proper end of the chunked body, not a cut connection
  EXPECT_TRUE(service_.stream->stopped.Wait());
  runner_.join();
}

}  // namespace
}  // namespace transport::testing
