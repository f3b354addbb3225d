// The binary snapshot (Pool::snapshot_binary, core/src/snapshot_binary.cpp): the ATS's own words
// survive it, and a snapshot stored by an older build still restores.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {
namespace {

using testing::expect_binary_round_trip;
using testing::kNow;
using testing::must;
using testing::state_text;

// The commands of the pool stored in tests/data/snapshot-binary-v1.bin: one outcome at every stage
// and with every initiator, a requisition, flags and a touchpoint.
const char* const kEveryStageCommands[] = {
    R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"Platform Engineer","status":"filled","requiredSkills":["Go"]}})",
    R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez","emails":["ana@example.com"],"skills":["Go"],"location":{"city":"Berlin","country":"DE"}}})",
    R"({"type":"saveCandidate","candidate":{"id":"c-2","name":"Chen Wei","tags":["referral"]}})",
    R"({"type":"saveCandidate","candidate":{"id":"c-3","name":"José Müller-García"}})",
    R"({"type":"saveCandidate","candidate":{"id":"c-4","name":"Priya Raman"}})",
    R"({"type":"saveCandidate","candidate":{"id":"c-5","name":"Zoë Okafor"}})",
    R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"applied","outcome":"rejected","reason":{"code":"skills_gap","note":"no Go yet"}}})",
    R"({"type":"recordOutcome","outcome":{"candidateId":"c-2","requisitionId":"r-1","stage":"screen","outcome":"withdrew","reason":{"code":"not_interested"}}})",
    R"({"type":"recordOutcome","outcome":{"candidateId":"c-4","requisitionId":"r-1","stage":"final","outcome":"runner_up","rank":1,"reason":{"code":"stronger_candidate"},"futureFit":"strong","scores":[{"by":"Design","score":"strong_yes"}]}})",
    R"({"type":"recordOutcome","outcome":{"candidateId":"c-3","requisitionId":"r-1","stage":"interview","outcome":"runner_up","rank":2,"reason":{"code":"timing"},"initiator":"circumstances"}})",
    R"({"type":"recordOutcome","outcome":{"candidateId":"c-5","requisitionId":"r-1","stage":"offer","outcome":"offer_declined","reason":{"code":"declined_offer"}}})",
    R"({"type":"setFlags","candidateId":"c-4","flags":{"openToContract":true}})",
    R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-3","at":"2026-11-19T10:00:00Z","channel":"phone","direction":"outbound","note":"Called back"}})",
};

Pool every_stage_pool() {
  Pool pool;
  int i = 0;
  for (const char* c : kEveryStageCommands) must(pool, c, "s" + std::to_string(i++), kNow);
  return pool;
}

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(RUNNERUP_TEST_DATA) + "/" + name, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// tests/data/snapshot-binary-v1.bin was written by the build before format version 2 from
// kEveryStageCommands. Version 1 knew no unknown stage: each of its stages restores as itself,
// and the fields added since restore empty.
TEST(BinarySnapshot, AVersionOneSnapshotRestoresWithEveryStageWhereItWas) {
  const std::string v1 = read_data("snapshot-binary-v1.bin");
  ASSERT_GT(v1.size(), 28u);
  ASSERT_EQ(v1[8], 1) << "the stored snapshot is of format version 1";
  Pool restored;
  const Status st = restored.restore_binary(v1);
  ASSERT_TRUE(st) << st.error().message;
  const Pool replayed = every_stage_pool();
  EXPECT_EQ(state_text(restored), state_text(replayed));
  EXPECT_EQ(restored.clock(), replayed.clock());
  const auto stage_of = [&](const char* candidate) {
    for (const auto& [key, o] : restored.state().outcomes)
      if (o.candidate_id == candidate) return o.stage;
    ADD_FAILURE() << "no outcome for " << candidate;
    return Stage::unknown;
  };
  EXPECT_EQ(stage_of("c-1"), Stage::applied);
  EXPECT_EQ(stage_of("c-2"), Stage::screen);
  EXPECT_EQ(stage_of("c-3"), Stage::interview);
  EXPECT_EQ(stage_of("c-4"), Stage::final_round);
  EXPECT_EQ(stage_of("c-5"), Stage::offer);
  EXPECT_TRUE(restored.state().candidates.at("c-1").ats_ids.empty());
  EXPECT_TRUE(restored.state().requisitions.at("r-1").openings.empty());
  // written again, it is the current version, and restores to the same state
  const std::string v2 = restored.snapshot_binary();
  EXPECT_EQ(v2[8], 3);
  expect_binary_round_trip(restored);
}

