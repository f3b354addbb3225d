// The importer's driver: the formats and their detection, the Importer that hands a document's
// chunks to its format's reader, and the application of what it read (apply_import,
// ImportProposal, import_text).
#include <boost/json/serialize.hpp>

#include <iterator>

#include "import/merge.hpp"
#include "import/reader.hpp"
#include "runnerup/import.hpp"

namespace runnerup {

namespace json = boost::json;

std::optional<ImportFormat> import_format_from(std::string_view name) {
  if (name == "greenhouse") return ImportFormat::greenhouse;
  if (name == "lever") return ImportFormat::lever;
  if (name == "csv") return ImportFormat::csv;
  if (name == "pool") return ImportFormat::pool;
  return std::nullopt;
}

std::string_view to_string(ImportFormat f) {
  switch (f) {
    case ImportFormat::greenhouse: return "greenhouse";
    case ImportFormat::lever: return "lever";
    case ImportFormat::csv: return "csv";
    case ImportFormat::pool: return "pool";
  }
  return "";
}

std::optional<ImportFormat> detect_import_format(std::string_view head) {
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const std::size_t first = head.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  if (head[first] != '{' && head[first] != '[') return ImportFormat::csv;
  auto has = [&](std::string_view key) { return head.find(key) != std::string_view::npos; };
  if (has("\"runnerup.log\"")) return ImportFormat::pool;
  if (has("\"first_name\"") || has("\"application_ids\"")) return ImportFormat::greenhouse;
  if (has("\"archived\"") || has("\"contact\"") || has("\"headline\"")) return ImportFormat::lever;
  if (has("\"applications\"")) return ImportFormat::greenhouse;  // Lever has them too: checked after
  return std::nullopt;
}

std::string_view to_string(RecordStatus s) {
  switch (s) {
    case RecordStatus::accepted: return "accepted";
    case RecordStatus::refused: return "refused";
    case RecordStatus::merged: return "merged";
  }
  return "accepted";
}

void tag_invoke(json::value_from_tag, json::value& jv, const RecordReport& r) {
  jv = {{"index", r.index}, {"id", r.id}, {"status", to_string(r.status)},
        {"field", r.field}, {"reason", r.reason}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const ImportReport& r) {
  json::object o;
  o["accepted"] = r.accepted;
  o["merged"] = r.merged;
  o["refused"] = r.refused;
  o["records"] = json::value_from(r.records);
  o["notes"] = json::value_from(r.notes);
  if (r.error)
    o["error"] = {{"code", to_string(r.error->code)}, {"path", r.error->path}, {"message", r.error->message}};
  else
    o["error"] = nullptr;
  jv = std::move(o);
}

// ---- the importer ----

struct Importer::Impl {
  ImportFormat format;
  ImportOptions options;  // before reader: readers keep a reference to it
  import::Intake intake;
  std::unique_ptr<import::FormatReader> reader;

  Impl(ImportFormat f, ImportOptions o, const State* existing)
      : format(f), options(std::move(o)), intake(existing) {
    switch (format) {
      case ImportFormat::greenhouse: reader = import::make_greenhouse_reader(options, intake); break;
      case ImportFormat::lever: reader = import::make_lever_reader(options, intake); break;
      case ImportFormat::csv: reader = import::make_csv_reader(options, intake); break;
      case ImportFormat::pool: reader = import::make_pool_log_reader(options, intake); break;
    }
  }
};

Importer::Importer(ImportFormat format, ImportOptions options, const State* existing)
    : impl_(std::make_unique<Impl>(format, std::move(options), existing)) {}
Importer::~Importer() = default;

Status Importer::feed(std::string_view chunk) {
  ImportReport& report = impl_->intake.report;
  if (report.error) return *report.error;
  impl_->reader->feed(chunk);
  if (report.error) return *report.error;
  return ok_status();
}

Status Importer::finish() {
  ImportReport& report = impl_->intake.report;
  if (report.error) return *report.error;
  impl_->reader->finish();
  if (report.error) return *report.error;
  return ok_status();
}

std::vector<ImportedRecord> Importer::take_records() { return std::exchange(impl_->intake.out, {}); }

ImportReport& Importer::report() { return impl_->intake.report; }
std::uint64_t Importer::bytes_read() const { return impl_->reader->bytes_read(); }

// ---- applying ----

namespace {

// The pool rules a record could still break after the importer's checks: a rank already held
// or skipping a place, a decision dated in the future. Checked before any event is applied.
std::optional<Error> precheck(const State& s, const Outcome& o, Instant at) {
  if (o.decided_at > at + 60'000)
    return Error{ErrorCode::invalid_field, "/outcome/decidedAt",
                 "the decision is dated in the future (" + format_instant(o.decided_at) + ")"};
  if (o.outcome != OutcomeKind::runner_up || o.rank == 0) return std::nullopt;
  int taken = 0;
  for (const auto& [key, other] : s.outcomes) {
    if (key.second != o.requisition_id || key.first == o.candidate_id) continue;
    if (other.outcome != OutcomeKind::runner_up || other.rank == 0) continue;
    if (other.rank == o.rank)
      return Error{ErrorCode::conflict, "/outcome/rank", "rank " + std::to_string(o.rank) + " is already held by " + key.first};
    ++taken;
  }
  if (o.rank > taken + 1)
    return Error{ErrorCode::conflict, "/outcome/rank",
                 "rank " + std::to_string(o.rank) + " would skip a place: the next free rank is " + std::to_string(taken + 1)};
  return std::nullopt;
}

}  // namespace

std::vector<Event> apply_import(Pool& pool, std::vector<ImportedRecord> records, std::string_view actor,
                                Instant at, std::string_view id_base, ImportReport& report) {
  std::vector<Event> appended;
  for (ImportedRecord& rec : records) {
    RecordReport& r = report.records.at(rec.report_slot);
    auto refuse = [&](const Error& e) {
      if (r.status == RecordStatus::merged) --report.merged;
      else if (r.status == RecordStatus::accepted) --report.accepted;
      r.status = RecordStatus::refused;
      r.field = e.path;
      r.reason = e.message;
      ++report.refused;
    };
    if (!rec.events.empty()) {
      const ApplyReport a = pool.apply(rec.events);
      if (a.applied)
        appended.insert(appended.end(), std::make_move_iterator(rec.events.begin()), std::make_move_iterator(rec.events.end()));
      else r.reason = "already in the pool";
      continue;
    }
    std::optional<Error> problem;
    for (const Command& c : rec.commands)
      if (const RecordOutcome* ro = std::get_if<RecordOutcome>(&c))
        if (!problem) problem = precheck(pool.state(), ro->outcome, at);
    if (problem) {
      refuse(*problem);
      continue;
    }
    const std::string base = std::string(id_base) + "-" + std::to_string(rec.report_slot);
    for (std::size_t k = 0; k < rec.commands.size(); ++k) {
      auto events = pool.propose(rec.commands[k], actor, at, base + "-" + std::to_string(k));
      if (!events) {
        // Not reachable when the importer and precheck() cover the rules; say so if it happens.
        Error e = events.error();
        if (k > 0) e.message += " (the first " + std::to_string(k) + " steps of this record were applied)";
        refuse(e);
        break;
      }
      pool.apply(events.value());
      appended.insert(appended.end(), std::make_move_iterator(events.value().begin()), std::make_move_iterator(events.value().end()));
    }
  }
  return appended;
}

ImportProposal::ImportProposal(const Pool& pool, ImportFormat format, ImportOptions options, std::string actor,
                               Instant at, std::string id_base)
    : origin_(&pool),
      origin_changes_(pool.changes()),
      scratch_(pool),
      importer_(format, std::move(options), &scratch_.state()),
      actor_(std::move(actor)),
      at_(at),
      id_base_(std::move(id_base)) {}

void ImportProposal::propose_records() {
  std::vector<Event> events =
      apply_import(scratch_, importer_.take_records(), actor_, at_, id_base_, importer_.report());
  if (events_.empty()) events_ = std::move(events);
  else events_.insert(events_.end(), std::make_move_iterator(events.begin()), std::make_move_iterator(events.end()));
}

Status ImportProposal::feed(std::string_view chunk) {
  Status s = importer_.feed(chunk);
  propose_records();
  return s;
}

Status ImportProposal::finish() {
  if (finished_) return importer_.report().error ? Status(*importer_.report().error) : ok_status();
  finished_ = true;
  Status s = importer_.finish();
  propose_records();
  return s;
}

std::vector<Event> ImportProposal::take_events() { return std::exchange(events_, {}); }

bool ImportProposal::adopt_into(Pool& pool) && {
  if (!finished_ || importer_.report().error || &pool != origin_) return false;
  return pool.adopt(std::move(scratch_), origin_changes_);
}

ImportReport import_text(Pool& pool, ImportFormat format, std::string_view text, const ImportOptions& options,
                         std::string_view actor, Instant at, std::string_view id_base) {
  Importer importer(format, options, &pool.state());
  std::vector<ImportedRecord> all;
  auto collect = [&] {
    for (ImportedRecord& r : importer.take_records()) all.push_back(std::move(r));
  };
  // Fed in chunks as a browser would.
  constexpr std::size_t kChunk = 64 * 1024;
  bool ok = true;
  for (std::size_t i = 0; i < text.size() && ok; i += kChunk) {
    ok = importer.feed(text.substr(i, kChunk)).ok();
    collect();
  }
  if (ok) ok = importer.finish().ok();
  collect();
  ImportReport report = std::move(importer.report());
  if (ok) apply_import(pool, std::move(all), actor, at, id_base, report);
  return report;
}

}  // namespace runnerup
