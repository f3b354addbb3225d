#include "import/vocabulary.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace runnerup::import {

Stage stage_from_name(std::string_view name) {
  const std::string n = lower(trim(name));
  if (n.empty()) return Stage::unknown;
  // Most specific first: "Offer Call" is an offer, "Final Interview" a final round.
  static const std::pair<std::string_view, Stage> kWords[] = {
      {"offer", Stage::offer},
      {"hired", Stage::offer},
      {"final", Stage::final_round},
      {"onsite", Stage::final_round},
      {"on-site", Stage::final_round},
      {"on site", Stage::final_round},
      {"reference", Stage::final_round},
      {"face to face", Stage::interview},
      {"face-to-face", Stage::interview},
      {"interview", Stage::interview},
      {"take home", Stage::interview},
      {"take-home", Stage::interview},
      {"assessment", Stage::interview},
      {"portfolio", Stage::interview},
      {"case study", Stage::interview},
      {"writing sample", Stage::interview},
      {"exercise", Stage::interview},
      {"presentation", Stage::interview},
      {"panel", Stage::interview},
      {"technical", Stage::interview},
      {"challenge", Stage::interview},
      {"screen", Stage::screen},
      {"phone", Stage::screen},
      {"recruiter call", Stage::screen},
      {"intro call", Stage::screen},
      {"application review", Stage::applied},
      {"applied", Stage::applied},
      {"new applicant", Stage::applied},
      {"new lead", Stage::applied},
      {"lead", Stage::applied},
      {"reached out", Stage::applied},
      {"responded", Stage::applied},
  };
  for (const auto& [word, stage] : kWords)
    if (has(n, word)) return stage;
  return Stage::unknown;
}

MappedReason reason_from_name(std::string_view name) {
  const std::string n = lower(name);
  static const std::pair<std::string_view, std::string_view> kRules[] = {
      {"runner-up", "stronger_candidate"},         {"runner up", "stronger_candidate"},
      {"hired another", "stronger_candidate"},     {"hired someone", "stronger_candidate"},
      {"another candidate", "stronger_candidate"}, {"stronger candidate", "stronger_candidate"},
      {"better candidate", "stronger_candidate"},  {"more qualified", "stronger_candidate"},
      {"internal", "internal_candidate"},          {"overqualified", "too_senior"},
      {"over qualified", "too_senior"},            {"berqualifiziert", "too_senior"},
      {"too senior", "too_senior"},                {"too junior", "too_junior"},
      {"experience", "too_junior"},                {"underqualified", "skills_gap"},
      {"under qualified", "skills_gap"},           {"skill", "skills_gap"},
      {"qualification", "skills_gap"},             {"culture", "team_fit"},
      {"team fit", "team_fit"},                    {"compensation", "compensation"},
      {"salary", "compensation"},                  {"visa", "work_authorisation"},
      {"authori", "work_authorisation"},           {"sponsor", "work_authorisation"},
      {"relocat", "location"},                     {"location", "location"},
      {"other offer", "accepted_other_offer"},     {"another offer", "accepted_other_offer"},
      {"accepted other", "accepted_other_offer"},  {"declined offer", "declined_offer"},
      {"offer declined", "declined_offer"},        {"declined our offer", "declined_offer"},
      {"rejected offer", "declined_offer"},        {"assessment", "assessment_result"},
      {"take home", "assessment_result"},          {"interview", "interview_result"},
      {"scope", "role_scope_changed"},             {"on hold", "role_on_hold"},
      {"cancel", "role_cancelled"},                {"position closed", "role_cancelled"},
      {"role closed", "role_cancelled"},           {"timing", "timing"},
      {"not interested", "not_interested"},        {"no longer interested", "not_interested"},
      {"unresponsive", "unresponsive"},            {"no response", "unresponsive"},
      {"did not respond", "unresponsive"},         {"ghost", "unresponsive"},
  };
  MappedReason m{"other", false, std::nullopt};
  for (const auto& [key, code] : kRules)
    if (has(n, key)) {
      m = MappedReason{std::string(code), true, std::nullopt};
      break;
    }
  // The outcome, only where the words say it.
  if (has(n, "runner-up") || has(n, "runner up")) m.outcome = OutcomeKind::runner_up;
  else if (m.code == "declined_offer") m.outcome = OutcomeKind::offer_declined;
  else if (has(n, "withdr") || has(n, "zur\xC3\xBC" "ckgezogen")) m.outcome = OutcomeKind::withdrew;
  return m;
}

std::optional<Initiator> initiator_from_mapping(const boost::json::object& mapping, std::string_view reason_text) {
  const std::string key = lower(trim(reason_text));
  if (key.empty()) return std::nullopt;
  for (const auto& [k, v] : mapping)
    if (lower(trim(std::string_view(k.data(), k.size()))) == key && v.is_string())
      return from_code<Initiator>(std::string_view(v.as_string().data(), v.as_string().size()));
  return std::nullopt;
}

std::string country_code(std::string_view name) {
  const std::string t = trim(name);
  if (t.size() == 2 && std::isalpha(static_cast<unsigned char>(t[0])) &&
      std::isalpha(static_cast<unsigned char>(t[1]))) {
    std::string up = t;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up == "UK" ? "GB" : up;
  }
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"usa", "US"}, {"united states", "US"}, {"united states of america", "US"},
      {"united kingdom", "GB"}, {"england", "GB"}, {"scotland", "GB"}, {"wales", "GB"},
      {"germany", "DE"}, {"deutschland", "DE"}, {"france", "FR"}, {"austria", "AT"},
      {"spain", "ES"}, {"italy", "IT"}, {"netherlands", "NL"}, {"ireland", "IE"},
      {"canada", "CA"}, {"australia", "AU"}, {"india", "IN"}, {"poland", "PL"},
      {"portugal", "PT"}, {"sweden", "SE"}, {"switzerland", "CH"}, {"brazil", "BR"},
      {"mexico", "MX"}, {"japan", "JP"}, {"singapore", "SG"}, {"belgium", "BE"}};
  const std::string l = lower(t);
  for (const auto& [n, code] : kNames)
    if (l == n) return std::string(code);
  return "";
}

Location location_from_text(std::string_view text) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == ',') {
      parts.push_back(trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(trim(cur));
  parts.erase(std::remove(parts.begin(), parts.end(), std::string()), parts.end());
  Location loc;
  if (parts.empty()) return loc;
  if (parts.size() > 1) {
    std::string cc = country_code(parts.back());
    if (!cc.empty()) {
      loc.country = cc;
      parts.pop_back();
    }
  }
  loc.city = parts[0];
  for (std::size_t i = 1; i < parts.size(); ++i) loc.region += (i > 1 ? ", " : "") + parts[i];
  return loc;
}

}  // namespace runnerup::import
