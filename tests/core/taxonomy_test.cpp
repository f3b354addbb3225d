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

TEST(Taxonomy, WithdrawalReasonsDefaultToTheCandidateAsInitiator) {
  EXPECT_EQ(find_reason("accepted_other_offer")->initiator, Initiator::candidate_withdrew);
  EXPECT_EQ(find_reason("skills_gap")->initiator, Initiator::we_decided);
  EXPECT_EQ(find_reason("role_cancelled")->initiator, Initiator::circumstances);
}

}  // namespace
}  // namespace runnerup
