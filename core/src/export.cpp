#include "runnerup/export.hpp"

#include <boost/json/value_from.hpp>

#include <algorithm>
#include <unordered_map>

#include "utf8.hpp"

namespace runnerup {

namespace json = boost::json;

namespace {

std::string lines(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += '\n';
    out += s;
  }
  return out;
}

// The lists of the columns for reading only: "a; b".
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += "; ";
    out += s;
  }
  return out;
}

template <class E>
std::string label_of(E e) {
  return std::string(Vocabulary<E>::items[static_cast<std::size_t>(e)].label);
}

// The follow-up a person is due next: open or snoozed, earliest first (snoozed: its snooze date).
const FollowUp* next_follow_up(const State& s, const std::string& candidate_id) {
  const FollowUp* best = nullptr;
  Date best_due = 0;
  for (const auto& [id, f] : s.follow_ups) {
    if (f.candidate_id != candidate_id) continue;
    if (f.status != FollowUpStatus::open && f.status != FollowUpStatus::snoozed) continue;
    const Date due = f.status == FollowUpStatus::snoozed && f.snoozed_until ? *f.snoozed_until : f.due;
    if (!best || due < best_due || (due == best_due && f.id < best->id)) {
      best = &f;
      best_due = due;
    }
  }
  return best;
}

Date due_of(const FollowUp& f) {
  return f.status == FollowUpStatus::snoozed && f.snoozed_until ? *f.snoozed_until : f.due;
}

}  // namespace

csv::Row pool_csv_row(const State& s, const PoolEntry& e, const CsvExportOptions& options,
                      std::size_t pseudonym) {
  const Candidate& c = *e.candidate;
  const Outcome& o = *e.outcome;
  const bool names = options.names;
  csv::Row row;
  row.reserve(kPoolCsv.size());
  row.push_back(names ? c.id : "");
  row.push_back(names ? c.name : "Runner-up " + std::to_string(pseudonym));
  row.push_back(names ? lines(c.emails) : "");
  row.push_back(names ? lines(c.phones) : "");
  row.push_back(names ? lines(c.links) : "");
  row.push_back(c.location.city);
  row.push_back(c.location.region);
  row.push_back(c.location.country);
  row.push_back(c.title);
  row.push_back(lines(c.skills));
  row.push_back(lines(c.tags));
  row.push_back(o.requisition_id);
  row.push_back(e.requisition ? e.requisition->title : "");
  row.push_back(label_of(o.stage));
  row.push_back(label_of(o.outcome));
  row.push_back(o.rank > 0 ? std::to_string(o.rank) : "");
  const ReasonInfo* reason = find_reason(o.reason.code);
  row.push_back(reason ? std::string(reason->label) : o.reason.code);
  row.push_back(names ? o.reason.note : "");
  row.push_back(label_of(o.initiator));
  row.push_back(o.future_fit == FutureFit::unknown ? "" : label_of(o.future_fit));
  std::vector<std::string> flag_items;
  std::string available;
  const Flags* f = s.flags_of(c.id);
  if (f) {
    if (f->open_to_contract) flag_items.push_back("Open to contract");
    if (f->open_to_part_time) flag_items.push_back("Open to part-time");
    if (!s.future_role_names(c.id).empty()) flag_items.push_back("Open to future roles");
    if (f->do_not_contact) flag_items.push_back(names ? "Do not contact: " + f->do_not_contact_reason : "Do not contact");
    if (f->available_from) available = format_date(*f->available_from);
  }
  row.push_back(lines(flag_items));
  row.push_back(available);
  const Instant last = s.last_contact(c.id);
  row.push_back(last ? format_instant(last) : "");
  const FollowUp* next = next_follow_up(s, c.id);
  row.push_back(next ? format_date(due_of(*next)) : "");
  const FeedbackGiven* fb = s.latest_feedback(c.id);  // as Next in line and the card show it
  row.push_back(fb ? format_date(date_of(fb->given_at)) : "");
  row.push_back(fb ? fb->by : "");
  row.push_back(fb ? label_of(fb->channel) : "");
  row.push_back("");  // consent until: the consent records are not in the pool yet
  std::vector<std::string> scores;
  for (const InterviewScore& sc : o.scores) scores.push_back(sc.by + ": " + label_of(sc.score));
  row.push_back(joined(scores));
  row.push_back(joined(o.skill_gaps));
  const std::vector<std::string> roles = s.future_role_names(c.id);
  row.push_back(joined(roles));
  return row;
}

