#include "runnerup/import.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <unordered_map>
#include <unordered_set>

#include "json_read.hpp"
#include "json_stream.hpp"
#include "runnerup/csv.hpp"
#include "runnerup/export.hpp"

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

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

bool has(const std::string& hay, std::string_view needle) { return hay.find(needle) != std::string::npos; }

// ---- vocabulary shared by the ATS formats ----

// The stage reached, from an ATS stage name.
Stage stage_from_name(std::string_view name) {
  const std::string n = lower(name);
  if (has(n, "offer")) return Stage::offer;
  if (has(n, "final") || has(n, "onsite") || has(n, "on-site") || has(n, "on site")) return Stage::final_round;
  if (has(n, "interview") || has(n, "take home") || has(n, "assessment")) return Stage::interview;
  if (has(n, "screen")) return Stage::screen;
  return Stage::applied;
}

struct MappedReason {
  std::string code;
  std::string note;
  bool mapped = false;
};

// A reason code from an ATS reason name (Greenhouse rejection reasons, Lever archive reasons).
MappedReason reason_from_name(std::string_view name) {
  const std::string n = lower(name);
  static const std::pair<std::string_view, std::string_view> kRules[] = {
      {"hired another", "stronger_candidate"},   {"hired someone", "stronger_candidate"},
      {"another candidate", "stronger_candidate"}, {"stronger candidate", "stronger_candidate"},
      {"better candidate", "stronger_candidate"},  {"more qualified", "stronger_candidate"},
      {"internal", "internal_candidate"},          {"overqualified", "too_senior"},
      {"over qualified", "too_senior"},            {"too senior", "too_senior"},
      {"too junior", "too_junior"},                {"experience", "too_junior"},
      {"underqualified", "skills_gap"},            {"under qualified", "skills_gap"},
      {"skill", "skills_gap"},                     {"qualification", "skills_gap"},
      {"culture", "team_fit"},                     {"team fit", "team_fit"},
      {"compensation", "compensation"},            {"salary", "compensation"},
      {"visa", "work_authorisation"},              {"authori", "work_authorisation"},
      {"sponsor", "work_authorisation"},           {"relocat", "location"},
      {"location", "location"},                    {"other offer", "accepted_other_offer"},
      {"another offer", "accepted_other_offer"},   {"accepted other", "accepted_other_offer"},
      {"declined offer", "declined_offer"},        {"offer declined", "declined_offer"},
      {"declined our offer", "declined_offer"},    {"rejected offer", "declined_offer"},
      {"assessment", "assessment_result"},         {"take home", "assessment_result"},
      {"interview", "interview_result"},           {"scope", "role_scope_changed"},
      {"on hold", "role_on_hold"},                 {"cancel", "role_cancelled"},
      {"position closed", "role_cancelled"},       {"role closed", "role_cancelled"},
      {"timing", "timing"},                        {"not interested", "not_interested"},
      {"no longer interested", "not_interested"},  {"unresponsive", "unresponsive"},
      {"no response", "unresponsive"},             {"did not respond", "unresponsive"},
      {"ghost", "unresponsive"},
  };
  for (const auto& [key, code] : kRules)
    if (has(n, key)) return MappedReason{std::string(code), "", true};
  return MappedReason{"other", trim(name).empty() ? "No reason given in the ATS" : trim(name), false};
}

bool candidate_side_name(std::string_view name) {
  const std::string n = lower(name);
  return has(n, "withdr") || has(n, "they rejected") || has(n, "declined") ||
         has(n, "other offer") || has(n, "another offer") || has(n, "not interested");
}

// The outcome of a decision that was not a hire.
OutcomeKind not_hired_kind(Stage stage, Initiator initiator, const std::string& code) {
  if (initiator == Initiator::candidate_withdrew)
    return code == "declined_offer" || stage == Stage::offer ? OutcomeKind::offer_declined
                                                              : OutcomeKind::withdrew;
  return stage >= Stage::final_round ? OutcomeKind::runner_up : OutcomeKind::rejected;
}

std::string country_code(std::string_view name) {
  const std::string t = trim(name);
  if (t.size() == 2 && std::isalpha(static_cast<unsigned char>(t[0])) &&
      std::isalpha(static_cast<unsigned char>(t[1]))) {
    std::string up = t;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up == "UK" ? "GB" : up;
  }
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"usa", "US"}, {"united states", "US"}, {"united states of america", "US"},
      {"united kingdom", "GB"}, {"england", "GB"}, {"scotland", "GB"}, {"wales", "GB"},
      {"germany", "DE"}, {"deutschland", "DE"}, {"france", "FR"}, {"austria", "AT"},
      {"spain", "ES"}, {"italy", "IT"}, {"netherlands", "NL"}, {"ireland", "IE"},
      {"canada", "CA"}, {"australia", "AU"}, {"india", "IN"}, {"poland", "PL"},
      {"portugal", "PT"}, {"sweden", "SE"}, {"switzerland", "CH"}, {"brazil", "BR"},
      {"mexico", "MX"}, {"japan", "JP"}, {"singapore", "SG"}, {"belgium", "BE"}};
  const std::string l = lower(t);
  for (const auto& [n, code] : kNames)
    if (l == n) return std::string(code);
  return "";
}

// "City, Region, Country": the last part becomes the country code when it names one.
Location location_from_text(std::string_view text) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == ',') { parts.push_back(trim(cur)); cur.clear(); }
    else cur += c;
  }
  parts.push_back(trim(cur));
  parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
  Location loc;
  if (parts.empty()) return loc;
  if (parts.size() > 1) {
    std::string cc = country_code(parts.back());
    if (!cc.empty()) {
      loc.country = cc;
      parts.pop_back();
    }
  }
  loc.city = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) loc.region += (i > 1 ? ", " : "") + parts[i];
  return loc;
}

void add_unique(std::vector<std::string>& to, const std::string& item, bool ignore_case = false) {
  if (item.empty()) return;
  for (const std::string& x : to)
    if (ignore_case ? lower(x) == lower(item) : x == item) return;
  to.push_back(item);
}

// ---- reading foreign JSON: the first problem wins, with its pointer ----

struct Problem {
  std::string field;
  std::string reason;
};

class Src {
 public:
  std::optional<Problem> problem;

