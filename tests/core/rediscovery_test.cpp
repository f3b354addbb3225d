#include "runnerup/rediscovery.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "fixtures.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::must;

Date day(const char* s) { return *parse_date(s); }

TEST(Folding, IgnoresCaseAndDiacritics) {
  EXPECT_EQ(fold_text("José Müller-García"), "jose muller-garcia");
  EXPECT_EQ(fold_text("ŁÓDŹ Straße Øre Æsir"), "lodz strasse ore aesir");
  EXPECT_EQ(fold_text("Olúṣẹ́gun Adéyẹmí"), "olusegun adeyemi");  // precomposed and combining marks
  EXPECT_EQ(fold_text("ΣΩΚΡΆΤΗΣ Пётр"), "σωκρατησ петр");
  EXPECT_EQ(fold_text("ＡＢＣ"), "abc");  // full-width
}

TEST(Folding, LeavesOtherScriptsIntactAndSurvivesInvalidUtf8) {
  EXPECT_EQ(fold_text("陈伟"), "陈伟");
  EXPECT_EQ(fold_text("प्रिया"), "प्रिया");  // Devanagari vowel signs are kept
  EXPECT_EQ(fold_text("محمد"), "محمد");
  EXPECT_EQ(fold_text(std::string("a\xff" "b\xc3")), "a\xef\xbf\xbd" "b\xef\xbf\xbd");
}

// fold_into sizes its output once, at three bytes per source byte: no code point may fold to
// more than that (a stray byte becomes the three bytes of U+FFFD).
TEST(Folding, NoCodePointFoldsToMoreThanThreeBytesPerSourceByte) {
  auto utf8 = [](char32_t cp) {
    std::string s;
    if (cp < 0x80) s += static_cast<char>(cp);
    else if (cp < 0x800) s += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    else if (cp < 0x10000)
      s += {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    else
      s += {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
            static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    return s;
  };
  std::size_t widest = 0;
  for (char32_t cp = 1; cp < 0x30000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    const std::string s = utf8(cp);
    const std::string f = fold_text(s);
    ASSERT_LE(f.size(), 2 * s.size()) << "U+" << std::hex << static_cast<unsigned>(cp);
    widest = std::max(widest, f.size());
  }
  EXPECT_EQ(fold_text("\xff\xfe\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // three stray bytes: nine
  EXPECT_EQ(fold_text(std::string("ab\xc3", 3)), "ab\xEF\xBF\xBD");  // cut short at the end
  EXPECT_GE(widest, 4u);
}

TEST(Tokens, SplitOnPunctuationAndEmojiAndTreatIdeographsSingly) {
  EXPECT_EQ(search_tokens("Müller-García, Go/PostgreSQL 🚀 ops"),
            (std::vector<std::string>{"muller", "garcia", "go", "postgresql", "ops"}));
  EXPECT_EQ(search_tokens("陈伟 (Chen)"), (std::vector<std::string>{"陈", "伟", "chen"}));
}

// The tokenizer folds and splits in one pass; its tokens must be those of the folded text, on any
// input (fold-table characters that fold to several letters, combining marks, ideographs, emoji,
// stray and cut-short bytes), and ASCII must split at every byte that is not a letter or digit.
TEST(Tokens, AreTheTokensOfTheFoldedTextOnAnyInput) {
  const std::vector<std::string> pieces = {
      "a", "Z", "q", "7", " ", "-", "/", ".", "_", "\t", "Müller", "ß", "Æ", "İ", "ﬁ", "Ａｂ", "e\xCC\x81",
      "\xCC\x81", "陈", "伟", "한국", "カタ", "🚀", "\xE2\x80\x94", "\xC2\xA0", "\xff", "\xC3", "\xE4\xB8",
      "Ωμέγα", "Дмитрий", "देवनागरी", "Nguyễn", "123abc", "HELLO", "\xEF\xBB\xBF", "\xE2\x80\x8D"};
  std::uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int count = static_cast<int>(next() % 24);
    for (int k = 0; k < count; ++k) s += pieces[next() % pieces.size()];
    const std::vector<std::string> tokens = search_tokens(s);
    ASSERT_EQ(tokens, search_tokens(fold_text(s))) << "input: " << s;
    for (const std::string& t : tokens) {
      ASSERT_FALSE(t.empty()) << "input: " << s;
      ASSERT_EQ(fold_text(t), t) << "input: " << s;
      ASSERT_EQ(search_tokens(t), std::vector<std::string>{t}) << "input: " << s;
    }
  }
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const int count = static_cast<int>(next() % 40);
    for (int k = 0; k < count; ++k) s += static_cast<char>(1 + next() % 127);
    std::vector<std::string> expected;
    std::string word;
    for (const char c : s) {
      const char lower = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9')) {
        word += lower;
      } else if (!word.empty()) {
        expected.push_back(word);
        word.clear();
      }
    }
    if (!word.empty()) expected.push_back(word);
    ASSERT_EQ(search_tokens(s), expected) << "input: " << s;
  }
}

// A pool for search: four runner-ups of r-1 and one of r-2, with varied data.
Pool search_pool() {
  Pool pool;
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-1","title":"Backend engineer",
      "location":{"city":"Berlin","country":"DE"},"employmentType":"contract",
      "requiredSkills":["go","postgresql"],"niceSkills":["kubernetes"]}})", "q1");
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"Designer"}})", "q2");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-jose","name":"José Müller-García","title":"Go developer",
      "skills":["go","postgresql","kubernetes"],"location":{"city":"Berlin","country":"DE"}}})", "c1");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-chen","name":"陈伟 Chen Wei","title":"Backend engineer",
      "skills":["go"],"location":{"city":"Hamburg","country":"DE"}}})", "c2");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-priya","name":"Priya Raman","title":"Staff engineer",
      "skills":["java","postgresql"],"location":{"city":"London","country":"GB"}}})", "c3");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-ana","name":"Ana Núñez","title":"Platform engineer",
      "skills":["go","postgresql"],"location":{"city":"Berlin","country":"DE"}}})", "c4");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-yuki","name":"Yuki Tanaka","title":"Product designer",
      "skills":["figma"]}})", "c5");
  auto outcome = [&](const char* cand, const char* req, const char* stage, const char* reason, const char* fit,
                     const char* extra, const char* id) {
    must(pool, std::string(R"({"type":"recordOutcome","outcome":{"candidateId":")") + cand + R"(","requisitionId":")" + req +
                   R"(","stage":")" + stage + R"(","outcome":"runner_up","reason":{"code":")" + reason +
                   R"("},"futureFit":")" + fit + "\"" + extra + "}}",
         id);
  };
  outcome("c-jose", "r-1", "final", "internal_candidate", "strong",
          R"(,"scores":[{"by":"Design","score":"strong_yes"}],"note":"Brilliant on distributed ledgers")", "o1");
  outcome("c-chen", "r-1", "interview", "skills_gap", "qualified", R"(,"scores":[{"by":"Design","score":"no"}])", "o2");
  outcome("c-priya", "r-1", "final", "compensation", "strong", "", "o3");
  outcome("c-ana", "r-1", "final", "stronger_candidate", "strong", R"(,"scores":[{"by":"Design","score":"yes"}])", "o4");
  outcome("c-yuki", "r-2", "offer", "timing", "qualified", "", "o5");
  must(pool, R"({"type":"setFlags","candidateId":"c-ana","flags":{"openToContract":true}})", "f1");
  must(pool, R"({"type":"setFlags","candidateId":"c-jose","flags":{"openToContract":true,"openToPartTime":true}})", "f2");
  return pool;
}

