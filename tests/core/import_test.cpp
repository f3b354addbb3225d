#include "runnerup/import.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "fixtures.hpp"
#include "format_fixtures.hpp"
#include "runnerup/export.hpp"
#include "runnerup/query.hpp"

namespace runnerup {
namespace {

using testing::expect_golden;
using testing::kNow;
using testing::read_data;

ImportReport run(Pool& pool, ImportFormat f, const std::string& text, ImportOptions o = {}) {
  return import_text(pool, f, text, o, "alice", kNow, "imp");
}

const RecordReport& record(const ImportReport& r, std::size_t i) { return r.records.at(i); }

// A Lever import needs the export's archive reasons.
ImportOptions lever_options() {
  ImportOptions o;
  o.references["archive_reasons"] = boost::json::parse(read_data("formats/lever-archive-reasons.json"));
  return o;
}

// Feeds `text` to the proposal in chunks of 100 bytes and finishes it; the events it proposed.
std::vector<Event> propose_all(ImportProposal& proposal, const std::string& text) {
  std::vector<Event> events;
  for (std::size_t i = 0; i < text.size(); i += 100) {
    EXPECT_TRUE(proposal.feed(std::string_view(text).substr(i, 100)));
    for (Event& e : proposal.take_events()) events.push_back(std::move(e));
  }
  EXPECT_TRUE(proposal.finish());
  for (Event& e : proposal.take_events()) events.push_back(std::move(e));
  return events;
}

TEST(ImportGreenhouse, RejectedApplicationsBecomeOutcomesWithMappedReasons) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::greenhouse, read_data("formats/greenhouse-candidates.json"));
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.accepted, 5u);
  EXPECT_EQ(r.merged, 1u);
  EXPECT_EQ(r.refused, 1u);
  const State& s = pool.state();
  const Outcome& ana = s.outcomes.at({"53883394", "149995"});
  EXPECT_EQ(ana.reason.code, "stronger_candidate");
  EXPECT_EQ(ana.stage, Stage::final_round);  // "Onsite Interview"
  EXPECT_EQ(ana.stage_name, "Onsite Interview");
  EXPECT_EQ(ana.outcome, OutcomeKind::rejected);  // what Greenhouse says; never a runner-up by stage
  EXPECT_EQ(ana.reason.text, "Hired another candidate");
  EXPECT_EQ(ana.initiator, Initiator::we_decided);
  EXPECT_EQ(format_instant(ana.decided_at), "2026-10-30T12:00:00Z");
  const Outcome& ben = s.outcomes.at({"53883395", "149995"});
  EXPECT_EQ(ben.initiator, Initiator::candidate_withdrew);  // "They rejected us"
  EXPECT_EQ(ben.outcome, OutcomeKind::withdrew);  // the reason's words
  EXPECT_EQ(ben.reason.code, "other");
  EXPECT_EQ(ben.reason.text, "Candidate withdrew");
  const Outcome& dana_screen = s.outcomes.at({"53883397", "149995"});
  EXPECT_EQ(dana_screen.reason.code, "team_fit");
  EXPECT_EQ(dana_screen.stage, Stage::screen);
  EXPECT_EQ(dana_screen.outcome, OutcomeKind::rejected);
  EXPECT_EQ(s.outcomes.at({"53883397", "150001"}).reason.note, "Budget freeze");  // unknown: other
  EXPECT_EQ(s.outcomes.at({"53883396", "prospects"}).outcome, OutcomeKind::runner_up);  // a prospect
  EXPECT_EQ(s.candidates.at("53883394").location.country, "GB");
  expect_golden("formats/greenhouse-pool.csv", export_pool_csv(s));
}

TEST(ImportGreenhouse, NothingIsDroppedSilently) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::greenhouse, read_data("formats/greenhouse-candidates.json"));
  EXPECT_NE(record(r, 0).reason.find("ana_on_twitter"), std::string::npos);
  EXPECT_NE(record(r, 0).reason.find("application 69102627 is active"), std::string::npos);
  EXPECT_EQ(record(r, 5).status, RecordStatus::refused);
  EXPECT_EQ(record(r, 5).field, "/5/email_addresses");
  EXPECT_EQ(pool.state().candidates.count("60000002"), 0u);  // refused: nothing of it
  // one bad e-mail is left out, and said; the person is imported
  EXPECT_EQ(record(r, 6).status, RecordStatus::accepted);
  EXPECT_NE(record(r, 6).reason.find("/6/email_addresses/0"), std::string::npos) << record(r, 6).reason;
  EXPECT_TRUE(pool.state().candidates.at("60000003").emails.empty());
}

