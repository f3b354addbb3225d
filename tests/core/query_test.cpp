#include "runnerup/query.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <map>
#include <tuple>

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

TEST(Query, AHireIsNotInThePoolButThePersonsOtherOutcomesStayMarkedHiredElsewhere) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"SRE"}})", "h");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-2","requisitionId":"r-2",
      "stage":"offer","outcome":"hired","decidedAt":"2026-11-20T10:00:00Z"}})", "i",
       *parse_instant("2026-11-21T00:00:00Z"));
  auto entries = pool_entries(pool.state());
  ASSERT_EQ(entries.size(), 3u);  // c-2's runner-up outcome on r-1 stays; the hire on r-2 is not listed
  for (const auto& e : entries) {
    EXPECT_EQ(e.outcome->requisition_id, "r-1");
    EXPECT_EQ(e.hired_elsewhere, e.candidate->id == "c-2") << e.candidate->id;
  }
  auto listed = run_query(pool, json::parse(R"({"type":"pool"})"));
  ASSERT_TRUE(listed);
  for (const json::value& e : listed.value().at("entries").as_array())
    EXPECT_EQ(e.at("hiredElsewhere").as_bool(), e.at("candidate").at("id").as_string() == "c-2");
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-2"})"));
  ASSERT_TRUE(card);
  EXPECT_TRUE(card.value().at("hiredElsewhere").as_bool());
}

// A pool where one person was a ranked runner-up on r-1 and rejected later on r-2, and another
// was only rejected (as "not a fit").
Pool rejected_elsewhere() {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"SRE"}})", "h");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-2","stage":"screen",
      "outcome":"rejected","reason":{"code":"skills_gap"},"futureFit":"not_a_fit"}})", "i", testing::kNow + 1000);
  must(pool, candidate_json("c-9", "Rita Rejected"), "j");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-9","requisitionId":"r-2","stage":"applied",
      "outcome":"rejected","reason":{"code":"skills_gap"},"futureFit":"not_a_fit"}})", "k");
  return pool;
}

TEST(Query, ARejectedPersonIsListedInThePoolWithTheirOutcome) {
  Pool pool = rejected_elsewhere();
  auto listed = run_query(pool, json::parse(R"({"type":"pool","requisitionId":"r-2"})"));
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed.value().at("total").as_uint64(), 2u);
  EXPECT_EQ(listed.value().at("leftOut").as_uint64(), 0u);
  std::vector<std::string> people;
  for (const json::value& e : listed.value().at("entries").as_array()) {
    people.emplace_back(e.at("candidate").at("id").as_string());
    EXPECT_EQ(e.at("outcome").at("outcome").as_string(), "rejected");
    EXPECT_FALSE(e.at("hiredElsewhere").as_bool());
  }
  std::sort(people.begin(), people.end());
  EXPECT_EQ(people, (std::vector<std::string>{"c-1", "c-9"}));
}

TEST(Query, ARunnerUpOutcomeIsNotHiddenByALaterRejectionOnAnotherRequisition) {
  Pool pool = rejected_elsewhere();
  std::vector<std::pair<std::string, OutcomeKind>> of_c1;
  for (const PoolEntry& e : pool_entries(pool.state()))
    if (e.candidate->id == "c-1") of_c1.emplace_back(e.outcome->requisition_id, e.outcome->outcome);
  EXPECT_EQ(of_c1, (std::vector<std::pair<std::string, OutcomeKind>>{{"r-1", OutcomeKind::runner_up}, {"r-2", OutcomeKind::rejected}}));
  auto r1 = run_query(pool, json::parse(R"({"type":"pool","requisitionId":"r-1"})"));
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1.value().at("total").as_uint64(), 3u);  // the rank order of r-1 is as it was
  EXPECT_EQ(r1.value().at("entries").as_array()[0].at("candidate").at("id").as_string(), "c-1");
  EXPECT_EQ(r1.value().at("entries").as_array()[0].at("outcome").at("rank").as_int64(), 1);
  const NextInLine line = next_in_line(pool.state(), "r-1", *parse_date("2026-11-22"));
  ASSERT_FALSE(line.entries.empty());
  EXPECT_EQ(line.entries[0].candidate->id, "c-1");
}

TEST(Query, OutcomeAndNotAFitFiltersAreTheRecruitersAndCountWhatTheyLeaveOut) {
  Pool pool = rejected_elsewhere();
  auto runner_ups = run_query(pool, json::parse(R"({"type":"pool","outcomes":["runner_up"]})"));
  ASSERT_TRUE(runner_ups);
  EXPECT_EQ(runner_ups.value().at("total").as_uint64(), 3u);
  EXPECT_EQ(runner_ups.value().at("leftOut").as_uint64(), 2u);
  auto fits = run_query(pool, json::parse(R"({"type":"pool","includeNotAFit":false})"));
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits.value().at("total").as_uint64(), 3u);
  EXPECT_EQ(fits.value().at("leftOut").as_uint64(), 2u);
  for (const json::value& e : fits.value().at("entries").as_array())
    EXPECT_NE(e.at("outcome").at("futureFit").as_string(), "not_a_fit");
  auto hired = run_query(pool, json::parse(R"({"type":"pool","outcomes":["runner_up","hired"]})"));
  ASSERT_FALSE(hired);
  EXPECT_EQ(hired.error().path, "/outcomes/1");
  auto bad = run_query(pool, json::parse(R"({"type":"pool","includeNotAFit":"no"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/includeNotAFit");
}

