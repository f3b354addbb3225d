#include "runnerup/feedback_draft.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "runnerup/query.hpp"

namespace runnerup {
namespace {

namespace json = boost::json;
using testing::candidate_json;
using testing::must;
using testing::requisition_json;

const Date kToday = *parse_date("2026-11-22");

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool has_section(const FeedbackDraft& d, std::string_view section) {
  return std::find(d.sections.begin(), d.sections.end(), section) != d.sections.end();
}

// One person (c-1, Ana Núñez) on r-1 ("Platform Engineer"), decided by this recordOutcome command.
Pool recorded(const std::string& record_outcome) {
  Pool pool;
  must(pool, requisition_json("r-1", "Platform Engineer"), "a");
  must(pool, candidate_json("c-1", "Ana Núñez"), "b");
  must(pool, record_outcome, "c");
  return pool;
}

// The same with the given reason, outcome and future fit; nothing else recorded but internal notes.
Pool decided(const std::string& reason, const std::string& outcome = "runner_up",
             const std::string& future_fit = "not_a_fit", const std::string& stage = "final") {
  return recorded(R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":")" + stage +
                  R"(","outcome":")" + outcome + R"(","reason":{"code":")" + reason +
                  R"(","note":"Her age worried the panel"},"futureFit":")" + future_fit +
                  R"(","note":"Internal: mentioned her children twice"}})");
}

void give_feedback(Pool& pool, const std::string& strengths, const std::string& improvements) {
  json::object f{{"candidateId", "c-1"}, {"requisitionId", "r-1"}, {"channel", "phone"}};
  if (!strengths.empty()) f["strengths"] = strengths;
  if (!improvements.empty()) f["improvements"] = improvements;
  must(pool, json::serialize(json::object{{"type", "giveFeedback"}, {"feedback", f}}), "fb");
}

FeedbackDraft draft(const Pool& pool, const std::string& language = "en", const std::string& locale = "") {
  FeedbackDraftRequest ask;
  ask.candidate_id = "c-1";
  ask.language = language;
  ask.locale = locale;
  auto d = draft_feedback(pool.state(), ask, kToday);
  EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
  return d.ok() ? d.value() : FeedbackDraft{};
}

// --- protected characteristics ----------------------------------------------------------------

struct Mention {
  const char* text;
  const char* characteristic;  // "" when the text mentions none
};

TEST(ProtectedCharacteristics, AreFoundInEnglishAndGermanAsWholeWordsIgnoringCaseAndAccents) {
  const Mention cases[] = {
      {"Very energetic for a 55-year-old", "age"},
      {"Might be too old for a startup", "age"},
      {"Für ihr Alter sehr reif", "age"},
      {"She is pregnant, so the timing is bad", "pregnancy_parenthood"},
      {"Elternzeit geplant", "pregnancy_parenthood"},
      {"Plant eine Schwangerschaft", "pregnancy_parenthood"},
      {"Two small children at home", "pregnancy_parenthood"},
      {"Wears a hijab", "religion"},
      {"Kopftuch könnte Kunden irritieren", "religion"},
      {"Strong accent on the phone", "ethnicity_origin"},
      {"Kein Muttersprachler", "ethnicity_origin"},
      {"Staatsangehörigkeit unklar", "ethnicity_origin"},
      {"Uses a wheelchair", "disability_health"},
      {"Hatte gesundheitliche Probleme", "disability_health"},
      {"Openly gay", "sexual_orientation"},
      {"Ist schwul", "sexual_orientation"},
      {"Recently married", "marital_status"},
      {"Frisch verheiratet", "marital_status"},
      {"A woman would balance the team", "gender"},
      {"Weibliche Bewerberin", "gender"},
      {"GENDER balance", "gender"},
      // none: words that only look like one
      {"Managed the agency's page migration", ""},
      {"A kind and thorough reviewer", ""},
      {"Viel Auslandserfahrung, sehr strukturiert", ""},
      {"Senior engineer with strong system design", ""},
      {"Image pages, storage, message queues", ""},
      {"Ehemaliger Teamleiter", ""},
  };
  for (const Mention& m : cases) {
    auto found = find_protected_characteristic(m.text);
    if (*m.characteristic == '\0') {
      EXPECT_FALSE(found) << m.text << " -> " << (found ? found->term : "");
    } else {
      ASSERT_TRUE(found) << m.text;
      EXPECT_EQ(found->characteristic, m.characteristic) << m.text << " (" << found->term << ")";
      EXPECT_FALSE(found->label.empty());
    }
  }
}

