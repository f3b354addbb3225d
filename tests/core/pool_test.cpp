#include "runnerup/pool.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fixtures.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rediscovery.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {
namespace {

using testing::candidate_json;
using testing::command;
using testing::kNow;
using testing::must;
using testing::outcome_json;
using testing::requisition_json;
using testing::state_text;
using testing::three_runner_ups;

TEST(Pool, ProposeDoesNotChangeThePool) {
  Pool pool;
  auto events = pool.propose(command(candidate_json("c-1", "Ana")), "alice", kNow, "x");
  ASSERT_TRUE(events);
  ASSERT_EQ(events.value().size(), 1u);
  EXPECT_TRUE(pool.state().candidates.empty());
  EXPECT_TRUE(pool.log().empty());
  pool.apply(events.value());
  EXPECT_EQ(pool.state().candidates.at("c-1").name, "Ana");
}

TEST(Pool, EventsCarryTheEnvelope) {
  Pool pool;
  auto e = must(pool, candidate_json("c-1", "Ana"), "7f3c", kNow, "alice");
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].id, "7f3c.0");
  EXPECT_EQ(e[0].actor, "alice");
  EXPECT_EQ(e[0].at, kNow);
  EXPECT_EQ(e[0].clock, 1u);
  EXPECT_EQ(e[0].type(), "candidate.saved");
  auto next = must(pool, candidate_json("c-2", "Chen"), "8a", kNow, "alice");
  EXPECT_EQ(next[0].clock, 2u);
}

TEST(Pool, RecordingARunnerUpPutsThemInThePool) {
  Pool pool = three_runner_ups();
  auto entries = pool_entries(pool.state());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].candidate->name, "Ana Núñez");
  EXPECT_EQ(entries[0].outcome->rank, 1);
  EXPECT_EQ(entries[0].outcome->stage, Stage::final_round);
  EXPECT_EQ(entries[0].outcome->decided_by, "alice");
  EXPECT_EQ(entries[2].outcome->reason.note, "Relocation fell through");
}

TEST(Pool, ApplyingTheSameEventTwiceIsANoOp) {
  Pool pool = three_runner_ups();
  const std::string before = state_text(pool);
  const auto version = pool.version();
  const auto today = *parse_date("2026-11-22");
  const PoolIndex* index = &pool.index(today);
  ApplyReport r = pool.apply(pool.log());
  EXPECT_EQ(r.applied, 0u);
  EXPECT_EQ(r.skipped, 7u);
  EXPECT_EQ(state_text(pool), before);
  EXPECT_EQ(pool.log().size(), 7u);
  // nothing changed: the same version, and the search index is not built again
  EXPECT_EQ(pool.version(), version);
  EXPECT_EQ(&pool.index(today), index);
  // one new event is a change
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-new","name":"New Person"}})", "n1");
  EXPECT_GT(pool.version(), version);
}

TEST(Pool, FoldingInAnyOrderGivesTheSameState) {
  Pool source = three_runner_ups();
  std::vector<Event> events = source.log();
  std::mt19937 rng(42);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(events.begin(), events.end(), rng);
    Pool replica;
    // Apply in uneven batches, some repeated.
    std::size_t i = 0;
    while (i < events.size()) {
      std::size_t n = 1 + rng() % 3;
      std::vector<Event> batch(events.begin() + i, events.begin() + std::min(events.size(), i + n));
      replica.apply(batch);
      if (rng() % 2) replica.apply(batch);
      i += n;
    }
    EXPECT_EQ(state_text(replica), state_text(source)) << "round " << round;
  }
}

TEST(Pool, TwoDifferentEventsUnderOneIdResolveTheSameInEitherOrder) {
  // Found by fuzzing: the first to arrive used to win.
  Pool a_source, b_source;
  auto first = must(a_source, candidate_json("c-1", "Ana"), "dup");
  auto second = must(b_source, R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"SRE"}})", "dup");
  ASSERT_EQ(first[0].id, second[0].id);
  Pool forward, backward;
  forward.apply(first);
  forward.apply(second);
  backward.apply(second);
  backward.apply(first);
  EXPECT_EQ(state_text(forward), state_text(backward));
  EXPECT_EQ(forward.log().size(), 1u);
}

