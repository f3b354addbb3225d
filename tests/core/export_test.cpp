#include "runnerup/export.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include <algorithm>

#include "fixtures.hpp"
#include "format_fixtures.hpp"
#include "runnerup/import.hpp"

namespace runnerup {
namespace {

using testing::command;
using testing::expect_golden;
using testing::kNow;
using testing::must;
using testing::three_runner_ups;

// Three runner-ups with flags, feedback, a touchpoint and follow-ups, and a hostile note.
Pool busy_pool() {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez","emails":["ana@example.com"],
    "phones":["+44 20 7946 0000"],"links":["https://www.linkedin.com/in/ana","https://ana.example.dev"],
    "location":{"city":"Leeds","region":"West Yorkshire","country":"GB"},"title":"Backend engineer",
    "skills":["go","postgresql"],"tags":["=cmd|' /C calc'!A0","silver"]}})", "h");
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true,"openToPartTime":true,
    "availableFrom":"2027-01-15"}})", "i");
  must(pool, R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","requisitionId":"r-1","channel":"video",
    "summary":"Strong design, keep going"}})", "j");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2027-03-01",
    "note":"Ask about the platform role; she said, \"ping me in Q1\"","cadence":{"every":3,"unit":"months"}}})", "k");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-2","due":"2026-12-01",
    "note":"Café chat — über-long note to force line folding across a multi-byte character boundary ééééééééé"}})", "l");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-3","due":"2026-12-02"}})", "l2");
  must(pool, R"({"type":"setFlags","candidateId":"c-3","flags":{"doNotContact":true,"doNotContactReason":"asked us not to"}})", "m");
  return pool;
}

TEST(ExportCsv, OneRowPerRunnerUpWithTheGoldenColumns) {
  Pool pool = busy_pool();
  expect_golden("formats/pool.csv", export_pool_csv(pool.state()));
}

