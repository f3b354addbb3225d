#include "runnerup/privacy.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "fixtures.hpp"
#include "runnerup/query.hpp"
#include "runnerup/rules.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::command;
using testing::must;
using testing::state_text;
using testing::three_runner_ups;

Date day(const char* s) { return *parse_date(s); }
Instant at(const char* s) { return *parse_instant(s); }

std::string until(const char* policy, const char* anchor, const Consent& consent = {}, int default_months = 12) {
  return format_date(retain_until(*find_retention_policy(policy), default_months, at(anchor), consent));
}

TEST(Retention, EveryJurisdictionHasItsPeriod) {
  EXPECT_EQ(until("uk", "2026-03-15T10:00:00Z"), "2026-09-15");
  EXPECT_EQ(until("de", "2026-03-15T10:00:00Z"), "2026-09-15");
  EXPECT_EQ(until("at", "2026-03-15T10:00:00Z"), "2026-10-15");
  EXPECT_EQ(until("fr", "2026-03-15T10:00:00Z"), "2028-03-15");
  EXPECT_EQ(until("nl", "2026-03-15T10:00:00Z"), "2026-04-15");
  EXPECT_EQ(until("us", "2026-03-15T10:00:00Z"), "2027-03-15");
  EXPECT_EQ(until("us_federal_contractor", "2026-03-15T10:00:00Z"), "2028-03-15");
  EXPECT_EQ(until("us_ca", "2026-03-15T10:00:00Z"), "2030-03-15");
  EXPECT_EQ(until("default", "2026-03-15T10:00:00Z", {}, 9), "2026-12-15");
}

TEST(Retention, MonthEndsClampAndLeapDaysAreKept) {
  EXPECT_EQ(until("uk", "2026-08-31T10:00:00Z"), "2027-02-28");
  EXPECT_EQ(until("uk", "2027-08-31T10:00:00Z"), "2028-02-29");  // leap year
  EXPECT_EQ(until("at", "2026-07-31T10:00:00Z"), "2027-02-28");
  EXPECT_EQ(until("us", "2028-02-29T10:00:00Z"), "2029-02-28");
  EXPECT_EQ(until("us_ca", "2028-02-29T10:00:00Z"), "2032-02-29");
  EXPECT_EQ(until("nl", "2026-01-31T10:00:00Z"), "2026-02-28");
}

TEST(Retention, ValidConsentExtendsToItsExpiry) {
  Consent c;
  c.basis = LegalBasis::consent;
  c.given_at = at("2026-03-15T10:00:00Z");
  c.expires_at = at("2027-03-15T10:00:00Z");
  c.wording_version = "v2";
  EXPECT_EQ(until("uk", "2026-03-15T10:00:00Z", c), "2027-03-15");
  EXPECT_EQ(until("us_ca", "2026-03-15T10:00:00Z", c), "2030-03-15");  // the longer one wins
  c.withdrawn_at = at("2026-04-01T10:00:00Z");
  EXPECT_EQ(until("uk", "2026-03-15T10:00:00Z", c), "2026-09-15");
}

TEST(Retention, AStorageLimitFromTheAtsEndsItEarlierButNeverExtendsIt) {
  Consent c;
  c.store_until = at("2026-06-30T12:00:00Z");
  EXPECT_EQ(until("uk", "2026-03-15T10:00:00Z", c), "2026-06-30");  // policy says 2026-09-15
  c.store_until = at("2027-01-31T00:00:00Z");
  EXPECT_EQ(until("uk", "2026-03-15T10:00:00Z", c), "2026-09-15");  // a later limit keeps the policy's date
  // A consent to 2027-03-15 would keep the person longer; the ATS allows storage to 2027-01-31.
  c.basis = LegalBasis::consent;
  c.given_at = at("2026-03-15T10:00:00Z");
  c.expires_at = at("2027-03-15T10:00:00Z");
  c.wording_version = "v2";
  EXPECT_EQ(until("uk", "2026-03-15T10:00:00Z", c), "2027-01-31");
  EXPECT_TRUE(store_limit_decides(*find_retention_policy("uk"), 12, at("2026-03-15T10:00:00Z"), c));
  EXPECT_EQ(store_limit_reason(c), "storage limit from the ATS: 2027-01-31");
}

