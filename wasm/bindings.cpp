// The wasm boundary (docs/BOUNDARY.md). One long-lived handle, `Pool`, whose methods take and
// return JSON text; every return is a result envelope ({"ok":true,"value":...} or
// {"ok":false,"error":{code,message,path}}), so no C++ exception ever reaches JS.
// This file converts; it never decides: every rule lives in core/.
//
// A recruiter's action crosses once: propose() validates the command and holds its events in
// the core (Pool::hold), answering them and the proposal's number; the facade stores the
// events and then calls commit(number), which applies the held events (Pool::commit): they are
// never sent back or decoded again.
//
// Imports stream: importBegin() takes a proposal (core/import.hpp ImportProposal) against a copy
// of the pool; importFeed() takes chunks of the file (bytes or text) and returns the events the
// completed records propose, already validated in order, never applied; importFinish() returns
// the last ones and the report, whose records importReportRecords() gives by range. The JS
// facade stores every event of an import in one transaction and only then applies them (apply()),
// so storage always holds what the pool shows.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <memory>
#include <optional>

#include "runnerup/command.hpp"
#include "runnerup/event.hpp"
#include "runnerup/export.hpp"
#include "runnerup/import.hpp"
#include "runnerup/import_session.hpp"
#include "runnerup/options.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

namespace {

namespace json = boost::json;
using runnerup::Error;

// The envelope is written around the serialised value, not built as an object holding it: a
// value made in another memory resource (a query page's arena) would be copied whole into it.
std::string ok_text(const std::string& serialised) {
  std::string out;
  out.reserve(serialised.size() + 24);
  out += "{\"ok\":true,\"value\":";
  out += serialised;
  out += '}';
  return out;
}

std::string ok(const json::value& v) { return ok_text(json::serialize(v)); }

std::string fail(const Error& e) {
  json::object err{{"code", runnerup::to_string(e.code)}, {"message", e.message}, {"path", e.path}};
  return json::serialize(json::object{{"ok", false}, {"error", std::move(err)}});
}

// A JS number as a whole number in [lo, hi]: NaN, a fraction or a value out of range is an error
// naming `what`, never cast (a cast of NaN or of a value out of range is undefined).
std::optional<std::int64_t> whole(double v, double lo, double hi) {
  if (!(v >= lo && v <= hi) || v != static_cast<double>(static_cast<std::int64_t>(v))) return std::nullopt;
  return static_cast<std::int64_t>(v);
}
// The `work` of one step of a restore, a snapshot or the history's finish: 1 to a billion
// entries (NaN, infinities and fractions are refused: a cast of them is undefined).
std::optional<std::size_t> step_work(double work) {
  const auto n = whole(work, 1, 1e9);
  if (!n) return std::nullopt;
  return static_cast<std::size_t>(*n);
}
std::string not_whole(const char* what) {
  return fail({runnerup::ErrorCode::invalid_field, "", std::string(what) + " must be a whole number in range"});
}

bool parse(std::string_view text, json::value& out, std::string& failure, const char* what,
           json::storage_ptr storage = {}) {
  boost::system::error_code ec;
  out = json::parse(json::string_view(text.data(), text.size()), ec, std::move(storage));
  if (ec) failure = fail({runnerup::ErrorCode::malformed_json, "",
                          std::string(what) + " is not valid JSON: " + ec.message()});
  return !ec;
}

// The running counts of an import and its error, if any: not the whole report, whose records
// grow with the file (turning all of them into JSON at every chunk made an import quadratic).
json::value counts(const runnerup::ImportReport& r) {
  json::object o{{"accepted", r.accepted}, {"merged", r.merged}, {"refused", r.refused}};
  if (r.error)
    o["error"] = {{"code", runnerup::to_string(r.error->code)}, {"path", r.error->path}, {"message", r.error->message}};
  else
    o["error"] = nullptr;
  return o;
}

class PoolHandle {
 public:
  std::string propose(const std::string& command, const std::string& actor, const std::string& at,
                      const std::string& id_base) {
    json::value v;
    std::string failure;
    if (!parse(command, v, failure, "the command")) return failure;
    auto cmd = runnerup::decode_command(v);
    if (!cmd) return fail(cmd.error());
    auto when = runnerup::parse_instant(at);
    if (!when) return fail({runnerup::ErrorCode::invalid_field, "", "the time of the action is not a UTC instant"});
    auto proposal = pool_.hold(cmd.value(), actor, *when, id_base);
    if (!proposal) return fail(proposal.error());
    return ok(json::object{{"proposal", proposal.value()}, {"events", json::value_from(pool_.held())}});
  }

