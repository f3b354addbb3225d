#include "runnerup/taxonomy.hpp"

#include "runnerup/lifecycle.hpp"

namespace runnerup {

const std::array<CodeLabel, 6> Vocabulary<Stage>::items = {{
    {"unknown", "Unknown"},
    {"applied", "Applied"},
    {"screen", "Screen"},
    {"interview", "Interview"},
    {"final", "Final round"},
    {"offer", "Offer"},
}};

const std::array<CodeLabel, 5> Vocabulary<OutcomeKind>::items = {{
    {"hired", "Hired"},
    {"runner_up", "Runner-up"},
    {"rejected", "Rejected"},
    {"withdrew", "Withdrew"},
    {"offer_declined", "Offer declined"},
}};

const std::array<CodeLabel, 4> Vocabulary<Initiator>::items = {{
    {"we_decided", "We decided"},
    {"candidate_withdrew", "Candidate withdrew"},
    {"circumstances", "Circumstances"},
    {"not_specified", "Not specified"},
}};

const std::array<CodeLabel, 4> Vocabulary<FutureFit>::items = {{
    {"unknown", "Not assessed"},
    {"strong", "Strong fit"},
    {"qualified", "Qualified, not selected"},
    {"not_a_fit", "Not a fit"},
}};

const std::array<CodeLabel, 4> Vocabulary<EmploymentType>::items = {{
    {"full_time", "Full-time"},
    {"part_time", "Part-time"},
    {"contract", "Contract"},
    {"temporary", "Temporary"},
}};

const std::array<CodeLabel, 4> Vocabulary<RequisitionStatus>::items = {{
    {"open", "Open"},
    {"filled", "Filled"},
    {"on_hold", "On hold"},
    {"cancelled", "Cancelled"},
}};

const std::array<CodeLabel, 3> Vocabulary<OpeningStatus>::items = {{
    {"open", "Open"},
    {"filled", "Filled"},
    {"closed", "Closed"},
}};

const std::array<CodeLabel, 6> Vocabulary<Channel>::items = {{
    {"email", "Email"},
    {"phone", "Phone"},
    {"video", "Video call"},
    {"in_person", "In person"},
    {"ats_message", "ATS message"},
    {"other", "Other"},
}};

const std::array<CodeLabel, 2> Vocabulary<Direction>::items = {{
    {"outbound", "We reached out"},
    {"inbound", "They reached out"},
}};

const std::array<CodeLabel, 5> Vocabulary<Score>::items = {{
    {"strong_no", "Strong no"},
    {"no", "No"},
    {"mixed", "Mixed"},
    {"yes", "Yes"},
    {"strong_yes", "Strong yes"},
}};

const std::array<CodeLabel, 2> Vocabulary<CadenceUnit>::items = {{
    {"days", "days"},
    {"months", "months"},
}};

const std::array<CodeLabel, 4> Vocabulary<FollowUpStatus>::items = {{
    {"open", "Open"},
    {"done", "Done"},
    {"snoozed", "Snoozed"},
    {"dismissed", "Dismissed"},
}};

const std::array<CodeLabel, 3> Vocabulary<BackOutReason>::items = {{
    {"offer_declined", "Offer declined"},
    {"left_early", "Left early"},
    {"offer_rescinded", "Offer rescinded"},
}};

const std::vector<ReasonInfo>& reasons() {
  using I = Initiator;
  static const std::vector<ReasonInfo> kReasons = {
      {"stronger_candidate", "Stronger candidate selected", I::we_decided, false, false},
      {"internal_candidate", "Internal candidate selected", I::circumstances, false, false},
      {"skills_gap", "Skills gap", I::we_decided, true, false},
      {"too_junior", "Experience level: too junior", I::we_decided, true, false},
      {"too_senior", "Experience level: too senior", I::we_decided, true, false},
      {"team_fit", "Team or culture fit", I::we_decided, true, false},
      {"location", "Location", I::circumstances, true, false},
      {"work_authorisation", "Work authorisation", I::circumstances, true, false},
      {"compensation", "Compensation expectations", I::circumstances, true, false},
      {"interview_result", "Interview result", I::we_decided, true, false},
      {"assessment_result", "Assessment result", I::we_decided, true, false},
      {"role_scope_changed", "Role scope changed", I::circumstances, false, false},
      {"role_on_hold", "Role on hold", I::circumstances, false, false},
      {"role_cancelled", "Role cancelled", I::circumstances, false, false},
      {"accepted_other_offer", "Accepted another offer", I::candidate_withdrew, false, false},
      {"declined_offer", "Declined our offer", I::candidate_withdrew, false, false},
      {"timing", "Timing", I::circumstances, false, false},
      {"not_interested", "Not interested", I::candidate_withdrew, false, false},
      {"unresponsive", "Unresponsive", I::candidate_withdrew, true, false},
      {"other", "Other", I::we_decided, true, true},
  };
  return kReasons;
}

const ReasonInfo* find_reason(std::string_view code) {
  for (const ReasonInfo& r : reasons())
    if (r.code == code) return &r;
  return nullptr;
}

}  // namespace runnerup
