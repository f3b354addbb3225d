#include "runnerup/lifecycle.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "fixtures.hpp"
#include "runnerup/export.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::command;
using testing::must;
using testing::state_text;
using testing::three_runner_ups;

Date day(const char* s) { return *parse_date(s); }
Instant at(const char* s) { return *parse_instant(s); }

TEST(BusinessDays, CountWeekdaysAfterTheStartUpToTheEnd) {
  EXPECT_EQ(business_days_between(day("2026-11-20"), day("2026-11-23")), 1);  // Fri -> Mon
  EXPECT_EQ(business_days_between(day("2026-11-21"), day("2026-11-23")), 1);  // Sat -> Mon
  EXPECT_EQ(business_days_between(day("2026-11-16"), day("2026-11-23")), 5);  // Mon -> Mon
  EXPECT_EQ(business_days_between(day("2026-11-16"), day("2026-11-16")), 0);
  EXPECT_EQ(business_days_between(day("2026-11-23"), day("2026-11-16")), 0);
  EXPECT_EQ(business_days_between(day("2026-11-02"), day("2026-11-30")), 20);
}

TEST(Cadence, DaysAndMonthsClampAtMonthEnds) {
  EXPECT_EQ(format_date(next_by_cadence(day("2026-01-31"), {14, CadenceUnit::days})), "2026-02-14");
  EXPECT_EQ(format_date(next_by_cadence(day("2026-01-31"), {1, CadenceUnit::months})), "2026-02-28");
  EXPECT_EQ(format_date(next_by_cadence(day("2027-11-30"), {3, CadenceUnit::months})), "2028-02-29");
}

// ---- feedback -----------------------------------------------------------------------------------

Pool with_request(const char* requested_at) {
  Pool pool = three_runner_ups();
  must(pool, std::string(R"({"type":"requestFeedback","request":{"candidateId":"c-1","requisitionId":"r-1",)") +
                 R"("requestedAt":")" + requested_at + R"("}})",
       "req", at("2026-11-30T00:00:00Z"));
  return pool;
}

TEST(Feedback, OwedFeedbackBecomesOverdueAfterFiveBusinessDays) {
  Pool pool = with_request("2026-11-13T16:00:00Z");  // a Friday
  auto owed = feedback_owed(pool.state(), day("2026-11-20"));  // the next Friday: 5 business days
  ASSERT_EQ(owed.size(), 1u);
  EXPECT_EQ(owed[0].business_days, 5);
  EXPECT_FALSE(owed[0].overdue);
  owed = feedback_owed(pool.state(), day("2026-11-22"));  // Sunday: still 5
  EXPECT_FALSE(owed[0].overdue);
  owed = feedback_owed(pool.state(), day("2026-11-23"));  // Monday: 6
  EXPECT_EQ(owed[0].business_days, 6);
  EXPECT_TRUE(owed[0].overdue);
}

TEST(Feedback, TheOverdueThresholdIsConfigurable) {
  Pool pool = with_request("2026-11-13T16:00:00Z");
  must(pool, R"({"type":"changeSettings","settings":{"feedbackDueBusinessDays":2}})", "set", at("2026-11-30T00:00:00Z"));
  EXPECT_TRUE(feedback_owed(pool.state(), day("2026-11-18")).at(0).overdue);
}

TEST(Feedback, GivingFeedbackSettlesTheRequest) {
  Pool pool = with_request("2026-11-13T16:00:00Z");
  must(pool, R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","requisitionId":"r-1","channel":"phone",
      "givenAt":"2026-11-17T10:00:00Z","strengths":"Clear thinking","improvements":"Go deeper on Kafka",
      "summary":"Close call"}})", "fb", at("2026-11-30T00:00:00Z"), "bob");
  EXPECT_TRUE(feedback_owed(pool.state(), day("2026-11-30")).empty());
  const auto& given = pool.state().feedback.at("c-1").at(0);
  EXPECT_EQ(given.by, "bob");
  EXPECT_EQ(given.channel, Channel::phone);
  auto insights = run_query(pool, json::parse(R"({"type":"insights","today":"2026-11-30"})"));
  ASSERT_TRUE(insights);
  const auto& fb = insights.value().at("feedback");
  EXPECT_EQ(fb.at("given").as_uint64(), 1u);
  EXPECT_NEAR(fb.at("medianDays").as_double(), 3.75, 1e-9);
}

