#include "watch/mqtt_ingest.h"

#include <gtest/gtest.h>

namespace watch {
namespace {

const std::string kMac(64, 'a');

TEST(ParseEventTopicTest, Mqtt5TopicNamesTheDeviceAndCarriesNoSignature) {
  auto t = ParseEventTopic("tsunagari/v1/gunjo/gw-001/events", "gunjo");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->device, "gw-001");
  EXPECT_EQ(t->mac, "");
}

TEST(ParseEventTopicTest, Mqtt311TopicCarriesTheSignatureAsTheLastLevel) {
  auto t = ParseEventTopic("tsunagari/v1/gunjo/gw-001/events/" + kMac, "gunjo");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->device, "gw-001");
  EXPECT_EQ(t->mac, kMac);
  auto upper = ParseEventTopic("tsunagari/v1/gunjo/d1/events/" + std::string(64, 'F'), "gunjo");
  ASSERT_TRUE(upper.has_value());
  EXPECT_EQ(upper->mac, std::string(64, 'F'));
}

TEST(ParseEventTopicTest, RefusesTopicsThatAreNotOurs) {
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/other/gw-001/events", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo2/gw-001/events", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v2/gunjo/gw-001/events", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/gw-001/eventsX", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/gw-001/status", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo//events", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/a b/events", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/home/gw/events", "gunjo"));
  // The signature level is exactly 64 hex digits, and nothing follows it.
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/gw-001/events/", "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/gw-001/events/" + kMac.substr(1), "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/gw-001/events/" + kMac + "0", "gunjo"));
  EXPECT_FALSE(
      ParseEventTopic("tsunagari/v1/gunjo/gw-001/events/" + std::string(64, 'g'), "gunjo"));
  EXPECT_FALSE(ParseEventTopic("tsunagari/v1/gunjo/gw-001/events/" + kMac + "/x", "gunjo"));
}

}  // namespace
}  // namespace watch