Result<std::vector<PoolEntry>> pool_view(const State& s, const std::vector<std::string>& candidate_ids) {
  // A person is in the pool once per outcome that is not `hired`, so a view lists some people
  // more than once: each listing of a person brings their next entry (in pool order; past the
  // last one, the last again), and the last listing all that remain. The whole pool's ids give
  // back the whole pool, entry for entry; no listed person's outcome is left out.
  std::vector<PoolEntry> all = pool_entries(s);
  struct Person {
    std::vector<const PoolEntry*> entries;
    std::size_t next = 0, listings = 0;
  };
  std::unordered_map<std::string_view, Person> by_id;
  for (const PoolEntry& e : all) by_id[e.candidate->id].entries.push_back(&e);
  for (std::size_t i = 0; i < candidate_ids.size(); ++i) {
    auto it = by_id.find(candidate_ids[i]);
    if (it == by_id.end())
      return Error{ErrorCode::not_found, "/ids/" + std::to_string(i),
                   "\"" + candidate_ids[i] + "\" is not in the runner-up pool"};
    ++it->second.listings;
  }
  std::vector<PoolEntry> view;
  view.reserve(candidate_ids.size());
  for (const std::string& id : candidate_ids) {
    Person& p = by_id.at(id);
    const bool last = --p.listings == 0;
    if (p.next == p.entries.size()) {  // listed more often than they have entries: the last again
      view.push_back(*p.entries.back());
      continue;
    }
    view.push_back(*p.entries[p.next++]);
    while (last && p.next < p.entries.size()) view.push_back(*p.entries[p.next++]);
  }
  return view;
}

std::string export_pool_csv(const State& s, const std::vector<PoolEntry>& view,
                            const CsvExportOptions& options) {
  std::string out = options.bom ? "\xEF\xBB\xBF" : "";
  out += csv::write_row(csv::Row(kPoolCsvColumns.begin(), kPoolCsvColumns.end()));
  std::unordered_map<std::string_view, std::size_t> pseudonyms;  // candidate id -> N
  for (const PoolEntry& e : view) {
    const std::size_t n = pseudonyms.emplace(e.candidate->id, pseudonyms.size() + 1).first->second;
    out += csv::write_row(pool_csv_row(s, e, options, n));
  }
  return out;
}

std::string export_pool_csv(const State& s, const CsvExportOptions& options) {
  return export_pool_csv(s, pool_entries(s), options);
}

// ---- JSON Resume ----

