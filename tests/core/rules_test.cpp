// The rules several callers share (runnerup/rules.hpp), the proposal a pool holds between
// storing and applying (Pool::hold / commit), and the options the core decodes for every caller
// (runnerup/options.hpp).
#include "runnerup/rules.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "runnerup/import_session.hpp"
#include "runnerup/options.hpp"
#include "runnerup/query.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::ask;
using testing::candidate_json;
using testing::command;
using testing::kNow;
using testing::must;
using testing::outcome_json;
using testing::requisition_json;
using testing::state_text;
using testing::three_runner_ups;

TEST(NextFreeRank, IsOneMoreThanTheRunnerUpsRankedOnTheRequisition) {
  Pool pool = three_runner_ups();
  EXPECT_EQ(next_free_rank(pool.state(), "r-1"), 4);
  EXPECT_EQ(next_free_rank(pool.state(), "r-1", "c-3"), 3);  // the person recorded is left out
  EXPECT_EQ(suggested_rank(pool.state(), "r-1", "c-2"), 2);  // the rank they hold
  EXPECT_EQ(next_free_rank(pool.state(), "r-other"), 1);
}

TEST(NextFreeRank, IsWhatTheNextRankQueryAnswers) {
  Pool pool = three_runner_ups();
  const json::value a = ask(pool, R"({"type":"nextRank","requisitionId":"r-1","candidateId":"c-2"})");
  EXPECT_EQ(a.at("nextRank"), 3);
  EXPECT_EQ(a.at("suggestedRank"), 2);
  EXPECT_FALSE(run_query(pool, json::parse(R"({"type":"nextRank","requisitionId":"nope"})")).ok());
}

TEST(OutcomeProblem, RefusesARankThatSkipsTheNextFreeOne) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-4", "Dana"), "h");
  auto skip = pool.propose(command(outcome_json("c-4", "r-1", 5)), "alice", kNow, "i");
  ASSERT_FALSE(skip.ok());
  EXPECT_EQ(skip.error().path, "/outcome/rank");
  EXPECT_NE(skip.error().message.find("the next free rank is 4"), std::string::npos);
  EXPECT_TRUE(pool.propose(command(outcome_json("c-4", "r-1", 4)), "alice", kNow, "j").ok());
}

TEST(OutcomeProblem, RefusesTheRequisitionsHireAsARunnerUp) {
  Pool pool;
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"SRE","status":"filled","hiredCandidateId":"c-1"}})", "a");
  must(pool, candidate_json("c-1", "Ana"), "b");
  auto recorded = pool.propose(command(outcome_json("c-1", "r-1", 1)), "alice", kNow, "c");
  ASSERT_FALSE(recorded.ok());
  EXPECT_EQ(recorded.error().code, ErrorCode::conflict);
  EXPECT_EQ(recorded.error().path, "/outcome/candidateId");
  // the same rule for any caller that checks an outcome (the importer does)
  Outcome o;
  o.candidate_id = "c-1";
  o.requisition_id = "r-1";
  o.outcome = OutcomeKind::runner_up;
  o.decided_at = kNow;
  ASSERT_TRUE(outcome_problem(pool.state(), o, kNow).has_value());
  o.outcome = OutcomeKind::hired;
  EXPECT_FALSE(outcome_problem(pool.state(), o, kNow).has_value());
}

TEST(OutcomeProblem, RefusesADecisionDatedPastTheClockSkew) {
  Pool pool = three_runner_ups();
  Outcome o = pool.state().outcomes.at({"c-1", "r-1"});
  o.decided_at = kNow + kClockSkew;
  EXPECT_FALSE(outcome_problem(pool.state(), o, kNow).has_value());
  o.decided_at = kNow + kClockSkew + 1;
  auto e = outcome_problem(pool.state(), o, kNow);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->path, "/outcome/decidedAt");
}