TEST(ImportGreenhouse, TheSameEmailMergesIntoOnePerson) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::greenhouse, read_data("formats/greenhouse-candidates.json"));
  EXPECT_EQ(record(r, 4).status, RecordStatus::merged);
  EXPECT_EQ(pool.state().candidates.count("60000001"), 0u);
  const Candidate& ana = pool.state().candidates.at("53883394");
  EXPECT_EQ(ana.emails, (std::vector<std::string>{"ana.nunez@example.com", "ana@work.example"}));
  EXPECT_EQ(ana.phones.size(), 2u);
}

TEST(ImportGreenhouse, ImportingTwiceNeverDoublesAnyone) {
  Pool pool;
  const std::string text = read_data("formats/greenhouse-candidates.json");
  run(pool, ImportFormat::greenhouse, text);
  const std::string before = testing::state_text(pool);
  const std::size_t events = pool.log().size();
  ImportReport again = run(pool, ImportFormat::greenhouse, text);
  EXPECT_EQ(again.merged, 6u);
  EXPECT_EQ(pool.log().size(), events);  // nothing new to say
  EXPECT_EQ(testing::state_text(pool), before);
}

TEST(ImportGreenhouse, StreamsRecordByRecordInAnyChunking) {
  const std::string text = read_data("formats/greenhouse-candidates.json");
  Pool whole;
  run(whole, ImportFormat::greenhouse, text);
  for (std::size_t size : {1u, 7u, 100u, 4096u}) {
    Pool pool;
    Importer importer(ImportFormat::greenhouse, {}, &pool.state());
    for (std::size_t i = 0; i < text.size(); i += size) {
      ASSERT_TRUE(importer.feed(std::string_view(text).substr(i, size)));
      apply_import(pool, importer.take_records(), "alice", kNow, "imp", importer.report());
    }
    ASSERT_TRUE(importer.finish());
    apply_import(pool, importer.take_records(), "alice", kNow, "imp", importer.report());
    EXPECT_EQ(importer.bytes_read(), text.size());
    EXPECT_EQ(testing::state_text(pool), testing::state_text(whole)) << "chunk " << size;
  }
}

TEST(ImportLever, ArchivedOpportunitiesBecomeOutcomes) {
  Pool pool;
  ImportOptions o;
  o.references["archive_reasons"] = boost::json::parse(read_data("formats/lever-archive-reasons.json"));
  ImportReport r = run(pool, ImportFormat::lever, read_data("formats/lever-opportunities.json"), o);
  ASSERT_FALSE(r.error) << r.error->message;
  const State& s = pool.state();
  const std::string posting = "f2f01e16-27f8-4711-a728-7d49499795a0";
  const Outcome& grace = s.outcomes.at({"7f23e772-f2cf-4a8f-b6d7-d5b2e8a3c2b1", posting});
  EXPECT_EQ(grace.outcome, OutcomeKind::offer_declined);
  EXPECT_EQ(grace.reason.code, "declined_offer");
  const Outcome& alan = s.outcomes.at({"1b2c3d4e-0000-4000-8000-000000000001", posting});
  EXPECT_EQ(alan.outcome, OutcomeKind::rejected);  // "Underqualified": not a runner-up by stage
  EXPECT_EQ(alan.reason.code, "skills_gap");
  EXPECT_EQ(alan.stage, Stage::final_round);
  EXPECT_EQ(s.outcomes.at({"1b2c3d4e-0000-4000-8000-000000000004", posting}).outcome, OutcomeKind::hired);
  EXPECT_NE(record(r, 2).reason.find("not archived"), std::string::npos);
  EXPECT_EQ(record(r, 4).status, RecordStatus::refused);  // "name": 42
  EXPECT_EQ(record(r, 4).field, "/data/4/name");
  EXPECT_EQ(s.requisitions.at(posting).title, "Senior Compiler Engineer");
  expect_golden("formats/lever-pool.csv", export_pool_csv(s));
}

TEST(ImportPool, ReimportingTheLogGivesTheIdenticalPool) {
  const std::string text = read_data("log-v1.json");
  Pool pool;
  ImportReport r = run(pool, ImportFormat::pool, text);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.accepted, 7u);
  std::string back = boost::json::serialize(encode_log(pool.log()));
  while (!text.empty() && !back.empty() && text.back() == '\n' && back.back() != '\n') back += '\n';
  EXPECT_EQ(back, text);
  EXPECT_EQ(r.changed, 7u);
  EXPECT_EQ(record(r, 0).number, 1u);  // the first event of the log is record 1
  EXPECT_EQ(record(r, 0).index, 0u);
  ImportReport again = run(pool, ImportFormat::pool, text);
  EXPECT_EQ(again.records.at(0).reason, "already in the pool");
  EXPECT_EQ(again.accepted, 7u);
  EXPECT_EQ(again.changed, 0u);  // nothing new
  EXPECT_FALSE(again.records.at(0).changed);
}

