// Private: the one description of each record of records.hpp, lifecycle.hpp and privacy.hpp, in
// the order of their JSON keys. records.cpp, lifecycle.cpp and privacy.cpp decode, encode and
// compare them from it; snapshot_binary.cpp stores them from it.
#pragma once

#include "describe.hpp"
#include "runnerup/privacy.hpp"
#include "runnerup/records.hpp"

namespace runnerup::detail {

// The checks and rewrites the descriptions name (records.cpp).
void check_emails(Decoder& d, const std::string& path, const std::vector<std::string>& emails);
void check_links(Decoder& d, const std::string& path, const std::vector<std::string>& links);
void check_ats_ids(Decoder& d, const std::string& path, const std::vector<std::string>& ids);
std::vector<std::string> normalise_skills(const std::vector<std::string>& raw);
void check_country(Decoder& d, ObjectReader& r, Location& loc);

// An outcome's reason: {"code","note","text"}, the code from the taxonomy, a note when the
// reason needs one; required unless the person was hired; null when there is none.
struct AsReason {
  void read(Decoder& d, ObjectReader& r, std::string_view key, Reason& out, const Outcome& o) const;
  void write(boost::json::object& o, std::string_view key, const Reason& v) const;
};

// An outcome's initiator: when absent, the reason's usual initiator.
struct AsInitiator {
  void read(Decoder&, ObjectReader& r, std::string_view key, Initiator& out, const Outcome& o) const {
    const ReasonInfo* info = o.reason.code.empty() ? nullptr : find_reason(o.reason.code);
    out = r.code(key, Need::optional, info ? info->initiator : Initiator::we_decided);
  }
  void write(boost::json::object& o, std::string_view key, Initiator v) const { o[key] = code_of(v); }
};

template <>
struct Fields<Location> {
  static constexpr auto list = std::make_tuple(field("city", &Location::city, AsText{}),
                                               field("region", &Location::region, AsText{}),
                                               field("country", &Location::country, AsText{}));
  static void check(Decoder& d, ObjectReader& r, Location& x) { check_country(d, r, x); }
};

template <>
struct Fields<Opening> {
  static constexpr auto list = std::make_tuple(field("id", &Opening::id, AsId{Need::required}),
                                               field("status", &Opening::status, AsCode<OpeningStatus>{}),
                                               field("closeReason", &Opening::close_reason, AsText{}));
};

template <>
struct Fields<Reason> {
  static constexpr auto list =
      std::make_tuple(field("code", &Reason::code, AsText{Need::required}),
                      field("note", &Reason::note, AsText{Need::optional, Text::multiline, kMaxNote}),
                      added(2, "text", &Reason::text, AsText{}));
};

template <>
struct Fields<InterviewScore> {
  static constexpr auto list = std::make_tuple(field("by", &InterviewScore::by, AsText{Need::required}),
                                               field("score", &InterviewScore::score,
                                                     AsCode<Score>{Need::required, Score::mixed}));
};

template <>
struct Fields<Candidate> {
  static constexpr auto list = std::make_tuple(
      field("id", &Candidate::id, AsId{Need::required}),
      added(2, "atsIds", &Candidate::ats_ids, AsTexts{kMaxId, check_ats_ids}),
      field("name", &Candidate::name, AsText{Need::required}),
      field("emails", &Candidate::emails, AsTexts{254, check_emails}),
      field("phones", &Candidate::phones, AsTexts{40}),
      field("links", &Candidate::links, AsTexts{2000, check_links}),
      field("location", &Candidate::location, AsObject<Location>{"a location"}),
      field("title", &Candidate::title, AsText{}),
      field("skills", &Candidate::skills, AsTexts{100, nullptr, normalise_skills}),
      field("seniority", &Candidate::seniority, AsText{}),
      field("source", &Candidate::source, AsText{}),
      field("tags", &Candidate::tags, AsTexts{100}),
      added(2, "company", &Candidate::company, AsText{}),
      added(2, "confidential", &Candidate::confidential, AsBool{}),
      added(2, "atsUpdatedAt", &Candidate::ats_updated_at, AsInstant{}));
};

template <>
struct Fields<Requisition> {
  static constexpr auto list = std::make_tuple(
      field("id", &Requisition::id, AsId{Need::required}),
      added(2, "code", &Requisition::code, AsId{}),
      field("title", &Requisition::title, AsText{Need::required}),
      field("department", &Requisition::department, AsText{}),
      field("location", &Requisition::location, AsObject<Location>{"a location"}),
      field("level", &Requisition::level, AsText{}),
      field("employmentType", &Requisition::employment_type, AsCode<EmploymentType>{}),
      field("requiredSkills", &Requisition::required_skills, AsTexts{100, nullptr, normalise_skills}),
      field("niceSkills", &Requisition::nice_skills, AsTexts{100, nullptr, normalise_skills}),
      field("status", &Requisition::status, AsCode<RequisitionStatus>{}),
      field("hiredCandidateId", &Requisition::hired_candidate_id, AsId{}),
      added(2, "openings", &Requisition::openings, AsObjects<Opening, true>{"openings", "an opening"}));
};

template <>
struct Fields<Outcome> {
  static constexpr auto list = std::make_tuple(
      field("candidateId", &Outcome::candidate_id, AsId{Need::required}),
      field("requisitionId", &Outcome::requisition_id, AsId{Need::required}),
      added(2, "atsId", &Outcome::ats_id, AsId{}),
      field("stage", &Outcome::stage, AsCode<Stage>{Need::required, Stage::applied}),
      added(2, "stageName", &Outcome::stage_name, AsText{}),
      field("outcome", &Outcome::outcome, AsCode<OutcomeKind>{Need::required, OutcomeKind::runner_up}),
      field("rank", &Outcome::rank, AsInt{0, 10'000}),
      field("reason", &Outcome::reason, AsReason{}),
      field("initiator", &Outcome::initiator, AsInitiator{}),
      field("futureFit", &Outcome::future_fit, AsCode<FutureFit>{}),
      field("scores", &Outcome::scores, AsObjects<InterviewScore>{"scores", "an interview score"}),
      field("skillGaps", &Outcome::skill_gaps, AsTexts{100, nullptr, normalise_skills}),
      field("note", &Outcome::note, AsText{Need::optional, Text::multiline, kMaxNote}),
      field("decidedAt", &Outcome::decided_at, AsInstant{}),
      field("decidedBy", &Outcome::decided_by, AsId{}));
};

// ---- lifecycle.hpp ----------------------------------------------------------------------------

template <>
struct Fields<FeedbackRequest> {
  static constexpr auto list = std::make_tuple(
      field("id", &FeedbackRequest::id, AsId{}),
      field("candidateId", &FeedbackRequest::candidate_id, AsId{Need::required}),
      field("requisitionId", &FeedbackRequest::requisition_id, AsId{}),
      field("requestedAt", &FeedbackRequest::requested_at, AsInstant{}));
};

template <>
struct Fields<FeedbackGiven> {
  static constexpr auto list = std::make_tuple(
      field("id", &FeedbackGiven::id, AsId{}),
      field("candidateId", &FeedbackGiven::candidate_id, AsId{Need::required}),
      field("requisitionId", &FeedbackGiven::requisition_id, AsId{}),
      field("givenAt", &FeedbackGiven::given_at, AsInstant{}),
      field("by", &FeedbackGiven::by, AsText{}),
      field("channel", &FeedbackGiven::channel, AsCode<Channel>{Need::required, Channel::email}),
      field("strengths", &FeedbackGiven::strengths, AsText{Need::optional, Text::multiline, kMaxNote}),
      field("improvements", &FeedbackGiven::improvements, AsText{Need::optional, Text::multiline, kMaxNote}),
      field("summary", &FeedbackGiven::summary, AsText{Need::optional, Text::multiline, kMaxNote}));
};

template <>
struct Fields<FutureRoles> {
  static constexpr auto list = std::make_tuple(
      field("families", &FutureRoles::families, AsTexts{}),
      field("departments", &FutureRoles::departments, AsTexts{}),
      field("requisitions", &FutureRoles::requisitions, AsTexts{kMaxId}));
};

template <>
struct Fields<Flags> {
  static constexpr auto list = std::make_tuple(
      field("openToContract", &Flags::open_to_contract, AsBool{}),
      field("openToPartTime", &Flags::open_to_part_time, AsBool{}),
      field("availableFrom", &Flags::available_from, AsOptionalDate{}),
      field("futureRoles", &Flags::future_roles, AsObject<FutureRoles>{"future roles"}),
      field("doNotContact", &Flags::do_not_contact, AsBool{}),
      field("doNotContactReason", &Flags::do_not_contact_reason, AsText{Need::optional, Text::multiline, 2000}));
};

template <>
struct Fields<Touchpoint> {
  static constexpr auto list = std::make_tuple(
      field("id", &Touchpoint::id, AsId{}),
      field("candidateId", &Touchpoint::candidate_id, AsId{Need::required}),
      field("at", &Touchpoint::at, AsInstant{}),
      field("channel", &Touchpoint::channel, AsCode<Channel>{Need::required, Channel::email}),
      field("direction", &Touchpoint::direction, AsCode<Direction>{}),
      field("note", &Touchpoint::note, AsText{Need::optional, Text::multiline, kMaxNote}),
      field("by", &Touchpoint::by, AsText{}));
};

template <>
struct Fields<Cadence> {
  static constexpr auto list = std::make_tuple(
      field("every", &Cadence::every, AsInt{1, 3650, Need::required}),
      field("unit", &Cadence::unit, AsCode<CadenceUnit>{Need::required, CadenceUnit::days}));
};

// A follow-up's cadence: null when it has none (every 0).
struct AsCadence : AsObject<Cadence> {
  void write(boost::json::object& o, std::string_view key, const Cadence& v) const {
    if (v.every > 0) AsObject<Cadence>::write(o, key, v);
    else o[key] = nullptr;
  }
};

template <>
struct Fields<FollowUp> {
  static constexpr auto list = std::make_tuple(
      field("id", &FollowUp::id, AsId{}),
      field("candidateId", &FollowUp::candidate_id, AsId{Need::required}),
      field("due", &FollowUp::due, AsDate{}),
      field("owner", &FollowUp::owner, AsText{}),
      field("note", &FollowUp::note, AsText{Need::optional, Text::multiline, kMaxNote}),
      field("cadence", &FollowUp::cadence, AsCadence{{"a cadence"}}),
      field("status", &FollowUp::status, AsCode<FollowUpStatus>{}),
      field("snoozedUntil", &FollowUp::snoozed_until, AsOptionalDate{}),
      field("closedAt", &FollowUp::closed_at, AsOptionalInstant{}));
};

template <>
struct Fields<HireBackOut> {
  static constexpr auto list = std::make_tuple(
      field("requisitionId", &HireBackOut::requisition_id, AsId{Need::required}),
      field("candidateId", &HireBackOut::candidate_id, AsId{}),
      field("reason", &HireBackOut::reason, AsCode<BackOutReason>{Need::required, BackOutReason::offer_declined}),
      field("note", &HireBackOut::note, AsText{Need::optional, Text::multiline, kMaxNote}),
      field("at", &HireBackOut::at, AsInstant{}));
};

template <>
struct Fields<Consent> {
  static constexpr auto list = std::make_tuple(
      field("basis", &Consent::basis, AsCode<LegalBasis>{Need::required, LegalBasis::legitimate_interest}),
      field("givenAt", &Consent::given_at, AsOptionalInstant{}),
      field("expiresAt", &Consent::expires_at, AsOptionalInstant{}),
      field("wordingVersion", &Consent::wording_version, AsText{}),
      field("renewalRequestedAt", &Consent::renewal_requested_at, AsOptionalInstant{}),
      field("renewalGranted", &Consent::renewal_granted, AsOptionalBool{}),
      field("withdrawnAt", &Consent::withdrawn_at, AsOptionalInstant{}),
      added(3, "storeUntil", &Consent::store_until, AsOptionalInstant{}));
  // Consent as the legal basis needs its date and wording; it expires after it was given.
  static void check(Decoder& d, ObjectReader& r, const Consent& c);
};

// The team's retention policy: a code of the built-in table (privacy.hpp).
struct AsRetentionPolicy {
  template <class R>
  void read(Decoder& d, ObjectReader& r, std::string_view key, std::string& out, const R&) const {
    if (!r.get(key) || d.failed()) return;
    out = r.text(key, Need::required);
    if (!d.failed() && !find_retention_policy(out))
      d.fail(ErrorCode::invalid_field, r.path_of(key), "unknown retention policy \"" + out + "\"");
  }
  void write(boost::json::object& o, std::string_view key, const std::string& v) const { o[key] = v; }
};

// Read over the settings in force: a field left out keeps its value.
template <>
struct Fields<Settings> {
  static constexpr auto list = std::make_tuple(
      field("feedbackDueBusinessDays", &Settings::feedback_due_business_days, AsInt{1, 60}),
      field("retentionPolicy", &Settings::retention_policy, AsRetentionPolicy{}),
      field("defaultRetentionMonths", &Settings::default_retention_months, AsInt{1, 120}),
      field("autoErase", &Settings::auto_erase, AsBool{}));
};

}  // namespace runnerup::detail
