// Closing out a requisition in one action (runnerup/close_out.hpp): every finalist's decision
// applied whole or not at all, undone as one, and the statuses the host is told.
#include "runnerup/close_out.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "runnerup/query.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::ask;
using testing::candidate_json;
using testing::command;
using testing::kNow;
using testing::must;

// An open requisition and five finalists, nothing decided yet.
Pool five_finalists() {
  Pool pool;
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"SRE","code":"REQ-1"}})", "a");
  must(pool, candidate_json("c-hire", "Hana Sato"), "b");
  must(pool, candidate_json("c-one", "Ana Núñez"), "c");
  must(pool, candidate_json("c-two", "Chen Wei"), "d");
  must(pool, candidate_json("c-no", "Kofi Mensah"), "e");
  must(pool, candidate_json("c-fit", "Lena Vogel"), "f");
  return pool;
}

const char* kCloseOut = R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
  {"candidateId":"c-hire","outcome":"hired"},
  {"candidateId":"c-two","outcome":"runner_up","rank":2,"reason":{"code":"skills_gap"}},
  {"candidateId":"c-one","outcome":"runner_up","rank":1,"reason":{"code":"stronger_candidate"},"feedbackOwed":true},
  {"candidateId":"c-no","outcome":"not_selected","stage":"interview","reason":{"code":"too_junior"}},
  {"candidateId":"c-fit","outcome":"not_a_fit","reason":{"code":"team_fit"},"feedbackOwed":true}]})";

const Outcome& outcome(const Pool& pool, const std::string& candidate) { return pool.state().outcomes.at({candidate, "r-1"}); }

std::string everything(const Pool& pool) {
  return json::serialize(ask(pool, R"({"type":"pool"})")) + json::serialize(ask(pool, R"({"type":"requisitions"})")) +
         json::serialize(ask(pool, R"({"type":"feedbackOwed","today":"2026-11-20"})"));
}

TEST(CloseOut, RecordsEveryFinalistInOneAction) {
  Pool pool = five_finalists();
  const auto events = must(pool, kCloseOut, "close");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().type(), "requisition.closed_out");
  for (const Event& e : events) EXPECT_EQ(action_of(e), "close");

  EXPECT_EQ(outcome(pool, "c-hire").outcome, OutcomeKind::hired);
  EXPECT_EQ(outcome(pool, "c-hire").stage, Stage::offer);
  EXPECT_EQ(outcome(pool, "c-one").rank, 1);
  EXPECT_EQ(outcome(pool, "c-two").rank, 2);
  EXPECT_EQ(outcome(pool, "c-one").future_fit, FutureFit::strong);
  EXPECT_EQ(outcome(pool, "c-one").stage, Stage::final_round);
  EXPECT_EQ(outcome(pool, "c-no").outcome, OutcomeKind::rejected);
  EXPECT_EQ(outcome(pool, "c-no").future_fit, FutureFit::qualified);
  EXPECT_EQ(outcome(pool, "c-no").stage, Stage::interview);
  EXPECT_EQ(outcome(pool, "c-fit").outcome, OutcomeKind::rejected);
  EXPECT_EQ(outcome(pool, "c-fit").future_fit, FutureFit::not_a_fit);

  const Requisition& req = pool.state().requisitions.at("r-1");
  EXPECT_EQ(req.status, RequisitionStatus::filled);
  EXPECT_EQ(req.hired_candidate_id, "c-hire");
  const json::value owed = ask(pool, R"({"type":"feedbackOwed","today":"2026-11-20"})");
  EXPECT_EQ(owed.at("entries").as_array().size(), 2u);
}

TEST(CloseOut, OneUndoTakesTheWholeCloseOutBack) {
  Pool pool = five_finalists();
  const std::string before = everything(pool);
  must(pool, kCloseOut, "close");
  ASSERT_NE(everything(pool), before);
  const auto undo = must(pool, R"({"type":"undoLast"})", "undo");
  ASSERT_EQ(undo.size(), 1u);
  EXPECT_EQ(everything(pool), before);
  EXPECT_TRUE(pool.state().outcomes.empty());
  EXPECT_EQ(pool.state().requisitions.at("r-1").status, RequisitionStatus::open);
}

