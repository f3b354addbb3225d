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

// ---- the ATS's own words and ids beside the mapping -------------------------------------------

Result<Requisition> requisition(const char* text) { return decode_requisition(json::parse(text), "/requisition"); }

// Encodes, decodes the text again and checks it encodes to the same bytes.
template <class T, class Decode>
std::string canonical(const T& x, Decode decode) {
  const std::string once = json::serialize(json::value_from(x));
  auto again = decode(json::parse(once), "");
  EXPECT_TRUE(again) << again.error().message << " at " << again.error().path;
  if (again) EXPECT_EQ(json::serialize(json::value_from(again.value())), once);
  return once;
}

TEST(Records, ACandidatesAtsIdsCompanyConfidentialityAndUpdateTimeRoundTrip) {
  auto r = candidate(R"({"id":"gh-1","name":"Ana","atsIds":["gh-1","lever-9f2"],"company":"Acme GmbH",
                        "confidential":true,"atsUpdatedAt":"2026-10-01T08:00:00Z"})");
  ASSERT_TRUE(r) << r.error().message;
  const Candidate& c = r.value();
  EXPECT_EQ(c.ats_ids, (std::vector<std::string>{"gh-1", "lever-9f2"}));
  EXPECT_EQ(c.company, "Acme GmbH");
  EXPECT_TRUE(c.confidential);
  EXPECT_EQ(c.ats_updated_at, *parse_instant("2026-10-01T08:00:00Z"));
  const std::string text = canonical(c, decode_candidate);
  EXPECT_NE(text.find(R"("id":"gh-1","atsIds":["gh-1","lever-9f2"],"name":"Ana")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("company":"Acme GmbH","confidential":true,"atsUpdatedAt":"2026-10-01T08:00:00Z"})"),
            std::string::npos) << text;
}

TEST(Records, ARequisitionsCodeAndOpeningsRoundTrip) {
  auto r = requisition(R"({"id":"4012","title":"Platform Engineer","code":"REQ-118","openings":[
      {"id":"op-1","status":"filled","closeReason":"Hire made"},{"id":"op-2"},
      {"id":"op-3","status":"closed","closeReason":"Budget cut"}]})");
  ASSERT_TRUE(r) << r.error().message;
  const Requisition& q = r.value();
  EXPECT_EQ(q.code, "REQ-118");
  ASSERT_EQ(q.openings.size(), 3u);
  EXPECT_EQ(q.openings[0].status, OpeningStatus::filled);
  EXPECT_EQ(q.openings[0].close_reason, "Hire made");
  EXPECT_EQ(q.openings[1].status, OpeningStatus::open);  // an opening's status defaults to open
  EXPECT_EQ(q.openings[2].status, OpeningStatus::closed);
  const std::string text = canonical(q, decode_requisition);
  EXPECT_NE(text.find(R"({"id":"4012","code":"REQ-118","title")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("openings":[{"id":"op-1","status":"filled","closeReason":"Hire made"},)"
                      R"({"id":"op-2","status":"open","closeReason":""},)"),
            std::string::npos) << text;
}

TEST(Records, AnOutcomesStageNameReasonTextAndAtsIdRoundTrip) {
  auto r = outcome(R"({"candidateId":"c","requisitionId":"r","atsId":"app-77","stage":"unknown",
      "stageName":"Face to Face","outcome":"rejected","initiator":"not_specified",
      "reason":{"code":"other","note":"Withdrew – relocation","text":"Withdrew – relocation"}})");
  ASSERT_TRUE(r) << r.error().message;
  const Outcome& o = r.value();
  EXPECT_EQ(o.ats_id, "app-77");
  EXPECT_EQ(o.stage, Stage::unknown);
  EXPECT_EQ(o.stage_name, "Face to Face");
  EXPECT_EQ(o.initiator, Initiator::not_specified);
  EXPECT_EQ(o.reason.text, "Withdrew – relocation");
  const std::string text = canonical(o, decode_outcome);
  EXPECT_NE(text.find(R"("requisitionId":"r","atsId":"app-77","stage":"unknown","stageName":"Face to Face",)"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"("reason":{"code":"other","note":"Withdrew – relocation","text":"Withdrew – relocation"})"),
            std::string::npos) << text;
  EXPECT_NE(text.find(R"("initiator":"not_specified")"), std::string::npos) << text;
}

