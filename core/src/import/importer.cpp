// The importer's driver: the formats and their detection, the Importer that hands a document's
// chunks to its format's reader, and the application of what it read (apply_import,
// ImportProposal, import_text).
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <iterator>

#include "import/merge.hpp"
#include "import/reader.hpp"
#include "import/source.hpp"
#include "runnerup/import.hpp"
#include "runnerup/rules.hpp"

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

const std::vector<std::string_view>& reference_kinds(ImportFormat f) {
  static const std::vector<std::string_view> kGreenhouse = {"jobs", "job_stages", "rejection_reasons", "users"};
  static const std::vector<std::string_view> kLever = {"archive_reasons", "postings", "users"};
  static const std::vector<std::string_view> kNone;
  return f == ImportFormat::greenhouse ? kGreenhouse : f == ImportFormat::lever ? kLever : kNone;
}

const std::vector<std::string_view>& document_kinds(ImportFormat f) {
  static const std::vector<std::string_view> kGreenhouse = {"candidates", "applications", "activity_feed"};
  static const std::vector<std::string_view> kLever = {"opportunities", "notes"};
  static const std::vector<std::string_view> kNone;
  return f == ImportFormat::greenhouse ? kGreenhouse : f == ImportFormat::lever ? kLever : kNone;
}

