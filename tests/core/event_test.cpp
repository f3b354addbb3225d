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

// Events that carry the ATS's own words and ids (stage name, reason text, ATS ids, requisition
// code and openings, company, confidentiality, ATS update time) read back to the same bytes.
TEST(Event, EventsWithTheAtsOwnWordsRoundTripByteForByte) {
  Pool pool;
  testing::must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"SRE","code":"REQ-9",
      "openings":[{"id":"op-1","status":"closed","closeReason":"Budget cut"}]}})", "a");
  testing::must(pool, R"({"type":"saveCandidate","candidate":{"id":"gh-1","name":"Ana","atsIds":["gh-1","lv-2"],
      "company":"Acme","confidential":true,"atsUpdatedAt":"2026-10-01T08:00:00Z"}})", "b");
  testing::must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"gh-1","requisitionId":"r-1",
      "atsId":"app-7","stage":"unknown","stageName":"Case Study","outcome":"rejected","initiator":"not_specified",
      "reason":{"code":"skills_gap","text":"Skills – backend"}}})", "c");
  const std::string text = json::serialize(encode_log(pool.log()));
  for (const char* kept : {R"("code":"REQ-9")", R"("closeReason":"Budget cut")", R"("atsIds":["gh-1","lv-2"])",
                           R"("company":"Acme")", R"("confidential":true)", R"("atsUpdatedAt":"2026-10-01T08:00:00Z")",
                           R"("atsId":"app-7")", R"("stage":"unknown","stageName":"Case Study")",
                           R"("text":"Skills – backend")", R"("initiator":"not_specified")"})
    EXPECT_NE(text.find(kept), std::string::npos) << kept;
  auto events = decode_log(text);
  ASSERT_TRUE(events) << events.error().message << " at " << events.error().path;
  EXPECT_EQ(json::serialize(encode_log(events.value())), text);
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