  void fail(std::string field, std::string reason) {
    if (!problem) problem = Problem{std::move(field), std::move(reason)};
  }
  const json::object* object(const json::value* v, const std::string& path, bool required = false) {
    if (!v || v->is_null()) {
      if (required) fail(path, "is required");
      return nullptr;
    }
    if (!v->is_object()) fail(path, "must be an object");
    return v->if_object();
  }
  const json::array* array(const json::value* v, const std::string& path) {
    if (!v || v->is_null()) return nullptr;
    if (!v->is_array()) fail(path, "must be a list");
    return v->if_array();
  }
  std::string text(const json::value* v, const std::string& path, bool required = false) {
    if (!v || v->is_null()) {
      if (required) fail(path, "is required");
      return "";
    }
    if (const json::string* s = v->if_string()) return std::string(s->data(), s->size());
    fail(path, "must be a string");
    return "";
  }
  // Strings or whole numbers (Greenhouse ids are numbers).
  std::string id(const json::value* v, const std::string& path, bool required = false) {
    if (v && v->is_int64()) return std::to_string(v->get_int64());
    if (v && v->is_uint64()) return std::to_string(v->get_uint64());
    return text(v, path, required);
  }
  bool boolean(const json::value* v, const std::string& path) {
    if (!v || v->is_null()) return false;
    if (!v->is_bool()) fail(path, "must be true or false");
    return v->is_bool() && v->get_bool();
  }
  std::optional<Instant> instant(const json::value* v, const std::string& path) {
    if (!v || v->is_null()) return std::nullopt;
    if (v->is_int64() || v->is_uint64()) {  // Lever: milliseconds since the epoch
      const long long ms = v->is_int64() ? v->get_int64() : static_cast<long long>(v->get_uint64());
      if (ms < 0 || ms > 253'402'300'799'000LL) fail(path, "is not a time");
      return ms;
    }
    const std::string t = text(v, path);
    if (problem) return std::nullopt;
    auto i = parse_instant(t);
    if (!i) fail(path, "is not an ISO 8601 time (got \"" + t.substr(0, 40) + "\")");
    return i;
  }
};

const json::value* at(const json::object* o, std::string_view key) {
  return o ? o->if_contains(key) : nullptr;
}

// A drafted record: a person and their decisions.
struct Decision {
  Requisition requisition;
  Outcome outcome;
  std::string field;  // where in the source, for refusals
};
struct Draft {
  std::string source_id;
  Candidate candidate;
  std::vector<Decision> decisions;
  std::optional<Flags> flags;        // CSV: the flags as the file gives them
  std::vector<std::string> left_out;
};

}  // namespace

// ---- CSV mapping ----

const std::vector<std::string_view>& csv_fields() {
  static const std::vector<std::string_view> kFields = {
      "candidateId", "name", "firstName", "lastName", "email", "phone", "links", "location",
      "city", "region", "country", "title", "skills", "tags", "requisitionId", "requisition",
      "stage", "outcome", "rank", "reason", "reasonNote", "initiator", "futureFit", "flags",
      "availableFrom", "lastContact", "nextFollowUp", "feedbackGivenOn", "feedbackGivenBy",
      "feedbackChannel", "consentUntil", "interviewScores", "skillGaps", "futureRoles", "ignore"};
  return kFields;
}

namespace {
// The exporter's columns for reading only (export.hpp, kPoolCsv).
const std::vector<std::string_view>& read_only_fields() {
  static const std::vector<std::string_view> k = [] {
    std::vector<std::string_view> fields;
    for (const PoolCsvColumn& c : kPoolCsv)
      if (!c.imported) fields.push_back(c.field);
    return fields;
  }();
  return k;
}
}  // namespace

json::object default_csv_mapping() {
  json::object m;
  for (const PoolCsvColumn& c : kPoolCsv) m[c.header] = c.field;
  const std::pair<std::string_view, std::string_view> kAliases[] = {
      {"Id", "candidateId"}, {"Full name", "name"}, {"Candidate", "name"}, {"Candidate name", "name"},
      {"First name", "firstName"}, {"Last name", "lastName"}, {"E-mail", "email"},
      {"Email address", "email"}, {"Emails", "email"}, {"Phone number", "phone"}, {"Phones", "phone"},
      {"Location", "location"}, {"Job title", "title"}, {"Headline", "title"}, {"Job", "requisition"},
      {"Job ID", "requisitionId"}, {"Position", "requisition"}, {"Stage", "stage"},
      {"Rejection reason", "reason"}, {"Archive reason", "reason"}, {"Notes", "ignore"}};
  for (const auto& [h, f] : kAliases) m[h] = f;
  return m;
}

// ---- the importer ----

std::string csv_field_for_header(std::string_view header, const json::object& mapping) {
  const std::string h = lower(trim(header));
  for (const auto& [k, v] : mapping)
    if (lower(trim(std::string_view(k.data(), k.size()))) == h && v.is_string()) return std::string(v.as_string());
  static const json::object kDefault = default_csv_mapping();
  for (const auto& [k, v] : kDefault)
    if (lower(std::string_view(k.data(), k.size())) == h) return std::string(v.as_string());
  return "";
}

Result<CsvHeaderPreview> preview_csv_header(std::string_view head, const json::object& mapping) {
  csv::Reader reader;
  Status s = reader.feed(head);
  std::vector<csv::Row> rows = s ? reader.take_rows() : std::vector<csv::Row>{};
  if (s && rows.empty()) {
    s = reader.finish();
    if (s) rows = reader.take_rows();
  }
  if (!s) return s.error();
  CsvHeaderPreview preview;
  if (rows.empty()) return preview;
  std::size_t recognised = 0;
  for (const std::string& cell : rows.front()) {
    CsvColumn c{csv::restore(cell), csv_field_for_header(csv::restore(cell), mapping)};
    if (!c.field.empty()) ++recognised;
    preview.columns.push_back(std::move(c));
  }
  preview.is_header = recognised > 0 && recognised * 2 >= preview.columns.size();
  return preview;
}

void tag_invoke(json::value_from_tag, json::value& jv, const CsvHeaderPreview& p) {
  json::array columns;
  for (const CsvColumn& c : p.columns) columns.push_back({{"header", c.header}, {"field", c.field}});
  json::array fields;
  for (std::string_view f : csv_fields()) fields.emplace_back(f);
  jv = {{"columns", std::move(columns)}, {"isHeader", p.is_header}, {"fields", std::move(fields)}};
}