namespace {

// The path's parts, lower case, the last without its ".json".
std::vector<std::string> path_parts(std::string_view filename) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : filename) {
    if (c == '/' || c == '\\') {
      if (!cur.empty()) parts.push_back(import::lower(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(import::lower(cur));
  if (!parts.empty() && parts.back().size() > 5 && parts.back().substr(parts.back().size() - 5) == ".json")
    parts.back().resize(parts.back().size() - 5);
  return parts;
}

// "activity_feed_123" / "123_activity_feed" / "activity_feed-123": "123"; "" when the name holds
// only the kind (or paging: "candidates_2" is a page, not a subject, for kinds without one).
std::string rest_of(const std::string& name, std::string_view kind) {
  std::size_t at = name.find(kind);
  if (at == std::string::npos) return "";
  std::string rest = name.substr(0, at) + name.substr(at + kind.size());
  std::size_t b = rest.find_first_not_of("_-. ");
  std::size_t e = rest.find_last_not_of("_-. ");
  return b == std::string::npos ? "" : rest.substr(b, e - b + 1);
}

bool mentions(std::string_view head, std::string_view key) { return head.find(key) != std::string_view::npos; }

// What the first bytes look like, for a file whose name says nothing or the wrong thing.
std::string looks_like(std::string_view head) {
  if (mentions(head, "\"runnerup.log\"")) return "a runnerup pool log";
  if (mentions(head, "\"requisition_id\"") || mentions(head, "\"openings\"")) return "Greenhouse jobs";
  if (mentions(head, "\"activities\"") || (mentions(head, "\"notes\"") && mentions(head, "\"visibility\"")))
    return "a Greenhouse activity feed";
  if (mentions(head, "\"first_name\"") && !mentions(head, "\"primary_email_address\"")) return "Greenhouse candidates";
  if (mentions(head, "\"candidate_id\"")) return "Greenhouse applications";
  if (mentions(head, "\"contact\"") && (mentions(head, "\"archived\"") || mentions(head, "\"headline\"")))
    return "Lever opportunities";
  if (mentions(head, "\"reqCode\"") || mentions(head, "\"categories\"")) return "Lever postings";
  return "";
}

}  // namespace

std::optional<ExportFile> classify_export_file(ImportFormat format, std::string_view filename, std::string_view head,
                                               std::string* why) {
  auto no = [&](std::string reason) -> std::optional<ExportFile> {
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  const std::string name(filename);
  if (format != ImportFormat::greenhouse && format != ImportFormat::lever)
    return no("a " + std::string(to_string(format)) + " import is one file");
  std::string_view h = head;
  if (h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);
  const std::size_t first = h.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return no(name + " is empty");
  if (h[first] != '{' && h[first] != '[') return no(name + " is not JSON (an API response starts with [ or {)");
  const std::vector<std::string> parts = path_parts(filename);
  if (parts.empty()) return no("no file name");
  const std::string& base = parts.back();
  const std::string dir = parts.size() > 1 ? parts[parts.size() - 2] : "";
  const std::string_view vendor = format == ImportFormat::greenhouse ? "Greenhouse" : "Lever";
  const std::string seen = looks_like(h);
  const bool other_vendor = !seen.empty() && seen.find(vendor) == std::string::npos;
  if (other_vendor) return no(name + " looks like " + seen + ", not a " + std::string(vendor) + " file");

  // Per-record files: activity_feed/<candidate id>.json, notes/<opportunity id>.json.
  const std::string_view per_record = format == ImportFormat::greenhouse ? "activity_feed" : "notes";
  if (dir == per_record) return ExportFile{std::string(per_record), base, false};
  // Longest kind first: "job_stages" before "jobs".
  std::vector<std::pair<std::string_view, bool>> kinds;
  for (std::string_view k : document_kinds(format)) kinds.emplace_back(k, false);
  for (std::string_view k : reference_kinds(format)) kinds.emplace_back(k, true);
  std::sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (const auto& [kind, reference] : kinds) {
    if (base.find(kind) == std::string::npos) continue;
    if (kind == per_record) {
      const std::string subject = rest_of(base, kind);
      if (subject.empty() && format == ImportFormat::greenhouse)
        return no(name + ": an activity feed belongs to one candidate: name it activity_feed/<candidate id>.json");
      return ExportFile{std::string(kind), subject, false};
    }
    return ExportFile{std::string(kind), "", reference};
  }
  if (seen == "Greenhouse candidates") return ExportFile{"candidates", "", false};
  if (seen == "Greenhouse applications") return ExportFile{"applications", "", false};
  if (seen == "Greenhouse jobs") return ExportFile{"jobs", "", true};
  if (seen == "Lever opportunities") return ExportFile{"opportunities", "", false};
  if (seen == "Lever postings") return ExportFile{"postings", "", true};
  std::string expected;
  for (const auto& [kind, reference] : kinds) expected += (expected.empty() ? "" : ", ") + std::string(kind);
  return no(name + " is none of a " + std::string(vendor) + " export's files (" + expected + ")");
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
  json::object o{{"index", r.index}, {"number", r.number}, {"id", r.id}, {"status", to_string(r.status)},
                 {"changed", r.changed}, {"field", r.field}, {"reason", r.reason}};
  if (!r.document.empty()) o["document"] = r.document;
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const ImportReport& r) {
  json::object o;
  o["accepted"] = r.accepted;
  o["merged"] = r.merged;
  o["refused"] = r.refused;
  o["changed"] = r.changed;
  o["unchanged"] = r.accepted + r.merged - r.changed;
  o["anonymised"] = r.anonymised;
  o["records"] = json::value_from(r.records);
  o["notes"] = json::value_from(r.notes);
  if (r.error)
    o["error"] = {{"code", to_string(r.error->code)}, {"path", r.error->path}, {"message", r.error->message}};
  else
    o["error"] = nullptr;
  jv = std::move(o);
}

Result<ImportOptions> decode_import_options(const json::value& v) {
  const json::object* obj = v.if_object();
  if (!obj) return Error{ErrorCode::invalid_field, "", "the import options are not a JSON object"};
  ImportOptions o;
  for (const auto& kv : *obj) {  // not a structured binding: C++17 lambdas cannot capture one (clang)
    const json::string_view key = kv.key();
    const json::value& value = kv.value();
    const std::string path = "/" + std::string(key);
    auto wrong = [&](const char* what) {
      return Error{ErrorCode::invalid_field, path, "the import option " + std::string(key) + " must be " + what};
    };
    auto positive = [&](std::size_t& into) -> std::optional<Error> {
      if (!value.is_int64() || value.as_int64() <= 0) return wrong("a whole number above 0");
      into = static_cast<std::size_t>(value.as_int64());
      return std::nullopt;
    };
    if (key == "idPrefix") {
      if (!value.is_string()) return wrong("a string");
      o.id_prefix = std::string(value.as_string());
    } else if (key == "mapping") {
      if (!value.is_object()) return wrong("an object {header: field}");
      o.csv_mapping = value.as_object();
    } else if (key == "initiatorByReason") {
      if (!value.is_object()) return wrong("an object {reason text: initiator}");
      for (const auto& [reason, initiator] : value.as_object())
        if (!initiator.is_string() || !from_code<Initiator>(std::string_view(initiator.as_string().data(), initiator.as_string().size())))
          return Error{ErrorCode::invalid_field, path + "/" + std::string(reason),
                       "\"" + std::string(reason) + "\" must map to an initiator code (we_decided, candidate_withdrew, circumstances, not_specified)"};
      o.initiator_by_reason = value.as_object();
    } else if (key == "archiveReasons") {
      o.references["archive_reasons"] = value;
    } else if (key == "references") {
      if (!value.is_object()) return wrong("an object {kind: document}");
      for (const auto& [kind, doc] : value.as_object()) o.references[std::string(kind)] = doc;
    } else if (key == "maxDepth") {
      if (auto e = positive(o.max_depth)) return *e;
    } else if (key == "maxCell") {
      if (auto e = positive(o.max_cell)) return *e;
    } else {
      return Error{ErrorCode::unknown_field, path, "unknown import option " + std::string(key)};
    }
  }
  return o;
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

Status Importer::begin_document(std::string_view kind, std::string subject) {
  ImportReport& report = impl_->intake.report;
  if (report.error) return *report.error;
  if (auto e = impl_->reader->begin_document(kind, subject)) return *e;
  return ok_status();
}

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
    auto changed = [&] {
      r.changed = true;
      ++report.changed;
    };
    if (!rec.events.empty()) {
      const ApplyReport a = pool.apply(rec.events);
      if (a.applied) {
        appended.insert(appended.end(), std::make_move_iterator(rec.events.begin()), std::make_move_iterator(rec.events.end()));
        changed();
      } else {
        r.reason = "already in the pool";
      }
      continue;
    }
    std::optional<Error> problem;
    for (const Command& c : rec.commands)
      if (const RecordOutcome* ro = std::get_if<RecordOutcome>(&c))
        if (!problem) problem = outcome_problem(pool.state(), ro->outcome, at);
    if (problem) {
      refuse(*problem);
      continue;
    }
    const std::string base = std::string(id_base) + "-" + std::to_string(rec.report_slot);
    const std::size_t before = appended.size();
    for (std::size_t k = 0; k < rec.commands.size(); ++k) {
      auto events = pool.propose(rec.commands[k], actor, at, base + "-" + std::to_string(k));
      const Command& cmd = rec.commands[k];
      const bool optional = std::holds_alternative<GiveFeedback>(cmd) || std::holds_alternative<ScheduleFollowUp>(cmd) ||
                            std::holds_alternative<RecordConsent>(cmd);
      if (!events && optional) {
        // What the pool's rules refuse here (a follow-up for someone blocked from outreach) is
        // left out of a record that is otherwise whole, and said.
        const char* what = std::holds_alternative<GiveFeedback>(cmd)       ? "the feedback given"
                           : std::holds_alternative<ScheduleFollowUp>(cmd) ? "the follow-up"
                                                                           : "the consent";
        r.reason += std::string(r.reason.empty() ? "" : "; ") + "not imported: " + what + " (" + events.error().message + ")";
        continue;
      }
      if (!events) {
        // Not reachable when the importer and outcome_problem() cover the rules; say so if it happens.
        Error e = events.error();
        if (k > 0) e.message += " (the first " + std::to_string(k) + " steps of this record were applied)";
        refuse(e);
        break;
      }
      pool.apply(events.value());
      appended.insert(appended.end(), std::make_move_iterator(events.value().begin()), std::make_move_iterator(events.value().end()));
    }
    if (r.status != RecordStatus::refused && appended.size() > before) changed();
    // A storage limit from the ATS that has already passed: the person is due for erasure now.
    if (r.status != RecordStatus::refused)
      for (const Command& c : rec.commands)
        if (const RecordConsent* rc = std::get_if<RecordConsent>(&c);
            rc && rc->consent.store_until && date_of(*rc->consent.store_until) < pool.today(at))
          r.reason += std::string(r.reason.empty() ? "" : "; ") + "the " + store_limit_reason(rc->consent) +
                      " has passed: queued for erasure at once and never contacted";
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

Status ImportProposal::begin_document(std::string_view kind, std::string subject) {
  Status s = importer_.begin_document(kind, std::move(subject));
  if (s) finished_ = false;
  return s;
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