TEST(Feedback, OwedListIsOldestFirst) {
  Pool pool = with_request("2026-11-13T16:00:00Z");
  must(pool, R"({"type":"requestFeedback","request":{"candidateId":"c-2","requestedAt":"2026-11-10T09:00:00Z"}})",
       "req2", at("2026-11-30T00:00:00Z"));
  auto owed = feedback_owed(pool.state(), day("2026-11-30"));
  ASSERT_EQ(owed.size(), 2u);
  EXPECT_EQ(owed[0].candidate->id, "c-2");
}

TEST(Feedback, FeedbackDatedInTheFutureIsRefused) {
  Pool pool = three_runner_ups();
  const std::string before = state_text(pool);
  auto r = pool.execute(command(R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","channel":"email",
      "givenAt":"2026-12-24T10:00:00Z","summary":"x"}})"), "alice", at("2026-11-22T10:00:00Z"), "f");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/feedback/givenAt");
  EXPECT_EQ(state_text(pool), before);
}

TEST(Feedback, EmptyFeedbackIsRefused) {
  auto r = parse_command(R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","channel":"email"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::missing_field);
}

// ---- flags and do not contact -----------------------------------------------------------------

void do_not_contact(Pool& pool, const char* who) {
  must(pool, std::string(R"({"type":"setFlags","candidateId":")") + who +
                 R"(","flags":{"doNotContact":true,"doNotContactReason":"Asked not to be contacted"}})",
       std::string("dnc-") + who);
}

TEST(Flags, DoNotContactNeedsAReason) {
  auto r = parse_command(R"({"type":"setFlags","candidateId":"c-1","flags":{"doNotContact":true}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/flags/doNotContactReason");
}

TEST(Flags, PartTimeCarriesAnAvailableFromDate) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setFlags","candidateId":"c-2","flags":{"openToContract":true,"openToPartTime":true,
      "availableFrom":"2027-01-15","futureRoles":{"families":["data engineering"],"requisitions":["r-1"]}}})", "fl");
  const Flags& f = pool.state().flags.at("c-2");
  EXPECT_TRUE(f.open_to_contract);
  EXPECT_EQ(format_date(*f.available_from), "2027-01-15");
  EXPECT_FALSE(parse_command(R"({"type":"setFlags","candidateId":"c-2","flags":{"availableFrom":"soon"}})"));
}

TEST(Flags, AvailableFromGoesWithContractOrPartTimeWorkAndOnlyWithThem) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true,"availableFrom":"2027-02-01"}})", "a1");
  EXPECT_EQ(format_date(*pool.state().flags.at("c-1").available_from), "2027-02-01");  // contract alone keeps it
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"availableFrom":"2027-02-01","futureRoles":{"families":["sre"]}}})", "a2");
  EXPECT_FALSE(pool.state().flags.at("c-1").available_from);  // neither: nothing to be available for
  // recording an outcome keeps flags the same way
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-2","requisitionId":"r-1","stage":"final",
      "outcome":"runner_up","rank":2,"reason":{"code":"internal_candidate","note":""},"futureFit":"strong","note":""},
      "flags":{"openToContract":true,"availableFrom":"2027-03-01"}})", "a3");
  EXPECT_EQ(format_date(*pool.state().flags.at("c-2").available_from), "2027-03-01");
}

TEST(Flags, FutureRolesAreKeptOnceWhateverTheirCaseAndReadOnceEverywhere) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"futureRoles":{"families":["backend"," platform ","Platform",""],
      "departments":["Platform","PLATFORM","Data"],"requisitions":["r-1"]}}})", "r1");
  const Flags& f = pool.state().flags.at("c-1");
  EXPECT_EQ(f.future_roles.families, (std::vector<std::string>{"backend", "platform"}));
  EXPECT_EQ(f.future_roles.departments, (std::vector<std::string>{"Platform", "Data"}));
  // as people read them: families, departments, requisitions by title, each once
  const std::vector<std::string> names{"backend", "platform", "Data", "Senior Backend Engineer"};
  EXPECT_EQ(pool.state().future_role_names("c-1"), names);
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1"})"));
  ASSERT_TRUE(card);
  EXPECT_EQ(json::serialize(card.value().at("flags").at("futureRoleNames")), R"(["backend","platform","Data","Senior Backend Engineer"])");
  auto line = run_query(pool, json::parse(R"({"type":"nextInLine","requisitionId":"r-1","today":"2026-11-22"})"));
  ASSERT_TRUE(line);
  EXPECT_EQ(line.value().at("entries").at(0).at("flags").at("futureRoleNames"), card.value().at("flags").at("futureRoleNames"));
  // the CSV export: the flag and the same list
  const std::string csv = export_pool_csv(pool.state());
  EXPECT_NE(csv.find("Open to future roles"), std::string::npos);
  EXPECT_NE(csv.find("backend; platform; Data; Senior Backend Engineer"), std::string::npos);
  // the JSON Resume export's pipeline too
  auto resume = export_json_resume(pool.state(), "c-1");
  ASSERT_TRUE(resume);
  EXPECT_EQ(resume.value().at("meta").at("runnerup").at("flags").at("futureRoleNames"), card.value().at("flags").at("futureRoleNames"));
  // the same set in another case is no change
  EXPECT_TRUE(must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"futureRoles":{"families":["backend","platform"],
      "departments":["Platform","Data"],"requisitions":["r-1"]}}})", "r2").empty());
}

