#include "runnerup/taxonomy.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace runnerup {
namespace {

TEST(Taxonomy, ShipsEveryReasonTheDesignNames) {
  for (const char* code :
       {"stronger_candidate", "internal_candidate", "skills_gap", "too_junior", "too_senior",
        "team_fit", "location", "work_authorisation", "compensation", "interview_result",
        "assessment_result", "role_scope_changed", "role_on_hold", "role_cancelled",
        "accepted_other_offer", "declined_offer", "timing", "not_interested", "unresponsive", "other"})
    EXPECT_NE(find_reason(code), nullptr) << code;
  EXPECT_EQ(find_reason("bad_vibes"), nullptr);
}

TEST(Taxonomy, ReasonCodesAreUnique) {
  std::set<std::string_view> seen;
  for (const ReasonInfo& r : reasons()) EXPECT_TRUE(seen.insert(r.code).second) << r.code;
}

TEST(Taxonomy, OnlyOtherRequiresANote) {
  for (const ReasonInfo& r : reasons()) EXPECT_EQ(r.note_required, r.code == "other") << r.code;
}

TEST(Taxonomy, ReasonsNotAboutTheCandidateCountInTheirFavour) {
  EXPECT_FALSE(find_reason("internal_candidate")->about_candidate);
  EXPECT_FALSE(find_reason("role_scope_changed")->about_candidate);
  EXPECT_FALSE(find_reason("role_on_hold")->about_candidate);
  EXPECT_TRUE(find_reason("skills_gap")->about_candidate);
}

TEST(Taxonomy, CodesConvertBothWays) {
  EXPECT_EQ(code_of(Stage::final_round), "final");
  EXPECT_EQ(from_code<Stage>("final"), Stage::final_round);
  EXPECT_EQ(from_code<OutcomeKind>("offer_declined"), OutcomeKind::offer_declined);
  EXPECT_FALSE(from_code<FutureFit>("maybe"));
}

// The stage the ATS did not say sorts before every stage a person can reach, so no "reached at
// least" rule holds for it, and it counts as no progress when ranking.
TEST(Taxonomy, AnUnknownStageReachesNoStage) {
  EXPECT_EQ(from_code<Stage>("unknown"), Stage::unknown);
  EXPECT_EQ(code_of(Stage::unknown), "unknown");
  for (const CodeLabel& item : Vocabulary<Stage>::items) {
    const Stage s = *from_code<Stage>(item.code);
    if (s == Stage::unknown) continue;
    EXPECT_FALSE(Stage::unknown >= s) << item.code;
    EXPECT_TRUE(s >= Stage::applied) << item.code;
  }
  EXPECT_EQ(stage_progress(Stage::unknown), 0.0);
  EXPECT_EQ(stage_progress(Stage::applied), 0.0);
  EXPECT_EQ(stage_progress(Stage::final_round), 0.75);
  EXPECT_EQ(stage_progress(Stage::offer), 1.0);
}

TEST(Taxonomy, NewCodesKeepTheOldOnesAndTheirLabels) {
  EXPECT_EQ(code_of(Initiator::not_specified), "not_specified");
  EXPECT_EQ(from_code<Initiator>("not_specified"), Initiator::not_specified);
  EXPECT_EQ(from_code<Initiator>("we_decided"), Initiator::we_decided);
  EXPECT_EQ(from_code<Stage>("applied"), Stage::applied);
  EXPECT_EQ(from_code<Stage>("offer"), Stage::offer);
  EXPECT_EQ(Vocabulary<Stage>::items[0].label, "Unknown");
  EXPECT_EQ(Vocabulary<Initiator>::items[3].label, "Not specified");
  EXPECT_EQ(from_code<OpeningStatus>("closed"), OpeningStatus::closed);
  EXPECT_FALSE(from_code<OpeningStatus>("on_hold"));
}

TEST(Taxonomy, WithdrawalReasonsDefaultToTheCandidateAsInitiator) {
  EXPECT_EQ(find_reason("accepted_other_offer")->initiator, Initiator::candidate_withdrew);
  EXPECT_EQ(find_reason("skills_gap")->initiator, Initiator::we_decided);
  EXPECT_EQ(find_reason("role_cancelled")->initiator, Initiator::circumstances);
}

}  // namespace
}  // namespace runnerup
