// Whole Greenhouse and Lever exports (tests/data/imports/{greenhouse,lever}/, written from the
// vendors' public API documentation) imported as the CLI and the widget import them, checked
// against the expected result written beside each export (expected.json).
#include "runnerup/import.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "fixtures.hpp"
#include "format_fixtures.hpp"
#include "runnerup/export.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::kNow;
using testing::read_data;

// The files of an export, in no particular order: the core's classifier tells them apart.
const std::vector<std::string> kGreenhouseFiles = {
    "users.json", "candidates.json", "activity_feed/60002.json", "jobs.json", "applications.json",
    "rejection_reasons.json", "activity_feed/60001.json", "job_stages.json"};
const std::vector<std::string> kLeverFiles = {"notes.json", "opportunities.json", "users.json", "postings.json",
                                              "archive_reasons.json"};

struct Imported {
  Pool pool;
  ImportReport report;
  bool adopted = false;
};

// Reads an export as `runnerup import DIR` does: references first, then the documents in their
// kinds' order, fed in chunks of `chunk` bytes.
Imported import_export(ImportFormat format, const std::string& dir, const std::vector<std::string>& files,
                       ImportOptions options = {}, std::size_t chunk = 4096, Pool start = {},
                       const std::string& id_base = "imp") {
  std::vector<std::pair<ExportFile, std::string>> documents;
  std::vector<std::string> sorted = files;
  std::sort(sorted.begin(), sorted.end());
  for (const std::string& file : sorted) {
    const std::string text = read_data("imports/" + dir + "/" + file);
    std::string why;
    auto kind = classify_export_file(format, dir + "/" + file, text.substr(0, 4096), &why);
    EXPECT_TRUE(kind) << why;
    if (!kind) continue;
    if (kind->reference) options.references[kind->kind] = json::parse(text);
    else documents.emplace_back(*kind, text);
  }
  const auto& order = document_kinds(format);
  std::stable_sort(documents.begin(), documents.end(), [&](const auto& a, const auto& b) {
    return std::find(order.begin(), order.end(), a.first.kind) < std::find(order.begin(), order.end(), b.first.kind);
  });
  Imported out;
  out.pool = std::move(start);
  ImportProposal proposal(out.pool, format, std::move(options), "alice", kNow, id_base);
  for (const auto& [kind, text] : documents) {
    EXPECT_TRUE(proposal.begin_document(kind.kind, kind.subject));
    for (std::size_t i = 0; i < text.size(); i += chunk) EXPECT_TRUE(proposal.feed(std::string_view(text).substr(i, chunk)));
    EXPECT_TRUE(proposal.finish()) << (proposal.report().error ? proposal.report().error->message : "");
  }
  out.report = proposal.report();
  out.adopted = std::move(proposal).adopt_into(out.pool);
  return out;
}

// Every field `want` names holds that value in `got`; an empty value wanted matches a field the
// record leaves out.
void expect_fields(const json::value& want, const json::value* got, const std::string& where) {
  auto empty = [](const json::value& v) {
    return v.is_null() || (v.is_string() && v.as_string().empty()) || (v.is_bool() && !v.as_bool()) ||
           (v.is_array() && v.as_array().empty());
  };
  if (want.is_object()) {
    ASSERT_TRUE(got && got->is_object()) << where << " is " << (got ? json::serialize(*got) : "absent");
    for (const auto& [key, value] : want.as_object())
      expect_fields(value, got->as_object().if_contains(key), where + "/" + std::string(key));
    return;
  }
  if (!got) {
    EXPECT_TRUE(empty(want)) << where << " is absent, expected " << json::serialize(want);
    return;
  }
  EXPECT_EQ(json::serialize(*got), json::serialize(want)) << where;
}

std::size_t count(const std::map<std::string, std::vector<FeedbackGiven>>& m, const std::string& id) {
  auto it = m.find(id);
  return it == m.end() ? 0 : it->second.size();
}

