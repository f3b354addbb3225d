#include "runnerup/export.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
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
  must(pool, testing::candidate_json("c-4", "Priya Raman"), "n");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-4","requisitionId":"r-1",
      "stage":"final","outcome":"runner_up","rank":4,"reason":{"code":"too_junior"},"futureFit":"qualified",
      "scores":[{"by":"System design","score":"yes"},{"by":"Dana, hiring manager","score":"strong_yes"}],
      "skillGaps":["kubernetes","terraform"]},
      "flags":{"openToContract":true,"futureRoles":{"families":["data engineering"],"departments":["Platform"],
      "requisitions":["r-1"]}}})", "o");
  return pool;
}

// The cell of `header` in each data row of `text`.
std::vector<std::string> column(const std::string& text, std::string_view header) {
  auto rows = csv::read(text).value();
  const auto at = std::find(rows[0].begin(), rows[0].end(), header);
  EXPECT_NE(at, rows[0].end()) << header;
  std::vector<std::string> out;
  for (std::size_t r = 1; r < rows.size(); ++r) out.push_back(rows[r][static_cast<std::size_t>(at - rows[0].begin())]);
  return out;
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
  EXPECT_EQ(r.accepted, 4u);
  // The importer knows every column: none is unknown to it.
  for (const std::string& note : r.notes) EXPECT_EQ(note.find("not in the mapping"), std::string::npos) << note;
  // Feedback, follow-ups, last contact, scores, skill gaps and future roles are exported for
  // reading only; blank them (all but the header) to compare. The roles are not imported, so the
  // flag that says someone has them ("Open to future roles") is not either: leave it out too.
  const std::size_t flags_column = static_cast<std::size_t>(
      std::find(kPoolCsvColumns.begin(), kPoolCsvColumns.end(), "Flags") - kPoolCsvColumns.begin());
  auto readable = [&](const std::string& text) {
    auto rows = csv::read(text).value();
    for (std::size_t row = 1; row < rows.size(); ++row) {
      for (std::size_t i = 0; i < kPoolCsv.size(); ++i)
        if (!kPoolCsv[i].imported) rows[row][i].clear();
      std::string& flags = rows[row][flags_column];
      for (const std::string item : {"\nOpen to future roles", "Open to future roles\n", "Open to future roles"})
        if (auto at = flags.find(item); at != std::string::npos) flags.erase(at, item.size());
    }
    return csv::write(rows);
  };
  EXPECT_NE(first.find("Open to future roles"), std::string::npos);  // the busy pool has someone with them
  EXPECT_EQ(readable(export_pool_csv(copy.state())), readable(first));
}