TEST(ClockLeadProblem, RefusesAClockFurtherAheadOfThePoolsThanTheLead) {
  EXPECT_FALSE(clock_lead_problem(1, 0).has_value());
  EXPECT_FALSE(clock_lead_problem(500 + kMaxClockLead, 500).has_value());
  EXPECT_FALSE(clock_lead_problem(3, 9'000'000'000'000'000).has_value());  // behind: the fold orders it
  auto e = clock_lead_problem(501 + kMaxClockLead, 500);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->code, ErrorCode::invalid_field);
  EXPECT_EQ(e->path, "/clock");
  EXPECT_NE(e->message.find("1000000501"), std::string::npos) << e->message;
  std::vector<Event> events(3);
  events[0].clock = 7;
  events[1].clock = 9;
  events[2].clock = 10 + kMaxClockLead;
  EXPECT_FALSE(admission_problem(events, 10).has_value());
  auto at = admission_problem(events, 9);
  ASSERT_TRUE(at.has_value());
  EXPECT_EQ(at->path, "/2/clock");
}

TEST(Limits, AreTheOnesTheDecodersEnforce) {
  Pool pool = three_runner_ups();
  const json::value limits = ask(pool, R"({"type":"limits"})");
  const std::int64_t note = limits.at("noteBytes").to_number<std::int64_t>();
  EXPECT_EQ(limits.at("clockSkewMs"), kClockSkew);
  const std::string fits(static_cast<std::size_t>(note), 'x');
  EXPECT_TRUE(parse_command(outcome_json("c-1", "r-1", 1, "other", fits)).ok());
  auto longer = parse_command(outcome_json("c-1", "r-1", 1, "other", fits + "x"));
  ASSERT_FALSE(longer.ok());
  EXPECT_EQ(longer.error().path, "/outcome/reason/note");
}

TEST(ErasureDue, NamesWhoseRetentionEndedAndRunsOnlyWhenAutomatic) {
  Pool pool = three_runner_ups();
  const std::string later = "2031-01-01";
  json::value due = ask(pool, R"({"type":"erasureDue","today":")" + later + R"("})");
  EXPECT_EQ(due.at("due").as_array().size(), 3u);
  EXPECT_EQ(due.at("run"), false);  // the team did not choose automatic erasure
  EXPECT_EQ(due.at("expiringWithinDays"), kExpiringWithinDays);
  must(pool, R"({"type":"changeSettings","settings":{"autoErase":true}})", "s");
  due = ask(pool, R"({"type":"erasureDue","today":")" + later + R"("})");
  EXPECT_EQ(due.at("run"), true);
  EXPECT_EQ(ask(pool, R"({"type":"erasureDue","today":"2026-11-21"})").at("run"), false);
}

TEST(ErasureDue, TheApplyReportNamesWhoWasErased) {
  Pool pool = three_runner_ups();
  auto events = pool.propose(command(R"({"type":"erasePerson","candidateId":"c-2"})"), "alice", kNow, "z");
  ASSERT_TRUE(events.ok());
  const ApplyReport report = pool.apply(events.value());
  ASSERT_EQ(report.erased.size(), 1u);
  EXPECT_EQ(report.erased[0], "c-2");
  EXPECT_TRUE(pool.apply(events.value()).erased.empty());  // known already: nobody new
  EXPECT_EQ(ask(pool, R"({"type":"erased"})").at("candidateIds").as_array().size(), 1u);
}

TEST(Today, IsTheActionsInstantShiftedByTheRecruitersOffset) {
  Pool pool = three_runner_ups();
  const Instant late_evening_utc = *parse_instant("2026-11-20T23:30:00Z");
  EXPECT_EQ(format_date(pool.today(late_evening_utc)), "2026-11-20");
  ASSERT_TRUE(pool.set_utc_offset(60));  // Berlin in winter: already the 21st
  EXPECT_EQ(format_date(pool.today(late_evening_utc)), "2026-11-21");
  EXPECT_EQ(ask(pool, R"({"type":"today","at":"2026-11-20T23:30:00Z"})").at("today"), "2026-11-21");
  EXPECT_FALSE(pool.set_utc_offset(900));
  EXPECT_EQ(pool.utc_offset(), 60);
}

TEST(Today, IsTheDayTheRulesCountFrom) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-11-15"}})", "fu");
  ASSERT_EQ(pool.state().follow_ups.size(), 1u);
  const std::string id = pool.state().follow_ups.begin()->first;
  const Instant late_evening_utc = *parse_instant("2026-11-20T23:30:00Z");
  const Command snooze = command(R"({"type":"snoozeFollowUp","followUpId":")" + id + R"(","until":"2026-11-21"})");
  EXPECT_TRUE(pool.propose(snooze, "alice", late_evening_utc, "s1").ok());  // the 21st is tomorrow in UTC
  ASSERT_TRUE(pool.set_utc_offset(60));
  EXPECT_FALSE(pool.propose(snooze, "alice", late_evening_utc, "s2").ok());  // and today in Berlin
}

// ---- a proposal held between storing and applying ----