// Checks an import against expected.json.
void expect_as_written(const Imported& got, const std::string& dir) {
  const json::value want = json::parse(read_data("imports/" + dir + "/expected.json"));
  const State& s = got.pool.state();
  const auto& records = want.at("records").as_array();
  ASSERT_EQ(got.report.records.size(), records.size()) << json::serialize(json::value_from(got.report));
  for (std::size_t i = 0; i < records.size(); ++i) {
    const json::object& w = records[i].as_object();
    const RecordReport& r = got.report.records[i];
    const std::string where = dir + " record " + std::to_string(i) + " (" + r.id + "): " + r.reason;
    EXPECT_EQ(r.document, w.at("document").as_string()) << where;
    EXPECT_EQ(r.id, w.at("id").as_string()) << where;
    EXPECT_EQ(to_string(r.status), w.at("status").as_string()) << where;
    EXPECT_EQ(r.number, static_cast<std::size_t>(w.at("number").as_int64())) << where;  // from 1 within its document
    EXPECT_EQ(r.number, r.index + 1) << where;  // index: the record's place in the JSON Pointers of its file
    EXPECT_EQ(r.changed, r.status != RecordStatus::refused) << where;  // into an empty pool
    if (const json::value* field = w.if_contains("field")) {
      EXPECT_EQ(r.field, field->as_string()) << where;
    }
    if (const json::value* parts = w.if_contains("reasonIncludes")) {
      for (const json::value& part : parts->as_array()) {
        EXPECT_NE(r.reason.find(std::string(part.as_string())), std::string::npos) << where << "\n  lacks: " << part;
      }
    }
  }
  if (const json::value* n = want.as_object().if_contains("anonymised")) {
    EXPECT_EQ(got.report.anonymised, static_cast<std::size_t>(n->as_int64()));
  }
  for (const auto& [id, fields] : want.at("candidates").as_object()) {
    auto c = s.candidates.find(std::string(id));
    ASSERT_NE(c, s.candidates.end()) << "candidate " << id;
    const json::value v = json::value_from(c->second);
    expect_fields(fields, &v, dir + " candidate " + std::string(id));
  }
  for (const json::value& id : want.at("absentCandidates").as_array())
    EXPECT_EQ(s.candidates.count(std::string(id.as_string())), 0u) << id;
  auto key = [](std::string_view k) {
    const std::size_t space = k.find(' ');
    return std::pair{std::string(k.substr(0, space)), std::string(k.substr(space + 1))};
  };
  for (const auto& [k, fields] : want.at("outcomes").as_object()) {
    auto o = s.outcomes.find(key(k));
    ASSERT_NE(o, s.outcomes.end()) << "outcome " << k;
    const json::value v = json::value_from(o->second);
    expect_fields(fields, &v, dir + " outcome " + std::string(k));
  }
  for (const json::value& k : want.at("absentOutcomes").as_array())
    EXPECT_EQ(s.outcomes.count(key(k.as_string())), 0u) << k;
  for (const auto& [id, fields] : want.at("requisitions").as_object()) {
    auto r = s.requisitions.find(std::string(id));
    ASSERT_NE(r, s.requisitions.end()) << "requisition " << id;
    const json::value v = json::value_from(r->second);
    expect_fields(fields, &v, dir + " requisition " + std::string(id));
  }
  for (const auto& [id, fields] : want.at("flags").as_object()) {
    const Flags* f = s.flags_of(std::string(id));
    const json::value v = f ? json::value_from(*f) : json::value_from(Flags{});
    expect_fields(fields, &v, dir + " flags of " + std::string(id));
  }
  for (const auto& [id, n] : want.at("feedbackGiven").as_object())
    EXPECT_EQ(count(s.feedback, std::string(id)), static_cast<std::size_t>(n.as_int64())) << "feedback of " << id;
  for (const auto& [id, n] : want.at("followUps").as_object()) {
    std::size_t open = 0;
    for (const auto& [fid, f] : s.follow_ups) open += f.candidate_id == std::string(id);
    EXPECT_EQ(open, static_cast<std::size_t>(n.as_int64())) << "follow-ups of " << id;
  }
  for (const auto& [id, fields] : want.at("consents").as_object()) {
    const json::value v = json::value_from(s.consent_of(std::string(id)));
    expect_fields(fields, &v, dir + " consent of " + std::string(id));
  }
  if (const json::value* due = want.as_object().if_contains("erasureDue")) {
    std::vector<std::string> got_due, want_due;
    for (const ErasureDue& e : erasure_due(s, date_of(kNow))) got_due.push_back(e.candidate_id);
    for (const json::value& id : due->as_array()) {
      want_due.emplace_back(id.as_string());
      EXPECT_NE(s.outreach_blocked(want_due.back(), date_of(kNow)), "") << want_due.back() << " is due for erasure";
    }
    EXPECT_EQ(got_due, want_due) << "the people due for erasure on " << format_date(date_of(kNow));
  }
}

TEST(ImportGreenhouseExport, EveryRecordLandsAsTheExpectedFileSays) {
  const Imported got = import_export(ImportFormat::greenhouse, "greenhouse", kGreenhouseFiles);
  ASSERT_FALSE(got.report.error) << got.report.error->message;
  EXPECT_TRUE(got.adopted);
  expect_as_written(got, "greenhouse");
}

TEST(ImportLeverExport, EveryRecordLandsAsTheExpectedFileSays) {
  const Imported got = import_export(ImportFormat::lever, "lever", kLeverFiles);
  ASSERT_FALSE(got.report.error) << got.report.error->message;
  EXPECT_TRUE(got.adopted);
  expect_as_written(got, "lever");
}