  // Pool::commit of the proposal propose() answered with (a number: no event crosses again).
  std::string commit(double proposal) {
    const auto n = whole(proposal, 0, 9007199254740991.0);  // the core refuses a number it did not give
    if (!n) return not_whole("the proposal's number");
    auto report = pool_.commit(static_cast<std::uint64_t>(*n));
    if (!report) return fail(report.error());
    json::value applied = applied_json(report.value().applied);
    applied.as_object()["unchanged"] = report.value().unchanged;
    return ok(applied);
  }

  std::string drop() {
    pool_.drop();
    return ok(json::object{});
  }

  std::string set_utc_offset(double minutes) {
    const auto m = whole(minutes, -100'000, 100'000);  // the core says which offsets are real
    if (!m) return not_whole("the UTC offset in minutes");
    auto st = pool_.set_utc_offset(static_cast<int>(*m));
    if (!st) return fail(st.error());
    return ok(json::object{{"utcOffsetMinutes", pool_.utc_offset()}});
  }

  // A list of events as UTF-8 JS wrote into a malloc'ed buffer (TextEncoder.encodeInto, or a file's
  // bytes copied with HEAPU8.set: embind's own string copy is a loop in JS over every character);
  // takes ownership of the buffer.
  std::string apply_at(std::uintptr_t ptr, std::size_t size) {
    const std::unique_ptr<char, void (*)(void*)> owned(reinterpret_cast<char*>(ptr), &std::free);
    return apply_events(std::string_view(owned.get(), size), false);
  }

  // Checks a list of events as apply_at would (the same buffer contract), applying nothing: a
  // large batch is checked a chunk at a time, stored, and only then applied.
  std::string check_at(std::uintptr_t ptr, std::size_t size) {
    std::string failure;
    auto events = take_events(ptr, size, failure);
    if (!events) return failure;
    return ok(json::object{{"events", events->size()}});
  }

  // Checks a list of events as the ordering server admits them (the same buffer contract): as
  // check_at, and runnerup::admission_problem (a clock far ahead of this pool's).
  std::string admit_at(std::uintptr_t ptr, std::size_t size) {
    std::string failure;
    auto events = take_events(ptr, size, failure);
    if (!events) return failure;
    if (auto e = runnerup::admission_problem(*events, pool_.clock())) return fail(*e);
    return ok(json::object{{"events", events->size()}});
  }

  // Whom each event is about (the same buffer contract as check_at): runnerup::subject_candidate,
  // the candidate's id or "" when it is about none or several, in the order given. Storage keeps
  // each person's events sealed under a key of their own, destroyed when they are erased.
  std::string subjects_at(std::uintptr_t ptr, std::size_t size) {
    std::string failure;
    auto events = take_events(ptr, size, failure);
    if (!events) return failure;
    json::array subjects;
    subjects.reserve(events->size());
    for (const auto& e : *events) subjects.emplace_back(json::string(runnerup::subject_candidate(e)));
    return ok(json::object{{"subjects", std::move(subjects)}});
  }

  // Events kept for applyStaged() (the same buffer contract as apply_at): Pool::stage.
  std::string stage_at(std::uintptr_t ptr, std::size_t size) {
    std::string failure;
    auto events = take_events(ptr, size, failure);
    if (!events) return failure;
    const std::size_t n = events->size();
    pool_.stage(std::move(*events));
    return ok(json::object{{"staged", n}});
  }

  // Pool::apply_staged: the next `max` staged events, in the fold order.
  std::string apply_staged(double max) {
    const auto n = whole(max, 0, 1e9);
    if (!n) return not_whole("the number of staged events to apply");
    auto report = pool_.apply_staged(static_cast<std::size_t>(*n));
    json::value v = applied_json(report.applied);
    v.as_object()["remaining"] = report.remaining;
    return ok(v);
  }

