// Opening from a snapshot, then giving the snapshot's events back (Pool::attach_history): the
// pool ends exactly where a full replay ends (state, log, a person's history, undo, late events).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "fixtures.hpp"

namespace runnerup::testing {
namespace {

std::string log_text(const Pool& pool) {
  boost::json::array a;
  for (const Event& e : pool.log()) a.push_back(boost::json::value_from(e));
  return boost::json::serialize(a);
}

// A full pool, and the same split at a snapshot: {snapshot of the first part, the rest}.
struct Split {
  Pool full;
  boost::json::value snapshot;
  std::vector<Event> covered;  // what the snapshot covers, as storage holds it
  std::vector<Event> tail;     // what came after
};

Split split_pool() {
  Split s{three_runner_ups(), {}, {}, {}};
  must(s.full, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","at":"2026-11-19T10:00:00Z","channel":"email","direction":"outbound","note":"Roadmap call"}})", "t1");
  must(s.full, R"({"type":"setFlags","candidateId":"c-2","flags":{"openToContract":true}})", "f1");
  s.snapshot = s.full.snapshot();
  s.covered = s.full.log();
  must(s.full, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-3","at":"2026-11-19T11:00:00Z","channel":"phone","direction":"inbound","note":"Asked about Q1"}})", "t2");
  must(s.full, R"({"type":"saveCandidate","candidate":{"id":"c-4","name":"Dana Kowalska"}})", "h");
  const auto& log = s.full.log();
  s.tail.assign(log.begin() + static_cast<std::ptrdiff_t>(s.covered.size()), log.end());
  return s;
}

// A pool restored from the split's snapshot, with what came after it: its history still to come.
Pool restored(const Split& s) {
  Pool p;
  EXPECT_TRUE(p.restore(s.snapshot).ok());
  p.apply(s.tail);
  return p;
}

TEST(History, AttachedInChunksTheRestoredPoolEqualsTheFullReplay) {
  Split s = split_pool();
  Pool p = restored(s);
  EXPECT_FALSE(p.history_complete());
  EXPECT_EQ(p.log().size(), s.tail.size());  // only what came after the snapshot, for now
  EXPECT_EQ(state_text(p), state_text(s.full));

  // storage hands the covered events back in any order, in chunks, with a duplicate
  std::vector<Event> back(s.covered.rbegin(), s.covered.rend());
  const std::size_t half = back.size() / 2;
  EXPECT_EQ(p.attach_history({back.begin(), back.begin() + static_cast<std::ptrdiff_t>(half)}).applied, half);
  const ApplyReport second = p.attach_history({back.begin() + static_cast<std::ptrdiff_t>(half) - 1, back.end()});
  EXPECT_EQ(second.skipped, 1u);
  EXPECT_EQ(p.finish_history(), 0u);
  EXPECT_TRUE(p.history_complete());

  EXPECT_EQ(log_text(p), log_text(s.full));
  EXPECT_EQ(state_text(p), state_text(s.full));
  ASSERT_EQ(p.events_about("c-1").size(), s.full.events_about("c-1").size());

  // a late event (an older clock, from another recruiter) lands in its place in both
  auto late = must(s.full, R"({"type":"setFlags","candidateId":"c-2","flags":{"openToPartTime":true}})", "late",
                   kNow, "bob");
  late[0].clock = 2;
  Pool exact;
  exact.apply(s.full.log());
  exact.apply(late);
  p.apply(late);
  EXPECT_EQ(state_text(p), state_text(exact));
  EXPECT_EQ(log_text(p), log_text(exact));
}

TEST(History, RestoredFromTheBinarySnapshotTheHistoryAttachesTheSame) {
  Split s = split_pool();
  Pool from_json;
  ASSERT_TRUE(from_json.restore(s.snapshot).ok());
  Pool source;
  ASSERT_TRUE(source.restore(s.snapshot).ok());
  Pool p;
  ASSERT_TRUE(p.restore_binary(source.snapshot_binary()).ok());
  EXPECT_EQ(state_text(p), state_text(from_json));
  p.apply(s.tail);
  EXPECT_FALSE(p.history_complete());
  EXPECT_EQ(p.attach_history(s.covered).applied, s.covered.size());
  EXPECT_EQ(p.finish_history(), 0u);
  EXPECT_TRUE(p.history_complete());
  EXPECT_EQ(log_text(p), log_text(s.full));
  EXPECT_EQ(state_text(p), state_text(s.full));
}

TEST(History, UndoAfterTheHistoryIsBackReachesActionsBeforeTheSnapshot) {
  Split s = split_pool();
  Pool p = restored(s);
  p.attach_history(s.covered);
  p.finish_history();
  // alice's last action is the candidate c-4 (after the snapshot); undo it, then the touchpoint
  // t2, then the flags set f1 (before the snapshot)
  must(p, R"({"type":"undoLast"})", "u1");
  must(p, R"({"type":"undoLast"})", "u2");
  must(p, R"({"type":"undoLast"})", "u3");
  must(s.full, R"({"type":"undoLast"})", "u1");
  must(s.full, R"({"type":"undoLast"})", "u2");
  must(s.full, R"({"type":"undoLast"})", "u3");
  EXPECT_EQ(state_text(p), state_text(s.full));
  EXPECT_EQ(p.state().flags.count("c-2"), 0u);  // the flags set before the snapshot is undone too
}

TEST(History, AnErasureDuringTheAttachScrubsTheHistoryToo) {
  Split s = split_pool();
  Pool p = restored(s);
  p.attach_history({s.covered.begin(), s.covered.begin() + 3});
  auto erase = must(s.full, R"({"type":"erasePerson","candidateId":"c-1"})", "x");
  p.apply(erase);
  p.attach_history({s.covered.begin() + 3, s.covered.end()});
  p.finish_history();
  const std::string log = log_text(p);
  EXPECT_EQ(log.find("Ana N"), std::string::npos) << "the erased name is still in the log";
  EXPECT_EQ(log.find("Roadmap call"), std::string::npos) << "the erased person's note is still in the log";
  EXPECT_EQ(state_text(p), state_text(s.full));
}

TEST(History, WhenStorageLostSomeOfTheSnapshotsEventsTheSnapshotStaysTheBase) {
  Split s = split_pool();
  Pool p = restored(s);
  p.attach_history({s.covered.begin() + 1, s.covered.end()});  // the first one is gone
  EXPECT_EQ(p.finish_history(), 1u);
  EXPECT_FALSE(p.history_complete());
  EXPECT_EQ(state_text(p), state_text(s.full));
  // a late event refolds from the snapshot, not from an incomplete log
  auto late = must(s.full, R"({"type":"saveCandidate","candidate":{"id":"c-5","name":"Late Arrival"}})", "z", kNow, "bob");
  late[0].clock = 1;
  p.apply(late);
  EXPECT_EQ(p.state().candidates.count("c-1"), 1u);
  EXPECT_EQ(p.state().candidates.count("c-5"), 1u);
  EXPECT_EQ(p.state().outcomes.size(), s.full.state().outcomes.size());
}

TEST(History, FinishedInStepsTheLogIsTheOneFinishedInOneGoAndNothingShowsBeforeTheLastStep) {
  for (std::size_t work : {1u, 2u, 5u, 1000u}) {
    Split s = split_pool();
    Pool p = restored(s);
    p.attach_history({s.covered.rbegin(), s.covered.rend()});
    const std::string log_before = log_text(p), state_before = state_text(p);
    std::size_t steps = 0;
    Pool::HistoryStep step;
    while (!(step = p.finish_history_step(work)).done) {
      ++steps;
      EXPECT_FALSE(p.history_complete());
      EXPECT_EQ(log_text(p), log_before) << "the log is as it was until the last step";
      EXPECT_EQ(state_text(p), state_before);
      ASSERT_LT(steps, 1000u);
    }
    EXPECT_GE(steps, 1u) << "the order is a step of its own";
    if (work == 1) {
      EXPECT_GE(steps, s.covered.size());
    }
    EXPECT_EQ(step.missing, 0u);
    EXPECT_TRUE(p.history_complete());
    EXPECT_EQ(log_text(p), log_text(s.full)) << "work " << work;
    EXPECT_EQ(state_text(p), state_text(s.full));
  }
}

TEST(History, BetweenFinishingStepsAttachAnErasureAndALateEventAllCount) {
  Split s = split_pool();
  Pool p = restored(s);
  const std::size_t half = s.covered.size() / 2;
  p.attach_history({s.covered.begin(), s.covered.begin() + static_cast<std::ptrdiff_t>(half)});
  EXPECT_FALSE(p.finish_history_step(1).done);  // ordered
  EXPECT_FALSE(p.finish_history_step(1).done);  // one placed
  // the rest of the history comes: the finish starts over with all of it
  p.attach_history({s.covered.begin() + static_cast<std::ptrdiff_t>(half), s.covered.end()});
  EXPECT_FALSE(p.finish_history_step(1).done);
  EXPECT_FALSE(p.finish_history_step(2).done);
  // an erasure of a person whose events are placed already, and a late event, between steps
  auto erase = must(s.full, R"({"type":"erasePerson","candidateId":"c-1"})", "x");
  p.apply(erase);
  auto late = must(s.full, R"({"type":"saveCandidate","candidate":{"id":"c-5","name":"Late Arrival"}})", "z", kNow, "bob");
  late[0].clock = 1;
  s.full.apply(late);
  p.apply(late);
  while (!p.finish_history_step(3).done) {
  }
  EXPECT_TRUE(p.history_complete());
  const std::string log = log_text(p);
  EXPECT_EQ(log.find("Ana N"), std::string::npos) << "the erased name is still in the log";
  EXPECT_EQ(log.find("Roadmap call"), std::string::npos) << "the erased person's note is still in the log";
  EXPECT_EQ(log, log_text(s.full));
  EXPECT_EQ(state_text(p), state_text(s.full));
}

}  // namespace
}  // namespace runnerup::testing