TEST(ImportCsv, TheReportSaysWhichRecordsChangedThePoolAndWhichItHeldAlready) {
  Pool pool;
  const std::string head = "Name,Email,Job,Stage,Rejection reason\r\n";
  const std::string ana = "Ana Núñez,ana@example.com,Chef,final,Timing\r\n";
  ImportReport first = run(pool, ImportFormat::csv, head + ana);
  EXPECT_EQ(first.changed, 1u);
  EXPECT_TRUE(record(first, 0).changed);
  // again, with one more row: Ana is in the pool as the file has her, Chen is new
  ImportReport again = run(pool, ImportFormat::csv, head + ana + "Chen Wei,chen@example.com,Chef,offer,Timing\r\n");
  EXPECT_EQ(again.accepted + again.merged, 2u);  // Ana merged with herself
  EXPECT_EQ(again.changed, 1u);
  EXPECT_FALSE(record(again, 0).changed);
  EXPECT_TRUE(record(again, 1).changed);
  EXPECT_EQ(record(again, 1).number, 3u);  // its row in the file
  const boost::json::value v = boost::json::value_from(again);
  EXPECT_EQ(v.at("changed"), 1);
  EXPECT_EQ(v.at("unchanged"), 1);
  EXPECT_EQ(v.at("records").at(0).at("changed"), false);
  EXPECT_EQ(v.at("records").at(1).at("number"), 3);
  // a refused record changed nothing and is neither
  ImportReport refused = run(pool, ImportFormat::csv, head + ",,Chef,final,Timing\r\n");
  EXPECT_EQ(refused.refused, 1u);
  EXPECT_EQ(refused.changed, 0u);
  EXPECT_EQ(boost::json::value_from(refused).at("unchanged"), 0);
}

TEST(ImportPool, StreamsEventByEventInAnyChunking) {
  // The records of a feed are made in one of two arenas that take turns: chunks of one byte
  // switch them at every feed, with every record spanning many feeds.
  const std::string text = read_data("log-v1.json");
  Pool whole;
  run(whole, ImportFormat::pool, text);
  ASSERT_EQ(whole.log().size(), 7u);
  for (std::size_t size : {1u, 3u, 64u, 1000u}) {
    Pool pool;
    Importer importer(ImportFormat::pool, {}, &pool.state());
    for (std::size_t i = 0; i < text.size(); i += size) {
      ASSERT_TRUE(importer.feed(std::string_view(text).substr(i, size)));
      if (i / size % 3 == 0)  // records also wait a feed or two before they are taken
        apply_import(pool, importer.take_records(), "alice", kNow, "imp", importer.report());
    }
    ASSERT_TRUE(importer.finish());
    apply_import(pool, importer.take_records(), "alice", kNow, "imp", importer.report());
    EXPECT_EQ(boost::json::serialize(encode_log(pool.log())), boost::json::serialize(encode_log(whole.log()))) << "chunk " << size;
    EXPECT_EQ(testing::state_text(pool), testing::state_text(whole)) << "chunk " << size;
  }
}

TEST(ImportPool, ADocumentThatIsNotALogIsRefused) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::pool, R"({"events":[{"id":"x"}],"format":"runnerup.log","version":1})");
  ASSERT_TRUE(r.error);
  EXPECT_TRUE(pool.log().empty());
  ImportReport v2 = run(pool, ImportFormat::pool, R"({"format":"runnerup.log","version":2,"events":[]})");
  ASSERT_TRUE(v2.error);
  EXPECT_EQ(v2.error->code, ErrorCode::unsupported_version);
}

