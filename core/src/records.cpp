#include "runnerup/records.hpp"

#include <algorithm>

#include "record_fields.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

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

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

namespace detail {

std::vector<std::string> normalise_skills(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const std::string& s : raw) {
    std::string n = normalise_skill(s);
    if (!n.empty() && std::find(out.begin(), out.end(), n) == out.end()) out.push_back(std::move(n));
  }
  return out;
}

void check_country(Decoder& d, ObjectReader& r, Location& loc) {
  if (d.failed() || loc.country.empty()) return;
  const bool alpha2 = loc.country.size() == 2 &&
                      std::all_of(loc.country.begin(), loc.country.end(),
                                  [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
  if (!alpha2)
    d.fail(ErrorCode::invalid_field, r.path_of("country"),
           "\"country\" must be a two-letter ISO 3166 code such as GB or DE (got \"" + loc.country + "\")");
  for (char& c : loc.country)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
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
void check_ats_ids(Decoder& d, const std::string& path, const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < ids.size() && !d.failed(); ++i) {
    const auto at = ids.begin() + static_cast<std::ptrdiff_t>(i);
    if (normalise_skill(ids[i]).empty())
      d.fail(ErrorCode::invalid_field, path + "/" + std::to_string(i), "an ATS id must not be empty");
    else if (std::find(ids.begin(), at, ids[i]) != at)
      d.fail(ErrorCode::invalid_field, path + "/" + std::to_string(i), "the ATS id \"" + ids[i] + "\" appears twice");
  }
}

void AsReason::read(Decoder& d, ObjectReader& r, std::string_view key, Reason& out, const Outcome& o) const {
  if (const json::value* rv = r.get(key)) {
    ObjectReader rr(d, *rv, r.path_of(key), "a reason");
    decode_fields(d, rr, out);
    rr.finish();
    if (d.failed()) return;
    const ReasonInfo* info = find_reason(out.code);
    if (!info)
      d.fail(ErrorCode::unknown_reason, rr.path_of("code"), "\"" + out.code + "\" is not a reason code of the taxonomy");
    else if (info->note_required && normalise_skill(out.note).empty())
      d.fail(ErrorCode::note_required, rr.path_of("note"),
             "the reason \"" + out.code + "\" needs a note saying what happened");
  } else if (!d.failed() && o.outcome != OutcomeKind::hired) {
    d.fail(ErrorCode::missing_field, r.path_of(key), "\"reason\" is required for a person who was not hired");
  }
}

void AsReason::write(json::object& o, std::string_view key, const Reason& v) const {
  if (v.code.empty()) {
    o[key] = nullptr;
  } else {
    json::object reason;
    encode_fields(reason, v);
    o[key] = std::move(reason);
  }
}

}  // namespace detail

using detail::decode_record;
using detail::encode_record;

Result<Candidate> decode_candidate(const json::value& v, const std::string& path) {
  return decode_record<Candidate>(v, path, "a candidate");
}

Result<Requisition> decode_requisition(const json::value& v, const std::string& path) {
  return decode_record<Requisition>(v, path, "a requisition");
}

Result<Outcome> decode_outcome(const json::value& v, const std::string& path) {
  Result<Outcome> r = decode_record<Outcome>(v, path, "an outcome");
  if (!r) return r;
  const Outcome& o = r.value();
  if (o.rank != 0 && o.outcome != OutcomeKind::runner_up)
    return Error{ErrorCode::invalid_field, path + "/rank", "only runner-ups have a rank"};
  if (o.outcome == OutcomeKind::offer_declined && o.stage != Stage::offer)
    return Error{ErrorCode::invalid_field, path + "/stage", "an offer can only be declined at the offer stage"};
  return r;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Location& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const Candidate& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const Opening& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const Requisition& x) { encode_record(jv, x); }
void tag_invoke(json::value_from_tag, json::value& jv, const Outcome& x) { encode_record(jv, x); }

bool operator==(const Location& a, const Location& b) { return detail::equal_fields(a, b); }
bool operator==(const Opening& a, const Opening& b) { return detail::equal_fields(a, b); }
bool operator==(const Candidate& a, const Candidate& b) { return detail::equal_fields(a, b); }
bool operator==(const Requisition& a, const Requisition& b) { return detail::equal_fields(a, b); }
bool operator==(const Outcome& a, const Outcome& b) { return detail::equal_fields(a, b); }

}  // namespace runnerup
