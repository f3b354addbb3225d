// Shared test helpers: commands in the shape a recruiter's widget sends them.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <gtest/gtest.h>

#include <string>

#include "runnerup/command.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace runnerup::testing {

inline const Instant kNow = *parse_instant("2026-11-20T09:30:00Z");

inline Command command(const std::string& json_text) {
  auto c = parse_command(json_text);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message + " at " + c.error().path);
  return c.ok() ? c.value() : Command{SaveCandidate{}};
}

inline std::string candidate_json(const std::string& id, const std::string& name) {
  return R"({"type":"saveCandidate","candidate":{"id":")" + id + R"(","name":")" + name +
         R"(","emails":[")" + id + R"(@example.com"],"skills":["Go","PostgreSQL"]}})";
}

inline std::string requisition_json(const std::string& id, const std::string& title) {
  return R"({"type":"saveRequisition","requisition":{"id":")" + id + R"(","title":")" + title +
         R"(","status":"filled"}})";
}

inline std::string outcome_json(const std::string& cand, const std::string& req, int rank,
                                const std::string& reason = "stronger_candidate",
                                const std::string& note = "") {
  return R"({"type":"recordOutcome","outcome":{"candidateId":")" + cand + R"(","requisitionId":")" +
         req + R"(","stage":"final","outcome":"runner_up","rank":)" + std::to_string(rank) +
         R"(,"reason":{"code":")" + reason + R"(","note":")" + note +
         R"("},"futureFit":"strong","note":"Great system design round"}})";
}

// Answers a query that must succeed (null when it fails, with the failure reported).
inline boost::json::value ask(const Pool& pool, const std::string& query) {
  auto answer = run_query(pool, boost::json::parse(query));
  EXPECT_TRUE(answer.ok()) << (answer.ok() ? "" : answer.error().message);
  return answer.ok() ? answer.value() : boost::json::value();
}

// Runs a command that must succeed; returns its events.
inline std::vector<Event> must(Pool& pool, const std::string& json_text, const std::string& id_base,
                               Instant at = kNow, const std::string& actor = "alice") {
  auto events = pool.execute(command(json_text), actor, at, id_base);
  EXPECT_TRUE(events.ok()) << (events.ok() ? "" : events.error().message + " at " + events.error().path);
  return events.ok() ? events.value() : std::vector<Event>{};
}

// A pool with one filled requisition and three finalists recorded as runner-ups 1..3.
inline Pool three_runner_ups() {
  Pool pool;
  must(pool, requisition_json("r-1", "Senior Backend Engineer"), "a");
  must(pool, candidate_json("c-1", "Ana Núñez"), "b");
  must(pool, candidate_json("c-2", "Chen Wei"), "c");
  must(pool, candidate_json("c-3", "José Müller-García"), "d");
  must(pool, outcome_json("c-1", "r-1", 1), "e");
  must(pool, outcome_json("c-2", "r-1", 2, "internal_candidate"), "f");
  must(pool, outcome_json("c-3", "r-1", 3, "other", "Relocation fell through"), "g");
  return pool;
}

inline std::string state_text(const Pool& pool) { return boost::json::serialize(pool.snapshot()); }

// The binary snapshot of `pool` restores to the same state, clock and applied events.
inline void expect_binary_round_trip(const Pool& pool) {
  const std::string bytes = pool.snapshot_binary();
  Pool restored;
  const Status st = restored.restore_binary(bytes);
  ASSERT_TRUE(st) << st.error().message;
  EXPECT_EQ(state_text(restored), state_text(pool));
  EXPECT_EQ(restored.clock(), pool.clock());
  EXPECT_EQ(restored.apply(pool.log()).applied, 0u);  // every event it covers is known
  EXPECT_EQ(restored.snapshot_binary(), bytes);       // and it writes the same bytes again
}

}  // namespace runnerup::testing