std::vector<std::string> ids(const PoolIndex& index, const SearchResult& r) {
  std::vector<std::string> out;
  for (const SearchHit& h : r.hits) out.push_back(index.entry(h.entry).candidate->id);
  return out;
}

TEST(Search, FindsNamesWithoutDiacriticsAndByPrefix) {
  Pool pool = search_pool();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  for (const char* text : {"jose", "JOSÉ", "muller", "mül", "garc", "jose muller"}) {
    q.text = text;
    EXPECT_EQ(ids(index, index.search(q)), std::vector<std::string>{"c-jose"}) << text;
  }
  q.text = "nunez";
  EXPECT_EQ(ids(index, index.search(q)), std::vector<std::string>{"c-ana"});
  q.text = "陈";
  EXPECT_EQ(ids(index, index.search(q)), std::vector<std::string>{"c-chen"});
  q.text = "ledger";  // in a note
  EXPECT_EQ(ids(index, index.search(q)), std::vector<std::string>{"c-jose"});
  q.text = "jose priya";  // every word must match
  EXPECT_TRUE(index.search(q).hits.empty());
  q.text = "zzz";
  EXPECT_EQ(index.search(q).total, 0u);
}

TEST(Search, FiltersCombine) {
  Pool pool = search_pool();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.open_to_contract = true;
  q.sort = SortBy::name;
  EXPECT_EQ(ids(index, index.search(q)), (std::vector<std::string>{"c-ana", "c-jose"}));
  q.skills = {"Kubernetes"};
  EXPECT_EQ(ids(index, index.search(q)), std::vector<std::string>{"c-jose"});
  SearchRequest stage;
  stage.min_stage = Stage::final_round;
  stage.country = "DE";
  stage.sort = SortBy::name;
  EXPECT_EQ(ids(index, index.search(stage)), (std::vector<std::string>{"c-ana", "c-jose"}));
  SearchRequest reason;
  reason.reasons = {"skills_gap", "compensation"};
  reason.sort = SortBy::name;
  EXPECT_EQ(ids(index, index.search(reason)), (std::vector<std::string>{"c-priya", "c-chen"}));  // "priya" < "陈..."
  SearchRequest score;
  score.min_score = Score::yes;
  score.sort = SortBy::name;
  EXPECT_EQ(ids(index, index.search(score)), (std::vector<std::string>{"c-ana", "c-jose"}));
  SearchRequest initiator;
  initiator.initiator = Initiator::circumstances;  // internal candidate, compensation, timing
  EXPECT_EQ(index.search(initiator).total, 3u);
}

TEST(Ranking, WeighsRequiredSkillsDoubleAndExplainsEveryFactor) {
  Pool pool = search_pool();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.requisition_id = "r-1";
  SearchResult r = index.search(q);
  // José: all skills, final, strong yes, strong fit, internal candidate (not about him), Berlin, contract.
  ASSERT_EQ(r.total, 5u);
  EXPECT_EQ(ids(index, r)[0], "c-jose");
  EXPECT_EQ(ids(index, r)[1], "c-ana");
  const auto factors = index.explain(r.hits[0].entry, "r-1");
  ASSERT_EQ(factors.size(), 8u);
  double total = 0, weights = 0;
  for (const Factor& f : factors) total += f.weight * f.value, weights += f.weight;
  EXPECT_DOUBLE_EQ(weights, 100.0);
  EXPECT_NEAR(total, r.hits[0].score, 1e-4);
  EXPECT_EQ(factors[0].name, "skills");
  EXPECT_DOUBLE_EQ(factors[0].value, 1.0);
  EXPECT_EQ(factors[0].detail, "2 of 2 required, 1 of 1 nice to have");
  // What each detail says, for the widget's own words: codes and numbers, never English to parse.
  EXPECT_EQ(factors[0].code, "");
  EXPECT_EQ(factors[0].counts, (std::vector<long long>{2, 2, 1, 1}));
  EXPECT_EQ(factors[1].name, "stage");
  EXPECT_EQ(factors[1].code, "final");
  EXPECT_EQ(factors[3].code, "strong");
  EXPECT_EQ(factors[4].code, "not_about_them");
  EXPECT_EQ(factors[5].name, "recency");
  ASSERT_EQ(factors[5].counts.size(), 1u);
  EXPECT_EQ(factors[7].name, "employment");
  EXPECT_EQ(factors[7].code, "contract");
  EXPECT_EQ(factors[4].name, "reason");
  EXPECT_DOUBLE_EQ(factors[4].value, 1.0);
  // Chen has one required skill of two: 2 / 5 of the skill points.
  for (const SearchHit& h : r.hits)
    if (index.entry(h.entry).candidate->id == "c-chen") {
      EXPECT_DOUBLE_EQ(index.explain(h.entry, "r-1")[0].value, 0.4);
    }
}

