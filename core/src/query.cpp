#include "runnerup/query.hpp"

#include <algorithm>
#include <tuple>

#include "json_read.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

bool keeps_in_pool(OutcomeKind kind) {
  return kind == OutcomeKind::runner_up || kind == OutcomeKind::withdrew ||
         kind == OutcomeKind::offer_declined;
}

std::vector<PoolEntry> pool_entries(const State& state) {
  // The latest outcome of each candidate (by decision time, then requisition id).
  std::map<std::string_view, const Outcome*> latest;
  for (const auto& [key, o] : state.outcomes) {
    const Outcome*& slot = latest[key.first];
    if (!slot || std::tie(o.decided_at, o.requisition_id) > std::tie(slot->decided_at, slot->requisition_id))
      slot = &o;
  }
  std::vector<PoolEntry> out;
  for (const auto& [cid, o] : latest) {
    if (!keeps_in_pool(o->outcome)) continue;
    auto c = state.candidates.find(o->candidate_id);
    if (c == state.candidates.end()) continue;
    auto q = state.requisitions.find(o->requisition_id);
    out.push_back({&c->second, o, q == state.requisitions.end() ? nullptr : &q->second});
  }
  std::sort(out.begin(), out.end(), [](const PoolEntry& a, const PoolEntry& b) {
    const int ra = a.outcome->rank == 0 ? 1 << 30 : a.outcome->rank;
    const int rb = b.outcome->rank == 0 ? 1 << 30 : b.outcome->rank;
    return std::tie(a.outcome->requisition_id, ra, a.candidate->name, a.candidate->id) <
           std::tie(b.outcome->requisition_id, rb, b.candidate->name, b.candidate->id);
  });
  return out;
}

namespace {

template <class E>
json::array vocabulary() {
  json::array a;
  for (const CodeLabel& item : Vocabulary<E>::items)
    a.push_back(json::object{{"code", item.code}, {"label", item.label}});
  return a;
}

json::value requisition_ref(const Requisition* q) {
  if (!q) return nullptr;
  return json::object{{"id", q->id}, {"title", q->title}, {"status", code_of(q->status)}};
}

json::value pool_json(const Pool& pool) {
  json::array entries;
  for (const PoolEntry& e : pool_entries(pool.state()))
    entries.push_back(json::object{{"candidate", json::value_from(*e.candidate)},
                                   {"outcome", json::value_from(*e.outcome)},
                                   {"requisition", requisition_ref(e.requisition)}});
  const std::size_t total = entries.size();
  return json::object{{"total", total}, {"entries", std::move(entries)}};
}

Result<json::value> candidate_json(const Pool& pool, const std::string& id) {
  const State& s = pool.state();
  auto c = s.candidates.find(id);
  if (c == s.candidates.end())
    return Error{ErrorCode::not_found, "/id", "no candidate with id \"" + id + "\" in this pool"};
  std::vector<const Outcome*> outcomes;
  for (const auto& [key, o] : s.outcomes)
    if (key.first == id) outcomes.push_back(&o);
  std::sort(outcomes.begin(), outcomes.end(),
            [](const Outcome* a, const Outcome* b) { return a->decided_at < b->decided_at; });
  json::array outs, history;
  for (const Outcome* o : outcomes) {
    json::value v = json::value_from(*o);
    auto q = s.requisitions.find(o->requisition_id);
    v.as_object()["requisition"] = requisition_ref(q == s.requisitions.end() ? nullptr : &q->second);
    outs.push_back(std::move(v));
  }
  for (const Event& e : pool.log())
    if (subject_candidate(e) == id) history.push_back(json::value_from(e));
  return json::value(json::object{{"candidate", json::value_from(c->second)},
                                  {"outcomes", std::move(outs)},
                                  {"history", std::move(history)}});
}

}  // namespace

json::value taxonomy_json() {
  json::array rs;
  for (const ReasonInfo& r : reasons())
    rs.push_back(json::object{{"code", r.code},
                              {"label", r.label},
                              {"initiator", code_of(r.initiator)},
                              {"aboutCandidate", r.about_candidate},
                              {"noteRequired", r.note_required}});
  return json::object{{"stages", vocabulary<Stage>()},
                      {"outcomes", vocabulary<OutcomeKind>()},
                      {"initiators", vocabulary<Initiator>()},
                      {"futureFits", vocabulary<FutureFit>()},
                      {"employmentTypes", vocabulary<EmploymentType>()},
                      {"requisitionStatuses", vocabulary<RequisitionStatus>()},
                      {"reasons", std::move(rs)}};
}

Result<json::value> run_query(const Pool& pool, const json::value& query) {
  Decoder d;
  ObjectReader r(d, query, "", "a query");
  const std::string type = r.text("type", Need::required);
  if (d.failed()) return d.error();
  if (type == "candidate") {
    const std::string id = r.id("id", Need::required);
    r.finish();
    if (d.failed()) return d.error();
    return candidate_json(pool, id);
  }
  r.finish();
  if (d.failed()) return d.error();
  if (type == "taxonomy") return taxonomy_json();
  if (type == "pool") return pool_json(pool);
  if (type == "candidates") {
    json::array a;
    for (const auto& [id, c] : pool.state().candidates) a.push_back(json::value_from(c));
    return json::value(json::object{{"candidates", std::move(a)}});
  }
  if (type == "requisitions") {
    json::array a;
    for (const auto& [id, q] : pool.state().requisitions) a.push_back(json::value_from(q));
    return json::value(json::object{{"requisitions", std::move(a)}});
  }
  return Error{ErrorCode::unknown_type, "/type", "unknown query \"" + type + "\""};
}

}  // namespace runnerup