TEST(ImportCsv, HeadersAreDetectedAndTheMappingIsAdjustable) {
  Pool pool;
  ImportOptions o;
  o.csv_mapping["Applicant"] = "name";
  o.csv_mapping["Why"] = "reason";
  const std::string text =
      "Applicant,E-mail,Job,Stage,Why,Favourite colour\r\n"
      "Ana Núñez,ana@example.com,Staff Engineer,final,Internal candidate selected,blue\r\n"
      "Chen Wei,CHEN@example.com,Staff Engineer,Offer,timing,red\r\n"
      "Chen W.,chen@example.com,Staff Engineer,Offer,timing,\r\n"
      "Nobody,,Staff Engineer,final,timing,\r\n";
  ImportReport r = run(pool, ImportFormat::csv, text, o);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.accepted, 2u);
  EXPECT_EQ(r.merged, 1u);   // same e-mail, another case
  EXPECT_EQ(r.refused, 1u);  // no id, no e-mail
  EXPECT_EQ(record(r, 3).field, "E-mail");
  EXPECT_EQ(record(r, 3).index, 5u);
  EXPECT_EQ(record(r, 3).number, 5u);  // a CSV record is numbered by its row in the file
  const Outcome& ana = pool.state().outcomes.at({"ana@example.com", "csv-staff-engineer"});
  EXPECT_EQ(ana.reason.code, "internal_candidate");
  EXPECT_EQ(ana.stage, Stage::final_round);
  bool noted = false;
  for (const std::string& n : r.notes) noted |= n.find("Favourite colour") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST(ImportCsv, ARefusedRowChangesNothing) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::csv,
                       "Name,Email,Requisition,Stage reached\r\nAna,ana@example.com,Staff,nowhere\r\n");
  EXPECT_EQ(r.refused, 1u);
  EXPECT_EQ(record(r, 0).field, "Stage reached");
  EXPECT_TRUE(pool.log().empty());
}

TEST(ImportCsv, ARankThatWouldSkipAPlaceIsRefusedBeforeAnythingApplies) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::csv,
                       "Name,Email,Requisition,Stage reached,Outcome,Rank,Reason\r\n"
                       "Ana,ana@example.com,Staff,final,runner_up,2,timing\r\n");
  EXPECT_EQ(r.refused, 1u);
  EXPECT_EQ(record(r, 0).field, "/outcome/rank");
  EXPECT_TRUE(pool.log().empty());
}

TEST(ImportCsv, AnInitiatorFromTheRecruitersMappingIsNamedInTheReport) {
  ImportOptions o;
  o.initiator_by_reason["moved abroad"] = "candidate_withdrew";
  Pool pool;
  ImportReport r = run(pool, ImportFormat::csv,
                       "Name,Email,Requisition,Stage reached,Outcome,Reason,Initiator\r\n"
                       "Ana,ana@example.com,Staff,final,withdrew,Moved abroad,\r\n"
                       "Bo,bo@example.com,Staff,final,withdrew,Moved abroad,we_decided\r\n",
                       o);
  ASSERT_EQ(r.accepted, 2u) << record(r, 0).reason << " / " << record(r, 1).reason;
  EXPECT_EQ(pool.state().outcomes.at({"ana@example.com", "csv-staff"}).initiator, Initiator::candidate_withdrew);
  EXPECT_NE(record(r, 0).reason.find("initiator candidate_withdrew from your mapping of \"Moved abroad\""),
            std::string::npos)
      << record(r, 0).reason;
  // the file's own initiator column wins, and the mapping is not named
  EXPECT_EQ(pool.state().outcomes.at({"bo@example.com", "csv-staff"}).initiator, Initiator::we_decided);
  EXPECT_EQ(record(r, 1).reason.find("from your mapping"), std::string::npos) << record(r, 1).reason;
}

TEST(ImportCsv, AFileWithoutAHeaderMustHaveTheExportersColumns) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::csv, "Ana,ana@example.com\r\n");
  ASSERT_TRUE(r.error);
  EXPECT_NE(r.error->message.find("header"), std::string::npos);
}

// ---- malformed input of each kind: a clear error, never a crash or a hang ----

struct Malformed {
  ImportFormat format;
  std::string text;
  std::string expect;  // in the error message
};

