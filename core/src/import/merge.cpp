#include "import/merge.hpp"

#include <boost/json/value_from.hpp>

#include <algorithm>
#include <cstdlib>

#include "import/source.hpp"
#include "json_read.hpp"

namespace runnerup::import {

namespace json = boost::json;

Intake::Intake(const State* existing) : existing_(existing) {
  if (!existing_) return;
  for (const auto& [id, c] : existing_->candidates) {
    for (const std::string& e : c.emails) email_owner_.emplace(lower(e), id);
    for (const std::string& a : c.ats_ids) ats_owner_.emplace(a, id);
  }
  for (const auto& [key, o] : existing_->outcomes)
    if (!o.ats_id.empty()) outcome_of_ats_.emplace(o.ats_id, key);
}

std::size_t Intake::slot(std::size_t index, std::size_t number, std::string id) {
  report.records.push_back(RecordReport{index, std::move(id), document, RecordStatus::accepted, "", "", number, false});
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
  auto owner = ats_owner_.find(id);
  if (owner != ats_owner_.end() && owner->second != id) return known_candidate(owner->second);
  return nullptr;
}

bool Intake::known_requisition(const std::string& id) const {
  return requisitions_.count(id) || (existing_ && existing_->requisitions.count(id));
}

const Outcome* Intake::known_outcome(const std::string& cid, const std::string& rid) const {
  auto mine = outcomes_.find({cid, rid});
  if (mine != outcomes_.end()) return &mine->second;
  if (existing_) {
    auto theirs = existing_->outcomes.find({cid, rid});
    if (theirs != existing_->outcomes.end()) return &theirs->second;
  }
  return nullptr;
}

const Outcome* Intake::outcome_by_ats_id(const std::string& ats_id) const {
  auto it = outcome_of_ats_.find(ats_id);
  return it == outcome_of_ats_.end() ? nullptr : known_outcome(it->second.first, it->second.second);
}

std::vector<const Outcome*> Intake::outcomes_of(const std::string& cid) const {
  std::vector<const Outcome*> all;
  for (auto it = outcomes_.lower_bound({cid, ""}); it != outcomes_.end() && it->first.first == cid; ++it)
    all.push_back(&it->second);
  if (existing_)
    for (auto it = existing_->outcomes.lower_bound({cid, ""}); it != existing_->outcomes.end() && it->first.first == cid; ++it)
      if (!outcomes_.count(it->first)) all.push_back(&it->second);
  return all;
}

void Intake::remember_outcome(const Outcome& o) {
  outcomes_[{o.candidate_id, o.requisition_id}] = o;
  if (!o.ats_id.empty()) outcome_of_ats_[o.ats_id] = {o.candidate_id, o.requisition_id};
}

namespace {

bool located(const Location& l) { return !l.city.empty() || !l.region.empty() || !l.country.empty(); }

// Two copies of one person: lists are joined; single values come from the copy the ATS changed
// last (the one already known when neither says), each filling what the other lacks.
Candidate merge_people(Candidate base, const Candidate& c) {
  for (const std::string& a : c.ats_ids) add_unique(base.ats_ids, a);
  for (const std::string& e : c.emails) add_unique(base.emails, e, true);
  for (const std::string& p : c.phones) add_unique(base.phones, p);
  for (const std::string& l : c.links) add_unique(base.links, l);
  for (const std::string& t : c.tags) add_unique(base.tags, t);
  for (const std::string& k : c.skills) add_unique(base.skills, k);
  const bool newer = c.ats_updated_at > base.ats_updated_at;
  auto take = [&](std::string& mine, const std::string& theirs) {
    if (theirs.empty()) return;
    if (mine.empty() || newer) mine = theirs;
  };
  take(base.name, c.name);
  take(base.title, c.title);
  take(base.source, c.source);
  take(base.seniority, c.seniority);
  take(base.company, c.company);
  if (located(c.location) && (!located(base.location) || newer)) base.location = c.location;
  if (newer) {
    base.confidential = c.confidential;
    base.ats_updated_at = c.ats_updated_at;
  } else {
    base.confidential = base.confidential || (c.ats_updated_at == 0 && c.confidential);
  }
  return base;
}

// Removes the value at `path` ("/emails/1", "/location/city", "/title") from the person; false
// when it is not one to leave out.
bool drop_bad_value(Candidate& c, const std::string& path) {
  auto item = [&](const char* list, std::vector<std::string>& values) {
    const std::string prefix = std::string("/") + list + "/";
    if (path.rfind(prefix, 0) != 0) return false;
    const std::size_t i = static_cast<std::size_t>(std::strtoul(path.c_str() + prefix.size(), nullptr, 10));
    if (i >= values.size()) return false;
    values.erase(values.begin() + static_cast<std::ptrdiff_t>(i));
    return true;
  };
  if (item("emails", c.emails) || item("phones", c.phones) || item("links", c.links) || item("tags", c.tags) ||
      item("skills", c.skills) || item("atsIds", c.ats_ids))
    return true;
  auto scalar = [&](const char* field, std::string& value) {
    if (path != std::string("/") + field || value.empty()) return false;
    value.clear();
    return true;
  };
  if (scalar("title", c.title) || scalar("company", c.company) || scalar("source", c.source) ||
      scalar("seniority", c.seniority))
    return true;
  if (path.rfind("/location", 0) == 0 && (!c.location.city.empty() || !c.location.region.empty() || !c.location.country.empty())) {
    c.location = Location{};
    return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& p : parts) text += (text.empty() ? "" : "; ") + p;
  return text;
}

}  // namespace

void Intake::submit(std::size_t s, Draft d, const FieldOf& field_of) {
  // The same person: same id (or one of their ATS ids), or one of the e-mails.
  std::string merged_with, why;
  if (const Candidate* same = known_candidate(d.candidate.id)) {
    merged_with = same->id;
    why = same->id == d.candidate.id ? "the same ATS id" : "the ATS id " + d.candidate.id + " of a merged record";
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
    const Candidate& base = *known_candidate(merged_with);
    if (c.ats_updated_at > base.ats_updated_at && base.ats_updated_at != 0)
      why += "; this copy was changed later in the ATS (" + format_instant(c.ats_updated_at) + "), its values win";
    c = merge_people(base, c);
  }
  // Structure and formats, as the pool's own decoders check them. One bad value (an e-mail
  // that is none, a location the pool cannot store) is left out, and said; the record is
  // refused only when what is wrong is who the person is (id, name).
  for (;;) {
    auto checked = decode_candidate(json::value_from(c), "");
    if (checked) {
      c = std::move(checked).value();
      break;
    }
    const Error& e = checked.error();
    if (!drop_bad_value(c, e.path)) return refuse(s, field_of(e.path), e.message);
    d.left_out.push_back(field_of(e.path) + " (" + e.message + ")");
  }

  ImportedRecord rec;
  rec.report_slot = s;
  std::vector<Command> reqs, outcomes, after;
  std::vector<Outcome> recorded;
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
    // A note imported earlier (an activity feed read before) stays with the outcome.
    if (dec.outcome.note.empty())
      if (const Outcome* before = known_outcome(c.id, dec.outcome.requisition_id)) dec.outcome.note = before->note;
    auto o = decode_outcome(json::value_from(dec.outcome), "");
    if (!o) return refuse(s, dec.field + o.error().path, o.error().message);
    recorded.push_back(o.value());
    outcomes.push_back(RecordOutcome{std::move(o).value(), std::nullopt, std::nullopt});
  }

