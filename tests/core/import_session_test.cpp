// ImportSession (runnerup/import_session.hpp): the widget's import, in the core's order of steps.
// Here: a whole Greenhouse or Lever export taken as a set of files (names and first bytes), placed
// and ordered by the core, the references read into the options, each document streamed.
#include "runnerup/import_session.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include "fixtures.hpp"
#include "format_fixtures.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::kNow;
using testing::read_data;

struct File {
  std::string name, text;
};

std::vector<File> export_files(const std::string& dir, const std::vector<std::string>& names) {
  std::vector<File> files;
  for (const std::string& n : names) files.push_back({n, read_data("imports/" + dir + "/" + n)});
  return files;
}

// Out of order on purpose: the core says the order.
const std::vector<std::string> kGreenhouse = {"activity_feed/60002.json", "users.json", "applications.json",
                                              "candidates.json", "jobs.json", "rejection_reasons.json",
                                              "activity_feed/60001.json", "job_stages.json"};
const std::vector<std::string> kLever = {"notes.json", "opportunities.json", "users.json", "postings.json",
                                         "archive_reasons.json"};

Result<ExportPlan> plan_of(ImportSession& session, const Pool& pool, const std::vector<File>& files,
                           std::string_view format = "auto") {
  EXPECT_TRUE(session.begin_export(pool, format, json::object{}, "alice", kNow, "imp"));
  for (const File& f : files) EXPECT_TRUE(session.add_file(f.name, std::string_view(f.text).substr(0, 4096)));
  return session.plan();
}

// The files through the session as the widget's facade drives it; the pool adopts the import.
ImportReport import_files(Pool& pool, const std::vector<File>& files, std::size_t chunk = 1000) {
  ImportSession session;
  auto plan = plan_of(session, pool, files);
  EXPECT_TRUE(plan) << plan.error().message;
  if (!plan) return {};
  for (const PlannedFile& p : plan.value().files) {
    const std::string& text = files[p.index].text;
    if (p.reference) {
      EXPECT_TRUE(session.read_reference(p.index, text)) << p.name;
      continue;
    }
    EXPECT_TRUE(session.begin_document(p.index)) << p.name;
    for (std::size_t at = 0; at < text.size(); at += chunk) EXPECT_TRUE(session.feed(std::string_view(text).substr(at, chunk)));
    EXPECT_TRUE(session.end_document());
  }
  auto last = session.finish();
  EXPECT_TRUE(last);
  if (!last) return {};
  ImportReport report = last.value()->report();
  EXPECT_TRUE(session.adopt_into(pool).value());
  return report;
}

void expect_records_as_written(const ImportReport& got, const std::string& dir) {
  const json::value want = json::parse(read_data("imports/" + dir + "/expected.json"));
  const json::array& records = want.at("records").as_array();
  ASSERT_FALSE(got.error) << got.error->message;
  ASSERT_EQ(got.records.size(), records.size()) << json::serialize(json::value_from(got));
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(got.records[i].document, records[i].at("document").as_string()) << dir << " record " << i;
    EXPECT_EQ(got.records[i].id, records[i].at("id").as_string()) << dir << " record " << i;
    EXPECT_EQ(to_string(got.records[i].status), records[i].at("status").as_string()) << dir << " record " << i;
  }
}

TEST(ImportSessionExport, AGreenhouseExportGivenInAnyOrderLandsAsItsExpectedFileSays) {
  Pool pool;
  expect_records_as_written(import_files(pool, export_files("greenhouse", kGreenhouse)), "greenhouse");
  const json::value want = json::parse(read_data("imports/greenhouse/expected.json"));
  for (const auto& [id, fields] : want.at("candidates").as_object())
    EXPECT_EQ(pool.state().candidates.count(std::string(id)), 1u) << id;
  for (const json::value& id : want.at("absentCandidates").as_array())
    EXPECT_EQ(pool.state().candidates.count(std::string(id.as_string())), 0u) << id;
}

TEST(ImportSessionExport, ALeverExportGivenInAnyOrderLandsAsItsExpectedFileSays) {
  Pool pool;
  expect_records_as_written(import_files(pool, export_files("lever", kLever)), "lever");
}