  // After restore(): the events the snapshot covers, given back a chunk at a time (the same
  // buffer contract as apply_at).
  std::string attach_history_at(std::uintptr_t ptr, std::size_t size) {
    const std::unique_ptr<char, void (*)(void*)> owned(reinterpret_cast<char*>(ptr), &std::free);
    return apply_events(std::string_view(owned.get(), size), true);
  }

  std::string finish_history() {
    const std::size_t missing = pool_.finish_history();
    return ok(json::object{{"missing", missing}, {"complete", pool_.history_complete()}});
  }
  // The same a step at a time (Pool::finish_history_step): {done:false} until the step that ends
  // it, which answers finishHistory()'s {missing, complete} with done:true.
  std::string finish_history_step(double work) {
    const auto n = step_work(work);
    if (!n) return not_whole("a step's work");
    const auto step = pool_.finish_history_step(*n);
    if (!step.done) return ok(json::object{{"done", false}});
    return ok(json::object{{"done", true}, {"missing", step.missing}, {"complete", pool_.history_complete()}});
  }

  std::string query(const std::string& query_json) {
    json::value v;
    std::string failure;
    if (!parse(query_json, v, failure, "the query")) return failure;
    auto result = runnerup::run_query_text(pool_, v);
    if (!result) return fail(result.error());
    return ok_text(result.value());
  }

  // ---- imports ----

  std::string detect_import_format(const std::string& head) {
    auto f = runnerup::detect_import_format(head);
    return ok(f ? json::value(runnerup::to_string(*f)) : json::value(nullptr));
  }

  std::string preview_csv(const std::string& head, const std::string& mapping_json) {
    json::value v;
    std::string failure;
    if (!parse(mapping_json, v, failure, "the column mapping")) return failure;
    if (!v.is_object()) return fail({runnerup::ErrorCode::invalid_field, "/mapping", "the column mapping is not a JSON object"});
    auto preview = runnerup::preview_csv_header(head, v.as_object());
    if (!preview) return fail(preview.error());
    return ok(json::value_from(preview.value()));
  }

  std::string import_begin(const std::string& format, const std::string& options_json, const std::string& actor,
                           const std::string& at, const std::string& id_base) {
    finished_ = nullptr;  // a new import ends the last one
    json::value v;
    std::string failure;
    if (!parse(options_json, v, failure, "the import options")) return failure;
    auto when = runnerup::parse_instant(at);
    if (!when) return fail({runnerup::ErrorCode::invalid_field, "", "the time of the action is not a UTC instant"});
    auto st = import_.begin(pool_, format, v, actor, *when, id_base);
    if (!st) return fail(st.error());
    return ok(json::object{{"format", format}});
  }

  // One chunk of the file, as bytes JS copied into a malloc'ed buffer (HEAPU8.set); takes
  // ownership of it.
  std::string import_feed_at(std::uintptr_t ptr, std::size_t size) {
    const std::unique_ptr<char, void (*)(void*)> owned(reinterpret_cast<char*>(ptr), &std::free);
    auto proposal = import_.feed(std::string_view(owned.get(), size));
    if (!proposal) return fail(proposal.error());
    runnerup::ImportProposal& p = *proposal.value();
    json::object o = counts(p.report()).as_object();
    o["bytesRead"] = p.bytes_read();
    o["events"] = json::value_from(p.take_events());
    return ok(std::move(o));
  }

  // The report without its records (`recordCount` of them, given by importReportRecords): at
  // 100,000 records, the whole report as one JSON text, made and parsed in one go, held the page
  // for a third of a second.
  std::string import_finish() {
    finished_ = nullptr;
    auto proposal = import_.finish();
    if (!proposal) return fail(proposal.error());
    runnerup::ImportProposal& p = *proposal.value();
    const runnerup::ImportReport& r = p.report();
    // Every field but the records, copied one by one (copying the report whole would copy them
    // too); the assertion stops the build when ImportReport gains a field this list lacks.
    static_assert(sizeof(runnerup::ImportReport) == 76, "ImportReport changed: copy its new fields into the summary");
    runnerup::ImportReport summary;
    summary.accepted = r.accepted;
    summary.merged = r.merged;
    summary.refused = r.refused;
    summary.changed = r.changed;
    summary.anonymised = r.anonymised;
    summary.notes = r.notes;
    summary.error = r.error;
    json::object o;
    o["bytesRead"] = p.bytes_read();
    o["events"] = json::value_from(p.take_events());
    o["report"] = json::value_from(summary);
    o["recordCount"] = r.records.size();
    // kept (with the pool it was read into) for importAdopt(), until then or importAbort()
    finished_ = &p;
    return ok(std::move(o));
  }

