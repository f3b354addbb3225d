// Greenhouse Harvest: GET /v1/candidates (with their applications) and GET /v1/applications.
#include <boost/json/object.hpp>

#include "import/reader.hpp"
#include "import/source.hpp"
#include "import/vocabulary.hpp"

namespace runnerup::import {

namespace json = boost::json;

namespace {

class GreenhouseReader final : public JsonReader {
 public:
  GreenhouseReader(const ImportOptions& options, Intake& intake)
      : JsonReader(intake, options.max_depth), options_(options) {}

 protected:
  bool knows_document(std::string_view kind) const override {
    return kind == "candidates" || kind == "applications";
  }
  bool wanted(const std::string& key) const override {
    return key.empty() || key == "candidates" || key == "applications";
  }

  void record(std::size_t s, const detail::JsonRecord& r, const std::string& path) override {
    // Candidates carry a name; applications a candidate_id.
    const json::object* o = r.value.if_object();
    if (kind_ == "applications" || r.key == "applications" ||
        (kind_.empty() && o && o->contains("candidate_id") && !o->contains("first_name")))
      application_record(s, r.value, path);
    else
      candidate(s, r.value, path);
  }

  void check_end() override { expect_lists("candidates", "applications"); }

 private:
  std::string gh_id(const std::string& raw) const { return raw.empty() ? raw : options_.id_prefix + raw; }

  // One application: an outcome, or a note of why it is left out.
  void application(Src& src, const json::object* a, const std::string& path, Draft& d) {
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

  void candidate(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* o = src.object(&v, path);
    Draft d;
    Candidate& c = d.candidate;
    const std::string raw = src.id(at(o, "id"), path + "/id", true);
    c.id = gh_id(raw);
    intake_.report.records[s].id = c.id;
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
        application(src, a, p, d);
      }
    }
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    intake_.submit(s, std::move(d), [&](const std::string& p) {
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
  void application_record(std::size_t s, const json::value& v, const std::string& path) {
    Src src;
    const json::object* a = src.object(&v, path);
    const std::string cand = gh_id(src.id(at(a, "candidate_id"), path + "/candidate_id", true));
    intake_.report.records[s].id = src.id(at(a, "id"), path + "/id");
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    const Candidate* known = intake_.known_candidate(cand);
    if (!known)
      return intake_.refuse(s, path + "/candidate_id",
                            "candidate " + cand + " is neither in this file (before this application) nor in the pool");
    Draft d;
    d.candidate = *known;
    application(src, a, path, d);
    if (src.problem) return intake_.refuse(s, src.problem->field, src.problem->reason);
    intake_.submit(s, std::move(d), [&](const std::string& p) { return path + p; });
    ImportReport& report = intake_.report;
    if (report.records[s].status == RecordStatus::merged) {  // an application is not a person
      report.records[s].status = RecordStatus::accepted;
      report.records[s].reason.clear();
      --report.merged;
      ++report.accepted;
    }
  }

  const ImportOptions& options_;
};

}  // namespace

std::unique_ptr<FormatReader> make_greenhouse_reader(const ImportOptions& options, Intake& intake) {
  return std::make_unique<GreenhouseReader>(options, intake);
}

}  // namespace runnerup::import