TEST(ImportAtsExport, GivesTheSamePoolInAnyChunking) {
  for (const auto& [format, dir, files] : {std::tuple{ImportFormat::greenhouse, "greenhouse", kGreenhouseFiles},
                                           std::tuple{ImportFormat::lever, "lever", kLeverFiles}}) {
    const Imported whole = import_export(format, dir, files, {}, 1 << 20);
    for (std::size_t chunk : {1u, 97u}) {
      const Imported pieces = import_export(format, dir, files, {}, chunk);
      EXPECT_EQ(testing::state_text(pieces.pool), testing::state_text(whole.pool)) << dir << " chunk " << chunk;
    }
  }
}

TEST(ImportAtsExport, TheImportedPoolReadsBackFromItsLog) {
  for (const auto& [format, dir, files] : {std::tuple{ImportFormat::greenhouse, "greenhouse", kGreenhouseFiles},
                                           std::tuple{ImportFormat::lever, "lever", kLeverFiles}}) {
    const Imported got = import_export(format, dir, files);
    auto events = decode_log(json::serialize(encode_log(got.pool.log())));
    ASSERT_TRUE(events) << dir << ": " << events.error().path << ": " << events.error().message;
    Pool replayed;
    replayed.apply(std::move(events).value());
    EXPECT_EQ(testing::state_text(replayed), testing::state_text(got.pool)) << dir;
  }
}

TEST(ImportAtsExport, ImportingItAgainChangesNothing) {
  for (const auto& [format, dir, files] : {std::tuple{ImportFormat::greenhouse, "greenhouse", kGreenhouseFiles},
                                           std::tuple{ImportFormat::lever, "lever", kLeverFiles}}) {
    const Imported first = import_export(format, dir, files);
    const std::string before = testing::state_text(first.pool);
    const std::size_t events = first.pool.log().size();
    // another import, so other event ids (as the CLI and the widget make them): nothing is
    // added because the pool holds it, not because the same ids come back
    const Imported again = import_export(format, dir, files, {}, 4096, first.pool, "imp-again");
    EXPECT_EQ(again.pool.log().size(), events) << dir;
    EXPECT_EQ(testing::state_text(again.pool), before) << dir;
    // and the report says so: every record accepted or merged as before, none of them new
    EXPECT_GT(first.report.changed, 0u) << dir;
    EXPECT_EQ(first.report.changed, first.report.accepted + first.report.merged) << dir;
    EXPECT_EQ(again.report.accepted + again.report.merged, first.report.accepted + first.report.merged) << dir;  // merged: with the person the pool holds
    EXPECT_EQ(again.report.changed, 0u) << dir;
    for (const RecordReport& r : again.report.records) EXPECT_FALSE(r.changed) << dir << " " << r.document << " " << r.id;
    const json::value v = json::value_from(again.report);
    EXPECT_EQ(v.at("changed"), 0) << dir;
    EXPECT_EQ(v.at("unchanged"), again.report.accepted + again.report.merged) << dir;
  }
}

TEST(ImportAtsExport, NoFollowUpIsEverProposedForSomeoneNotToBeContacted) {
  // Lever: Jun Park (contact not allowed) was snoozed; Hanna was too and gets her follow-up.
  const Imported lever = import_export(ImportFormat::lever, "lever", kLeverFiles);
  for (const auto& [id, f] : lever.pool.state().follow_ups) EXPECT_NE(f.candidate_id, "c-3");
  EXPECT_FALSE(export_follow_ups_ics(lever.pool.state(), {}).find("Jun Park") != std::string::npos);
  // and the pool's own rules refuse one, whatever asks
  Pool pool = lever.pool;
  auto refused = pool.propose(testing::command(R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-3","due":"2027-02-01"}})"),
                              "alice", kNow, "x");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::blocked);
}

TEST(ImportAtsExport, WhicheverCopyOfAPersonTheAtsChangedLastWinsInEitherOrder) {
  const std::string older = R"({"id":1,"first_name":"Ana","last_name":"Old","title":"Engineer","updated_at":"2026-01-01T00:00:00Z","email_addresses":[{"value":"ana@example.com"}]})";
  const std::string newer = R"({"id":2,"first_name":"Ana","last_name":"New","title":"Staff Engineer","updated_at":"2026-06-01T00:00:00Z","email_addresses":[{"value":"ANA@example.com"}]})";
  for (const std::string& text : {"[" + older + "," + newer + "]", "[" + newer + "," + older + "]"}) {
    Pool pool;
    ImportReport r = import_text(pool, ImportFormat::greenhouse, text, {}, "alice", kNow, "imp");
    ASSERT_EQ(pool.state().candidates.size(), 1u) << text;
    const Candidate& ana = pool.state().candidates.begin()->second;
    EXPECT_EQ(ana.name, "Ana New") << text;
    EXPECT_EQ(ana.title, "Staff Engineer") << text;
    EXPECT_EQ(ana.ats_ids, (std::vector<std::string>{ana.id, ana.id == "1" ? "2" : "1"})) << text;
    EXPECT_EQ(r.merged, 1u);
  }
}