TEST(HeldProposal, IsCommittedAsProposedWhenNothingChangedSince) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-4", "Dana"), "h");
  Pool replayed = pool;
  auto proposal = pool.hold(command(outcome_json("c-4", "r-1", 4)), "alice", kNow, "p");
  ASSERT_TRUE(proposal.ok());
  const std::vector<Event> stored = pool.held();  // what the caller writes to its storage
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(pool.state().outcomes.count({"c-4", "r-1"}), 0u);  // held, not applied
  auto report = pool.commit(proposal.value());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report.value().unchanged);
  EXPECT_EQ(report.value().applied.applied, 1u);
  EXPECT_TRUE(pool.held().empty());
  replayed.apply(stored);
  EXPECT_EQ(state_text(pool), state_text(replayed));
}

TEST(HeldProposal, IsAppliedInTheLogsOrderWhenEventsArrivedBetween) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-4", "Dana"), "h");
  Pool other = pool;  // another tab, which records something while this one stores
  auto proposal = pool.hold(command(outcome_json("c-4", "r-1", 4)), "alice", kNow, "p");
  ASSERT_TRUE(proposal.ok());
  const std::vector<Event> mine = pool.held();
  const std::vector<Event> theirs = must(other, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true}})", "q", kNow, "bob");
  pool.apply(theirs);
  auto report = pool.commit(proposal.value());
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report.value().unchanged);
  EXPECT_EQ(report.value().applied.applied, 1u);
  other.apply(mine);  // the other order gives the same state
  EXPECT_EQ(state_text(pool), state_text(other));
  EXPECT_EQ(pool.state().outcomes.at({"c-4", "r-1"}).rank, 4);
}

TEST(HeldProposal, AStaleOrUnknownProposalIsRefused) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-4", "Dana"), "h");
  must(pool, candidate_json("c-5", "Eli"), "i");
  auto first = pool.hold(command(outcome_json("c-4", "r-1", 4)), "alice", kNow, "p1");
  auto second = pool.hold(command(outcome_json("c-5", "r-1", 4)), "alice", kNow, "p2");
  ASSERT_TRUE(first.ok() && second.ok());
  const std::string before = state_text(pool);
  auto stale = pool.commit(first.value());  // replaced by the second
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
  EXPECT_FALSE(pool.commit(12345).ok());
  EXPECT_FALSE(pool.commit(0).ok());
  EXPECT_EQ(state_text(pool), before);  // nothing applied
  ASSERT_TRUE(pool.commit(second.value()).ok());
  EXPECT_FALSE(pool.commit(second.value()).ok());  // committed already
  EXPECT_EQ(pool.state().outcomes.count({"c-5", "r-1"}), 1u);
  EXPECT_EQ(pool.state().outcomes.count({"c-4", "r-1"}), 0u);
}

TEST(HeldProposal, ARefusedCommandHoldsNothing) {
  Pool pool = three_runner_ups();
  auto bad = pool.hold(command(outcome_json("nobody", "r-1", 1)), "alice", kNow, "p");
  EXPECT_FALSE(bad.ok());
  EXPECT_TRUE(pool.held().empty());
}

// ---- options decoded by the core ----

TEST(ImportOptions, AreDecodedWithTheirTypesAndUnknownOnesRefused) {
  auto o = decode_import_options(json::parse(R"({"idPrefix":"gh-","maxCell":10,"mapping":{"Name":"name"}})"));
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o.value().id_prefix, "gh-");
  EXPECT_EQ(o.value().max_cell, 10u);
  auto unknown = decode_import_options(json::parse(R"({"idPrefx":"gh-"})"));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::unknown_field);
  EXPECT_EQ(unknown.error().path, "/idPrefx");
  auto wrong = decode_import_options(json::parse(R"({"maxDepth":-1})"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_field);
}

TEST(IcsOptions, AreDecodedByTheCoreWithUnknownOnesRefused) {
  auto o = decode_ics_options(json::parse(R"({"names":false})"), kNow);
  ASSERT_TRUE(o.ok());
  EXPECT_FALSE(o.value().names);
  EXPECT_EQ(o.value().stamp, kNow);
  EXPECT_EQ(decode_ics_options(json::parse(R"({"names":"no"})"), kNow).error().path, "/names");
  EXPECT_EQ(decode_ics_options(json::parse(R"({"colour":1})"), kNow).error().code, ErrorCode::unknown_field);
}