TEST(Flags, FeedbackGivenIsTheSameAnswerOnTheCardInNextInLineAndInTheExport) {
  Pool pool = three_runner_ups();
  must(pool, testing::requisition_json("r-2", "Platform Engineer"), "r2");
  must(pool, R"({"type":"giveFeedback","feedback":{"candidateId":"c-3","requisitionId":"r-2","channel":"phone",
      "summary":"Strong design, thin on ops","givenAt":"2026-11-19T10:00:00Z"}})", "fb");
  do_not_contact(pool, "c-3");  // skipped in Next in line, feedback given all the same
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-3"})"));
  auto line = run_query(pool, json::parse(R"({"type":"nextInLine","requisitionId":"r-1","today":"2026-11-22"})"));
  ASSERT_TRUE(card);
  ASSERT_TRUE(line);
  ASSERT_EQ(line.value().at("skipped").as_array().size(), 1u);
  const json::value& skipped = line.value().at("skipped").at(0);
  EXPECT_FALSE(card.value().at("feedbackGiven").is_null());
  EXPECT_EQ(skipped.at("feedbackGiven"), card.value().at("feedbackGiven"));
  EXPECT_TRUE(skipped.at("flags").at("doNotContact").as_bool());
  // the export's row for r-1 says the same, though the feedback was given about r-2
  const std::string csv = export_pool_csv(pool.state());
  EXPECT_NE(csv.find(",2026-11-19,alice,"), std::string::npos) << csv;  // given on, by
}

TEST(Flags, DoNotContactBlocksEveryOutreachAction) {
  Pool pool = three_runner_ups();
  do_not_contact(pool, "c-1");
  const std::string before = state_text(pool);
  for (const char* outreach :
       {R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"email","direction":"outbound"}})",
        R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-12-01"}})",
        R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","channel":"email","summary":"x"}})",
        R"({"type":"reopenForNextInLine","requisitionId":"r-1","candidateId":"c-1"})"}) {
    auto r = pool.execute(command(outreach), "alice", testing::kNow, "o");
    ASSERT_FALSE(r) << outreach;
    EXPECT_EQ(r.error().code, ErrorCode::blocked) << outreach;
    EXPECT_NE(r.error().message.find("Asked not to be contacted"), std::string::npos);
  }
  EXPECT_EQ(state_text(pool), before);
  // They may still reach out to us.
  EXPECT_TRUE(pool.execute(command(R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1",
      "channel":"email","direction":"inbound","note":"Asked for their data"}})"), "alice", testing::kNow, "in"));
}

TEST(Flags, DoNotContactShowsInThePool) {
  Pool pool = three_runner_ups();
  do_not_contact(pool, "c-3");
  auto r = run_query(pool, json::parse(R"({"type":"pool"})"));
  ASSERT_TRUE(r);
  for (const auto& e : r.value().at("entries").as_array())
    EXPECT_EQ(e.at("flags").at("doNotContact").as_bool(), e.at("candidate").at("id").as_string() == "c-3");
}

// ---- touchpoints and follow-ups ---------------------------------------------------------------

TEST(Touchpoints, SetLastContact) {
  Pool pool = three_runner_ups();
  EXPECT_EQ(pool.state().last_contact("c-1"), 0);
  must(pool, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"phone",
      "at":"2026-11-18T15:00:00Z","note":"Open to contract work from January"}})", "tp");
  EXPECT_EQ(pool.state().last_contact("c-1"), at("2026-11-18T15:00:00Z"));
}

