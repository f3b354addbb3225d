#include "runnerup/records.hpp"

#include <algorithm>

#include "json_read.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;
using detail::Text;

std::string normalise_skill(std::string_view skill) {
  std::string out;
  bool space = false;
  for (char c : skill) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

namespace {

std::vector<std::string> normalise_skills(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const std::string& s : raw) {
    std::string n = normalise_skill(s);
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  }
  return out;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

Location read_location(Decoder& d, ObjectReader& parent, std::string_view key) {
  Location loc;
  const json::value* v = parent.get(key);
  if (!v || d.failed()) return loc;
  ObjectReader r(d, *v, parent.path_of(key), "a location");
  loc.city = r.text("city", Need::optional);
  loc.region = r.text("region", Need::optional);
  loc.country = r.text("country", Need::optional);
  if (!d.failed() && !loc.country.empty()) {
    const bool alpha2 = loc.country.size() == 2 &&
                        std::all_of(loc.country.begin(), loc.country.end(),
                                    [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
    if (!alpha2)
      d.fail(ErrorCode::invalid_field, r.path_of("country"),
             "\"country\" must be a two-letter ISO 3166 code such as GB or DE (got \"" + loc.country + "\")");
    for (char& c : loc.country)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  r.finish();
  return loc;
}

void check_emails(Decoder& d, const std::string& path, const std::vector<std::string>& emails) {
  for (std::size_t i = 0; i < emails.size() && !d.failed(); ++i) {
    const std::string& e = emails[i];
    const auto at = e.find('@');
    if (at == std::string::npos || at == 0 || at + 1 >= e.size() || e.size() > 254 ||
        e.find(' ') != std::string::npos)
      d.fail(ErrorCode::invalid_field, path + "/" + std::to_string(i),
             "\"" + e + "\" is not an email address");
  }
}

void check_links(Decoder& d, const std::string& path, const std::vector<std::string>& links) {
  for (std::size_t i = 0; i < links.size() && !d.failed(); ++i) {
    const std::string& l = links[i];
    if (!(starts_with_ci(l, "https://") || starts_with_ci(l, "http://")) || l.size() < 10 ||
        l.find(' ') != std::string::npos)
      d.fail(ErrorCode::invalid_field, path + "/" + std::to_string(i),
             "links must be http or https addresses (got \"" + l.substr(0, 80) + "\")");
  }
}

// ATS ids: none empty, none twice.
void check_ids(Decoder& d, const std::string& path, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size() && !d.failed(); ++i) {
    if (normalise_skill(ids[i]).empty())
      d.fail(ErrorCode::invalid_field, path + "/" + std::to_string(i), "an ATS id must not be empty");
    else if (std::find(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(i), ids[i]) != ids.begin() + static_cast<std::ptrdiff_t>(i))
      d.fail(ErrorCode::invalid_field, path + "/" + std::to_string(i), "the ATS id \"" + ids[i] + "\" appears twice");
  }
}

std::vector<Opening> read_openings(Decoder& d, ObjectReader& parent) {
  std::vector<Opening> out;
  const json::value* v = parent.get("openings");
  if (!v || d.failed()) return out;
  const std::string path = parent.path_of("openings");
  const json::array* a = v->if_array();
  if (!a || a->size() > detail::kMaxItems) {
    d.fail(ErrorCode::invalid_field, path, "\"openings\" must be a list of up to 200 openings");
    return out;
  }
  for (std::size_t i = 0; i < a->size() && !d.failed(); ++i) {
    ObjectReader r(d, (*a)[i], path + "/" + std::to_string(i), "an opening");
    Opening o;
    o.id = r.id("id", Need::required);
    o.status = r.code("status", Need::optional, OpeningStatus::open);
    o.close_reason = r.text("closeReason", Need::optional);
    r.finish();
    if (!d.failed() && std::any_of(out.begin(), out.end(), [&](const Opening& x) { return x.id == o.id; }))
      d.fail(ErrorCode::invalid_field, r.path_of("id"), "the opening \"" + o.id + "\" appears twice");
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

Result<Candidate> decode_candidate(const json::value& v, const std::string& path) {
  Decoder d;
  Candidate c;
  ObjectReader r(d, v, path, "a candidate");
  c.id = r.id("id", Need::required);
  c.ats_ids = r.texts("atsIds", detail::kMaxId);
  check_ids(d, r.path_of("atsIds"), c.ats_ids);
  c.name = r.text("name", Need::required);
  c.emails = r.texts("emails", 254);
  check_emails(d, r.path_of("emails"), c.emails);
  c.phones = r.texts("phones", 40);
  c.links = r.texts("links", 2000);
  check_links(d, r.path_of("links"), c.links);
  c.location = read_location(d, r, "location");
  c.title = r.text("title", Need::optional);
  c.skills = normalise_skills(r.texts("skills", 100));
  c.seniority = r.text("seniority", Need::optional);
  c.source = r.text("source", Need::optional);
  c.tags = r.texts("tags", 100);
  c.company = r.text("company", Need::optional);
  c.confidential = r.boolean("confidential");
  c.ats_updated_at = r.instant("atsUpdatedAt", Need::optional);
  r.finish();
  if (d.failed()) return d.error();
  return c;
}

Result<Requisition> decode_requisition(const json::value& v, const std::string& path) {
  Decoder d;
  Requisition q;
  ObjectReader r(d, v, path, "a requisition");
  q.id = r.id("id", Need::required);
  q.code = r.id("code", Need::optional);
  q.title = r.text("title", Need::required);
  q.department = r.text("department", Need::optional);
  q.location = read_location(d, r, "location");
  q.level = r.text("level", Need::optional);
  q.employment_type = r.code("employmentType", Need::optional, EmploymentType::full_time);
  q.required_skills = normalise_skills(r.texts("requiredSkills", 100));
  q.nice_skills = normalise_skills(r.texts("niceSkills", 100));
  q.status = r.code("status", Need::optional, RequisitionStatus::open);
  q.hired_candidate_id = r.id("hiredCandidateId", Need::optional);
  q.openings = read_openings(d, r);
  r.finish();
  if (d.failed()) return d.error();
  return q;
}

Result<Outcome> decode_outcome(const json::value& v, const std::string& path) {
  Decoder d;
  Outcome o;
  ObjectReader r(d, v, path, "an outcome");
  o.candidate_id = r.id("candidateId", Need::required);
  o.requisition_id = r.id("requisitionId", Need::required);
  o.ats_id = r.id("atsId", Need::optional);
  o.stage = r.code("stage", Need::required, Stage::applied);
  o.stage_name = r.text("stageName", Need::optional);
  o.outcome = r.code("outcome", Need::required, OutcomeKind::runner_up);
  o.rank = static_cast<int>(r.integer("rank", Need::optional, 0, 10'000));
  const ReasonInfo* info = nullptr;
  if (const json::value* rv = r.get("reason")) {
    ObjectReader rr(d, *rv, r.path_of("reason"), "a reason");
    o.reason.code = rr.text("code", Need::required);
    o.reason.note = rr.text("note", Need::optional, Text::multiline, detail::kMaxNote);
    o.reason.text = rr.text("text", Need::optional);
    rr.finish();
    if (!d.failed()) {
      info = find_reason(o.reason.code);
      if (!info)
        d.fail(ErrorCode::unknown_reason, rr.path_of("code"),
               "\"" + o.reason.code + "\" is not a reason code of the taxonomy");
      else if (info->note_required && normalise_skill(o.reason.note).empty())
        d.fail(ErrorCode::note_required, rr.path_of("note"),
               "the reason \"" + o.reason.code + "\" needs a note saying what happened");
    }
  } else if (!d.failed() && o.outcome != OutcomeKind::hired) {
    d.fail(ErrorCode::missing_field, r.path_of("reason"),
           "\"reason\" is required for a person who was not hired");
  }
  o.initiator = r.code("initiator", Need::optional, info ? info->initiator : Initiator::we_decided);
  o.future_fit = r.code("futureFit", Need::optional, FutureFit::unknown);
  if (const json::value* sv = r.get("scores"); sv && !d.failed()) {
    const json::array* a = sv->if_array();
    if (!a || a->size() > detail::kMaxItems) {
      d.fail(ErrorCode::invalid_field, r.path_of("scores"), "\"scores\" must be a list of up to 200 scores");
    } else {
      for (std::size_t i = 0; i < a->size() && !d.failed(); ++i) {
        auto s = decode_score((*a)[i], r.path_of("scores") + "/" + std::to_string(i));
        if (!s) d.fail(s.error().code, s.error().path, s.error().message);
        else o.scores.push_back(std::move(s).value());
      }
    }
  }
  o.skill_gaps = normalise_skills(r.texts("skillGaps", 100));
  o.note = r.text("note", Need::optional, Text::multiline, detail::kMaxNote);
  o.decided_at = r.instant("decidedAt", Need::optional);
  o.decided_by = r.id("decidedBy", Need::optional);
  r.finish();
  if (!d.failed() && o.rank != 0 && o.outcome != OutcomeKind::runner_up)
    d.fail(ErrorCode::invalid_field, r.path_of("rank"), "only runner-ups have a rank");
  if (!d.failed() && o.outcome == OutcomeKind::offer_declined && o.stage != Stage::offer)
    d.fail(ErrorCode::invalid_field, r.path_of("stage"),
           "an offer can only be declined at the offer stage");
  if (d.failed()) return d.error();
  return o;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Location& x) {
  jv = json::object{{"city", x.city}, {"region", x.region}, {"country", x.country}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const Candidate& x) {
  json::object o;
  o["id"] = x.id;
  if (!x.ats_ids.empty()) o["atsIds"] = detail::string_array(x.ats_ids);
  o["name"] = x.name;
  o["emails"] = detail::string_array(x.emails);
  o["phones"] = detail::string_array(x.phones);
  o["links"] = detail::string_array(x.links);
  o["location"] = json::value_from(x.location);
  o["title"] = x.title;
  o["skills"] = detail::string_array(x.skills);
  o["seniority"] = x.seniority;
  o["source"] = x.source;
  o["tags"] = detail::string_array(x.tags);
  if (!x.company.empty()) o["company"] = x.company;
  if (x.confidential) o["confidential"] = true;
  if (x.ats_updated_at != 0) o["atsUpdatedAt"] = format_instant(x.ats_updated_at);
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Opening& x) {
  jv = json::object{{"id", x.id}, {"status", code_of(x.status)}, {"closeReason", x.close_reason}};
}

void tag_invoke(json::value_from_tag, json::value& jv, const Requisition& x) {
  json::object o;
  o["id"] = x.id;
  if (!x.code.empty()) o["code"] = x.code;
  o["title"] = x.title;
  o["department"] = x.department;
  o["location"] = json::value_from(x.location);
  o["level"] = x.level;
  o["employmentType"] = code_of(x.employment_type);
  o["requiredSkills"] = detail::string_array(x.required_skills);
  o["niceSkills"] = detail::string_array(x.nice_skills);
  o["status"] = code_of(x.status);
  o["hiredCandidateId"] = x.hired_candidate_id;
  if (!x.openings.empty()) {
    json::array openings;
    for (const Opening& op : x.openings) openings.push_back(json::value_from(op));
    o["openings"] = std::move(openings);
  }
  jv = std::move(o);
}

void tag_invoke(json::value_from_tag, json::value& jv, const Outcome& x) {
  json::object o;
  o["candidateId"] = x.candidate_id;
  o["requisitionId"] = x.requisition_id;
  if (!x.ats_id.empty()) o["atsId"] = x.ats_id;
  o["stage"] = code_of(x.stage);
  if (!x.stage_name.empty()) o["stageName"] = x.stage_name;
  o["outcome"] = code_of(x.outcome);
  o["rank"] = x.rank;
  if (x.reason.code.empty()) o["reason"] = nullptr;
  else {
    json::object reason{{"code", x.reason.code}, {"note", x.reason.note}};
    if (!x.reason.text.empty()) reason["text"] = x.reason.text;
    o["reason"] = std::move(reason);
  }
  o["initiator"] = code_of(x.initiator);
  o["futureFit"] = code_of(x.future_fit);
  json::array scores;
  for (const InterviewScore& s : x.scores) scores.push_back(json::value_from(s));
  o["scores"] = std::move(scores);
  o["skillGaps"] = detail::string_array(x.skill_gaps);
  o["note"] = x.note;
  o["decidedAt"] = format_instant(x.decided_at);
  o["decidedBy"] = x.decided_by;
  jv = std::move(o);
}

}  // namespace runnerup