TEST(ImportAtsExport, AnInitiatorIsDerivedFromReasonTextOnlyThroughTheRecruitersMapping) {
  const std::string text = R"([{"id":1,"first_name":"Ana","applications":[{"id":10,"status":"rejected",
      "jobs":[{"id":3,"name":"Chef"}],"rejection_reason":{"id":5,"name":"Withdrew - relocation","type":{"id":3,"name":"None specified"}},
      "rejected_at":"2026-10-01T00:00:00Z"}]}])";
  Pool plain;
  import_text(plain, ImportFormat::greenhouse, text, {}, "alice", kNow, "imp");
  EXPECT_EQ(plain.state().outcomes.at({"1", "3"}).initiator, Initiator::not_specified);
  EXPECT_EQ(plain.state().outcomes.at({"1", "3"}).outcome, OutcomeKind::withdrew);  // the ATS's words say so
  ImportOptions o;
  o.initiator_by_reason["withdrew - relocation"] = "candidate_withdrew";
  Pool mapped;
  ImportReport r = import_text(mapped, ImportFormat::greenhouse, text, o, "alice", kNow, "imp");
  EXPECT_EQ(mapped.state().outcomes.at({"1", "3"}).initiator, Initiator::candidate_withdrew);
  EXPECT_NE(r.records.at(0).reason.find("from your mapping"), std::string::npos) << r.records.at(0).reason;
}

TEST(ImportAtsExport, ALaterApplicationsImportFindsAMergedPersonByEitherId) {
  Imported first = import_export(ImportFormat::greenhouse, "greenhouse", {"candidates.json"});
  ImportProposal later(first.pool, ImportFormat::greenhouse, {}, "alice", kNow, "imp2");
  ASSERT_TRUE(later.begin_document("applications"));
  ASSERT_TRUE(later.feed(R"([{"id":8000,"candidate_id":60006,"status":"rejected","jobs":[{"id":4002,"name":"Product Designer"}],
      "current_stage":{"id":5202,"name":"Case Study"},"rejection_reason":null,"rejected_at":"2026-11-01T00:00:00Z"}])"));
  ASSERT_TRUE(later.finish());
  EXPECT_EQ(later.report().records.at(0).status, RecordStatus::accepted) << later.report().records.at(0).reason;
  ASSERT_TRUE(std::move(later).adopt_into(first.pool));
  EXPECT_EQ(first.pool.state().outcomes.count({"60001", "4002"}), 1u);
}

// A storage limit from the ATS has passed when its day is before the recruiter's today
// (Pool::today(), the pool's UTC offset), as every command counts it, not the UTC date.
TEST(ImportAtsExport, AStorageLimitHasPassedByTheRecruitersToday) {
  std::string text = read_data("imports/lever/opportunities.json");
  const std::string old_limit = "1793000000000";  // opp-5's, 2026-10-26
  const auto at = text.find(old_limit);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, old_limit.size(), "1795089600000");  // 2026-11-19T12:00:00Z
  auto reason_of_opp5 = [&](int utc_offset) {
    Pool pool;
    EXPECT_TRUE(pool.set_utc_offset(utc_offset));
    ImportOptions options;
    options.references["archive_reasons"] = json::parse(read_data("imports/lever/archive_reasons.json"));
    ImportProposal proposal(pool, ImportFormat::lever, std::move(options), "alice", kNow, "imp");  // 2026-11-20T09:30Z
    EXPECT_TRUE(proposal.begin_document("opportunities"));
    EXPECT_TRUE(proposal.feed(text));
    EXPECT_TRUE(proposal.finish());
    for (const RecordReport& r : proposal.report().records)
      if (r.id == "opp-5") return r.reason;
    ADD_FAILURE() << "no record opp-5";
    return std::string();
  };
  // UTC: today is 2026-11-20, the limit's day 2026-11-19 has passed
  EXPECT_NE(reason_of_opp5(0).find("has passed"), std::string::npos) << reason_of_opp5(0);
  // UTC-10:00: today is still 2026-11-19, the limit's own day
  EXPECT_EQ(reason_of_opp5(-600).find("has passed"), std::string::npos) << reason_of_opp5(-600);
}

}  // namespace
}  // namespace runnerup