TEST(Ranking, ReasonsNotAboutThePersonCountInTheirFavour) {
  Pool pool = search_pool();
  // Make Ana and José identical but for the reason.
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-ana","name":"Ana Núñez","title":"Go developer",
      "skills":["go","postgresql","kubernetes"],"location":{"city":"Berlin","country":"DE"}}})", "x1");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-ana","requisitionId":"r-1","stage":"final",
      "outcome":"runner_up","reason":{"code":"skills_gap"},"futureFit":"strong","scores":[{"by":"Design","score":"strong_yes"}]}})", "x2");
  must(pool, R"({"type":"setFlags","candidateId":"c-ana","flags":{"openToContract":true,"openToPartTime":true}})", "x3");
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.requisition_id = "r-1";
  SearchResult r = index.search(q);
  EXPECT_EQ(ids(index, r)[0], "c-jose");
  EXPECT_NEAR(r.hits[0].score - r.hits[1].score, 5.0, 0.01);
}

TEST(Ranking, TiesGoToTheMoreRecentDecisionThenTheName) {
  Pool pool;
  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r","title":"Any"}})", "r");
  for (const char* who : {"Zoe", "Adam", "Mia"})
    must(pool, std::string(R"({"type":"saveCandidate","candidate":{"id":")") + who + R"(","name":")" + who + "\"}}",
         std::string("c") + who);
  auto decide = [&](const char* who, const char* when) {
    must(pool, std::string(R"({"type":"recordOutcome","outcome":{"candidateId":")") + who +
                   R"(","requisitionId":"r","stage":"final","outcome":"runner_up","reason":{"code":"timing"},"decidedAt":")" +
                   when + "\"}}",
         std::string("o") + who);
  };
  decide("Zoe", "2026-11-01T00:00:00Z");
  decide("Adam", "2026-11-01T00:00:00Z");
  decide("Mia", "2026-11-01T00:00:00Z");
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.requisition_id = "r";
  EXPECT_EQ(ids(index, index.search(q)), (std::vector<std::string>{"Adam", "Mia", "Zoe"}));
}

TEST(Ranking, PeopleWhoMustNotBeContactedAreLeftOutOrMarked) {
  Pool pool = search_pool();
  must(pool, R"({"type":"setFlags","candidateId":"c-jose","flags":{"doNotContact":true,"doNotContactReason":"asked"}})", "d");
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.requisition_id = "r-1";
  SearchResult r = index.search(q);
  EXPECT_EQ(r.total, 4u);
  EXPECT_EQ(ids(index, r)[0], "c-ana");
  q.include_blocked = true;
  r = index.search(q);
  EXPECT_EQ(r.total, 5u);
  EXPECT_EQ(index.blocked(r.hits[0].entry), "do_not_contact");
}

TEST(Search, PagesAndTheCachedIndexFollowsChanges) {
  Pool pool = search_pool();
  SearchRequest q;
  q.sort = SortBy::name;
  q.limit = 2;
  q.offset = 2;
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchResult r = index.search(q);
  EXPECT_EQ(r.total, 5u);
  EXPECT_EQ(ids(index, r), (std::vector<std::string>{"c-priya", "c-yuki"}));
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-yuki","name":"Yuki Tanaka-Smith","skills":["figma"]}})", "y");
  SearchRequest text;
  text.text = "smith";
  const PoolIndex& rebuilt = pool.index(day("2026-11-22"));
  EXPECT_EQ(rebuilt.search(text).total, 1u);
}

TEST(Search, RowFieldsReturnWhatAListRowShowsInTheSameOrder) {
  Pool pool = search_pool();
  must(pool, R"({"type":"setFlags","candidateId":"c-priya","flags":{"doNotContact":true,"doNotContactReason":"asked"}})", "d");
  const char* base = R"({"type":"search","today":"2026-11-22","requisitionId":"r-1","filters":{"includeBlocked":true},"offset":1,"limit":3)";
  auto full = run_query(pool, json::parse(std::string(base) + "}"));
  auto rows = run_query(pool, json::parse(std::string(base) + R"(,"fields":"row"})"));
  ASSERT_TRUE(full) << full.error().message;
  ASSERT_TRUE(rows) << rows.error().message;
  EXPECT_EQ(rows.value().at("total"), full.value().at("total"));
  EXPECT_EQ(rows.value().at("offset").as_uint64(), 1u);
  const auto& f = full.value().at("hits").as_array();
  const auto& r = rows.value().at("hits").as_array();
  ASSERT_EQ(r.size(), 3u);
  ASSERT_EQ(f.size(), 3u);
  for (std::size_t i = 0; i < r.size(); ++i) {
    const auto& row = r[i].as_object();
    const auto& card = f[i].as_object();
    EXPECT_EQ(row.at("id"), card.at("candidate").at("id"));
    EXPECT_EQ(row.at("name"), card.at("candidate").at("name"));
    EXPECT_EQ(row.at("title"), card.at("candidate").at("title"));
    EXPECT_EQ(row.at("requisitionId"), card.at("requisition").at("id"));
    EXPECT_EQ(row.at("requisitionTitle"), card.at("requisition").at("title"));
    EXPECT_EQ(row.at("stage"), card.at("outcome").at("stage"));
    EXPECT_EQ(row.at("outcome"), card.at("outcome").at("outcome"));
    EXPECT_EQ(row.at("reasonCode"), card.at("outcome").at("reason").at("code"));
    EXPECT_EQ(row.at("reasonLabel"), card.at("outcome").at("reasonLabel"));
    EXPECT_EQ(row.at("rank").as_uint64(), 2u + i);  // the position in the whole list, offset counted
    EXPECT_EQ(row.at("score"), card.at("score"));
    EXPECT_EQ(row.at("blocked"), card.at("blocked"));
    EXPECT_EQ(row.at("doNotContact"), card.at("flags").at("doNotContact"));
    for (const char* flag : {"openToContract", "openToPartTime"})
      EXPECT_EQ(row.at("flags").at(flag), card.at("flags").at(flag)) << flag;
    EXPECT_FALSE(row.contains("candidate"));
    EXPECT_FALSE(row.contains("factors"));
  }
  // Priya (do not contact) is in the page, marked.
  bool marked = false;
  for (const auto& h : r)
    if (h.at("id") == "c-priya") marked = h.at("doNotContact").as_bool() && h.at("blocked") == "do_not_contact";
  EXPECT_TRUE(marked);
}

