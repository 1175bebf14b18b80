// Formatting and queueing of Server-Sent Events, without sockets.
#include "transport/sse_channel.h"

#include <gtest/gtest.h>

namespace transport::detail {
namespace {

TEST(FormatEventTest, WritesIdEventAndData) {
  EXPECT_EQ(FormatEvent({7, "notification", "{\"a\":1}"}),
            "id: 7\nevent: notification\ndata: {\"a\":1}\n\n");
}

TEST(FormatEventTest, SplitsMultiLineDataAndNeutralisesBreaksInTheType) {
  EXPECT_EQ(FormatEvent({1, "a\nb", "x\r\ny\nz"}),
            "id: 1\nevent: a b\ndata: x\ndata: y\ndata: z\n\n");
}

TEST(SseChannelTest, KeepsPushOrderAndWakesOncePerTake) {
  int wakes = 0;
  SseChannel channel(1 << 20, [&] { ++wakes; });
  EXPECT_TRUE(channel.Push({1, "e", "1"}));
  EXPECT_TRUE(channel.Push({2, "e", "2"}));
  EXPECT_EQ(wakes, 1);  // the writer has not taken anything yet: one wake-up is enough
  bool overflow = true;
  EXPECT_EQ(channel.Take(&overflow), FormatEvent({1, "e", "1"}) + FormatEvent({2, "e", "2"}));
  EXPECT_FALSE(overflow);
  EXPECT_TRUE(channel.Push({3, "e", "3"}));
  EXPECT_EQ(wakes, 2);
}

TEST(SseChannelTest, RefusesPushesAfterClose) {
  SseChannel channel(1 << 20, [] {});
  channel.Close();
  EXPECT_FALSE(channel.Push({1, "e", "1"}));
  bool overflow = false;
  EXPECT_EQ(channel.Take(&overflow), "");
}

TEST(SseChannelTest, OverflowsWhenTheClientDoesNotRead) {
  SseChannel channel(64, [] {});
  EXPECT_TRUE(channel.Push({1, "e", std::string(20, 'x')}));
  EXPECT_FALSE(channel.Push({2, "e", std::string(60, 'x')}));
  bool overflow = false;
  channel.Take(&overflow);
  EXPECT_TRUE(overflow);
}

}  // namespace
}  // namespace transport::detail