TEST(FeedbackDraft, LeavesOutRecordedLinesAboutAProtectedCharacteristicAndSaysWhich) {
  Pool pool = decided("stronger_candidate");
  give_feedback(pool, "Clear system design\nEnergetic for his age\n- Great questions",
                "Worried about her upcoming maternity leave");
  FeedbackDraft d = draft(pool);
  EXPECT_TRUE(has(d.body, "- Clear system design")) << d.body;
  EXPECT_TRUE(has(d.body, "- Great questions")) << d.body;
  EXPECT_FALSE(has(d.body, "age,")) << d.body;
  EXPECT_FALSE(has(d.body, "his age")) << d.body;
  EXPECT_FALSE(has(d.body, "maternity")) << d.body;
  EXPECT_FALSE(has_section(d, "improvements")) << d.body;  // every line of it was left out: no heading
  EXPECT_FALSE(has(d.body, "difference next time")) << d.body;
  ASSERT_EQ(d.left_out.size(), 2u);
  EXPECT_EQ(d.left_out[0].field, "strengths");
  EXPECT_EQ(d.left_out[0].item, 2);
  EXPECT_EQ(d.left_out[0].text, "Energetic for his age");
  EXPECT_EQ(d.left_out[0].mention.characteristic, "age");
  EXPECT_EQ(d.left_out[1].field, "improvements");
  EXPECT_EQ(d.left_out[1].mention.characteristic, "pregnancy_parenthood");
  // internal notes never reach the draft, whatever they say
  EXPECT_FALSE(has(d.body, "children")) << d.body;
  EXPECT_FALSE(has(d.body, "panel")) << d.body;
}

TEST(FeedbackDraft, LeavesOutGermanLinesAboutAProtectedCharacteristic) {
  Pool pool = decided("internal_candidate");
  give_feedback(pool, "Sehr strukturiert\nFür ihr Alter sehr reif", "Kopftuch könnte Kunden irritieren\nMehr Tests schreiben");
  FeedbackDraft d = draft(pool, "de");
  EXPECT_EQ(d.language, "de");
  EXPECT_TRUE(has(d.body, "- Sehr strukturiert")) << d.body;
  EXPECT_TRUE(has(d.body, "- Mehr Tests schreiben")) << d.body;
  EXPECT_FALSE(has(d.body, "Alter")) << d.body;
  EXPECT_FALSE(has(d.body, "Kopftuch")) << d.body;
  ASSERT_EQ(d.left_out.size(), 2u);
  EXPECT_EQ(d.left_out[0].mention.characteristic, "age");
  EXPECT_EQ(d.left_out[1].mention.characteristic, "religion");
}

TEST(FeedbackDraft, LeavesOutSkillGapsAndFutureRolesThatMentionOne) {
  Pool pool = recorded(R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"final",
      "outcome":"runner_up","reason":{"code":"skills_gap"},"futureFit":"qualified","skillGaps":["kubernetes","native speaker"]},
      "flags":{"futureRoles":{"families":["backend engineering","roles for young people"]}}})");
  FeedbackDraft d = draft(pool);
  EXPECT_TRUE(has(d.body, "kubernetes")) << d.body;
  EXPECT_FALSE(has(d.body, "native")) << d.body;
  EXPECT_TRUE(has(d.body, "(backend engineering)")) << d.body;
  EXPECT_FALSE(has(d.body, "young")) << d.body;
  ASSERT_EQ(d.left_out.size(), 2u);
  EXPECT_EQ(d.left_out[0].field, "skillGaps");
  EXPECT_EQ(d.left_out[1].field, "futureRoles");
}

// --- the reason --------------------------------------------------------------------------------

TEST(FeedbackDraft, SaysAReasonNotAboutThePersonIsNotAboutThem) {
  for (const char* reason : {"internal_candidate", "stronger_candidate", "role_scope_changed", "role_on_hold", "role_cancelled", "timing"}) {
    FeedbackDraft en = draft(decided(reason));
    EXPECT_FALSE(en.reason_about_person) << reason;
    EXPECT_TRUE(has(en.body, "This decision was not about you or your abilities.")) << reason << "\n" << en.body;
    FeedbackDraft de = draft(decided(reason), "de");
    EXPECT_TRUE(has(de.body, "Diese Entscheidung hat nichts mit Ihnen oder Ihren Fähigkeiten zu tun.")) << reason << "\n" << de.body;
  }
  EXPECT_TRUE(has(draft(decided("internal_candidate")).body, "a colleague from within the company"));
}