TEST(Pool, ConcurrentEditsMergeToTheSameStateEitherWay) {
  Pool base;
  must(base, candidate_json("c-1", "Ana"), "a");
  Pool left = base, right = base;
  auto l = must(left, R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana L"}})", "l", kNow, "lee");
  auto r = must(right, R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana R"}})", "r", kNow, "rui");
  left.apply(r);
  right.apply(l);
  EXPECT_EQ(state_text(left), state_text(right));
  EXPECT_EQ(left.state().candidates.at("c-1").name, "Ana R");  // same clock: actor "rui" sorts last
}

namespace {

// A filled requisition and three finalists, none ranked yet: what every recruiter's replica holds
// before they record runner-ups at the same moment.
Pool three_finalists() {
  Pool pool;
  must(pool, requisition_json("r-1", "Senior Backend Engineer"), "a");
  must(pool, candidate_json("c-1", "Ana Núñez"), "b");
  must(pool, candidate_json("c-2", "Chen Wei"), "c");
  must(pool, candidate_json("c-3", "José Müller-García"), "d");
  return pool;
}

int rank_of(const Pool& pool, const std::string& candidate) {
  return pool.state().outcomes.at({candidate, "r-1"}).rank;
}

}  // namespace

TEST(Pool, TwoRecruitersRankingTheSamePlaceAtOnceEndWithDistinctRanksEitherWay) {
  const Pool base = three_finalists();
  Pool lee = base, rui = base;
  auto l = must(lee, outcome_json("c-1", "r-1", 1), "l", kNow, "lee");
  auto r = must(rui, outcome_json("c-2", "r-1", 1), "r", kNow, "rui");
  ASSERT_EQ(l[0].clock, r[0].clock);  // concurrent: neither saw the other
  lee.apply(r);
  rui.apply(l);
  EXPECT_EQ(state_text(lee), state_text(rui));
  // same clock: "lee" sorts first in the log and keeps rank 1; Chen moves to the next free rank
  EXPECT_EQ(rank_of(lee, "c-1"), 1);
  EXPECT_EQ(rank_of(lee, "c-2"), 2);
  // and the dialog offers the rank after both
  EXPECT_EQ(next_free_rank(lee.state(), "r-1"), 3);
}