TEST(Search, RowFieldsWithoutARequisitionHaveNoScoreAndBadFieldsAreRefused) {
  Pool pool = search_pool();
  auto rows = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"jose","fields":"row"})"));
  ASSERT_TRUE(rows) << rows.error().message;
  const auto& hit = rows.value().at("hits").as_array().at(0).as_object();
  EXPECT_EQ(hit.at("id").as_string(), "c-jose");
  EXPECT_EQ(hit.at("flags").at("openToContract").as_bool(), true);
  EXPECT_EQ(hit.at("flags").at("futureRoles").as_bool(), false);
  EXPECT_EQ(hit.at("reasonCode").as_string(), "internal_candidate");
  EXPECT_EQ(hit.at("rank").as_uint64(), 1u);
  EXPECT_FALSE(hit.contains("score"));
  auto full = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"jose","fields":"full"})"));
  ASSERT_TRUE(full);
  EXPECT_TRUE(full.value().at("hits").as_array().at(0).as_object().contains("candidate"));
  auto bad = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","fields":"some"})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/fields");
}

TEST(Search, PagesOfTheBoundedTopAgreeWithOneLongPage) {
  Pool pool = search_pool();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  for (SortBy sort : {SortBy::relevance, SortBy::name, SortBy::decided, SortBy::last_contact}) {
    SearchRequest all;
    all.requisition_id = "r-1";
    all.sort = sort;
    all.limit = 100;
    const std::vector<std::string> whole = ids(index, index.search(all));
    ASSERT_EQ(whole.size(), 5u);
    std::vector<std::string> paged;
    for (std::size_t offset = 0; offset < 6; offset += 2) {
      SearchRequest page = all;
      page.offset = offset;
      page.limit = 2;
      const SearchResult r = index.search(page);
      EXPECT_EQ(r.total, 5u);
      for (const std::string& id : ids(index, r)) paged.push_back(id);
    }
    EXPECT_EQ(paged, whole) << static_cast<int>(sort);
    SearchRequest count = all;
    count.limit = 0;  // only the count
    const SearchResult counted = index.search(count);
    EXPECT_EQ(counted.total, 5u);
    EXPECT_TRUE(counted.hits.empty());
    count.offset = 9;
    count.limit = 50;  // beyond the end
    EXPECT_TRUE(index.search(count).hits.empty());
  }
}

