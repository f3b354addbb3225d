// Greenhouse Harvest: GET /v1/candidates (with their applications), GET /v1/applications and a
// candidate's GET /v1/candidates/{id}/activity_feed, read with the export's jobs, job_stages,
// rejection_reasons and users.
#include <boost/json/object.hpp>

#include <unordered_map>

#include "import/reader.hpp"
#include "import/source.hpp"
#include "import/vocabulary.hpp"
#include "json_read.hpp"

namespace runnerup::import {

namespace json = boost::json;

namespace {

// The elements of a reference document: an array, or {"data":[...]}.
const json::array* listed(const std::map<std::string, json::value>& refs, const char* kind) {
  auto it = refs.find(kind);
  if (it == refs.end()) return nullptr;
  if (const json::object* o = it->second.if_object())
    if (const json::value* d = o->if_contains("data")) return d->if_array();
  return it->second.if_array();
}

bool truthy(const json::value& v, std::string* text) {
  if (v.is_bool()) return v.get_bool();
  if (const json::string* s = v.if_string()) {
    const std::string l = lower(trim(std::string_view(s->data(), s->size())));
    if (l.empty() || l == "no" || l == "false" || l == "none" || l == "n/a") return false;
    if (l != "yes" && l != "true") *text = trim(std::string_view(s->data(), s->size()));
    return true;
  }
  return !v.is_null();
}

struct Job {
  std::string name, code, department, status;
  std::vector<Opening> openings;
};
struct JobStage {
  std::string name;
  bool interviews = false;
};

class GreenhouseReader final : public JsonReader {
 public:
  GreenhouseReader(const ImportOptions& options, Intake& intake)
      : JsonReader(intake, options.max_depth), options_(options) {
    read_references();
  }

 protected:
  bool knows_document(std::string_view kind) const override {
    return kind == "candidates" || kind == "applications" || kind == "activity_feed";
  }
  bool wanted(const std::string& key) const override {
    if (kind_ == "activity_feed") return key == "notes";
    return key.empty() || key == "candidates" || key == "applications";
  }

  void record(std::size_t s, const detail::JsonRecord& r, const std::string& path) override {
    if (kind_ == "activity_feed") return note(s, r.value, path);
    // Candidates carry a name; applications a candidate_id.
    const json::object* o = r.value.if_object();
    if (kind_ == "applications" || r.key == "applications" ||
        (kind_.empty() && o && o->contains("candidate_id") && !o->contains("first_name")))
      application_record(s, r.value, path);
    else
      candidate(s, r.value, path);
  }

  void check_end() override {
    if (kind_ == "activity_feed") {
      for (const auto& [k, v] : stream_->top())
        if (v.is_array() && k != "notes" && !v.as_array().empty())
          intake_.report.notes.push_back("activity feed of " + subject_ + ": " + std::to_string(v.as_array().size()) +
                                         " " + std::string(k) + " not imported (only notes are)");
      return;
    }
    expect_lists("candidates", "applications");
  }

 private:
  std::string gh_id(const std::string& raw) const { return raw.empty() ? raw : options_.id_prefix + raw; }

  void read_references() {
    Src src;
    if (const json::array* jobs = listed(options_.references, "jobs"))
      for (const json::value& v : *jobs) {
        const json::object* o = v.if_object();
        const std::string id = src.id(at(o, "id"), "");
        if (id.empty()) continue;
        Job j;
        j.name = trim(src.text(at(o, "name"), ""));
        j.code = trim(src.id(at(o, "requisition_id"), ""));
        j.status = lower(src.text(at(o, "status"), ""));
        if (const json::array* deps = src.array(at(o, "departments"), ""); deps && !deps->empty())
          j.department = trim(src.text(at(src.object(&(*deps)[0], ""), "name"), ""));
        if (const json::array* ops = src.array(at(o, "openings"), ""))
          for (const json::value& ov : *ops) {
            const json::object* op = ov.if_object();
            Opening opening;
            opening.id = src.id(at(op, "opening_id"), "");
            if (opening.id.empty()) opening.id = src.id(at(op, "id"), "");
            const bool hired = at(op, "application_id") && !at(op, "application_id")->is_null();
            if (lower(src.text(at(op, "status"), "")) == "open") opening.status = OpeningStatus::open;
            else opening.status = hired ? OpeningStatus::filled : OpeningStatus::closed;
            opening.close_reason = trim(src.text(at(src.object(at(op, "close_reason"), ""), "name"), ""));
            j.openings.push_back(std::move(opening));
          }
        src.problem.reset();
        jobs_[gh_id(id)] = std::move(j);
      }
    if (const json::array* stages = listed(options_.references, "job_stages"))
      for (const json::value& v : *stages) {
        const json::object* o = v.if_object();
        const std::string id = src.id(at(o, "id"), "");
        const json::array* interviews = src.array(at(o, "interviews"), "");
        if (!id.empty()) stages_[id] = JobStage{trim(src.text(at(o, "name"), "")), interviews && !interviews->empty()};
        src.problem.reset();
      }
    if (const json::array* reasons = listed(options_.references, "rejection_reasons"))
      for (const json::value& v : *reasons) {
        const json::object* o = v.if_object();
        const std::string id = src.id(at(o, "id"), "");
        if (!id.empty()) reasons_[id] = v;
        src.problem.reset();
      }
    if (const json::array* users = listed(options_.references, "users"))
      for (const json::value& v : *users) {
        const json::object* o = v.if_object();
        const std::string id = src.id(at(o, "id"), "");
        std::string name = trim(src.text(at(o, "name"), ""));
        if (name.empty()) name = trim(src.text(at(o, "first_name"), "") + " " + src.text(at(o, "last_name"), ""));
        if (!id.empty()) users_[id] = name;
        src.problem.reset();
      }
  }