TEST(ExportCsv, TheBomIsOptional) {
  Pool pool = busy_pool();
  CsvExportOptions o;
  o.bom = true;
  const std::string with = export_pool_csv(pool.state(), o);
  EXPECT_EQ(with.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(with.substr(3), export_pool_csv(pool.state()));
}

TEST(ExportCsv, FormulaCellsAreNeutralised) {
  Pool pool = busy_pool();
  const std::string text = export_pool_csv(pool.state());
  EXPECT_NE(text.find("'+44 20 7946 0000"), std::string::npos);
  EXPECT_NE(text.find("\"'=cmd|' /C calc'!A0\nsilver\""), std::string::npos);
}

TEST(ExportCsv, ReimportingTheCsvGivesTheSameCsv) {
  Pool pool = busy_pool();
  const std::string first = export_pool_csv(pool.state());
  Pool copy;
  ImportReport r = import_text(copy, ImportFormat::csv, first, {}, "bob", kNow, "csv");
  ASSERT_FALSE(r.error) << r.error->message;
  EXPECT_EQ(r.refused, 0u);
  EXPECT_EQ(r.accepted, 3u);
  // Feedback, follow-ups and last contact are exported for reading only; blank them to compare.
  auto readable = [](const std::string& text) {
    auto rows = csv::read(text).value();
    for (auto& row : rows)
      for (std::size_t i = 22; i <= 26; ++i) row[i].clear();
    return csv::write(rows);
  };
  EXPECT_EQ(readable(export_pool_csv(copy.state())), readable(first));
}

TEST(ExportCsv, AViewIsTheGivenPeopleInTheGivenOrder) {
  Pool pool = busy_pool();
  std::vector<PoolEntry> all = pool_entries(pool.state());
  ASSERT_GE(all.size(), 2u);
  auto view = pool_view(pool.state(), {all[1].candidate->id, all[0].candidate->id});
  ASSERT_TRUE(view);
  ASSERT_EQ(view.value().size(), 2u);
  EXPECT_EQ(view.value()[0].candidate, all[1].candidate);
  EXPECT_EQ(view.value()[1].candidate, all[0].candidate);
  const std::string sheet = export_pool_csv(pool.state(), view.value());
  EXPECT_LT(sheet.find(all[1].candidate->name), sheet.find(all[0].candidate->name));
  auto missing = pool_view(pool.state(), {all[0].candidate->id, "nobody"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().path, "/ids/1");
}

TEST(ExportCsv, AViewListingAPersonOncePerOutcomeGivesBackEachOfTheirEntries) {
  Pool pool = busy_pool();
  must(pool, testing::requisition_json("r-other", "Another role"), "v1");
  must(pool, testing::outcome_json("c-1", "r-other", 0), "v2");
  std::vector<PoolEntry> all = pool_entries(pool.state());
  std::vector<std::string> ids;
  for (const PoolEntry& e : all) ids.push_back(e.candidate->id);
  ASSERT_GT(std::count(ids.begin(), ids.end(), "c-1"), 1);
  auto view = pool_view(pool.state(), ids);  // the whole pool's ids: the whole pool, entry for entry
  ASSERT_TRUE(view);
  ASSERT_EQ(view.value().size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(view.value()[i].outcome, all[i].outcome);
  auto once = pool_view(pool.state(), {"c-1"});  // listed once: all of their entries
  ASSERT_TRUE(once);
  EXPECT_EQ(once.value().size(), static_cast<std::size_t>(std::count(ids.begin(), ids.end(), "c-1")));
}

TEST(ExportJsonResume, BasicsSkillsAndThePipelineUnderMeta) {
  Pool pool = busy_pool();
  auto doc = export_json_resume(pool.state(), "c-1");
  ASSERT_TRUE(doc);
  const auto& o = doc.value().as_object();
  EXPECT_EQ(o.at("basics").at("name"), "Ana Núñez");
  EXPECT_EQ(o.at("basics").at("label"), "Backend engineer");
  EXPECT_EQ(o.at("basics").at("location").at("countryCode"), "GB");
  EXPECT_EQ(o.at("basics").at("profiles").at(0).at("network"), "LinkedIn");
  EXPECT_EQ(o.at("skills").at(0).at("name"), "go");
  const auto& meta = o.at("meta").at("runnerup");
  EXPECT_EQ(meta.at("outcomes").at(0).at("reason").at("code"), "stronger_candidate");
  EXPECT_EQ(meta.at("feedback").at(0).at("channel"), "video");
  EXPECT_EQ(meta.at("flags").at("openToContract"), true);
  EXPECT_EQ(meta.at("followUps").as_array().size(), 1u);
  expect_golden("formats/c-1.resume.json", boost::json::serialize(doc.value()) + "\n");
}

TEST(ExportJsonResume, AnUnknownCandidateIsNotFound) {
  Pool pool = busy_pool();
  auto doc = export_json_resume(pool.state(), "nobody");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().code, ErrorCode::not_found);
}

TEST(ExportIcs, OneTodoPerOpenFollowUpGolden) {
  Pool pool = busy_pool();
  IcsOptions o;
  o.stamp = kNow;
  expect_golden("formats/follow-ups.ics", export_follow_ups_ics(pool.state(), o));
}

TEST(ExportIcs, NamesCanBeLeftOut) {
  Pool pool = busy_pool();
  IcsOptions o;
  o.stamp = kNow;
  o.names = false;
  const std::string ics = export_follow_ups_ics(pool.state(), o);
  EXPECT_EQ(ics.find("Ana"), std::string::npos);
  EXPECT_EQ(ics.find("Chen"), std::string::npos);
  EXPECT_EQ(ics.find("platform role"), std::string::npos);
  EXPECT_NE(ics.find("SUMMARY:Follow up with a runner-up\r\n"), std::string::npos);
}

TEST(ExportIcs, TextIsEscaped) {
  EXPECT_EQ(ics_escape_text("a\\b;c,d\ne\r\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
}

TEST(ExportIcs, FoldingKeepsLinesWithin75OctetsAndUtf8Whole) {
  std::string line = "DESCRIPTION:";
  for (int i = 0; i < 60; ++i) line += "é";  // two octets each
  const std::string folded = ics_fold(line);
  std::size_t start = 0;
  std::string unfolded;
  while (start < folded.size()) {
    const std::size_t end = folded.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    const std::string physical = folded.substr(start, end - start);
    EXPECT_LE(physical.size(), 75u);
    const auto first = static_cast<unsigned char>(physical[start == 0 ? 0 : 1]);
    EXPECT_NE(first & 0xC0, 0x80) << "a line starts inside a UTF-8 sequence";
    unfolded += start == 0 ? physical : physical.substr(1);
    start = end + 2;
  }
  EXPECT_EQ(unfolded, line);
}

}  // namespace
}  // namespace runnerup
