// What one session's pool holds beside its state (runnerup/pool.hpp): an adopted import, a
// proposal held between storing and applying, events staged for applying in steps, the UTC
// offset its "today" is counted in.
#include "runnerup/pool.hpp"

#include <algorithm>
#include <iterator>
#include <limits>
#include <unordered_map>

#include <boost/json/serialize.hpp>

#include "json_read.hpp"
#include "runnerup/rediscovery.hpp"

namespace runnerup {

namespace json = boost::json;

bool Pool::adopt(Pool&& proposed, std::uint64_t if_changes) {
  if (changes_ != if_changes) return false;
  const std::uint64_t next = std::max(changes_, proposed.changes_) + 1;
  // The session's own: a proposal held here, the events staged here (stage() does not count as
  // a change, so some may have been staged since the copy was made) and the offset stay this
  // pool's, not the copy's.
  Held held = std::move(held_);
  const std::uint64_t proposals = proposals_;
  std::vector<Event> staged = std::move(staged_);
  const std::size_t staged_at = staged_at_;
  const bool staged_sorted = staged_sorted_;
  const int offset = utc_offset_;
  *this = std::move(proposed);
  changes_ = next;
  held_ = std::move(held);
  proposals_ = proposals;
  staged_ = std::move(staged);
  staged_at_ = staged_at;
  staged_sorted_ = staged_sorted;
  utc_offset_ = offset;
  return true;
}

Result<std::uint64_t> Pool::hold(const Command& command, std::string_view actor, Instant at,
                                 std::string_view id_base) {
  auto events = propose(command, actor, at, id_base);
  if (!events) return events.error();
  held_ = Held{++proposals_, changes_, std::move(events).value()};
  return held_.id;
}

Result<CommitReport> Pool::commit(std::uint64_t proposal) {
  if (proposal == 0 || proposal != held_.id)
    return Error{ErrorCode::conflict, "/proposal",
                 "proposal " + std::to_string(proposal) +
                     " is not the one held: it was committed already, replaced by a later one, or never made"};
  Held held = std::move(held_);
  held_ = Held{};
  CommitReport report;
  // Unchanged since: the events continue the log and its clock as proposed. Changed (another
  // tab's or the host's events came in while these were stored): they are facts now, stored,
  // and apply() folds them in the log's order like any events.
  report.unchanged = held.changes == changes_;
  report.applied = apply(std::move(held.events));
  return report;
}

void Pool::stage(std::vector<Event> events) {
  if (staged_.empty()) staged_.reserve(events.size());
  for (Event& e : events) staged_.push_back(std::move(e));
  staged_sorted_ = false;
}

Pool::StagedReport Pool::apply_staged(std::size_t max) {
  StagedReport report;
  if (!staged_sorted_) {
    std::stable_sort(staged_.begin() + static_cast<std::ptrdiff_t>(staged_at_), staged_.end(), order_before);
    staged_sorted_ = true;
  }
  const std::size_t n = std::min(max, staged_.size() - staged_at_);
  const auto first = staged_.begin() + static_cast<std::ptrdiff_t>(staged_at_);
  std::vector<Event> step(std::make_move_iterator(first), std::make_move_iterator(first + static_cast<std::ptrdiff_t>(n)));
  staged_at_ += n;
  if (staged_at_ == staged_.size()) {
    std::vector<Event>().swap(staged_);
    staged_at_ = 0;
  }
  report.remaining = staged_.size() - staged_at_;
  if (!step.empty()) report.applied = apply(std::move(step));
  return report;
}

Status Pool::set_utc_offset(int minutes) {
  if (minutes < -840 || minutes > 840)
    return Error{ErrorCode::invalid_field, "/utcOffsetMinutes",
                 "a UTC offset is between -840 and +840 minutes (UTC-14:00 to UTC+14:00)"};
  utc_offset_ = minutes;
  return ok_status();
}

Date Pool::today(Instant at) const { return date_of(at + static_cast<Instant>(utc_offset_) * 60'000); }

}  // namespace runnerup
