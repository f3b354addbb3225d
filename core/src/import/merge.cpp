#include "import/merge.hpp"

#include <boost/json/value_from.hpp>

#include "import/source.hpp"

namespace runnerup::import {

namespace json = boost::json;

Intake::Intake(const State* existing) : existing_(existing) {
  if (existing_)
    for (const auto& [id, c] : existing_->candidates)
      for (const std::string& e : c.emails) email_owner_.emplace(lower(e), id);
}

std::size_t Intake::slot(std::size_t index, std::string id) {
  report.records.push_back(RecordReport{index, std::move(id), document, RecordStatus::accepted, "", ""});
  return report.records.size() - 1;
}

void Intake::refuse(std::size_t s, std::string field, std::string reason) {
  RecordReport& r = report.records[s];
  r.status = RecordStatus::refused;
  r.field = std::move(field);
  r.reason = std::move(reason);
  ++report.refused;
}

void Intake::accept_events(std::size_t s, std::vector<Event> events) {
  ++report.accepted;
  ImportedRecord rec;
  rec.report_slot = s;
  rec.events = std::move(events);
  out.push_back(std::move(rec));
}

const Candidate* Intake::known_candidate(const std::string& id) const {
  auto p = people_.find(id);
  if (p != people_.end()) return &p->second;
  if (existing_) {
    auto c = existing_->candidates.find(id);
    if (c != existing_->candidates.end()) return &c->second;
  }
  return nullptr;
}

bool Intake::known_requisition(const std::string& id) const {
  return requisitions_.count(id) || (existing_ && existing_->requisitions.count(id));
}

void Intake::submit(std::size_t s, Draft d, const FieldOf& field_of) {
  // The same person: same id, or one of the e-mails.
  std::string merged_with, why;
  if (const Candidate* same = known_candidate(d.candidate.id)) {
    merged_with = same->id;
    why = "the same ATS id";
  } else {
    for (const std::string& e : d.candidate.emails) {
      auto it = email_owner_.find(lower(e));
      if (it != email_owner_.end() && known_candidate(it->second)) {
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
    auto kept = flags_.find(c.id);
    if (kept != flags_.end()) f.future_roles = kept->second.future_roles;
    else if (existing_)
      if (const Flags* ef = existing_->flags_of(c.id)) f.future_roles = ef->future_roles;
    auto fl = decode_flags(json::value_from(f), "");
    if (!fl) return refuse(s, field_of("/flags" + fl.error().path), fl.error().message);
    flag_set = std::move(fl).value();
  }

  // Accepted: remember the person and what this import created.
  for (const std::string& id : new_reqs) requisitions_.insert(id);
  for (const std::string& e : c.emails) email_owner_[lower(e)] = c.id;
  people_[c.id] = c;
  rec.commands = std::move(reqs);
  rec.commands.push_back(SaveCandidate{c});
  for (Command& o : outcomes) rec.commands.push_back(std::move(o));
  if (flag_set) {
    flags_[c.id] = *flag_set;
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

}  // namespace runnerup::import