TEST(FollowUps, NeedADueDate) {
  auto r = parse_command(R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","note":"Call"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::missing_field);
  EXPECT_EQ(r.error().path, "/followUp/due");
}

TEST(FollowUps, AreSortedIntoOverdueTodayAndUpcoming) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-11-10"}})", "f1");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-2","due":"2026-11-20"}})", "f2");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-3","due":"2026-12-20"}})", "f3");
  auto due = follow_ups_due(pool.state(), day("2026-11-20"));
  ASSERT_EQ(due.overdue.size(), 1u);
  ASSERT_EQ(due.today.size(), 1u);
  ASSERT_EQ(due.upcoming.size(), 1u);
  EXPECT_EQ(due.overdue[0].candidate->id, "c-1");
  EXPECT_EQ(due.overdue[0].follow_up->owner, "alice");
}

TEST(FollowUps, DoneWithACadenceSchedulesTheNextOne) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-11-20",
      "note":"Quarterly check-in","cadence":{"every":3,"unit":"months"}}})", "f1");
  auto done = must(pool, R"({"type":"completeFollowUp","followUpId":"f1.0"})", "d1", at("2026-11-30T12:00:00Z"));
  ASSERT_EQ(done.size(), 2u);
  EXPECT_EQ(pool.state().follow_ups.at("f1.0").status, FollowUpStatus::done);
  const FollowUp& next = pool.state().follow_ups.at("d1.1");
  EXPECT_EQ(format_date(next.due), "2027-02-28");  // three months after Nov 30, clamped
  EXPECT_EQ(next.status, FollowUpStatus::open);
  EXPECT_EQ(next.note, "Quarterly check-in");
  // Done twice is refused.
  auto again = pool.execute(command(R"({"type":"completeFollowUp","followUpId":"f1.0"})"), "alice", testing::kNow, "d2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
}

TEST(FollowUps, SnoozeMovesTheDueDateAndDismissClosesIt) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-11-10"}})", "f1");
  must(pool, R"({"type":"snoozeFollowUp","followUpId":"f1.0","until":"2026-12-01"})", "s1", at("2026-11-20T09:00:00Z"));
  auto due = follow_ups_due(pool.state(), day("2026-11-20"));
  EXPECT_TRUE(due.overdue.empty());
  ASSERT_EQ(due.upcoming.size(), 1u);
  EXPECT_EQ(format_date(due.upcoming[0].due), "2026-12-01");
  auto past = pool.execute(command(R"({"type":"snoozeFollowUp","followUpId":"f1.0","until":"2026-11-01"})"),
                           "alice", at("2026-11-20T09:00:00Z"), "s2");
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().path, "/until");
  must(pool, R"({"type":"dismissFollowUp","followUpId":"f1.0"})", "x1");
  due = follow_ups_due(pool.state(), day("2026-11-20"));
  EXPECT_TRUE(due.upcoming.empty());
}

TEST(FollowUps, ASnoozeNeverMovesTheDateEarlier) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-12-17"}})", "f1");
  const Instant dec7 = at("2026-12-07T09:00:00Z");
  // Before today's due date: refused, in words, at the snooze date.
  auto earlier = pool.execute(command(R"({"type":"snoozeFollowUp","followUpId":"f1.0","until":"2026-12-14"})"),
                              "alice", dec7, "s1");
  ASSERT_FALSE(earlier);
  EXPECT_EQ(earlier.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(earlier.error().path, "/until");
  EXPECT_NE(earlier.error().message.find("2026-12-17"), std::string::npos) << earlier.error().message;
  EXPECT_EQ(format_date(pool.state().follow_ups.at("f1.0").due), "2026-12-17");
  EXPECT_FALSE(pool.state().follow_ups.at("f1.0").snoozed_until);
  // The default counts from the due date when it is later than today, from today otherwise.
  const FollowUp& f = pool.state().follow_ups.at("f1.0");
  EXPECT_EQ(format_date(snooze_default(f, day("2026-12-07"))), "2026-12-24");
  EXPECT_EQ(format_date(snooze_default(f, day("2026-12-20"))), "2026-12-27");
  // Taking it snoozes; the snoozed date is then the one a later snooze may not undercut.
  must(pool, R"({"type":"snoozeFollowUp","followUpId":"f1.0","until":"2026-12-24"})", "s2", dec7);
  EXPECT_EQ(format_date(snooze_default(pool.state().follow_ups.at("f1.0"), day("2026-12-07"))), "2026-12-31");
  auto back = pool.execute(command(R"({"type":"snoozeFollowUp","followUpId":"f1.0","until":"2026-12-20"})"),
                           "alice", dec7, "s3");
  ASSERT_FALSE(back);
  EXPECT_EQ(back.error().path, "/until");
  must(pool, R"({"type":"snoozeFollowUp","followUpId":"f1.0","until":"2026-12-24"})", "s4", dec7);  // the same day: no earlier
  EXPECT_EQ(format_date(*pool.state().follow_ups.at("f1.0").snoozed_until), "2026-12-24");
}