TEST(BinarySnapshot, TheAtsOwnWordsAndIdsRoundTrip) {
  Pool pool;
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"SRE","code":"REQ-9","status":"filled",
      "openings":[{"id":"op-1","status":"filled","closeReason":"Hired"},{"id":"op-2"}]}})", "a");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"gh-1","name":"Ana","atsIds":["gh-1","lv-2"],
      "company":"Acme","confidential":true,"atsUpdatedAt":"2026-10-01T08:00:00Z"}})", "b");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"gh-1","requisitionId":"r-1","atsId":"app-7",
      "stage":"unknown","stageName":"Portfolio Review","outcome":"rejected","initiator":"not_specified",
      "reason":{"code":"other","note":"Überqualifiziert","text":"Überqualifiziert"}}})", "c");
  expect_binary_round_trip(pool);
  Pool restored;
  ASSERT_TRUE(restored.restore_binary(pool.snapshot_binary()));
  const Candidate& c = restored.state().candidates.at("gh-1");
  EXPECT_EQ(c.ats_ids, (std::vector<std::string>{"gh-1", "lv-2"}));
  EXPECT_EQ(c.company, "Acme");
  EXPECT_TRUE(c.confidential);
  EXPECT_EQ(c.ats_updated_at, *parse_instant("2026-10-01T08:00:00Z"));
  const Requisition& q = restored.state().requisitions.at("r-1");
  EXPECT_EQ(q.code, "REQ-9");
  ASSERT_EQ(q.openings.size(), 2u);
  EXPECT_EQ(q.openings[0].close_reason, "Hired");
  ASSERT_EQ(restored.state().outcomes.size(), 1u);
  const Outcome& o = restored.state().outcomes.begin()->second;
  EXPECT_EQ(o.stage, Stage::unknown);
  EXPECT_EQ(o.stage_name, "Portfolio Review");
  EXPECT_EQ(o.initiator, Initiator::not_specified);
  EXPECT_EQ(o.reason.text, "Überqualifiziert");
  EXPECT_EQ(o.ats_id, "app-7");
}

// tests/data/snapshot-binary-v2.bin was written by the build before format version 3 from
// these commands: a person with a consent, from before the ATS's storage limit was kept.
TEST(BinarySnapshot, AVersionTwoSnapshotRestoresItsConsentWithoutAStorageLimit) {
  const char* const commands[] = {
      R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"Platform Engineer","status":"filled"}})",
      R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez"}})",
      R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"final","outcome":"runner_up","rank":1,"reason":{"code":"stronger_candidate"}}})",
      R"({"type":"recordConsent","candidateId":"c-1","consent":{"basis":"consent","givenAt":"2026-11-20T00:00:00Z","expiresAt":"2027-11-20T00:00:00Z","wordingVersion":"v3"}})",
  };
  Pool replayed;
  int i = 0;
  for (const char* c : commands) must(replayed, c, "s" + std::to_string(i++), kNow);
  const std::string v2 = read_data("snapshot-binary-v2.bin");
  ASSERT_GT(v2.size(), 28u);
  ASSERT_EQ(v2[8], 2) << "the stored snapshot is of format version 2";
  Pool restored;
  const Status st = restored.restore_binary(v2);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(state_text(restored), state_text(replayed));
  EXPECT_EQ(restored.state().consent_of("c-1").wording_version, "v3");
  EXPECT_FALSE(restored.state().consent_of("c-1").store_until);
  expect_binary_round_trip(restored);
}

