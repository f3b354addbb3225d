// Decoding the JSON options of imports and exports (runnerup/options.hpp).
#include "runnerup/options.hpp"

#include "runnerup/export.hpp"
#include "runnerup/pool.hpp"
#include "runnerup/query.hpp"

namespace runnerup {

namespace json = boost::json;

Result<ImportOptions> decode_import_options(const json::value& v) {
  const json::object* obj = v.if_object();
  if (!obj) return Error{ErrorCode::invalid_field, "", "the import options are not a JSON object"};
  ImportOptions o;
  for (const auto& [key, value] : *obj) {
    const std::string path = "/" + std::string(key);
    if (key == "idPrefix" && value.is_string()) o.id_prefix = std::string(value.as_string());
    else if (key == "mapping" && value.is_object()) o.csv_mapping = value.as_object();
    else if (key == "archiveReasons") o.lever_archive_reasons = value;
    else if (key == "maxDepth" && value.is_int64() && value.as_int64() > 0) o.max_depth = static_cast<std::size_t>(value.as_int64());
    else if (key == "maxCell" && value.is_int64() && value.as_int64() > 0) o.max_cell = static_cast<std::size_t>(value.as_int64());
    else if (key == "idPrefix" || key == "mapping" || key == "maxDepth" || key == "maxCell")
      return Error{ErrorCode::invalid_field, path, "the import option " + std::string(key) + " has the wrong type"};
    else return Error{ErrorCode::unknown_field, path, "unknown import option " + std::string(key)};
  }
  return o;
}

Result<std::string> export_view_csv(const Pool& pool, const json::value& v) {
  const json::object* o = v.if_object();
  if (!o) return Error{ErrorCode::invalid_field, "", "the export options are not a JSON object"};
  CsvExportOptions options;
  std::optional<std::vector<std::string>> ids;
  const json::object* view = nullptr;
  for (const auto& [key, value] : *o) {
    if (key == "bom" && value.is_bool()) {
      options.bom = value.as_bool();
    } else if (key == "ids" && value.is_array()) {
      ids.emplace();
      for (std::size_t i = 0; i < value.as_array().size(); ++i) {
        const json::value& id = value.as_array()[i];
        if (!id.is_string()) return Error{ErrorCode::invalid_field, "/ids/" + std::to_string(i), "a candidate id is a string"};
        ids->emplace_back(id.as_string());
      }
    } else if (key == "view" && value.is_object()) {
      view = &value.as_object();
    } else if ((key == "ids" || key == "view") && value.is_null()) {
    } else if (key == "bom" || key == "ids" || key == "view") {
      return Error{ErrorCode::invalid_field, "/" + std::string(key), "the export option " + std::string(key) + " has the wrong type"};
    } else {
      return Error{ErrorCode::unknown_field, "/" + std::string(key), "unknown export option " + std::string(key)};
    }
  }
  if (ids && view) return Error{ErrorCode::invalid_field, "/view", "give the view or the ids, not both"};
  if (view) {
    std::string requisition_id;
    for (const auto& [key, value] : *view) {
      if (key == "requisitionId" && value.is_string()) requisition_id = std::string(value.as_string());
      else if (key == "type" && value == "pool") continue;
      else return Error{ErrorCode::unknown_field, "/view/" + std::string(key), "the view is the pool table's: {\"requisitionId\"} or {}"};
    }
    if (!requisition_id.empty() && !pool.state().requisitions.count(requisition_id))
      return Error{ErrorCode::not_found, "/view/requisitionId", "no requisition with id \"" + requisition_id + "\" in this pool"};
    std::vector<PoolEntry> entries;
    for (const PoolEntry& e : pool.entries())
      if (requisition_id.empty() || e.outcome->requisition_id == requisition_id) entries.push_back(e);
    return export_pool_csv(pool.state(), entries, options);
  }
  if (!ids) return export_pool_csv(pool.state(), options);
  auto chosen = pool_view(pool.state(), *ids);
  if (!chosen) return chosen.error();
  return export_pool_csv(pool.state(), chosen.value(), options);
}

Result<IcsOptions> decode_ics_options(const json::value& v, Instant stamp) {
  const json::object* o = v.if_object();
  if (!o) return Error{ErrorCode::invalid_field, "", "the export options are not a JSON object"};
  IcsOptions options;
  options.stamp = stamp;
  for (const auto& [key, value] : *o) {
    if (key == "names" && value.is_bool()) options.names = value.as_bool();
    else if (key == "names") return Error{ErrorCode::invalid_field, "/names", "names is true or false"};
    else return Error{ErrorCode::unknown_field, "/" + std::string(key), "unknown export option " + std::string(key)};
  }
  return options;
}

}  // namespace runnerup