// A few hundred generated runner-ups against generated requests: every page must hold exactly
// the rows a plain per-row check lets through, in the page order, each with the score its
// factors add up to. This is what keeps the fast passes of search() honest.
TEST(Search, GeneratedPoolsAgreeWithAPlainCheckOfEveryRow) {
  std::uint32_t seed = 12345;
  auto next = [&](std::uint32_t below) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % below;
  };
  const char* skills[] = {"go", "rust", "java", "python", "sql", "kubernetes", "react", "figma", "terraform", "c++"};
  const char* stages[] = {"applied", "screen", "interview", "final", "offer"};
  const char* reasons_[] = {"stronger_candidate", "internal_candidate", "skills_gap", "location", "role_on_hold", "compensation"};
  const char* fits[] = {"unknown", "strong", "qualified", "not_a_fit"};
  const char* scores[] = {"strong_no", "no", "mixed", "yes", "strong_yes"};
  const char* places[] = {R"({"city":"Berlin","country":"DE"})", R"({"city":"Hamburg","country":"DE"})",
                          R"({"city":"London","country":"GB"})", R"({})"};
  const char* types[] = {"full_time", "part_time", "contract", "temporary"};
  auto pick_skills = [&](std::size_t count) {
    std::string out;
    for (std::size_t k = 0; k < count; ++k) out += std::string(k ? "," : "") + "\"" + skills[next(10)] + "\"";
    return out;
  };
  Pool pool;
  for (int r = 0; r < 6; ++r)
    must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-)" + std::to_string(r) + R"(","title":"Role )" +
                   std::to_string(r) + R"(","location":)" + places[next(4)] + R"(,"employmentType":")" + types[next(4)] +
                   R"(","requiredSkills":[)" + pick_skills(next(4)) + R"(],"niceSkills":[)" + pick_skills(next(3)) + "]}}",
         "r" + std::to_string(r));
  for (int c = 0; c < 300; ++c) {
    const std::string id = "c-" + std::to_string(c);
    // Names repeat so that ties must fall back to the row's name order.
    must(pool, R"({"type":"saveCandidate","candidate":{"id":")" + id + R"(","name":"Person )" + std::to_string(next(40)) +
                   R"(","skills":[)" + pick_skills(next(6)) + R"(],"location":)" + places[next(4)] + "}}",
         "c" + id);
    std::string extra;
    if (next(3)) extra += R"(,"scores":[{"by":"Design","score":")" + std::string(scores[next(5)]) + "\"}]";
    // Decisions up to three years old, so that some retention periods have ended; every seventh
    // person has two decisions at the same moment (the tie retention and the list must agree on).
    const Instant decided = testing::kNow - static_cast<Instant>(next(1100)) * 86'400'000;
    const std::uint32_t req = next(6);
    must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":")" + id + R"(","requisitionId":"r-)" +
                   std::to_string(req) + R"(","stage":")" + stages[next(5)] + R"(","outcome":"runner_up","reason":{"code":")" +
                   reasons_[next(6)] + R"("},"futureFit":")" + fits[next(4)] + "\"" + extra + "}}",
         "o" + id, decided);
    if (c % 7 == 0)
      must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":")" + id + R"(","requisitionId":"r-)" +
                     std::to_string((req + 1) % 6) + R"(","stage":"final","outcome":"runner_up","reason":{"code":"stronger_candidate"},"futureFit":"strong"}})",
           "o2" + id, decided);
    // Every fifth person was also rejected elsewhere later (whatever their fit), every thirteenth
    // hired on a third requisition: the pool keeps all their other outcomes.
    if (c % 5 == 0)
      must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":")" + id + R"(","requisitionId":"r-)" +
                     std::to_string((req + 2) % 6) + R"(","stage":"screen","outcome":"rejected","reason":{"code":"skills_gap"},"futureFit":")" + fits[next(4)] + "\"}}",
           "o3" + id, decided + 1000);
    if (c % 13 == 0)
      must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":")" + id + R"(","requisitionId":"r-)" +
                     std::to_string((req + 3) % 6) + R"(","stage":"offer","outcome":"hired"}})",
           "o4" + id, decided + 2000);
    if (c % 11 == 0) must(pool, R"({"type":"setRetentionPolicy","candidateId":")" + id + R"(","policy":"uk"})", "p" + id);
    if (next(2))
      must(pool, R"({"type":"setFlags","candidateId":")" + id + R"(","flags":{"openToContract":)" + (next(2) ? "true" : "false") +
                     R"(,"openToPartTime":)" + (next(2) ? "true" : "false") + (next(8) ? "" : R"(,"doNotContact":true,"doNotContactReason":"asked")") + "}}",
           "f" + id);
  }
  must(pool, R"({"type":"setRetentionPolicy","requisitionId":"r-2","policy":"uk"})", "pr2");
  must(pool, R"({"type":"setRetentionPolicy","requisitionId":"r-3","policy":"us_ca"})", "pr3");
  must(pool, R"({"type":"setRetentionPolicy","requisitionId":"r-5","policy":"fr"})", "pr5");
  const PoolIndex& index = pool.index(day("2026-11-22"));
  ASSERT_EQ(index.size(), 300u);
  std::size_t blocked = 0;
  for (std::uint32_t row = 0; row < index.size(); ++row) {
    const std::string& id = index.entry(row).candidate->id;
    EXPECT_EQ(index.blocked(row).empty(), pool.state().outreach_blocked(id, day("2026-11-22")).empty()) << id;
    blocked += !index.blocked(row).empty();
  }
  EXPECT_GT(blocked, 30u);  // the generated pool does block people, for every reason
  EXPECT_LT(blocked, 270u);
  for (int round = 0; round < 300; ++round) {
    SearchRequest q;
    if (next(4)) q.requisition_id = "r-" + std::to_string(next(6));
    if (!next(4)) q.open_to_contract = next(2) == 1;
    if (!next(4)) q.min_stage = static_cast<Stage>(next(5));
    if (!next(5)) q.country = next(2) ? "DE" : "GB";
    if (!next(5)) q.skills = {skills[next(10)]};
    if (!next(5)) q.reasons = {reasons_[next(6)], reasons_[next(6)]};
    if (!next(6)) q.text = "person " + std::to_string(next(40));
    if (!next(6)) q.initiator = static_cast<Initiator>(next(3));
    if (!next(6)) q.min_score = static_cast<Score>(next(5));
    if (!next(5)) q.outcomes = {next(2) ? OutcomeKind::rejected : OutcomeKind::runner_up};
    if (!next(3)) q.include_not_a_fit = next(2) == 1;
    q.include_blocked = next(3) == 0;
    q.sort = static_cast<SortBy>(next(4));
    q.limit = 1000;
    const SearchResult all = index.search(q);
    EXPECT_EQ(all.include_not_a_fit, q.include_not_a_fit.value_or(q.requisition_id.empty()));
    // Membership: the plain check of each row.
    std::vector<std::uint32_t> expected;
    std::size_t not_a_fit_left_out = 0;
    for (std::uint32_t row = 0; row < index.size(); ++row) {
      const PoolEntry& e = index.entry(row);
      const PoolIndex::RowFlags f = index.flags(row);
      // the person's outcomes in the pool, read from the state
      bool any_kind = q.outcomes.empty(), all_not_a_fit = true;
      const auto& outcomes = pool.state().outcomes;
      for (auto it = outcomes.lower_bound({e.candidate->id, ""}); it != outcomes.end() && it->first.first == e.candidate->id; ++it) {
        const Outcome& o = it->second;
        if (o.outcome == OutcomeKind::hired) continue;
        any_kind = any_kind || std::find(q.outcomes.begin(), q.outcomes.end(), o.outcome) != q.outcomes.end();
        all_not_a_fit = all_not_a_fit && o.future_fit == FutureFit::not_a_fit;
      }
      EXPECT_EQ(f.not_a_fit, all_not_a_fit) << e.candidate->id;
      if (!any_kind) continue;
      if (!q.include_blocked && !index.blocked(row).empty()) continue;
      if (q.open_to_contract && f.open_to_contract != *q.open_to_contract) continue;
      if (q.min_stage && e.outcome->stage < *q.min_stage) continue;
      if (!q.country.empty() && e.candidate->location.country != q.country) continue;
      if (q.initiator && e.outcome->initiator != *q.initiator) continue;
      if (q.min_score) {  // the mean interview score, on 0..100
        if (e.outcome->scores.empty()) continue;
        double sum = 0;
        for (const InterviewScore& x : e.outcome->scores) sum += static_cast<int>(x.score);
        if (std::lround(sum / static_cast<double>(e.outcome->scores.size()) * 25) < static_cast<int>(*q.min_score) * 25) continue;
      }
      if (!q.skills.empty() && std::find(e.candidate->skills.begin(), e.candidate->skills.end(), q.skills[0]) ==
                                   e.candidate->skills.end())
        continue;
      if (!q.reasons.empty() && std::find(q.reasons.begin(), q.reasons.end(), e.outcome->reason.code) == q.reasons.end())
        continue;
      if (!q.text.empty()) {  // every token of the text prefixes a token of the name (no other text has digits)
        const std::vector<std::string> mine = search_tokens(e.candidate->name);
        bool every = true;
        for (const std::string& t : search_tokens(q.text))
          every = every && std::any_of(mine.begin(), mine.end(), [&](const std::string& m) { return m.rfind(t, 0) == 0; });
        if (!every) continue;
      }
      if (!all.include_not_a_fit && all_not_a_fit) {
        ++not_a_fit_left_out;
        continue;
      }
      expected.push_back(row);
    }
    EXPECT_EQ(all.not_a_fit_left_out, not_a_fit_left_out) << "round " << round;
    ASSERT_EQ(all.total, expected.size()) << "round " << round;
    ASSERT_EQ(all.hits.size(), expected.size()) << "round " << round;
    std::vector<std::uint32_t> got;
    for (const SearchHit& h : all.hits) got.push_back(h.entry);
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, expected) << "round " << round;
    // Scores: what the factors add up to (the requisition-free part is kept as a float).
    for (const SearchHit& h : all.hits) {
      if (q.requisition_id.empty()) {
        EXPECT_EQ(h.score, 0.0);
        continue;
      }
      double sum = 0;
      for (const Factor& f : index.explain(h.entry, q.requisition_id)) sum += f.weight * f.value;
      EXPECT_NEAR(h.score, sum, 1e-3) << "round " << round;
    }
    // Order: each hit before the next by the request's sort, and a page of it is that stretch.
    for (std::size_t k = 1; k < all.hits.size(); ++k) {
      const SearchHit &a = all.hits[k - 1], &b = all.hits[k];
      const Outcome &oa = *index.entry(a.entry).outcome, &ob = *index.entry(b.entry).outcome;
      const std::string na = fold_text(index.entry(a.entry).candidate->name), nb = fold_text(index.entry(b.entry).candidate->name);
      const auto by_name = [&] { return na != nb ? na < nb : a.entry < b.entry; };
      switch (q.sort == SortBy::relevance && q.requisition_id.empty() ? SortBy::decided : q.sort) {
        case SortBy::relevance:
          EXPECT_TRUE(a.score > b.score ||
                      (a.score == b.score && (oa.decided_at > ob.decided_at || (oa.decided_at == ob.decided_at && by_name()))))
              << "round " << round;
          break;
        case SortBy::name: EXPECT_TRUE(by_name()) << "round " << round; break;
        case SortBy::decided:
          EXPECT_TRUE(oa.decided_at > ob.decided_at || (oa.decided_at == ob.decided_at && by_name())) << "round " << round;
          break;
        case SortBy::last_contact:
          EXPECT_TRUE(index.last_contact(a.entry) > index.last_contact(b.entry) ||
                      (index.last_contact(a.entry) == index.last_contact(b.entry) && by_name()))
              << "round " << round;
          break;
      }
    }
    SearchRequest page = q;
    page.offset = next(static_cast<std::uint32_t>(all.hits.size() + 2));
    page.limit = 1 + next(20);
    const SearchResult part = index.search(page);
    EXPECT_EQ(part.total, all.total);
    for (std::size_t k = 0; k < part.hits.size(); ++k) {
      EXPECT_EQ(part.hits[k].entry, all.hits[page.offset + k].entry) << "round " << round;
      EXPECT_EQ(part.hits[k].score, all.hits[page.offset + k].score) << "round " << round;
    }
    EXPECT_EQ(part.hits.size(), std::min<std::size_t>(page.limit, all.hits.size() - std::min(all.hits.size(), page.offset)));
  }
}