  // After importFinish(), before importAdopt() or importAbort(): `count` records of its report
  // from the `at`-th, as an array.
  std::string import_report_records(double at, double count) {
    if (!finished_) return fail({runnerup::ErrorCode::conflict, "", "no finished import to report on"});
    const auto from = whole(at, 0, 1e12);
    const auto n = whole(count, 0, 1e12);
    if (!from || !n) return not_whole("a range of the import report's records");
    const auto& records = finished_->report().records;
    const std::size_t begin = std::min(records.size(), static_cast<std::size_t>(*from));
    const std::size_t end = std::min(records.size(), begin + static_cast<std::size_t>(*n));
    json::array out;
    out.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) out.push_back(json::value_from(records[i]));
    return ok(std::move(out));
  }

  // After importFinish(), once the caller has stored the events it gave: ImportProposal::adopt_into.
  // Ends the import.
  std::string import_adopt() {
    finished_ = nullptr;
    auto adopted = import_.adopt_into(pool_);
    if (!adopted) return fail(adopted.error());
    return ok(json::object{{"adopted", adopted.value()}});
  }

  std::string import_abort() {
    finished_ = nullptr;
    import_.abort();
    return ok(json::object{});
  }

  // A whole export (ImportSession::begin_export ... end_document): the facade gives each file's
  // name and first bytes, the core answers the order to read them, the references are given
  // whole, each document is streamed between importBeginDocument() and importEndDocument().
  std::string import_begin_export(const std::string& format, const std::string& options_json,
                                  const std::string& actor, const std::string& at, const std::string& id_base) {
    finished_ = nullptr;  // a new import ends the last one
    json::value v;
    std::string failure;
    if (!parse(options_json, v, failure, "the import options")) return failure;
    auto when = runnerup::parse_instant(at);
    if (!when) return fail({runnerup::ErrorCode::invalid_field, "", "the time of the action is not a UTC instant"});
    auto st = import_.begin_export(pool_, format, v, actor, *when, id_base);
    if (!st) return fail(st.error());
    return ok(json::object{});
  }

  // A file's name and its first bytes (copied into a malloc'ed buffer; takes ownership of it).
  std::string import_add_file_at(const std::string& name, std::uintptr_t ptr, std::size_t size) {
    const std::unique_ptr<char, void (*)(void*)> owned(reinterpret_cast<char*>(ptr), &std::free);
    auto st = import_.add_file(name, std::string_view(owned.get(), size));
    if (!st) return fail(st.error());
    return ok(json::object{});
  }

  std::string import_plan() {
    auto plan = import_.plan();
    if (!plan) return fail(plan.error());
    return ok(json::value_from(plan.value()));
  }

  // A reference file's whole text (a malloc'ed buffer; takes ownership of it).
  std::string import_reference_at(double index, std::uintptr_t ptr, std::size_t size) {
    const std::unique_ptr<char, void (*)(void*)> owned(reinterpret_cast<char*>(ptr), &std::free);
    const auto i = whole(index, 0, 1e9);
    if (!i) return not_whole("a file's index in the export");
    auto st = import_.read_reference(static_cast<std::size_t>(*i), std::string_view(owned.get(), size));
    if (!st) return fail(st.error());
    return ok(json::object{});
  }

  std::string import_begin_document(double index) {
    const auto i = whole(index, 0, 1e9);
    if (!i) return not_whole("a file's index in the export");
    auto st = import_.begin_document(static_cast<std::size_t>(*i));
    if (!st) return fail(st.error());
    return ok(json::object{});
  }

  // As importFeed: the counts, the bytes read so far and the events of the document's last records.
  std::string import_end_document() {
    auto proposal = import_.end_document();
    if (!proposal) return fail(proposal.error());
    runnerup::ImportProposal& p = *proposal.value();
    json::object o = counts(p.report()).as_object();
    o["bytesRead"] = p.bytes_read();
    o["events"] = json::value_from(p.take_events());
    return ok(std::move(o));
  }

