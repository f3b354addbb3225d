#include "runnerup/query.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fixtures.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::candidate_json;
using testing::must;
using testing::outcome_json;
using testing::three_runner_ups;

TEST(Query, PoolListsRunnerUpsByRequisitionThenRank) {
  Pool pool = three_runner_ups();
  auto r = run_query(pool, json::parse(R"({"type":"pool"})"));
  ASSERT_TRUE(r);
  const auto& o = r.value().as_object();
  EXPECT_EQ(o.at("total").as_uint64(), 3u);
  const auto& first = o.at("entries").as_array()[0].as_object();
  EXPECT_EQ(first.at("candidate").at("name").as_string(), "Ana Núñez");
  EXPECT_EQ(first.at("outcome").at("rank").as_int64(), 1);
  EXPECT_EQ(first.at("requisition").at("title").as_string(), "Senior Backend Engineer");
}

TEST(Query, PoolPagesAndScopesToARequisitionWithTheTotalOfEveryMatch) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"SRE"}})", "h");
  must(pool, candidate_json("c-9", "Zoë Zed"), "i");
  must(pool, outcome_json("c-9", "r-2", 1), "j");
  auto page = run_query(pool, json::parse(R"({"type":"pool","limit":2})"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page.value().at("total").as_uint64(), 4u);
  ASSERT_EQ(page.value().at("entries").as_array().size(), 2u);
  auto all = run_query(pool, json::parse(R"({"type":"pool"})"));
  ASSERT_TRUE(all);
  for (std::size_t k = 0; k < 2; ++k)
    EXPECT_EQ(page.value().at("entries").as_array()[k], all.value().at("entries").as_array()[k]);  // the first of the same order
  auto r2 = run_query(pool, json::parse(R"({"type":"pool","requisitionId":"r-2"})"));
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2.value().at("total").as_uint64(), 1u);
  EXPECT_EQ(r2.value().at("entries").as_array()[0].at("candidate").at("id").as_string(), "c-9");
  auto none = run_query(pool, json::parse(R"({"type":"pool","requisitionId":"r-1","limit":0})"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none.value().at("total").as_uint64(), 3u);
  EXPECT_TRUE(none.value().at("entries").as_array().empty());
  auto bad = run_query(pool, json::parse(R"({"type":"pool","limit":-1})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/limit");
}

TEST(Query, CachedEntriesFollowChangesAndCopies) {
  Pool pool = three_runner_ups();
  ASSERT_EQ(pool.entries().size(), 3u);
  Pool copy = pool;  // holds the original's cache pointer: it must not use it
  must(copy, candidate_json("c-8", "Bo Berg"), "x");
  must(copy, outcome_json("c-8", "r-1", 0), "y");
  EXPECT_EQ(copy.entries().size(), 4u);
  EXPECT_EQ(pool.entries().size(), 3u);
  for (const PoolEntry& e : copy.entries()) EXPECT_EQ(&copy.state().candidates.at(e.candidate->id), e.candidate);
  must(pool, candidate_json("c-7", "Al Ash"), "z");
  must(pool, outcome_json("c-7", "r-1", 0), "w");
  EXPECT_EQ(pool.entries().size(), 4u);
}

TEST(Query, HiredPeopleLeaveThePool) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"SRE"}})", "h");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-2","requisitionId":"r-2",
      "stage":"offer","outcome":"hired","decidedAt":"2026-11-20T10:00:00Z"}})", "i",
       *parse_instant("2026-11-21T00:00:00Z"));
  auto entries = pool_entries(pool.state());
  ASSERT_EQ(entries.size(), 2u);
  for (const auto& e : entries) EXPECT_NE(e.candidate->id, "c-2");
}

TEST(Query, UnrankedRunnerUpsComeLast) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-0", "Aaron Abbot"), "h");
  must(pool, outcome_json("c-0", "r-1", 0), "i");
  auto entries = pool_entries(pool.state());
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[3].candidate->id, "c-0");
}

TEST(Query, CandidateShowsOutcomesAndHistory) {
  Pool pool = three_runner_ups();
  auto r = run_query(pool, json::parse(R"({"type":"candidate","id":"c-3"})"));
  ASSERT_TRUE(r);
  const auto& o = r.value().as_object();
  EXPECT_EQ(o.at("outcomes").as_array().size(), 1u);
  const auto& history = o.at("history").as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].at("type").as_string(), "candidate.saved");
  EXPECT_EQ(history[1].at("type").as_string(), "outcome.recorded");
}

TEST(Query, UnknownCandidateAndUnknownQueryAreErrors) {
  Pool pool = three_runner_ups();
  auto missing = run_query(pool, json::parse(R"({"type":"candidate","id":"nobody"})"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  auto unknown = run_query(pool, json::parse(R"({"type":"everything"})"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::unknown_type);
}

TEST(Query, TaxonomyListsReasonsWithTheirRules) {
  auto t = taxonomy_json();
  const auto& reasons = t.at("reasons").as_array();
  EXPECT_EQ(reasons.size(), runnerup::reasons().size());
  bool saw_other = false;
  for (const auto& r : reasons)
    if (r.at("code").as_string() == "other") saw_other = r.at("noteRequired").as_bool();
  EXPECT_TRUE(saw_other);
  EXPECT_EQ(t.at("stages").as_array()[3].at("code").as_string(), "final");
}

}  // namespace
}  // namespace runnerup