// The row page is written as text without a JSON tree: it must read back as the same value the
// tree gives, hostile text included.
TEST(Search, RowPageTextReadsBackAsTheSameValue) {
  Pool pool = search_pool();
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-odd","name":"Zoë \"Q\" \\ back/slash 陈 </script>",
      "title":"\u2028 title","skills":["go"]}})", "odd");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-odd","requisitionId":"r-1","stage":"final",
      "outcome":"runner_up","reason":{"code":"other","note":"x"},"futureFit":"strong"}})", "odd-o");
  for (const char* query : {
           R"({"type":"search","today":"2026-11-22","fields":"row"})",
           R"({"type":"search","today":"2026-11-22","fields":"row","requisitionId":"r-1","limit":3,"offset":1})",
           R"({"type":"search","today":"2026-11-22","fields":"row","requisitionId":"r-1","filters":{"includeBlocked":true}})",
           R"({"type":"search","today":"2026-11-22","fields":"row","text":"zoe"})",
           R"({"type":"search","today":"2026-11-22","fields":"row","text":"nobody-at-all"})",
           R"({"type":"search","today":"2026-11-22","fields":"row","requisitionId":"r-1","explain":true})",
           R"({"type":"search","today":"2026-11-22","requisitionId":"r-1"})",
           R"({"type":"pool"})"}) {
    const json::value q = json::parse(query);
    auto tree = run_query(pool, q);
    auto text = run_query_text(pool, q);
    ASSERT_TRUE(tree.ok() && text.ok()) << query;
    boost::system::error_code ec;
    const json::value read_back = json::parse(text.value(), ec);
    ASSERT_FALSE(ec) << "not JSON: " << text.value();
    EXPECT_EQ(read_back, tree.value()) << query << "\n" << text.value();
  }
  auto bad = run_query_text(pool, json::parse(R"({"type":"search","today":"2026-11-22","fields":"row","limit":-1})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().path, "/limit");
  const std::string page = run_query_text(pool, json::parse(R"({"type":"search","today":"2026-11-22","fields":"row","text":"zoe"})")).value();
  EXPECT_NE(page.find("Zoë"), std::string::npos) << page;  // UTF-8 passes through as it is
  EXPECT_NE(page.find(R"(\"Q\" \\ back/slash)"), std::string::npos) << page;
}

// A large pool's index is built in steps with the page running between them: the steps must
// give the same index as one build, and a change meanwhile must start the build over.
TEST(Search, AnIndexBuiltInStepsIsTheIndexBuiltAtOnce) {
  Pool pool = search_pool();
  for (int k = 0; k < 40; ++k) {
    const std::string id = "c-step-" + std::to_string(k);
    must(pool, R"({"type":"saveCandidate","candidate":{"id":")" + id + R"(","name":"Step )" + std::to_string(k) +
                   R"(","skills":["go","figma"]}})", "s" + id);
    must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":")" + id + R"(","requisitionId":"r-1","stage":"final",
        "outcome":"runner_up","reason":{"code":"stronger_candidate"},"futureFit":"strong"}})", "o" + id);
  }
  const Date today = day("2026-11-22");
  const PoolIndex whole(pool.state(), today, pool.entries());
  PoolIndex stepped(pool.state(), today, pool.entries(), PoolIndex::Deferred{});
  EXPECT_FALSE(stepped.ready());
  double last = -1;
  int steps = 0;
  while (!stepped.build_step(3)) {
    EXPECT_GE(stepped.progress(), last);
    EXPECT_LT(stepped.progress(), 1.0);
    last = stepped.progress();
    ++steps;
  }
  EXPECT_TRUE(stepped.ready());
  EXPECT_EQ(stepped.progress(), 1.0);
  EXPECT_GT(steps, 10);  // 45 rows, 3 a step, and the other phases
  for (SortBy sort : {SortBy::relevance, SortBy::name, SortBy::decided}) {
    SearchRequest q;
    q.requisition_id = "r-1";
    q.sort = sort;
    q.limit = 100;
    for (const char* text : {"", "step", "go", "müller"}) {
      q.text = text;
      const SearchResult a = whole.search(q), b = stepped.search(q);
      EXPECT_EQ(a.total, b.total) << text;
      ASSERT_EQ(a.hits.size(), b.hits.size()) << text;
      for (std::size_t i = 0; i < a.hits.size(); ++i) {
        EXPECT_EQ(a.hits[i].entry, b.hits[i].entry);
        EXPECT_EQ(a.hits[i].score, b.hits[i].score);
      }
    }
  }
  EXPECT_EQ(whole.memory_bytes() > 0, stepped.memory_bytes() > 0);

  // Through the pool: progress up to 1; a change restarts the build; index() finishes one begun.
  EXPECT_EQ(pool.build_index(today, 0), 0.0);  // nothing begun: only tells
  double p = pool.build_index(today, 5);
  EXPECT_LT(p, 1.0);
  p = pool.build_index(today, 5);
  EXPECT_GT(p, 0.0);
  must(pool, R"({"type":"setFlags","candidateId":"c-step-3","flags":{"openToContract":true}})", "f");
  EXPECT_EQ(pool.build_index(today, 0), 0.0);  // the state changed: that build is gone
  while (pool.build_index(today, 7) < 1.0) {
  }
  EXPECT_EQ(pool.build_index(today, 0), 1.0);
  SearchRequest contract;
  contract.open_to_contract = true;
  contract.text = "step";
  EXPECT_EQ(pool.index(today).search(contract).total, 1u);  // the change is in the index built after it
  must(pool, R"({"type":"setFlags","candidateId":"c-step-4","flags":{"openToContract":true}})", "g");
  pool.build_index(today, 2);                                  // begun, not finished
  EXPECT_EQ(pool.index(today).search(contract).total, 2u);     // index() finishes it
  EXPECT_EQ(pool.build_index(today, 0), 1.0);
}