struct Importer::Impl {
  ImportFormat format;
  ImportOptions options;
  const State* existing;
  ImportReport report;
  std::vector<ImportedRecord> out;

  // People and requisitions this import has produced (the pool's own are looked up in it).
  std::unordered_map<std::string, Candidate> people;
  std::unordered_map<std::string, Flags> flags;
  std::unordered_map<std::string, std::string> email_owner;  // lower-case e-mail -> candidate id
  std::unordered_set<std::string> requisitions;

  // JSON formats.
  std::unique_ptr<detail::JsonRecordStream> stream;
  std::unordered_map<std::string, std::pair<std::string, std::string>> lever_reasons;  // id -> text, type
  // CSV.
  std::unique_ptr<csv::Reader> reader;
  bool header_done = false;
  std::vector<std::string> columns;  // field of each column
  std::vector<std::string> headers;
  bool stopped = false;

  Impl(ImportFormat f, ImportOptions o, const State* s) : format(f), options(std::move(o)), existing(s) {
    if (existing)
      for (const auto& [id, c] : existing->candidates)
        for (const std::string& e : c.emails) email_owner.emplace(lower(e), id);
    if (format == ImportFormat::csv) {
      csv::ReadOptions ro;
      ro.max_cell = options.max_cell;
      reader = std::make_unique<csv::Reader>(ro);
    } else {
      stream = std::make_unique<detail::JsonRecordStream>(options.max_depth);
    }
    const json::value& lr = options.lever_archive_reasons;
    const json::array* list = lr.if_array();
    if (const json::object* o = lr.if_object())
      if (const json::value* d = o->if_contains("data")) list = d->if_array();
    if (list)
      for (const json::value& r : *list)
        if (const json::object* ro = r.if_object()) {
          Src s;
          std::string id = s.id(ro->if_contains("id"), "");
          if (!id.empty())
            lever_reasons[id] = {s.text(ro->if_contains("text"), ""), s.text(ro->if_contains("type"), "")};
        }
  }

  std::size_t slot(std::size_t index, std::string id) {
    report.records.push_back(RecordReport{index, std::move(id), RecordStatus::accepted, "", ""});
    return report.records.size() - 1;
  }
  void refuse(std::size_t s, std::string field, std::string reason) {
    RecordReport& r = report.records[s];
    r.status = RecordStatus::refused;
    r.field = std::move(field);
    r.reason = std::move(reason);
    ++report.refused;
  }

  const Candidate* known_candidate(const std::string& id) const {
    auto p = people.find(id);
    if (p != people.end()) return &p->second;
    if (existing) {
      auto c = existing->candidates.find(id);
      if (c != existing->candidates.end()) return &c->second;
    }
    return nullptr;
  }
  bool known_requisition(const std::string& id) const {
    return requisitions.count(id) || (existing && existing->requisitions.count(id));
  }

  // Validates a draft and turns it into commands; reports it. `field_of` maps a pointer inside
  // the candidate ("/emails/0") to the source's field.
  template <class FieldOf>
  void submit(std::size_t s, Draft d, const FieldOf& field_of) {
    // The same person: same id, or one of the e-mails.
    std::string merged_with, why;
    if (const Candidate* same = known_candidate(d.candidate.id)) {
      merged_with = same->id;
      why = "the same ATS id";
    } else {
      for (const std::string& e : d.candidate.emails) {
        auto it = email_owner.find(lower(e));
        if (it != email_owner.end() && known_candidate(it->second)) {
          merged_with = it->second;
          why = "the same e-mail (" + e + ")";
          break;
        }
      }
    }
    Candidate c = d.candidate;
    if (!merged_with.empty()) {
      Candidate base = *known_candidate(merged_with);
      for (const std::string& e : c.emails) add_unique(base.emails, e, true);
      for (const std::string& p : c.phones) add_unique(base.phones, p);
      for (const std::string& l : c.links) add_unique(base.links, l);
      for (const std::string& t : c.tags) add_unique(base.tags, t);
      for (const std::string& k : c.skills) add_unique(base.skills, k);
      if (base.name.empty()) base.name = c.name;
      if (base.title.empty()) base.title = c.title;
      if (base.source.empty()) base.source = c.source;
      if (base.seniority.empty()) base.seniority = c.seniority;
      if (base.location.city.empty() && base.location.region.empty() && base.location.country.empty())
        base.location = c.location;
      c = std::move(base);
    }
    // Structure and formats, as the pool's own decoders check them.
    auto checked = decode_candidate(json::value_from(c), "");
    if (!checked) return refuse(s, field_of(checked.error().path), checked.error().message);
    c = std::move(checked).value();

    ImportedRecord rec;
    rec.report_slot = s;
    std::vector<Command> reqs, outcomes;
    std::unordered_set<std::string> new_reqs;
    for (Decision& dec : d.decisions) {
      Requisition& r = dec.requisition;
      if (!known_requisition(r.id) && !new_reqs.count(r.id)) {
        auto rq = decode_requisition(json::value_from(r), "");
        if (!rq) return refuse(s, dec.field, "the requisition: " + rq.error().message);
        reqs.push_back(SaveRequisition{std::move(rq).value()});
        new_reqs.insert(r.id);
      }
      dec.outcome.candidate_id = c.id;
      auto o = decode_outcome(json::value_from(dec.outcome), "");
      if (!o) return refuse(s, dec.field + o.error().path, o.error().message);
      outcomes.push_back(RecordOutcome{std::move(o).value(), std::nullopt, std::nullopt});
    }
    std::optional<Flags> flag_set;
    if (d.flags) {
      Flags f = *d.flags;
      // Future roles are not in a CSV: keep the ones the person has.
      auto kept = flags.find(c.id);
      if (kept != flags.end()) f.future_roles = kept->second.future_roles;
      else if (existing)
        if (const Flags* ef = existing->flags_of(c.id)) f.future_roles = ef->future_roles;
      auto fl = decode_flags(json::value_from(f), "");
      if (!fl) return refuse(s, field_of("/flags" + fl.error().path), fl.error().message);
      flag_set = std::move(fl).value();
    }

    // Accepted: remember the person and what this import created.
    for (const std::string& id : new_reqs) requisitions.insert(id);
    for (const std::string& e : c.emails) email_owner[lower(e)] = c.id;
    people[c.id] = c;
    rec.commands = std::move(reqs);
    rec.commands.push_back(SaveCandidate{c});
    for (Command& o : outcomes) rec.commands.push_back(std::move(o));
    if (flag_set) {
      flags[c.id] = *flag_set;
      rec.commands.push_back(SetFlags{c.id, *flag_set});
    }
    RecordReport& r = report.records[s];
    if (!merged_with.empty()) {
      r.status = RecordStatus::merged;
      r.reason = "merged into " + merged_with + ": " + why;
      ++report.merged;
    } else {
      ++report.accepted;
    }
    if (!d.left_out.empty()) {
      std::string text;
      for (const std::string& l : d.left_out) text += (text.empty() ? "" : "; ") + l;
      r.reason += (r.reason.empty() ? "not imported: " : "; not imported: ") + text;
    }
    out.push_back(std::move(rec));
  }

