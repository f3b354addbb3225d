#include "runnerup/records.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace runnerup {
namespace {

namespace json = boost::json;

Result<Candidate> candidate(const char* text) { return decode_candidate(json::parse(text), "/candidate"); }
Result<Outcome> outcome(const char* text) { return decode_outcome(json::parse(text), "/outcome"); }

TEST(Records, CandidateNeedsIdAndName) {
  auto r = candidate(R"({"id":"c-1"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::missing_field);
  EXPECT_EQ(r.error().path, "/candidate/name");
}

TEST(Records, SkillsAreNormalisedAndDeduplicated) {
  auto r = candidate(R"({"id":"c-1","name":"Ana","skills":["  Go ","go","Postgre  SQL",""]})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().skills, (std::vector<std::string>{"go", "postgre sql"}));
}

TEST(Records, LinksAllowOnlyHttpAndHttps) {
  EXPECT_TRUE(candidate(R"({"id":"c","name":"A","links":["https://example.com/ana","HTTP://example.org/x"]})"));
  for (const char* bad : {R"J({"id":"c","name":"A","links":["javascript:alert(1)"]})J",
                          R"J({"id":"c","name":"A","links":["JaVaScRiPt:alert(1)"]})J",
                          R"({"id":"c","name":"A","links":["data:text/html,x"]})",
                          R"({"id":"c","name":"A","links":["https://ok.example","ftp://x.example/y"]})"}) {
    auto r = candidate(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_field);
    EXPECT_EQ(r.error().path.substr(0, 17), "/candidate/links/");
  }
}

TEST(Records, ControlAndBidiOverrideCharactersAreRefusedInNames) {
  auto r = candidate(R"({"id":"c","name":"Ana\u0000"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/candidate/name");
  auto bidi = candidate("{\"id\":\"c\",\"name\":\"Ana \xE2\x80\xAE\x65vil\"}");
  ASSERT_FALSE(bidi);
  EXPECT_NE(bidi.error().message.find("bidirectional"), std::string::npos);
}

// Text is checked eight bytes at a time where nothing is suspect: a bad character is refused at
// every place in a chunk and across chunk edges, and what is allowed (accents, the euro sign's
// E2 byte, newlines and tabs in notes) is kept wherever it falls.
TEST(Records, EveryPlaceInATextIsChecked) {
  auto name_with = [](std::size_t at, const std::string& inner) {
    std::string name(21, 'a');
    name.insert(at, inner);
    return json::value{{"id", "c"}, {"name", name}};
  };
  const std::vector<std::string> bad = {std::string(1, '\x01'), "\x1f", "\x7f", "\n", "\t",
                                        "\xE2\x80\xAA", "\xE2\x80\xAE", "\xE2\x81\xA6", "\xE2\x81\xA9"};
  const std::vector<std::string> fine = {"\xC3\xA9", "\xE2\x82\xAC", "\xE2\x80\x94", "\xC2\x80", "~"};
  for (std::size_t at = 0; at <= 21; ++at) {
    for (const std::string& b : bad) {
      auto r = decode_candidate(name_with(at, b), "/candidate");
      ASSERT_FALSE(r) << "at " << at;
      EXPECT_EQ(r.error().path, "/candidate/name");
    }
    for (const std::string& f : fine) {
      auto r = decode_candidate(name_with(at, f), "/candidate");
      ASSERT_TRUE(r) << "at " << at << ": " << r.error().message;
    }
    std::string note(21, 'n');
    note.insert(at, "\n\t\r");
    json::value o = json::parse(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up","reason":{"code":"timing"}})");
    o.as_object()["note"] = note;
    auto ok = decode_outcome(o, "/outcome");
    ASSERT_TRUE(ok) << "at " << at << ": " << ok.error().message;
    EXPECT_EQ(ok.value().note, note);
    note.insert(at, std::string(1, '\x02'));
    o.as_object()["note"] = note;
    auto refused = decode_outcome(o, "/outcome");
    ASSERT_FALSE(refused) << "at " << at;
    EXPECT_EQ(refused.error().path, "/outcome/note");
  }
}

// Fields read are marked by their place in the object, a bit each for the first 64: past 64
// fields the first unknown one is still the one named.
TEST(Records, TheFirstUnknownFieldIsNamedInAnObjectOfManyFields) {
  json::object c{{"id", "c"}, {"name", "A"}};
  for (int k = 0; k < 70; ++k) c["extra" + std::to_string(k)] = k;
  auto r = decode_candidate(c, "/candidate");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unknown_field);
  EXPECT_EQ(r.error().path, "/candidate/extra0");
  json::object late;
  for (int k = 0; k < 70; ++k) late["x" + std::to_string(k)] = k;
  late["id"] = "c";
  late["name"] = "A";
  auto r2 = decode_candidate(late, "/candidate");
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().path, "/candidate/x0");
}

TEST(Records, UnknownFieldsAreRefusedWithTheirPath) {
  auto r = candidate(R"({"id":"c","name":"A","location":{"city":"Leeds","planet":"Earth"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unknown_field);
  EXPECT_EQ(r.error().path, "/candidate/location/planet");
}

TEST(Records, CountryCodesAreTwoLettersAndUpperCased) {
  auto ok = candidate(R"({"id":"c","name":"A","location":{"country":"gb"}})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok.value().location.country, "GB");
  EXPECT_FALSE(candidate(R"({"id":"c","name":"A","location":{"country":"GBR"}})"));
}

TEST(Records, OutcomeReasonMustComeFromTheTaxonomy) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up",
                      "reason":{"code":"bad_vibes"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unknown_reason);
  EXPECT_EQ(r.error().path, "/outcome/reason/code");
}

TEST(Records, OtherReasonRequiresANote) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up",
                      "reason":{"code":"other","note":"   "}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::note_required);
  EXPECT_EQ(r.error().path, "/outcome/reason/note");
  EXPECT_TRUE(outcome(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up",
                         "reason":{"code":"other","note":"Budget moved to Q3"}})"));
}

TEST(Records, InitiatorDefaultsFromTheReason) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"offer","outcome":"offer_declined",
                      "reason":{"code":"accepted_other_offer"}})");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().initiator, Initiator::candidate_withdrew);
}