TEST(Search, QueryDocumentRanksExplainsAndRefusesBadFilters) {
  Pool pool = search_pool();
  auto r = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","requisitionId":"r-1",
      "text":"","filters":{"openToContract":true},"explain":true,"limit":10})"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r.value().at("total").as_uint64(), 2u);
  const auto& first = r.value().at("hits").as_array()[0];
  EXPECT_EQ(first.at("candidate").at("id").as_string(), "c-jose");
  EXPECT_EQ(first.at("factors").as_array().size(), 8u);
  auto bad = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","filters":{"reasons":["nope"]}})"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/filters/reasons/0");
  auto unknown = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","filters":{"colour":"red"}})"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::unknown_field);
}

// search_pool() plus: Ana, the ranked runner-up of r-1, rejected later on r-2; Rita, only ever
// rejected (not a fit); Yuki hired on r-1 after her runner-up outcome on r-2.
Pool pool_with_rejections() {
  Pool pool = search_pool();
  must(pool, R"({"type":"rankRunnerUps","requisitionId":"r-1","order":["c-ana","c-jose","c-priya","c-chen"]})", "rk");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-ana","requisitionId":"r-2","stage":"screen",
      "outcome":"rejected","reason":{"code":"skills_gap"},"futureFit":"not_a_fit"}})", "x1", testing::kNow + 1000);
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-rita","name":"Rita Okafor","skills":["go"]}})", "x2");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-rita","requisitionId":"r-1","stage":"applied",
      "outcome":"rejected","reason":{"code":"skills_gap"},"futureFit":"not_a_fit"}})", "x3");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-yuki","requisitionId":"r-1","stage":"offer",
      "outcome":"hired"}})", "x4", testing::kNow + 2000);
  return pool;
}