  // Flags: a CSV gives them whole; an ATS sets some, keeping the others.
  const Flags* had = nullptr;
  if (auto kept = flags_.find(c.id); kept != flags_.end()) had = &kept->second;
  else if (existing_) had = existing_->flags_of(c.id);
  std::optional<Flags> flag_set;
  if (d.flags) {
    Flags f = *d.flags;
    if (had) f.future_roles = had->future_roles;  // future roles are not in a CSV: keep them
    flag_set = f;
  } else if (d.ats_flags.any()) {
    Flags f = had ? *had : Flags{};
    f.open_to_contract = f.open_to_contract || d.ats_flags.open_to_contract;
    f.open_to_part_time = f.open_to_part_time || d.ats_flags.open_to_part_time;
    if (!d.ats_flags.do_not_contact_reason.empty() && !f.do_not_contact) {
      f.do_not_contact = true;
      f.do_not_contact_reason = d.ats_flags.do_not_contact_reason;
    }
    flag_set = f;
  }
  if (flag_set) {
    auto fl = decode_flags(json::value_from(*flag_set), "");
    if (!fl) return refuse(s, field_of("/flags" + fl.error().path), fl.error().message);
    flag_set = std::move(fl).value();
  }
  const bool do_not_contact = flag_set ? flag_set->do_not_contact : (had && had->do_not_contact);

