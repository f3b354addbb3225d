// Replaying a long log is deterministic (issue 8): two recruiters' replicas record 1,000,000
// events between them (RUNNERUP_REPLAY_EVENTS overrides the size), exchanging their new events
// now and then as the host adapter would, with concurrent edits of the same people. Every way
// of replaying the merged log (in order, one replica's events first or the other's, shuffled
// chunks, from a snapshot plus the rest) reaches the same state, byte for byte.
//
// Native only (a separate executable, runnerup_replay_tests): a million events need about a
// gigabyte per copy of the pool, more than the wasm suite should hold.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "runnerup/command.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {
namespace {

std::size_t target_events() {
  if (const char* v = std::getenv("RUNNERUP_REPLAY_EVENTS")) return std::strtoull(v, nullptr, 10);
  return 1'000'000;
}

// FNV-1a over the snapshot's canonical JSON (ordered maps, sorted event ids).
std::uint64_t state_hash(const Pool& pool) {
  const std::string text = boost::json::serialize(pool.snapshot());
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

const char* const kNames[] = {"Ana Núñez", "José Müller-García", "Chen Wei 陈伟", "محمد علي", "דנה לוי",
                              "प्रिया रमन", "Ólafur Þór", "Zoë 👩🏽‍💻 Okafor", "Nguyễn Thị Hà", "Ærøskøbing Ås"};
const char* const kReasons[] = {"stronger_candidate", "internal_candidate", "skills_gap", "compensation", "role_on_hold"};

struct Replica {
  Pool pool;
  std::string actor;
  std::vector<Event> unsent;  // recorded here since the last exchange
  std::uint64_t steps = 0;
};

// One random recruiter action on `r`; refused commands (a rank already taken, ...) are fine.
void act(Replica& r, std::mt19937_64& rng, std::size_t people, std::size_t& refused) {
  const std::size_t who = rng() % people;
  const std::string cid = "c-" + std::to_string(who);
  const std::string day = "2026-" + std::to_string(1 + rng() % 12) + "-" + std::to_string(10 + rng() % 18);
  std::string json;
  switch (rng() % 6) {
    case 0:
    case 1:
      json = R"({"type":"saveCandidate","candidate":{"id":")" + cid + R"(","name":")" + kNames[rng() % 10] + " " +
             std::to_string(who) + R"(","title":"Engineer )" + std::to_string(rng() % 50) +
             R"(","skills":["go","sql","k)" + std::to_string(rng() % 300) + R"("]}})";
      break;
    case 2:
      json = R"({"type":"recordOutcome","outcome":{"candidateId":")" + cid + R"(","requisitionId":"r-)" +
             std::to_string(rng() % 200) + R"(","stage":"final","outcome":"runner_up","reason":{"code":")" +
             kReasons[rng() % 5] + R"(","note":""},"futureFit":"strong","note":"round )" + std::to_string(r.steps) + R"("}})";
      break;
    case 3:
      json = R"({"type":"setFlags","candidateId":")" + cid + R"(","flags":{"openToContract":)" +
             (rng() % 2 ? "true" : "false") + R"(,"openToPartTime":)" + (rng() % 2 ? "true" : "false") + "}}";
      break;
    default:
      json = R"({"type":"logTouchpoint","touchpoint":{"candidateId":")" + cid + R"(","at":"2026-11-01T10:00:00Z",)" +
             R"("channel":"email","direction":"outbound","note":"note )" + std::to_string(r.steps) + " " + day + R"("}})";
      break;
  }
  ++r.steps;
  auto cmd = parse_command(json);
  ASSERT_TRUE(cmd.ok()) << json << ": " << cmd.error().message << " at " << cmd.error().path;
  const Instant at = 1'795'000'000'000 + static_cast<Instant>(r.steps) * 1000;
  auto events = r.pool.execute(cmd.value(), r.actor, at, r.actor + "-" + std::to_string(r.steps));
  if (!events.ok()) {
    if (++refused <= 3) std::printf("  refused: %s (%s at %s)\n", json.c_str(), events.error().message.c_str(), events.error().path.c_str());
    return;
  }
  for (Event& e : events.value()) r.unsent.push_back(std::move(e));
}