TEST(BinarySnapshot, AVersionFromALaterBuildIsRefused) {
  std::string later = every_stage_pool().snapshot_binary();
  later[8] = 4;
  Pool pool;
  const Status st = pool.restore_binary(later);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::unsupported_version);
  EXPECT_NE(st.error().message.find("versions 1 to 3"), std::string::npos) << st.error().message;
  std::string zero = later;
  zero[8] = 0;
  EXPECT_EQ(pool.restore_binary(zero).error().code, ErrorCode::unsupported_version);
  EXPECT_TRUE(pool.state().candidates.empty());
}

// A pool with enough entries in each part that small steps stop inside every one of them.
Pool stepped_pool() {
  Pool pool = every_stage_pool();
  for (int i = 0; i < 30; ++i) {
    const std::string id = "p-" + std::to_string(i);
    must(pool, R"({"type":"saveCandidate","candidate":{"id":")" + id + R"(","name":"Person )" + std::to_string(i) + R"(","skills":["Go"]}})",
         "c" + std::to_string(i), kNow);
    must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":")" + id +
                   R"(","requisitionId":"r-1","stage":"final","outcome":"rejected","reason":{"code":"timing"}}})",
         "o" + std::to_string(i), kNow);
    must(pool, R"({"type":"logTouchpoint","touchpoint":{"candidateId":")" + id + R"(","channel":"email","direction":"outbound","note":"n"}})",
         "t" + std::to_string(i), kNow);
  }
  return pool;
}

TEST(BinarySnapshot, RestoredInStepsOfAnySizeItIsThePoolRestoredInOneGo) {
  const Pool pool = stepped_pool();
  const std::string bytes = pool.snapshot_binary();
  for (std::size_t work : {1u, 2u, 7u, 64u, 100000u}) {
    BinaryRestore r(bytes);
    double last = r.progress();
    EXPECT_EQ(last, 0);
    std::size_t steps = 0;
    while (!r.step(work)) {
      ++steps;
      EXPECT_GE(r.progress(), last) << "work " << work;
      EXPECT_LT(r.progress(), 1) << "work " << work;
      last = r.progress();
      ASSERT_LT(steps, 100000u);
    }
    ASSERT_TRUE(r.status()) << r.status().error().message;
    EXPECT_EQ(r.progress(), 1);
    // a step of one entry: one step per event id and per entry of the state, at least
    if (work == 1) {
      EXPECT_GT(steps, pool.log().size() + pool.state().candidates.size() + pool.state().outcomes.size());
    }
    if (work == 100000) {
      EXPECT_EQ(steps, 0u);
    }
    Pool restored;
    const Status st = restored.restore_binary(std::move(r));
    ASSERT_TRUE(st) << st.error().message;
    EXPECT_EQ(state_text(restored), state_text(pool)) << "work " << work;
    EXPECT_EQ(restored.clock(), pool.clock());
    // the same event ids (the snapshot written again is the same bytes)
    EXPECT_EQ(restored.snapshot_binary(), bytes) << "work " << work;
    EXPECT_FALSE(r.status()) << "a restore handed over is spent";  // NOLINT(bugprone-use-after-move)
  }
}