TEST(Consent, TheAtsStorageLimitRoundTripsAndIsWrittenOnlyWhenSet) {
  const json::value with = json::parse(R"({"basis":"legitimate_interest","givenAt":null,"expiresAt":null,
      "wordingVersion":"","renewalRequestedAt":null,"renewalGranted":null,"withdrawnAt":null,
      "storeUntil":"2027-01-31T00:00:00Z"})");
  auto c = decode_consent(with, "/consent");
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_TRUE(c.value().store_until);
  EXPECT_EQ(format_instant(*c.value().store_until), "2027-01-31T00:00:00Z");
  EXPECT_EQ(json::serialize(json::value_from(c.value())), json::serialize(with));
  // Without a limit the consent is written as before it existed.
  EXPECT_EQ(json::serialize(json::value_from(Consent{})).find("storeUntil"), std::string::npos);
  auto bad = decode_consent(json::parse(R"({"basis":"legitimate_interest","storeUntil":"31.01.2027"})"), "/consent");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().path, "/consent/storeUntil");
}

TEST(Consent, RefusesConsentWithoutItsDateOrWordingAndAnExpiryBeforeItWasGiven) {
  auto no_date = decode_consent(json::parse(R"({"basis":"consent","wordingVersion":"v1"})"), "/consent");
  ASSERT_FALSE(no_date);
  EXPECT_EQ(no_date.error().path, "/consent/givenAt");
  auto no_wording = decode_consent(json::parse(R"({"basis":"consent","givenAt":"2026-03-15T10:00:00Z"})"), "/consent");
  ASSERT_FALSE(no_wording);
  EXPECT_EQ(no_wording.error().path, "/consent/wordingVersion");
  auto backwards = decode_consent(json::parse(R"({"basis":"consent","givenAt":"2026-03-15T10:00:00Z",
      "expiresAt":"2026-03-14T10:00:00Z","wordingVersion":"v1"})"), "/consent");
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().path, "/consent/expiresAt");
  auto granted = decode_consent(json::parse(R"({"basis":"legitimate_interest","renewalGranted":"yes"})"), "/consent");
  ASSERT_FALSE(granted);
  EXPECT_EQ(granted.error().path, "/consent/renewalGranted");
  EXPECT_EQ(granted.error().code, ErrorCode::invalid_field);
}

TEST(Settings, AreReadOverTheSettingsInForceAndWrittenWhole) {
  Settings base;
  base.auto_erase = true;
  base.retention_policy = "uk";
  base.default_retention_months = 24;
  auto patched = decode_settings(json::parse(R"({"feedbackDueBusinessDays":3})"), "/settings", base);
  ASSERT_TRUE(patched) << patched.error().message;
  EXPECT_EQ(json::serialize(json::value_from(patched.value())),
            R"({"feedbackDueBusinessDays":3,"retentionPolicy":"uk","defaultRetentionMonths":24,"autoErase":true})");
  auto off = decode_settings(json::parse(R"({"autoErase":false,"retentionPolicy":"fr"})"), "/settings", base);
  ASSERT_TRUE(off);
  EXPECT_FALSE(off.value().auto_erase);
  EXPECT_EQ(off.value().retention_policy, "fr");
  auto unknown = decode_settings(json::parse(R"({"retentionPolicy":"mars"})"), "/settings", base);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().path, "/settings/retentionPolicy");
  auto range = decode_settings(json::parse(R"({"defaultRetentionMonths":0})"), "/settings", base);
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().path, "/settings/defaultRetentionMonths");
}

TEST(Retention, TheTaxonomyListsEveryPolicyWithItsBasis) {
  auto t = taxonomy_json();
  const auto& policies = t.at("retentionPolicies").as_array();
  EXPECT_EQ(policies.size(), retention_policies().size());
  EXPECT_EQ(policies[4].at("code").as_string(), "fr");
  EXPECT_EQ(policies[4].at("clock").as_string(), "from_last_contact");
  for (const char* code : {"default", "uk", "de", "at", "fr", "nl", "us", "us_federal_contractor", "us_ca"})
    EXPECT_NE(find_retention_policy(code), nullptr) << code;
}

TEST(Consent, IsValidOnlyWhileGivenNotWithdrawnAndNotExpired) {
  Consent c;
  EXPECT_FALSE(consent_valid(c, day("2026-11-22")));  // legitimate interest is not consent
  c.basis = LegalBasis::consent;
  c.given_at = at("2026-01-01T00:00:00Z");
  c.expires_at = at("2026-12-31T00:00:00Z");
  EXPECT_TRUE(consent_valid(c, day("2026-12-31")));
  EXPECT_FALSE(consent_valid(c, day("2027-01-01")));
  c.withdrawn_at = at("2026-06-01T00:00:00Z");
  EXPECT_FALSE(consent_valid(c, day("2026-06-02")));
}

