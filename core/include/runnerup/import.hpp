// Imports of what ATSs really emit: a whole Greenhouse Harvest or Lever export (several files:
// see begin_document and classify_export_file below), CSV with an adjustable column mapping,
// and the pool's own log.
//
//   Importer importer(ImportFormat::greenhouse, options, &pool.state());
//   while (auto chunk = next_chunk()) {           // any chunk size: a 1 GB export streams
//     importer.feed(*chunk);                       // a malformed document: an Error, read stops
//     apply_import(pool, importer.take_records(), "alice", now, batch_id, importer.report());
//     show_progress(importer.bytes_read());
//   }
//   importer.finish();  apply_import(...);          // the last records
//   for (const RecordReport& r : importer.report().records) ...   // accepted, merged, refused
//
// Why commands: an import is a recruiter's action like any other, so its records become the same
// commands the widget sends (saveRequisition, saveCandidate, recordOutcome, setFlags) and pass
// the same rules in Pool::propose; the caller persists the proposed events before applying them,
// exactly as for a click. The importer never writes to a pool. Only the pool's own log imports
// as events, because re-importing it must give the identical pool (same ids, actors, clocks).
//
// Guarantees:
//  - Every record of the input gets one RecordReport: accepted, merged (the same person as one
//    already in the pool or earlier in the file: same ATS id, or same e-mail ignoring case) or
//    refused, with the field (JSON Pointer, or CSV column name) and why. Parts of a record that
//    are not imported (an active application, a link that is not http/https) are named in the
//    reason of the accepted record; nothing is dropped silently.
//  - One bad value (an e-mail that is none, a location holding a bidirectional override, a lone
//    UTF-16 surrogate) is left out and named in its record's report line with its JSON Pointer;
//    only what says who the person is (id, name) refuses the record. A value changed on the way
//    (spaces at the ends, an address read as city/region/country) is named there too.
//  - What the ATS did not say is not invented: an initiator it did not record is not_specified,
//    a stage it did not name is Stage::unknown, an outcome is rejected unless its words say
//    otherwise (see the README's table of what maps to what).
//  - A refused record produces no commands; apply_import checks a record's pool rules before it
//    applies any of its events, so a record lands whole or not at all (a follow-up, feedback or
//    consent the pool's rules refuse is left out of it, and said).
//  - A malformed document (not JSON, truncated, invalid UTF-8, nested deeper than max_depth, a
//    string over 4 MiB) stops the read with an Error saying what and at which byte (CSV: row and
//    column); the records read before it are in take_records(), and callers that want all or
//    nothing (the CLI) apply none of them.
//  - Memory is one record at a time plus an index of the people seen (ids and e-mails).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runnerup/command.hpp"
#include "runnerup/error.hpp"
#include "runnerup/event.hpp"
#include "runnerup/pool.hpp"

