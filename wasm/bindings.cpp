// The wasm boundary (docs/BOUNDARY.md). One long-lived handle, `Pool`, whose methods take and
// return JSON text; every return is a result envelope ({"ok":true,"value":...} or
// {"ok":false,"error":{code,message,path}}), so no C++ exception ever reaches JS.
// This file converts; it never decides: every rule lives in core/.
#include <emscripten/bind.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>

#include "runnerup/command.hpp"
#include "runnerup/event.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace {

namespace json = boost::json;
using runnerup::Error;

std::string ok(json::value v) {
  json::object o;
  o["ok"] = true;
  o["value"] = std::move(v);
  return json::serialize(o);
}

std::string fail(const Error& e) {
  json::object err{{"code", runnerup::to_string(e.code)}, {"message", e.message}, {"path", e.path}};
  return json::serialize(json::object{{"ok", false}, {"error", std::move(err)}});
}

bool parse(const std::string& text, json::value& out, std::string& failure, const char* what) {
  boost::system::error_code ec;
  out = json::parse(text, ec);
  if (ec) failure = fail({runnerup::ErrorCode::malformed_json, "",
                          std::string(what) + " is not valid JSON: " + ec.message()});
  return !ec;
}

class PoolHandle {
 public:
  std::string propose(const std::string& command, const std::string& actor, const std::string& at,
                      const std::string& id_base) {
    json::value v;
    std::string failure;
    if (!parse(command, v, failure, "the command")) return failure;
    auto cmd = runnerup::decode_command(v);
    if (!cmd) return fail(cmd.error());
    auto when = runnerup::parse_instant(at);
    if (!when) return fail({runnerup::ErrorCode::invalid_field, "", "the time of the action is not a UTC instant"});
    auto events = pool_.propose(cmd.value(), actor, *when, id_base);
    if (!events) return fail(events.error());
    return ok(json::object{{"events", json::value_from(events.value())}});
  }

  std::string apply(const std::string& events_json) {
    json::value v;
    std::string failure;
    if (!parse(events_json, v, failure, "the list of events")) return failure;
    auto events = runnerup::decode_events(v, "");
    if (!events) return fail(events.error());
    auto report = pool_.apply(std::move(events).value());
    return ok(json::object{{"applied", report.applied}, {"skipped", report.skipped}});
  }

  std::string query(const std::string& query_json) {
    json::value v;
    std::string failure;
    if (!parse(query_json, v, failure, "the query")) return failure;
    auto result = runnerup::run_query(pool_, v);
    if (!result) return fail(result.error());
    return ok(std::move(result).value());
  }

  std::string export_log() { return ok(runnerup::encode_log(pool_.log())); }

  std::string snapshot() { return ok(pool_.snapshot()); }

  std::string restore(const std::string& snapshot_json) {
    json::value v;
    std::string failure;
    if (!parse(snapshot_json, v, failure, "the snapshot")) return failure;
    auto st = pool_.restore(v);
    if (!st) return fail(st.error());
    return ok(json::object{{"events", pool_.log().size()}});
  }

 private:
  runnerup::Pool pool_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(runnerup) {
  emscripten::class_<PoolHandle>("Pool")
      .constructor<>()
      .function("propose", &PoolHandle::propose)
      .function("apply", &PoolHandle::apply)
      .function("query", &PoolHandle::query)
      .function("exportLog", &PoolHandle::export_log)
      .function("snapshot", &PoolHandle::snapshot)
      .function("restore", &PoolHandle::restore);
}