  // ---- Greenhouse ----

  std::string gh_id(const std::string& raw) const { return raw.empty() ? raw : options.id_prefix + raw; }

  // One application: an outcome, or a note of why it is left out.
  void gh_application(Src& src, const json::object* a, const std::string& path, Draft& d) {
    const std::string app_id = src.id(at(a, "id"), path + "/id");
    const std::string status = lower(src.text(at(a, "status"), path + "/status"));
    const bool prospect = src.boolean(at(a, "prospect"), path + "/prospect");
    const json::array* jobs = src.array(at(a, "jobs"), path + "/jobs");
    const json::object* stage = src.object(at(a, "current_stage"), path + "/current_stage");
    const std::string stage_name = src.text(at(stage, "name"), path + "/current_stage/name");
    if (src.problem) return;
    Decision dec;
    dec.field = path;
    const json::object* job = jobs && !jobs->empty() ? src.object(&(*jobs)[0], path + "/jobs/0") : nullptr;
    if (job) {
      dec.requisition.id = gh_id(src.id(at(job, "id"), path + "/jobs/0/id", true));
      dec.requisition.title = src.text(at(job, "name"), path + "/jobs/0/name");
      if (dec.requisition.title.empty()) dec.requisition.title = "Greenhouse job " + dec.requisition.id;
    }
    if (src.problem) return;
    Outcome& o = dec.outcome;
    o.stage = stage_from_name(stage_name);
    if (status == "rejected") {
      const json::object* rr = src.object(at(a, "rejection_reason"), path + "/rejection_reason");
      const std::string name = src.text(at(rr, "name"), path + "/rejection_reason/name");
      const json::object* type = src.object(at(rr, "type"), path + "/rejection_reason/type");
      const std::string type_name = src.text(at(type, "name"), path + "/rejection_reason/type/name");
      auto decided = src.instant(at(a, "rejected_at"), path + "/rejected_at");
      if (src.problem) return;
      MappedReason m = reason_from_name(name);
      o.reason = Reason{m.code, m.note};
      const std::string tl = lower(type_name);
      if (has(tl, "they rejected")) o.initiator = Initiator::candidate_withdrew;
      else if (has(tl, "we rejected")) o.initiator = Initiator::we_decided;
      else if (candidate_side_name(name)) o.initiator = Initiator::candidate_withdrew;
      else o.initiator = find_reason(m.code)->initiator;
      if (candidate_side_name(name)) o.initiator = Initiator::candidate_withdrew;
      o.outcome = not_hired_kind(o.stage, o.initiator, m.code);
      o.decided_at = decided.value_or(0);
      o.note = "Greenhouse: " + (name.empty() ? std::string("rejected without a reason") : name) +
               (type_name.empty() ? "" : " (" + type_name + ")");
    } else if (status == "hired") {
      o.outcome = OutcomeKind::hired;
      o.stage = Stage::offer;
      o.decided_at = src.instant(at(a, "last_activity_at"), path + "/last_activity_at").value_or(0);
      o.note = "Greenhouse: hired";
    } else if (prospect && (status == "active" || status.empty())) {
      // A prospect is someone to keep warm: a pool entry, on its job or on the prospects list.
      if (!job) {
        dec.requisition.id = gh_id("prospects");
        dec.requisition.title = "Greenhouse prospects";
      }
      o.outcome = OutcomeKind::runner_up;
      o.stage = stage_name.empty() ? Stage::applied : o.stage;
      o.reason = Reason{"other", "Prospect in Greenhouse"};
      o.initiator = Initiator::circumstances;
      o.note = "Greenhouse: prospect";
    } else {
      d.left_out.push_back("application " + app_id + " is " + (status.empty() ? "without a status" : status));
      return;
    }
    if (dec.requisition.id.empty()) {
      d.left_out.push_back("application " + app_id + " has no job");
      return;
    }
    o.requisition_id = dec.requisition.id;
    d.decisions.push_back(std::move(dec));
  }

