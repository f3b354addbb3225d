#include "runnerup/command.hpp"

#include <boost/json/parse.hpp>

#include "json_read.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

namespace {

// Reads a required sub-object and decodes it.
template <class T, class Decode>
std::optional<T> record(Decoder& d, ObjectReader& r, std::string_view key, Decode decode) {
  const json::value* v = r.get(key);
  if (d.failed()) return std::nullopt;
  if (!v) {
    d.fail(ErrorCode::missing_field, r.path_of(key), "\"" + std::string(key) + "\" is required");
    return std::nullopt;
  }
  auto out = decode(*v, r.path_of(key));
  if (!out) {
    d.fail(out.error().code, out.error().path, out.error().message);
    return std::nullopt;
  }
  return std::move(out).value();
}

}  // namespace

Result<Command> decode_command(const json::value& v) {
  Decoder d;
  ObjectReader r(d, v, "", "a command");
  const std::string type = r.text("type", Need::required);
  if (d.failed()) return d.error();
  std::optional<Command> out;

  if (type == "saveCandidate") {
    if (auto c = record<Candidate>(d, r, "candidate", decode_candidate)) out = SaveCandidate{*c};
  } else if (type == "saveRequisition") {
    if (auto q = record<Requisition>(d, r, "requisition", decode_requisition)) out = SaveRequisition{*q};
  } else if (type == "recordOutcome") {
    RecordOutcome cmd;
    if (auto o = record<Outcome>(d, r, "outcome", decode_outcome)) cmd.outcome = *o;
    if (r.get("flags") && !d.failed()) cmd.flags = record<Flags>(d, r, "flags", decode_flags);
    if (const json::value* f = r.get("followUp"); f && !d.failed()) {
      // The follow-up is about the person of the outcome unless it says otherwise.
      json::value with_candidate = *f;
      if (json::object* o = with_candidate.if_object(); o && !o->contains("candidateId"))
        (*o)["candidateId"] = cmd.outcome.candidate_id;
      auto fu = decode_follow_up(with_candidate, r.path_of("followUp"));
      if (!fu) d.fail(fu.error().code, fu.error().path, fu.error().message);
      else cmd.follow_up = std::move(fu).value();
    }
    out = std::move(cmd);
  } else if (type == "requestFeedback") {
    if (auto f = record<FeedbackRequest>(d, r, "request", decode_feedback_request)) out = RequestFeedback{*f};
  } else if (type == "giveFeedback") {
    if (auto f = record<FeedbackGiven>(d, r, "feedback", decode_feedback_given)) out = GiveFeedback{*f};
  } else if (type == "setFlags") {
    SetFlags cmd;
    cmd.candidate_id = r.id("candidateId", Need::required);
    if (auto f = record<Flags>(d, r, "flags", decode_flags)) cmd.flags = *f;
    out = std::move(cmd);
  } else if (type == "logTouchpoint") {
    if (auto t = record<Touchpoint>(d, r, "touchpoint", decode_touchpoint)) out = LogTouchpoint{*t};
  } else if (type == "scheduleFollowUp") {
    if (auto f = record<FollowUp>(d, r, "followUp", decode_follow_up)) out = ScheduleFollowUp{*f};
  } else if (type == "completeFollowUp") {
    out = CompleteFollowUp{r.id("followUpId", Need::required)};
  } else if (type == "dismissFollowUp") {
    out = DismissFollowUp{r.id("followUpId", Need::required)};
  } else if (type == "snoozeFollowUp") {
    SnoozeFollowUp cmd;
    cmd.follow_up_id = r.id("followUpId", Need::required);
    const std::string until = r.text("until", Need::required);
    if (!d.failed()) {
      if (auto day = parse_date(until)) cmd.until = *day;
      else d.fail(ErrorCode::invalid_field, "/until", "\"until\" must be a date such as 2026-12-01");
    }
    out = cmd;
  } else if (type == "rankRunnerUps") {
    RankRunnerUps cmd;
    cmd.requisition_id = r.id("requisitionId", Need::required);
    cmd.order = r.texts("order", detail::kMaxId);
    out = std::move(cmd);
  } else if (type == "markHireBackedOut") {
    if (auto b = record<HireBackOut>(d, r, "backOut", decode_back_out)) out = MarkHireBackedOut{*b};
  } else if (type == "reopenForNextInLine") {
    ReopenForNextInLine cmd;
    cmd.requisition_id = r.id("requisitionId", Need::required);
    cmd.candidate_id = r.id("candidateId", Need::optional);
    out = std::move(cmd);
  } else if (type == "closeOutRequisition") {
    CloseOutRequisition cmd;
    cmd.requisition_id = r.id("requisitionId", Need::required);
    if (auto f = record<std::vector<CloseOutFinalist>>(d, r, "finalists", decode_close_out_finalists))
      cmd.finalists = std::move(*f);
    out = std::move(cmd);
  } else if (type == "undoLast") {
    out = UndoLast{};
  } else if (type == "changeSettings") {
    // Checked here against defaults, merged over the pool's settings by the rule.
    if (auto s = record<Settings>(d, r, "settings", [](const json::value& settings, const std::string& p) {
          return decode_settings(settings, p, Settings{});
        }))
      out = ChangeSettings{*r.get("settings")};
  } else if (type == "recordConsent") {
    RecordConsent cmd;
    cmd.candidate_id = r.id("candidateId", Need::required);
    if (auto c = record<Consent>(d, r, "consent", decode_consent)) cmd.consent = *c;
    out = std::move(cmd);
  } else if (type == "requestConsentRenewal") {
    out = RequestConsentRenewal{r.id("candidateId", Need::required)};
  } else if (type == "answerConsentRenewal") {
    AnswerConsentRenewal cmd;
    cmd.candidate_id = r.id("candidateId", Need::required);
    const json::value* g = r.get("granted");
    if (!d.failed() && (!g || !g->is_bool())) d.fail(ErrorCode::invalid_field, "/granted", "\"granted\" must be true or false");
    else if (g) cmd.granted = g->get_bool();
    if (r.get("expiresAt") && !d.failed()) cmd.expires_at = r.instant("expiresAt", Need::required);
    if (!d.failed() && cmd.granted && !cmd.expires_at)
      d.fail(ErrorCode::missing_field, "/expiresAt", "a renewed consent needs its new expiry");
    out = std::move(cmd);
  } else if (type == "withdrawConsent") {
    out = WithdrawConsent{r.id("candidateId", Need::required)};
  } else if (type == "setRetentionPolicy") {
    SetRetentionPolicy cmd;
    cmd.candidate_id = r.id("candidateId", Need::optional);
    cmd.requisition_id = r.id("requisitionId", Need::optional);
    cmd.policy = r.text("policy", Need::required);
    if (!d.failed() && cmd.candidate_id.empty() == cmd.requisition_id.empty())
      d.fail(ErrorCode::invalid_field, "", "set a retention policy for one candidateId or one requisitionId");
    if (!d.failed() && !find_retention_policy(cmd.policy))
      d.fail(ErrorCode::invalid_field, "/policy", "unknown retention policy \"" + cmd.policy + "\"");
    out = std::move(cmd);
  } else if (type == "erasePerson") {
    out = ErasePerson{r.id("candidateId", Need::required)};
  } else if (type == "eraseExpired") {
    out = EraseExpired{};
  } else if (type == "recordAccessExport") {
    out = RecordAccessExport{r.id("candidateId", Need::required)};
  } else {
    return Error{ErrorCode::unknown_type, "/type", "unknown command \"" + type + "\""};
  }
  r.finish();
  if (d.failed()) return d.error();
  return std::move(*out);
}

Result<Command> parse_command(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error{ErrorCode::malformed_json, "", "the command is not valid JSON: " + ec.message()};
  return decode_command(v);
}

}  // namespace runnerup
