#include "runnerup/privacy.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "json_read.hpp"
#include "record_fields.hpp"
#include "runnerup/taxonomy.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

const std::array<CodeLabel, 2> Vocabulary<LegalBasis>::items = {{
    {"legitimate_interest", "Legitimate interest"},
    {"consent", "Consent"},
}};

const std::vector<RetentionPolicy>& retention_policies() {
  using C = RetentionClock;
  static const std::vector<RetentionPolicy> kPolicies = {
      {"default", "Team default", -1, C::from_decision, "the team's own setting"},
      {"uk", "United Kingdom", 6, C::from_decision, "ICO guidance: about 6 months after the decision"},
      {"de", "Germany", 6, C::from_decision, "AGG claim window; 6 months after the decision"},
      {"at", "Austria", 7, C::from_decision, "GlBG claim window; 7 months after the decision"},
      {"fr", "France", 24, C::from_last_contact, "CNIL: up to 2 years from the last contact"},
      {"nl", "Netherlands", 1, C::from_decision, "AP guidance: 4 weeks after the procedure, 1 year with consent"},
      {"us", "United States", 12, C::from_decision, "EEOC: 1 year from the decision"},
      {"us_federal_contractor", "US federal contractor", 24, C::from_decision,
       "OFCCP: 2 years for contractors with 150+ employees"},
      {"us_ca", "California", 48, C::from_decision, "FEHA regulations: 4 years"},
  };
  return kPolicies;
}

const RetentionPolicy* find_retention_policy(std::string_view code) {
  for (const RetentionPolicy& p : retention_policies())
    if (p.code == code) return &p;
  return nullptr;
}

namespace {
std::string upper(std::string_view text) {
  std::string out;
  for (char ch : text)
    if (ch != ' ' && ch != '.' && ch != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}
}  // namespace

const RetentionPolicy* country_retention_policy(std::string_view country, std::string_view region) {
  const std::string c = upper(country);
  if (c == "US" || c == "USA") {
    const std::string r = upper(region);
    return find_retention_policy(r == "CA" || r == "CALIFORNIA" ? "us_ca" : "us");
  }
  static const std::pair<std::string_view, std::string_view> kCountries[] = {
      {"GB", "uk"}, {"UK", "uk"}, {"DE", "de"}, {"AT", "at"}, {"FR", "fr"}, {"NL", "nl"}};
  for (const auto& [code, policy] : kCountries)
    if (c == code) return find_retention_policy(policy);
  return nullptr;
}

bool consent_valid(const Consent& c, Date today) {
  if (c.basis != LegalBasis::consent || !c.given_at || c.withdrawn_at) return false;
  return !c.expires_at || date_of(*c.expires_at) >= today;
}

namespace {
Date allowed_until(const RetentionPolicy& policy, int default_months, Instant anchor, const Consent& consent) {
  const int months = policy_months(policy, default_months);
  Date until = add_months(date_of(anchor), months);
  if (consent.basis == LegalBasis::consent && consent.given_at && !consent.withdrawn_at && consent.expires_at)
    until = std::max(until, date_of(*consent.expires_at));
  return until;
}
}  // namespace

Date retain_until(const RetentionPolicy& policy, int default_months, Instant anchor, const Consent& consent) {
  const Date until = allowed_until(policy, default_months, anchor, consent);
  return consent.store_until ? std::min(until, date_of(*consent.store_until)) : until;
}

bool store_limit_decides(const RetentionPolicy& policy, int default_months, Instant anchor, const Consent& consent) {
  return consent.store_until && date_of(*consent.store_until) < allowed_until(policy, default_months, anchor, consent);
}

std::string store_limit_reason(const Consent& consent) {
  return consent.store_until ? "storage limit from the ATS: " + format_date(date_of(*consent.store_until)) : "";
}

namespace detail {

void Fields<Consent>::check(Decoder& d, ObjectReader& r, const Consent& c) {
  if (!d.failed() && c.basis == LegalBasis::consent && !c.given_at)
    d.fail(ErrorCode::missing_field, r.path_of("givenAt"), "consent needs the date it was given");
  if (!d.failed() && c.basis == LegalBasis::consent && c.wording_version.empty())
    d.fail(ErrorCode::missing_field, r.path_of("wordingVersion"),
           "consent needs the version of the wording the person agreed to");
  if (!d.failed() && c.given_at && c.expires_at && *c.expires_at <= *c.given_at)
    d.fail(ErrorCode::invalid_field, r.path_of("expiresAt"), "consent must expire after it was given");
}

}  // namespace detail

Result<Consent> decode_consent(const json::value& v, const std::string& path) {
  Decoder d;
  Consent c;
  ObjectReader r(d, v, path, "consent");
  detail::decode_fields(d, r, c);
  r.finish();
  detail::Fields<Consent>::check(d, r, c);
  if (d.failed()) return d.error();
  return c;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Consent& x) { detail::encode_record(jv, x); }

Result<Settings> decode_settings(const json::value& v, const std::string& path, const Settings& base) {
  Decoder d;
  Settings s = base;
  ObjectReader r(d, v, path, "settings");
  detail::decode_fields(d, r, s);
  r.finish();
  if (d.failed()) return d.error();
  return s;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Settings& x) { detail::encode_record(jv, x); }

}  // namespace runnerup