TEST(Query, UnrankedRunnerUpsComeLast) {
  Pool pool = three_runner_ups();
  must(pool, candidate_json("c-0", "Aaron Abbot"), "h");
  must(pool, outcome_json("c-0", "r-1", 0), "i");
  auto entries = pool_entries(pool.state());
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[3].candidate->id, "c-0");
}

// The pool's order, computed the plain way (every outcome but the hires, then a sort through the
// pointers): pool_entries() sorts on precomputed keys and must agree with it exactly.
std::vector<std::string> reference_order(const State& s) {
  std::vector<std::pair<const Candidate*, const Outcome*>> rows;
  for (const auto& [key, o] : s.outcomes)
    if (o.outcome != OutcomeKind::hired && !s.is_erased(key.first) && s.candidates.count(key.first))
      rows.emplace_back(&s.candidates.at(key.first), &o);
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    const int ra = a.second->rank == 0 ? 1 << 30 : a.second->rank, rb = b.second->rank == 0 ? 1 << 30 : b.second->rank;
    return std::tie(a.second->requisition_id, ra, a.first->name, a.first->id) <
           std::tie(b.second->requisition_id, rb, b.first->name, b.first->id);
  });
  std::vector<std::string> ids;
  for (const auto& [c, o] : rows) ids.push_back(c->id);
  return ids;
}

TEST(Query, PoolOrderMatchesThePlainSortWithSharedNamePrefixesAndLaterOutcomes) {
  Pool pool;
  for (const char* r : {"r-1", "r-10", "r-2"}) must(pool, testing::requisition_json(r, std::string("Role ") + r), r);
  // names equal in their first eight bytes and beyond, prefixes of each other, other scripts
  const std::vector<std::string> names = {"Alexandra Smith", "Alexandra Smyth", "Alexandr", "Alexandra", "Alexandra Smith",
                                          "Zoë Okafor", "Émile Zola", "李小龙", "李小", "Ана", "Aaron", "alexandra smith"};
  int n = 0;
  for (const char* r : {"r-1", "r-10", "r-2"}) {
    int rank = 0;
    for (const std::string& name : names) {
      const std::string id = "c-" + std::to_string(n++);
      must(pool, candidate_json(id, name), id + "a");
      const bool ranked = n % 3 == 0;  // every third one ranked (1, 2, ...), the rest unranked
      must(pool, outcome_json(id, r, ranked ? ++rank : 0), id + "b");
    }
  }
  // some people have a later outcome elsewhere, or were hired later: every outcome but the hire is listed
  must(pool, outcome_json("c-1", "r-2", 0), "later1", testing::kNow + 1000);
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-5","requisitionId":"r-10","stage":"offer","outcome":"hired"}})",
       "later2", testing::kNow + 2000);
  const auto entries = pool_entries(pool.state());
  std::vector<std::string> got;
  for (const PoolEntry& e : entries) got.push_back(e.candidate->id);
  EXPECT_EQ(got, reference_order(pool.state()));
  EXPECT_EQ(got.size(), names.size() * 3 + 1);  // c-1's second outcome is listed too; c-5's hire is not
}