TEST(BinarySnapshot, InStepsDamageIsFoundBeforeAnyEntryIsDecodedAndThePoolStaysAsItWas) {
  const std::string bytes = stepped_pool().snapshot_binary();
  std::string damaged = bytes;
  damaged[damaged.size() - 3] ^= 0x40;
  BinaryRestore r(damaged);
  std::size_t steps = 0;
  while (!r.step(1)) {
    ++steps;
    EXPECT_LE(r.progress(), 0.1) << "still checking";
  }
  EXPECT_GT(steps, 1u) << "the checksum is taken in steps too";
  ASSERT_FALSE(r.status());
  EXPECT_NE(r.status().error().message.find("checksum"), std::string::npos) << r.status().error().message;
  Pool pool = every_stage_pool();
  const std::string before = state_text(pool);
  EXPECT_FALSE(pool.restore_binary(std::move(r)));
  EXPECT_EQ(state_text(pool), before);

  BinaryRestore cut(bytes.substr(0, bytes.size() - 10));
  EXPECT_TRUE(cut.step(1)) << "a snapshot cut short is refused at the first step";
  ASSERT_FALSE(cut.status());
  EXPECT_NE(cut.status().error().message.find("cut short"), std::string::npos) << cut.status().error().message;
  std::string later = bytes;
  later[8] = 4;
  BinaryRestore newer(later);
  EXPECT_TRUE(newer.step(1));
  EXPECT_EQ(newer.status().error().code, ErrorCode::unsupported_version);
}

TEST(BinarySnapshot, ARestoreNotFinishedIsRefusedAndThePoolStaysAsItWas) {
  const std::string bytes = stepped_pool().snapshot_binary();
  BinaryRestore r(bytes);
  EXPECT_FALSE(r.step(3));
  Pool pool = every_stage_pool();
  const std::string before = state_text(pool);
  const Status st = pool.restore_binary(std::move(r));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code, ErrorCode::conflict);
  EXPECT_EQ(state_text(pool), before);
}

TEST(BinarySnapshot, WrittenInStepsOfAnySizeItIsTheSnapshotWrittenInOneGo) {
  Pool pool = stepped_pool();
  const std::string whole = pool.snapshot_binary();
  for (std::size_t work : {1u, 3u, 50u, 100000u}) {
    BinarySnapshotWriter w(pool);
    EXPECT_EQ(w.progress(), 0);
    double last = 0;
    std::size_t steps = 0;
    while (!w.step(work)) {
      ++steps;
      EXPECT_GE(w.progress(), last);
      EXPECT_LT(w.progress(), 1);
      last = w.progress();
      ASSERT_LT(steps, 100000u);
    }
    if (work == 1) {
      EXPECT_GT(steps, pool.log().size() + pool.state().candidates.size() + pool.state().outcomes.size());
    }
    ASSERT_TRUE(w.status()) << w.status().error().message;
    EXPECT_EQ(w.take(), whole) << "work " << work;
    EXPECT_TRUE(w.take().empty()) << "taken once";
  }
  // a restored pool with events since its snapshot: the ids of both, in order
  Pool restored;
  ASSERT_TRUE(restored.restore_binary(whole));
  must(restored, R"({"type":"saveCandidate","candidate":{"id":"late-1","name":"Late"}})", "zz", kNow);
  BinarySnapshotWriter w(restored);
  while (!w.step(5)) {
  }
  const std::string again = w.take();
  EXPECT_EQ(again, restored.snapshot_binary());
  Pool third;
  ASSERT_TRUE(third.restore_binary(again));
  EXPECT_EQ(state_text(third), state_text(restored));
}

TEST(BinarySnapshot, APoolChangedBetweenStepsEndsTheWriterWithAConflict) {
  Pool pool = stepped_pool();
  BinarySnapshotWriter w(pool);
  EXPECT_FALSE(w.step(10));
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"p-new","name":"New"}})", "new", kNow);
  EXPECT_TRUE(w.step(10)) << "ended";
  ASSERT_FALSE(w.status());
  EXPECT_EQ(w.status().error().code, ErrorCode::conflict);
  EXPECT_TRUE(w.take().empty());
  // started again, it writes the changed pool
  BinarySnapshotWriter again(pool);
  while (!again.step(10)) {
  }
  ASSERT_TRUE(again.status());
  EXPECT_EQ(again.take(), pool.snapshot_binary());
}

}  // namespace
}  // namespace runnerup