TEST(ImportMalformed, EachKindGivesAClearErrorAndChangesNothing) {
  const std::string deep = std::string(10'000, '[') + std::string(10'000, ']');
  const std::vector<Malformed> cases = {
      {ImportFormat::greenhouse, R"([{"id":1,"first_name":"Ana")", "truncated"},
      {ImportFormat::lever, R"({"data":[{"id":"x","name":"A"}]} trailing)", "after the end"},
      {ImportFormat::greenhouse, "[{\"id\":1,\"first_name\":\"Jos\xE9\"}]", "UTF-8"},
      {ImportFormat::greenhouse, deep, "deep"},
      {ImportFormat::pool, "{\"format\":\"runnerup.log\",\"version\":1,\"events\":[" + deep + "]}", "deep"},
      {ImportFormat::lever, "", "truncated"},
      {ImportFormat::greenhouse, R"({"jobs":[]})", "no records"},
      {ImportFormat::csv, "a,\"b\r\n", "closing quote"},
  };
  for (const Malformed& m : cases) {
    Pool pool;
    ImportReport r = run(pool, m.format, m.text, m.format == ImportFormat::lever ? lever_options() : ImportOptions{});
    ASSERT_TRUE(r.error) << m.text.substr(0, 60);
    EXPECT_NE(r.error->message.find(m.expect), std::string::npos) << r.error->message;
    EXPECT_TRUE(pool.log().empty());
  }
}

TEST(ImportMalformed, WrongTypesAndHugeStringsRefuseTheRecordOnly) {
  Pool pool;
  const std::string huge(1 << 20, 'a');
  const std::string text = R"([{"id":1,"first_name":")" + huge + R"("},{"id":2,"first_name":"Ana","tags":"x"},)" +
                           R"({"id":3,"first_name":"Ben","applications":{}},{"id":4,"first_name":"Chen"}])";
  ImportReport r = run(pool, ImportFormat::greenhouse, text);
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(record(r, 0).status, RecordStatus::refused);
  EXPECT_EQ(record(r, 0).field, "/0/first_name");
  EXPECT_EQ(record(r, 1).field, "/1/tags");
  EXPECT_EQ(record(r, 2).field, "/2/applications");
  EXPECT_EQ(record(r, 3).status, RecordStatus::accepted);
  EXPECT_EQ(pool.state().candidates.size(), 1u);
}

TEST(ImportMalformed, ALoneSurrogateRefusesItsFieldNotTheFile) {
  // "\ud800" alone is not JSON text; one such value must not make the whole file import nothing
  const std::string text = R"([{"id":1,"first_name":"Ana","last_name":"X"},)"
                           R"({"id":2,"first_name":"B\ud800en","last_name":"Y"},)"
                           R"({"id":3,"first_name":"Cy","last_name":"Z","title":"Chef \udc00"},)"
                           R"({"id":4,"first_name":"Emoji \ud83d\ude00","last_name":"W"}])";
  for (std::size_t chunk : {1u, 5u, 4096u}) {
    Pool pool;
    Importer importer(ImportFormat::greenhouse, {}, &pool.state());
    for (std::size_t i = 0; i < text.size(); i += chunk) ASSERT_TRUE(importer.feed(std::string_view(text).substr(i, chunk)));
    ASSERT_TRUE(importer.finish()) << importer.report().error->message;
    apply_import(pool, importer.take_records(), "alice", kNow, "imp", importer.report());
    const ImportReport& r = importer.report();
    EXPECT_EQ(importer.bytes_read(), text.size());
    ASSERT_EQ(r.records.size(), 4u) << "chunk " << chunk;
    EXPECT_EQ(record(r, 0).status, RecordStatus::accepted);
    EXPECT_EQ(record(r, 1).status, RecordStatus::refused);  // the name: who the person is
    EXPECT_EQ(record(r, 1).field, "/1/first_name");
    EXPECT_EQ(record(r, 2).status, RecordStatus::accepted);  // the title left out, and said
    EXPECT_NE(record(r, 2).reason.find("/2/title (holds a NUL or a lone UTF-16 surrogate)"), std::string::npos)
        << record(r, 2).reason;
    EXPECT_EQ(pool.state().candidates.at("4").name, "Emoji \xF0\x9F\x98\x80 W");  // a pair is one character
    EXPECT_EQ(pool.state().candidates.size(), 3u);
  }
}

TEST(ImportReportJson, CarriesEveryRecord) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::greenhouse, read_data("formats/greenhouse-candidates.json"));
  boost::json::value v = boost::json::value_from(r);
  EXPECT_EQ(v.at("records").as_array().size(), 7u);
  EXPECT_EQ(v.at("records").at(5).at("status"), "refused");
  EXPECT_EQ(v.at("error"), nullptr);
}

TEST(ImportProposal, ProposesWhatApplyImportWouldAppendWithoutTouchingThePool) {
  const std::string text = read_data("formats/greenhouse-candidates.json");
  Pool direct;
  ImportReport expected = run(direct, ImportFormat::greenhouse, text);
  Pool pool;
  ImportProposal proposal(pool, ImportFormat::greenhouse, {}, "alice", kNow, "imp");
  const std::vector<Event> events = propose_all(proposal, text);
  EXPECT_TRUE(pool.log().empty());
  EXPECT_EQ(proposal.bytes_read(), text.size());
  EXPECT_EQ(boost::json::serialize(boost::json::value_from(proposal.report())),
            boost::json::serialize(boost::json::value_from(expected)));
  EXPECT_EQ(pool.apply(events).applied, direct.log().size());
  EXPECT_EQ(testing::state_text(pool), testing::state_text(direct));
}