TEST(Consent, NeedsADateAndTheWordingVersion) {
  auto r = parse_command(R"({"type":"recordConsent","candidateId":"c-1","consent":{"basis":"consent",
      "givenAt":"2026-11-01T00:00:00Z"}})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().path, "/consent/wordingVersion");
  auto backwards = parse_command(R"({"type":"recordConsent","candidateId":"c-1","consent":{"basis":"consent",
      "givenAt":"2026-11-01T00:00:00Z","expiresAt":"2026-10-01T00:00:00Z","wordingVersion":"v1"}})");
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().path, "/consent/expiresAt");
}

// The pool used below: runner-ups decided on 2026-11-20 (fixtures' kNow).
TEST(RetentionInThePool, PolicyComesFromThePersonElseTheRequisitionElseTheTeam) {
  Pool pool = three_runner_ups();
  EXPECT_EQ(pool.state().retention("c-1", day("2026-11-22")).policy->code, "default");
  must(pool, R"({"type":"setRetentionPolicy","requisitionId":"r-1","policy":"de"})", "p1");
  Retention r = pool.state().retention("c-1", day("2026-11-22"));
  EXPECT_EQ(r.policy->code, "de");
  EXPECT_EQ(r.chosen_by, "requisition");
  EXPECT_EQ(format_date(r.until), "2027-05-20");
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"us_ca"})", "p2");
  EXPECT_EQ(pool.state().retention("c-1", day("2026-11-22")).policy->code, "us_ca");
  must(pool, R"({"type":"changeSettings","settings":{"retentionPolicy":"uk"}})", "p3");
  EXPECT_EQ(pool.state().retention("c-2", day("2026-11-22")).policy->code, "de");
}

TEST(RetentionInThePool, WithoutAChoiceThePersonsCountryDecidesBeforeTheTeamDefault) {
  EXPECT_EQ(country_retention_policy("GB", "")->code, "uk");
  EXPECT_EQ(country_retention_policy("de", "")->code, "de");
  EXPECT_EQ(country_retention_policy("US", "CA")->code, "us_ca");
  EXPECT_EQ(country_retention_policy("US", "NY")->code, "us");
  EXPECT_EQ(country_retention_policy("ES", ""), nullptr);
  EXPECT_EQ(country_retention_policy("", ""), nullptr);

  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez","emails":["c-1@example.com"],
      "skills":["Go","PostgreSQL"],"location":{"city":"Leeds","region":"","country":"GB"}}})", "l1");
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-2","name":"Chen Wei","emails":["c-2@example.com"],
      "skills":["Go","PostgreSQL"],"location":{"city":"Madrid","region":"","country":"ES"}}})", "l2");
  Retention uk = pool.state().retention("c-1", day("2026-11-22"));
  EXPECT_EQ(uk.policy->code, "uk");
  EXPECT_EQ(uk.chosen_by, "country");
  EXPECT_EQ(format_date(uk.until), "2027-05-20");
  // a country the table has no policy for: the team's
  EXPECT_EQ(pool.state().retention("c-2", day("2026-11-22")).chosen_by, "team");
  // the card says so, with the policy's duration
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1","today":"2026-11-22"})"));
  ASSERT_TRUE(card);
  EXPECT_EQ(card.value().at("retention").at("chosenBy").as_string(), "country");
  EXPECT_EQ(card.value().at("retention").at("months").as_int64(), 6);
  // a choice for the requisition or the person still wins over the country
  must(pool, R"({"type":"setRetentionPolicy","requisitionId":"r-1","policy":"us"})", "p1");
  EXPECT_EQ(pool.state().retention("c-1", day("2026-11-22")).policy->code, "us");
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"fr"})", "p2");
  EXPECT_EQ(pool.state().retention("c-1", day("2026-11-22")).chosen_by, "person");
}