TEST(FollowUps, TheQueriesAnswerTheSnoozeDefault) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-12-17"}})", "f1");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-2","due":"2026-12-01"}})", "f2");
  auto due = run_query(pool, json::parse(R"({"type":"followUps","today":"2026-12-07"})"));
  ASSERT_TRUE(due);
  const auto& overdue = due.value().at("overdue").as_array();
  const auto& upcoming = due.value().at("upcoming").as_array();
  ASSERT_EQ(overdue.size(), 1u);
  ASSERT_EQ(upcoming.size(), 1u);
  EXPECT_EQ(overdue[0].at("snoozeDefault"), "2026-12-14");   // overdue: a week from today
  EXPECT_EQ(upcoming[0].at("snoozeDefault"), "2026-12-24");  // due later: a week from its due date
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1","today":"2026-12-07"})"));
  ASSERT_TRUE(card);
  EXPECT_EQ(card.value().at("followUps").at(0).at("snoozeDefault"), "2026-12-24");
  must(pool, R"({"type":"dismissFollowUp","followUpId":"f1.0"})", "x1");
  card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1","today":"2026-12-07"})"));
  EXPECT_FALSE(card.value().at("followUps").at(0).as_object().contains("snoozeDefault"));  // closed: nothing to snooze
}

TEST(FollowUps, OfADoNotContactPersonAreBlockedButCanBeDismissed) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2026-11-10"}})", "f1");
  do_not_contact(pool, "c-1");
  auto due = follow_ups_due(pool.state(), day("2026-11-20"));
  ASSERT_EQ(due.overdue.size(), 1u);
  EXPECT_FALSE(due.overdue[0].blocked.empty());
  auto done = pool.execute(command(R"({"type":"completeFollowUp","followUpId":"f1.0"})"), "alice", testing::kNow, "d");
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::blocked);
  EXPECT_TRUE(pool.execute(command(R"({"type":"dismissFollowUp","followUpId":"f1.0"})"), "alice", testing::kNow, "x"));
}

// ---- record outcome in one step -----------------------------------------------------------------

TEST(RecordOutcome, RejectsIntoThePoolWithScoresFlagsAndAFollowUpInOneAction) {
  Pool pool = three_runner_ups();
  must(pool, testing::candidate_json("c-4", "Priya Raman"), "p");
  auto events = must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-4","requisitionId":"r-1",
      "stage":"final","outcome":"runner_up","rank":4,"reason":{"code":"too_junior"},"futureFit":"qualified",
      "scores":[{"by":"System design","score":"yes"},{"by":"Dana, hiring manager","score":"strong_yes"}],
      "skillGaps":["Kubernetes"]},
      "flags":{"openToContract":true},
      "followUp":{"due":"2027-03-01","note":"Check in after promotion cycle"}})", "one");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type(), "outcome.recorded");
  EXPECT_EQ(events[1].type(), "flags.set");
  EXPECT_EQ(events[2].type(), "followup.scheduled");
  const Outcome& o = pool.state().outcomes.at({"c-4", "r-1"});
  ASSERT_EQ(o.scores.size(), 2u);
  EXPECT_EQ(o.scores[1].score, Score::strong_yes);
  EXPECT_EQ(o.skill_gaps, std::vector<std::string>{"kubernetes"});
  EXPECT_EQ(pool.state().follow_ups.at("one.2").candidate_id, "c-4");
}

TEST(RecordOutcome, AnInvalidFollowUpRefusesTheWholeAction) {
  Pool pool = three_runner_ups();
  must(pool, testing::candidate_json("c-4", "Priya Raman"), "p");
  const std::string before = state_text(pool);
  auto r = pool.execute(command(R"({"type":"recordOutcome","outcome":{"candidateId":"c-4","requisitionId":"r-1",
      "stage":"final","outcome":"runner_up","reason":{"code":"timing"}},
      "flags":{"doNotContact":true,"doNotContactReason":"GDPR objection"},
      "followUp":{"due":"2027-03-01"}})"), "alice", testing::kNow, "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::blocked);
  EXPECT_EQ(state_text(pool), before);
}