  // ---- exports ----

  // runnerup::export_view_csv's options: {"view": the pool table's request, "bom": bool}
  std::string export_csv(const std::string& options_json) {
    json::value v;
    std::string failure;
    if (!parse(options_json, v, failure, "the export options")) return failure;
    auto csv = runnerup::export_view_csv(pool_, v);
    if (!csv) return fail(csv.error());
    return ok(json::value(std::move(csv).value()));
  }

  std::string export_json_resume(const std::string& candidate_id) {
    auto doc = runnerup::export_json_resume(pool_.state(), candidate_id);
    if (!doc) return fail(doc.error());
    return ok(std::move(doc).value());
  }

  // {"names":bool} (default true); `at`: when the file is made (each item's DTSTAMP)
  std::string export_ics(const std::string& options_json, const std::string& at) {
    json::value v;
    std::string failure;
    if (!parse(options_json, v, failure, "the export options")) return failure;
    auto when = runnerup::parse_instant(at);
    if (!when) return fail({runnerup::ErrorCode::invalid_field, "", "the time of the export is not a UTC instant"});
    auto options = runnerup::decode_ics_options(v, *when);
    if (!options) return fail(options.error());
    return ok(json::value(runnerup::export_follow_ups_ics(pool_.state(), options.value())));
  }

  std::string export_log() { return ok(runnerup::encode_log(pool_.log())); }

  // Builds the search index for `today` a step at a time (the next phase or the next `rows`
  // rows; 0 only tells): {"progress": 0..1, "done": bool}. Queries finish a build themselves.
  std::string index_step(const std::string& today, double rows) {
    const auto day = runnerup::parse_date(today);
    if (!day) return fail({runnerup::ErrorCode::invalid_field, "/today", "today must be a date (YYYY-MM-DD)"});
    const double progress = pool_.build_index(*day, rows <= 0 ? 0 : static_cast<std::size_t>(rows));
    return ok(json::object{{"progress", progress}, {"done", progress >= 1}});
  }

  std::string snapshot() { return ok(pool_.snapshot()); }

  // The binary snapshot (core/src/snapshot_binary.cpp) as a view of wasm memory: the caller
  // copies it at once (view.slice()), then calls releaseBytes().
  emscripten::val snapshot_binary() {
    bytes_ = pool_.snapshot_binary();
    return emscripten::val(emscripten::typed_memory_view(bytes_.size(), reinterpret_cast<const unsigned char*>(bytes_.data())));
  }
  void release_bytes() { std::string().swap(bytes_); }

  // The same snapshot written a step at a time, so that the page draws between steps (in one
  // call it was a 0.12 s task at 100,000 people): snapshotBinaryBegin(), then
  // snapshotBinaryStep(work) until it answers done (BinarySnapshotWriter::step), then
  // snapshotBinaryBytes() is the view snapshotBinary() gives. A change of the pool between steps
  // ends it with a conflict (start again).
  std::string snapshot_binary_begin() {
    writer_.emplace(pool_);
    return ok(json::object{{"progress", 0}, {"done", false}});
  }
  std::string snapshot_binary_step(double work) {
    if (!writer_) return fail({runnerup::ErrorCode::conflict, "", "no binary snapshot is being written (snapshotBinaryBegin)"});
    const auto n = step_work(work);
    if (!n) return not_whole("a step's work");
    if (!writer_->step(*n))
      return ok(json::object{{"progress", writer_->progress()}, {"done", false}});
    const runnerup::Status st = writer_->status();
    bytes_ = writer_->take();
    writer_.reset();
    if (!st) return fail(st.error());
    return ok(json::object{{"progress", 1}, {"done", true}, {"bytes", bytes_.size()}});
  }
  emscripten::val snapshot_binary_bytes() {
    return emscripten::val(emscripten::typed_memory_view(bytes_.size(), reinterpret_cast<const unsigned char*>(bytes_.data())));
  }