  // The requisition of a job, from the jobs document when it was given.
  void requisition_of(Src& src, const json::object* job, const std::string& path, Requisition& r) {
    r.id = gh_id(src.id(at(job, "id"), path + "/id", true));
    r.title = trim(src.text(at(job, "name"), path + "/name"));
    auto known = jobs_.find(r.id);
    if (known == jobs_.end()) {
      if (r.title.empty()) r.title = "Greenhouse job " + r.id;
      return;
    }
    const Job& j = known->second;
    if (!j.name.empty()) r.title = j.name;
    r.code = j.code;
    r.department = j.department;
    r.openings = j.openings;
    bool open = false, filled = false;
    for (const Opening& o : j.openings) {
      open = open || o.status == OpeningStatus::open;
      filled = filled || o.status == OpeningStatus::filled;
    }
    if (j.openings.empty()) r.status = j.status == "closed" ? RequisitionStatus::filled : RequisitionStatus::open;
    else r.status = open ? RequisitionStatus::open : filled ? RequisitionStatus::filled : RequisitionStatus::cancelled;
  }

  // What the recruiter recorded at the rejection (custom rejection questions).
  void rejection_details(Src& src, const json::object* a, const std::string& path, Decision& dec, Draft& d,
                         std::optional<Instant> rejected_at) {
    const json::object* details = src.object(at(a, "rejection_details"), path + "/rejection_details");
    if (!details) return;
    std::vector<std::tuple<std::string, std::string, const json::value*>> fields;  // label, pointer, value
    if (const json::object* keyed = src.object(at(details, "keyed_custom_fields"), path + "/rejection_details/keyed_custom_fields")) {
      for (const auto& [key, f] : *keyed) {
        const std::string p = path + "/rejection_details/keyed_custom_fields/" + detail::pointer_token(std::string(key));
        const json::object* fo = f.if_object();
        fields.emplace_back(std::string(key) + " " + src.text(at(fo, "name"), p + "/name"), p + "/value", at(fo, "value"));
      }
    } else if (const json::object* plain = src.object(at(details, "custom_fields"), path + "/rejection_details/custom_fields")) {
      for (const auto& [key, v] : *plain)
        fields.emplace_back(std::string(key), path + "/rejection_details/custom_fields/" + detail::pointer_token(std::string(key)), &v);
    }
    Outcome& o = dec.outcome;
    for (const auto& [label_raw, pointer, value] : fields) {
      if (!value || value->is_null()) continue;
      const std::string label = lower(label_raw);
      std::string text;
      const bool yes = truthy(*value, &text);
      if (has(label, "feedback")) {
        if (!yes) continue;
        if (!rejected_at) {
          d.left_out.push_back(pointer + " (feedback given, but the application has no rejected_at to date it)");
          continue;
        }
        FeedbackGiven f;
        f.requisition_id = dec.requisition.id;
        f.given_at = *rejected_at;
        f.by = "Greenhouse";
        f.channel = Channel::other;
        // The question and its answer, as the recruiter filled them in.
        const std::string question = trim(label_raw.substr(label_raw.find(' ') + 1));
        f.summary = (question.empty() ? label_raw : question) + ": " +
                    (value->is_string() ? trim(std::string_view(value->as_string().data(), value->as_string().size()))
                                        : std::string(yes ? "Yes" : "No"));
        d.feedback.push_back(std::move(f));
      } else if (has(label, "contract")) {
        d.ats_flags.open_to_contract = d.ats_flags.open_to_contract || yes;
      } else if (has(label, "part-time") || has(label, "part time")) {
        d.ats_flags.open_to_part_time = d.ats_flags.open_to_part_time || yes;
      } else if (has(label, "future")) {
        if (yes) o.future_fit = FutureFit::qualified;
      } else if (has(label, "skill") || has(label, "gap")) {
        const std::string all = value->is_string() ? std::string(value->as_string()) : "";
        std::string cur;
        std::size_t parts = 0;
        for (char ch : all + ",") {
          if (ch == ',' || ch == ';' || ch == '\n') {
            if (!trim(cur).empty()) ++parts, add_unique(o.skill_gaps, normalise_skill(cur));
            cur.clear();
          } else {
            cur += ch;
          }
        }
        if (parts > 1) d.changed.push_back(pointer + " read as " + std::to_string(parts) + " skill gaps");
      } else {
        d.left_out.push_back(pointer + " (\"" + label_raw.substr(0, 60) + "\": no field for it)");
      }
    }
  }