TEST(RetentionInThePool, TheCardSaysWhatEachPolicyWouldDoAndWhichWouldQueueAnErasure) {
  Pool pool = three_runner_ups();  // decided 2026-11-20; the team default keeps 12 months
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1","today":"2027-07-01"})"));
  ASSERT_TRUE(card);
  const json::array& options = card.value().at("retentionOptions").as_array();
  ASSERT_EQ(options.size(), retention_policies().size());
  auto option = [&](std::string_view code) -> const json::object& {
    for (const json::value& o : options)
      if (o.at("policy").as_string() == code) return o.as_object();
    ADD_FAILURE() << "no option " << code;
    return options[0].as_object();
  };
  EXPECT_TRUE(option("default").at("current").as_bool());
  EXPECT_EQ(option("default").at("months").as_int64(), 12);  // the team's months
  EXPECT_FALSE(option("default").at("queuesErasure").as_bool());
  // the UK's 6 months ended on 2027-05-20: choosing it queues the person for erasure from today
  EXPECT_EQ(option("uk").at("months").as_int64(), 6);
  EXPECT_EQ(option("uk").at("clock").as_string(), "from_decision");
  EXPECT_EQ(option("uk").at("retainUntil").as_string(), "2027-05-20");
  EXPECT_TRUE(option("uk").at("queuesErasure").as_bool());
  EXPECT_EQ(option("uk").at("erasureOn").as_string(), "2027-07-01");
  // France's clock runs from the last contact, 24 months: nothing queued, the day after its end
  EXPECT_EQ(option("fr").at("clock").as_string(), "from_last_contact");
  EXPECT_FALSE(option("fr").at("queuesErasure").as_bool());
  EXPECT_EQ(option("fr").at("erasureOn").as_string(), "2028-11-21");
  // choosing it does what the option said
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"uk"})", "p1", at("2027-07-01T09:00:00Z"));
  auto due = run_query(pool, json::parse(R"({"type":"retention","today":"2027-07-01"})"));
  ASSERT_TRUE(due);
  ASSERT_EQ(due.value().at("expired").as_array().size(), 1u);
  EXPECT_EQ(due.value().at("expired").as_array()[0].at("candidate").at("id").as_string(), "c-1");
  // someone with no decision has no clock: no option queues anything
  must(pool, testing::candidate_json("c-9", "Nobody Yet"), "n");
  auto none = run_query(pool, json::parse(R"({"type":"candidate","id":"c-9","today":"2027-07-01"})"));
  for (const json::value& o : none.value().at("retentionOptions").as_array()) {
    EXPECT_FALSE(o.at("queuesErasure").as_bool());
    EXPECT_TRUE(o.at("erasureOn").is_null());
  }
}

TEST(RetentionInThePool, TheFrenchClockRestartsOnNewContact) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"fr"})", "p1");
  EXPECT_EQ(format_date(pool.state().retention("c-1", day("2026-11-22")).until), "2028-11-20");
  must(pool, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"phone","at":"2027-06-01T09:00:00Z"}})",
       "t1", at("2027-06-02T00:00:00Z"));
  EXPECT_EQ(format_date(pool.state().retention("c-1", day("2027-06-02")).until), "2029-06-01");
  // A UK clock does not restart.
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-2","policy":"uk"})", "p2");
  must(pool, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-2","channel":"phone","at":"2027-01-01T09:00:00Z"}})",
       "t2", at("2027-01-02T00:00:00Z"));
  EXPECT_EQ(format_date(pool.state().retention("c-2", day("2027-01-02")).until), "2027-05-20");
}

TEST(RetentionInThePool, PastTheDateAPersonIsExpiringThenBlockedFromOutreach) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"nl"})", "p1");  // until 2026-12-20
  auto soon = run_query(pool, json::parse(R"({"type":"retention","today":"2026-12-10"})"));
  ASSERT_TRUE(soon);
  ASSERT_EQ(soon.value().at("expiring").as_array().size(), 1u);
  EXPECT_EQ(soon.value().at("expiring").as_array()[0].at("retention").at("daysLeft").as_int64(), 10);
  // the person's own answer says so too, so the card marks them as the Retention tab lists them
  const json::value& own = soon.value().at("expiring").as_array()[0].at("retention");
  EXPECT_TRUE(own.at("expiringSoon").as_bool());
  auto early = run_query(pool, json::parse(R"({"type":"retention","today":"2026-11-01"})"));
  ASSERT_TRUE(early);
  EXPECT_TRUE(early.value().at("expiring").as_array().empty());
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1","today":"2026-11-01"})"));
  ASSERT_TRUE(card);
  EXPECT_FALSE(card.value().at("retention").at("expiringSoon").as_bool()) << "49 days left: not yet";
  auto later = run_query(pool, json::parse(R"({"type":"retention","today":"2026-12-21"})"));
  ASSERT_EQ(later.value().at("expired").as_array().size(), 1u);
  auto r = pool.execute(command(R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2027-01-05"}})"),
                        "alice", at("2026-12-21T09:00:00Z"), "f1");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::blocked);
  EXPECT_NE(r.error().message.find("retention period ended on 2026-12-20"), std::string::npos);
  NextInLine line = next_in_line(pool.state(), "r-1", day("2026-12-21"));
  ASSERT_EQ(line.skipped.size(), 1u);
  EXPECT_EQ(line.skipped[0].why, "retention_expired");
}