TEST(ImportProposal, AdoptedItsPoolIsThePoolWithEveryProposedEventApplied) {
  // a pool with people of its own, some of whom the import meets again
  Pool original;
  run(original, ImportFormat::greenhouse, read_data("formats/greenhouse-candidates.json"));
  run(original, ImportFormat::pool, read_data("log-v1.json"));
  for (const auto& [format, file] : {std::pair{ImportFormat::lever, "formats/lever-opportunities.json"},
                                     std::pair{ImportFormat::greenhouse, "formats/greenhouse-candidates.json"}}) {
    Pool pool = original;
    ImportProposal proposal(pool, format, format == ImportFormat::lever ? lever_options() : ImportOptions{},
                            "alice", kNow, "imp2");
    const std::vector<Event> events = propose_all(proposal, read_data(file));
    if (format == ImportFormat::lever) {
      EXPECT_FALSE(events.empty());
    }
    EXPECT_EQ(testing::state_text(pool), testing::state_text(original));  // untouched until adopted
    Pool applied = original;
    applied.apply(events);
    ASSERT_TRUE(std::move(proposal).adopt_into(pool)) << file;
    EXPECT_EQ(testing::state_text(pool), testing::state_text(applied)) << file;
    EXPECT_EQ(boost::json::serialize(encode_log(pool.log())), boost::json::serialize(encode_log(applied.log()))) << file;
  }
}

TEST(ImportProposal, IsNotAdoptedByAPoolChangedSinceOrAnotherOrBeforeItsEnd) {
  const std::string text = read_data("formats/lever-opportunities.json");
  Pool seeded;
  run(seeded, ImportFormat::greenhouse, read_data("formats/greenhouse-candidates.json"));
  // the pool changed while the events were being stored: an event from another tab
  Pool pool = seeded;
  ImportProposal changed(pool, ImportFormat::lever, lever_options(), "alice", kNow, "imp");
  const std::vector<Event> events = propose_all(changed, text);
  ASSERT_FALSE(events.empty());
  pool.apply({events.front()});
  const std::string before = testing::state_text(pool);
  EXPECT_FALSE(std::move(changed).adopt_into(pool));
  EXPECT_EQ(testing::state_text(pool), before);
  // the history of a pool opened from its snapshot arriving counts as a change too
  Pool restored;
  ASSERT_TRUE(restored.restore_binary(seeded.snapshot_binary()));
  ImportProposal early(restored, ImportFormat::lever, lever_options(), "alice", kNow, "imp");
  propose_all(early, text);
  restored.attach_history(seeded.log());
  EXPECT_EQ(restored.finish_history(), 0u);
  EXPECT_FALSE(std::move(early).adopt_into(restored));
  EXPECT_EQ(restored.log().size(), seeded.log().size());
  // another pool than the one it was made from, or before the end of the file
  Pool other = seeded;
  ImportProposal elsewhere(seeded, ImportFormat::lever, lever_options(), "alice", kNow, "imp");
  propose_all(elsewhere, text);
  EXPECT_FALSE(std::move(elsewhere).adopt_into(other));
  ImportProposal unfinished(other, ImportFormat::lever, lever_options(), "alice", kNow, "imp");
  ASSERT_TRUE(unfinished.feed(text));
  EXPECT_FALSE(std::move(unfinished).adopt_into(other));
  EXPECT_EQ(testing::state_text(other), testing::state_text(seeded));
}

TEST(ImportProposal, AdoptedKeepsTheEventsThePoolStagedBeforeAndDuringTheImport) {
  // a pool opening from its stored log stages events; an import begins (and copies the pool)
  // between two stage() calls: staging is no change, so the import is adopted, and every
  // staged event, the later ones too, is still there to apply
  Pool source;
  run(source, ImportFormat::pool, read_data("log-v1.json"));
  const std::vector<Event>& log = source.log();
  ASSERT_GE(log.size(), 2u);
  const auto half = log.begin() + static_cast<std::ptrdiff_t>(log.size() / 2);
  Pool pool;
  pool.stage(std::vector<Event>(log.begin(), half));
  ImportProposal proposal(pool, ImportFormat::lever, lever_options(), "alice", kNow, "imp");
  pool.stage(std::vector<Event>(half, log.end()));
  propose_all(proposal, read_data("formats/lever-opportunities.json"));
  ASSERT_TRUE(std::move(proposal).adopt_into(pool));
  const Pool::StagedReport step = pool.apply_staged(log.size() + 1);
  EXPECT_EQ(step.remaining, 0u);
  EXPECT_EQ(step.applied.applied, log.size());
}