TEST(ExportViewCsv, ReadsTheViewInTheCoreAsThePoolQueryListsIt) {
  Pool pool = three_runner_ups();
  must(pool, requisition_json("r-2", "Designer"), "r");
  must(pool, candidate_json("c-9", "Zoe"), "s");
  must(pool, outcome_json("c-9", "r-2", 1), "t");
  auto view = export_view_csv(pool, json::parse(R"({"view":{"requisitionId":"r-1"}})"));
  ASSERT_TRUE(view.ok());
  std::vector<std::string> ids;
  const json::value listed = ask(pool, R"({"type":"pool","requisitionId":"r-1"})");
  for (const auto& e : listed.at("entries").as_array())
    ids.emplace_back(e.at("candidate").at("id").as_string());
  json::array id_list;
  for (const auto& id : ids) id_list.push_back(json::value(id));
  auto by_ids = export_view_csv(pool, json::value(json::object{{"ids", id_list}}));
  ASSERT_TRUE(by_ids.ok());
  EXPECT_EQ(view.value(), by_ids.value());
  EXPECT_EQ(view.value().find("Zoe"), std::string::npos);
  auto whole = export_view_csv(pool, json::parse(R"({"view":{}})"));
  ASSERT_TRUE(whole.ok());
  EXPECT_NE(whole.value().find("Zoe"), std::string::npos);
  EXPECT_FALSE(export_view_csv(pool, json::parse(R"({"view":{"requisitionId":"nope"}})")).ok());
  EXPECT_EQ(export_view_csv(pool, json::parse(R"({"colour":1})")).error().code, ErrorCode::unknown_field);
}


TEST(StagedEvents, AreAppliedInTheFoldOrderWhateverOrderTheyWereStagedIn) {
  Pool source = testing::three_runner_ups();
  std::vector<Event> log = source.log();
  std::reverse(log.begin(), log.end());  // storage may give them back in any order
  Pool pool;
  pool.stage(std::vector<Event>(log.begin(), log.begin() + 3));
  pool.stage(std::vector<Event>(log.begin() + 3, log.end()));
  std::size_t steps = 0;
  for (Pool::StagedReport r = pool.apply_staged(2);; r = pool.apply_staged(2)) {
    ++steps;
    if (r.remaining == 0) break;
  }
  EXPECT_EQ(steps, (log.size() + 1) / 2);
  EXPECT_EQ(testing::state_text(pool), testing::state_text(source));
  // each step folded on top of the last: the log is in order, as a replay in one batch leaves it
  for (std::size_t i = 1; i < pool.log().size(); ++i) EXPECT_TRUE(order_before(pool.log()[i - 1], pool.log()[i]));
}


TEST(BatchQuery, AnswersEveryQueryInOrderOrTheFirstErrorWithItsPlace) {
  Pool pool = testing::three_runner_ups();
  auto all = run_query(pool, boost::json::parse(R"({"type":"batch","queries":[{"type":"pool","limit":1},{"type":"limits"}]})"));
  ASSERT_TRUE(all.ok());
  const auto& answers = all.value().at("answers").as_array();
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0].at("total"), 3);
  EXPECT_EQ(answers[1], limits_json());
  auto bad = run_query(pool, boost::json::parse(R"({"type":"batch","queries":[{"type":"limits"},{"type":"candidate"}]})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "/queries/1/id");
}


TEST(ImportSession, RefusesStepsOutOfOrderAndChangesNothing) {
  Pool pool = testing::three_runner_ups();
  ImportSession session;
  EXPECT_EQ(session.feed("x").error().code, ErrorCode::conflict);  // nothing begun
  EXPECT_EQ(session.adopt_into(pool).error().code, ErrorCode::conflict);
  const boost::json::value none = boost::json::object{};
  EXPECT_EQ(session.begin(pool, "excel", none, "alice", testing::kNow, "imp").error().path, "/format");
  EXPECT_EQ(session.begin(pool, "csv", boost::json::parse(R"({"idPrefx":"x"})"), "alice", testing::kNow, "imp").error().code,
            ErrorCode::unknown_field);
  ASSERT_TRUE(session.begin(pool, "csv", none, "alice", testing::kNow, "imp"));
  EXPECT_EQ(session.adopt_into(pool).error().code, ErrorCode::conflict);  // not finished yet
  ASSERT_TRUE(session.feed("name,email\nDana,dana@example.com\n").ok());
  auto last = session.finish();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last.value()->report().accepted, 1u);
  EXPECT_EQ(session.feed("more").error().code, ErrorCode::conflict);  // after finish
  auto adopted = session.adopt_into(pool);
  ASSERT_TRUE(adopted.ok());
  EXPECT_TRUE(adopted.value());
  EXPECT_EQ(session.adopt_into(pool).error().code, ErrorCode::conflict);  // the import has ended
}

}  // namespace
}  // namespace runnerup