TEST(ExportCsv, HostileCellsAreGuardedAndImportBackExactly) {
  const std::vector<std::string> notes = {"=1+1", " =1+1", "\xEF\xBC\x9D" "1+1", "@SUM(A1)", "-2+3", "+1",
                                          "\t=1", "\r\n=1", "\n-x", "' =1+1", "''=1", "\xE3\x80\x80+1",
                                          "multi-line\nnote\r\n=third line"};
  Pool pool;
  must(pool, testing::requisition_json("r-1", "Staff engineer"), "r");
  for (std::size_t i = 0; i < notes.size(); ++i) {
    const std::string id = "c-" + std::to_string(10 + i);
    must(pool, testing::candidate_json(id, "Person " + std::to_string(i)), "c" + std::to_string(i));
    boost::json::value cmd = boost::json::parse(testing::outcome_json(id, "r-1", static_cast<int>(i) + 1, "other", "x"));
    cmd.at("outcome").at("reason").at("note") = notes[i];
    must(pool, boost::json::serialize(cmd), "o" + std::to_string(i));
  }
  const std::string text = export_pool_csv(pool.state());
  const std::vector<std::string> cells = column(text, "Reason note");
  ASSERT_EQ(cells.size(), notes.size());
  for (std::size_t i = 0; i + 1 < notes.size(); ++i) {
    EXPECT_EQ(cells[i], "'" + notes[i]) << "guarded by one quote: " << notes[i];
    EXPECT_FALSE(csv::looks_like_formula(cells[i])) << notes[i];
  }
  EXPECT_EQ(cells.back(), notes.back());  // a cell runs from its start only: this one is text
  Pool copy;
  ImportReport r = import_text(copy, ImportFormat::csv, text, {}, "bob", kNow, "csv");
  ASSERT_FALSE(r.error) << r.error->message;
  ASSERT_EQ(r.accepted, notes.size());
  for (std::size_t i = 0; i < notes.size(); ++i)
    EXPECT_EQ(copy.state().outcomes.at({"c-" + std::to_string(10 + i), "r-1"}).reason.note, notes[i]);
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

TEST(ExportCsv, ScoresSkillGapsAndFutureRolesHaveTheirColumnsJoinedWithSemicolons) {
  Pool pool = busy_pool();
  const std::string text = export_pool_csv(pool.state());
  EXPECT_EQ(column(text, "Interview scores").back(), "System design: Yes; Dana, hiring manager: Strong yes");
  EXPECT_EQ(column(text, "Skill gaps").back(), "kubernetes; terraform");
  // Families, departments, then requisitions by their title.
  EXPECT_EQ(column(text, "Future roles").back(), "data engineering; Platform; Senior Backend Engineer");
  EXPECT_EQ(column(text, "Future roles").front(), "");
}

TEST(ExportCsv, EveryColumnIsOneTheImporterKnows) {
  const boost::json::object mapping = default_csv_mapping();
  for (const PoolCsvColumn& c : kPoolCsv) {
    ASSERT_TRUE(mapping.contains(c.header)) << c.header;
    EXPECT_EQ(mapping.at(c.header).as_string(), c.field) << c.header;
    EXPECT_NE(std::find(csv_fields().begin(), csv_fields().end(), c.field), csv_fields().end()) << c.field;
  }
}

TEST(ExportCsv, ReimportingNotesTheColumnsForReadingOnlyAndNoUnknownOne) {
  Pool pool = busy_pool();
  Pool copy;
  ImportReport r = import_text(copy, ImportFormat::csv, export_pool_csv(pool.state()), {}, "bob", kNow, "csv");
  ASSERT_FALSE(r.error) << r.error->message;
  std::string notes;
  for (const std::string& note : r.notes) notes += note + "\n";
  EXPECT_EQ(notes.find("not in the mapping"), std::string::npos) << notes;
  for (const char* header : {"Interview scores", "Skill gaps", "Future roles"})
    EXPECT_NE(notes.find(std::string("\"") + header + "\""), std::string::npos) << header << " in " << notes;
}

TEST(ExportCsv, WithoutNamesEachPersonIsARunnerUpNumberAndNothingIdentifiesThem) {
  Pool pool = busy_pool();
  std::vector<PoolEntry> all = pool_entries(pool.state());
  ASSERT_EQ(all.size(), 4u);
  // The same person twice in a view keeps one number.
  auto view = pool_view(pool.state(), {"c-3", "c-1", "c-3", "c-2"}).value();
  CsvExportOptions o;
  o.names = false;
  const std::string text = export_pool_csv(pool.state(), view, o);
  EXPECT_EQ(column(text, "Name"), (std::vector<std::string>{"Runner-up 1", "Runner-up 2", "Runner-up 1", "Runner-up 3"}));
  for (const char* header : {"Candidate ID", "Email", "Phone", "Links", "Reason note"})
    for (const std::string& cell : column(text, header)) EXPECT_EQ(cell, "") << header;
  for (const char* personal : {"Ana", "Núñez", "Chen", "José", "c-1", "c-2", "c-3", "example.com", "linkedin",
                               "7946", "Relocation fell through", "asked us not to"})
    EXPECT_EQ(text.find(personal), std::string::npos) << personal;
  EXPECT_EQ(column(text, "Flags").front(), "Do not contact");
  // What the recruiter reads the sheet for stays.
  EXPECT_EQ(column(text, "Reason").front(), "Other");
  EXPECT_EQ(column(text, "Rank"), (std::vector<std::string>{"3", "1", "3", "2"}));
  EXPECT_EQ(column(text, "City")[1], "Leeds");
  // With names, the same view names them.
  EXPECT_EQ(column(export_pool_csv(pool.state(), view), "Name")[0], "José Müller-García");
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

TEST(ExportJsonResume, ValuesTheSchemaRefusesAreSetAsideUnderMetaNotDropped) {
  Pool pool = busy_pool();
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-2","name":"Chen Wei",
    "emails":["a@b@c","chen@localhost","chen.wei@example.com"],
    "links":["https://example.com/say\"hi\"","https://de.example.org/wiki/M\u00fcller","https://github.com/chen"]}})", "p");
  auto doc = export_json_resume(pool.state(), "c-2");
  ASSERT_TRUE(doc);
  const auto& basics = doc.value().at("basics").as_object();
  EXPECT_EQ(basics.at("email"), "chen.wei@example.com");  // the first one the schema accepts
  EXPECT_EQ(basics.at("url"), "https://github.com/chen");
  ASSERT_EQ(basics.at("profiles").as_array().size(), 1u);
  const auto& aside = doc.value().at("meta").at("runnerup").at("setAside").as_array();
  ASSERT_EQ(aside.size(), 4u);
  EXPECT_EQ(aside[0].at("path"), "/basics/profiles");
  EXPECT_EQ(aside[0].at("value"), "https://example.com/say\"hi\"");
  EXPECT_EQ(aside[1].at("value"), "https://de.example.org/wiki/Müller");
  EXPECT_EQ(aside[2].at("path"), "/basics/email");
  EXPECT_EQ(aside[2].at("value"), "a@b@c");
  EXPECT_EQ(aside[3].at("value"), "chen@localhost");
  EXPECT_NE(aside[3].at("reason").as_string().find("e-mail"), boost::json::string::npos);
}