  // The same answers as query() and exportLog(), as a view of the UTF-8 text in wasm memory,
  // valid until the next call: JS decodes it with one TextDecoder call, where embind's string
  // return walks every byte in JS twice (a fifth of a 50-row page's time).
  emscripten::val query_view(const std::string& query_json) { return view(query(query_json)); }
  emscripten::val export_log_view() { return view(export_log()); }

  // The binary snapshot's bytes go straight into the string the pool keeps them in (its base,
  // decoded again only if a late event needs it): restoreInput(size) makes room and answers
  // where, JS copies the bytes there with one HEAPU8.set, and restoreBinaryInput() restores from
  // them. A malloc'ed buffer copied into a string here cost a second 86 MB copy at 100k people.
  // Answers 0 when the heap cannot grow by `size` (operator new would abort the module instead).
  std::uintptr_t restore_input(std::size_t size) {
    std::string().swap(input_);
    void* room = std::malloc(size + 1);
    if (!room) return 0;
    std::free(room);
    input_.resize(size);
    return reinterpret_cast<std::uintptr_t>(input_.data());
  }
  std::string restore_binary_input() {
    auto st = pool_.restore_binary(std::move(input_));
    std::string().swap(input_);
    if (!st) return fail(st.error());
    return ok(json::object{{"events", pool_.log().size()}});
  }

  // The same restore a step at a time, so that the page draws between steps (in one call it was
  // a 0.3 s task at 100,000 people): restoreBinaryBegin() takes the bytes restoreInput() made room
  // for; each restoreBinaryStep(work) does `work` more entries (BinaryRestore::step) and answers
  // {progress, done}; the step that finishes makes the pool the snapshot and answers {progress,
  // done, events}, or the error (damage, another version: the pool is unchanged).
  std::string restore_binary_begin() {
    restore_.emplace(std::move(input_));
    std::string().swap(input_);
    return ok(json::object{{"progress", 0}, {"done", false}});
  }
  std::string restore_binary_step(double work) {
    if (!restore_)
      return fail({runnerup::ErrorCode::conflict, "", "no binary restore has begun (restoreInput, restoreBinaryBegin)"});
    const auto n = step_work(work);
    if (!n) return not_whole("a step's work");
    if (!restore_->step(*n))
      return ok(json::object{{"progress", restore_->progress()}, {"done", false}});
    runnerup::BinaryRestore done = std::move(*restore_);
    restore_.reset();
    auto st = pool_.restore_binary(std::move(done));
    if (!st) return fail(st.error());
    return ok(json::object{{"progress", 1}, {"done", true}, {"events", pool_.log().size()}});
  }

  std::string restore(const std::string& snapshot_json) {
    json::value v;
    std::string failure;
    if (!parse(snapshot_json, v, failure, "the snapshot")) return failure;
    auto st = pool_.restore(v);
    if (!st) return fail(st.error());
    return ok(json::object{{"events", pool_.log().size()}});
  }

 private:
  // Takes ownership of a buffer of events JS wrote (the contract of apply_at) and decodes it: the
  // events, or nothing with `failure` holding the answer.
  static std::optional<std::vector<runnerup::Event>> take_events(std::uintptr_t ptr, std::size_t size,
                                                                 std::string& failure) {
    const std::unique_ptr<char, void (*)(void*)> owned(reinterpret_cast<char*>(ptr), &std::free);
    return read_events(std::string_view(owned.get(), size), failure);
  }

  // Parses and decodes a list of events (the tree in one arena, dropped as a whole once the
  // events are decoded from it); when it is not one, nothing, and `failure` holds the answer.
  static std::optional<std::vector<runnerup::Event>> read_events(std::string_view events_json, std::string& failure) {
    json::monotonic_resource arena;
    json::value v;
    if (!parse(events_json, v, failure, "the list of events", &arena)) return std::nullopt;
    auto events = runnerup::decode_events(v, "");
    if (!events) {
      failure = fail(events.error());
      return std::nullopt;
    }
    return std::move(events).value();
  }

  // Applies a list of events, or gives them back as history.
  std::string apply_events(std::string_view events_json, bool history) {
    std::string failure;
    auto events = read_events(events_json, failure);
    if (!events) return failure;
    auto report = history ? pool_.attach_history(std::move(*events)) : pool_.apply(std::move(*events));
    return ok(applied_json(report));
  }