namespace runnerup {

enum class ImportFormat { greenhouse, lever, csv, pool };
std::optional<ImportFormat> import_format_from(std::string_view name);  // "greenhouse", ...
std::string_view to_string(ImportFormat f);

// Guesses the format from the first bytes of a file (a few KiB are enough): the pool's own log
// ("format":"runnerup.log"), Greenhouse candidates (first_name, application_ids, applications),
// Lever opportunities (contact, archived, headline), anything not starting with `{` or `[`
// is CSV. nullopt when the JSON is none of these: the recruiter chooses.
std::optional<ImportFormat> detect_import_format(std::string_view head);

// A whole export is several files: a few small reference documents (read first, into
// ImportOptions::references) and the large documents streamed record by record, each begun with
// Importer::begin_document(kind, subject). The kinds, per format:
//   greenhouse  references: jobs, job_stages, rejection_reasons, users
//               documents:  candidates, applications, activity_feed (subject: the candidate id)
//   lever       references: archive_reasons, postings, users
//               documents:  opportunities, notes (subject: the opportunity id, or a file keyed
//                           by opportunity id: {"<opportunity id>": [notes]})
const std::vector<std::string_view>& reference_kinds(ImportFormat f);
const std::vector<std::string_view>& document_kinds(ImportFormat f);

// Which file of an export this is, from its name (a path: "activity_feed/123.json") and its
// first bytes; shared by the CLI and the widget so that both read a directory alike.
struct ExportFile {
  std::string kind;     // one of reference_kinds() or document_kinds() of the format
  std::string subject;  // the candidate or opportunity a per-record file belongs to, else ""
  bool reference = false;
};
// nullopt, with `why`, when the file is none of the format's documents (a wrong format, an
// empty file, another ATS's file).
std::optional<ExportFile> classify_export_file(ImportFormat format, std::string_view filename,
                                               std::string_view head, std::string* why = nullptr);

enum class RecordStatus { accepted, refused, merged };
std::string_view to_string(RecordStatus s);

struct RecordReport {
  std::size_t index = 0;  // JSON: position in its array (as in the JSON Pointers of `field`); CSV: row number in the file (1-based)
  std::string id;         // the record's id: ATS id, event id, CSV candidate id or e-mail
  std::string document;   // the document's kind ("applications"); "" for a single-file import
  RecordStatus status = RecordStatus::accepted;
  std::string field;      // JSON Pointer or CSV column of the refused field; "" when none
  std::string reason;     // why refused or merged; for accepted records what was left out
  std::size_t number = 0; // the record's number as a person counts, from 1 within its document: JSON index + 1, CSV row number
  bool changed = false;   // accepted or merged and it changed the pool (false: the pool held it already, as the file has it)
};

struct ImportReport {
  std::vector<RecordReport> records;
  std::size_t accepted = 0, merged = 0, refused = 0;
  std::size_t changed = 0;         // accepted or merged records that changed the pool; the others
                                   // (accepted + merged - changed) were in it already: 0 is "nothing new"
  std::size_t anonymised = 0;      // records the ATS anonymised: refused, never a person; counted
  std::vector<std::string> notes;  // about the file: header detection, ignored columns
  std::optional<Error> error;      // the document is malformed; reading stopped there
};

// The CSV fields a column can map to. The default mapping maps the exporter's headers
// (kPoolCsvColumns) and common spellings ("E-mail", "First name", "Job", ...); "ignore" skips a
// column. Read-only export columns (last contact, next follow-up, feedback, consent) are ignored
// on import and named in the report's notes.
const std::vector<std::string_view>& csv_fields();
boost::json::object default_csv_mapping();

// The field a CSV header maps to under `mapping` (over the default, case-insensitive); "" when
// none: the importer leaves such a column out and names it in the report's notes.
std::string csv_field_for_header(std::string_view header, const boost::json::object& mapping);

// The first row of a CSV file and the field each column maps to, for a recruiter to adjust
// before importing. `is_header`: the importer will read the row as a header (at least half
// of its cells name a field); otherwise it expects the exporter's columns, in order.
struct CsvColumn {
  std::string header;
  std::string field;  // "" when the column is not mapped
};
struct CsvHeaderPreview {
  std::vector<CsvColumn> columns;
  bool is_header = false;
};
Result<CsvHeaderPreview> preview_csv_header(std::string_view head, const boost::json::object& mapping);
// {"columns":[{"header","field"}],"isHeader":bool,"fields":[every field a column can map to]}
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const CsvHeaderPreview& p);

struct ImportOptions {
  std::string id_prefix;              // prepended to ATS ids ("gh-"), "" by default
  boost::json::object csv_mapping;    // header -> field, over the default (case-insensitive)
  // The small documents of a whole export, by kind, read before the streamed ones: the API's
  // responses as they are (an array, or {"data":[...]}). Greenhouse: "jobs" (requisition codes,
  // openings), "job_stages" (stage names), "rejection_reasons", "users" (note authors). Lever:
  // "archive_reasons" (required: without them a hire cannot be told from a rejection),
  // "postings" (titles, requisition codes), "users". reference_kinds() lists them. The users
  // documents are accepted with an export; nothing in them is imported yet.
  std::map<std::string, boost::json::value> references;
  // Who ended the process, derived from the reason's text where the ATS does not say: reason
  // text (compared ignoring case) -> initiator code ("candidate_withdrew", ...). Empty (off) by
  // default: an initiator the ATS did not record stays "not_specified". The recruiter sees and
  // edits this mapping; every use of it is named in the record's report line.
  boost::json::object initiator_by_reason;
  std::size_t max_depth = 64;         // JSON nesting allowed
  std::size_t max_cell = 1 << 20;     // CSV: bytes in one cell
};