// What each replica recorded since the last exchange goes to the other (as sync() does).
void exchange(Replica& a, Replica& b) {
  std::vector<Event> to_b = std::move(a.unsent), to_a = std::move(b.unsent);
  a.unsent.clear();
  b.unsent.clear();
  a.pool.apply(std::move(to_a));
  b.pool.apply(std::move(to_b));
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

TEST(ReplayScale, AMillionEventsReplayToTheSameStateInEveryOrder) {
  const std::size_t n = target_events();
  const std::size_t people = std::max<std::size_t>(100, n / 20);
  std::mt19937_64 rng(20261122);
  Replica a{Pool{}, "alice", {}, 0}, b{Pool{}, "bob", {}, 0};
  // the requisitions both replicas know
  for (int q = 0; q < 200; ++q) {
    auto cmd = parse_command(R"({"type":"saveRequisition","requisition":{"id":"r-)" + std::to_string(q) +
                             R"(","title":"Role )" + std::to_string(q) + R"(","status":"filled"}})");
    ASSERT_TRUE(cmd.ok());
    auto events = a.pool.execute(cmd.value(), "host", 1'795'000'000'000, "q" + std::to_string(q));
    ASSERT_TRUE(events.ok());
    for (Event& e : events.value()) a.unsent.push_back(std::move(e));
  }
  // and the people, saved by the host before the recruiters start
  for (std::size_t who = 0; who < people; ++who) {
    auto cmd = parse_command(R"({"type":"saveCandidate","candidate":{"id":"c-)" + std::to_string(who) + R"(","name":")" +
                             kNames[who % 10] + R"("}})");
    ASSERT_TRUE(cmd.ok());
    auto events = a.pool.execute(cmd.value(), "host", 1'795'000'000'000, "p" + std::to_string(who));
    ASSERT_TRUE(events.ok());
    for (Event& e : events.value()) a.unsent.push_back(std::move(e));
  }
  exchange(a, b);

  auto t = std::chrono::steady_clock::now();
  std::size_t refused = 0;
  while (a.pool.log().size() + b.unsent.size() < n) {
    // bursts of different lengths on each side, then a sync
    for (int i = 0, burst = 1 + static_cast<int>(rng() % std::max<std::size_t>(4000, n / 8)); i < burst; ++i) {
      act(rng() % 2 ? a : b, rng, people, refused);
      if (HasFatalFailure()) return;
    }
    exchange(a, b);
  }
  exchange(a, b);
  const double record_s = seconds_since(t);
  const std::size_t total = a.pool.log().size();
  ASSERT_GE(total, n);
  ASSERT_EQ(b.pool.log().size(), total);
  const std::uint64_t hash = state_hash(a.pool);
  EXPECT_EQ(state_hash(b.pool), hash) << "the two replicas diverged";

  // Every event, and each replica's own, for the replays below.
  std::vector<Event> all = a.pool.log();
  b = Replica{};
  std::vector<Event> alices, bobs;
  for (const Event& e : all) (e.actor == "bob" ? bobs : alices).push_back(e);

  auto replay = [&](const char* how, const std::vector<std::vector<Event>>& batches) {
    const auto start = std::chrono::steady_clock::now();
    Pool p;
    for (const auto& batch : batches) p.apply(batch);
    const double s = seconds_since(start);
    EXPECT_EQ(p.log().size(), total) << how;
    EXPECT_EQ(state_hash(p), hash) << how << ": a different state";
    std::printf("  replay %-34s %9zu events %7.2f s\n", how, total, s);
  };
  replay("in order, one batch", {all});
  replay("alice's events, then bob's", {alices, bobs});
  replay("bob's events, then alice's", {bobs, alices});
  {
    std::vector<std::vector<Event>> chunks;
    for (std::size_t i = 0; i < all.size(); i += 50'000)
      chunks.emplace_back(all.begin() + i, all.begin() + std::min(all.size(), i + 50'000));
    std::shuffle(chunks.begin(), chunks.end(), rng);
    replay("50k chunks in a shuffled order", chunks);
  }
  {
    // From a snapshot of the first half, then the rest: the open path of a compacted log.
    Pool first;
    first.apply(std::vector<Event>(all.begin(), all.begin() + all.size() / 2));
    const auto snap = first.snapshot();
    Pool p;
    ASSERT_TRUE(p.restore(snap).ok());
    p.apply(std::vector<Event>(all.begin() + all.size() / 2, all.end()));
    EXPECT_EQ(state_hash(p), hash) << "snapshot of the first half, then the rest";
  }
  std::printf("  %zu events (%zu people, %zu refused commands) recorded in %.1f s; state hash %016llx\n", total, people,
              refused, record_s, static_cast<unsigned long long>(hash));
}

}  // namespace
}  // namespace runnerup