TEST(RetentionInThePool, PastTheAtsStorageLimitAPersonIsQueuedForErasureAndBlockedAndTheAnswerSaysWhy) {
  Pool pool = three_runner_ups();  // decided 2026-11-20: the default policy keeps them to 2027-11-20
  must(pool, R"({"type":"recordConsent","candidateId":"c-1","consent":{"basis":"legitimate_interest",
      "storeUntil":"2026-12-01T00:00:00Z"}})", "s");
  auto r = run_query(pool, json::parse(R"({"type":"retention","today":"2026-12-02"})"));
  ASSERT_TRUE(r);
  const auto& expired = r.value().at("expired").as_array();
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].at("candidate").at("id").as_string(), "c-1");
  EXPECT_EQ(expired[0].at("retention").at("retainUntil").as_string(), "2026-12-01");
  EXPECT_EQ(expired[0].at("retention").at("limitedBy").as_string(), "storage limit from the ATS: 2026-12-01");
  auto card = run_query(pool, json::parse(R"({"type":"candidate","id":"c-1","today":"2026-12-02"})"));
  ASSERT_TRUE(card);
  EXPECT_EQ(card.value().at("retention").at("limitedBy").as_string(), "storage limit from the ATS: 2026-12-01");
  EXPECT_EQ(card.value().at("consent").at("storeUntil").as_string(), "2026-12-01T00:00:00Z");
  const auto due = erasure_due(pool.state(), day("2026-12-02"));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].candidate_id, "c-1");
  auto f = pool.execute(command(R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2027-01-05"}})"),
                        "alice", at("2026-12-02T09:00:00Z"), "f1");
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, ErrorCode::blocked);
  EXPECT_NE(f.error().message.find("ended on 2026-12-01 (storage limit from the ATS: 2026-12-01)"), std::string::npos)
      << f.error().message;
  // A consent recorded by hand afterwards keeps the ATS's limit.
  must(pool, R"({"type":"recordConsent","candidateId":"c-1","consent":{"basis":"consent",
      "givenAt":"2026-11-20T00:00:00Z","expiresAt":"2028-11-20T00:00:00Z","wordingVersion":"v3"}})", "h");
  EXPECT_EQ(format_date(pool.state().retention("c-1", day("2026-12-02")).until), "2026-12-01");
  // Before the limit, the card answers the policy's date and no limit.
  auto other = run_query(pool, json::parse(R"({"type":"candidate","id":"c-2","today":"2026-12-02"})"));
  EXPECT_TRUE(other.value().at("retention").at("limitedBy").is_null());
}

TEST(RetentionInThePool, TheStorageLimitSurvivesTheLogTheSnapshotsAndGoesWithAnErasure) {
  Pool pool = three_runner_ups();
  auto events = must(pool, R"({"type":"recordConsent","candidateId":"c-1","consent":{"basis":"legitimate_interest",
      "storeUntil":"2027-01-31T00:00:00Z"}})", "s");
  // The log: replayed from its JSON, the same state.
  auto log = decode_log(json::serialize(encode_log(pool.log())));
  ASSERT_TRUE(log);
  Pool replayed;
  replayed.apply(log.value());
  EXPECT_EQ(state_text(replayed), state_text(pool));
  ASSERT_TRUE(replayed.state().consent_of("c-1").store_until);
  // The snapshots, JSON and binary.
  Pool restored;
  ASSERT_TRUE(restored.restore(pool.snapshot()));
  EXPECT_EQ(state_text(restored), state_text(pool));
  testing::expect_binary_round_trip(pool);
  Pool from_binary;
  ASSERT_TRUE(from_binary.restore_binary(pool.snapshot_binary()));
  ASSERT_TRUE(from_binary.state().consent_of("c-1").store_until);
  EXPECT_EQ(format_instant(*from_binary.state().consent_of("c-1").store_until), "2027-01-31T00:00:00Z");
  // The access export holds it; an erasure removes it with the rest of the consent.
  auto access = run_query(pool, json::parse(R"({"type":"accessExport","candidateId":"c-1","today":"2026-11-22"})"));
  ASSERT_TRUE(access);
  EXPECT_NE(json::serialize(access.value()).find("\"storeUntil\":\"2027-01-31T00:00:00Z\""), std::string::npos);
  must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  EXPECT_FALSE(pool.state().consent_of("c-1").store_until);
}