TEST(CloseOut, ARefusedFinalistRefusesTheWholeCloseOut) {
  Pool pool = five_finalists();
  const std::string before = everything(pool);
  const std::size_t logged = pool.log().size();
  // the last finalist is not in the pool: nothing of the close-out is recorded
  auto refused = pool.execute(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-hire","outcome":"hired"},
    {"candidateId":"c-one","outcome":"runner_up","reason":{"code":"stronger_candidate"},"feedbackOwed":true},
    {"candidateId":"nobody","outcome":"not_selected","reason":{"code":"timing"}}]})"),
                              "alice", kNow, "x");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::not_found);
  EXPECT_EQ(refused.error().path, "/finalists/2/candidateId");
  EXPECT_EQ(pool.log().size(), logged);
  EXPECT_EQ(everything(pool), before);

  // a finalist not hired without a reason, an unknown choice: the command is refused as it is read
  auto no_reason = parse_command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-hire","outcome":"hired"},{"candidateId":"c-no","outcome":"not_selected"}]})");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().path, "/finalists/1/reason");
  EXPECT_FALSE(parse_command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-one","outcome":"rejected","reason":{"code":"timing"}}]})").ok());
}

TEST(CloseOut, HiresAtMostOneAndNotOverAnotherHire) {
  Pool pool = five_finalists();
  auto two = pool.propose(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-hire","outcome":"hired"},{"candidateId":"c-one","outcome":"hired"}]})"),
                          "alice", kNow, "x");
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, ErrorCode::conflict);
  EXPECT_EQ(two.error().path, "/finalists/1/outcome");

  must(pool, kCloseOut, "close");
  auto other = pool.propose(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-one","outcome":"hired"}]})"),
                            "alice", kNow, "y");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.error().message.find("mark the hire backed out"), std::string::npos);
  // the hire as anything but hired is refused too (the rule recordOutcome applies)
  auto demoted = pool.propose(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-hire","outcome":"not_selected","reason":{"code":"timing"}}]})"),
                              "alice", kNow, "z");
  ASSERT_FALSE(demoted.ok());
  EXPECT_EQ(demoted.error().path, "/finalists/0/outcome");
}

TEST(CloseOut, RanksAreOneToNOrFollowTheFinalistsOrder) {
  Pool pool = five_finalists();
  auto gap = pool.propose(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-one","outcome":"runner_up","rank":1,"reason":{"code":"timing"}},
    {"candidateId":"c-two","outcome":"runner_up","rank":3,"reason":{"code":"timing"}}]})"),
                          "alice", kNow, "x");
  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().path, "/finalists/1/rank");
  auto some = pool.propose(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-one","outcome":"runner_up","rank":1,"reason":{"code":"timing"}},
    {"candidateId":"c-two","outcome":"runner_up","reason":{"code":"timing"}}]})"),
                           "alice", kNow, "y");
  ASSERT_FALSE(some.ok());
  EXPECT_EQ(some.error().path, "/finalists/1/rank");

  must(pool, R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-two","outcome":"runner_up","reason":{"code":"timing"}},
    {"candidateId":"c-one","outcome":"runner_up","reason":{"code":"timing"}}]})",
       "z");
  EXPECT_EQ(outcome(pool, "c-two").rank, 1);
  EXPECT_EQ(outcome(pool, "c-one").rank, 2);
  // closing out again with the order swapped swaps the ranks, without a clash on the way
  must(pool, R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-one","outcome":"runner_up","rank":1,"reason":{"code":"timing"}},
    {"candidateId":"c-two","outcome":"runner_up","rank":2,"reason":{"code":"timing"}}]})",
       "w");
  EXPECT_EQ(outcome(pool, "c-one").rank, 1);
  EXPECT_EQ(outcome(pool, "c-two").rank, 2);
  // the same close-out again changes nothing
  auto again = pool.propose(command(R"({"type":"closeOutRequisition","requisitionId":"r-1","finalists":[
    {"candidateId":"c-one","outcome":"runner_up","rank":1,"reason":{"code":"timing"}},
    {"candidateId":"c-two","outcome":"runner_up","rank":2,"reason":{"code":"timing"}}]})"),
                            "alice", kNow, "v");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again.value().empty());
}

TEST(CloseOut, TheQueryOffersTheFormTheCloseOutStartsFrom) {
  Pool pool = five_finalists();
  must(pool, kCloseOut, "close");
  const json::value form = ask(pool, R"({"type":"closeOut","requisitionId":"r-1","today":"2026-11-20",
    "candidateIds":["c-one","c-new","c-no"]})");
  const json::array& rows = form.at("finalists").as_array();
  ASSERT_EQ(rows.size(), 5u);  // "c-new" is not in the pool
  EXPECT_EQ(rows[0].at("candidate").at("id"), "c-hire");
  EXPECT_EQ(rows[0].at("choice"), "hired");
  EXPECT_EQ(rows[1].at("candidate").at("id"), "c-one");
  EXPECT_EQ(rows[1].at("rank"), 1);
  EXPECT_EQ(rows[1].at("feedbackOwed"), true);
  EXPECT_EQ(rows[2].at("candidate").at("id"), "c-two");
  EXPECT_EQ(form.at("requisition").at("status"), "filled");
  bool not_a_fit = false;
  for (const json::value& r : rows) not_a_fit |= r.at("choice") == "not_a_fit";
  EXPECT_TRUE(not_a_fit);
  EXPECT_EQ(form.at("choices").as_array().size(), 4u);
  EXPECT_EQ(form.at("choices").at(0).at("reasonRequired"), false);
}