  // One application: an outcome, or a note of why it is left out.
  void application(Src& src, const json::object* a, const std::string& path, Draft& d) {
    const std::string app_id = src.id(at(a, "id"), path + "/id");
    const std::string status = lower(src.text(at(a, "status"), path + "/status"));
    const bool prospect = src.boolean(at(a, "prospect"), path + "/prospect");
    const json::array* jobs = src.array(at(a, "jobs"), path + "/jobs");
    const json::object* stage = src.object(at(a, "current_stage"), path + "/current_stage");
    Changes how{d.changed, d.left_out};
    std::string stage_name = kept_line(src, at(stage, "name"), path + "/current_stage/name", how);
    const std::string stage_id = src.id(at(stage, "id"), path + "/current_stage/id");
    if (src.problem) return;
    Decision dec;
    dec.field = path;
    const json::object* job = jobs && !jobs->empty() ? src.object(&(*jobs)[0], path + "/jobs/0") : nullptr;
    if (job) requisition_of(src, job, path + "/jobs/0", dec.requisition);
    if (jobs && jobs->size() > 1)
      d.left_out.push_back("the other " + std::to_string(jobs->size() - 1) + " jobs of prospect application " + app_id);
    if (src.problem) return;
    Outcome& o = dec.outcome;
    o.ats_id = gh_id(app_id);
    auto known_stage = stages_.find(stage_id);
    if (stage_name.empty() && known_stage != stages_.end()) stage_name = known_stage->second.name;
    o.stage_name = stage_name;
    o.stage = stage_from_name(stage_name);
    if (o.stage == Stage::unknown && known_stage != stages_.end() && known_stage->second.interviews) {
      o.stage = Stage::interview;
      d.changed.push_back("stage \"" + stage_name + "\" counted as an interview (it holds interviews in job_stages)");
    }
    if (status == "rejected") {
      const json::object* rr = src.object(at(a, "rejection_reason"), path + "/rejection_reason");
      if (rr && !at(rr, "name")) {  // an id only: the rejection_reasons document names it
        auto known = reasons_.find(src.id(at(rr, "id"), path + "/rejection_reason/id"));
        if (known != reasons_.end()) rr = known->second.if_object();
      }
      const std::string name = kept_line(src, at(rr, "name"), path + "/rejection_reason/name", how);
      const json::object* type = src.object(at(rr, "type"), path + "/rejection_reason/type");
      const std::string type_name = lower(trim(src.text(at(type, "name"), path + "/rejection_reason/type/name")));
      auto decided = src.instant(at(a, "rejected_at"), path + "/rejected_at");
      if (src.problem) return;
      const MappedReason m = reason_from_name(name);
      o.reason.code = m.code;
      o.reason.text = name;
      if (m.code == "other") o.reason.note = name.empty() ? "No reason given in Greenhouse" : name;
      if (type_name == "we rejected them") o.initiator = Initiator::we_decided;
      else if (type_name == "they rejected us") o.initiator = Initiator::candidate_withdrew;
      else o.initiator = Initiator::not_specified;  // "None specified", no type, no reason
      if (o.initiator == Initiator::not_specified)
        if (auto mapped = initiator_from_mapping(options_.initiator_by_reason, name)) {
          o.initiator = *mapped;
          d.changed.push_back("initiator " + std::string(code_of(*mapped)) + " from your mapping of \"" + name + "\"");
        }
      if (m.outcome) o.outcome = *m.outcome;
      else if (o.initiator == Initiator::candidate_withdrew && type_name == "they rejected us") o.outcome = OutcomeKind::withdrew;
      else o.outcome = OutcomeKind::rejected;
      o.decided_at = decided.value_or(0);
      rejection_details(src, a, path, dec, d, decided);
      if (src.problem) return;
    } else if (status == "hired") {
      o.outcome = OutcomeKind::hired;
      o.stage = Stage::offer;
      o.initiator = Initiator::not_specified;
      o.decided_at = src.instant(at(a, "last_activity_at"), path + "/last_activity_at").value_or(0);
    } else if (prospect && (status == "active" || status.empty())) {
      // A prospect is someone to keep warm: a pool entry, on its job or on the prospects list.
      if (!job) {
        dec.requisition.id = gh_id("prospects");
        dec.requisition.title = "Greenhouse prospects";
      }
      o.outcome = OutcomeKind::runner_up;
      o.reason = Reason{"other", "Prospect in Greenhouse", ""};
      o.initiator = Initiator::not_specified;
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

  void candidate(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    Draft d;
    Changes how{d.changed, d.left_out};
    Candidate& c = d.candidate;
    const std::string raw = src.id(at(o, "id"), path + "/id", true);
    c.id = gh_id(raw);
    if (!c.id.empty()) c.ats_ids.push_back(c.id);
    intake_.report.records[s].id = c.id;
    // A name that cannot be stored is not left out: who the person is would change.
    auto name_part = [&](const char* key) {
      std::vector<std::string> bad;
      std::string part = kept_line(src, at(o, key), path + "/" + key, Changes{d.changed, bad});
      if (!bad.empty() && !src.problem) src.fail(path + "/" + key, "cannot be stored: " + bad.front());
      return part;
    };
    const std::string first = name_part("first_name");
    const std::string last = name_part("last_name");
    c.name = first.empty() || last.empty() ? first + last : first + " " + last;
    if (c.name.empty() && !src.problem) src.fail(path + "/first_name", "the candidate has no name");
    c.title = kept_line(src, at(o, "title"), path + "/title", how);
    c.company = kept_line(src, at(o, "company"), path + "/company", how);
    c.confidential = src.boolean(at(o, "is_private"), path + "/is_private");
    if (auto updated = src.instant(at(o, "updated_at"), path + "/updated_at")) c.ats_updated_at = *updated;
    if (const json::value* ce = at(o, "can_email"); ce && ce->is_bool() && !ce->get_bool())
      d.ats_flags.do_not_contact_reason = "Greenhouse: can_email is false (imported from the ATS)";
    auto values = [&](std::string_view key, std::vector<std::string>& into, bool links) {
      const json::array* a = src.array(at(o, key), path + "/" + std::string(key));
      if (!a) return;
      for (std::size_t i = 0; i < a->size(); ++i) {
        const std::string p = path + "/" + std::string(key) + "/" + std::to_string(i);
        const json::object* item = src.object(&(*a)[i], p);
        std::string value = kept_line(src, at(item, "value"), p + "/value", how);
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
      const std::string text = kept_line(src, at(a0, "value"), path + "/addresses/0/value", how);
      c.location = location_from_text(text);
      if (text.find(',') != std::string::npos)
        d.changed.push_back("address \"" + text.substr(0, 80) + "\" read as city \"" + c.location.city + "\", region \"" +
                            c.location.region + "\", country \"" + c.location.country + "\"");
      for (std::size_t i = 1; i < addr->size(); ++i) d.left_out.push_back(path + "/addresses/" + std::to_string(i) + " (one location is kept)");
    }
    if (const json::array* tags = src.array(at(o, "tags"), path + "/tags"))
      for (std::size_t i = 0; i < tags->size(); ++i) {
        const std::string tag = kept_line(src, &(*tags)[i], path + "/tags/" + std::to_string(i), how);
        add_unique(c.tags, tag);
        const std::string l = lower(tag);
        if (l == "open to contract") d.ats_flags.open_to_contract = true;
        if (l == "open to part-time" || l == "open to part time") d.ats_flags.open_to_part_time = true;
      }
    if (const json::array* apps = src.array(at(o, "applications"), path + "/applications")) {
      for (std::size_t i = 0; i < apps->size() && !src.problem; ++i) {
        const std::string p = path + "/applications/" + std::to_string(i);
        const json::object* a = src.object(&(*apps)[i], p);
        if (src.problem) break;
        if (c.source.empty()) {
          const json::object* so = src.object(at(a, "source"), p + "/source");
          c.source = kept_line(src, at(so, "public_name"), p + "/source/public_name", how);
        }
        application(src, a, p, d);
      }
    }
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    intake_.submit(s, std::move(d), [&](const std::string& p) {
      static const std::pair<std::string_view, std::string_view> kMap[] = {
          {"/name", "/first_name"}, {"/emails", "/email_addresses"}, {"/phones", "/phone_numbers"},
          {"/links", "/website_addresses"}, {"/location", "/addresses"}, {"/title", "/title"},
          {"/tags", "/tags"}, {"/source", "/applications"}, {"/id", "/id"}, {"/company", "/company"}};
      for (const auto& [from, to] : kMap)
        if (p.rfind(from, 0) == 0) return path + std::string(to) + p.substr(from.size());
      return path + p;
    });
  }

  // A bare application (GET /v1/applications): its candidate must already be known.
  void application_record(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* a = src.object(&v, path);
    const std::string cand = gh_id(src.id(at(a, "candidate_id"), path + "/candidate_id", true));
    intake_.report.records[s].id = src.id(at(a, "id"), path + "/id");
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    const Candidate* known = intake_.known_candidate(cand);
    if (!known)
      return intake_.refuse(s, path + "/candidate_id",
                            "candidate " + cand + " is neither in this export (before this application) nor in the pool");
    Draft d;
    d.candidate = *known;
    application(src, a, path, d);
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    intake_.submit(s, std::move(d), [&](const std::string& p) { return path + p; });
    ImportReport& report = intake_.report;
    if (report.records[s].status == RecordStatus::merged) {  // an application is not a person
      report.records[s].status = RecordStatus::accepted;
      const std::string& why = report.records[s].reason;
      const std::size_t rest = why.find("; ");
      report.records[s].reason = rest == std::string::npos ? "" : why.substr(rest + 2);
      --report.merged;
      ++report.accepted;
    }
  }

  // A note of a candidate's activity feed: kept with their outcome, exactly as written.
  void note(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    intake_.report.records[s].id = src.id(at(o, "id"), path + "/id");
    const std::string body = src.text(at(o, "body"), path + "/body");
    const bool secret = src.boolean(at(o, "private"), path + "/private") ||
                        lower(src.text(at(o, "visibility"), path + "/visibility")) == "private";
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    if (secret) return intake_.refuse(s, path + "/private", "a private note in Greenhouse: not imported");
    if (body.empty()) return intake_.refuse(s, path + "/body", "the note is empty");
    if (const std::string_view why = detail::text_problem(body, detail::Text::multiline); !why.empty())
      return intake_.refuse(s, path + "/body", "cannot be stored: " + std::string(why));
    const std::string cid = gh_id(subject_);
    const Candidate* who = intake_.known_candidate(cid);
    if (!who) return intake_.refuse(s, path, "candidate " + cid + " is neither in this export nor in the pool");
    const std::vector<const Outcome*> outcomes = intake_.outcomes_of(who->id);
    if (outcomes.empty()) return intake_.refuse(s, path, who->id + " has no outcome to keep the note with");
    const Outcome* latest = outcomes.front();
    for (const Outcome* x : outcomes)
      if (x->decided_at > latest->decided_at) latest = x;
    std::string how = "kept with the outcome on " + latest->requisition_id;
    if (outcomes.size() > 1) how += " (the latest decision: a Greenhouse note names no application)";
    intake_.add_note(s, *latest, body, path + "/body", how);
  }

  const ImportOptions& options_;
  std::unordered_map<std::string, Job> jobs_;            // by requisition id (prefixed job id)
  std::unordered_map<std::string, JobStage> stages_;     // by stage id
  std::unordered_map<std::string, json::value> reasons_;  // by rejection reason id
  std::unordered_map<std::string, std::string> users_;  // by user id: names
};

}  // namespace

std::unique_ptr<FormatReader> make_greenhouse_reader(const ImportOptions& options, Intake& intake) {
  return std::make_unique<GreenhouseReader>(options, intake);
}

}  // namespace runnerup::import