TEST(RetentionInThePool, AnOldConsentEventWithoutAStorageLimitReadsAndWritesUnchanged) {
  const std::string old = R"({"id":"c","actor":"alice","at":"2026-11-20T09:30:00Z","clock":1,"type":"consent.recorded",)"
                          R"("data":{"candidateId":"c-2","consent":{"basis":"consent","givenAt":"2026-11-20T00:00:00Z",)"
                          R"("expiresAt":"2027-11-20T00:00:00Z","wordingVersion":"v3","renewalRequestedAt":null,)"
                          R"("renewalGranted":null,"withdrawnAt":null}}})";
  auto e = decode_event(json::parse(old), "/events/0");
  ASSERT_TRUE(e) << e.error().message << " at " << e.error().path;
  const json::value again = json::value_from(e.value());
  EXPECT_EQ(again, json::parse(old)) << json::serialize(again);
  EXPECT_EQ(json::serialize(again).find("storeUntil"), std::string::npos);
  Pool pool = three_runner_ups();
  pool.apply({e.value()});
  EXPECT_FALSE(pool.state().consent_of("c-2").store_until);
  EXPECT_EQ(format_date(pool.state().retention("c-2", day("2026-12-01")).until), "2027-11-20");
}

TEST(RetentionInThePool, RenewedConsentRestartsTheClock) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"uk"})", "p1");
  must(pool, R"({"type":"requestConsentRenewal","candidateId":"c-1"})", "r1", at("2027-05-01T09:00:00Z"));
  EXPECT_TRUE(pool.state().consent_of("c-1").renewal_requested_at);
  must(pool, R"({"type":"answerConsentRenewal","candidateId":"c-1","granted":true,"expiresAt":"2028-05-01T00:00:00Z"})",
       "r2", at("2027-05-03T09:00:00Z"));
  Retention r = pool.state().retention("c-1", day("2027-06-01"));
  EXPECT_TRUE(r.consent_valid);
  EXPECT_EQ(format_date(r.until), "2028-05-01");
}

TEST(RetentionInThePool, WithdrawingConsentBlocksOutreachEverywhereAtOnce) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"recordConsent","candidateId":"c-2","consent":{"basis":"consent",
      "givenAt":"2026-11-20T00:00:00Z","expiresAt":"2027-11-20T00:00:00Z","wordingVersion":"talent-pool-v3"}})", "c");
  must(pool, R"({"type":"withdrawConsent","candidateId":"c-2"})", "w");
  auto r = pool.execute(command(R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-2","channel":"email"}})"),
                        "alice", testing::kNow, "t");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::blocked);
  NextInLine line = next_in_line(pool.state(), "r-1", day("2026-11-22"));
  ASSERT_EQ(line.skipped.size(), 1u);
  EXPECT_EQ(line.skipped[0].why, "consent_withdrawn");
}

// ---- erasure -----------------------------------------------------------------------------------

Pool rich_person() {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez","emails":["ana.nunez@example.com"],
      "phones":["+44 7700 900123"],"links":["https://ana.example/cv"],"title":"Staff engineer",
      "location":{"city":"Leeds","country":"GB"},"tags":["rust"]}})", "rich-s");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"final",
      "outcome":"runner_up","rank":1,"reason":{"code":"other","note":"Secret-note-about-Ana"},
      "scores":[{"by":"Dana","score":"yes"}],"note":"Loved her design for the ledger"}})", "rich-o");
  must(pool, R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","channel":"phone",
      "strengths":"Ledger design","summary":"Ana-feedback-text"}})", "rich-f");
  must(pool, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"email","note":"Ana-touchpoint-note"}})", "rich-t");
  must(pool, R"({"type":"scheduleFollowUp","followUp":{"candidateId":"c-1","due":"2027-01-10","note":"Ana-follow-up-note"}})", "rich-u");
  return pool;
}

const char* kAnaTexts[] = {"Ana Núñez", "ana.nunez@example.com", "+44 7700 900123", "ana.example",
                           "Secret-note-about-Ana", "Loved her design", "Ana-feedback-text",
                           "Ana-touchpoint-note", "Ana-follow-up-note", "Ledger design", "Leeds"};

void expect_no_trace(const std::string& text, const char* where) {
  for (const char* t : kAnaTexts) EXPECT_EQ(text.find(t), std::string::npos) << t << " left in " << where;
}