TEST(Pool, ThreeRecruitersRankingTheSamePlaceEndWithDistinctRanksInEveryOrder) {
  const Pool base = three_finalists();
  std::vector<std::vector<Event>> made;
  const char* actors[] = {"kim", "ana", "zoe"};
  for (int i = 0; i < 3; ++i) {
    Pool replica = base;
    made.push_back(must(replica, outcome_json("c-" + std::to_string(i + 1), "r-1", 1), std::string("x") + actors[i],
                        kNow, actors[i]));
  }
  std::vector<int> order = {0, 1, 2};
  std::string first;
  do {
    Pool replica = base;
    for (int i : order) replica.apply(made[i]);
    if (first.empty()) first = state_text(replica);
    EXPECT_EQ(state_text(replica), first) << "order " << order[0] << order[1] << order[2];
    // the log's order (clock, actor, id) decides: ana (c-2), kim (c-1), zoe (c-3)
    EXPECT_EQ(rank_of(replica, "c-2"), 1);
    EXPECT_EQ(rank_of(replica, "c-1"), 2);
    EXPECT_EQ(rank_of(replica, "c-3"), 3);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(Pool, AConcurrentRankBelowAHeldOneTakesTheFirstFreeRankAboveIt) {
  Pool base = three_finalists();
  must(base, outcome_json("c-1", "r-1", 1), "e");
  Pool lee = base, rui = base;
  auto l = must(lee, outcome_json("c-2", "r-1", 2), "l", kNow, "lee");
  auto r = must(rui, outcome_json("c-3", "r-1", 2), "r", kNow, "rui");
  rui.apply(l);
  lee.apply(r);
  EXPECT_EQ(state_text(lee), state_text(rui));
  EXPECT_EQ(rank_of(rui, "c-1"), 1);
  EXPECT_EQ(rank_of(rui, "c-2"), 2);
  EXPECT_EQ(rank_of(rui, "c-3"), 3);
}

// The fold's walk along a requisition's held ranks gives every recorded runner-up the rank that
// asking rank_holder() rank by rank gives: the first from the recorded one up that no one else
// holds. Random outcomes (re-recordings, other kinds, clashing ranks) on two requisitions, folded
// in order one at a time, each checked against rank_holder() on the state just before it.
TEST(Pool, TheFoldGivesAClashingRankTheFirstFreeOneAboveAsRankHolderSays) {
  std::mt19937 rng(20261208);
  for (int round = 0; round < 40; ++round) {
    Pool pool;
    for (int k = 0; k < 60; ++k) {
      Outcome o;
      o.candidate_id = "c-" + std::to_string(rng() % 9);
      o.requisition_id = rng() % 2 ? "r-1" : "r-2";
      o.outcome = rng() % 5 == 0 ? OutcomeKind::rejected : OutcomeKind::runner_up;
      o.rank = o.outcome == OutcomeKind::runner_up ? static_cast<int>(rng() % 6) : 0;
      o.reason = {"timing", ""};
      int expected = o.rank;
      if (expected > 0)
        while (rank_holder(pool.state(), o.requisition_id, expected, o.candidate_id)) ++expected;
      const std::string id = "e" + std::to_string(round) + "." + std::to_string(k);
      pool.apply({Event{id, "lee", kNow, static_cast<std::uint64_t>(k + 1), OutcomeRecorded{o}}});
      const Outcome& got = pool.state().outcomes.at({o.candidate_id, o.requisition_id});
      ASSERT_EQ(got.rank, expected) << "round " << round << ", outcome " << k;
    }
  }
}

TEST(Pool, SavingAnUnchangedRecordProposesNothing) {
  Pool pool;
  must(pool, candidate_json("c-1", "Ana"), "a");
  auto again = pool.propose(command(candidate_json("c-1", "Ana")), "alice", kNow, "b");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again.value().empty());
}

TEST(Pool, OutcomeNeedsAKnownCandidateAndRequisition) {
  Pool pool;
  must(pool, requisition_json("r-1", "SRE"), "a");
  auto r = pool.propose(command(outcome_json("ghost", "r-1", 1)), "alice", kNow, "b");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  EXPECT_EQ(r.error().path, "/outcome/candidateId");
}

TEST(Pool, RankThatCollidesIsAConflictAndChangesNothing) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-4", "Priya Raman"), "h");
  const std::string before = state_text(pool);
  auto r = pool.execute(command(outcome_json("c-4", "r-1", 2)), "alice", kNow, "i");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_NE(r.error().message.find("Chen Wei"), std::string::npos);
  EXPECT_EQ(state_text(pool), before);
}

TEST(Pool, RankThatSkipsAPlaceIsAConflict) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-4", "Priya Raman"), "h");
  auto r = pool.propose(command(outcome_json("c-4", "r-1", 5)), "alice", kNow, "i");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_NE(r.error().message.find("next free rank is 4"), std::string::npos);
  EXPECT_TRUE(pool.propose(command(outcome_json("c-4", "r-1", 4)), "alice", kNow, "i"));
}

TEST(Pool, ReRecordingAPersonKeepsTheirOwnRank) {
  Pool pool = three_runner_ups();
  EXPECT_TRUE(pool.propose(command(outcome_json("c-2", "r-1", 2, "timing")), "alice", kNow, "x"));
}

TEST(Pool, DecisionsDatedInTheFutureAreRefused) {
  Pool pool = three_runner_ups();
  auto r = pool.propose(command(R"({"type":"recordOutcome","outcome":{"candidateId":"c-1",
      "requisitionId":"r-1","stage":"final","outcome":"runner_up","reason":{"code":"timing"},
      "decidedAt":"2027-01-01T00:00:00Z"}})"), "alice", kNow, "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/outcome/decidedAt");
}

TEST(Pool, SnapshotRoundTripsExactly) {
  Pool pool = three_runner_ups();
  const std::string snap = state_text(pool);
  Pool restored;
  ASSERT_TRUE(restored.restore(pool.snapshot()));
  EXPECT_EQ(state_text(restored), snap);
  EXPECT_EQ(restored.clock(), pool.clock());
  // Events the snapshot covers are still recognised as applied.
  EXPECT_EQ(restored.apply(pool.log()).applied, 0u);
  // New work continues the clock.
  auto e = must(restored, candidate_json("c-9", "Aiyana"), "z");
  EXPECT_EQ(e[0].clock, pool.clock() + 1);
}

