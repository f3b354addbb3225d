// The pool's JSON snapshot (snapshot / restore), the ids it covers and adopting one; the binary
// form is snapshot_binary.cpp.
#include "runnerup/pool.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include "json_read.hpp"
#include "runnerup/rediscovery.hpp"

namespace runnerup {

namespace json = boost::json;

// ---- snapshots --------------------------------------------------------------------------------

namespace {

template <class Map>
json::array values_of(const Map& m) {
  json::array a;
  for (const auto& kv : m) a.push_back(json::value_from(kv.second));
  return a;
}

template <class Map>
json::array flattened(const Map& m) {
  json::array a;
  for (const auto& kv : m)
    for (const auto& x : kv.second) a.push_back(json::value_from(x));
  return a;
}

}  // namespace

json::value Pool::snapshot() const {
  json::object o;
  o["format"] = kSnapshotFormat;
  o["version"] = kSnapshotVersion;
  o["clock"] = clock_;
  const std::vector<std::string_view> ids = sorted_ids();
  json::array ja;
  ja.reserve(ids.size());
  for (auto& id : ids) ja.emplace_back(id);
  o["eventIds"] = std::move(ja);
  o["candidates"] = values_of(state_.candidates);
  o["requisitions"] = values_of(state_.requisitions);
  json::array saved;
  for (const auto& [id, q] : state_.saved_requisitions) {
    auto now = state_.requisitions.find(id);
    if (now == state_.requisitions.end() || json::value_from(now->second) != json::value_from(q))
      saved.push_back(json::value_from(q));
  }
  o["savedRequisitions"] = std::move(saved);
  o["outcomes"] = values_of(state_.outcomes);
  json::array flags;
  for (const auto& [cid, f] : state_.flags)
    flags.push_back(json::object{{"candidateId", cid}, {"flags", json::value_from(f)}});
  o["flags"] = std::move(flags);
  o["feedbackRequests"] = flattened(state_.feedback_requests);
  o["feedback"] = flattened(state_.feedback);
  o["touchpoints"] = flattened(state_.touchpoints);
  o["followUps"] = values_of(state_.follow_ups);
  json::array progress;
  for (const auto& [rid, p] : state_.progress) {
    json::array backs;
    for (const HireBackOut& b : p.back_outs) backs.push_back(json::value_from(b));
    progress.push_back(json::object{{"requisitionId", rid}, {"backOuts", std::move(backs)}, {"reopenedFor", p.reopened_for}});
  }
  o["progress"] = std::move(progress);
  o["settings"] = json::value_from(state_.settings);
  json::array consents;
  for (const auto& [cid, c] : state_.consents)
    consents.push_back(json::object{{"candidateId", cid}, {"consent", json::value_from(c)}});
  o["consents"] = std::move(consents);
  json::array policies;
  for (const auto& [cid, p] : state_.retention_by_candidate)
    policies.push_back(json::object{{"candidateId", cid}, {"requisitionId", ""}, {"policy", p}});
  for (const auto& [rid, p] : state_.retention_by_requisition)
    policies.push_back(json::object{{"candidateId", ""}, {"requisitionId", rid}, {"policy", p}});
  o["retentionPolicies"] = std::move(policies);
  json::array erased;
  for (const auto& [cid, at] : state_.erased) erased.push_back(json::object{{"candidateId", cid}, {"at", format_instant(at)}});
  o["erased"] = std::move(erased);
  json::array audit;
  for (const AuditEntry& a : state_.audit)
    audit.push_back(json::object{{"type", a.type}, {"by", a.by}, {"at", format_instant(a.at)},
                                 {"candidateId", a.candidate_id}, {"detail", a.detail}});
  o["audit"] = std::move(audit);
  return o;
}

Status Pool::restore(const json::value& v) {
  using detail::Need;
  detail::Decoder d;
  detail::ObjectReader r(d, v, "", "a snapshot");
  const std::string format = r.text("format", Need::required);
  const long long version = r.integer("version", Need::required, 0, 1'000'000);
  if (!d.failed() && format != kSnapshotFormat)
    return Error{ErrorCode::invalid_field, "/format", "not a runnerup snapshot (format \"" + format + "\")"};
  if (!d.failed() && version != kSnapshotVersion)
    return Error{ErrorCode::unsupported_version, "/version",
                 "snapshot version " + std::to_string(version) + " is not supported (this build reads version 1)"};
  const auto clock = static_cast<std::uint64_t>(r.integer("clock", Need::required, 0, (1LL << 53) - 1));
  State s;
  // Each list: decode every element with `take`, stopping at the first error.
  auto each = [&](const char* key, auto&& take) {
    const json::value* list = r.get(key);
    if (!list || d.failed()) return;
    const json::array* a = list->if_array();
    const std::string path = std::string("/") + key;
    if (!a) return d.fail(ErrorCode::invalid_field, path, std::string("\"") + key + "\" must be a list");
    for (std::size_t i = 0; i < a->size() && !d.failed(); ++i) take((*a)[i], path + "/" + std::to_string(i));
  };
  auto check = [&](auto result) {
    if (!result) d.fail(result.error().code, result.error().path, result.error().message);
    return result;
  };
  std::unordered_set<std::string> event_ids;
  each("eventIds", [&](const json::value& x, const std::string& p) {
    if (const json::string* str = x.if_string()) event_ids.emplace(*str);
    else d.fail(ErrorCode::invalid_field, p, "event ids must be strings");
  });
  each("candidates", [&](const json::value& x, const std::string& p) {
    if (auto c = check(decode_candidate(x, p))) s.candidates[c.value().id] = std::move(c).value();
  });
  each("requisitions", [&](const json::value& x, const std::string& p) {
    if (auto q = check(decode_requisition(x, p))) {
      s.saved_requisitions[q.value().id] = q.value();
      s.requisitions[q.value().id] = std::move(q).value();
    }
  });
  each("savedRequisitions", [&](const json::value& x, const std::string& p) {
    if (auto q = check(decode_requisition(x, p))) s.saved_requisitions[q.value().id] = std::move(q).value();
  });
  each("outcomes", [&](const json::value& x, const std::string& p) {
    if (auto o = check(decode_outcome(x, p))) {
      s.add_outcome(std::move(o).value());
    }
  });
  each("flags", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_payload<FlagsSet>(x, p))) s.flags[f.value().candidate_id] = f.value().flags;
  });
  each("feedbackRequests", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_feedback_request(x, p))) s.feedback_requests[f.value().candidate_id].push_back(f.value());
  });
  each("feedback", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_feedback_given(x, p))) s.feedback[f.value().candidate_id].push_back(f.value());
  });
  each("touchpoints", [&](const json::value& x, const std::string& p) {
    if (auto t = check(decode_touchpoint(x, p))) s.touchpoints[t.value().candidate_id].push_back(t.value());
  });
  each("followUps", [&](const json::value& x, const std::string& p) {
    if (auto f = check(decode_follow_up(x, p))) s.follow_ups[f.value().id] = f.value();
  });
  each("progress", [&](const json::value& x, const std::string& p) {
    detail::ObjectReader pr(d, x, p, "requisition progress");
    const std::string rid = pr.id("requisitionId", Need::required);
    RequisitionProgress prog;
    prog.reopened_for = pr.id("reopenedFor", Need::optional);
    if (const json::value* backs = pr.get("backOuts"); backs && !d.failed()) {
      const json::array* a = backs->if_array();
      if (!a) return d.fail(ErrorCode::invalid_field, pr.path_of("backOuts"), "\"backOuts\" must be a list");
      for (std::size_t i = 0; i < a->size() && !d.failed(); ++i)
        if (auto b = check(decode_back_out((*a)[i], pr.path_of("backOuts") + "/" + std::to_string(i))))
          prog.back_outs.push_back(b.value());
    }
    pr.finish();
    if (!d.failed()) s.progress[rid] = std::move(prog);
  });
  if (const json::value* settings = r.get("settings"); settings && !d.failed())
    if (auto st = check(decode_settings(*settings, "/settings", Settings{}))) s.settings = st.value();
  each("consents", [&](const json::value& x, const std::string& p) {
    if (auto c = check(decode_payload<ConsentRecorded>(x, p))) s.consents[c.value().candidate_id] = c.value().consent;
  });
  each("retentionPolicies", [&](const json::value& x, const std::string& p) {
    if (auto rp = check(decode_payload<RetentionPolicySet>(x, p))) {
      if (!rp.value().candidate_id.empty()) s.retention_by_candidate[rp.value().candidate_id] = rp.value().policy;
      else s.retention_by_requisition[rp.value().requisition_id] = rp.value().policy;
    }
  });
  each("erased", [&](const json::value& x, const std::string& p) {
    detail::ObjectReader er(d, x, p, "an erasure");
    const std::string cid = er.id("candidateId", Need::required);
    const Instant at = er.instant("at", Need::required);
    er.finish();
    if (!d.failed()) s.erased[cid] = at;
  });
  each("audit", [&](const json::value& x, const std::string& p) {
    detail::ObjectReader ar(d, x, p, "an audit entry");
    const std::string type = ar.text("type", Need::required);
    AuditEntry a;
    a.type = type == "erased" ? "erased" : "access_exported";
    if (!d.failed() && type != "erased" && type != "access_exported")
      d.fail(ErrorCode::invalid_field, ar.path_of("type"), "unknown audit entry type");
    a.by = ar.id("by", Need::required);
    a.at = ar.instant("at", Need::required);
    a.candidate_id = ar.id("candidateId", Need::required);
    a.detail = ar.text("detail", Need::optional);
    ar.finish();
    if (!d.failed()) s.audit.push_back(std::move(a));
  });
  r.finish();
  if (d.failed()) return d.error();
  std::vector<std::string_view> sorted(event_ids.begin(), event_ids.end());
  std::sort(sorted.begin(), sorted.end());
  IdSet ids;
  for (std::string_view id : sorted) ids.append(id);
  adopt_snapshot(std::move(s), clock, std::move(ids));
  return ok_status();
}

