// A requisition's close-out (runnerup/close_out.hpp): the command's finalists decoded, the rule
// that turns them into one action's events, the form's answer and the write-back to the host.
#include "runnerup/close_out.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <boost/json/value_from.hpp>

#include "json_read.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

const std::array<CodeLabel, 4> Vocabulary<CloseOutChoice>::items = {{
    {"hired", "Hired"},
    {"runner_up", "Runner-up"},
    {"not_selected", "Not selected"},
    {"not_a_fit", "Not a fit"},
}};

namespace {

OutcomeKind kind_of(CloseOutChoice c) {
  switch (c) {
    case CloseOutChoice::hired: return OutcomeKind::hired;
    case CloseOutChoice::runner_up: return OutcomeKind::runner_up;
    default: return OutcomeKind::rejected;
  }
}

std::string finalist_path(std::size_t i) { return "/finalists/" + std::to_string(i); }

const std::string& person(const State& s, const std::string& id) {
  auto it = s.candidates.find(id);
  return it == s.candidates.end() ? id : it->second.name;
}

// Whether the person has asked for feedback on this requisition (or on none) and not had it.
const FeedbackRequest* owed_request(const State& s, const std::string& candidate_id, const std::string& requisition_id,
                                    Date today) {
  for (const OwedFeedback& f : feedback_owed(s, today))
    if (f.candidate->id == candidate_id && (f.request->requisition_id.empty() || f.request->requisition_id == requisition_id))
      return f.request;
  return nullptr;
}

// The requisition's runner-ups outside the close-out, in their rank order (unranked last).
std::vector<std::string> other_runner_ups(const State& s, const std::string& requisition_id,
                                          const std::set<std::string>& listed) {
  std::vector<std::pair<int, std::string>> others;
  for (const std::string& id : s.people_of(requisition_id)) {
    const Outcome& o = s.outcomes.at({id, requisition_id});
    if (o.outcome == OutcomeKind::runner_up && !listed.count(id)) others.emplace_back(o.rank == 0 ? 1'000'000 : o.rank, id);
  }
  std::sort(others.begin(), others.end());
  std::vector<std::string> out;
  for (auto& [rank, id] : others) out.push_back(std::move(id));
  return out;
}

}  // namespace

std::optional<CloseOutChoice> choice_of(const Outcome& o) {
  switch (o.outcome) {
    case OutcomeKind::hired: return CloseOutChoice::hired;
    case OutcomeKind::runner_up: return CloseOutChoice::runner_up;
    case OutcomeKind::rejected: return o.future_fit == FutureFit::not_a_fit ? CloseOutChoice::not_a_fit : CloseOutChoice::not_selected;
    default: return std::nullopt;
  }
}

