// Data protection: consent, retention clocks by jurisdiction, erasure.
//
//   const RetentionPolicy* uk = find_retention_policy("uk");      // 6 months from the decision
//   Date until = retain_until(*uk, anchor, consent, today_default_months);
//
// Keeping rejected candidates is lawful only with a basis and for a time. Every person has a
// legal basis (legitimate interest unless they consented), a policy chosen per person, else by
// the requisition of their latest outcome, else by the country of the person's location (a
// country the table has a policy for), else the team default, and a computed retain-until
// date, never past a storage limit the ATS gives. Past it they are queued for erasure and
// blocked from outreach. The figures are the
// usual guidance, not legal advice; a team can override them per person or choose "default".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "runnerup/error.hpp"
#include "runnerup/time.hpp"

namespace runnerup {

enum class LegalBasis : std::uint8_t { legitimate_interest, consent };
enum class RetentionClock : std::uint8_t { from_decision, from_last_contact };

struct RetentionPolicy {
  std::string_view code;
  std::string_view label;
  int months;  // without consent; -1: the team's configured default
  RetentionClock clock;
  std::string_view basis;  // where the figure comes from, shown to recruiters
};

// The built-in table: default, uk, de, at, fr, nl, us, us_federal_contractor, us_ca.
const std::vector<RetentionPolicy>& retention_policies();
const RetentionPolicy* find_retention_policy(std::string_view code);

// The policy a person's country calls for when nobody chose one: "GB" (or "UK") -> uk, "DE" -> de,
// "AT" -> at, "FR" -> fr, "NL" -> nl, "US" -> us, and "US" with the region "CA" (or
// "California") -> us_ca. Codes are ISO 3166 as the candidate's location holds them, any case;
// null for any other country (the team default then applies).
const RetentionPolicy* country_retention_policy(std::string_view country, std::string_view region);

// How many months a policy keeps data without consent (the team's default for "default").
inline int policy_months(const RetentionPolicy& policy, int default_months) {
  return policy.months < 0 ? default_months : policy.months;
}

struct Consent {
  LegalBasis basis = LegalBasis::legitimate_interest;
  std::optional<Instant> given_at;
  std::optional<Instant> expires_at;
  std::string wording_version;  // the text shown to the person, by version
  std::optional<Instant> renewal_requested_at;
  std::optional<bool> renewal_granted;  // the answer to the last renewal request
  std::optional<Instant> withdrawn_at;
  // The ATS's storage limit (Lever's dataProtection.store.expiresAt): the data may not be kept
  // past this day, whatever the policy or a consent would allow. Kept when consent is recorded
  // by hand without one.
  std::optional<Instant> store_until;
};

// Whether the consent is in force on `today` (given, not withdrawn, not expired).
bool consent_valid(const Consent& c, Date today);

// The last day personal data may be kept: `anchor` (the decision, or the last contact for
// policies whose clock restarts on contact) plus the policy's months, extended to the consent's
// expiry while consent is valid, and never past the ATS's storage limit.
Date retain_until(const RetentionPolicy& policy, int default_months, Instant anchor, const Consent& consent);
// Whether the ATS's storage limit, not the policy or consent, decides retain_until().
bool store_limit_decides(const RetentionPolicy& policy, int default_months, Instant anchor, const Consent& consent);
// Why retention ends on the storage limit, for recruiters: "storage limit from the ATS: 2027-01-31".
std::string store_limit_reason(const Consent& consent);

Result<Consent> decode_consent(const boost::json::value& v, const std::string& path);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Consent& x);

// The team's settings for a pool.
struct Settings {
  int feedback_due_business_days = 5;  // owed feedback is overdue after this many business days
  std::string retention_policy = "default";  // the policy when neither person nor requisition has one
  int default_retention_months = 12;         // what the "default" policy keeps
  bool auto_erase = false;                   // erase on expiry instead of queueing for erasure
};
Result<Settings> decode_settings(const boost::json::value& v, const std::string& path, const Settings& base);
void tag_invoke(boost::json::value_from_tag, boost::json::value& jv, const Settings& x);

// What an erasure leaves of a text field.
constexpr std::string_view kErasedName = "Erased person";

}  // namespace runnerup