TEST(ImportProposal, SeesThePoolItWasMadeFromForDuplicates) {
  const std::string text = read_data("formats/greenhouse-candidates.json");
  Pool pool;
  run(pool, ImportFormat::greenhouse, text);
  const std::size_t before = pool.log().size();
  ImportProposal again(pool, ImportFormat::greenhouse, {}, "alice", kNow, "imp2");
  ASSERT_TRUE(again.feed(text));
  ASSERT_TRUE(again.finish());
  EXPECT_TRUE(again.take_events().empty());
  EXPECT_EQ(again.report().accepted, 0u);
  EXPECT_EQ(pool.log().size(), before);
}

TEST(ImportProposal, AMalformedDocumentStopsWithItsErrorInTheReport) {
  Pool pool;
  ImportProposal proposal(pool, ImportFormat::greenhouse, {}, "alice", kNow, "imp");
  EXPECT_TRUE(proposal.feed(R"([{"id":1,"first_name":"Ana","last_name":"N"},)"));
  EXPECT_FALSE(proposal.finish());
  ASSERT_TRUE(proposal.report().error);
  EXPECT_NE(proposal.report().error->message.find("truncated"), std::string::npos);
  EXPECT_FALSE(proposal.finish());  // asking again gives the same answer
  EXPECT_TRUE(pool.log().empty());
}

TEST(PreviewCsvHeader, NamesTheFieldOfEachColumnUnderTheMapping) {
  boost::json::object mapping{{"Mobile", "phone"}};
  auto p = preview_csv_header("Full name,E-mail,Mobile,Shoe size\r\nAna,ana@example.com,1,42\r\n", {});
  ASSERT_TRUE(p);
  ASSERT_EQ(p.value().columns.size(), 4u);
  EXPECT_EQ(p.value().columns[1].field, "email");
  EXPECT_EQ(p.value().columns[2].field, "");
  EXPECT_EQ(p.value().columns[3].field, "");
  auto mapped = preview_csv_header("Name,E-mail,mobile,Shoe size", mapping);  // no line end yet
  ASSERT_TRUE(mapped);
  EXPECT_EQ(mapped.value().columns[2].field, "phone");
  EXPECT_TRUE(mapped.value().is_header);
  auto data = preview_csv_header("c-1,Ana,ana@example.com\r\n", {});
  ASSERT_TRUE(data);
  EXPECT_FALSE(data.value().is_header);
  EXPECT_FALSE(preview_csv_header("a,\"b\"c\r\n", {}));
}

TEST(ImportLever, AnExportWithoutArchiveReasonsIsRefusedNotGuessed) {
  Pool pool;
  ImportReport r = run(pool, ImportFormat::lever, read_data("formats/lever-opportunities.json"));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->path, "archive_reasons");
  EXPECT_NE(r.error->message.find("hire cannot be told from a rejection"), std::string::npos);
  EXPECT_TRUE(pool.log().empty());
}

TEST(ImportExport, DocumentsOfOneExportAreReadInTurnAndReportedByKind) {
  // candidates first, then a bare applications document naming one of them
  Pool pool;
  ImportProposal p(pool, ImportFormat::greenhouse, {}, "alice", kNow, "imp");
  ASSERT_TRUE(p.begin_document("candidates"));
  ASSERT_TRUE(p.feed(R"([{"id":7,"first_name":"Ana","last_name":"Ruiz"}])"));
  ASSERT_TRUE(p.finish());
  EXPECT_FALSE(p.begin_document("jobs"));  // a reference, not a streamed document
  ASSERT_TRUE(p.begin_document("applications"));
  ASSERT_TRUE(p.feed(R"([{"id":70,"candidate_id":7,"status":"hired","jobs":[{"id":3,"name":"Chef"}]}])"));
  EXPECT_FALSE(p.begin_document("candidates"));  // the applications are not finished yet
  ASSERT_TRUE(p.finish());
  ASSERT_EQ(p.report().records.size(), 2u);
  EXPECT_EQ(p.report().records[0].document, "candidates");
  EXPECT_EQ(p.report().records[1].document, "applications");
  EXPECT_EQ(p.report().records[1].status, RecordStatus::accepted);
  ASSERT_TRUE(std::move(p).adopt_into(pool));
  EXPECT_EQ(pool.state().outcomes.at({"7", "3"}).outcome, OutcomeKind::hired);
}