TEST(FeedbackDraft, NeverClaimsAReasonAboutThePersonIsNotAboutThem) {
  for (const char* reason : {"skills_gap", "too_junior", "too_senior", "team_fit", "interview_result", "assessment_result",
                             "compensation", "location", "work_authorisation", "unresponsive", "other"}) {
    for (const char* language : {"en", "de"}) {
      FeedbackDraft d = draft(decided(reason), language);
      EXPECT_TRUE(d.reason_about_person) << reason;
      EXPECT_FALSE(has(d.body, "not about you")) << reason << "\n" << d.body;
      EXPECT_FALSE(has(d.body, "nichts mit Ihnen")) << reason << "\n" << d.body;
      EXPECT_TRUE(has_section(d, "reason")) << reason;
    }
  }
  EXPECT_TRUE(has(draft(decided("skills_gap")).body, "needs some skills from the first day"));
}

TEST(FeedbackDraft, ThanksThePersonForTheirOwnDecisionWithoutExplainingIt) {
  FeedbackDraft d = draft(decided("accepted_other_offer", "withdrew"));
  EXPECT_TRUE(has(d.body, "Thank you for letting us know your decision.")) << d.body;
  EXPECT_FALSE(has(d.body, "not about you")) << d.body;
  EXPECT_FALSE(has(d.body, "final round")) << d.body;
  EXPECT_FALSE(has(d.body, "decided not to move forward")) << d.body;
}

TEST(FeedbackDraft, NamesTheFinalRoundReached) {
  EXPECT_TRUE(has(draft(decided("stronger_candidate")).body, "You made it to the final round"));
  EXPECT_FALSE(has(draft(decided("stronger_candidate", "rejected", "not_a_fit", "screen")).body, "final round"));
  EXPECT_TRUE(has(draft(decided("stronger_candidate"), "de").body, "bis in die letzte Runde"));
}

// --- sections only with content ------------------------------------------------------------------

TEST(FeedbackDraft, HasNoEmptySectionWhenLittleWasRecorded) {
  for (const char* language : {"en", "de"}) {
    FeedbackDraft d = draft(decided("stronger_candidate"), language);
    const std::vector<std::string_view> expected = {"greeting", "thanks", "reason", "closing"};
    EXPECT_EQ(d.sections, expected) << d.body;
    EXPECT_FALSE(has(d.body, "\n- \n")) << d.body;
    EXPECT_FALSE(has(d.body, "- \n")) << d.body;
    EXPECT_FALSE(has(d.body, "undefined")) << d.body;
    EXPECT_FALSE(has(d.body, "{")) << d.body;
    EXPECT_FALSE(has(d.body, ":\n\n")) << d.body;  // a heading with nothing under it
    EXPECT_FALSE(has(d.body, "\n\n\n")) << d.body;
    EXPECT_FALSE(has(d.body, "()")) << d.body;
  }
}

TEST(FeedbackDraft, BlankLinesAndBareBulletsOfRecordedFeedbackBecomeNoBullets) {
  Pool pool = decided("stronger_candidate");
  give_feedback(pool, "\n- \n  •  Calm under pressure  \n\n*\n", "   \n-\n");
  FeedbackDraft d = draft(pool);
  EXPECT_TRUE(has(d.body, "What stood out to us:\n- Calm under pressure\n\n")) << d.body;
  EXPECT_FALSE(has_section(d, "improvements")) << d.body;
  EXPECT_FALSE(has(d.body, "- \n")) << d.body;
  EXPECT_TRUE(d.left_out.empty());
}