TEST(Erasure, RemovesPersonalDataFromStateLogAndSnapshot) {
  Pool pool = rich_person();
  const std::size_t log_size = pool.log().size();
  auto erased = must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase", at("2026-11-21T09:00:00Z"));
  ASSERT_EQ(erased.size(), 1u);
  EXPECT_EQ(pool.log().size(), log_size + 1);  // the events stay, scrubbed
  expect_no_trace(state_text(pool), "the snapshot");
  expect_no_trace(json::serialize(encode_log(pool.log())), "the log");
  auto about = run_query(pool, json::parse(R"({"type":"eventsAbout","candidateId":"c-1"})"));
  ASSERT_TRUE(about);
  expect_no_trace(json::serialize(about.value()), "the events to rewrite in storage");
  EXPECT_GE(about.value().at("events").as_array().size(), 6u);
}

TEST(Erasure, KeepsTheAnonymousFactsInsightsNeed) {
  Pool pool = rich_person();
  must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  EXPECT_EQ(pool_entries(pool.state()).size(), 2u);  // out of the pool
  const Outcome& o = pool.state().outcomes.at({"c-1", "r-1"});
  EXPECT_EQ(o.stage, Stage::final_round);
  EXPECT_EQ(o.reason.code, "other");
  auto insights = run_query(pool, json::parse(R"({"type":"insights","today":"2026-11-22"})"));
  ASSERT_TRUE(insights);
  std::int64_t counted = 0;
  for (const auto& r : insights.value().at("reasons").as_array()) counted += r.at("count").as_int64();
  EXPECT_EQ(counted, 3);
}

TEST(Erasure, CannotBeUndoneAndBlocksEverythingAfter) {
  Pool pool = rich_person();
  must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  auto undo = pool.execute(command(R"({"type":"undoLast"})"), "alice", testing::kNow, "u");
  ASSERT_FALSE(undo);
  EXPECT_NE(undo.error().message.find("cannot be undone"), std::string::npos);
  auto again = pool.execute(command(testing::candidate_json("c-1", "Ana Núñez")), "alice", testing::kNow, "s2");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::erased);
  auto fb = pool.execute(command(R"({"type":"giveFeedback","feedback":{"candidateId":"c-1","channel":"email","summary":"x"}})"),
                         "alice", testing::kNow, "f2");
  ASSERT_FALSE(fb);
}

TEST(Erasure, ScrubsLateEventsFromAnotherTabAndMergesTheSameEitherWay) {
  Pool left = rich_person();
  Pool right = left;
  auto late = must(right, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"phone",
      "note":"Ana-touchpoint-note again"}})", "late", testing::kNow, "zed");
  auto erasure = must(left, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  left.apply(late);
  right.apply(erasure);
  expect_no_trace(state_text(left), "left");
  expect_no_trace(json::serialize(encode_log(right.log())), "right's log");
  EXPECT_EQ(state_text(left), state_text(right));
}

// Known events whose held copy differs (a person's scrubbed forms, arriving without the erasure
// itself) keep the copy the canonical order prefers. The held copies are found along the log
// for the first 16 known events of a batch and through a map of the log's ids after that: one
// batch of 50 known events ends exactly as the same events given 10 at a time.
TEST(Erasure, KnownEventsFindTheirHeldCopiesInALargeBatchAsInSmallOnes) {
  Pool one_batch = rich_person();
  for (int k = 0; k < 40; ++k)
    must(one_batch, R"({"type":"saveCandidate","candidate":{"id":"c-x)" + std::to_string(k) + R"(","name":"Person )" +
                        std::to_string(k) + R"("}})", "x" + std::to_string(k));
  Pool small_batches = one_batch;
  const std::string before = json::serialize(encode_log(one_batch.log()));
  Pool right = one_batch;
  must(right, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  std::vector<Event> known;
  for (const Event& e : right.log())
    if (!std::holds_alternative<PersonErased>(e.data)) known.push_back(e);
  ASSERT_GT(known.size(), 40u);
  std::rotate(known.begin(), known.begin() + 30, known.end());  // the person's events past the first 16
  EXPECT_EQ(one_batch.apply(known).applied, 0u);
  for (std::size_t k = 0; k < known.size(); k += 10)
    small_batches.apply(std::vector<Event>(known.begin() + k, known.begin() + std::min(known.size(), k + 10)));
  const std::string log = json::serialize(encode_log(one_batch.log()));
  EXPECT_NE(log, before);  // some scrubbed forms were preferred
  EXPECT_EQ(log, json::serialize(encode_log(small_batches.log())));
  EXPECT_EQ(state_text(one_batch), state_text(small_batches));
}