  static json::value applied_json(const runnerup::ApplyReport& r) {
    json::array erased;
    for (const std::string& id : r.erased) erased.push_back(json::value(id));
    return json::object{{"applied", r.applied}, {"skipped", r.skipped}, {"erased", std::move(erased)}};
  }

  runnerup::Pool pool_;
  std::string bytes_;  // the last binary snapshot, until JS has copied it
  std::string input_;  // a binary snapshot JS is writing in, until restoreBinaryInput() or Begin()
  std::optional<runnerup::BinaryRestore> restore_;  // a binary restore in steps, until its last step
  std::optional<runnerup::BinarySnapshotWriter> writer_;  // a binary snapshot in steps, until its last step (after pool_: it points at it)
  std::string text_;   // the last answer given as a view

  emscripten::val view(std::string text) {
    text_ = std::move(text);
    return emscripten::val(emscripten::typed_memory_view(text_.size(), reinterpret_cast<const unsigned char*>(text_.data())));
  }
  runnerup::ImportSession import_;  // the import in progress or finished, if any
  runnerup::ImportProposal* finished_ = nullptr;  // its proposal, once importFinish() gave it
};

}  // namespace

EMSCRIPTEN_BINDINGS(runnerup) {
  emscripten::class_<PoolHandle>("Pool")
      .constructor<>()
      .function("propose", &PoolHandle::propose)
      .function("commit", &PoolHandle::commit)
      .function("drop", &PoolHandle::drop)
      .function("setUtcOffset", &PoolHandle::set_utc_offset)
      .function("applyAt", &PoolHandle::apply_at)
      .function("stageAt", &PoolHandle::stage_at)
      .function("applyStaged", &PoolHandle::apply_staged)
      .function("checkAt", &PoolHandle::check_at)
      .function("admitAt", &PoolHandle::admit_at)
      .function("subjectsAt", &PoolHandle::subjects_at)
      .function("query", &PoolHandle::query)
      .function("exportLog", &PoolHandle::export_log)
      .function("indexStep", &PoolHandle::index_step)
      .function("queryView", &PoolHandle::query_view)
      .function("exportLogView", &PoolHandle::export_log_view)
      .function("snapshot", &PoolHandle::snapshot)
      .function("restore", &PoolHandle::restore)
      .function("snapshotBinary", &PoolHandle::snapshot_binary)
      .function("releaseBytes", &PoolHandle::release_bytes)
      .function("snapshotBinaryBegin", &PoolHandle::snapshot_binary_begin)
      .function("snapshotBinaryStep", &PoolHandle::snapshot_binary_step)
      .function("snapshotBinaryBytes", &PoolHandle::snapshot_binary_bytes)
      .function("restoreInput", &PoolHandle::restore_input)
      .function("restoreBinaryInput", &PoolHandle::restore_binary_input)
      .function("restoreBinaryBegin", &PoolHandle::restore_binary_begin)
      .function("restoreBinaryStep", &PoolHandle::restore_binary_step)
      .function("attachHistoryAt", &PoolHandle::attach_history_at)
      .function("finishHistory", &PoolHandle::finish_history)
      .function("finishHistoryStep", &PoolHandle::finish_history_step)
      .function("detectImportFormat", &PoolHandle::detect_import_format)
      .function("previewCsv", &PoolHandle::preview_csv)
      .function("importBegin", &PoolHandle::import_begin)
      .function("importFeedAt", &PoolHandle::import_feed_at)
      .function("importFinish", &PoolHandle::import_finish)
      .function("importReportRecords", &PoolHandle::import_report_records)
      .function("importAdopt", &PoolHandle::import_adopt)
      .function("importAbort", &PoolHandle::import_abort)
      .function("importBeginExport", &PoolHandle::import_begin_export)
      .function("importAddFileAt", &PoolHandle::import_add_file_at)
      .function("importPlan", &PoolHandle::import_plan)
      .function("importReferenceAt", &PoolHandle::import_reference_at)
      .function("importBeginDocument", &PoolHandle::import_begin_document)
      .function("importEndDocument", &PoolHandle::import_end_document)
      .function("exportCsv", &PoolHandle::export_csv)
      .function("exportJsonResume", &PoolHandle::export_json_resume)
      .function("exportIcs", &PoolHandle::export_ics);
}