TEST(FeedbackDraft, HoldsEverySectionWhenEverythingWasRecorded) {
  Pool pool = recorded(R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-1","stage":"final",
      "outcome":"runner_up","reason":{"code":"stronger_candidate"},"futureFit":"strong","skillGaps":["kubernetes","terraform"]},
      "flags":{"openToContract":true,"availableFrom":"2027-01-15","futureRoles":{"departments":["Platform"]}}})");
  give_feedback(pool, "Clear system design", "Practise estimating work");
  FeedbackDraft d = draft(pool);
  const std::vector<std::string_view> expected = {"greeting", "thanks", "reason", "strengths", "improvements",
                                                  "skillGaps", "otherWork", "stayInTouch", "closing"};
  EXPECT_EQ(d.sections, expected) << d.body;
  EXPECT_TRUE(has(d.body, "Dear Ana Núñez,\n\n")) << d.body;
  EXPECT_TRUE(has(d.body, "kubernetes and terraform")) << d.body;
  EXPECT_TRUE(has(d.body, "contract work. If that interests you from 15 January 2027")) << d.body;
  EXPECT_TRUE(has(d.body, "future roles (Platform)")) << d.body;
  EXPECT_EQ(d.subject, "Your application for Platform Engineer");
  EXPECT_EQ(d.to, "c-1@example.com");
  FeedbackDraft de = draft(pool, "de");
  EXPECT_EQ(de.sections, expected) << de.body;
  EXPECT_TRUE(has(de.body, "kubernetes und terraform")) << de.body;
  EXPECT_TRUE(has(de.body, "ab dem 15. Januar 2027")) << de.body;
  EXPECT_EQ(de.subject, "Ihre Bewerbung: Platform Engineer");
  EXPECT_TRUE(has(de.body, "Guten Tag Ana Núñez,\n\nvielen Dank")) << de.body;
  EXPECT_TRUE(has(de.body, "Mit freundlichen Grüßen")) << de.body;
}

// --- contract or part-time, staying in touch --------------------------------------------------

TEST(FeedbackDraft, OffersContractOrPartTimeWorkOnlyWhenFlagged) {
  Pool pool = decided("stronger_candidate");
  EXPECT_FALSE(has_section(draft(pool), "otherWork"));
  EXPECT_FALSE(has(draft(pool).body, "contract"));
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToPartTime":true}})", "f1");
  EXPECT_TRUE(has(draft(pool).body, "We sometimes also have part-time work.")) << draft(pool).body;
  EXPECT_FALSE(has(draft(pool).body, "contract"));
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToPartTime":true,"openToContract":true}})", "f2");
  EXPECT_TRUE(has(draft(pool).body, "contract or part-time work")) << draft(pool).body;
  EXPECT_TRUE(has(draft(pool, "de").body, "Aufträge auf Vertragsbasis oder Teilzeitstellen")) << draft(pool, "de").body;
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{}})", "f3");
  EXPECT_FALSE(has_section(draft(pool), "otherWork"));
}

TEST(FeedbackDraft, StaysInTouchOnlyWithFutureRolesOrAGoodFitAndWhenThePersonMayBeContacted) {
  EXPECT_FALSE(has_section(draft(decided("stronger_candidate", "runner_up", "not_a_fit")), "stayInTouch"));
  EXPECT_TRUE(has_section(draft(decided("stronger_candidate", "runner_up", "strong")), "stayInTouch"));
  EXPECT_TRUE(has_section(draft(decided("stronger_candidate", "runner_up", "qualified")), "stayInTouch"));

  Pool pool = decided("stronger_candidate", "runner_up", "not_a_fit");
  must(pool, R"({"type":"setFlags","candidateId":"c-1","flags":{"openToContract":true,"futureRoles":{"families":["data engineering"]}}})", "f");
  FeedbackDraft with_roles = draft(pool);
  EXPECT_TRUE(has(with_roles.body, "keep you in mind for future roles (data engineering)")) << with_roles.body;
  EXPECT_TRUE(with_roles.blocked.empty());

  must(pool, R"({"type":"withdrawConsent","candidateId":"c-1"})", "w");
  FeedbackDraft withdrawn = draft(pool);
  EXPECT_FALSE(has_section(withdrawn, "stayInTouch")) << withdrawn.body;
  EXPECT_FALSE(has_section(withdrawn, "otherWork")) << withdrawn.body;
  EXPECT_FALSE(withdrawn.blocked.empty());

  Pool dnc = decided("stronger_candidate", "runner_up", "strong");
  must(dnc, R"({"type":"setFlags","candidateId":"c-1","flags":{"doNotContact":true,"doNotContactReason":"asked us"}})", "d");
  FeedbackDraft blocked = draft(dnc);
  EXPECT_FALSE(has_section(blocked, "stayInTouch"));
  EXPECT_FALSE(blocked.blocked.empty());
}

// --- language and the query ------------------------------------------------------------------