  // What the recruiter recorded at the decision comes before the flags it led to. Feedback
  // and follow-ups the pool holds already (the same export imported again) are not added twice.
  for (FeedbackGiven& f : d.feedback) {
    f.candidate_id = c.id;
    auto checked_feedback = decode_feedback_given(json::value_from(f), "");
    if (!checked_feedback) {
      d.left_out.push_back("the feedback given (" + checked_feedback.error().message + ")");
      continue;
    }
    if (holds_feedback(c.id, f)) {
      d.left_out.push_back("the feedback given on " + format_instant(f.given_at) + " (in the pool already)");
      continue;
    }
    after.push_back(GiveFeedback{f});
  }
  if (flag_set) after.push_back(SetFlags{c.id, *flag_set});
  if (d.consent) after.push_back(RecordConsent{c.id, *d.consent});
  for (FollowUp& f : d.follow_ups) {
    if (do_not_contact) {
      d.left_out.push_back("the follow-up due " + format_date(f.due) + " (the person is not to be contacted)");
      continue;
    }
    f.candidate_id = c.id;
    if (holds_follow_up(f)) {
      d.left_out.push_back("the follow-up due " + format_date(f.due) + " (in the pool already)");
      continue;
    }
    after.push_back(ScheduleFollowUp{f});
  }

  // Accepted: remember the person and what this import created.
  for (const std::string& id : new_reqs) requisitions_.insert(id);
  for (const std::string& e : c.emails) email_owner_[lower(e)] = c.id;
  for (const std::string& a : c.ats_ids) ats_owner_[a] = c.id;
  if (!merged_with.empty() && d.candidate.id != c.id) ats_owner_[d.candidate.id] = c.id;
  people_[c.id] = c;
  for (const Outcome& o : recorded) remember_outcome(o);
  if (flag_set) flags_[c.id] = *flag_set;
  rec.commands = std::move(reqs);
  rec.commands.push_back(SaveCandidate{c});
  for (Command& o : outcomes) rec.commands.push_back(std::move(o));
  for (Command& a : after) rec.commands.push_back(std::move(a));
  RecordReport& r = report.records[s];
  if (!merged_with.empty()) {
    r.status = RecordStatus::merged;
    r.reason = "merged into " + merged_with + ": " + why;
    ++report.merged;
  } else {
    ++report.accepted;
  }
  if (!d.changed.empty()) r.reason += (r.reason.empty() ? "changed: " : "; changed: ") + joined(d.changed);
  if (!d.left_out.empty()) r.reason += (r.reason.empty() ? "not imported: " : "; not imported: ") + joined(d.left_out);
  out.push_back(std::move(rec));
}

bool Intake::holds_feedback(const std::string& candidate_id, const FeedbackGiven& f) const {
  if (!existing_) return false;
  auto given = existing_->feedback.find(candidate_id);
  if (given == existing_->feedback.end()) return false;
  for (const FeedbackGiven& g : given->second)
    if (g.requisition_id == f.requisition_id && g.given_at == f.given_at && g.by == f.by && g.channel == f.channel &&
        g.strengths == f.strengths && g.improvements == f.improvements && g.summary == f.summary)
      return true;
  return false;
}

bool Intake::holds_follow_up(const FollowUp& f) const {
  if (!existing_) return false;
  for (const auto& [id, g] : existing_->follow_ups)
    if (g.candidate_id == f.candidate_id && g.due == f.due && g.note == f.note && (f.owner.empty() || g.owner == f.owner))
      return true;
  return false;
}

void Intake::add_note(std::size_t s, const Outcome& to, const std::string& text, const std::string& field,
                      const std::string& how) {
  Outcome o = to;
  if (!o.note.empty() && o.note.find(text) != std::string::npos) {
    report.records[s].reason = "already imported";
    ++report.accepted;
    return;
  }
  o.note = o.note.empty() ? text : o.note + "\n\n" + text;
  if (o.note.size() > detail::kMaxNote)
    return refuse(s, field,
                  "the note is " + std::to_string(text.size()) + " bytes" +
                      (o.note.size() > text.size() ? " (" + std::to_string(o.note.size()) + " with the notes before it)" : "") +
                      "; the pool keeps an outcome's notes up to " + std::to_string(detail::kMaxNote) +
                      " bytes, so it is not imported");
  auto checked = decode_outcome(json::value_from(o), "");
  if (!checked) return refuse(s, field, checked.error().message);
  remember_outcome(checked.value());
  ImportedRecord rec;
  rec.report_slot = s;
  rec.commands.push_back(RecordOutcome{std::move(checked).value(), std::nullopt, std::nullopt});
  report.records[s].reason = how;
  ++report.accepted;
  out.push_back(std::move(rec));
}

}  // namespace runnerup::import