  void gh_candidate(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    Draft d;
    Candidate& c = d.candidate;
    const std::string raw = src.id(at(o, "id"), path + "/id", true);
    c.id = gh_id(raw);
    report.records[s].id = c.id;
    const std::string first = trim(src.text(at(o, "first_name"), path + "/first_name"));
    const std::string last = trim(src.text(at(o, "last_name"), path + "/last_name"));
    c.name = trim(first + " " + last);
    if (c.name.empty() && !src.problem) src.fail(path + "/first_name", "the candidate has no name");
    c.title = src.text(at(o, "title"), path + "/title");
    auto values = [&](std::string_view key, std::vector<std::string>& into, bool links) {
      const json::array* a = src.array(at(o, key), path + "/" + std::string(key));
      if (!a) return;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string p = path + "/" + std::string(key) + "/" + std::to_string(i);
        const json::object* item = src.object(&(*a)[i], p);
        std::string value = trim(src.text(at(item, "value"), p + "/value"));
        if (links && !value.empty() && lower(value).rfind("http://", 0) != 0 &&
            lower(value).rfind("https://", 0) != 0) {
          d.left_out.push_back("link \"" + value.substr(0, 80) + "\" (only http and https links are kept)");
          continue;
        }
        add_unique(into, value, !links);
      }
    };
    values("email_addresses", c.emails, false);
    values("phone_numbers", c.phones, false);
    values("website_addresses", c.links, true);
    values("social_media_addresses", c.links, true);
    if (const json::array* addr = src.array(at(o, "addresses"), path + "/addresses"); addr && !addr->empty()) {
      const json::object* a0 = src.object(&(*addr)[0], path + "/addresses/0");
      c.location = location_from_text(src.text(at(a0, "value"), path + "/addresses/0/value"));
    }
    if (const json::array* tags = src.array(at(o, "tags"), path + "/tags"))
      for (std::size_t i = 0; i < tags->size(); ++i)
        add_unique(c.tags, trim(src.text(&(*tags)[i], path + "/tags/" + std::to_string(i))));
    if (const json::array* apps = src.array(at(o, "applications"), path + "/applications")) {
      for (std::size_t i = 0; i < apps->size() && !src.problem; ++i) {
        const std::string p = path + "/applications/" + std::to_string(i);
        const json::object* a = src.object(&(*apps)[i], p);
        if (src.problem) break;
        if (c.source.empty()) {
          const json::object* so = src.object(at(a, "source"), p + "/source");
          c.source = src.text(at(so, "public_name"), p + "/source/public_name");
        }
        gh_application(src, a, p, d);
      }
    }
    if (src.problem) return refuse(s, src.problem->field, src.problem->reason);
    submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/name", "/first_name"}, {"/emails", "/email_addresses"}, {"/phones", "/phone_numbers"},
          {"/links", "/website_addresses"}, {"/location", "/addresses"}, {"/title", "/title"},
          {"/tags", "/tags"}, {"/source", "/applications"}, {"/id", "/id"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return path + std::string(to);
      return path + p;
    });
  }

  // A bare application (GET /v1/applications): its candidate must already be known.
  void gh_application_record(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* a = src.object(&v, path);
    const std::string cand = gh_id(src.id(at(a, "candidate_id"), path + "/candidate_id", true));
    report.records[s].id = src.id(at(a, "id"), path + "/id");
    if (src.problem) return refuse(s, src.problem->field, src.problem->reason);
    const Candidate* known = known_candidate(cand);
    if (!known)
      return refuse(s, path + "/candidate_id",
                    "candidate " + cand + " is neither in this file (before this application) nor in the pool");
    Draft d;
    d.candidate = *known;
    gh_application(src, a, path, d);
    if (src.problem) return refuse(s, src.problem->field, src.problem->reason);
    submit(s, std::move(d), [&](const std::string& p) { return path + p; });
    if (report.records[s].status == RecordStatus::merged) {  // an application is not a person
      report.records[s].status = RecordStatus::accepted;
      report.records[s].reason.clear();
      --report.merged;
      ++report.accepted;
    }
  }

  // ---- Lever ----

  void lever_opportunity(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    Draft d;
    Candidate& c = d.candidate;
    const std::string opp_id = src.text(at(o, "id"), path + "/id", true);
    std::string contact = src.text(at(o, "contact"), path + "/contact");
    c.id = options.id_prefix + (contact.empty() ? opp_id : contact);
    report.records[s].id = opp_id;
    c.name = trim(src.text(at(o, "name"), path + "/name"));
    if (c.name.empty() && !src.problem) src.fail(path + "/name", "the opportunity has no name");
    c.title = src.text(at(o, "headline"), path + "/headline");
    c.location = location_from_text(src.text(at(o, "location"), path + "/location"));
    auto strings = [&](std::string_view key, std::vector<std::string>& into, bool links, bool objects) {
      const json::array* a = src.array(at(o, key), path + "/" + std::string(key));
      if (!a) return;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string p = path + "/" + std::string(key) + "/" + std::to_string(i);
        std::string value = objects ? src.text(at(src.object(&(*a)[i], p), "value"), p + "/value")
                                    : src.text(&(*a)[i], p);
        value = trim(value);
        if (links && !value.empty() && lower(value).rfind("http://", 0) != 0 &&
            lower(value).rfind("https://", 0) != 0) {
          d.left_out.push_back("link \"" + value.substr(0, 80) + "\" (only http and https links are kept)");
          continue;
        }
        add_unique(into, value, !links);
      }
    };
    strings("emails", c.emails, false, false);
    strings("phones", c.phones, false, true);
    strings("links", c.links, true, false);
    strings("tags", c.tags, false, false);
    if (const json::array* sources = src.array(at(o, "sources"), path + "/sources"); sources && !sources->empty())
      c.source = src.text(&(*sources)[0], path + "/sources/0");

    // Stage: an id, or {id, text} with expand=stage.
    std::string stage_text;
    if (const json::value* st = at(o, "stage"); st && st->is_object())
      stage_text = src.text(at(&st->as_object(), "text"), path + "/stage/text");
    else if (st && !st->is_null() && !st->is_string())
      src.fail(path + "/stage", "must be a stage id or a stage object");

    // Posting: from expanded applications, or a posting field.
    Decision dec;
    dec.field = path;
    if (const json::array* apps = src.array(at(o, "applications"), path + "/applications"); apps && !apps->empty()) {
      if (const json::object* a0 = (*apps)[0].if_object()) {
        const json::value* posting = at(a0, "posting");
        if (posting && posting->is_object()) {
          dec.requisition.id = options.id_prefix + src.text(at(&posting->as_object(), "id"), path + "/applications/0/posting/id");
          dec.requisition.title = src.text(at(&posting->as_object(), "text"), path + "/applications/0/posting/text");
        } else {
          dec.requisition.id = options.id_prefix + src.text(posting, path + "/applications/0/posting");
        }
      }
    }
    if (dec.requisition.id == options.id_prefix) dec.requisition.id.clear();
    if (dec.requisition.id.empty()) {
      dec.requisition.id = options.id_prefix + "lever-no-posting";
      dec.requisition.title = "Lever: no posting";
    }
    if (dec.requisition.title.empty()) dec.requisition.title = "Lever posting " + dec.requisition.id;

    const json::object* archived = src.object(at(o, "archived"), path + "/archived");
    if (src.problem) return refuse(s, src.problem->field, src.problem->reason);
    if (!archived) {
      d.left_out.push_back("opportunity " + opp_id + " is not archived (still in process)");
    } else {
      std::string reason_id, reason_text, reason_type;
      const json::value* rv = at(archived, "reason");
      if (rv && rv->is_object()) {
        reason_id = src.text(at(&rv->as_object(), "id"), path + "/archived/reason/id");
        reason_text = src.text(at(&rv->as_object(), "text"), path + "/archived/reason/text");
        reason_type = src.text(at(&rv->as_object(), "type"), path + "/archived/reason/type");
      } else {
        reason_id = src.text(rv, path + "/archived/reason");
        auto known = lever_reasons.find(reason_id);
        if (known != lever_reasons.end()) std::tie(reason_text, reason_type) = known->second;
      }
      auto decided = src.instant(at(archived, "archivedAt"), path + "/archived/archivedAt");
      if (src.problem) return refuse(s, src.problem->field, src.problem->reason);
      Outcome& out = dec.outcome;
      out.requisition_id = dec.requisition.id;
      out.stage = stage_from_name(stage_text);
      out.decided_at = decided.value_or(0);
      if (lower(reason_type) == "hired" || (reason_type.empty() && lower(trim(reason_text)) == "hired")) {
        out.outcome = OutcomeKind::hired;
        out.note = "Lever: hired";
      } else {
        MappedReason m = reason_text.empty()
                             ? MappedReason{"other", "Lever archive reason " + reason_id, false}
                             : reason_from_name(reason_text);
        out.reason = Reason{m.code, m.note};
        out.initiator = candidate_side_name(reason_text) ? Initiator::candidate_withdrew
                                                         : find_reason(m.code)->initiator;
        out.outcome = not_hired_kind(out.stage, out.initiator, m.code);
        out.note = "Lever: " + (reason_text.empty() ? "archive reason " + reason_id : reason_text);
      }
      d.decisions.push_back(std::move(dec));
    }
    submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/title", "/headline"}, {"/location", "/location"}, {"/source", "/sources"}, {"/id", "/contact"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return path + std::string(to);
      return path + p;
    });
  }

  // ---- the pool's log ----

  void pool_event(std::size_t s, const json::value& v, const std::string& path, std::size_t keys_before) {
    // Only the keys that came before the events count: a stream cannot wait for the end.
    const json::value* format = nullptr;
    const json::value* version = nullptr;
    std::size_t k = 0;
    for (const auto& kv : stream->top()) {
      if (k++ >= keys_before) break;
      if (kv.key() == "format") format = &kv.value();
      if (kv.key() == "version") version = &kv.value();
    }
    if (!format || !format->is_string() || format->as_string() != kLogFormat) {
      report.error = Error{ErrorCode::invalid_field, "/format",
                           "not a runnerup log: \"format\":\"runnerup.log\" must come before the events"};
      stopped = true;
      return;
    }
    if (!version || !version->is_int64() || version->as_int64() != kLogVersion) {
      report.error = Error{ErrorCode::unsupported_version, "/version",
                           "this build reads log version 1 (\"version\" must come before the events)"};
      stopped = true;
      return;
    }
    auto e = decode_event(v, path);
    if (!e) return refuse(s, e.error().path, e.error().message);
    report.records[s].id = e.value().id;
    ++report.accepted;
    ImportedRecord rec;
    rec.report_slot = s;
    rec.events.push_back(std::move(e).value());
    out.push_back(std::move(rec));
  }

  void json_record(detail::JsonRecord& r) {
    const std::string path = (r.key.empty() ? "" : "/" + detail::pointer_token(r.key)) + "/" + std::to_string(r.index);
    const std::size_t s = slot(r.index, "");
    switch (format) {
      case ImportFormat::greenhouse: {
        // Candidates carry a name; applications a candidate_id.
        const json::object* o = r.value.if_object();
        if (r.key == "applications" || (o && o->contains("candidate_id") && !o->contains("first_name")))
          gh_application_record(s, r.value, path);
        else
          gh_candidate(s, r.value, path);
        break;
      }
      case ImportFormat::lever: lever_opportunity(s, r.value, path); break;
      case ImportFormat::pool:
        if (r.key != "events") return refuse(s, path, "a runnerup log keeps its events under \"events\"");
        pool_event(s, r.value, path, r.top_keys_before);
        break;
      case ImportFormat::csv: break;
    }
  }

  bool drain_json() {
    for (detail::JsonRecord& r : stream->take()) {
      if (stopped) break;
      const bool wrong_key =
          (format == ImportFormat::greenhouse && !r.key.empty() && r.key != "candidates" && r.key != "applications") ||
          (format == ImportFormat::lever && !r.key.empty() && r.key != "data" && r.key != "opportunities");
      if (wrong_key) continue;  // other lists ({"jobs":[...]}) are not records; named in finish()
      json_record(r);
    }
    return !stopped;
  }

  // ---- CSV ----

  std::string field_for_header(const std::string& header) const {
    return csv_field_for_header(header, options.csv_mapping);
  }

  bool csv_header(const csv::Row& row, std::size_t line) {
    std::size_t recognised = 0;
    std::vector<std::string> fields;
    for (const std::string& cell : row) {
      fields.push_back(field_for_header(csv::restore(cell)));
      if (!fields.back().empty()) ++recognised;
    }
    header_done = true;
    if (recognised > 0 && recognised * 2 >= row.size()) {
      columns = fields;
      headers = row;
      std::vector<std::string> unknown, ignored;
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (columns[i].empty()) {
          unknown.push_back(row[i]);
          columns[i] = "ignore";
        } else if (std::find(read_only_fields().begin(), read_only_fields().end(), columns[i]) !=
                   read_only_fields().end()) {
          if (!row[i].empty()) ignored.push_back(row[i]);
          columns[i] = "ignore";
        }
      }
      std::string note = "row " + std::to_string(line) + " is a header row";
      report.notes.push_back(note);
      if (!ignored.empty()) {
        std::string n = "columns exported for reading only, not imported:";
        for (const std::string& c : ignored) n += " \"" + c + "\"";
        report.notes.push_back(n);
      }
      if (!unknown.empty()) {
        std::string n = "columns not in the mapping, not imported (map them to import them):";
        for (const std::string& c : unknown) n += " \"" + c + "\"";
        report.notes.push_back(n);
      }
      // A mapping naming a field that does not exist is the caller's mistake: say so.
      for (const auto& [k, v] : options.csv_mapping) {
        const std::string f = v.is_string() ? std::string(v.as_string()) : "";
        if (std::find(csv_fields().begin(), csv_fields().end(), f) == csv_fields().end()) {
          report.error = Error{ErrorCode::invalid_field, "/mapping/" + detail::pointer_token(std::string(k)),
                               "\"" + std::string(k) + "\" maps to \"" + f + "\", which is not a field"};
          stopped = true;
        }
      }
      return false;  // the header is not a record
    }
    if (row.size() != kPoolCsvColumns.size()) {
      report.error = Error{ErrorCode::missing_field, "row " + std::to_string(line),
                           "no header row recognised and the columns are not the exporter's " +
                               std::to_string(kPoolCsvColumns.size()) +
                               ": add a header row or a mapping"};
      stopped = true;
      return false;
    }
    const json::object def = default_csv_mapping();
    for (std::string_view col : kPoolCsvColumns) {
      columns.push_back(std::string(def.at(col).as_string()));
      headers.push_back(std::string(col));
    }
    for (std::string& c : columns)
      if (std::find(read_only_fields().begin(), read_only_fields().end(), c) != read_only_fields().end()) c = "ignore";
    report.notes.push_back("no header row: columns read in the exporter's order");
    return true;
  }

  static std::vector<std::string> split_lines(const std::string& cell, bool also_separators) {
    std::vector<std::string> out;
    std::string cur;
    auto push = [&] {
      std::string t = trim(cur);
      if (!t.empty()) out.push_back(t);
      cur.clear();
    };
    for (char c : cell) {
      if (c == '\n' || c == '\r' || (also_separators && (c == ';' || c == ','))) push();
      else cur += c;
    }
    push();
    return out;
  }

  template <class E>
  static std::optional<E> code_or_label(const std::string& text) {
    const std::string t = lower(trim(text));
    for (std::size_t i = 0; i < Vocabulary<E>::items.size(); ++i)
      if (lower(Vocabulary<E>::items[i].code) == t || lower(Vocabulary<E>::items[i].label) == t)
        return static_cast<E>(i);
    return std::nullopt;
  }

  void csv_row(const csv::Row& raw, std::size_t line) {
    const std::size_t s = slot(line, "");
    if (raw.size() > columns.size())
      return refuse(s, "column " + std::to_string(columns.size() + 1),
                    "the row has " + std::to_string(raw.size()) + " cells, the header " +
                        std::to_string(columns.size()));
    std::unordered_map<std::string, std::string> v;
    std::unordered_map<std::string, std::string> header_of;
    bool flags_given = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (columns[i] == "ignore") continue;
      v[columns[i]] = csv::restore(raw[i]);
      header_of[columns[i]] = headers[i];
      if (columns[i] == "flags" || columns[i] == "availableFrom") flags_given = true;
    }
    auto col = [&](const std::string& field) {
      auto h = header_of.find(field);
      return h == header_of.end() ? field : h->second;
    };
    Draft d;
    Candidate& c = d.candidate;
    c.id = trim(v["candidateId"]);
    c.name = trim(v["name"]);
    if (c.name.empty()) c.name = trim(trim(v["firstName"]) + " " + trim(v["lastName"]));
    c.emails = split_lines(v["email"], true);
    c.phones = split_lines(v["phone"], false);
    c.links = split_lines(v["links"], false);
    c.skills = split_lines(v["skills"], false);
    c.tags = split_lines(v["tags"], false);
    c.title = trim(v["title"]);
    if (v.count("location")) c.location = location_from_text(v["location"]);
    if (v.count("city")) c.location.city = trim(v["city"]);
    if (v.count("region")) c.location.region = trim(v["region"]);
    if (v.count("country")) {
      c.location.country = trim(v["country"]);
      if (c.location.country.size() > 2) c.location.country = country_code(c.location.country);
    }
    if (c.id.empty() && !c.emails.empty()) c.id = lower(c.emails.front());
    if (c.id.empty())
      return refuse(s, col("email"), "a row needs a candidate id or an e-mail to tell who it is");
    report.records[s].id = c.id;
    if (c.name.empty()) return refuse(s, col("name"), "the name is empty");

    std::string req_id = trim(v["requisitionId"]);
    const std::string req_title = trim(v["requisition"]);
    if (req_id.empty() && !req_title.empty()) {
      req_id = "csv-";
      for (char ch : lower(req_title)) req_id += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '-';
    }
    if (!req_id.empty()) {
      Decision dec;
      dec.requisition.id = req_id;
      dec.requisition.title = req_title.empty() ? req_id : req_title;
      Outcome& o = dec.outcome;
      o.requisition_id = req_id;
      auto stage = code_or_label<Stage>(v["stage"].empty() ? "applied" : v["stage"]);
      if (!stage) return refuse(s, col("stage"), "unknown stage \"" + v["stage"] + "\"");
      o.stage = *stage;
      auto kind = code_or_label<OutcomeKind>(v["outcome"].empty() ? "runner_up" : v["outcome"]);
      if (!kind) return refuse(s, col("outcome"), "unknown outcome \"" + v["outcome"] + "\"");
      o.outcome = *kind;
      const std::string rank = trim(v["rank"]);
      if (!rank.empty()) {
        if (rank.size() > 5 || !std::all_of(rank.begin(), rank.end(), [](unsigned char ch) { return std::isdigit(ch); }))
          return refuse(s, col("rank"), "the rank must be a whole number (1 = next in line)");
        o.rank = std::stoi(rank);
      }
      const std::string reason = trim(v["reason"]);
      if (!reason.empty() || o.outcome != OutcomeKind::hired) {
        const ReasonInfo* info = nullptr;
        for (const ReasonInfo& ri : reasons())
          if (lower(ri.code) == lower(reason) || lower(ri.label) == lower(reason)) info = &ri;
        if (!info && !reason.empty()) {
          MappedReason m = reason_from_name(reason);
          o.reason = Reason{m.code, m.mapped ? v["reasonNote"] : reason};
        } else if (!info) {
          return refuse(s, col("reason"), "a reason is needed for a person who was not hired");
        } else {
          o.reason = Reason{std::string(info->code), v["reasonNote"]};
        }
        o.initiator = find_reason(o.reason.code)->initiator;
      }
      if (!trim(v["initiator"]).empty()) {
        auto ini = code_or_label<Initiator>(v["initiator"]);
        if (!ini) return refuse(s, col("initiator"), "unknown initiator \"" + v["initiator"] + "\"");
        o.initiator = *ini;
      }
      if (!trim(v["futureFit"]).empty()) {
        auto fit = code_or_label<FutureFit>(v["futureFit"]);
        if (!fit) return refuse(s, col("futureFit"), "unknown future fit \"" + v["futureFit"] + "\"");
        o.future_fit = *fit;
      }
      dec.field = col("reason");
      d.decisions.push_back(std::move(dec));
    } else if (!trim(v["stage"]).empty() || !trim(v["outcome"]).empty() || !trim(v["reason"]).empty()) {
      return refuse(s, col("requisitionId"), "an outcome needs a requisition (id or title)");
    }
    if (flags_given) {
      Flags f;
      for (const std::string& item : split_lines(v["flags"], false)) {
        const std::string l = lower(item);
        if (l == "open to contract" || l == "contract") f.open_to_contract = true;
        else if (l == "open to part-time" || l == "part-time" || l == "open to part time") f.open_to_part_time = true;
        else if (l.rfind("do not contact", 0) == 0) {
          f.do_not_contact = true;
          std::string why = item.substr(std::string("do not contact").size());
          if (!why.empty() && why[0] == ':') why.erase(0, 1);
          f.do_not_contact_reason = trim(why);
          if (f.do_not_contact_reason.empty())
            return refuse(s, col("flags"), "\"Do not contact\" needs a reason: \"Do not contact: why\"");
        } else {
          return refuse(s, col("flags"),
                        "unknown flag \"" + item + "\" (Open to contract, Open to part-time, Do not contact: why)");
        }
      }
      const std::string af = trim(v["availableFrom"]);
      if (!af.empty()) {
        auto date = parse_date(af);
        if (!date) return refuse(s, col("availableFrom"), "not a date (YYYY-MM-DD): \"" + af + "\"");
        f.available_from = date;
      }
      d.flags = f;
    }
    submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/name", "name"}, {"/emails", "email"}, {"/phones", "phone"}, {"/links", "links"},
          {"/location/country", "country"}, {"/location/city", "city"}, {"/location/region", "region"},
          {"/title", "title"}, {"/skills", "skills"}, {"/tags", "tags"}, {"/id", "candidateId"},
          {"/flags", "flags"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return col(std::string(to));
      return p;
    });
  }

  void drain_csv() {
    std::vector<std::size_t> lines;
    std::vector<csv::Row> rows = reader->take_rows(&lines);
    for (std::size_t i = 0; i < rows.size() && !stopped; ++i) {
      if (!header_done && !csv_header(rows[i], lines[i])) continue;
      if (stopped) break;
      csv_row(rows[i], lines[i]);
    }
  }
};