TEST(FeedbackDraft, WritesInTheChosenLanguageElseThePersonsCountryElseTheWidgetsLocale) {
  struct Case {
    const char* country;  // of the person's location ("" none)
    const char* language;  // the recruiter's choice
    const char* locale;    // the widget's
    const char* written;
    std::string_view from;
    const char* greeting;
  };
  const Case cases[] = {
      {"", "", "", "en", "default", "Dear Ana Núñez,"},
      {"", "", "de-AT", "de", "locale", "Guten Tag Ana Núñez,"},
      {"", "", "fr-FR", "en", "default", "Dear Ana Núñez,"},
      {"AT", "", "en-GB", "de", "country", "Guten Tag Ana Núñez,"},
      {"IE", "", "de", "en", "country", "Dear Ana Núñez,"},
      {"FR", "", "de", "de", "locale", "Guten Tag Ana Núñez,"},
      {"AT", "en", "de", "en", "chosen", "Dear Ana Núñez,"},
  };
  for (const Case& c : cases) {
    Pool pool = decided("stronger_candidate");
    must(pool, std::string(R"({"type":"saveCandidate","candidate":{"id":"c-1","name":"Ana Núñez","emails":["c-1@example.com"],"location":{"country":")") +
                   c.country + R"("}}})", "loc");
    FeedbackDraft d = draft(pool, c.language, c.locale);
    EXPECT_EQ(d.language, c.written) << c.country << " " << c.language << " " << c.locale;
    EXPECT_EQ(d.language_from, c.from) << c.country << " " << c.language << " " << c.locale;
    EXPECT_TRUE(has(d.body, c.greeting)) << d.body;
  }
}

TEST(FeedbackDraft, IsAQueryThatRefusesWhatItCannotDraft) {
  Pool pool = decided("internal_candidate");
  auto ok = run_query(pool, json::parse(R"({"type":"feedbackDraft","candidateId":"c-1","today":"2026-11-22","locale":"de"})"));
  ASSERT_TRUE(ok) << ok.error().message;
  const auto& o = ok.value().as_object();
  EXPECT_EQ(o.at("language").as_string(), "de");
  EXPECT_EQ(o.at("requisitionId").as_string(), "r-1");
  EXPECT_EQ(o.at("to").as_string(), "c-1@example.com");
  EXPECT_FALSE(o.at("reasonAboutPerson").as_bool());
  EXPECT_EQ(o.at("languages").as_array().size(), 2u);
  EXPECT_TRUE(o.at("leftOut").as_array().empty());
  EXPECT_EQ(o.at("blocked").as_string(), "");

  auto code = [&](const char* text) {
    auto r = run_query(pool, json::parse(text));
    return r ? std::string("ok") : std::string(to_string(r.error().code)) + " " + r.error().path;
  };
  EXPECT_EQ(code(R"({"type":"feedbackDraft","candidateId":"nobody","today":"2026-11-22"})"), "not_found /candidateId");
  EXPECT_EQ(code(R"({"type":"feedbackDraft","candidateId":"c-1","requisitionId":"r-9","today":"2026-11-22"})"),
            "not_found /requisitionId");
  EXPECT_EQ(code(R"({"type":"feedbackDraft","candidateId":"c-1","language":"fr","today":"2026-11-22"})"),
            "invalid_field /language");
  EXPECT_EQ(code(R"({"type":"feedbackDraft","candidateId":"c-1","today":"2026-11-22","tone":"warm"})"),
            "unknown_field /tone");
  EXPECT_EQ(code(R"({"type":"feedbackDraft","candidateId":"c-1"})"), "missing_field /today");

  must(pool, R"({"type":"saveRequisition","requisition":{"id":"r-2","title":"SRE"}})", "h");
  must(pool, R"({"type":"recordOutcome","outcome":{"candidateId":"c-1","requisitionId":"r-2","stage":"offer","outcome":"hired"}})", "i");
  EXPECT_EQ(code(R"({"type":"feedbackDraft","candidateId":"c-1","requisitionId":"r-2","today":"2026-11-22"})"),
            "conflict /requisitionId");
  // without a requisition: the latest decision that is not a hire
  auto latest = run_query(pool, json::parse(R"({"type":"feedbackDraft","candidateId":"c-1","today":"2026-11-22"})"));
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest.value().at("requisitionId").as_string(), "r-1");
}

}  // namespace
}  // namespace runnerup