// ---- ranking and next in line --------------------------------------------------------------------

TEST(Ranking, ReordersEveryRunnerUpOfTheRequisition) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"rankRunnerUps","requisitionId":"r-1","order":["c-3","c-1","c-2"]})", "rk");
  EXPECT_EQ(pool.state().outcomes.at({"c-3", "r-1"}).rank, 1);
  EXPECT_EQ(pool.state().outcomes.at({"c-1", "r-1"}).rank, 2);
  EXPECT_EQ(pool.state().outcomes.at({"c-2", "r-1"}).rank, 3);
}

TEST(Ranking, RefusesDuplicatesOutsidersAndOmissions) {
  Pool pool = three_runner_ups();
  const std::string before = state_text(pool);
  for (const char* bad : {R"({"type":"rankRunnerUps","requisitionId":"r-1","order":["c-1","c-1","c-2"]})",
                          R"({"type":"rankRunnerUps","requisitionId":"r-1","order":["c-1","c-2","ghost"]})",
                          R"({"type":"rankRunnerUps","requisitionId":"r-1","order":["c-1","c-2"]})"}) {
    auto r = pool.execute(command(bad), "alice", testing::kNow, "rk");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::conflict);
  }
  EXPECT_EQ(state_text(pool), before);
}

// The ranks the fold looks up (State::ranks_by_requisition) are what a scan of the outcomes says,
// after every kind of change: outcomes, a reordering, a clash settled by the fold, a back-out, an
// undo, an erasure, a snapshot read back.
void expect_ranks_as_scanned(const Pool& pool, const std::string& step) {
  const State& s = pool.state();
  std::map<std::string, std::map<int, std::set<std::string>>> scanned;
  for (const auto& [key, o] : s.outcomes)
    if (o.outcome == OutcomeKind::runner_up && o.rank > 0) scanned[key.second][o.rank].insert(key.first);
  std::map<std::string, std::map<int, std::set<std::string>>> indexed;
  for (const auto& [req, ranks] : s.ranks_by_requisition) {
    std::size_t count = 0;
    for (const auto& [rank, holders] : ranks.holders) {
      indexed[req][rank] = holders;
      count += holders.size();
    }
    EXPECT_EQ(ranks.count, count) << step;
  }
  EXPECT_EQ(indexed, scanned) << step;
  for (const auto& [key, o] : s.outcomes) {
    int others = 0;
    for (const auto& [k2, o2] : s.outcomes)
      if (k2.second == key.second && k2.first != key.first && o2.outcome == OutcomeKind::runner_up && o2.rank > 0) ++others;
    EXPECT_EQ(next_free_rank(s, key.second, key.first), others + 1) << step << " " << key.first;
  }
}

TEST(Ranking, TheRankIndexAgreesWithAScanAfterEveryChange) {
  Pool pool = three_runner_ups();
  expect_ranks_as_scanned(pool, "three runner-ups");
  must(pool, R"({"type":"rankRunnerUps","requisitionId":"r-1","order":["c-3","c-1","c-2"]})", "rk");
  expect_ranks_as_scanned(pool, "reordered");
  // two recruiters record runner-ups at the same moment, each offered rank 4: the fold settles it
  Pool other = pool;
  must(pool, testing::candidate_json("c-4", "Priya Raman"), "p4");
  must(other, testing::candidate_json("c-5", "Yuki Tanaka"), "p5");
  must(pool, testing::outcome_json("c-4", "r-1", 4), "o4");
  must(other, testing::outcome_json("c-5", "r-1", 4), "o5", testing::kNow, "bob");
  pool.apply(other.log());
  expect_ranks_as_scanned(pool, "a clash settled");
  EXPECT_NE(pool.state().outcomes.at({"c-4", "r-1"}).rank, pool.state().outcomes.at({"c-5", "r-1"}).rank);
  // a runner-up hired, then backed out (offer declined: no longer a ranked runner-up)
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"offer","outcome":"hired"}})", "h");
  expect_ranks_as_scanned(pool, "hired");
  must(pool, R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"offer_declined"}})", "bo");
  expect_ranks_as_scanned(pool, "backed out");
  must(pool, R"({"type":"undoLast"})", "u");
  expect_ranks_as_scanned(pool, "undone");
  Pool restored;
  ASSERT_TRUE(restored.restore(pool.snapshot()));
  expect_ranks_as_scanned(restored, "restored from the document");
  must(restored, R"({"type":"erasePerson","candidateId":"c-2"})", "er");
  expect_ranks_as_scanned(restored, "erased after a restore");
  Pool binary;
  ASSERT_TRUE(binary.restore_binary(restored.snapshot_binary()));
  expect_ranks_as_scanned(binary, "restored from the binary snapshot");
}