namespace {

std::string network_of(std::string_view url) {
  std::string host(url.substr(url.find("//") == std::string_view::npos ? 0 : url.find("//") + 2));
  host = host.substr(0, host.find_first_of("/?#:"));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  static const std::pair<std::string_view, std::string_view> kKnown[] = {
      {"linkedin.com", "LinkedIn"}, {"github.com", "GitHub"}, {"gitlab.com", "GitLab"},
      {"twitter.com", "Twitter"},   {"x.com", "X"},           {"dribbble.com", "Dribbble"},
      {"behance.net", "Behance"},   {"stackoverflow.com", "Stack Overflow"}};
  for (const auto& [suffix, name] : kKnown)
    if (host == suffix || (host.size() > suffix.size() &&
                           host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                           host[host.size() - suffix.size() - 1] == '.'))
      return std::string(name);
  return host;
}

bool ascii_alnum(char ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

// RFC 3986 character classes.
bool unreserved(char ch) { return ascii_alnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~'; }
bool sub_delim(char ch) { return std::string_view("!$&'()*+,;=").find(ch) != std::string_view::npos; }
bool hex(char ch) { return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'); }

// Every character of `part` is one `ok` accepts or a %-escape with two hex digits.
template <class Ok>
bool uri_chars(std::string_view part, Ok ok) {
  for (std::size_t i = 0; i < part.size(); ++i) {
    if (part[i] == '%') {
      if (i + 2 >= part.size() || !hex(part[i + 1]) || !hex(part[i + 2])) return false;
      i += 2;
    } else if (!ok(part[i])) {
      return false;
    }
  }
  return true;
}

bool pchar(char ch) { return unreserved(ch) || sub_delim(ch) || ch == ':' || ch == '@'; }

}  // namespace

bool json_resume_email(std::string_view email) {
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos) return false;
  const std::string_view local = email.substr(0, at), domain = email.substr(at + 1);
  // The local part: dot-separated atoms of letters, digits and !#$%&'*+/=?^_`{|}~-
  bool atom_char_seen = false;
  for (std::size_t i = 0; i < local.size(); ++i) {
    const char ch = local[i];
    if (ch == '.') {
      if (!atom_char_seen || i + 1 == local.size()) return false;
      atom_char_seen = false;
    } else if (ascii_alnum(ch) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(ch) != std::string_view::npos) {
      atom_char_seen = true;
    } else {
      return false;
    }
  }
  if (!atom_char_seen) return false;
  // The domain: two or more labels of letters, digits and inner hyphens.
  std::size_t labels = 0, start = 0;
  while (true) {
    const std::size_t end = std::min(domain.find('.', start), domain.size());
    const std::string_view label = domain.substr(start, end - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    for (char ch : label)
      if (!ascii_alnum(ch) && ch != '-') return false;
    ++labels;
    if (end == domain.size()) break;
    start = end + 1;
  }
  return labels >= 2;
}

bool json_resume_uri(std::string_view uri) {
  // scheme "://"
  const std::size_t colon = uri.find("://");
  if (colon == std::string_view::npos || colon == 0) return false;
  const std::string_view scheme = uri.substr(0, colon);
  if (!((scheme[0] >= 'a' && scheme[0] <= 'z') || (scheme[0] >= 'A' && scheme[0] <= 'Z'))) return false;
  for (char ch : scheme)
    if (!ascii_alnum(ch) && ch != '+' && ch != '-' && ch != '.') return false;
  std::string_view rest = uri.substr(colon + 3);
  // authority: [userinfo "@"] host [":" port]
  const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, authority_end);
  rest.remove_prefix(authority_end);
  if (const std::size_t at = authority.find('@'); at != std::string_view::npos) {
    if (!uri_chars(authority.substr(0, at), [](char ch) { return unreserved(ch) || sub_delim(ch) || ch == ':'; }))
      return false;
    authority.remove_prefix(at + 1);
  }
  if (const std::size_t port = authority.find(':'); port != std::string_view::npos) {
    for (char ch : authority.substr(port + 1))
      if (ch < '0' || ch > '9') return false;
    authority = authority.substr(0, port);
  }
  if (!uri_chars(authority, [](char ch) { return unreserved(ch) || sub_delim(ch); })) return false;
  // path, then query and fragment
  const std::size_t path_end = std::min(rest.find_first_of("?#"), rest.size());
  if (!uri_chars(rest.substr(0, path_end), [](char ch) { return pchar(ch) || ch == '/'; })) return false;
  rest.remove_prefix(path_end);
  if (!rest.empty() && rest[0] == '?') {
    const std::size_t query_end = std::min(rest.find('#'), rest.size());
    if (!uri_chars(rest.substr(1, query_end - 1), [](char ch) { return pchar(ch) || ch == '/' || ch == '?'; }))
      return false;
    rest.remove_prefix(query_end);
  }
  if (!rest.empty() && rest[0] == '#')
    if (!uri_chars(rest.substr(1), [](char ch) { return pchar(ch) || ch == '/' || ch == '?'; })) return false;
  return true;
}

Result<json::value> export_json_resume(const State& s, const std::string& candidate_id) {
  auto it = s.candidates.find(candidate_id);
  if (it == s.candidates.end())
    return Error{ErrorCode::not_found, "", "no candidate with id \"" + candidate_id + "\" in this pool"};
  const Candidate& c = it->second;

  // Values the schema's formats refuse stay out of basics and are listed here instead.
  json::array set_aside;
  auto aside = [&](std::string_view path, const std::string& value, std::string_view reason) {
    set_aside.push_back(json::object{{"path", path}, {"value", value}, {"reason", reason}});
  };
  std::vector<const std::string*> links;
  for (const std::string& link : c.links) {
    if (json_resume_uri(link)) links.push_back(&link);
    else aside("/basics/profiles", link, "not a URI the JSON Resume schema accepts (RFC 3986)");
  }

  json::object basics;
  basics["name"] = c.name;
  if (!c.title.empty()) basics["label"] = c.title;
  for (const std::string& email : c.emails) {
    if (!json_resume_email(email)) aside("/basics/email", email, "not an e-mail address the JSON Resume schema accepts");
    else if (!basics.contains("email")) basics["email"] = email;
  }
  if (!c.phones.empty()) basics["phone"] = c.phones.front();
  if (!links.empty()) basics["url"] = *links.front();
  json::object location;
  if (!c.location.city.empty()) location["city"] = c.location.city;
  if (!c.location.region.empty()) location["region"] = c.location.region;
  if (!c.location.country.empty()) location["countryCode"] = c.location.country;
  if (!location.empty()) basics["location"] = std::move(location);
  json::array profiles;
  for (const std::string* link : links) profiles.push_back(json::object{{"network", network_of(*link)}, {"url", *link}});
  if (!profiles.empty()) basics["profiles"] = std::move(profiles);

  json::array skills;
  for (const std::string& sk : c.skills) skills.push_back(json::object{{"name", sk}});

  json::object pipeline;
  pipeline["version"] = 1;
  pipeline["candidate"] = json::value_from(c);
  json::array outcomes;
  for (const auto& [key, o] : s.outcomes) {
    if (key.first != candidate_id) continue;
    json::value v = json::value_from(o);
    auto r = s.requisitions.find(o.requisition_id);
    v.as_object()["requisitionTitle"] = r == s.requisitions.end() ? "" : r->second.title;
    const ReasonInfo* info = find_reason(o.reason.code);
    v.as_object()["reasonLabel"] = info ? info->label : "";
    outcomes.push_back(std::move(v));
  }
  pipeline["outcomes"] = std::move(outcomes);
  auto list = [&](const auto& map) {
    json::array a;
    auto f = map.find(candidate_id);
    if (f != map.end())
      for (const auto& x : f->second) a.push_back(json::value_from(x));
    return a;
  };
  pipeline["feedbackRequests"] = list(s.feedback_requests);
  pipeline["feedback"] = list(s.feedback);
  pipeline["touchpoints"] = list(s.touchpoints);
  const Flags* flags = s.flags_of(candidate_id);
  json::value flag_set = flags ? json::value_from(*flags) : json::value(nullptr);
  if (flags) {  // the future roles as the card, Next in line and the CSV read them
    json::array names;
    for (std::string& n : s.future_role_names(candidate_id)) names.emplace_back(std::move(n));
    flag_set.as_object()["futureRoleNames"] = std::move(names);
  }
  pipeline["flags"] = std::move(flag_set);
  json::array follow_ups;
  for (const auto& [id, f] : s.follow_ups)
    if (f.candidate_id == candidate_id) follow_ups.push_back(json::value_from(f));
  pipeline["followUps"] = std::move(follow_ups);
  const Instant last = s.last_contact(candidate_id);
  pipeline["lastContact"] = last ? json::value(format_instant(last)) : json::value(nullptr);
  pipeline["setAside"] = std::move(set_aside);

  json::object doc;
  doc["$schema"] = kJsonResumeSchema;
  doc["basics"] = std::move(basics);
  doc["skills"] = std::move(skills);
  doc["meta"] = {{"version", "v1.0.0"}, {"runnerup", std::move(pipeline)}};
  return json::value(std::move(doc));
}

// ---- iCalendar ----

std::string ics_escape_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters are not allowed in TEXT (RFC 5545 3.3.11); tab is.
        if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') break;
        if (ch == 0x7f) break;
        out += ch;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  std::string out;
  std::size_t i = 0, limit = 75;  // octets per physical line, the leading space included
  while (line.size() - i > limit) {
    std::size_t cut = i + limit;
    // Back up to the start of a UTF-8 sequence (never split one).
    while (cut > i && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(i, cut - i));
    out += "\r\n ";
    i = cut;
    limit = 74;
  }
  out.append(line.substr(i));
  out += "\r\n";
  return out;
}

namespace {

std::string ics_date(Date d) {
  std::string s = format_date(d);
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}

std::string ics_instant(Instant t) {
  std::string s = format_instant(t - ((t % 1000) + 1000) % 1000);  // whole seconds
  std::string out;
  for (char ch : s)
    if (ch != '-' && ch != ':') out += ch;
  return out;  // 20261120T093000Z
}

}  // namespace

std::string export_follow_ups_ics(const State& s, const IcsOptions& options) {
  std::vector<const FollowUp*> items;
  for (const auto& [id, f] : s.follow_ups) {
    if (f.status != FollowUpStatus::open && f.status != FollowUpStatus::snoozed) continue;
    if (s.do_not_contact(f.candidate_id)) continue;
    items.push_back(&f);
  }
  std::stable_sort(items.begin(), items.end(), [](const FollowUp* a, const FollowUp* b) {
    return due_of(*a) != due_of(*b) ? due_of(*a) < due_of(*b) : a->id < b->id;
  });
  std::string out;
  out += ics_fold("BEGIN:VCALENDAR");
  out += ics_fold("VERSION:2.0");
  out += ics_fold("PRODID:-//runnerup//runner-up follow-ups//EN");
  out += ics_fold("CALSCALE:GREGORIAN");
  const std::string stamp = ics_instant(options.stamp);
  for (const FollowUp* f : items) {
    out += ics_fold("BEGIN:VTODO");
    out += ics_fold("UID:" + f->id + "@runnerup");
    out += ics_fold("DTSTAMP:" + stamp);
    out += ics_fold("DUE;VALUE=DATE:" + ics_date(due_of(*f)));
    std::string summary = "Follow up with a runner-up";
    std::string description = "Runner-up follow-up";
    if (options.names) {
      auto c = s.candidates.find(f->candidate_id);
      if (c != s.candidates.end()) summary = "Follow up with " + c->second.name;
      if (!f->note.empty()) description = f->note;
    }
    out += ics_fold("SUMMARY:" + ics_escape_text(summary));
    out += ics_fold("DESCRIPTION:" + ics_escape_text(description));
    out += ics_fold("STATUS:NEEDS-ACTION");
    if (f->cadence.every > 0)
      out += ics_fold(std::string("RRULE:FREQ=") +
                      (f->cadence.unit == CadenceUnit::days ? "DAILY" : "MONTHLY") +
                      ";INTERVAL=" + std::to_string(f->cadence.every));
    out += ics_fold("END:VTODO");
  }
  out += ics_fold("END:VCALENDAR");
  return out;
}

}  // namespace runnerup