TEST(ExportJsonResume, TheEmailAndUriChecksAcceptOnlyWhatTheSchemaFormatsAccept) {
  for (const char* ok : {"ana@example.com", "a.b+tag@mail.example.co.uk", "o'neil@x.io", "x@a-b.c"})
    EXPECT_TRUE(json_resume_email(ok)) << ok;
  for (const char* bad : {"a@b@c", "ana@localhost", "ana@example", ".ana@example.com", "ana.@example.com",
                          "a..b@example.com", "ana@-x.com", "ana@x-.com", "ana@x..com", "jürgen@example.de",
                          "ana@exämple.de", "\"ana\"@example.com", "@example.com", "ana@", "ana"})
    EXPECT_FALSE(json_resume_email(bad)) << bad;
  for (const char* ok : {"https://example.com", "http://example.com/", "https://www.linkedin.com/in/ana?x=1&y=%20#top",
                         "https://user:pw@example.com:8080/a/b;c=d", "HTTPS://EXAMPLE.COM/%C3%BC", "https://x.io/a:b@c/~d"})
    EXPECT_TRUE(json_resume_uri(ok)) << ok;
  for (const char* bad : {"https://example.com/say\"hi\"", "https://example.com/M\xC3\xBCller", "https://exa mple.com",
                          "https://example.com/%zz", "https://example.com/%4", "https://example.com:80a/",
                          "https://[::1]/", "https://example.com/<x>", "https://example.com/a|b", "example.com",
                          "://example.com", "1http://example.com", "https://example.com/#a#b", "https://ex{ample}.com"})
    EXPECT_FALSE(json_resume_uri(bad)) << bad;
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
