#include "runnerup/command.hpp"

#include <boost/json/parse.hpp>

#include "json_read.hpp"

namespace runnerup {

namespace json = boost::json;
using detail::Decoder;
using detail::Need;
using detail::ObjectReader;

Result<Command> decode_command(const json::value& v) {
  Decoder d;
  ObjectReader r(d, v, "", "a command");
  const std::string type = r.text("type", Need::required);
  if (d.failed()) return d.error();
  auto payload = [&](std::string_view key) -> const json::value* {
    const json::value* p = r.get(key);
    r.finish();
    if (!d.failed() && !p)
      d.fail(ErrorCode::missing_field, r.path_of(key), "\"" + std::string(key) + "\" is required");
    return d.failed() ? nullptr : p;
  };
  if (type == "saveCandidate") {
    const json::value* p = payload("candidate");
    if (!p) return d.error();
    auto c = decode_candidate(*p, "/candidate");
    if (!c) return c.error();
    return Command{SaveCandidate{std::move(c).value()}};
  }
  if (type == "saveRequisition") {
    const json::value* p = payload("requisition");
    if (!p) return d.error();
    auto q = decode_requisition(*p, "/requisition");
    if (!q) return q.error();
    return Command{SaveRequisition{std::move(q).value()}};
  }
  if (type == "recordOutcome") {
    const json::value* p = payload("outcome");
    if (!p) return d.error();
    auto o = decode_outcome(*p, "/outcome");
    if (!o) return o.error();
    return Command{RecordOutcome{std::move(o).value()}};
  }
  return Error{ErrorCode::unknown_type, "/type", "unknown command \"" + type + "\""};
}

Result<Command> parse_command(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error{ErrorCode::malformed_json, "", "the command is not valid JSON: " + ec.message()};
  return decode_command(v);
}

}  // namespace runnerup