Result<std::vector<CloseOutFinalist>> decode_close_out_finalists(const json::value& v, const std::string& path) {
  const json::array* a = v.if_array();
  if (!a || a->empty() || a->size() > detail::kMaxItems)
    return Error{ErrorCode::invalid_field, path, "\"finalists\" is a list of 1 to 200 finalists"};
  std::vector<CloseOutFinalist> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const std::string at = path + "/" + std::to_string(i);
    Decoder d;
    ObjectReader r(d, (*a)[i], at, "a finalist");
    CloseOutFinalist f;
    const std::string choice = r.text("outcome", Need::required);
    f.feedback_owed = r.boolean("feedbackOwed");
    json::object outcome;  // the rest is an outcome's, checked as recordOutcome checks one
    for (std::string_view key : {"candidateId", "stage", "rank", "reason", "initiator", "note"})
      if (const json::value* x = r.get(key)) outcome[key] = *x;
    r.finish();
    if (d.failed()) return d.error();
    const auto c = from_code<CloseOutChoice>(choice);
    if (!c)
      return Error{ErrorCode::invalid_field, at + "/outcome",
                   "\"outcome\" is hired, runner_up, not_selected or not_a_fit, not \"" + choice + "\""};
    f.choice = *c;
    f.stage_given = outcome.contains("stage");
    if (!f.stage_given) outcome["stage"] = "final";  // the rule picks the stage (the one recorded before)
    outcome["requisitionId"] = "-";  // the command's, filled in by the rule
    outcome["outcome"] = code_of(kind_of(*c));
    auto o = decode_outcome(outcome, at);
    if (!o) return o.error();
    f.outcome = std::move(o).value();
    if (!seen.insert(f.outcome.candidate_id).second)
      return Error{ErrorCode::invalid_field, at + "/candidateId", "a finalist is listed twice"};
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<EventData>> close_out_changes(const State& s, const CloseOutRequisition& cmd, Instant at,
                                                 std::string_view actor,
                                                 const std::function<std::string(std::size_t)>& event_id) {
  if (auto e = need_requisition(s, cmd.requisition_id, "/requisitionId")) return *e;
  const Requisition& req = s.requisitions.at(cmd.requisition_id);
  std::string hired;
  std::vector<std::size_t> runner_ups;  // finalist indexes
  std::size_t ranked = 0;
  for (std::size_t i = 0; i < cmd.finalists.size(); ++i) {
    const CloseOutFinalist& f = cmd.finalists[i];
    const std::string& id = f.outcome.candidate_id;
    const std::string p = finalist_path(i);
    if (auto e = need_candidate(s, id, p + "/candidateId")) return *e;
    if (f.choice == CloseOutChoice::hired) {
      if (!hired.empty())
        return Error{ErrorCode::conflict, p + "/outcome",
                     "only one finalist can be hired: " + person(s, hired) + " is hired in this close-out"};
      if (!req.hired_candidate_id.empty() && req.hired_candidate_id != id)
        return Error{ErrorCode::conflict, p + "/outcome",
                     person(s, req.hired_candidate_id) + " is the hire of this requisition: mark the hire backed out before hiring " +
                         person(s, id)};
      if (f.feedback_owed)
        return Error{ErrorCode::invalid_field, p + "/feedbackOwed", "feedback owed is for the finalists not hired"};
      hired = id;
    }
    if (f.choice == CloseOutChoice::runner_up) {
      runner_ups.push_back(i);
      ranked += f.outcome.rank > 0;
    }
  }
  // Ranks: all or none given; given ones are 1..n over the close-out's runner-ups.
  if (ranked > 0) {
    std::vector<bool> taken(runner_ups.size() + 1, false);
    for (std::size_t i : runner_ups) {
      const int rank = cmd.finalists[i].outcome.rank;
      const std::string p = finalist_path(i) + "/rank";
      if (rank == 0) return Error{ErrorCode::missing_field, p, "rank every runner-up of the close-out, or none"};
      if (static_cast<std::size_t>(rank) > runner_ups.size())
        return Error{ErrorCode::invalid_field, p,
                     "rank " + std::to_string(rank) + " would skip a place: the close-out has " +
                         std::to_string(runner_ups.size()) + " runner-up(s)"};
      if (taken[rank]) return Error{ErrorCode::conflict, p, "rank " + std::to_string(rank) + " is given twice"};
      taken[rank] = true;
    }
    std::stable_sort(runner_ups.begin(), runner_ups.end(), [&](std::size_t a, std::size_t b) {
      return cmd.finalists[a].outcome.rank < cmd.finalists[b].outcome.rank;
    });
  }
  std::vector<std::string> order;
  std::set<std::string> listed;
  for (const CloseOutFinalist& f : cmd.finalists) listed.insert(f.outcome.candidate_id);
  for (std::size_t i : runner_ups) order.push_back(cmd.finalists[i].outcome.candidate_id);
  for (std::string& id : other_runner_ups(s, cmd.requisition_id, listed)) order.push_back(std::move(id));

  std::vector<EventData> out;
  out.push_back(RequisitionClosedOut{cmd.requisition_id, hired});
  bool reranked = false;
  for (std::size_t i = 0; i < cmd.finalists.size(); ++i) {
    const CloseOutFinalist& f = cmd.finalists[i];
    const std::string& id = f.outcome.candidate_id;
    auto before = s.outcomes.find({id, cmd.requisition_id});
    const Outcome* old = before == s.outcomes.end() ? nullptr : &before->second;
    // From the decision recorded before (its ATS ids, notes, scores), with the close-out's choice.
    Outcome o = old ? *old : f.outcome;
    o.requisition_id = cmd.requisition_id;
    o.outcome = f.outcome.outcome;
    o.reason = f.outcome.reason;
    o.initiator = f.outcome.initiator;
    if (!f.outcome.note.empty()) o.note = f.outcome.note;
    if (f.stage_given) o.stage = f.outcome.stage;
    else if (!old || old->stage == Stage::unknown) o.stage = f.choice == CloseOutChoice::hired ? Stage::offer : Stage::final_round;
    switch (f.choice) {
      case CloseOutChoice::hired: o.future_fit = old ? old->future_fit : FutureFit::unknown; break;
      case CloseOutChoice::runner_up:
        if (!old || (old->future_fit != FutureFit::strong && old->future_fit != FutureFit::qualified)) o.future_fit = FutureFit::strong;
        break;
      case CloseOutChoice::not_selected: o.future_fit = FutureFit::qualified; break;
      case CloseOutChoice::not_a_fit: o.future_fit = FutureFit::not_a_fit; break;
    }
    o.rank = 0;  // ranks come from the one ranking below
    o.decided_at = at;
    o.decided_by = std::string(actor);
    if (auto e = outcome_problem(s, o, at)) {
      e->path = finalist_path(i) + (e->path.rfind("/outcome/candidateId", 0) == 0 ? "/outcome" : e->path.substr(8));
      return *e;
    }
    const auto pos = std::find(order.begin(), order.end(), id);
    const int rank = pos == order.end() ? 0 : static_cast<int>(pos - order.begin()) + 1;
    Outcome same = o;
    same.rank = rank;
    if (old) {
      same.decided_at = old->decided_at;
      same.decided_by = old->decided_by;
    }
    if (!old || !(*old == same)) {
      out.push_back(OutcomeRecorded{o});
      reranked |= o.outcome == OutcomeKind::runner_up;
    }
  }
  for (std::size_t k = 0; k < order.size(); ++k)
    reranked |= s.outcomes.count({order[k], cmd.requisition_id}) == 0 ||
                s.outcomes.at({order[k], cmd.requisition_id}).rank != static_cast<int>(k + 1);
  if (reranked && !order.empty()) out.push_back(RunnerUpsRanked{cmd.requisition_id, order});
  for (const CloseOutFinalist& f : cmd.finalists) {
    if (!f.feedback_owed || owed_request(s, f.outcome.candidate_id, cmd.requisition_id, date_of(at))) continue;
    FeedbackRequest r;
    r.id = event_id(out.size());
    r.candidate_id = f.outcome.candidate_id;
    r.requisition_id = cmd.requisition_id;
    r.requested_at = at;
    out.push_back(FeedbackRequested{std::move(r)});
  }
  const bool filled = hired.empty() || (req.status == RequisitionStatus::filled && req.hired_candidate_id == hired);
  if (out.size() == 1 && filled) return std::vector<EventData>{};  // nothing changes
  return out;
}

std::string_view host_candidate_status(const State& s, const std::string& requisition_id, const std::string& candidate_id) {
  auto req = s.requisitions.find(requisition_id);
  const bool the_hire = req != s.requisitions.end() && req->second.hired_candidate_id == candidate_id;
  auto o = s.outcomes.find({candidate_id, requisition_id});
  if (o == s.outcomes.end()) return the_hire ? "hired" : "undecided";
  if (o->second.outcome == OutcomeKind::hired && !the_hire) {
    auto prog = s.progress.find(requisition_id);
    if (prog != s.progress.end())
      for (const HireBackOut& b : prog->second.back_outs)
        if (b.candidate_id == candidate_id) return "backed_out";
  }
  if (o->second.outcome == OutcomeKind::rejected) return code_of(*choice_of(o->second));
  return code_of(o->second.outcome);
}

std::string_view host_requisition_status(const State& s, const std::string& requisition_id) {
  const Requisition& r = s.requisitions.at(requisition_id);
  auto prog = s.progress.find(requisition_id);
  if (r.status == RequisitionStatus::open && prog != s.progress.end() && !prog->second.back_outs.empty()) return "reopened";
  return code_of(r.status);
}

Result<json::value> close_out_json(const State& s, const std::string& requisition_id,
                                   const std::vector<std::string>& candidate_ids, Date today) {
  auto it = s.requisitions.find(requisition_id);
  if (it == s.requisitions.end())
    return Error{ErrorCode::not_found, "/requisitionId", "no requisition with id \"" + requisition_id + "\" in this pool"};
  const Requisition& req = it->second;
  // the hire, the runner-ups by rank, everyone else decided by name, then the host's others
  std::vector<std::string> rows;
  std::set<std::string> listed;
  auto add = [&](const std::string& id) {
    if (!id.empty() && s.candidates.count(id) && !s.is_erased(id) && listed.insert(id).second) rows.push_back(id);
  };
  add(req.hired_candidate_id);
  std::vector<std::tuple<int, std::string, std::string>> decided;
  for (const std::string& id : s.people_of(requisition_id)) {
    const Outcome& o = s.outcomes.at({id, requisition_id});
    const int group = o.outcome == OutcomeKind::hired ? 0 : o.outcome == OutcomeKind::runner_up ? 1 : 2;
    const int rank = o.outcome == OutcomeKind::runner_up && o.rank > 0 ? o.rank : 1'000'000;
    decided.emplace_back(group * 10'000'000 + rank, person(s, id), id);
  }
  std::sort(decided.begin(), decided.end());
  for (const auto& [order, name, id] : decided) add(id);
  for (const std::string& id : candidate_ids) add(id);

  json::array finalists;
  int next_rank = 0;
  for (const std::string& id : rows) {
    auto o = s.outcomes.find({id, requisition_id});
    const Outcome* old = o == s.outcomes.end() ? nullptr : &o->second;
    const bool the_hire = id == req.hired_candidate_id;
    // the choice the form starts from; none for withdrew and offer declined (left as they are)
    const std::optional<CloseOutChoice> recorded = old ? choice_of(*old) : std::nullopt;
    const std::string_view choice = the_hire ? code_of(CloseOutChoice::hired) : recorded ? code_of(*recorded) : "";
    const bool hired = choice == code_of(CloseOutChoice::hired);
    const Stage stage = old && old->stage != Stage::unknown ? old->stage : the_hire ? Stage::offer : Stage::final_round;
    const int rank = choice == code_of(CloseOutChoice::runner_up) ? ++next_rank : 0;
    const FeedbackRequest* owed = owed_request(s, id, requisition_id, today);
    json::object row{{"candidate", json::object{{"id", id}, {"name", person(s, id)}}},
                     {"recorded", old ? json::value(code_of(old->outcome)) : json::value(nullptr)},
                     {"choice", choice.empty() ? json::value(nullptr) : json::value(choice)},
                     {"stage", code_of(stage)},
                     {"rank", rank},
                     {"reason", old && !old->reason.code.empty() && !hired
                                    ? json::value(json::object{{"code", old->reason.code}, {"note", old->reason.note}})
                                    : json::value(nullptr)},
                     {"feedbackOwed", owed != nullptr},
                     {"owedSince", owed ? json::value(format_date(date_of(owed->requested_at))) : json::value(nullptr)},
                     {"status", host_candidate_status(s, requisition_id, id)}};
    finalists.push_back(std::move(row));
  }
  json::array choices;
  for (const CodeLabel& c : Vocabulary<CloseOutChoice>::items) {
    const bool hire = c.code == "hired";
    choices.push_back(json::object{{"code", c.code}, {"label", c.label}, {"reasonRequired", !hire},
                                   {"ranked", c.code == "runner_up"}, {"feedbackOwed", !hire}});
  }
  return json::value(json::object{
      {"requisition", json::object{{"id", req.id}, {"title", req.title}, {"status", host_requisition_status(s, requisition_id)},
                                   {"hiredCandidateId", req.hired_candidate_id.empty() ? json::value(nullptr) : json::value(req.hired_candidate_id)}}},
      {"choices", std::move(choices)},
      {"finalists", std::move(finalists)}});
}

json::value write_back_json(const Pool& pool, const std::vector<std::string>& event_ids) {
  const State& s = pool.state();
  std::unordered_set<std::string_view> wanted(event_ids.begin(), event_ids.end());
  std::vector<const Event*> named;
  std::unordered_set<std::string_view> undone;
  for (const Event& e : pool.log())
    if (wanted.count(e.id)) {
      named.push_back(&e);
      if (const auto* u = std::get_if<ActionUndone>(&e.data)) undone.insert(u->event_ids.begin(), u->event_ids.end());
    }
  std::vector<const Event*> relevant = named;
  if (!undone.empty())
    for (const Event& e : pool.log())
      if (undone.count(e.id)) relevant.push_back(&e);
  // requisition -> (action, people its events name)
  std::map<std::string, std::pair<std::string_view, std::set<std::string>>> touched;
  for (const Event* e : relevant) {
    if (const auto* c = std::get_if<RequisitionClosedOut>(&e->data)) touched[c->requisition_id].first = "closeOut";
    else if (const auto* b = std::get_if<HireBackedOut>(&e->data)) touched[b->back_out.requisition_id].first = "backOut";
    else if (const auto* r = std::get_if<RequisitionReopened>(&e->data)) touched[r->requisition_id].first = "reopen";
  }
  for (const Event* e : relevant) {
    std::string req;
    if (const auto* o = std::get_if<OutcomeRecorded>(&e->data)) req = o->outcome.requisition_id;
    else if (const auto* b = std::get_if<HireBackedOut>(&e->data)) req = b->back_out.requisition_id;
    else if (const auto* r = std::get_if<RequisitionReopened>(&e->data)) req = r->requisition_id;
    auto t = touched.find(req);
    if (t != touched.end()) t->second.second.insert(std::string(subject_candidate(*e)));
  }
  json::array out;
  for (auto& [req_id, what] : touched) {
    auto req = s.requisitions.find(req_id);
    if (req == s.requisitions.end()) continue;
    std::set<std::string> people = std::move(what.second);
    for (const std::string& id : s.people_of(req_id)) people.insert(id);
    if (!req->second.hired_candidate_id.empty()) people.insert(req->second.hired_candidate_id);
    json::array candidates;
    for (const std::string& id : people) {
      if (id.empty()) continue;
      auto c = s.candidates.find(id);
      auto o = s.outcomes.find({id, req_id});
      const bool runner_up = o != s.outcomes.end() && o->second.outcome == OutcomeKind::runner_up;
      candidates.push_back(json::object{
          {"id", id},
          {"atsIds", c == s.candidates.end() ? json::array{} : detail::string_array(c->second.ats_ids)},
          {"applicationId", o != s.outcomes.end() && !o->second.ats_id.empty() ? json::value(o->second.ats_id) : json::value(nullptr)},
          {"status", host_candidate_status(s, req_id, id)},
          {"rank", runner_up && o->second.rank > 0 ? json::value(o->second.rank) : json::value(nullptr)}});
    }
    auto prog = s.progress.find(req_id);
    const std::string reopened_for = prog == s.progress.end() ? "" : prog->second.reopened_for;
    const std::string& hire = req->second.hired_candidate_id;
    out.push_back(json::object{
        {"action", what.first},
        {"undone", !undone.empty()},
        {"requisition", json::object{{"id", req_id},
                                     {"code", req->second.code.empty() ? json::value(nullptr) : json::value(req->second.code)},
                                     {"status", host_requisition_status(s, req_id)},
                                     {"hiredCandidateId", hire.empty() ? json::value(nullptr) : json::value(hire)},
                                     {"reopenedFor", reopened_for.empty() ? json::value(nullptr) : json::value(reopened_for)}}},
        {"candidates", std::move(candidates)}});
  }
  return json::object{{"writeBacks", std::move(out)}};
}

}  // namespace runnerup