TEST(Search, ARejectedPersonIsListedAndFoundByName) {
  Pool pool = pool_with_rejections();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  EXPECT_EQ(index.size(), 6u);  // one row per person in the pool, Yuki too (hired elsewhere)
  SearchRequest q;
  q.text = "okafor";
  const SearchResult r = index.search(q);
  ASSERT_EQ(ids(index, r), std::vector<std::string>{"c-rita"});
  EXPECT_EQ(index.entry(r.hits[0].entry).outcome->outcome, OutcomeKind::rejected);
  auto row = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"rita","fields":"row"})"));
  ASSERT_TRUE(row) << row.error().message;
  ASSERT_EQ(row.value().at("total").as_uint64(), 1u);
  EXPECT_EQ(row.value().at("hits").as_array()[0].at("outcome").as_string(), "rejected");
  EXPECT_TRUE(row.value().at("hits").as_array()[0].at("notAFit").as_bool());
}

TEST(Search, ARankedRunnerUpIsNotHiddenByALaterRejectionAndTheOutcomeFilterMatchesAnyOfThem) {
  Pool pool = pool_with_rejections();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.text = "ana";
  SearchResult r = index.search(q);
  ASSERT_EQ(ids(index, r), std::vector<std::string>{"c-ana"});
  const Outcome& shown = *index.entry(r.hits[0].entry).outcome;
  EXPECT_EQ(shown.requisition_id, "r-1");  // the ranked runner-up outcome, not the later rejection
  EXPECT_EQ(shown.outcome, OutcomeKind::runner_up);
  EXPECT_EQ(shown.rank, 1);
  EXPECT_FALSE(index.flags(r.hits[0].entry).not_a_fit);  // one outcome says not a fit, the other strong
  q.outcomes = {OutcomeKind::rejected};
  q.text.clear();
  r = index.search(q);
  std::vector<std::string> rejected = ids(index, r);
  std::sort(rejected.begin(), rejected.end());
  EXPECT_EQ(rejected, (std::vector<std::string>{"c-ana", "c-rita"}));
  auto row = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"ana","fields":"row"})"));
  ASSERT_TRUE(row) << row.error().message;
  const auto& hit = row.value().at("hits").as_array()[0];
  EXPECT_EQ(hit.at("outcome").as_string(), "runner_up");
  EXPECT_EQ(hit.at("runnerUpRank").to_number<std::int64_t>(), 1);
  EXPECT_EQ(hit.at("outcomeCount").to_number<std::int64_t>(), 2);
  auto full = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"ana"})"));
  ASSERT_TRUE(full);
  EXPECT_EQ(full.value().at("hits").as_array()[0].at("outcomes").as_array().size(), 2u);
  auto hired = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","filters":{"outcomes":["hired"]}})"));
  ASSERT_FALSE(hired);
  EXPECT_EQ(hired.error().path, "/filters/outcomes/0");
}

TEST(Ranking, LeavesOutPeopleWhoAreNotAFitByDefaultAndSaysHowMany) {
  Pool pool = pool_with_rejections();
  const PoolIndex& index = pool.index(day("2026-11-22"));
  SearchRequest q;
  q.requisition_id = "r-1";
  SearchResult r = index.search(q);
  EXPECT_FALSE(r.include_not_a_fit);
  EXPECT_EQ(r.not_a_fit_left_out, 1u);  // Rita
  EXPECT_EQ(r.total, 5u);
  for (const std::string& id : ids(index, r)) EXPECT_NE(id, "c-rita");
  q.include_not_a_fit = true;
  r = index.search(q);
  EXPECT_EQ(r.total, 6u);
  EXPECT_EQ(r.not_a_fit_left_out, 0u);
  // Without a requisition, everyone is listed unless the recruiter leaves them out.
  SearchRequest list;
  r = index.search(list);
  EXPECT_TRUE(r.include_not_a_fit);
  EXPECT_EQ(r.total, 6u);
  list.include_not_a_fit = false;
  r = index.search(list);
  EXPECT_EQ(r.total, 5u);
  EXPECT_EQ(r.not_a_fit_left_out, 1u);
  auto page = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","requisitionId":"r-1","fields":"row"})"));
  ASSERT_TRUE(page);
  EXPECT_FALSE(page.value().at("includeNotAFit").as_bool());
  EXPECT_EQ(page.value().at("notAFitLeftOut").as_uint64(), 1u);
}

TEST(Search, MarksAPersonHiredOnAnotherRequisition) {
  Pool pool = pool_with_rejections();
  auto row = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"yuki","fields":"row"})"));
  ASSERT_TRUE(row) << row.error().message;
  ASSERT_EQ(row.value().at("total").as_uint64(), 1u);
  const auto& hit = row.value().at("hits").as_array()[0];
  EXPECT_EQ(hit.at("requisitionId").as_string(), "r-2");
  EXPECT_TRUE(hit.at("hiredElsewhere").as_bool());
  auto ana = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"ana","fields":"row"})"));
  ASSERT_TRUE(ana);
  EXPECT_FALSE(ana.value().at("hits").as_array()[0].at("hiredElsewhere").as_bool());
}

TEST(Search, FindingNoOneWithinTheFiltersSaysHowManyMatchOutsideThem) {
  Pool pool = pool_with_rejections();
  auto outside = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"rita",
      "filters":{"openToContract":true},"fields":"row"})"));
  ASSERT_TRUE(outside);
  EXPECT_EQ(outside.value().at("total").as_uint64(), 0u);
  EXPECT_EQ(outside.value().at("outsideFilters").as_uint64(), 1u);
  auto nobody = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"zzz","fields":"row"})"));
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody.value().at("outsideFilters").as_uint64(), 0u);
  auto skill = run_query(pool, json::parse(R"({"type":"search","today":"2026-11-22","text":"rita",
      "filters":{"skills":["cobol"]}})"));
  ASSERT_TRUE(skill);
  EXPECT_EQ(skill.value().at("total").as_uint64(), 0u);
  EXPECT_EQ(skill.value().at("outsideFilters").as_uint64(), 1u);
}

}  // namespace
}  // namespace runnerup