const json::value& write_back(const json::value& answer) {
  EXPECT_EQ(answer.at("writeBacks").as_array().size(), 1u);
  return answer.at("writeBacks").at(0);
}

std::string status_of(const json::value& wb, const std::string& id) {
  for (const json::value& c : wb.at("candidates").as_array())
    if (c.at("id").as_string() == id) return std::string(c.at("status").as_string());
  return "(not listed)";
}

std::string ids_json(const std::vector<Event>& events) {
  json::array a;
  for (const Event& e : events) a.push_back(json::value(e.id));
  return R"({"type":"writeBack","eventIds":)" + json::serialize(a) + "}";
}

TEST(WriteBack, SaysTheHostStatusesAfterACloseOutABackOutAndTheirUndo) {
  Pool pool = five_finalists();
  const auto closed = must(pool, kCloseOut, "close");
  const json::value after_close = ask(pool, ids_json(closed));
  const json::value& wb = write_back(after_close);
  EXPECT_EQ(wb.at("action"), "closeOut");
  EXPECT_EQ(wb.at("undone"), false);
  EXPECT_EQ(wb.at("requisition").at("status"), "filled");
  EXPECT_EQ(wb.at("requisition").at("code"), "REQ-1");
  EXPECT_EQ(wb.at("requisition").at("hiredCandidateId"), "c-hire");
  EXPECT_EQ(status_of(wb, "c-hire"), "hired");
  EXPECT_EQ(status_of(wb, "c-one"), "runner_up");
  EXPECT_EQ(status_of(wb, "c-no"), "not_selected");
  EXPECT_EQ(status_of(wb, "c-fit"), "not_a_fit");

  const auto backed = must(pool, R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"left_early"}})", "back");
  const json::value after_back = ask(pool, ids_json(backed));
  EXPECT_EQ(write_back(after_back).at("action"), "backOut");
  EXPECT_EQ(write_back(after_back).at("requisition").at("status"), "reopened");
  EXPECT_TRUE(write_back(after_back).at("requisition").at("hiredCandidateId").is_null());
  EXPECT_EQ(status_of(write_back(after_back), "c-hire"), "backed_out");

  const auto undo_back = must(pool, R"({"type":"undoLast"})", "u1");
  const json::value after_undo = ask(pool, ids_json(undo_back));
  EXPECT_EQ(write_back(after_undo).at("undone"), true);
  EXPECT_EQ(write_back(after_undo).at("requisition").at("status"), "filled");
  EXPECT_EQ(status_of(write_back(after_undo), "c-hire"), "hired");

  // undoing the close-out: everyone it decided is undecided again, and still named
  const auto undo_close = must(pool, R"({"type":"undoLast"})", "u2");
  const json::value wb2 = write_back(ask(pool, ids_json(undo_close)));
  EXPECT_EQ(wb2.at("action"), "closeOut");
  EXPECT_EQ(wb2.at("requisition").at("status"), "open");
  EXPECT_EQ(status_of(wb2, "c-one"), "undecided");
  EXPECT_EQ(status_of(wb2, "c-fit"), "undecided");

  // an action that is none of these tells the host nothing
  const auto other = must(pool, R"({"type":"requestFeedback","request":{"candidateId":"c-one"}})", "fb");
  EXPECT_TRUE(ask(pool, ids_json(other)).at("writeBacks").as_array().empty());
}

TEST(WriteBack, AnOfferDeclinedKeepsTheHireAsOfferDeclined) {
  Pool pool = five_finalists();
  must(pool, kCloseOut, "close");
  const auto backed = must(pool, R"({"type":"markHireBackedOut","backOut":{"requisitionId":"r-1","reason":"offer_declined"}})", "back");
  EXPECT_EQ(status_of(write_back(ask(pool, ids_json(backed))), "c-hire"), "offer_declined");
  const auto reopened = must(pool, R"({"type":"reopenForNextInLine","requisitionId":"r-1"})", "re");
  const json::value wb = write_back(ask(pool, ids_json(reopened)));
  EXPECT_EQ(wb.at("action"), "reopen");
  EXPECT_EQ(wb.at("requisition").at("reopenedFor"), "c-one");
}

}  // namespace
}  // namespace runnerup