TEST(Query, CandidatesCanBeAskedForTheirNamesOnly) {
  Pool pool = three_runner_ups();
  auto all = run_query(pool, json::parse(R"({"type":"candidates"})"));
  ASSERT_TRUE(all);
  EXPECT_TRUE(all.value().at("candidates").as_array()[0].as_object().contains("skills"));
  auto names = run_query(pool, json::parse(R"({"type":"candidates","fields":"names"})"));
  ASSERT_TRUE(names);
  const auto& first = names.value().at("candidates").as_array()[0].as_object();
  EXPECT_EQ(first.size(), 2u);
  EXPECT_EQ(first.at("id").as_string(), "c-1");
  EXPECT_EQ(first.at("name").as_string(), "Ana Núñez");
  auto bad = run_query(pool, json::parse(R"({"type":"candidates","fields":"emails"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/fields");
  EXPECT_FALSE(run_query(pool, json::parse(R"({"type":"candidates","order":"name"})")));  // unknown fields still refused
  auto bad_sort = run_query(pool, json::parse(R"({"type":"candidates","sort":"age"})"));
  ASSERT_FALSE(bad_sort);
  EXPECT_EQ(bad_sort.error().path, "/sort");
}

// A picker of people at 100,000 of them: the names holding what was typed, whatever the case and
// accents, the first few in name order, and how many there were.
TEST(Query, CandidatesCanBeFoundByPartOfTheirNameInNameOrder) {
  Pool pool = three_runner_ups();  // Ana Núñez (c-1), Chen Wei (c-2), José Müller-García (c-3)
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-0","name":"Zoë Muller"}})", "z1");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-9","name":"ana NUNEZ"}})", "z2");
  auto ask = [&](const char* query) {
    auto r = run_query(pool, json::parse(query));
    EXPECT_TRUE(r) << query;
    std::vector<std::string> out;
    if (!r) return std::make_pair(out, std::int64_t{-1});
    for (const auto& c : r.value().at("candidates").as_array()) out.emplace_back(c.at("id").as_string());
    return std::make_pair(out, r.value().at("total").to_number<std::int64_t>());
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","text":"muller"})"), std::make_pair(Ids{"c-0", "c-3"}, std::int64_t{2}));
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","text":"MÜLL","sort":"name"})"), std::make_pair(Ids{"c-3", "c-0"}, std::int64_t{2}));
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","text":"jose"})"), std::make_pair(Ids{"c-3"}, std::int64_t{1}));
  // equal folded names fall back to the id
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","text":"nunez","sort":"name"})"), std::make_pair(Ids{"c-1", "c-9"}, std::int64_t{2}));
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","sort":"name","limit":3})"), std::make_pair(Ids{"c-1", "c-9", "c-2"}, std::int64_t{5}));
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","text":"nobody"})"), std::make_pair(Ids{}, std::int64_t{0}));
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","ids":["c-3","c-2"],"text":"wei"})"), std::make_pair(Ids{"c-2"}, std::int64_t{1}));
  EXPECT_EQ(ask(R"({"type":"candidates","fields":"names","limit":1})"), std::make_pair(Ids{"c-0"}, std::int64_t{5}));
}

TEST(Query, CandidatesCanBeAskedForByIdAndAtMostSoMany) {
  Pool pool = three_runner_ups();
  auto names = [&](const char* query) {
    auto r = run_query(pool, json::parse(query));
    EXPECT_TRUE(r) << query;
    std::vector<std::string> out;
    if (r)
      for (const auto& c : r.value().at("candidates").as_array()) out.emplace_back(c.at("name").as_string());
    return out;
  };
  EXPECT_EQ(names(R"({"type":"candidates","fields":"names","limit":2})"), (std::vector<std::string>{"Ana Núñez", "Chen Wei"}));
  EXPECT_EQ(names(R"({"type":"candidates","fields":"names","limit":0})"), std::vector<std::string>{});
  EXPECT_EQ(names(R"({"type":"candidates","fields":"names","ids":["c-3","nobody","c-1"]})"),
            (std::vector<std::string>{"José Müller-García", "Ana Núñez"}));
  EXPECT_EQ(names(R"({"type":"candidates","ids":[]})"), std::vector<std::string>{});
  auto bad = run_query(pool, json::parse(R"({"type":"candidates","ids":"c-1"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/ids");
  EXPECT_FALSE(run_query(pool, json::parse(R"({"type":"candidates","limit":-1})")));
  // A host may hand over hundreds of people: more ids than a record's lists may hold are fine.
  json::array many{"c-2"};
  for (int k = 0; k < 300; ++k) many.push_back(json::string("nobody-" + std::to_string(k)));
  json::object q{{"type", "candidates"}, {"fields", "names"}, {"ids", many}};
  auto found = run_query(pool, q);
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found.value().at("candidates").as_array().size(), 1u);
}

TEST(Query, EventsByIdComeInLogOrderAndBadIdsAreRefusedWithTheirPath) {
  Pool pool = three_runner_ups();
  const std::vector<Event>& log = pool.log();
  ASSERT_GE(log.size(), 4u);
  json::array ids{json::string(log[3].id), "no-such-event", json::string(log[1].id)};
  auto r = run_query(pool, json::object{{"type", "events"}, {"ids", ids}});
  ASSERT_TRUE(r) << r.error().message;
  const auto& events = r.value().at("events").as_array();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].at("id").as_string(), log[1].id);  // the log's order, not the ids'
  EXPECT_EQ(events[1].at("id").as_string(), log[3].id);
  EXPECT_EQ(events[1], json::value_from(log[3]));
  auto bad = run_query(pool, json::parse(R"({"type":"events","ids":["x",7]})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(bad.error().path, "/ids/1");
  auto missing = run_query(pool, json::parse(R"({"type":"events","ids":"x"})"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().path, "/ids");
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
  EXPECT_EQ(t.at("stages").as_array()[4].at("code").as_string(), "final");
}

}  // namespace
}  // namespace runnerup