TEST(ImportSessionExport, ThePlanReadsTheReferencesFirstThenTheDocumentsInTheirKindsOrder) {
  ImportSession session;
  Pool pool;
  auto plan = plan_of(session, pool, export_files("greenhouse", kGreenhouse));
  ASSERT_TRUE(plan) << plan.error().message;
  EXPECT_EQ(plan.value().format, ImportFormat::greenhouse);
  std::vector<std::string> kinds;
  for (const PlannedFile& f : plan.value().files) kinds.push_back(f.kind + (f.subject.empty() ? "" : ":" + f.subject));
  EXPECT_EQ(kinds, (std::vector<std::string>{"jobs", "job_stages", "rejection_reasons", "users", "candidates",
                                             "applications", "activity_feed:60001", "activity_feed:60002"}));
  EXPECT_EQ(plan.value().files[0].name, "jobs.json");
  EXPECT_TRUE(plan.value().files[0].reference);
  EXPECT_FALSE(plan.value().files[4].reference);
}

TEST(ImportSessionExport, ALeverExportWithoutArchiveReasonsIsRefusedBeforeAnythingIsRead) {
  std::vector<std::string> names = kLever;
  names.erase(std::find(names.begin(), names.end(), "archive_reasons.json"));
  ImportSession session;
  Pool pool;
  auto plan = plan_of(session, pool, export_files("lever", names));
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, ErrorCode::missing_field);
  EXPECT_EQ(plan.error().path, "/files/archive_reasons");
  EXPECT_NE(plan.error().message.find("archive_reasons.json"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("nothing was imported"), std::string::npos) << plan.error().message;
  EXPECT_FALSE(session.begin_document(0));
  EXPECT_EQ(pool.changes(), 0u);
}

TEST(ImportSessionExport, AFileOfTheOtherAtsIsRefusedNamingIt) {
  std::vector<File> files = export_files("lever", kLever);
  files.push_back({"candidates.json", read_data("imports/greenhouse/candidates.json")});
  ImportSession session;
  Pool pool;
  auto plan = plan_of(session, pool, files, "lever");
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().path, "/files/5");
  EXPECT_NE(plan.error().message.find("candidates.json"), std::string::npos) << plan.error().message;
  EXPECT_NE(plan.error().message.find("Greenhouse"), std::string::npos) << plan.error().message;
}

TEST(ImportSessionExport, AFileItCannotPlaceIsRefusedNamingIt) {
  std::vector<File> files = export_files("greenhouse", kGreenhouse);
  files.insert(files.begin() + 2, File{"holiday-photos.json", "{\"album\": []}"});
  ImportSession session;
  Pool pool;
  auto plan = plan_of(session, pool, files);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().path, "/files/2");
  EXPECT_NE(plan.error().message.find("holiday-photos.json"), std::string::npos) << plan.error().message;
}

TEST(ImportSessionExport, AReferenceThatIsNotJsonIsRefusedNamingIt) {
  ImportSession session;
  Pool pool;
  std::vector<File> files = export_files("lever", kLever);
  auto plan = plan_of(session, pool, files);
  ASSERT_TRUE(plan);
  const PlannedFile& first = plan.value().files.front();
  ASSERT_TRUE(first.reference);
  auto s = session.read_reference(first.index, "[{\"id\": ");
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::malformed_json);
  EXPECT_NE(s.error().message.find(first.name), std::string::npos) << s.error().message;
}

TEST(ImportSessionExport, StepsOutOfOrderAreRefusedAndChangeNothing) {
  ImportSession session;
  Pool pool;
  std::vector<File> files = export_files("lever", kLever);
  auto plan = plan_of(session, pool, files);
  ASSERT_TRUE(plan);
  const PlannedFile& document = plan.value().files.back();
  ASSERT_FALSE(document.reference);
  EXPECT_EQ(session.begin_document(document.index).error().code, ErrorCode::conflict);  // references first
  EXPECT_EQ(session.feed("[]").error().code, ErrorCode::conflict);                      // no document begun
  EXPECT_EQ(session.finish().error().code, ErrorCode::conflict);                         // documents unread
  for (const PlannedFile& f : plan.value().files) {
    if (f.reference) {
      ASSERT_TRUE(session.read_reference(f.index, files[f.index].text));
    }
  }
  EXPECT_EQ(session.begin_document(document.index).error().code, ErrorCode::conflict);  // not the next one
  EXPECT_EQ(pool.changes(), 0u);
}

TEST(ImportSessionExport, NoFileOrOnlyReferencesIsRefused) {
  ImportSession session;
  Pool pool;
  EXPECT_FALSE(plan_of(session, pool, {}, "greenhouse"));
  auto plan = plan_of(session, pool, export_files("greenhouse", {"jobs.json", "users.json"}), "greenhouse");
  ASSERT_FALSE(plan);
  EXPECT_NE(plan.error().message.find("candidates.json"), std::string::npos) << plan.error().message;
}

}  // namespace
}  // namespace runnerup