TEST(ClassifyExportFile, TellsEachFileOfAnExportByNameAndFirstBytes) {
  const std::string gh_candidates = R"([{"id":1,"first_name":"Ana","email_addresses":[]}])";
  auto kind = [](ImportFormat f, const char* name, const std::string& head) {
    auto c = classify_export_file(f, name, head);
    return c ? c->kind + (c->subject.empty() ? "" : ":" + c->subject) + (c->reference ? " (reference)" : "") : "-";
  };
  EXPECT_EQ(kind(ImportFormat::greenhouse, "export/candidates.json", gh_candidates), "candidates");
  EXPECT_EQ(kind(ImportFormat::greenhouse, "job_stages.json", "[]"), "job_stages (reference)");
  EXPECT_EQ(kind(ImportFormat::greenhouse, "jobs.json", "[]"), "jobs (reference)");
  EXPECT_EQ(kind(ImportFormat::greenhouse, "export/activity_feed/53883394.json", "{}"), "activity_feed:53883394");
  EXPECT_EQ(kind(ImportFormat::greenhouse, "activity_feed_53883394.json", "{}"), "activity_feed:53883394");
  EXPECT_EQ(kind(ImportFormat::greenhouse, "page-1.json", gh_candidates), "candidates");  // by content
  EXPECT_EQ(kind(ImportFormat::lever, "notes.json", "{}"), "notes");
  EXPECT_EQ(kind(ImportFormat::lever, "notes/opp-1.json", "{}"), "notes:opp-1");
  EXPECT_EQ(kind(ImportFormat::lever, "archive_reasons.json", "{\"data\":[]}"), "archive_reasons (reference)");
  std::string why;
  EXPECT_FALSE(classify_export_file(ImportFormat::lever, "candidates.json", gh_candidates, &why));
  EXPECT_NE(why.find("looks like Greenhouse candidates"), std::string::npos) << why;
  EXPECT_FALSE(classify_export_file(ImportFormat::greenhouse, "candidates.json", " \n", &why));
  EXPECT_NE(why.find("is empty"), std::string::npos) << why;
  EXPECT_FALSE(classify_export_file(ImportFormat::greenhouse, "activity_feed.json", "{}", &why));
  EXPECT_FALSE(classify_export_file(ImportFormat::greenhouse, "offers.json", "[]", &why));
  EXPECT_NE(why.find("none of a Greenhouse export's files"), std::string::npos) << why;
}

TEST(DecodeImportOptions, ReadsEveryOptionAndRefusesWhatItDoesNotKnowWithItsPath) {
  auto o = decode_import_options(boost::json::parse(
      R"({"idPrefix":"gh-","references":{"jobs":[]},"archiveReasons":{"data":[]},
          "initiatorByReason":{"Withdrew":"candidate_withdrew"},"maxDepth":8})"));
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o.value().id_prefix, "gh-");
  EXPECT_EQ(o.value().references.size(), 2u);
  EXPECT_EQ(o.value().max_depth, 8u);
  auto unknown = decode_import_options(boost::json::parse(R"({"frob":1})"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::unknown_field);
  EXPECT_EQ(unknown.error().path, "/frob");
  auto bad = decode_import_options(boost::json::parse(R"({"initiatorByReason":{"Withdrew":"they did"}})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/initiatorByReason/Withdrew");
}

TEST(DetectImportFormat, RecognisesEachSampleFromItsFirstBytes) {
  auto head = [](const char* file) { return read_data(file).substr(0, 4096); };
  EXPECT_EQ(detect_import_format(head("formats/greenhouse-candidates.json")), ImportFormat::greenhouse);
  EXPECT_EQ(detect_import_format(head("formats/lever-opportunities.json")), ImportFormat::lever);
  EXPECT_EQ(detect_import_format(head("formats/pool.csv")), ImportFormat::csv);
  EXPECT_EQ(detect_import_format("\xEF\xBB\xBF  Name,Email\r\n"), ImportFormat::csv);
  EXPECT_EQ(detect_import_format(R"({"format":"runnerup.log","version":1,"events":[]})"), ImportFormat::pool);
  EXPECT_EQ(detect_import_format(R"({"jobs":[]})"), std::nullopt);
  EXPECT_EQ(detect_import_format("  \n"), std::nullopt);
  EXPECT_EQ(to_string(ImportFormat::lever), "lever");
}

}  // namespace
}  // namespace runnerup