// The options as JSON, for the bindings and any caller that takes them from outside:
// {"idPrefix","mapping","archiveReasons","references":{kind: document},"initiatorByReason",
//  "maxDepth","maxCell"}, all optional; an unknown key or a wrong type is an Error with its path.
Result<ImportOptions> decode_import_options(const boost::json::value& v);

// One record's commands (or, for the pool log, its event), and its slot in the report.
struct ImportedRecord {
  std::size_t report_slot = 0;
  std::vector<Command> commands;
  std::vector<Event> events;
};

class Importer {
 public:
  // `existing` (may be null) is the pool being imported into, for duplicates; it must outlive
  // the importer and may change between feeds (apply_import).
  Importer(ImportFormat format, ImportOptions options, const State* existing);
  ~Importer();
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  // Begins the next document of a multi-file export (document_kinds()); the one before must
  // have been finished. Without it the input is the format's main document (Greenhouse
  // candidates or applications, Lever opportunities).
  Status begin_document(std::string_view kind, std::string subject = "");
  Status feed(std::string_view chunk);
  // The end of the current document.
  Status finish();
  std::vector<ImportedRecord> take_records();
  ImportReport& report();
  std::uint64_t bytes_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs records through pool.propose / pool.apply, record by record, and marks in `report` the
// records the pool refused (with the rule's error). Event ids are id_base + "-" + record slot +
// "-" + command index + "." + n. Returns the events appended, for the caller's storage.
std::vector<Event> apply_import(Pool& pool, std::vector<ImportedRecord> records,
                                std::string_view actor, Instant at, std::string_view id_base,
                                ImportReport& report);

// An import proposed, not applied: for callers that persist events before applying them (the
// widget writes them to IndexedDB first).
//
//   ImportProposal proposal(pool, ImportFormat::greenhouse, options, "alice", now, "b-1");
//   while (auto chunk = next_chunk()) {
//     if (!proposal.feed(*chunk)) break;          // malformed: report().error says where
//     append(pending, proposal.take_events());    // every event valid, in order
//   }
//   if (proposal.finish()) { append(pending, proposal.take_events()); persist(pending); pool.apply(pending); }
//
// Records are read by an Importer and run through apply_import against a private copy of the
// pool taken at construction, so a record sees the ones before it (a requisition before its
// outcomes) and the events proposed are exactly those apply_import would append, with the same
// report. Applying them, in one batch or in the batches take_events() returned, to the pool the
// proposal was made from gives the state apply_import would have given. The pool itself is never
// touched. Memory: a copy of the pool plus one chunk's records and their events.
class ImportProposal {
 public:
  ImportProposal(const Pool& pool, ImportFormat format, ImportOptions options, std::string actor,
                 Instant at, std::string id_base);
  ImportProposal(const ImportProposal&) = delete;
  ImportProposal& operator=(const ImportProposal&) = delete;

  // The next document of a multi-file export (Importer::begin_document).
  Status begin_document(std::string_view kind, std::string subject = "");
  // Reads a chunk and proposes the records it completes; an error stops the read.
  Status feed(std::string_view chunk);
  // The end of the current document: proposes its last records.
  Status finish();
  // The events proposed since the last call, in the order they must be applied.
  std::vector<Event> take_events();
  const ImportReport& report() { return importer_.report(); }
  std::uint64_t bytes_read() const { return importer_.bytes_read(); }
  bool finished() const { return finished_; }
  // After finish(), for the caller that has stored the proposed events: `pool` (the pool the
  // proposal was made from) becomes the copy they were read into, every one of them applied
  // already, which is what applying them to it gives. Only when the import read to its end, and
  // no call changed `pool` since the proposal was made (Pool::changes()); true then. Else false,
  // nothing changes, and the caller applies the events. The proposal is spent either way.
  bool adopt_into(Pool& pool) &&;

 private:
  void propose_records();

  const Pool* origin_;          // the pool it was made from
  std::uint64_t origin_changes_;  // its changes() then
  Pool scratch_;       // declared before importer_: the importer looks duplicates up in it
  Importer importer_;
  std::string actor_;
  Instant at_;
  std::string id_base_;
  std::vector<Event> events_;
  bool finished_ = false;
};

// Whole-text convenience: reads, and applies only when the document is well formed.
ImportReport import_text(Pool& pool, ImportFormat format, std::string_view text,
                         const ImportOptions& options, std::string_view actor, Instant at,
                         std::string_view id_base);

void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const RecordReport& r);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const ImportReport& r);

}  // namespace runnerup
