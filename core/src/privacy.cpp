#include "runnerup/privacy.hpp"

#include <algorithm>

#include "json_read.hpp"
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

bool consent_valid(const Consent& c, Date today) {
  if (c.basis != LegalBasis::consent || !c.given_at || c.withdrawn_at) return false;
  return !c.expires_at || date_of(*c.expires_at) >= today;
}

namespace {
Date allowed_until(const RetentionPolicy& policy, int default_months, Instant anchor, const Consent& consent) {
  const int months = policy.months < 0 ? default_months : policy.months;
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

Result<Consent> decode_consent(const json::value& v, const std::string& path) {
  Decoder d;
  Consent c;
  ObjectReader r(d, v, path, "consent");
  c.basis = r.code("basis", Need::required, LegalBasis::legitimate_interest);
  auto instant = [&](std::string_view key) -> std::optional<Instant> {
    if (!r.get(key) || d.failed()) return std::nullopt;
    return r.instant(key, Need::required);
  };
  c.given_at = instant("givenAt");
  c.expires_at = instant("expiresAt");
  c.wording_version = r.text("wordingVersion", Need::optional);
  c.renewal_requested_at = instant("renewalRequestedAt");
  if (const json::value* g = r.get("renewalGranted"); g && !d.failed()) {
    if (!g->is_bool()) d.fail(ErrorCode::invalid_field, r.path_of("renewalGranted"), "\"renewalGranted\" must be true, false or null");
    else c.renewal_granted = g->get_bool();
  }
  c.withdrawn_at = instant("withdrawnAt");
  c.store_until = instant("storeUntil");
  r.finish();
  if (!d.failed() && c.basis == LegalBasis::consent && !c.given_at)
    d.fail(ErrorCode::missing_field, r.path_of("givenAt"), "consent needs the date it was given");
  if (!d.failed() && c.basis == LegalBasis::consent && c.wording_version.empty())
    d.fail(ErrorCode::missing_field, r.path_of("wordingVersion"),
           "consent needs the version of the wording the person agreed to");
  if (!d.failed() && c.given_at && c.expires_at && *c.expires_at <= *c.given_at)
    d.fail(ErrorCode::invalid_field, r.path_of("expiresAt"), "consent must expire after it was given");
  if (d.failed()) return d.error();
  return c;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Consent& x) {
  auto instant = [](const std::optional<Instant>& t) {
    return t ? json::value(format_instant(*t)) : json::value(nullptr);
  };
  json::object o;
  o["basis"] = code_of(x.basis);
  o["givenAt"] = instant(x.given_at);
  o["expiresAt"] = instant(x.expires_at);
  o["wordingVersion"] = x.wording_version;
  o["renewalRequestedAt"] = instant(x.renewal_requested_at);
  o["renewalGranted"] = x.renewal_granted ? json::value(*x.renewal_granted) : json::value(nullptr);
  o["withdrawnAt"] = instant(x.withdrawn_at);
  if (x.store_until) o["storeUntil"] = format_instant(*x.store_until);  // only when set: older logs keep their bytes
  jv = std::move(o);
}

Result<Settings> decode_settings(const json::value& v, const std::string& path, const Settings& base) {
  Decoder d;
  Settings s = base;
  ObjectReader r(d, v, path, "settings");
  s.feedback_due_business_days = static_cast<int>(
      r.integer("feedbackDueBusinessDays", Need::optional, 1, 60, base.feedback_due_business_days));
  if (r.get("retentionPolicy") && !d.failed()) {
    s.retention_policy = r.text("retentionPolicy", Need::required);
    if (!d.failed() && !find_retention_policy(s.retention_policy))
      d.fail(ErrorCode::invalid_field, r.path_of("retentionPolicy"),
             "unknown retention policy \"" + s.retention_policy + "\"");
  }
  s.default_retention_months = static_cast<int>(
      r.integer("defaultRetentionMonths", Need::optional, 1, 120, base.default_retention_months));
  if (const json::value* a = r.get("autoErase"); a && !d.failed()) {
    if (!a->is_bool()) d.fail(ErrorCode::invalid_field, r.path_of("autoErase"), "\"autoErase\" must be true or false");
    else s.auto_erase = a->get_bool();
  }
  r.finish();
  if (d.failed()) return d.error();
  return s;
}

void tag_invoke(json::value_from_tag, json::value& jv, const Settings& x) {
  jv = json::object{{"feedbackDueBusinessDays", x.feedback_due_business_days},
                    {"retentionPolicy", x.retention_policy},
                    {"defaultRetentionMonths", x.default_retention_months},
                    {"autoErase", x.auto_erase}};
}

}  // namespace runnerup