// Records written before these fields existed decode with their defaults and encode to the very
// bytes they had: no key for a field that holds nothing.
TEST(Records, RecordsWithoutTheAtsFieldsKeepTheirExactBytes) {
  const std::string c = R"({"id":"c-1","name":"Ana","emails":[],"phones":[],"links":[],)"
                        R"("location":{"city":"","region":"","country":""},"title":"","skills":["go"],)"
                        R"("seniority":"","source":"","tags":[]})";
  auto dc = decode_candidate(json::parse(c), "");
  ASSERT_TRUE(dc);
  EXPECT_TRUE(dc.value().ats_ids.empty());
  EXPECT_FALSE(dc.value().confidential);
  EXPECT_EQ(dc.value().ats_updated_at, 0);
  EXPECT_EQ(json::serialize(json::value_from(dc.value())), c);

  const std::string q = R"({"id":"r-1","title":"SRE","department":"","location":{"city":"","region":"","country":""},)"
                        R"("level":"","employmentType":"full_time","requiredSkills":[],"niceSkills":[],)"
                        R"("status":"open","hiredCandidateId":""})";
  auto dq = decode_requisition(json::parse(q), "");
  ASSERT_TRUE(dq);
  EXPECT_TRUE(dq.value().code.empty());
  EXPECT_TRUE(dq.value().openings.empty());
  EXPECT_EQ(json::serialize(json::value_from(dq.value())), q);

  const std::string o = R"({"candidateId":"c-1","requisitionId":"r-1","stage":"final","outcome":"runner_up",)"
                        R"("rank":1,"reason":{"code":"timing","note":""},"initiator":"circumstances",)"
                        R"("futureFit":"strong","scores":[],"skillGaps":[],"note":"",)"
                        R"("decidedAt":"2026-11-20T09:30:00Z","decidedBy":"alice"})";
  auto dout = decode_outcome(json::parse(o), "");
  ASSERT_TRUE(dout);
  EXPECT_TRUE(dout.value().stage_name.empty());
  EXPECT_TRUE(dout.value().reason.text.empty());
  EXPECT_TRUE(dout.value().ats_id.empty());
  EXPECT_EQ(json::serialize(json::value_from(dout.value())), o);
}

TEST(Records, BadAtsFieldsAreRefusedWithTheirPath) {
  struct Case {
    const char* what;
    std::string json;
    std::string path;
  };
  const std::string c = R"({"id":"c","name":"A",)";
  const std::string q = R"({"id":"r","title":"T",)";
  const std::string o = R"({"candidateId":"c","requisitionId":"r","stage":"final","outcome":"runner_up",)";
  const std::vector<Case> candidates = {
      {"an empty ATS id", c + R"("atsIds":["gh-1",""]})", "/candidate/atsIds/1"},
      {"an ATS id twice", c + R"("atsIds":["gh-1","gh-1"]})", "/candidate/atsIds/1"},
      {"ATS ids that are not a list", c + R"("atsIds":"gh-1"})", "/candidate/atsIds"},
      {"an overlong ATS id", c + R"("atsIds":[")" + std::string(201, 'x') + R"("]})", "/candidate/atsIds/0"},
      {"a company that is not text", c + R"("company":42})", "/candidate/company"},
      {"a company with a control character", c + R"("company":"Acme\u0007"})", "/candidate/company"},
      {"confidential as a word", c + R"("confidential":"yes"})", "/candidate/confidential"},
      {"an update time that is no instant", c + R"("atsUpdatedAt":"last week"})", "/candidate/atsUpdatedAt"},
  };
  for (const Case& k : candidates) {
    auto r = decode_candidate(json::parse(k.json), "/candidate");
    ASSERT_FALSE(r) << k.what;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_field) << k.what;
    EXPECT_EQ(r.error().path, k.path) << k.what;
  }
  const std::vector<Case> requisitions = {
      {"an overlong code", q + R"("code":")" + std::string(201, 'x') + R"("})", "/requisition/code"},
      {"openings that are not a list", q + R"("openings":{"id":"op-1"}})", "/requisition/openings"},
      {"an opening that is not an object", q + R"("openings":["op-1"]})", "/requisition/openings/0"},
      {"an opening status outside the vocabulary", q + R"("openings":[{"id":"op-1","status":"frozen"}]})",
       "/requisition/openings/0/status"},
      {"an opening id twice", q + R"("openings":[{"id":"op-1"},{"id":"op-1"}]})", "/requisition/openings/1/id"},
      {"a close reason that is not text", q + R"("openings":[{"id":"op-1","closeReason":1}]})",
       "/requisition/openings/0/closeReason"},
  };
  for (const Case& k : requisitions) {
    auto r = decode_requisition(json::parse(k.json), "/requisition");
    ASSERT_FALSE(r) << k.what;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_field) << k.what;
    EXPECT_EQ(r.error().path, k.path) << k.what;
  }
  auto no_id = decode_requisition(json::parse(q + R"("openings":[{"status":"open"}]})"), "/requisition");
  ASSERT_FALSE(no_id);
  EXPECT_EQ(no_id.error().code, ErrorCode::missing_field);
  EXPECT_EQ(no_id.error().path, "/requisition/openings/0/id");
  auto stray = decode_requisition(json::parse(q + R"("openings":[{"id":"op-1","filledBy":"c-1"}]})"), "/requisition");
  ASSERT_FALSE(stray);
  EXPECT_EQ(stray.error().code, ErrorCode::unknown_field);
  EXPECT_EQ(stray.error().path, "/requisition/openings/0/filledBy");
  const std::vector<Case> outcomes = {
      {"an overlong ATS id", o + R"("atsId":")" + std::string(201, 'x') + R"(","reason":{"code":"timing"}})",
       "/outcome/atsId"},
      {"a stage name over two lines", o + R"("stageName":"Face\nto Face","reason":{"code":"timing"}})",
       "/outcome/stageName"},
      {"a reason text that is not text", o + R"("reason":{"code":"timing","text":["Timing"]}})", "/outcome/reason/text"},
      {"an initiator outside the vocabulary", o + R"("initiator":"nobody","reason":{"code":"timing"}})",
       "/outcome/initiator"},
  };
  for (const Case& k : outcomes) {
    auto r = decode_outcome(json::parse(k.json), "/outcome");
    ASSERT_FALSE(r) << k.what;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_field) << k.what;
    EXPECT_EQ(r.error().path, k.path) << k.what;
  }
}

}  // namespace
}  // namespace runnerup