TEST(NextInLine, AfterABackOutListsRunnerUpsInRankOrderSkippingWhoCannotBeApproached) {
  Pool pool = three_runner_ups();
  must(pool, testing::candidate_json("c-9", "Sam Hire"), "h0");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-9","requisitionId":"r-1","stage":"offer","outcome":"hired"}})", "h1");
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"Platform lead"}})", "h2");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-2","requisitionId":"r-2","stage":"offer","outcome":"hired"}})", "h3");
  do_not_contact(pool, "c-1");
  must(pool, R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"offer_declined","note":"Counter-offer"}})", "bo");
  EXPECT_EQ(pool.state().requisitions.at("r-1").status, RequisitionStatus::open);
  EXPECT_EQ(pool.state().outcomes.at({"c-9", "r-1"}).outcome, OutcomeKind::offer_declined);
  NextInLine line = next_in_line(pool.state(), "r-1", day("2026-11-20"));
  ASSERT_EQ(line.entries.size(), 1u);
  EXPECT_EQ(line.entries[0].candidate->id, "c-3");
  ASSERT_EQ(line.skipped.size(), 2u);
  EXPECT_EQ(line.skipped[0].why, "do_not_contact");
  EXPECT_EQ(line.skipped[1].why, "hired_elsewhere");
  must(pool, R"({"type":"reopenForNextInLine","requisitionId":"r-1"})", "re");
  EXPECT_EQ(pool.state().progress.at("r-1").reopened_for, "c-3");
}

TEST(NextInLine, TheHostResendingItsRequisitionDoesNotUndoABackOut) {
  Pool pool = three_runner_ups();
  const char* filled = R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"Senior Backend Engineer",
      "status":"filled","hiredCandidateId":"c-9"}})";
  must(pool, testing::candidate_json("c-9", "Sam Hire"), "h0");
  must(pool, filled, "h1");
  must(pool, R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"left_early"}})", "bo");
  EXPECT_EQ(pool.state().requisitions.at("r-1").status, RequisitionStatus::open);
  auto resent = pool.propose(command(filled), "alice", testing::kNow, "again");
  ASSERT_TRUE(resent);
  EXPECT_TRUE(resent.value().empty());
  // A real change from the host still lands.
  auto changed = pool.propose(command(R"({"type":"saveRequisition","requisition":{"id":"r-1",
      "title":"Senior Backend Engineer, re-advertised","status":"open"}})"), "alice", testing::kNow, "edit");
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed.value().size(), 1u);
  // And a snapshot keeps both views of the requisition.
  Pool restored;
  ASSERT_TRUE(restored.restore(pool.snapshot()));
  EXPECT_EQ(restored.state().requisitions.at("r-1").status, RequisitionStatus::open);
  EXPECT_TRUE(restored.propose(command(filled), "alice", testing::kNow, "again").value().empty());
}

TEST(NextInLine, ABackOutNeedsAHire) {
  Pool pool = three_runner_ups();
  auto r = pool.execute(command(R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"left_early"}})"),
                        "alice", testing::kNow, "bo");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

// ---- undo ----------------------------------------------------------------------------------------

TEST(Undo, CompensatesTheLastActionWithoutDeletingIt) {
  Pool pool = three_runner_ups();
  const std::string before = state_text(pool);
  auto recorded = must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true}})", "fl");
  EXPECT_TRUE(pool.state().flags.at("c-1").open_to_contract);
  auto undo = must(pool, R"({"type":"undoLast"})", "u1");
  ASSERT_EQ(undo.size(), 1u);
  EXPECT_EQ(undo[0].type(), "action.undone");
  EXPECT_EQ(pool.state().flags.count("c-1"), 0u);
  EXPECT_EQ(pool.log().size(), 9u);  // both the action and its undo stay in the log
  EXPECT_TRUE(pool.is_undone("fl.0"));
  // The state equals the one before the action (but for the clock and the ids it has seen).
  auto strip = [](std::string s) {
    auto a = s.find("\"clock\""), b = s.find("\"candidates\"");
    return s.erase(a, b - a);
  };
  EXPECT_EQ(strip(state_text(pool)), strip(before));
}

