// The words of a feedback draft in English and German (feedback_templates.hpp). Positive and
// constructive, in the formal register a company writes in ("Sie"), with no word that assumes a
// gender ("Guten Tag", not "Sehr geehrte/r").
#include "feedback_templates.hpp"

namespace runnerup::detail {

namespace {

const DraftTemplates kEnglish = {
    "Your application for {title}",
    "Your application",
    "Dear {name},",
    "Thank you for the time and care you put into your application for the {title} role.",
    "Thank you for the time and care you put into your application.",
    "You made it to the final round, which is an achievement in itself.",
    "You made it all the way to the offer stage, which is an achievement in itself.",
    "Thank you for letting us know your decision. We understand and respect it.",
    "After careful consideration, we have decided not to move forward with your application.",
    "This decision was not about you or your abilities.",
    "As we have not heard back from you for a while, we have closed your application for now.",
    "What stood out to us:",
    "What could make the difference next time:",
    "Skills we would encourage you to build for roles like this one: {gaps}. A course or a project in them could give "
    "you a real advantage next time.",
    "contract work",
    "part-time work",
    "contract or part-time work",
    "We sometimes also have {kind}. If that interests you, we would be glad to consider you for it.",
    "We sometimes also have {kind}. If that interests you from {date}, we would be glad to consider you for it.",
    "We would like to stay in touch and keep you in mind for future roles. When one opens that fits you, we will get "
    "in touch.",
    "We would like to stay in touch and keep you in mind for future roles ({roles}). When one opens that fits you, we "
    "will get in touch.",
    "Thank you again for your interest in working with us, and all the best for your next steps. If you have any "
    "questions about this feedback, simply reply to this e-mail.",
    "Kind regards,",
    "and",
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"},
    "{day} {month} {year}",
};

const DraftTemplates kGerman = {
    "Ihre Bewerbung: {title}",
    "Ihre Bewerbung",
    "Guten Tag {name},",
    "vielen Dank für die Zeit und Sorgfalt, die Sie in Ihre Bewerbung für die Stelle „{title}“ gesteckt haben.",
    "vielen Dank für die Zeit und Sorgfalt, die Sie in Ihre Bewerbung gesteckt haben.",
    "Sie sind bis in die letzte Runde gekommen, und das ist schon für sich ein Erfolg.",
    "Sie sind bis zum Angebot gekommen, und das ist schon für sich ein Erfolg.",
    "Danke, dass Sie uns Ihre Entscheidung mitgeteilt haben. Wir verstehen und respektieren sie.",
    "Nach sorgfältiger Abwägung haben wir uns entschieden, Ihre Bewerbung nicht weiterzuverfolgen.",
    "Diese Entscheidung hat nichts mit Ihnen oder Ihren Fähigkeiten zu tun.",
    "Da wir eine Weile nichts von Ihnen gehört haben, haben wir Ihre Bewerbung vorerst geschlossen.",
    "Was uns besonders positiv aufgefallen ist:",
    "Was beim nächsten Mal den Unterschied machen könnte:",
    "Fähigkeiten, die wir Ihnen für Stellen wie diese ans Herz legen: {gaps}. Ein Kurs oder ein Projekt dazu könnte "
    "Ihnen beim nächsten Mal einen echten Vorteil verschaffen.",
    "Aufträge auf Vertragsbasis",
    "Teilzeitstellen",
    "Aufträge auf Vertragsbasis oder Teilzeitstellen",
    "Wir haben manchmal auch {kind}. Wenn Sie das interessiert, berücksichtigen wir Sie gern dafür.",
    "Wir haben manchmal auch {kind}. Wenn Sie das ab dem {date} interessiert, berücksichtigen wir Sie gern dafür.",
    "Wir würden gern mit Ihnen in Kontakt bleiben und Sie für künftige Stellen im Blick behalten. Wenn eine passende "
    "Stelle frei wird, melden wir uns bei Ihnen.",
    "Wir würden gern mit Ihnen in Kontakt bleiben und Sie für künftige Stellen ({roles}) im Blick behalten. Wenn eine "
    "passende Stelle frei wird, melden wir uns bei Ihnen.",
    "Vielen Dank noch einmal für Ihr Interesse an einer Zusammenarbeit mit uns, und alles Gute für Ihre nächsten "
    "Schritte. Wenn Sie Fragen zu diesem Feedback haben, antworten Sie einfach auf diese E-Mail.",
    "Mit freundlichen Grüßen",
    "und",
    {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
     "Dezember"},
    "{day}. {month} {year}",
};

struct ReasonSentence {
  std::string_view code;
  std::string_view en;
  std::string_view de;
};

// Every reason of the taxonomy that has a sentence of its own (taxonomy.cpp). Reasons not about the
// person say what happened on the company's side; reasons about the person say what the decision
// turned on, without judging them; "other" (whatever the note says: notes are internal) and the
// person's own decisions have none.
constexpr ReasonSentence kReasons[] = {
    {"stronger_candidate",
     "We have decided to offer the role to another candidate whose experience matched this particular role's needs a "
     "little more closely.",
     "Wir haben uns entschieden, die Stelle einer anderen Person anzubieten, deren Erfahrung noch etwas genauer zu den "
     "Anforderungen genau dieser Stelle passte."},
    {"internal_candidate", "We have filled the role with a colleague from within the company.",
     "Wir haben die Stelle mit einer Person aus dem eigenen Unternehmen besetzt."},
    {"role_scope_changed",
     "The scope of the role changed during the process, and it no longer matches the position we discussed with you.",
     "Der Zuschnitt der Stelle hat sich während des Verfahrens geändert; sie entspricht nicht mehr der Position, über "
     "die wir mit Ihnen gesprochen haben."},
    {"role_on_hold", "The role has been put on hold, so we cannot fill it at the moment.",
     "Die Stelle wurde vorerst zurückgestellt, daher können wir sie im Moment nicht besetzen."},
    {"role_cancelled", "The role has been closed and will not be filled.",
     "Die Stelle wurde gestrichen und wird nicht besetzt."},
    {"timing", "The timing of the role did not work out.", "Der Zeitpunkt für diese Stelle hat leider nicht gepasst."},
    {"skills_gap", "The role needs some skills from the first day that we did not yet see enough of in this process.",
     "Die Stelle verlangt vom ersten Tag an einige Fähigkeiten, die wir in diesem Verfahren noch nicht ausreichend "
     "gesehen haben."},
    {"too_junior", "The role calls for more experience at this level than we saw in this process.",
     "Die Stelle verlangt mehr Erfahrung auf dieser Ebene, als wir in diesem Verfahren gesehen haben."},
    {"too_senior",
     "The role is at an earlier career level than your experience, and we do not think it would give you enough scope.",
     "Die Stelle liegt unter dem Niveau Ihrer Erfahrung, und wir glauben nicht, dass sie Ihnen genug Spielraum bieten "
     "würde."},
    {"team_fit", "We did not see a close enough match between how this team works and what you are looking for.",
     "Wir haben keine ausreichende Übereinstimmung zwischen der Arbeitsweise dieses Teams und dem gesehen, was Sie "
     "suchen."},
    {"location", "The role's location requirements and your situation did not match.",
     "Die Anforderungen der Stelle an den Arbeitsort und Ihre Situation passten nicht zusammen."},
    {"work_authorisation", "We could not meet the work authorisation requirements of this role in this case.",
     "Die Anforderungen an die Arbeitserlaubnis für diese Stelle ließen sich in diesem Fall nicht erfüllen."},
    {"compensation", "We could not bring the pay for this role close enough to your expectations.",
     "Wir konnten die Vergütung für diese Stelle nicht nah genug an Ihre Vorstellungen heranbringen."},
    {"interview_result", "The decision was based on what we saw in the interviews, measured against the role's needs.",
     "Die Entscheidung beruht auf den Gesprächen, gemessen an den Anforderungen der Stelle."},
    {"assessment_result", "The decision was based on the assessment, measured against the role's needs.",
     "Die Entscheidung beruht auf dem Ergebnis der fachlichen Aufgabe, gemessen an den Anforderungen der Stelle."},
};

}  // namespace

std::string_view reason_sentence(std::string_view language, std::string_view code) {
  for (const ReasonSentence& r : kReasons)
    if (r.code == code) return language == "de" ? r.de : r.en;
  return {};
}

const DraftTemplates* templates_for(std::string_view language) {
  if (language == "en") return &kEnglish;
  if (language == "de") return &kGerman;
  return nullptr;
}

std::string fill(std::string_view text, std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(text.size() + 64);
  while (!text.empty()) {
    const std::size_t open = text.find('{');
    const std::size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(0, open));
    const std::string_view key = text.substr(open + 1, close - open - 1);
    bool replaced = false;
    for (const auto& [k, v] : values)
      if (k == key) {
        out.append(v);
        replaced = true;
        break;
      }
    if (!replaced) out.append(text.substr(open, close - open + 1));
    text.remove_prefix(close + 1);
  }
  out.append(text);
  return out;
}

}  // namespace runnerup::detail