TEST(Pool, LateEventsAfterARestoreFoldOnTopOfTheSnapshot) {
  Pool source = three_runner_ups();
  Pool restored;
  ASSERT_TRUE(restored.restore(source.snapshot()));
  Pool other;
  auto early = must(other, candidate_json("c-0", "Early Bird"), "early");  // clock 1, unseen
  restored.apply(early);
  EXPECT_EQ(restored.state().candidates.size(), 4u);
  EXPECT_EQ(restored.state().outcomes.size(), 3u);
}

TEST(Pool, BadSnapshotsAreRefusedAndChangeNothing) {
  Pool pool = three_runner_ups();
  const std::string before = state_text(pool);
  auto bad = pool.snapshot();
  bad.as_object()["candidates"].as_array()[1].as_object()["links"] = boost::json::array{"javascript:x"};
  Status st = pool.restore(bad);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().path, "/candidates/1/links/0");
  EXPECT_EQ(state_text(pool), before);
  auto future = pool.snapshot();
  future.as_object()["version"] = 9;
  EXPECT_EQ(pool.restore(future).error().code, ErrorCode::unsupported_version);
}

TEST(Pool, BinarySnapshotRoundTripsExactly) {
  Pool pool = three_runner_ups();
  testing::expect_binary_round_trip(pool);
  testing::expect_binary_round_trip(Pool{});  // the empty pool too
  // restored from bytes, late events still fold on top and new work continues the clock
  Pool restored;
  ASSERT_TRUE(restored.restore_binary(pool.snapshot_binary()));
  Pool other;
  restored.apply(must(other, candidate_json("c-0", "Early Bird"), "early"));
  EXPECT_EQ(restored.state().candidates.size(), 4u);
  EXPECT_EQ(must(restored, candidate_json("c-9", "Aiyana"), "z")[0].clock, pool.clock() + 1);
  // an erasure and an undo refold from the snapshot's state, decoded again from the bytes: the
  // pool ends as one restored from the JSON snapshot does
  Pool from_json;
  ASSERT_TRUE(from_json.restore(pool.snapshot()));
  from_json.apply(restored.log());
  EXPECT_EQ(state_text(from_json), state_text(restored));
  auto erased = must(restored, R"({"type":"erasePerson","candidateId":"c-2"})", "erase");
  from_json.apply(erased);
  auto touch = must(restored, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"phone"}})", "t");
  from_json.apply(touch);
  auto undo = must(restored, R"({"type":"undoLast"})", "u", kNow, "alice");
  from_json.apply(undo);
  EXPECT_EQ(state_text(from_json), state_text(restored));
  EXPECT_EQ(restored.state().candidates.at("c-2").name, "Erased person");
  // snapshotted again: the snapshot's ids and those of the events since, merged in order
  testing::expect_binary_round_trip(restored);
}

TEST(Pool, DamagedBinarySnapshotsAreRefusedAndChangeNothing) {
  Pool pool = three_runner_ups();
  const std::string before = state_text(pool);
  const std::string good = Pool{three_runner_ups()}.snapshot_binary();
  auto refused = [&](const std::string& bytes, const std::string& why) {
    const Status st = pool.restore_binary(bytes);
    EXPECT_FALSE(st) << why;
    if (!st) {
      EXPECT_NE(st.error().message.find("cannot be read"), std::string::npos) << st.error().message;
    }
    EXPECT_EQ(state_text(pool), before) << why;
  };
  refused("", "empty");
  refused("{\"format\":\"runnerup.snapshot\"}", "JSON is not the binary form");
  refused(good.substr(0, good.size() - 1), "cut short by one byte");
  refused(good + "x", "one byte too many");
  for (std::size_t at : {std::size_t{12}, std::size_t{40}, good.size() / 2, good.size() - 1}) {
    std::string flipped = good;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x20);
    refused(flipped, "byte " + std::to_string(at) + " flipped");
  }
  std::string future = good;
  future[8] = 9;
  const Status st = pool.restore_binary(future);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::unsupported_version);
  EXPECT_EQ(state_text(pool), before);
}

}  // namespace
}  // namespace runnerup