TEST(Undo, UndoesWholeActionsOneAfterAnother) {
  Pool pool = three_runner_ups();
  must(pool, testing::candidate_json("c-4", "Priya Raman"), "p");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-4","requisitionId":"r-1",
      "stage":"final","outcome":"runner_up","reason":{"code":"timing"}},"flags":{"openToContract":true},
      "followUp":{"due":"2027-01-10"}})", "big");
  must(pool, R"({"type":"undoLast"})", "u1");
  EXPECT_EQ(pool.state().outcomes.count({"c-4", "r-1"}), 0u);
  EXPECT_EQ(pool.state().follow_ups.count("big.2"), 0u);
  must(pool, R"({"type":"undoLast"})", "u2");  // then the candidate it saved before
  EXPECT_EQ(pool.state().candidates.count("c-4"), 0u);
}

TEST(Undo, OnlyUndoesTheActorsOwnActions) {
  Pool pool;
  auto r = pool.execute(command(R"({"type":"undoLast"})"), "alice", testing::kNow, "u");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  must(pool, testing::candidate_json("c-1", "Ana"), "a", testing::kNow, "bob");
  EXPECT_FALSE(pool.execute(command(R"({"type":"undoLast"})"), "alice", testing::kNow, "u"));
}

TEST(Undo, TheLastActionSaysWhetherItCanBeUndone) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true}})", "fl");
  auto last = run_query(pool, json::parse(R"({"type":"lastAction","actor":"alice"})"));
  ASSERT_TRUE(last);
  ASSERT_TRUE(last.value().is_object()) << json::serialize(last.value());
  EXPECT_TRUE(last.value().at("undoable").as_bool()) << json::serialize(last.value());
  // An erasure is the last action: the answer says so, and undoLast refuses it, as the answer said.
  must(pool, R"({"type":"erasePerson","candidateId":"c-2"})", "erase");
  last = run_query(pool, json::parse(R"({"type":"lastAction","actor":"alice"})"));
  ASSERT_TRUE(last);
  EXPECT_EQ(last.value().at("events").as_array().at(0).at("type").as_string(), "person.erased");
  EXPECT_FALSE(last.value().at("undoable").as_bool());
  auto r = pool.execute(command(R"({"type":"undoLast"})"), "alice", testing::kNow, "u");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST(Undo, ReplaysIdenticallyFromTheLog) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true}})", "fl");
  must(pool, R"({"type":"undoLast"})", "u1");
  Pool replica;
  std::vector<Event> reversed(pool.log().rbegin(), pool.log().rend());
  replica.apply(reversed);
  EXPECT_EQ(state_text(replica), state_text(pool));
}

// ---- snapshot of the whole lifecycle ---------------------------------------------------------------

TEST(LifecycleSnapshot, RoundTripsEveryPart) {
  Pool pool = with_request("2026-11-13T16:00:00Z");
  must(pool, R"({"type":"giveFeedback","feedback":{"candidateId":"c-2","channel":"video","summary":"Strong"}})", "g");
  must(pool, R"({"type":"setFlags","candidateId":"c-2","flags":{"openToPartTime":true,"availableFrom":"2027-02-01"}})", "f");
  must(pool, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-2","channel":"phone"}})", "t");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-2","due":"2027-01-05","cadence":{"every":30,"unit":"days"}}})", "s");
  must(pool, R"({"type":"snoozeFollowUp","followUpId":"s.0","until":"2027-01-20"})", "z");
  must(pool, testing::candidate_json("c-9", "Sam Hire"), "h0");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-9","requisitionId":"r-1","stage":"offer","outcome":"hired"}})", "h1");
  must(pool, R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"left_early"}})", "bo");
  must(pool, R"({"type":"reopenForNextInLine","requisitionId":"r-1"})", "re");
  must(pool, R"({"type":"changeSettings","settings":{"feedbackDueBusinessDays":7}})", "cs");
  Pool restored;
  ASSERT_TRUE(restored.restore(pool.snapshot()));
  EXPECT_EQ(state_text(restored), state_text(pool));
  EXPECT_EQ(restored.state().settings.feedback_due_business_days, 7);
  testing::expect_binary_round_trip(pool);
}

}  // namespace
}  // namespace runnerup