std::vector<std::string_view> Pool::sorted_ids() const {
  // The snapshot's ids are sorted already and none of them is in ids_: only the events since
  // (a few hundred, when an opened pool compacts again) are sorted, then merged in.
  std::vector<std::string_view> fresh(ids_.begin(), ids_.end());
  std::sort(fresh.begin(), fresh.end());
  if (!snapshot_ids_ || snapshot_ids_->empty()) return fresh;
  const IdSet& old = *snapshot_ids_;
  std::vector<std::string_view> ids;
  ids.reserve(fresh.size() + old.size());
  std::size_t i = 0;
  for (const std::string_view id : fresh) {
    for (; i < old.size() && old[i] < id; ++i) ids.push_back(old[i]);
    ids.push_back(id);
  }
  for (; i < old.size(); ++i) ids.push_back(old[i]);
  return ids;
}

bool IdSet::append(std::string_view id) {
  if (!ends_.empty() && !((*this)[ends_.size() - 1] < id)) return false;
  blob_.append(id.data(), id.size());
  ends_.push_back(blob_.size());
  return true;
}

bool IdSet::contains(std::string_view id) const {
  std::size_t lo = 0, hi = ends_.size();
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    const std::string_view x = (*this)[mid];
    if (x == id) return true;
    if (x < id) lo = mid + 1;
    else hi = mid;
  }
  return false;
}

void Pool::adopt_snapshot(State s, std::uint64_t clock, IdSet event_ids, std::string bytes) {
  ++changes_;
  if (bytes.empty()) {
    base_ = s;
    base_bytes_.clear();
  } else {
    base_ = State{};
    base_bytes_ = std::move(bytes);
  }
  base_clock_ = clock;
  erased_ids_.clear();
  for (const auto& [cid, at] : s.erased) erased_ids_.insert(cid);
  state_ = std::move(s);
  clock_ = clock;
  ++version_;
  log_.clear();
  undone_.clear();
  history_pending_ = !event_ids.empty();
  history_.clear();
  history_ids_.clear();
  finishing_ = Finishing{};
  late_since_restore_ = false;
  ids_.clear();
  snapshot_ids_ = std::make_shared<const IdSet>(std::move(event_ids));
}

}  // namespace runnerup