Importer::Importer(ImportFormat format, ImportOptions options, const State* existing)
    : impl_(std::make_unique<Impl>(format, std::move(options), existing)) {}
Importer::~Importer() = default;

Status Importer::feed(std::string_view chunk) {
  Impl& m = *impl_;
  if (m.report.error) return *m.report.error;
  if (m.format == ImportFormat::csv) {
    auto s = m.reader->feed(chunk);
    m.drain_csv();
    if (!s) m.report.error = s.error();
  } else {
    std::string error;
    const bool ok = m.stream->feed(chunk.data(), chunk.size(), error);
    m.drain_json();
    if (!ok) m.report.error = Error{ErrorCode::malformed_json, "", error};
  }
  if (m.report.error) return *m.report.error;
  return ok_status();
}

Status Importer::finish() {
  Impl& m = *impl_;
  if (m.report.error) return *m.report.error;
  if (m.format == ImportFormat::csv) {
    auto s = m.reader->finish();
    m.drain_csv();
    if (!s) m.report.error = s.error();
    else if (!m.header_done && !m.report.error)
      m.report.notes.push_back("the file holds no rows");
  } else {
    std::string error;
    const bool ok = m.stream->finish(error);
    m.drain_json();
    if (!ok) {
      m.report.error = Error{ErrorCode::malformed_json, "", error};
    } else if (!m.report.error) {
      const bool array_root = m.stream->root_is_array();
      if (m.format == ImportFormat::pool) {
        const json::object& top = m.stream->top();
        if (array_root || !top.contains("events"))
          m.report.error = Error{ErrorCode::missing_field, "/events",
                                 "not a runnerup log: {\"format\":\"runnerup.log\",\"version\":1,\"events\":[...]}"};
        else {
          const json::value* version = top.if_contains("version");
          if (!top.contains("format") || !top.at("format").is_string() || top.at("format").as_string() != kLogFormat)
            m.report.error = Error{ErrorCode::invalid_field, "/format", "not a runnerup log"};
          else if (!version || !version->is_int64() || version->as_int64() != kLogVersion)
            m.report.error = Error{ErrorCode::unsupported_version, "/version", "this build reads log version 1"};
        }
      } else if (!array_root) {
        const json::object& top = m.stream->top();
        const char* k1 = m.format == ImportFormat::greenhouse ? "candidates" : "data";
        const char* k2 = m.format == ImportFormat::greenhouse ? "applications" : "opportunities";
        if (!top.contains(k1) && !top.contains(k2))
          m.report.error = Error{ErrorCode::missing_field, "",
                                 std::string("no records: expected a list, or an object with \"") + k1 +
                                     "\" or \"" + k2 + "\""};
        for (const auto& [k, v] : top)
          if (v.is_array() && k != k1 && k != k2)
            m.report.notes.push_back("the list \"" + std::string(k) + "\" is not imported");
      }
    }
  }
  if (m.report.error) return *m.report.error;
  return ok_status();
}

std::vector<ImportedRecord> Importer::take_records() {
  std::vector<ImportedRecord> out;
  out.swap(impl_->out);
  return out;
}

ImportReport& Importer::report() { return impl_->report; }
std::uint64_t Importer::bytes_read() const {
  return impl_->format == ImportFormat::csv ? impl_->reader->bytes_read() : impl_->stream->bytes();
}

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