TEST(Erasure, ReachesIntoARestoredSnapshot) {
  Pool source = rich_person();
  Pool pool;
  ASSERT_TRUE(pool.restore(source.snapshot()));
  must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  expect_no_trace(state_text(pool), "the restored pool");
}

TEST(Erasure, OfEveryoneExpiredHappensInOneAction) {
  Pool pool = three_runner_ups();
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-1","policy":"nl"})", "p1");
  must(pool, R"({"type":"setRetentionPolicy","candidateId":"c-3","policy":"nl"})", "p3");
  auto events = must(pool, R"({"type":"eraseExpired"})", "x", at("2027-01-05T00:00:00Z"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_TRUE(pool.state().is_erased("c-1"));
  EXPECT_FALSE(pool.state().is_erased("c-2"));
  EXPECT_EQ(pool.state().audit.at(0).detail, "retention_expired");
}

// ---- access export and audit ---------------------------------------------------------------------

TEST(AccessExport, HoldsEverythingAboutThePersonAndIsAudited) {
  Pool pool = rich_person();
  must(pool, R"({"type":"recordAccessExport","candidateId":"c-1"})", "access", testing::kNow, "dpo");
  auto r = run_query(pool, json::parse(R"({"type":"accessExport","candidateId":"c-1","today":"2026-11-22"})"));
  ASSERT_TRUE(r);
  const std::string text = json::serialize(r.value());
  for (const char* t : kAnaTexts) EXPECT_NE(text.find(t), std::string::npos) << t << " missing from the export";
  EXPECT_EQ(r.value().at("format").as_string(), "runnerup.access-export");
  EXPECT_GE(r.value().at("history").as_array().size(), 6u);
  auto audit = run_query(pool, json::parse(R"({"type":"audit"})"));
  ASSERT_TRUE(audit);
  const auto& entries = audit.value().at("entries").as_array();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].at("type").as_string(), "access_exported");
  EXPECT_EQ(entries[0].at("by").as_string(), "dpo");
}

TEST(Audit, KeepsWhoErasedWhomWithoutPersonalData) {
  Pool pool = rich_person();
  must(pool, R"({"type":"recordAccessExport","candidateId":"c-1"})", "access", testing::kNow, "dpo");
  must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase", testing::kNow, "dpo");
  auto audit = run_query(pool, json::parse(R"({"type":"audit"})"));
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit.value().at("entries").as_array().size(), 2u);
  EXPECT_EQ(audit.value().at("entries").as_array()[1].at("type").as_string(), "erased");
  expect_no_trace(json::serialize(audit.value()), "the audit");
  auto gone = run_query(pool, json::parse(R"({"type":"accessExport","candidateId":"c-1","today":"2026-11-22"})"));
  ASSERT_FALSE(gone);
}

TEST(PrivacySnapshot, RoundTripsConsentPoliciesErasuresAndAudit) {
  Pool pool = rich_person();
  must(pool, R"({"type":"recordConsent","candidateId":"c-2","consent":{"basis":"consent",
      "givenAt":"2026-11-20T00:00:00Z","expiresAt":"2027-11-20T00:00:00Z","wordingVersion":"v3"}})", "c");
  must(pool, R"({"type":"setRetentionPolicy","requisitionId":"r-1","policy":"at"})", "p");
  must(pool, R"({"type":"changeSettings","settings":{"autoErase":true,"defaultRetentionMonths":18}})", "s2");
  must(pool, R"({"type":"recordAccessExport","candidateId":"c-1"})", "access");
  must(pool, R"({"type":"erasePerson","candidateId":"c-1"})", "erase");
  Pool restored;
  ASSERT_TRUE(restored.restore(pool.snapshot()));
  EXPECT_EQ(state_text(restored), state_text(pool));
  EXPECT_TRUE(restored.state().settings.auto_erase);
  testing::expect_binary_round_trip(pool);
  // A late event about the erased person is still scrubbed after a restore.
  Pool other = rich_person();
  auto late = must(other, R"({"type":"logTouchpoint","touchpoint":{"candidateId":"c-1","channel":"phone",
      "note":"Ana-touchpoint-note late"}})", "late", testing::kNow, "zed");
  restored.apply(late);
  expect_no_trace(json::serialize(encode_log(restored.log())), "the log after a restore");
}

}  // namespace
}  // namespace runnerup
