// A streamed import as a session holds it (the widget's: one at a time per pool): begun, fed a
// chunk at a time, finished, then adopted or aborted. The order of the steps is checked here,
// so that every caller gets the same refusals.
//
//   ImportSession session;
//   if (auto st = session.begin(pool, "csv", options_json, "alice", now, "a1b2"); !st) report(st.error());
//   for (chunk : file) { auto p = session.feed(chunk); store(p.value()->take_events()); }
//   auto last = session.finish();                 // the last events and the report
//   bool adopted = session.adopt_into(pool).value();  // once every event is stored; else apply them
//
// A whole Greenhouse or Lever export is several files, taken the same way:
//
//   session.begin_export(pool, "auto", options_json, "alice", now, "a1b2");
//   for (file : files) session.add_file(file.name, first_4_KiB(file));
//   auto plan = session.plan();                 // the order to read them, or the refusal
//   for (f : plan.value().files)
//     if (f.reference) session.read_reference(f.index, whole_text(f));   // small documents
//     else { session.begin_document(f.index); for (chunk : f) session.feed(chunk); session.end_document(); }
//   session.finish(); ...                        // then as above
//
// The core tells each file apart (classify_export_file) and says the order: the reference
// documents first (read into the options), then the documents in document_kinds() order, each
// streamed with begin_document. A file it cannot place, a file of the other ATS and a Lever
// export without its archive reasons are refused by plan(), naming the file, before anything
// is read.
//
// Guarantees: a step out of order is refused (conflict, saying which step is missing) and
// changes nothing; begin() replaces an import in progress; a malformed file is in the report,
// not a refused step.
#pragma once

#include <boost/json/value.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/error.hpp"
#include "runnerup/import.hpp"

namespace runnerup {

// One file of an export as plan() places it.
struct PlannedFile {
  std::size_t index = 0;  // its position in the add_file() calls
  std::string name;
  std::string kind;       // reference_kinds() or document_kinds() of the format
  std::string subject;    // the candidate or opportunity of a per-record file, else ""
  bool reference = false; // read whole with read_reference(), else streamed
};
struct ExportPlan {
  ImportFormat format = ImportFormat::greenhouse;
  std::vector<PlannedFile> files;  // in the order to read them
};
// {"format","files":[{"index","name","kind","subject","reference"}]}
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const ExportPlan& p);

class ImportSession {
 public:
  ImportSession();
  ~ImportSession();
  ImportSession(const ImportSession&) = delete;
  ImportSession& operator=(const ImportSession&) = delete;

  // format: "greenhouse", "lever", "csv" or "pool"; options as decode_import_options reads them.
  Status begin(const Pool& pool, std::string_view format, const boost::json::value& options, std::string actor,
               Instant at, std::string id_base);
  // Reads a chunk: the proposal, to read its counts and take its events. Refused before begin()
  // and after finish().
  Result<ImportProposal*> feed(std::string_view chunk);
  // The end of the input. Refused before begin(). The import stays for adopt_into() or abort().
  Result<ImportProposal*> finish();
  // ImportProposal::adopt_into, and the import ends. Refused unless finish() was called.
  Result<bool> adopt_into(Pool& pool);
  // Drops the import in progress, if any.
  void abort();

  // ---- a whole export (several files) ----
  // format: "greenhouse", "lever" or "auto" (told from the files at plan()).
  Status begin_export(const Pool& pool, std::string_view format, const boost::json::value& options,
                      std::string actor, Instant at, std::string id_base);
  // A file of the export: its name (a path such as "activity_feed/123.json") and first bytes
  // (kHeadBytes are enough; more are ignored).
  Status add_file(std::string_view name, std::string_view head);
  // Places every file and says the order to read them; refused (nothing read) when a file
  // cannot be placed, belongs to the other ATS, or a required reference is missing.
  Result<ExportPlan> plan();
  // The whole text of the reference file plan() placed at `index`.
  Status read_reference(std::size_t index, std::string_view text);
  // Begins the document plan() placed at `index`: the next one in the plan's order, once every
  // reference was read. feed() then reads it.
  Status begin_document(std::size_t index);
  // The end of the current document: its last records proposed.
  Result<ImportProposal*> end_document();

  static constexpr std::size_t kHeadBytes = 4096;

 private:
  struct Export;
  std::unique_ptr<ImportProposal> proposal_;
  std::unique_ptr<Export> export_;  // set between begin_export() and the end of the import
};

}  // namespace runnerup
