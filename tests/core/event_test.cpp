#include "runnerup/event.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::three_runner_ups;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Event, LogRoundTripsExactly) {
  Pool pool = three_runner_ups();
  const std::string text = json::serialize(encode_log(pool.log()));
  auto events = decode_log(text);
  ASSERT_TRUE(events) << events.error().message;
  EXPECT_EQ(json::serialize(encode_log(events.value())), text);
}

TEST(Event, GoldenLogDecodesAndReEncodesByteForByte) {
  const std::string path = std::string(RUNNERUP_TEST_DATA) + "/log-v1.json";
  if (std::getenv("RUNNERUP_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << json::serialize(encode_log(three_runner_ups().log())) << "\n";
  }
  std::string golden = read_file(path);
  ASSERT_FALSE(golden.empty()) << "missing " << path;
  if (golden.back() == '\n') golden.pop_back();
  auto events = decode_log(golden);
  ASSERT_TRUE(events) << events.error().message << " at " << events.error().path;
  EXPECT_EQ(events.value().size(), 7u);
  EXPECT_EQ(json::serialize(encode_log(events.value())), golden);
}

TEST(Event, MalformedJsonIsRefused) {
  auto r = decode_log(R"({"format":"runnerup.log","version":1,"events":[)");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::malformed_json);
}

TEST(Event, UnknownEventTypeIsRefusedWithItsPath) {
  auto r = decode_log(R"({"format":"runnerup.log","version":1,"events":[
    {"id":"x.0","actor":"a","at":"2026-11-20T09:30:00Z","clock":1,"type":"candidate.teleported","data":{}}]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unknown_type);
  EXPECT_EQ(r.error().path, "/events/0/type");
}

TEST(Event, FutureLogVersionsAreRefused) {
  auto r = decode_log(R"({"format":"runnerup.log","version":2,"events":[]})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unsupported_version);
}

TEST(Event, EnvelopeFieldsAreChecked) {
  auto r = decode_event(json::parse(R"({"id":"x","actor":"a","at":"yesterday","clock":1,
      "type":"candidate.saved","data":{"candidate":{"id":"c","name":"A"}}})"), "/events/4");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/events/4/at");
  auto zero = decode_event(json::parse(R"({"id":"x","actor":"a","at":"2026-11-20T09:30:00Z","clock":0,
      "type":"candidate.saved","data":{"candidate":{"id":"c","name":"A"}}})"), "");
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().path, "/clock");
}

TEST(Event, DataIsDecodedIntoTheTypedPayload) {
  auto r = decode_event(json::parse(R"({"id":"x","actor":"a","at":"2026-11-20T09:30:00Z","clock":3,
      "type":"outcome.recorded","data":{"outcome":{"candidateId":"c","requisitionId":"r",
      "stage":"final","outcome":"runner_up","reason":{"code":"nope"}}}})"), "/events/0");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unknown_reason);
  EXPECT_EQ(r.error().path, "/events/0/data/outcome/reason/code");
}

TEST(Event, OrderIsClockThenActorThenId) {
  Event a, b;
  a.clock = 1, a.actor = "zoe", a.id = "1";
  b.clock = 2, b.actor = "adam", b.id = "0";
  EXPECT_TRUE(order_before(a, b));
  b.clock = 1;
  EXPECT_TRUE(order_before(b, a));
  b.actor = "zoe", b.id = "2";
  EXPECT_TRUE(order_before(a, b));
}

}  // namespace
}  // namespace runnerup