TEST(Records, OnlyRunnerUpsHaveARank) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"rejected",
                      "rank":2,"reason":{"code":"skills_gap"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/outcome/rank");
}

TEST(Records, NotHiredNeedsAReason) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up"})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/outcome/reason");
  EXPECT_TRUE(outcome(R"({"candidateId":"c","requisitionId":"r","stage":"offer","outcome":"hired"})"));
}

TEST(Records, WrongTypesNameTheField) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up",
                      "rank":"first","reason":{"code":"timing"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(r.error().path, "/outcome/rank");
  auto s = outcome(R"({"candidateId":"c","requisitionId":"r","stage":"last","outcome":"runner_up"})");
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("applied, screen, interview, final, offer"), std::string::npos);
}

TEST(Records, HugeOrFractionalNumbersAreRefusedNotTruncated) {
  for (const char* rank : {"1.11111e+26", "-1e300", "2.5", "1e999"}) {
    auto r = decode_outcome(json::parse(std::string(R"({"candidateId":"c","requisitionId":"r","stage":"final",
        "outcome":"runner_up","reason":{"code":"timing"},"rank":)") + rank + "}"), "/outcome");
    ASSERT_FALSE(r) << rank;
    EXPECT_EQ(r.error().path, "/outcome/rank") << rank;
  }
  auto whole = decode_outcome(json::parse(R"({"candidateId":"c","requisitionId":"r","stage":"final",
      "outcome":"runner_up","reason":{"code":"timing"},"rank":2.0})"), "/outcome");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole.value().rank, 2);
}

TEST(Records, OverlongNotesAreRefused) {
  std::string big(20'001, 'x');
  auto r = decode_outcome(
      json::parse(R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up",
                     "reason":{"code":"timing"},"note":")" + big + "\"}"),
      "/outcome");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/outcome/note");
}

TEST(Records, EncodingIsCanonicalAndRoundTrips) {
  auto r = candidate(R"({"name":"Ana","id":"c-1","skills":["Go"]})");
  ASSERT_TRUE(r);
  const std::string once = json::serialize(json::value_from(r.value()));
  auto again = decode_candidate(json::parse(once), "");
  ASSERT_TRUE(again);
  EXPECT_EQ(json::serialize(json::value_from(again.value())), once);
  EXPECT_EQ(once.substr(0, 28), R"({"id":"c-1","name":"Ana","em)");
}

}  // namespace
}  // namespace runnerup
